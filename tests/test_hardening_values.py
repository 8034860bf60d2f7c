"""Issue 11, silent wrong numbers in case values: each test is the exact input that was accepted
(exit 0, a wrong award) and must now be a located error, in zh and in en, through the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import POLICIES

LIANYUNGANG = POLICIES / "lianyungang.pol"
JIXI = POLICIES / "jixi.pol"
TRADEMARK = "为跨境电商企业: 是\n在境外注册自有商标: 是\n当年境外商标注册费用: 5万元\n"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def suite(folder: Path, policy: Path, facts: str) -> Path:
    """A suite with one case whose 事实 are `facts` (a YAML flow mapping)."""
    text = f'政策: "{policy}"\n案例:\n  - 名称: 一\n    事实: {facts}\n    期望: {{合计: 0元}}\n'
    return write(folder, "one.cases.yaml", text)


# ---------------------------------------------------------------------------- 1. 事实: and the top level
def test_a_top_level_fact_beside_a_facts_block_is_refused_where_it_is(run, tmp_path):
    case = write(tmp_path, "mixed.yaml", "此前已获境外商标注册支持: 8万元\n事实:\n  " + TRADEMARK.replace("\n", "\n  "))
    code, out, err = run("eval", LIANYUNGANG, case)
    assert code == 2 and out == ""
    assert f"错误[K005]: 事实“此前已获境外商标注册支持”写在顶层，而本案例的事实写在“事实:”下\n  --> {case}:1:1" in err
    assert "建议: 把“此前已获境外商标注册支持”移到“事实:”下（缩进两格），或全部写在顶层" in err
    code, _, err = run("--lang", "en", "eval", LIANYUNGANG, case)
    assert code == 2 and "error[K005]: fact “此前已获境外商标注册支持” is written at the top level" in err


def test_a_facts_block_alone_or_the_top_level_alone_is_read(run, tmp_path):
    block = write(tmp_path, "block.yaml", "事实:\n  " + TRADEMARK.replace("\n", "\n  "))
    top = write(tmp_path, "top.yaml", TRADEMARK)
    results = [run("eval", LIANYUNGANG, case, "--clause", "三(二)4.商标") for case in (block, top)]
    assert results[0][0] == results[1][0] == 0 and results[0][1] == results[1][1]


# ---------------------------------------------------------------------------- 2. a share is 0–100%
RATIO_ZH = "“商品落地率”的值“250%”不对：比例须在 0% 到 100% 之间"


def test_a_share_above_100_percent_is_refused_in_a_case(run, tmp_path):
    case = write(tmp_path, "case.yaml", "商品落地率: 250%\n")
    code, out, err = run("eval", JIXI, case)
    assert code == 2 and out == ""
    assert f"错误[K012]: {RATIO_ZH}\n  --> {case}:1:8" in err
    code, _, err = run("--lang", "en", "eval", JIXI, case)
    assert code == 2 and "a share must be between 0% and 100%" in err


@pytest.mark.parametrize("text", ["250%", "-5%", "100.01%"])
def test_a_share_outside_0_to_100_percent_is_refused_by_set_and_suites(run, tmp_path, text):
    case = write(tmp_path, "case.yaml", "商品落地率: 60%\n")
    code, _, err = run("eval", JIXI, case, "--set", f"商品落地率={text}")
    assert code == 2 and "错误[S003]" in err and "--set:1:7" in err and "比例须在 0% 到 100% 之间" in err
    code, _, err = run("test", suite(tmp_path, JIXI, f"{{商品落地率: {text}}}"))
    assert code == 2 and "比例须在 0% 到 100% 之间" in err


@pytest.mark.parametrize(("cell", "column"), [("250%", 2), ("2.5", 2)])
def test_a_share_outside_0_to_100_percent_is_refused_in_a_population(run, tmp_path, cell, column):
    population = write(
        tmp_path, "pop.csv", f"企业,商品落地率,能源资源类产品能源资源类产品进口额,上年贸易额\n甲,{cell},600万元,0元\n"
    )
    code, out, err = run("batch", JIXI, population)
    assert code == 2 and out == ""
    assert f"{population}:2:{column + 1}" in err and "比例须在 0% 到 100% 之间" in err


def test_the_bounds_0_and_100_percent_are_shares(run, tmp_path):
    for text in ("0%", "100%"):
        case = write(tmp_path, "case.yaml", f"商品落地率: {text}\n能源资源类产品进口额: 600万元\n上年贸易额: 0元\n")
        code, _, err = run("eval", JIXI, case, "--clause", "五(一)1")
        assert code == 0, err


# ---------------------------------------------------------------------------- 3. whole fen
FEN_ZH = "“此前已获境外商标注册支持”的值“3.144元”不对：金额须为整分（最小 0.01元）"


def test_a_history_amount_below_one_fen_is_refused_keeping_its_meaning(run, tmp_path):
    case = write(tmp_path, "case.yaml", TRADEMARK + "此前已获境外商标注册支持: 3.144元\n")
    code, out, err = run("eval", LIANYUNGANG, case)
    assert code == 2 and out == ""
    assert f"错误[K012]: {FEN_ZH}\n  --> {case}:4:15" in err
    assert "建议: 是否想写“3.14元”或“3.15元”？" in err
    code, _, err = run("--lang", "en", "eval", LIANYUNGANG, case)
    assert (
        code == 2 and "an amount must be in whole fen (0.01元)" in err and "did you mean “3.14元” or “3.15元”?" in err
    )


def test_sub_fen_is_refused_by_set_and_suites_and_keeps_the_unit_written(run, tmp_path):
    case = write(tmp_path, "case.yaml", TRADEMARK)
    code, _, err = run("eval", LIANYUNGANG, case, "--set", "此前已获境外商标注册支持=1.2345678万元")
    assert code == 2 and "错误[S003]" in err and "是否想写“1.234567万元”或“1.234568万元”？" in err
    code, _, err = run("test", suite(tmp_path, LIANYUNGANG, "{此前已获境外商标注册支持: 3.144元}"))
    assert code == 2 and "金额须为整分" in err and "是否想写“3.14元”或“3.15元”？" in err


@pytest.mark.parametrize(
    ("header", "cell", "suggestion"),
    [
        ("此前已获境外商标注册支持", "3.144元", "是否想写“3.14元”或“3.15元”？"),
        ("此前已获境外商标注册支持", "3.144", "是否想写“3.14”或“3.15”？"),
        ("此前已获境外商标注册支持[万元]", "1.2345678", "是否想写“1.234567”或“1.234568”？"),
    ],
)
def test_sub_fen_is_refused_in_a_population(run, tmp_path, header, cell, suggestion):
    population = write(
        tmp_path, "pop.csv", f"企业,在境外注册自有商标,当年境外商标注册费用,{header}\n甲,是,5万元,{cell}\n"
    )
    code, out, err = run("batch", LIANYUNGANG, population)
    assert code == 2 and out == ""
    assert f"{population}:2:9" in err and "金额须为整分" in err and suggestion in err


def test_whole_fen_amounts_are_read(run, tmp_path):
    case = write(tmp_path, "case.yaml", TRADEMARK + "此前已获境外商标注册支持: 99999.99元\n")
    code, out, err = run("eval", LIANYUNGANG, case, "--clause", "三(二)4.商标")
    assert code == 0 and "合计：0.01元" in out, err  # the cap's headroom, exactly one fen


# ---------------------------------------------------------------------------- 4. one ratio rule
def test_a_bare_ratio_means_the_same_share_in_every_reader(run, tmp_path):
    """0.6 is 60% (never 0.6%): a case and --set refuse it suggesting 60%, a population reads it as 60%."""
    case = write(tmp_path, "case.yaml", "商品落地率: 0.6\n")
    code, _, err = run("eval", JIXI, case)
    assert code == 2 and f"{case}:1:8" in err and "是否想写“60%”？" in err and "0.6%" not in err
    ok = write(tmp_path, "ok.yaml", "商品落地率: 60%\n")
    code, _, err = run("eval", JIXI, ok, "--set", "商品落地率=0.6")
    assert code == 2 and "--set:1:7" in err and "是否想写“60%”？" in err and "0.6%" not in err
    code, _, err = run("test", suite(tmp_path, JIXI, "{商品落地率: 0.6}"))
    assert code == 2 and "是否想写“60%”？" in err and "0.6%" not in err
    bare = write(tmp_path, "bare.csv", "企业,商品落地率,能源资源类产品进口额,上年贸易额\n甲,0.6,600万元,0元\n")
    percent = write(tmp_path, "percent.csv", "企业,商品落地率,能源资源类产品进口额,上年贸易额\n甲,60%,600万元,0元\n")
    (code, by_bare, _), (_, by_percent, _) = run("batch", JIXI, bare), run("batch", JIXI, percent)
    assert code == 0 and by_bare.replace("bare.csv", "percent.csv") == by_percent
    assert "12.00万元" in by_bare or "120,000.00元" in by_bare  # 2% × 600万元: 60% is over 50%, 0.6% is not


def test_a_bare_number_no_share_can_mean_gets_no_suggested_share(run, tmp_path):
    """A bare 250 would be suggested as 250%, a share no firm has: the suggestion must not invent a value."""
    case = write(tmp_path, "case.yaml", "商品落地率: 250\n")
    code, _, err = run("eval", JIXI, case)
    assert code == 2 and f"{case}:1:8" in err and "比例须在 0% 到 100% 之间" in err and "250%”" not in err


def test_a_float_share_column_outside_0_to_1_is_refused(run, tmp_path):
    """A Parquet float column is read in the query, not cell by cell: the range holds there too."""
    import polars as pl

    population = tmp_path / "pop.parquet"
    pl.DataFrame({"企业": ["甲", "乙"], "商品落地率": [0.6, 2.5], "上年贸易额": [0, 0]}).write_parquet(population)
    code, out, err = run("batch", JIXI, population)
    assert code == 2 and out == ""
    assert "第 2 行（数据行，从 1 数起），列“商品落地率”：值“2.5”比例须在 0% 到 100% 之间" in err
