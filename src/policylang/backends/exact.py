"""Stage 4: run a compiled policy on one case, exactly, keeping a trace of every step.

Numbers are `Fraction`s from start to end; each clause's award is rounded once, by the policy's
declared rule, after its caps. A value the text leaves unspecified is `Unknown`: it spreads
through arithmetic, but `否 且 Unknown` is still 否, so a clause whose other conditions fail is
plainly ineligible while one that hinges on the missing number is 'not determinable'.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any, Callable, Iterable

from policylang.compiler import ir
from policylang.frontend.units import CNY as CNY_CURRENCY
from policylang.frontend.units import Money, value_text

PAID, INELIGIBLE, UNDETERMINED, EXCLUDED, ZERO = "paid", "ineligible", "undetermined", "excluded", "zero"
STATUS_WORDS = {
    PAID: "给予",
    INELIGIBLE: "不符合条件",
    UNDETERMINED: "不可确定",
    EXCLUDED: "取高不重复未取",
    ZERO: "金额为0",
}


@dataclass(frozen=True)
class Unknown:
    """A value that depends on numbers the text does not give."""

    params: frozenset[str]

    def __or__(self, other: Unknown) -> Unknown:
        return Unknown(self.params | other.params)


class EvaluationError(Exception):
    """A case that cannot be computed (a division by zero, a date before every table row)."""


def unknown_of(*values: object) -> Unknown | None:
    found = [v for v in values if isinstance(v, Unknown)]
    if not found:
        return None
    out = found[0]
    for u in found[1:]:
        out = out | u
    return out


# ---------------------------------------------------------------------------- traces
@dataclass
class ConditionTrace:
    text: str
    holds: bool | None  # None: not determinable
    values: list[tuple[str, str]]  # the facts it read, as shown


@dataclass
class CapTrace:
    name: str
    scope: str
    limit: Fraction | None
    before: Fraction | None
    binds: bool
    already_paid: Fraction | None = None


@dataclass
class ItemTrace:
    index: int  # 1-based, as listed in the case
    label: str
    amount: Fraction  # after item caps
    raw: Fraction
    counted: bool
    reason: str
    caps: list[CapTrace] = field(default_factory=list)
    group: str | None = None
    formula: str = ""


@dataclass
class ClauseResult:
    citation: str
    title: str
    status: str
    amount: Fraction  # what is paid after rounding and cross-clause rules (0 unless paid)
    reason: str
    quote: str | None = None
    readings: tuple[str, ...] = ()
    conditions: list[ConditionTrace] = field(default_factory=list)
    formula: str = ""
    raw: Fraction | None = None  # before caps
    caps: list[CapTrace] = field(default_factory=list)
    items: list[ItemTrace] = field(default_factory=list)
    bound_cap: str | None = None
    unspecified: list[tuple[str, str]] = field(default_factory=list)  # (name, note)
    assumed: list[tuple[str, str]] = field(default_factory=list)  # values given with --set
    upper_bound: Fraction | None = None  # for an undetermined award whose caps are known
    before_rules: Fraction | None = None  # the clause's own award, before 取高不重复 / 合计上限
    adjustments: list[str] = field(default_factory=list)


@dataclass
class Result:
    policy: ir.CompiledPolicy
    clauses: list[ClauseResult]
    total: Fraction
    determinable: bool
    assumed: list[tuple[str, str]]
    notes: list[str] = field(default_factory=list)

    def clause(self, citation: str) -> ClauseResult | None:
        return next((c for c in self.clauses if c.citation == citation), None)


# ---------------------------------------------------------------------------- rounding
_DECIMAL_MODES = {"四舍五入": ROUND_HALF_UP, "舍去": ROUND_DOWN, "进一": ROUND_CEILING, "银行家舍入": ROUND_HALF_EVEN}


def round_amount(value: Fraction, rule: ir.Rounding) -> Fraction:
    """Round a non-negative exact amount once, to the declared unit, by the declared mode."""
    q = rule.quantum
    steps = value / q
    whole, rest = divmod(steps.numerator, steps.denominator)
    frac = Fraction(rest, steps.denominator)
    mode = _DECIMAL_MODES[rule.mode]
    if frac == 0:
        n = whole
    elif mode == ROUND_DOWN:
        n = whole
    elif mode == ROUND_CEILING:
        n = whole + 1
    elif frac > Fraction(1, 2) or (frac == Fraction(1, 2) and (mode == ROUND_HALF_UP or whole % 2 == 1)):
        n = whole + 1
    else:
        n = whole
    return n * q


# ---------------------------------------------------------------------------- expressions
class Env:
    """Values for one evaluation: facts, parameters (with --set overrides) and the current item."""

    def __init__(self, policy: ir.CompiledPolicy, facts: dict[str, Any], overrides: dict[str, Any]):
        self.policy = policy
        self.facts = facts
        self.overrides = overrides
        self.item: dict[str, Any] | None = None
        self.items_of: str | None = None
        self.seen: dict[str, object] = {}  # name → value read, for condition traces
        self._derived: dict[str, object] = {}
        self.observer: Observer | None = None  # coverage hook (policylang test); None in eval

    def fact(self, name: str) -> Any:
        if name in self.overrides:
            return self.overrides[name]
        return self.facts[name]

    def param(self, name: str) -> Any:
        if name in self.overrides:
            return self.overrides[name]
        value = self.policy.params[name].value
        return Unknown(frozenset([name])) if value is None else value


Observer = Callable[[str, object, object], None]  # (kind, plan node, outcome)


def observe(env: Env, kind: str, node: object, outcome: object) -> None:
    """Tell the coverage observer, if any, what a condition, tier row, cap or limit did."""
    if env.observer is not None:
        env.observer(kind, node, outcome)


def ev(e: ir.Expr, env: Env) -> Any:
    """The exact value of an expression; Unknown where it needs an unspecified number."""
    kind = type(e)
    if kind is ir.Const:
        return e.value  # type: ignore[attr-defined]
    if kind is ir.Input:
        value = env.fact(e.name)  # type: ignore[attr-defined]
        env.seen[e.name] = value  # type: ignore[attr-defined]
        return value
    if kind is ir.Field:
        assert env.item is not None
        value = env.item[e.name]  # type: ignore[attr-defined]
        env.seen[f"{e.items}.{e.name}"] = value  # type: ignore[attr-defined]
        return value
    if kind is ir.Param:
        value = env.param(e.name)  # type: ignore[attr-defined]
        env.seen[e.name] = value  # type: ignore[attr-defined]
        return value
    if kind is ir.Derived:
        if env.item is None and e.name in env._derived:  # type: ignore[attr-defined]
            value = env._derived[e.name]  # type: ignore[attr-defined]
        else:
            value = ev(e.expr, env)  # type: ignore[attr-defined]
            if env.item is None:
                env._derived[e.name] = value  # type: ignore[attr-defined]
        env.seen[e.name] = value  # type: ignore[attr-defined]
        return value
    handler = _HANDLERS[kind]
    return handler(e, env)


def _arith(e: ir.Arith, env: Env) -> Any:
    a, b = ev(e.left, env), ev(e.right, env)
    u = unknown_of(a, b)
    if u:
        return u
    if e.op == "+":
        return a + b
    if e.op == "-":
        return a - b
    if e.op == "×":
        return a * b
    if b == 0:
        raise EvaluationError(f"“{e.span.text if e.span else '÷'}”的除数为0")
    return Fraction(a) / Fraction(b)


def _cmp(e: ir.Cmp, env: Env) -> Any:
    a, b = ev(e.left, env), ev(e.right, env)
    u = unknown_of(a, b)
    if u:
        return u
    op = e.op
    if op == ">":
        return a > b
    if op == ">=":
        return a >= b
    if op == "<":
        return a < b
    if op == "<=":
        return a <= b
    return a == b


def _logic(e: ir.Logic, env: Env) -> Any:
    a = ev(e.left, env)
    if e.op == "且" and a is False:
        return False
    if e.op == "或" and a is True:
        return True
    b = ev(e.right, env)
    if e.op == "且":
        if b is False:
            return False
        return unknown_of(a, b) or True
    if b is True:
        return True
    return unknown_of(a, b) or False


def _negate(e: ir.Negate, env: Env) -> Any:
    a = ev(e.operand, env)
    return a if isinstance(a, Unknown) else not a


def _choose(e: ir.Choose, env: Env) -> Any:
    c = ev(e.condition, env)
    if isinstance(c, Unknown):
        return c
    observe(env, "choice", e, bool(c))
    return ev(e.then if c else e.otherwise, env)


def _tiered(e: ir.Tiered, env: Env) -> Any:
    pending: Unknown | None = None
    for row in e.rows:
        holds = True if row.condition is None else ev(row.condition, env)
        if isinstance(holds, Unknown):
            pending = holds if pending is None else pending | holds
            continue
        if holds:
            if pending is None:
                observe(env, "tier", row, True)
            return pending or ev(row.amount, env)
    return pending or Fraction(0)


def _steps(e: ir.StepAward, env: Env) -> Any:
    base, step, amount = ev(e.base, env), ev(e.step, env), ev(e.amount, env)
    u = unknown_of(base, step, amount)
    if u:
        return u
    if step <= 0:
        raise EvaluationError("“每满”的步长须大于0")
    full_steps = max(Fraction(base) // Fraction(step), 0)
    return full_steps * amount


def _extreme(e: ir.Extreme, env: Env) -> Any:
    values = [ev(a, env) for a in e.args]
    u = unknown_of(*values)
    if u:
        return u
    return min(values) if e.op == "min" else max(values)


def _aggregate(e: ir.Aggregate, env: Env) -> Any:
    items = env.fact(e.items)
    saved = env.item
    total: Any = Fraction(0)
    try:
        for item in items:
            env.item = item
            if e.op == "count":
                hit = True if e.expr is None else ev(e.expr, env)
                if isinstance(hit, Unknown):
                    return hit
                total += 1 if hit else 0
            else:
                v = ev(e.expr, env)  # type: ignore[arg-type]
                if isinstance(v, Unknown):
                    return v
                total += v
    finally:
        env.item = saved
    return total


def _lookup(e: ir.Lookup, env: Env) -> Any:
    key = ev(e.key, env)
    if isinstance(key, Unknown):
        return key
    table = env.policy.tables[e.table]
    found = None
    for day, value in table.rows:
        if day <= key:  # type: ignore[operator]
            found = value
    if found is None:
        first = table.rows[0][0] if table.rows else None
        raise EvaluationError(
            f"表“{e.table}”中没有 {key} 当日或之前的数值（表中最早一行为 {first}），"
            "无法确定金额；请核对日期，或在表中补上更早的一行"
        )
    env.seen[f"{e.table}({key})"] = found
    return found


def _days(e: ir.DaysBetween, env: Env) -> Any:
    a, b = ev(e.start, env), ev(e.end, env)
    u = unknown_of(a, b)
    if u:
        return u
    return Fraction((b - a).days)


_HANDLERS = {
    ir.Arith: _arith,
    ir.Cmp: _cmp,
    ir.Logic: _logic,
    ir.Negate: _negate,
    ir.Choose: _choose,
    ir.Tiered: _tiered,
    ir.StepAward: _steps,
    ir.Extreme: _extreme,
    ir.Aggregate: _aggregate,
    ir.Lookup: _lookup,
    ir.DaysBetween: _days,
}


# ---------------------------------------------------------------------------- formulas with numbers filled in
def filled(e: ir.Expr, env: Env) -> str:
    """The expression as written, each name followed by its value: 50% × 展位费(12,000.00元)."""
    kind = type(e)
    if kind is ir.Const:
        return e.text  # type: ignore[attr-defined]
    if kind in (ir.Input, ir.Param, ir.Derived, ir.Field):
        name = e.name  # type: ignore[attr-defined]
        try:
            value = ev(e, env)
        except (KeyError, EvaluationError):
            return name
        shown = "未规定" if isinstance(value, Unknown) else value_text(value, e.type)
        return f"{name}({shown})"
    if kind is ir.Arith:
        return f"{_wrap(e.left, env)} {e.op} {_wrap(e.right, env, e.op == '÷')}"  # type: ignore[attr-defined]
    if kind is ir.Extreme:
        word = "最小" if e.op == "min" else "最大"  # type: ignore[attr-defined]
        return f"{word}(" + ", ".join(filled(a, env) for a in e.args) + ")"  # type: ignore[attr-defined]
    if kind is ir.StepAward:
        return (
            f"按 {filled(e.base, env)} 每满 {filled(e.step, env)} 给予 "  # type: ignore[attr-defined]
            f"{filled(e.amount, env)}"
        )  # type: ignore[attr-defined]
    if kind is ir.Choose:
        c = ev(e.condition, env)  # type: ignore[attr-defined]
        branch = e.then if c is True else e.otherwise  # type: ignore[attr-defined]
        if isinstance(c, Unknown):
            return e.span.text if e.span else "…"
        return (
            f"{filled(branch, env)}（因 {e.condition.span.text if e.condition.span else ''} 为{'是' if c else '否'}）"  # type: ignore[attr-defined]
        )
    if kind is ir.Lookup:
        return _with_value(f"{e.table}({filled(e.key, env)})", e, env)  # type: ignore[attr-defined]
    if kind is ir.DaysBetween:
        return _with_value(f"天数({filled(e.start, env)}, {filled(e.end, env)})", e, env)  # type: ignore[attr-defined]
    if kind is ir.Aggregate:
        return _with_value(e.span.text if e.span else "合计", e, env)
    if kind is ir.Tiered:
        for row in e.rows:  # type: ignore[attr-defined]
            holds = True if row.condition is None else ev(row.condition, env)
            if isinstance(holds, Unknown):  # the tier cannot be chosen until the number is known
                return f"分档（取决于未规定的 {'、'.join(_declared_order(env.policy, holds.params))}）"
            if holds is True:
                cond = row.condition.span.text if row.condition is not None and row.condition.span else "其他"
                return f"分档（{cond}）: {filled(row.amount, env)}"
        return "分档（无一档适用）: 0元"
    return e.span.text if e.span else "…"


def _wrap(e: ir.Expr, env: Env, divisor: bool = False) -> str:
    """Parenthesise a sum, and a product or quotient that is divided by: a ÷ (b × c)."""
    text = filled(e, env)
    return f"({text})" if isinstance(e, ir.Arith) and (e.op in "+-" or divisor) else text


def _with_value(text: str, e: ir.Expr, env: Env) -> str:
    """`text(value)`, or the bare text when the value cannot be computed here."""
    try:
        value = ev(e, env)
    except (KeyError, EvaluationError):
        return text
    return f"{text}({'未规定' if isinstance(value, Unknown) else value_text(value, e.type)})"


def _declared_order(policy: ir.CompiledPolicy, names: Iterable[str]) -> list[str]:
    order = list(policy.params)
    return sorted(names, key=lambda n: (order.index(n) if n in order else len(order), n))


def _facts_read(env: Env, policy: ir.CompiledPolicy, e: ir.Expr) -> list[tuple[str, str]]:
    out = []
    for node in e.walk():
        if isinstance(node, (ir.Input, ir.Param, ir.Field, ir.Derived)):
            key = f"{node.items}.{node.name}" if isinstance(node, ir.Field) else node.name
            if key in env.seen and all(k != node.name for k, _ in out):
                value = env.seen[key]
                shown = "未规定" if isinstance(value, Unknown) else value_text(value, node.type)
                out.append((node.name, shown))
    return out


# ---------------------------------------------------------------------------- clauses
def evaluate(
    policy: ir.CompiledPolicy,
    facts: dict[str, Any],
    overrides: dict[str, Any] | None = None,
    only: Iterable[str] | None = None,
    observer: Observer | None = None,
) -> Result:
    """Evaluate every clause (or those in `only`) on one case's facts; exact to the fen.
    `observer` (for coverage) is told each condition, tier row, cap and limit outcome."""
    overrides = dict(overrides or {})
    wanted = set(only) if only is not None else None
    results: list[ClauseResult] = []
    for plan in policy.clauses:
        if wanted is not None and plan.citation not in wanted:
            continue
        env = Env(policy, facts, overrides)
        env.observer = observer
        try:
            results.append(evaluate_clause(plan, env))
        except EvaluationError as err:
            results.append(
                ClauseResult(
                    plan.citation,
                    plan.title,
                    UNDETERMINED,
                    Fraction(0),
                    str(err),
                    quote=plan.quote,
                    readings=plan.readings,
                )
            )
    for r in results:
        r.before_rules = r.amount
        r.assumed = [
            (n, _shown(policy, n, v)) for n, v in overrides.items() if n in _read_names(policy.clause(r.citation))
        ]
    limits = group_limits(policy, facts, overrides)
    notes = apply_exclusive(policy, results, limits) + apply_group_caps(policy, results, facts, overrides, observer)
    total = sum((r.amount for r in results), Fraction(0))
    determinable = all(r.status != UNDETERMINED for r in results)
    assumed = [(n, _shown(policy, n, v)) for n, v in overrides.items()]
    return Result(policy, results, total, determinable, assumed, notes)


def _read_names(plan: ir.ClausePlan | None) -> set[str]:
    return set() if plan is None else set(plan.inputs) | set(plan.unspecified) | _params_read(plan)


def _params_read(plan: ir.ClausePlan) -> set[str]:
    return {n.name for e in plan.expressions() for n in e.walk() if isinstance(n, ir.Param)}


def _shown(policy: ir.CompiledPolicy, name: str, value: Any) -> str:
    t = policy.params[name].type if name in policy.params else policy.facts[name].type
    return value_text(value, t)


def evaluate_clause(plan: ir.ClausePlan, env: Env) -> ClauseResult:
    result = ClauseResult(plan.citation, plan.title, PAID, Fraction(0), "", quote=plan.quote, readings=plan.readings)
    try:
        return _evaluate_clause(plan, env, result)
    except EvaluationError as err:  # keep the conditions already traced, say why no amount
        result.status, result.amount, result.reason = UNDETERMINED, Fraction(0), str(err)
        return result


def _evaluate_clause(plan: ir.ClausePlan, env: Env, result: ClauseResult) -> ClauseResult:
    pending = check_conditions(plan.conditions, env, result.conditions)
    if pending is False:
        failed = next(c for c in result.conditions if c.holds is False)
        result.status, result.reason = INELIGIBLE, f"不满足条件：{failed.text}"
        return result
    if plan.items is not None:
        raw: Any = evaluate_items(plan.items, env, result)
        result.formula = f"逐项 {plan.items.items}：{plan.items.award_text}"
    else:
        assert plan.award is not None
        raw = ev(plan.award, env)
        result.formula = filled(plan.award, env)
    unknown = pending if isinstance(pending, Unknown) else unknown_of(raw)
    if isinstance(raw, Unknown):
        unknown = unknown_of(unknown, raw) if unknown else raw
    if unknown is not None:
        return undetermined(plan, env, result, unknown)
    if raw < 0:
        result.adjustments.append(f"计算结果为负（{value_text(raw, _money(env))}），按0计")
        raw = Fraction(0)
    result.raw = raw
    capped = apply_caps(plan.caps, raw, env, result.caps)
    if isinstance(capped, Unknown):
        return undetermined(plan, env, result, capped)
    result.bound_cap = next((c.name for c in reversed(result.caps) if c.binds), None)
    if result.bound_cap is None:  # else an item cap that bound on an item that counts
        result.bound_cap = next((ct.name for t in result.items if t.counted for ct in t.caps if ct.binds), None)
    result.amount = round_amount(capped, env.policy.rounding)
    if result.amount == 0:
        result.status = ZERO
        result.reason = "符合条件，但金额为0"
    else:
        result.reason = f"受“{result.bound_cap}”限制" if result.bound_cap else "按公式计算"
    return result


def _money(env: Env) -> Any:
    from policylang.frontend.units import Money

    return Money(env.policy.currency)


def undetermined(plan: ir.ClausePlan, env: Env, result: ClauseResult, unknown: Unknown) -> ClauseResult:
    result.status = UNDETERMINED
    result.amount = Fraction(0)
    result.unspecified = [(n, env.policy.params[n].note or "") for n in _declared_order(env.policy, unknown.params)]
    names = "、".join(n for n, _ in result.unspecified)
    result.reason = f"原文未规定 {names}，无法确定金额；可用 --set {result.unspecified[0][0]}=… 假定一个值"
    limits = []
    for cap in plan.caps:
        if cap.already_paid is None:
            value = ev(cap.limit, env)
            if not isinstance(value, Unknown):
                limits.append(value)
    if limits:
        result.upper_bound = min(limits)
    return result


def check_conditions(conditions: tuple[ir.ConditionPlan, ...], env: Env, traces: list[ConditionTrace]) -> Any:
    """True, False, or Unknown when no condition fails but some need unspecified numbers."""
    pending: Unknown | None = None
    outcome: Any = True
    for cond in conditions:
        env.seen.clear()
        holds = ev(cond.expr, env)
        traces.append(
            ConditionTrace(
                cond.text, None if isinstance(holds, Unknown) else bool(holds), _facts_read(env, env.policy, cond.expr)
            )
        )
        if not isinstance(holds, Unknown):
            observe(env, "condition", cond, bool(holds))
        if holds is False:
            outcome = False
        elif isinstance(holds, Unknown):
            pending = holds if pending is None else pending | holds
    if outcome is False:
        return False
    return pending or True


def apply_caps(caps: Iterable[ir.CapPlan], amount: Any, env: Env, traces: list[CapTrace]) -> Any:
    """Apply each cap in turn; the trace says the limit, the amount before it, and whether it bound."""
    for cap in caps:
        limit = ev(cap.limit, env)
        paid = None
        if cap.already_paid is not None:
            paid = ev(cap.already_paid, env)
            if not isinstance(limit, Unknown) and not isinstance(paid, Unknown):
                limit = max(limit - paid, Fraction(0))
        u = unknown_of(limit, paid, amount)
        if u:
            return u
        binds = amount > limit
        observe(env, "cap", cap, binds)
        traces.append(CapTrace(cap.name, cap.scope, limit, amount, binds, paid))
        amount = min(amount, limit)
    return amount


def evaluate_items(plan: ir.ItemPlan, env: Env, result: ClauseResult) -> Any:
    """Per item: conditions, award, item caps; then the quantity limit and caps per group."""
    items = env.fact(plan.items)
    traces: list[ItemTrace] = []
    pending: Unknown | None = None
    for index, item in enumerate(items, start=1):
        env.item = item
        label = _item_label(item, plan)
        conds: list[ConditionTrace] = []
        ok = check_conditions(plan.conditions, env, conds)
        if ok is False:
            failed = next(c for c in conds if c.holds is False)
            traces.append(
                ItemTrace(
                    index,
                    label,
                    Fraction(0),
                    Fraction(0),
                    False,
                    f"不满足条件：{failed.text}",
                    group=_group_key(item, plan),
                )
            )
            continue
        raw = ev(plan.award, env)
        if isinstance(ok, Unknown) or isinstance(raw, Unknown):
            pending = unknown_of(pending, ok, raw)
            continue
        reason = "计入"
        if raw < 0:
            reason = f"计入（计算结果为负 {value_text(raw, _money(env))}，按0计）"
            raw = Fraction(0)
        caps: list[CapTrace] = []
        amount = apply_caps(plan.caps, raw, env, caps)
        if isinstance(amount, Unknown):
            pending = unknown_of(pending, amount)
            continue
        traces.append(
            ItemTrace(index, label, amount, raw, True, reason, caps, _group_key(item, plan), filled(plan.award, env))
        )
    env.item = None
    result.items = traces
    if pending is not None:
        return pending
    groups: dict[str | None, list[ItemTrace]] = {}
    for t in traces:
        if t.counted:
            groups.setdefault(t.group, []).append(t)
    total = Fraction(0)
    for key, members in groups.items():
        chosen = select(members, plan.limit)
        if plan.limit is not None:
            observe(env, "limit", plan, len(chosen) < len(members))
        for t in members:
            if t not in chosen:
                t.counted = False
                where = f"同一{plan.group_by}“{key}”" if plan.group_by else "本条款"
                t.reason = f"超过数量限制：{where}{plan.limit.text if plan.limit else ''}"
        subtotal = sum((t.amount for t in chosen), Fraction(0))
        group_traces: list[CapTrace] = []
        capped = apply_caps(plan.group_caps, subtotal, env, group_traces)
        if isinstance(capped, Unknown):
            return capped
        for ct in group_traces:
            if plan.group_by:
                ct.name = f"{ct.name}（{plan.group_by}：{key}）"
            result.caps.append(ct)
        total += capped
    return total


def select(members: list[ItemTrace], limit: ir.LimitPlan | None) -> list[ItemTrace]:
    """Which items count under a quantity limit: the most favourable, or the first listed."""
    if limit is None or len(members) <= limit.count:
        return members
    if limit.order == "最有利":
        ranked = sorted(members, key=lambda t: (-t.amount, t.index))
    else:
        ranked = sorted(members, key=lambda t: t.index)
    return ranked[: limit.count]


def _group_key(item: dict[str, Any], plan: ir.ItemPlan) -> str | None:
    return None if plan.group_by is None else str(item.get(plan.group_by))


def _item_label(item: dict[str, Any], plan: ir.ItemPlan) -> str:
    parts = [str(v) for v in item.values() if isinstance(v, str)]
    return "、".join(parts)


# ---------------------------------------------------------------------------- cross-clause rules
MAX_EXCLUSIVE_CHOICES = 4096  # beyond this many combinations, each group simply keeps its highest award


def apply_exclusive(policy: ir.CompiledPolicy, results: list[ClauseResult], limits: dict[str, Any]) -> list[str]:
    """取高不重复: of each group only one clause is paid — the choice that pays the enterprise most
    once every 合计上限 is applied (so a clause an article cap would cut is not kept over one that
    pays in full). Without such caps that is simply the highest award; a tie keeps the first listed."""
    by_id = {r.citation: r for r in results}
    notes = [note for g in policy.exclusive if (note := settle_unknown_members(g, by_id))]
    contested = [
        (g, [by_id[c] for c in g.citations if c in by_id and by_id[c].status == PAID]) for g in policy.exclusive
    ]
    contested = [(g, members) for g, members in contested if len(members) >= 2]
    if not contested:
        return notes
    amounts = {r.citation: r.amount for r in results}
    choice = best_choice(policy, contested, amounts, limits)
    excluded: dict[str, tuple[str, str]] = {}  # citation → (group, the clause paid instead)
    for (group, members), pick in zip(contested, choice):
        for r in members:
            if r is not pick:
                excluded.setdefault(r.citation, (group.name, pick.citation))
        highest = max(members, key=lambda r: (r.amount, -group.citations.index(r.citation)))
        why = "" if pick is highest else "（计入合计上限后对企业最有利）"
        notes.append(f"“{group.name}”取高不重复：取 {pick.citation}{why}")
    for citation, (group_name, paid) in excluded.items():
        r = by_id[citation]
        r.adjustments.append(
            f"“{group_name}”取高不重复：取 {paid}，本条款不再给予（原为 {value_text(r.amount, _money_type(policy))}）"
        )
        r.status, r.amount = EXCLUDED, Fraction(0)
        r.reason = f"取高不重复：已按 {paid} 给予"
    return notes


def settle_unknown_members(group: ir.ExclusivePlan, by_id: dict[str, ClauseResult]) -> str | None:
    """A member that is not determinable might be the highest: then which member is paid is not
    determinable either. One whose known maximum cannot beat a determined member is simply not taken."""
    members = [by_id[c] for c in group.citations if c in by_id]
    unknown = [r for r in members if r.status == UNDETERMINED]
    paid = [r for r in members if r.status == PAID]
    if not unknown or not paid:
        return None
    best = max(r.amount for r in paid)
    could_win = [r for r in unknown if r.upper_bound is None or r.upper_bound > best]
    if not could_win:
        for r in unknown:
            r.status, r.reason = (
                EXCLUDED,
                f"取高不重复：最多 {value_text(r.upper_bound, Money(CNY_CURRENCY))}，不高于同组已确定的金额",
            )
        return None
    names = "、".join(r.citation for r in could_win)
    for r in paid:
        r.adjustments.append(
            f"“{group.name}”取高不重复：同组的 {names} 不可确定，无法确定取哪一项"
            f"（本条款单独计算为 {value_text(r.amount, Money(CNY_CURRENCY))}）"
        )
        r.status, r.amount = UNDETERMINED, Fraction(0)
        r.reason = f"取高不重复：同组的 {names} 不可确定，无法确定取哪一项"
    return f"“{group.name}”取高不重复：{names} 不可确定，本组结果不可确定"


def best_choice(
    policy: ir.CompiledPolicy,
    contested: list[tuple[ir.ExclusivePlan, list[ClauseResult]]],
    amounts: dict[str, Fraction],
    limits: dict[str, Any],
) -> tuple[ClauseResult, ...]:
    """The member to keep in each group: the combination with the largest total after group caps;
    combinations are tried in listed order, so a tie keeps the earlier-listed members."""
    import itertools
    import math

    if math.prod(len(m) for _, m in contested) > MAX_EXCLUSIVE_CHOICES:
        return tuple(max(m, key=lambda r: (r.amount, -g.citations.index(r.citation))) for g, m in contested)
    best: tuple[ClauseResult, ...] = ()
    best_total: Fraction | None = None
    for choice in itertools.product(*(m for _, m in contested)):
        dropped = {r.citation for (_, members), pick in zip(contested, choice) for r in members if r is not pick}
        trial = {c: (Fraction(0) if c in dropped else a) for c, a in amounts.items()}
        total = total_after_group_caps(policy, trial, limits)
        if best_total is None or total > best_total:
            best, best_total = choice, total
    return best


def group_limits(policy: ir.CompiledPolicy, facts: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    """Each 合计上限's limit for this case (Unknown where it needs an unspecified number)."""
    env = Env(policy, facts, overrides)
    limits: dict[str, Any] = {}
    for g in policy.group_caps:
        try:
            limits[g.name] = ev(g.limit, env)
        except EvaluationError as err:  # kept, so the members can say why they cannot be paid
            limits[g.name] = err
    return limits


def total_after_group_caps(policy: ir.CompiledPolicy, amounts: dict[str, Fraction], limits: dict[str, Any]) -> Fraction:
    """What the clauses pay in all once every 合计上限 is taken up in listed order."""
    paid = dict(amounts)
    for group in policy.group_caps:
        limit = limits[group.name]
        if isinstance(limit, (Unknown, EvaluationError)):
            continue
        remaining = limit
        for c in group.citations:
            if c in paid:
                allowed = min(paid[c], remaining)
                paid[c] = allowed
                remaining -= allowed
    return sum(paid.values(), Fraction(0))


def _money_type(policy: ir.CompiledPolicy) -> Any:
    from policylang.frontend.units import Money

    return Money(policy.currency)


def undetermined_by_group(group: ir.GroupCapPlan, members: list[ClauseResult], why: str) -> str:
    """A 合计上限 that cannot be computed for this case leaves what its clauses pay undetermined."""
    for r in members:
        if r.status == PAID:
            r.adjustments.append(
                f"“{group.name}”合计上限无法计算：{why}（本条款单独计算为 {value_text(r.amount, Money(CNY_CURRENCY))}）"
            )
            r.status, r.amount, r.reason = UNDETERMINED, Fraction(0), f"“{group.name}”合计上限无法计算：{why}"
    return f"“{group.name}”合计上限无法计算：{why}"


def apply_group_caps(
    policy: ir.CompiledPolicy,
    results: list[ClauseResult],
    facts: dict[str, Any],
    overrides: dict[str, Any],
    observer: Observer | None = None,
) -> list[str]:
    """合计上限: the clauses share one ceiling, taken up in the order listed."""
    notes = []
    by_id = {r.citation: r for r in results}
    for group in policy.group_caps:
        env = Env(policy, facts, overrides)
        env.observer = observer
        try:
            limit = ev(group.limit, env)
        except EvaluationError as err:
            notes.append(undetermined_by_group(group, [by_id[c] for c in group.citations if c in by_id], str(err)))
            continue
        if isinstance(limit, Unknown):
            continue
        members = [by_id[c] for c in group.citations if c in by_id]
        total = sum((r.amount for r in members), Fraction(0))
        observe(env, "cap", group, total > limit)
        if total <= limit:
            continue
        remaining = limit
        for r in members:
            allowed = min(r.amount, remaining)
            if allowed < r.amount:
                r.adjustments.append(
                    f"“{group.name}”合计上限 {value_text(limit, _money_type(policy))}："
                    f"{value_text(r.amount, _money_type(policy))} → "
                    f"{value_text(allowed, _money_type(policy))}"
                )
                r.bound_cap = group.name
                r.reason = f"受“{group.name}”限制"
                r.amount = allowed
                if allowed == 0:
                    r.status, r.reason = ZERO, f"“{group.name}”的合计上限已由前列条款用完"
            remaining -= allowed
        notes.append(
            f"“{group.name}”合计 {value_text(total, _money_type(policy))} 超过上限，"
            f"按 {value_text(limit, _money_type(policy))} 给予"
        )
    return notes


__all__ = ["evaluate", "Result", "ClauseResult", "round_amount", "Unknown", "dt", "Decimal"]
