"""The Jixi 2023 policy (policies/jixi.pol) on real cases, through `policylang eval`.

Every expected total is worked out by hand from the official text; the arithmetic is in the
fixture files under tests/fixtures/jixi/.
"""

import datetime as dt
import json
from fractions import Fraction

import pytest
from conftest import FIXTURES, POLICIES, SOURCES

JIXI = POLICIES / "jixi.pol"
CASES = FIXTURES / "jixi"


def eval_json(run, case: str, *options: str) -> dict:
    code, out, err = run("eval", JIXI, CASES / case, "--format", "json", *options)
    assert code == 0, err
    return json.loads(out)


def clause(result: dict, citation: str) -> dict:
    return next(c for c in result["clauses"] if c["citation"] == citation)


def test_a_firm_claiming_many_clauses_gets_their_sum(run):
    result = eval_json(run, "many_clauses.yaml")
    assert result["determinable"] is True
    assert result["total"] == "2156500.00"
    assert clause(result, "五(三)")["amount"] == "220000.00"  # 1150万元 增量 → 11 个满 100万元


def test_loans_need_a_day_count_the_text_does_not_give(run):
    result = eval_json(run, "loans.yaml", "--clause", "五(二)2")
    finance = clause(result, "五(二)2")
    assert finance["status"] == "undetermined"
    assert [u["name"] for u in finance["unspecified"]] == ["计息年天数"]
    assert finance["upper_bound"] == "500000.00"


def test_loans_take_the_lpr_of_their_issue_date_across_a_change(run):
    result = eval_json(run, "loans.yaml", "--clause", "五(二)2", "--set", "计息年天数=360天")
    assert result["total"] == "200000.00"
    assert result["assumed"] == {"计息年天数": "360天"}


def test_lpr_table_lists_every_published_change_and_nothing_else():
    from policylang import load_policy

    rows = load_policy(JIXI).tables["一年期LPR"].rows
    assert rows == (
        (dt.date(2021, 12, 20), Fraction(380, 10000)),  # in force on 2022-01-01
        (dt.date(2022, 1, 20), Fraction(370, 10000)),
        (dt.date(2022, 8, 22), Fraction(365, 10000)),
        (dt.date(2023, 6, 20), Fraction(355, 10000)),
        (dt.date(2023, 8, 21), Fraction(345, 10000)),
    )


def test_one_is_paid_beside_the_article_cap_that_squeezes_out_five_three(run):
    result = eval_json(run, "exclusive_with_article_cap.yaml")
    assert result["total"] == "2100000.00"
    assert clause(result, "一")["amount"] == "100000.00"
    assert clause(result, "五(三)")["amount"] == "0.00"  # the 200万元 article cap is used up by 五(一)1 and 五(一)2


def test_no_group_the_text_does_not_state_takes_one_away(run, tmp_path):
    """七's 从高不重复 speaks of other fields' policies and 五 says 本条政策可多项申报: a firm meeting 一 and 五(三)
    is paid both, and the reading that says so is in the output."""
    case = tmp_path / "both.yaml"
    case.write_text(
        "年度新增进出口额: 1.2亿元\n获得的省级外贸主体奖励: 100万元\n生产加工型外贸企业: 是\n贸易额: 1.5亿元\n上年贸易额: 3000万元\n",
        encoding="utf-8",
    )
    code, out, err = run("eval", JIXI, case, "--explain")
    assert code == 0, err
    assert "100,000.00元（给予）" in out  # 10% × 1,000,000, not 取高不重复未取 against 五(三)'s 500,000
    assert "原文未规定本条与五(三)不可兼得" in out


SOURCE = SOURCES / "jixi-2023.txt"


@pytest.mark.skipif(not SOURCE.exists(), reason="the official text is not in this checkout")
def test_every_quote_is_verbatim_from_the_official_text():
    from policylang import load_policy

    text = SOURCE.read_text(encoding="utf-8").replace("\n", "")
    policy = load_policy(JIXI)
    assert [c.citation for c in policy.clauses if c.quote not in text] == []
    assert all(c.quote for c in policy.clauses)
    assert all(g.name in text for g in policy.group_caps)  # the article cap is named by its sentence
