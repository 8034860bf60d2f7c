"""batch on the semantics layer: what columns cannot do exactly falls back to the evaluator visibly,
and a vocabulary or a combination batch cannot handle is refused, never computed some other way."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from fractions import Fraction
from pathlib import Path

import polars as pl
import pytest
from conftest import POLICIES, ROOT
from golden import assert_golden

from policylang import load_policy
from policylang.backends import columnar
from policylang.backends.exact import evaluate
from policylang.compiler import ir
from policylang.errors import PolicyError
from policylang.readers.population import population_from_frame
from policylang.semantics import cross
from policylang.tools.batch import evaluate_population
from policylang.tools.batch.engine import Engine

POLICY = """政策 "按列与逐行（测试）" {
  年度 2023
  币种 人民币
  舍入 四舍五入 到 分
}

事实 金额甲: 金额
事实 比例甲: 比例
事实 起始日: 日期 默认 2023-01-01
事实 终止日: 日期 默认 2023-12-31

条款 一 "除以比例" {
  原文 "测试用句：按金额甲除以比例甲给予，最高1万元。"
  条件 比例甲 超过 0%
  奖励 金额甲 ÷ 比例甲 × 1%
  上限 "最高" 1万元
}

条款 二 "按天" {
  原文 "测试用句：每天10元。"
  奖励 10元/天 × 天数(起始日, 终止日)
}
"""
CSV = "金额甲,比例甲,起始日\n1000,0.5,2023-06-01\n300000,0.25,2023-12-01\n5,0,2023-01-01\n"
ROWS = [
    {"金额甲": Fraction(1000), "比例甲": Fraction(1, 2), "起始日": dt.date(2023, 6, 1)},
    {"金额甲": Fraction(300000), "比例甲": Fraction(1, 4), "起始日": dt.date(2023, 12, 1)},
    {"金额甲": Fraction(5), "比例甲": Fraction(0), "起始日": dt.date(2023, 1, 1)},
]
DECLARED = "测试：天数(…) 声明为不能按列计算"


@pytest.fixture
def files(tmp_path):
    (tmp_path / "p.pol").write_text(POLICY, encoding="utf-8")
    (tmp_path / "p.csv").write_text(CSV, encoding="utf-8")
    return tmp_path / "p.pol", tmp_path / "p.csv"


@pytest.fixture
def days_declared_unsupported(monkeypatch):
    """As if the columnar backend listed 天数(…) in UNSUPPORTED instead of EXPRESSIONS."""
    expressions = dict(columnar.EXPRESSIONS)
    del expressions[ir.DaysBetween]
    monkeypatch.setattr(columnar, "EXPRESSIONS", expressions)
    monkeypatch.setattr(columnar, "UNSUPPORTED", {**columnar.UNSUPPORTED, ir.DaysBetween: DECLARED})


def exact_fen(policy: ir.CompiledPolicy, citation: str) -> list[int]:
    out = []
    for row in ROWS:
        facts = {n: f.default for n, f in policy.facts.items()} | row
        out.append(int(evaluate(policy, facts).clause(citation).amount * 100))  # type: ignore[union-attr]
    return out


def frame() -> pl.DataFrame:
    return pl.read_csv(CSV.encode(), schema_overrides={"金额甲": pl.Int64, "比例甲": pl.Float64, "起始日": pl.Date})


def test_a_declared_unsupported_node_takes_the_exact_path_visibly(files, run, days_declared_unsupported):
    policy_file, population = files
    policy = load_policy(policy_file)
    engine = Engine(policy)
    outcome = engine.run(population_from_frame(policy, frame(), engine.plans))
    assert outcome.exact_paths == {
        "一": outcome.exact_paths["一"],  # the division by a column: refused case by case
        "二": DECLARED,
    }
    assert outcome.public()["二[分]"].to_list() == exact_fen(policy, "二") == [2130_00, 300_00, 3640_00]
    code, out, _ = run("batch", policy_file, population)
    assert code == 0
    assert f"注：二 逐个企业按精确算法计算（{DECLARED}）" in out
    code, out, _ = run("batch", policy_file, population, "--format", "json")
    clauses = {c["citation"]: c for c in json.loads(out)["clauses"]}
    assert clauses["二"]["exact_path"] == DECLARED and clauses["二"]["total"] == "6070.00"


def test_a_division_by_a_column_falls_back_and_says_why(files, run):
    policy_file, population = files
    policy = load_policy(policy_file)
    out = evaluate_population(policy, frame())
    assert out["一[分]"].to_list() == exact_fen(policy, "一") == [20_00, 10000_00, 0]
    assert out["二[分]"].to_list() == exact_fen(policy, "二")
    _, text, _ = run("batch", policy_file, population)
    assert "注：一 逐个企业按精确算法计算（“金额甲 ÷ 比例甲”除以一个随企业而变的数，其精确结果没有固定的分母）" in text
    assert "注：二" not in text  # 天数(…) has columns


def test_a_node_no_table_lists_is_refused_by_the_compiler_not_a_crash():
    """An IR node added without a columnar handler becomes Unsupported (the exact path), never AttributeError."""

    @ir.record
    class Novel(ir.Expr):
        pass

    compiler = columnar.Compiler(columnar.Scope(load_policy(POLICIES / "jixi.pol"), {}, lambda n: None))
    with pytest.raises(columnar.Unsupported, match="Novel"):
        compiler.value(Novel(None, span=None))


def test_an_unknown_rounding_mode_is_refused_before_any_row():
    policy = load_policy(POLICIES / "jixi.pol")
    odd = dataclasses.replace(policy, rounding=ir.Rounding("五舍六入", "分"))
    with pytest.raises(PolicyError) as info:
        evaluate_population(odd, pl.DataFrame({"贸易额": [1]}))
    assert info.value.diagnostics[0].code == "B046"
    assert "五舍六入" in info.value.diagnostics[0].message


def test_too_many_exclusive_combinations_are_refused_as_eval_refuses(monkeypatch, tmp_path):
    """Jixi 一 vs 五(三) in a group under the article cap needs 3 combinations; with a limit of 1 batch refuses (X001).
    jixi.pol itself declares no group (the text states none), so a copy adds one."""
    monkeypatch.setattr(cross, "MAX_EXCLUSIVE_CHOICES", 1)
    text = (POLICIES / "jixi.pol").read_text(encoding="utf-8") + '\n取高不重复 "同一年度进出口增长" { 一, 五(三) }\n'
    (tmp_path / "jixi-group.pol").write_text(text, encoding="utf-8")
    policy = load_policy(tmp_path / "jixi-group.pol")
    with pytest.raises(PolicyError) as info:
        evaluate_population(policy, pl.DataFrame({"贸易额": [600_000_000], "上年贸易额": [0]}))
    assert info.value.diagnostics[0].code == "X001"


NEGATIVE_CAP = """政策 "负上限（测试）" {
  年度 2023
  币种 人民币
  舍入 四舍五入 到 分
}

事实 金额甲: 金额
事实 金额乙: 金额

条款 一 "甲" {
  原文 "测试用句：给予5元。"
  奖励 5元
}

条款 二 "乙" {
  原文 "测试用句：按金额甲给予，最高为金额乙减金额甲。"
  奖励 金额甲
  上限 "最高" 金额乙 - 金额甲
}

合计上限 "合计" 3元 { 一, 二 }
"""


def test_a_shared_ceiling_is_taken_up_only_where_the_members_exceed_it(tmp_path):
    """A cap below 0 makes 二 negative; where 一 + 二 stays within 3元 the ceiling changes nothing (as eval)."""
    (tmp_path / "n.pol").write_text(NEGATIVE_CAP, encoding="utf-8")
    policy = load_policy(tmp_path / "n.pol")
    cases = [(3, 0), (3, 10), (1, 10), (0, 0)]
    out = evaluate_population(policy, pl.DataFrame({"金额甲": [a for a, _ in cases], "金额乙": [b for _, b in cases]}))
    for (a, b), got in zip(cases, out.iter_rows(named=True), strict=True):
        result = evaluate(policy, {"金额甲": Fraction(a), "金额乙": Fraction(b)})
        for c in result.clauses:
            assert (got[f"{c.citation}[分]"], got[f"{c.citation}:状态"]) == (int(c.amount * 100), c.status), (a, b)
        assert got["合计[分]"] == int(result.total * 100)


# ---------------------------------------------------------------------------- two languages
GOLDEN = Path(__file__).resolve().parent / "golden" / "batch"
JIXI = ("batch", "policies/jixi.pol", "tests/fixtures/batch/jixi.csv")
JIXI_ITEMS = (
    "--items",
    "出口融资贷款=tests/fixtures/batch/jixi_loans.csv",
    "--items",
    "省级海外仓=tests/fixtures/batch/jixi_warehouses.csv",
)


@pytest.fixture
def english(monkeypatch):
    monkeypatch.chdir(ROOT)  # the summary names the files as given, so goldens use paths from the root
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")


def test_english_text_summary_golden(run, english):
    code, out, err = run(*JIXI, *JIXI_ITEMS)
    assert code == 0, err
    assert "Population: tests/fixtures/batch/jixi.csv, 8 enterprises" in out
    assert_golden(GOLDEN / "jixi.en.txt", out)


def test_english_json_summary_keeps_the_schema_and_identifiers(run, english, monkeypatch):
    code, out, err = run(*JIXI, *JIXI_ITEMS, "--format", "json")
    assert code == 0, err
    monkeypatch.setenv("LC_ALL", "zh_CN.UTF-8")
    _, zh, _ = run(*JIXI, *JIXI_ITEMS, "--format", "json")
    en, zh = json.loads(out), json.loads(zh)
    assert en["schema"] == zh["schema"] == "policylang.batch/1"  # same keys, same English identifiers
    assert [c["enterprises"] for c in en["clauses"]] == [c["enterprises"] for c in zh["clauses"]]
    assert_golden(GOLDEN / "jixi.en.json", out)


def test_english_undetermined_and_fallback_lines(run, files, english):
    policy_file, population = files
    code, out, _ = run("batch", policy_file, population)
    assert code == 0
    assert "note: 一 is computed enterprise by enterprise by the exact evaluator (“金额甲 ÷ 比例甲” divides by" in out
    code, out, err = run("batch", "policies/jixi.pol", "tests/fixtures/batch/jixi.csv", "--clause", "不存在")
    assert code == 2 and "the policy has no clause “不存在”" in out + err
