"""至多 合计 MEASURE LIMIT 取 ORDER inside 逐项 分组: a group's items paid for at most LIMIT of a measure
(an area) in all. Parse, fmt, eval on both sides of the limit in both orders, batch (column by
column, no row path) equal to eval, check, the LYG 一(一) case, and misuse located."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from conftest import FIXTURES, POLICIES
from golden import assert_golden, load_errors_in_english

from policylang import load_policy
from policylang.compiler import ir
from policylang.frontend import ast
from policylang.frontend.syntax import parse
from policylang.tools.fmt import format_text

HERE = FIXTURES / "summed_limit"
POLICY = HERE / "booths.pol"
ERRORS = sorted((HERE / "errors").glob("*.pol"))
GOLDEN = Path(__file__).parent / "golden" / "summed_limit"


def test_parses_and_formats_back():
    text = POLICY.read_text(encoding="utf-8")
    assert format_text(text, str(POLICY)) == text
    policy = parse(text, str(POLICY))
    limits = [n for n in policy.walk() if isinstance(n, ast.MeasureLimit)]
    assert [(lim.amount, lim.order) for lim in limits] == [("18平方米", "最有利"), ("18平方米", "申报顺序")]
    messy = text.replace("至多 合计 面积 18平方米 取 最有利", "至多   合计  面积   18平方米 取   最有利")
    assert format_text(messy, "m.pol") == text


def test_compiled_onto_the_item_plan():
    plan = load_policy(POLICY).clause("一")
    assert plan.items is not None and plan.items.measure_limit is not None
    assert plan.items.measure_limit.order is ir.LimitOrder.MOST_FAVOURABLE
    assert plan.items.limit is None  # no count limit: the measure alone limits


def amounts(run, tmp_path: Path, rows: list[tuple[str, str, str]]) -> dict[str, str]:
    case = tmp_path / "case.yaml"
    lines = ["展位:"] + [f"  - {{展会: {f}, 展位费: {fee}, 面积: {area}}}" for f, fee, area in rows]
    case.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = run("eval", POLICY, case, "--format", "json")
    assert code == 0, err
    return {c["citation"]: c["amount"] for c in json.loads(out)["clauses"]}


# (items of one fair, 最有利, 申报顺序), worked by hand: 50% of each fee, at most 18平方米 in all
CASES = [
    ([("甲", "1万元", "9平方米"), ("甲", "1万元", "9平方米")], "10000.00", "10000.00"),  # exactly 18: all paid
    ([("甲", "1万元", "9平方米"), ("甲", "1万元", "9.01平方米")], "9994.45", "9994.45"),  # 0.01 over: 5000×8.99/9.01
    ([("甲", "5.4万元", "27平方米")], "18000.00", "18000.00"),  # one item: 27000 × 18/27
    # 最有利 takes the most per 平方米 first (0平方米 first of all): 1500 + 6000 + 5000×9/12;
    # 申报顺序 as listed: 5000 (12) + 6000×6/9 + 1500 (0 平方米 uses none of the limit)
    ([("甲", "1万元", "12平方米"), ("甲", "1.2万元", "9平方米"), ("甲", "0.3万元", "0平方米")], "11250.00", "10500.00"),
    ([("甲", "1万元", "12平方米"), ("乙", "1.2万元", "12平方米")], "11000.00", "11000.00"),  # each fair its own 18
]


@pytest.mark.parametrize("rows,favourable,listed", CASES)
def test_on_both_sides_of_the_limit_in_both_orders(run, tmp_path, rows, favourable, listed):
    assert amounts(run, tmp_path, rows) == {"一": favourable, "二": listed}


def test_the_explanation_says_how_much_of_an_item_counts(run, tmp_path):
    amounts(run, tmp_path, [("甲", "1万元", "12平方米"), ("甲", "1.2万元", "9平方米")])
    code, out, _ = run("eval", POLICY, tmp_path / "case.yaml", "--clause", "一", "--explain")
    assert code == 0
    assert "5,000.00元 → 3,750.00元；按 9.00平方米 计入（本项 12.00平方米，同组合计限额只余 9.00平方米）" in out
    code, out, _ = run("eval", POLICY, tmp_path / "case.yaml", "--clause", "一", "--explain", "--lang", "en")
    assert code == 0 and "counted for 9.00平方米 (it measures 12.00平方米" in out


def test_batch_equals_eval_column_by_column(run, tmp_path):
    frame = pl.DataFrame({"企业": [f"企业{i}" for i in range(len(CASES))]})
    items = pl.DataFrame(
        {
            "企业": [f"企业{i}" for i, (rows, _, _) in enumerate(CASES) for _ in rows],
            "展会": [f for rows, _, _ in CASES for f, _, _ in rows],
            "展位费": [fee for rows, _, _ in CASES for _, fee, _ in rows],
            "面积": [area for rows, _, _ in CASES for _, _, area in rows],
        }
    )
    population, booths, out_file = tmp_path / "population.csv", tmp_path / "展位.csv", tmp_path / "out.csv"
    frame.write_csv(population)
    items.write_csv(booths)
    code, out, err = run("batch", POLICY, population, "--items", f"展位={booths}", "-o", out_file)
    assert code == 0, err
    assert "逐个企业按精确算法计算" not in out  # column by column now (issue 16): no row path named
    result = pl.read_csv(out_file, infer_schema=False)
    assert result["一[元]"].to_list() == [f for _, f, _ in CASES]
    assert result["二[元]"].to_list() == [listed for _, _, listed in CASES]


def test_check_models_it(run):
    """The symbolic backend has one item per list: it is paid for what of its measure the limit covers."""
    code, out, err = run("check", POLICY)
    assert code == 0 and "CHK001" not in out and "TEXT002" not in out, out + err


def test_lianyungang_limits_the_area_per_fair_not_the_money_only(run, tmp_path):
    """LYG 一(一): a standard booth (counted as 18平方米 ÷ 2) and 18平方米 of raw space at one fair are
    paid for 18平方米, not 27: 0.5万 for the booth (the most per 平方米) and 0.6万 × 9/18 for the space."""
    case = tmp_path / "case.yaml"
    case.write_text(
        "境内重点展会展位:\n"
        "  - {展会: 中国国际进口博览会, 展位费: 1万元}\n"
        "  - {展会: 中国国际进口博览会, 展位费: 1.2万元, 光地面积: 18平方米}\n",
        encoding="utf-8",
    )
    code, out, err = run("eval", POLICIES / "lianyungang.pol", case, "--clause", "一(一)", "--format", "json")
    assert code == 0, err
    assert json.loads(out)["clauses"][0]["amount"] == "8000.00"  # 27平方米 would be 11000.00
    text = (POLICIES / "lianyungang.pol").read_text(encoding="utf-8")
    assert "至多 合计" in text and "不能限制一组内某个字段" not in text  # the gap note is gone


def test_every_misuse_has_a_fixture():
    assert {p.stem for p in ERRORS} == {"limit_unit", "not_a_quantity"}


@pytest.mark.parametrize("path", ERRORS, ids=lambda p: p.stem)
def test_misuse_is_an_error_located_with_a_suggestion(run, path):
    code, out, err = run("check", path)
    assert code == 2 and out == ""
    assert err.startswith("错误[T26") and f"--> {path}:" in err and "= 建议: " in err
    assert_golden(GOLDEN / f"{path.stem}.txt", err.replace(str(path), path.name))


@pytest.mark.parametrize("path", ERRORS, ids=lambda p: p.stem)
def test_misuse_in_english(path):
    assert_golden(GOLDEN / f"{path.stem}.en.txt", load_errors_in_english(path))
