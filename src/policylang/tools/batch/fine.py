"""Exact values without a static scale, for item lists column by column (issue 16).

A division by a column (`展位费 × (最小(光地面积, 18平方米) ÷ 光地面积)`) has no static scale, so
`backends.columnar.Num` cannot hold it. Two value kinds carry it instead:

`Ratio` — inside one item: `n ÷ d`, `n` a Num and `d` a positive integer column (a Num at scale 1,
bounds ≥ 1). Products, quotients, sums, 最小/最大 (by cross multiplication, d > 0) and 如果 are exact
and reuse the Num arithmetic of backends/columnar.py, so their bounds and Int128 widening are the
same; a Ratio whose numbers could leave Int128 raises `Unsupported` as a Num does.

`Fine` — from a group's sum on: an integer `q` at a fine unit `u` (the amount's scale ÷ 10¹²) with
`e`, how many of the terms summed were inexact. Each inexact term is ⌊x ÷ u⌋ with x strictly
between q and q + 1, so the true value is `q × u` where e = 0 and strictly inside (q, q + e) × u
where e > 0. A cap or "never below 0" is decided exactly whenever the limit lies outside that
interval, and the rounding to 分 whenever the interval holds no rounding boundary (the boundaries
are whole multiples of u). Where neither is decided — a limit or a half 分 exactly inside the
interval — the row is `ambiguous`: those rows only are computed again by the exact evaluator
(tools/batch/items.py counts them), so a result is never off by a 分.

`ItemClauses` is ColumnarClauses with these kinds added to the primitives an item's award, an item
cap, a group cap, a clause cap and the rounding go through; the order of the steps is still
semantics/clause.py's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any

import polars as pl

from policylang.backends.columnar import (
    I128,
    UNKNOWN_NUM,
    ColumnarClauses,
    Compiler,
    Flag,
    ItemGuard,
    Num,
    Unsupported,
    add,
    any_err,
    at_scale,
    choose,
    compare_nums,
    const_num,
    extreme,
    multiply,
    need_width,
    round_fen,
    when_err,
    with_err,
)
from policylang.compiler import ir
from policylang.report.i18n import t

ONE = const_num(1)
FINE = 10**12  # the fine unit is the amount's scale ÷ FINE (even, so half a unit never falls between two)


# ---------------------------------------------------------------------------- Ratio: n ÷ d inside an item
@dataclass(frozen=True, eq=False)
class Ratio:
    """`n ÷ d` per row (d a positive integer column or the constant 1)."""

    n: Num
    d: Num = ONE

    @property
    def unknown(self) -> bool:
        return self.n.unknown

    @property
    def err(self) -> pl.Expr | None:
        return self.n.err

    @property
    def nullable(self) -> bool:
        return self.n.nullable or self.d.nullable


def lift(v: Num | Ratio) -> Ratio:
    return v if isinstance(v, Ratio) else Ratio(v)


def plain(r: Ratio) -> Num | Ratio:
    """A Ratio over the constant 1 is an ordinary Num."""
    return r.n if r.d.is_const and r.d.const == 1 else r


def _unknown(err: pl.Expr | None) -> Ratio:
    return Ratio(replace(UNKNOWN_NUM, err=err))


def r_multiply(a: Ratio, b: Ratio, err: pl.Expr | None) -> Ratio:
    if a.unknown or b.unknown:
        return _unknown(err)
    return Ratio(multiply(a.n, b.n, err), multiply(a.d, b.d, None))


def r_divide(a: Ratio, b: Ratio, err: pl.Expr | None, e: ir.Expr) -> Ratio:
    """a ÷ b = (a.n × b.d) ÷ (a.d × b.n); the evaluator raises where b is 0."""
    if a.unknown or b.unknown:
        return _unknown(err)
    bn = b.n
    if bn.is_const:
        assert bn.const is not None
        if bn.const == 0:
            return _unknown(any_err(err, pl.lit(True)))
        return r_multiply(a, Ratio(const_num(1 / bn.const), b.d), err)
    if bn.lo < 0:  # a divisor that may be negative: the sign would have to move to the numerator
        raise Unsupported(t("batch.unsupported.divide_by_column", text=e.span.text if e.span else "÷"))
    zero = bn.column == 0
    err = any_err(err, zero if not bn.nullable else zero.fill_null(False))
    divisor = Num(pl.when(zero).then(1).otherwise(bn.column), Fraction(1), 1, max(bn.hi, 1), bn.wide, bn.nullable)
    n = multiply(multiply(a.n, b.d, None), const_num(1 / bn.scale), None)  # the divisor's integers, not its value
    n = replace(n, err=err, nullable=(n.nullable or bn.nullable) and not n.is_const)
    return Ratio(n, multiply(a.d, divisor, None))


def r_add(a: Ratio, b: Ratio, op: str, err: pl.Expr | None) -> Ratio:
    if a.unknown or b.unknown:
        return _unknown(err)
    if a.d is b.d or (a.d.is_const and b.d.is_const and a.d.const == b.d.const):
        return Ratio(add(a.n, b.n, op, err), a.d)
    return Ratio(add(multiply(a.n, b.d, None), multiply(b.n, a.d, None), op, err), multiply(a.d, b.d, None))


def r_less_equal(a: Ratio, b: Ratio) -> Flag:
    """a ≤ b, by cross multiplication (both denominators are positive)."""
    return compare_nums("<=", multiply(a.n, b.d, None), multiply(b.n, a.d, None), None)


def r_choose(c: Flag, a: Ratio, b: Ratio, err: pl.Expr | None) -> Ratio:
    if c.is_const:
        chosen = a if c.const else b
        return Ratio(with_err(chosen.n, err), chosen.d)  # type: ignore[arg-type]
    n = choose(c, a.n, b.n, err)
    d = choose(c, a.d if not a.unknown else ONE, b.d if not b.unknown else ONE, None)
    assert isinstance(n, Num) and isinstance(d, Num)
    return Ratio(n, replace(d, lo=max(d.lo, 1)))


def r_extreme(op: str, args: list[Ratio], err: pl.Expr | None) -> Ratio:
    if any(a.unknown for a in args):
        return _unknown(err)
    if all(a.d.is_const and a.d.const == 1 for a in args):
        return Ratio(extreme(op, [a.n for a in args], err))
    best = args[0]
    for other in args[1:]:
        first = r_less_equal(best, other) if op == "min" else r_less_equal(other, best)
        best = r_choose(first, best, other, None)  # a tie keeps either: the same value
    return Ratio(with_err(best.n, err), best.d)  # type: ignore[arg-type]


def rational(comp: Compiler, e: ir.Expr) -> Num | Ratio:
    """The item expression as a Num where it has a static scale, else as a Ratio; only
    +, −, ×, ÷, 最小/最大 and 如果 carry a Ratio (anything else still raises Unsupported)."""
    try:
        return comp.num(e)
    except Unsupported:
        if isinstance(e, ir.Arith):
            a, b = lift(rational(comp, e.left)), lift(rational(comp, e.right))
            err = any_err(a.err, b.err)
            if e.op == "×":
                return plain(r_multiply(a, b, err))
            if e.op == "÷":
                return plain(r_divide(a, b, err, e))
            return plain(r_add(a, b, str(e.op), err))
        if isinstance(e, ir.Extreme):
            args = [lift(rational(comp, x)) for x in e.args]
            return plain(r_extreme(str(e.op), args, any_err(*(x.err for x in args))))
        if isinstance(e, ir.Choose):
            c = comp.flag(e.condition)
            if c.unknown:
                return replace(UNKNOWN_NUM, err=c.err)
            if c.is_const:
                chosen = lift(rational(comp, e.then if c.const else e.otherwise))
                return plain(Ratio(with_err(chosen.n, any_err(c.err, chosen.err)), chosen.d))  # type: ignore[arg-type]
            a, b = lift(rational(comp, e.then)), lift(rational(comp, e.otherwise))
            taken = c.known.fill_null(False) if c.nullable else c.known
            skipped = (~c.known).fill_null(False) if c.nullable else ~c.known
            err = any_err(c.err, when_err(taken, a.err), when_err(skipped, b.err))
            return plain(r_choose(c, a, b, err))
        raise


# ---------------------------------------------------------------------------- Fine: an exact-or-bracketed sum
@dataclass(frozen=True, eq=False)
class Fine:
    """q × unit exactly where e = 0, strictly inside (q, q + e) × unit elsewhere; null = not
    determinable; `ambiguous` marks rows a cap or the rounding could not decide."""

    q: pl.Expr  # Int128
    e: pl.Expr  # Int64, ≥ 0
    unit: Fraction
    lo: int
    hi: int
    nullable: bool = True
    err: pl.Expr | None = None
    ambiguous: pl.Expr | None = None
    depth: int = 0  # caps applied since the last materialised column: each one repeats q several times


MAX_DEPTH = 3  # beyond, the expression would grow too large to plan: the clause takes the row path


def fine_limit(limit: Num, unit: Fraction) -> tuple[pl.Expr, int, int]:
    """A limit (a Num, not a constant-unknown) as an Int128 integer at `unit`."""
    if limit.is_const:
        assert limit.const is not None
        c = limit.const / unit
        if c.denominator != 1:
            raise Unsupported(t("batch.unsupported.items"))
        return pl.lit(int(c), dtype=pl.Int128), int(c), int(c)
    ratio = limit.scale / unit
    if ratio.denominator != 1:
        raise Unsupported(t("batch.unsupported.items"))
    k = int(ratio)
    lo, hi = limit.lo * k, limit.hi * k
    if max(abs(lo), abs(hi)) > I128:
        raise Unsupported(t("batch.unsupported.int128"))
    return limit.column.cast(pl.Int128) * pl.lit(k, dtype=pl.Int128), lo, hi


def fine_min(v: Fine, limit: Num, op: str = "min") -> Fine:
    """min(v, limit) (or max): exact where v is, or where the limit lies outside v's interval."""
    if v.depth >= MAX_DEPTH:
        raise Unsupported(t("batch.unsupported.items"))
    if limit.unknown:
        return replace(
            v, q=pl.lit(None, dtype=pl.Int128), nullable=True, err=any_err(v.err, limit.err), depth=v.depth + 1
        )
    c, clo, chi = fine_limit(replace(limit, err=None), v.unit)
    exact = v.e == 0
    top = v.q + v.e
    if op == "min":
        below, above = top <= c, v.q >= c  # v < c everywhere / v > c everywhere
        q = pl.when(exact).then(pl.min_horizontal(v.q, c)).when(below).then(v.q).otherwise(c)
        lo, hi = min(v.lo, clo), min(v.hi, chi)
        settled = exact | below | above
        keep = ~exact & below
    else:
        below, above = top <= c, v.q >= c
        q = pl.when(exact).then(pl.max_horizontal(v.q, c)).when(above).then(v.q).otherwise(c)
        lo, hi = max(v.lo, clo), max(v.hi, chi)
        settled = exact | below | above
        keep = ~exact & above
    e = pl.when(keep).then(v.e).otherwise(pl.lit(0, dtype=pl.Int64))
    missing = pl.any_horizontal(v.q.is_null(), c.is_null())
    ambiguous = ~settled.fill_null(True)
    return Fine(
        pl.when(missing).then(None).otherwise(q),
        e.fill_null(0),
        v.unit,
        lo,
        hi,
        v.nullable or limit.nullable,
        any_err(v.err, limit.err),
        ambiguous if v.ambiguous is None else v.ambiguous | ambiguous,
        v.depth + 1,
    )


def fine_round(v: Fine, rule: ir.Rounding) -> tuple[Num, pl.Expr]:
    """The declared rounding of v, in 分, and where it is not decided (a boundary inside v's interval)."""
    half = v.unit / 2
    exact = v.e == 0
    low = pl.when(exact).then(v.q * 2).otherwise(v.q * 2 + 1)  # just above q (half a unit: never a boundary)
    high = pl.when(exact).then(v.q * 2).otherwise((v.q + v.e) * 2 - 1)  # just below q + e
    bounds = (v.lo * 2 - 1, v.hi * 2 + 1)  # hi bounds q + e
    need_width(*bounds)
    f_low = round_fen(Num(low, half, bounds[0], bounds[1], True, True), rule)
    f_high = round_fen(Num(high, half, bounds[0], bounds[1], True, True), rule)
    ambiguous = (f_low.column != f_high.column).fill_null(False)
    if v.ambiguous is not None:
        ambiguous = ambiguous | v.ambiguous
    return replace(f_low, err=v.err, nullable=True), ambiguous


# ---------------------------------------------------------------------------- the primitives
class ItemClauses(ColumnarClauses):
    """ColumnarClauses where an item's amount may be a Ratio and a 逐项's result a Fine."""

    def __init__(self, compiler: Compiler, items: Any = None):
        super().__init__(compiler, items)
        self.ambiguous: pl.Expr | None = None  # the clause's rows the exact evaluator must redo

    def award(self, expr: ir.Expr) -> Any:
        try:
            return super().award(expr)
        except Unsupported:
            if self.comp.scope.fields is None:  # a division by a column outside 逐项: still the row path
                raise
            value = rational(self.comp, expr)
            if self.guard is None or not isinstance(value, Ratio):
                return value
            return Ratio(with_err(value.n, when_err(self.guard.reached, value.err)), value.d)  # type: ignore[arg-type]

    def floor_zero(self, amount: Any) -> Any:
        if isinstance(amount, Ratio):
            if amount.unknown:
                return amount
            n = extreme("max", [replace(amount.n, err=None), const_num(0)], None)
            return Ratio(with_err(n, amount.err), amount.d)  # type: ignore[arg-type]
        if isinstance(amount, Fine):
            return fine_min(amount, const_num(0), "max")
        return super().floor_zero(amount)

    def cap_limit(self, cap: ir.CapPlan) -> tuple[Num, pl.Expr | None]:
        """The cap's limit (minus what was already paid, never below 0) and its error."""
        limit = self.comp.num(cap.limit)
        errs = [limit.err]
        if cap.already_paid is not None:
            paid = self.comp.num(cap.already_paid)
            errs.append(paid.err)
            if limit.unknown or paid.unknown:
                limit = UNKNOWN_NUM
            else:
                limit = add(replace(limit, err=None), replace(paid, err=None), "-", None)
        if not limit.unknown:
            limit = extreme("max", [replace(limit, err=None), const_num(0)], None)
        err = any_err(*errs)
        if self.guard is not None:
            err = when_err(self.guard.holds, err)
        return replace(limit, err=None), err

    def cap(self, amount: Any, cap: ir.CapPlan) -> Any:
        if isinstance(amount, Ratio):
            limit, err = self.cap_limit(cap)
            if amount.unknown or limit.unknown:
                return _unknown(any_err(amount.err, err))
            capped = r_extreme("min", [Ratio(replace(amount.n, err=None), amount.d), Ratio(limit)], None)
            return Ratio(with_err(capped.n, any_err(amount.err, err)), capped.d)  # type: ignore[arg-type]
        if isinstance(amount, Fine):
            limit, err = self.cap_limit(cap)
            fine = fine_min(amount, limit)
            return replace(fine, err=any_err(fine.err, err))
        return super().cap(amount, cap)

    def round(self, amount: Any, rule: ir.Rounding) -> Any:
        if isinstance(amount, Fine):
            fen, ambiguous = fine_round(amount, rule)
            self.ambiguous = ambiguous if self.ambiguous is None else self.ambiguous | ambiguous
            return fen
        return super().round(amount, rule)

    def when(self, holds: Flag, amount: Callable[[], Any]) -> Any:
        if holds.is_const and holds.const is False:
            return with_err(const_num(0), holds.err)
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
        if not isinstance(value, Ratio):
            return super().when(holds, lambda: value)
        err = any_err(holds.err, value.err)
        if holds.unknown:
            return _unknown(err)
        if holds.is_const:
            return Ratio(with_err(value.n, err), value.d)  # type: ignore[arg-type]
        return r_choose(holds, value, Ratio(const_num(0)), err)


def at_fine(v: Num, unit: Fraction) -> pl.Expr:
    """A Num (the amount's numerator) as Int128 at `unit`'s multiple: the integer times scale ÷ unit."""
    return at_scale(v, unit).expr.cast(pl.Int128)


__all__ = ["FINE", "Fine", "ItemClauses", "Ratio", "fine_min", "fine_round", "lift", "rational"]
