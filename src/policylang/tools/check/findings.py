"""What `check` reports: a finding (code, severity, place, citation, message) and its counterexamples.

A counterexample is a case file — exactly what `policylang eval` reads — together with what
evaluating it gave when the check confirmed it, so anyone can re-run it and see the problem.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from policylang.errors import ERROR, INFO, WARNING, Diagnostic, Span, _excerpt
from policylang.report.explain import decimal_text
from policylang.report.i18n import t


class Family(str, enum.Enum):
    """The check families, one module each (English identifiers: JSON and SARIF use them)."""

    CAPS = "caps"
    CONDITIONS = "conditions"
    TIERS = "tiers"
    RATES = "rates"
    EXCLUSIVE = "exclusive"
    UNSPECIFIED = "unspecified"
    SOURCE = "source"  # coverage of the official text (coverage.py)
    TEXT = "text"

    def words(self) -> str:
        """The family in the drafter's language."""
        return t(f"check.family.{self.value}")


@dataclass(frozen=True)
class Rule:
    """A finding code: its short name (SARIF, JSON), severity and family; its description is
    report/catalogue/check.py's `check.rule.<code>`."""

    name: str
    severity: str
    family: Family | None  # None: about any family (CHK001 names the family in the finding)

    def description(self, code: str) -> str:
        return t(f"check.rule.{code}")


# Codes are stable: CI rules and SARIF use them.
RULES: dict[str, Rule] = {
    "CAP001": Rule("dead-cap", WARNING, Family.CAPS),
    "CAP002": Rule("cumulative-below-single", ERROR, Family.CAPS),
    "CAP003": Rule("group-cap-below-member", ERROR, Family.CAPS),
    "CAP004": Rule("fixed-above-cap", ERROR, Family.CAPS),
    "CAP005": Rule("cap-above-fund", WARNING, Family.CAPS),
    "COND001": Rule("never-eligible", ERROR, Family.CONDITIONS),
    "COND002": Rule("never-pays", ERROR, Family.CONDITIONS),
    "COND003": Rule("always-true", WARNING, Family.CONDITIONS),
    "TIER001": Rule("tier-gap", ERROR, Family.TIERS),
    "TIER002": Rule("tier-overlap", ERROR, Family.TIERS),
    "TIER003": Rule("tier-not-monotonic", ERROR, Family.TIERS),
    "TIER004": Rule("tier-unreachable", ERROR, Family.TIERS),
    "TIER005": Rule("contradictory-boundary", WARNING, Family.TIERS),
    "RATE001": Rule("rate-above-100", ERROR, Family.RATES),
    "RATE002": Rule("combined-rate-above-100", ERROR, Family.RATES),
    "UNSPEC001": Rule("unspecified", INFO, Family.UNSPECIFIED),
    "UNSPEC005": Rule("tie-rule-unspecified", INFO, Family.UNSPECIFIED),
    "UNSPEC002": Rule("boundary-unread", INFO, Family.UNSPECIFIED),
    "UNSPEC003": Rule("reading-unexplained", WARNING, Family.UNSPECIFIED),
    "EXCL001": Rule("pointless-exclusive", WARNING, Family.EXCLUSIVE),
    "EXCL002": Rule("same-cost-not-exclusive", WARNING, Family.EXCLUSIVE),
    "TEXT001": Rule("code-number-not-in-text", ERROR, Family.TEXT),
    "TEXT002": Rule("text-number-unused", WARNING, Family.TEXT),
    "TEXT003": Rule("boundary-disagrees-with-text", ERROR, Family.TEXT),
    "TEXT004": Rule("cap-scope-disagrees-with-text", WARNING, Family.TEXT),
    "TEXT005": Rule("informative-marks-nothing", WARNING, Family.TEXT),
    "CHK001": Rule("could-not-check", INFO, None),
    "SRC001": Rule("uncovered-sentence", ERROR, Family.SOURCE),
    "SRC002": Rule("not-encoded-unmatched", WARNING, Family.SOURCE),
    "ACK001": Rule("acknowledgement-unmatched", WARNING, None),
}
# Findings that say a check did not run: never a pass under --strict, whatever their severity.
UNCHECKED = "CHK001"
SEVERITY_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}


@dataclass(frozen=True)
class Outcome:
    """What `policylang eval` gave one clause for a counterexample case."""

    citation: str
    status: str
    amount: Fraction

    def as_json(self) -> dict[str, Any]:
        return {"citation": self.citation, "status": self.status, "amount": decimal_text(self.amount)}


@dataclass(frozen=True)
class Example:
    """One counterexample case file."""

    label: str  # part of the file name: case, larger, smaller
    title: str  # what happens, in a drafter's words
    yaml: str  # the case file's text
    expect: tuple[Outcome, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "title": self.title,
            "case": self.yaml,
            "expect": [o.as_json() for o in self.expect],
        }


@dataclass(frozen=True)
class Acknowledgement:
    """已知 CODE "reason" on the finding's clause: shown with the finding, not failing the run."""

    reason: str
    span: Span

    def as_json(self) -> dict[str, Any]:
        return {
            "reason": self.reason,
            "file": self.span.source.name,
            "line": self.span.line,
            "column": self.span.column,
        }


@dataclass(frozen=True)
class Related:
    """A second place a finding is about (the code a 原文 phrase disagrees with), with its label."""

    label: str  # in the language in force: 代码 / code
    span: Span

    def as_json(self) -> dict[str, Any]:
        s = self.span
        return {
            "label": self.label,
            "file": s.source.name,
            "line": s.line,
            "column": s.column,
            "end_line": s.end_line,
            "end_column": s.end_column,
        }


@dataclass(frozen=True)
class Finding:
    code: str
    message: str
    span: Span | None
    citation: str | None
    notes: tuple[str, ...] = ()
    suggestion: str | None = None
    examples: tuple[Example, ...] = ()
    severity: str = ""
    family: Family | None = None  # the rule's family; for CHK001, the family that could not run
    reason: str | None = None  # CHK001: why (symbolic.Reason's identifier)
    acknowledged: Acknowledgement | None = None  # 已知 on its clause (acknowledged.py)
    related: tuple[Related, ...] = ()  # text family: the code location beside the 原文 phrase

    def __post_init__(self) -> None:
        rule = RULES[self.code]
        if not self.severity:
            object.__setattr__(self, "severity", rule.severity)
        if self.family is None:
            object.__setattr__(self, "family", rule.family)

    @property
    def unchecked(self) -> bool:
        """A check that could not run: reported, and failing under --strict."""
        return self.code == UNCHECKED

    @property
    def file(self) -> str | None:
        return self.span.source.name if self.span is not None else None

    def diagnostic(self) -> Diagnostic:
        return Diagnostic(self.code, self.message, self.span, self.severity, self.suggestion, self.citation, self.notes)

    def render(self) -> str:
        """The located diagnostic, then each counterexample case as a file to run."""
        lines = [render_diagnostic(self.diagnostic(), self.related)]
        if self.acknowledged is not None:
            head, _, rest = lines[0].partition("\n")
            code = f"[{self.code}]"
            head = head.replace(code, code + t("source.ack.tag"), 1)
            ack = self.acknowledged
            shown = t("source.ack.shown", reason=ack.reason, location=ack.span.location())
            lines = [head + ("\n" + rest if rest else ""), f"  = {t('source.ack.label')}: {shown}"]
        for i, ex in enumerate(self.examples, start=1):
            count = f" {i}/{len(self.examples)}" if len(self.examples) > 1 else ""
            lines.append(f"  = {t('check.example.heading', count=count)}")
            lines.extend(f"    {line}" if line else "" for line in ex.yaml.rstrip("\n").splitlines())
        return "\n".join(lines)

    def as_json(self) -> dict[str, Any]:
        out = self.diagnostic().as_json()
        out["rule"] = RULES[self.code].name
        if self.family is not None:
            out["family"] = self.family.value
        if self.reason is not None:
            out["reason"] = self.reason
        if self.acknowledged is not None:
            out["acknowledged"] = self.acknowledged.as_json()
        if self.related:
            out["related"] = [r.as_json() for r in self.related]
        out["counterexamples"] = [ex.as_json() for ex in self.examples]
        return out

    def sort_key(self) -> tuple[Any, ...]:
        where = (self.span.line, self.span.column) if self.span is not None else (0, 0)
        return (self.file or "", where, self.code)


def render_diagnostic(d: Diagnostic, related: tuple[Related, ...] = ()) -> str:
    """As errors.Diagnostic.render, in the language in force: `file:line:col`, the line, a caret,
    each related place likewise, then the clause, notes and suggestion."""
    lines = [f"{t('severity.' + d.severity)}[{d.code}]: {d.message}"]
    if d.span is not None:
        lines.append(f"  --> {d.span.location()}")
        lines.extend(_excerpt(d.span))
    for r in related:
        lines.append(f"  = {r.label}: {r.span.location()}")
        lines.extend(_excerpt(r.span))
    if d.citation:
        lines.append(f"  = {t('label.citation')}: {d.citation}")
    lines.extend(f"  = {t('label.note')}: {note}" for note in d.notes)
    if d.suggestion:
        lines.append(f"  = {t('label.suggestion')}: {d.suggestion}")
    return "\n".join(lines)


__all__ = [
    "ERROR",
    "INFO",
    "RULES",
    "SEVERITY_ORDER",
    "UNCHECKED",
    "WARNING",
    "Acknowledgement",
    "Example",
    "Family",
    "Finding",
    "Outcome",
    "Related",
    "Rule",
    "render_diagnostic",
]
