"""Issue 11: an eligible clause that pays 0 says why — a tier gap, every item failing, no items given —
in zh and en, through `policylang eval` on real policy files; and jixi.pol adds no 取高不重复 the text lacks."""

import json
from pathlib import Path

import pytest
from conftest import FIXTURES, POLICIES

JIXI = POLICIES / "jixi.pol"
LIANYUNGANG = POLICIES / "lianyungang.pol"
TIERS = FIXTURES / "patterns" / "tiers.pol"
BARE = "符合条件，但金额为0"


def reason(run, policy: Path, case: Path, citation: str, lang: str) -> str:
    code, out, err = run("--lang", lang, "eval", policy, case, "--clause", citation, "--format", "json")
    assert code == 0, err
    found = next(c for c in json.loads(out)["clauses"] if c["citation"] == citation)
    assert found["status"] == "zero"
    return str(found["reason_text"])


def write(tmp_path: Path, text: str) -> Path:
    case = tmp_path / "case.yaml"
    case.write_text(text, encoding="utf-8")
    return case


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "zh",
            "符合条件，但不在任何一档的范围内（最近的一档：员工数 在 30人(含) 至 40人(含)，差5人），金额为0",
        ),
        (
            "en",
            "eligible, but no tier applies (the nearest: 员工数 在 30人(含) 至 40人(含), 5人 short of it), so the amount is 0",
        ),
    ],
)
def test_a_firm_in_a_tier_gap_is_told_no_tier_applies(run, tmp_path, lang, expected):
    assert reason(run, TIERS, write(tmp_path, "员工数: 25人\n"), "九(一)", lang) == expected


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("zh", "符合条件，但“省级海外仓”所列2项都不满足逐项条件，金额为0"),
        ("en", "eligible, but none of the 2 listed in “省级海外仓” met its conditions, so the amount is 0"),
    ],
)
def test_a_list_whose_items_all_fail_says_no_item_qualified(run, tmp_path, lang, expected):
    case = write(
        tmp_path,
        "省级海外仓:\n  - {名称: 莫斯科海外仓, 已获市级一次性奖励: 是}\n  - {名称: 汉堡海外仓, 已获市级一次性奖励: 是}\n",
    )
    assert reason(run, JIXI, case, "三.海外仓", lang) == expected


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("zh", "符合条件，但“境内重点展会展位”没有列出任何一项，金额为0"),
        ("en", "eligible, but no items were given in “境内重点展会展位”, so the amount is 0"),
    ],
)
def test_a_list_clause_with_no_items_says_none_were_given(run, tmp_path, lang, expected):
    assert reason(run, LIANYUNGANG, write(tmp_path, "{}\n"), "一(一)", lang) == expected


def test_a_formula_that_gives_0_still_says_so_plainly(run, tmp_path):
    case = write(tmp_path, "生产加工型外贸企业: 是\n贸易额: 1000万元\n上年贸易额: 901万元\n")
    assert reason(run, JIXI, case, "五(三)", "zh") == BARE  # 增量 99万元：不满一步


def test_jixi_pays_both_one_and_five_three_the_text_sets_no_choice_between_them(run, tmp_path):
    case = write(
        tmp_path,
        "年度新增进出口额: 1.2亿元\n获得的省级外贸主体奖励: 600万元\n"
        "生产加工型外贸企业: 是\n贸易额: 1.5亿元\n上年贸易额: 3000万元\n",
    )
    code, out, err = run("eval", JIXI, case, "--format", "json")
    assert code == 0, err
    result = json.loads(out)
    paid = {c["citation"]: c["amount"] for c in result["clauses"] if c["status"] == "paid"}
    assert paid == {"一": "600000.00", "五(三)": "500000.00"}  # 10% × 6,000,000；2,400,000 → 上限 500,000
    assert result["total"] == "1100000.00"
    assert result["events"] == []
    one = next(c for c in result["clauses"] if c["citation"] == "一")
    assert any("不可兼得" in r and "人工取高" in r for r in one["readings"])  # the assumption is shown, not silent


def test_jixi_declares_no_group_the_text_does_not_state():
    from policylang import load_policy

    assert list(load_policy(JIXI).exclusive) == []
