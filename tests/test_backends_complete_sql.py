"""The SQL backend is complete: every IR expression node has an SQL form or a declared reason why not
(the clause is then refused, located), every step semantics calls is a method of its clause backend and
its ledger (or declared unsupported), and every word of the IR's vocabularies has a table entry."""

from __future__ import annotations

import pytest
from test_backends_complete_columnar import concrete_nodes, vocabulary

from policylang.backends import sql
from policylang.compiler import ir
from policylang.semantics.backend import CLAUSE_STEPS, CROSS_STEPS


def unhandled(nodes: set[type[ir.Expr]]) -> set[str]:
    return {n.__name__ for n in nodes if n not in sql.EXPRESSIONS and n not in sql.UNSUPPORTED}


def test_every_ir_node_is_handled_or_declared_unsupported():
    assert len(concrete_nodes()) >= 16
    assert unhandled(concrete_nodes()) == set()
    assert not set(sql.EXPRESSIONS) & set(sql.UNSUPPORTED)
    assert all(isinstance(why, str) and why for why in sql.UNSUPPORTED.values())


def test_a_node_left_out_is_caught(monkeypatch):
    expressions = dict(sql.EXPRESSIONS)
    del expressions[ir.Lookup]
    monkeypatch.setattr(sql, "EXPRESSIONS", expressions)
    assert unhandled(concrete_nodes()) == {"Lookup"}


@pytest.mark.parametrize(
    ("steps", "backend"), [(CLAUSE_STEPS, sql.SqlClauses), (CROSS_STEPS, sql.SqlLedger)], ids=["clause", "cross"]
)
def test_every_semantics_step_is_a_method_or_declared_unsupported(steps, backend):
    missing = [s for s in steps if not callable(getattr(backend, s, None)) and s not in sql.UNSUPPORTED_STEPS]
    assert missing == []
    assert all(isinstance(why, str) and why for why in sql.UNSUPPORTED_STEPS.values())


@pytest.mark.parametrize(
    ("table", "enum_name", "today"),
    [
        (sql.ARITH, "ArithOp", {"+", "-", "×", "÷"}),
        (sql.COMPARE, "CmpOp", {">", ">=", "<", "<=", "==", "!="}),
        (sql.LOGIC_STOPS_AT, "LogicOp", {"且", "或"}),
        (sql.EXTREMES, "ExtremeOp", {"min", "max"}),
        (sql.ROUNDING, "RoundingMode", {"四舍五入", "舍去", "进一", "银行家舍入"}),
    ],
    ids=["arith", "compare", "logic", "extreme", "rounding"],
)
def test_every_vocabulary_word_has_a_table_entry(table, enum_name, today):
    assert set(table) == vocabulary(enum_name, today)


def test_every_dialect_has_an_integer_type_and_a_quotient():
    assert set(sql.DIALECT_TABLE) == set(sql.DIALECTS)
    for d in sql.DIALECT_TABLE.values():
        assert d.integer and (d.quotient in ("intdiv", "mod", "decimal") or d.quotient.startswith("function:"))
