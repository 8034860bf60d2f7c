"""One value grammar (readers/values.py): a case file, `--set`, a suite's 事实 and 设定, and a population cell accept the
same text with the same exact value, and every rejection is located with a suggestion that keeps the
value's meaning."""

from __future__ import annotations

import json
import os
from fractions import Fraction
from typing import Any

import polars as pl
import pytest
from conftest import POLICIES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policylang import load_policy
from policylang.errors import PolicyError
from policylang.readers.cases import load_case, parse_setting
from policylang.readers.population import population_from_frame
from policylang.readers.values import ValueProblem, read_value, split_number
from policylang.report.i18n import language

JIXI = load_policy(POLICIES / "jixi.pol")
FACTS = {  # one fact of each kind the policy has
    "money": "上年贸易额",
    "ratio": "商品落地率",
    "bool": "当年新引入",
    "quantity": "煤炭进口落地量",
    "choice": "新创建贸易促进平台级别",
}
BOUNDED = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
Outcome = tuple[str, Any]  # ("ok", value) or ("error", None)


def by_case(name: str, text: str) -> Outcome:
    try:
        case = load_case(f"{name}: {json.dumps(text, ensure_ascii=False)}\n", "case.yaml", JIXI)
    except PolicyError:
        return ("error", None)
    return ("ok", case.facts[name])


def by_setting(name: str, text: str) -> Outcome:
    try:
        return ("ok", parse_setting(f"{name}={text}", JIXI)[1])
    except PolicyError:
        return ("error", None)


SUITE_POLICIES: dict[str, Any] = {}


def by_suite(name: str, text: str, entry: str) -> Outcome:
    """The value as a suite's 事实 or 设定 gives it (a case of its own, evaluating one clause)."""
    import tempfile

    from policylang.tools.testing import load_suite

    value = json.dumps(text, ensure_ascii=False)
    suite = (
        f"政策: {json.dumps(str(POLICIES / 'jixi.pol'))}\n案例:\n  - 名称: 一\n"
        f"    {entry}: {{{name}: {value}}}\n    条款: [五(一)2]\n    期望: {{合计: 0元}}\n"
    )
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "one.cases.yaml")
        with open(path, "w", encoding="utf-8") as f:
            f.write(suite)
        try:
            case = load_suite(path, SUITE_POLICIES).cases[0]
        except PolicyError:
            return ("error", None)
    return ("ok", (case.facts if entry == "事实" else case.overrides)[name])


def by_population(column: str, name: str, text: str) -> Outcome:
    frame = pl.DataFrame({column: pl.Series(column, [text], dtype=pl.String)})
    try:
        pop = population_from_frame(JIXI, frame, [])
    except PolicyError:
        return ("error", None)
    value = pop.frame[name][0]
    if value is None:  # an empty cell: the default
        return ("ok", JIXI.facts[name].default)
    return ("ok", value * pop.scales[name] if name in pop.scales else value)


# ---------------------------------------------------------------------------- written values, good and bad
digits = st.integers(0, 10**12).map(str)
grouped = st.integers(1000, 10**12).map(lambda n: f"{n:,}")
misgrouped = st.tuples(st.integers(1, 99), st.integers(0, 99)).map(lambda p: f"{p[0]},{p[1]}")
whole = st.one_of(digits, grouped, grouped.map(lambda s: s.replace(",", "，")), misgrouped)
number = st.tuples(
    st.sampled_from(["", "", "-", "－"]),
    whole,
    st.one_of(st.just(""), st.integers(0, 10**4).map(lambda n: f".{n}")),
    st.sampled_from(["", "", "e4", "E-2"]),
).map("".join)
units = ["", "元", "万元", "亿元", "萬元", "万", "美元", "%", "％", "吨", "万吨", "家", "元/吨"]
words = ["是", "否", "有", "无", "TRUE", "False", "yes", "No", "Y", "n", "1", "0", "也许", "省级", "国家", "无 "]
written = st.one_of(
    st.tuples(st.sampled_from(["", " "]), number, st.sampled_from(["", " "]), st.sampled_from(units)).map("".join),
    st.sampled_from(words),
    st.text(alphabet="0123456789.,，%元万吨e- 是否", max_size=8),
)


@BOUNDED
@given(kind=st.sampled_from(sorted(FACTS)), text=written)
def test_the_same_text_is_read_alike_by_case_set_and_population(kind, text):
    name = FACTS[kind]
    if "\n" in text or text.strip() == "":
        return  # an empty value means "not given", each reader in its own way
    case, setting = by_case(name, text), by_setting(name, text)
    assert case == setting == by_suite(name, text, "事实") == by_suite(name, text, "设定")
    parts = split_number(text)
    if parts is not None and parts.unit == "" and kind in ("money", "ratio"):
        # A bare number in a population takes its column's unit (the header's, else the base unit);
        # a case has no header, so it must write the unit: the same number with it reads the same.
        assert case == ("error", None)
        unit, scale = ("元", 1) if kind == "money" else ("%", Fraction(1, 100))
        pop = by_population(f"{name}[{unit}]", name, text)
        assert pop == by_case(name, text + unit)
        if pop[0] == "ok":
            assert pop[1] == parts.value * scale
        return
    assert by_population(name, name, text) == case


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("1.2万元", "money", Fraction(12_000)),
        ("1,000元", "money", Fraction(1000)),
        ("1，000，000.5元", "money", Fraction(2_000_001, 2)),
        ("50萬元", "money", Fraction(500_000)),
        ("2億元", "money", Fraction(200_000_000)),
        ("60%", "ratio", Fraction(3, 5)),
        ("TRUE", "bool", True),
        ("no", "bool", False),
        ("8000", "quantity", Fraction(8000)),
        ("1.5 万吨", "quantity", Fraction(15_000)),
    ],
)
def test_accepted_everywhere_with_the_same_exact_value(text, kind, value):
    name = FACTS[kind]
    assert by_case(name, text) == by_setting(name, text) == by_population(name, name, text) == ("ok", value)


@pytest.mark.parametrize(
    ("text", "kind", "suggestion"),
    [
        ("1.2e4元", "money", "是否想写“12000元”？"),
        ("1,5万元", "money", "是否想写“1.5万元”？"),
        ("1000", "money", "如 1000元 或 1000万元"),
        ("0.6", "ratio", "是否想写“60%”？"),
        ("1", "bool", "是否想写“是”？"),
        ("Y", "bool", "是否想写“是”？"),
        ("0", "bool", "是否想写“否”？"),
        ("2023年6月2日", "date", "是否想写“2023-06-02”？"),
        ("-1.2万元", "money", "如 1.2万元"),
    ],
)
def test_a_rejection_suggests_the_same_value(text, kind, suggestion):
    from policylang.frontend.units import DATE

    ty = DATE if kind == "date" else JIXI.facts[FACTS[kind]].type
    with pytest.raises(ValueProblem) as err:
        read_value(text, ty)
    assert err.value.suggestion == suggestion


def test_rejections_are_located_in_every_reader(run, tmp_path):
    case = tmp_path / "case.yaml"
    case.write_text("当年新引入: Y\n上年贸易额: 1.2e4元\n", encoding="utf-8")
    code, out, err = run("eval", POLICIES / "jixi.pol", case)
    assert code == 2 and out == ""
    assert f"{case}:1:8" in err and "是否想写“是”？" in err
    assert f"{case}:2:8" in err and "是否想写“12000元”？" in err

    code, _, err = run("eval", POLICIES / "jixi.pol", case, "--set", "商品落地率=0.6")
    assert code == 2 and "--set:1:7" in err and "是否想写“60%”？" in err

    population = tmp_path / "pop.csv"
    population.write_text("企业,当年新引入,上年贸易额\n甲,Y,1.2e4元\n", encoding="utf-8")
    code, out, err = run("batch", POLICIES / "jixi.pol", population)
    assert code == 2 and out == ""
    assert f"{population}:2:3" in err and "是否想写“是”？" in err
    assert f"{population}:2:5" in err and "是否想写“12000元”？" in err


def test_rejections_in_english():
    with language("en"), pytest.raises(ValueProblem) as err:
        read_value("1,5万元", JIXI.facts["上年贸易额"].type)
    assert str(err.value) == "a comma may only separate thousands (groups of three, e.g. 1,000元)"
    assert err.value.suggestion == "did you mean “1.5万元”?"
