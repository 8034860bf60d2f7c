"""The award curve of one clause as one fact varies: exact points, not a sampled grid.

The breakpoints are the ones the compiled form implies. Every comparison whose two sides are
affine in the varied fact (the other facts held at the base case) gives the value where the two
sides meet (a threshold, with 含 / 不含 from the operator); every 每满 step over an affine base gives
its step edges; and where a cap starts or stops binding (or any other kink, 最小 / 最大), the two
lines that meet there are solved exactly with Fractions. Between two breakpoints the award is then
linear, so the curve is drawn from the exact backend's values at each breakpoint and one resolution
step (1分, one whole unit of a count) on either side of it: a cliff is a vertical step whose ends
say which side the breakpoint itself belongs to.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import pairwise
from typing import Any

from policylang.backends import exact
from policylang.compiler import ir
from policylang.frontend.units import Money, Quantity, Ratio, Type

Affine = tuple[Fraction, Fraction]  # slope, intercept: slope × fact + intercept
MAX_STEPS = 400  # 每满 step edges drawn at most; beyond, evenly chosen ones (each still exact)
MAX_SPLITS = 64  # kinks looked for per curve beyond the thresholds (caps binding, 最小 / 最大)
MAX_PROBES = 256  # pieces looked into for kinks: a curve that is not piecewise linear stops here
# Count units: a fact in these is a whole number, so "just below 20家" is 19家.
WHOLE_UNITS = frozenset({"个", "家", "人", "包裹", "项", "次", "件", "户", "展位", "单", "笔", "票"})
INCLUSIVE = frozenset({ir.CmpOp.GREATER_EQUAL, ir.CmpOp.LESS_EQUAL, ir.CmpOp.EQUAL})


def resolution(ty: Type) -> Fraction:
    """The smallest step a case can take in a fact of this type: 1分, a whole count, 0.01 of a measure."""
    if isinstance(ty, Money):
        return Fraction(1, 100)
    if isinstance(ty, Quantity) and ty.unit in WHOLE_UNITS:
        return Fraction(1)
    if isinstance(ty, Ratio):
        return Fraction(1, 10000)
    return Fraction(1, 100)


# ---------------------------------------------------------------------------- affine analysis
def reads(e: ir.Expr, fact: str) -> bool:
    return any(isinstance(n, ir.Input) and n.name == fact for n in e.walk())


def affine(e: ir.Expr, fact: str, env: exact.Env) -> Affine | None:
    """`e` as slope × fact + intercept with the other facts at the base case; None where it is not."""
    if not reads(e, fact):
        try:
            value = exact.ev(e, env)
        except Exception:  # an item field outside its item, a division by zero: no line
            return None
        if isinstance(value, (int, Fraction)) and not isinstance(value, bool):
            return (Fraction(0), Fraction(value))
        if not isinstance(e, (ir.Choose, ir.Derived)):  # not known (needs an unspecified number): no line
            return None
    if isinstance(e, ir.Input):
        return (Fraction(1), Fraction(0))
    if isinstance(e, ir.Derived):
        return affine(e.expr, fact, env)
    if isinstance(e, ir.Arith):
        left, right = affine(e.left, fact, env), affine(e.right, fact, env)
        if left is None or right is None:
            return None
        return _combine(e.op, left, right)
    if isinstance(e, ir.Choose) and not reads(e.condition, fact):
        try:
            holds = exact.ev(e.condition, env)
        except Exception:
            return None
        if isinstance(holds, bool):
            return affine(e.then if holds else e.otherwise, fact, env)
        # a condition on an unspecified number: one line still when both branches are the same line
        # (jixi 同比基数 for a new firm whose 上年贸易额 is 0元: 0元 either way)
        then, otherwise = affine(e.then, fact, env), affine(e.otherwise, fact, env)
        return then if then is not None and then == otherwise else None
    if isinstance(e, ir.Extreme):
        # 最大(贸易额 - 基数, 0元): the line of the one argument that moves. Where another argument wins,
        # a breakpoint found on this line is only an extra exact point, never a missed one; the
        # meeting point itself is found as a kink.
        moving = [a for a in e.args if reads(a, fact)]
        return affine(moving[0], fact, env) if len(moving) == 1 else None
    return None


def _combine(op: ir.ArithOp, a: Affine, b: Affine) -> Affine | None:
    if op is ir.ArithOp.ADD:
        return (a[0] + b[0], a[1] + b[1])
    if op is ir.ArithOp.SUBTRACT:
        return (a[0] - b[0], a[1] - b[1])
    if op is ir.ArithOp.MULTIPLY and (a[0] == 0 or b[0] == 0):
        return (a[0] * b[1] + b[0] * a[1], a[1] * b[1])
    if op is ir.ArithOp.DIVIDE and b[0] == 0 and b[1] != 0:
        return (a[0] / b[1], a[1] / b[1])
    return None


@dataclass(frozen=True)
class Threshold:
    """Where a comparison in the clause changes its truth: the value, and whether it is included."""

    value: Fraction
    included: bool
    word: str  # the comparison as the text says it (达到, 超过, …)


def thresholds(plan: ir.ClausePlan, fact: str, env: exact.Env) -> list[Threshold]:
    words: dict[Fraction, list[str]] = {}
    included: dict[Fraction, bool] = {}
    for cmp in _nodes(plan, ir.Cmp):
        left, right = affine(cmp.left, fact, env), affine(cmp.right, fact, env)
        if left is None or right is None or left[0] == right[0]:
            continue
        at = (right[1] - left[1]) / (left[0] - right[0])
        inclusive = cmp.op in INCLUSIVE
        # the text's word with its boundary mark; a word that carries none (超过) gets the operator's
        word = cmp.word if "含" in cmp.word else f"{cmp.word}({'含' if inclusive else '不含'})"
        if word not in words.setdefault(at, []):
            words[at].append(word)
        included.setdefault(at, inclusive)
    return [Threshold(at, included[at], "、".join(words[at])) for at in sorted(words)]


def step_edges(
    plan: ir.ClausePlan, fact: str, env: exact.Env, lo: Fraction, hi: Fraction
) -> tuple[list[Fraction], int]:
    """The 每满 step edges in [lo, hi] (at most MAX_STEPS of them, evenly chosen) and how many there are."""
    edges: set[Fraction] = set()
    count = 0
    for step in _nodes(plan, ir.StepAward):
        base, size = affine(step.base, fact, env), affine(step.step, fact, env)
        if base is None or size is None or base[0] == 0 or size[0] != 0 or size[1] <= 0:
            continue
        ends = sorted(((lo * base[0] + base[1]) / size[1], (hi * base[0] + base[1]) / size[1]))
        first, last = _ceil(ends[0]), _floor(ends[1])
        ks = range(max(first, 1), last + 1)  # ⌊base ÷ step⌋ jumps at each whole k ≥ 1
        count += len(ks)
        if len(ks) > MAX_STEPS:
            ks = range(ks.start, ks.stop, -(-len(ks) // MAX_STEPS))
        edges.update((k * size[1] - base[1]) / base[0] for k in ks)
    return sorted(e for e in edges if lo <= e <= hi), count


def _nodes(plan: ir.ClausePlan, kind: type[Any]) -> Iterator[Any]:
    seen: set[int] = set()
    for root in plan.expressions():
        for n in root.walk():
            if isinstance(n, kind) and id(n) not in seen:
                seen.add(id(n))
                yield n


def _floor(x: Fraction) -> int:
    return x.numerator // x.denominator


def _ceil(x: Fraction) -> int:
    return -((-x.numerator) // x.denominator)


# ---------------------------------------------------------------------------- the curve
@dataclass(frozen=True)
class Sample:
    """The exact backend's result for the clause at one value of the fact."""

    x: Fraction
    status: str
    amount: Fraction
    bound_cap: str | None
    upper_bound: Fraction | None
    raw: Fraction | None
    unrounded: Fraction  # the amount before the one rounding: what the lines of the curve are solved on


@dataclass(frozen=True)
class Breakpoint:
    x: Fraction
    at: Sample
    below: Sample | None  # one resolution step below (None at the range's start)
    above: Sample | None  # one resolution step above (None at the range's end)
    threshold: Threshold | None = None
    step: bool = False  # a 每满 step edge
    kink: bool = False  # a cap starts or stops binding, or another kink

    @property
    def cliff(self) -> bool:
        values = {s.amount for s in (self.below, self.at, self.above) if s is not None}
        return len(values) > 1


@dataclass(frozen=True)
class Piece:
    """Between two breakpoints: linear, with one status (read at its middle)."""

    start: Fraction
    end: Fraction
    middle: Sample
    y_start: Fraction  # the award's limit as the fact comes down to `start` (before rounding)
    y_end: Fraction  # … and as it goes up to `end`


def piece(a: Fraction, b: Fraction, at: Evaluate) -> Piece:
    """The piece between two neighbouring breakpoints: its line through two inner points, exact."""
    q1, q2 = at(a + (b - a) / 4), at(a + 3 * (b - a) / 4)
    slope = (q2.unrounded - q1.unrounded) / (q2.x - q1.x)
    return Piece(a, b, at((a + b) / 2), q1.unrounded + slope * (a - q1.x), q1.unrounded + slope * (b - q1.x))


@dataclass
class Curve:
    citation: str
    title: str
    fact: str
    fact_type: Type
    lo: Fraction
    hi: Fraction
    breakpoints: list[Breakpoint]
    pieces: list[Piece]
    tiered: bool
    step_count: int = 0  # 每满 steps in range (more than are drawn when above MAX_STEPS)
    notes: list[str] = field(default_factory=list)


Evaluate = Callable[[Fraction], Sample]


def sampler(
    policy: ir.CompiledPolicy, citation: str, facts: dict[str, Any], overrides: dict[str, Any], fact: str
) -> Evaluate:
    """The clause's result at a value of `fact`, by the exact backend (as `eval --clause` gives it)."""
    cache: dict[Fraction, Sample] = {}

    def at(x: Fraction) -> Sample:
        if x not in cache:
            result = exact.evaluate(policy, {**facts, fact: x}, overrides, [citation])
            c = result.clause(citation)
            assert c is not None
            cache[x] = Sample(x, str(c.status), c.amount, c.bound_cap, c.upper_bound, c.raw, unrounded(c))
        return cache[x]

    return at


def default_end(points: list[Fraction], lo: Fraction, ty: Type) -> Fraction:
    """25% beyond the largest breakpoint, on a round number; 100 units when there is none."""
    top = max([p for p in points if p > lo], default=None)
    if top is None:
        return lo + (Fraction(100) if not isinstance(ty, Ratio) else Fraction(1))
    wanted = top + (top - lo) / 4
    return _round_up(wanted)


def _round_up(x: Fraction) -> Fraction:
    """A round number (1, 2, 2.5 or 5 × a power of ten) at or above x > 0."""
    if x <= 0:
        return Fraction(1)
    power = Fraction(1)
    while power * 10 <= x:
        power *= 10
    while power > x:
        power /= 10
    for m in (1, 2, Fraction(5, 2), 5, 10):
        if power * m >= x:
            return power * m
    return power * 10  # pragma: no cover - m = 10 always reaches x


def build_curve(
    policy: ir.CompiledPolicy,
    plan: ir.ClausePlan,
    facts: dict[str, Any],
    overrides: dict[str, Any],
    fact: str,
    lo: Fraction,
    hi: Fraction | None,
) -> Curve:
    ty = policy.facts[fact].type
    env = exact.Env(policy, facts, overrides)
    marks = thresholds(plan, fact, env)
    if hi is None:
        hi = default_end([m.value for m in marks] + _cap_guesses(plan, fact, env), lo, ty)
    steps, step_count = step_edges(plan, fact, env, lo, hi)
    eps = resolution(ty)
    at = sampler(policy, plan.citation, facts, overrides, fact)
    xs = {lo, hi, *(m.value for m in marks if lo <= m.value <= hi), *steps}
    # a staircase is not bent lines: its corners are the step edges, already in
    kinks = set() if any(True for _ in _nodes(plan, ir.StepAward)) else _kinks(sorted(xs), at)
    xs |= kinks
    by_value = {m.value: m for m in marks}
    step_set = set(steps)
    ordered = sorted(xs)
    breakpoints = [
        Breakpoint(
            x,
            at(x),
            at(x - eps) if x > lo else None,
            at(x + eps) if x < hi else None,
            by_value.get(x),
            x in step_set,
            x in kinks,
        )
        for x in ordered
    ]
    pieces = [piece(a, b, at) for a, b in pairwise(ordered)]
    tiered = any(True for _ in _nodes(plan, ir.Tiered))
    return Curve(plan.citation, plan.title, fact, ty, lo, hi, breakpoints, pieces, tiered, step_count)


def _cap_guesses(plan: ir.ClausePlan, fact: str, env: exact.Env) -> list[Fraction]:
    """Where a clause-wide cap would bind if the award were linear in the fact: so the default range
    shows the cap (jixi 五(一)2 binds at 20000吨, beyond its 5000吨 threshold)."""
    out = []
    award = affine(plan.award, fact, env) if plan.award is not None else None
    for cap in plan.caps:
        limit = affine(cap.limit, fact, env)
        if award is not None and limit is not None and award[0] != limit[0]:
            out.append((limit[1] - award[1]) / (award[0] - limit[0]))
    return out


def _kinks(xs: list[Fraction], at: Evaluate) -> set[Fraction]:
    """Points between the breakpoints where the award is not one line (a cap starts binding, 最小):
    found where the middle of a piece is off the chord, and solved exactly as the meeting point of
    the lines through the piece's two ends; a piece found bent but not solved is split in halves."""
    found: set[Fraction] = set()
    todo = [(a, b) for a, b in pairwise(xs)]
    probes = 0
    while todo and len(found) < MAX_SPLITS and probes < MAX_PROBES:
        probes += 1
        a, b = todo.pop()
        if b - a <= 0:
            continue
        q = (b - a) / 8
        p = [a + q, a + 2 * q, a + 4 * q, b - 2 * q, b - q]
        s = [at(x) for x in p]
        if len({v.status for v in s}) > 1 or any(v.raw is None for v in s):
            continue  # a status change without a threshold found: left to the end samples
        values = [v.unrounded for v in s]
        if _collinear(p[0], values[0], p[2], values[2], p[4], values[4]) and _collinear(
            p[0], values[0], p[1], values[1], p[3], values[3]
        ):
            continue
        meet = _meet((p[0], values[0]), (p[1], values[1]), (p[3], values[3]), (p[4], values[4]))
        if meet is not None and a < meet < b and meet not in found:
            found.add(meet)
            todo += [(a, meet), (meet, b)]
        elif b - a > Fraction(1, 10**6):
            todo += [(a, a + 4 * q), (a + 4 * q, b)]
    return found


def unrounded(c: exact.ClauseResult) -> Fraction:
    """The award before rounding, from the trace: the raw amount (never below 0) as the binding caps
    left it; a clause that is not paid its own amount (excluded, undetermined) is its amount."""
    if c.raw is None or c.status != ir.Status.PAID:
        return c.amount
    value = max(c.raw, Fraction(0))
    for cap in c.caps:
        if cap.binds and cap.limit is not None:
            value = min(value, max(cap.limit - (cap.already_paid or 0), Fraction(0)))
    return value


def _collinear(x1: Fraction, y1: Fraction, x2: Fraction, y2: Fraction, x3: Fraction, y3: Fraction) -> bool:
    return (y2 - y1) * (x3 - x1) == (y3 - y1) * (x2 - x1)  # unrounded values: exactly


def _meet(
    p1: tuple[Fraction, Fraction],
    p2: tuple[Fraction, Fraction],
    p3: tuple[Fraction, Fraction],
    p4: tuple[Fraction, Fraction],
) -> Fraction | None:
    """Where the line through p1, p2 meets the line through p3, p4."""
    s1 = (p2[1] - p1[1]) / (p2[0] - p1[0])
    s2 = (p4[1] - p3[1]) / (p4[0] - p3[0])
    if s1 == s2:
        return None
    return (p3[1] - p1[1] + s1 * p1[0] - s2 * p3[0]) / (s1 - s2)
