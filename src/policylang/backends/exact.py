"""The exact backend: a compiled policy on one case, in `Fraction`s, with a structured trace.

What a clause means and what the rules between clauses mean is written once, in
semantics/clause.py and semantics/cross.py; this module implements their primitives for one case
(`ExactClause`: the ClauseBackend, `ExactLedger`: the Ledger) and the expression evaluator
(`EXPRESSIONS`: IR node type → handler). Exact is the reference backend: `UNSUPPORTED` is empty.

A value the text leaves unspecified is `Unknown`: it spreads through arithmetic, but `否 且 Unknown`
is still 否, so a clause whose other conditions fail is plainly ineligible while one that hinges on
the missing number is 'not determinable'. A fact the case does not give (and that has no default)
is `Unknown` too, kept apart in `Unknown.facts`: a parameter can be assumed with --set, a missing
fact must be supplied. A clause that hinges on one is not determinable with the reason `NeedsFacts`
(`needed_facts` lists them per clause: what eval reports as K020); a clause that does not is
evaluated as if the fact were there, so a fact is asked for only where its value can change a result.

Results are data, never prose: each condition with the facts it read, the formula as a tree with
the values filled in, each item counted or not and why, each cap considered, and what the
cross-clause rules did (`ClauseResult.reason`, `.events`, `Result.events`). report/explain.py
turns them into sentences, in Chinese or English.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from policylang.compiler import ir
from policylang.compiler.ir import Status
from policylang.frontend.units import Money, Number, Quantity, Ratio, Type, fraction_text, value_text
from policylang.record import Record, record
from policylang.report.i18n import t
from policylang.semantics import decide, order
from policylang.semantics.clause import evaluate_clause as run_clause_pipeline
from policylang.semantics.cross import apply_cross_clause_rules

# A clause's status is one of Status's values, kept as a plain `str`: results flow into polars
# frames (batch's row-by-row fallback), and polars reads a Python enum member as a categorical.
PAID: str = Status.PAID.value
INELIGIBLE: str = Status.INELIGIBLE.value
UNDETERMINED: str = Status.UNDETERMINED.value
EXCLUDED: str = Status.EXCLUDED.value
ZERO: str = Status.ZERO.value


@record
class Unknown(Record):
    """A value that depends on numbers the text does not give (`params`) or on facts the case does
    not give (`facts`)."""

    params: frozenset[str]
    facts: frozenset[str] = frozenset()
    clauses: frozenset[str] = frozenset()  # read through 金额(…): the referenced clauses not determinable

    def __or__(self, other: Unknown) -> Unknown:
        return Unknown(self.params | other.params, self.facts | other.facts, self.clauses | other.clauses)


class EvaluationError(Exception):
    """A case that cannot be computed (a division by zero, a date before every table row).
    It carries a catalogue key and its arguments; `str()` is the message in the language in force."""

    def __init__(self, message_key: str, /, **fields: object) -> None:
        super().__init__(message_key)
        self.key = message_key
        self.fields = fields

    def __str__(self) -> str:
        return t(self.key, **self.fields)


def unknown_of(*values: object) -> Unknown | None:
    found = [v for v in values if isinstance(v, Unknown)]
    if not found:
        return None
    out = found[0]
    for u in found[1:]:
        out = out | u
    return out


# ---------------------------------------------------------------------------- the structured trace
@record
class Reading(Record):
    """A fact, parameter or value read, with its type so the report can show it."""

    name: str
    value: object  # an `Unknown` where the text does not give it
    type: Type

    @property
    def unspecified(self) -> bool:
        return isinstance(self.value, Unknown)

    def shown(self) -> str | None:
        """The value as written in a policy (None: unspecified)."""
        return None if self.unspecified else value_text(self.value, self.type)


@record
class ConditionTrace(Record):
    text: str
    holds: bool | None  # None: not determinable
    values: list[Reading]  # the facts it read


@record
class CapTrace(Record):
    name: str
    scope: ir.CapScope
    limit: Fraction | None
    before: Fraction | None
    binds: bool
    already_paid: Fraction | None = None
    group_by: str | None = None  # a per-group cap inside 逐项: the grouping field and this group's key
    group_key: str | None = None


# --- the formula with its values: a tree of the expression as written
@record
class FText(Record):
    """Text as written in the policy (a constant, or an expression shown as it was written)."""

    text: str


@record
class FName(Record):
    name: str
    reading: Reading | None  # None: the value cannot be computed here, show the name only


@record
class FBinary(Record):
    op: ir.ArithOp
    left: Formula
    right: Formula
    wrap_left: bool
    wrap_right: bool


@record
class FExtreme(Record):
    op: ir.ExtremeOp
    args: tuple[Formula, ...]


@record
class FSteps(Record):
    base: Formula
    step: Formula
    amount: Formula


@record
class FChosen(Record):
    """如果 … 则 … 否则: the branch taken, because the condition was true or false."""

    branch: Formula
    condition: str
    holds: bool


@record
class FLookup(Record):
    table: str
    key: Formula
    value: Reading | None


@record
class FDays(Record):
    start: Formula
    end: Formula
    value: Reading | None


@record
class FAggregate(Record):
    text: str
    value: Reading | None


@record
class FTierPending(Record):
    """The bracket cannot be chosen until these unspecified numbers (and facts not given) are known."""

    params: tuple[str, ...]
    facts: tuple[str, ...] = ()


@record
class FTierChosen(Record):
    condition: str | None  # None: the 其他 row
    amount: Formula


@record
class NearestTier(Record):
    """The bracket a firm that fell between brackets was nearest to, on the quantity every bracket
    compares: the row as written, the firm's value, the row's nearest edge and how far off it is."""

    tier: str  # the row's condition as written
    quantity: str  # the compared quantity as written
    value: Reading  # the firm's value of it
    bound: Fraction  # the row's nearest edge
    inclusive: bool  # whether the edge itself belongs to the row
    below: bool  # True: the value is below the row (it needs more); False: above it (it needs less)
    gap: Fraction  # |value - bound|, in the quantity's unit


@record
class FTierNone(Record):
    """No bracket applies: 0. The brackets' conditions as written, to say which were missed, and the
    nearest bracket where every row is a simple comparison or range on one quantity (else None)."""

    tiers: tuple[str, ...] = ()
    nearest: NearestTier | None = None


@record
class FItems(Record):
    """逐项: the list and the per-item award as written."""

    items: str
    award: str


@record
class FClause(Record):
    """金额(一2) in a formula: the citation as written, the clauses it names, and its value."""

    citation: str
    clauses: tuple[str, ...]
    value: Reading | None


Formula = (
    (FText | FName | FBinary | FExtreme | FSteps | FChosen | FLookup | FDays | FAggregate | FTierPending | FTierChosen)
    | FTierNone
    | FItems
    | FClause
)


@record
class ClauseReference(Record):
    """金额(一2) as a clause read it: the citation as written and, for each clause it names, its
    citation, title, status and amount (0 unless paid); `amount` None where one is not determinable."""

    citation: str
    clauses: tuple[tuple[str, str, str, Fraction], ...]
    amount: Fraction | None


# --- items
class ItemOutcome(ir.Vocabulary):
    """Whether an item of 逐项 counts, and if not, why."""

    COUNTED = "counted"
    COUNTED_NEGATIVE = "counted_negative"  # counted, its negative award paid as 0
    FAILED_CONDITION = "failed_condition"
    OVER_LIMIT = "over_limit"  # beyond the quantity limit of its group


@dataclass
class ItemTrace:
    index: int  # 1-based, as listed in the case
    label: str
    amount: Fraction  # after item caps
    raw: Fraction  # after never-below-0, before item caps
    outcome: ItemOutcome
    caps: list[CapTrace] = field(default_factory=list)
    group: str | None = None  # the group key
    formula: Formula | None = None
    failed_condition: str | None = None  # FAILED_CONDITION: the condition as written
    negative: Fraction | None = None  # COUNTED_NEGATIVE: the award before it was paid as 0
    group_by: str | None = None  # OVER_LIMIT: the grouping field (None: the whole clause)
    limit: ir.LimitPlan | None = None  # OVER_LIMIT: the quantity limit
    measure: Fraction | None = None  # 至多 合计 …: the item's measure
    measure_paid: Fraction | None = None  # … and how much of it is paid for (None: all of it)
    measure_unit: str = ""

    @property
    def counted(self) -> bool:
        return self.outcome in (ItemOutcome.COUNTED, ItemOutcome.COUNTED_NEGATIVE)


# --- why a clause has its status
@record
class FailedCondition(Record):
    condition: str


@record
class ZeroAmount(Record):
    """Eligible, but the amount is 0."""


@record
class ByFormula(Record):
    """Paid as the formula gives it; no cap bound."""


@record
class Capped(Record):
    """Paid as limited by a cap (a 合计上限 too); a per-group cap names its group."""

    cap: str
    group_by: str | None = None
    group_key: str | None = None


@record
class Unspecified(Record):
    params: tuple[str, ...]  # in declared order


@record
class NeedsFacts(Record):
    """The amount depends on facts the case does not give (in declared order); `params`: unspecified
    numbers it depends on as well."""

    facts: tuple[str, ...]
    params: tuple[str, ...] = ()


@record
class NeedsRank(Record):
    """The amount depends on places within the population (名次) the case does not give: one case cannot
    rank itself among the others, so this is not determinable rather than a fact to ask for (no K020);
    `params`: unspecified numbers it depends on as well."""

    ranks: tuple[str, ...]
    params: tuple[str, ...] = ()


@record
class EvaluationFailed(Record):
    error: EvaluationError


@record
class ReferenceUndetermined(Record):
    """The clause reads 金额(…) of clauses not determinable (`clauses`, in policy order); what they
    wait for: unspecified numbers (`params`) or facts the case lacks (`facts`), both in declared order."""

    clauses: tuple[str, ...]
    facts: tuple[str, ...] = ()
    params: tuple[str, ...] = ()


@record
class KeptOther(Record):
    """取高不重复: another member of the group is paid instead."""

    group: str
    kept: str


@record
class BoundTooLow(Record):
    """取高不重复: a not determinable member whose known maximum cannot beat a determined one."""

    group: str
    bound: Fraction


@record
class RivalUndetermined(Record):
    """取高不重复: a not determinable rival could be the highest."""

    group: str
    rivals: tuple[str, ...]


@record
class ChoiceKept(Record):
    """不重复享受: the member taken as kept (a value given for the group's choice) is paid instead."""

    group: str
    kept: str


@record
class ChoiceOpen(Record):
    """不重复享受: another member could be paid too, and the text does not say which is kept."""

    group: str
    rivals: tuple[str, ...]


@record
class OtherFundsApplied(Record):
    """就高不重复 against other funds: what the project received elsewhere (`other`) lowered the award."""

    group: str
    other: Fraction
    reading: str | None  # as written; None: the readings agree here


@record
class OtherFundsOpen(Record):
    """就高不重复 against other funds: what it pays depends on a reading the text does not give, on a
    member not determinable, or on an award elsewhere not known for the case."""

    group: str


@record
class GroupCapShared(Record):
    """合计上限: a not determinable member listed before could take up the room this one needs.
    Where enumerating the unknown shows the share differs, decide.py says so with VariesWith instead."""

    group: str
    members: tuple[str, ...]
    varies_through_group_cap = True  # read by decide.settle (not a field)


@record
class GroupCapLimitOpen(Record):
    """合计上限: its limit needs numbers the text does not give (`params`), and the member pays
    something that limit could cut."""

    group: str
    params: tuple[str, ...]


@record
class ExclusiveLimitOpen(Record):
    """取高不重复 (`group`): which member is kept depends on a 合计上限 (`cap`) whose limit needs numbers
    the text does not give (`params`; none where the limit cannot be computed for the case): this member
    or one of `rivals` could be the most favourable."""

    group: str
    cap: str
    params: tuple[str, ...]
    rivals: tuple[str, ...]

    # read by decide.settle (not a field): kept alike for every value, only the amount varies
    choice_through_limit = True


@record
class GroupCapFailed(Record):
    group: str
    error: EvaluationError


@record
class GroupCapUsedUp(Record):
    group: str


Reason = (
    FailedCondition
    | ZeroAmount
    | ByFormula
    | Capped
    | Unspecified
    | NeedsFacts
    | NeedsRank
    | EvaluationFailed
    | ReferenceUndetermined
    | KeptOther
    | BoundTooLow
    | RivalUndetermined
    | ChoiceKept
    | ChoiceOpen
    | OtherFundsApplied
    | OtherFundsOpen
    | GroupCapShared
    | GroupCapLimitOpen
    | ExclusiveLimitOpen
    | GroupCapFailed
    | GroupCapUsedUp
    | decide.ForEveryValue
    | decide.VariesWith
)


# --- what changed a clause's amount after its formula
@record
class NegativeToZero(Record):
    raw: Fraction


@record
class ExcludedFor(Record):
    group: str
    kept: str
    before: Fraction


@record
class UndeterminedByRivals(Record):
    group: str
    rivals: tuple[str, ...]
    before: Fraction


@record
class NotDoubled(Record):
    """不重复享受: not paid beside the member kept (`kept`), or not determinable (`kept` None)."""

    group: str
    kept: str | None
    rivals: tuple[str, ...]
    before: Fraction


@record
class OtherFundsReduced(Record):
    group: str
    other: Fraction
    before: Fraction
    after: Fraction


@record
class UndeterminedByShare(Record):
    group: str
    members: tuple[str, ...]
    before: Fraction


@record
class GroupCapUnavailable(Record):
    group: str
    error: EvaluationError
    before: Fraction


@record
class GroupCapReduced(Record):
    group: str
    limit: Fraction
    before: Fraction
    after: Fraction


ClauseEvent = (
    NegativeToZero
    | ExcludedFor
    | UndeterminedByRivals
    | UndeterminedByShare
    | NotDoubled
    | OtherFundsReduced
    | GroupCapUnavailable
    | GroupCapReduced
)


# --- what the cross-clause rules did, for the whole result
@record
class RivalsUndeterminedNote(Record):
    group: str
    rivals: tuple[str, ...]


@record
class ExclusiveKeptNote(Record):
    group: str
    kept: str
    not_highest: bool  # kept because it pays most once the 合计上限 apply, though another is higher


@record
class GroupCapFailedNote(Record):
    group: str
    error: EvaluationError


@record
class GroupCapExceededNote(Record):
    group: str
    total: Fraction
    limit: Fraction


# --- `--clause`: a clause evaluated on its own that a cross-clause rule ties to others
class GroupKind(ir.Vocabulary):
    """The kind of rule a clause shares with others."""

    EXCLUSIVE = "exclusive"  # 取高不重复
    GROUP_CAP = "group_cap"  # 合计上限
    NO_DOUBLE = "no_double"  # 不重复享受
    OTHER_FUNDS = "other_funds"  # 就高不重复 … 对照


@record
class Membership(Record):
    """The clause belongs to this cross-clause rule (all its members, as listed)."""

    kind: GroupKind
    group: str
    members: tuple[str, ...]


@record
class FullOutcome(Record):
    """What the evaluation of every clause of the same case gives the clause."""

    status: str
    amount: Fraction
    reason: Reason


ResultEvent = (
    RivalsUndeterminedNote | ExclusiveKeptNote | GroupCapFailedNote | GroupCapExceededNote | decide.TotalForEveryValue
)


@dataclass
class ClauseResult:
    citation: str
    title: str
    status: str  # a Status value
    amount: Fraction  # what is paid after rounding and cross-clause rules (0 unless paid)
    reason: Reason
    quote: str | None = None
    readings: tuple[str, ...] = ()
    conditions: list[ConditionTrace] = field(default_factory=list)
    formula: Formula | None = None
    raw: Fraction | None = None  # before caps
    caps: list[CapTrace] = field(default_factory=list)
    items: list[ItemTrace] = field(default_factory=list)
    bound_cap: str | None = None  # the cap's name as written
    bound_group_key: str | None = None  # the group, where that cap is a per-group cap
    unspecified: list[tuple[str, str]] = field(default_factory=list)  # (name, note)
    assumed: list[tuple[str, str]] = field(default_factory=list)  # values given with --set
    upper_bound: Fraction | None = None  # for an undetermined award whose caps are known
    before_rules: Fraction | None = None  # the clause's own award, before 取高不重复 / 合计上限
    events: list[ClauseEvent] = field(default_factory=list)
    award_text: str = ""  # the formula as written
    # only some clauses evaluated (--clause) and this one in a 取高不重复 group or 合计上限: the groups,
    # and what the full evaluation of the same case gives it (the rules there may cut or exclude it)
    memberships: list[Membership] = field(default_factory=list)
    full: FullOutcome | None = None
    references: list[ClauseReference] = field(default_factory=list)  # each 金额(…) it read
    waits_for: Unknown | None = None  # not determinable: what it waits for (read by a 金额(…) of it)


@record
class Result(Record):
    policy: ir.CompiledPolicy
    clauses: list[ClauseResult]
    total: Fraction
    determinable: bool
    assumed: list[tuple[str, str]]
    events: list[ResultEvent] = field(default_factory=list)

    def clause(self, citation: str) -> ClauseResult | None:
        return next((c for c in self.clauses if c.citation == citation), None)

    def needed_facts(self) -> dict[str, list[str]]:
        """Each fact the case does not give whose value can change a result → the clauses that need
        it (K020); a fact whose absence changes nothing is not here."""
        needed: dict[str, list[str]] = {}
        ranks = {r.name for r in self.policy.ranks}
        for c in self.clauses:
            if isinstance(c.reason, (NeedsFacts, ReferenceUndetermined)):
                for name in c.reason.facts:
                    if name not in ranks:  # a place within the population is no fact the case lacks (NeedsRank)
                        needed.setdefault(name, []).append(c.citation)
        order = list(self.policy.facts)
        return {n: needed[n] for n in sorted(needed, key=lambda n: order.index(n) if n in order else len(order))}


# ---------------------------------------------------------------------------- rounding
def _round_half(whole: int, frac: Fraction, to_even: bool) -> int:
    if frac > Fraction(1, 2) or (frac == Fraction(1, 2) and (not to_even or whole % 2 == 1)):
        return whole + 1
    return whole


# mode → (whole steps, the fraction of a step left over) → steps; one entry per RoundingMode
ROUNDERS: dict[ir.RoundingMode, Callable[[int, Fraction], int]] = {
    ir.RoundingMode.HALF_UP: lambda whole, frac: _round_half(whole, frac, to_even=False),
    ir.RoundingMode.DOWN: lambda whole, frac: whole,
    ir.RoundingMode.UP: lambda whole, frac: whole + 1 if frac else whole,
    ir.RoundingMode.HALF_EVEN: lambda whole, frac: _round_half(whole, frac, to_even=True),
}
assert set(ROUNDERS) == set(ir.RoundingMode), "every rounding mode needs its rounder"


def round_amount(value: Fraction, rule: ir.Rounding) -> Fraction:
    """Round a non-negative exact amount once, to the declared unit, by the declared mode."""
    q = rule.quantum
    steps = value / q
    whole, rest = divmod(steps.numerator, steps.denominator)
    frac = Fraction(rest, steps.denominator)
    return (whole if frac == 0 else ROUNDERS[rule.mode](whole, frac)) * q


# ---------------------------------------------------------------------------- expressions
Observer = Callable[[str, object, object], None]  # (kind, plan node, outcome)


class Env:
    """Values for one evaluation: facts, parameters (with --set overrides) and the current item."""

    def __init__(self, policy: ir.CompiledPolicy, facts: dict[str, Any], overrides: dict[str, Any]):
        self.policy = policy
        self.facts = facts
        self.overrides = overrides
        self.item: dict[str, Any] | None = None
        self.items_of: str | None = None
        self.seen: dict[str, object] = {}  # name → value read, for condition traces
        self.clauses: dict[str, ClauseResult] = {}  # the clauses a 金额(…) reads, evaluated before
        self.references: dict[str, ClauseReference] = {}  # each 金额(…) read, by its citation
        self._derived: dict[str, object] = {}
        self.observer: Observer | None = None  # coverage hook (policylang test); None in eval
        self.explain = True  # False: no formula or facts-read text (batch's row path needs only the numbers)

    def fact(self, name: str) -> Any:
        if name in self.overrides:
            return self.overrides[name]
        if name not in self.facts:  # not given and without a default: it must be supplied
            return Unknown(frozenset(), frozenset([name]))
        return self.facts[name]

    def param(self, name: str) -> Any:
        if name in self.overrides:
            return self.overrides[name]
        value = self.policy.params[name].value
        return Unknown(frozenset([name])) if value is None else value


def observe(env: Env, kind: str, node: object, outcome: object) -> None:
    """Tell the coverage observer, if any, what a condition, tier row, cap or limit did."""
    if env.observer is not None:
        env.observer(kind, node, outcome)


def ev(e: ir.Expr, env: Env) -> Any:
    """The exact value of an expression; Unknown where it needs an unspecified number."""
    return EXPRESSIONS[type(e)](e, env)


def _const(e: ir.Const, env: Env) -> Any:
    return e.value


def _input(e: ir.Input, env: Env) -> Any:
    value = env.seen[e.name] = env.fact(e.name)
    return value


def _field(e: ir.Field, env: Env) -> Any:
    assert env.item is not None
    value = env.seen[f"{e.items}.{e.name}"] = env.item[e.name]
    return value


def _param(e: ir.Param, env: Env) -> Any:
    value = env.seen[e.name] = env.param(e.name)
    return value


def _derived(e: ir.Derived, env: Env) -> Any:
    if env.item is None and e.name in env._derived:
        value = env._derived[e.name]
    else:
        value = ev(e.expr, env)
        if env.item is None:
            env._derived[e.name] = value
    env.seen[e.name] = value
    return value


def _divide(a: Any, b: Any, e: ir.Arith) -> Any:
    if b == 0:
        raise EvaluationError("exact.division_by_zero", text=e.span.text if e.span else "÷")
    return Fraction(a) / Fraction(b)


ARITHMETIC: dict[ir.ArithOp, Callable[[Any, Any, ir.Arith], Any]] = {
    ir.ArithOp.ADD: lambda a, b, e: a + b,
    ir.ArithOp.SUBTRACT: lambda a, b, e: a - b,
    ir.ArithOp.MULTIPLY: lambda a, b, e: a * b,
    ir.ArithOp.DIVIDE: _divide,
}

COMPARISONS: dict[ir.CmpOp, Callable[[Any, Any], bool]] = {
    ir.CmpOp.GREATER: lambda a, b: bool(a > b),
    ir.CmpOp.GREATER_EQUAL: lambda a, b: bool(a >= b),
    ir.CmpOp.LESS: lambda a, b: bool(a < b),
    ir.CmpOp.LESS_EQUAL: lambda a, b: bool(a <= b),
    ir.CmpOp.EQUAL: lambda a, b: bool(a == b),
    ir.CmpOp.NOT_EQUAL: lambda a, b: bool(a != b),
}


def _arith(e: ir.Arith, env: Env) -> Any:
    a, b = ev(e.left, env), ev(e.right, env)
    return unknown_of(a, b) or ARITHMETIC[e.op](a, b, e)


def _cmp(e: ir.Cmp, env: Env) -> Any:
    a, b = ev(e.left, env), ev(e.right, env)
    return unknown_of(a, b) or COMPARISONS[e.op](a, b)


# op → (the value of the left side that decides alone)
_DECIDING = {ir.LogicOp.AND: False, ir.LogicOp.OR: True}


def _logic(e: ir.Logic, env: Env) -> Any:
    """Kleene logic: 否 且 unknown is 否, 是 或 unknown is 是."""
    deciding = _DECIDING[e.op]
    a = ev(e.left, env)
    if a is deciding:
        return deciding
    b = ev(e.right, env)
    if b is deciding:
        return deciding
    return unknown_of(a, b) or (not deciding)


def _negate(e: ir.Negate, env: Env) -> Any:
    a = ev(e.operand, env)
    return a if isinstance(a, Unknown) else not a


def _choose(e: ir.Choose, env: Env) -> Any:
    c = ev(e.condition, env)
    if isinstance(c, Unknown):
        return c
    observe(env, "choice", e, bool(c))
    return ev(e.then if c else e.otherwise, env)


def _tiered(e: ir.Tiered, env: Env) -> Any:
    pending: Unknown | None = None
    for row in e.rows:
        holds = True if row.condition is None else ev(row.condition, env)
        if isinstance(holds, Unknown):
            pending = holds if pending is None else pending | holds
            continue
        if holds:
            if pending is None:
                observe(env, "tier", row, True)
            return pending or ev(row.amount, env)
    return pending or Fraction(0)


def _steps(e: ir.StepAward, env: Env) -> Any:
    base, step, amount = ev(e.base, env), ev(e.step, env), ev(e.amount, env)
    u = unknown_of(base, step, amount)
    if u:
        return u
    if step <= 0:
        raise EvaluationError("exact.step_not_positive")
    full_steps = max(Fraction(base) // Fraction(step), 0)
    return full_steps * amount


EXTREMES: dict[ir.ExtremeOp, Callable[[list[Any]], Any]] = {ir.ExtremeOp.MIN: min, ir.ExtremeOp.MAX: max}


def _extreme(e: ir.Extreme, env: Env) -> Any:
    values = [ev(a, env) for a in e.args]
    return unknown_of(*values) or EXTREMES[e.op](values)


def _count_one(e: ir.Aggregate, env: Env) -> Any:
    hit = True if e.expr is None else ev(e.expr, env)
    return hit if isinstance(hit, Unknown) else (1 if hit else 0)


def _sum_one(e: ir.Aggregate, env: Env) -> Any:
    assert e.expr is not None
    return ev(e.expr, env)


AGGREGATES: dict[ir.AggregateOp, Callable[[ir.Aggregate, Env], Any]] = {
    ir.AggregateOp.COUNT: _count_one,
    ir.AggregateOp.SUM: _sum_one,
}


def _aggregate(e: ir.Aggregate, env: Env) -> Any:
    one = AGGREGATES[e.op]
    saved = env.item
    total: Any = Fraction(0)
    try:
        for item in env.fact(e.items):
            env.item = item
            v = one(e, env)
            if isinstance(v, Unknown):
                return v
            total += v
    finally:
        env.item = saved
    return total


def _lookup(e: ir.Lookup, env: Env) -> Any:
    key = ev(e.key, env)
    if isinstance(key, Unknown):
        return key
    table = env.policy.tables[e.table]
    named = table.derived_from or e.table  # a piece of a table keyed by term is named by that table
    if table.outside is not None:  # a term in no band of the table (keyed here by the term): say so
        covers = table.outside
        term = f"{fraction_text(key)}{covers.unit}"
        raise EvaluationError("tables.term_outside", table=named, term=term, covers=covers.text)
    if table.until is not None and key > table.until:  # 截至: the data stops there, the last row does not go on
        raise EvaluationError("tables.after_until", table=named, until=table.until, key=key)
    found = None
    for day, value in table.rows:
        if day <= key:
            found = value
    if found is None:
        first = table.rows[0][0] if table.rows else None
        raise EvaluationError("exact.lookup_before_table", table=named, key=key, first=first)
    env.seen[f"{e.table}({key})"] = found
    return found


def clause_value(r: ClauseResult) -> Any:
    """What 金额(…) reads of a clause: its own result, 0 unless paid; Unknown where not determinable,
    naming the clause and what it waits for."""
    if r.status != UNDETERMINED:
        return r.amount
    waits = r.waits_for or Unknown(frozenset())
    return Unknown(waits.params, waits.facts, waits.clauses | {r.citation})


def reference_name(e: ir.ClauseAmount) -> str:
    return f"金额({e.citation})"


def _clause_amount(e: ir.ClauseAmount, env: Env) -> Any:
    results = [env.clauses[c] for c in e.clauses]  # evaluated before (semantics/order.py)
    values = [clause_value(r) for r in results]
    value = unknown_of(*values) or sum(values, Fraction(0))
    parts = tuple((r.citation, r.title, r.status, r.amount) for r in results)
    env.references.setdefault(
        e.citation, ClauseReference(e.citation, parts, None if isinstance(value, Unknown) else value)
    )
    env.seen[reference_name(e)] = value
    return value


def _days(e: ir.DaysBetween, env: Env) -> Any:
    a, b = ev(e.start, env), ev(e.end, env)
    return unknown_of(a, b) or Fraction((b - a).days)


# Every concrete IR expression node and its handler (tests/test_backends_complete.py checks it).
EXPRESSIONS: dict[type[ir.Expr], Callable[[Any, Env], Any]] = {
    ir.Const: _const,
    ir.Input: _input,
    ir.Field: _field,
    ir.Param: _param,
    ir.Derived: _derived,
    ir.Arith: _arith,
    ir.Cmp: _cmp,
    ir.Logic: _logic,
    ir.Negate: _negate,
    ir.Choose: _choose,
    ir.Tiered: _tiered,
    ir.StepAward: _steps,
    ir.Extreme: _extreme,
    ir.Aggregate: _aggregate,
    ir.Lookup: _lookup,
    ir.DaysBetween: _days,
    ir.ClauseAmount: _clause_amount,
}
UNSUPPORTED: dict[type[ir.Expr], str] = {}  # exact is the reference: it evaluates every node
UNSUPPORTED_STEPS: dict[str, str] = {}


# ---------------------------------------------------------------------------- formulas with values
def _computed(e: ir.Expr, env: Env, name: str) -> Reading | None:
    """The value of `e` as a reading, or None where it cannot be computed here."""
    try:
        return Reading(name, ev(e, env), e.type)
    except (KeyError, EvaluationError):
        return None


def _formula_name(e: ir.Input | ir.Param | ir.Derived | ir.Field, env: Env) -> Formula:
    return FName(e.name, _computed(e, env, e.name))


def _formula_arith(e: ir.Arith, env: Env) -> Formula:
    def additive(x: ir.Expr) -> bool:
        return isinstance(x, ir.Arith) and x.op in (ir.ArithOp.ADD, ir.ArithOp.SUBTRACT)

    divided = e.op is ir.ArithOp.DIVIDE and isinstance(e.right, ir.Arith)
    return FBinary(
        e.op, formula_of(e.left, env), formula_of(e.right, env), additive(e.left), additive(e.right) or divided
    )


def _formula_choose(e: ir.Choose, env: Env) -> Formula:
    c = ev(e.condition, env)
    if isinstance(c, Unknown):
        return _as_written(e, env)
    condition = e.condition.span.text if e.condition.span else ""
    return FChosen(formula_of(e.then if c is True else e.otherwise, env), condition, bool(c))


def _formula_tiered(e: ir.Tiered, env: Env) -> Formula:
    for row in e.rows:
        holds = True if row.condition is None else ev(row.condition, env)
        if isinstance(holds, Unknown):  # the tier cannot be chosen until the number is known
            params, facts = declared_order(env.policy, holds.params), facts_order(env.policy, holds.facts)
            return FTierPending(tuple(params), tuple(facts))
        if holds is True:
            cond = row.condition.span.text if row.condition is not None and row.condition.span else None
            return FTierChosen(cond, formula_of(row.amount, env))
    return FTierNone(
        tuple(row.condition.span.text for row in e.rows if row.condition is not None and row.condition.span),
        _nearest_tier(e, env),
    )


_LOWER_EDGES = {ir.CmpOp.GREATER: False, ir.CmpOp.GREATER_EQUAL: True}  # op → the edge is inclusive
_UPPER_EDGES = {ir.CmpOp.LESS: False, ir.CmpOp.LESS_EQUAL: True}
_DISTANCES = (Money, Quantity, Ratio, Number)  # the types a distance between two values is shown in


def _row_edges(condition: ir.Expr) -> tuple[ir.Expr, list[ir.Cmp]] | None:
    """A row that is one comparison (`x 达到 50家(含)`) or one range (`x 在 20家(含) 至 30家(不含)`) on one
    quantity: that quantity and the comparisons; None for any other condition (两维, 或, 非, …)."""
    parts = [condition.left, condition.right] if isinstance(condition, ir.Logic) else [condition]
    if isinstance(condition, ir.Logic) and condition.op is not ir.LogicOp.AND:
        return None
    cmps = [p for p in parts if isinstance(p, ir.Cmp) and (p.op in _LOWER_EDGES or p.op in _UPPER_EDGES)]
    if len(cmps) != len(parts) or any(c.left != cmps[0].left for c in cmps):
        return None
    return cmps[0].left, cmps


def _nearest_tier(e: ir.Tiered, env: Env) -> NearestTier | None:
    """The row nearest to the firm's value, where every row is a simple comparison or range on the same
    quantity (an ordered number); the first listed of rows equally near. None where a row is not simple."""
    rows: list[tuple[ir.Expr, list[ir.Cmp]]] = []
    for row in e.rows:
        if row.condition is None:  # 其他
            continue
        edges = _row_edges(row.condition)
        if edges is None or (rows and edges[0] != rows[0][1][0].left):
            return None
        rows.append((row.condition, edges[1]))
    if not rows:
        return None
    quantity = rows[0][1][0].left
    if not isinstance(quantity.type, _DISTANCES):
        return None
    value = ev(quantity, env)
    if isinstance(value, Unknown):
        return None
    best: NearestTier | None = None
    for condition, cmps in rows:
        for cmp in cmps:
            bound = ev(cmp.right, env)
            if isinstance(bound, Unknown):
                return None
            below = cmp.op in _LOWER_EDGES
            gap = Fraction(bound - value if below else value - bound)
            inclusive = (_LOWER_EDGES if below else _UPPER_EDGES)[cmp.op]
            if COMPARISONS[cmp.op](value, bound):
                continue
            # equally near: an edge the row includes is nearer than one it leaves out
            if best is not None and (gap, not inclusive) >= (best.gap, not best.inclusive):
                continue
            text = condition.span.text if condition.span else ""
            where = quantity.span.text if quantity.span else ""
            best = NearestTier(
                text, where, Reading(where, value, quantity.type), Fraction(bound), inclusive, below, gap
            )
    return best


def _as_written(e: ir.Expr, env: Env) -> Formula:
    return FText(e.span.text if e.span else "…")


FORMULAS: dict[type[ir.Expr], Callable[[Any, Env], Formula]] = {
    ir.Const: lambda e, env: FText(e.text),
    ir.Input: _formula_name,
    ir.Param: _formula_name,
    ir.Derived: _formula_name,
    ir.Field: _formula_name,
    ir.Arith: _formula_arith,
    ir.Extreme: lambda e, env: FExtreme(e.op, tuple(formula_of(a, env) for a in e.args)),
    ir.StepAward: lambda e, env: FSteps(formula_of(e.base, env), formula_of(e.step, env), formula_of(e.amount, env)),
    ir.Choose: _formula_choose,
    ir.Lookup: lambda e, env: FLookup(e.table, formula_of(e.key, env), _computed(e, env, e.table)),
    ir.DaysBetween: lambda e, env: FDays(formula_of(e.start, env), formula_of(e.end, env), _computed(e, env, "")),
    ir.Aggregate: lambda e, env: FAggregate(e.span.text if e.span else "", _computed(e, env, "")),
    ir.Tiered: _formula_tiered,
    ir.ClauseAmount: lambda e, env: FClause(e.citation, e.clauses, _computed(e, env, reference_name(e))),
}


def formula_of(e: ir.Expr, env: Env) -> Formula:
    """The expression as written, each name with its value: 50% × 展位费(12,000.00元)."""
    return FORMULAS.get(type(e), _as_written)(e, env)


def declared_order(policy: ir.CompiledPolicy, names: Iterable[str]) -> list[str]:
    order = list(policy.params)
    return sorted(names, key=lambda n: (order.index(n) if n in order else len(order), n))


def facts_order(policy: ir.CompiledPolicy, names: Iterable[str]) -> list[str]:
    order = list(policy.facts)
    return sorted(names, key=lambda n: (order.index(n) if n in order else len(order), n))


def _facts_read(env: Env, e: ir.Expr) -> list[Reading]:
    out: list[Reading] = []
    for node in e.walk():
        if isinstance(node, (ir.Input, ir.Param, ir.Field, ir.Derived)):
            key = f"{node.items}.{node.name}" if isinstance(node, ir.Field) else node.name
            if key in env.seen and all(r.name != node.name for r in out):
                out.append(Reading(node.name, env.seen[key], node.type))
        elif isinstance(node, ir.ClauseAmount):  # 金额(一2) read by a condition
            key = reference_name(node)
            if key in env.seen and all(r.name != key for r in out):
                out.append(Reading(key, env.seen[key], node.type))
    return out


# ---------------------------------------------------------------------------- one clause: the ClauseBackend
Value = Any  # Fraction | Unknown
Truth = Any  # bool | Unknown


@dataclass
class _ItemScope:
    """What one item of 逐项 recorded while its conditions, award and caps ran."""

    conditions: list[ConditionTrace] = field(default_factory=list)
    caps: list[CapTrace] = field(default_factory=list)
    raw: Fraction = Fraction(0)
    negative: Fraction | None = None
    unknown: bool = False  # its conditions are not determinable: its caps are not applied


_NO_GROUP = object()


class ExactClause:
    """The primitives of semantics/clause.py for one clause on one case; they fill `result`."""

    def __init__(self, plan: ir.ClausePlan, env: Env) -> None:
        self.plan = plan
        self.env = env
        self.result = ClauseResult(
            plan.citation, plan.title, PAID, Fraction(0), ByFormula(), quote=plan.quote, readings=plan.readings
        )
        self.result.award_text = plan.items.award_text if plan.items is not None else plan.award_text
        self._conditions = self.result.conditions  # where condition traces go (the clause's or an item's)
        self._item: _ItemScope | None = None
        self._group: object = _NO_GROUP  # the group key while a group's caps run
        self._eligibility_unknown = False  # then the clause's own caps are not applied

    # --- conditions
    def condition(self, condition: ir.ConditionPlan) -> Truth:
        env = self.env
        env.seen.clear()
        holds = ev(condition.expr, env)
        known = not isinstance(holds, Unknown)
        self._conditions.append(
            ConditionTrace(
                condition.text, bool(holds) if known else None, _facts_read(env, condition.expr) if env.explain else []
            )
        )
        if known:
            observe(env, "condition", condition, bool(holds))
            return bool(holds)
        return holds

    def all_of(self, truths: Sequence[Truth]) -> Truth:
        if any(x is False for x in truths):
            return False
        return unknown_of(*truths) or True

    # --- amounts
    def award(self, expr: ir.Expr) -> Value:
        value = ev(expr, self.env)
        if self._item is None and self.env.explain:
            self.result.formula = formula_of(expr, self.env)
        return value

    def floor_zero(self, amount: Value) -> Value:
        if isinstance(amount, Unknown):
            return amount
        negative = amount < 0
        floored = Fraction(0) if negative else amount
        if self._item is not None:
            self._item.negative = amount if negative else None
            self._item.raw = floored
        elif not self._eligibility_unknown:
            if negative:
                self.result.events.append(NegativeToZero(amount))
            self.result.raw = floored
        return floored

    def cap(self, amount: Value, cap: ir.CapPlan) -> Value:
        if isinstance(amount, Unknown) or self._caps_skipped():
            return amount
        env = self.env
        limit = ev(cap.limit, env)
        paid = None
        if cap.already_paid is not None:
            paid = ev(cap.already_paid, env)
            if not isinstance(limit, Unknown) and not isinstance(paid, Unknown):
                limit = limit - paid
        if not isinstance(limit, Unknown):  # a cap lowers an award to 0 at most, never below
            limit = max(limit, Fraction(0))
        u = unknown_of(limit, paid, amount)
        if u:
            return u
        binds = bool(amount > limit)
        if cap.applies is not None and ev(cap.applies, env) is not True:
            return min(amount, limit)  # another tier row pays: its cap's limit is that amount, not a cap
        observe(env, "cap", cap, binds)
        self._cap_traces().append(CapTrace(cap.name, cap.scope, limit, amount, binds, paid, *self._group_fields()))
        return min(amount, limit)

    def _caps_skipped(self) -> bool:
        """Caps are not applied to an amount that cannot be paid anyway (its eligibility is unknown)."""
        if self._item is not None:
            return self._item.unknown
        return self._group is _NO_GROUP and self._eligibility_unknown

    def _cap_traces(self) -> list[CapTrace]:
        return self._item.caps if self._item is not None else self.result.caps

    def _group_fields(self) -> tuple[str | None, str | None]:
        if self._group is _NO_GROUP or self.plan.items is None or self.plan.items.group_by is None:
            return None, None
        return self.plan.items.group_by, str(self._group)

    def round(self, amount: Value, rule: ir.Rounding) -> Value:
        return amount if isinstance(amount, Unknown) else round_amount(amount, rule)

    def when(self, holds: Truth, amount: Callable[[], Value]) -> Value:
        if holds is False:
            return Fraction(0)
        if not isinstance(holds, Unknown):
            return amount()
        assert self._item is not None  # `when` guards an item's award
        self._item.unknown = True  # its award is read for the numbers it needs, not capped
        return unknown_of(holds, amount())

    # --- 逐项
    def over_items(
        self, items: ir.ItemPlan, one_item: Callable[[], tuple[Truth, Value]], one_group: Callable[[Value], Value]
    ) -> Value:
        env, result = self.env, self.result
        traces: list[ItemTrace] = []
        pending: Unknown | None = None
        try:
            for index, item in enumerate(env.fact(items.items), start=1):
                env.item = item
                scope = self._item = _ItemScope()
                self._conditions = scope.conditions
                holds, amount = one_item()
                trace = self._item_trace(items, index, item, scope, holds, amount)
                if trace is not None and items.measure_limit is not None and trace.counted:
                    measure = ev(items.measure_limit.measure, env)
                    if isinstance(measure, Unknown):
                        pending, trace = unknown_of(pending, measure), None
                    else:
                        trace.measure = measure
                        unit = getattr(items.measure_limit.measure.type, "unit", "")
                        trace.measure_unit = unit if isinstance(unit, str) else ""
                if trace is None:
                    pending = unknown_of(pending, holds, amount)
                else:
                    traces.append(trace)
        finally:
            env.item, self._item, self._conditions = None, None, result.conditions
        result.items = traces
        result.formula = FItems(items.items, items.award_text)
        if pending is not None:
            return pending
        return self._groups_total(items, traces, one_group)

    def _item_trace(
        self, items: ir.ItemPlan, index: int, item: dict[str, Any], scope: _ItemScope, holds: Truth, amount: Value
    ) -> ItemTrace | None:
        """The item's trace; None where it is not determinable (then neither is the clause)."""
        label = "、".join(str(v) for v in item.values() if isinstance(v, str))
        group = None if items.group_by is None else str(item.get(items.group_by))
        if holds is False:
            failed = next(c for c in scope.conditions if c.holds is False)
            return ItemTrace(
                index, label, Fraction(0), Fraction(0), ItemOutcome.FAILED_CONDITION, group=group,
                failed_condition=failed.text,
            )  # fmt: skip
        if isinstance(holds, Unknown) or isinstance(amount, Unknown):
            return None
        outcome = ItemOutcome.COUNTED if scope.negative is None else ItemOutcome.COUNTED_NEGATIVE
        formula = formula_of(items.award, self.env) if self.env.explain else None
        return ItemTrace(index, label, amount, scope.raw, outcome, scope.caps, group, formula, negative=scope.negative)

    def _groups_total(self, items: ir.ItemPlan, traces: list[ItemTrace], one_group: Callable[[Value], Value]) -> Value:
        """Within each group the items the quantity limit lets count, summed and capped; the groups added."""
        groups: dict[str | None, list[ItemTrace]] = {}
        for trace in traces:
            if trace.counted:
                groups.setdefault(trace.group, []).append(trace)
        total = Fraction(0)
        for key, members in groups.items():
            chosen = select(members, items.limit)
            if items.limit is not None:
                observe(self.env, "limit", items, len(chosen) < len(members))
                for trace in members:
                    if trace not in chosen:
                        trace.outcome = ItemOutcome.OVER_LIMIT
                        trace.group_by, trace.limit = items.group_by, items.limit
            if items.measure_limit is not None:
                limit = ev(items.measure_limit.limit, self.env)
                if isinstance(limit, Unknown):
                    return limit
                share_measure(chosen, items.measure_limit, limit)
            self._group = key
            try:
                capped = one_group(sum((x.amount for x in chosen), Fraction(0)))
            finally:
                self._group = _NO_GROUP
            if isinstance(capped, Unknown):
                return capped
            total += capped
        return total

    # --- the outcome
    def outcome(self, plan: ir.ClausePlan, eligible: Truth, amount: Callable[[], Value]) -> ClauseResult:
        result = self.result
        if eligible is False:
            failed = next(c for c in result.conditions if c.holds is False)
            result.status, result.reason = INELIGIBLE, FailedCondition(failed.text)
            return result
        self._eligibility_unknown = isinstance(eligible, Unknown)
        value = amount()
        unknown = unknown_of(eligible, value)
        if unknown is not None:
            return self.undetermined(unknown)
        self._record_bound_cap()
        result.amount = value
        if value == 0:
            result.status, result.reason = ZERO, ZeroAmount()
        elif result.bound_cap is not None:
            result.reason = Capped(result.bound_cap, *self._bound_group())
        return result

    def _record_bound_cap(self) -> None:
        """The last clause or group cap that bound; else an item cap that bound on an item that counts."""
        result = self.result
        bound = next((c for c in reversed(result.caps) if c.binds), None)
        if bound is None:
            bound = next((ct for x in result.items if x.counted for ct in x.caps if ct.binds), None)
        if bound is not None:
            result.bound_cap, result.bound_group_key = bound.name, bound.group_key

    def _bound_group(self) -> tuple[str | None, str | None]:
        result = self.result
        if result.bound_group_key is None or self.plan.items is None:
            return None, None
        return self.plan.items.group_by, result.bound_group_key

    def undetermined(self, unknown: Unknown) -> ClauseResult:
        result, env = self.result, self.env
        names = declared_order(env.policy, unknown.params)
        result.status, result.amount = UNDETERMINED, Fraction(0)
        result.waits_for = unknown
        result.unspecified = [(n, env.policy.params[n].note or "") for n in names]
        facts = facts_order(env.policy, unknown.facts)
        ranks = {r.name for r in env.policy.ranks}
        if unknown.clauses:  # through 金额(…): the reason names the clauses it refers to
            cited = tuple(p.citation for p in env.policy.clauses if p.citation in unknown.clauses)
            result.reason = ReferenceUndetermined(cited, tuple(facts), tuple(names))
        elif facts and set(facts) <= ranks:  # only places the population would give: not the case's to supply
            result.reason = NeedsRank(tuple(facts), tuple(names))
        else:
            result.reason = NeedsFacts(tuple(facts), tuple(names)) if facts else Unspecified(tuple(names))
        limits = [ev(cap.limit, env) for cap in self.plan.caps if cap.already_paid is None]
        known = [v for v in limits if not isinstance(v, Unknown)]
        if known:
            result.upper_bound = min(known)
        return result


def select(members: list[ItemTrace], limit: ir.LimitPlan | None) -> list[ItemTrace]:
    """Which items count under a quantity limit: the most favourable, or the first listed."""
    if limit is None or len(members) <= limit.count:
        return members
    return sorted(members, key=LIMIT_ORDERS[limit.order])[: limit.count]


def share_measure(chosen: list[ItemTrace], plan: ir.MeasureLimitPlan, limit: Fraction) -> None:
    """至多 合计 …: each item in order paid for what is left of the measure (ir.MeasureLimitPlan)."""
    left = max(limit, Fraction(0))
    for trace in sorted(chosen, key=MEASURE_ORDERS[plan.order]):
        measure = trace.measure if trace.measure is not None else Fraction(0)
        if measure <= 0:
            continue
        paid = min(measure, left)
        left -= paid
        if paid < measure:
            trace.amount = trace.amount * paid / measure
            trace.measure_paid = paid


def _per_unit(x: ItemTrace) -> tuple[Any, ...]:
    m = x.measure if x.measure is not None else Fraction(0)
    return (0, Fraction(0), x.index) if m <= 0 else (1, -x.amount / m, x.index)


MEASURE_ORDERS: dict[ir.LimitOrder, Callable[[ItemTrace], tuple[Any, ...]]] = {
    ir.LimitOrder.MOST_FAVOURABLE: _per_unit,
    ir.LimitOrder.AS_LISTED: lambda x: (x.index,),
}


LIMIT_ORDERS: dict[ir.LimitOrder, Callable[[ItemTrace], tuple[Any, ...]]] = {
    ir.LimitOrder.MOST_FAVOURABLE: lambda x: (-x.amount, x.index),
    ir.LimitOrder.AS_LISTED: lambda x: (x.index,),
}


def evaluate_clause(plan: ir.ClausePlan, env: Env) -> ClauseResult:
    """One clause on one case (the batch engine's row-by-row fallback calls this too)."""
    backend = ExactClause(plan, env)
    try:
        result = run_clause_pipeline(plan, env.policy.rounding, backend)
    except EvaluationError as err:  # keep the conditions already traced, say why no amount
        result = backend.result
        result.status, result.amount, result.reason = UNDETERMINED, Fraction(0), EvaluationFailed(err)
    result.references = list(env.references.values())
    return result


def evaluate_in_order(
    policy: ir.CompiledPolicy,
    facts: dict[str, Any],
    overrides: dict[str, Any],
    wanted: set[str] | None = None,
    observer: Observer | None = None,
) -> list[ClauseResult]:
    """The wanted clauses (every one when None) on one case, each after the clauses its 金额(…) reads
    (semantics/order.py); those are evaluated too but returned only if wanted. In policy order."""
    done: dict[str, ClauseResult] = {}
    for plan in order.dependency_order(policy, wanted):
        env = Env(policy, facts, overrides)
        env.clauses = done
        env.observer = observer if wanted is None or plan.citation in wanted else None
        done[plan.citation] = evaluate_clause(plan, env)
    return [done[p.citation] for p in policy.clauses if p.citation in done and (wanted is None or p.citation in wanted)]


# ---------------------------------------------------------------------------- the clauses of one case: the Ledger
class ExactLedger:
    """The primitives of semantics/cross.py for one case: truths are plain booleans, and a change
    (`exclude`, `undetermine`, `reduce`) is made where its truth holds, recorded as an event."""

    def __init__(self, policy: ir.CompiledPolicy, results: list[ClauseResult], env: Env) -> None:
        self.policy = policy
        self.by_id = {r.citation: r for r in results}
        self.env = env
        self.events: list[ResultEvent] = []
        self._limits: dict[str, Fraction] = {}
        self._failed: dict[str, EvaluationError] = {}
        self._open_limits: dict[str, tuple[str, ...]] = {}  # a 合计上限 whose limit needs unspecified numbers
        self._noted: set[tuple[str, str]] = set()  # (kind, group): one note per group and rule
        self._paid_at_stage: dict[str, Fraction] = self._paid_now()

    def _paid_now(self) -> dict[str, Fraction]:
        return {c: r.amount for c, r in self.by_id.items() if r.status == PAID}

    def _note_once(self, kind: str, group: str, note: ResultEvent) -> None:
        if (kind, group) not in self._noted:
            self._noted.add((kind, group))
            self.events.append(note)

    # --- reading the outcomes
    def amount(self, citation: str) -> Fraction:
        return self.by_id[citation].amount

    def is_paid(self, citation: str) -> bool:
        return self.by_id[citation].status == PAID

    def is_undetermined(self, citation: str) -> bool:
        return self.by_id[citation].status == UNDETERMINED

    def upper_bound(self, citation: str) -> Fraction | None:
        return self.by_id[citation].upper_bound

    def group_limit(self, group: ir.GroupCapPlan) -> Fraction | None:
        try:
            limit = ev(group.limit, self.env)
        except EvaluationError as err:  # kept, so the members can say why they cannot be paid
            self._failed[group.name] = err
            return None
        if isinstance(limit, Unknown):
            self._open_limits[group.name] = tuple(sorted(limit.params))
            return None
        self._limits[group.name] = limit
        return limit  # type: ignore[no-any-return]

    def limit_failed(self, group: ir.GroupCapPlan) -> None:
        """Called once per 合计上限, just before it is applied: a limit that cannot be computed leaves
        what its paid members get undetermined; a known one is noted (and observed) where it binds."""
        members = [self.by_id[c] for c in group.citations if c in self.by_id]
        error = self._failed.get(group.name)
        if error is not None:
            for r in members:
                if r.status == PAID:
                    r.events.append(GroupCapUnavailable(group.name, error, r.amount))
                    r.status, r.amount, r.reason = UNDETERMINED, Fraction(0), GroupCapFailed(group.name, error)
            self.events.append(GroupCapFailedNote(group.name, error))
            return
        limit = self._limits.get(group.name)
        if limit is None:
            return
        total = sum((r.amount for r in members), Fraction(0))
        observe(self.env, "cap", group, total > limit)
        if total > limit:
            self.events.append(GroupCapExceededNote(group.name, total, limit))

    # --- arithmetic and logic
    def minimum(self, a: Fraction, b: Fraction) -> Fraction:
        return min(a, b)

    def subtract(self, a: Fraction, b: Fraction) -> Fraction:
        return a - b

    def total(self, values: Sequence[Fraction]) -> Fraction:
        return sum(values, Fraction(0))

    def greater(self, a: Fraction, b: Fraction) -> bool:
        return a > b

    def both(self, a: bool, b: bool) -> bool:
        return a and b

    def either(self, a: bool, b: bool) -> bool:
        return a or b

    def negate(self, a: bool) -> bool:
        return not a

    def truth(self, value: bool) -> bool:
        return value

    def choose(self, holds: bool, then: Fraction, otherwise: Fraction) -> Fraction:
        return then if holds else otherwise

    def highest_paid(self, citations: Sequence[str]) -> Fraction:
        paid = [self.by_id[c].amount for c in citations if self.by_id[c].status == PAID]
        return max(paid) if paid else Fraction(-1)

    def choice(self, group: ir.ChoicePlan | ir.OtherFundsPlan) -> str | None:
        value = self.env.overrides.get(group.name)
        return None if value is None else str(value)

    # --- changing the outcomes
    def exclude(self, citation: str, where: bool, group: ir.ExclusivePlan, kept: Sequence[tuple[bool, str]]) -> None:
        r = self.by_id[citation]
        if not where or r.status == EXCLUDED:  # a clause in two groups is excluded once, by the first
            return
        if isinstance(group, ir.ChoicePlan):
            instead = next(c for holds, c in kept if holds)
            r.events.append(NotDoubled(group.name, instead, (), r.amount))
            r.status, r.amount, r.reason = EXCLUDED, Fraction(0), ChoiceKept(group.name, instead)
            return
        if not kept:  # not determinable, and its known maximum cannot beat a determined member
            assert r.upper_bound is not None
            r.status, r.reason = EXCLUDED, BoundTooLow(group.name, r.upper_bound)
            return
        paid_instead = next(c for holds, c in kept if holds)
        self._note_once(
            "kept", group.name, ExclusiveKeptNote(group.name, paid_instead, self._not_highest(group, paid_instead))
        )
        r.events.append(ExcludedFor(group.name, paid_instead, r.amount))
        r.status, r.amount, r.reason = EXCLUDED, Fraction(0), KeptOther(group.name, paid_instead)

    def _not_highest(self, group: ir.ExclusivePlan, kept: str) -> bool:
        """Whether the member kept is not the highest paid one (a tie goes to the first listed)."""
        paid = [(self._paid_at_stage[c], -i, c) for i, c in enumerate(group.citations) if c in self._paid_at_stage]
        return bool(paid) and max(paid)[2] != kept

    def undetermine(
        self, citation: str, where: bool, group: ir.ExclusivePlan | ir.GroupCapPlan, rivals: Sequence[tuple[bool, str]]
    ) -> None:
        if not where:
            return
        r = self.by_id[citation]
        names = tuple(c for holds, c in rivals if holds)
        if isinstance(group, ir.ChoicePlan):  # which member is kept the text does not say
            r.events.append(NotDoubled(group.name, None, names, r.amount))
            if r.upper_bound is None or r.upper_bound > r.amount:
                r.upper_bound = r.amount
            r.status, r.amount, r.reason = UNDETERMINED, Fraction(0), ChoiceOpen(group.name, names)
            return
        if isinstance(group, ir.OtherFundsPlan):
            if r.upper_bound is None or r.upper_bound > r.amount:
                r.upper_bound = r.amount
            r.status, r.amount, r.reason = UNDETERMINED, Fraction(0), OtherFundsOpen(group.name)
            return
        if isinstance(group, ir.GroupCapPlan) and not rivals and group.name in self._open_limits:
            if r.upper_bound is None or r.upper_bound > r.amount:
                r.upper_bound = r.amount  # the limit can only lower it
            reason = GroupCapLimitOpen(group.name, self._open_limits[group.name])
            r.status, r.amount, r.reason = UNDETERMINED, Fraction(0), reason
            return
        if isinstance(group, ir.GroupCapPlan) and rivals and self._limit_unknown(group):
            # 取高不重复: which member is kept depends on this 合计上限's unknown limit (semantics/cross.py)
            if r.upper_bound is None or r.upper_bound > r.amount:
                r.upper_bound = r.amount
            exclusive = next(
                g.name for g in self.policy.exclusive if citation in g.citations and set(names) <= set(g.citations)
            )
            params = self._open_limits.get(group.name, ())
            r.status, r.amount = UNDETERMINED, Fraction(0)
            r.reason = ExclusiveLimitOpen(exclusive, group.name, params, names)
            return
        if isinstance(group, ir.GroupCapPlan):  # what it gets depends on what those before take up
            r.events.append(UndeterminedByShare(group.name, names, r.amount))
            if r.upper_bound is None or r.upper_bound > r.amount:
                r.upper_bound = r.amount
            r.status, r.amount, r.reason = UNDETERMINED, Fraction(0), GroupCapShared(group.name, names)
            return
        self._note_once("rivals", group.name, RivalsUndeterminedNote(group.name, names))
        r.events.append(UndeterminedByRivals(group.name, names, r.amount))
        r.status, r.amount, r.reason = UNDETERMINED, Fraction(0), RivalUndetermined(group.name, names)

    def _limit_unknown(self, group: ir.GroupCapPlan) -> bool:
        return group.name in self._open_limits or group.name in self._failed

    def reduce(self, citation: str, to: Fraction, where: bool, group: ir.GroupCapPlan, limit: Fraction) -> None:
        if not where:
            return
        r = self.by_id[citation]
        if isinstance(group, ir.OtherFundsPlan):
            r.events.append(OtherFundsReduced(group.name, limit, r.amount, to))
            reading = None if group.reading is None else group.reading.value
            r.amount, r.reason = to, OtherFundsApplied(group.name, limit, reading)
            if to == 0:
                r.status = ZERO
            return
        r.events.append(GroupCapReduced(group.name, limit, r.amount, to))
        r.bound_cap, r.bound_group_key, r.reason = group.name, None, Capped(group.name)
        r.amount = to
        if to == 0:
            r.status, r.reason = ZERO, GroupCapUsedUp(group.name)

    def stage(self) -> None:
        self._paid_at_stage = self._paid_now()


# ---------------------------------------------------------------------------- a whole case
def evaluate(
    policy: ir.CompiledPolicy,
    facts: dict[str, Any],
    overrides: dict[str, Any] | None = None,
    only: Iterable[str] | None = None,
    observer: Observer | None = None,
) -> Result:
    """Evaluate every clause (or those in `only`) on one case's facts; exact to the fen.
    `observer` (for coverage) is told each condition, tier row, cap and limit outcome. A result that
    is the same for every value an unspecified number can take is decided (semantics/decide.py)."""
    overrides = dict(overrides or {})
    result = _evaluate(policy, facts, overrides, only, observer)
    result = decide.settle(policy, result, overrides, lambda values: _evaluate(policy, facts, overrides | values, only))
    if only is not None:  # once, on the decided result: not on every combination decide tries
        note_memberships(policy, facts, overrides, result.clauses)
    return result


def _evaluate(
    policy: ir.CompiledPolicy,
    facts: dict[str, Any],
    overrides: dict[str, Any],
    only: Iterable[str] | None = None,
    observer: Observer | None = None,
) -> Result:
    wanted = None if only is None else {getattr(policy.clause(c), "citation", c) for c in only}  # 五（三）1 = 五(三)1
    results = evaluate_in_order(policy, facts, overrides, wanted, observer)
    for r in results:
        r.before_rules = r.amount
        r.assumed = [
            (n, _shown(policy, n, v)) for n, v in overrides.items() if n in _read_names(policy.clause(r.citation))
        ]
    env = Env(policy, facts, overrides)
    env.observer = observer
    ledger = ExactLedger(policy, results, env)
    apply_cross_clause_rules(policy, [r.citation for r in results], ledger)
    total = sum((r.amount for r in results), Fraction(0))
    determinable = all(r.status != UNDETERMINED for r in results)
    assumed = [(n, _shown(policy, n, v)) for n, v in overrides.items()]
    return Result(policy, results, total, determinable, assumed, ledger.events)


def referenced_results(
    policy: ir.CompiledPolicy, e: ir.Expr, facts: dict[str, Any], overrides: dict[str, Any]
) -> dict[str, ClauseResult]:
    """The clauses an expression's 金额(…) read, evaluated on the case: what `Env.clauses` must hold to
    evaluate the expression outside its clause (check's confirmation of one row or condition)."""
    cited = {c for n in e.walk() if isinstance(n, ir.ClauseAmount) for c in n.clauses}
    if not cited:
        return {}
    return {r.citation: r for r in evaluate_in_order(policy, facts, overrides, cited)}


def note_memberships(
    policy: ir.CompiledPolicy, facts: dict[str, Any], overrides: dict[str, Any], results: list[ClauseResult]
) -> None:
    """Some clauses evaluated on their own: each one a cross-clause rule ties to others says so, with
    what the evaluation of every clause of the same case gives it (adding up separate runs would
    overstate, or pay both of two members only one of which is paid)."""
    groups = [(GroupKind.NO_DOUBLE, g.name, g.citations) for g in policy.choices]
    groups += [(GroupKind.EXCLUSIVE, g.name, g.citations) for g in policy.exclusive]
    groups += [(GroupKind.OTHER_FUNDS, g.name, g.citations) for g in policy.other_funds]
    groups += [(GroupKind.GROUP_CAP, g.name, g.citations) for g in policy.group_caps]
    full: Result | None = None
    for r in results:
        if r.status == INELIGIBLE:  # its own conditions fail: no other clause changes that
            continue
        r.memberships = [Membership(kind, name, tuple(cites)) for kind, name, cites in groups if r.citation in cites]
        if r.memberships:
            full = full or evaluate(policy, facts, overrides)
            whole = full.clause(r.citation)
            assert whole is not None
            r.full = FullOutcome(whole.status, whole.amount, whole.reason)


def _read_names(plan: ir.ClausePlan | None) -> set[str]:
    return set() if plan is None else set(plan.inputs) | set(plan.unspecified) | _params_read(plan)


def _params_read(plan: ir.ClausePlan) -> set[str]:
    return {n.name for e in plan.expressions() for n in e.walk() if isinstance(n, ir.Param)}


def _shown(policy: ir.CompiledPolicy, name: str, value: Any) -> str:
    t = policy.params[name].type if name in policy.params else policy.facts[name].type
    return value_text(value, t)


__all__ = [
    "EXCLUDED",
    "EXPRESSIONS",
    "INELIGIBLE",
    "PAID",
    "UNDETERMINED",
    "UNSUPPORTED",
    "UNSUPPORTED_STEPS",
    "ZERO",
    "ClauseReference",
    "ClauseResult",
    "Env",
    "EvaluationError",
    "ExactClause",
    "ExactLedger",
    "FullOutcome",
    "GroupKind",
    "Membership",
    "NeedsFacts",
    "NeedsRank",
    "ReferenceUndetermined",
    "Result",
    "Status",
    "Unknown",
    "ev",
    "evaluate",
    "evaluate_clause",
    "evaluate_in_order",
    "round_amount",
]
