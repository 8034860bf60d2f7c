"""Rates that pay more than the cost: a rate above 100%, or rates on the same cost adding up past it."""

from __future__ import annotations

from fractions import Fraction
from typing import Iterator

from policylang.compiler import ir
from policylang.frontend.units import Ratio
from policylang.backends import symbolic as solver
from policylang.tools.check.context import Context, award_exprs, base_key, base_name, rate_terms
from policylang.tools.check.examples import Trial, amount_text, confirmed, example, literal
from policylang.tools.check.findings import Finding


def _percent(rate: Fraction) -> str:
    return literal(rate, Ratio())


def _base_value(ctx: Context, t: Trial, base: ir.Expr, items: str | None) -> Fraction | None:
    value = ctx.value(base, t.read, t.item(items))
    return value if isinstance(value, Fraction) else None


def _over_cost(ctx: Context, plan: ir.ClausePlan, base: ir.Expr, items: str | None) -> list[Trial] | None:
    """A case where the clause pays more than the cost it is a share of."""
    enc = ctx.encoder()
    cost = enc.expr(base, "x")
    q = solver.Query(enc, enc.eligible(plan, "x"), cost > 0, enc.paid(plan, "x") > cost)

    def claim(t: list[Trial]) -> bool:
        value = _base_value(ctx, t[0], base, items)
        return value is not None and t[0].amount(plan.citation) > value

    return confirmed(q, ["x"], claim)


def _cost_example(ctx: Context, plan: ir.ClausePlan, t: Trial, base: ir.Expr, items: str | None):  # noqa: ANN202
    value = _base_value(ctx, t, base, items)
    title = (
        f"{base_name(base)} {amount_text(ctx.policy, value or Fraction(0))}，"
        f"{plan.citation} 却给 {amount_text(ctx.policy, t.amount(plan.citation))}"
    )
    return example(ctx.policy, t, "case", title, [plan.citation])


# ---------------------------------------------------------------------------- RATE001
def rate_above_100(ctx: Context) -> Iterator[Finding]:
    for plan in ctx.policy.clauses:
        for award, items in award_exprs(plan):
            for rate, base, node in rate_terms(award):
                if rate is None or rate <= 1:
                    continue
                trials = _over_cost(ctx, plan, base, items)
                examples = (_cost_example(ctx, plan, trials[0], base, items),) if trials else ()
                span = next((n.span for n in (node.left, node.right) if isinstance(n.type, Ratio)), node.span)
                yield Finding(
                    "RATE001",
                    f"比例 {_percent(rate)} 超过100%：给付将高于“{base_name(base)}”本身",
                    span,
                    plan.citation,
                    suggestion="核对比例：按费用给予的补助通常不超过费用的100%",
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
    for plan in ctx.policy.clauses:
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
                    f"同一基数“{base_name(base)}”上的比例合计 {_percent(total)}，超过100%",
                    award.span,
                    plan.citation,
                    suggestion="核对各项比例：合计不应超过费用的100%",
                    examples=(_cost_example(ctx, plan, trials[0], base, items),),
                )
    yield from _across_clauses(ctx)


def shared_bases(ctx: Context) -> Iterator[tuple[ir.ClausePlan, ir.ClausePlan, ir.Expr, Fraction | None]]:
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


def _items_of(plan: ir.ClausePlan, base: ir.Expr) -> str | None:
    return base.items if isinstance(base, ir.Field) else None


def _across_clauses(ctx: Context) -> Iterator[Finding]:
    for a, b, base, total in shared_bases(ctx):
        if total is None or total <= 1:
            continue
        enc = ctx.encoder()
        cost = enc.expr(base, "x")
        q = solver.Query(enc, cost > 0, enc.paid(a, "x") + enc.paid(b, "x") > cost)
        items = _items_of(a, base)

        def claim(t: list[Trial]) -> bool:
            value = _base_value(ctx, t[0], base, items)
            return value is not None and t[0].amount(a.citation) + t[0].amount(b.citation) > value

        trials = confirmed(q, ["x"], claim)
        if trials is None:
            continue
        t = trials[0]
        value = _base_value(ctx, t, base, items) or Fraction(0)
        paid = t.amount(a.citation) + t.amount(b.citation)
        title = (
            f"{base_name(base)} {amount_text(ctx.policy, value)}：{a.citation} 与 {b.citation} "
            f"合计给 {amount_text(ctx.policy, paid)}"
        )
        yield Finding(
            "RATE002",
            f"{a.citation} 与 {b.citation} 都按“{base_name(base)}”的比例给付，"
            f"合计 {_percent(total)}，同一笔费用合计给付高于费用本身",
            b.span,
            b.citation,
            notes=(f"{a.citation} 写在 {a.span.location()}",) if a.span else (),
            suggestion="若两者是同一支持事项，请用 取高不重复 把它们列为一组；否则核对比例",
            examples=(example(ctx.policy, t, "case", title, [a.citation, b.citation]),),
        )
