"""policies/lianyungang.pol through the real CLI, on cases taken from its suite by name.

The facts come from policies/lianyungang.cases.yaml (one source for the cases); the expected
totals are written here again, worked out by hand from 连政办发〔2023〕31号.
"""

from __future__ import annotations

import json

import pytest
import yaml
from conftest import POLICIES, SOURCES

POLICY = POLICIES / "lianyungang.pol"
SUITE = POLICIES / "lianyungang.cases.yaml"
SOURCE = SOURCES / "lianyungang-2023.txt"


def suite_case(name: str) -> dict:
    cases = yaml.safe_load(SUITE.read_text(encoding="utf-8"))["案例"]
    found = [c for c in cases if c["名称"] == name]
    assert len(found) == 1, name
    return found[0]


@pytest.fixture
def evaluate(run, tmp_path):
    """evaluate(case name, *options) → the `eval --format json` result for that suite case's facts."""

    def go(name: str, *options: str) -> dict:
        case = suite_case(name)
        case_file = tmp_path / "case.yaml"
        case_file.write_text(yaml.safe_dump(case["事实"] or {}, allow_unicode=True), encoding="utf-8")
        code, out, err = run("eval", POLICY, case_file, "--format", "json", *options)
        assert code == 0, err
        return json.loads(out)

    return go


def statuses(result: dict) -> dict[str, str]:
    return {c["citation"]: c["status"] for c in result["clauses"]}


def test_overseas_fair_two_booths_and_8wan_cap(evaluate):
    result = evaluate("一(二)1 同一展会3个展位：取最有利2个，同一展会8万元上限约束", "--clause", "一(二)1")
    # 80%×6万=4.8万 twice (the 5万 booth's 4万 is left out) = 9.6万 → 同一展会 8万
    assert result["total"] == "80000.00"


def test_exclusive_overseas_warehouse_pays_the_higher_only(evaluate):
    result = evaluate(
        "取高不重复 试点累计额度只剩10万元：取市级30万元", "--clause", "三(四)2.试点", "--clause", "三(四)2.市级"
    )
    # 试点: 30万 → 100万−已获90万 = 10万 < 市级 30万 → only 市级 is paid
    assert result["total"] == "300000.00"
    assert statuses(result) == {"三(四)2.试点": "excluded", "三(四)2.市级": "paid"}


def test_market_procurement_is_undetermined_until_ratio_and_rate_are_assumed(evaluate):
    name = "三(五) 设定比例2%、汇率7元（假定）：最高20万元"
    unknown = evaluate(name, "--clause", "三(五)")
    assert statuses(unknown) == {"三(五)": "undetermined"} and unknown["determinable"] is False
    assumed = evaluate(name, "--clause", "三(五)", "--set", "市场采购奖励比例=2%", "--set", "美元兑人民币汇率=7元/美元")
    # 2% × 7元 × 2,000,000美元 = 280,000元 → 最高20万元
    assert assumed["total"] == "200000.00"


def test_the_contradictory_third_tier_states_its_reading():
    """语言版本 2: 超过 50家(含) 读作 含, as the 解读 says (按括注“(含)”计) — no warning; the seed as it was
    (version 1, tests/fixtures/bounds/lianyungang_v1.pol) still warns W201 there."""
    import policylang

    warnings: list = []
    policylang.load_policy(POLICY, warnings)
    assert warnings == []
    policylang.load_policy(POLICY.parent.parent / "tests" / "fixtures" / "bounds" / "lianyungang_v1.pol", warnings)
    assert [w.code for w in warnings] == ["W201"]
    assert "超过 50家(含)" in warnings[0].span.text


@pytest.mark.skipif(not SOURCE.exists(), reason="the official text is not in this checkout")
def test_every_quote_is_verbatim_from_the_official_text():
    import policylang

    text = SOURCE.read_text(encoding="utf-8").replace("\n", "")  # page breaks split sentences
    policy = policylang.load_policy(POLICY)
    assert [c.citation for c in policy.clauses if c.quote not in text] == []
