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


def test_exclusive_choice_accounts_for_the_article_cap(run):
    result = eval_json(run, "exclusive_with_article_cap.yaml")
    assert result["total"] == "2100000.00"


SOURCE = SOURCES / "jixi-2023.txt"


@pytest.mark.skipif(not SOURCE.exists(), reason="the official text is not in this checkout")
def test_every_quote_is_verbatim_from_the_official_text():
    from policylang import load_policy

    text = SOURCE.read_text(encoding="utf-8").replace("\n", "")
    policy = load_policy(JIXI)
    assert [c.citation for c in policy.clauses if c.quote not in text] == []
    assert all(c.quote for c in policy.clauses)
    assert all(g.name in text for g in policy.group_caps)  # the article cap is named by its sentence
