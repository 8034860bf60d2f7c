"""Evaluate a compiled policy over a whole population, column by column, exactly like `evaluate`.

What a clause means is semantics/clause.py's and what the rules between clauses mean is
semantics/cross.py's; this engine runs them on the columnar backend (backends/columnar.py:
`ColumnarClauses` for each clause, with 逐项 on tools/batch/items.py's per-item frames, then
`ColumnarLedger` over the staged clause columns for 取高不重复 and 合计上限). A clause the columnar
compiler cannot make exact (columnar.Unsupported) is evaluated row by row by `backends.exact.evaluate_clause`
itself, on each distinct combination of the facts it reads, and the run says which clause and why.

Result columns: `<条款>[分]` (Int64; null where not determinable), `<条款>:状态` (paid, zero,
ineligible, undetermined, excluded — as in `eval --format json`), `合计[分]` and `可确定`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any

import polars as pl

from policylang.backends.columnar import (
    AMOUNT,
    BOUND,
    FEN,
    I64,
    ROUNDING,
    STATE,
    STATUS,
    STATUSES,
    ClauseOutput,
    ColumnarClauses,
    ColumnarLedger,
    Compiler,
    Flag,
    Num,
    Other,
    Scope,
    Unsupported,
    fgcd,
    limit_subject,
    need_width,
    status_lit,
    sum_columns,
)
from policylang.backends.exact import PAID, UNDETERMINED, Env, evaluate_clause, evaluate_in_order
from policylang.compiler import ir
from policylang.errors import Diagnostic, PolicyError
from policylang.frontend.units import Bool, Date, Enum, ListOf, Text
from policylang.readers.population import ROW, ItemTable, Population, integer_bounds, is_numeric
from policylang.report.i18n import t
from policylang.semantics import clause as semantics_clause
from policylang.semantics import order
from policylang.semantics.cross import apply_cross_clause_rules
from policylang.tools.batch import decide as batch_decide

TOTAL = "合计[分]"
DETERMINABLE = "可确定"


EXPLAIN_ROW_PATH = False  # the row path needs amounts and statuses only: no formula or facts-read text


def amount_column(citation: str) -> str:
    return f"{citation}[分]"


def status_column(citation: str) -> str:
    return f"{citation}:状态"


# ---------------------------------------------------------------------------- results
@dataclass
class Outcome:
    frame: pl.DataFrame  # public columns, then hidden `__ub:` columns
    exact_paths: dict[str, str]  # citation → reason it was computed row by row
    upper_scales: dict[str, Fraction] = field(default_factory=dict)
    exact_rows: dict[str, int] = field(default_factory=dict)  # citation → rows redone by the evaluator

    def public(self) -> pl.DataFrame:
        return self.frame.select([c for c in self.frame.columns if not c.startswith("__")])


PLANS_KEPT = 16  # per engine: the expressions for this many kinds of population (columns, scales, bounds)


@dataclass
class Planned:
    """The outcome as a lazy query over the population, not yet computed."""

    query: pl.LazyFrame  # public columns, then hidden `__ub:` / `__err:` columns
    exact_paths: dict[str, str]
    upper_scales: dict[str, Fraction]
    settled: bool  # no row can be undetermined: nothing for tools/batch/decide.py to decide
    exact_rows: dict[str, int] = field(default_factory=dict)  # citation → rows redone by the evaluator

    def public(self) -> pl.LazyFrame:
        return self.query.select([c for c in self.query.collect_schema().names() if not c.startswith("__")])


@dataclass
class Recipe:
    """How the outcome is computed from a population's columns: layers of columns, then a selection."""

    layers: list[list[pl.Expr]]
    select: list[pl.Expr]
    exact_paths: dict[str, str]
    upper_scales: dict[str, Fraction]
    settled: bool
    exact_rows: dict[str, int] = field(default_factory=dict)  # citation → rows redone by the evaluator

    def on(self, frame: pl.DataFrame) -> Planned:
        query = frame.lazy()
        for layer in self.layers:
            query = query.with_columns(layer)
        return Planned(query.select(self.select), self.exact_paths, self.upper_scales, self.settled, self.exact_rows)


def plan_key(pop: Population, bounds: dict[str, tuple[int, int]]) -> Any:
    """What the expressions built for a population depend on (with the engine's policy, values and clauses)."""
    try:
        key = (
            tuple(pop.frame.schema.items()),
            tuple(sorted(pop.scales.items())),
            tuple(sorted(bounds.items())),
            tuple(sorted((name, str(expr)) for name, expr in pop.read_as.items())),
            pop.id_column,
        )
        hash(key)
    except TypeError:  # pragma: no cover - every dtype, Fraction and bound is hashable
        return None
    return key


# ---------------------------------------------------------------------------- the engine
class Engine:
    """One compiled policy, --set values and a choice of clauses; `run` evaluates a population."""

    def __init__(
        self, policy: ir.CompiledPolicy, overrides: dict[str, Any] | None = None, only: Iterable[str] | None = None
    ):
        self.policy = policy
        self.overrides = dict(overrides or {})
        self.decides = True  # rows undetermined only in appearance are decided (tools/batch/decide.py)
        wanted = set(only) if only is not None else None
        self.plans = [p for p in policy.clauses if wanted is None or p.citation in wanted]
        # what is computed: those, and the clauses their 金额(…) read, each after what it reads
        self.evaluated = order.dependency_order(policy, [p.citation for p in self.plans])
        self.plan_aggregates = {p.citation: aggregates_in(p) for p in self.evaluated}  # each plan's tree walked once
        self.check_group_caps()
        self.check_vocabulary()
        self.plans_made: dict[Any, Recipe] = {}  # plan_key → the expressions built for such a population

    def may_undetermine(self, outputs: list[ClauseOutput]) -> dict[str, bool]:
        """Which clauses can be undetermined on some row: their own unknowns, a 取高不重复 rival's, a
        不重复享受 or 就高不重复 rule's, those of a 合计上限 member listed before them, or a 合计上限's
        limit the text leaves open."""
        may = {o.citation: o.may_undetermine for o in outputs}  # the rules in the order they apply
        for choice in self.policy.choices:  # 不重复享受: two payable members leave each other open
            members = [c for c in choice.citations if c in may]
            if len(members) >= 2:
                for c in members:
                    may[c] = True
        open_caps = {c for cap in self.policy.group_caps if limit_may_be_open(cap) for c in cap.citations}
        for group in self.policy.exclusive:  # a rival's unknown, or an open 合计上限 that may decide the choice
            members = [c for c in group.citations if c in may]
            if len(members) >= 2 and any(may[c] or c in open_caps for c in members):
                for c in members:
                    may[c] = True
        for funds in self.policy.other_funds:  # 就高不重复 against other funds: its reading, or an open member
            members = [c for c in funds.citations if c in may]
            if funds.reading is None or any(may[c] for c in members):
                for c in members:
                    may[c] = True
        for cap in self.policy.group_caps:  # in the order the rules apply them
            open_before = limit_may_be_open(cap)  # cuts any
            for c in (c for c in cap.citations if c in may):
                may[c] = may[c] or open_before
                open_before = open_before or may[c]
        return may

    def check_group_caps(self) -> None:
        for group in (*self.policy.group_caps, *self.policy.other_funds):
            for node in group.limit.walk():
                if isinstance(node, (ir.Field, ir.Aggregate, ir.Lookup)):
                    subject = limit_subject(group)
                    raise PolicyError(Diagnostic("B040", t("batch.group_limit.per_item", subject=subject), group.span))

    def check_vocabulary(self) -> None:
        """Every rounding mode and quantity-limit order this policy uses has a column form: an unknown
        one is refused here, before any row is computed, never rounded or ranked some other way."""
        from policylang.tools.batch.items import LIMIT_ORDERS

        refuse_unknown(t("batch.vocabulary.rounding"), self.policy.rounding.mode, ROUNDING)
        for plan in self.evaluated:
            if plan.items is not None and plan.items.limit is not None:
                refuse_unknown(t("batch.vocabulary.limit_order"), plan.items.limit.order, LIMIT_ORDERS, plan.span)

    # ------------------------------------------------------------------ entry
    def run(self, pop: Population) -> Outcome:
        return self.outcome(self.plan(pop), pop)

    def outcome(self, planned: Planned, pop: Population) -> Outcome:
        """The planned query computed, and the rows it leaves undetermined decided (tools/batch/decide.py)."""
        outcome = Outcome(planned.query.collect(), planned.exact_paths, planned.upper_scales, planned.exact_rows)
        if not self.decides or planned.settled:  # settled: no row can be undetermined, nothing to decide
            return outcome
        return batch_decide.settle(self, pop, outcome)

    def plan(self, pop: Population) -> Planned:
        """The outcome as one lazy query over the population (not yet computed). A population that needs
        only its own columns (no item lists, 名次, 合计/计数 or row-by-row clause) reuses the expressions
        built for an earlier one with the same columns, scales and bounds: the expressions depend on nothing
        else, and building them costs more Python time than computing a small population."""
        from policylang.tools.batch.ranks import with_places

        pop = with_places(self, pop)  # 名次: each place over the whole population first, then a plain fact
        # the enterprises' row numbers, to join items on: only where some item is given (else every list is
        # empty, and each 逐项 and 合计/计数 a constant)
        items_given = any(table.frame.height for table in pop.items.values())
        needs_rows = items_given and any(
            p.items is not None or self.plan_aggregates[p.citation] for p in self.evaluated
        )
        frame = pop.frame.with_columns(pl.int_range(pl.len(), dtype=pl.Int64).alias(ROW)) if needs_rows else pop.frame
        bounds = dict(pop.bounds) if pop.bounds is not None else column_bounds(frame, pop.scales)
        key = None if items_given or self.policy.ranks else plan_key(pop, bounds)
        found = self.plans_made.get(key) if key is not None else None
        if found is not None:
            return found.on(frame)
        extra: dict[str, pl.Series] = {}
        aggregates, broken = self.aggregates_stage(pop, frame, bounds, extra)
        if extra:
            frame = frame.with_columns(list(extra.values()))
            extra = {}
        from policylang.tools.batch import items as item_module
        from policylang.tools.batch.fine import ItemClauses

        scope = Scope(self.policy, self.overrides, self.resolver(pop, bounds), None, aggregates)
        compiler = Compiler(scope)
        backend = ItemClauses(compiler, self.items_runner(pop, frame, bounds, extra))
        computed: dict[str, ClauseOutput] = scope.clauses  # what a later clause's 金额(…) reads
        exact: dict[str, str] = {}
        exact_rows: dict[str, int] = {}  # citation → how many rows the evaluator redid (a Fine sum undecided)
        for plan in self.evaluated:
            backend.ambiguous = None
            try:
                reason = next((broken[k] for k in self.plan_aggregates[plan.citation] if k in broken), None)
                if reason is not None:
                    raise Unsupported(reason)
                computed[plan.citation] = semantics_clause.evaluate_clause(plan, self.policy.rounding, backend)
                if backend.ambiguous is not None:  # rows a Fine sum could not decide: the evaluator's
                    computed[plan.citation], columns = item_module.redo_rows(
                        self, plan, pop, frame, extra, computed[plan.citation], backend.ambiguous, exact_rows
                    )
                    frame = frame.with_columns(columns)
            except Unsupported as why:
                exact[plan.citation] = str(why)
                output, columns = self.exact_output(plan, pop, str(why))
                frame = frame.with_columns(columns)
                computed[plan.citation] = output
        outputs = [computed[p.citation] for p in self.plans]  # a clause read only by another is not shown
        exact = {c: why for c, why in exact.items() if c in {p.citation for p in self.plans}}
        if extra:  # each 逐项's per-enterprise result, one column per clause
            frame = frame.with_columns(list(extra.values()))
        recipe = self.assemble(pop, outputs, compiler, exact)
        recipe.exact_rows = {c: k for c, k in exact_rows.items() if c in {p.citation for p in self.plans}}
        if key is not None and not exact and not extra and not exact_rows and len(self.plans_made) < PLANS_KEPT:
            self.plans_made[key] = recipe
        return recipe.on(frame)

    # ------------------------------------------------------------------ names → columns
    def resolver(self, pop: Population, bounds: dict[str, tuple[int, int]], prefix: str = "") -> Any:
        policy = self.policy

        def resolve(name: str) -> Any:
            info = policy.facts[name]
            column = prefix + name
            if name in pop.frame.columns:
                value = column_value(column, info.type, pop.scales.get(name), bounds.get(column, (0, 0)))
                if not prefix and name in pop.read_as and isinstance(value, Num):
                    value = replace(value, expr=pop.read_as[name])
                if isinstance(value, Num) and any(r.name == name for r in policy.ranks):
                    value = replace(value, nullable=True)  # 名次: no place outside 范围 or where ties leave it open
                return value
            if isinstance(info.type, ListOf):  # pragma: no cover - lists are read through their items
                raise Unsupported(t("batch.unsupported.list_whole", name=name))
            if info.default is ir.MISSING:
                raise PolicyError(Diagnostic("B045", t("batch.missing_fact", name=name)))
            from policylang.backends.columnar import constant

            return constant(info.default, info.type)

        return resolve

    # ------------------------------------------------------------------ items and aggregates
    def aggregates_stage(
        self, pop: Population, frame: pl.DataFrame, bounds: dict[str, tuple[int, int]], extra: dict[str, pl.Series]
    ) -> tuple[dict[ir.Aggregate, Num], dict[ir.Aggregate, str]]:
        """Every 合计/计数 per enterprise, as extra columns of the frame; those without columns, and why."""
        from policylang.tools.batch import items as item_module

        aggregates: dict[ir.Aggregate, Num] = {}
        broken: dict[ir.Aggregate, str] = {}
        for plan in self.evaluated:
            for agg in sorted(self.plan_aggregates[plan.citation], key=repr):
                if agg in aggregates or agg in broken:
                    continue
                try:
                    aggregates[agg] = item_module.aggregate(self, pop, frame, bounds, agg, extra, len(aggregates))
                except Unsupported as why:
                    broken[agg] = str(why)
        return aggregates, broken

    def items_runner(
        self, pop: Population, frame: pl.DataFrame, bounds: dict[str, tuple[int, int]], extra: dict[str, pl.Series]
    ) -> Any:
        """The backend's `over_items`: items.over_items on this population, its result a column of `extra`."""
        from policylang.tools.batch import items as item_module

        def run(backend: ColumnarClauses, items: ir.ItemPlan, one_item: Any, one_group: Any) -> Any:
            name = f"__items{len(extra)}"
            return item_module.over_items(self, pop, frame, items, backend, one_item, one_group, extra, name)

        return run

    # ------------------------------------------------------------------ the exact row path
    def exact_output(self, plan: ir.ClausePlan, pop: Population, why: str) -> tuple[ClauseOutput, list[pl.Series]]:
        """The clause computed row by row, as columns and the output the cross-clause rules start from."""
        fen, status, bound, scale, failed = self.exact_path(plan, pop)
        c = plan.citation
        columns = [
            fen.alias(f"__fen:{c}"),
            status.alias(f"__st:{c}"),
            bound.alias(f"__bd:{c}"),
            failed.alias(f"__fail:{c}"),
        ]
        lo, hi = int(bound.min() or 0), int(bound.max() or 0)  # type: ignore[arg-type]
        upper = Num(pl.col(f"__bd:{c}"), scale, min(lo, 0), max(hi, 0), bound.dtype == pl.Int128, True)
        output = ClauseOutput(
            c,
            pl.col(f"__fen:{c}"),
            pl.col(f"__st:{c}"),
            upper,
            why,
            min(int(fen.min() or 0), 0),  # type: ignore[arg-type]
            max(int(fen.max() or 0), 0),  # type: ignore[arg-type]
            pl.col(f"__fail:{c}"),
            bool((status == UNDETERMINED).any()),
            bool((status == PAID).any()),
        )
        return output, columns

    def exact_path(
        self, plan: ir.ClausePlan, pop: Population
    ) -> tuple[pl.Series, pl.Series, pl.Series, Fraction, pl.Series]:
        """`evaluate_clause` on each distinct combination of the facts this clause reads."""
        rows = python_rows(self.policy, pop, sorted(plan.inputs))
        memo: dict[Any, tuple[int, str, Fraction | None, bool]] = {}
        fens: list[int] = []
        statuses: list[str] = []
        bounds: list[Fraction | None] = []
        failures: list[bool] = []
        for facts, key in rows:
            found = memo.get(key)
            if found is None:
                result = self.exact_clause(plan, facts)
                fen = int(result.amount * 100) if result.status == PAID else 0
                bound = result.upper_bound if result.status == UNDETERMINED else None
                failed = result.status == UNDETERMINED and not result.unspecified
                found = (fen, result.status, bound, failed)
                memo[key] = found
            fens.append(found[0])
            statuses.append(found[1])
            bounds.append(found[2])
            failures.append(found[3])
        self.refuse_past_fen_range(plan, pop, fens)
        import math

        scale = Fraction(1, math.lcm(*[b.denominator for b in bounds if b is not None] or [1]))
        ints = [None if b is None else int(b / scale) for b in bounds]
        return (
            pl.Series(fens, dtype=pl.Int64),
            pl.Series(statuses, dtype=STATUS),
            pl.Series(ints, dtype=pl.Int128 if any(i is not None and abs(i) > I64 for i in ints) else pl.Int64),
            scale,
            pl.Series(failures, dtype=pl.Boolean),
        )

    def refuse_past_fen_range(self, plan: ir.ClausePlan, pop: Population, fens: list[int]) -> None:
        """An award with more 分 than an Int64 column holds (≈ 9.2×10¹⁶ 元) is refused at its row, pointing to
        eval (which pays it exactly): batch's result columns are whole 分 in 64 bits."""
        row = next((k for k, fen in enumerate(fens) if not -I64 - 1 <= fen <= I64), None)
        if row is None:
            return
        header = list(pop.frame.columns)
        column = next((n for n in sorted(plan.inputs) if n in header), pop.id_column or (header[0] if header else ""))
        where, span = pop.where.locate(column, row, header)
        from decimal import Decimal

        amount = f"{Decimal(fens[row]).scaleb(-2):,.2f}"  # exact: a whole number of 分
        message = t("batch.award_past_fen_range", where=where, citation=plan.citation, amount=amount)
        hint = t("batch.files.too_large.hint")
        raise PolicyError(Diagnostic("B061", message, span, suggestion=hint))

    def exact_clause(self, plan: ir.ClausePlan, facts: dict[str, Any]) -> Any:
        """The clause on one row by the exact backend; first, the clauses its 金额(…) read (their
        facts are among this clause's inputs, so the row's key covers them)."""
        if not order.referenced(plan):
            env = Env(self.policy, facts, self.overrides)
            env.explain = EXPLAIN_ROW_PATH
            return evaluate_clause(plan, env)
        return evaluate_in_order(self.policy, facts, self.overrides, {plan.citation})[0]

    # ------------------------------------------------------------------ cross-clause rules and the result
    def assemble(self, pop: Population, outputs: list[ClauseOutput], comp: Compiler, exact: dict[str, str]) -> Recipe:
        """The cross-clause rules of semantics/cross.py on the staged clause columns, then the result: the
        layers of columns and the final selection, to be laid on the population's frame."""
        first = (
            [o.fen.alias(AMOUNT + o.citation) for o in outputs]
            + [o.status.alias(STATE + o.citation) for o in outputs]
            + [o.upper.expr.alias(BOUND + o.citation) for o in outputs if o.upper is not None]  # type: ignore[union-attr]
        )
        may = self.may_undetermine(outputs)
        ledger = ColumnarLedger(self.policy, None, {o.citation: o for o in outputs}, comp, may)
        ledger.layers.append(first)
        apply_cross_clause_rules(self.policy, [o.citation for o in outputs], ledger)
        ledger.stage()  # whatever a rule left pending
        fen = {o.citation: ledger.column(AMOUNT + o.citation) for o in outputs}
        status = {o.citation: ledger.column(STATE + o.citation) for o in outputs}
        public: list[pl.Expr] = []
        if pop.id_column:
            public.append(pl.col(pop.id_column))
        undet = {c: s == status_lit(UNDETERMINED) for c, s in status.items() if may[c]}
        for o in outputs:
            c = o.citation
            amount = pl.when(undet[c]).then(None).otherwise(fen[c]) if may[c] else fen[c]
            public.append(amount.alias(amount_column(c)))
            public.append(status[c].alias(status_column(c)))
        total = sum_columns(list(fen.values())) if fen else pl.lit(0, dtype=pl.Int64)  # amounts are never null
        public.append(total.alias(TOTAL))
        determinable = ~pl.any_horizontal(list(undet.values())) if undet else pl.lit(True)
        public.append(determinable.alias(DETERMINABLE))
        upper_scales = {}
        for o in outputs:  # for the summary: what an undetermined award can be at most (null: no bound known)
            c = o.citation
            settled = c in ledger.settled
            if (o.upper is not None or settled) and may[c]:
                own_scale = o.upper.scale if o.upper is not None else FEN
                bound = pl.col(BOUND + c) if o.upper is not None else pl.lit(None, dtype=pl.Int64)
                scale = own_scale
                if settled:  # paid alone, undetermined only because a rival is: at most its own amount
                    scale = fgcd(scale, FEN)
                    own = ledger.own(c) * int(FEN / scale)
                    bound = pl.coalesce(own, bound * int(own_scale / scale))
                public.append(pl.when(undet[c]).then(bound).otherwise(None).alias(BOUND + c))
                upper_scales[c] = scale
        for o in outputs:  # for the summary: where the evaluator would stop with an error
            if o.failed is not None:
                public.append(o.failed.fill_null(False).alias(f"__err:{o.citation}"))
        return Recipe(ledger.layers, public, exact, upper_scales, not undet)


ENGINES_KEPT = 8
_engines: dict[Any, Engine] = {}


def engine_for(
    policy: ir.CompiledPolicy, overrides: dict[str, Any] | None = None, only: Iterable[str] | None = None
) -> Engine:
    """An Engine for these arguments, the one made last time for the same ones (the API's repeated calls:
    its checks and the expressions it built are reused; the key holds the policy itself, so an id is never
    confused with another policy's)."""
    chosen = tuple(only) if only is not None else None
    try:
        key: Any = (id(policy), tuple(sorted((overrides or {}).items())), chosen)
        hash(key)
    except TypeError:  # an override value that cannot be a key: a new engine each time
        return Engine(policy, overrides, chosen)
    found = _engines.get(key)
    if found is None or found.policy is not policy:
        found = Engine(policy, overrides, chosen)
        if len(_engines) >= ENGINES_KEPT:
            _engines.pop(next(iter(_engines)))
        _engines[key] = found
    return found


def limit_may_be_open(cap: ir.GroupCapPlan) -> bool:
    """Whether a 合计上限's limit needs a number the text leaves open (then it is not known on any row)."""
    return any(isinstance(n, ir.Param) and n.unspecified for n in cap.limit.walk())


def refuse_unknown(what: str, value: str, known: dict[str, Any], span: Any = None) -> None:
    if value not in known:
        raise PolicyError(
            Diagnostic(
                "B046",
                t("batch.vocabulary.unknown", what=what, value=value),
                span,
                suggestion=t("batch.vocabulary.unknown.hint", known="、".join(known)),
            )
        )


# ---------------------------------------------------------------------------- helpers
def aggregates_in(plan: ir.ClausePlan) -> set[ir.Aggregate]:
    out: set[ir.Aggregate] = set()
    for e in plan.expressions():
        for node in e.walk():
            if isinstance(node, ir.Aggregate):
                out.add(node)
    return out


def column_value(column: str, t: Any, scale: Fraction | None, bound: tuple[int, int]) -> Any:
    if isinstance(t, Bool):
        return Flag(pl.col(column))
    if isinstance(t, Date):
        return Other(pl.col(column), lo=bound[0], hi=bound[1])
    if isinstance(t, (Enum, Text)):
        return Other(pl.col(column))
    assert scale is not None, column
    lo, hi = bound
    return Num(pl.col(column), scale, lo, hi, need_width(lo, hi))


def column_bounds(frame: pl.DataFrame, scales: dict[str, Fraction]) -> dict[str, tuple[int, int]]:
    """Each integer and date column's minimum and maximum (joined enterprise columns included), for overflow analysis."""
    return integer_bounds(frame, skip=lambda c: c == ROW)


def python_value(value: Any, t: Any, scale: Fraction | None) -> Any:
    if value is None:
        return None
    if is_numeric(t):
        return Fraction(value) * scale  # type: ignore[operator]
    return value


def python_rows(policy: ir.CompiledPolicy, pop: Population, names: list[str]) -> Iterable[tuple[dict[str, Any], Any]]:
    """Each row's facts (only `names`) as the evaluator takes them, and a hashable key of them."""
    scalars = [n for n in names if not isinstance(policy.facts[n].type, ListOf)]
    lists = [n for n in names if isinstance(policy.facts[n].type, ListOf)]
    present = [n for n in scalars if n in pop.frame.columns]
    constants = {n: policy.facts[n].default for n in scalars if n not in pop.frame.columns}
    items_by_row = {n: item_lists(policy, pop.items.get(n), n) for n in lists}
    types = {n: policy.facts[n].type for n in present}
    places = {r.name for r in policy.ranks}
    columns = (
        pop.frame.select([pop.integers(n).alias(n) for n in present]).iter_rows()
        if present
        else iter([()] * pop.height)
    )
    for row_index, values in enumerate(columns):
        facts = dict(constants)
        for n, v in zip(present, values, strict=True):
            if v is None and n in places:  # no place (outside 范围, or open between tied rows): not given
                continue
            facts[n] = python_value(v, types[n], pop.scales.get(n))
        key_lists = []
        for n in lists:
            found = items_by_row[n].get(row_index, ())
            facts[n] = [dict(item) for item in found]
            key_lists.append(found)
        yield facts, (tuple(values), tuple(key_lists))


def item_lists(policy: ir.CompiledPolicy, table: ItemTable | None, name: str) -> dict[int, tuple[Any, ...]]:
    if table is None:
        return {}
    info = policy.facts[name]
    assert isinstance(info.type, ListOf)
    fields = [f for f, _ in info.type.fields if f in table.frame.columns]
    types = dict(info.type.fields)
    out: dict[int, list[Any]] = {}
    for row, *values in table.frame.select([ROW, *fields]).iter_rows():
        item = tuple((f, python_value(v, types[f], table.scales.get(f))) for f, v in zip(fields, values, strict=True))
        out.setdefault(row, []).append(item)
    return {k: tuple(v) for k, v in out.items()}


__all__ = [
    "DETERMINABLE",
    "STATUS",
    "STATUSES",
    "TOTAL",
    "ClauseOutput",
    "Engine",
    "Outcome",
    "amount_column",
    "engine_for",
    "status_column",
]
