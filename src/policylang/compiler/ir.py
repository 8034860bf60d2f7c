"""The compiled form: typed expressions with every name resolved, and a plan per clause.

This is what evaluators run. It holds no syntax, only meaning, so the same compiled policy can
be evaluated for one case (backends/exact.py, exact rationals, with a trace) or for a whole population
column by column (a later backend). Each node keeps the span it came from, for explanations.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import field
from fractions import Fraction
from typing import Union

from policylang.errors import Span
from policylang.frontend.bounds import BoundaryChoice
from policylang.frontend.units import Type
from policylang.record import Record, record

Value = Union[Fraction, bool, str, "object"]


# ---------------------------------------------------------------------------- vocabularies
# Each value is the word the IR used before these enums (so `op == "×"` elsewhere keeps working);
# backends dispatch through tables keyed by the members, and machine output uses `identifier`.
class Vocabulary(str, enum.Enum):
    """A closed vocabulary of the IR: a member's value is how the policy text (or the IR) says it.
    A member is its value wherever a string is expected: compared, hashed, formatted, printed."""

    def __str__(self) -> str:
        return str.__str__(self)

    def __format__(self, spec: str) -> str:
        return str.__format__(self, spec)

    @property
    def identifier(self) -> str:
        """The English identifier used in machine output (JSON, SARIF properties)."""
        return str(self.name.lower())


class ArithOp(Vocabulary):
    ADD = "+"
    SUBTRACT = "-"
    MULTIPLY = "×"
    DIVIDE = "÷"


class CmpOp(Vocabulary):
    GREATER = ">"
    GREATER_EQUAL = ">="
    LESS = "<"
    LESS_EQUAL = "<="
    EQUAL = "=="
    NOT_EQUAL = "!="


class LogicOp(Vocabulary):
    AND = "且"
    OR = "或"


class ExtremeOp(Vocabulary):
    MIN = "min"
    MAX = "max"


class AggregateOp(Vocabulary):
    SUM = "sum"
    COUNT = "count"


class CapScope(Vocabulary):
    PER_ITEM = "每项"
    PER_GROUP = "每组"
    CLAUSE = "条款"
    CUMULATIVE = "累计"


class LimitOrder(Vocabulary):
    MOST_FAVOURABLE = "最有利"
    AS_LISTED = "申报顺序"


class RoundingMode(Vocabulary):
    HALF_UP = "四舍五入"
    DOWN = "舍去"
    UP = "进一"
    HALF_EVEN = "银行家舍入"


class Unit(Vocabulary):
    FEN = "分"
    JIAO = "角"
    YUAN = "元"

    @property
    def quantum(self) -> Fraction:
        return _QUANTA[self]


_QUANTA = {Unit.FEN: Fraction(1, 100), Unit.JIAO: Fraction(1, 10), Unit.YUAN: Fraction(1)}


class Status(Vocabulary):
    """What a clause's result is; the values are already the English identifiers of the JSON."""

    PAID = "paid"
    INELIGIBLE = "ineligible"
    UNDETERMINED = "undetermined"
    EXCLUDED = "excluded"
    ZERO = "zero"


@record
class Expr(Record):
    type: Type
    span: Span | None = field(compare=False, repr=False, kw_only=True)

    def children(self) -> tuple[Expr, ...]:
        return ()

    def walk(self) -> Iterator[Expr]:
        yield self
        for c in self.children():
            yield from c.walk()


@record
class Const(Expr):
    value: object
    text: str


@record
class Input(Expr):
    """An enterprise fact from the case."""

    name: str


@record
class Param(Expr):
    """A policy parameter; `unspecified` when the text gives no number (needs --set)."""

    name: str
    unspecified: bool


@record
class Field(Expr):
    """A field of the current item, inside 逐项 or an aggregate."""

    items: str
    name: str


@record
class Derived(Expr):
    """A named intermediate value (定义), kept by name so explanations can show it."""

    name: str
    expr: Expr

    def children(self) -> tuple[Expr, ...]:
        return (self.expr,)


@record
class Arith(Expr):
    op: ArithOp
    left: Expr
    right: Expr

    def children(self) -> tuple[Expr, ...]:
        return (self.left, self.right)


@record
class Cmp(Expr):
    """left op right, with op one of > >= < <= == !=; `word` is how the text said it."""

    op: CmpOp
    left: Expr
    right: Expr
    word: str
    contradictory: bool = False  # the verb and the boundary mark disagree (超过 … (含))

    def children(self) -> tuple[Expr, ...]:
        return (self.left, self.right)


@record
class Logic(Expr):
    op: LogicOp
    left: Expr
    right: Expr

    def children(self) -> tuple[Expr, ...]:
        return (self.left, self.right)


@record
class Negate(Expr):
    operand: Expr

    def children(self) -> tuple[Expr, ...]:
        return (self.operand,)


@record
class Choose(Expr):
    condition: Expr
    then: Expr
    otherwise: Expr

    def children(self) -> tuple[Expr, ...]:
        return (self.condition, self.then, self.otherwise)


@record
class TierRow(Record):
    condition: Expr | None
    amount: Expr  # with the row's own cap already applied: min(raw, cap_limit)
    span: Span | None = field(compare=False, repr=False)
    cap_name: str | None = None  # the row's own cap (档 … : 表达式 上限 "最高30万元" 30万元)
    cap_limit: Expr | None = None
    raw: Expr | None = None  # the row's amount before its cap (None: the row has no cap)


@record
class Tiered(Expr):
    """Brackets: the first row whose condition holds pays; none holding pays 0."""

    rows: tuple[TierRow, ...]

    def children(self) -> tuple[Expr, ...]:
        out: list[Expr] = []
        for r in self.rows:
            if r.condition is not None:
                out.append(r.condition)
            out.append(r.amount)
        return tuple(out)


@record
class StepAward(Expr):
    """amount × ⌊base ÷ step⌋: paid per full step only."""

    base: Expr
    step: Expr
    amount: Expr

    def children(self) -> tuple[Expr, ...]:
        return (self.base, self.step, self.amount)


@record
class Extreme(Expr):
    op: ExtremeOp
    args: tuple[Expr, ...]

    def children(self) -> tuple[Expr, ...]:
        return self.args


@record
class Aggregate(Expr):
    op: AggregateOp
    items: str
    expr: Expr | None  # per-item amount (sum) or condition (count)

    def children(self) -> tuple[Expr, ...]:
        return () if self.expr is None else (self.expr,)


@record
class Lookup(Expr):
    """A dated table's value on a date: the last row dated on or before it."""

    table: str
    key: Expr

    def children(self) -> tuple[Expr, ...]:
        return (self.key,)


@record
class DaysBetween(Expr):
    start: Expr
    end: Expr

    def children(self) -> tuple[Expr, ...]:
        return (self.start, self.end)


@record
class ClauseAmount(Expr):
    """金额(一2): what other clauses pay — their own result (conditions, award, caps, rounded once),
    0 where ineligible, unknown where not determinable. `citation` as written; `clauses` the clauses it
    names (the clause itself, or every sub-clause under it: 金额(三(二)1) is 三(二)1.零售 + 三(二)1.物流),
    added up. The compiler refuses a cycle (C060) and a clause a cross-clause rule can change (C061), so
    a clause's own result is what it is finally paid; every backend evaluates the named clauses first
    (semantics/order.py)."""

    citation: str
    clauses: tuple[str, ...]


# ---------------------------------------------------------------------------- plans
@record
class CapPlan(Record):
    name: str
    limit: Expr
    scope: CapScope
    span: Span | None = field(compare=False, repr=False)
    already_paid: Expr | None = None  # cumulative caps: what history says was paid before
    # a tier row's own cap: whether that row is the one paying. Elsewhere the limit is the amount itself,
    # so the cap never binds there; the exact backend's trace leaves it out (values do not depend on it).
    applies: Expr | None = None


@record
class ConditionPlan(Record):
    expr: Expr
    text: str  # the condition as the drafter wrote it
    span: Span | None = field(compare=False, repr=False)


@record
class LimitPlan(Record):
    count: int
    order: LimitOrder
    text: str


@record
class MeasureLimitPlan(Record):
    """至多 合计 measure limit 取 order: within a group, the items are paid for at most `limit` of
    `measure` (an expression on the item) in all. Items are taken in `order` — 最有利: the most paid
    per unit of the measure first (an item measuring 0 first of all), ties in listed order; 申报顺序:
    as listed — each paid in full while the measure left covers it, the one that crosses the limit
    the share (left ÷ its measure) of its amount, the rest nothing."""

    measure: Expr
    limit: Expr
    order: LimitOrder
    text: str


@record
class ItemPlan(Record):
    """逐项: an award per item of a list fact, item caps, grouping, quantity limits, group caps."""

    items: str
    conditions: tuple[ConditionPlan, ...]
    award: Expr
    award_text: str
    caps: tuple[CapPlan, ...]
    group_by: str | None
    limit: LimitPlan | None
    group_caps: tuple[CapPlan, ...]
    measure_limit: MeasureLimitPlan | None = None


@record
class ClausePlan(Record):
    citation: str
    title: str
    quote: str | None
    readings: tuple[str, ...]
    conditions: tuple[ConditionPlan, ...]
    award: Expr | None
    award_text: str
    items: ItemPlan | None
    caps: tuple[CapPlan, ...]
    inputs: frozenset[str]  # facts this clause reads
    unspecified: frozenset[str]  # unspecified parameters it needs
    span: Span | None = field(compare=False, repr=False)
    reads: tuple[str, ...] = ()  # the clauses whose amount (金额(…)) it reads, each once (semantics/order.py)

    def expressions(self) -> list[Expr]:
        """Every expression the clause evaluates: conditions, award, items, caps and history facts."""
        exprs = [c.expr for c in self.conditions] + [c.limit for c in self.caps]
        exprs += [c.already_paid for c in self.caps if c.already_paid is not None]
        if self.award is not None:
            exprs.append(self.award)
        if self.items is not None:
            exprs += [c.expr for c in self.items.conditions] + [self.items.award]
            exprs += [c.limit for c in self.items.caps + self.items.group_caps]
            if self.items.measure_limit is not None:
                exprs += [self.items.measure_limit.measure, self.items.measure_limit.limit]
        return exprs


@record
class FactInfo(Record):
    name: str
    type: Type
    description: str | None
    default: object  # a value, or MISSING
    span: Span | None = field(compare=False, repr=False)
    field_defaults: tuple[tuple[str, object], ...] = ()
    range: tuple[Fraction, Fraction] | None = None  # 取值 lo 至 hi, both included


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"

    def __reduce__(self) -> str:  # unpickles as the module's one MISSING, so `is MISSING` holds
        return "MISSING"


MISSING = _Missing()


@record
class ParamInfo(Record):
    name: str
    type: Type
    value: object  # None when unspecified
    note: str | None
    span: Span | None = field(compare=False, repr=False)
    range: tuple[Fraction, Fraction] | None = None  # 取值 lo 至 hi: the values the text allows
    # Not declared but implied (语言版本 2): which reading of contradictory boundary words holds
    boundary: BoundaryChoice | None = None

    @property
    def unspecified(self) -> bool:
        return self.value is None


@record
class TermPiece(Record):
    """A stretch of terms inside one band of every dated row of a table keyed by date and term
    (compiler/term_tables.py): the bands of all rows cut the terms into these pieces, and each piece
    is a one-key dated table (`table`), so a lookup is the piece's row on or before the date."""

    high: Fraction | None  # the piece's upper edge (None: no upper edge, the last piece)
    high_inclusive: bool  # whether a term equal to `high` is in this piece
    table: str  # the one-key table made for this piece
    text: str  # the piece as a band is written: 12个月(不含) 至 36个月(含)
    span: Span | None = field(compare=False, repr=False)  # the written band it comes from
    outside: bool = False  # terms in no band: `table` is the one looked up by the term, which says so


@record
class TermCoverage(Record):
    """The terms every row's bands cover, where they stop short (a text with no 以上 band): a term
    outside them is looked up in a table with this `outside`, which says so instead of a value."""

    low: Fraction | None  # None: no lower end (the first band is 以下)
    low_inclusive: bool
    high: Fraction | None  # None: no upper end (the last band is 以上)
    high_inclusive: bool
    text: str  # the covered terms as a band is written: 12个月(含)以下 … 60个月(含) → 60个月(含)以下
    term: Type  # the term's type (数量(月))
    unit: str  # the word written after a term in the reason: 个月 for 月


@record
class TableInfo(Record):
    name: str
    type: Type
    rows: tuple[tuple[object, object], ...]  # (date, value), sorted by date; keyed by term: (date, ((band, value), …))
    note: str | None
    until: object = None  # 截至: the last date the data covers (a date), None when the table does not say
    term: Type | None = None  # keyed by date and term: the term's type (数量(月)); None for a one-key table
    pieces: tuple[TermPiece, ...] = ()  # keyed by term: its pieces, ascending
    derived_from: str | None = None  # a piece's one-key table: the table keyed by term it was made from
    outside: TermCoverage | None = None  # the piece of terms in no band: its lookup is keyed by the term


@record
class ExclusivePlan(Record):
    name: str
    citations: tuple[str, ...]
    span: Span | None = field(compare=False, repr=False)


@record
class ChoicePlan(ExclusivePlan):
    """不重复享受: only one member is paid and the text does not say which. The choice is the
    unspecified parameter named `name` (之一 of the members): given (--set, or decide enumerating
    it), the member it names is kept where it is paid; not given, two members that could be paid
    leave each other not determinable."""


@record
class GroupCapPlan(Record):
    name: str
    limit: Expr
    citations: tuple[str, ...]
    span: Span | None = field(compare=False, repr=False)


class FundsReading(Vocabulary):
    """How 就高不重复 against other funds reads: the words a policy declares."""

    DIFFERENCE = "补差额"  # the higher is paid in all: this clause pays what the other funds did not
    ONLY_IF_HIGHER = "高于才给"  # paid in full where it is higher than the other award, else nothing


@record
class OtherFundsPlan(GroupCapPlan):
    """就高不重复 against other funds: `limit` is what the project received elsewhere (the history
    fact); the members pay, taken up in listed order, by `reading`; None: the text does not say (an
    unspecified choice named `name`, 之一 of the two readings)."""

    reading: FundsReading | None = None


class TieRule(Vocabulary):
    """How a 名次 places enterprises whose keys are equal: the words a policy declares."""

    SHARED = "同名次"  # they share the better place; the next place is skipped (1, 2, 2, 4)
    BY_KEY = "按"  # a second key decides; still equal on both: as UNSPECIFIED
    UNSPECIFIED = "未规定"  # the text does not say: a place that differs between orders is not determinable


@record
class RankPlan(Record):
    """名次: an enterprise's place among the enterprises in `scope`, by `key` (a numeric fact). To eval
    the place is a fact (`name`, 数, 1..N) the case gives; batch computes it over the population
    first (tools/batch/ranks.py), so every backend reads a plain fact."""

    name: str
    key: str
    descending: bool  # 从高到低
    scope: Expr | None  # 范围: only these rows are placed; None: every row
    scope_text: str
    tie: TieRule
    tie_key: str | None
    tie_descending: bool
    note: str | None  # 并列 未规定 "…"
    span: Span | None = field(compare=False, repr=False)


@record
class Rounding(Record):
    mode: RoundingMode
    unit: Unit

    @property
    def quantum(self) -> Fraction:
        return self.unit.quantum

    def describe(self) -> str:
        return f"{self.mode}到{self.unit}"


@record
class Fund(Record):
    name: str
    amount: Fraction
    note: str | None


@record
class CompiledPolicy(Record):
    title: str
    doc_number: str | None
    issuer: str | None
    year: int | str | None
    effective: tuple[str, str] | None
    currency: str
    rounding: Rounding
    funds: tuple[Fund, ...]
    facts: dict[str, FactInfo]
    params: dict[str, ParamInfo]
    tables: dict[str, TableInfo]
    clauses: tuple[ClausePlan, ...]
    exclusive: tuple[ExclusivePlan, ...]
    group_caps: tuple[GroupCapPlan, ...]
    source_name: str = ""
    choices: tuple[ChoicePlan, ...] = ()  # 不重复享受, applied before 取高不重复
    other_funds: tuple[OtherFundsPlan, ...] = ()  # 就高不重复 against other funds, after 取高不重复
    ranks: tuple[RankPlan, ...] = ()  # 名次: places within the population (facts to eval, computed by batch)
    language_version: int = 1  # 语言版本 (frontend/bounds.py): how contradictory boundary words read

    def clause(self, citation: str) -> ClausePlan | None:
        from policylang.frontend.units import citation_key

        key = citation_key(citation)  # 五（三）1 finds 五(三)1
        for c in self.clauses:
            if citation_key(c.citation) == key:
                return c
        return None

    def select(self, citation: str) -> list[ClausePlan]:
        """The clauses a citation names, in policy order: the clause itself, else its sub-clauses
        (三(二)1 → 三(二)1.零售, 三(二)1.物流); none when it names no clause."""
        from policylang.frontend.units import cites_within

        found = self.clause(citation)
        if found is not None:
            return [found]
        return [c for c in self.clauses if cites_within(citation, c.citation)]
