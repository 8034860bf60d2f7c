"""Evaluate a compiled policy over a whole population, column by column, exactly like `evaluate`.

Per clause, as `evaluate.evaluate_clause` does for one case: conditions (Kleene logic over
unknowns), the award (or the items: per-item conditions, awards and caps, the quantity limit
within each group, group caps), a negative award paid as 0, the caps in order, and one rounding
to the declared unit. Then the cross-clause rules in the evaluator's order: 取高不重复, then
合计上限 taken up in the order listed. A clause the columnar compiler cannot make exact
(columnar.Unsupported) is evaluated row by row by `evaluate.evaluate_clause` itself, on each
distinct combination of the facts it reads, and the run says so.

Result columns: `<条款>[分]` (Int64; null where not determinable), `<条款>:状态` (paid, zero,
ineligible, undetermined, excluded — as in `eval --format json`), `合计[分]` and `可确定`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from fractions import Fraction
from functools import reduce
from typing import Any, Iterable

import polars as pl

from policylang.compiler import ir
from policylang.errors import Diagnostic, PolicyError
from policylang.backends.exact import EXCLUDED, INELIGIBLE, PAID, UNDETERMINED, ZERO, Env, evaluate_clause, round_amount
from policylang.frontend.units import Bool, Date, Enum, ListOf, Text
from policylang.backends.columnar import (
    I64,
    Compiler,
    Flag,
    Num,
    Other,
    Scope,
    Unsupported,
    align,
    any_err,
    at_scale,
    const_num,
    extreme,
    fgcd,
    lit_int,
    need_width,
    widen,
)
from policylang.readers.population import ROW, ItemTable, Population, integer_bounds, is_numeric

STATUSES = (INELIGIBLE, ZERO, PAID, UNDETERMINED, EXCLUDED)
STATUS = pl.Enum(list(STATUSES))
TOTAL = "合计[分]"
DETERMINABLE = "可确定"


def amount_column(citation: str) -> str:
    return f"{citation}[分]"


def status_column(citation: str) -> str:
    return f"{citation}:状态"


_STATUS_LITS: dict[str, pl.Expr] = {}


def status_lit(code: str) -> pl.Expr:
    found = _STATUS_LITS.get(code)
    if found is None:
        found = _STATUS_LITS[code] = pl.lit(code, dtype=STATUS)
    return found


# ---------------------------------------------------------------------------- results
@dataclass
class ClauseOutput:
    citation: str
    fen: pl.Expr  # whole 分 where paid; 0 elsewhere
    status: pl.Expr
    upper: tuple[pl.Expr, Fraction] | None = None  # cap-derived bound for undetermined rows (ints, scale)
    exact_path: str | None = None  # why this clause was computed row by row
    fen_lo: int = 0  # a lower bound of the amount: below 0 only if a cap can be negative
    failed: pl.Expr | None = None  # where the evaluator would stop with an error (a date before a table…)
    may_undetermine: bool = True  # False when no row can be undetermined (so no null checks are built)


@dataclass
class Outcome:
    frame: pl.DataFrame  # public columns, then hidden `__ub:` columns
    exact_paths: dict[str, str]  # citation → reason it was computed row by row
    upper_scales: dict[str, Fraction] = field(default_factory=dict)

    def public(self) -> pl.DataFrame:
        return self.frame.select([c for c in self.frame.columns if not c.startswith("__")])


# ---------------------------------------------------------------------------- the engine
class Engine:
    """One compiled policy, --set values and a choice of clauses; `run` evaluates a population."""

    def __init__(
        self, policy: ir.CompiledPolicy, overrides: dict[str, Any] | None = None, only: Iterable[str] | None = None
    ):
        self.policy = policy
        self.overrides = dict(overrides or {})
        wanted = set(only) if only is not None else None
        self.plans = [p for p in policy.clauses if wanted is None or p.citation in wanted]
        self.check_group_caps()

    def may_undetermine(self, outputs: list[ClauseOutput]) -> dict[str, bool]:
        """Which clauses can be undetermined on some row: their own unknowns, or a 取高不重复 rival's."""
        may = {o.citation: o.may_undetermine for o in outputs}
        for group in self.policy.exclusive:
            members = [c for c in group.citations if c in may]
            if len(members) >= 2 and any(may[c] for c in members):
                for c in members:
                    may[c] = True
        return may

    def check_group_caps(self) -> None:
        for group in self.policy.group_caps:
            for node in group.limit.walk():
                if isinstance(node, (ir.Field, ir.Aggregate, ir.Lookup)):
                    raise PolicyError(
                        Diagnostic(
                            "B040",
                            f"合计上限“{group.name}”的金额须为常数或只由事实算出，批量计算不支持"
                            "按明细或查表给出的合计上限",
                            group.span,
                        )
                    )

    # ------------------------------------------------------------------ entry
    def run(self, pop: Population) -> Outcome:
        needs_rows = bool(pop.items) or any(p.items is not None or aggregates_in(p) for p in self.plans)
        frame = pop.frame.with_columns(pl.int_range(pl.len(), dtype=pl.Int64).alias(ROW)) if needs_rows else pop.frame
        bounds = dict(pop.bounds) if pop.bounds is not None else column_bounds(frame, pop.scales)
        extra: dict[str, pl.Series] = {}
        aggregates: dict[ir.Aggregate, Num] = {}
        item_results: dict[str, Num] = {}
        broken: dict[object, str] = {}
        self.items_stage(pop, frame, bounds, extra, aggregates, item_results, broken)
        if extra:
            frame = frame.with_columns(list(extra.values()))
            bounds.update(column_bounds(frame.select(list(extra)), {}))
            aggregates = {k: self._rebound(v, bounds) for k, v in aggregates.items()}
            item_results = {k: self._rebound(v, bounds) for k, v in item_results.items()}
        scope = Scope(self.policy, self.overrides, self.resolver(pop, bounds), None, aggregates)
        compiler = Compiler(scope)
        outputs: list[ClauseOutput] = []
        exact: dict[str, str] = {}
        for plan in self.plans:
            try:
                reason = next((broken[k] for k in aggregates_of(plan) | {plan.citation} if k in broken), None)
                if reason is not None:
                    raise Unsupported(reason)
                outputs.append(self.clause(plan, compiler, item_results.get(plan.citation)))
            except Unsupported as why:
                exact[plan.citation] = str(why)
                fen, status, bound, scale, failed = self.exact_path(plan, pop)
                c = plan.citation
                frame = frame.with_columns(
                    fen.alias(f"__fen:{c}"),
                    status.alias(f"__st:{c}"),
                    bound.alias(f"__bd:{c}"),
                    failed.alias(f"__fail:{c}"),
                )
                outputs.append(
                    ClauseOutput(
                        c,
                        pl.col(f"__fen:{c}"),
                        pl.col(f"__st:{c}"),
                        (pl.col(f"__bd:{c}"), scale),
                        str(why),
                        min(fen.min() or 0, 0),
                        pl.col(f"__fail:{c}"),
                        bool((status == UNDETERMINED).any()),
                    )
                )
        return self.assemble(frame, pop, outputs, compiler, exact)

    def _rebound(self, v: Num, bounds: dict[str, tuple[int, int]]) -> Num:
        if v.expr is None:
            return v
        name = v.expr.meta.output_name()  # type: ignore[union-attr]
        lo, hi = bounds.get(name, (0, 0))
        return replace(v, lo=min(lo, 0), hi=max(hi, 0))

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
                return value
            if isinstance(info.type, ListOf):  # pragma: no cover - lists are read through their items
                raise Unsupported(f"列表“{name}”须逐项使用")
            if info.default is ir.MISSING:
                raise PolicyError(Diagnostic("B045", f"人群数据缺少事实“{name}”，且它没有默认值"))
            from policylang.backends.columnar import constant

            return constant(info.default, info.type)

        return resolve

    # ------------------------------------------------------------------ one clause
    def clause(self, plan: ir.ClausePlan, comp: Compiler, items_raw: Num | None) -> ClauseOutput:
        ok = all_of([comp.flag(c.expr) for c in plan.conditions])
        if plan.items is not None:
            if items_raw is None:
                raise Unsupported("逐项未能按列计算")
            raw = items_raw
        else:
            assert plan.award is not None
            raw = comp.num(plan.award)
        award_err = raw.err
        amount = raw if raw.unknown else extreme("max", [replace(raw, err=None), const_num(0)], None)
        cap_errs: list[pl.Expr | None] = []
        limits: list[Num] = []
        for cap in plan.caps:
            limit = comp.num(cap.limit)
            cap_errs.append(limit.err)
            if cap.already_paid is None and not limit.unknown:
                limits.append(replace(limit, err=None))
            if cap.already_paid is not None:
                paid = comp.num(cap.already_paid)
                cap_errs.append(paid.err)
                if limit.unknown or paid.unknown:
                    limit = Num(None, nullable=True)
                else:
                    from policylang.backends.columnar import add

                    left = add(replace(limit, err=None), replace(paid, err=None), "-", None)
                    limit = extreme("max", [left, const_num(0)], None)
            amount = cap_amount(amount, replace(limit, err=None))
        fen = round_fen(amount, self.policy.rounding)
        undetermined = any_err(
            award_err,
            *cap_errs,
            fen.expr.is_null() if fen.nullable and fen.expr is not None else None,
            ok.expr.is_null() if ok.nullable and ok.expr is not None else None,
        )
        if fen.unknown or ok.unknown:
            undetermined = pl.lit(True)
        status = status_expr(ok, undetermined, fen)
        paid_fen = paid_amount(ok, undetermined, fen)
        upper = None
        failed = any_err(ok.err, award_err, *cap_errs)
        if failed is not None:  # only where the evaluator gets that far: not for an ineligible row
            failed = failed & (status == status_lit(UNDETERMINED))
        if undetermined is not None and limits:  # as evaluate.undetermined: the least known cap
            g, parts = align(limits)
            wide = any(p.wide for p in parts)
            ub = pl.min_horizontal([widen(p.expr, p.wide, wide) for p in parts])
            if failed is not None:  # an evaluation error leaves no bound
                ub = pl.when(failed).then(None).otherwise(ub)
            upper = (ub, g)
        fen_lo = min(fen.lo if not fen.is_const else int(fen.const or 0), 0)  # type: ignore[arg-type]
        may = undetermined is not None or ok.err is not None
        return ClauseOutput(plan.citation, paid_fen, status, upper, fen_lo=fen_lo, failed=failed, may_undetermine=may)

    # ------------------------------------------------------------------ items and aggregates
    def items_stage(
        self,
        pop: Population,
        frame: pl.DataFrame,
        bounds: dict[str, tuple[int, int]],
        extra: dict[str, pl.Series],
        aggregates: dict[ir.Aggregate, Num],
        item_results: dict[str, Num],
        broken: dict[object, str],
    ) -> None:
        """Per-enterprise results of every 逐项 and 合计/计数, as extra columns of the frame."""
        from policylang.tools.batch import items as item_module

        for plan in self.plans:
            for agg in sorted(aggregates_in(plan), key=repr):
                if agg in aggregates or agg in broken:
                    continue
                try:
                    aggregates[agg] = item_module.aggregate(self, pop, frame, bounds, agg, extra, len(aggregates))
                except Unsupported as why:
                    broken[agg] = str(why)
            if plan.items is not None:
                try:
                    item_results[plan.citation] = item_module.clause_items(self, pop, frame, bounds, plan, extra)
                except Unsupported as why:
                    broken[plan.citation] = str(why)

    # ------------------------------------------------------------------ the exact row path
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
                result = evaluate_clause(plan, Env(self.policy, facts, self.overrides))
                fen = int(result.amount * 100) if result.status == PAID else 0
                bound = result.upper_bound if result.status == UNDETERMINED else None
                failed = result.status == UNDETERMINED and not result.unspecified
                found = (fen, result.status, bound, failed)
                memo[key] = found
            fens.append(found[0])
            statuses.append(found[1])
            bounds.append(found[2])
            failures.append(found[3])
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

    # ------------------------------------------------------------------ cross-clause rules and the result
    def assemble(
        self, frame: pl.DataFrame, pop: Population, outputs: list[ClauseOutput], comp: Compiler, exact: dict[str, str]
    ) -> Outcome:
        """Cross-clause rules, each a stage of columns (so no expression is copied into the next), then the result."""
        first = (
            [o.fen.alias(f"__a:{o.citation}") for o in outputs]
            + [o.status.alias(f"__s:{o.citation}") for o in outputs]
            + [o.upper[0].alias(f"__ub:{o.citation}") for o in outputs if o.upper is not None]
        )
        stage = frame.lazy().with_columns(first)
        rules = CrossRules(self.policy, {o.citation: o for o in outputs}, comp)
        stage = rules.exclusive(stage)
        for group in self.policy.group_caps:
            stage = rules.group_cap(stage, group)
        fen = {o.citation: pl.col(f"__a:{o.citation}") for o in outputs}
        status = {o.citation: pl.col(f"__s:{o.citation}") for o in outputs}
        public: list[pl.Expr] = []
        if pop.id_column:
            public.append(pl.col(pop.id_column))
        may = self.may_undetermine(outputs)
        undet = {c: s == status_lit(UNDETERMINED) for c, s in status.items() if may[c]}
        for o in outputs:
            c = o.citation
            amount = pl.when(undet[c]).then(None).otherwise(fen[c]) if may[c] else fen[c]
            public.append(amount.alias(amount_column(c)))
            public.append(status[c].alias(status_column(c)))
        total = pl.sum_horizontal(list(fen.values())) if fen else pl.lit(0, dtype=pl.Int64)
        public.append(total.alias(TOTAL))
        determinable = ~pl.any_horizontal(list(undet.values())) if undet else pl.lit(True)
        public.append(determinable.alias(DETERMINABLE))
        upper_scales = {}
        for o in outputs:  # for the summary: what an undetermined award can be at most (null: no bound known)
            c = o.citation
            if (o.upper is not None or c in rules.settled) and may[c]:
                bound = pl.col(f"__ub:{c}") if o.upper is not None else pl.lit(None, dtype=pl.Int64)
                scale = o.upper[1] if o.upper is not None else Fraction(1, 100)
                if c in rules.settled:  # paid alone, undetermined only because a rival is: at most its own amount
                    scale = fgcd(scale, Fraction(1, 100))
                    own = pl.col(f"__own:{c}") * int(Fraction(1, 100) / scale)
                    bound = pl.coalesce(own, bound * int((o.upper[1] if o.upper else scale) / scale))
                public.append(pl.when(undet[c]).then(bound).otherwise(None).alias(f"__ub:{c}"))
                upper_scales[c] = scale
        for o in outputs:  # for the summary: where the evaluator would stop with an error
            if o.failed is not None:
                public.append(o.failed.fill_null(False).alias(f"__err:{o.citation}"))
        out = stage.select(public).collect()
        return Outcome(out, exact, upper_scales)


# ---------------------------------------------------------------------------- helpers
def aggregates_in(plan: ir.ClausePlan) -> set[ir.Aggregate]:
    out: set[ir.Aggregate] = set()
    for e in plan.expressions():
        for node in e.walk():
            if isinstance(node, ir.Aggregate):
                out.add(node)
    return out


def aggregates_of(plan: ir.ClausePlan) -> set[object]:
    return set(aggregates_in(plan))


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
        mode = rule.mode
        if mode == "舍去":
            n = n // lit_int(m)
        elif mode == "进一":  # ⌈n / m⌉ (polars cannot negate a 128-bit column)
            n = (n + (m - 1)) // lit_int(m)
        elif mode == "四舍五入":
            n = (n * 2 + m) // lit_int(2 * m)
        else:  # 银行家舍入: half to even
            whole, rest = n // lit_int(m), n % lit_int(m)
            up = (rest * 2 > m) | ((rest * 2 == m) & (whole % 2 == 1))
            n = whole + up.cast(pl.Int64)
        lo, hi = lo // m - 1, hi // m + 1
    if unit != 1:
        n = n * unit
        lo, hi = lo * unit, hi * unit
    if max(abs(lo), abs(hi)) > I64:
        raise Unsupported("金额超出 64 位整数（分）的范围")
    return Num(n.cast(pl.Int64) if wide else n, Fraction(1, 100), lo, hi, False, v.nullable)


def status_expr(ok: Flag, undetermined: pl.Expr | None, fen: Num) -> pl.Expr:
    """paid / zero / ineligible / undetermined, in the evaluator's order of checks."""
    cond_err = ok.err
    chain: Any = None

    def when(c: pl.Expr, code: str) -> None:
        nonlocal chain
        chain = (pl.when if chain is None else chain.when)(c).then(status_lit(code))

    if cond_err is not None:
        when(cond_err, UNDETERMINED)
    if ok.is_const and ok.const is False:
        return chain.otherwise(status_lit(INELIGIBLE)) if chain is not None else status_lit(INELIGIBLE)
    if not ok.is_const:
        when(~ok.expr if not ok.nullable else (~ok.expr).fill_null(False), INELIGIBLE)  # type: ignore[operator]
    if undetermined is not None:
        when(undetermined, UNDETERMINED)
    if fen.is_const:
        last = ZERO if fen.const == 0 else PAID
        return chain.otherwise(status_lit(last)) if chain is not None else status_lit(last)
    when(fen.expr == 0, ZERO)  # type: ignore[operator]
    return chain.otherwise(status_lit(PAID))


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
        holds = ok.expr.fill_null(False) if ok.nullable else ok.expr
    keep = holds if blocked is None else (~blocked if holds is None else holds & ~blocked)
    if keep is None:
        return value.cast(pl.Int64)  # type: ignore[union-attr]
    return pl.when(keep).then(value).otherwise(pl.lit(0, dtype=pl.Int64))


MAX_EXCLUSIVE_CHOICES = 4096  # as evaluate: beyond this the policy is refused for batch


class CrossRules:
    """取高不重复 and 合计上限 over the clause columns `__a:` (分) and `__s:` (status), as evaluate does them."""

    def __init__(self, policy: ir.CompiledPolicy, outputs: dict[str, ClauseOutput], comp: Compiler):
        self.policy = policy
        self.outputs = outputs
        self.comp = comp
        self.settled: set[str] = set()  # clauses a rival's unknown amount can make undetermined
        self.limits = {g.name: self.group_limit(g) for g in policy.group_caps}

    def fen(self, c: str) -> pl.Expr:
        return pl.col(f"__a:{c}")

    def status(self, c: str) -> pl.Expr:
        return pl.col(f"__s:{c}")

    def nonneg(self, c: str) -> bool:
        return self.outputs[c].fen_lo >= 0

    # ------------------------------------------------------------------ 取高不重复
    def exclusive(self, stage: pl.LazyFrame) -> pl.LazyFrame:
        groups = [(g, [c for c in g.citations if c in self.outputs]) for g in self.policy.exclusive]
        groups = [(g, m) for g, m in groups if len(m) >= 2]
        if not groups:
            return stage
        for g, members in groups:  # evaluate.settle_unknown_members, group after group
            stage = self.settle(stage, members)
        capped = {c for gc in self.policy.group_caps for c in gc.citations if self.limits[gc.name] is not None}
        members_all = [c for _, m in groups for c in m]
        if not set(members_all) & capped and len(members_all) == len(set(members_all)):
            return stage.with_columns([e for _, m in groups for e in self.keep_highest(m)])
        return self.best_choice(stage, groups)

    def settle(self, stage: pl.LazyFrame, members: list[str]) -> pl.LazyFrame:
        """An undetermined member that might be the highest makes the paid ones undetermined;
        one whose known maximum cannot beat them is not taken (excluded)."""
        unknown = {c: self.status(c) == status_lit(UNDETERMINED) for c in members}
        paid = {c: self.status(c) == status_lit(PAID) for c in members}
        best = pl.max_horizontal([pl.when(paid[c]).then(self.fen(c)) for c in members])
        could_win = []
        for c in members:
            o = self.outputs[c]
            if o.upper is None:
                could_win.append(unknown[c])
                continue
            s = o.upper[1] * 100  # bound × s > best ÷ 100  ⇔  bound × s×100 > best
            bound = pl.col(f"__ub:{c}").cast(pl.Int128)
            beats = bound * s.numerator > best.cast(pl.Int128) * s.denominator
            could_win.append(unknown[c] & (bound.is_null() | beats.fill_null(True)))
        active = pl.any_horizontal(list(unknown.values())) & pl.any_horizontal(list(paid.values()))
        any_could = pl.any_horizontal(could_win)
        out = []
        for c in members:
            drop_paid = active & any_could & paid[c]
            give_up = active & ~any_could & unknown[c]
            out.append(
                pl.when(drop_paid)
                .then(status_lit(UNDETERMINED))
                .when(give_up)
                .then(status_lit(EXCLUDED))
                .otherwise(self.status(c))
                .alias(f"__s:{c}")
            )
            out.append(pl.when(drop_paid).then(0).otherwise(self.fen(c)).alias(f"__a:{c}"))
            out.append(
                pl.when(drop_paid)
                .then(self.fen(c))
                .otherwise(pl.col(f"__own:{c}") if c in self.settled else None)
                .alias(f"__own:{c}")
            )
            self.settled.add(c)
        return stage.with_columns(out)

    def keep_highest(self, members: list[str]) -> list[pl.Expr]:
        """Without a 合计上限 in play: the highest award, the first listed on a tie."""
        paid = {c: self.status(c) == status_lit(PAID) for c in members}
        best = pl.max_horizontal([pl.when(paid[c]).then(self.fen(c)).otherwise(-1) for c in members])
        out = []
        taken: pl.Expr | None = None
        for c in members:
            wins = paid[c] & (self.fen(c) == best)
            if taken is not None:
                wins = wins & ~taken
            loses = paid[c] & ~wins
            taken = wins if taken is None else taken | wins
            out.append(pl.when(loses).then(0).otherwise(self.fen(c)).alias(f"__a:{c}"))
            out.append(pl.when(loses).then(status_lit(EXCLUDED)).otherwise(self.status(c)).alias(f"__s:{c}"))
        return out

    def best_choice(self, stage: pl.LazyFrame, groups: list[tuple[ir.ExclusivePlan, list[str]]]) -> pl.LazyFrame:
        """evaluate.best_choice: of the groups with two or more paid members, the combination of kept
        members that pays most in all after every 合计上限; the first in listed order on a tie."""
        import itertools
        import math

        if math.prod(len(m) + 1 for _, m in groups) > MAX_EXCLUSIVE_CHOICES:
            raise PolicyError(Diagnostic("B044", "取高不重复的组合过多，批量计算不支持"))
        paid = {c: self.status(c) == status_lit(PAID) for _, m in groups for c in m}
        contested = [pl.sum_horizontal([paid[c].cast(pl.Int32) for c in m]) >= 2 for _, m in groups]
        valid, totals, dropped_sets = [], [], []
        for picks in itertools.product(*([None] + m for _, m in groups)):
            ok = [
                (con if pick is not None else ~con) & (paid[pick] if pick is not None else pl.lit(True))
                for con, pick in zip(contested, picks)
            ]
            dropped = {c for (_, m), pick in zip(groups, picks) if pick is not None for c in m if c != pick}
            valid.append(pl.all_horizontal(ok))
            amounts = {c: (pl.lit(0, dtype=pl.Int64) if c in dropped else self.fen(c)) for c in self.outputs}
            totals.append(self.total_after_group_caps(amounts))
            dropped_sets.append(dropped)
        names = [f"__t{k}" for k in range(len(totals))]
        stage = stage.with_columns(
            [pl.when(v).then(t).otherwise(None).alias(n) for v, t, n in zip(valid, totals, names)]
        )
        best = pl.max_horizontal([pl.col(n) for n in names])
        wins, taken = [], None
        for n in names:
            w = (pl.col(n) == best).fill_null(False)
            if taken is not None:
                w = w & ~taken
            taken = w if taken is None else taken | w
            wins.append(w)
        out = []
        for c in {c for _, m in groups for c in m}:
            hits = [w for w, d in zip(wins, dropped_sets) if c in d]
            if not hits:
                continue
            loses = paid[c] & pl.any_horizontal(hits)
            out.append(pl.when(loses).then(0).otherwise(self.fen(c)).alias(f"__a:{c}"))
            out.append(pl.when(loses).then(status_lit(EXCLUDED)).otherwise(self.status(c)).alias(f"__s:{c}"))
        return stage.with_columns(out).drop(names)

    # ------------------------------------------------------------------ 合计上限
    def group_limit(self, group: ir.GroupCapPlan) -> Any:
        """The limit in whole 分 (ints, nullable), or None when it is unknown."""
        limit = self.comp.num(group.limit)
        if limit.unknown:
            return None
        if limit.err is not None:
            raise PolicyError(Diagnostic("B041", f"合计上限“{group.name}”的金额可能无法计算", group.span))
        whole_fen = (
            (limit.const * 100).denominator == 1
            if limit.is_const  # type: ignore[operator]
            else (limit.scale * 100).denominator == 1
        )
        if not whole_fen:
            raise PolicyError(Diagnostic("B042", f"合计上限“{group.name}”的金额不是整分，批量计算不支持", group.span))
        ints = at_scale(limit, Fraction(1, 100))
        if ints.wide:
            raise PolicyError(Diagnostic("B043", f"合计上限“{group.name}”的金额过大", group.span))
        return ints

    def total_after_group_caps(self, amounts: dict[str, pl.Expr]) -> pl.Expr:
        """evaluate.total_after_group_caps: every cap taken up in listed order, then the sum."""
        paid = dict(amounts)
        for group in self.policy.group_caps:
            ints = self.limits[group.name]
            if ints is None:
                continue
            members = [c for c in group.citations if c in paid]
            nonneg = ints.lo >= 0 and all(self.nonneg(c) for c in members)
            before: list[pl.Expr] = []
            remaining = ints.expr
            for c in members:
                if nonneg:  # what is left before member i: max(limit − the amounts before it, 0)
                    left = ints.expr if not before else pl.max_horizontal(ints.expr - pl.sum_horizontal(before), 0)
                    allowed = pl.min_horizontal(paid[c], left)
                    before.append(paid[c])
                else:
                    allowed = pl.min_horizontal(paid[c], remaining)
                    remaining = remaining - allowed
                paid[c] = (
                    allowed if ints.const is not None else pl.when(ints.expr.is_null()).then(paid[c]).otherwise(allowed)
                )
        return pl.sum_horizontal(list(paid.values())) if paid else pl.lit(0, dtype=pl.Int64)

    def group_cap(self, stage: pl.LazyFrame, group: ir.GroupCapPlan) -> pl.LazyFrame:
        """合计上限: the members share one ceiling, taken up in the order listed; one left at 0 is 'zero'."""
        members = [c for c in group.citations if c in self.outputs]
        ints = self.limits[group.name]
        if not members or ints is None:
            return stage
        cap = ints.expr
        fen = {c: self.fen(c) for c in members}
        over = (pl.sum_horizontal(list(fen.values())) > cap).fill_null(False)
        if ints.lo >= 0 and all(
            self.nonneg(c) for c in members
        ):  # what is left before member i: max(limit − before, 0)
            out = []
            before: list[pl.Expr] = []
            for c in members:
                left = cap if not before else pl.max_horizontal(cap - pl.sum_horizontal(before), 0)
                allowed = pl.min_horizontal(fen[c], left)
                out.append(pl.when(over).then(allowed).otherwise(fen[c]).alias(f"__a:{c}"))
                zeroed = over & (allowed == 0) & (fen[c] > 0)
                out.append(pl.when(zeroed).then(status_lit(ZERO)).otherwise(self.status(c)).alias(f"__s:{c}"))
                before.append(fen[c])
            return stage.with_columns(out)
        stage = stage.with_columns(over.alias("__over"), cap.alias("__left"))
        for c in members:  # a negative amount or limit: take up the ceiling literally, one member at a time
            allowed = pl.min_horizontal(fen[c], pl.col("__left"))
            stage = stage.with_columns(
                pl.when(pl.col("__over")).then(allowed).otherwise(fen[c]).alias(f"__a:{c}"),
                pl.when(pl.col("__over") & (allowed < fen[c]) & (allowed == 0))
                .then(status_lit(ZERO))
                .otherwise(self.status(c))
                .alias(f"__s:{c}"),
                (pl.col("__left") - allowed).alias("__left"),
            )
        return stage.drop("__over", "__left")


def python_value(value: Any, t: Any, scale: Fraction | None) -> Any:
    if value is None:
        return None
    if is_numeric(t):
        return Fraction(value) * scale  # type: ignore[operator]
    return value


def python_rows(policy: ir.CompiledPolicy, pop: Population, names: list[str]) -> Iterable[tuple[dict, Any]]:
    """Each row's facts (only `names`) as the evaluator takes them, and a hashable key of them."""
    scalars = [n for n in names if not isinstance(policy.facts[n].type, ListOf)]
    lists = [n for n in names if isinstance(policy.facts[n].type, ListOf)]
    present = [n for n in scalars if n in pop.frame.columns]
    constants = {n: policy.facts[n].default for n in scalars if n not in pop.frame.columns}
    items_by_row = {n: item_lists(policy, pop.items.get(n), n) for n in lists}
    types = {n: policy.facts[n].type for n in present}
    columns = (
        pop.frame.select([pop.integers(n).alias(n) for n in present]).iter_rows()
        if present
        else iter([()] * pop.height)
    )
    for row_index, values in enumerate(columns):
        facts = dict(constants)
        for n, v in zip(present, values):
            facts[n] = python_value(v, types[n], pop.scales.get(n))
        key_lists = []
        for n in lists:
            found = items_by_row[n].get(row_index, ())
            facts[n] = [dict(item) for item in found]
            key_lists.append(found)
        yield facts, (tuple(values), tuple(key_lists))


def item_lists(policy: ir.CompiledPolicy, table: ItemTable | None, name: str) -> dict[int, tuple]:
    if table is None:
        return {}
    info = policy.facts[name]
    assert isinstance(info.type, ListOf)
    fields = [f for f, _ in info.type.fields if f in table.frame.columns]
    types = dict(info.type.fields)
    out: dict[int, list] = {}
    for row, *values in table.frame.select([ROW] + fields).iter_rows():
        item = tuple((f, python_value(v, types[f], table.scales.get(f))) for f, v in zip(fields, values))
        out.setdefault(row, []).append(item)
    return {k: tuple(v) for k, v in out.items()}


__all__ = ["Engine", "Outcome", "STATUS", "STATUSES", "TOTAL", "DETERMINABLE", "amount_column", "status_column"]
