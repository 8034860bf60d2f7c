"""A 合计上限 whose limit needs a number the text leaves open (参数 … 未规定).

The defect this guards: the rule was skipped when its limit was unknown, so its members were reported
paid in full although the unknown limit could cut them. Now a member that pays something is not
determinable (its own amount its known maximum), in eval and batch alike; where the number's values
are finite, a member no value can cut is decided (semantics/decide.py), and only that.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "open_limit"
SHARED, COUNTED = FIXTURES / "shared.pol", FIXTURES / "counted.pol"  # 合计额度 未规定; 2万元/人 × 1–2人
CASES = {  # 网店建设费, 代运营费 → 40% (≤2.5万元) and 50% (≤4万元): 4000+5000, 16000+30000, 20000+30000
    "small": ("1万元", "1万元"),
    "mid": ("4万元", "6万元"),
    "large": ("5万元", "6万元"),
}


def evaluate(run, policy: Path, tmp_path: Path, name: str, *extra: str) -> dict:
    shop, agency = CASES[name]
    case = tmp_path / f"{name}.yaml"
    case.write_text(f"网店建设费: {shop}\n代运营费: {agency}\n", encoding="utf-8")
    code, out, err = run("eval", policy, case, "--format", "json", *extra)
    assert code == 0, err
    return json.loads(out)


def outcome(result: dict) -> dict[str, tuple[str, str]]:
    return {c["citation"]: (c["status"], c["amount"]) for c in result["clauses"]}


@pytest.mark.parametrize("name", sorted(CASES))
def test_an_open_limit_leaves_every_paying_member_open(run, tmp_path, name):
    result = evaluate(run, SHARED, tmp_path, name)
    assert result["determinable"] is False
    for clause in result["clauses"]:
        assert clause["status"] == "undetermined", clause
        assert clause["reason"]["kind"] == "group_cap_limit_open"
        assert clause["reason"]["params"] == ["合计额度"]
    bounds = {c["citation"]: c["upper_bound"] for c in result["clauses"]}
    assert bounds == {"二(五)2": {"small": "4000.00", "mid": "16000.00", "large": "20000.00"}[name],
                      "二(五)3": {"small": "5000.00", "mid": "30000.00", "large": "30000.00"}[name]}  # fmt: skip


def test_a_given_limit_applies_as_before(run, tmp_path):
    result = evaluate(run, SHARED, tmp_path, "large", "--set", "合计额度=3万元")
    assert outcome(result) == {"二(五)2": ("paid", "20000.00"), "二(五)3": ("paid", "10000.00")}
    assert result["total"] == "30000.00"


def test_a_finite_limit_decides_what_no_value_can_cut(run, tmp_path):
    # 2万元 or 4万元: 9000 fits under both; 16000 is first in line and fits under both; what 二(五)3 gets
    # after it (4000 or 24000) depends on the number of persons
    assert outcome(evaluate(run, COUNTED, tmp_path, "small")) == {
        "二(五)2": ("paid", "4000.00"),
        "二(五)3": ("paid", "5000.00"),
    }
    mid = evaluate(run, COUNTED, tmp_path, "mid")
    assert outcome(mid)["二(五)2"] == ("paid", "16000.00")
    assert outcome(mid)["二(五)3"][0] == "undetermined"
    assert mid["determinable"] is False


def test_the_reason_in_words(run, tmp_path):
    case = tmp_path / "c.yaml"
    case.write_text("网店建设费: 5万元\n代运营费: 6万元\n", encoding="utf-8")
    code, out, _ = run("eval", SHARED, case)
    assert code == 0
    assert "合计上限“跨境电商转型合计（测试用）”的额度原文未规定（合计额度），可能压低本条款的金额，无法确定" in out
    code, out, _ = run("eval", SHARED, case, "--lang", "en")
    assert "is not specified by the text (合计额度) and could lower this clause's amount" in out


@pytest.mark.parametrize("policy", [SHARED, COUNTED], ids=["open", "counted"])
def test_batch_agrees_with_eval(run, tmp_path, policy):
    population = tmp_path / "firms.csv"
    rows = ["统一社会信用代码,网店建设费,代运营费"] + [f"{n},{s},{a}" for n, (s, a) in sorted(CASES.items())]
    population.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    code, _, err = run("batch", policy, population, "-o", out)
    assert code == 0, err
    with out.open(encoding="utf-8-sig", newline="") as f:
        written = {r["统一社会信用代码"]: r for r in csv.DictReader(f)}
    words = {"paid": "给予", "undetermined": "不可确定"}
    for name in CASES:
        result = evaluate(run, policy, tmp_path, name)
        for clause in result["clauses"]:
            c = clause["citation"]
            assert written[name][f"{c}:状态"] == words[clause["status"]], (name, c)
            if clause["status"] == "paid":
                assert float(written[name][f"{c}[元]"]) == float(clause["amount"])
            else:
                assert written[name][f"{c}[元]"] == ""
        assert written[name]["可确定"] == ("是" if result["determinable"] else "否")
