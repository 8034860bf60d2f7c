"""Acknowledged findings: `已知 CODE "reason"` in a clause.

A finding of that code on that clause (same code, same citation) is kept and shown as acknowledged,
with the reason and where it was written; it no longer counts towards the exit status, and SARIF
emits it with a suppression (`kind: inSource`, the reason as its justification). An 已知 that
matches no finding is itself a warning (ACK001): the problem is gone, or the code or clause is
wrong — either way the line should not stay. Unknown codes and missing reasons are refused when the
policy loads (T190, C050, compiler/lower.py).
"""

from __future__ import annotations

from dataclasses import replace

from policylang.frontend import ast
from policylang.frontend.units import citation_key
from policylang.report.i18n import t
from policylang.tools.check.findings import Acknowledgement, Finding


def acknowledge(tree: ast.Policy, findings: list[Finding]) -> list[Finding]:
    """The findings, those a clause acknowledges marked so; ACK001 for each 已知 that matched none."""
    written = [(c, a) for c in tree.of(ast.Clause) for a in c.of(ast.Acknowledged)]
    used: set[int] = set()
    out: list[Finding] = []
    for f in findings:
        for i, (clause, ack) in enumerate(written):
            if ack.code == f.code and f.citation and citation_key(f.citation) == citation_key(clause.citation):
                f = replace(f, acknowledged=Acknowledgement(ack.reason or "", ack.span))
                used.add(i)
                break
        out.append(f)
    for i, (clause, ack) in enumerate(written):
        if i not in used:
            message = t("source.ack.unmatched", code=ack.code, citation=clause.citation)
            out.append(Finding("ACK001", message, ack.span, clause.citation, suggestion=t("source.ack.hint_unmatched")))
    return sorted(out, key=Finding.sort_key)


def failing(findings: list[Finding]) -> list[Finding]:
    """What decides the exit status and the counts: every finding not acknowledged."""
    return [f for f in findings if f.acknowledged is None]


__all__ = ["acknowledge", "failing"]
