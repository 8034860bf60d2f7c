"""A 合计上限 whose limit is an unspecified parameter (参数 … 未规定) used to be skipped: its members
were reported paid in full, although the unknown limit could cut them. Now a member paid more than
0 is 不可确定 with a reason naming the group and the open parameter (its own amount its upper bound);
a case where every member pays 0 stays determinable. eval and batch agree."""

from __future__ import annotations

import json

import polars as pl
from conftest import FIXTURES

HERE = FIXTURES / "open_limit" / "more"
POLICY = HERE / "open_limit.pol"


def clause(data: dict, citation: str) -> dict:
    return next(c for c in data["clauses"] if c["citation"] == citation)


def test_members_the_open_limit_could_cut_are_not_determinable(run):
    code, out, err = run("eval", POLICY, HERE / "paid.yaml", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["determinable"] is False
    for c, bound in (("一", "50000.00"), ("二", "20000.00")):
        member = clause(data, c)
        assert member["status"] == "undetermined", c
        assert member["reason"] == {"kind": "group_cap_limit_open", "group": "同一企业合计额度", "params": ["合计额度"]}
        assert member["upper_bound"] == bound, c


def test_the_reason_names_the_open_parameter_in_text(run):
    code, out, err = run("eval", POLICY, HERE / "paid.yaml", "--lang", "en")
    assert code == 0, err
    assert "合计额度" in out and "同一企业合计额度" in out
    assert "paid in full" not in out


def test_members_paying_nothing_stay_determinable(run):
    code, out, err = run("eval", POLICY, HERE / "none.yaml", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["determinable"] is True
    assert {clause(data, c)["status"] for c in ("一", "二")} == {"ineligible"}


def test_a_given_limit_decides_it(run):
    code, out, err = run("eval", POLICY, HERE / "paid.yaml", "--set", "合计额度=6万元", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["determinable"] is True
    assert (clause(data, "一")["amount"], clause(data, "二")["amount"]) == ("50000.00", "10000.00")


def test_batch_agrees_with_eval(run, tmp_path):
    target = tmp_path / "out.csv"
    code, _, err = run("batch", POLICY, HERE / "population.csv", "-o", target)
    assert code == 0, err
    rows = pl.read_csv(target).to_dicts()
    for row, case in zip(rows, ("paid.yaml", "none.yaml"), strict=True):
        code, out, err = run("eval", POLICY, HERE / case, "--format", "json")
        data = json.loads(out)
        assert row["可确定"] == ("是" if data["determinable"] else "否"), (case, row)
        for c in ("一", "二"):
            undetermined = clause(data, c)["status"] == "undetermined"
            assert (row[f"{c}:状态"] == "不可确定") == undetermined, (case, c, row)


# 合计上限 如果 按高档 则 100万元 否则 6万元, 按高档 是否 未规定: decide.py tries both limits.
CHOICE = HERE / "open_choice.pol"


def test_a_finite_open_limit_is_enumerated_and_only_what_it_changes_is_open(run):
    code, out, err = run("eval", CHOICE, HERE / "paid.yaml", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    # 一 (5万元) fits under 6万元 and 100万元 alike; 二 gets 1万元 or 2万元
    assert (clause(data, "一")["status"], clause(data, "一")["amount"]) == ("paid", "50000.00")
    assert clause(data, "二")["status"] == "undetermined"
    assert clause(data, "二")["reason"]["kind"] == "group_cap_limit_open"
    assert data["determinable"] is False


def test_a_finite_open_limit_that_cuts_nothing_is_determinable(run):
    code, out, err = run("eval", CHOICE, HERE / "small.yaml", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["determinable"] is True
    assert (clause(data, "一")["status"], clause(data, "一")["amount"]) == ("paid", "50000.00")


def test_batch_agrees_with_eval_on_the_finite_open_limit(run, tmp_path):
    target = tmp_path / "out.csv"
    code, _, err = run("batch", CHOICE, HERE / "population_choice.csv", "-o", target)
    assert code == 0, err
    rows = pl.read_csv(target).to_dicts()
    for row, case in zip(rows, ("paid.yaml", "none.yaml", "small.yaml"), strict=True):
        data = json.loads(run("eval", CHOICE, HERE / case, "--format", "json")[1])
        assert row["可确定"] == ("是" if data["determinable"] else "否"), (case, row)
        for c in ("一", "二"):
            undetermined = clause(data, c)["status"] == "undetermined"
            assert (row[f"{c}:状态"] == "不可确定") == undetermined, (case, c, row)
