"""取高不重复: groups whose members never apply together, and clauses paying for one cost outside any group."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations

from policylang.backends import symbolic as solver
from policylang.compiler import ir
from policylang.report.i18n import t
from policylang.tools.check.context import Context, Subject, base_name
from policylang.tools.check.examples import Trial, amount_text, confirmed, example
from policylang.tools.check.findings import Finding
from policylang.tools.check.rates import pairs, shared_bases


def pointless_groups(ctx: Context) -> Iterator[Finding]:
    """No two members can both be paid for one enterprise: the group never decides anything."""
    groups = ctx.each(ctx.policy.exclusive, lambda g: Subject(g.name, "、".join(g.citations), g.span))
    for group in groups:
        plans = [ctx.clause(c) for c in group.citations]
        if not all(ctx.pays(p) for p in plans):
            continue  # a member that never pays is COND001/COND002's finding; the group is not to blame
        together = False
        for a, b in combinations(plans, 2):
            enc = ctx.encoder()
            answer = solver.Query(enc, enc.paid(a, "x") > 0, enc.paid(b, "x") > 0).check()
            if answer != solver.UNSAT:
                together = True
                break
        if not together:
            yield Finding(
                "EXCL001",
                t("check.EXCL001.message", group=group.name, names=t("check.list.sep").join(group.citations)),
                group.span,
                "、".join(group.citations),
                suggestion=t("check.EXCL001.suggestion"),
            )


def same_cost_outside_groups(ctx: Context) -> Iterator[Finding]:
    """Two clauses paying a share of the same cost, both payable at once, in no common group."""
    for a, b, base, total in pairs(ctx, shared_bases(ctx)):
        if total is not None and total > 1:
            continue  # RATE002 says it, more strongly
        found = _paid_together(ctx, a, b, base)
        if found is not None:
            yield found


def _paid_together(ctx: Context, a: ir.ClausePlan, b: ir.ClausePlan, base: ir.Expr) -> Finding | None:
    enc = ctx.encoder()
    q = solver.Query(enc, enc.expr(base, "x") > 0, enc.paid(a, "x") > 0, enc.paid(b, "x") > 0)

    def claim(trials: list[Trial]) -> bool:
        return trials[0].amount(a.citation) > 0 and trials[0].amount(b.citation) > 0

    trials = confirmed(q, ["x"], claim)
    if trials is None:
        return None
    x = trials[0]
    title = t(
        "check.EXCL002.title",
        base=base_name(base),
        a=a.citation,
        a_paid=amount_text(ctx.policy, x.amount(a.citation)),
        b=b.citation,
        b_paid=amount_text(ctx.policy, x.amount(b.citation)),
    )
    return Finding(
        "EXCL002",
        t("check.EXCL002.message", a=a.citation, b=b.citation, base=base_name(base)),
        b.span,
        b.citation,
        notes=(t("check.note.clause_at", citation=a.citation, location=a.span.location()),) if a.span else (),
        suggestion=t("check.EXCL002.suggestion", a=a.citation, b=b.citation),
        examples=(example(ctx.policy, x, "case", title, [a.citation, b.citation]),),
    )
