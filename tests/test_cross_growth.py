"""Issue 13 (h13r): the cross-clause rules grow.

A 合计上限 whose member is not determinable — and cannot be decided by enumerating values (an
unspecified 金额 parameter) — used to count that member as 0, so a later member was reported paid
in full although what it gets depends on the unknown. Now a later member is not determinable where
the largest the unknown member can take (its known maximum; none known: everything) would cut it,
and decided where even that leaves it room. eval and batch agree.
"""

from __future__ import annotations

import json

import polars as pl
import pytest
from conftest import FIXTURES

from policylang import load_policy
from policylang.tools.batch import evaluate_population
from policylang.tools.batch.engine import amount_column, status_column

HERE = FIXTURES / "cross_growth"
GROUP_CAP = HERE / "group_cap_unknown.pol"


def clause(data: dict, citation: str) -> dict:
    return next(c for c in data["clauses"] if c["citation"] == citation)


# ---------------------------------------------------------------------------- 合计上限 with an open member
# 一 pays 展会定额 (未规定), at most 30万元; 二 pays 50% of 培训费用, at most 20万元; together at most 40万元.
def test_a_later_member_the_unknown_could_cut_is_not_determinable(run):
    code, out, err = run("eval", GROUP_CAP, HERE / "tight.yaml", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    # 二 alone is 20万元; if 一 takes its most (30万元) only 10万元 is left: 二 gets 10万–20万元
    assert clause(data, "一")["status"] == "undetermined"
    two = clause(data, "二")
    assert two["status"] == "undetermined"
    assert two["reason"] == {"kind": "group_cap_shared", "group": "每户企业最高", "members": ["一"]}
    assert two["upper_bound"] == "200000.00"
    assert data["determinable"] is False


def test_a_later_member_with_room_whatever_the_unknown_takes_is_decided(run):
    code, out, err = run("eval", GROUP_CAP, HERE / "roomy.yaml", "--format", "json")
    assert code == 0, err
    two = clause(json.loads(out), "二")
    # 30万元 + 5万元 ≤ 40万元: 二 is paid 5万元 for every value 展会定额 can take
    assert (two["status"], two["amount"]) == ("paid", "50000.00")


def test_at_the_boundary_the_later_member_is_decided_and_just_above_it_is_not(run):
    for fee, status in (("20万元", "paid"), ("20.0002万元", "undetermined")):  # 二 = 10万元 | 10.0001万元
        code, out, err = run("eval", GROUP_CAP, HERE / "roomy.yaml", "--set", f"培训费用={fee}", "--format", "json")
        assert code == 0, err
        assert clause(json.loads(out), "二")["status"] == status, fee


def test_a_value_given_for_the_unknown_decides_the_later_member(run):
    code, out, err = run("eval", GROUP_CAP, HERE / "tight.yaml", "--set", "展会定额=25万元", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert (clause(data, "一")["amount"], clause(data, "二")["amount"]) == ("250000.00", "150000.00")


def test_the_reason_in_english(run):
    code, out, err = run("eval", GROUP_CAP, HERE / "tight.yaml", "--lang", "en")
    assert code == 0, err
    assert "shared cap" in out and "每户企业最高" in out


@pytest.mark.parametrize("training", ["10万元", "20万元", "20.0002万元", "40万元", "0元"])
def test_batch_agrees_with_eval(run, training):
    policy = load_policy(GROUP_CAP)
    frame = pl.DataFrame([{"展会费用": "5万元", "培训费用": training}])
    out = evaluate_population(policy, frame)
    code, text, err = run("eval", GROUP_CAP, HERE / "roomy.yaml", "--set", f"培训费用={training}", "--format", "json")
    assert code == 0, err
    data = json.loads(text)
    for c in ("一", "二"):
        assert out[status_column(c)][0] == clause(data, c)["status"], c
        amount = out[amount_column(c)][0]
        expected = None if clause(data, c)["status"] == "undetermined" else clause(data, c)["amount"]
        assert (None if amount is None else f"{amount / 100:.2f}") == expected, c


def test_an_unknown_member_without_a_known_maximum_leaves_every_later_share_open(run, tmp_path):
    text = GROUP_CAP.read_text(encoding="utf-8").replace('  上限 "最高30万元" 30万元\n', "")
    unbounded = tmp_path / "unbounded.pol"
    unbounded.write_text(text, encoding="utf-8")
    code, out, err = run("eval", unbounded, HERE / "roomy.yaml", "--format", "json")
    assert code == 0, err
    two = clause(json.loads(out), "二")
    assert (two["status"], two["upper_bound"]) == ("undetermined", "50000.00")
    frame = pl.DataFrame([{"展会费用": "5万元", "培训费用": "10万元"}])
    assert evaluate_population(load_policy(unbounded), frame)[status_column("二")][0] == "undetermined"
