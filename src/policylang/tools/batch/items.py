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
    I64,
    UNKNOWN_NUM,
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
    widen,
)
from policylang.compiler import ir
from policylang.readers.population import INDEX, ROW, Population
from policylang.report.i18n import t

ENTERPRISE = "__e:"  # prefix of an enterprise fact joined onto its items


def inputs_read(exprs: list[ir.Expr]) -> set[str]:
    return {n.name for e in exprs for n in e.walk() if isinstance(n, ir.Input)}


def item_scope(
    engine: Any, pop: Population, frame: pl.DataFrame, list_name: str, exprs: list[ir.Expr]
) -> tuple[pl.DataFrame, Compiler, Compiler]:
    """The items joined with the enterprise facts they read; compilers for item and enterprise scope."""
    from policylang.tools.batch.engine import column_bounds, column_value

    table = pop.items[list_name]
    facts = sorted(n for n in inputs_read(exprs) if n in pop.frame.columns)
    joined = table.frame
    if facts:
        enterprise = frame.select([pl.col(ROW)] + [pop.integers(n).alias(ENTERPRISE + n) for n in facts])
        joined = joined.join(enterprise, on=ROW, how="left", maintain_order="left")
    bounds = column_bounds(joined, table.scales)
    info = engine.policy.facts[list_name].type

    def field(name: str) -> Any:
        return column_value(name, info.field(name), table.scales.get(name), bounds.get(name, (0, 0)))

    inputs = engine.resolver(pop, bounds, prefix=ENTERPRISE)
    items = Compiler(Scope(engine.policy, engine.overrides, inputs, field))
    enterprise_scope = Compiler(Scope(engine.policy, engine.overrides, inputs, None))
    return joined, items, enterprise_scope


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
) -> Num:
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
    if it.measure_limit is not None:  # a share of an item depends on the others' order: row by row
        raise Unsupported(t("batch.unsupported.measure_limit"))
    joined, comp, enterprise = item_scope(engine, pop, frame, it.items, exprs)
    with backend.scoped(comp):
        holds, amount = one_item()
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
    group_limits: list[Num] = []
    for i, lim in enumerate(limits):  # each group cap's limit, read once per group in the groups' frame
        if lim.unknown:
            group_limits.append(UNKNOWN_NUM)
            continue
        ints = at_scale(replace(lim, err=None), group_scale)
        columns.append(widen(ints.expr, ints.wide, True).alias(f"__gl{i}"))
        group_err = None
        if lim.err is not None:
            columns.append(lim.err.alias(f"__gle{i}"))
            group_err = pl.col(f"__gle{i}")
        group_limits.append(Num(pl.col(f"__gl{i}"), group_scale, ints.lo, ints.hi, True, lim.nullable, group_err))
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


def _no_facts(name: str) -> Any:
    """A group's frame holds only the group's subtotal and cap limits."""
    raise Unsupported(t("batch.unsupported.items"))


__all__ = ["LIMIT_ORDERS", "aggregate", "over_items"]
