"""Counterexamples: a z3 model → readable case files → `policylang eval` to confirm the claim.

The solver's first model is often an ugly edge (500000001元, 2.999…); before writing a case the
values are pulled, one variable at a time, to round numbers a drafter would write (6亿元, 35家),
keeping only those the formula still accepts. Every case is then loaded exactly as
`policylang eval` loads a case file and evaluated; a check reports only what evaluation confirms.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any, TypeVar

import z3  # type: ignore[import-untyped]

from policylang.backends import symbolic as solver
from policylang.backends.exact import Result, evaluate
from policylang.compiler import ir
from policylang.errors import PolicyError
from policylang.frontend.units import Bool, Date, Enum, ListOf, Money, Number, PerUnit, Quantity, Ratio, Text, Type
from policylang.report.i18n import t
from policylang.tools.check.findings import Example, Outcome

YI, WAN = Fraction(100_000_000), Fraction(10_000)


# ---------------------------------------------------------------------------- literals as drafters write them
def decimal(value: Fraction) -> str | None:
    """Exact decimal text, or None when the fraction has no finite decimal form."""
    d = value.denominator
    for p in (2, 5):
        while d % p == 0:
            d //= p
    if d != 1:
        return None
    text = format(Decimal(value.numerator) / Decimal(value.denominator), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def money_literal(value: Fraction, currency: str = "元") -> str:
    """6亿元, 50万元, 0.8万元, 1234.5元 — the largest unit that keeps the number short."""
    unit = currency  # 元, 美元, 欧元 … as the type names it
    for scale, word in ((YI, "亿"), (WAN, "万")):
        if value >= scale or (word == "万" and value >= 1000 and value % 1000 == 0):
            text = decimal(value / scale)
            if text is not None and len(text.replace(".", "")) <= 6:
                return f"{text}{word}{unit}"
    text = decimal(value)
    if text is None:
        text = str(Decimal(value.numerator) / Decimal(value.denominator)).rstrip("0")
        text = str(Decimal(text).quantize(Decimal("0.01"), ROUND_HALF_UP))
    return f"{text}{unit}"


def literal(value: Any, t: Type) -> str:
    if isinstance(t, Money):
        return money_literal(value, t.currency)
    if isinstance(t, Quantity):
        return f"{decimal(value) or round_text(value)}{t.unit}"
    if isinstance(t, Ratio):
        return f"{decimal(value * 100) or round_text(value * 100)}%"
    if isinstance(t, PerUnit):
        return f"{decimal(value) or round_text(value)}{t.currency}/{t.unit}"
    if isinstance(t, Number):
        return decimal(value) or round_text(value)
    if isinstance(t, Bool):
        return "是" if value else "否"
    if isinstance(t, Date):
        return value.isoformat()  # type: ignore[no-any-return]
    if isinstance(t, Text):
        return json.dumps(str(value), ensure_ascii=False)
    return str(value)


def round_text(value: Fraction) -> str:
    return str(Decimal(value.numerator) / Decimal(value.denominator)).rstrip("0").rstrip(".")


def neutral(t: Type, policy: ir.CompiledPolicy) -> Any:
    """A harmless value for a fact a case must give but the finding does not involve."""
    if isinstance(t, Bool):
        return False
    if isinstance(t, Enum):
        return t.values[-1]
    if isinstance(t, Date):
        if policy.effective:
            return dt.date.fromisoformat(policy.effective[0])
        return dt.date(int(str(policy.year)), 1, 1) if str(policy.year or "").isdigit() else dt.date(2023, 1, 1)
    if isinstance(t, Text):
        return "示例"
    if isinstance(t, ListOf):
        return []
    return Fraction(0)


# ---------------------------------------------------------------------------- case files
def case_yaml(policy: ir.CompiledPolicy, facts: dict[str, Any], comment: str) -> str:
    """The case file's text: a comment saying what it shows, then one line per fact."""
    lines = [f"# {line}" for line in comment.splitlines()]
    for name, value in facts.items():
        t = policy.facts[name].type
        if isinstance(t, ListOf):
            lines.append(f"{name}:")
            for item in value:
                fields = ", ".join(f"{k}: {literal(v, t.field(k))}" for k, v in item.items())  # type: ignore[arg-type]
                lines.append(f"  - {{{fields}}}")
        else:
            lines.append(f"{name}: {literal(value, t)}")
    return "\n".join(lines) + "\n"


def facts_of(encoder: solver.Encoder, model: Any, copy: str) -> dict[str, Any]:
    """The facts one copy's variables take in a model, plus what every case must give."""
    policy = encoder.policy
    facts: dict[str, Any] = {}
    items: dict[str, dict[str, Any]] = {}
    for v in encoder.vars.values():
        if v.copy != copy:
            continue
        if v.kind == "fact":
            facts[v.name] = solver.value_of(model, v)
        elif v.kind == "field" and v.items is not None:
            items.setdefault(v.items, {})[v.name] = solver.value_of(model, v)
    for name, fields in items.items():
        t = policy.facts[name].type
        assert isinstance(t, ListOf)
        defaults = dict(policy.facts[name].field_defaults)
        item = {}
        for field_name, ft in t.fields:
            if field_name in fields:
                item[field_name] = fields[field_name]
            elif field_name in defaults and defaults[field_name] is not ir.MISSING:
                continue
            else:
                item[field_name] = neutral(ft, policy)
        facts[name] = [item]
    for name, info in policy.facts.items():
        if name not in facts and info.default is ir.MISSING and _read_by_some_clause(policy, name):
            facts[name] = neutral(info.type, policy)
    order = list(policy.facts)
    return dict(sorted(facts.items(), key=lambda kv: order.index(kv[0])))


def _read_by_some_clause(policy: ir.CompiledPolicy, name: str) -> bool:
    return any(name in plan.inputs for plan in policy.clauses)


def run(policy: ir.CompiledPolicy, text: str, name: str = "<反例>") -> tuple[dict[str, Any], Result] | None:
    """Evaluate a case file's text exactly as `policylang eval` would: (the facts it read, the result),
    or None if eval would refuse the file."""
    from policylang.readers.cases import load_case

    try:
        case = load_case(text, name, policy)
    except PolicyError:
        return None
    result = evaluate(policy, case.facts)
    if result.needed_facts():  # eval would stop with K020: a fact it lacks matters
        return None
    return case.facts, result


# ---------------------------------------------------------------------------- round numbers
def _sig(value: Fraction, digits: int, up: bool = False) -> Fraction:
    """value rounded to `digits` significant decimal digits (down, or up)."""
    if value <= 0:
        return Fraction(0)
    exp = len(str(int(value))) - digits if value >= 1 else -digits
    step = Fraction(10) ** exp
    n = value / step
    whole = int(n) + (1 if up and n != int(n) else 0)
    return whole * step


def candidates(v: solver.Var, current: Fraction, prefer: Sequence[Fraction]) -> list[Fraction]:
    """Round values to try for one variable, the most readable first."""
    out: list[Fraction] = list(prefer)
    marks = sorted({t for t in v.thresholds if t >= 0})
    if marks:
        anchors = [Fraction(0)] + [t for t in marks if t > 0]
        for low, high in itertools.pairwise(anchors):
            out.append(_sig((low + high) / 2, 2))
        top = anchors[-1]
        gap = top - anchors[-2] if len(anchors) > 1 else top
        out.append(_sig(top + max(gap / 2, top / 10), 2, up=True))
        out.extend(marks)
    elif isinstance(v.type, Money):
        out.extend([10 * WAN, WAN, 100 * WAN])
    elif isinstance(v.type, Quantity):
        out.extend([Fraction(10), Fraction(100), Fraction(1000)])
    elif isinstance(v.type, Ratio):
        out.extend([Fraction(1, 2), Fraction(3, 5)])
    out.extend(_sig(current, d, up) for d in (1, 2, 3) for up in (False, True))
    out.append(current)
    if isinstance(v.type, Money):
        out.append(_round_to(current, Fraction(1, 100)))
    integral = isinstance(v.type, Quantity) and v.type.unit in solver.INTEGER_UNITS
    seen: list[Fraction] = []
    for c in out:
        if c < 0 or c in seen or (integral and c.denominator != 1) or decimal(c) is None:
            continue
        if isinstance(v.type, Ratio) and c > 1:
            continue
        seen.append(c)
    return seen


def _round_to(value: Fraction, quantum: Fraction) -> Fraction:
    return round(value / quantum) * quantum


def tidy(query: solver.Query, copies: Iterable[str], prefer_same: dict[str, str] | None = None) -> None:
    """Pin each numeric fact of these copies to the roundest value the query still accepts.

    `prefer_same` maps a copy to another whose values it should take where it can (so a pair of
    cases differ only where they must)."""
    encoder = query.encoder
    prefer_same = prefer_same or {}
    for copy in copies:
        vs = [
            v
            for v in list(encoder.vars.values())
            if v.copy == copy and v.kind != "param" and isinstance(v.type, (Money, Quantity, Ratio, Number))
        ]
        vs.sort(key=lambda v: (not v.thresholds, v.items or "", v.name))
        for v in vs:
            model = query.model()
            current = solver.value_of(model, v)
            prefer: list[Fraction] = []
            twin_copy = prefer_same.get(copy)
            if twin_copy is not None:
                twin = encoder.var(v.kind, v.name, twin_copy, v.items)
                if twin is not None:
                    prefer.append(solver.value_of(model, twin))
            if not any(query.fix(v.term, solver.number(c, v)) for c in candidates(v, current, prefer)):
                query.check()  # nothing round fitted: restore a model for the next variable


@dataclass
class Trial:
    """One copy of the facts written as a case and evaluated."""

    copy: str
    facts: dict[str, Any]  # as written in the case file
    read: dict[str, Any]  # as eval read them, defaults filled in
    result: Result

    def item(self, items: str | None) -> dict[str, Any] | None:
        """The one item the case gives for a list, as eval read it."""
        if items is None or not self.read.get(items):
            return None
        return dict(self.read[items][0])

    def amount(self, citation: str) -> Fraction:
        c = self.result.clause(citation)
        return Fraction(0) if c is None else c.amount

    def clause(self, citation: str) -> Any:
        return self.result.clause(citation)

    def outcome(self, citation: str) -> Outcome:
        c = self.result.clause(citation)
        assert c is not None
        return Outcome(citation, c.status, c.amount)


def trials(query: solver.Query, copies: Sequence[str], prefer_same: dict[str, str] | None = None) -> list[Trial]:
    """Tidy a satisfiable query's model and evaluate each copy as a case file; CannotCheck
    (unwritable) where the model cannot be written as a case that eval accepts."""
    encoder = query.encoder
    if any(c in encoder.opaque for c in copies):
        raise solver.CannotCheck(solver.Reason.UNWRITABLE, "opaque")
    tidy(query, copies, prefer_same)
    model = query.model()
    out = []
    for copy in copies:
        facts = facts_of(encoder, model, copy)
        ran = run(encoder.policy, case_yaml(encoder.policy, facts, ""))
        if ran is None:
            raise solver.CannotCheck(solver.Reason.UNWRITABLE, "case")
        out.append(Trial(copy, facts, ran[0], ran[1]))
    return out


def confirmed(
    query: solver.Query,
    copies: Sequence[str],
    claim: Callable[[list[Trial]], bool],
    prefer_same: dict[str, str] | None = None,
) -> list[Trial] | None:
    """The evaluated cases of a model, only if evaluation bears the claim out; None where no case
    exists (unsat). A model that cannot be written, or that eval does not bear out, raises
    CannotCheck: the check could not conclude, which is never the same as "no problem"."""
    if query.check() != solver.SAT:
        return None
    found = trials(query, copies, prefer_same)
    if not claim(found):
        raise solver.CannotCheck(solver.Reason.UNCONFIRMED)
    return found


def illustration(
    query: solver.Query,
    copies: Sequence[str],
    claim: Callable[[list[Trial]], bool],
    prefer_same: dict[str, str] | None = None,
) -> list[Trial] | None:
    """Confirmed cases to illustrate a finding already established, or None: a finding that stands
    without its counterexample is still reported, so nothing here is a silent pass."""
    try:
        return confirmed(query, copies, claim, prefer_same)
    except (solver.CannotCheck, z3.Z3Exception):
        return None


R = TypeVar("R")


def best_effort(build: Callable[[], R], otherwise: R) -> R:
    """What `build` gives, or `otherwise` where the solver cannot help: for what only illustrates
    a finding that stands without it (its counterexample), never for the finding itself."""
    try:
        return build()
    except (solver.CannotCheck, z3.Z3Exception, RecursionError):
        return otherwise


def describe(policy: ir.CompiledPolicy, facts: dict[str, Any], names: Iterable[str]) -> str:
    """服务跨境电商企业数 40家、平台跨境电商交易实绩 6亿元 — the facts that matter for a finding."""
    parts = []
    for name in names:
        if name in facts and not isinstance(policy.facts[name].type, ListOf):
            parts.append(f"{name} {literal(facts[name], policy.facts[name].type)}")
    return t("check.list.sep").join(parts)


def example(policy: ir.CompiledPolicy, trial: Trial, label: str, title: str, cites: Iterable[str]) -> Example:
    text = case_yaml(policy, trial.facts, t("check.example.comment", title=title, source=policy.source_name))
    return Example(label, title, text, tuple(trial.outcome(c) for c in cites))


def amount_text(policy: ir.CompiledPolicy, amount: Fraction) -> str:
    return money_literal(amount, policy.currency) if amount else "0元"


__all__ = [
    "Trial",
    "amount_text",
    "best_effort",
    "case_yaml",
    "confirmed",
    "describe",
    "example",
    "facts_of",
    "illustration",
    "literal",
    "money_literal",
    "run",
    "tidy",
    "trials",
]
