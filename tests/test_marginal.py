"""超额累进 (marginal brackets), a form derived onto existing IR primitives: parsed as written, formatted,
evaluated on both sides of every edge (amounts computed by hand below), the same over a population with
`policylang batch`, checked by `policylang check`, diffed, and each likely misuse reported at load time."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import polars as pl
import pytest
from conftest import FIXTURES
from golden import assert_golden

from policylang import PolicyError, evaluate, load, load_policy
from policylang.compiler import ir
from policylang.frontend import ast
from policylang.frontend.syntax import parse
from policylang.report.i18n import language
from policylang.tools.fmt import format_text

HERE = FIXTURES / "marginal"
POLICY = HERE / "trade.pol"
REVISED = HERE / "revised.pol"
ERRORS = sorted((HERE / "errors").glob("*.pol"))
GOLDEN = Path(__file__).resolve().parent / "golden" / "marginal"
WAN = 10_000


def marginal_of(policy: ast.Policy, citation: str) -> ast.Marginal:
    clause = next(d for d in policy.of(ast.Clause) if d.citation == citation)
    award = clause.of(ast.Award)[0].expr
    assert isinstance(award, ast.Marginal)
    return award


# ---------------------------------------------------------------------------- syntax and fmt
def test_rows_parse_as_written():
    rows = marginal_of(parse(POLICY.read_text(encoding="utf-8"), str(POLICY)), "一").brackets
    written = [(b.start.text, b.start_mark, b.dash, b.end and b.end.text, b.end_mark, b.rate) for b in rows]
    assert [w[:5] for w in written] == [
        ("100万元", "以下", None, None, None),
        ("100万元", "(不含)", "至", "500万元", "(含)"),
        ("500万元", "(不含)以上", None, None, None),
    ]
    assert [w[5] for w in written] == [ast.NumberLit(t, span=rows[0].span) for t in ("5%", "3%", "1%")]


def test_the_fixture_is_canonical_and_a_messy_spelling_formats_to_it(run):
    text = POLICY.read_text(encoding="utf-8")
    assert format_text(text) == text
    messy = text.replace("超额累进 进出口额 {", "超额累进   进出口额{").replace(
        "    100万元(不含) 至 500万元(含)部分 3%", "        100万元(不含)至500万元(含)部分    3%  # 第二档"
    )
    assert messy != text
    out = format_text(messy)
    assert out == text.replace("500万元(含)部分 3%", "500万元(含)部分 3%  # 第二档")
    assert format_text(out) == out
    assert run("fmt", "--check", POLICY)[0] == 0


# ---------------------------------------------------------------------------- eval, by hand
# 进出口额: 5% up to 100万 (含), 3% above 100万 up to 500万 (含), 1% above; capped at 50万.
TRADE = [
    (0, "0.00"),
    (99 * WAN + 9999, "49999.95"),  # 5% × 999,999
    (100 * WAN, "50000.00"),  # 5% × 100万
    (100 * WAN + 1, "50000.03"),  # + 3% × 1
    (499 * WAN + 9999, "169999.97"),  # 5万 + 3% × 3,999,999
    (500 * WAN, "170000.00"),  # 5万 + 3% × 400万
    (500 * WAN + 1, "170000.01"),  # + 1% × 1
    (600 * WAN, "180000.00"),  # 5% × 100万 + 3% × 400万 + 1% × 100万 = 18万 (the brief's example)
    (3800 * WAN, "500000.00"),  # 5万 + 12万 + 1% × 3300万 = 50万: exactly the cap
    (10000 * WAN, "500000.00"),  # 112万 before the cap
]
# 跨境电商包裹数: 1元/个 up to 10万个, 0.5元/个 up to 50万个, 0.2元/个 above.
PARCELS = [
    (10 * WAN, "100000.00"),
    (10 * WAN + 1, "100000.50"),
    (50 * WAN, "300000.00"),  # 10万 + 0.5 × 40万
    (50 * WAN + 1, "300000.20"),
    (60 * WAN, "320000.00"),  # 10万 + 20万 + 0.2 × 10万
]
# 新增进口额: 2% of the part above 200万 (不含) up to 1000万 (含); nothing below or above.
IMPORTS = [
    (200 * WAN, "0.00"),
    (200 * WAN + 50, "1.00"),
    (1000 * WAN, "160000.00"),
    (1200 * WAN, "160000.00"),
]


def eval_json(run, tmp_path: Path, fact: str, value: str, clause: str) -> dict:
    case = tmp_path / "case.yaml"
    case.write_text(f"{fact}: {value}\n", encoding="utf-8")
    code, out, err = run("eval", POLICY, case, "--clause", clause, "--format", "json")
    assert code == 0, err
    return json.loads(out)


@pytest.mark.parametrize("amount,expected", TRADE)
def test_trade_on_both_sides_of_each_edge(run, tmp_path, amount, expected):
    result = eval_json(run, tmp_path, "进出口额", f"{amount}元", "一")
    assert result["clauses"][0]["amount"] == expected


@pytest.mark.parametrize("count,expected", PARCELS)
def test_a_quantity_base_with_unit_prices(run, tmp_path, count, expected):
    assert eval_json(run, tmp_path, "跨境电商包裹数", f"{count}个", "二")["clauses"][0]["amount"] == expected


@pytest.mark.parametrize("amount,expected", IMPORTS)
def test_a_schedule_that_starts_above_zero_and_ends(run, tmp_path, amount, expected):
    assert eval_json(run, tmp_path, "新增进口额", f"{amount}元", "三")["clauses"][0]["amount"] == expected


def test_the_explained_formula_shows_each_bracket(run, tmp_path):
    clause = eval_json(run, tmp_path, "进出口额", "600万元", "一")["clauses"][0]
    assert clause["formula"] == (
        "(5% × 最大(0元, 最小(进出口额(6,000,000.00元), 100万元))"
        " + 3% × 最大(0元, 最小(进出口额(6,000,000.00元), 500万元) - 100万元))"
        " + 1% × 最大(0元, 进出口额(6,000,000.00元) - 500万元)"
    )


def test_lowered_onto_existing_primitives_with_spans_at_the_rows():
    policy = load_policy(POLICY)
    award = policy.clause("一").award
    kinds = {type(n) for n in award.walk()}
    assert kinds <= {ir.Arith, ir.Extreme, ir.Const, ir.Input}
    terms = [award.left.left, award.left.right, award.right]
    assert [term.span.text for term in terms] == [
        "100万元以下部分 5%",
        "100万元(不含) 至 500万元(含)部分 3%",
        "500万元(不含)以上部分 1%",
    ]
    assert award.span.text.startswith("超额累进 进出口额 {")


def test_api_evaluates_the_same():
    policy = load_policy(POLICY)
    facts = {"进出口额": Fraction(600 * WAN), "跨境电商包裹数": Fraction(60 * WAN), "新增进口额": Fraction(0)}
    result = evaluate(policy, facts)
    assert result.clause("一").amount == 180_000 and result.clause("二").amount == 320_000


# ---------------------------------------------------------------------------- batch, check, diff
def test_batch_equals_eval_to_the_fen(run, tmp_path):
    rows = list(zip(TRADE, PARCELS * 2, IMPORTS * 3, strict=False))  # 10 rows
    frame = pl.DataFrame(
        {
            "企业": [f"企业{i}" for i in range(len(rows))],
            "进出口额[元]": [str(t[0]) for t, _, _ in rows],
            "跨境电商包裹数[个]": [str(p[0]) for _, p, _ in rows],
            "新增进口额[元]": [str(m[0]) for _, _, m in rows],
        }
    )
    population, out_file = tmp_path / "population.csv", tmp_path / "out.csv"
    frame.write_csv(population)
    code, _, err = run("batch", POLICY, population, "-o", out_file)
    assert code == 0, err
    out = pl.read_csv(out_file, infer_schema=False)
    assert out["一[元]"].to_list() == [t[1] for t, _, _ in rows]
    assert out["二[元]"].to_list() == [p[1] for _, p, _ in rows]
    assert out["三[元]"].to_list() == [m[1] for _, _, m in rows]
    policy = load_policy(POLICY)
    for (trade, parcels, imports), total in zip(rows, out["合计[元]"].to_list(), strict=True):
        facts = {
            "进出口额": Fraction(trade[0]),
            "跨境电商包裹数": Fraction(parcels[0]),
            "新增进口额": Fraction(imports[0]),
        }
        assert evaluate(policy, facts).total == Fraction(total)


def test_check_runs_on_it_and_finds_nothing(run):
    code, out, err = run("check", POLICY)
    assert code == 0, out + err
    assert "没有发现问题" in out


def test_check_sees_inside_the_brackets(run, tmp_path):
    # guards the test above: the solver reads the lowered brackets, so a rate above 100% is found
    bad = tmp_path / "bad.pol"
    bad.write_text(POLICY.read_text(encoding="utf-8").replace("100万元以下部分 5%", "100万元以下部分 150%"), "utf-8")
    code, out, _ = run("check", bad)
    assert code == 1 and "RATE001" in out and f"{bad}:19:" in out


def test_diff_reports_a_changed_rate_and_edge_with_their_lines(run):
    code, out, err = run("diff", POLICY, REVISED)
    assert code == 0, err
    assert "含义的变化（3 项）" in out
    assert "[比例] 奖励：3% → 4%，提高 1个百分点" in out
    assert out.count("[金额] 奖励：500万元 → 600万元，提高 100万元") == 2
    assert f"旧 {POLICY}:20  100万元(不含) 至 500万元(含)部分 3%" in out
    assert f"新 {REVISED}:21  600万元(不含)以上部分 1%" in out


# ---------------------------------------------------------------------------- misuse, located
def test_every_misuse_has_a_fixture():
    assert {p.stem for p in ERRORS} == {
        "base_not_money",
        "edge_in_none",
        "edge_in_other_unit",
        "edge_in_two",
        "empty_bracket",
        "gap",
        "mixed_unit_prices",
        "not_ascending",
        "one_side_without_side",
        "open_not_last",
        "overlap",
        "quantity_base_needs_unit_price",
        "rate_not_a_rate",
        "unmarked_between",
    }


@pytest.mark.parametrize("path", ERRORS, ids=lambda p: p.stem)
def test_misuse_is_an_error_located_with_a_suggestion(run, path):
    code, out, err = run("check", path)
    assert code == 2 and out == ""
    assert err.startswith("错误[T1") and f"--> {path}:" in err and "= 建议: " in err
    assert_golden(GOLDEN / f"{path.stem}.txt", err.replace(str(path), path.name))


@pytest.mark.parametrize("path", ERRORS, ids=lambda p: p.stem)
def test_misuse_in_english(path):
    """The message and suggestion in English (the frame around them is the report layer's)."""
    with language("en"), pytest.raises(PolicyError) as caught:
        load(path.read_text(encoding="utf-8"), path.name)
    lines = []
    for d in caught.value.diagnostics:
        lines += [f"{d.code} {d.span.location()}: {d.message}", f"  suggestion: {d.suggestion}"]
    assert_golden(GOLDEN / f"{path.stem}.en.txt", "\n".join(lines))
