"""--lang en: policylang's own words come from the catalogue, the policy's words stay as written.

Each test shows one message both ways: the Chinese exactly as it was (byte for byte), and the
English without the Chinese words policylang used to leave in it (the bad-cell problems of a
population, the source of a frame, an item table, a suite's missing policy, limits, types, 是/否).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import polars as pl
import pytest
from conftest import EXAMPLES, FIXTURES, POLICIES

from policylang import load_policy
from policylang.errors import PolicyError
from policylang.frontend.units import Bool, ListOf, Money, value_prose, value_text
from policylang.report.i18n import catalogue, language
from policylang.tools.batch import evaluate_population

JIXI = POLICIES / "jixi.pol"


def refusal(lang: str, frame: pl.DataFrame, **kwargs: object) -> str:
    """What batch says of a population it refuses, in `lang`."""
    policy = load_policy(JIXI)
    with language(lang):
        with pytest.raises(PolicyError) as err:
            evaluate_population(policy, frame, **kwargs)  # type: ignore[arg-type]
        return str(err.value)


def leftover_chinese(text: str, *areas: str) -> list[str]:
    """Fragments of the zh templates of `areas` (fields taken out) that an English text still shows."""
    found = []
    for key, msg in catalogue().items():
        if key.startswith(areas):
            for fragment in re.split(r"\{[^}]*\}", msg.zh):
                fragment = fragment.strip("“”（）()，、；：:<> ")
                if re.search(r"[\u4e00-\u9fff]", fragment) and fragment in text:
                    found.append(f"{key}: {fragment}")
    return found


# ---------------------------------------------------------------------------- a population's bad cells
def test_a_negative_amount_in_a_frame_in_both_languages():
    frame = pl.DataFrame({"煤炭进口落地量": [6000, -1], "上年贸易额": [0, 0]})
    zh = refusal("zh", frame)
    assert "<内存> 第 2 行（数据行，从 1 数起），列“煤炭进口落地量”：值“-1”不能为负数" in zh
    en = refusal("en", frame)
    assert (
        "<in memory> row 2 (data rows, counted from 1), column “煤炭进口落地量”: the value “-1”: cannot be negative"
        in en
    )
    assert "内存" not in en and leftover_chinese(en, "population.", "values.") == []


def test_too_many_decimals_in_a_float_column_in_both_languages():
    frame = pl.DataFrame({"上年贸易额": [1.5, 2.005], "贸易额": [1.0, 2.0]})
    assert "值“2.005”小数位数过多（须为整分）或不是有限的数，或为负数" in refusal("zh", frame)
    en = refusal("en", frame)
    assert "the value “2.005”: has too many decimals (whole fen), is not a finite number, or is negative" in en
    assert leftover_chinese(en, "population.", "values.") == []


def test_a_column_of_a_type_that_is_not_a_number_in_both_languages():
    frame = pl.DataFrame({"上年贸易额": [[1], [2]]})
    assert "列的类型 List(Int64) 不能作为数" in refusal("zh", frame)
    en = refusal("en", frame)
    assert "a column of type List(Int64) cannot be read as numbers" in en
    assert leftover_chinese(en, "population.", "values.") == []


def test_a_date_with_a_time_in_an_item_table_in_both_languages():
    people = pl.DataFrame({"企业": ["甲"], "本地加工产品出口额": [6_000_000]})
    loans = pl.DataFrame(
        {
            "企业": ["甲"],
            "贷款": ["工行"],
            "本金": [1_000_000],
            "发放日": [dt.datetime(2023, 3, 1, 9, 30)],
            "计息天数": [180],
            "实付利息": [9000],
        }
    )
    args = {"id_column": "企业", "items": {"出口融资贷款": loans}}
    zh = refusal("zh", people, **args)
    assert "明细表“出口融资贷款” 第 1 行（数据行，从 1 数起），列“发放日”" in zh
    assert "须为日期（不带时刻），如 2023-06-20" in zh
    en = refusal("en", people, **args)
    assert "the item table “出口融资贷款” row 1 (data rows, counted from 1), column “发放日”" in en
    assert "must be a date (without a time), e.g. 2023-06-20" in en
    assert leftover_chinese(en, "population.", "values.") == []


def test_a_missing_column_suggests_examples_listed_in_the_language(run, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("企业,煤炭进口落地量\n甲,6000\n", encoding="utf-8")
    code, _, err = run("batch", JIXI, bad)
    assert code == 2 and "加一列“上年贸易额”，值如 12000、1.2万元" in err
    code, _, err = run("--lang", "en", "batch", JIXI, bad)
    assert code == 2 and "add a column “上年贸易额” with values such as 12000, 1.2万元" in err and "12000、" not in err


# ---------------------------------------------------------------------------- test: a suite's policy
def test_a_suite_whose_policy_is_missing_in_both_languages(run, tmp_path):
    suite = tmp_path / "a.cases.yaml"
    suite.write_text('政策: missing.pol\n案例:\n  - 名称: "x"\n    期望: {合计: 0元}\n', encoding="utf-8")
    code, _, err = run("test", suite)
    assert code == 2 and "U004" in err and "找不到政策文件“" in err and "“政策:”的路径相对于本案例文件所在的目录" in err
    code, _, err = run("--lang", "en", "test", suite)
    assert code == 2 and "cannot find the policy file “" in err and "relative to the folder of this case file" in err
    assert "找不到" not in err


def test_a_suite_without_a_policy_beside_it_in_both_languages(run, tmp_path):
    suite = tmp_path / "b.cases.yaml"
    suite.write_text('案例:\n  - 名称: "x"\n    期望: {合计: 0元}\n', encoding="utf-8")
    code, _, err = run("test", suite)
    assert code == 2 and "（案例集默认测试同名的 .pol）" in err and "在案例文件开头写一行 政策: 文件名.pol" in err
    code, _, err = run("--lang", "en", "test", suite)
    assert code == 2 and "a suite tests the .pol of the same name" in err and "add a line 政策: name.pol" in err
    assert "找不到" not in err and "默认测试" not in err


def test_a_policy_without_a_suite_in_both_languages(run, tmp_path):
    policy = tmp_path / "lone.pol"
    policy.write_text(Path(JIXI).read_text(encoding="utf-8"), encoding="utf-8")
    code, _, err = run("test", policy)
    assert code == 2 and "U020" in err and "旁没有案例集" in err and "格式见 README 的“policylang test”一节" in err
    code, _, err = run("--lang", "en", "test", policy)
    assert code == 2 and "there is no suite" in err and "README's “policylang test” section" in err
    assert "旁没有" not in err and "格式见" not in err


# ---------------------------------------------------------------------------- limits, rounding, types, 是/否
def test_coverage_names_a_quantity_limit_in_the_language_at_its_line(run, tmp_path):
    suite = tmp_path / "exhibition.cases.yaml"
    policy = EXAMPLES / "exhibition.pol"
    suite.write_text(
        f'政策: {policy}\n案例:\n  - 名称: "无展位"\n    事实: {{}}\n    期望: {{合计: 0元}}\n', encoding="utf-8"
    )
    line = next(n for n, text in enumerate(policy.read_text(encoding="utf-8").splitlines(), 1) if "至多 2个" in text)
    code, out, _ = run("test", suite, "--coverage")
    assert (
        code == 0 and f"{policy}:{line}  一(一)  数量限制“至多2个（取最有利）”：从未算到" in out
    )  # not the 原文 above it
    code, out, _ = run("--lang", "en", "test", suite, "--coverage")
    assert code == 0 and f"{policy}:{line}  一(一)  limit “at most 2 (the most favourable)”: never reached" in out
    assert "（取" not in out


def test_a_change_of_rounding_is_described_in_the_language(run, tmp_path):
    old = FIXTURES / "diff" / "base.pol"
    new = tmp_path / "rounded.pol"
    text = old.read_text(encoding="utf-8")
    assert "舍入 四舍五入 到 分" in text
    new.write_text(text.replace("舍入 四舍五入 到 分", "舍入 舍去 到 元"), encoding="utf-8")
    _, out, _ = run("diff", old, new)
    assert "四舍五入到分 → 舍去到元" in out
    _, out, _ = run("--lang", "en", "diff", old, new)
    assert "round half up to the fen → round down to the yuan" in out and "到分 →" not in out


def test_a_changed_yes_or_no_default_is_yes_or_no_in_english(run, tmp_path):
    old = FIXTURES / "diff" / "base.pol"
    new = tmp_path / "aeo.pol"
    text = old.read_text(encoding="utf-8")
    new.write_text(text.replace("事实 为AEO企业: 是否 默认 否", "事实 为AEO企业: 是否 默认 是"), encoding="utf-8")
    _, out, _ = run("diff", old, new)
    assert "否 → 是" in out
    _, out, _ = run("--lang", "en", "diff", old, new)
    assert "no → yes" in out and "否 → 是" not in out


def test_value_prose_is_value_text_in_chinese_and_english_words_in_english():
    values = [(True, Bool()), (False, Bool()), (None, Money()), ([1, 2], ListOf(())), (1234, Money())]
    with language("zh"):
        assert [value_prose(v, t) for v, t in values] == [value_text(v, t) for v, t in values]
    with language("en"):
        assert [value_prose(v, t) for v, t in values] == [
            "yes",
            "no",
            "unspecified",
            "2 items",
            value_text(1234, Money()),
        ]
        assert value_text(True, Bool()) == "是"  # case files and counterexamples keep the policy language's words


def test_a_type_error_names_the_types_in_the_language_shown(run, tmp_path):
    policy = tmp_path / "bad.pol"
    text = (EXAMPLES / "exhibition.pol").read_text(encoding="utf-8")
    assert "否则 70% × 展位费\n" in text
    policy.write_text(text.replace("否则 70% × 展位费\n", "否则 70% × 展位费 + 计划类\n"), encoding="utf-8")
    code, _, zh = run("check", policy)
    code_en, _, en = run("--lang", "en", "check", policy)
    assert code == code_en == 2
    assert "错误[T110]: 是否不能相加" in zh
    assert "values of type yes or no cannot be added" in en and "是否" not in en
