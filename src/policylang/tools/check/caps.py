"""Caps that contradict each other: a cap that can never bind, a cumulative or article cap below
what one award may reach, a fixed award above its own cap, a cap as large as the whole fund."""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Iterator

import z3

from policylang.compiler import ir
from policylang.backends import symbolic as solver
from policylang.tools.check.context import Context, clause_caps
from policylang.tools.check.examples import amount_text, confirmed, describe, example, money_literal
from policylang.tools.check.findings import Finding

RANK = {"每项": 0, "每组": 1, "条款": 2}
WHERE = {"每项": "每项", "每组": "每组", "条款": "本条款", "累计": "累计"}


def _limit_text(ctx: Context, cap: ir.CapPlan) -> str:
    return cap.limit.span.text if cap.limit.span is not None else "…"


def upper_bound(e: ir.Expr) -> Fraction | None:
    """The most an amount expression can ever be, when its form says so (a fixed amount, a tier table)."""
    if isinstance(e, ir.Const) and isinstance(e.value, Fraction):
        return e.value
    if isinstance(e, ir.Param) and not e.unspecified:
        return None
    if isinstance(e, ir.Choose):
        a, b = upper_bound(e.then), upper_bound(e.otherwise)
        return None if a is None or b is None else max(a, b)
    if isinstance(e, ir.Tiered):
        bounds = [upper_bound(r.amount) for r in e.rows]
        return None if None in bounds else max([b for b in bounds if b is not None] + [Fraction(0)])
    if isinstance(e, ir.Extreme):
        bounds = [upper_bound(a) for a in e.args]
        known = [b for b in bounds if b is not None]
        if e.op == "min":
            return min(known) if known else None
        return None if None in bounds else max(known)
    if isinstance(e, ir.Arith) and e.op == "+":
        a, b = upper_bound(e.left), upper_bound(e.right)
        return None if a is None or b is None else a + b
    return None


# ---------------------------------------------------------------------------- CAP001
def dead_caps(ctx: Context) -> Iterator[Finding]:
    """A cap that never binds because another cap at its level or above is always at most as low."""
    for plan in ctx.policy.clauses:
        caps = [c for c in clause_caps(plan) if c.scope in RANK]
        for i, cap in enumerate(caps):
            for j, other in enumerate(caps):
                if i == j or RANK[other.scope] < RANK[cap.scope]:
                    continue
                if RANK[other.scope] == RANK[cap.scope] and j > i:
                    continue  # of two equal caps at one level, report the later one
                found = _dead(ctx, plan, cap, other)
                if found is not None:
                    yield found
                    break


def _dead(ctx: Context, plan: ir.ClausePlan, cap: ir.CapPlan, other: ir.CapPlan) -> Finding | None:
    enc = ctx.encoder()
    mine, theirs = enc.expr(cap.limit, "x"), enc.expr(other.limit, "x")
    context = [enc.eligible(plan, "x")]
    if plan.items is not None:
        context.append(enc.conditions(plan.items.conditions, "x"))
    if solver.Query(enc, *context, theirs > mine).check() != solver.UNSAT:
        return None
    same = RANK[other.scope] == RANK[cap.scope]
    relation = "同一层级" if same else f"外层（{WHERE[other.scope]}）"
    message = (
        f"上限“{cap.name}”（{_limit_text(ctx, cap)}）永远不起作用：{relation}的上限“{other.name}”"
        f"（{_limit_text(ctx, other)}）总是不高于它"
    )
    return Finding(
        "CAP001",
        message,
        cap.span,
        plan.citation,
        notes=(f"“{other.name}”写在 {other.span.location()}",) if other.span else (),
        suggestion="核对原文：较低的上限是否应为较高的一个所含的一部分；若原文如此，可删去不起作用的上限",
        examples=_would_bind(ctx, plan, cap, other),
    )


def _would_bind(ctx: Context, plan: ir.ClausePlan, cap: ir.CapPlan, other: ir.CapPlan) -> tuple[Any, ...]:
    """A case whose amount is above the dead cap, and is paid no more than the lower cap allows."""
    enc = ctx.encoder()
    items = plan.items.items if plan.items is not None and cap.scope == "每项" else None
    if cap.scope == "每项" and plan.items is not None:
        before: Any = enc.expr(plan.items.award, "x")
        award: ir.Expr | None = plan.items.award
    elif cap.scope == "条款":
        before, award = enc.raw(plan, "x"), plan.award
    else:
        return ()
    context = [enc.eligible(plan, "x"), before > enc.expr(cap.limit, "x")]
    if plan.items is not None:
        context.append(enc.conditions(plan.items.conditions, "x"))
    q = solver.Query(enc, *context)

    def claim(t: list[Any]) -> bool:
        x = t[0]
        raw = ctx.value(award, x.read, x.item(items)) if award is not None else x.result.clause(plan.citation).raw
        mine, theirs = ctx.value(cap.limit, x.read, x.item(items)), ctx.value(other.limit, x.read, x.item(items))
        return None not in (raw, mine, theirs) and raw > mine and x.amount(plan.citation) <= theirs

    trials = confirmed(q, ["x"], claim)
    if trials is None:
        return ()
    x = trials[0]
    raw = ctx.value(award, x.read, x.item(items)) if award is not None else x.result.clause(plan.citation).raw
    title = (
        f"按公式应得 {amount_text(ctx.policy, raw)}，高于“{cap.name}”，"
        f"但实得 {amount_text(ctx.policy, x.amount(plan.citation))}：起作用的是“{other.name}”"
    )
    return (example(ctx.policy, x, "case", title, [plan.citation]),)


# ---------------------------------------------------------------------------- CAP002
def cumulative_below_single(ctx: Context) -> Iterator[Finding]:
    """A cumulative cap lower than the most one application (one year) may pay."""
    for plan in ctx.policy.clauses:
        if plan.award is None:
            continue
        for cap in plan.caps:
            if cap.already_paid is None or not isinstance(cap.limit, ir.Const):
                continue
            bounds = [upper_bound(plan.award)] + [upper_bound(c.limit) for c in plan.caps if c.already_paid is None]
            known = [b for b in bounds if b is not None]
            if not known or min(known) <= cap.limit.value:
                continue
            found = _cumulative(ctx, plan, cap, min(known))
            if found is not None:
                yield found


def _cumulative(ctx: Context, plan: ir.ClausePlan, cap: ir.CapPlan, single: Fraction) -> Finding | None:
    enc = ctx.encoder()
    others = [c for c in plan.caps if c is not cap]
    single_award = enc.capped(enc.raw(plan, "x"), others, "x")
    limit = enc.expr(cap.limit, "x")
    assert cap.already_paid is not None
    q = solver.Query(enc, enc.eligible(plan, "x"), single_award > limit, enc.expr(cap.already_paid, "x") == 0)
    trials = confirmed(
        q,
        ["x"],
        lambda t: (
            t[0].amount(plan.citation) == cap.limit.value  # type: ignore[attr-defined]
            and t[0].result.clause(plan.citation).bound_cap == cap.name
        ),
    )
    if trials is None:
        return None
    lim = money_literal(cap.limit.value)  # type: ignore[attr-defined]
    message = (
        f"累计上限“{cap.name}”（{lim}）低于单次可得的最高金额（{money_literal(single)}）："
        f"企业第一次申请就被累计上限截到 {lim}，单次的上限永远达不到"
    )
    t = trials[0]
    title = (
        f"此前未获支持的企业，{plan.citation} 只得 {amount_text(ctx.policy, t.amount(plan.citation))}（受累计上限限制）"
    )
    return Finding(
        "CAP002",
        message,
        cap.span,
        plan.citation,
        suggestion="核对原文：累计上限应不低于单次（单年）的最高金额",
        examples=(example(ctx.policy, t, "case", title, [plan.citation]),),
    )


# ---------------------------------------------------------------------------- CAP003
def group_cap_below_member(ctx: Context) -> Iterator[Finding]:
    """合计上限 lower than a member clause's own cap: that clause can never reach its own cap."""
    for group in ctx.policy.group_caps:
        for citation in group.citations:
            plan = ctx.clause(citation)
            for cap in plan.caps:
                if cap.already_paid is not None:
                    continue
                found = _group_below(ctx, group, plan, cap)
                if found is not None:
                    yield found
                    break


def _group_below(ctx: Context, group: ir.GroupCapPlan, plan: ir.ClausePlan, cap: ir.CapPlan) -> Finding | None:
    enc = ctx.encoder()
    limit = enc.expr(group.limit, "x")
    q = solver.Query(enc, enc.eligible(plan, "x"), enc.cap_limit(cap, "x") > limit, enc.paid(plan, "x") > limit)
    group_limit = ctx.value(group.limit, {})

    def claim(t: list[Any]) -> bool:
        c = t[0].result.clause(plan.citation)
        return group_limit is not None and c.amount == group_limit and (c.before_rules or 0) > group_limit

    trials = confirmed(q, ["x"], claim)
    if trials is None:
        return None
    t = trials[0]
    message = (
        f"合计上限“{group.name}”（{money_literal(group_limit)}）低于其中 {plan.citation} 自己的上限"
        f"“{cap.name}”（{_limit_text(ctx, cap)}）：这一条款永远拿不到它自己的上限"
    )
    before = t.result.clause(plan.citation).before_rules
    title = (
        f"{plan.citation} 按本条款应得 {amount_text(ctx.policy, before)}，"
        f"受合计上限只得 {amount_text(ctx.policy, t.amount(plan.citation))}"
    )
    return Finding(
        "CAP003",
        message,
        group.span,
        plan.citation,
        notes=(f"“{cap.name}”写在 {cap.span.location()}",) if cap.span else (),
        suggestion="核对原文：合计上限应不低于其中任一条款自己的上限",
        examples=(example(ctx.policy, t, "case", title, [plan.citation]),),
    )


# ---------------------------------------------------------------------------- CAP004
def fixed_above_cap(ctx: Context) -> Iterator[Finding]:
    """A fixed amount (定额, a tier's amount, a branch of 如果) above the clause's own cap."""
    for plan in ctx.policy.clauses:
        if plan.award is None:
            continue
        reported = False
        for amount, path in leaves(plan.award):
            for cap in plan.caps:
                if cap.already_paid is not None or reported:
                    continue
                found = _fixed_above(ctx, plan, amount, path, cap)
                if found is not None:
                    yield found
                    reported = True


def leaves(
    e: ir.Expr, path: tuple[tuple[ir.Expr, bool], ...] = ()
) -> Iterator[tuple[ir.Const, tuple[tuple[ir.Expr, bool], ...]]]:
    """Each fixed amount an award can pay, with the conditions (and their truth) that choose it."""
    if isinstance(e, ir.Const) and isinstance(e.value, Fraction) and e.value > 0:
        yield e, path
    elif isinstance(e, ir.Choose):
        yield from leaves(e.then, path + ((e.condition, True),))
        yield from leaves(e.otherwise, path + ((e.condition, False),))
    elif isinstance(e, ir.Tiered):
        before: tuple[tuple[ir.Expr, bool], ...] = ()
        for row in e.rows:
            here = path + before + (((row.condition, True),) if row.condition is not None else ())
            yield from leaves(row.amount, here)
            if row.condition is None:
                break
            before += ((row.condition, False),)


def _fixed_above(
    ctx: Context, plan: ir.ClausePlan, amount: ir.Const, path: tuple[tuple[ir.Expr, bool], ...], cap: ir.CapPlan
) -> Finding | None:
    enc = ctx.encoder()
    chosen = [enc.expr(c, "x") if truth else z3.Not(enc.expr(c, "x")) for c, truth in path]
    q = solver.Query(enc, enc.eligible(plan, "x"), *chosen, enc.cap_limit(cap, "x") < enc.expr(amount, "x"))
    trials = confirmed(
        q,
        ["x"],
        lambda t: (
            0 < t[0].amount(plan.citation) < amount.value and t[0].result.clause(plan.citation).bound_cap == cap.name
        ),
    )
    if trials is None:
        return None
    t = trials[0]
    paid = amount_text(ctx.policy, t.amount(plan.citation))
    message = (
        f"定额 {amount.text} 高于本条款的上限“{cap.name}”（{_limit_text(ctx, cap)}）："
        f"永远只能给到 {paid}，写的金额不能足额给予"
    )
    names = sorted({n.name for c, _ in path for n in c.walk() if isinstance(n, ir.Input)})
    shown = describe(ctx.policy, t.facts, names)
    title = f"{shown + '的企业：' if shown else ''}{plan.citation} 写的是 {amount.text}，实得 {paid}"
    return Finding(
        "CAP004",
        message,
        amount.span,
        plan.citation,
        suggestion="核对原文：定额与上限应一致（定额不高于上限）",
        examples=(example(ctx.policy, t, "case", title, [plan.citation]),),
    )


# ---------------------------------------------------------------------------- CAP005
def cap_above_fund(ctx: Context) -> Iterator[Finding]:
    """A cap at or above the whole fund the header declares: it could never be honoured in full."""
    if not ctx.policy.funds:
        return
    fund = sum((f.amount for f in ctx.policy.funds), Fraction(0))
    names = "、".join(f"“{f.name}”" for f in ctx.policy.funds)
    for plan in ctx.policy.clauses:
        for cap in clause_caps(plan):
            if _reaches(ctx, cap.limit, fund):
                yield _fund_finding(cap.name, cap.limit, cap.span, plan.citation, fund, names)
    for group in ctx.policy.group_caps:
        if _reaches(ctx, group.limit, fund):
            yield _fund_finding(group.name, group.limit, group.span, "、".join(group.citations), fund, names)


def _reaches(ctx: Context, limit: ir.Expr, fund: Fraction) -> bool:
    enc = ctx.encoder()
    return solver.Query(enc, enc.expr(limit, "x") >= solver.real(fund)).check() == solver.SAT and not any(
        isinstance(n, ir.Param) and n.unspecified for n in limit.walk()
    )


def _fund_finding(name: str, limit: ir.Expr, span: Any, citation: str, fund: Fraction, names: str) -> Finding:
    text = limit.span.text if limit.span is not None else "…"
    return Finding(
        "CAP005",
        f"上限“{name}”（{text}）达到或超过整笔资金 {names}（{money_literal(fund)}）",
        span,
        citation,
        suggestion="核对原文：单项上限通常远低于资金总额；是否把资金总额当成了上限？",
    )
