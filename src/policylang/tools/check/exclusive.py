"""取高不重复: groups whose members never apply together, and clauses paying for one cost outside any group."""

from __future__ import annotations

from itertools import combinations
from typing import Iterator

from policylang.backends import symbolic as solver
from policylang.tools.check.context import Context, base_name
from policylang.tools.check.examples import Trial, amount_text, confirmed, example
from policylang.tools.check.findings import Finding
from policylang.tools.check.rates import shared_bases


def pointless_groups(ctx: Context) -> Iterator[Finding]:
    """No two members can both be paid for one enterprise: the group never decides anything."""
    for group in ctx.policy.exclusive:
        plans = [ctx.clause(c) for c in group.citations]
        together = False
        for a, b in combinations(plans, 2):
            enc = ctx.encoder()
            answer = solver.Query(enc, enc.paid(a, "x") > 0, enc.paid(b, "x") > 0).check()
            if answer != solver.UNSAT:
                together = True
                break
        if not together:
            names = "、".join(group.citations)
            yield Finding(
                "EXCL001",
                f"取高不重复“{group.name}”不起作用：{names} 的条件互斥，永远不会同时给付",
                group.span,
                names,
                suggestion="核对各条款的条件；若它们本就互斥，可删去这一组",
            )


def same_cost_outside_groups(ctx: Context) -> Iterator[Finding]:
    """Two clauses paying a share of the same cost, both payable at once, in no common group."""
    for a, b, base, total in shared_bases(ctx):
        if total is not None and total > 1:
            continue  # RATE002 says it, more strongly
        enc = ctx.encoder()
        q = solver.Query(enc, enc.expr(base, "x") > 0, enc.paid(a, "x") > 0, enc.paid(b, "x") > 0)

        def claim(t: list[Trial]) -> bool:
            return t[0].amount(a.citation) > 0 and t[0].amount(b.citation) > 0

        trials = confirmed(q, ["x"], claim)
        if trials is None:
            continue
        t = trials[0]
        title = (
            f"同一笔“{base_name(base)}”：{a.citation} 给 {amount_text(ctx.policy, t.amount(a.citation))}，"
            f"{b.citation} 又给 {amount_text(ctx.policy, t.amount(b.citation))}"
        )
        yield Finding(
            "EXCL002",
            f"{a.citation} 与 {b.citation} 都按“{base_name(base)}”给付，同一企业可同时得到两笔，"
            "却不在同一取高不重复组内",
            b.span,
            b.citation,
            notes=(f"{a.citation} 写在 {a.span.location()}",) if a.span else (),
            suggestion=f'若是同一支持事项，加一行 取高不重复 "…" {{ {a.citation}, {b.citation} }}；'
            "若原文允许同时享受，在解读中写明",
            examples=(example(ctx.policy, t, "case", title, [a.citation, b.citation]),),
        )
