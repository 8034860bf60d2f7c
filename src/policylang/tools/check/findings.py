"""What `check` reports: a finding (code, severity, place, citation, message) and its counterexamples.

A counterexample is a case file — exactly what `policylang eval` reads — together with what
evaluating it gave when the check confirmed it, so anyone can re-run it and see the problem.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from policylang.errors import ERROR, INFO, WARNING, Diagnostic, Span
from policylang.report.explain import decimal_text

# code → (short name, what it means, severity). Codes are stable: CI rules and SARIF use them.
RULES: dict[str, tuple[str, str, str]] = {
    "CAP001": ("dead-cap", "上限永远不起作用：外层（或同层）另有一个总是更低的上限", WARNING),
    "CAP002": ("cumulative-below-single", "累计上限低于单次（单年）可得的最高金额", ERROR),
    "CAP003": ("group-cap-below-member", "合计上限低于其中某一条款自身的上限", ERROR),
    "CAP004": ("fixed-above-cap", "定额奖励高于本条款自己的上限，永远不能足额给予", ERROR),
    "CAP005": ("cap-above-fund", "上限达到或超过整笔资金总额", WARNING),
    "COND001": ("never-eligible", "条件永远不能同时满足，本条款永远不会给付", ERROR),
    "COND002": ("never-pays", "条件满足时金额也总是0，本条款永远不会给付", ERROR),
    "COND003": ("always-true", "条件总是成立，写了等于没写", WARNING),
    "TIER001": ("tier-gap", "分档有缺口：规模更大的企业落在各档之间，一分不得", ERROR),
    "TIER002": ("tier-overlap", "分档重叠：企业同时符合两档，却只按较低的一档给予", ERROR),
    "TIER003": ("tier-not-monotonic", "分档不单调：各项都更大的企业反而得到更少", ERROR),
    "TIER004": ("tier-unreachable", "某一档永远不会适用", ERROR),
    "TIER005": ("contradictory-boundary", "边界用语自相矛盾（如“超过…(含)”）", WARNING),
    "RATE001": ("rate-above-100", "比例超过100%：给付高于费用本身", ERROR),
    "RATE002": ("combined-rate-above-100", "叠加的比例超过100%：同一笔费用合计给付高于费用本身", ERROR),
    "UNSPEC001": ("unspecified", "原文未规定的数值，须由起草者确定", INFO),
    "EXCL001": ("pointless-exclusive", "取高不重复的各条款永远不会同时适用，该组不起作用", WARNING),
    "EXCL002": ("same-cost-not-exclusive", "两个条款为同一笔费用给付，却不在同一取高不重复组内", WARNING),
}
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
class Finding:
    code: str
    message: str
    span: Span | None
    citation: str | None
    notes: tuple[str, ...] = ()
    suggestion: str | None = None
    examples: tuple[Example, ...] = ()
    severity: str = ""

    def __post_init__(self) -> None:
        if not self.severity:
            object.__setattr__(self, "severity", RULES[self.code][2])

    @property
    def file(self) -> str | None:
        return self.span.source.name if self.span is not None else None

    def diagnostic(self) -> Diagnostic:
        return Diagnostic(self.code, self.message, self.span, self.severity, self.suggestion, self.citation, self.notes)

    def render(self) -> str:
        """The located diagnostic, then each counterexample case as a file to run."""
        lines = [self.diagnostic().render()]
        for i, ex in enumerate(self.examples, start=1):
            count = f" {i}/{len(self.examples)}" if len(self.examples) > 1 else ""
            lines.append(f"  = 反例{count}（案例文件，policylang eval 可直接运行）：")
            lines.extend(f"    {line}" if line else "" for line in ex.yaml.rstrip("\n").splitlines())
        return "\n".join(lines)

    def as_json(self) -> dict[str, Any]:
        out = self.diagnostic().as_json()
        out["rule"] = RULES[self.code][0]
        out["counterexamples"] = [ex.as_json() for ex in self.examples]
        return out

    def sort_key(self) -> tuple[Any, ...]:
        where = (self.span.line, self.span.column) if self.span is not None else (0, 0)
        return (self.file or "", where, self.code)


__all__ = ["Finding", "Example", "Outcome", "RULES", "SEVERITY_ORDER", "ERROR", "WARNING", "INFO"]
