"""金额(一2) at compile time: no cycle (C060), no reference into a rule between clauses (C061), and
each referring clause reads what the clauses it refers to read.

Which amount 金额(一2) is: the referenced clause's own result — its conditions, award, caps, rounded
once — 0 where it is ineligible, not determinable where it is. A text that bases an award on another
("按其获得一2奖励金额的50%追加") means what that clause pays. A clause in 取高不重复, 合计上限,
不重复享受 or 就高不重复 is paid only what those rules leave it, which is known only after every clause
(the referring one included, if it is a member) has been computed; so a reference to such a clause
is refused (C061) until a text needs it, rather than silently reading its amount before the rules.
For every clause that may be referred to, its own result is therefore exactly what it is paid.
"""

from __future__ import annotations

from dataclasses import replace

from policylang.compiler import ir
from policylang.errors import Collector, Msg
from policylang.semantics.order import dependency_order, reads_of, references


def resolve_references(
    clauses: tuple[ir.ClausePlan, ...],
    rules: list[tuple[str, str, tuple[str, ...]]],
    diag: Collector,
) -> tuple[ir.ClausePlan, ...]:
    """The clauses, each referring one reading (inputs, unspecified numbers) what it refers to reads.
    `rules`: (catalogue key of the rule's kind, its name, its members) for every cross-clause rule."""
    if not any(references(p) for p in clauses):
        return clauses
    clauses = tuple(replace(p, reads=reads_of(p)) for p in clauses)
    cyclic = report_cycles(clauses, diag)
    report_rule_members(clauses, rules, diag)
    if cyclic:
        return clauses
    policy = _shell(clauses)
    done: dict[str, ir.ClausePlan] = {}
    for plan in dependency_order(policy):  # each after what it reads, so theirs are complete
        inputs, unspecified = set(plan.inputs), set(plan.unspecified)
        for c in plan.reads:
            inputs |= done[c].inputs
            unspecified |= done[c].unspecified
        done[plan.citation] = replace(plan, inputs=frozenset(inputs), unspecified=frozenset(unspecified))
    return tuple(done[p.citation] for p in clauses)


def report_cycles(clauses: tuple[ir.ClausePlan, ...], diag: Collector) -> bool:
    """C060 for each cycle of references, once, at the 金额(…) of its first clause in policy order."""
    by_citation = {p.citation: p for p in clauses}
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[tuple[str, ir.ClauseAmount | None]] = []
    found = False

    def visit(citation: str, via: ir.ClauseAmount | None) -> None:
        nonlocal found
        state[citation] = 1
        path.append((citation, via))
        for ref in references(by_citation[citation]):
            for c in ref.clauses:
                if state.get(c) == 1:
                    start = next(i for i, (x, _) in enumerate(path) if x == c)
                    cycle = [x for x, _ in path[start:]] + [c]
                    at = path[start + 1][1] if start + 1 < len(path) else ref
                    diag.add(
                        "C060",
                        Msg("clause_ref.cycle", cycle=" → ".join(cycle)),
                        at.span if at is not None else None,
                        citation=c,
                        suggestion=Msg("clause_ref.cycle.hint"),
                    )
                    found = True
                elif c not in state:
                    visit(c, ref)
        path.pop()
        state[citation] = 2

    for plan in clauses:
        if plan.citation not in state:
            visit(plan.citation, None)
    return found


def report_rule_members(
    clauses: tuple[ir.ClausePlan, ...], rules: list[tuple[str, str, tuple[str, ...]]], diag: Collector
) -> None:
    """C061 for each 金额(…) naming a clause that a rule between clauses can change."""
    for plan in clauses:
        for ref in references(plan):
            for c in ref.clauses:
                rule = next((r for r in rules if c in r[2]), None)
                if rule is None:
                    continue
                kind, name, _ = rule
                diag.add(
                    "C061",
                    Msg("clause_ref.in_rule", clause=c, kind=Msg(kind), group=name, citation=ref.citation),
                    ref.span,
                    citation=plan.citation,
                    suggestion=Msg("clause_ref.in_rule.hint", clause=c),
                )


def _shell(clauses: tuple[ir.ClausePlan, ...]) -> ir.CompiledPolicy:
    """A policy holding only the clauses, for semantics/order.py (which reads nothing else)."""
    return ir.CompiledPolicy(
        title="",
        doc_number=None,
        issuer=None,
        year=None,
        effective=None,
        currency="",
        rounding=ir.Rounding(ir.RoundingMode.HALF_UP, ir.Unit.FEN),
        funds=(),
        facts={},
        params={},
        tables={},
        clauses=clauses,
        exclusive=(),
        group_caps=(),
    )


__all__ = ["resolve_references"]
