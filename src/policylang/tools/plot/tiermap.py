"""The tier map of one clause over two facts (LYG 三(一)3: firms served × trade volume).

The axes are cut at every threshold the compiled form implies for each fact (tools/plot/curve.py's
affine analysis, the other facts held at the base case); each rectangle between two cuts on each
axis is one cell, evaluated exactly at a point inside it. A cell pays 0 while a cell no larger on
either axis pays: that is a gap between tiers (check's TIER001), framed; a cell where two tier rows
hold is an overlap (TIER002), named. check's counterexamples for the clause (the TIER family) are
marked where they fall.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from itertools import pairwise
from typing import Any

from policylang.backends import exact
from policylang.compiler import ir
from policylang.frontend.units import Type
from policylang.tools.plot.curve import default_end, resolution, thresholds


@dataclass(frozen=True)
class Cell:
    x0: Fraction
    x1: Fraction
    y0: Fraction
    y1: Fraction
    x: Fraction  # the point inside the cell the clause is evaluated at
    y: Fraction
    status: str
    amount: Fraction
    rows: tuple[int, ...]  # the tier rows (1-based) whose conditions hold there
    gap: bool = False


@dataclass(frozen=True)
class Counterexample:
    code: str
    title: str
    x: Fraction
    y: Fraction


@dataclass
class TierMap:
    citation: str
    title: str
    x_fact: str
    y_fact: str
    x_type: Type
    y_type: Type
    x_edges: list[Fraction]
    y_edges: list[Fraction]
    cells: list[Cell]
    examples: list[Counterexample]


def edges(
    plan: ir.ClausePlan, fact: str, env: exact.Env, ty: Type, lo: Fraction, hi: Fraction | None
) -> list[Fraction]:
    cuts = [m.value for m in thresholds(plan, fact, env)]
    end = hi if hi is not None else default_end(cuts, lo, ty)
    return sorted({lo, end, *(c for c in cuts if lo < c < end)})


def inside(a: Fraction, b: Fraction, ty: Type) -> Fraction:
    """A value of the fact strictly inside (a, b) where there is one on its resolution, else the middle."""
    step = resolution(ty)
    middle = (a + b) / 2
    snapped = (middle // step) * step
    return snapped if a < snapped < b else middle


def build_map(
    policy: ir.CompiledPolicy,
    plan: ir.ClausePlan,
    facts: dict[str, Any],
    overrides: dict[str, Any],
    axes: tuple[str, str],
    ranges: tuple[tuple[Fraction, Fraction | None], tuple[Fraction, Fraction | None]],
    examples: list[Counterexample],
) -> TierMap:
    xf, yf = axes
    xt, yt = policy.facts[xf].type, policy.facts[yf].type
    env = exact.Env(policy, facts, overrides)
    xe = edges(plan, xf, env, xt, *ranges[0])
    ye = edges(plan, yf, env, yt, *ranges[1])
    tiers = next((n for root in plan.expressions() for n in root.walk() if isinstance(n, ir.Tiered)), None)
    grid: dict[tuple[int, int], Cell] = {}
    for i, (x0, x1) in enumerate(pairwise(xe)):
        for j, (y0, y1) in enumerate(pairwise(ye)):
            x, y = inside(x0, x1, xt), inside(y0, y1, yt)
            case = {**facts, xf: x, yf: y}
            c = exact.evaluate(policy, case, overrides, [plan.citation]).clause(plan.citation)
            assert c is not None
            grid[i, j] = Cell(
                x0, x1, y0, y1, x, y, str(c.status), c.amount, rows_holding(policy, tiers, case, overrides)
            )
    cells = []
    for (i, j), cell in grid.items():
        smaller_pays = any(
            other.amount > 0 and other.status == ir.Status.PAID for (k, m), other in grid.items() if k <= i and m <= j
        )
        gap = cell.amount == 0 and cell.status != ir.Status.UNDETERMINED and smaller_pays
        cells.append(Cell(**{**cell.__dict__, "gap": gap}))
    shown = [e for e in examples if xe[0] <= e.x <= xe[-1] and ye[0] <= e.y <= ye[-1]]
    return TierMap(plan.citation, plan.title, xf, yf, xt, yt, xe, ye, cells, shown)


def rows_holding(
    policy: ir.CompiledPolicy, tiers: ir.Tiered | None, facts: dict[str, Any], overrides: dict[str, Any]
) -> tuple[int, ...]:
    """The tier rows (1-based, 其他 left out) whose conditions hold for these facts."""
    if tiers is None:
        return ()
    env = exact.Env(policy, facts, overrides)
    out = []
    for n, row in enumerate(tiers.rows, 1):
        if row.condition is None:
            continue
        try:
            holds = exact.ev(row.condition, env)
        except exact.EvaluationError:
            continue
        if holds is True:
            out.append(n)
    return tuple(out)


def counterexamples(path: str, citation: str, axes: tuple[str, str]) -> list[Counterexample]:
    """check's TIER-family counterexamples for the clause, at their values of the two facts."""
    from policylang.readers.cases import load_case
    from policylang.tools.check import load, tiers
    from policylang.tools.check.context import Context
    from policylang.tools.check.unchecked import FAILURES

    policy, tree = load(path)
    ctx = Context(policy, tree)
    out: list[Counterexample] = []
    for check in (tiers.gaps_and_monotonicity, tiers.overlaps_and_unreachable):
        ctx.done = {p.citation for p in policy.clauses if p.citation != citation}
        try:
            findings = list(check(ctx))
        except FAILURES:  # the solver could not conclude: no counterexample to mark
            continue
        for f in findings:
            for e in f.examples if f.citation == citation else ():
                facts = load_case(e.yaml, e.label, policy).facts
                if all(isinstance(facts.get(a), Fraction) for a in axes):
                    out.append(Counterexample(f.code, e.title, facts[axes[0]], facts[axes[1]]))
    return out
