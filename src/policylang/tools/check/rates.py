"""Rates that pay more than the cost: a rate above 100%, or rates on the same cost adding up past it."""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction

from policylang.backends import symbolic as solver
from policylang.compiler import ir
from policylang.frontend.units import Ratio
from policylang.report.i18n import t
from policylang.tools.check.context import Context, Subject, award_exprs, base_key, base_name, rate_terms
from policylang.tools.check.examples import Trial, amount_text, best_effort, confirmed, example, illustration, literal
from policylang.tools.check.findings import Example, Finding

SharedBase = tuple[ir.ClausePlan, ir.ClausePlan, ir.Expr, Fraction | None]


def _percent(rate: Fraction) -> str:
    return literal(rate, Ratio())


def _base_value(ctx: Context, t: Trial, base: ir.Expr, items: str | None) -> Fraction | None:
    value = ctx.value(base, t.read, t.item(items))
    return value if isinstance(value, Fraction) else None


def _over_cost(
    ctx: Context, plan: ir.ClausePlan, base: ir.Expr, items: str | None, decisive: bool = True
) -> list[Trial] | None:
    """A case where the clause pays more than the cost it is a share of (`decisive`: the finding
    rests on it, so a case that cannot be confirmed means the check could not conclude)."""
    enc = ctx.encoder()
    cost = enc.expr(base, "x")
    q = solver.Query(enc, enc.eligible(plan, "x"), cost > 0, enc.paid(plan, "x") > cost)

    def claim(trials: list[Trial]) -> bool:
        value = _base_value(ctx, trials[0], base, items)
        return value is not None and trials[0].amount(plan.citation) > value

    return (confirmed if decisive else illustration)(q, ["x"], claim)


def _cost_example(ctx: Context, plan: ir.ClausePlan, trial: Trial, base: ir.Expr, items: str | None) -> Example:
    value = _base_value(ctx, trial, base, items)
    title = t(
        "check.rate.title",
        base=base_name(base),
        cost=amount_text(ctx.policy, value or Fraction(0)),
        citation=plan.citation,
        paid=amount_text(ctx.policy, trial.amount(plan.citation)),
    )
    return example(ctx.policy, trial, "case", title, [plan.citation])


# ---------------------------------------------------------------------------- RATE001
def _rate_examples(ctx: Context, plan: ir.ClausePlan, base: ir.Expr, items: str | None) -> tuple[Example, ...]:
    """A case paid more than its cost, to illustrate RATE001 (which stands on the rate alone)."""
    trials = best_effort(lambda: _over_cost(ctx, plan, base, items, decisive=False), None)
    return (_cost_example(ctx, plan, trials[0], base, items),) if trials else ()


def rate_above_100(ctx: Context) -> Iterator[Finding]:
    for plan in ctx.clauses():
        for award, items in award_exprs(plan):
            for rate, base, node in rate_terms(award):
                if rate is None or rate <= 1:
                    continue
                examples = _rate_examples(ctx, plan, base, items)
                span = next((n.span for n in (node.left, node.right) if isinstance(n.type, Ratio)), node.span)
                yield Finding(
                    "RATE001",
                    t("check.RATE001.message", rate=_percent(rate), base=base_name(base)),
                    span,
                    plan.citation,
                    suggestion=t("check.RATE001.suggestion"),
                    examples=examples,
                )
                break


# ---------------------------------------------------------------------------- RATE002
def summed_rates(award: ir.Expr) -> dict[ir.Expr, Fraction]:
    """Rates added on one base within an award: 60% × 费用 + 50% × 费用 → {费用: 110%}."""
    totals: dict[ir.Expr, Fraction] = {}
    for term, sign in _sum_terms(award, 1):
        if sign > 0 and isinstance(term, ir.Arith) and term.op == "×":
            for rate, base in ((term.left, term.right), (term.right, term.left)):
                if isinstance(rate, ir.Const) and isinstance(rate.type, Ratio):
                    totals[base] = totals.get(base, Fraction(0)) + rate.value  # type: ignore[operator]
    return totals


def _sum_terms(e: ir.Expr, sign: int) -> Iterator[tuple[ir.Expr, int]]:
    if isinstance(e, ir.Arith) and e.op in "+-":
        yield from _sum_terms(e.left, sign)
        yield from _sum_terms(e.right, sign if e.op == "+" else -sign)
    elif isinstance(e, ir.Choose):
        yield from _sum_terms(e.then, sign)
        yield from _sum_terms(e.otherwise, sign)
    else:
        yield e, sign


def stacked_rates(ctx: Context) -> Iterator[Finding]:
    """Rates on one cost adding past 100%, within one award or across two clauses paid together."""
    for plan in ctx.clauses():
        for award, items in award_exprs(plan):
            if any(r is not None and r > 1 for r, _, _ in rate_terms(award)):
                continue  # RATE001 says it
            for base, total in summed_rates(award).items():
                if total <= 1:
                    continue
                trials = _over_cost(ctx, plan, base, items)
                if trials is None:
                    continue
                yield Finding(
                    "RATE002",
                    t("check.RATE002.message", base=base_name(base), total=_percent(total)),
                    award.span,
                    plan.citation,
                    suggestion=t("check.RATE002.suggestion"),
                    examples=(_cost_example(ctx, plan, trials[0], base, items),),
                )
    yield from _across_clauses(ctx)


def shared_bases(ctx: Context) -> Iterator[SharedBase]:
    """Pairs of clauses (not in one 取高不重复 group) paying a share of the same cost fact."""
    found: dict[tuple[str, ...], list[tuple[ir.ClausePlan, ir.Expr, Fraction | None]]] = {}
    for plan in ctx.policy.clauses:
        seen = set()
        for award, _ in award_exprs(plan):
            for rate, base, _node in rate_terms(award):
                key = base_key(base)
                if key is not None and key not in seen:
                    seen.add(key)
                    found.setdefault(key, []).append((plan, base, rate))
    for members in found.values():
        for n, (a, base, rate_a) in enumerate(members):
            for b, _, rate_b in members[n + 1 :]:
                if not ctx.grouped(a.citation, b.citation):
                    total = rate_a + rate_b if rate_a is not None and rate_b is not None else None
                    yield a, b, base, total


def pairs(ctx: Context, found: Iterator[SharedBase]) -> Iterator[SharedBase]:
    """Each pair as the subject in hand (the later clause is where a finding is shown)."""
    return ctx.each(
        list(found),
        lambda p: Subject(f"{p[0].citation}+{p[1].citation}", f"{p[0].citation}、{p[1].citation}", p[1].span),
    )


def _items_of(plan: ir.ClausePlan, base: ir.Expr) -> str | None:
    return base.items if isinstance(base, ir.Field) else None


def _across_clauses(ctx: Context) -> Iterator[Finding]:
    for a, b, base, total in pairs(ctx, shared_bases(ctx)):
        if total is None or total <= 1:
            continue
        found = _paid_twice_over(ctx, a, b, base, total)
        if found is not None:
            yield found


def _paid_twice_over(
    ctx: Context, a: ir.ClausePlan, b: ir.ClausePlan, base: ir.Expr, total: Fraction
) -> Finding | None:
    enc = ctx.encoder()
    cost = enc.expr(base, "x")
    q = solver.Query(enc, cost > 0, enc.paid(a, "x") + enc.paid(b, "x") > cost)
    items = _items_of(a, base)

    def claim(trials: list[Trial]) -> bool:
        value = _base_value(ctx, trials[0], base, items)
        return value is not None and trials[0].amount(a.citation) + trials[0].amount(b.citation) > value

    trials = confirmed(q, ["x"], claim)
    if trials is None:
        return None
    x = trials[0]
    value = _base_value(ctx, x, base, items) or Fraction(0)
    paid = x.amount(a.citation) + x.amount(b.citation)
    title = t(
        "check.RATE002.across.title",
        base=base_name(base),
        cost=amount_text(ctx.policy, value),
        a=a.citation,
        b=b.citation,
        paid=amount_text(ctx.policy, paid),
    )
    return Finding(
        "RATE002",
        t("check.RATE002.across", a=a.citation, b=b.citation, base=base_name(base), total=_percent(total)),
        b.span,
        b.citation,
        notes=(t("check.note.clause_at", citation=a.citation, location=a.span.location()),) if a.span else (),
        suggestion=t("check.RATE002.across.suggestion"),
        examples=(example(ctx.policy, x, "case", title, [a.citation, b.citation]),),
    )
