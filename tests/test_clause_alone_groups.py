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
