"""`--clause` on a member of 不重复享受 or 就高不重复 says the clause was evaluated on its own.

The two rules came after the note for 取高不重复 and 合计上限 (issue 11) and were left out of it:
`eval --clause 二` on a 不重复享受 member showed 100,000.00元 as if it were paid, while the full
evaluation leaves it not determinable (the text does not say which member is kept).
"""

from __future__ import annotations

import json

from conftest import FIXTURES

HERE = FIXTURES / "cross_growth"


def only(data: dict, citation: str) -> dict:
    [c] = [c for c in data["clauses"] if c["citation"] == citation]
    return c


def test_a_no_double_member_alone_names_its_group_and_the_full_result(run, tmp_path):
    case = tmp_path / "both.yaml"
    case.write_text("出口额: 2000万元\n新增出口额: 500万元\n", encoding="utf-8")
    code, out, err = run("eval", HERE / "no_double.pol", case, "--clause", "二", "--format", "json")
    assert code == 0, err
    two = only(json.loads(out), "二")
    assert two["amount"] == "100000.00"
    assert two["groups"] == [{"kind": "no_double", "name": "第2、3条不重复享受", "members": ["二", "三"]}]
    assert two["full_evaluation"]["status"] == "undetermined"
    code, out, _ = run("eval", HERE / "no_double.pol", case, "--clause", "二", "--lang", "en")
    assert code == 0
    assert "not-both rule (不重复享受) “第2、3条不重复享受” (二, 三)" in out


def test_an_other_funds_member_alone_names_the_rule(run, tmp_path):
    case = tmp_path / "funds.yaml"
    case.write_text("研发投入: 300万元\n已获其他专项资金: 10万元\n", encoding="utf-8")
    code, out, err = run("eval", HERE / "other_funds.pol", case, "--clause", "五(一)1", "--format", "json")
    assert code == 0, err
    one = only(json.loads(out), "五(一)1")
    assert one["groups"] == [{"kind": "other_funds", "name": "同一项目已获其他专项资金", "members": ["五(一)1"]}]
    code, out, _ = run("eval", HERE / "other_funds.pol", case, "--clause", "五(一)1")
    assert code == 0
    assert "就高不重复“同一项目已获其他专项资金”（五(一)1）" in out


def test_batch_refusing_an_other_funds_amount_names_that_rule_not_a_shared_ceiling(run, tmp_path):
    """就高不重复 compares with its amount through the same ledger call as 合计上限 (group_limit); its
    refusals said "合计上限“…”" for a rule that is no 合计上限."""
    text = (HERE / "other_funds.pol").read_text(encoding="utf-8")
    bad = tmp_path / "thirds.pol"
    bad.write_text(text.replace("对照 已获其他专项资金", "对照 已获其他专项资金 ÷ 3"), encoding="utf-8")
    people = tmp_path / "people.csv"
    people.write_text("研发投入,已获其他专项资金\n300万元,10万元\n", encoding="utf-8")
    code, _, err = run("batch", bad, people)
    assert code == 2
    assert "B042" in err and "就高不重复“同一项目已获其他专项资金”" in err and "合计上限" not in err


def test_batch_refuses_an_other_funds_amount_summed_from_items_by_name(run, tmp_path):
    """Before, only 合计上限 amounts were screened for items and tables (B040)."""
    text = (HERE / "other_funds.pol").read_text(encoding="utf-8")
    items = "事实 其他资金: 列表 {\n  项目: 文本\n  金额: 金额\n}\n"
    text = text.replace("事实 已获其他专项资金", items + "事实 已获其他专项资金")
    bad = tmp_path / "items.pol"
    bad.write_text(text.replace("对照 已获其他专项资金", "对照 合计(其他资金, 金额)"), encoding="utf-8")
    people = tmp_path / "people.csv"
    people.write_text("研发投入,已获其他专项资金\n300万元,10万元\n", encoding="utf-8")
    code, _, err = run("batch", bad, people)
    assert code == 2
    assert "B040" in err and "就高不重复“同一项目已获其他专项资金”对照的金额" in err, err
