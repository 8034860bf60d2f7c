"""The order clauses are evaluated in, written once for every backend: each clause after the clauses
whose amount it reads (金额(一2), ir.ClauseAmount), otherwise in the policy's order.

The compiler refuses a cycle (C060), so the order always exists. backends/exact.py evaluates one case
in it, tools/batch/engine.py builds the clause columns in it, backends/symbolic.py encodes a referenced
clause's amount where it is read; `--clause X` evaluates what X reads too (`needed`), showing X only.
"""

from __future__ import annotations

from collections.abc import Iterable

from policylang.compiler import ir


def references(plan: ir.ClausePlan) -> tuple[ir.ClauseAmount, ...]:
    """Every 金额(…) the clause reads (conditions, award, items, caps), in the order written."""
    out: list[ir.ClauseAmount] = []
    for e in plan.expressions():
        out.extend(n for n in e.walk() if isinstance(n, ir.ClauseAmount) and n not in out)
    return tuple(out)


def referenced(plan: ir.ClausePlan) -> tuple[str, ...]:
    """The clauses whose amount this clause reads, each once, in the order first read (the compiler
    records them on the plan: an evaluation does not walk the expressions for them)."""
    return plan.reads


def reads_of(plan: ir.ClausePlan) -> tuple[str, ...]:
    """What `referenced` returns, found by walking the clause's expressions (for the compiler)."""
    out: list[str] = []
    for ref in references(plan):
        out.extend(c for c in ref.clauses if c not in out)
    return tuple(out)


def needed(policy: ir.CompiledPolicy, wanted: Iterable[str]) -> set[str]:
    """The wanted clauses and every clause they read, directly or through another."""
    by_citation = {p.citation: p for p in policy.clauses}
    out: set[str] = set()
    pending = [c for c in wanted if c in by_citation]
    while pending:
        c = pending.pop()
        if c in out:
            continue
        out.add(c)
        pending.extend(referenced(by_citation[c]))
    return out


def dependency_order(policy: ir.CompiledPolicy, wanted: Iterable[str] | None = None) -> list[ir.ClausePlan]:
    """The clauses to evaluate for `wanted` (every clause when None), each after those it reads and
    otherwise in policy order. A policy without 金额(…) keeps its order exactly."""
    if wanted is None and not any(p.reads for p in policy.clauses):
        return list(policy.clauses)  # nothing reads another clause: the policy's order
    by_citation = {p.citation: p for p in policy.clauses}
    keep = set(by_citation) if wanted is None else needed(policy, wanted)
    out: list[ir.ClausePlan] = []
    placed: set[str] = set()

    def place(plan: ir.ClausePlan) -> None:
        if plan.citation in placed:
            return
        placed.add(plan.citation)  # before its dependencies: the compiler has refused cycles
        for c in referenced(plan):
            place(by_citation[c])
        out.append(plan)

    for plan in policy.clauses:
        if plan.citation in keep:
            place(plan)
    return out


__all__ = ["dependency_order", "needed", "reads_of", "referenced", "references"]
