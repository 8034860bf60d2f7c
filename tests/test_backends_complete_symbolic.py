"""The symbolic (z3) backend is complete: every concrete IR expression node is encoded or declared
unsupported with a reason, every clause step is a method of its clause backend or declared
unsupported, and whatever is unsupported shows up as a visible "could not check" (CHK001) finding,
never as a pass."""

from __future__ import annotations

import inspect
import json
from fractions import Fraction
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from policylang.backends import symbolic
from policylang.compiler import ir
from policylang.report.i18n import catalogue
from policylang.semantics.backend import CLAUSE_STEPS, CROSS_STEPS


def concrete_expr_types() -> set[type[ir.Expr]]:
    found: set[type[ir.Expr]] = set()
    todo = [ir.Expr]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__ == ir.__name__ and not inspect.isabstract(sub):
                found.add(sub)
    return found


def test_every_expr_node_is_encoded_or_declared_unsupported():
    handled = set(symbolic.EXPRESSIONS) | set(symbolic.UNSUPPORTED)
    missing = sorted(t.__name__ for t in concrete_expr_types() - handled)
    assert missing == [], f"ir nodes the symbolic backend neither encodes nor declares unsupported: {missing}"
    assert not set(symbolic.EXPRESSIONS) & set(symbolic.UNSUPPORTED)


def test_the_node_walk_sees_every_node():
    """The test above can fail: it finds the nodes compiler/ir.py defines."""
    assert {ir.Const, ir.Tiered, ir.StepAward, ir.Aggregate} <= concrete_expr_types()


def test_every_clause_step_is_a_method_or_declared_unsupported():
    for step in CLAUSE_STEPS:
        assert callable(getattr(symbolic.SymbolicClause, step, None)) or step in symbolic.UNSUPPORTED_STEPS, step


def test_unsupported_steps_are_real_steps_with_a_reason_in_both_languages():
    messages = catalogue()
    for step, reason in symbolic.UNSUPPORTED_STEPS.items():
        assert step in CLAUSE_STEPS + CROSS_STEPS, step
        assert reason in messages, reason
    for reason in symbolic.UNSUPPORTED.values():
        assert reason in messages, reason


def test_cross_clause_rules_are_declared_unsupported():
    """The checks ask about one clause (or two) at a time; the rules are eval's, at confirmation."""
    assert set(CROSS_STEPS) <= set(symbolic.UNSUPPORTED_STEPS)


# ---------------------------------------------------------------------------- unsupported → CHK001
@pytest.fixture(autouse=True)
def at_root(monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    monkeypatch.delenv("POLICYLANG_DEBUG", raising=False)


def chk001(run, policy: str) -> list[dict]:
    code, out, err = run("check", policy, "--format", "json")
    assert code in (0, 1), err
    return [f for f in json.loads(out)["findings"] if f["code"] == "CHK001"]


@pytest.mark.parametrize("node", sorted(concrete_expr_types(), key=lambda t: t.__name__), ids=lambda t: t.__name__)
def test_each_node_once_unsupported_is_a_visible_could_not_check(run, monkeypatch, node):
    """Take each node away from the encoder in turn (as a node left unsupported would be): every
    policy that uses it gets a CHK001, never a silent pass."""
    fixtures = [*sorted((FIXTURES / "check").glob("*.pol")), *sorted((FIXTURES / "clause_ref").glob("*.pol"))]
    users = [p for p in [*fixtures, ROOT / "policies" / "jixi.pol"] if uses(p, node)]
    assert users, f"no fixture uses {node.__name__}: a node no policy exercises is not shown to be encoded"
    monkeypatch.setitem(symbolic.UNSUPPORTED, node, "check.unsupported.cross_rules")
    monkeypatch.delitem(symbolic.EXPRESSIONS, node)
    found = chk001(run, str(users[0].relative_to(ROOT)))
    assert found, node
    assert {f["reason"] for f in found} == {"unsupported"}
    assert all(f["family"] for f in found)


def uses(path: Path, node: type[ir.Expr]) -> bool:
    """Whether the policy encodes the node (inside 合计/计数 nothing is encoded: the value is opaque)."""
    from policylang.tools.check import load

    compiled, _ = load(str(path))
    return any(isinstance(n, node) for plan in compiled.clauses for e in plan.expressions() for n in encoded(e))


def encoded(e: ir.Expr):
    yield e
    if not isinstance(e, ir.Aggregate):
        for child in e.children():
            yield from encoded(child)


@pytest.mark.parametrize("step", sorted(symbolic.UNSUPPORTED_STEPS))
def test_each_unsupported_step_is_a_visible_could_not_check(run, step):
    """The cross-clause rules are eval's: a solver case that a 合计上限 refutes is reported as
    "could not check" (could_not_check.pol), not dropped."""
    found = chk001(run, str((FIXTURES / "check" / "could_not_check.pol").relative_to(ROOT)))
    assert [f["reason"] for f in found] == ["unconfirmed"]


# ---------------------------------------------------------------------------- rounding, exactly
ROUNDING_MODES = sorted(symbolic.ROUNDING)
UNITS = ["分", "角", "元"]


def test_every_rounding_mode_is_encoded():
    assert set(symbolic.ROUNDING) == {"四舍五入", "舍去", "进一", "银行家舍入"}


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(ROUNDING_MODES),
    st.sampled_from(UNITS),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.sampled_from([1, 2, 3, 4, 8, 10, 20, 40, 200, 1000]),
)
def test_the_encoded_rounding_is_the_exact_evaluators(mode, unit, numerator, denominator):
    """z3's rounding of a value (halves, ties, negatives included) equals backends/exact.round_amount."""
    import z3

    from policylang.backends.exact import round_amount

    value = Fraction(numerator, denominator)
    rule = ir.Rounding(ir.RoundingMode(mode), ir.Unit(unit))
    got = z3.simplify(symbolic.rounded(symbolic.real(value), rule))
    assert Fraction(got.as_fraction()) == round_amount(value, rule)


# ---------------------------------------------------------------------------- operator tables
def test_operator_tables_cover_the_ir_vocabularies():
    """Every operator the IR can hold has a z3 function (semantics-shared: the IR's vocabularies)."""
    assert set(symbolic.ARITH) == {"+", "-", "×", "÷"}
    assert set(symbolic.COMPARE) == {">", ">=", "<", "<=", "==", "!="}
    assert set(symbolic.LOGIC) == {"且", "或"}
    assert set(symbolic.EXTREME) == {"min", "max"}


def test_an_operator_no_table_knows_is_unsupported_not_guessed():
    with pytest.raises(symbolic.Unsupported):
        symbolic.op_of(symbolic.ARITH, "^")
    with pytest.raises(symbolic.Unsupported):
        symbolic.rounded(symbolic.real(Fraction(1, 3)), ir.Rounding("四舍六入", "分"))
