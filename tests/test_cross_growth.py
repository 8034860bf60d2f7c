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
from policylang.tools.batch.engine import DETERMINABLE, TOTAL, amount_column, status_column

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


# ---------------------------------------------------------------------------- 不重复享受: which is kept, unspecified
# 二 pays 10万元 for 出口额 ≥ 1000万元; 三 pays 1% of 新增出口额 (at most 20万元); "第2、3条不重复享受".
NO_DOUBLE = HERE / "no_double.pol"
CHOICE = "第2、3条不重复享受"
DEFAULTS = HERE / "defaults.yaml"  # every fact at its default; the tests give values with --set


def eval_facts(run, policy, facts: dict[str, str], *extra: str) -> dict:
    args = ["eval", policy, DEFAULTS, "--format", "json", *extra]
    for name, value in facts.items():
        args += ["--set", f"{name}={value}"]
    code, out, err = run(*args)
    assert code == 0, err
    return json.loads(out)


def test_both_payable_with_no_rule_for_which_is_kept_is_not_determinable(run):
    data = eval_facts(run, NO_DOUBLE, {"出口额": "2000万元", "新增出口额": "500万元"})
    two, three = clause(data, "二"), clause(data, "三")
    assert (two["status"], three["status"]) == ("undetermined", "undetermined")
    assert two["reason"] == {"kind": "choice_open", "group": CHOICE, "rivals": ["三"]}
    assert (two["upper_bound"], three["upper_bound"]) == ("100000.00", "50000.00")
    assert data["determinable"] is False


def test_one_payable_member_is_paid_whichever_is_kept(run):
    data = eval_facts(run, NO_DOUBLE, {"出口额": "2000万元", "新增出口额": "0元"})
    assert (clause(data, "二")["status"], clause(data, "二")["amount"]) == ("paid", "100000.00")
    assert data["determinable"] is True
    # the boundary of 二's own condition: just below it only 三 is payable, and is paid
    data = eval_facts(run, NO_DOUBLE, {"出口额": "999.9999万元", "新增出口额": "500万元"})
    assert (clause(data, "三")["status"], clause(data, "三")["amount"]) == ("paid", "50000.00")
    assert data["determinable"] is True


def test_a_reading_given_with_set_keeps_that_member(run):
    facts = {"出口额": "2000万元", "新增出口额": "500万元"}
    data = eval_facts(run, NO_DOUBLE, facts | {CHOICE: "三"})
    assert clause(data, "二")["status"] == "excluded"
    assert clause(data, "二")["reason"] == {"kind": "choice_kept", "group": CHOICE, "kept": "三"}
    assert (clause(data, "三")["amount"], data["total"]) == ("50000.00", "50000.00")
    data = eval_facts(run, NO_DOUBLE, facts | {CHOICE: "二"})
    assert (clause(data, "三")["status"], data["total"]) == ("excluded", "100000.00")


def test_the_kept_member_not_payable_leaves_the_other_paid(run):
    data = eval_facts(run, NO_DOUBLE, {"出口额": "0元", "新增出口额": "500万元", CHOICE: "二"})
    assert (clause(data, "三")["status"], data["total"]) == ("paid", "50000.00")


def test_both_readings_paying_the_same_decide_the_total(run):
    data = eval_facts(run, NO_DOUBLE, {"出口额": "2000万元", "新增出口额": "1000万元"})  # 10万元 each
    assert (data["total"], data["determinable"]) == ("100000.00", True)
    assert clause(data, "二")["status"] == "undetermined"  # which of the two is paid stays open


def test_the_reason_says_how_to_assume_the_member_kept_in_both_languages(run):
    for lang, words in (("zh", "原文未规定保留哪一项"), ("en", "does not say which is kept")):
        code, out, err = run(
            "eval", NO_DOUBLE, DEFAULTS, "--set", "出口额=2000万元", "--set", "新增出口额=500万元", "--lang", lang
        )
        assert code == 0, err
        assert words in out and f"--set {CHOICE}=…" in out, lang


@pytest.mark.parametrize("kept", [None, "二", "三"])
@pytest.mark.parametrize(
    ("export", "growth"),
    [
        ("2000万元", "500万元"),
        ("2000万元", "0元"),
        ("999.9999万元", "500万元"),
        ("0元", "0元"),
        ("2000万元", "1000万元"),
    ],
)
def test_batch_agrees_with_eval_on_not_both(run, kept, export, growth):
    policy = load_policy(NO_DOUBLE)
    overrides = {} if kept is None else {CHOICE: kept}
    frame = pl.DataFrame([{"出口额": export, "新增出口额": growth}])
    out = evaluate_population(policy, frame, overrides=overrides)
    data = eval_facts(run, NO_DOUBLE, {"出口额": export, "新增出口额": growth} | overrides)
    for c in ("二", "三"):
        assert out[status_column(c)][0] == clause(data, c)["status"], c
    assert out[DETERMINABLE][0] == data["determinable"]
    if data["determinable"]:  # both readings paying the same: the total is decided in batch too
        assert f"{out[TOTAL][0] / 100:.2f}" == data["total"]


def test_fmt_prints_it_back_and_diff_shows_a_change_of_members(run, tmp_path):
    code, out, err = run("fmt", "--check", NO_DOUBLE)
    assert code == 0, (out, err)
    text = NO_DOUBLE.read_text(encoding="utf-8")
    assert f'不重复享受 "{CHOICE}" {{ 二, 三 }}' in text
    (tmp_path / "reordered.pol").write_text(text.replace("{ 二, 三 }", "{ 三, 二 }"), encoding="utf-8")
    code, out, _ = run("diff", NO_DOUBLE, tmp_path / "reordered.pol")
    assert "不重复享受“" not in out  # which is kept is open either way: the order says nothing
    (tmp_path / "dropped.pol").write_text(text.replace(f'不重复享受 "{CHOICE}" {{ 二, 三 }}\n', ""), encoding="utf-8")
    code, out, _ = run("diff", NO_DOUBLE, tmp_path / "dropped.pol", "--lang", "en")
    assert f"not-both group “{CHOICE}”" in out


def test_check_names_the_clauses_the_open_choice_concerns(run):
    _, out, _ = run("check", NO_DOUBLE)
    assert "UNSPEC001" in out and "二、三 需要它" in out and "取高不重复" in out


def test_the_keyword_does_not_break_a_name_that_starts_with_it(run, tmp_path):
    text = NO_DOUBLE.read_text(encoding="utf-8").replace("新增出口额", "不重复享受额")
    (tmp_path / "name.pol").write_text(text, encoding="utf-8")
    data = eval_facts(run, tmp_path / "name.pol", {"出口额": "0元", "不重复享受额": "500万元"})
    assert clause(data, "三")["amount"] == "50000.00"


@pytest.mark.parametrize(
    ("replace", "code", "words"),
    [
        ("{ 二, 三 }", "C042", "不重复享受至少要列出两个条款"),
        ('"第2、3条不重复享受"', "C043", "与另一个声明同名"),
    ],
)
def test_misuse_is_a_located_error(run, tmp_path, replace, code, words):
    text = NO_DOUBLE.read_text(encoding="utf-8")
    new = "{ 二 }" if code == "C042" else '"出口额"'
    bad = tmp_path / "bad.pol"
    bad.write_text(text.replace(replace, new), encoding="utf-8")
    status, _, err = run("eval", bad, DEFAULTS, "--set", "出口额=0元")
    assert status == 2
    assert f"[{code}]" in err and words in err and "bad.pol:25:1" in err
    status, _, err = run("eval", bad, DEFAULTS, "--set", "出口额=0元", "--lang", "en")
    assert f"[{code}]" in err and "不重复享受" in err


# ---------------------------------------------------------------------------- 就高不重复 against other funds
# 五(一)1 pays 10% of 研发投入 (at most 50万元); 已获其他专项资金 is what the same project received elsewhere.
OTHER_FUNDS = HERE / "other_funds.pol"
RULE = "同一项目已获其他专项资金"


def with_reading(tmp_path, reading: str):
    text = OTHER_FUNDS.read_text(encoding="utf-8").replace(
        "对照 已获其他专项资金\n", f"对照 已获其他专项资金 {reading}\n"
    )
    path = tmp_path / f"{reading}.pol"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("other", "difference", "only_if_higher"),
    [
        ("0元", "300000.00", "300000.00"),  # nothing elsewhere: paid in full either way
        ("10万元", "200000.00", "300000.00"),
        ("299999元", "1.00", "300000.00"),  # just below the award
        ("30万元", "0.00", "0.00"),  # as high as the award: nothing more either way
        ("40万元", "0.00", "0.00"),
    ],
)
def test_each_declared_reading(run, tmp_path, other, difference, only_if_higher):
    for reading, expected in (("补差额", difference), ("高于才给", only_if_higher)):
        data = eval_facts(run, with_reading(tmp_path, reading), {"研发投入": "300万元", "已获其他专项资金": other})
        assert clause(data, "五(一)1")["amount"] == expected, reading


@pytest.mark.parametrize(
    ("other", "expected"),
    [("0元", ("paid", "300000.00")), ("10万元", ("undetermined", None)), ("30万元", ("zero", "0.00"))],
)
def test_left_unspecified_it_is_decided_where_both_readings_agree(run, other, expected):
    data = eval_facts(run, OTHER_FUNDS, {"研发投入": "300万元", "已获其他专项资金": other})
    c = clause(data, "五(一)1")
    assert (c["status"], c["amount"]) == expected
    if c["status"] == "undetermined":
        assert c["reason"] == {"kind": "other_funds_open", "group": RULE}
        assert c["upper_bound"] == "300000.00"


def test_a_reading_given_with_set_decides_it(run):
    facts = {"研发投入": "300万元", "已获其他专项资金": "10万元"}
    assert clause(eval_facts(run, OTHER_FUNDS, facts | {RULE: "补差额"}), "五(一)1")["amount"] == "200000.00"
    assert clause(eval_facts(run, OTHER_FUNDS, facts | {RULE: "高于才给"}), "五(一)1")["amount"] == "300000.00"


def test_the_open_reading_says_how_to_assume_one_in_both_languages(run):
    for lang, words in (("zh", "原文未规定按哪种读法"), ("en", "does not say how to read it")):
        code, out, err = run(
            "eval",
            OTHER_FUNDS,
            DEFAULTS,
            "--set",
            "研发投入=300万元",
            "--set",
            "已获其他专项资金=10万元",
            "--lang",
            lang,
        )
        assert code == 0, err
        assert words in out and f"--set {RULE}=…" in out, lang


@pytest.mark.parametrize("reading", [None, "补差额", "高于才给"])
@pytest.mark.parametrize("other", ["0元", "10万元", "299999元", "30万元", "40万元"])
def test_batch_agrees_with_eval_on_other_funds(run, tmp_path, reading, other):
    path = OTHER_FUNDS if reading is None else with_reading(tmp_path, reading)
    frame = pl.DataFrame([{"研发投入": "300万元", "已获其他专项资金": other}])
    out = evaluate_population(load_policy(path), frame)
    data = eval_facts(run, path, {"研发投入": "300万元", "已获其他专项资金": other})
    c = clause(data, "五(一)1")
    assert out[status_column("五(一)1")][0] == c["status"]
    amount = out[amount_column("五(一)1")][0]
    assert (None if amount is None else f"{amount / 100:.2f}") == (
        None if c["status"] == "undetermined" else c["amount"]
    )


def test_fmt_round_trip_and_diff_of_the_reading(run, tmp_path):
    for path in (OTHER_FUNDS, with_reading(tmp_path, "补差额")):
        code, out, err = run("fmt", "--check", path)
        assert code == 0, (path, out, err)
    code, out, _ = run("diff", OTHER_FUNDS, with_reading(tmp_path, "补差额"))
    assert f"就高不重复“{RULE}”：未规定读法 → 补差额" in out


def test_comparing_with_something_that_is_not_an_amount_is_a_located_error(run, tmp_path):
    text = OTHER_FUNDS.read_text(encoding="utf-8").replace("对照 已获其他专项资金", "对照 已获其他专项资")
    bad = tmp_path / "bad.pol"
    bad.write_text(text, encoding="utf-8")
    status, _, err = run("eval", bad, DEFAULTS)
    assert status == 2
    assert "bad.pol:19:" in err and "已获其他专项资金" in err  # the unknown name, with the suggestion


def test_check_lists_the_open_reading_and_how_to_declare_one(run):
    _, out, _ = run("check", OTHER_FUNDS)
    assert "UNSPEC001" in out and "五(一)1 需要它" in out and "补差额 或 高于才给" in out
