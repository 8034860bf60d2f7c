"""名次 over a population: each enterprise's place, computed before any clause, as a plain fact column.

A place depends on the other enterprises, so it is not a per-row expression: it is a pre-pass over the
whole population (the file is read in one chunk when the policy has a 名次). Only the rows in the
declaration's 范围 are placed; a row outside it has no place (null: a clause that reads it then hinges on
its other conditions, as for any unknown fact). Every backend — the columnar clauses and the exact row
path alike — then reads the column like any other fact, so no backend changes.

Each placed row gets the best and the worst place the text allows:
- lo = 1 + the rows surely in 范围 ahead of it;
- hi, by the tie rule: 同名次 — 1 + the rows possibly in 范围 strictly ahead (ties share the better place,
  the next place is skipped: polars' rank method "min"); 按 FIELD — the same with the second key deciding
  equal keys, rows equal on both keys as 未规定; 未规定 — the rows possibly in 范围 ahead of it or equal to it.
  A row whose 范围 is not determinable counts as possibly ahead.
The place is `lo` where every comparison the policy makes with it (名次 不超过 6, the prize boundaries of
按名次) comes out the same for every place in lo..hi — the place is then the same under every order the
text allows —, and null (not determinable) where a boundary falls inside, e.g. two firms tied for the first
place when the text does not say how ties are placed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import polars as pl

from policylang.compiler import ir
from policylang.errors import Diagnostic, PolicyError
from policylang.readers.population import Population
from policylang.report.i18n import t

if TYPE_CHECKING:
    from policylang.tools.batch.engine import Engine

# A policy with a 名次 is read in one chunk: a place is among the whole population.
WHOLE = 1 << 62

Test = tuple[ir.CmpOp, Fraction, bool]  # op, constant, the place on the left


def with_places(engine: Engine, pop: Population) -> Population:
    """The population with a column per 名次 the selected clauses read (Int64, scale 1; null: no place)."""
    wanted = [r for r in engine.policy.ranks if r.name in {n for p in engine.plans for n in p.inputs}]
    # Placed already: by this pre-pass (its marker column; tools/batch/decide.py re-runs some rows, which are
    # never re-ranked among themselves), or by the file, which gives the place as a case gives it to eval.
    plans = [r for r in wanted if r.name not in pop.frame.columns]
    for r in wanted:
        given = t("rank.batch.given", name=r.name)
        if r.name in pop.frame.columns and marker(r.name) not in pop.frame.columns and given not in pop.notes:
            pop.notes.append(given)
    if not plans:
        return pop
    from policylang.backends.columnar import Compiler, Flag, Scope, Unsupported

    bounds = dict(pop.bounds) if pop.bounds is not None else {}
    scope = Scope(engine.policy, engine.overrides, engine.resolver(pop, bounds), None, {})
    compiler = Compiler(scope)
    columns: list[pl.Series] = []
    scales = dict(pop.scales)
    notes = pop.notes  # the same list: the command reports the notes of the population it read
    for plan in plans:
        try:
            key = compiler.num(ir.Input(engine.policy.facts[plan.key].type, plan.key, span=plan.span))
            tie = None
            if plan.tie_key is not None:
                tie = compiler.num(ir.Input(engine.policy.facts[plan.tie_key].type, plan.tie_key, span=plan.span))
            inside: Flag = compiler.flag(plan.scope) if plan.scope is not None else Flag(None, True)
        except Unsupported as why:
            message = t("rank.batch.unsupported", name=plan.name, why=str(why))
            raise PolicyError(Diagnostic("B060", message, plan.span)) from None
        tests = rank_tests(engine.plans, engine.policy, plan.name)
        place, ranked, undecided = places(pop.frame, plan, ordering(key), ordering(tie), inside, tests)
        columns += [place.alias(plan.name), pl.Series(marker(plan.name), [True] * pop.height, dtype=pl.Boolean)]
        scales[plan.name] = Fraction(1)
        bounds[plan.name] = (1, max(pop.height, 1))
        ties = t("rank.batch.ties", open=undecided, note=why_open(plan)) if undecided else ""
        notes.append(t("rank.batch.note", name=plan.name, ranked=ranked, ties=ties))
    frame = pop.frame.with_columns(columns)
    return replace(pop, frame=frame, scales=scales, bounds=bounds if pop.bounds is not None else None, notes=notes)


def marker(name: str) -> str:
    """The hidden column saying this pre-pass placed `name` (hidden columns start with `__`)."""
    return f"__placed:{name}"


def why_open(plan: ir.RankPlan) -> str:
    """Why some places are open: the text's note, equal on both keys, or rows whose 范围 is not known."""
    if plan.tie is ir.TieRule.UNSPECIFIED:
        return plan.note or ""
    if plan.tie is ir.TieRule.BY_KEY:
        return t("rank.batch.equal_keys", key=plan.key, tie=plan.tie_key or "")
    return t("rank.batch.scope_open")


def ordering(value: Any) -> pl.Expr | None:
    """A key as an integer column that orders as the value does (the scale of a column is positive)."""
    if value is None:
        return None
    if value.expr is None:  # a constant (a fact left out, taking its default): every row equal
        return pl.lit(0, dtype=pl.Int64) if value.const is not None else pl.lit(None, dtype=pl.Int64)
    column: pl.Expr = value.expr if value.scale > 0 else -value.expr
    return column


def places(
    frame: pl.DataFrame,
    plan: ir.RankPlan,
    key: pl.Expr | None,
    tie: pl.Expr | None,
    inside: Any,
    tests: list[Test] | None,
) -> tuple[pl.Series, int, int]:
    """Each row's place (null: outside 范围, or not the same under every order), how many rows are placed
    and how many of those are not determinable."""
    assert key is not None
    first = key.rank("dense", descending=plan.descending).cast(pl.Int64)
    if tie is not None:
        second = tie.rank("dense", descending=plan.tie_descending).cast(pl.Int64)
        combined = first * (second.max() + 1) + second
    else:
        combined = first
    sure = inside.column().fill_null(False) if inside.expr is not None else pl.lit(bool(inside.const))
    maybe = inside.column().fill_null(True) if inside.expr is not None else pl.lit(inside.const is not False)
    df = frame.select(combined.alias("c"), sure.alias("sure"), maybe.alias("maybe"))
    if df.height == 0:
        return pl.Series([], dtype=pl.Int64), 0, 0
    c = df["c"]
    surely = df.filter(pl.col("sure") & pl.col("c").is_not_null())["c"].sort()
    possibly = df.filter(pl.col("maybe") & pl.col("c").is_not_null())["c"].sort()
    open_keys = df.filter(pl.col("maybe") & pl.col("c").is_null()).height  # an unknown key may be ahead
    lo = surely.search_sorted(c, side="left") + 1
    if plan.tie is ir.TieRule.SHARED:
        hi = possibly.search_sorted(c, side="left") + 1 + open_keys
    else:  # 未规定, or equal on both keys: any order of the equal rows
        hi = possibly.search_sorted(c, side="right") + open_keys
    out = df.with_columns(lo.cast(pl.Int64).alias("lo"), hi.cast(pl.Int64).alias("hi")).with_columns(
        decided(tests).alias("decided")
    )
    placed = pl.col("sure") & pl.col("c").is_not_null()
    result = out.select(
        pl.when(placed & pl.col("decided")).then(pl.col("lo")).otherwise(None).alias("place"),
        placed.alias("placed"),
        (placed & ~pl.col("decided")).alias("open"),
    )
    return result["place"], int(result["placed"].sum()), int(result["open"].sum())


def decided(tests: list[Test] | None) -> pl.Expr:
    """Whether every comparison the policy makes with the place is the same at every place in lo..hi."""
    lo, hi = pl.col("lo"), pl.col("hi")
    if tests is None:  # the place is used otherwise than compared with a number: only an exact place will do
        return lo == hi
    same = lo == hi
    out = pl.lit(True)
    for op, bound, left in tests:
        if op in (ir.CmpOp.EQUAL, ir.CmpOp.NOT_EQUAL):  # true at one place only: is it inside lo..hi?
            out = out & (same | (pl.lit(bound) < lo) | (pl.lit(bound) > hi))
            continue
        out = out & (truth(op, lo, bound, left) == truth(op, hi, bound, left))
    return out


def truth(op: ir.CmpOp, place: pl.Expr, bound: Fraction, left: bool) -> pl.Expr:
    value = pl.lit(float(bound)) if bound.denominator != 1 else pl.lit(int(bound))
    a, b = (place, value) if left else (value, place)
    return {
        ir.CmpOp.GREATER: a > b,
        ir.CmpOp.GREATER_EQUAL: a >= b,
        ir.CmpOp.LESS: a < b,
        ir.CmpOp.LESS_EQUAL: a <= b,
    }[op]


def rank_tests(plans: Iterable[ir.ClausePlan], policy: ir.CompiledPolicy, name: str) -> list[Test] | None:
    """Every comparison of the place with a constant (conditions, 按名次's boundaries); None when the
    place is also read some other way (then only a place exact under every order is decided)."""
    tests: list[Test] = []
    covered: set[int] = set()
    seen: set[int] = set()
    exprs = [e for p in plans for e in p.expressions()] + [g.limit for g in policy.group_caps]
    for e in exprs:
        for node in e.walk():
            if isinstance(node, ir.Input) and node.name == name:
                seen.add(id(node))
            if not isinstance(node, ir.Cmp):
                continue
            for place, other, left in ((node.left, node.right, True), (node.right, node.left, False)):
                if isinstance(place, ir.Input) and place.name == name and isinstance(other, ir.Const):
                    if isinstance(other.value, Fraction):
                        tests.append((node.op, other.value, left))
                        covered.add(id(place))
    return tests if seen <= covered else None


__all__ = ["WHOLE", "marker", "places", "rank_tests", "with_places"]
