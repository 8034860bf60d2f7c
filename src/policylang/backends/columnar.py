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
follow Kleene logic, exactly like `evaluate.Unknown` (`否 且 未知` is 否). A row where
`evaluate` would raise `EvaluationError` (a date before every table row, a step ≤ 0) is marked
by a boolean `err` expression that follows the evaluator's short-circuits.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field, replace
from fractions import Fraction
from functools import reduce
from typing import Any, Callable

import polars as pl

from policylang.compiler import ir
from policylang.frontend.units import Bool, Date, Enum, Text

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
def lit_int(v: int) -> pl.Expr:
    if abs(v) > I128:
        raise Unsupported(f"常数 {v} 超出 128 位整数范围")
    return pl.lit(v, dtype=pl.Int64 if abs(v) <= I64 else pl.Int128)


def fgcd(a: Fraction, b: Fraction) -> Fraction:
    """The largest g with a/g and b/g both integers (for positive a, b)."""
    return Fraction(math.gcd(a.numerator * b.denominator, b.numerator * a.denominator), a.denominator * b.denominator)


def common_scale(values: list[Num]) -> Fraction:
    """A scale at which every value (column or constant) is an integer."""
    g: Fraction | None = None
    for v in values:
        s = v.scale if not v.is_const else abs(v.const)  # type: ignore[arg-type]
        if s == 0:
            continue
        g = s if g is None else fgcd(g, s)
    return g if g is not None else Fraction(1)


def need_width(lo: int, hi: int) -> bool:
    """True if [lo, hi] needs Int128; raises Unsupported beyond Int128."""
    m = max(abs(lo), abs(hi))
    if m > I128:
        raise Unsupported("中间结果可能超出 128 位整数范围")
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
    m = v.scale / g
    assert m.denominator == 1 and m > 0, (v.scale, g)
    k = int(m)
    if k == 1:
        return Ints(v.expr, v.lo, v.hi, v.wide)  # type: ignore[arg-type]
    lo, hi = v.lo * k, v.hi * k
    wide = need_width(lo, hi) or v.wide
    return Ints(widen(v.expr, v.wide, wide) * lit_int(k), lo, hi, wide)  # type: ignore[operator]


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
            raise Unsupported(f"“{_text(e)}”不是数值")  # pragma: no cover - the type checker forbids it
        return v

    def flag(self, e: ir.Expr) -> Flag:
        v = self.value(e)
        if not isinstance(v, Flag):
            raise Unsupported(f"“{_text(e)}”不是条件")  # pragma: no cover
        return v

    def _value(self, e: ir.Expr) -> Value:
        kind = type(e)
        if kind is ir.Const:
            return constant(e.value, e.type)  # type: ignore[attr-defined]
        if kind is ir.Input:
            name = e.name  # type: ignore[attr-defined]
            if name in self.scope.overrides:
                return constant(self.scope.overrides[name], e.type)
            return self.scope.inputs(name)
        if kind is ir.Param:
            name = e.name  # type: ignore[attr-defined]
            if name in self.scope.overrides:
                return constant(self.scope.overrides[name], e.type)
            p = self.scope.policy.params[name]
            return unknown(e.type) if p.value is None else constant(p.value, e.type)
        if kind is ir.Field:
            if self.scope.fields is None:
                raise Unsupported(f"字段“{e.name}”只能在逐项之内使用")  # type: ignore[attr-defined]  # pragma: no cover
            return self.scope.fields(e.name)  # type: ignore[attr-defined]
        if kind is ir.Derived:
            return self.value(e.expr)  # type: ignore[attr-defined]
        if kind is ir.Aggregate:
            found = self.scope.aggregates.get(e)  # type: ignore[arg-type]
            if found is None:
                raise Unsupported(f"“{_text(e)}”未能按列计算")
            return found
        handler = getattr(self, "on_" + kind.__name__)
        return handler(e)  # type: ignore[no-any-return]

    # ------------------------------------------------------------------ arithmetic
    def on_Arith(self, e: ir.Arith) -> Value:
        a, b = self.num(e.left), self.num(e.right)
        err = any_err(a.err, b.err)
        if a.unknown or b.unknown:
            return replace(UNKNOWN_NUM, err=err)
        if e.op in "+-":
            return add(a, b, e.op, err)
        if e.op == "×":
            return multiply(a, b, err)
        return divide(a, b, err, e)

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
            holds = pl.lit(True) if cond.is_const else (cond.expr.fill_null(False) if cond.nullable else cond.expr)  # type: ignore[union-attr]
            taken = holds if reached is None else reached & holds
            if pending is not None:
                taken = taken & ~pending
            errs.append(when_err(taken, amount.err))
            if cond.is_const:  # holds for every row that gets here
                default = amount
                break
            live.append((cond, amount))
            not_held = ~cond.expr if not cond.nullable else (~cond.expr).fill_null(True)  # type: ignore[operator]
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
        for (cond, _), value in zip(live, exprs):
            if cond.nullable:
                chain = (pl.when if chain is None else chain.when)(cond.expr.is_null()).then(null)  # type: ignore[union-attr]
            chain = (pl.when if chain is None else chain.when)(cond.expr).then(value)
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
        stop = e.op == "或"  # 或 stops at 是, 且 at 否
        if a.is_const and a.const is stop:
            return a
        b = self.flag(e.right)
        if a.is_const and a.const is (not stop):  # the result is b
            return replace(b, err=any_err(a.err, b.err))
        if a.unknown:  # the evaluator still looks at b: 否 且 未知 is 否
            go_on = None
        else:
            go_on = a.expr if stop is False else ~a.expr  # type: ignore[operator]
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
        if not isinstance(key, Other):
            raise Unsupported("查表须用日期")  # pragma: no cover
        if key.unknown:
            return replace(UNKNOWN_NUM, err=key.err)
        rows = [(d, Fraction(v)) for d, v in table.rows]  # type: ignore[arg-type]
        if key.is_const:
            found = [v for d, v in rows if d <= key.const]  # type: ignore[operator]
            if not found:
                return Num(None, const=Fraction(0), err=any_err(key.err, pl.lit(True)))
            return Num(None, const=found[-1], err=key.err)
        values = [const_num(v) for _, v in rows]
        g, parts = align(values)
        chain: Any = None
        for (day, _), part in reversed(list(zip(rows, parts))):
            chain = (pl.when if chain is None else chain.when)(key.expr >= pl.lit(day)).then(part.expr)  # type: ignore[operator]
        out = chain.otherwise(pl.lit(0, dtype=pl.Int64))
        before_first = key.expr < pl.lit(rows[0][0])  # type: ignore[operator]
        if key.nullable:
            before_first = before_first.fill_null(False)
        lo, hi = min(p.lo for p in parts), max(p.hi for p in parts)
        return Num(out, g, min(lo, 0), max(hi, 0), False, key.nullable, any_err(key.err, before_first))

    def on_DaysBetween(self, e: ir.DaysBetween) -> Value:
        a, b = self.value(e.start), self.value(e.end)
        err = any_err(a.err, b.err)
        if not isinstance(a, Other) or not isinstance(b, Other):
            raise Unsupported("天数(…) 须用日期")  # pragma: no cover
        if a.unknown or b.unknown:
            return replace(UNKNOWN_NUM, err=err)
        if a.is_const and b.is_const:
            return Num(None, const=Fraction((b.const - a.const).days), err=err)  # type: ignore[operator]
        expr = (b.column(pl.Date) - a.column(pl.Date)).dt.total_days()
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
    return v if v.err is err else replace(v, err=err)  # type: ignore[arg-type]


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
                return Num(a.expr * 0, Fraction(1), 0, 0, a.wide, True, err)  # type: ignore[operator]
            return Num(None, const=Fraction(0), err=err)
        if c > 0:
            return replace(a, scale=a.scale * c, err=err)  # type: ignore[operator]
        return Num(lit_int(0) - a.expr, a.scale * -c, -a.hi, -a.lo, a.wide, a.nullable, err)  # type: ignore[operator]
    corners = [a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi]
    lo, hi = min(corners), max(corners)
    wide = need_width(lo, hi) or a.wide or b.wide
    expr = widen(a.expr, a.wide, wide) * widen(b.expr, b.wide, wide)  # type: ignore[arg-type]
    return Num(expr, a.scale * b.scale, lo, hi, wide, a.nullable or b.nullable, err)


def divide(a: Num, b: Num, err: pl.Expr | None, e: ir.Expr) -> Num:
    if b.is_const:
        if b.const == 0:  # the evaluator raises on every row it reaches
            return replace(UNKNOWN_NUM, nullable=a.nullable, err=any_err(err, pl.lit(True)))
        return multiply(a, Num(None, const=1 / b.const), err)  # type: ignore[operator]
    raise Unsupported(f"“{_text(e)}”除以一个随企业而变的数，其精确结果没有固定的分母")


def extreme(op: str, args: list[Num], err: pl.Expr | None) -> Num:
    pick = min if op == "min" else max
    consts = [a.const for a in args if a.is_const]
    columns = [a for a in args if not a.is_const]
    if not columns:
        return Num(None, const=pick(consts), err=err)  # type: ignore[type-var]
    if consts:
        columns.append(const_num(pick(consts)))  # type: ignore[type-var]
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
    expr = pl.min_horizontal(exprs) if op == "min" else pl.max_horizontal(exprs)
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
    for a in args:
        if a.nullable or len(keep) == 1:
            continue
        lo, hi = _value_bounds(a)
        for b in keep:
            if b is a:
                continue
            blo, bhi = _value_bounds(b)
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
        g, (x, y) = align([base, step])
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


def _apply(op: str, x: Any, y: Any) -> Any:
    if op == ">":
        return x > y
    if op == ">=":
        return x >= y
    if op == "<":
        return x < y
    if op == "<=":
        return x <= y
    if op == "!=":
        return x != y
    return x == y


def compare_nums(op: str, a: Num, b: Num, err: pl.Expr | None) -> Flag:
    if a.is_const and b.is_const:
        return Flag(None, const=bool(_apply(op, a.const, b.const)), err=err)
    if a.is_const:
        a, b, op = b, a, _FLIP[op]
    if b.is_const:
        return column_vs_constant(op, a, b.const, err)  # type: ignore[arg-type]
    g, (x, y) = align([a, b])
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
            else Flag(_apply(op, a.expr.cast(pl.Int128), lit_int(n)), nullable=True, err=err)
        )  # type: ignore[union-attr]
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
    left = a.column() if not a.is_const else pl.lit(ca)
    right = b.column() if not b.is_const else pl.lit(cb)
    return Flag(_apply(op, left, right), nullable=a.nullable or b.nullable, err=err)


def _text(e: ir.Expr) -> str:
    return e.span.text if e.span is not None else type(e).__name__


__all__ = [
    "Compiler",
    "Scope",
    "Num",
    "Flag",
    "Other",
    "Unsupported",
    "align",
    "at_scale",
    "const_num",
    "any_err",
    "when_err",
    "need_width",
    "widen",
    "lit_int",
    "extreme",
    "I64",
    "I128",
]
