"""The columnar backend is complete: every IR expression node has a column form or a declared reason
why not (the clause then takes the exact row path), every step semantics calls is a method of its clause
backend and its ledger, and every word of the IR's vocabularies has an entry in its dispatch tables."""

from __future__ import annotations

import enum

import pytest

from policylang.backends import columnar
from policylang.compiler import ir
from policylang.semantics.backend import CLAUSE_STEPS, CROSS_STEPS
from policylang.tools.batch import items


def concrete_nodes() -> set[type[ir.Expr]]:
    """Every expression node compiler/ir.py defines (a test's own subclasses are not the IR's)."""
    found: set[type[ir.Expr]] = set()
    stack = [ir.Expr]
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if cls is not ir.Expr and cls.__module__ == ir.__name__:
            found.add(cls)
    return found


def unhandled(nodes: set[type[ir.Expr]]) -> set[str]:
    return {n.__name__ for n in nodes if n not in columnar.EXPRESSIONS and n not in columnar.UNSUPPORTED}


def test_every_ir_node_is_handled_or_declared_unsupported():
    assert len(concrete_nodes()) >= 16
    assert unhandled(concrete_nodes()) == set()
    assert not set(columnar.EXPRESSIONS) & set(columnar.UNSUPPORTED)
    assert all(isinstance(why, str) and why for why in columnar.UNSUPPORTED.values())


def test_a_node_left_out_is_caught(monkeypatch):
    """The check above can fail: a node missing from both tables is named."""
    expressions = dict(columnar.EXPRESSIONS)
    del expressions[ir.Lookup]
    monkeypatch.setattr(columnar, "EXPRESSIONS", expressions)
    assert unhandled(concrete_nodes()) == {"Lookup"}


@pytest.mark.parametrize(
    ("steps", "backend"),
    [(CLAUSE_STEPS, columnar.ColumnarClauses), (CROSS_STEPS, columnar.ColumnarLedger)],
    ids=["clause", "cross"],
)
def test_every_semantics_step_is_a_method_or_declared_unsupported(steps, backend):
    missing = [s for s in steps if not callable(getattr(backend, s, None)) and s not in columnar.UNSUPPORTED_STEPS]
    assert missing == []


def vocabulary(enum_name: str, today: set[str]) -> set[str]:
    """The IR's enum once it exists (its values are today's strings), else today's strings."""
    found = getattr(ir, enum_name, None)
    if isinstance(found, type) and issubclass(found, enum.Enum):
        return {m.value for m in found}
    return today


@pytest.mark.parametrize(
    ("table", "enum_name", "today"),
    [
        (columnar.ARITH, "ArithOp", {"+", "-", "×", "÷"}),
        (columnar.COMPARE, "CmpOp", {">", ">=", "<", "<=", "==", "!="}),
        (columnar.LOGIC_STOPS_AT, "LogicOp", {"且", "或"}),
        (columnar.EXTREMES, "ExtremeOp", {"min", "max"}),
        (columnar.ROUNDING, "RoundingMode", {"四舍五入", "舍去", "进一", "银行家舍入"}),
        (items.LIMIT_ORDERS, "LimitOrder", {"最有利", "申报顺序"}),
    ],
    ids=["arith", "compare", "logic", "extreme", "rounding", "limit-order"],
)
def test_every_vocabulary_word_has_a_table_entry(table, enum_name, today):
    assert set(table) == vocabulary(enum_name, today)
