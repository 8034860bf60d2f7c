"""Item lists column by column: 逐项 (per-item awards, item caps, groups, quantity limits, group caps)
and 合计/计数, reduced to one exact value per enterprise.

The items of every enterprise sit in one table (population.ItemTable: ROW, INDEX, fields); the
enterprise facts an item expression reads are joined onto it. Per item the same Num/Flag
columns as for enterprises are built; then `group_by` does what the exact backend's `over_items` does
per case: the items that count, the most favourable (or first listed) within each group, each
group's caps, the sum. An item that is not determinable makes its enterprise's result not
determinable; an item the evaluator would fail on marks its enterprise's `err`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from fractions import Fraction
from typing import Any

import polars as pl

from policylang.backends.columnar import (
    FEN,
    I64,
    UNKNOWN_NUM,
    ClauseOutput,
    ColumnarClauses,
    Compiler,
    Flag,
    Num,
    Scope,
    Unsupported,
    any_err,
    at_scale,
    common_scale,
    const_num,
    need_width,
    when_err,
    widen,
)
from policylang.compiler import ir
from policylang.readers.population import INDEX, ROW, ItemTable, Population
from policylang.report.i18n import t
from policylang.tools.batch.fine import FINE, Fine, Ratio, lift

ENTERPRISE = "__e:"  # prefix of an enterprise fact joined onto its items
ROOM_BITS = 127  # an item whose fine-sum products could pass 2**ROOM_BITS ÷ (items + 2) is redone row by row


def inputs_read(exprs: list[ir.Expr]) -> set[str]:
    return {n.name for e in exprs for n in e.walk() if isinstance(n, ir.Input)}


def item_scope(
    engine: Any, pop: Population, frame: pl.DataFrame, list_name: str, exprs: list[ir.Expr]
) -> tuple[pl.DataFrame, Compiler, Compiler]:
    """The items joined with the enterprise facts they read; compilers for item and enterprise scope."""
    from policylang.tools.batch.engine import column_bounds, column_value

    table = pop.items[list_name]
    facts = sorted(n for n in inputs_read(exprs) if n in pop.frame.columns)
    joined, scales = coarsen(table.frame, table.scales)
    if facts:
        enterprise = frame.select([pl.col(ROW)] + [pop.integers(n).alias(ENTERPRISE + n) for n in facts])
        joined = joined.join(enterprise, on=ROW, how="left", maintain_order="left")
    bounds = column_bounds(joined, scales)
    info = engine.policy.facts[list_name].type

    def field(name: str) -> Any:
        return column_value(name, info.field(name), scales.get(name), bounds.get(name, (0, 0)))

    inputs = engine.resolver(pop, bounds, prefix=ENTERPRISE)
    items = Compiler(Scope(engine.policy, engine.overrides, inputs, field))
    enterprise_scope = Compiler(Scope(engine.policy, engine.overrides, inputs, None))
    return joined, items, enterprise_scope


def coarsen(frame: pl.DataFrame, scales: dict[str, Fraction]) -> tuple[pl.DataFrame, dict[str, Fraction]]:
    """Each item field's integers divided by the largest power of ten that divides them all (an area
    read at 10⁻⁸ 平方米 whose values have 2 decimals is kept at 10⁻²): the same exact values with
    smaller integers, so products of fields (a Ratio's n × d) stay far inside Int128."""
    out = dict(scales)
    columns = []
    for name, scale in scales.items():
        if name not in frame.columns or not frame.schema[name].is_integer():
            continue
        dtype = frame.schema[name]
        for k in (12, 8, 6, 4, 2, 1):
            m = pl.lit(10**k, dtype=dtype)
            if scale * 10**k <= 1 and bool(frame.select((pl.col(name) % m == 0).all()).item()):
                columns.append(pl.col(name) // m)
                out[name] = scale * 10**k
                break
    return (frame.with_columns(columns) if columns else frame), out


def max_items(pop: Population, list_name: str) -> int:
    f = pop.items[list_name].frame
    if f.height == 0:
        return 0
    return int(f.group_by(ROW).len()["len"].max())  # type: ignore[arg-type]


def sum_width(v: Num, count: int) -> bool:
    return need_width(min(v.lo, 0) * count, max(v.hi, 0) * count) or v.wide


def spread(frame: pl.DataFrame, per_row: pl.LazyFrame) -> pl.DataFrame:
    """Per-enterprise results on every row of the frame (rows without items have none)."""
    return frame.select(ROW).lazy().join(per_row, on=ROW, how="left", maintain_order="left").collect()


def narrow(s: pl.Series) -> tuple[pl.Series, bool]:
    """Int128 back to Int64 where the values allow it."""
    if s.dtype == pl.Int128:
        lo, hi = s.min(), s.max()
        if lo is None or max(abs(int(lo)), abs(int(hi))) <= I64:  # type: ignore[arg-type]
            return s.cast(pl.Int64), False
        return s, True
    return s, False


def result_num(name: str, value: pl.Series, err: pl.Series | None, scale: Fraction, extra: dict[str, pl.Series]) -> Num:
    value, wide = narrow(value.alias(name))
    extra[name] = value
    err_expr = None
    if err is not None and err.any():
        extra[name + ":err"] = err.alias(name + ":err")
        err_expr = pl.col(name + ":err")
    lo, hi = value.min(), value.max()
    lo, hi = min(int(lo or 0), 0), max(int(hi or 0), 0)  # type: ignore[arg-type]
    return Num(pl.col(name), scale, lo, hi, wide, value.null_count() > 0, err_expr)


# ---------------------------------------------------------------------------- 合计 / 计数
def aggregate(
    engine: Any,
    pop: Population,
    frame: pl.DataFrame,
    bounds: dict[str, tuple[int, int]],
    agg: ir.Aggregate,
    extra: dict[str, pl.Series],
    k: int,
) -> Num:
    """合计(列表, 每项的值) or 计数(列表[, 条件]) per enterprise: the first undeterminable item decides."""
    if agg.items not in pop.items or pop.items[agg.items].frame.height == 0:
        return const_num(0)  # every list is empty
    exprs = [agg.expr] if agg.expr is not None else []
    joined, comp, _ = item_scope(engine, pop, frame, agg.items, exprs)
    if agg.op == "count":
        hit = Flag(None, const=True) if agg.expr is None else comp.flag(agg.expr)
        if hit.unknown:
            v = Num(None, nullable=True, err=hit.err)
        elif hit.is_const:
            v = replace(const_num(1 if hit.const else 0), err=hit.err)
        else:
            v = Num(hit.expr.cast(pl.Int64), Fraction(1), 0, 1, False, hit.nullable, hit.err)  # type: ignore[union-attr]
    else:
        v = comp.num(agg.expr)  # type: ignore[arg-type]
    scale = Fraction(1) if v.is_const and not v.unknown else v.scale
    if v.unknown:
        value = pl.lit(None, dtype=pl.Int64)
    elif v.is_const:
        value = pl.lit(v.const.numerator, dtype=pl.Int64)  # type: ignore[union-attr]
        scale = Fraction(1, v.const.denominator)  # type: ignore[union-attr]
    else:
        value = v.expr  # type: ignore[assignment]
    count = max_items(pop, agg.items)
    size = abs(v.const.numerator) if v.const is not None else 0
    wide = sum_width(Num(None, lo=size, hi=size) if v.is_const and not v.unknown else v, count)
    err = v.err if v.err is not None else pl.lit(False)
    items = joined.lazy().select(pl.col(ROW), widen(value, v.wide, wide).alias("__v"), err.alias("__e"))
    bad = pl.col("__e") | pl.col("__v").is_null()
    per_row = items.group_by(ROW).agg(
        pl.col("__v").sum().alias("__sum"),
        pl.col("__e").filter(bad).first().alias("__first_bad_err"),
        bad.any().alias("__any_bad"),
    )
    full = spread(frame, per_row)
    result = full.select(
        pl.when(pl.col("__any_bad").is_null())
        .then(0)
        .when(pl.col("__any_bad"))
        .then(None)
        .otherwise(pl.col("__sum"))
        .alias("v"),
        pl.col("__first_bad_err").fill_null(False).alias("e"),
    )
    return result_num(f"__agg{k}", result["v"], result["e"], scale, extra)


# ---------------------------------------------------------------------------- 逐项
def _best_first(amount: pl.Expr, index: pl.Expr) -> pl.Expr:
    return amount.rank("ordinal", descending=True)  # a tie keeps the earlier-listed: items sit in listed order


def _listed_first(amount: pl.Expr, index: pl.Expr) -> pl.Expr:
    return index.rank("ordinal")


# quantity-limit order → each item's rank within its group (1 = counted first)
LIMIT_ORDERS: dict[str, Callable[[pl.Expr, pl.Expr], pl.Expr]] = {"最有利": _best_first, "申报顺序": _listed_first}


def group_limit_columns(limits: list[Num], group_scale: Fraction, columns: list[pl.Expr]) -> list[Num]:
    """Each group cap's limit as an item-frame column at `group_scale` (appended to `columns`, with its error
    column), read once per group in the groups' frame; an unknown limit stays unknown."""
    out: list[Num] = []
    for i, lim in enumerate(limits):
        if lim.unknown:
            out.append(UNKNOWN_NUM)
            continue
        ints = at_scale(replace(lim, err=None), group_scale)
        columns.append(widen(ints.expr, ints.wide, True).alias(f"__gl{i}"))
        group_err = None
        if lim.err is not None:
            columns.append(lim.err.alias(f"__gle{i}"))
            group_err = pl.col(f"__gle{i}")
        out.append(Num(pl.col(f"__gl{i}"), group_scale, ints.lo, ints.hi, True, lim.nullable, group_err))
    return out


def over_items(
    engine: Any,
    pop: Population,
    frame: pl.DataFrame,
    it: ir.ItemPlan,
    backend: ColumnarClauses,
    one_item: Callable[[], tuple[Flag, Num]],
    one_group: Callable[[Num], Num],
    extra: dict[str, pl.Series],
    name: str,
) -> Num | Fine:
    """semantics' over_items per enterprise: `one_item` on the items' frame (its fields and the
    enterprise facts it reads joined on), the items that count, the quantity limit within each group,
    `one_group` (the group caps) on the groups' frame, the groups added up."""
    if it.items not in pop.items or pop.items[it.items].frame.height == 0:
        return const_num(0)
    exprs = [c.expr for c in it.conditions] + [it.award] + [c.limit for c in it.caps + it.group_caps]
    if any(isinstance(n, ir.Aggregate) for e in exprs for n in e.walk()):
        raise Unsupported(t("batch.unsupported.aggregate_in_items"))
    if any(c.already_paid is not None for c in it.group_caps):
        raise Unsupported(t("batch.unsupported.group_cap_history"))
    if it.measure_limit is not None:
        exprs += [it.measure_limit.measure, it.measure_limit.limit]
    joined, comp, enterprise = item_scope(engine, pop, frame, it.items, exprs)
    with backend.scoped(comp):
        holds, amount = one_item()
    if isinstance(amount, Ratio) or it.measure_limit is not None:  # no static scale: fine sums
        return over_items_fine(
            engine, pop, frame, it, backend, (holds, amount), (joined, comp, enterprise), one_group, extra, name
        )
    err = any_err(holds.err, amount.err)  # each error counts only where the evaluator reaches it (ItemGuard)
    if amount.unknown:
        amt, scale = pl.lit(None, dtype=pl.Int64), Fraction(1)
        lo = hi = 0
    else:
        scale = common_scale([amount])
        ints = at_scale(amount, scale)
        amt, lo, hi = ints.expr, ints.lo, ints.hi
        if sum_width(Num(None, lo=lo, hi=hi), max_items(pop, it.items)):
            amt = widen(amt, ints.wide, True)
    counted = holds.column().fill_null(False) & amt.is_not_null()  # where it is unknown, the amount is too
    key = [pl.col(it.group_by)] if it.group_by else []
    limits = [enterprise.num(c.limit) for c in it.group_caps]
    group_scale = common_scale([Num(pl.lit(0), scale)] + [lim for lim in limits if not lim.unknown])
    columns = [
        pl.col(ROW),
        pl.col(INDEX),
        amt.alias("__amt"),
        (err if err is not None else pl.lit(False)).alias("__err"),
        amt.is_null().alias("__pend"),
        counted.alias("__cnt"),
    ] + [k.alias("__key") for k in key]
    group_limits = group_limit_columns(limits, group_scale, columns)
    lf = joined.lazy().select(columns)
    flags = lf.group_by(ROW).agg(pl.col("__err").any(), pl.col("__pend").any())
    chosen = lf.filter(pl.col("__cnt"))
    groups_by = [ROW] + (["__key"] if key else [])
    if it.limit is not None:
        rank = LIMIT_ORDERS[it.limit.order](pl.col("__amt"), pl.col(INDEX)).over(groups_by)
        chosen = chosen.filter(rank <= it.limit.count)
    factor = int(scale / group_scale)
    count = max_items(pop, it.items)
    subtotal = Num(pl.col("__sub"), group_scale, min(lo, 0) * count * factor, max(hi, 0) * count * factor, True)
    per_group_columns = [c for c in lf.collect_schema().names() if c.startswith("__gl")]
    groups = chosen.group_by(groups_by).agg(
        [(pl.col("__amt").cast(pl.Int128).sum() * factor).alias("__sub")]
        + [pl.col(c).first() for c in per_group_columns]
    )
    group_scope = Compiler(Scope(engine.policy, engine.overrides, _no_facts, None))
    for cap, limit in zip(it.group_caps, group_limits, strict=True):
        group_scope.memo[id(cap.limit)] = (cap.limit, limit)
    with backend.scoped(group_scope):
        capped = one_group(subtotal)
    capped_expr = pl.lit(None, dtype=pl.Int128) if capped.unknown else at_scale(capped, group_scale).expr
    per_group = groups.select(
        pl.col(ROW),
        capped_expr.alias("__capped"),
        (capped.err if capped.err is not None else pl.lit(False)).alias("__gerr"),
    )
    per_row = per_group.group_by(ROW).agg(
        pl.col("__capped").sum(), pl.col("__capped").is_null().any().alias("__gnull"), pl.col("__gerr").any()
    )
    per_row = flags.join(per_row, on=ROW, how="left")
    full = spread(frame, per_row)
    undeterminable = (
        pl.col("__pend").fill_null(False)
        | pl.col("__gnull").fill_null(False)
        | pl.col("__err").fill_null(False)
        | pl.col("__gerr").fill_null(False)
    )
    result = full.select(
        pl.when(undeterminable).then(None).otherwise(pl.col("__capped").fill_null(0)).alias("v"),
        (pl.col("__err").fill_null(False) | pl.col("__gerr").fill_null(False)).alias("e"),
    )
    return result_num(name, result["v"], result["e"], group_scale, extra)


# ---------------------------------------------------------------------------- 逐项 without a static scale
def over_items_fine(
    engine: Any,
    pop: Population,
    frame: pl.DataFrame,
    it: ir.ItemPlan,
    backend: ColumnarClauses,
    item: tuple[Flag, Num | Ratio],
    scopes: tuple[pl.DataFrame, Compiler, Compiler],
    one_group: Callable[[Any], Any],
    extra: dict[str, pl.Series],
    name: str,
) -> Fine:
    """over_items where an item's amount is a Ratio (it divides by a column) or a measure limit
    shares it: each item's amount exact as n ÷ d, the quantity limit and the measure's order by
    exact comparison, each counted item ⌊at the fine unit⌋ with a mark where inexact, then the
    groups' caps and the sum as `Fine` (tools/batch/fine.py). A row whose order could not be
    confirmed exactly is marked ambiguous (the exact evaluator redoes it)."""
    holds, amount = item
    joined, comp, enterprise = scopes
    r = lift(amount)
    err = any_err(holds.err, r.err)
    count = max(max_items(pop, it.items), 1)
    limits = [enterprise.num(c.limit) for c in it.group_caps]
    unit = FEN / FINE  # rounding boundaries (half a 分) are whole units
    if r.unknown:
        n, d = pl.lit(None, dtype=pl.Int128), pl.lit(1, dtype=pl.Int128)
        n_lo = n_hi = 0
        ratio = Fraction(1)
    else:
        n_scale = common_scale([r.n])  # a constant amount (99.99元) is whole only at its own scale
        n_ints = at_scale(replace(r.n, err=None), n_scale)
        n = n_ints.expr.cast(pl.Int128)
        n_lo, n_hi = n_ints.lo, n_ints.hi
        d = at_scale(replace(r.d, err=None), Fraction(1)).expr.cast(pl.Int128)
        ratio = n_scale / unit  # an item's value in units: n × a ÷ (d × b)
    a, b = ratio.numerator, ratio.denominator
    counted = holds.column().fill_null(False) & n.is_not_null()
    key = [pl.col(it.group_by)] if it.group_by else []
    columns = [
        pl.col(ROW),
        pl.col(INDEX),
        n.alias("__n"),
        d.alias("__d"),
        n.is_null().alias("__pend"),
        counted.alias("__cnt"),
    ] + [k.alias("__key") for k in key]
    errs = [err]
    ml = it.measure_limit
    if ml is not None:
        m = comp.num(ml.measure)
        lim = enterprise.num(ml.limit)
        known = [replace(v, err=None) for v in (m, lim) if not v.unknown]
        g = common_scale(known)
        m_expr = pl.lit(None, dtype=pl.Int128) if m.unknown else at_fine(m, g)
        l_expr = pl.lit(None, dtype=pl.Int128) if lim.unknown else at_fine(lim, g)
        columns += [m_expr.alias("__m"), l_expr.alias("__L")]
        errs.append(when_err(counted, m.err))  # the measure is read for an item that counts
        errs.append(when_err(counted, lim.err))  # … and the limit where a group has one
        columns[4] = (n.is_null() | (counted & m_expr.is_null())).alias("__pend")
    item_err = any_err(*errs)
    columns.append((item_err if item_err is not None else pl.lit(False)).alias("__err"))
    group_scale = common_scale([Num(pl.lit(0), FEN)] + [lim for lim in limits if not lim.unknown])
    group_limits = group_limit_columns(limits, group_scale, columns)
    lf = joined.lazy().select(columns)
    flags = lf.group_by(ROW).agg(pl.col("__err").any(), pl.col("__pend").any())
    chosen = lf.filter(pl.col("__cnt"))
    # an item whose products below could leave Int128 (by its own numbers): its enterprise is redone
    # by the evaluator; its numbers are replaced by 0 ÷ 1 so nothing overflows meanwhile
    measure = pl.max_horizontal(pl.col("__m").abs(), pl.lit(1, dtype=pl.Int128)) if ml is not None else pl.lit(1)
    nf, df, mf = (x.cast(pl.Float64) for x in (pl.col("__n").abs(), pl.col("__d"), measure))
    room = float(2**ROOM_BITS) / (count + 2)
    too_big = (nf * a * mf > room) | (df * b * mf > room) | (nf > 2.0**62) | (df * mf > 2.0**62)
    chosen = chosen.with_columns(too_big.any().over(ROW).alias("__big"))
    chosen = chosen.with_columns(
        pl.when(pl.col("__big")).then(pl.lit(0, dtype=pl.Int128)).otherwise(pl.col("__n")).alias("__n"),
        pl.when(pl.col("__big")).then(pl.lit(1, dtype=pl.Int128)).otherwise(pl.col("__d")).alias("__d"),
    )
    bad: list[pl.Expr] = [pl.col("__big")]  # rows the evaluator redoes
    chosen = chosen.with_columns(pl.col("__big").alias("__bad0"))
    groups_by = [ROW] + (["__key"] if key else [])
    if it.limit is not None:
        if it.limit.order == ir.LimitOrder.MOST_FAVOURABLE:
            chosen, wrong = by_ratio(chosen, groups_by, pl.col("__n"), pl.col("__d"))
            chosen = chosen.with_columns(wrong.alias(f"__bad{len(bad)}"))
            bad.append(wrong)
            rank = pl.int_range(pl.len()).over(groups_by)
        else:
            rank = pl.col(INDEX).rank("ordinal").over(groups_by) - 1
        chosen = chosen.with_columns(rank.alias("__rank")).filter(pl.col("__rank") < it.limit.count)
    p = q = pl.lit(1, dtype=pl.Int128)
    if ml is not None:
        positive = pl.col("__m") > 0
        if ml.order == ir.LimitOrder.MOST_FAVOURABLE:  # measure 0 first, then the most per unit, then listed
            chosen, wrong = by_ratio(chosen, groups_by, pl.col("__n"), pl.col("__d") * pl.col("__m"), first=~positive)
            chosen = chosen.with_columns(wrong.alias(f"__bad{len(bad)}"))
            bad.append(wrong)
        else:
            chosen = chosen.sort([*groups_by, INDEX])
        plus = pl.max_horizontal(pl.col("__m"), pl.lit(0, dtype=pl.Int128))
        before = plus.cum_sum().over(groups_by) - plus
        left = pl.max_horizontal(pl.col("__L"), pl.lit(0, dtype=pl.Int128)) - before
        paid = pl.min_horizontal(pl.max_horizontal(left, pl.lit(0, dtype=pl.Int128)), pl.col("__m"))
        share = positive & (paid < pl.col("__m"))
        p = pl.when(share).then(paid).otherwise(1)
        q = pl.when(share).then(pl.col("__m")).otherwise(1)
    numerator = pl.col("__n") * pl.lit(a, dtype=pl.Int128) * p
    denominator = pl.col("__d") * pl.lit(b, dtype=pl.Int128) * q
    chosen = chosen.with_columns(
        (numerator // denominator).alias("__v"), (numerator % denominator != 0).cast(pl.Int64).alias("__inexact")
    )
    alpha = max(1, -(-a // b))
    hi = min(max(n_hi, 0) * alpha * count, 2**127 - 1 - count)
    lo = max(min(n_lo, 0) * alpha * count, -(2**127) + 1)
    per_group_columns = [c for c in lf.collect_schema().names() if c.startswith("__gl")]
    aggs = [pl.col("__v").sum().alias("__q"), pl.col("__inexact").sum().alias("__e")]
    if ml is not None:
        aggs.append(pl.col("__L").first().is_null().alias("__open"))
    aggs += [pl.col(c).first() for c in per_group_columns]
    aggs += [pl.col(f"__bad{i}").any() for i in range(len(bad))]
    groups = chosen.group_by(groups_by).agg(aggs)
    open_group = pl.col("__open") if ml is not None else pl.lit(False)
    subtotal = Fine(
        pl.when(open_group).then(None).otherwise(pl.col("__q")),
        pl.col("__e"),
        unit,
        lo,
        hi + count,
        True,
        None,
        pl.any_horizontal([pl.col(f"__bad{i}") for i in range(len(bad))]) if bad else None,
    )
    group_scope = Compiler(Scope(engine.policy, engine.overrides, _no_facts, None))
    for cap, limit in zip(it.group_caps, group_limits, strict=True):
        group_scope.memo[id(cap.limit)] = (cap.limit, limit)
    with backend.scoped(group_scope):
        capped = one_group(subtotal)
    assert isinstance(capped, Fine)
    per_group = groups.select(
        pl.col(ROW),
        capped.q.alias("__capped"),
        capped.e.alias("__ce"),
        (capped.err if capped.err is not None else pl.lit(False)).alias("__gerr"),
        (capped.ambiguous if capped.ambiguous is not None else pl.lit(False)).fill_null(False).alias("__amb"),
    )
    per_row = per_group.group_by(ROW).agg(
        pl.col("__capped").sum(),
        pl.col("__ce").sum(),
        pl.col("__capped").is_null().any().alias("__gnull"),
        pl.col("__gerr").any(),
        pl.col("__amb").any(),
    )
    per_row = flags.join(per_row, on=ROW, how="left")
    full = spread(frame, per_row)
    undeterminable = (
        pl.col("__pend").fill_null(False)
        | pl.col("__gnull").fill_null(False)
        | pl.col("__err").fill_null(False)
        | pl.col("__gerr").fill_null(False)
    )
    result = full.select(
        pl.when(undeterminable).then(None).otherwise(pl.col("__capped").fill_null(0)).alias("q"),
        pl.col("__ce").fill_null(0).cast(pl.Int64).alias("e"),
        (pl.col("__err").fill_null(False) | pl.col("__gerr").fill_null(False)).alias("err"),
        (pl.col("__amb").fill_null(False) & ~undeterminable).alias("amb"),
    )
    extra[name] = result["q"].alias(name)
    extra[name + ":e"] = result["e"].alias(name + ":e")
    err_expr = None
    if result["err"].any():
        extra[name + ":err"] = result["err"].alias(name + ":err")
        err_expr = pl.col(name + ":err")
    ambiguous = None
    if result["amb"].any():
        extra[name + ":amb"] = result["amb"].alias(name + ":amb")
        ambiguous = pl.col(name + ":amb")
    q_lo, q_hi = result["q"].min(), result["q"].max()
    e_hi = int(result["e"].max() or 0)  # type: ignore[arg-type]
    lo_, hi_ = min(int(q_lo or 0), 0), max(int(q_hi or 0), 0) + e_hi  # type: ignore[arg-type]
    return Fine(pl.col(name), pl.col(name + ":e"), unit, lo_, hi_, True, err_expr, ambiguous)


def by_ratio(
    lf: pl.LazyFrame, groups_by: list[str], n: pl.Expr, d: pl.Expr, first: pl.Expr | None = None
) -> tuple[pl.LazyFrame, pl.Expr]:
    """Items sorted within each group by n ÷ d, largest first, ties in listed order (`first` rows
    before all others, in listed order); and, per item, whether its order after the one before it
    is wrong by exact cross multiplication (the float key only proposes the order)."""
    key = n.cast(pl.Float64) / d.cast(pl.Float64)
    if first is not None:
        key = pl.when(first).then(0.0).otherwise(key)
    head = [first.alias("__first")] if first is not None else []
    lf = lf.with_columns(*head, key.alias("__fk"), n.alias("__rn"), d.alias("__rd"))
    order = ([pl.col("__first")] if first is not None else []) + [pl.col("__fk"), pl.col(INDEX)]
    descending = ([True] if first is not None else []) + [True, False]
    lf = lf.sort([*groups_by, *[c.meta.output_name() for c in order]], descending=[False] * len(groups_by) + descending)
    # the item before each, as columns of their own: a window inside the `any().over` below would be
    # evaluated group by group (2 s for 150 k items, against 0.07 s so)
    before = [
        pl.col("__rn").shift(1).over(groups_by).alias("__pn"),
        pl.col("__rd").shift(1).over(groups_by).alias("__pd"),
    ]
    before.append(pl.col(INDEX).shift(1).over(groups_by).alias("__pi"))
    if first is not None:
        before.append(pl.col("__first").shift(1).over(groups_by).alias("__pf"))
    lf = lf.with_columns(before)
    cross = pl.col("__pn") * pl.col("__rd") - pl.col("__rn") * pl.col("__pd")  # ≥ 0: the one before is as large
    wrong = (cross < 0) | ((cross == 0) & (pl.col("__pi") > pl.col(INDEX)))
    if first is not None:
        wrong = pl.when(pl.col("__first") | pl.col("__pf")).then(False).otherwise(wrong)
    return lf, wrong.fill_null(False).any().over(groups_by)


def at_fine(v: Num, g: Fraction) -> pl.Expr:
    ints = at_scale(replace(v, err=None), g)
    return ints.expr.cast(pl.Int128)


# ---------------------------------------------------------------------------- rows a Fine sum left undecided
def redo_rows(
    engine: Any,
    plan: ir.ClausePlan,
    pop: Population,
    frame: pl.DataFrame,
    extra: dict[str, pl.Series],
    output: ClauseOutput,
    ambiguous: pl.Expr,
    counts: dict[str, int],
) -> tuple[ClauseOutput, list[pl.Series]]:
    """The clause's rows where a Fine sum could not decide a cap or the rounding (a limit or half a
    分 exactly inside its interval), computed again by the exact evaluator: only those rows."""
    from policylang.backends.exact import PAID, UNDETERMINED
    from policylang.tools.batch.engine import STATUS

    mask = frame.with_columns(list(extra.values())).select(ambiguous.fill_null(False).alias("m"))["m"]
    rows = mask.arg_true()
    if rows.len() == 0:
        return output, []
    fen, status, bound, _, failed = engine.exact_path(plan, subset(pop, rows))
    if bound.is_not_null().any():  # an undetermined row with a bound: the whole clause row by row
        raise Unsupported(t("batch.unsupported.items"))
    c = plan.citation
    counts[c] = counts.get(c, 0) + rows.len()
    small = pl.DataFrame(
        {
            ROW: frame[ROW].gather(rows),
            f"__xfen:{c}": fen,
            f"__xst:{c}": status.cast(STATUS),
            f"__xfail:{c}": failed,
        }
    )
    full = frame.select(ROW).join(small, on=ROW, how="left", maintain_order="left")
    redo = full[f"__xst:{c}"].is_not_null().alias(f"__redo:{c}")
    columns = [redo, full[f"__xfen:{c}"], full[f"__xst:{c}"], full[f"__xfail:{c}"]]
    again = pl.col(f"__redo:{c}")
    statuses = set(status.to_list())
    patched = replace(
        output,
        fen=pl.when(again).then(pl.col(f"__xfen:{c}")).otherwise(output.fen),
        status=pl.when(again).then(pl.col(f"__xst:{c}")).otherwise(output.status),
        failed=pl.when(again)
        .then(pl.col(f"__xfail:{c}"))
        .otherwise(output.failed if output.failed is not None else pl.lit(False)),
        fen_lo=min(output.fen_lo, int(fen.min() or 0)),
        fen_hi=max(output.fen_hi, int(fen.max() or 0)),
        may_undetermine=output.may_undetermine or UNDETERMINED in statuses,
        may_pay=output.may_pay or PAID in statuses,
    )
    return patched, columns


def subset(pop: Population, rows: pl.Series) -> Population:
    """The population's rows at `rows` (positions), their items renumbered to match."""
    mapping = pl.DataFrame({ROW: rows.cast(pl.Int64), "__new": pl.int_range(rows.len(), dtype=pl.Int64, eager=True)})
    items = {}
    for name, table in pop.items.items():
        f = table.frame.with_columns(pl.col(ROW).cast(pl.Int64)).join(mapping, on=ROW, how="inner")
        f = f.with_columns(pl.col("__new").cast(table.frame.schema[ROW]).alias(ROW)).drop("__new").sort([ROW, INDEX])
        items[name] = ItemTable(f, table.scales)
    return replace(pop, frame=pop.frame[rows], items=items)


def _no_facts(name: str) -> Any:
    """A group's frame holds only the group's subtotal and cap limits."""
    raise Unsupported(t("batch.unsupported.items"))


__all__ = ["LIMIT_ORDERS", "aggregate", "over_items"]
