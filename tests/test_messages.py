"""The catalogue's reader, test and diff messages: both languages, the same fields, the zh words kept."""

from __future__ import annotations

import string

import pytest
from conftest import POLICIES

from policylang.report.i18n import catalogue, language

AREAS = ("type.", "values.", "case.", "set.", "yaml.", "suite.", "population.", "files.", "test.", "diff.", "outcome.")


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


@pytest.mark.parametrize("key", sorted(k for k in catalogue() if k.startswith(AREAS)))
def test_each_message_has_both_languages_with_the_same_fields(key):
    message = catalogue()[key]
    assert message.zh.strip() and message.en.strip()
    assert fields(message.zh) == fields(message.en)


def test_a_population_error_in_english(run, tmp_path):
    population = tmp_path / "pop.csv"
    population.write_text("企业,当年新引入\n甲,Y\n", encoding="utf-8")
    with language("en"):
        code, _, err = run("batch", "--lang", "en", POLICIES / "jixi.pol", population)
    assert code == 2
    assert f"{population} line 2, column “当年新引入”: the value “Y” is wrong: must be 是 (yes) or 否 (no)" in err
    assert "did you mean “是”?" in err
    assert "lacks column “上年贸易额” (五(三) needs it, and it has no default)" in err
