"""Tier tables (分档): gaps, overlaps, awards that fall as a firm grows, rows that never apply,
and boundary words that contradict each other (超过 … (含)).

"Larger" compares two enterprises on the tier's dimensions — the facts a row bounds from below
(服务企业数, 交易实绩) — with every other fact the same.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

import z3  # type: ignore[import-untyped]

from policylang.backends import symbolic as solver
from policylang.compiler import ir
from policylang.frontend.typecheck import INCLUSIVE_MARKS
from policylang.frontend.units import BOOL
from policylang.report.i18n import t
from policylang.tools.check.context import Context, every_expr
from policylang.tools.check.examples import Trial, amount_text, best_effort, confirmed, describe, example, illustration
from policylang.tools.check.findings import Example, Finding


@dataclass
class Table:
    """One 分档 in a clause: where it sits (clause award or per-item award) and its rows."""

    plan: ir.ClausePlan
    node: ir.Tiered
    items: str | None  # the list, when the table is a per-item award

    @property
    def rows(self) -> list[ir.TierRow]:
        return list(self.node.rows)

    @property
    def conditioned(self) -> list[tuple[int, ir.TierRow]]:
        return [(i, r) for i, r in enumerate(self.node.rows) if r.condition is not None]

    @property
    def is_award(self) -> bool:
        """The clause's award is this table itself (so the clause pays what the table gives)."""
        return self.items is None and self.plan.award is self.node


def tables(ctx: Context) -> Iterator[Table]:
    """The tier tables of the clauses that can pay at all (one that never pays is COND001/COND002's)."""
    for plan in ctx.clauses():
        if not ctx.pays(plan):
            continue
        if plan.award is not None:
            for node in plan.award.walk():
                if isinstance(node, ir.Tiered):
                    yield Table(plan, node, None)
        if plan.items is not None:
            for node in plan.items.award.walk():
                if isinstance(node, ir.Tiered):
                    yield Table(plan, node, plan.items.items)


def _bounds(table: Table, from_below: bool) -> Iterator[tuple[ir.Cmp, tuple[str, str | None]]]:
    """Each comparison of a row that bounds a fact (name, list) from below (or from above), with the fact."""
    up, down = ((">", ">="), ("<", "<=")) if from_below else (("<", "<="), (">", ">="))
    for _, row in table.conditioned:
        assert row.condition is not None
        for node in row.condition.walk():
            if not isinstance(node, ir.Cmp):
                continue
            subject = node.left if node.op in up else node.right if node.op in down else None
            key = _fact_key(subject)
            if key is not None:
                yield node, key


def dimensions(table: Table) -> list[tuple[str, str | None]]:
    """Facts (name, list) that some row bounds from below: growing in them should never hurt."""
    out: list[tuple[str, str | None]] = []
    for _, key in _bounds(table, from_below=True):
        if key not in out:
            out.append(key)
    return out


def _fact_key(e: ir.Expr | None) -> tuple[str, str | None] | None:
    if isinstance(e, ir.Input):
        return (e.name, None)
    if isinstance(e, ir.Field):
        return (e.name, e.items)
    return None


class Formulas:
    """The z3 side of one table for several copies of the facts."""

    def __init__(self, ctx: Context, table: Table):
        self.ctx, self.table = ctx, table
        self.enc = ctx.encoder()

    def eligible(self, copy: str) -> Any:
        parts = [self.enc.eligible(self.table.plan, copy)]
        if self.table.items is not None and self.table.plan.items is not None:
            parts.append(self.enc.conditions(self.table.plan.items.conditions, copy))
        return z3.And(*parts)

    def row(self, row: ir.TierRow, copy: str) -> Any:
        return z3.BoolVal(True) if row.condition is None else self.enc.expr(row.condition, copy)

    def amount(self, row: ir.TierRow, copy: str) -> Any:
        return self.enc.expr(row.amount, copy)

    def first(self, index: int, copy: str) -> Any:
        """Row `index` is the one that pays: it holds and no row before it does."""
        rows = self.table.rows
        return z3.And(self.row(rows[index], copy), *[z3.Not(self.row(r, copy)) for r in rows[:index]])

    def some(self, copy: str) -> Any:
        return z3.Or(*[self.row(r, copy) for _, r in self.table.conditioned])

    def none(self, copy: str) -> Any:
        return z3.Not(self.some(copy))

    def paid(self, copy: str) -> Any:
        return self.enc.paid(self.table.plan, copy)

    def smaller(self, small: str, large: str, dims: list[tuple[str, str | None]]) -> Any:
        """small ≤ large on every dimension; every other fact the same."""
        out = []
        for name, items in dims:
            a = self.enc.field(items, name, small) if items else self.enc.fact(name, small)
            b = self.enc.field(items, name, large) if items else self.enc.fact(name, large)
            out.append(a <= b)
        return z3.And(*out)


def _row_holds(ctx: Context, t: Trial, row: ir.TierRow, items: str | None) -> bool | None:
    if row.condition is None:
        return True
    value = ctx.value(row.condition, t.read, t.item(items))
    return value if isinstance(value, bool) else None


def _dims_text(ctx: Context, table: Table, t: Trial) -> str:
    names = [n for n, items in dimensions(table) if items is None]
    return describe(ctx.policy, t.facts, names) or _some()


def _some() -> str:
    return t("check.tier.some")


def _sized(ctx: Context, key: str, facts: str, cite: str, trial: Trial) -> str:
    """较大的企业（…）：三(一)3 得 0元 — a counterexample's title."""
    return t(key, facts=facts, citation=cite, amount=amount_text(ctx.policy, trial.amount(cite)))


# ---------------------------------------------------------------------------- TIER001 / TIER003
def gaps_and_monotonicity(ctx: Context) -> Iterator[Finding]:
    """A larger firm that falls between tiers (gap), or is simply paid less (not monotonic)."""
    for table in tables(ctx):
        if not table.is_award or not table.conditioned:
            continue
        dims = dimensions(table)
        if not dims:
            continue
        gaps = 0
        for gap in _every_gap(ctx, table, dims):  # one by one: a failure keeps the gaps found before it
            gaps += 1
            yield gap
        found = _not_monotonic(ctx, table, dims, require_row=gaps > 0)
        if found is not None:
            yield found


def _every_gap(ctx: Context, table: Table, dims: list[tuple[str, str | None]]) -> Iterator[Finding]:
    """Every gap of a table, each region once, the lowest first (the order the solver finds them in
    is not stable); where the solver gives up, the gaps already found are still reported."""
    reported: list[list[bool]] = []  # each gap's region: which rows' lower bounds its firm meets
    found: list[tuple[list[bool], Finding]] = []
    try:
        while len(reported) < len(table.conditioned):
            gap = _gap(ctx, table, dims, reported)
            if gap is None:
                break
            found.append((reported[-1], gap))
    finally:
        found.sort(key=lambda rf: (sum(rf[0]), [not v for v in rf[0]]))
        for _, gap in found:
            yield gap


def _upper_bounds(table: Table, dims: list[tuple[str, str | None]]) -> list[ir.Cmp]:
    """The comparisons that bound a tier dimension from above (服务企业数 … 至 30家(不含))."""
    return [node for node, key in _bounds(table, from_below=False) if key in dims]


def _regions(f: Formulas, table: Table, dims: list[tuple[str, str | None]], copy: str) -> list[Any]:
    """For each row, whether the firm meets the row's lower bounds (its upper bounds dropped): the
    firms in one gap meet the same rows' lower bounds, so this names the gap a firm falls in
    (服务30～49家、不超过7亿元 meets 档1's; 服务50家以上、7～10亿元 meets 档1's and 档2's)."""
    always = ir.Const(BOOL, True, "是", span=None)
    for cmp in _upper_bounds(table, dims):
        f.enc.substitute[id(cmp)] = always
    try:
        return [f.row(r, copy) for _, r in table.conditioned]
    finally:
        f.enc.substitute.clear()


def _gap(ctx: Context, table: Table, dims: list[tuple[str, str | None]], reported: list[list[bool]]) -> Finding | None:
    """A gap in a region not yet reported (`reported` gets this one's region)."""
    f = Formulas(ctx, table)
    cite = table.plan.citation
    formulas = [
        f.eligible("x"),
        f.none("x"),
        f.eligible("y"),
        f.some("y"),
        f.paid("y") > f.paid("x"),
        f.eligible("z"),
        f.some("z"),
        f.smaller("y", "x", dims),
        f.smaller("x", "z", dims),
    ]
    differing = [(n, i) for n, i in dims]
    formulas += [f.enc.same_except("x", "y", differing), f.enc.same_except("x", "z", differing)]
    regions = _regions(f, table, dims, "x")
    for seen in reported:
        formulas.append(z3.Or(*[r != z3.BoolVal(v) for r, v in zip(regions, seen, strict=True)]))
    q = solver.Query(f.enc, *formulas)

    def claim(t: list[Trial]) -> bool:
        x, y, z = t
        falls = all(_row_holds(ctx, x, r, None) is False for _, r in table.conditioned)
        reaches = any(_row_holds(ctx, z, r, None) for _, r in table.conditioned)
        return falls and reaches and x.amount(cite) < y.amount(cite) and z.amount(cite) > x.amount(cite)

    if q.check() != solver.SAT:
        return None
    model = q.model()
    region = [z3.is_true(model.eval(r, model_completion=True)) for r in regions]
    # the paid smaller firm from the highest tier below the gap (50家、8亿元 beside 40家、8亿元, not 25家)
    for (index, _), meets in reversed(list(zip(table.conditioned, region, strict=True))):
        if meets and q.fix(f.first(index, "y"), z3.BoolVal(True)):
            break
    trials = confirmed(q, ["x", "y", "z"], claim, {"y": "x", "z": "x"})
    if trials is None:
        return None
    model = q.model()
    reported.append([z3.is_true(model.eval(r, model_completion=True)) for r in regions])
    x, y, z = trials
    big, small, bigger = (_dims_text(ctx, table, trial) for trial in (x, y, z))
    message = t(
        "check.TIER001.message",
        big=big,
        big_amount=amount_text(ctx.policy, x.amount(cite)),
        small=small,
        small_amount=amount_text(ctx.policy, y.amount(cite)),
    )
    notes = (
        t("check.TIER001.bigger", facts=bigger, amount=amount_text(ctx.policy, z.amount(cite))),
        t("check.TIER001.note"),
    )
    examples = (
        example(ctx.policy, x, "larger", _sized(ctx, "check.tier.larger", big, cite, x), [cite]),
        example(ctx.policy, y, "smaller", _sized(ctx, "check.tier.smaller", small, cite, y), [cite]),
    )
    return Finding(
        "TIER001",
        message,
        table.node.span,
        cite,
        notes=notes,
        suggestion=t("check.TIER001.suggestion"),
        examples=examples,
    )


def _not_monotonic(ctx: Context, table: Table, dims: list[tuple[str, str | None]], require_row: bool) -> Finding | None:
    f = Formulas(ctx, table)
    cite = table.plan.citation
    formulas = [f.eligible("x"), f.eligible("y"), f.smaller("y", "x", dims), f.paid("x") < f.paid("y")]
    if require_row:
        formulas += [f.some("x")]
    formulas.append(f.enc.same_except("x", "y", dims))
    q = solver.Query(f.enc, *formulas)
    trials = confirmed(q, ["x", "y"], lambda pair: pair[0].amount(cite) < pair[1].amount(cite), {"y": "x"})
    if trials is None:
        return None
    x, y = trials
    big, small = _dims_text(ctx, table, x), _dims_text(ctx, table, y)
    message = t(
        "check.TIER003.message",
        big=big,
        big_amount=amount_text(ctx.policy, x.amount(cite)),
        small=small,
        small_amount=amount_text(ctx.policy, y.amount(cite)),
    )
    examples = (
        example(ctx.policy, x, "larger", _sized(ctx, "check.tier.larger", big, cite, x), [cite]),
        example(ctx.policy, y, "smaller", _sized(ctx, "check.tier.smaller", small, cite, y), [cite]),
    )
    return Finding(
        "TIER003",
        message,
        table.node.span,
        cite,
        suggestion=t("check.TIER003.suggestion"),
        examples=examples,
    )


# ---------------------------------------------------------------------------- TIER002 / TIER004
def overlaps_and_unreachable(ctx: Context) -> Iterator[Finding]:
    """Two rows that both apply where the first (which pays) gives less; rows that never apply."""
    for table in tables(ctx):
        shadowed = set()
        for j, row in table.conditioned:
            found = _unreachable(ctx, table, j, row)
            if found is not None:
                shadowed.add(j)
                yield found
        for j, row in table.conditioned:
            if j in shadowed:
                continue
            for i, earlier in table.conditioned:
                if i >= j:
                    break
                found = _overlap(ctx, table, i, earlier, j, row)
                if found is not None:
                    yield found  # and go on: the row may overlap another earlier row as well


def _unreachable(ctx: Context, table: Table, j: int, row: ir.TierRow) -> Finding | None:
    f = Formulas(ctx, table)
    cite = table.plan.citation
    if solver.Query(f.enc, f.eligible("x"), f.first(j, "x")).check() != solver.UNSAT:
        return None
    alone = solver.Query(f.enc, f.eligible("x"), f.row(row, "x"))
    text = row.condition.span.text if row.condition is not None and row.condition.span else "…"
    if alone.check() == solver.UNSAT:
        return Finding(
            "TIER004",
            t("check.TIER004.impossible", row=text),
            row.span,
            cite,
            suggestion=t("check.TIER004.impossible.suggestion"),
        )

    def claim(trials: list[Trial]) -> bool:
        x = trials[0]
        value = ctx.value(table.node, x.read, x.item(table.items))
        return (
            _row_holds(ctx, x, row, table.items) is True
            and value is not None
            and value != ctx.value(row.amount, x.read, x.item(table.items))
        )

    trials = best_effort(lambda: illustration(alone, ["x"], claim), None)
    examples: tuple[Example, ...] = ()
    if trials is not None:
        x = trials[0]
        shown = _dims_text(ctx, table, x)
        examples = (example(ctx.policy, x, "case", _sized(ctx, "check.TIER004.title", shown, cite, x), [cite]),)
    return Finding(
        "TIER004",
        t("check.TIER004.shadowed", row=text),
        row.span,
        cite,
        notes=(t("check.tier.first_row"),),
        suggestion=t("check.TIER004.shadowed.suggestion"),
        examples=examples,
    )


def _overlap(ctx: Context, table: Table, i: int, earlier: ir.TierRow, j: int, row: ir.TierRow) -> Finding | None:
    f = Formulas(ctx, table)
    cite = table.plan.citation
    q = solver.Query(
        f.enc, f.eligible("x"), f.first(i, "x"), f.row(row, "x"), f.amount(row, "x") > f.amount(earlier, "x")
    )

    def claim(trials: list[Trial]) -> bool:
        x = trials[0]
        item = x.item(table.items)
        later, first = ctx.value(row.amount, x.read, item), ctx.value(earlier.amount, x.read, item)
        return (
            _row_holds(ctx, x, earlier, table.items) is True
            and _row_holds(ctx, x, row, table.items) is True
            and later is not None
            and first is not None
            and later > first
            and ctx.value(table.node, x.read, item) == first
        )

    trials = confirmed(q, ["x"], claim)
    if trials is None:
        return None
    x = trials[0]
    item = x.item(table.items)
    shown = _dims_text(ctx, table, x)
    low = amount_text(ctx.policy, ctx.value(earlier.amount, x.read, item))
    high = amount_text(ctx.policy, ctx.value(row.amount, x.read, item))
    a = earlier.condition.span.text if earlier.condition is not None and earlier.condition.span else "…"
    b = row.condition.span.text if row.condition is not None and row.condition.span else "…"
    message = t("check.TIER002.message", facts=shown, a=a, low=low, b=b, high=high)
    return Finding(
        "TIER002",
        message,
        row.span,
        cite,
        notes=(t("check.TIER002.note"),),
        suggestion=t("check.TIER002.suggestion"),
        examples=(example(ctx.policy, x, "case", _sized(ctx, "check.TIER002.title", shown, cite, x), [cite]),),
    )


# ---------------------------------------------------------------------------- TIER005
def contradictory_boundaries(ctx: Context) -> Iterator[Finding]:
    """超过 … (含), 低于 … (含): the verb excludes the number, the mark includes it (the mark wins)."""
    for plan in ctx.clauses():
        seen: set[int] = set()
        for e in every_expr(plan):
            for node in e.walk():
                if isinstance(node, ir.Cmp) and node.contradictory and id(node) not in seen:
                    seen.add(id(node))
                    yield _contradictory(ctx, plan, node)


def _contradictory(ctx: Context, plan: ir.ClausePlan, cmp: ir.Cmp) -> Finding:
    text = cmp.span.text if cmp.span is not None else cmp.word
    verb_word = _spelling(cmp.word)[0]
    verb_counts = verb_word.startswith(("达到", "不低于", "不少于", "不超过", "不高于"))
    mark = t(BOUNDARY[cmp.op in INCLUSIVE_OPS])
    verb = t(BOUNDARY[verb_counts])
    message = t("check.TIER005.message", text=text, verb=verb, mark=mark, marker=_marker(cmp.word))
    none: tuple[Example, ...] = ()
    examples = best_effort(lambda: _at_boundary(ctx, plan, cmp), none)
    return Finding(
        "TIER005",
        message,
        cmp.span,
        plan.citation,
        notes=((t("check.TIER005.note"),) if examples else ()) + _migration(ctx, cmp, text),
        suggestion=_one_spelling(cmp),
        examples=examples,
    )


def _migration(ctx: Context, cmp: ir.Cmp, text: str) -> tuple[str, ...]:
    """语言版本 1 (the only version with TIER005): how the file says this boundary under 语言版本 2."""
    if ctx.policy.language_version != 1:
        return ()
    mark, other = ("含", "不含") if cmp.op in INCLUSIVE_OPS else ("不含", "含")
    return (t("bounds.TIER005.migrate", text=text, reading=mark, other=other),)


def _marker(word: str) -> str:
    """What says the boundary counts: the bracket (含)/(不含), or, with none, the word 以上/以下."""
    _, bracket, direction = _spelling(word)
    return t("check.boundary.bracket") if bracket else t("check.boundary.word", word=direction)


def _reading(word: str) -> str:
    """按括注“(含)” / 按“以上”: the reading eval follows, as the counterexample's title names it."""
    _, bracket, direction = _spelling(word)
    return t("check.boundary.by_bracket", mark=bracket) if bracket else t("check.boundary.word", word=direction)


def _one_spelling(cmp: ir.Cmp) -> str:
    """The two ways to say the boundary once, built from this comparison's own subject and threshold
    (煤炭进口落地量 达到 5000吨(含) / 煤炭进口落地量 超过 5000吨)."""
    subject = cmp.left.span.text if cmp.left.span is not None else "…"
    threshold = cmp.right.span.text if cmp.right.span is not None else "…"
    above = cmp.op in (ir.CmpOp.GREATER, ir.CmpOp.GREATER_EQUAL)
    inclusive, exclusive = ("达到", "超过") if above else ("不超过", "低于")
    return t(
        "check.TIER005.suggestion",
        inclusive=f"{subject} {inclusive} {threshold}(含)",
        exclusive=f"{subject} {exclusive} {threshold}",
    )


INCLUSIVE_OPS = frozenset({">=", "<="})
BOUNDARY = {True: "check.boundary.inclusive", False: "check.boundary.exclusive"}


FLIP = {
    ir.CmpOp.GREATER: ir.CmpOp.GREATER_EQUAL,
    ir.CmpOp.GREATER_EQUAL: ir.CmpOp.GREATER,
    ir.CmpOp.LESS: ir.CmpOp.LESS_EQUAL,
    ir.CmpOp.LESS_EQUAL: ir.CmpOp.LESS,
}


def _at_boundary(ctx: Context, plan: ir.ClausePlan, cmp: ir.Cmp) -> tuple[Example, ...]:
    """A case exactly on the boundary where the two readings pay differently (eval follows the mark)."""
    if any(isinstance(n, ir.Field) for n in cmp.walk()):
        return ()  # about an item's field: the boundary is per item, so the finding stands without a case
    enc = ctx.encoder()
    by_mark = enc.paid(plan, "x")
    enc.substitute[id(cmp)] = replace(cmp, op=FLIP[cmp.op], contradictory=False)
    by_verb = enc.paid(plan, "x")
    enc.substitute.clear()
    q = solver.Query(enc, enc.expr(cmp.left, "x") == enc.expr(cmp.right, "x"), by_mark != by_verb)
    expected: list[Any] = []

    def claim(trials: list[Trial]) -> bool:
        x = trials[0]
        model = q.model()
        mark_value, verb_value = (solver.value_of_term(model, f) for f in (by_mark, by_verb))
        expected[:] = [verb_value]
        return (
            ctx.value(cmp.left, x.read) == ctx.value(cmp.right, x.read)
            and x.amount(plan.citation) == mark_value != verb_value
        )

    trials = illustration(q, ["x"], claim)
    if trials is None:
        return ()
    x = trials[0]
    names = sorted({n.name for n in cmp.walk() if isinstance(n, ir.Input)})
    table = _table_of(plan, cmp)
    if table is not None:
        names += [n for n, items in dimensions(table) if items is None and n not in names]
    shown = describe(ctx.policy, x.facts, names)
    title = t(
        "check.TIER005.title",
        facts=shown,
        reading=_reading(cmp.word),
        citation=plan.citation,
        by_mark=amount_text(ctx.policy, x.amount(plan.citation)),
        verb=_spelling(cmp.word)[0],
        by_verb=amount_text(ctx.policy, expected[0]),
    )
    return (example(ctx.policy, x, "case", title, [plan.citation]),)


def _spelling(word: str) -> tuple[str, str, str]:
    """超过(含)以上 → (超过, (含), 以上): the comparison word, its bracket, its direction word (each may be "")."""
    direction = word[-2:] if word.endswith(("以上", "以下")) else ""
    rest = word[: len(word) - len(direction)]
    for mark in INCLUSIVE_MARKS:
        if rest.endswith(mark):
            return rest[: -len(mark)], mark, direction
    return rest, "", direction


def _table_of(plan: ir.ClausePlan, cmp: ir.Cmp) -> Table | None:
    """The clause's tier table whose rows hold this comparison, if any."""
    if isinstance(plan.award, ir.Tiered):
        for row in plan.award.rows:
            if row.condition is not None and any(n is cmp for n in row.condition.walk()):
                return Table(plan, plan.award, None)
    return None
