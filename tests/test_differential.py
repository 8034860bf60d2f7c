"""Differential tests: the backends must agree on every policy, not only on the shipped ones.

* exact vs columnar — random *policies* (tests/policy_strategies.py, printed with `fmt` and loaded
  with `policylang.load`) × random populations (tests/batch_strategies.py): `policylang.evaluate` per
  row and `evaluate_population` over the frame give the same status for every clause and the same
  amount to the fen, the same total and the same 可确定; then the same over the shipped policies.
* symbolic vs exact — every counterexample `policylang check --format json` reports, on the seed
  policies, the broken fixtures under tests/fixtures/check/ and generated policies, evaluated with
  `policylang.evaluate`, gives the outcome the finding recorded; a larger/smaller pair is ordered as
  claimed (the larger firm is no smaller in any fact and is paid less).

Only public interfaces are used, so the backends may be rebuilt underneath. Bounded and derandomized
for CI; set POLICYLANG_DIFF_EXAMPLES=N (e.g. 2000) to hunt longer with fresh random draws: every
budget below becomes N. A disagreement found is minimised and kept at the end of this file as a strict
xfail regression test.
"""

from __future__ import annotations

import json
import os
from fractions import Fraction
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from batch_strategies import populations
from batch_strategies import settings as set_values
from click.testing import CliRunner
from conftest import EXAMPLES, FIXTURES, POLICIES
from hypothesis import HealthCheck, Phase, assume, given, note, settings
from hypothesis import strategies as st
from policy_strategies import compilable_policies

import policylang
from policylang.compiler import ir
from policylang.frontend import ast
from policylang.tools.batch import evaluate_population
from policylang.tools.fmt import format_policy

HUNT = int(os.environ.get("POLICYLANG_DIFF_EXAMPLES", "0"))


def budget(default: int) -> int:
    """Examples per property: small in CI, POLICYLANG_DIFF_EXAMPLES when hunting."""
    return HUNT or default


def bounded(examples: int) -> settings:
    """CI draws the same sample every run (derandomized: a red build is reproducible and never flaky);
    a hunt draws afresh each time, shrinks what fails and remembers it in the example database."""
    chosen = settings(
        max_examples=budget(examples),
        deadline=None,
        suppress_health_check=list(HealthCheck),
        print_blob=True,
        derandomize=not HUNT,
    )
    # CI stops at the first failing example (the policy text is in the report): shrinking a generated
    # policy can take minutes; a hunt shrinks.
    return chosen if HUNT else settings(chosen, database=None, phases=[Phase.explicit, Phase.generate])


def word(status: Any) -> str:
    """A status as its identifier (a str, or a str-valued enum once the vocabularies are enums)."""
    return str(getattr(status, "value", status))


# ---------------------------------------------------------------------------- exact vs columnar
def eval_row(policy: Any, facts: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    """One row as `policylang.evaluate` gives it, in batch's column names (undetermined: no amount)."""
    result = policylang.evaluate(policy, facts, overrides)
    row: dict[str, Any] = {}
    for c in result.clauses:
        status = word(c.status)
        row[f"{c.citation}:状态"] = status
        row[f"{c.citation}[分]"] = None if status == "undetermined" else c.amount * 100
    row["合计[分]"] = result.total * 100
    row["可确定"] = result.determinable
    return row


def same_cell(want: Any, got: Any) -> bool:
    """Exact: an eval amount that is not a whole number of fen never equals batch's integer fen."""
    if want is None or isinstance(want, (str, bool)):
        return bool(got == want)
    return got is not None and Fraction(got) == want


def disagreements(policy: Any, frame: pl.DataFrame, rows: list[dict[str, Any]], overrides: dict[str, Any]) -> list[str]:
    """Every cell where batch and eval differ, with the row's facts: empty when they agree."""
    out = evaluate_population(policy, frame, overrides)
    assert out.height == len(rows)
    found = []
    for i, facts in enumerate(rows):
        want, got = eval_row(policy, facts, overrides), out.row(i, named=True)
        for column, value in want.items():
            if not same_cell(value, got[column]):
                found.append(f"row {i} {column}: eval {value!r}, batch {got[column]!r}; facts {facts!r}")
    return found


def assert_batch_equals_eval(
    policy: Any, frame: pl.DataFrame, rows: list[dict[str, Any]], overrides: dict[str, Any]
) -> None:
    found = disagreements(policy, frame, rows, overrides)
    assert not found, f"--set {overrides!r}\n" + "\n".join(found)


def forms_in(tree: ast.Policy) -> set[str]:
    """The forms of a generated policy the differential sample must reach (the newer ones especially)."""
    found: set[str] = set()

    def visit(x: Any) -> None:
        if isinstance(x, ast.MeasureLimit):
            found.add("至多 合计")
        elif isinstance(x, ast.NoDouble):
            found.add("不重复享受")
        elif isinstance(x, ast.OtherFunds):
            found.add("就高不重复")
        elif isinstance(x, ast.Tier) and x.cap is not None:
            found.add("档 … 上限")
        elif isinstance(x, ast.Between) and (x.low_open or x.high_open):
            found.add("含否")
        if isinstance(x, tuple):
            for y in x:
                visit(y)
        elif isinstance(x, ast.Node):
            for value in vars(x).values():
                visit(value)

    visit(tree.decls)
    return found


NEWER_FORMS = {"至多 合计", "不重复享受", "就高不重复", "档 … 上限", "含否"}


def test_generated_policies_batch_equals_eval_row_by_row() -> None:
    """Every row of every generated policy; the sample must have compared each newer form at least once
    (至多 合计 column by column; where batch takes the exact row path for a clause, the rows are compared all the same)."""
    compared: set[str] = set()

    @bounded(60)
    @given(tree=compilable_policies(), data=st.data())
    def check(tree: ast.Policy, data: st.DataObject) -> None:
        text = format_policy(tree)
        note(text)
        policy = policylang.load(text, "generated.pol")  # the generator only writes policies that compile
        frame, rows = data.draw(populations(policy, max_rows=6, max_items=3), label="population")
        overrides = data.draw(set_values(policy), label="--set")
        assume(not known_disagreement(policy, rows, overrides, frame))
        assert_batch_equals_eval(policy, frame, rows, overrides)
        compared.update(forms_in(tree))

    check()
    assert NEWER_FORMS <= compared, NEWER_FORMS - compared


SHIPPED = sorted(
    {
        *EXAMPLES.rglob("*.pol"),
        *POLICIES.glob("*.pol"),
        *(FIXTURES / "patterns").glob("*.pol"),
        *(FIXTURES / "batch").glob("*.pol"),
        *(FIXTURES / "check").glob("*.pol"),
        # the newer forms as written by hand: 不重复享受, 就高不重复, 至多 合计, tier rows with caps, (含否 P)
        *(FIXTURES / "cross_growth").glob("*.pol"),
        *(FIXTURES / "summed_limit").glob("*.pol"),
        *(FIXTURES / "tier_growth").glob("*.pol"),
    }
)


def shipped_id(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


@pytest.mark.parametrize("path", SHIPPED, ids=shipped_id)
def test_shipped_policies_batch_equals_eval_row_by_row(path: Path) -> None:
    policy = policylang.load_policy(path)

    @bounded(6)
    @given(populations(policy, max_rows=8, max_items=3), set_values(policy))
    def check(population: tuple[pl.DataFrame, list[dict[str, Any]]], overrides: dict[str, Any]) -> None:
        frame, rows = population
        assume(not known_disagreement(policy, rows, overrides, frame))
        assert_batch_equals_eval(policy, frame, rows, overrides)

    check()


# ---------------------------------------------------------------------------- symbolic vs exact
CHECKED = [POLICIES / "lianyungang.pol", POLICIES / "jixi.pol", *sorted((FIXTURES / "check").glob("*.pol"))]


def check_json(path: Path) -> dict[str, Any]:
    from policylang.cli import main

    result = CliRunner().invoke(main, ["check", "--format", "json", str(path)], catch_exceptions=False)
    assert result.exit_code in (0, 1), result.stdout + result.stderr  # 2 would be a policy check cannot read
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def numeric(value: Any) -> bool:
    return isinstance(value, (int, Fraction)) and not isinstance(value, bool)


def reevaluate(path: Path, finding: dict[str, Any], folder: Path) -> int:
    """Evaluate each counterexample of one finding; assert what it claims. Returns how many were run."""
    policy = policylang.load_policy(path)
    facts_of: dict[str, dict[str, Any]] = {}
    paid: dict[str, Fraction] = {}
    for ex in finding["counterexamples"]:
        case = folder / f"{finding['code']}.{ex['label']}.yaml"
        case.write_text(ex["case"], encoding="utf-8")
        facts = policylang.load_case_file(case, policy).facts  # the case file must be one eval accepts
        result = policylang.evaluate(policy, facts)
        for expect in ex["expect"]:
            clause = result.clause(expect["citation"])
            assert clause is not None, (finding["code"], expect)
            got = (word(clause.status), clause.amount)
            assert got == (expect["status"], Fraction(expect["amount"])), (finding["message"], ex["case"], got)
        facts_of[ex["label"]] = facts
        paid[ex["label"]] = Fraction(ex["expect"][0]["amount"])
    if {"larger", "smaller"} <= set(facts_of):  # TIER001 / TIER003: a firm no smaller anywhere is paid less
        larger, smaller = facts_of["larger"], facts_of["smaller"]
        assert paid["larger"] < paid["smaller"], finding["message"]
        for name in larger.keys() & smaller.keys():
            if numeric(larger[name]) and numeric(smaller[name]):
                assert larger[name] >= smaller[name], (finding["message"], name, larger[name], smaller[name])
    return len(finding["counterexamples"])


@pytest.mark.parametrize("path", CHECKED, ids=shipped_id)
def test_check_counterexamples_reevaluate_to_what_the_finding_claims(path: Path, tmp_path: Path) -> None:
    for finding in check_json(path)["findings"]:
        reevaluate(path, finding, tmp_path)


def test_check_counterexamples_of_generated_policies_reevaluate(tmp_path: Path) -> None:
    """The solver's claims on policies nobody wrote by hand; the run must actually meet some."""
    counted = {"findings": 0, "counterexamples": 0}

    @bounded(25)
    @given(compilable_policies())
    def check(tree: ast.Policy) -> None:
        path = tmp_path / "generated.pol"
        path.write_text(format_policy(tree), encoding="utf-8")
        note(path.read_text(encoding="utf-8"))
        for finding in check_json(path)["findings"]:
            counted["findings"] += 1
            counted["counterexamples"] += reevaluate(path, finding, tmp_path)

    check()
    assert counted["counterexamples"] > 0, counted


# ---------------------------------------------------------------------------- disagreements found, minimised
# Each was found by the tests above and cut down to a few lines; strict xfail, so the day a backend is
# fixed the test fails and the mark must be taken off. The engineers fixing the backends take them from here.
UNSPECIFIED_TIER_AMOUNT = """政策 "t" {
  舍入 四舍五入 到 分
}
事实 新引入: 是否
参数 待定额: 金额 未规定 "原文未给出"
条款 一 "t" {
  奖励 分档 {
    档 新引入 : 待定额
  }
}
"""


OTHER_FUNDS_IN_FEN = """政策 "t" {
  舍入 四舍五入 到 分
}
事实 甲额: 金额
事实 已获: 金额 默认 0元
条款 一 "t" {
  奖励 甲额
}
就高不重复 "同一项目已获其他专项资金" { 一 } 对照 已获 补差额
"""


def test_other_funds_against_a_text_column_of_whole_fen() -> None:
    """Found by the generated policies (就高不重复 … 对照 FACT): a population column written as text with
    decimals — a CSV cell 20.5, i.e. 20.50元, or 1500.005万元, whole 分 — was read at a scale finer than 分
    (the unit table allows 分-sized units), and batch's group limit refused it as "not whole 分" (B042)
    for the whole run, where eval pays 100元 − 20.50元 = 79.50元. A money column whose cells are whole 分
    is now read in 分 (readers/population.py, within_type)."""
    policy = policylang.load(OTHER_FUNDS_IN_FEN)
    frame = pl.DataFrame({"甲额": ["100", "200"], "已获": ["20.5", "0"]})
    rows = [{"甲额": Fraction(100), "已获": Fraction(41, 2)}, {"甲额": Fraction(200), "已获": Fraction(0)}]
    assert_batch_equals_eval(policy, frame, rows, {})


OTHER_FUNDS_OPEN_TWO_MEMBERS = """政策 "t" {
  舍入 四舍五入 到 分
}
事实 项目: 列表 {
  名称: 文本 默认 "甲"
}
条款 九 "t" {
  奖励 1500元
}
条款 五 "t" {
  奖励 1元/项 × 计数(项目)
}
就高不重复 "同一项目已获其他专项资金" { 九, 五 } 对照 1500元
"""


def test_other_funds_open_reading_paying_nothing_either_way() -> None:
    """Found by the generated policies: 就高不重复 with the reading left open over two clauses, 九 paying
    1500元 against 1500元 elsewhere and 五 nothing (no item). Both readings pay 0, so eval decides 九 as
    zero (金额为0); batch gave 九 the status paid with 0分: polars' cluster_with_columns folded the layer
    that rewrote `__a:九` into the one before, so the status written beside it read the new amount.
    The columnar ledger now stages every write under a fresh column name."""
    policy = policylang.load(OTHER_FUNDS_OPEN_TWO_MEMBERS)
    rows: list[dict[str, Any]] = [{"项目": [{"名称": "甲"}]}, {"项目": []}]
    assert_batch_equals_eval(policy, pl.DataFrame(rows), rows, {})


# predicate on (policy, rows, --set) → the strict-xfail tests that pin it down. The generated property
# skips only the examples a predicate names (so it stays red for anything new); remove an entry with its fix.
# The negative cap (now never below 0), the unspecified tier amount, the text column of whole 分 and the
# 就高不重复 member reduced to 0 are fixed.
KNOWN_DISAGREEMENTS: dict[Any, tuple[str, ...]] = {}
# the same, on (policy, population frame): what the rows alone cannot tell (how a column was written)
KNOWN_FRAME_DISAGREEMENTS: dict[Any, tuple[str, ...]] = {}


def known_disagreement(
    policy: Any, rows: list[dict[str, Any]], overrides: dict[str, Any], frame: pl.DataFrame | None = None
) -> bool:
    if frame is not None and any(pred(policy, frame) for pred in KNOWN_FRAME_DISAGREEMENTS):
        return True
    return any(pred(policy, rows, overrides) for pred in KNOWN_DISAGREEMENTS)


def test_a_tier_paying_an_unspecified_parameter() -> None:
    """Found by the generated policies: batch crashed (abs(None) in columnar.common_scale); eval gives
    zero where no tier applies and not determinable where the tier paying the unspecified amount does."""
    policy = policylang.load(UNSPECIFIED_TIER_AMOUNT)
    frame = pl.DataFrame({"新引入": [False, True]})
    assert_batch_equals_eval(policy, frame, [{"新引入": False}, {"新引入": True}], {})


NEGATIVE_CAP = """政策 "t" {
  舍入 四舍五入 到 分
}
事实 甲额: 金额
事实 乙额: 金额
条款 一 "t" {
  奖励 1万元
  上限 "最高" 乙额 - 甲额
}
"""
NEGATIVE_CAP_FACTS = {"甲额": Fraction(5), "乙额": Fraction(0)}


def test_a_negative_cap_never_pays_below_zero() -> None:
    """A cap whose limit is negative (乙额 - 甲额 = -5元) lowers the award to 0, never below (it paid -5元)."""
    policy = policylang.load(NEGATIVE_CAP)
    paid = policylang.evaluate(policy, NEGATIVE_CAP_FACTS).clauses[0].amount
    fen = evaluate_population(policy, pl.DataFrame([{k: int(v) for k, v in NEGATIVE_CAP_FACTS.items()}]))["一[分]"][0]
    assert (paid >= 0, fen >= 0) == (True, True), (paid, fen)


def test_a_negative_cap_in_an_exclusive_group() -> None:
    """取高不重复 over that clause and a 0元 one: eval and batch agree (they did not while it paid -5元)."""
    text = NEGATIVE_CAP + '条款 二 "t" {\n  奖励 0元\n}\n取高不重复 "取高" { 一, 二 }\n'
    policy = policylang.load(text)
    frame = pl.DataFrame([{k: int(v) for k, v in NEGATIVE_CAP_FACTS.items()}])
    assert_batch_equals_eval(policy, frame, [NEGATIVE_CAP_FACTS], {})


def item_boundary_word_contradicts(policy: Any) -> bool:
    """A contradictory boundary (超过 … (含), TIER005) on an item's field inside 逐项."""
    item_exprs = [
        e
        for plan in policy.clauses
        if plan.items is not None
        for e in (plan.items.award, *(c.expr for c in plan.items.conditions), *(c.limit for c in plan.items.caps))
    ]
    return any(
        isinstance(n, ir.Cmp) and n.contradictory and any(isinstance(x, ir.Field) for x in n.walk())
        for e in item_exprs
        for n in e.walk()
    )


KNOWN_CHECK_CRASHES: dict[Any, str] = {}  # the boundary inside 逐项 (check crashed on it) is fixed


def test_check_on_a_contradictory_boundary_inside_items(tmp_path: Path) -> None:
    path = tmp_path / "items.pol"
    path.write_text(
        '政策 "t" {\n  舍入 四舍五入 到 分\n}\n事实 项目: 列表 {\n  费用: 金额\n}\n'
        '条款 一 "t" {\n  逐项 项目 {\n    条件 费用 超过 1万元(含)\n    奖励 费用\n  }\n}\n',
        encoding="utf-8",
    )
    assert item_boundary_word_contradicts(policylang.load_policy(path))
    for finding in check_json(path)["findings"]:
        reevaluate(path, finding, tmp_path)


def test_every_known_disagreement_is_pinned_by_a_strict_xfail() -> None:
    pinned = [
        n for known in (KNOWN_DISAGREEMENTS, KNOWN_FRAME_DISAGREEMENTS) for names in known.values() for n in names
    ]
    pinned += list(KNOWN_CHECK_CRASHES.values())
    for name in pinned:
        marks = [m for m in getattr(globals()[name], "pytestmark", []) if m.name == "xfail"]
        assert marks and marks[0].kwargs.get("strict") is True, name
