"""Conditions that make a clause pointless: it can never pay, or a condition can never fail."""

from __future__ import annotations

from collections.abc import Iterator

import z3  # type: ignore[import-untyped]

from policylang.backends import symbolic as solver
from policylang.compiler import ir
from policylang.report.i18n import t
from policylang.tools.check.context import Context
from policylang.tools.check.findings import Finding


def _all_conditions(plan: ir.ClausePlan) -> list[ir.ConditionPlan]:
    """Clause conditions, then the per-item ones (an item must qualify for anything to be paid)."""
    return list(plan.conditions) + (list(plan.items.conditions) if plan.items is not None else [])


def _quoted(c: ir.ConditionPlan) -> str:
    return f"“{c.text}”"


# ---------------------------------------------------------------------------- COND001 / COND002
def never_pays(ctx: Context) -> Iterator[Finding]:
    """No case at all satisfies the conditions, or every case that does is paid 0."""
    for plan in ctx.clauses():
        if ctx.pays(plan) and ctx.paying[plan.citation]:
            continue  # a case that pays is known: neither COND001 nor COND002 can hold
        conditions = _all_conditions(plan)
        enc = ctx.encoder()
        named = [(str(i), enc.expr(c.expr, "x")) for i, c in enumerate(conditions)]
        core = solver.unsat_core(enc, named) if conditions else None
        if core is not None:
            culprits = [conditions[int(i)] for i in sorted(core, key=int)]
            yield _unsatisfiable(plan, culprits)
            continue
        paid = enc.paid(plan, "x")
        q = solver.Query(enc, *[f for _, f in named], paid > 0)
        if q.check() == solver.UNSAT and solver.Query(enc, *[f for _, f in named]).check() == solver.SAT:
            formula = plan.award_text or "逐项 " + (plan.items.items if plan.items else "")
            yield Finding(
                "COND002",
                t("check.COND002.message", citation=plan.citation),
                plan.span,
                plan.citation,
                notes=(t("check.COND002.formula", formula=formula),),
                suggestion=t("check.COND002.suggestion"),
            )


def _unsatisfiable(plan: ir.ClausePlan, culprits: list[ir.ConditionPlan]) -> Finding:
    if len(culprits) == 1:
        message = t("check.COND001.one", citation=plan.citation, condition=_quoted(culprits[0]))
        notes: tuple[str, ...] = (t("check.note.domain"),)
    else:
        listed = t("check.list.sep").join(_quoted(c) for c in culprits)
        message = t("check.COND001.many", citation=plan.citation, conditions=listed)
        notes = tuple(
            t("check.note.clause_at", citation=_quoted(c), location=c.span.location())
            for c in culprits
            if c.span is not None
        )
    thresholds = any(_has_threshold(c.expr) for c in culprits)
    return Finding(
        "COND001",
        message,
        culprits[0].span,
        plan.citation,
        notes=notes,
        suggestion=t("check.COND001.suggestion" if thresholds else "check.COND001.suggestion.facts"),
    )


ORDERING = frozenset({ir.CmpOp.GREATER, ir.CmpOp.GREATER_EQUAL, ir.CmpOp.LESS, ir.CmpOp.LESS_EQUAL})


def _has_threshold(e: ir.Expr) -> bool:
    """Whether a condition compares a number with a threshold (else it reads yes/no or choice facts)."""
    return any(isinstance(n, ir.Cmp) and n.op in ORDERING for n in e.walk())


# ---------------------------------------------------------------------------- COND003
def always_true(ctx: Context) -> Iterator[Finding]:
    """A condition no case can fail: it says nothing (often a threshold written the wrong way round)."""
    for plan in ctx.clauses():
        for c in _all_conditions(plan):
            if isinstance(c.expr, ir.Input):
                continue  # a yes/no fact alone can always be 否
            enc = ctx.encoder()
            if solver.Query(enc, z3.Not(enc.expr(c.expr, "x"))).check() == solver.UNSAT:
                yield Finding(
                    "COND003",
                    t("check.COND003.message", condition=_quoted(c)),
                    c.span,
                    plan.citation,
                    notes=(t("check.note.domain"),),
                    suggestion=t("check.COND003.suggestion"),
                )
