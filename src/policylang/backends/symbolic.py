"""The compiled policy (ir) as z3 formulas, so the checks can ask for cases or prove there are none.

Facts become z3 variables with their domain: money ≥ 0 in whole 分 (an integer number of fen),
quantities ≥ 0 (counts of 家/个/人… are integers), 比例 in [0, 1], one-of as an index, dates as day
numbers. A number the text leaves unspecified is a free variable (≥ 0), so "no case exists" holds
whatever value it later gets.

What a clause pays is not written here: `Encoder.paid`, `raw`, `one_item` and `capped` run
semantics/clause.py on `SymbolicClause`, the z3 implementation of its primitives (V = a z3
arithmetic term, B = a z3 Bool, O = the clause's (eligible, paid) terms). Expressions are encoded
through `EXPRESSIONS` (ir node type → handler) and the operator tables; a node listed in
`UNSUPPORTED` (or an operator no table knows) raises `Unsupported` with the reason, which check
reports as "could not check" — never as a pass.

Modelling choices, each sound for "never" questions:
- A formula is built per *copy* of the facts (`"x"`, `"y"`, …), so one query can compare two
  enterprises: "y is smaller on every dimension yet paid more than x".
- A list of items (逐项) is modelled with exactly one item per list: exact for "can this clause
  pay at all", and counterexamples have one item. The quantity limit then only matters when it
  lets no item count (a limit of 0).
- A `合计(…)`/`计数(…)` over a list is an opaque value: a model that relies on it cannot be written
  as a case (`opaque`), and a check that needs such a case says it could not check.
- Rounding is encoded exactly (z3 `ToInt`, the floor), mode by mode (`ROUNDING`). Money facts are
  whole 分 (as payments are), so no finding rests on a fraction of a fen rounded up.
- The cross-clause rules (取高不重复, 合计上限) are not encoded (`UNSUPPORTED_STEPS`): the checks
  ask about one clause (or two) at a time, and every counterexample is re-evaluated by the exact
  evaluator, which applies them; a model they refute is reported as "could not check".

z3 is imported here and only here, so the CLI never pays for it unless `check` runs.
"""

from __future__ import annotations

import datetime as dt
import enum
import operator
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import z3  # type: ignore[import-untyped]

from policylang.compiler import ir
from policylang.errors import Span
from policylang.frontend.units import Bool, Date, Enum, ListOf, Money, Number, PerUnit, Quantity, Ratio, Text, Type
from policylang.semantics import clause as semantics
from policylang.semantics.backend import CROSS_STEPS

# Units counted in whole numbers: a case cannot say 2.5家.
INTEGER_UNITS = frozenset({"个", "家", "人", "项", "次", "件", "户", "展位", "单", "笔", "票", "包裹", "天", "年"})
TIMEOUT_MS = 400  # per question; one that times out is asked once more with RETRY_TIMEOUT_MS
RETRY_TIMEOUT_MS = 2000  # (a loaded machine must not turn a slow answer into "could not check")
EPOCH = dt.date(2000, 1, 1)


def real(value: Fraction | int) -> Any:
    f = Fraction(value)
    return z3.RealVal(f"{f.numerator}/{f.denominator}")


def zero() -> Any:
    return z3.RealVal(0)


def minimum(a: Any, b: Any) -> Any:
    return z3.If(a <= b, a, b)


def maximum(a: Any, b: Any) -> Any:
    return z3.If(a >= b, a, b)


@dataclass
class Var:
    """One z3 variable standing for a fact, an item field or an unspecified parameter."""

    term: Any
    type: Type
    kind: str  # fact | field | param
    name: str  # fact or parameter name; the field name for kind == field
    copy: str
    items: str | None = None  # the list, for kind == field
    thresholds: set[Fraction] = field(default_factory=set)  # constants it is compared with


# ---------------------------------------------------------------------------- why a check could not run
class Reason(str, enum.Enum):
    """Why a check could not reach a conclusion (English identifiers: JSON and SARIF use them)."""

    UNSUPPORTED = "unsupported"  # a construct the encoding does not model
    TIMEOUT = "timeout"  # the solver answered unknown (time-out, or beyond its theory)
    SOLVER_ERROR = "solver-error"  # z3 raised
    TOO_DEEP = "too-deep"  # an expression nested beyond Python's recursion limit
    UNWRITABLE = "unwritable"  # a model that cannot be written as a case file
    UNCONFIRMED = "unconfirmed"  # a counterexample the exact evaluator does not bear out


class CannotCheck(Exception):
    """A check could not reach a conclusion; check reports it ("could not check"), never a pass."""

    def __init__(self, reason: Reason, detail: str = ""):
        super().__init__(f"{reason.value}: {detail}" if detail else reason.value)
        self.reason = reason
        self.detail = detail


class Unsupported(CannotCheck):
    """An expression (or step) the encoding does not model; `detail` names it as written, `why`
    (a catalogue key, from UNSUPPORTED) says why."""

    def __init__(self, detail: str, why: str | None = None, span: Span | None = None):
        super().__init__(Reason.UNSUPPORTED, detail)
        self.why = why
        self.span = span  # where the construct is written, for the caret


def construct_text(e: ir.Expr) -> str:
    """How the drafter wrote a node, shortened to its first line (or its kind, if unwritten)."""
    if e.span is None:
        return type(e).__name__
    first = e.span.text.splitlines()[0].rstrip() if e.span.text else type(e).__name__
    return first if first == e.span.text else f"{first} …"


# ---------------------------------------------------------------------------- expressions
Handler = Callable[["Encoder", Any, str], Any]


def _const(enc: Encoder, e: ir.Const, copy: str) -> Any:
    return enc.constant(e.value, e.type)


def _input(enc: Encoder, e: ir.Input, copy: str) -> Any:
    return enc.leaf(enc.fact(e.name, copy), e.type)


def _field(enc: Encoder, e: ir.Field, copy: str) -> Any:
    return enc.leaf(enc.field(e.items, e.name, copy), e.type)


def _param(enc: Encoder, e: ir.Param, copy: str) -> Any:
    return enc.leaf(enc.param(e.name), e.type)


def _derived(enc: Encoder, e: ir.Derived, copy: str) -> Any:
    return enc.expr(e.expr, copy)


ARITH: dict[str, Callable[[Any, Any], Any]] = {
    "+": operator.add,
    "-": operator.sub,
    "×": operator.mul,
    "÷": operator.truediv,
}
COMPARE: dict[str, Callable[[Any, Any], Any]] = {
    ">": operator.gt,
    ">=": operator.ge,
    "<": operator.lt,
    "<=": operator.le,
    "==": operator.eq,
    "!=": operator.ne,
}
LOGIC: dict[str, Callable[[Any, Any], Any]] = {"且": lambda a, b: z3.And(a, b), "或": lambda a, b: z3.Or(a, b)}
EXTREME: dict[str, Callable[[Any, Any], Any]] = {"min": minimum, "max": maximum}
AGGREGATE_COUNT, AGGREGATE_SUM = "count", "sum"


def op_of(table: dict[str, Callable[[Any, Any], Any]], op: object) -> Callable[[Any, Any], Any]:
    """An operator's z3 function; one no table knows is unsupported (reported, never guessed)."""
    found = table.get(str(getattr(op, "value", op)))
    if found is None:
        raise Unsupported(f"op {op}")
    return found


def _arith(enc: Encoder, e: ir.Arith, copy: str) -> Any:
    return op_of(ARITH, e.op)(enc.expr(e.left, copy), enc.expr(e.right, copy))


def _cmp(enc: Encoder, e: ir.Cmp, copy: str) -> Any:
    a, b = enc.expr(e.left, copy), enc.expr(e.right, copy)
    enc.note_threshold(e.left, e.right, copy)
    enc.note_threshold(e.right, e.left, copy)
    return op_of(COMPARE, e.op)(a, b)


def _logic(enc: Encoder, e: ir.Logic, copy: str) -> Any:
    return op_of(LOGIC, e.op)(enc.expr(e.left, copy), enc.expr(e.right, copy))


def _negate(enc: Encoder, e: ir.Negate, copy: str) -> Any:
    return z3.Not(enc.expr(e.operand, copy))


def _choose(enc: Encoder, e: ir.Choose, copy: str) -> Any:
    return z3.If(enc.expr(e.condition, copy), enc.expr(e.then, copy), enc.expr(e.otherwise, copy))


def _tiered(enc: Encoder, e: ir.Tiered, copy: str) -> Any:
    out: Any = zero()
    for row in reversed(e.rows):
        amount = enc.expr(row.amount, copy)
        out = amount if row.condition is None else z3.If(enc.expr(row.condition, copy), amount, out)
    return out


def _steps(enc: Encoder, e: ir.StepAward, copy: str) -> Any:
    base, step, amount = (enc.expr(x, copy) for x in (e.base, e.step, e.amount))
    steps = z3.ToReal(z3.ToInt(base / step))
    return maximum(steps, zero()) * amount


def _extreme(enc: Encoder, e: ir.Extreme, copy: str) -> Any:
    pick = op_of(EXTREME, e.op)
    terms = [enc.expr(a, copy) for a in e.args]
    out = terms[0]
    for term in terms[1:]:
        out = pick(out, term)
    return out


def _aggregate(enc: Encoder, e: ir.Aggregate, copy: str) -> Any:
    """Any value at all (a count: any whole number ≥ 0); no case can be written from it."""
    enc.opaque.add(copy)
    if str(getattr(e.op, "value", e.op)) == AGGREGATE_COUNT:
        return enc.numeric(enc.fresh(e.type))
    enc.fresh_count += 1
    return z3.Real(f"opaque{enc.fresh_count}")


def _lookup(enc: Encoder, e: ir.Lookup, copy: str) -> Any:
    table = enc.policy.tables[e.table]
    key = enc.expr(e.key, copy)
    if table.outside is not None:  # a term in no band is not determinable in eval: search only covered terms
        covers = table.outside
        if covers.low is not None:
            low = enc.constant(covers.low, covers.term)
            enc.domain.append(key >= low if covers.low_inclusive else key > low)
        if covers.high is not None:
            high = enc.constant(covers.high, covers.term)
            enc.domain.append(key <= high if covers.high_inclusive else key < high)
        return enc.constant(Fraction(0), table.type)
    rows = list(table.rows)
    enc.domain.append(key >= enc.constant(rows[0][0], Date()))
    if table.until is not None:  # 截至: a later date is not determinable in eval, so not searched here
        enc.domain.append(key <= enc.constant(table.until, Date()))
    out = enc.constant(rows[0][1], table.type)
    for day, value in rows[1:]:
        out = z3.If(key >= enc.constant(day, Date()), enc.constant(value, table.type), out)
    return out


def _days(enc: Encoder, e: ir.DaysBetween, copy: str) -> Any:
    return z3.ToReal(enc.expr(e.end, copy) - enc.expr(e.start, copy))


def _clause_amount(enc: Encoder, e: ir.ClauseAmount, copy: str) -> Any:
    """金额(一2): what the named clauses pay for the same copy of the facts, encoded by the same
    semantics (semantics/clause.py) — their own result, which the compiler guarantees no rule between
    clauses changes (C061). The compiler refuses cycles (C060), so this recursion ends."""
    total = zero()
    for citation in e.clauses:
        key = (citation, copy)
        if key not in enc.clause_terms:
            plan = enc.policy.clause(citation)
            assert plan is not None, citation
            enc.clause_terms[key] = enc.paid(plan, copy)
        total = total + enc.clause_terms[key]
    return total


# ir node type → its encoding. tests/test_backends_complete_symbolic.py: every concrete node of
# compiler/ir.py is here or in UNSUPPORTED.
EXPRESSIONS: dict[type[ir.Expr], Handler] = {
    ir.Const: _const,
    ir.Input: _input,
    ir.Field: _field,
    ir.Param: _param,
    ir.Derived: _derived,
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
    ir.ClauseAmount: _clause_amount,
}
# ir node type → why it cannot be encoded (a catalogue key of report/catalogue/check.py, shown to the
# drafter in the "could not check" finding). Empty today: every node is modelled.
UNSUPPORTED: dict[type[ir.Expr], str] = {}

# Steps of semantics/backend.py this backend does not implement, with the reason (a catalogue key).
UNSUPPORTED_STEPS: dict[str, str] = {name: "check.unsupported.cross_rules" for name in CROSS_STEPS}


# ---------------------------------------------------------------------------- rounding
def _half_up(steps: Any) -> Any:
    return z3.ToInt(steps + real(Fraction(1, 2)))


def _down(steps: Any) -> Any:
    return z3.ToInt(steps)


def _up(steps: Any) -> Any:
    return -z3.ToInt(-steps)


def _half_even(steps: Any) -> Any:
    whole = z3.ToInt(steps)
    rest = steps - z3.ToReal(whole)
    half = real(Fraction(1, 2))
    return z3.If(rest > half, whole + 1, z3.If(rest == half, z3.If(whole % 2 == 1, whole + 1, whole), whole))


# rounding mode → the whole number of quanta (exact.round_amount, mode by mode, for any sign).
ROUNDING: dict[str, Callable[[Any], Any]] = {
    "四舍五入": _half_up,
    "舍去": _down,
    "进一": _up,
    "银行家舍入": _half_even,
}


def rounded(amount: Any, rule: ir.Rounding) -> Any:
    mode = ROUNDING.get(str(getattr(rule.mode, "value", rule.mode)))
    if mode is None:
        raise Unsupported(f"rounding {rule.mode}")
    quantum = real(rule.quantum)
    return z3.ToReal(mode(amount / quantum)) * quantum


# ---------------------------------------------------------------------------- the clause primitives
Outcome = tuple[Any, Any]  # (eligible, paid) — paid is 0 where not eligible


class SymbolicClause:
    """semantics/backend.py's ClauseBackend on z3 terms, for one copy of the facts."""

    def __init__(self, encoder: Encoder, copy: str):
        self.encoder, self.copy = encoder, copy

    def condition(self, condition: ir.ConditionPlan) -> Any:
        return self.encoder.expr(condition.expr, self.copy)

    def all_of(self, truths: Sequence[Any]) -> Any:
        return z3.And(*truths) if truths else z3.BoolVal(True)

    def award(self, expr: ir.Expr) -> Any:
        return self.encoder.expr(expr, self.copy)

    def floor_zero(self, amount: Any) -> Any:
        return maximum(amount, zero())

    def cap(self, amount: Any, cap: ir.CapPlan) -> Any:
        return minimum(amount, self.encoder.cap_limit(cap, self.copy))

    def round(self, amount: Any, rule: ir.Rounding) -> Any:
        return rounded(amount, rule)

    def when(self, holds: Any, amount: Callable[[], Any]) -> Any:
        return z3.If(holds, amount(), zero())

    def over_items(
        self, items: ir.ItemPlan, one_item: Callable[[], tuple[Any, Any]], one_group: Callable[[Any], Any]
    ) -> Any:
        """One item per list (see the module's note): it counts unless the limit lets none count."""
        _, amount = one_item()
        if items.measure_limit is not None:  # the one item is paid for what of its measure the limit covers
            measure = self.encoder.expr(items.measure_limit.measure, self.copy)
            limit = maximum(self.encoder.expr(items.measure_limit.limit, self.copy), zero())
            amount = z3.If(measure <= limit, amount, amount * limit / measure)
        if items.limit is not None and items.limit.count < 1:
            amount = zero()
        return one_group(amount)

    def outcome(self, plan: ir.ClausePlan, eligible: Any, amount: Callable[[], Any]) -> Outcome:
        return eligible, z3.If(eligible, amount(), zero())


class Encoder:
    """Builds formulas over one compiled policy; remembers every variable it created."""

    def __init__(self, policy: ir.CompiledPolicy):
        self.policy = policy
        self.vars: dict[tuple[str, str, str, str | None], Var] = {}
        self.domain: list[Any] = []
        self.opaque: set[str] = set()  # copies whose formulas used an opaque aggregate
        self.substitute: dict[int, ir.Expr] = {}  # id(node) → node to encode instead (another reading)
        self.fresh_count = 0
        self.clause_terms: dict[tuple[str, str], Any] = {}  # (citation, copy) → what it pays, for 金额(…)

    # ------------------------------------------------------------------ variables
    def fact(self, name: str, copy: str) -> Any:
        info = self.policy.facts[name]
        fresh = ("fact", name, copy, None) not in self.vars
        term = self._var(("fact", name, copy, None), info.type, name, copy, None)
        if fresh and any(r.name == name for r in self.policy.ranks):  # 名次: a whole place 1..N, N not known
            self.domain.extend([term >= 1, z3.IsInt(term)])
        return term

    def field(self, items: str, name: str, copy: str) -> Any:
        t = self.policy.facts[items].type
        assert isinstance(t, ListOf)
        ft = t.field(name)
        assert ft is not None
        return self._var(("field", name, copy, items), ft, name, copy, items)

    def param(self, name: str) -> Any:
        info = self.policy.params[name]
        if not info.unspecified:
            return self.constant(info.value, info.type)
        return self._var(("param", name, "", None), info.type, name, "", None)

    def _var(self, key: tuple[str, str, str, str | None], t: Type, name: str, copy: str, items: str | None) -> Any:
        found = self.vars.get(key)
        if found is not None:
            return found.term
        label = f"{key[0]}:{items + '.' if items else ''}{name}#{copy}"
        term, constraints = declare(label, t)
        self.domain.extend(constraints)
        self.vars[key] = Var(term, t, key[0], name, copy, items)
        return term

    def var(self, kind: str, name: str, copy: str, items: str | None = None) -> Var | None:
        return self.vars.get((kind, name, copy if kind != "param" else "", items))

    def constant(self, value: Any, t: Type) -> Any:
        if isinstance(t, Bool):
            return z3.BoolVal(bool(value))
        if isinstance(t, Enum):
            return z3.IntVal(t.values.index(value))
        if isinstance(t, Date):
            return z3.IntVal((value - EPOCH).days)
        if isinstance(t, Text):
            return z3.StringVal(str(value))
        return real(value)

    def fresh(self, t: Type) -> Any:
        self.fresh_count += 1
        term, constraints = declare(f"opaque{self.fresh_count}", t)
        self.domain.extend(constraints)
        return term

    # ------------------------------------------------------------------ expressions
    def expr(self, e: ir.Expr, copy: str) -> Any:
        """The z3 term of an expression for one copy of the facts; numbers are always Real."""
        e = self.substitute.get(id(e), e)
        handler = EXPRESSIONS.get(type(e))
        if handler is None:
            raise Unsupported(construct_text(e), UNSUPPORTED.get(type(e)), e.span)
        return handler(self, e, copy)

    def numeric(self, term: Any) -> Any:
        return z3.ToReal(term) if z3.is_int(term) else term

    def leaf(self, term: Any, t: Type) -> Any:
        if isinstance(t, (Money, Quantity, Ratio, Number, PerUnit)):
            return self.numeric(term)
        return term

    def note_threshold(self, subject: ir.Expr, bound: ir.Expr, copy: str) -> None:
        """Remember the constants a fact is compared with: they guide readable counterexamples."""
        if not isinstance(bound, ir.Const) or not isinstance(bound.value, Fraction):
            return
        v = self._subject_var(subject, copy)
        if v is not None:
            v.thresholds.add(bound.value)

    def _subject_var(self, e: ir.Expr, copy: str) -> Var | None:
        if isinstance(e, ir.Input):
            return self.var("fact", e.name, copy)
        if isinstance(e, ir.Field):
            return self.var("field", e.name, copy, e.items)
        if isinstance(e, ir.Derived):
            return self._subject_var(e.expr, copy)
        return None

    # ------------------------------------------------------------------ clauses (semantics/clause.py)
    def clause(self, copy: str) -> SymbolicClause:
        return SymbolicClause(self, copy)

    def conditions(self, conditions: Iterable[ir.ConditionPlan], copy: str) -> Any:
        return semantics.all_conditions(tuple(conditions), self.clause(copy))

    def eligible(self, plan: ir.ClausePlan, copy: str) -> Any:
        return self.conditions(plan.conditions, copy)

    def raw(self, plan: ir.ClausePlan, copy: str) -> Any:
        """The clause's amount before its own caps (for 逐项: one item, after item and group caps)."""
        return semantics.award_amount(plan, self.clause(copy))

    def one_item(self, items: ir.ItemPlan, copy: str) -> Any:
        return semantics.items_award(items, self.clause(copy))

    def cap_limit(self, cap: ir.CapPlan, copy: str) -> Any:
        """A cap's limit, never below 0; a cumulative one less what history says was already paid."""
        limit = self.expr(cap.limit, copy)
        if cap.already_paid is not None:
            limit = limit - self.expr(cap.already_paid, copy)
        return maximum(limit, zero())

    def capped(self, amount: Any, caps: Iterable[ir.CapPlan], copy: str) -> Any:
        return semantics.capped(amount, tuple(caps), self.clause(copy))

    def outcome(self, plan: ir.ClausePlan, copy: str) -> Outcome:
        return semantics.evaluate_clause(plan, self.policy.rounding, self.clause(copy))

    def paid(self, plan: ir.ClausePlan, copy: str) -> Any:
        """What the clause pays, rounded (before the cross-clause rules); 0 when ineligible."""
        return self.outcome(plan, copy)[1]

    # ------------------------------------------------------------------ copies
    def same_except(self, a: str, b: str, differing: Iterable[tuple[str, str | None]] = ()) -> Any:
        """Copies a and b agree on every fact and field either uses so far, except the listed ones."""
        skip = set(differing)
        keys = {(kind, name, items) for (kind, name, copy, items) in self.vars if copy in (a, b) and kind != "param"}
        out = []
        for kind, name, items in sorted(keys, key=str):
            if (name, items) in skip:
                continue
            t = self.vars.get((kind, name, a, items)) or self.vars[(kind, name, b, items)]
            left = self._var((kind, name, a, items), t.type, name, a, items)
            right = self._var((kind, name, b, items), t.type, name, b, items)
            out.append(left == right)
        return z3.And(*out) if out else z3.BoolVal(True)


def declare(label: str, t: Type) -> tuple[Any, list[Any]]:
    """A z3 variable of the right sort, with the constraints of its domain."""
    if isinstance(t, Bool):
        return z3.Bool(label), []
    if isinstance(t, Enum):
        v = z3.Int(label)
        return v, [v >= 0, v < len(t.values)]
    if isinstance(t, Date):
        v = z3.Int(label)
        return v, [v >= 0, v <= 40_000]
    if isinstance(t, Text):
        return z3.String(label), []
    if isinstance(t, Quantity) and t.unit in INTEGER_UNITS:
        v = z3.Int(label)
        return v, [v >= 0]
    v = z3.Real(label)
    if isinstance(t, Ratio):
        return v, [v >= 0, v <= 1]
    if isinstance(t, Money):  # money is counted in whole 分, as cases and payments write it
        fen = z3.Int(label + "/fen")
        return z3.ToReal(fen) / 100, [fen >= 0]
    if isinstance(t, (Quantity, PerUnit)):
        return v, [v >= 0]
    return v, []


# ---------------------------------------------------------------------------- solving
SAT, UNSAT, UNKNOWN = "sat", "unsat", "unknown"


def answer(solver: Any, *assumptions: Any) -> str:
    """Ask the solver; an `unknown` is asked once more with a longer time-out, and if it stays
    unknown (a time-out, or a question beyond its theories) raises CannotCheck: never a "no"."""
    result = solver.check(*assumptions)
    if result != z3.sat and result != z3.unsat:
        solver.set("timeout", RETRY_TIMEOUT_MS)
        result = solver.check(*assumptions)
        solver.set("timeout", TIMEOUT_MS)
    if result == z3.sat:
        return SAT
    if result == z3.unsat:
        return UNSAT
    raise CannotCheck(Reason.TIMEOUT, str(solver.reason_unknown()))


class Query:
    """One satisfiability question over an encoder's formulas, with its domain constraints."""

    def __init__(self, encoder: Encoder, *formulas: Any):
        self.encoder = encoder
        self.solver = z3.SimpleSolver()
        self.solver.set("timeout", TIMEOUT_MS)
        self.solver.add(*formulas)
        self.solver.add(*encoder.domain)

    def check(self) -> str:
        """sat or unsat; an unknown answer (a time-out) raises CannotCheck: it is never a "no"."""
        return answer(self.solver)

    def model(self) -> Any:
        return self.solver.model()

    def fix(self, term: Any, value: Any) -> bool:
        """Try pinning a variable to a value; keep it if a model still exists."""
        self.solver.push()
        self.solver.add(term == value)
        if self.solver.check() == z3.sat:
            return True
        self.solver.pop()
        return False


def unsat_core(encoder: Encoder, named: list[tuple[str, Any]], *background: Any) -> list[str] | None:
    """Names of formulas that cannot all hold together (a small conflicting set), or None if they can."""
    s = z3.SimpleSolver()
    s.set("timeout", TIMEOUT_MS)
    s.add(*encoder.domain, *background)
    flags: dict[str, str] = {}
    for i, (name, formula) in enumerate(named):
        flag = z3.Bool(f"__core{i}")
        flags[str(flag)] = name
        s.add(z3.Implies(flag, formula))
    r = answer(s, *[z3.Bool(f"__core{i}") for i in range(len(named))])
    if r != UNSAT:
        return None
    return [flags[str(f)] for f in s.unsat_core()]


def _z3_text(escaped: str) -> str:
    """z3 writes a string's characters outside printable ASCII as \\u{5e7f}: the text itself, as a case holds it."""
    import re

    return re.sub(r"\\u\{([0-9a-fA-F]{1,6})\}", lambda m: chr(int(m.group(1), 16)), escaped)


def value_of(model: Any, v: Var) -> Any:
    """A variable's value in a model, as backends/exact.py represents it (Fraction, bool, str, date)."""
    got = model.eval(v.term, model_completion=True)
    t = v.type
    if isinstance(t, Bool):
        return z3.is_true(got)
    if isinstance(t, Enum):
        return t.values[got.as_long()]
    if isinstance(t, Date):
        return EPOCH + dt.timedelta(days=got.as_long())
    if isinstance(t, Text):
        return _z3_text(got.as_string()) or "示例"
    if z3.is_int_value(got):
        return Fraction(got.as_long())
    if z3.is_rational_value(got):
        return Fraction(got.numerator_as_long(), got.denominator_as_long())
    if z3.is_algebraic_value(got):
        return Fraction(got.approx(6).as_fraction())
    raise CannotCheck(Reason.UNWRITABLE, f"value {got}")


def value_of_term(model: Any, term: Any) -> Fraction | None:
    """A numeric term's exact value in a model (None if not a rational number)."""
    got = model.eval(term, model_completion=True)
    if z3.is_int_value(got):
        return Fraction(got.as_long())
    if z3.is_rational_value(got):
        return Fraction(got.numerator_as_long(), got.denominator_as_long())
    return None


def number(value: Fraction, v: Var) -> Any:
    """A Python number as a z3 value of the variable's sort."""
    return z3.IntVal(int(value)) if z3.is_int(v.term) else real(value)


__all__ = [
    "EXPRESSIONS",
    "SAT",
    "UNKNOWN",
    "UNSAT",
    "UNSUPPORTED",
    "UNSUPPORTED_STEPS",
    "CannotCheck",
    "Encoder",
    "Query",
    "Reason",
    "SymbolicClause",
    "Unsupported",
    "Var",
    "maximum",
    "minimum",
    "number",
    "real",
    "unsat_core",
    "value_of",
    "zero",
]
