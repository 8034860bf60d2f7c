"""Conditions that make a clause pointless: it can never pay, or a condition can never fail."""

from __future__ import annotations

from typing import Iterator

import z3

from policylang.compiler import ir
from policylang.backends import symbolic as solver
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
    for plan in ctx.policy.clauses:
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
            yield Finding(
                "COND002",
                f"{plan.citation} 永远不会给付：满足全部条件的企业，按公式算出的金额也总是0",
                plan.span,
                plan.citation,
                notes=(f"公式：{plan.award_text or '逐项 ' + (plan.items.items if plan.items else '')}",),
                suggestion="核对条件与公式（或上限）是否互相抵消，例如上限为0或扣减总是不少于应得金额",
            )


def _unsatisfiable(plan: ir.ClausePlan, culprits: list[ir.ConditionPlan]) -> Finding:
    if len(culprits) == 1:
        message = f"{plan.citation} 永远不会给付：条件{_quoted(culprits[0])}在事实的取值范围内永远不成立"
        notes: tuple[str, ...] = ("比例在 0%～100% 之间，金额和数量不小于0",)
    else:
        message = f"{plan.citation} 永远不会给付：条件 " + "、".join(_quoted(c) for c in culprits) + " 不可能同时成立"
        notes = tuple(f"{_quoted(c)} 写在 {c.span.location()}" for c in culprits if c.span is not None)
    return Finding(
        "COND001",
        message,
        culprits[0].span,
        plan.citation,
        notes=notes,
        suggestion="核对门槛的数字和方向（超过/低于、含/不含）",
    )


# ---------------------------------------------------------------------------- COND003
def always_true(ctx: Context) -> Iterator[Finding]:
    """A condition no case can fail: it says nothing (often a threshold written the wrong way round)."""
    for plan in ctx.policy.clauses:
        for c in _all_conditions(plan):
            if isinstance(c.expr, ir.Input):
                continue  # a yes/no fact alone can always be 否
            enc = ctx.encoder()
            if solver.Query(enc, z3.Not(enc.expr(c.expr, "x"))).check() == solver.UNSAT:
                yield Finding(
                    "COND003",
                    f"条件{_quoted(c)}总是成立，写了等于没写",
                    c.span,
                    plan.citation,
                    notes=("比例在 0%～100% 之间，金额和数量不小于0",),
                    suggestion="核对门槛的数字和方向；若确无限制，可删去这一条件",
                )
