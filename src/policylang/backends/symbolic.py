"""The compiled policy (ir) as z3 formulas, so the checks can ask for cases or prove there are none.

Facts become z3 variables with their domain: money and quantities ≥ 0 (counts of 家/个/人… are
integers), 比例 in [0, 1], one-of as an index, dates as day numbers. A number the text leaves
unspecified is a free variable (≥ 0), so "no case exists" holds whatever value it later gets.

A formula is built per *copy* of the facts (`"x"`, `"y"`, …), so one query can compare two
enterprises: "y is smaller on every dimension yet paid more than x". A 逐项 clause is modelled
with exactly one item per list, which is exact for "can this clause pay at all" and gives
counterexamples with one item. A `合计(…)`/`计数(…)` over a list is an opaque value: sound for
"never" questions, but a model that relies on it cannot be written as a case (`opaque`).

z3 is imported here and only here, so the CLI never pays for it unless `check` runs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Iterable

import z3

from policylang.compiler import ir
from policylang.frontend.units import Bool, Date, Enum, ListOf, Money, Number, PerUnit, Quantity, Ratio, Text, Type

# Units counted in whole numbers: a case cannot say 2.5家.
INTEGER_UNITS = frozenset({"个", "家", "人", "项", "次", "件", "户", "展位", "单", "笔", "票", "包裹", "天", "年"})
TIMEOUT_MS = 400
EPOCH = dt.date(2000, 1, 1)


def real(value: Fraction | int) -> z3.ArithRef:
    f = Fraction(value)
    return z3.RealVal(f"{f.numerator}/{f.denominator}")


def zero() -> z3.ArithRef:
    return z3.RealVal(0)


def minimum(a: z3.ArithRef, b: z3.ArithRef) -> z3.ArithRef:
    return z3.If(a <= b, a, b)


def maximum(a: z3.ArithRef, b: z3.ArithRef) -> z3.ArithRef:
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


class Unsupported(Exception):
    """An expression the encoding does not model (a check then says nothing about it)."""


class Encoder:
    """Builds formulas over one compiled policy; remembers every variable it created."""

    def __init__(self, policy: ir.CompiledPolicy):
        self.policy = policy
        self.vars: dict[tuple[str, str, str, str | None], Var] = {}
        self.domain: list[Any] = []
        self.opaque: set[str] = set()  # copies whose formulas used an opaque aggregate
        self.substitute: dict[int, ir.Expr] = {}  # id(node) → node to encode instead (another reading)
        self._fresh = 0

    # ------------------------------------------------------------------ variables
    def fact(self, name: str, copy: str) -> Any:
        info = self.policy.facts[name]
        return self._var(("fact", name, copy, None), info.type, name, copy, None)

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

    def constant(self, value: object, t: Type) -> Any:
        if isinstance(t, Bool):
            return z3.BoolVal(bool(value))
        if isinstance(t, Enum):
            return z3.IntVal(t.values.index(value))  # type: ignore[arg-type]
        if isinstance(t, Date):
            return z3.IntVal((value - EPOCH).days)  # type: ignore[operator]
        if isinstance(t, Text):
            return z3.StringVal(str(value))
        return real(value)  # type: ignore[arg-type]

    def fresh(self, t: Type) -> Any:
        self._fresh += 1
        term, constraints = declare(f"opaque{self._fresh}", t)
        self.domain.extend(constraints)
        return term

    # ------------------------------------------------------------------ expressions
    def expr(self, e: ir.Expr, copy: str, item: str | None = None) -> Any:
        """The z3 term of an expression for one copy of the facts; numbers are always Real."""
        e = self.substitute.get(id(e), e)
        method = getattr(self, "on_" + type(e).__name__, None)
        if method is None:
            raise Unsupported(type(e).__name__)
        return method(e, copy, item)

    def numeric(self, term: Any) -> Any:
        return z3.ToReal(term) if z3.is_int(term) else term

    def on_Const(self, e: ir.Const, copy: str, item: str | None) -> Any:
        return self.constant(e.value, e.type)

    def on_Input(self, e: ir.Input, copy: str, item: str | None) -> Any:
        return self._leaf(self.fact(e.name, copy), e.type)

    def on_Field(self, e: ir.Field, copy: str, item: str | None) -> Any:
        return self._leaf(self.field(e.items, e.name, copy), e.type)

    def on_Param(self, e: ir.Param, copy: str, item: str | None) -> Any:
        return self._leaf(self.param(e.name), e.type)

    def _leaf(self, term: Any, t: Type) -> Any:
        if isinstance(t, (Money, Quantity, Ratio, Number, PerUnit)):
            return self.numeric(term)
        return term

    def on_Derived(self, e: ir.Derived, copy: str, item: str | None) -> Any:
        return self.expr(e.expr, copy, item)

    def on_Arith(self, e: ir.Arith, copy: str, item: str | None) -> Any:
        a, b = self.expr(e.left, copy, item), self.expr(e.right, copy, item)
        if e.op == "+":
            return a + b
        if e.op == "-":
            return a - b
        if e.op == "×":
            return a * b
        return a / b

    def on_Cmp(self, e: ir.Cmp, copy: str, item: str | None) -> Any:
        a, b = self.expr(e.left, copy, item), self.expr(e.right, copy, item)
        self._note_threshold(e.left, e.right, copy)
        self._note_threshold(e.right, e.left, copy)
        return {
            ">": lambda: a > b,
            ">=": lambda: a >= b,
            "<": lambda: a < b,
            "<=": lambda: a <= b,
            "==": lambda: a == b,
            "!=": lambda: a != b,
        }[e.op]()

    def _note_threshold(self, subject: ir.Expr, bound: ir.Expr, copy: str) -> None:
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

    def on_Logic(self, e: ir.Logic, copy: str, item: str | None) -> Any:
        a, b = self.expr(e.left, copy, item), self.expr(e.right, copy, item)
        return z3.And(a, b) if e.op == "且" else z3.Or(a, b)

    def on_Negate(self, e: ir.Negate, copy: str, item: str | None) -> Any:
        return z3.Not(self.expr(e.operand, copy, item))

    def on_Choose(self, e: ir.Choose, copy: str, item: str | None) -> Any:
        return z3.If(
            self.expr(e.condition, copy, item), self.expr(e.then, copy, item), self.expr(e.otherwise, copy, item)
        )

    def on_Tiered(self, e: ir.Tiered, copy: str, item: str | None) -> Any:
        out: Any = zero()
        for row in reversed(e.rows):
            amount = self.expr(row.amount, copy, item)
            out = amount if row.condition is None else z3.If(self.expr(row.condition, copy, item), amount, out)
        return out

    def on_StepAward(self, e: ir.StepAward, copy: str, item: str | None) -> Any:
        base, step, amount = (self.expr(x, copy, item) for x in (e.base, e.step, e.amount))
        steps = z3.ToReal(z3.ToInt(base / step))
        return maximum(steps, zero()) * amount

    def on_Extreme(self, e: ir.Extreme, copy: str, item: str | None) -> Any:
        terms = [self.expr(a, copy, item) for a in e.args]
        out = terms[0]
        for t in terms[1:]:
            out = minimum(out, t) if e.op == "min" else maximum(out, t)
        return out

    def on_Aggregate(self, e: ir.Aggregate, copy: str, item: str | None) -> Any:
        """Any value at all (a count: any whole number ≥ 0); no case can be written from it."""
        self.opaque.add(copy)
        if e.op == "count":
            return self.numeric(self.fresh(e.type))
        self._fresh += 1
        return z3.Real(f"opaque{self._fresh}")

    def on_Lookup(self, e: ir.Lookup, copy: str, item: str | None) -> Any:
        table = self.policy.tables[e.table]
        key = self.expr(e.key, copy, item)
        rows = list(table.rows)
        self.domain.append(key >= self.constant(rows[0][0], Date()))
        out = self.constant(rows[0][1], table.type)
        for day, value in rows[1:]:
            out = z3.If(key >= self.constant(day, Date()), self.constant(value, table.type), out)
        return out

    def on_DaysBetween(self, e: ir.DaysBetween, copy: str, item: str | None) -> Any:
        return z3.ToReal(self.expr(e.end, copy, item) - self.expr(e.start, copy, item))

    # ------------------------------------------------------------------ clauses
    def conditions(self, conditions: Iterable[ir.ConditionPlan], copy: str) -> Any:
        return z3.And(*[self.expr(c.expr, copy) for c in conditions]) if conditions else z3.BoolVal(True)

    def eligible(self, plan: ir.ClausePlan, copy: str) -> Any:
        return self.conditions(plan.conditions, copy)

    def raw(self, plan: ir.ClausePlan, copy: str) -> Any:
        """The clause's amount before its own caps (for 逐项: one item, after item and group caps)."""
        if plan.items is None:
            assert plan.award is not None
            return maximum(self.expr(plan.award, copy), zero())
        return self.one_item(plan.items, copy)

    def one_item(self, items: ir.ItemPlan, copy: str) -> Any:
        ok = self.conditions(items.conditions, copy)
        amount = self.capped(maximum(self.expr(items.award, copy), zero()), items.caps, copy)
        if items.limit is not None and items.limit.count < 1:
            ok = z3.BoolVal(False)
        return self.capped(z3.If(ok, amount, zero()), items.group_caps, copy)

    def cap_limit(self, cap: ir.CapPlan, copy: str) -> Any:
        limit = self.expr(cap.limit, copy)
        if cap.already_paid is not None:
            limit = maximum(limit - self.expr(cap.already_paid, copy), zero())
        return limit

    def capped(self, amount: Any, caps: Iterable[ir.CapPlan], copy: str) -> Any:
        for cap in caps:
            amount = minimum(amount, self.cap_limit(cap, copy))
        return amount

    def paid(self, plan: ir.ClausePlan, copy: str) -> Any:
        """What the clause pays (before rounding and cross-clause rules); 0 when ineligible."""
        return z3.If(self.eligible(plan, copy), self.capped(self.raw(plan, copy), plan.caps, copy), zero())

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
    if isinstance(t, (Money, Quantity, PerUnit)):
        return v, [v >= 0]
    return v, []


# ---------------------------------------------------------------------------- solving
SAT, UNSAT, UNKNOWN = "sat", "unsat", "unknown"


class Query:
    """One satisfiability question over an encoder's formulas, with its domain constraints."""

    def __init__(self, encoder: Encoder, *formulas: Any):
        self.encoder = encoder
        self.solver = z3.SimpleSolver()
        self.solver.set("timeout", TIMEOUT_MS)
        self.solver.add(*formulas)
        self.solver.add(*encoder.domain)

    def check(self) -> str:
        r = self.solver.check()
        return SAT if r == z3.sat else UNSAT if r == z3.unsat else UNKNOWN

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
    flags = {}
    for i, (name, formula) in enumerate(named):
        flag = z3.Bool(f"__core{i}")
        flags[str(flag)] = name
        s.add(z3.Implies(flag, formula))
    r = s.check(*[z3.Bool(f"__core{i}") for i in range(len(named))])
    if r != z3.unsat:
        return None
    return [flags[str(f)] for f in s.unsat_core()]


def value_of(model: Any, v: Var) -> Any:
    """A variable's value in a model, as evaluate.py represents it (Fraction, bool, str, date)."""
    got = model.eval(v.term, model_completion=True)
    t = v.type
    if isinstance(t, Bool):
        return z3.is_true(got)
    if isinstance(t, Enum):
        return t.values[got.as_long()]
    if isinstance(t, Date):
        return EPOCH + dt.timedelta(days=got.as_long())
    if isinstance(t, Text):
        return got.as_string() or "示例"
    if z3.is_int_value(got):
        return Fraction(got.as_long())
    if z3.is_rational_value(got):
        return Fraction(got.numerator_as_long(), got.denominator_as_long())
    if z3.is_algebraic_value(got):
        return Fraction(got.approx(6).as_fraction())
    raise Unsupported(f"value {got}")


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
    "Encoder",
    "Query",
    "Var",
    "Unsupported",
    "unsat_core",
    "value_of",
    "number",
    "SAT",
    "UNSAT",
    "UNKNOWN",
    "real",
    "zero",
    "minimum",
    "maximum",
]
