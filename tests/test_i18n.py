"""Two languages from one catalogue, and one registry of diagnostic codes.

Every catalogue key has zh and en with the same {fields}; every code used in src is registered
once in policylang.report.codes, and every registered code is used.
"""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "policylang"
# A quoted word that looks like a diagnostic code: T105, B044, CAP001, UNSPEC001 …
CODE = re.compile(r"""["'\[]([A-Z]{1,6}\d{3})["'\]]""")
NOT_CODES = {"I128"}  # backends/columnar.py exports the constant I128 (2**127 - 1), not a code


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def test_every_message_has_both_languages_and_the_same_fields():
    from policylang.report.i18n import catalogue

    messages = catalogue()
    assert len(messages) > 50
    for key, msg in messages.items():
        assert msg.zh.strip() and msg.en.strip(), key
        assert fields(msg.zh) == fields(msg.en), key
        if re.search(r"[\u4e00-\u9fff]", msg.zh):  # a copy of the zh text is not a translation
            assert msg.en != msg.zh, f"{key}: the English text is the Chinese one"


def test_a_key_is_defined_once():
    from policylang.report.i18n import CatalogueError, define

    with pytest.raises(CatalogueError):
        define("severity.error", zh="错误", en="error")


def codes_used_in_src() -> dict[str, list[str]]:
    used: dict[str, list[str]] = {}
    for path in sorted(SRC.rglob("*.py")):
        if path.name == "codes.py":
            continue
        for found in CODE.findall(path.read_text(encoding="utf-8")):
            if found not in NOT_CODES:
                used.setdefault(found, []).append(path.relative_to(SRC).as_posix())
    return used


def test_every_code_used_in_src_is_registered():
    from policylang.report.codes import REGISTRY

    missing = {c: where for c, where in codes_used_in_src().items() if c not in REGISTRY}
    assert not missing, f"codes used but not registered in report/codes.py: {missing}"


def test_every_registered_code_is_used():
    from policylang.report.codes import REGISTRY

    unused = sorted(set(REGISTRY) - set(codes_used_in_src()))
    assert not unused, f"codes registered but never used: {unused}"


def test_a_code_is_registered_once():
    from policylang.report.codes import Area, DuplicateCode, register

    with pytest.raises(DuplicateCode):
        register("T105", Area.TYPES, "unknown name")


def test_check_rules_agree_with_the_registry():
    from policylang.report.codes import REGISTRY, Area
    from policylang.tools.check.findings import RULES

    assert set(RULES) == {c for c, e in REGISTRY.items() if e.area is Area.CHECK}
    for code, (_, _, severity) in RULES.items():
        assert REGISTRY[code].severity.value == severity, code


def test_a_message_reference_is_rendered_in_the_language_in_force():
    from policylang.errors import Diagnostic, Msg, PolicyError
    from policylang.report.i18n import language

    d = Diagnostic("E001", Msg("severity.warning"), None, suggestion="原样")
    err = PolicyError(d)
    with language("en"):
        assert str(err) == "error[E001]: warning\n  = suggestion: 原样"
        assert d.as_json()["message"] == "warning"
    with language("zh"):
        assert str(err) == "错误[E001]: 警告\n  = 建议: 原样"


def test_a_message_reference_survives_pickling():
    import pickle

    from policylang.errors import Msg

    m = Msg("severity.info", x=1)
    assert pickle.loads(pickle.dumps(m)) == m and hash(pickle.loads(pickle.dumps(m))) == hash(m)
