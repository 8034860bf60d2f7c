"""Decide a result the text leaves open only in appearance: the same for every value it allows.

A result that reads an unspecified number (`参数 P: … 未规定`) is 'not determinable'. Often it is
not really open: every value P can take gives the same award (a new firm whose 上年贸易额 is 0元 is
paid the same whichever base 新引入企业同比基数 names; interest paid below the LPR amount for any
day count is the same for every 计息年天数). This module says, once for every backend:

- which values an unspecified number can take (`domain`): the choices of a 之一(…), 是 and 否, and
  the whole numbers of a declared range (`取值 360天 至 366天`) of a quantity counted in whole units
  (天, 家, 项, …). A range of money, a 比例, a plain 数 or a measure (吨, 平方米) is not a finite set:
  it is not enumerated, and what depends on it stays not determinable (evaluating at the ends would
  be sound only for an amount provably monotone in it, which is not checked).
- how many combinations are tried (`MAX_ASSIGNMENTS`): more, and the result stays as it is.
- the rule (`same_outcome`): a clause is decided when, evaluated with each combination as if given
  with --set, it is determined and has the same status and amount every time; the total is decided
  when every combination gives a determined result with the same total. An explicit --set wins: a
  value given is never enumerated.

When the total is decided but one member's share is not (a 合计上限 that the members reach whatever
the value, split among them differently), that member stays not determinable, the total is the
common total, and the result carries `TotalForEveryValue`.

backends/exact.py runs it on one case (`settle`); tools/batch/ on the rows left undetermined.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from fractions import Fraction
from typing import Any, Protocol, TypeVar

from policylang.compiler import ir
from policylang.compiler.ir import Status
from policylang.frontend.units import Bool, Enum, Quantity, value_text
from policylang.record import Record, record

MAX_ASSIGNMENTS = 256  # combinations of values tried for one case; more, and it stays not determinable
COUNTED_UNITS = frozenset({"个", "家", "人", "包裹", "项", "次", "件", "天", "户", "展位", "单", "笔", "票"})
UNDETERMINED = Status.UNDETERMINED.value


@record
class ForEveryValue(Record):
    """A clause's reason: the same status and amount for every value of these unspecified numbers.
    `values`: (name, each value shown as written), in declared order; `reasons`: why it has that
    outcome under the values (the distinct reasons, in the order first met)."""

    values: tuple[tuple[str, tuple[str, ...]], ...]
    reasons: tuple[Any, ...]


@record
class VariesWith(Record):
    """A clause's reason: its amount differs with the value of these unspecified numbers, though it
    does not read them itself (a 合计上限 shared with a member that does)."""

    values: tuple[tuple[str, tuple[str, ...]], ...]


@record
class TotalForEveryValue(Record):
    """A result's note: the total is the same for every value of these unspecified numbers, though
    the members listed share it differently."""

    values: tuple[tuple[str, tuple[str, ...]], ...]
    citations: tuple[str, ...]


def domain(info: ir.ParamInfo) -> tuple[object, ...] | None:
    """Every value the text allows for an unspecified number, or None when that is not a finite set."""
    t = info.type
    if isinstance(t, Enum):
        return tuple(t.values)
    if isinstance(t, Bool):
        return (True, False)
    if info.range is not None and isinstance(t, Quantity) and t.unit in COUNTED_UNITS:
        low, high = info.range
        first, last = _ceil(low), _floor(high)
        if last - first + 1 > MAX_ASSIGNMENTS:
            return None
        return tuple(Fraction(v) for v in range(first, last + 1))
    return None


def _ceil(v: Fraction) -> int:
    return -((-v.numerator) // v.denominator)


def _floor(v: Fraction) -> int:
    return v.numerator // v.denominator


@record
class Enumeration(Record):
    names: tuple[str, ...]  # in declared order
    assignments: tuple[dict[str, object], ...]
    shown: tuple[tuple[str, tuple[str, ...]], ...]


def enumeration(policy: ir.CompiledPolicy, names: Iterable[str]) -> Enumeration | None:
    """The combinations to try for these unspecified numbers (those with a finite domain), or None
    when there is none to try or they are more than MAX_ASSIGNMENTS."""
    wanted = set(names)
    domains = [(n, domain(p)) for n, p in policy.params.items() if n in wanted and p.unspecified]
    finite = [(n, d) for n, d in domains if d]
    if not finite:
        return None
    count = 1
    for _, d in finite:
        count *= len(d)
    if count > MAX_ASSIGNMENTS:
        return None
    order = tuple(n for n, _ in finite)
    combos = tuple(dict(zip(order, values, strict=True)) for values in itertools.product(*(d for _, d in finite)))
    shown = tuple((n, tuple(value_text(v, policy.params[n].type) for v in d)) for n, d in finite)
    return Enumeration(order, combos, shown)


def same_outcome(outcomes: Sequence[tuple[str, Fraction] | None]) -> tuple[str, Fraction] | None:
    """The one (status, amount) every combination gives, if each is determined and they agree."""
    if not outcomes or any(o is None or o[0] == UNDETERMINED for o in outcomes):
        return None
    first = outcomes[0]
    return first if all(o == first for o in outcomes) else None


def same_status(under: Sequence[Any]) -> bool:
    """Every combination decides the clause, with one status (its amount may differ): a 取高不重复 that
    an open 合计上限 seemed to decide keeps the same member for every value (cross.py, best_choice)."""
    statuses = {None if u is None else u.status for u in under}
    return len(statuses) == 1 and None not in statuses and UNDETERMINED not in statuses


def distinct(values: Iterable[Any]) -> tuple[Any, ...]:
    out: list[Any] = []
    for v in values:
        if v not in out:
            out.append(v)
    return tuple(out)


# ---------------------------------------------------------------------------- one case
class ClauseView(Protocol):
    citation: str
    status: str
    amount: Fraction
    reason: Any
    unspecified: list[tuple[str, str]]
    upper_bound: Fraction | None
    before_rules: Fraction | None
    bound_cap: str | None
    bound_group_key: str | None


class CaseView(Protocol):
    @property
    def clauses(self) -> Sequence[Any]: ...
    @property
    def total(self) -> Fraction: ...
    @property
    def determinable(self) -> bool: ...
    @property
    def events(self) -> Sequence[Any]: ...


R = TypeVar("R", bound=CaseView)


def waiting_for(policy: ir.CompiledPolicy, undetermined: Iterable[str], evaluated: Iterable[str]) -> set[str]:
    """The unspecified numbers the undetermined clauses wait for: those each one needs; where one needs
    none (it waits for a 取高不重复 rival or a 合计上限's limit, or could not be computed), every
    unspecified number the evaluated clauses and the group limits need. Stated on citations only, so
    a batch decides each row with the same numbers as eval (tools/batch/decide.py)."""
    names: set[str] = set()
    undetermined = list(undetermined)
    for citation in undetermined:
        plan = policy.clause(citation)
        own = set(plan.unspecified) if plan is not None else set()
        if not own and not shares_with_open_member(policy, citation, undetermined):
            for other in evaluated:
                found = policy.clause(other)
                names |= set(found.unspecified) if found is not None else set()
            for group in policy.group_caps:
                names |= {n.name for n in group.limit.walk() if isinstance(n, ir.Param) and n.unspecified}
        names |= own
        names |= {g.name for g in policy.choices if citation in g.citations}  # 不重复享受: which is kept
        names |= {g.name for g in policy.other_funds if g.reading is None and citation in g.citations}
    return names


def shares_with_open_member(policy: ir.CompiledPolicy, citation: str, undetermined: Sequence[str]) -> bool:
    """Whether an undetermined member listed before `citation` in one of its 合计上限 needs unspecified
    numbers of its own: `citation` then waits for those (semantics/cross.py, apply_group_cap)."""
    for group in policy.group_caps:
        if citation not in group.citations:
            continue
        for before in group.citations[: group.citations.index(citation)]:
            plan = policy.clause(before)
            if before in undetermined and plan is not None and plan.unspecified:
                return True
    return False


def settle(policy: ir.CompiledPolicy, result: R, overrides: dict[str, Any], rerun: Callable[[dict[str, Any]], R]) -> R:
    """`result`, with each undetermined clause (and the total) decided where it is the same for every
    value its unspecified numbers can take. `rerun(values)` evaluates the case again with `values`
    given as with --set (added to the case's own --set values)."""
    if result.determinable:
        return result
    pending_now = [c.citation for c in result.clauses if c.status == UNDETERMINED]
    evaluated = [c.citation for c in result.clauses]
    found = enumeration(policy, waiting_for(policy, pending_now, evaluated) - set(overrides))
    if found is None:
        return result
    runs = [rerun(values) for values in found.assignments]
    by_run = [{c.citation: c for c in run.clauses} for run in runs]
    for c in result.clauses:
        under = [b.get(c.citation) for b in by_run]
        common = same_outcome([None if u is None else (u.status, u.amount) for u in under])
        if common is None:
            # it depends on the value after all (through a 合计上限, say)
            kept_alike = getattr(c.reason, "choice_through_limit", False) and same_status(under)
            if c.status != UNDETERMINED or getattr(c.reason, "varies_through_group_cap", False) or kept_alike:
                c.status, c.amount, c.reason = UNDETERMINED, Fraction(0), VariesWith(found.shown)
            continue
        if c.status != UNDETERMINED and (c.status, c.amount) == common:
            continue
        decided = [u for u in under if u is not None]
        c.status, c.amount = common
        c.reason = ForEveryValue(found.shown, distinct(u.reason for u in decided))
        c.upper_bound = None
        befores = distinct(u.before_rules for u in decided)
        c.before_rules = befores[0] if len(befores) == 1 else None
        caps = distinct((u.bound_cap, u.bound_group_key) for u in decided)
        c.bound_cap, c.bound_group_key = caps[0] if len(caps) == 1 else (None, None)
    pending = tuple(c.citation for c in result.clauses if c.status == UNDETERMINED)
    if not pending:
        return replace(result, total=sum((c.amount for c in result.clauses), Fraction(0)), determinable=True)  # type: ignore[type-var]
    totals = distinct(run.total for run in runs)
    if all(run.determinable for run in runs) and len(totals) == 1:
        events = [*result.events, TotalForEveryValue(found.shown, pending)]
        return replace(result, total=totals[0], determinable=True, events=events)  # type: ignore[type-var]
    return replace(result, total=sum((c.amount for c in result.clauses), Fraction(0)))  # type: ignore[type-var]


__all__ = [
    "COUNTED_UNITS",
    "MAX_ASSIGNMENTS",
    "Enumeration",
    "ForEveryValue",
    "TotalForEveryValue",
    "VariesWith",
    "domain",
    "enumeration",
    "same_outcome",
    "settle",
    "waiting_for",
]
