"""Compile `ir` expressions to polars expressions over integer columns, exactly.

Every number is an integer column `expr` with a static positive `scale` (a Fraction): the value
is `expr × scale`. A money column in 元 has scale 1, one in 分 scale 1/100; `2% × 进口额` is the
same integer column with scale 1/50, so multiplying by a rate costs nothing and stays exact.
Sums and comparisons first bring both sides to a common scale (the gcd of the two scales).

Overflow cannot happen silently: every integer carries bounds [lo, hi] computed from the data's
own minimum and maximum, an operation whose result could leave Int64 is done in Int128, and one
that could leave Int128 raises `Unsupported` — as does any construct whose exact value has no
static scale (a division by a column). The caller then takes the exact row-by-row path for that
clause; nothing is ever computed in floating point.

Values the text leaves unspecified are polars nulls: arithmetic propagates them and `且`/`或`
follow Kleene logic, exactly like `backends.exact.Unknown` (`否 且 未知` is 否). A row where
`evaluate` would raise `EvaluationError` (a date before every table row, a step ≤ 0) is marked
by a boolean `err` expression that follows the evaluator's short-circuits.

The semantics primitives (semantics/backend.py) over a population: `ColumnarClauses` is the
ClauseBackend (V = Num, B = Flag, O = ClauseOutput) that semantics/clause.py drives, and
`ColumnarLedger` the Ledger over the staged clause columns that semantics/cross.py drives. Every
dispatch is a table: `EXPRESSIONS` / `UNSUPPORTED` by IR node type (kept total by
tests/test_backends_complete_columnar.py), `ARITH`, `COMPARE`, `LOGIC_STOPS_AT`, `EXTREMES` and
`ROUNDING` by the IR's words; a word missing from a table is refused, never handled some other way.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import operator
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from functools import reduce
from typing import Any

import polars as pl

from policylang.backends.exact import EXCLUDED, INELIGIBLE, PAID, UNDETERMINED, ZERO, round_amount
from policylang.compiler import ir
from policylang.errors import Diagnostic, PolicyError
from policylang.frontend.units import Bool, Date, Enum, Text
from policylang.report.i18n import t

I64 = 2**63 - 1
I128 = 2**127 - 1


class Unsupported(Exception):
    """This expression cannot be computed exactly column by column; the reason is for the drafter."""


# ---------------------------------------------------------------------------- values
@dataclass(frozen=True, eq=False)
class Num:
    """An exact number per row: `expr × scale`, or the constant `const` (then `expr` is None)."""

    expr: pl.Expr | None
    scale: Fraction = Fraction(1)
    lo: int = 0
    hi: int = 0
    wide: bool = False  # expr is Int128
    nullable: bool = False  # some rows may be unknown (null)
    err: pl.Expr | None = None  # True where evaluate would raise
    const: Fraction | None = None

    @property
    def is_const(self) -> bool:
        return self.expr is None

    @property
    def unknown(self) -> bool:
        """Unknown on every row (an unspecified parameter)."""
        return self.expr is None and self.const is None

    @property
    def column(self) -> pl.Expr:
        """The integer column (for a value known not to be a constant)."""
        assert self.expr is not None
        return self.expr


@dataclass(frozen=True, eq=False)
class Flag:
    """A condition per row: a Boolean column (null = not determinable), or the constant `const`."""

    expr: pl.Expr | None
    const: bool | None = None
    nullable: bool = False
    err: pl.Expr | None = None

    @property
    def is_const(self) -> bool:
        return self.expr is None

    @property
    def unknown(self) -> bool:
        return self.expr is None and self.const is None

    @property
    def known(self) -> pl.Expr:
        """The Boolean column (for a truth known not to be a constant)."""
        assert self.expr is not None
        return self.expr

    def column(self) -> pl.Expr:
        if self.expr is not None:
            return self.expr
        return pl.lit(self.const, dtype=pl.Boolean)


@dataclass(frozen=True, eq=False)
class Other:
    """A date, text or choice per row, or the constant `const` (`is_const`)."""

    expr: pl.Expr | None
    const: object = None
    is_const: bool = False
    nullable: bool = False
    err: pl.Expr | None = None
    lo: int = 0  # for dates: bounds of the ordinal
    hi: int = 0

    @property
    def unknown(self) -> bool:
        return self.expr is None and not self.is_const

    def column(self, dtype: pl.DataType | None = None) -> pl.Expr:
        if self.expr is not None:
            return self.expr
        return pl.lit(self.const, dtype=dtype)


Value = Num | Flag | Other

UNKNOWN_NUM = Num(None, nullable=True)
UNKNOWN_FLAG = Flag(None, nullable=True)
UNKNOWN_OTHER = Other(None, nullable=True)


def limit_subject(group: ir.GroupCapPlan) -> str:
    """What group_limit reads, in words: a 合计上限's amount, or what a 就高不重复 compares with."""
    kind = "other_funds" if isinstance(group, ir.OtherFundsPlan) else "group_cap"
    return t(f"batch.limit_of.{kind}", name=group.name)


def const_num(value: Fraction | int) -> Num:
    v = Fraction(value)
    return Num(None, const=v, lo=0, hi=0)


def any_err(*errs: pl.Expr | None) -> pl.Expr | None:
    found = [e for e in errs if e is not None]
    if not found:
        return None
    return reduce(lambda a, b: a | b, found)


def when_err(guard: pl.Expr | None, err: pl.Expr | None) -> pl.Expr | None:
    """`err` counted only where `guard` holds (the evaluator reached that branch)."""
    if err is None:
        return None
    return err if guard is None else guard & err


# ---------------------------------------------------------------------------- integers
_INT_LITS: dict[int, pl.Expr] = {}  # an expression is immutable: one literal per integer, built once


def lit_int(v: int) -> pl.Expr:
    found = _INT_LITS.get(v)
    if found is None:
        if abs(v) > I128:
            raise Unsupported(t("batch.unsupported.int128_constant", value=v))
        found = pl.lit(v, dtype=pl.Int64 if abs(v) <= I64 else pl.Int128)
        if len(_INT_LITS) < 4096:  # the policies' own constants; a run of data-made ones is not kept
            _INT_LITS[v] = found
    return found


def fgcd(a: Fraction, b: Fraction) -> Fraction:
    """The largest g with a/g and b/g both integers (for positive a, b)."""
    return Fraction(math.gcd(a.numerator * b.denominator, b.numerator * a.denominator), a.denominator * b.denominator)


def common_scale(values: list[Num]) -> Fraction:
    """A scale at which every value (column or constant) is an integer."""
    g: Fraction | None = None
    for v in values:
        s = v.scale if not v.is_const else abs(v.const)  # type: ignore[arg-type]
        if s == 0 or s == g:  # the usual case (every amount in 分): gcd(g, g) is g
            continue
        g = s if g is None else fgcd(g, s)
    return g if g is not None else Fraction(1)


def need_width(lo: int, hi: int) -> bool:
    """True if [lo, hi] needs Int128; raises Unsupported beyond Int128."""
    m = max(abs(lo), abs(hi))
    if m > I128:
        raise Unsupported(t("batch.unsupported.int128"))
    return m > I64


def widen(expr: pl.Expr, wide: bool, to_wide: bool) -> pl.Expr:
    return expr.cast(pl.Int128) if to_wide and not wide else expr


@dataclass
class Ints:
    """A value at a chosen scale: an integer expression with bounds."""

    expr: pl.Expr
    lo: int
    hi: int
    wide: bool
    const: int | None = None


def at_scale(v: Num, g: Fraction) -> Ints:
    if v.is_const:
        k = v.const / g  # type: ignore[operator]
        assert k.denominator == 1, (v.const, g)
        n = int(k)
        return Ints(lit_int(n), n, n, abs(n) > I64, n)
    if v.scale == g:  # already at that scale (the usual case: 分 with 分)
        return Ints(v.column, v.lo, v.hi, v.wide)
    m = v.scale / g
    assert m.denominator == 1 and m > 0, (v.scale, g)
    k = int(m)
    if k == 1:
        return Ints(v.column, v.lo, v.hi, v.wide)
    lo, hi = v.lo * k, v.hi * k
    wide = need_width(lo, hi) or v.wide
    return Ints(widen(v.column, v.wide, wide) * lit_int(k), lo, hi, wide)


def align(values: list[Num]) -> tuple[Fraction, list[Ints]]:
    g = common_scale(values)
    return g, [at_scale(v, g) for v in values]


def _widen_all(parts: list[Ints], wide: bool) -> list[pl.Expr]:
    return [widen(p.expr, p.wide, wide) for p in parts]


# ---------------------------------------------------------------------------- the compiler
Resolver = Callable[[str], Value]


@dataclass
class Scope:
    """Where names come from: the population's columns, the current item's fields, precomputed aggregates."""

    policy: ir.CompiledPolicy
    overrides: dict[str, Any]
    inputs: Resolver  # fact name → value
    fields: Resolver | None = None  # field name → value (inside 逐项 or an aggregate)
    aggregates: dict[ir.Aggregate, Num] = field(default_factory=dict)
    clauses: dict[str, ClauseOutput] = field(default_factory=dict)  # computed before: what 金额(…) reads


class Compiler:
    """IR expression → Num / Flag / Other, memoised so a shared subexpression is built once."""

    def __init__(self, scope: Scope):
        self.scope = scope
        self.memo: dict[int, tuple[ir.Expr, Value]] = {}  # by identity: hashing a tree each time costs more

    # ------------------------------------------------------------------ dispatch
    def value(self, e: ir.Expr) -> Value:
        found = self.memo.get(id(e))
        if found is None:
            found = self.memo[id(e)] = (e, self._value(e))  # keeps e alive, so its id stays its own
        return found[1]

    def num(self, e: ir.Expr) -> Num:
        v = self.value(e)
        if not isinstance(v, Num):
            raise Unsupported(
                t("batch.unsupported.not_number", text=_text(e))
            )  # pragma: no cover - the type checker forbids it
        return v

    def flag(self, e: ir.Expr) -> Flag:
        v = self.value(e)
        if not isinstance(v, Flag):
            raise Unsupported(t("batch.unsupported.not_condition", text=_text(e)))  # pragma: no cover
        return v

    def _value(self, e: ir.Expr) -> Value:
        handler = EXPRESSIONS.get(type(e))
        if handler is None:  # declared unsupported (or, unreachable past the completeness test, unknown)
            raise Unsupported(UNSUPPORTED.get(type(e)) or t("batch.unsupported.node", node=type(e).__name__))
        return handler(self, e)

    # ------------------------------------------------------------------ names
    def on_Const(self, e: ir.Const) -> Value:
        return constant(e.value, e.type)

    def on_Input(self, e: ir.Input) -> Value:
        if e.name in self.scope.overrides:
            return constant(self.scope.overrides[e.name], e.type)
        return self.scope.inputs(e.name)

    def on_Param(self, e: ir.Param) -> Value:
        if e.name in self.scope.overrides:
            return constant(self.scope.overrides[e.name], e.type)
        p = self.scope.policy.params[e.name]
        return unknown(e.type) if p.value is None else constant(p.value, e.type)

    def on_Field(self, e: ir.Field) -> Value:
        if self.scope.fields is None:  # pragma: no cover - the type checker allows fields only inside 逐项
            raise Unsupported(t("batch.unsupported.field_outside_items", name=e.name))
        return self.scope.fields(e.name)

    def on_Derived(self, e: ir.Derived) -> Value:
        return self.value(e.expr)

    def on_ClauseAmount(self, e: ir.ClauseAmount) -> Value:
        """金额(一2): the named clauses' own columns (built before, in semantics/order.py's order), in 分;
        null where one is not determinable, as the exact backend's Unknown."""
        parts: list[Num] = []
        for c in e.clauses:
            out = self.scope.clauses.get(c)
            if out is None:  # inside 逐项 or 分组 (item rows, not enterprise rows): row by row
                raise Unsupported(t("clause_ref.batch.in_items", citation=e.citation))
            parts.append(clause_num(out))
        value = parts[0]
        for part in parts[1:]:
            value = add(value, part, "+", None)
        return value

    def on_Aggregate(self, e: ir.Aggregate) -> Value:
        found = self.scope.aggregates.get(e)  # per enterprise, computed beforehand by tools/batch/items.py
        if found is None:
            raise Unsupported(t("batch.unsupported.no_columns", text=_text(e)))
        return found

    # ------------------------------------------------------------------ arithmetic
    def on_Arith(self, e: ir.Arith) -> Value:
        a, b = self.num(e.left), self.num(e.right)
        err = any_err(a.err, b.err)
        if a.unknown or b.unknown:
            return replace(UNKNOWN_NUM, err=err)
        return ARITH[e.op](a, b, err, e)

    def on_Extreme(self, e: ir.Extreme) -> Value:
        args = [self.num(a) for a in e.args]
        err = any_err(*(a.err for a in args))
        if any(a.unknown for a in args):
            return replace(UNKNOWN_NUM, err=err)
        return extreme(e.op, args, err)

    def on_StepAward(self, e: ir.StepAward) -> Value:
        base, step, amount = self.num(e.base), self.num(e.step), self.num(e.amount)
        err = any_err(base.err, step.err, amount.err)
        if base.unknown or step.unknown or amount.unknown:
            return replace(UNKNOWN_NUM, err=err)
        return steps(base, step, amount, err)

    def on_Choose(self, e: ir.Choose) -> Value:
        c = self.flag(e.condition)
        if c.unknown:
            return unknown_like(e.type, c.err)
        if c.is_const:
            chosen = self.value(e.then if c.const else e.otherwise)
            return with_err(chosen, any_err(c.err, chosen.err))
        a, b = self.value(e.then), self.value(e.otherwise)
        taken = c.expr.fill_null(False) if c.nullable else c.expr  # type: ignore[union-attr]
        skipped = (~c.expr).fill_null(False) if c.nullable else ~c.expr  # type: ignore[operator]
        err = any_err(c.err, when_err(taken, a.err), when_err(skipped, b.err))
        return choose(c, a, b, err)

    def on_Tiered(self, e: ir.Tiered) -> Value:
        rows: list[tuple[Flag, ir.Expr]] = []
        for row in e.rows:
            cond = Flag(None, const=True) if row.condition is None else self.flag(row.condition)
            rows.append((cond, row.amount))
        return self.tiers(rows, e)

    def tiers(self, rows: list[tuple[Flag, ir.Expr]], e: ir.Tiered) -> Value:
        """First row whose condition holds pays; an undeterminable row before it makes all unknown."""
        live: list[tuple[Flag, Num]] = []
        errs: list[pl.Expr | None] = []
        reached: pl.Expr | None = None  # rows before did not hold (or were unknown)
        pending: pl.Expr | None = None  # some row before was unknown
        default: Num = const_num(0)
        for cond, amount_expr in rows:
            errs.append(when_err(reached, cond.err))
            if cond.unknown:  # every later result is unknown; the evaluator stops computing amounts
                default = UNKNOWN_NUM
                break
            if cond.is_const and not cond.const:
                continue
            amount = self.num(amount_expr)
            holds = pl.lit(True) if cond.is_const else (cond.known.fill_null(False) if cond.nullable else cond.known)
            taken = holds if reached is None else reached & holds
            if pending is not None:
                taken = taken & ~pending
            errs.append(when_err(taken, amount.err))
            if cond.is_const:  # holds for every row that gets here
                default = amount
                break
            if amount.unknown:  # an unspecified amount: not determinable on the rows this tier pays
                amount = Num(pl.lit(None, dtype=pl.Int64), nullable=True)
            live.append((cond, amount))
            not_held = ~cond.known if not cond.nullable else (~cond.known).fill_null(True)
            reached = not_held if reached is None else reached & not_held
            if cond.nullable:
                p = cond.expr.is_null()  # type: ignore[union-attr]
                pending = p if pending is None else pending | p
        err = any_err(*errs)
        if not live:
            return with_err(default, any_err(err, default.err))
        if default.unknown:
            nums = [a for _, a in live]
            g, parts = align(nums)
            lo, hi = min(p.lo for p in parts), max(p.hi for p in parts)
        else:
            nums = [a for _, a in live] + [default]
            g, parts = align(nums)
            lo, hi = min(p.lo for p in parts), max(p.hi for p in parts)
        wide = any(p.wide for p in parts)
        exprs = _widen_all(parts, wide)
        chain: Any = None
        null = pl.lit(None, dtype=pl.Int128 if wide else pl.Int64)
        for (cond, _), value in zip(live, exprs, strict=False):  # exprs may end with the default
            if cond.nullable:
                chain = (pl.when if chain is None else chain.when)(cond.known.is_null()).then(null)
            chain = (pl.when if chain is None else chain.when)(cond.known).then(value)
        out = chain.otherwise(null if default.unknown else exprs[-1])
        nullable = default.unknown or any(c.nullable or a.nullable for c, a in live) or default.nullable
        return Num(out, g, lo, hi, wide, nullable, err)

    # ------------------------------------------------------------------ conditions
    def on_Cmp(self, e: ir.Cmp) -> Value:
        a, b = self.value(e.left), self.value(e.right)
        err = any_err(a.err, b.err)
        if a.unknown or b.unknown:
            return Flag(None, nullable=True, err=err)
        if isinstance(a, Num) and isinstance(b, Num):
            return compare_nums(e.op, a, b, err)
        return compare_others(e.op, a, b, err)

    def on_Logic(self, e: ir.Logic) -> Value:
        a = self.flag(e.left)
        stop = LOGIC_STOPS_AT[e.op]  # 或 stops at 是, 且 at 否
        if a.is_const and a.const is stop:
            return a
        b = self.flag(e.right)
        if a.is_const and a.const is (not stop):  # the result is b
            return replace(b, err=any_err(a.err, b.err))
        if a.unknown:  # the evaluator still looks at b: 否 且 未知 is 否
            go_on = None
        else:
            go_on = a.known if stop is False else ~a.known
            go_on = go_on.fill_null(True) if a.nullable else go_on
        err = any_err(a.err, when_err(go_on, b.err))
        if b.is_const and b.const is stop:
            return Flag(None, const=stop, err=err)
        if b.is_const and b.const is (not stop):
            return replace(a, err=err)
        left, right = a.column(), b.column()
        expr = (left | right) if stop else (left & right)
        return Flag(expr, nullable=a.nullable or b.nullable, err=err)

    def on_Negate(self, e: ir.Negate) -> Value:
        a = self.flag(e.operand)
        if a.is_const:
            return a if a.unknown else Flag(None, const=not a.const, err=a.err)
        return Flag(~a.expr, nullable=a.nullable, err=a.err)  # type: ignore[operator]

    # ------------------------------------------------------------------ tables and dates
    def on_Lookup(self, e: ir.Lookup) -> Value:
        key = self.value(e.key)
        table = self.scope.policy.tables[e.table]
        if table.outside is not None:  # a term in no band: every row that gets here cannot be computed
            if key.unknown:
                return replace(UNKNOWN_NUM, err=key.err)
            return Num(None, const=Fraction(0), err=any_err(key.err, pl.lit(True)))
        if not isinstance(key, Other):
            raise Unsupported(t("batch.unsupported.lookup_key"))  # pragma: no cover
        if key.unknown:
            return replace(UNKNOWN_NUM, err=key.err)
        rows = [(d, Fraction(v)) for d, v in table.rows]  # type: ignore[call-overload]
        if key.is_const:
            found = [v for d, v in rows if d <= key.const]  # type: ignore[operator]
            after = table.until is not None and key.const > table.until  # type: ignore[operator]
            if not found or after:
                return Num(None, const=Fraction(0), err=any_err(key.err, pl.lit(True)))
            return Num(None, const=found[-1], err=key.err)
        values = [const_num(v) for _, v in rows]
        g, parts = align(values)
        chain: Any = None
        for (day, _), part in reversed(list(zip(rows, parts, strict=True))):
            chain = (pl.when if chain is None else chain.when)(key.column() >= pl.lit(day)).then(part.expr)
        out = chain.otherwise(pl.lit(0, dtype=pl.Int64))
        before_first = key.column() < pl.lit(rows[0][0])
        if table.until is not None:  # 截至: a date after it has no value, as one before the first row
            before_first = before_first | (key.column() > pl.lit(table.until))
        if key.nullable:
            before_first = before_first.fill_null(False)
        lo, hi = min(p.lo for p in parts), max(p.hi for p in parts)
        return Num(out, g, min(lo, 0), max(hi, 0), False, key.nullable, any_err(key.err, before_first))

    def on_DaysBetween(self, e: ir.DaysBetween) -> Value:
        a, b = self.value(e.start), self.value(e.end)
        err = any_err(a.err, b.err)
        if not isinstance(a, Other) or not isinstance(b, Other):
            raise Unsupported(t("batch.unsupported.days"))  # pragma: no cover
        if a.unknown or b.unknown:
            return replace(UNKNOWN_NUM, err=err)
        if a.is_const and b.is_const:
            return Num(None, const=Fraction((b.const - a.const).days), err=err)  # type: ignore[operator]
        expr = (b.column(pl.Date()) - a.column(pl.Date())).dt.total_days()
        lo, hi = b.lo - a.hi, b.hi - a.lo
        return Num(expr.cast(pl.Int64), Fraction(1), lo, hi, False, a.nullable or b.nullable, err)


# ---------------------------------------------------------------------------- constants and unknowns
def constant(value: Any, t: Any) -> Value:
    if isinstance(t, Bool):
        return Flag(None, const=bool(value))
    if isinstance(t, (Date, Text, Enum)):
        lo = hi = value.toordinal() if isinstance(value, dt.date) else 0
        return Other(None, const=value, is_const=True, lo=lo, hi=hi)
    return const_num(Fraction(value))


def unknown(t: Any) -> Value:
    if isinstance(t, Bool):
        return UNKNOWN_FLAG
    if isinstance(t, (Date, Text, Enum)):
        return UNKNOWN_OTHER
    return UNKNOWN_NUM


def unknown_like(t: Any, err: pl.Expr | None) -> Value:
    return with_err(unknown(t), err)


def with_err(v: Value, err: pl.Expr | None) -> Value:
    return v if v.err is err else replace(v, err=err)


# ---------------------------------------------------------------------------- arithmetic on Num
def add(a: Num, b: Num, op: str, err: pl.Expr | None) -> Num:
    if a.is_const and b.is_const:
        return Num(None, const=a.const + b.const if op == "+" else a.const - b.const, err=err)  # type: ignore[operator]
    if b.is_const and b.const == 0:
        return replace(a, err=err)
    g, (x, y) = align([a, b])
    if op == "+":
        lo, hi = x.lo + y.lo, x.hi + y.hi
    else:
        lo, hi = x.lo - y.hi, x.hi - y.lo
    wide = need_width(lo, hi) or x.wide or y.wide
    ex, ey = _widen_all([x, y], wide)
    expr = ex + ey if op == "+" else ex - ey
    return Num(expr, g, lo, hi, wide, a.nullable or b.nullable, err)


def multiply(a: Num, b: Num, err: pl.Expr | None) -> Num:
    if a.is_const and b.is_const:
        return Num(None, const=a.const * b.const, err=err)  # type: ignore[operator]
    if a.is_const:
        a, b = b, a
    if b.is_const:  # a rate or a unit price: only the scale changes
        c = b.const
        if c == 0:
            if a.nullable:  # unknown × 0 is still unknown
                return Num(a.column * 0, Fraction(1), 0, 0, a.wide, True, err)
            return Num(None, const=Fraction(0), err=err)
        assert c is not None
        if c > 0:
            return replace(a, scale=a.scale * c, err=err)
        return Num(lit_int(0) - a.column, a.scale * -c, -a.hi, -a.lo, a.wide, a.nullable, err)
    corners = [a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi]
    lo, hi = min(corners), max(corners)
    wide = need_width(lo, hi) or a.wide or b.wide
    expr = widen(a.expr, a.wide, wide) * widen(b.expr, b.wide, wide)  # type: ignore[arg-type]
    return Num(expr, a.scale * b.scale, lo, hi, wide, a.nullable or b.nullable, err)


def divide(a: Num, b: Num, err: pl.Expr | None, e: ir.Expr) -> Num:
    if b.is_const:
        if b.const == 0:  # the evaluator raises on every row it reaches
            return replace(UNKNOWN_NUM, nullable=a.nullable, err=any_err(err, pl.lit(True)))
        return multiply(a, Num(None, const=1 / Fraction(b.const)), err)  # type: ignore[arg-type]
    raise Unsupported(t("batch.unsupported.divide_by_column", text=_text(e)))


def extreme(op: str, args: list[Num], err: pl.Expr | None) -> Num:
    pick, horizontal = EXTREMES[op]
    consts = [a.const for a in args if a.is_const]
    columns = [a for a in args if not a.is_const]
    if not columns:
        return Num(None, const=pick(consts), err=err)
    if consts:
        columns.append(const_num(pick(consts)))
    columns = _drop_dominated(op, columns)
    if len(columns) == 1:
        return replace(columns[0], err=err)
    g, parts = align(columns)
    if op == "min":
        lo, hi = min(p.lo for p in parts), min(p.hi for p in parts)
    else:
        lo, hi = max(p.lo for p in parts), max(p.hi for p in parts)
    wide = any(p.wide for p in parts)
    exprs = _widen_all(parts, wide)
    expr = horizontal(exprs)
    nullable = any(a.nullable for a in columns)
    if nullable:  # min_horizontal skips nulls; the evaluator's min of an unknown is unknown
        missing = pl.any_horizontal([a.expr.is_null() for a in columns if a.nullable])  # type: ignore[union-attr]
        expr = pl.when(missing).then(pl.lit(None, dtype=pl.Int128 if wide else pl.Int64)).otherwise(expr)
    return Num(expr, g, lo, hi, wide, nullable, err)


def _value_bounds(a: Num) -> tuple[Fraction, Fraction]:
    if a.is_const:
        return a.const, a.const  # type: ignore[return-value]
    return a.lo * a.scale, a.hi * a.scale


def _drop_dominated(op: str, args: list[Num]) -> list[Num]:
    """Leave out an argument that, by the data's bounds, can never be the minimum (maximum)."""
    keep = list(args)
    scales = {a.scale for a in args if not a.is_const}
    if len(scales) == 1:  # one scale s > 0: compare the integers (and constants ÷ s), the same order
        s = scales.pop()
        bounds = {id(a): (a.const / s, a.const / s) if a.is_const else (a.lo, a.hi) for a in args}  # type: ignore[operator]
    else:
        bounds = {id(a): _value_bounds(a) for a in args}
    for a in args:
        if a.nullable or len(keep) == 1:
            continue
        lo, hi = bounds[id(a)]
        for b in keep:
            if b is a:
                continue
            blo, bhi = bounds[id(b)]
            if (op == "min" and lo >= bhi) or (op == "max" and hi <= blo):
                keep.remove(a)
                break
    return keep


def steps(base: Num, step: Num, amount: Num, err: pl.Expr | None) -> Num:
    """amount × max(⌊base ÷ step⌋, 0); the evaluator raises when step ≤ 0."""
    if step.is_const:
        if step.const <= 0:  # type: ignore[operator]
            return replace(UNKNOWN_NUM, err=any_err(err, pl.lit(True)))
        if base.is_const:
            n = max(base.const // step.const, 0)  # type: ignore[operator]
            return multiply(const_num(n), amount, err)
        ratio = base.scale / step.const  # type: ignore[operator]
        p, q = ratio.numerator, ratio.denominator
        lo, hi = base.lo * p, base.hi * p
        wide = need_width(lo, hi) or base.wide
        expr = widen(base.expr, base.wide, wide)  # type: ignore[arg-type]
        if p != 1:
            expr = expr * lit_int(p)
        if q != 1:
            expr = expr // lit_int(q)
        lo, hi = lo // q, hi // q
        count = Num(expr, Fraction(1), lo, hi, wide, base.nullable)
    else:
        _, (x, y) = align([base, step])
        wide = x.wide or y.wide
        ex, ey = _widen_all([x, y], wide)
        positive = ey > 0
        expr = pl.when(positive).then(ex // ey).otherwise(pl.lit(0, dtype=pl.Int64))
        bad = ~positive
        if base.nullable or step.nullable or amount.nullable:
            bad = bad & ~pl.any_horizontal([ex.is_null(), ey.is_null()]).fill_null(False)
        err = any_err(err, bad.fill_null(False))
        lo, hi = (min(x.lo, 0), max(x.hi, 0))
        count = Num(expr, Fraction(1), lo, hi, wide, base.nullable or step.nullable)
    if count.lo < 0:
        count = extreme("max", [count, const_num(0)], None)
    return multiply(count, amount, err)


def choose(c: Flag, a: Value, b: Value, err: pl.Expr | None) -> Value:
    cond = c.expr
    if isinstance(a, Num) and isinstance(b, Num):
        if a.unknown and b.unknown:
            return replace(UNKNOWN_NUM, err=err)
        known = [v for v in (a, b) if not v.unknown]
        g, parts = align(known)
        wide = any(p.wide for p in parts)
        exprs = _widen_all(parts, wide)
        null = pl.lit(None, dtype=pl.Int128 if wide else pl.Int64)
        then = exprs[0] if not a.unknown else null
        other = exprs[-1] if not b.unknown else null
        expr = pl.when(cond).then(then).otherwise(other)  # type: ignore[arg-type]
        if c.nullable:
            expr = pl.when(cond.is_null()).then(null).otherwise(expr)  # type: ignore[union-attr]
        lo, hi = min(p.lo for p in parts), max(p.hi for p in parts)
        nullable = c.nullable or a.nullable or b.nullable
        return Num(expr, g, lo, hi, wide, nullable, err)
    if isinstance(a, Flag) and isinstance(b, Flag):
        expr = pl.when(cond).then(a.column()).otherwise(b.column())  # type: ignore[arg-type]
        if c.nullable:
            expr = pl.when(cond.is_null()).then(pl.lit(None, dtype=pl.Boolean)).otherwise(expr)  # type: ignore[union-attr]
        return Flag(expr, nullable=c.nullable or a.nullable or b.nullable, err=err)
    assert isinstance(a, Other) and isinstance(b, Other)
    expr = pl.when(cond).then(a.column()).otherwise(b.column())  # type: ignore[arg-type]
    if c.nullable:
        expr = pl.when(cond.is_null()).then(None).otherwise(expr)  # type: ignore[union-attr]
    return Other(expr, nullable=True, err=err, lo=min(a.lo, b.lo), hi=max(a.hi, b.hi))


# ---------------------------------------------------------------------------- comparisons
_FLIP = {">": "<", ">=": "<=", "<": ">", "<=": ">=", "==": "==", "!=": "!="}


COMPARE: dict[str, Callable[[Any, Any], Any]] = {
    ">": operator.gt,
    ">=": operator.ge,
    "<": operator.lt,
    "<=": operator.le,
    "==": operator.eq,
    "!=": operator.ne,
}


def _apply(op: str, x: Any, y: Any) -> Any:
    return COMPARE[op](x, y)


def compare_nums(op: str, a: Num, b: Num, err: pl.Expr | None) -> Flag:
    if a.is_const and b.is_const:
        return Flag(None, const=bool(_apply(op, a.const, b.const)), err=err)
    if a.is_const:
        a, b, op = b, a, _FLIP[op]
    if b.is_const:
        return column_vs_constant(op, a, b.const, err)  # type: ignore[arg-type]
    _, (x, y) = align([a, b])
    wide = x.wide or y.wide
    ex, ey = _widen_all([x, y], wide)
    return Flag(_apply(op, ex, ey), nullable=a.nullable or b.nullable, err=err)


def column_vs_constant(op: str, a: Num, c: Fraction, err: pl.Expr | None) -> Flag:
    """E × s op c without scaling the column: compare E with c ÷ s, rounded the right way."""
    t = c / a.scale
    if t.denominator != 1:  # E is an integer: E > t ⇔ E > ⌊t⌋, E ≥ t ⇔ E > ⌊t⌋, E < t ⇔ E ≤ ⌊t⌋ …
        f = math.floor(t)
        if op in (">", ">="):
            op, t = ">", Fraction(f)
        elif op in ("<", "<="):
            op, t = "<=", Fraction(f)
        else:
            return _const_flag(op == "!=", a, err)
    n = int(t)
    if not a.nullable:  # the data's bounds may already decide it
        if _apply(op, a.lo, n) and _apply(op, a.hi, n) and op not in ("==", "!="):
            return Flag(None, const=True, err=err)
        if op in (">", ">=") and not _apply(op, a.hi, n):
            return Flag(None, const=False, err=err)
        if op in ("<", "<=") and not _apply(op, a.lo, n):
            return Flag(None, const=False, err=err)
    if abs(n) > I64 and not a.wide:  # beyond every value the column can hold
        return (
            Flag(None, const=bool(_apply(op, 0, n)), err=err)
            if not a.nullable
            else Flag(_apply(op, a.column.cast(pl.Int128), lit_int(n)), nullable=True, err=err)
        )
    return Flag(_apply(op, a.expr, lit_int(n)), nullable=a.nullable, err=err)


def _const_flag(value: bool, a: Num, err: pl.Expr | None) -> Flag:
    if a.nullable:  # still unknown where the value is
        return Flag(
            pl.when(a.expr.is_null()).then(pl.lit(None, dtype=pl.Boolean)).otherwise(pl.lit(value)),  # type: ignore[union-attr]
            nullable=True,
            err=err,
        )
    return Flag(None, const=value, err=err)


def compare_others(op: str, a: Value, b: Value, err: pl.Expr | None) -> Flag:
    """Dates, choices, texts and yes/no values."""
    ca = a.const if a.is_const else None
    cb = b.const if b.is_const else None
    if a.is_const and b.is_const:
        return Flag(None, const=bool(_apply(op, ca, cb)), err=err)
    left = pl.lit(ca) if a.is_const or a.expr is None else a.expr
    right = pl.lit(cb) if b.is_const or b.expr is None else b.expr
    return Flag(_apply(op, left, right), nullable=a.nullable or b.nullable, err=err)


def _text(e: ir.Expr) -> str:
    return e.span.text if e.span is not None else type(e).__name__


# ---------------------------------------------------------------------------- rounding, in whole 分
def _round_down(n: pl.Expr, m: int) -> pl.Expr:
    return n // lit_int(m)


def _round_up(n: pl.Expr, m: int) -> pl.Expr:  # ⌈n / m⌉ (polars cannot negate a 128-bit column)
    return (n + (m - 1)) // lit_int(m)


def _round_half_up(n: pl.Expr, m: int) -> pl.Expr:
    return (n * 2 + m) // lit_int(2 * m)


def _round_half_even(n: pl.Expr, m: int) -> pl.Expr:
    whole, rest = n // lit_int(m), n % lit_int(m)
    up = (rest * 2 > m) | ((rest * 2 == m) & (whole % 2 == 1))
    return whole + up.cast(pl.Int64)


# rounding mode → the integer division it is (n quanta·m ÷ m); a mode missing here is refused when the
# engine is built (Engine.check_vocabulary), never rounded some other way.
ROUNDING: dict[str, Callable[[pl.Expr, int], pl.Expr]] = {
    "舍去": _round_down,
    "进一": _round_up,
    "四舍五入": _round_half_up,
    "银行家舍入": _round_half_even,
}


def round_fen(v: Num, rule: ir.Rounding) -> Num:
    """The declared rounding, once, to the declared unit — the same integer arithmetic as round_amount — in 分."""
    if v.unknown:
        return v
    if v.is_const:
        return const_num(round_amount(v.const, rule) * 100)  # type: ignore[arg-type]
    q = rule.quantum
    ratio = v.scale / q  # the value in quanta is E × ratio = N / M
    p, m = ratio.numerator, ratio.denominator
    unit = int(q * 100)
    lo, hi = v.lo * p, v.hi * p
    wide = need_width(lo * 2 - m, hi * 2 + m) or v.wide
    n = widen(v.expr, v.wide, wide)  # type: ignore[arg-type]
    if p != 1:
        n = n * lit_int(p)
    if m != 1:
        n = ROUNDING[rule.mode](n, m)
        lo, hi = lo // m - 1, hi // m + 1
    if unit != 1:
        n = n * unit
        lo, hi = lo * unit, hi * unit
    if max(abs(lo), abs(hi)) > I64:
        raise Unsupported(t("batch.unsupported.fen_range"))
    return Num(n.cast(pl.Int64) if wide else n, FEN, lo, hi, False, v.nullable)


# ---------------------------------------------------------------------------- clause outcomes
FEN = Fraction(1, 100)
STATUSES = (INELIGIBLE, ZERO, PAID, UNDETERMINED, EXCLUDED)
STATUS = pl.Enum(list(STATUSES))
_STATUS_LITS: dict[str, pl.Expr] = {}


def status_lit(code: str) -> pl.Expr:
    found = _STATUS_LITS.get(code)
    if found is None:
        found = _STATUS_LITS[code] = pl.lit(code, dtype=STATUS)
    return found


@dataclass
class ClauseOutput:
    """One clause over the population, as the cross-clause rules start from it."""

    citation: str
    fen: pl.Expr  # whole 分 where paid; 0 elsewhere
    status: pl.Expr
    upper: Num | None = None  # the least known cap, for undetermined rows (null: no bound on that row)
    exact_path: str | None = None  # why this clause was computed row by row
    fen_lo: int = 0  # bounds of `fen` (both include 0)
    fen_hi: int = 0
    failed: pl.Expr | None = None  # where the evaluator would stop with an error (a date before a table…)
    may_undetermine: bool = True  # False when no row can be undetermined (so no null checks are built)
    may_pay: bool = True  # False when no row can be paid (so the cross-clause rules fold it away)


def clause_num(out: ClauseOutput) -> Num:
    """A clause's result as a number of 分: what it pays (0 unless paid), null where not determinable."""
    if not out.may_undetermine:
        return Num(out.fen, FEN, out.fen_lo, out.fen_hi)
    open_rows = out.status == status_lit(UNDETERMINED)
    return Num(pl.when(open_rows).then(None).otherwise(out.fen), FEN, out.fen_lo, out.fen_hi, nullable=True)


def all_of(flags: list[Flag]) -> Flag:
    """Every condition holds — Kleene: one 否 decides, else one unknown makes it unknown."""
    err = any_err(*(f.err for f in flags))
    if any(f.is_const and f.const is False for f in flags):
        return Flag(None, const=False, err=err)
    rest = [f for f in flags if not (f.is_const and f.const is True)]
    if not rest:
        return Flag(None, const=True, err=err)
    if len(rest) == 1:
        return replace(rest[0], err=err)
    return Flag(reduce(lambda a, b: a & b, [f.column() for f in rest]), nullable=any(f.nullable for f in rest), err=err)


def cap_amount(amount: Num, limit: Num) -> Num:
    """min(amount, limit); unknown where either is."""
    if amount.unknown or limit.unknown:
        return Num(None, nullable=True)
    return extreme("min", [amount, limit], None)


def status_expr(ok: Flag, undetermined: pl.Expr | None, fen: Num) -> pl.Expr:
    """paid / zero / ineligible / undetermined, in the evaluator's order of checks."""
    chain: Any = None

    def when(c: pl.Expr, code: str) -> None:
        nonlocal chain
        chain = (pl.when if chain is None else chain.when)(c).then(status_lit(code))

    if ok.err is None and not ok.is_const and not ok.nullable:  # the usual clause: test `ok` itself, so
        # the query computes it once for the amount and the status (~ok would be rewritten apart from it)
        rest = status_expr(Flag(None, const=True), undetermined, fen)
        return pl.when(ok.known).then(rest).otherwise(status_lit(INELIGIBLE))
    if ok.err is not None:
        when(ok.err, UNDETERMINED)
    if ok.is_const and ok.const is False:
        return chain.otherwise(status_lit(INELIGIBLE)) if chain is not None else status_lit(INELIGIBLE)
    if not ok.is_const:
        when(~ok.expr if not ok.nullable else (~ok.expr).fill_null(False), INELIGIBLE)  # type: ignore[operator]
    if undetermined is not None:
        when(undetermined, UNDETERMINED)
    if fen.is_const:
        last = ZERO if fen.const == 0 else PAID
        return chain.otherwise(status_lit(last)) if chain is not None else status_lit(last)
    when(fen.column == 0, ZERO)
    return chain.otherwise(status_lit(PAID))  # type: ignore[no-any-return]


def paid_amount(ok: Flag, undetermined: pl.Expr | None, fen: Num) -> pl.Expr:
    """The amount paid: 分 where the status is paid (or zero), 0 elsewhere."""
    if fen.unknown:
        return pl.lit(0, dtype=pl.Int64)
    value = lit_int(int(fen.const)) if fen.is_const else fen.expr  # type: ignore[arg-type]
    blocked = any_err(ok.err, undetermined)
    if ok.is_const:
        if ok.const is False:
            return pl.lit(0, dtype=pl.Int64)
        holds = None
    else:
        holds = ok.known.fill_null(False) if ok.nullable else ok.known
    keep = holds if blocked is None else (~blocked if holds is None else holds & ~blocked)
    if keep is None:
        return value.cast(pl.Int64)  # type: ignore[union-attr]
    return pl.when(keep).then(value).otherwise(pl.lit(0, dtype=pl.Int64))


def sum_columns(columns: Sequence[pl.Expr]) -> pl.Expr:
    """The sum of non-null integer columns as a balanced tree of additions: a third less processor time
    than `pl.sum_horizontal` (polars 2.1), and no deeper than log₂ of their number."""
    if len(columns) == 1:
        return columns[0]
    half = len(columns) // 2
    return sum_columns(columns[:half]) + sum_columns(columns[half:])


def fen_bounds(fen: Num) -> tuple[int, int]:
    """Bounds of a rounded amount in 分, widened to include 0."""
    if fen.unknown:
        return 0, 0
    if fen.is_const:
        n = int(fen.const)  # type: ignore[arg-type]
        return min(n, 0), max(n, 0)
    return min(fen.lo, 0), max(fen.hi, 0)


def least_cap(limits: list[Num]) -> Num:
    """What an undetermined amount is at most: the least of its known caps (as the exact backend bounds an undetermined clause)."""
    g, parts = align(limits)
    wide = any(p.wide for p in parts)
    expr = pl.min_horizontal([widen(p.expr, p.wide, wide) for p in parts])
    return Num(expr, g, min(p.lo for p in parts), max(p.hi for p in parts), wide, True)


# ---------------------------------------------------------------------------- the clause primitives
@dataclass(frozen=True)
class ItemGuard:
    """Inside one item: where the evaluator reaches its award (its conditions are not false) and its
    caps (its conditions hold), so an error there counts only on those rows."""

    reached: pl.Expr | None
    holds: pl.Expr | None


ItemsRunner = Callable[["ColumnarClauses", ir.ItemPlan, Callable[[], tuple[Flag, Num]], Callable[[Num], Num]], Num]


class ColumnarClauses:
    """semantics.backend.ClauseBackend over a whole population: V = Num, B = Flag, O = ClauseOutput.
    `over_items` is tools/batch/items.py's (per-item frames), given as `items`."""

    def __init__(self, compiler: Compiler, items: ItemsRunner | None = None):
        self.comp = compiler
        self.items = items
        self.guard: ItemGuard | None = None

    @contextlib.contextmanager
    def scoped(self, compiler: Compiler) -> Iterator[None]:
        """Read names through `compiler` inside the block (an item's fields, a group's columns)."""
        saved, self.comp = self.comp, compiler
        try:
            yield
        finally:
            self.comp = saved

    def condition(self, condition: ir.ConditionPlan) -> Flag:
        return self.comp.flag(condition.expr)

    def all_of(self, truths: Sequence[Flag]) -> Flag:
        return all_of(list(truths))

    def award(self, expr: ir.Expr) -> Num:
        value = self.comp.num(expr)
        return value if self.guard is None else with_err(value, when_err(self.guard.reached, value.err))  # type: ignore[return-value]

    def floor_zero(self, amount: Num) -> Num:
        if amount.unknown:
            return amount
        return with_err(extreme("max", [replace(amount, err=None), const_num(0)], None), amount.err)  # type: ignore[return-value]

    def cap(self, amount: Num, cap: ir.CapPlan) -> Num:
        limit = self.comp.num(cap.limit)
        errs = [limit.err]
        if cap.already_paid is not None:  # 累计: what history says was paid comes off the limit
            paid = self.comp.num(cap.already_paid)
            errs.append(paid.err)
            if limit.unknown or paid.unknown:
                limit = UNKNOWN_NUM
            else:
                limit = add(replace(limit, err=None), replace(paid, err=None), "-", None)
        if not limit.unknown:  # a cap lowers an award to 0 at most, never below
            limit = extreme("max", [replace(limit, err=None), const_num(0)], None)
        err = any_err(*errs)
        if self.guard is not None:
            err = when_err(self.guard.holds, err)
        capped = cap_amount(replace(amount, err=None), replace(limit, err=None))
        return with_err(capped, any_err(amount.err, err))  # type: ignore[return-value]

    def round(self, amount: Num, rule: ir.Rounding) -> Num:
        return with_err(round_fen(replace(amount, err=None), rule), amount.err)  # type: ignore[return-value]

    def when(self, holds: Flag, amount: Callable[[], Num]) -> Num:
        if holds.is_const and holds.const is False:
            return with_err(const_num(0), holds.err)  # type: ignore[return-value]
        if holds.unknown:
            guard = ItemGuard(None, pl.lit(False))
        elif holds.is_const:
            guard = ItemGuard(None, None)
        else:
            column = holds.column()
            guard = (
                ItemGuard(column.fill_null(True), column.fill_null(False))
                if holds.nullable
                else ItemGuard(column, column)
            )
        saved, self.guard = self.guard, guard
        try:
            value = amount()
        finally:
            self.guard = saved
        err = any_err(holds.err, value.err)
        if holds.unknown:
            return replace(UNKNOWN_NUM, err=err)
        if holds.is_const:
            return with_err(value, err)  # type: ignore[return-value]
        return choose(holds, value, const_num(0), err)  # type: ignore[return-value]

    def over_items(
        self, items: ir.ItemPlan, one_item: Callable[[], tuple[Flag, Num]], one_group: Callable[[Num], Num]
    ) -> Num:
        if self.items is None:  # pragma: no cover - the engine always gives one
            raise Unsupported(t("batch.unsupported.items"))
        return self.items(self, items, one_item, one_group)

    def outcome(self, plan: ir.ClausePlan, eligible: Flag, amount: Callable[[], Num]) -> ClauseOutput:
        ok = eligible
        fen = const_num(0) if ok.is_const and ok.const is False else amount()
        undetermined = any_err(
            fen.err,
            fen.expr.is_null() if fen.nullable and fen.expr is not None else None,
            ok.expr.is_null() if ok.nullable and ok.expr is not None else None,
        )
        if fen.unknown or ok.unknown:
            undetermined = pl.lit(True)
        status = status_expr(ok, undetermined, fen)
        failed = any_err(ok.err, fen.err)
        if failed is not None:  # only where the evaluator gets that far: not for an ineligible row
            failed = failed & (status == status_lit(UNDETERMINED))
        upper = None
        limits = [self.comp.num(c.limit) for c in plan.caps if c.already_paid is None]
        known = [replace(v, err=None) for v in limits if not v.unknown]
        if undetermined is not None and known:
            upper = least_cap(known)
            if failed is not None:  # an evaluation error leaves no bound
                upper = replace(upper, expr=pl.when(failed).then(None).otherwise(upper.expr))
        lo, hi = fen_bounds(fen)
        may = undetermined is not None or ok.err is not None
        paid = paid_amount(ok, undetermined, fen)
        may_pay = not (ok.is_const and ok.const is False) and not fen.unknown and (lo, hi) != (0, 0)
        return ClauseOutput(plan.citation, paid, status, upper, None, lo, hi, failed, may, may_pay)


# ---------------------------------------------------------------------------- the cross-clause ledger
AMOUNT, STATE, OWN, BOUND = "__a:", "__s:", "__own:", "__ub:"


class ColumnarLedger:
    """semantics.backend.Ledger over the staged columns of a LazyFrame: `__a:<条款>` (分 paid now),
    `__s:<条款>` (status), `__ub:<条款>` (an undetermined clause's bound) and `__own:<条款>` (what a clause
    made undetermined by a rival would pay alone). Writes wait in `pending` until `stage()` adds them
    as one layer of columns, so no rule copies the expressions of the one before; values are Nums in
    分 with bounds (exact, widened where needed), truths constant-folded Flags."""

    def __init__(
        self,
        policy: ir.CompiledPolicy,
        frame: pl.LazyFrame | None,
        outputs: dict[str, ClauseOutput],
        compiler: Compiler,
        may_undetermine: dict[str, bool],
    ):
        self.policy = policy
        self.frame = frame  # None: the layers are only recorded (in `layers`), to be laid on a frame later
        self.layers: list[list[pl.Expr]] = []  # every layer `stage()` added, in order
        self.outputs = outputs
        self.comp = compiler
        self.may = may_undetermine
        self.pending: dict[str, pl.Expr] = {}
        self.bounds = {c: (o.fen_lo, o.fen_hi) for c, o in outputs.items()}
        self.settled: set[str] = set()  # clauses a rival's unknown amount made undetermined somewhere
        self.minimums: dict[int, tuple[Num, Num, Num, Num]] = {}  # id(min(x, r)) → (it, x, r, r as read)
        self.exceeds: dict[int, tuple[Flag, Num, Num]] = {}  # id(x > min(x, r)) → (it, x, min(x, r))
        self.clamped: dict[int, tuple[Num, Num]] = {}  # id(max(q, 0)) → (it, q), made by subtract
        self.temporaries: dict[str, pl.Expr] = {}  # columns `stage()` adds before the writes
        self.depth: dict[str, int] = {}  # temporary → its layer (1 + the deepest temporary it reads)
        # column → the name its current value is staged under. A write never replaces a column in place:
        # polars (2.1, cluster_with_columns) may fold a layer that overwrites `__a:X` into the layer
        # before it, so a sibling expression that read the old `__a:X` would see the new one
        # (tests/test_differential.py: a 就高不重复 member reduced to 0 stayed "paid"). Fresh names make
        # the meaning independent of how the optimiser merges layers.
        self.current: dict[str, str] = {}
        self.stages = 0  # how many pending writes were staged, for their fresh names

    def column(self, name: str) -> pl.Expr:
        found = self.pending.get(name)
        return found if found is not None else pl.col(self.current.get(name, name))

    def own(self, c: str) -> pl.Expr:
        return self.column(OWN + c) if c in self.settled else pl.lit(None, dtype=pl.Int64)

    # --- reading the outcomes
    def amount(self, citation: str) -> Num:
        lo, hi = self.bounds[citation]
        if (lo, hi) == (0, 0):  # never pays anything: fold it away
            return const_num(0)
        return Num(self.column(AMOUNT + citation), FEN, lo, hi)

    def is_paid(self, citation: str) -> Flag:
        if not self.outputs[citation].may_pay:  # the rules only take payments away: never paid stays so
            return Flag(None, const=False)
        return Flag(self.column(STATE + citation) == status_lit(PAID))

    def is_undetermined(self, citation: str) -> Flag:
        if not self.may[citation]:
            return Flag(None, const=False)
        return Flag(self.column(STATE + citation) == status_lit(UNDETERMINED))

    def upper_bound(self, citation: str) -> Num | None:
        upper = self.outputs[citation].upper
        return None if upper is None else replace(upper, expr=pl.col(BOUND + citation), nullable=True)

    def group_limit(self, group: ir.GroupCapPlan) -> Num | None:
        """The limit in whole 分; None where it needs an unspecified number. One that could fail, is
        not whole 分 or needs more than 64 bits is refused (B041–B043): no exact path can share it."""
        limit = self.comp.num(group.limit)
        if limit.unknown:
            return None
        if limit.err is not None:
            raise PolicyError(
                Diagnostic("B041", t("batch.group_limit.may_fail", subject=limit_subject(group)), group.span)
            )
        whole_fen = (limit.const if limit.is_const else limit.scale) * 100  # type: ignore[operator]
        if whole_fen.denominator != 1:
            raise PolicyError(
                Diagnostic("B042", t("batch.group_limit.not_whole_fen", subject=limit_subject(group)), group.span)
            )
        ints = at_scale(limit, FEN)
        if ints.wide:
            raise PolicyError(
                Diagnostic("B043", t("batch.group_limit.too_large", subject=limit_subject(group)), group.span)
            )
        if ints.const is not None:
            return const_num(Fraction(ints.const, 100))
        expr, lo, hi = ints.expr, ints.lo, ints.hi
        if limit.nullable:  # no limit on a row: one above everything its members can pay is the same
            above = sum(max(self.bounds[c][1], 0) for c in group.citations if c in self.bounds) + 1
            expr, hi = expr.fill_null(lit_int(above)), max(hi, above)
        return Num(expr, FEN, lo, hi, need_width(lo, hi))

    def limit_failed(self, group: ir.GroupCapPlan) -> None:
        """Nothing to mark: a limit that can fail is refused by group_limit (B041)."""

    # --- arithmetic and logic
    def minimum(self, a: Num, b: Num) -> Num:
        out, read = extreme("min", [a, b], None), b
        found = self.clamped.get(id(b))
        if found is not None and found[0] is b and out.expr is not a.expr and out.expr is not b.expr:
            read = self.materialise(b)  # what is left of a 合计上限: read by this min and by the test x > r
            out = extreme("min", [a, read], None)
        self.minimums[id(out)] = (out, a, b, read)
        return out

    def subtract(self, a: Num, b: Num) -> Num:
        found = self.minimums.get(id(b))
        if found is None or found[0] is not b or found[2] is not a:
            return add(a, b, "-", None)
        x, r = found[1], a  # r − min(x, r) = max(r − x, 0): no copy of r
        clamped = self.clamped.get(id(r))
        if clamped is not None and clamped[0] is r and not r.nullable and not x.nullable and _value_bounds(x)[0] >= 0:
            r = clamped[1]  # max(max(q, 0) − x, 0) = max(q − x, 0) for x ≥ 0: the take-up is not nested
        difference = add(r, x, "-", None)
        out = extreme("max", [difference, const_num(0)], None)
        self.clamped[id(out)] = (out, difference)
        return out

    def total(self, values: Sequence[Num]) -> Num:
        columns = [v for v in values if not v.is_const]
        constant = sum((Fraction(v.const or 0) for v in values if v.is_const), Fraction(0))
        lo, hi = sum(v.lo for v in columns), sum(v.hi for v in columns)
        if len(columns) > 2 and all(v.scale == FEN and not v.wide and not v.nullable for v in columns):
            if not need_width(lo, hi):  # amounts in 分 that fit: one balanced sum, not a chain of aligned additions
                summed = Num(sum_columns([v.column for v in columns]), FEN, lo, hi)
                return add(self.materialise(summed), const_num(constant), "+", None)
        out: Num | None = None
        for v in values:
            out = v if out is None else add(out, v, "+", None)
        return const_num(0) if out is None else (self.materialise(out) if len(columns) > 1 else out)

    def materialise(self, value: Num) -> Num:
        """A value read by several writes (a sum of amounts, the best total so far) becomes a column of its
        own — polars does not share it across the writes' conditions — computed at `stage()` in layers
        before the writes, so it reads what they read: the last stage."""
        if value.expr is None or value.expr.meta.is_column():
            return value
        name = f"__v{len(self.depth)}"
        self.depth[name] = 1 + max((self.depth.get(n, 0) for n in value.expr.meta.root_names()), default=0)
        self.temporaries[name] = value.expr
        return replace(value, expr=pl.col(name))

    def greater(self, a: Num, b: Num) -> Flag:
        """a > b; a null operand is a bound not known (upper_bound) or the highest of nothing
        (highest_paid): either way a beats b."""
        if a.expr is not None and a.expr is b.expr and a.scale == b.scale:
            return Flag(None, const=False)
        found = self.minimums.get(id(b))
        lowered = None
        if found is not None and found[0] is b and found[1] is a:  # x > min(x, r) ⇔ x > r: no second min
            lowered, b = b, found[3]
        staged = self.pending_temporary(a) if b.is_const else None
        if staged is not None:  # a staged sum against a constant: stage the truth itself, computed once
            truth = self.greater(replace(a, expr=self.temporaries[staged]), b)
            if truth.expr is not None:
                name = f"__v{len(self.depth)}"
                self.depth[name] = self.depth[staged]
                self.temporaries[name] = truth.expr
                return Flag(pl.col(name))
            return truth
        out = compare_nums(">", a, b, None)
        if out.nullable and out.expr is not None:
            return Flag(out.expr.fill_null(True))
        if lowered is not None:
            self.exceeds[id(out)] = (out, a, lowered)
        return out

    def pending_temporary(self, value: Num) -> str | None:
        """The name of the temporary `value` is, if it is one that `stage()` has yet to add."""
        if value.expr is None or not value.expr.meta.is_column():
            return None
        name = value.expr.meta.output_name()
        return name if name in self.temporaries else None

    def both(self, a: Flag, b: Flag) -> Flag:
        if a.is_const:
            return b if a.const else a
        if b.is_const:
            return a if b.const else b
        return Flag(a.column() & b.column())

    def either(self, a: Flag, b: Flag) -> Flag:
        if a.is_const:
            return a if a.const else b
        if b.is_const:
            return b if b.const else a
        return Flag(a.column() | b.column())

    def negate(self, a: Flag) -> Flag:
        return Flag(None, const=not a.const) if a.is_const else Flag(~a.column())

    def truth(self, value: bool) -> Flag:
        return Flag(None, const=value)

    def choose(self, holds: Flag, then: Num, otherwise: Num) -> Num:
        if holds.is_const:
            return then if holds.const else otherwise
        return self.materialise(choose(holds, then, otherwise, None))  # type: ignore[arg-type]

    def highest_paid(self, citations: Sequence[str]) -> Num:
        amounts = [self.amount(c) for c in citations]
        paid = [
            pl.when(self.is_paid(c).column()).then(a.expr if a.expr is not None else lit_int(int(a.const * 100)))  # type: ignore[operator]
            for c, a in zip(citations, amounts, strict=True)
        ]
        lo, hi = min(a.lo for a in amounts), max(a.hi for a in amounts)
        return Num(pl.max_horizontal(paid), FEN, lo, hi, False, True)

    def choice(self, group: ir.ChoicePlan | ir.OtherFundsPlan) -> str | None:
        value = self.comp.scope.overrides.get(group.name)
        return None if value is None else str(value)

    # --- changing the outcomes
    def exclude(self, citation: str, where: Flag, group: ir.ExclusivePlan, kept: Sequence[tuple[Flag, str]]) -> None:
        if where.is_const and not where.const:
            return
        w = where.column()
        self.pending[AMOUNT + citation] = pl.when(w).then(0).otherwise(self.column(AMOUNT + citation))
        self.pending[STATE + citation] = pl.when(w).then(status_lit(EXCLUDED)).otherwise(self.column(STATE + citation))

    def undetermine(
        self, citation: str, where: Flag, group: ir.ExclusivePlan | ir.GroupCapPlan, rivals: Sequence[tuple[Flag, str]]
    ) -> None:
        if where.is_const and not where.const:
            return
        w, amount = where.column(), self.column(AMOUNT + citation)
        self.pending[OWN + citation] = pl.when(w).then(amount).otherwise(self.own(citation))
        self.settled.add(citation)
        self.pending[AMOUNT + citation] = pl.when(w).then(0).otherwise(amount)
        self.pending[STATE + citation] = (
            pl.when(w).then(status_lit(UNDETERMINED)).otherwise(self.column(STATE + citation))
        )

    def reduce(self, citation: str, to: Num, where: Flag, group: ir.GroupCapPlan, limit: Num) -> None:
        if where.is_const and not where.const:
            return
        ints = at_scale(to, FEN)
        value = ints.expr.cast(pl.Int64) if ints.wide else ints.expr
        w = where.column()
        current = self.column(AMOUNT + citation)
        if self.lowers_exactly_where(where, to, current):  # elsewhere min(x, r) is x itself: no `when`
            self.pending[AMOUNT + citation] = value
        else:
            self.pending[AMOUNT + citation] = pl.when(w).then(value).otherwise(current)
        zero = w & (value == 0)
        self.pending[STATE + citation] = pl.when(zero).then(status_lit(ZERO)).otherwise(self.column(STATE + citation))
        lo, hi = self.bounds[citation]
        self.bounds[citation] = (min(lo, ints.lo), max(hi, ints.hi))

    def lowers_exactly_where(self, where: Flag, to: Num, current: pl.Expr) -> bool:
        """Whether `where` is x > min(x, r) for `to` = min(x, r) and x the clause's amount now: then `to`
        equals the amount wherever `where` does not hold (x ≤ min(x, r) means min(x, r) = x)."""
        found = self.exceeds.get(id(where))
        if found is None or found[0] is not where or found[2] is not to:
            return False
        amount = found[1].expr
        return amount is not None and not to.wide and amount.meta.eq(current)

    def add_layer(self, layer: list[pl.Expr]) -> None:
        self.layers.append(layer)
        if self.frame is not None:
            self.frame = self.frame.with_columns(layer)

    def stage(self) -> None:
        for level in sorted({self.depth[n] for n in self.temporaries}):  # a temporary reads earlier levels only
            self.add_layer([e.alias(n) for n, e in self.temporaries.items() if self.depth[n] == level])
        self.temporaries = {}
        if self.pending:
            self.stages += 1
            staged = {n: f"{n}\0{self.stages}" for n in self.pending}
            self.add_layer([e.alias(staged[n]) for n, e in self.pending.items()])
            self.current.update(staged)
            self.pending = {}
        self.minimums.clear()
        self.clamped.clear()
        self.exceeds.clear()


# ---------------------------------------------------------------------------- dispatch tables
def _add(a: Num, b: Num, err: pl.Expr | None, e: ir.Expr) -> Num:
    return add(a, b, "+", err)


def _subtract(a: Num, b: Num, err: pl.Expr | None, e: ir.Expr) -> Num:
    return add(a, b, "-", err)


def _multiply(a: Num, b: Num, err: pl.Expr | None, e: ir.Expr) -> Num:
    return multiply(a, b, err)


ARITH: dict[str, Callable[[Num, Num, pl.Expr | None, ir.Expr], Num]] = {
    "+": _add,
    "-": _subtract,
    "×": _multiply,
    "÷": divide,
}
EXTREMES: dict[str, tuple[Callable[..., Any], Callable[[list[pl.Expr]], pl.Expr]]] = {
    "min": (min, pl.min_horizontal),
    "max": (max, pl.max_horizontal),
}
LOGIC_STOPS_AT = {"且": False, "或": True}  # the value of the left side that decides without the right

Handler = Callable[[Compiler, Any], Value]
# ir node type → how it becomes a column; tests/test_backends_complete_columnar.py keeps this total.
EXPRESSIONS: dict[type[ir.Expr], Handler] = {
    ir.Const: Compiler.on_Const,
    ir.Input: Compiler.on_Input,
    ir.Param: Compiler.on_Param,
    ir.Field: Compiler.on_Field,
    ir.Derived: Compiler.on_Derived,
    ir.Arith: Compiler.on_Arith,
    ir.Cmp: Compiler.on_Cmp,
    ir.Logic: Compiler.on_Logic,
    ir.Negate: Compiler.on_Negate,
    ir.Choose: Compiler.on_Choose,
    ir.Tiered: Compiler.on_Tiered,
    ir.StepAward: Compiler.on_StepAward,
    ir.Extreme: Compiler.on_Extreme,
    ir.Aggregate: Compiler.on_Aggregate,
    ir.Lookup: Compiler.on_Lookup,
    ir.DaysBetween: Compiler.on_DaysBetween,
    ir.ClauseAmount: Compiler.on_ClauseAmount,
}
# ir node type → why batch computes a clause using it row by row (shown in the summary). Every node has
# columns today; a division by a column, or 合计 inside 逐项, is refused case by case (Unsupported).
UNSUPPORTED: dict[type[ir.Expr], str] = {}
# semantics step name → why this backend cannot do it; columnar does every step.
UNSUPPORTED_STEPS: dict[str, str] = {}


__all__ = [
    "I64",
    "I128",
    "Compiler",
    "Flag",
    "Num",
    "Other",
    "Scope",
    "Unsupported",
    "align",
    "any_err",
    "at_scale",
    "const_num",
    "extreme",
    "lit_int",
    "need_width",
    "when_err",
    "widen",
]
