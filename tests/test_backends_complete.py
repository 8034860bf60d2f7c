"""Completeness of the backends: every IR expression node and every step of the semantics is
handled by each backend, or declared unsupported there with the reason shown to the user.

To hold another backend to the same contract, add it to BACKENDS: (its module, its ClauseBackend
class, its Ledger class). A new IR node left unhandled then fails here, not for a user.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
from typing import NamedTuple

import pytest

from policylang.compiler import ir
from policylang.compiler.lower import compile_policy
from policylang.errors import PolicyError
from policylang.frontend.syntax import parse
from policylang.semantics.backend import CLAUSE_STEPS, CROSS_STEPS


class Backend(NamedTuple):
    module: str
    clause_class: str
    ledger_class: str


BACKENDS = [Backend("policylang.backends.exact", "ExactClause", "ExactLedger")]


def concrete_expression_nodes() -> list[type[ir.Expr]]:
    """Every subclass of ir.Expr defined in compiler/ir.py (the abstract base excluded)."""
    found: list[type[ir.Expr]] = []
    pending = list(ir.Expr.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__ == ir.__name__ and cls not in found:
            found.append(cls)
    return sorted(found, key=lambda c: c.__name__)


def test_the_ir_has_the_expression_nodes_we_expect():
    # a guard on the guard: finding the nodes must not silently find none
    names = {c.__name__ for c in concrete_expression_nodes()}
    assert {"Const", "Arith", "Cmp", "Tiered", "Lookup", "DaysBetween"} <= names


@pytest.mark.parametrize("backend", BACKENDS, ids=lambda b: b.module.rsplit(".", 1)[-1])
@pytest.mark.parametrize("node", concrete_expression_nodes(), ids=lambda c: c.__name__)
def test_every_expression_node_is_handled_or_declared_unsupported(backend, node):
    module = importlib.import_module(backend.module)
    handled, unsupported = module.EXPRESSIONS, module.UNSUPPORTED
    assert (node in handled) != (node in unsupported), f"{backend.module}: {node.__name__} in neither or both"
    if node in unsupported:
        assert isinstance(unsupported[node], str) and unsupported[node].strip(), "say why, for the user"
    else:
        assert callable(handled[node])


@pytest.mark.parametrize("backend", BACKENDS, ids=lambda b: b.module.rsplit(".", 1)[-1])
def test_every_step_is_a_method_or_declared_unsupported(backend):
    module = importlib.import_module(backend.module)
    clause, ledger = getattr(module, backend.clause_class), getattr(module, backend.ledger_class)
    skipped = getattr(module, "UNSUPPORTED_STEPS", {})
    for steps, cls in ((CLAUSE_STEPS, clause), (CROSS_STEPS, ledger)):
        for step in steps:
            if step in skipped:
                assert skipped[step].strip(), f"{backend.module}: say why {step} is unsupported"
                continue
            method = getattr(cls, step, None)
            assert inspect.isfunction(method), f"{cls.__name__} lacks the step {step}"


def test_exact_is_the_reference_and_supports_everything():
    from policylang.backends import exact

    assert exact.UNSUPPORTED == {} and exact.UNSUPPORTED_STEPS == {}


# ---------------------------------------------------------------------------- the vocabularies
def exact_tables():
    from policylang.backends import exact

    return [
        (exact.ROUNDERS, ir.RoundingMode),
        (exact.ARITHMETIC, ir.ArithOp),
        (exact.COMPARISONS, ir.CmpOp),
        (exact.EXTREMES, ir.ExtremeOp),
        (exact.AGGREGATES, ir.AggregateOp),
        (exact.LIMIT_ORDERS, ir.LimitOrder),
    ]


@pytest.mark.parametrize("table, vocabulary", exact_tables(), ids=lambda x: getattr(x, "__name__", ""))
def test_every_member_of_a_vocabulary_has_its_handler(table, vocabulary):
    assert set(table) == set(vocabulary)


def test_vocabulary_members_are_their_words_and_have_english_identifiers():
    assert ir.CapScope.PER_ITEM == "每项" and f"{ir.ArithOp.MULTIPLY}" == "×" and str(ir.Unit.FEN) == "分"
    assert [s.identifier for s in ir.CapScope] == ["per_item", "per_group", "clause", "cumulative"]
    assert [m.identifier for m in ir.RoundingMode] == ["half_up", "down", "up", "half_even"]
    assert [u.identifier for u in ir.LimitOrder] == ["most_favourable", "as_listed"]
    assert [u.identifier for u in ir.Unit] == ["fen", "jiao", "yuan"]
    assert [s.value for s in ir.Status] == ["paid", "ineligible", "undetermined", "excluded", "zero"]


POLICY = """政策 "t" {
  舍入 四舍五入 到 分
}
事实 费: 金额
条款 一 "x" {
  奖励 费
}
"""


@pytest.mark.parametrize("rounding", [("五舍六入", "分"), ("四舍五入", "厘")])
def test_a_fifth_rounding_mode_is_a_compile_error_not_a_silent_default(rounding):
    tree = parse(POLICY, "t.pol")
    odd = dataclasses.replace(tree, header=dataclasses.replace(tree.header, rounding=rounding))
    with pytest.raises(PolicyError) as caught:
        compile_policy(odd)
    assert [d.code for d in caught.value.diagnostics] == ["C004"]
    assert rounding[0] in caught.value.diagnostics[0].text()


def test_the_four_rounding_modes_compile_to_their_members():
    for mode in ir.RoundingMode:
        tree = parse(POLICY.replace("四舍五入", mode.value), "t.pol")
        assert compile_policy(tree).rounding.mode is mode
