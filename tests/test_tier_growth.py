"""Tier rows with their own cap (档 … : 表达式 上限 "最高30万元" 30万元), step-increment rows with a
growth condition, and a range end the text leaves open (10亿元(含否 P)): parsed, printed back,
evaluated on both sides of every edge by `eval` and `batch` alike, checked, and misuse located."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import polars as pl
import pytest
from conftest import FIXTURES
from golden import assert_golden, load_errors_in_english

from policylang import load_policy
from policylang.compiler import ir
from policylang.frontend import ast
from policylang.frontend.syntax import parse
from policylang.tools.fmt import format_text

HERE = FIXTURES / "tier_growth"
GROWTH = HERE / "growth.pol"
OPEN = HERE / "open_end.pol"
ERRORS = sorted((HERE / "errors").glob("*.pol"))
GOLDEN = Path(__file__).parent / "golden" / "tier_growth"
YI = 100_000_000
WAN = 10_000


def tiers_of(path: Path) -> ast.Tiers:
    policy = parse(path.read_text(encoding="utf-8"), str(path))
    clause = next(d for d in policy.decls if isinstance(d, ast.Clause))
    award = next(s for s in clause.body if isinstance(s, ast.Award))
    assert isinstance(award.expr, ast.Tiers)
    return award.expr


# ---------------------------------------------------------------------------- parse, fmt
def test_rows_parse_with_their_caps_and_the_open_end():
    top, middle = tiers_of(GROWTH).tiers
    assert (top.cap_name, middle.cap_name) == ("最高30万元", "最高20万元")
    assert isinstance(top.cap, ast.NumberLit) and top.cap.text == "30万元"
    between = middle.condition.left  # type: ignore[union-attr]
    assert isinstance(between, ast.Between)
    assert (between.low_bound, between.high_bound, between.high_open) == ("(含)", None, "十亿元端")


def test_fixtures_are_canonical():
    for path in (GROWTH, OPEN):
        text = path.read_text(encoding="utf-8")
        assert format_text(text, str(path)) == text


def test_a_messy_spelling_formats_to_the_canonical_one_and_means_the_same():
    text = GROWTH.read_text(encoding="utf-8")
    messy = text.replace(' 上限 "最高30万元" 30万元', '\n      上限   "最高30万元"   30万元').replace(
        "(含否 十亿元端)", "(含否   十亿元端 )"
    )
    assert messy != text
    assert format_text(messy, "messy.pol") == text
    wide = text.replace("(含否 十亿元端)", "（含否 十亿元端）")
    assert format_text(wide, "wide.pol") == wide  # the full-width brackets are kept as written
    assert parse(format_text(wide, "w.pol"), "w.pol") == parse(wide, "w.pol")


def test_a_row_cap_becomes_a_named_cap_of_the_clause_before_the_others():
    plan = load_policy(GROWTH).clause("一")
    assert [c.name for c in plan.caps] == ["最高30万元", "最高20万元"]
    assert all(c.scope is ir.CapScope.CLAUSE and c.applies is not None for c in plan.caps)
    assert isinstance(plan.award, ir.Tiered)
    assert all(r.cap_limit is None for r in plan.award.rows)  # the caps are lifted out of the rows


# ---------------------------------------------------------------------------- eval, both sides of every edge
def eval_json(run, tmp_path: Path, policy: Path, this: int, last: int, *extra: str) -> dict:
    case = tmp_path / "case.yaml"
    case.write_text(f"进出口额: {this}元\n上年进出口额: {last}元\n", encoding="utf-8")
    code, out, err = run("eval", policy, case, "--format", "json", *extra)
    assert code == 0, err
    return json.loads(out)["clauses"][0]


# (本年, 上年, 金额, the cap that binds) — each worked by hand from the text
GROWTH_CASES = [
    (20 * YI, 10 * YI, "300000.00", "最高30万元"),  # 10亿 increase: 50 steps of 2000万 = 50万 → 30万
    (16 * YI, 10 * YI, "300000.00", None),  # 6亿: 30 steps = 30万, exactly the cap: not binding
    (21 * YI, 20 * YI, "50000.00", None),  # growth exactly 5% (含): 1亿 → 5 steps
    (10 * YI, 95 * YI // 10, "20000.00", None),  # 10亿 (含) in the top row: 5000万 = 5.26% → 2 steps
    (10 * YI, 8 * YI, "100000.00", None),  # 10亿, 2亿 more: top row, 10 steps of 2000万
    (10 * YI, 96 * YI // 10, "0.00", None),  # 4000万 = 4.17% < 5%; the middle row needs 10%: no row
    (5 * YI, 4 * YI, "100000.00", None),  # middle row: 1亿 → 10 steps of 1000万
    (5 * YI, 3 * YI, "200000.00", None),  # 2亿 → 20 steps = 20万, exactly the cap
    (5 * YI, 2 * YI, "200000.00", "最高20万元"),  # 3亿 → 30万 → 20万
    (22 * YI // 10, 2 * YI, "20000.00", None),  # growth exactly 10% (达到): 2000万 → 2 steps
    (YI, 9 * YI // 10, "10000.00", None),  # 1亿 (含): 1000万 = 11.1% → 1 step
    (YI - 1, 8 * YI // 10, "0.00", None),  # just below 1亿: no row
]


@pytest.mark.parametrize("this,last,expected,bound", GROWTH_CASES)
def test_growth_rows_on_both_sides_of_each_edge(run, tmp_path, this, last, expected, bound):
    clause = eval_json(run, tmp_path, GROWTH, this, last)
    assert (clause["amount"], clause["bound_cap"]) == (expected, bound)
    assert clause["status"] in ("paid", "zero")


def test_only_the_paying_rows_cap_is_in_the_explanation(run, tmp_path):
    clause = eval_json(run, tmp_path, GROWTH, 20 * YI, 10 * YI)
    assert [(c["name"], c["limit"], c["before"], c["binds"]) for c in clause["caps"]] == [
        ("最高30万元", "300000.00", "500000.00", True)
    ]
    code, out, _ = run("eval", GROWTH, tmp_path / "case.yaml", "--explain")
    assert code == 0
    assert "▶ 最高30万元：300,000.00元，计算额 500,000.00元，起作用" in out and "· 最高20万元" not in out


# The open end: 不可确定 exactly at 10亿元 and nowhere else (10亿元 − 1元 over 8亿元: 19 full steps of
# 1000万元 = 19万元); --set settles it.
@pytest.mark.parametrize(
    "this,expected,status",
    [(10 * YI, None, "undetermined"), (10 * YI - 1, "190000.00", "paid"), (10 * YI + 1, "0.00", "zero")],
)
def test_an_open_end_is_undetermined_only_at_its_value(run, tmp_path, this, expected, status):
    clause = eval_json(run, tmp_path, OPEN, this, 8 * YI)
    assert (clause["amount"], clause["status"]) == (expected, status)


@pytest.mark.parametrize("choice,expected", [("含", "200000.00"), ("不含", "0.00")])
def test_an_open_end_settled_with_set(run, tmp_path, choice, expected):
    clause = eval_json(run, tmp_path, OPEN, 10 * YI, 8 * YI, "--set", f"十亿元端={choice}")
    assert clause["amount"] == expected


def test_an_open_end_that_no_case_can_reach_is_decided(run, tmp_path):
    """In the full text the top row takes 10亿元 (含) first: wherever the open end could matter the
    result is the same for both readings, so it is decided (semantics/decide.py)."""
    for last in (8 * YI, 96 * YI // 10):
        clause = eval_json(run, tmp_path, GROWTH, 10 * YI, last)
        assert clause["status"] != "undetermined"


# ---------------------------------------------------------------------------- batch, check
def test_batch_equals_eval_to_the_fen(run, tmp_path):
    rows = [(t, last) for t, last, _, _ in GROWTH_CASES]
    frame = pl.DataFrame(
        {
            "企业": [f"企业{i}" for i in range(len(rows))],
            "进出口额[元]": [str(t) for t, _ in rows],
            "上年进出口额[元]": [str(last) for _, last in rows],
        }
    )
    population, out_file = tmp_path / "population.csv", tmp_path / "out.csv"
    frame.write_csv(population)
    code, out, err = run("batch", GROWTH, population, "-o", out_file)
    assert code == 0, err
    assert "精确算法" not in out  # the columnar backend computed it, no exact fallback
    result = pl.read_csv(out_file, infer_schema=False)
    assert result["一[元]"].to_list() == [expected for _, _, expected, _ in GROWTH_CASES]


def test_batch_leaves_the_open_end_undetermined_at_its_value_only(run, tmp_path):
    frame = pl.DataFrame(
        {
            "企业": ["甲", "乙", "丙"],
            "进出口额[元]": [str(10 * YI), str(10 * YI - 1), str(10 * YI + 1)],
            "上年进出口额[元]": [str(8 * YI)] * 3,
        }
    )
    population, out_file = tmp_path / "population.csv", tmp_path / "out.csv"
    frame.write_csv(population)
    code, _, err = run("batch", OPEN, population, "-o", out_file)
    assert code == 0, err
    result = pl.read_csv(out_file, infer_schema=False)
    assert result["一:状态"].to_list() == ["不可确定", "给予", "金额为0"]
    assert result["一[元]"].to_list() == [None, "190000.00", "0.00"]


def test_check_names_the_open_end_as_unspecified(run):
    code, out, err = run("check", OPEN, "--format", "json")
    assert code == 0, out + err
    findings = json.loads(out)["findings"]
    assert any(f["code"] == "UNSPEC001" and "十亿元端" in f["message"] for f in findings)


def test_api_agrees():
    policy = load_policy(GROWTH)
    from policylang import evaluate

    result = evaluate(policy, {"进出口额": Fraction(20 * YI), "上年进出口额": Fraction(10 * YI)})
    assert result.total == 30 * WAN


# ---------------------------------------------------------------------------- misuse, located
def test_every_misuse_has_a_fixture():
    assert {p.stem for p in ERRORS} == {
        "open_end_undeclared",
        "open_end_unmarked",
        "open_end_wrong_type",
        "row_cap_units",
    }


@pytest.mark.parametrize("path", ERRORS, ids=lambda p: p.stem)
def test_misuse_is_an_error_located_with_a_suggestion(run, path):
    code, out, err = run("check", path)
    assert code == 2 and out == ""
    assert err.startswith("错误[T") and f"--> {path}:" in err and "= 建议: " in err
    assert_golden(GOLDEN / f"{path.stem}.txt", err.replace(str(path), path.name))


@pytest.mark.parametrize("path", ERRORS, ids=lambda p: p.stem)
def test_misuse_in_english(path):
    assert_golden(GOLDEN / f"{path.stem}.en.txt", load_errors_in_english(path))
