"""Caps that contradict each other: a cap that can never bind, a cumulative or article cap below
what one award may reach, a fixed award above its own cap, a cap as large as the whole fund."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from fractions import Fraction
from typing import Any

import z3  # type: ignore[import-untyped]

from policylang.backends import symbolic as solver
from policylang.compiler import ir
from policylang.report.i18n import t
from policylang.tools.check.context import Context, Subject, clause_caps
from policylang.tools.check.examples import (
    Trial,
    amount_text,
    best_effort,
    case_yaml,
    confirmed,
    describe,
    example,
    illustration,
    money_literal,
    run,
    trials,
)
from policylang.tools.check.findings import Example, Finding

# cap scope → its nesting level (inner first); the cumulative scope is not nested
RANK = {"每项": 0, "每组": 1, "条款": 2}


def scope_words(scope: str) -> str:
    return t(f"check.scope.{getattr(scope, 'value', scope)}")


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
    for plan in ctx.clauses():
        if not ctx.pays(plan):
            continue  # every cap of a clause that never pays "never binds": that follows from COND001/COND002
        caps = [c for c in clause_caps(plan) if c.scope in RANK]
        dead: set[int] = set()
        for i, cap in enumerate(caps):
            for j, other in enumerate(caps):
                if i == j or RANK[other.scope] < RANK[cap.scope]:
                    continue
                if RANK[other.scope] == RANK[cap.scope] and j > i:
                    continue  # of two equal caps at one level, report the later one
                found = _dead(ctx, plan, cap, other)
                if found is not None:
                    dead.add(id(cap))
                    yield found
                    break
        for cap in plan.items.group_caps if plan.items is not None else ():
            if id(cap) not in dead:
                found = _dead_by_items(ctx, plan, cap)
                if found is not None:
                    yield found


def _item_amount(enc: solver.Encoder, items: ir.ItemPlan, copy: str) -> Any:
    """What one item pays: its award, never below 0, under the item caps."""
    return enc.capped(solver.maximum(enc.expr(items.award, copy), solver.zero()), items.caps, copy)


def _dead_by_items(ctx: Context, plan: ir.ClausePlan, cap: ir.CapPlan) -> Finding | None:
    """A group cap the item caps multiply out to: at most N items a group, none above its own cap,
    so a group never totals more than N × that (4 个 × 0.5万元 = the 2万元 per-fair cap)."""
    items = plan.items
    if items is None or items.limit is None or items.limit.count < 1:
        return None
    count = items.limit.count
    enc = ctx.encoder()
    one = _item_amount(enc, items, "x")
    context = [enc.eligible(plan, "x"), enc.conditions(items.conditions, "x")]
    if solver.Query(enc, *context, solver.real(count) * one > enc.expr(cap.limit, "x")).check() != solver.UNSAT:
        return None
    if items.caps:
        other = items.caps[0]
        per_item = t("check.CAP001.item_cap", other=other.name, other_limit=_limit_text(ctx, other))
    else:
        per_item = t("check.CAP001.item_award", award=items.award_text)
    message = t(
        "check.CAP001.items",
        cap=cap.name,
        limit=_limit_text(ctx, cap),
        count=items.limit.text,
        per_item=per_item,
    )
    return Finding(
        "CAP001",
        message,
        cap.span,
        plan.citation,
        notes=tuple(t("check.note.quoted_at", name=c.name, location=c.span.location()) for c in items.caps if c.span),
        suggestion=t("check.CAP001.items.suggestion"),
        examples=best_effort(lambda: _full_group(ctx, plan, items, cap, count), ()),
    )


def _full_group(
    ctx: Context, plan: ir.ClausePlan, items: ir.ItemPlan, cap: ir.CapPlan, count: int
) -> tuple[Example, ...]:
    """A group of `count` items each paid as much as an item can be: the group cap still cuts nothing."""
    enc = ctx.encoder()
    one = _item_amount(enc, items, "x")
    context = [enc.eligible(plan, "x"), enc.conditions(items.conditions, "x")]
    if items.caps:
        context.append(one == enc.cap_limit(items.caps[0], "x"))
    q = solver.Query(enc, *context, one > 0)
    if q.check() != solver.SAT:
        return ()
    (single,) = trials(q, ["x"])
    group = list(single.facts.get(items.items) or [])
    if len(group) != 1:
        return ()
    facts = {**single.facts, items.items: group * count}
    ran = run(ctx.policy, case_yaml(ctx.policy, facts, ""))
    if ran is None:
        return ()
    full = Trial("x", facts, ran[0], ran[1])
    each, paid = single.amount(plan.citation), full.amount(plan.citation)
    limit = ctx.value(cap.limit, full.read, full.item(items.items))
    if each <= 0 or paid != count * each or limit is None or paid > limit:
        return ()
    title = t(
        "check.CAP001.items_title",
        count=count,
        each=amount_text(ctx.policy, each),
        paid=amount_text(ctx.policy, paid),
        cap=cap.name,
        citation=plan.citation,
    )
    return (example(ctx.policy, full, "case", title, [plan.citation]),)


def _dead(ctx: Context, plan: ir.ClausePlan, cap: ir.CapPlan, other: ir.CapPlan) -> Finding | None:
    enc = ctx.encoder()
    mine, theirs = enc.expr(cap.limit, "x"), enc.expr(other.limit, "x")
    context = [enc.eligible(plan, "x")]
    if plan.items is not None:
        context.append(enc.conditions(plan.items.conditions, "x"))
    if solver.Query(enc, *context, theirs > mine).check() != solver.UNSAT:
        return None
    same = RANK[other.scope] == RANK[cap.scope]
    relation = t("check.CAP001.same") if same else t("check.CAP001.outer", scope=scope_words(other.scope))
    message = t(
        "check.CAP001.message",
        cap=cap.name,
        limit=_limit_text(ctx, cap),
        relation=relation,
        other=other.name,
        other_limit=_limit_text(ctx, other),
    )
    return Finding(
        "CAP001",
        message,
        cap.span,
        plan.citation,
        notes=(t("check.note.quoted_at", name=other.name, location=other.span.location()),) if other.span else (),
        suggestion=t("check.CAP001.suggestion"),
        examples=best_effort(lambda: _would_bind(ctx, plan, cap, other), ()),
    )


Before = tuple[Any, "ir.Expr | None", "str | None"]  # (the amount a cap sees, its award, its list)


def _before_item_cap(enc: solver.Encoder, plan: ir.ClausePlan) -> Before | None:
    """An item cap sees one item's award."""
    if plan.items is None:
        return None
    return enc.expr(plan.items.award, "x"), plan.items.award, plan.items.items


def _before_clause_cap(enc: solver.Encoder, plan: ir.ClausePlan) -> Before | None:
    """A clause cap sees the clause's award (for 逐项, after the item and group caps)."""
    return enc.raw(plan, "x"), plan.award, None


# cap scope → what the cap is applied to, where a counterexample can show it binding
BEFORE_CAP: dict[str, Callable[[solver.Encoder, ir.ClausePlan], Before | None]] = {
    "每项": _before_item_cap,
    "条款": _before_clause_cap,
}


def _would_bind(ctx: Context, plan: ir.ClausePlan, cap: ir.CapPlan, other: ir.CapPlan) -> tuple[Example, ...]:
    """A case whose amount is above the dead cap, and is paid no more than the lower cap allows."""
    enc = ctx.encoder()
    amount_before = BEFORE_CAP.get(str(getattr(cap.scope, "value", cap.scope)))
    found = amount_before(enc, plan) if amount_before is not None else None
    if found is None:
        return ()
    before, award, items = found
    context = [enc.eligible(plan, "x"), before > enc.expr(cap.limit, "x")]
    if plan.items is not None:
        context.append(enc.conditions(plan.items.conditions, "x"))
    q = solver.Query(enc, *context)

    def raw_of(x: Trial) -> Any:
        return ctx.value(award, x.read, x.item(items)) if award is not None else x.clause(plan.citation).raw

    def claim(trials: list[Trial]) -> bool:
        x = trials[0]
        raw = raw_of(x)
        mine, theirs = ctx.value(cap.limit, x.read, x.item(items)), ctx.value(other.limit, x.read, x.item(items))
        return None not in (raw, mine, theirs) and raw > mine and x.amount(plan.citation) <= theirs

    trials = illustration(q, ["x"], claim)
    if trials is None:
        return ()
    x = trials[0]
    title = t(
        "check.CAP001.title",
        raw=amount_text(ctx.policy, raw_of(x)),
        cap=cap.name,
        paid=amount_text(ctx.policy, x.amount(plan.citation)),
        other=other.name,
    )
    return (example(ctx.policy, x, "case", title, [plan.citation]),)


# ---------------------------------------------------------------------------- CAP002
def cumulative_below_single(ctx: Context) -> Iterator[Finding]:
    """A cumulative cap lower than the most one application (one year) may pay."""
    for plan in ctx.clauses():
        single = _single_bounds(plan)
        for cap in plan.caps:
            if cap.already_paid is None or not isinstance(cap.limit, ir.Const):
                continue
            bounds = single + [upper_bound(c.limit) for c in plan.caps if c.already_paid is None]
            known = [b for b in bounds if b is not None]
            if not known or min(known) <= cap.limit.value:  # type: ignore[operator]
                continue
            found = _cumulative(ctx, plan, cap, min(known))
            if found is not None:
                yield found


def _single_bounds(plan: ir.ClausePlan) -> list[Fraction | None]:
    """What bounds one application: the award, or for 逐项 one item (its award, item and group caps)."""
    if plan.items is None:
        return [upper_bound(plan.award)] if plan.award is not None else [None]
    items = plan.items
    return [upper_bound(items.award)] + [upper_bound(c.limit) for c in items.caps + items.group_caps]


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
        lambda trials: (
            trials[0].amount(plan.citation) == cap.limit.value  # type: ignore[attr-defined]
            and trials[0].clause(plan.citation).bound_cap == cap.name
        ),
    )
    if trials is None:
        return None
    lim = money_literal(cap.limit.value)  # type: ignore[attr-defined]
    if plan.items is None:
        message = t("check.CAP002.message", cap=cap.name, limit=lim, single=money_literal(single))
    else:
        message = t(
            "check.CAP002.per_item", cap=cap.name, limit=lim, items=plan.items.items, single=money_literal(single)
        )
    x = trials[0]
    title = t("check.CAP002.title", citation=plan.citation, paid=amount_text(ctx.policy, x.amount(plan.citation)))
    return Finding(
        "CAP002",
        message,
        cap.span,
        plan.citation,
        suggestion=t("check.CAP002.suggestion"),
        examples=(example(ctx.policy, x, "case", title, [plan.citation]),),
    )


# ---------------------------------------------------------------------------- CAP003
def group_cap_below_member(ctx: Context) -> Iterator[Finding]:
    """合计上限 lower than member clauses' own caps: those clauses can never reach their own caps.
    One mistake, one finding: the members it holds below their caps are listed together."""
    groups = ctx.each(ctx.policy.group_caps, lambda g: Subject(f"group:{g.name}", "、".join(g.citations), g.span))
    for group in groups:
        below: list[tuple[ir.ClausePlan, ir.CapPlan, Trial]] = []
        for citation in group.citations:
            plan = ctx.clause(citation)
            for cap in plan.caps:
                if cap.already_paid is not None:
                    continue
                trial = _group_below(ctx, group, plan, cap)
                if trial is not None:
                    below.append((plan, cap, trial))
                    break
        if below:
            yield _group_finding(ctx, group, below)


def _group_below(ctx: Context, group: ir.GroupCapPlan, plan: ir.ClausePlan, cap: ir.CapPlan) -> Trial | None:
    enc = ctx.encoder()
    limit = enc.expr(group.limit, "x")
    q = solver.Query(enc, enc.eligible(plan, "x"), enc.cap_limit(cap, "x") > limit, enc.paid(plan, "x") > limit)
    group_limit = ctx.value(group.limit, {})

    def claim(trials: list[Trial]) -> bool:
        c = trials[0].clause(plan.citation)
        return group_limit is not None and c.amount == group_limit and (c.before_rules or 0) > group_limit

    trials = confirmed(q, ["x"], claim)
    return None if trials is None else trials[0]


def _group_finding(
    ctx: Context, group: ir.GroupCapPlan, below: list[tuple[ir.ClausePlan, ir.CapPlan, Trial]]
) -> Finding:
    group_limit = money_literal(ctx.value(group.limit, {}))
    examples = []
    for plan, _, x in below:
        title = t(
            "check.CAP003.title",
            citation=plan.citation,
            before=amount_text(ctx.policy, x.clause(plan.citation).before_rules),
            paid=amount_text(ctx.policy, x.amount(plan.citation)),
        )
        label = "case" if len(below) == 1 else f"case-{plan.citation}"
        examples.append(example(ctx.policy, x, label, title, [plan.citation]))
    notes = tuple(
        t("check.note.quoted_at", name=cap.name, location=cap.span.location()) for _, cap, _ in below if cap.span
    )
    if len(below) == 1:
        plan, cap, _ = below[0]
        citation = plan.citation
        message = t(
            "check.CAP003.message",
            group=group.name,
            limit=group_limit,
            citation=plan.citation,
            cap=cap.name,
            cap_limit=_limit_text(ctx, cap),
        )
    else:
        citation = "、".join(plan.citation for plan, _, _ in below)
        listed = t("check.list.sep").join(
            t("check.CAP003.member", citation=plan.citation, cap=cap.name, cap_limit=_limit_text(ctx, cap))
            for plan, cap, _ in below
        )
        message = t("check.CAP003.many", group=group.name, limit=group_limit, members=listed, count=len(below))
    return Finding(
        "CAP003",
        message,
        group.span,
        citation,
        notes=notes,
        suggestion=t("check.CAP003.suggestion"),
        examples=tuple(examples),
    )


# ---------------------------------------------------------------------------- CAP004
def fixed_above_cap(ctx: Context) -> Iterator[Finding]:
    """A fixed amount (定额, a tier's amount, a branch of 如果) above the clause's own cap."""
    for plan in ctx.clauses():
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
        yield from leaves(e.then, (*path, (e.condition, True)))
        yield from leaves(e.otherwise, (*path, (e.condition, False)))
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
    value: Fraction = amount.value  # type: ignore[assignment]
    trials = confirmed(
        q,
        ["x"],
        lambda trials: (
            0 < trials[0].amount(plan.citation) < value and trials[0].clause(plan.citation).bound_cap == cap.name
        ),
    )
    if trials is None:
        return None
    x = trials[0]
    paid = amount_text(ctx.policy, x.amount(plan.citation))
    message = t("check.CAP004.message", amount=amount.text, cap=cap.name, limit=_limit_text(ctx, cap), paid=paid)
    names = sorted({n.name for c, _ in path for n in c.walk() if isinstance(n, ir.Input)})
    shown = describe(ctx.policy, x.facts, names)
    who = t("check.CAP004.who", facts=shown) if shown else ""
    title = t("check.CAP004.title", who=who, citation=plan.citation, amount=amount.text, paid=paid)
    return Finding(
        "CAP004",
        message,
        amount.span,
        plan.citation,
        suggestion=t("check.CAP004.suggestion"),
        examples=(example(ctx.policy, x, "case", title, [plan.citation]),),
    )


# ---------------------------------------------------------------------------- CAP005
def cap_above_fund(ctx: Context) -> Iterator[Finding]:
    """A cap at or above the whole fund the header declares: it could never be honoured in full."""
    if not ctx.policy.funds:
        return
    fund = sum((f.amount for f in ctx.policy.funds), Fraction(0))
    names = t("check.list.sep").join(f"“{f.name}”" for f in ctx.policy.funds)
    for plan in ctx.clauses():
        for cap in clause_caps(plan):
            if _reaches(ctx, cap.limit, fund):
                yield _fund_finding(cap.name, cap.limit, cap.span, plan.citation, fund, names)
    groups = ctx.each(ctx.policy.group_caps, lambda g: Subject(f"group:{g.name}", "、".join(g.citations), g.span))
    for group in groups:
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
        t("check.CAP005.message", name=name, limit=text, funds=names, fund=money_literal(fund)),
        span,
        citation,
        suggestion=t("check.CAP005.suggestion"),
    )
