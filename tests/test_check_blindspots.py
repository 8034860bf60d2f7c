"""policylang check, issue 12 §3–§4: blind spots closed and messages a drafter can act on.

Each fixture under tests/fixtures/check/blind/ is a mutated (or trimmed) copy of a seed policy with
one mistake; its golden (zh and en) is the exact report, every counterexample it carries is re-run
through `policylang eval` and must give what the finding recorded, and the assertions below pin
what each finding must say."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
from conftest import FIXTURES, ROOT
from golden import assert_golden

BLIND = FIXTURES / "check" / "blind"
GOLDENS = ROOT / "tests" / "golden" / "check" / "blind"

# fixture → the codes it must produce, exactly
EXPECTED = {
    "cumulative_per_item": ["CAP002"],
    "dead_group_cap": ["CAP001"],
    "two_gaps": ["TIER001", "TIER001"],
    "two_overlaps": ["TIER001", "TIER001", "TIER002", "TIER002"],
    "boundary_unit": ["TIER005"],
    "boundary_yishang": ["TIER005"],
    "contradictory_facts": ["COND001"],
    "group_never_pays": ["COND001"],
    "tiers_never_pay": ["COND001"],  # was COND001 and three knock-on TIER004 ("never applies")
    "group_cap_three": ["CAP003"],
}


@pytest.fixture(autouse=True)
def at_root(monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    monkeypatch.setenv("POLICYLANG_DEBUG", "1")


def rel(name: str) -> str:
    return str((BLIND / f"{name}.pol").relative_to(ROOT))


def findings(run, name: str, *extra: str) -> list[dict]:
    code, out, err = run("check", rel(name), "--format", "json", *extra)
    assert code in (0, 1), err
    return json.loads(out)["findings"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_blind_fixture_golden_and_codes(run, name):
    code, out, err = run("check", rel(name))
    assert err == ""
    assert_golden(GOLDENS / f"{name}.txt", out)
    found = findings(run, name)
    assert sorted(f["code"] for f in found) == sorted(EXPECTED[name])
    assert code == (1 if any(f["severity"] == "error" for f in found) else 0)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_blind_fixture_golden_in_english(run, name):
    _, out, err = run("check", rel(name), "--lang", "en")
    assert err == ""
    assert_golden(GOLDENS / f"{name}.en.txt", out)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_blind_counterexamples_do_what_the_finding_claims(run, tmp_path, name):
    """Every case file a finding carries, run through eval, gives the outcomes the finding recorded."""
    for finding in findings(run, name):
        for ex in finding["counterexamples"]:
            case = tmp_path / f"{finding['code']}-{ex['label']}.yaml"
            case.write_text(ex["case"], encoding="utf-8")
            code, out, err = run("eval", rel(name), case, "--format", "json")
            assert code == 0, err
            result = {c["citation"]: c for c in json.loads(out)["clauses"]}
            for expect in ex["expect"]:
                got = result[expect["citation"]]
                assert (got["status"], got["amount"]) == (expect["status"], expect["amount"]), (finding, ex)


# ---------------------------------------------------------------------------- §3 blind spots
def test_cumulative_cap_below_one_item_is_reported(run):
    """三(一)1: 4万元 per new enterprise against a cumulative 3万元: one enterprise is already cut."""
    (f,) = findings(run, "cumulative_per_item")
    assert f["code"] == "CAP002" and f["citation"] == "三(一)1"
    assert "3万元" in f["message"] and "4万元" in f["message"]
    (ex,) = f["counterexamples"]
    assert "纳入限额以上统计: 是" in ex["case"]
    assert ex["expect"][0]["amount"] == "30000.00"


def test_every_gap_of_a_tier_table_is_reported(run):
    """The seed's 三(一)3 has two gaps: 30–49家 up to 7亿元, and 50家 or more up to 10亿元."""
    gaps = [f for f in findings(run, "two_gaps") if f["code"] == "TIER001"]
    assert len(gaps) == 2
    larger = [g["counterexamples"][0]["case"] for g in gaps]
    counts = sorted(int(c.split("服务跨境电商企业数: ")[1].split("家")[0]) for c in larger)
    assert counts[0] < 50 <= counts[1]
    for g in gaps:
        amounts = [Fraction(ex["expect"][0]["amount"]) for ex in g["counterexamples"]]
        assert amounts[0] < amounts[1]  # the larger enterprise is paid less


def test_every_overlap_of_a_tier_table_is_reported(run):
    overlaps = [f for f in findings(run, "two_overlaps") if f["code"] == "TIER002"]
    cases = sorted(f["counterexamples"][0]["case"] for f in overlaps)
    assert len(cases) == 2
    assert "服务跨境电商企业数: 30家" in cases[0] and "服务跨境电商企业数: 50家" in cases[1]


def test_group_cap_that_item_caps_multiply_out_to_is_dead(run):
    """4 booths × 0.5万元 = the 2万元 per-fair cap: the group cap never takes effect."""
    (f,) = findings(run, "dead_group_cap")
    assert f["code"] == "CAP001" and f["severity"] == "warning"
    assert "同一展会最高扶持2万元" in f["message"] and "4" in f["message"] and "0.5万元" in f["message"]
    (ex,) = f["counterexamples"]
    assert ex["case"].count("展会:") == 4
    assert ex["expect"][0]["amount"] == "20000.00"


def test_seed_group_cap_with_larger_item_caps_is_not_dead(run):
    """The seed's 一(一): a 光地 item may reach 1.6万元, so 2 items can pass the 1.6万元 per-fair cap."""
    _, out, _ = run("check", "policies/lianyungang.pol", "--format", "json")
    assert not [f for f in json.loads(out)["findings"] if f["code"] == "CAP001"]


# ---------------------------------------------------------------------------- §4 messages
def test_boundary_suggestion_uses_the_threshold_and_its_unit(run):
    (f,) = findings(run, "boundary_unit")
    assert "达到 5000吨(含)" in f["suggestion"] and "超过 5000吨" in f["suggestion"]
    assert "50家" not in f["suggestion"]


def test_boundary_with_yishang_says_what_was_written(run):
    (f,) = findings(run, "boundary_yishang")
    text = f["message"] + f["suggestion"] + "".join(ex["title"] for ex in f["counterexamples"])
    assert "括注" not in text and "“”" not in text and "超过(含)以上" not in text
    assert "“以上”" in f["message"]
    assert "500万元" in f["suggestion"]
    (ex,) = f["counterexamples"]
    assert "本地加工产品出口额: 500万元" in ex["case"]


def test_contradictory_yes_no_conditions_suggest_what_fits(run):
    (f,) = findings(run, "contradictory_facts")
    assert "门槛" not in f["suggestion"] and "“非”" in f["suggestion"]


def test_correct_group_is_not_blamed_for_a_clause_that_never_pays(run):
    found = findings(run, "group_never_pays")
    assert [f["code"] for f in found] == ["COND001"]


def test_one_group_cap_mistake_is_one_finding(run):
    (f,) = findings(run, "group_cap_three")
    assert f["code"] == "CAP003"
    for cite in ("五(一)1", "五(一)2", "五(二)1"):
        assert cite in f["message"]
    assert "五(二)2" not in f["message"]
    assert {ex["expect"][0]["citation"] for ex in f["counterexamples"]} == {"五(一)1", "五(一)2", "五(二)1"}


def test_tiers_of_a_clause_that_never_pays_are_not_blamed(run):
    """三(一)3 with contradictory yes/no conditions: the one root finding, no TIER004 for each row."""
    (f,) = findings(run, "tiers_never_pay")
    assert f["code"] == "COND001" and f["citation"] == "三(一)3"
