"""Every pattern of the language, on both sides of each boundary, through the real CLI.

The policies are small files under tests/fixtures/patterns/; each test writes one case as a
drafter would and reads the `--format json` result (schema policylang.result/1).
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import EXAMPLES, FIXTURES

PATTERNS = FIXTURES / "patterns"


@pytest.fixture
def evaluate(run, tmp_path):
    """evaluate(policy, case_yaml, *options) → the JSON result; the command must succeed."""
    counter = iter(range(10_000))

    def go(policy: str | Path, case: str, *options: str) -> dict:
        case_file = tmp_path / f"case{next(counter)}.yaml"
        case_file.write_text(case, encoding="utf-8")
        path = policy if isinstance(policy, Path) else PATTERNS / policy
        code, out, err = run("eval", path, case_file, "--format", "json", *options)
        assert code == 0, err
        return json.loads(out)

    return go


def clause(result: dict, citation: str) -> dict:
    found = [c for c in result["clauses"] if c["citation"] == citation]
    assert len(found) == 1, [c["citation"] for c in result["clauses"]]
    return found[0]


def award(result: dict, citation: str) -> Decimal | None:
    """The amount paid by one clause, in yuan (None when not determinable)."""
    amount = clause(result, citation)["amount"]
    return None if amount is None else Decimal(amount)


def only(evaluate, policy: str, citation: str, case: str, *options: str) -> dict:
    """Evaluate a single clause (so the case needs only that clause's facts)."""
    return clause(evaluate(policy, case, "--clause", citation, *options), citation)


def paid(c: dict) -> Decimal:
    return Decimal(c["amount"])


def cap_binds(c: dict, name: str) -> bool:
    caps = [x for x in c["caps"] if x["name"].startswith(name)]
    assert caps, (name, c["caps"])
    return any(x["binds"] for x in caps)


# ---------------------------------------------------------------------------- award forms
@pytest.mark.parametrize(
    "amount, expected, binds",
    [
        ("4000万元", "800000.00", False),  # 2% below the cap
        ("5000万元", "1000000.00", False),  # exactly the cap: reached, not exceeded
        ("50000000.01元", "1000000.00", True),  # one fen more: the cap binds
        ("2亿元", "1000000.00", True),
    ],
)
def test_rate_of_a_base_with_a_cap(evaluate, amount, expected, binds):
    c = only(evaluate, "awards.pol", "三(一)1", f"进口额: {amount}\n商品落地率: 60%\n")
    assert (c["status"], c["amount"]) == ("paid", expected)
    assert cap_binds(c, "最高奖励") is binds
    assert c["bound_cap"] == ("最高奖励" if binds else None)


def test_fixed_amount_chosen_by_a_one_of_fact(evaluate):
    assert paid(only(evaluate, "awards.pol", "二(一)", "平台级别: 国家级\n")) == Decimal("1000000")
    assert paid(only(evaluate, "awards.pol", "二(一)", "平台级别: 省级\n")) == Decimal("500000")
    c = only(evaluate, "awards.pol", "二(一)", "{}\n")  # 默认 无
    assert (c["status"], c["amount"]) == ("ineligible", "0.00")


@pytest.mark.parametrize(
    "tons, status, expected",
    [
        ("4999吨", "ineligible", "0.00"),  # 5000吨(含): one ton short
        ("5000吨", "paid", "250000.00"),  # the threshold itself counts
        ("8000吨", "paid", "400000.00"),  # 50元/吨 × 8000吨
        ("20000吨", "paid", "1000000.00"),  # exactly the cap
        ("20001吨", "paid", "1000000.00"),  # the cap binds
    ],
)
def test_per_unit_times_quantity_per_ton(evaluate, tons, status, expected):
    c = only(evaluate, "awards.pol", "三(一)2", f"煤炭落地量: {tons}\n")
    assert (c["status"], c["amount"]) == (status, expected)


@pytest.mark.parametrize(
    "parcels, expected, binds",
    [
        ("999999", "999999.00", False),  # 1元/个; a bare count takes the declared unit
        ("1000000个", "1000000.00", False),
        ("1000001个", "1000000.00", True),
    ],
)
def test_per_unit_times_quantity_per_piece(evaluate, parcels, expected, binds):
    c = only(evaluate, "awards.pol", "二(四)1", f"放行包裹数: {parcels}\n")
    assert c["amount"] == expected and cap_binds(c, "最高") is binds


@pytest.mark.parametrize(
    "increase, expected",
    [
        ("99.99万元", "0.00"),  # not one full step
        ("100万元", "20000.00"),  # one full step
        ("199万元", "20000.00"),  # 1.99 steps → 1 step: paid per full step only
        ("200万元", "40000.00"),
        ("1000万元", "200000.00"),  # 10 steps = the cap
        ("1100万元", "200000.00"),  # 11 steps, capped
    ],
)
def test_steps_are_paid_per_full_step_only(evaluate, increase, expected):
    c = only(evaluate, "awards.pol", "九(九)", f"贸易额: {increase}\n上年贸易额: 0元\n")
    assert c["amount"] == expected
    assert c["status"] == ("zero" if expected == "0.00" else "paid")


def test_steps_of_a_decrease_pay_nothing(evaluate):
    c = only(evaluate, "awards.pol", "九(九)", "贸易额: 800万元\n上年贸易额: 1000万元\n")
    assert (c["status"], c["amount"]) == ("zero", "0.00")


def test_share_of_another_award(evaluate):
    c = only(evaluate, "awards.pol", "一(一)", "新增进出口额: 1亿元\n省级奖励: 30万元\n")
    assert c["amount"] == "30000.00"
    assert "省级奖励(300,000.00元)" in c["formula"]
    c = only(evaluate, "awards.pol", "一(一)", "新增进出口额: 99999999.99元\n省级奖励: 30万元\n")
    assert c["status"] == "ineligible"


@pytest.mark.parametrize(
    "provincial, expected, status",
    [
        ("0元", "80000.00", "paid"),
        ("5万元", "30000.00", "paid"),
        ("8万元", "0.00", "zero"),  # the provincial award already uses the whole 80%
        ("9万元", "0.00", "zero"),  # never below 0
    ],
)
def test_combined_ceiling_with_a_provincial_award(evaluate, provincial, expected, status):
    c = only(evaluate, "awards.pol", "九(八)", f"参展费用: 10万元\n省级参展补助: {provincial}\n")
    assert (c["status"], c["amount"]) == (status, expected)
    negative = any(e["kind"] == "negative_to_zero" for e in c["events"])
    assert negative is any("为负" in a for a in c["events_text"])
    assert negative is (provincial == "9万元")


# ---------------------------------------------------------------------------- tiers
@pytest.mark.parametrize(
    "firms, volume, expected",
    [
        ("19家", "6亿元", "0.00"),  # below the first tier: a gap pays 0
        ("20家", "500000000.01元", "500000.00"),  # 20家(含) in; 超过 5亿元 by one fen
        ("20家", "5亿元", "0.00"),  # 超过 5亿元: 5亿 itself does not count
        ("29家", "8亿元", "500000.00"),  # still the first tier
        ("30家", "8亿元", "700000.00"),  # 30家(不含) out of the first, (含) in the second
        ("30家", "6亿元", "0.00"),  # the second tier's amount condition fails
        ("49家", "20亿元", "700000.00"),
        ("50家", "1000000000.01元", "1000000.00"),  # 超过50(含)家: 50 counts
        ("50家", "10亿元", "0.00"),  # 超过 10亿元 excludes 10亿
    ],
)
def test_two_dimensional_tiers(evaluate, firms, volume, expected):
    c = only(evaluate, "tiers.pol", "二(三)3", f"服务企业数: {firms}\n交易实绩: {volume}\n")
    assert c["amount"] == expected


@pytest.mark.parametrize(
    "staff, expected",
    [
        (9, "0.00"),
        (10, "10000.00"),
        (19, "10000.00"),
        (20, "0.00"),  # 10(含)—20(不含)
        (25, "0.00"),
        (29, "0.00"),  # the gap pays 0
        (30, "30000.00"),
        (40, "30000.00"),
        (41, "0.00"),  # 30(含)—40(含)
    ],
)
def test_one_dimensional_tiers_with_a_gap(evaluate, staff, expected):
    c = only(evaluate, "tiers.pol", "九(一)", f"员工数: {staff}人\n")
    assert c["amount"] == expected
    if expected == "0.00":
        assert c["status"] == "zero" and "无一档适用" in c["formula"]


# ---------------------------------------------------------------------------- caps at every scope
PEOPLE = "商务活动人员:\n" + "".join(
    f"  - {{活动: {a}, 国际段支出: {x}}}\n"
    for a, x in [("德国展", "1万元"), ("德国展", "5万元"), ("德国展", "4万元"), ("日本展", "2万元")]
)


def test_item_cap_group_cap_and_quantity_limit_in_listed_order(evaluate):
    c = only(evaluate, "caps.pol", "一(二)2", PEOPLE)
    items = c["items"]
    # 每人最高2万元 binds on the 5万 and 4万 items
    assert [i["amount"] for i in items] == ["7000.00", "20000.00", "20000.00", "14000.00"]
    assert [any(k["binds"] for k in i["caps"]) for i in items] == [False, True, True, False]
    # 至多 2个 取 申报顺序: the first two listed for 德国展 count, whatever their amounts
    assert [i["counted"] for i in items] == [True, True, False, True]
    assert items[2]["outcome"] == "over_limit" and items[2]["group"] == "德国展"
    assert items[2]["limit"] == {"count": 2, "order": "as_listed"}
    assert "超过数量限制" in items[2]["reason_text"] and "德国展" in items[2]["reason_text"]
    # 每次活动 3万: 7000 + 20000 = 27000 does not reach it
    assert not cap_binds(c, "每次活动")
    assert c["amount"] == "41000.00"


def test_group_cap_binds(evaluate):
    case = "商务活动人员:\n  - {活动: 德国展, 国际段支出: 3万元}\n  - {活动: 德国展, 国际段支出: 3万元}\n"
    c = only(evaluate, "caps.pol", "一(二)2", case)
    assert [i["amount"] for i in c["items"]] == ["20000.00", "20000.00"]
    assert cap_binds(c, "每次活动") and c["amount"] == "30000.00"


@pytest.mark.parametrize(
    "spend, expected, binds",
    [
        ("28571.42元", "19999.99", False),  # 70% = 19999.994 → 19999.99
        ("28571.43元", "20000.00", True),  # 70% = 20000.001: the item cap binds
    ],
)
def test_item_cap_on_both_sides(evaluate, spend, expected, binds):
    c = only(evaluate, "caps.pol", "一(二)2", f"商务活动人员:\n  - {{活动: 德国展, 国际段支出: {spend}}}\n")
    assert c["amount"] == expected
    assert any(k["binds"] for k in c["items"][0]["caps"]) is binds


def test_most_favourable_picks_the_highest_and_first_listed_on_a_tie(evaluate):
    case = (
        "境内展位:\n"
        + "".join(f"  - {{展会: 广交会, 展位费: {x}}}\n" for x in ("1万元", "1.2万元", "1万元"))
        + "境外展位: []\n"
    )
    c = only(evaluate, EXAMPLES / "exhibition.pol", "一(一)", case)
    # 6000 (2nd) first; then 5000 and 5000 tie: the first listed counts
    assert [i["counted"] for i in c["items"]] == [True, True, False]
    assert c["amount"] == "11000.00"


@pytest.mark.parametrize(
    "fee, expected, binds",
    [
        ("4万元", "20000.00", False),  # exactly 每年最高 2万元
        ("40000.02元", "20000.00", True),
        ("3万元", "15000.00", False),
    ],
)
def test_clause_cap_per_year(evaluate, fee, expected, binds):
    c = only(evaluate, "caps.pol", "一(二)3", f"展示展销费用: {fee}\n")
    assert c["amount"] == expected and cap_binds(c, "每家企业每年最高") is binds


@pytest.mark.parametrize(
    "history, fee, expected, status",
    [
        (None, "8万元", "64000.00", "paid"),  # nothing paid before (默认 0元)
        ("7万元", "8万元", "30000.00", "paid"),  # 10万 − 7万 remaining
        ("3.6万元", "8万元", "64000.00", "paid"),  # remaining 6.4万 = the award exactly
        ("10万元", "8万元", "0.00", "zero"),  # the cumulative cap is used up
        ("12万元", "8万元", "0.00", "zero"),  # history above the cap: never below 0
    ],
)
def test_cumulative_cap_against_a_history_fact(evaluate, history, fee, expected, status):
    case = f"境外商标注册费: {fee}\n" + (f"已获商标支持: {history}\n" if history else "")
    c = only(evaluate, "caps.pol", "二(四)4", case)
    assert (c["status"], c["amount"]) == (status, expected)
    cap = c["caps"][0]
    assert cap["scope"] == "cumulative" and cap["already_paid"] == (
        f"{Decimal(history[:-2]) * 10000:.2f}" if history else "0.00"
    )


def case_for_group(online: str, agency: str) -> str:
    return f"网店建设费: {online}\n代运营费: {agency}\n"


@pytest.mark.parametrize(
    "online, agency, first, second",
    [
        ("5万元", "4万元", "20000.00", "20000.00"),  # 2万 + 2万 = 4万: the group cap is reached, not passed
        ("10万元", "6万元", "30000.00", "10000.00"),  # 3万 first (listed first), then the 1万 left
        ("10万元", "10万元", "40000.00", "0.00"),  # the first clause takes the whole ceiling
    ],
)
def test_group_cap_is_taken_up_in_listed_order(evaluate, online, agency, first, second):
    result = evaluate("caps.pol", case_for_group(online, agency), "--clause", "二(五)2", "--clause", "二(五)3")
    agency_clause, online_clause = clause(result, "二(五)3"), clause(result, "二(五)2")
    assert (agency_clause["amount"], online_clause["amount"]) == (first, second)
    assert Decimal(result["total"]) == Decimal(first) + Decimal(second)
    if second != "20000.00":
        assert online_clause["bound_cap"] == "跨境电商转型合计（测试用）"
        reduced = [e for e in online_clause["events"] if e["kind"] == "group_cap_reduced"]
        assert reduced and reduced[0]["group"] == "跨境电商转型合计（测试用）" and reduced[0]["after"] == second
        assert any("合计上限" in a for a in online_clause["events_text"])
    if second == "0.00":
        assert online_clause["status"] == "zero"


@pytest.mark.parametrize(
    "storage, display, winner",
    [
        ("10万元", "4万元", "二(六)1"),  # 3万 > 2万
        ("6万元", "4万元", "一(二)3"),  # 1.8万 < 2万
        ("66666.67元", "4万元", "二(六)1"),  # 20000.001 → 20000.00: a tie → the first listed
    ],
)
def test_highest_only_and_first_listed_on_a_tie(evaluate, storage, display, winner):
    result = evaluate(
        "caps.pol", f"仓储费用: {storage}\n展示展销费用: {display}\n", "--clause", "二(六)1", "--clause", "一(二)3"
    )
    loser = "一(二)3" if winner == "二(六)1" else "二(六)1"
    assert clause(result, winner)["status"] == "paid"
    assert (clause(result, loser)["status"], clause(result, loser)["amount"]) == ("excluded", "0.00")
    assert clause(result, loser)["reason"]["kept"] == winner and winner in clause(result, loser)["reason_text"]
    assert Decimal(result["total"]) == award(result, winner)


def test_highest_only_needs_two_paid_clauses(evaluate):
    result = evaluate("caps.pol", "仓储费用: 10万元\n展示展销费用: 0元\n", "--clause", "二(六)1", "--clause", "一(二)3")
    assert clause(result, "一(二)3")["status"] == "zero"
    assert clause(result, "二(六)1")["amount"] == "30000.00"


# ---------------------------------------------------------------------------- thresholds
@pytest.mark.parametrize(
    "citation, fact, below, at, above",
    [
        ("九(一)", "出口额", "4999999.99元", "500万元", "5000000.01元"),  # 达到 500万元(含)以上
        ("九(二)", "零售收入", "4999999.99元", "500万元", "5000000.01元"),  # 达到 500万元以上
    ],
)
def test_inclusive_thresholds_count_the_number(evaluate, citation, fact, below, at, above):
    statuses = [only(evaluate, "thresholds.pol", citation, f"{fact}: {x}\n")["status"] for x in (below, at, above)]
    assert statuses == ["ineligible", "paid", "paid"]


@pytest.mark.parametrize(
    "citation, fact, below, at, above",
    [
        ("九(三)", "交易实绩", "199999999.99元", "2亿元", "200000000.01元"),  # 超过 2亿元
        ("九(四)", "落地率", "49.99%", "50%", "50.01%"),  # 超 50%
        ("九(五)", "进出口额", "49999999.99元", "5000万元", "50000000.01元"),  # 达到 5000万元(不含)
    ],
)
def test_exclusive_thresholds_do_not_count_the_number(evaluate, citation, fact, below, at, above):
    statuses = [only(evaluate, "thresholds.pol", citation, f"{fact}: {x}\n")["status"] for x in (below, at, above)]
    assert statuses == ["ineligible", "ineligible", "paid"]


@pytest.mark.parametrize(
    "firms, volume, status",
    [
        ("9家", "5000万元", "ineligible"),
        ("10家", "5000万元", "paid"),
        ("11家", "5000万元", "paid"),
        ("10家", "49999999.99元", "ineligible"),
    ],
)
def test_quantity_and_money_thresholds_together(evaluate, firms, volume, status):
    assert only(evaluate, "thresholds.pol", "九(六)", f"服务企业数: {firms}\n进出口额: {volume}\n")["status"] == status


@pytest.mark.parametrize(
    "exports, firms, status",
    [
        ("100万元", "2家", "paid"),
        ("1000000.01元", "2家", "ineligible"),  # 不超过 includes the number
        ("100万元", "3家", "ineligible"),  # 低于 3家 excludes it
    ],
)
def test_upper_thresholds(evaluate, exports, firms, status):
    assert only(evaluate, "thresholds.pol", "九(七)", f"出口额: {exports}\n服务企业数: {firms}\n")["status"] == status


def test_condition_trace_shows_the_values_that_decided(evaluate):
    c = only(evaluate, "thresholds.pol", "九(三)", "交易实绩: 2亿元\n")
    assert c["conditions"] == [
        {"text": "交易实绩 超过 2亿元", "holds": False, "values": {"交易实绩": "200,000,000.00元"}}
    ]
    assert c["reason"] == {"kind": "failed_condition", "condition": "交易实绩 超过 2亿元"}
    assert c["reason_text"] == "不满足条件：交易实绩 超过 2亿元"


# ---------------------------------------------------------------------------- logic, yes/no, one-of
@pytest.mark.parametrize(
    "listed, volume, level, new, expected",
    [
        ("是", "1000万元", "国家级", "否", {"九(一)": "paid", "九(二)": "paid", "九(三)": "paid", "九(四)": "paid"}),
        (
            "否",
            "1000万元",
            "市级",
            "否",
            {"九(一)": "ineligible", "九(二)": "ineligible", "九(三)": "paid", "九(四)": "ineligible"},
        ),
        (
            "是",
            "9999999.99元",
            "省级",
            "是",
            {"九(一)": "ineligible", "九(二)": "paid", "九(三)": "ineligible", "九(四)": "paid"},
        ),
        (
            "否",
            "2000万元",
            "省级",
            "是",
            {"九(一)": "ineligible", "九(二)": "paid", "九(三)": "ineligible", "九(四)": "paid"},
        ),
        (
            "否",
            "2000万元",
            "省级",
            "否",
            {"九(一)": "ineligible", "九(二)": "paid", "九(三)": "paid", "九(四)": "ineligible"},
        ),
    ],
)
def test_and_or_not(evaluate, listed, volume, level, new, expected):
    result = evaluate(
        "logic.pol", f"纳入限额统计: {listed}\n进出口额: {volume}\n平台级别: {level}\n当年新引入: {new}\n"
    )
    assert {c["citation"]: c["status"] for c in result["clauses"]} == expected


def test_yes_no_default_applies_when_absent(evaluate):
    assert only(evaluate, "logic.pol", "九(三)", "{}\n")["status"] == "paid"  # 当年新引入 默认 否


# ---------------------------------------------------------------------------- dates and dated tables
LOAN = "贷款本金: 100万元\n贷款发放日: {start}\n贷款还清日: {end}\n"


@pytest.mark.parametrize(
    "start, rate",
    [
        ("2023-01-20", "3.65%"),
        ("2023-06-19", "3.65%"),  # the last row on or before the date
        ("2023-06-20", "3.55%"),
        ("2023-08-20", "3.55%"),  # a row's own date counts
        ("2023-08-21", "3.45%"),
        ("2023-12-01", "3.45%"),
    ],
)
def test_dated_table_takes_the_last_row_on_or_before(evaluate, start, rate):
    c = only(evaluate, "dates.pol", "三(二)", LOAN.format(start=start, end=start))
    assert c["status"] == "zero"  # zero days of interest
    assert rate in c["formula"]


def test_interest_is_exact_then_rounded_once(evaluate):
    # 50% × 3.55% × 100万元 × 183天 ÷ 360天 = 9022.91666… → 9022.92
    c = only(evaluate, "dates.pol", "三(二)", LOAN.format(start="2023-06-20", end="2023-12-20"))
    assert c["amount"] == "9022.92" and c["raw"] == "9022.916667"
    assert "183天" in c["formula"]


def test_a_date_before_every_row_is_not_determinable_and_says_why(evaluate):
    c = only(evaluate, "dates.pol", "三(二)", LOAN.format(start="2023-01-19", end="2023-12-20"))
    assert (c["status"], c["amount"]) == ("undetermined", None)
    assert c["reason"]["kind"] == "evaluation_failed"
    assert "2023-01-19" in c["reason_text"] and "2023-01-20" in c["reason_text"]  # the date asked and the first row
    assert c["conditions"][0]["holds"] is True


def test_a_date_condition(evaluate):
    c = only(evaluate, "dates.pol", "三(二)", LOAN.format(start="2022-12-31", end="2023-12-20"))
    assert c["status"] == "ineligible"


# ---------------------------------------------------------------------------- USD
@pytest.mark.parametrize(
    "volume, status, expected",
    [
        ("100万美元", "ineligible", "0.00"),  # 超过 100万美元: the number itself does not count
        ("1000000.01美元", "paid", "50000.00"),  # one full step of 100万美元
        ("399.99万美元", "paid", "150000.00"),
        ("400万美元", "paid", "200000.00"),  # 4 steps = the cap
        ("500万美元", "paid", "200000.00"),
    ],
)
def test_usd_fact(evaluate, volume, status, expected):
    c = only(evaluate, "usd.pol", "二(五)", f"市场采购贸易额: {volume}\n")
    assert (c["status"], c["amount"]) == (status, expected)


# ---------------------------------------------------------------------------- unspecified values
LISTED = "交易规模: 3000万元\n纳入限额统计: 是\n"


def test_unspecified_threshold_is_not_determinable_with_reason_and_note(evaluate):
    result = evaluate("unspecified.pol", LISTED)
    c = clause(result, "二(四)2")
    assert (c["status"], c["amount"]) == ("undetermined", None)
    assert [u["name"] for u in c["unspecified"]] == ["规模门槛一", "规模门槛二", "规模门槛三"]  # as declared
    assert all(u["note"].startswith("二(四)2 未给出") for u in c["unspecified"])
    assert c["reason"] == {"kind": "unspecified", "params": ["规模门槛一", "规模门槛二", "规模门槛三"]}
    assert "--set 规模门槛一=" in c["reason_text"]
    assert c["upper_bound"] == "1000000.00"
    assert result["determinable"] is False and result["total"] == "200000.00"


def test_unspecified_in_text_and_explain(run, tmp_path):
    case = tmp_path / "c.yaml"
    case.write_text(LISTED, encoding="utf-8")
    code, out, _ = run("eval", PATTERNS / "unspecified.pol", case)
    assert code == 0 and "不可确定" in out and "另有 二(四)2 不可确定，未计入" in out
    code, out, _ = run("eval", PATTERNS / "unspecified.pol", case, "--explain")
    assert "未规定：规模门槛三 — 二(四)2 未给出获得 100万元 奖励的交易规模标准" in out
    assert "分档（其他）" not in out  # the tier cannot be chosen until the thresholds are known


def test_ineligible_beats_unspecified(evaluate):
    c = only(evaluate, "unspecified.pol", "二(四)2", "交易规模: 3000万元\n纳入限额统计: 否\n")
    assert c["status"] == "ineligible"


@pytest.mark.parametrize(
    "settings, expected",
    [
        (["规模门槛三=2000万元"], "1000000.00"),  # the top tier holds: the others do not matter
        (["规模门槛三=5000万元", "规模门槛二=3000万元"], "500000.00"),
        (["规模门槛三=5000万元", "规模门槛二=4000万元", "规模门槛一=1000万元"], "100000.00"),
    ],
)
def test_set_supplies_a_value_and_says_it_was_assumed(evaluate, settings, expected):
    options = [x for s in settings for x in ("--set", s)]
    result = evaluate("unspecified.pol", LISTED, "--clause", "二(四)2", *options)
    c = clause(result, "二(四)2")
    assert (c["status"], c["amount"]) == ("paid", expected)
    assert set(result["assumed"]) == {s.split("=")[0] for s in settings}
    assert set(c["assumed"]) <= set(result["assumed"]) and c["assumed"]


def test_set_with_one_threshold_still_undetermined(evaluate):
    c = clause(evaluate("unspecified.pol", LISTED, "--set", "规模门槛一=1000万元"), "二(四)2")
    assert c["status"] == "undetermined"
    assert [u["name"] for u in c["unspecified"]] == ["规模门槛二", "规模门槛三"]


def test_set_is_shown_as_assumed_in_text(run, tmp_path):
    case = tmp_path / "c.yaml"
    case.write_text(LISTED, encoding="utf-8")
    code, out, _ = run("eval", PATTERNS / "unspecified.pol", case, "--set", "规模门槛三=2000万元")
    assert code == 0 and "假定值（--set）：规模门槛三 = 20,000,000.00元" in out
    code, out, _ = run("eval", PATTERNS / "unspecified.pol", case, "--set", "规模门槛三=2000万元", "--explain")
    assert "假定：规模门槛三 = 20,000,000.00元（--set 给出，非原文）" in out


def test_set_overrides_a_fact(evaluate):
    result = evaluate("unspecified.pol", LISTED, "--clause", "二(四)3", "--set", "纳入限额统计=否")
    assert clause(result, "二(四)3")["status"] == "ineligible"
    assert result["assumed"] == {"纳入限额统计": "否"}


# ---------------------------------------------------------------------------- --clause
def test_clause_filter_keeps_only_the_named_clauses(evaluate):
    result = evaluate(
        "caps.pol", "展示展销费用: 4万元\n仓储费用: 1万元\n", "--clause", "二(六)1", "--clause", "一(二)3"
    )
    assert [c["citation"] for c in result["clauses"]] == ["一(二)3", "二(六)1"]  # in policy order
    assert result["total"] == "20000.00"


def test_clause_filter_does_not_need_other_clauses_facts(run, tmp_path):
    case = tmp_path / "c.yaml"
    case.write_text("展示展销费用: 4万元\n", encoding="utf-8")
    code, _, err = run("eval", PATTERNS / "caps.pol", case)
    assert code == 2 and "案例缺少事实" in err
    code, out, _ = run("eval", PATTERNS / "caps.pol", case, "--clause", "一(二)3")
    assert code == 0 and "20,000.00元" in out


# ---------------------------------------------------------------------------- rounding
ROUNDING_HEADER = "舍入 四舍五入 到 分"


def with_rounding(tmp_path: Path, mode: str, unit: str) -> Path:
    text = (PATTERNS / "rounding.pol").read_text(encoding="utf-8")
    assert ROUNDING_HEADER in text
    path = tmp_path / f"rounding-{mode}-{unit}.pol"
    path.write_text(text.replace(ROUNDING_HEADER, f"舍入 {mode} 到 {unit}"), encoding="utf-8")
    return path


THIRDS = "项目:\n" + "".join(f"  - {{名称: {n}, 费用: 0.1万元}}\n" for n in "甲乙丙") + "费用: 0元\n"
HALVES = "项目:\n" + "".join(f"  - {{名称: {n}, 费用: 1000.3元}}\n" for n in "甲乙丙") + "费用: 0元\n"


@pytest.mark.parametrize(
    "mode, unit, thirds, halves",
    [
        # 3 × 33.33% × 1000元 = 999.9 exactly; 3 × 33.33% × 1000.3元 = 1000.19997
        ("四舍五入", "分", "999.90", "1000.20"),
        ("四舍五入", "角", "999.90", "1000.20"),
        ("四舍五入", "元", "1000.00", "1000.00"),
        ("舍去", "分", "999.90", "1000.19"),
        ("舍去", "角", "999.90", "1000.10"),
        ("舍去", "元", "999.00", "1000.00"),
        ("进一", "分", "999.90", "1000.20"),
        ("进一", "角", "999.90", "1000.20"),
        ("进一", "元", "1000.00", "1001.00"),
        ("银行家舍入", "分", "999.90", "1000.20"),
        ("银行家舍入", "角", "999.90", "1000.20"),
        ("银行家舍入", "元", "1000.00", "1000.00"),
    ],
)
def test_rounding_is_exact_and_once_per_award(evaluate, tmp_path, mode, unit, thirds, halves):
    path = with_rounding(tmp_path, mode, unit)
    assert award(evaluate(path, THIRDS, "--clause", "九(一)"), "九(一)") == Decimal(thirds)
    assert award(evaluate(path, HALVES, "--clause", "九(一)"), "九(一)") == Decimal(halves)


@pytest.mark.parametrize(
    "mode, fee, expected",
    [
        # 50% of the fee lands exactly on half a fen
        ("四舍五入", "0.05元", "0.03"),
        ("舍去", "0.05元", "0.02"),
        ("进一", "0.05元", "0.03"),
        ("银行家舍入", "0.05元", "0.02"),
        ("银行家舍入", "0.07元", "0.04"),  # to the even fen
        ("四舍五入", "0.07元", "0.04"),
        ("舍去", "0.07元", "0.03"),
    ],
)
def test_rounding_at_exactly_half(evaluate, tmp_path, mode, fee, expected):
    path = with_rounding(tmp_path, mode, "分")
    c = only(evaluate, path, "九(二)", f"项目: []\n费用: {fee}\n")
    assert c["amount"] == expected


def test_rounding_is_applied_once_not_per_item(evaluate, tmp_path):
    # 3 × 33.33% × 1000.3元 = 1000.19997: rounded down once → 1000.19; per item it would be 3 × 333.39 = 1000.17
    path = with_rounding(tmp_path, "舍去", "分")
    c = only(evaluate, path, "九(一)", HALVES)
    assert c["raw"] == "1000.199970" and c["amount"] == "1000.19"
    assert [i["amount"] for i in c["items"]] == ["333.399990"] * 3  # items are kept exact


@pytest.mark.parametrize(
    "condition, says",
    [
        ("进出口额 达到 5000万元(不含)", "“达到”含本数，而“(不含)”不含本数；按“(不含)”计算"),
        ("进出口额 超过 5000万元(含)", "“超过”不含本数，而“(含)”含本数；按“(含)”计算"),
    ],
)
def test_a_contradictory_boundary_warns_in_the_right_words(run, tmp_path, condition, says):
    policy = tmp_path / "p.pol"
    policy.write_text(
        '政策 "t" {\n  舍入 四舍五入 到 分\n}\n事实 进出口额: 金额\n'
        f'条款 一 "t" {{\n  条件 {condition}\n  奖励 1万元\n}}\n',
        encoding="utf-8",
    )
    case = tmp_path / "c.yaml"
    case.write_text("进出口额: 5000万元\n", encoding="utf-8")
    code, _, err = run("eval", policy, case)
    assert code == 0 and says in err and "警告[W201]" in err


def test_formula_keeps_the_parentheses_a_division_needs(evaluate, tmp_path):
    # 100万元 ÷ (2 × 4) is 12.5万元; written without parentheses it would read as 200万元
    policy = tmp_path / "p.pol"
    policy.write_text(
        '政策 "t" {\n  舍入 四舍五入 到 分\n}\n事实 总额: 金额\n条款 一 "t" {\n  奖励 总额 ÷ (2 × 4)\n}\n',
        encoding="utf-8",
    )
    c = only(evaluate, policy, "一", "总额: 100万元\n")
    assert c["amount"] == "125000.00"
    assert c["formula"] == "总额(1,000,000.00元) ÷ (2 × 4)"


def test_money_is_shown_exactly_however_large():
    from fractions import Fraction

    from policylang.frontend.units import money_text

    assert money_text(Fraction(10**30 + 1)) == "1,000,000,000,000,000,000,000,000,000,001.00元"
    assert money_text(Fraction(-1, 100)) == "-0.01元"
