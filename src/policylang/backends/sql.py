"""Compile a policy to one SQL query per dialect, exactly: sqlglot expression trees, never string templates.

The fourth backend. It mirrors backends/columnar.py: every number is an integer expression `expr` with
a static positive `scale` (a Fraction), the value being `expr × scale`; constants stay Fractions until
they meet a column; sums and comparisons first bring both sides to a common scale (columnar.fgcd).
Integers are the dialect's exact 128-bit (or 38-digit decimal) integer type (`Dialect.integer`): an
overflow is an error of the engine, never a wrong number. Rounding is written as floor division built
from the dialect's truncating quotient (`Dialect.truncate`), fixed up where the remainder is negative:
no ROUND, no float division, no decimal division anywhere.

Facts are read from the facts table's typed columns in their base units (元 for money, the declared
unit for a quantity, a fraction for a ratio) and turned into integers at a static scale (`READ_SCALES`:
10⁻⁶ 元 for money …), or — for `policylang batch --engine duckdb`, which reads the population with
batch's own reader — as the exact integer columns that reader makes (`scales`).

Unspecified numbers are NULL: arithmetic propagates it, `且`/`或` follow Kleene logic (SQL's AND/OR
do, on NULL), so a clause is 不可确定 exactly where the columnar backend says so. What batch then
decides for the finite domains (tools/batch/decide.py: the choices of a 之一, 是/否, a whole-unit
range) is decided inside the query: the whole pipeline is built once more per combination, and a
row's clause takes the common outcome where batch would.

The semantics primitives over a query: `SqlClauses` is the ClauseBackend that semantics/clause.py
drives, `SqlLedger` the Ledger that semantics/cross.py drives. A value read more than once is
materialised as a column of its own (`Query.materialise`) in a layer of common table expressions, so
no expression is copied into the next; `stage()` starts a new layer (one CTE per cross-clause stage).
Tables as in columnar: `EXPRESSIONS` / `UNSUPPORTED` by IR node type, `UNSUPPORTED_STEPS` by
semantics step (tests/test_backends_complete_sql.py keeps them total), `ARITH`, `COMPARE`,
`ROUNDING`. A construct without an exact SQL form is refused with a located Q-code naming the clause.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any

from policylang.backends.columnar import common_scale, fgcd, limit_subject
from policylang.backends.exact import EXCLUDED, INELIGIBLE, PAID, UNDETERMINED, ZERO, round_amount
from policylang.compiler import ir
from policylang.errors import Diagnostic, PolicyError
from policylang.frontend.units import Bool, Date, Enum, ListOf, Money, Quantity, Text
from policylang.frontend.units import Ratio as RatioType
from policylang.report.i18n import t

I64 = 2**63 - 1
I128 = 2**127 - 1
DIALECTS = ("duckdb", "spark", "hive", "clickhouse", "trino", "postgres")
FEN = Fraction(1, 100)
TOTAL = "合计[分]"
BOUND, FAILED = "__ub:", "__err:"  # hidden columns for batch's summary (as tools/batch/engine.py names them)
DETERMINABLE = "可确定"
# how a fact's typed column becomes an integer: its value in base units × 10^k, exact for k decimals
ORDER = "序号"  # an item table's column giving the items' listed order within a firm
# an item list's per-firm result names the firm's key apart from the facts' own key column: joined beside
# `__f.*`, a second column of the same name is renamed by ClickHouse (`__f.企业编号`), and the key is lost
JOIN_KEY = "__k"
READ_PLACES = {"money": 6, "quantity": 6, "ratio": 8, "number": 6}


class Unsupported(Exception):
    """This construct has no exact form in SQL; the reason is for the drafter."""


def amount_column(citation: str) -> str:
    return f"{citation}[分]"


def status_column(citation: str) -> str:
    return f"{citation}:状态"


# ---------------------------------------------------------------------------- dialects
def _sg() -> Any:
    import sqlglot.expressions as exp

    return exp


@dataclass(frozen=True)
class Dialect:
    """What differs between engines: the exact integer type and the truncating integer quotient."""

    name: str  # sqlglot's dialect name
    integer: str  # the exact integer type, as the dialect writes it
    quotient: str  # "intdiv" (sqlglot IntDiv: //), "function:NAME", "mod" ((n − MOD(n, m)) / m) or "decimal" (cast)
    nullable: str = "{}"  # how the dialect writes a type that holds NULL (ClickHouse: CAST(NULL AS T) raises)

    def int_type(self) -> Any:
        return _sg().DataType.build(self.integer, dialect=self.name)

    def value_type(self, text: str) -> Any:
        """`text` (a type in this dialect) as a cast target a NULL (an empty cell, an unknown) survives."""
        return _sg().DataType.build(self.nullable.format(text), dialect=self.name)

    def truncate(self, n: Any, m: Any) -> Any:
        """n ÷ m rounded toward zero (or down: floor_div fixes either up), both exact integers, m > 0."""
        exp = _sg()
        if self.quotient == "intdiv":
            return paren(exp.IntDiv(this=paren(n), expression=paren(m)))
        if self.quotient.startswith("function:"):
            return exp.Anonymous(this=self.quotient.split(":", 1)[1], expressions=[n, m])
        # n − MOD(n, m) is a multiple of m: the division is exact in any decimal arithmetic
        rest = exp.Mod(this=paren(n), expression=paren(m))
        multiple = paren(exp.Sub(this=paren(n), expression=paren(rest)))
        if self.quotient == "mod":
            return paren(exp.Div(this=multiple, expression=paren(m), typed=True))  # typed: not sqlglot's DOUBLE
        # "decimal" (Spark, Hive): their `div` is a BIGINT that wraps silently past 2^63, so the quotient is the
        # decimal division of the multiple, cast back to the integer type. The divisor is narrowed first (a
        # literal to its own digits, a column to 19): a DECIMAL(38,0) divisor would leave the quotient no integer
        # digit where allowPrecisionLoss is off; narrowed, it keeps 18 or more either way and an overflow is an
        # error under ANSI, never a wrong number.
        digits = len(str(abs(int(m.this)))) if isinstance(m, exp.Literal) and m.is_int else 19
        narrow = exp.Cast(this=paren(m), to=exp.DataType.build(f"DECIMAL({digits}, 0)", dialect=self.name))
        exact = exp.Div(this=multiple, expression=narrow, typed=True)
        return exp.Cast(this=exact, to=self.int_type())

    def remainder(self, n: Any, m: Any) -> Any:
        return paren(_sg().Mod(this=paren(n), expression=paren(m)))


DIALECT_TABLE: dict[str, Dialect] = {
    "duckdb": Dialect("duckdb", "HUGEINT", "intdiv"),  # // on HUGEINT truncates and stays HUGEINT
    "spark": Dialect("spark", "DECIMAL(38,0)", "decimal"),  # DIV is a BIGINT: it wraps past 2^63, ANSI or not
    "hive": Dialect("hive", "DECIMAL(38,0)", "decimal"),
    "postgres": Dialect("postgres", "NUMERIC(38,0)", "intdiv"),  # DIV(a, b) truncates
    "clickhouse": Dialect("clickhouse", "Int128", "function:intDiv", "Nullable({})"),
    "trino": Dialect("trino", "DECIMAL(38,0)", "mod"),  # sqlglot's IntDiv goes through DOUBLE there
}


def paren(e: Any) -> Any:
    """A hand-built subtree in parentheses: sqlglot prints trees as built, not by precedence."""
    exp = _sg()
    if isinstance(e, (exp.Column, exp.Literal, exp.Null, exp.Boolean, exp.Paren, exp.Cast, exp.Anonymous)):
        return e
    return exp.Paren(this=e)


# ---------------------------------------------------------------------------- values
@dataclass(frozen=True, eq=False)
class Num:
    """An exact number per row: `expr × scale` (expr an integer expression), or the constant `const`."""

    expr: Any
    scale: Fraction = Fraction(1)
    nullable: bool = False
    err: Any = None  # a truth: where the evaluator would raise
    const: Fraction | None = None

    @property
    def is_const(self) -> bool:
        return self.expr is None

    @property
    def unknown(self) -> bool:
        return self.expr is None and self.const is None


@dataclass(frozen=True, eq=False)
class Flag:
    """A condition per row (NULL: not determinable), or the constant `const`."""

    expr: Any
    const: bool | None = None
    nullable: bool = False
    err: Any = None

    @property
    def is_const(self) -> bool:
        return self.expr is None

    @property
    def unknown(self) -> bool:
        return self.expr is None and self.const is None

    def column(self) -> Any:
        exp = _sg()
        if self.expr is not None:
            return self.expr
        return exp.Null() if self.const is None else exp.Boolean(this=self.const)


@dataclass(frozen=True, eq=False)
class Other:
    """A date, text or choice per row, or the constant `const`."""

    expr: Any
    const: object = None
    is_const: bool = False
    nullable: bool = False
    err: Any = None

    @property
    def unknown(self) -> bool:
        return self.expr is None and not self.is_const

    def column(self) -> Any:
        return self.expr if self.expr is not None else literal_of(self.const)


Value = Num | Flag | Other
UNKNOWN_NUM = Num(None, nullable=True)
UNKNOWN_FLAG = Flag(None, nullable=True)
UNKNOWN_OTHER = Other(None, nullable=True)


def literal_of(value: object) -> Any:
    exp = _sg()
    if value is None:
        return exp.Null()
    if isinstance(value, bool):
        return exp.Boolean(this=value)
    if isinstance(value, dt.date):
        return exp.Cast(this=exp.Literal.string(value.isoformat()), to=exp.DataType.build("DATE"))
    return exp.Literal.string(str(value))


def const_num(value: Fraction | int) -> Num:
    return Num(None, const=Fraction(value))


def any_err(*errs: Any) -> Any:
    found = [e for e in errs if e is not None]
    if not found:
        return None
    out = found[0]
    for e in found[1:]:
        out = paren(_sg().Or(this=paren(out), expression=paren(e)))
    return out


def when_err(guard: Any, err: Any) -> Any:
    if err is None:
        return None
    return err if guard is None else both(guard, err)


def both(a: Any, b: Any) -> Any:
    return paren(_sg().And(this=paren(a), expression=paren(b)))


def either(a: Any, b: Any) -> Any:
    return paren(_sg().Or(this=paren(a), expression=paren(b)))


def negate(a: Any) -> Any:
    return paren(_sg().Not(this=paren(a)))


def is_null(a: Any) -> Any:
    exp = _sg()
    return paren(exp.Is(this=paren(a), expression=exp.Null()))


def is_true(a: Any) -> Any:
    """True where `a` is true; false where it is false or NULL (polars' fill_null(False))."""
    return paren(_sg().Coalesce(this=a, expressions=[_sg().Boolean(this=False)]))


def is_false(a: Any) -> Any:
    """True where `a` is false; false where it is true or NULL."""
    return is_true(negate(a))


def case(branches: Sequence[tuple[Any, Any]], otherwise: Any) -> Any:
    exp = _sg()
    node = exp.Case()
    for cond, then in branches:
        node = node.when(cond, then, copy=False)
    return paren(node.else_(otherwise, copy=False))


def with_err(v: Value, err: Any) -> Value:
    return v if v.err is err else replace(v, err=err)


# ---------------------------------------------------------------------------- the query being built
@dataclass
class Query:
    """The layers of common table expressions: each layer adds columns computed from the layers
    before; a materialised value is a named column of the first layer after those it reads."""

    dialect: Dialect
    floor: int = 0  # stage(): later columns go into a layer after every one so far
    temps: dict[str, tuple[Any, int]] = field(default_factory=dict)
    prefix: str = ""  # an item list's own chain of layers: its CTEs named apart from the facts'
    mark: int = 0  # stage() looks at the columns made from the mark-th on

    def lit(self, n: int) -> Any:
        exp = _sg()
        if abs(n) > I128:
            raise Unsupported(t("batch.unsupported.int128_constant", value=n))
        if abs(n) > I64:
            return exp.Cast(this=exp.Literal.string(str(n)), to=self.dialect.int_type())
        if n < 0:
            return exp.Paren(this=exp.Neg(this=exp.Literal.number(-n)))
        return exp.Literal.number(n)

    def integer(self, e: Any) -> Any:
        """`e` (a value read from a table: NULL where empty) as the exact integer type."""
        return _sg().Cast(this=e, to=self.dialect.value_type(self.dialect.integer))

    def materialise(self, e: Any) -> Any:
        """`e` as a column of its own; a column (or a literal) as it is."""
        exp = _sg()
        if e is None or isinstance(e, (exp.Column, exp.Literal, exp.Null, exp.Boolean)):
            return e
        depth = self.floor + 1
        for col in e.find_all(exp.Column):
            found = self.temps.get(col.name)
            if found is not None:
                depth = max(depth, found[1] + 1)
        name = f"__t{len(self.temps)}"
        self.temps[name] = (e, depth)
        return column(name)

    def stage(self) -> None:
        """Later columns go into a layer after every one made since `mark` (Combinations: each
        combination's stages start again from the base's, side by side with the others')."""
        since = list(self.temps.values())[self.mark :]
        if since:
            self.floor = max(self.floor, *(d for _, d in since))

    def chain(self, source: Any) -> tuple[list[tuple[str, Any]], str]:
        """The CTEs: the source, then one layer per depth; and the name of the last."""
        exp = _sg()
        previous = f"__{self.prefix}facts" if not self.prefix else f"__{self.prefix}src"
        ctes: list[tuple[str, Any]] = [(previous, source)]
        for level in sorted({d for _, d in self.temps.values()}):
            layer = [exp.alias_(e, n, quoted=True) for n, (e, d) in self.temps.items() if d == level]
            name = f"__{self.prefix}l{level}"
            ctes.append((name, exp.select(exp.Star(), *layer).from_(exp.to_identifier(previous, quoted=True))))
            previous = name
        return ctes, previous

    def build(self, source: Any, select: list[Any], before: Sequence[tuple[str, Any]] = ()) -> Any:
        """WITH (`before`), layer0 AS (source), layerN AS (SELECT *, … FROM layerN-1) … SELECT `select` FROM the last."""
        exp = _sg()
        ctes, last = self.chain(source)
        query: Any = exp.select(*select).from_(exp.to_identifier(last, quoted=True))
        for name, body in [*before, *ctes]:
            query = query.with_(exp.to_identifier(name, quoted=True), as_=body, copy=False)
        return query


def column(name: str) -> Any:
    return _sg().column(name, quoted=True)


@dataclass
class Ints:
    expr: Any
    const: int | None = None


def at_scale(q: Query, v: Num, g: Fraction) -> Ints:
    exp = _sg()
    if v.is_const:
        k = v.const / g  # type: ignore[operator]
        assert k.denominator == 1, (v.const, g)
        return Ints(q.lit(int(k)), int(k))
    m = v.scale / g
    assert m.denominator == 1 and m > 0, (v.scale, g)
    if m == 1:
        return Ints(v.expr)
    return Ints(paren(exp.Mul(this=paren(v.expr), expression=q.lit(int(m)))))


def align(q: Query, values: list[Num]) -> tuple[Fraction, list[Ints]]:
    g = common_scale(values)  # type: ignore[arg-type]  # columnar's helper reads .scale/.const/.is_const only
    return g, [at_scale(q, v, g) for v in values]


def floor_div(q: Query, n: Any, m: int) -> Any:
    """⌊n ÷ m⌋ for m > 0, from the dialect's truncating quotient: one less where the remainder is negative."""
    exp = _sg()
    if m == 1:
        return n
    n = q.materialise(n)
    quotient = q.dialect.truncate(n, q.lit(m))
    below = exp.LT(this=q.dialect.remainder(n, q.lit(m)), expression=exp.Literal.number(0))
    return paren(exp.Sub(this=quotient, expression=case([(below, exp.Literal.number(1))], exp.Literal.number(0))))


# ---------------------------------------------------------------------------- the compiler
Resolver = Callable[[str], Value]


@dataclass
class Scope:
    policy: ir.CompiledPolicy
    overrides: dict[str, Any]
    inputs: Resolver
    clauses: dict[str, ClauseOutput] = field(default_factory=dict)
    fields: Resolver | None = None  # inside 逐项: the current item's fields
    items: ItemLists | None = None  # the item tables, and the CTEs their per-firm results take


@dataclass
class ItemLists:
    """Where the item lists are and how they join the facts: `key` (the firm id, or batch's row number)
    in both tables, `order` the items' listed order; per list its table; the CTEs built for them and
    the per-firm columns they add to the facts (`joins`)."""

    table: str
    key: str
    order: str
    tables: dict[str, str]
    read_field: Callable[[str, str, Query], Value]  # (list, field, item query) → value
    read_fact: Callable[[str, str, Query], Value]  # (fact, column, item query) → value
    absent_is_empty: bool = False  # batch --engine duckdb: a list without a table has no items
    ctes: list[tuple[str, Any]] = field(default_factory=list)
    joins: list[tuple[str, str]] = field(default_factory=list)  # (result CTE, column name)
    fine: set[str] = field(default_factory=set)  # the results that are Fine sums (with `:e` and `:amb`)
    facts_present: set[str] | None = None


class Compiler:
    """IR expression → Num / Flag / Other over one query, memoised by node identity."""

    def __init__(self, scope: Scope, query: Query):
        self.scope = scope
        self.q = query
        self.memo: dict[int, tuple[ir.Expr, Value]] = {}

    def value(self, e: ir.Expr) -> Value:
        found = self.memo.get(id(e))
        if found is None:
            found = self.memo[id(e)] = (e, self._value(e))
        return found[1]

    def num(self, e: ir.Expr) -> Num:
        v = self.value(e)
        if not isinstance(v, Num):  # pragma: no cover - the type checker forbids it
            raise Unsupported(t("batch.unsupported.not_number", text=_text(e)))
        return v

    def flag(self, e: ir.Expr) -> Flag:
        v = self.value(e)
        if not isinstance(v, Flag):  # pragma: no cover
            raise Unsupported(t("batch.unsupported.not_condition", text=_text(e)))
        return v

    def _value(self, e: ir.Expr) -> Value:
        handler = EXPRESSIONS.get(type(e))
        if handler is None:
            raise Unsupported(UNSUPPORTED.get(type(e)) or t("batch.unsupported.node", node=type(e).__name__))
        return handler(self, e)

    # ------------------------------------------------------------------ names
    def on_Const(self, e: ir.Const) -> Value:
        return constant(e.value, e.type)

    def on_Input(self, e: ir.Input) -> Value:
        if e.name in self.scope.overrides:
            return constant(self.scope.overrides[e.name], e.type)
        return self.scope.inputs(e.name)

    def on_Param(self, e: ir.Param) -> Value:
        if e.name in self.scope.overrides:
            return constant(self.scope.overrides[e.name], e.type)
        p = self.scope.policy.params[e.name]
        return unknown(e.type) if p.value is None else constant(p.value, e.type)

    def on_Field(self, e: ir.Field) -> Value:
        if self.scope.fields is None:  # pragma: no cover - the type checker allows fields only inside 逐项
            raise Unsupported(t("batch.unsupported.field_outside_items", name=e.name))
        return self.scope.fields(e.name)

    def on_Derived(self, e: ir.Derived) -> Value:
        return self.value(e.expr)

    def on_Aggregate(self, e: ir.Aggregate) -> Value:
        if self.scope.fields is not None:  # 合计 inside 逐项: per item of another list
            raise Unsupported(t("batch.unsupported.aggregate_in_items"))
        return aggregate_in_sql(self, e)

    def on_ClauseAmount(self, e: ir.ClauseAmount) -> Value:
        parts: list[Num] = []
        for c in e.clauses:
            out = self.scope.clauses.get(c)
            if out is None:  # pragma: no cover - semantics/order.py computes what is read first
                raise Unsupported(t("clause_ref.batch.in_items", citation=e.citation))
            parts.append(clause_num(self.q, out))
        value = parts[0]
        for part in parts[1:]:
            value = add(self.q, value, part, "+", None)
        return value

    # ------------------------------------------------------------------ arithmetic
    def on_Arith(self, e: ir.Arith) -> Value:
        a, b = self.num(e.left), self.num(e.right)
        err = any_err(a.err, b.err)
        if a.unknown or b.unknown:
            return replace(UNKNOWN_NUM, err=err)
        return ARITH[e.op](self.q, a, b, err, e)

    def on_Extreme(self, e: ir.Extreme) -> Value:
        args = [self.num(a) for a in e.args]
        err = any_err(*(a.err for a in args))
        if any(a.unknown for a in args):
            return replace(UNKNOWN_NUM, err=err)
        return extreme(self.q, e.op, args, err)

    def on_StepAward(self, e: ir.StepAward) -> Value:
        base, step, amount = self.num(e.base), self.num(e.step), self.num(e.amount)
        err = any_err(base.err, step.err, amount.err)
        if base.unknown or step.unknown or amount.unknown:
            return replace(UNKNOWN_NUM, err=err)
        return steps(self.q, base, step, amount, err)

    def on_Choose(self, e: ir.Choose) -> Value:
        c = self.flag(e.condition)
        if c.unknown:
            return with_err(unknown(e.type), c.err)
        if c.is_const:
            chosen = self.value(e.then if c.const else e.otherwise)
            return with_err(chosen, any_err(c.err, chosen.err))
        a, b = self.value(e.then), self.value(e.otherwise)
        taken, skipped = is_true(c.expr), is_false(c.expr)
        err = any_err(c.err, when_err(taken, a.err), when_err(skipped, b.err))
        return choose(self.q, c, a, b, err)

    def on_Tiered(self, e: ir.Tiered) -> Value:
        """First row whose condition holds pays; an undeterminable row before it makes all unknown."""
        exp = _sg()
        live: list[tuple[Flag, Num]] = []
        errs: list[Any] = []
        reached: Any = None
        pending: Any = None
        default: Num = const_num(0)
        for row in e.rows:
            cond = Flag(None, const=True) if row.condition is None else self.flag(row.condition)
            errs.append(when_err(reached, cond.err))
            if cond.unknown:
                default = UNKNOWN_NUM
                break
            if cond.is_const and not cond.const:
                continue
            amount = self.num(row.amount)
            holds = exp.Boolean(this=True) if cond.is_const else is_true(cond.expr)
            taken = holds if reached is None else both(reached, holds)
            if pending is not None:
                taken = both(taken, negate(pending))
            errs.append(when_err(taken, amount.err))
            if cond.is_const:
                default = amount
                break
            live.append((cond, amount))
            not_held = (
                negate(cond.expr)
                if not cond.nullable
                else paren(exp.Coalesce(this=negate(cond.expr), expressions=[exp.Boolean(this=True)]))
            )
            reached = not_held if reached is None else both(reached, not_held)
            if cond.nullable:
                p = is_null(cond.expr)
                pending = p if pending is None else either(pending, p)
        err = any_err(*errs)
        if not live:
            return with_err(default, any_err(err, default.err))
        known = [a for _, a in live if not a.unknown] + ([] if default.unknown else [default])
        g, parts = align(self.q, known) if known else (Fraction(1), [])
        it = iter(parts)
        branches = []
        for cond, amount in live:
            if cond.nullable:
                branches.append((is_null(cond.expr), exp.Null()))
            branches.append((cond.expr, exp.Null() if amount.unknown else next(it).expr))
        otherwise = exp.Null() if default.unknown else next(it).expr
        nullable = default.unknown or default.nullable or any(c.nullable or a.nullable or a.unknown for c, a in live)
        return Num(case(branches, otherwise), g, nullable, err)

    # ------------------------------------------------------------------ conditions
    def on_Cmp(self, e: ir.Cmp) -> Value:
        a, b = self.value(e.left), self.value(e.right)
        err = any_err(a.err, b.err)
        if a.unknown or b.unknown:
            return Flag(None, nullable=True, err=err)
        if isinstance(a, Num) and isinstance(b, Num):
            return compare_nums(self.q, e.op, a, b, err)
        return compare_others(e.op, a, b, err)

    def on_Logic(self, e: ir.Logic) -> Value:
        a = self.flag(e.left)
        stop = LOGIC_STOPS_AT[e.op]
        if a.is_const and a.const is stop:
            return a
        b = self.flag(e.right)
        if a.is_const and a.const is (not stop):
            return replace(b, err=any_err(a.err, b.err))
        if a.unknown:
            go_on = None
        else:
            go_on = a.expr if stop is False else negate(a.expr)
            if a.nullable:
                go_on = paren(_sg().Coalesce(this=go_on, expressions=[_sg().Boolean(this=True)]))
        err = any_err(a.err, when_err(go_on, b.err))
        if b.is_const and b.const is stop:
            return Flag(None, const=stop, err=err)
        if b.is_const and b.const is (not stop):
            return replace(a, err=err)
        expr = either(a.column(), b.column()) if stop else both(a.column(), b.column())
        return Flag(expr, nullable=a.nullable or b.nullable, err=err)

    def on_Negate(self, e: ir.Negate) -> Value:
        a = self.flag(e.operand)
        if a.is_const:
            return a if a.unknown else Flag(None, const=not a.const, err=a.err)
        return Flag(negate(a.expr), nullable=a.nullable, err=a.err)

    # ------------------------------------------------------------------ tables and dates
    def on_Lookup(self, e: ir.Lookup) -> Value:
        exp = _sg()
        key = self.value(e.key)
        table = self.scope.policy.tables[e.table]
        if table.outside is not None:
            if key.unknown:
                return replace(UNKNOWN_NUM, err=key.err)
            return Num(None, const=Fraction(0), err=any_err(key.err, exp.Boolean(this=True)))
        if not isinstance(key, Other):  # pragma: no cover
            raise Unsupported(t("batch.unsupported.lookup_key"))
        if key.unknown:
            return replace(UNKNOWN_NUM, err=key.err)
        rows = [(d, Fraction(v)) for d, v in table.rows]  # type: ignore[call-overload]
        if key.is_const:
            found = [v for d, v in rows if d <= key.const]  # type: ignore[operator]
            after = table.until is not None and key.const > table.until  # type: ignore[operator]
            if not found or after:
                return Num(None, const=Fraction(0), err=any_err(key.err, exp.Boolean(this=True)))
            return Num(None, const=found[-1], err=key.err)
        g, parts = align(self.q, [const_num(v) for _, v in rows])
        k = key.column()
        branches = [
            (exp.GTE(this=k, expression=literal_of(day)), part.expr)
            for (day, _), part in reversed(list(zip(rows, parts, strict=True)))
        ]
        out = case(branches, exp.Literal.number(0))
        before_first: Any = exp.LT(this=k, expression=literal_of(rows[0][0]))
        if table.until is not None:
            before_first = either(before_first, exp.GT(this=k, expression=literal_of(table.until)))
        if key.nullable:
            before_first = is_true(before_first)
        return Num(out, g, key.nullable, any_err(key.err, before_first))

    def on_DaysBetween(self, e: ir.DaysBetween) -> Value:
        exp = _sg()
        a, b = self.value(e.start), self.value(e.end)
        err = any_err(a.err, b.err)
        if not isinstance(a, Other) or not isinstance(b, Other):  # pragma: no cover
            raise Unsupported(t("batch.unsupported.days"))
        if a.unknown or b.unknown:
            return replace(UNKNOWN_NUM, err=err)
        if a.is_const and b.is_const:
            return Num(None, const=Fraction((b.const - a.const).days), err=err)  # type: ignore[operator]
        days = exp.DateDiff(this=b.column(), expression=a.column(), unit=exp.var("DAY"))
        return Num(self.q.integer(days), Fraction(1), a.nullable or b.nullable, err)


def refuse(reason: str) -> Callable[[Compiler, Any], Value]:
    def handler(comp: Compiler, e: Any) -> Value:
        raise Unsupported(reason)

    return handler


# ---------------------------------------------------------------------------- constants and unknowns
def constant(value: Any, typ: Any) -> Value:
    if isinstance(typ, Bool):
        return Flag(None, const=bool(value))
    if isinstance(typ, (Date, Text, Enum)):
        return Other(None, const=value, is_const=True)
    return const_num(Fraction(value))


def unknown(typ: Any) -> Value:
    if isinstance(typ, Bool):
        return UNKNOWN_FLAG
    if isinstance(typ, (Date, Text, Enum)):
        return UNKNOWN_OTHER
    return UNKNOWN_NUM


# ---------------------------------------------------------------------------- arithmetic on Num
def add(q: Query, a: Num, b: Num, op: str, err: Any) -> Num:
    exp = _sg()
    if a.is_const and b.is_const:
        return Num(None, const=a.const + b.const if op == "+" else a.const - b.const, err=err)  # type: ignore[operator]
    if b.is_const and b.const == 0:
        return replace(a, err=err)
    g, (x, y) = align(q, [a, b])
    node = exp.Add if op == "+" else exp.Sub
    return Num(paren(node(this=paren(x.expr), expression=paren(y.expr))), g, a.nullable or b.nullable, err)


def multiply(q: Query, a: Num, b: Num, err: Any) -> Num:
    exp = _sg()
    if a.is_const and b.is_const:
        return Num(None, const=a.const * b.const, err=err)  # type: ignore[operator]
    if a.is_const:
        a, b = b, a
    if b.is_const:
        c = b.const
        assert c is not None
        if c == 0:
            if a.nullable:  # unknown × 0 is still unknown
                return Num(paren(exp.Mul(this=paren(a.expr), expression=q.lit(0))), Fraction(1), True, err)
            return Num(None, const=Fraction(0), err=err)
        if c > 0:
            return replace(a, scale=a.scale * c, err=err)
        return Num(paren(exp.Neg(this=paren(a.expr))), a.scale * -c, a.nullable, err)
    expr = paren(exp.Mul(this=paren(a.expr), expression=paren(b.expr)))
    return Num(expr, a.scale * b.scale, a.nullable or b.nullable, err)


def divide(q: Query, a: Num, b: Num, err: Any, e: ir.Expr) -> Num:
    if b.is_const:
        if b.const == 0:
            return replace(UNKNOWN_NUM, nullable=a.nullable, err=any_err(err, _sg().Boolean(this=True)))
        return multiply(q, a, Num(None, const=1 / Fraction(b.const)), err)  # type: ignore[arg-type]
    raise Unsupported(t("batch.unsupported.divide_by_column", text=_text(e)))


def pick(q: Query, op: str, x: Any, y: Any, x_null: bool, y_null: bool) -> Any:
    """min / max of two integers at one scale; NULL where either is (as the evaluator's unknown)."""
    exp = _sg()
    x, y = q.materialise(x), q.materialise(y)
    better = exp.LTE(this=x, expression=y) if op == "min" else exp.GTE(this=x, expression=y)
    missing = [is_null(v) for v, null in ((x, x_null), (y, y_null)) if null]
    branches = [(any_err(*missing), exp.Null())] if missing else []
    return case([*branches, (better, x)], y)


def extreme(q: Query, op: str, args: list[Num], err: Any) -> Num:
    choose_const = EXTREMES[op]
    consts = [a.const for a in args if a.const is not None]
    columns = [a for a in args if not a.is_const]
    if not columns:
        return Num(None, const=choose_const(consts), err=err)
    if consts:
        columns.append(const_num(choose_const(consts)))
    if len(columns) == 1:
        return replace(columns[0], err=err)
    g, parts = align(q, columns)
    out, out_null = parts[0].expr, columns[0].nullable
    for p, v in zip(parts[1:], columns[1:], strict=True):
        out = pick(q, op, out, p.expr, out_null, v.nullable)
        out_null = out_null or v.nullable
    return Num(out, g, out_null, err)


def steps(q: Query, base: Num, step: Num, amount: Num, err: Any) -> Num:
    """amount × max(⌊base ÷ step⌋, 0); the evaluator raises when step ≤ 0."""
    exp = _sg()
    if step.is_const:
        if step.const <= 0:  # type: ignore[operator]
            return replace(UNKNOWN_NUM, err=any_err(err, exp.Boolean(this=True)))
        if base.is_const:
            n = max(base.const // step.const, 0)  # type: ignore[operator]
            return multiply(q, const_num(n), amount, err)
        ratio = base.scale / step.const  # type: ignore[operator]
        p, m = ratio.numerator, ratio.denominator
        expr = base.expr if p == 1 else paren(exp.Mul(this=paren(base.expr), expression=q.lit(p)))
        count = Num(floor_div(q, expr, m), Fraction(1), base.nullable)
    else:
        _, (x, y) = align(q, [base, step])
        ex, ey = q.materialise(x.expr), q.materialise(y.expr)
        positive = exp.GT(this=ey, expression=exp.Literal.number(0))
        quotient = floor_div_by(q, ex, ey)
        expr = case([(positive, quotient)], exp.Literal.number(0))
        bad = negate(positive)
        if base.nullable or step.nullable or amount.nullable:
            bad = both(bad, negate(either(is_null(ex), is_null(ey))))
        err = any_err(err, is_true(bad))
        count = Num(expr, Fraction(1), base.nullable or step.nullable)
    count = extreme(q, "max", [count, const_num(0)], None)
    return multiply(q, count, amount, err)


def floor_div_by(q: Query, n: Any, m: Any) -> Any:
    """⌊n ÷ m⌋ for a column m > 0 (where it is not, the caller takes another branch)."""
    exp = _sg()
    quotient = q.dialect.truncate(n, m)
    below = exp.LT(this=q.dialect.remainder(n, m), expression=exp.Literal.number(0))
    return paren(exp.Sub(this=quotient, expression=case([(below, exp.Literal.number(1))], exp.Literal.number(0))))


def choose(q: Query, c: Flag, a: Value, b: Value, err: Any) -> Value:
    exp = _sg()
    cond = c.expr
    null_first = [(is_null(cond), exp.Null())] if c.nullable else []
    if isinstance(a, Num) and isinstance(b, Num):
        if a.unknown and b.unknown:
            return replace(UNKNOWN_NUM, err=err)
        known = [v for v in (a, b) if not v.unknown]
        g, parts = align(q, known)
        then = parts[0].expr if not a.unknown else exp.Null()
        other = parts[-1].expr if not b.unknown else exp.Null()
        nullable = c.nullable or a.nullable or b.nullable or a.unknown or b.unknown
        return Num(case([*null_first, (cond, then)], other), g, nullable, err)
    if isinstance(a, Flag) and isinstance(b, Flag):
        expr = case([*null_first, (cond, a.column())], b.column())
        return Flag(expr, nullable=c.nullable or a.nullable or b.nullable, err=err)
    assert isinstance(a, Other) and isinstance(b, Other)
    return Other(case([*null_first, (cond, a.column())], b.column()), nullable=True, err=err)


# ---------------------------------------------------------------------------- comparisons
_FLIP = {">": "<", ">=": "<=", "<": ">", "<=": ">=", "==": "==", "!=": "!="}


def _cmp_node(op: str) -> Any:
    exp = _sg()
    return {">": exp.GT, ">=": exp.GTE, "<": exp.LT, "<=": exp.LTE, "==": exp.EQ, "!=": exp.NEQ}[op]


def _apply(op: str, x: Any, y: Any) -> bool:
    import operator

    ops = {">": operator.gt, ">=": operator.ge, "<": operator.lt, "<=": operator.le, "==": operator.eq}
    return bool(x != y) if op == "!=" else bool(ops[op](x, y))


COMPARE = _FLIP  # the comparison words this backend knows (each has a node in _cmp_node)


def compare_nums(q: Query, op: str, a: Num, b: Num, err: Any) -> Flag:
    exp = _sg()
    if a.is_const and b.is_const:
        return Flag(None, const=_apply(op, a.const, b.const), err=err)
    if a.is_const:
        a, b, op = b, a, _FLIP[op]
    if b.is_const:  # E × s op c: compare E with c ÷ s, rounded the right way (E is an integer)
        target = b.const / a.scale  # type: ignore[operator]
        if target.denominator != 1:
            f = math.floor(target)
            if op in (">", ">="):
                op, target = ">", Fraction(f)
            elif op in ("<", "<="):
                op, target = "<=", Fraction(f)
            else:
                value = op == "!="
                if a.nullable:
                    return Flag(case([(is_null(a.expr), exp.Null())], exp.Boolean(this=value)), nullable=True, err=err)
                return Flag(None, const=value, err=err)
        return Flag(
            paren(_cmp_node(op)(this=paren(a.expr), expression=q.lit(int(target)))), nullable=a.nullable, err=err
        )
    _, (x, y) = align(q, [a, b])
    return Flag(
        paren(_cmp_node(op)(this=paren(x.expr), expression=paren(y.expr))), nullable=a.nullable or b.nullable, err=err
    )


def compare_others(op: str, a: Value, b: Value, err: Any) -> Flag:
    if a.is_const and b.is_const:
        return Flag(None, const=_apply(op, a.const, b.const), err=err)
    assert not isinstance(a, Num) and not isinstance(b, Num)
    left, right = a.column(), b.column()
    return Flag(paren(_cmp_node(op)(this=left, expression=right)), nullable=a.nullable or b.nullable, err=err)


def _text(e: ir.Expr) -> str:
    return e.span.text if e.span is not None else type(e).__name__


# ---------------------------------------------------------------------------- rounding, in whole 分
def _round_down(q: Query, n: Any, m: int) -> Any:
    return floor_div(q, n, m)


def _round_up(q: Query, n: Any, m: int) -> Any:
    return floor_div(q, paren(_sg().Add(this=paren(n), expression=q.lit(m - 1))), m)


def _round_half_up(q: Query, n: Any, m: int) -> Any:
    exp = _sg()
    return floor_div(
        q, paren(exp.Add(this=paren(exp.Mul(this=paren(n), expression=q.lit(2))), expression=q.lit(m))), 2 * m
    )


def _round_half_even(q: Query, n: Any, m: int) -> Any:
    exp = _sg()
    n = q.materialise(n)
    whole = q.materialise(floor_div(q, n, m))
    rest = q.materialise(paren(exp.Sub(this=paren(n), expression=paren(exp.Mul(this=whole, expression=q.lit(m))))))
    twice = paren(exp.Mul(this=rest, expression=q.lit(2)))
    odd = exp.NEQ(this=q.dialect.remainder(whole, q.lit(2)), expression=exp.Literal.number(0))
    up = either(exp.GT(this=twice, expression=q.lit(m)), both(exp.EQ(this=twice.copy(), expression=q.lit(m)), odd))
    return paren(exp.Add(this=whole, expression=case([(up, exp.Literal.number(1))], exp.Literal.number(0))))


ROUNDING: dict[str, Callable[[Query, Any, int], Any]] = {
    "舍去": _round_down,
    "进一": _round_up,
    "四舍五入": _round_half_up,
    "银行家舍入": _round_half_even,
}


def round_fen(q: Query, v: Num, rule: ir.Rounding) -> Num:
    """The declared rounding, once, to the declared unit — round_amount's integer arithmetic — in 分."""
    exp = _sg()
    if v.unknown:
        return v
    if v.is_const:
        return const_num(round_amount(v.const, rule) * 100)  # type: ignore[arg-type]
    ratio = v.scale / rule.quantum
    p, m = ratio.numerator, ratio.denominator
    unit = int(rule.quantum * 100)
    n = v.expr if p == 1 else paren(exp.Mul(this=paren(v.expr), expression=q.lit(p)))
    if m != 1:
        n = ROUNDING[str(rule.mode)](q, n, m)
    if unit != 1:
        n = paren(exp.Mul(this=paren(n), expression=q.lit(unit)))
    return Num(q.materialise(n), FEN, v.nullable)


# ---------------------------------------------------------------------------- clause outcomes
STATUSES = (INELIGIBLE, ZERO, PAID, UNDETERMINED, EXCLUDED)


def status_lit(code: str) -> Any:
    return _sg().Literal.string(code)


@dataclass
class ClauseOutput:
    citation: str
    fen: Any  # whole 分 where paid; 0 elsewhere
    status: Any
    upper: Num | None = None
    failed: Any = None
    may_undetermine: bool = True
    may_pay: bool = True
    recheck: Any = None  # rows whose amount a Fine sum left undecided: not determinable here, RECHECK


def clause_num(q: Query, out: ClauseOutput) -> Num:
    """What a clause pays in 分 (0 unless paid), NULL where not determinable (金额(…))."""
    if not out.may_undetermine:
        return Num(out.fen, FEN)
    exp = _sg()
    open_rows = exp.EQ(this=out.status, expression=status_lit(UNDETERMINED))
    return Num(case([(open_rows, exp.Null())], out.fen), FEN, nullable=True)


def all_of(flags: list[Flag]) -> Flag:
    err = any_err(*(f.err for f in flags))
    if any(f.is_const and f.const is False for f in flags):
        return Flag(None, const=False, err=err)
    rest = [f for f in flags if not (f.is_const and f.const is True)]
    if not rest:
        return Flag(None, const=True, err=err)
    if len(rest) == 1:
        return replace(rest[0], err=err)
    out = rest[0].column()
    for f in rest[1:]:
        out = both(out, f.column())
    return Flag(out, nullable=any(f.nullable for f in rest), err=err)


@dataclass(frozen=True)
class ItemGuard:
    reached: Any
    holds: Any


class SqlClauses:
    """semantics.backend.ClauseBackend over the rows of the facts table: V = Num, B = Flag, O = ClauseOutput."""

    def __init__(self, compiler: Compiler):
        self.comp = compiler
        self.q = compiler.q
        self.guard: ItemGuard | None = None
        self.ambiguous: Any = None  # the clause's rows a Fine sum left undecided (RECHECK)

    def condition(self, condition: ir.ConditionPlan) -> Flag:
        return self.comp.flag(condition.expr)

    def all_of(self, truths: Sequence[Flag]) -> Flag:
        return all_of(list(truths))

    def award(self, expr: ir.Expr) -> Any:
        try:
            value: Num | Ratio = self.comp.num(expr)
        except Unsupported:
            if self.comp.scope.fields is None:  # a division by a column outside 逐项: refused
                raise
            value = rational(self.comp, expr)
        if self.guard is None:
            return value
        if isinstance(value, Ratio):
            return Ratio(with_err(value.n, when_err(self.guard.reached, value.err)), value.d)  # type: ignore[arg-type]
        return with_err(value, when_err(self.guard.reached, value.err))

    def floor_zero(self, amount: Any) -> Any:
        if isinstance(amount, Fine):
            return fine_min(self.q, amount, const_num(0), "max")
        if isinstance(amount, Ratio):
            if amount.unknown:
                return amount
            n = extreme(self.q, "max", [replace(amount.n, err=None), const_num(0)], None)
            return Ratio(with_err(n, amount.err), amount.d)  # type: ignore[arg-type]
        if amount.unknown:
            return amount
        return with_err(extreme(self.q, "max", [replace(amount, err=None), const_num(0)], None), amount.err)

    def cap(self, amount: Any, cap: ir.CapPlan) -> Any:
        if isinstance(amount, (Ratio, Fine)):
            limit, err = self.cap_limit(cap)
            if isinstance(amount, Fine):
                fine = fine_min(self.q, amount, limit)
                return replace(fine, err=any_err(fine.err, err))
            if amount.unknown or limit.unknown:
                return _r_unknown(any_err(amount.err, err))
            capped = r_extreme(self.q, "min", [Ratio(replace(amount.n, err=None), amount.d), Ratio(limit)], None)
            return Ratio(with_err(capped.n, any_err(amount.err, err)), capped.d)  # type: ignore[arg-type]
        return self.cap_num(amount, cap)

    def cap_limit(self, cap: ir.CapPlan) -> tuple[Num, Any]:
        """The cap's limit (minus what was already paid, never below 0) and its error."""
        limit = self.comp.num(cap.limit)
        errs = [limit.err]
        if cap.already_paid is not None:
            paid = self.comp.num(cap.already_paid)
            errs.append(paid.err)
            if limit.unknown or paid.unknown:
                limit = UNKNOWN_NUM
            else:
                limit = add(self.q, replace(limit, err=None), replace(paid, err=None), "-", None)
        if not limit.unknown:
            limit = extreme(self.q, "max", [replace(limit, err=None), const_num(0)], None)
        err = any_err(*errs)
        if self.guard is not None:
            err = when_err(self.guard.holds, err)
        return replace(limit, err=None), err

    def cap_num(self, amount: Num, cap: ir.CapPlan) -> Num:
        limit, err = self.cap_limit(cap)
        if amount.unknown or limit.unknown:
            capped = Num(None, nullable=True)
        else:
            capped = extreme(self.q, "min", [replace(amount, err=None), limit], None)
        return with_err(capped, any_err(amount.err, err))  # type: ignore[return-value]

    def round(self, amount: Any, rule: ir.Rounding) -> Num:
        if isinstance(amount, Fine):
            fen, ambiguous = fine_round(self.q, amount, rule)
            self.ambiguous = ambiguous if self.ambiguous is None else either(self.ambiguous, ambiguous)
            return fen
        return with_err(round_fen(self.q, replace(amount, err=None), rule), amount.err)  # type: ignore[return-value]

    def when(self, holds: Flag, amount: Callable[[], Any]) -> Any:
        if holds.is_const and holds.const is False:
            return with_err(const_num(0), holds.err)
        if holds.unknown:
            guard = ItemGuard(None, _sg().Boolean(this=False))
        elif holds.is_const:
            guard = ItemGuard(None, None)
        else:
            c = holds.column()
            guard = (
                ItemGuard(paren(_sg().Coalesce(this=c, expressions=[_sg().Boolean(this=True)])), is_true(c))
                if holds.nullable
                else ItemGuard(c, c)
            )
        saved, self.guard = self.guard, guard
        try:
            value = amount()
        finally:
            self.guard = saved
        err = any_err(holds.err, value.err)
        if isinstance(value, Ratio):
            if holds.unknown:
                return _r_unknown(err)
            if holds.is_const:
                return Ratio(with_err(value.n, err), value.d)  # type: ignore[arg-type]
            return r_choose(self.q, holds, value, Ratio(const_num(0)), err)
        if holds.unknown:
            return replace(UNKNOWN_NUM, err=err)
        if holds.is_const:
            return with_err(value, err)
        return choose(self.q, holds, value, const_num(0), err)

    def over_items(
        self, items: ir.ItemPlan, one_item: Callable[[], tuple[Flag, Num]], one_group: Callable[[Num], Num]
    ) -> Num:
        return items_in_sql(self, items, one_item, one_group)

    @contextlib.contextmanager
    def scoped(self, compiler: Compiler) -> Iterator[None]:
        """Read names through `compiler` (and build into its query) inside the block."""
        saved = self.comp, self.q
        self.comp, self.q = compiler, compiler.q
        try:
            yield
        finally:
            self.comp, self.q = saved

    def outcome(self, plan: ir.ClausePlan, eligible: Flag, amount: Callable[[], Num]) -> ClauseOutput:
        exp = _sg()
        ok = eligible
        self.ambiguous = None
        fen = const_num(0) if ok.is_const and ok.const is False else amount()
        recheck, self.ambiguous = self.ambiguous, None
        if recheck is not None and not (ok.is_const and ok.const is True):
            recheck = both(is_true(ok.column()), recheck)
        undetermined = any_err(
            fen.err,
            is_null(fen.expr) if fen.nullable and fen.expr is not None else None,
            is_null(ok.expr) if ok.nullable and ok.expr is not None else None,
            None if recheck is None else is_true(recheck),
        )
        if fen.unknown or ok.unknown:
            undetermined = exp.Boolean(this=True)
        status = self.q.materialise(status_expr(ok, undetermined, fen))
        failed = any_err(ok.err, fen.err)
        if failed is not None:
            failed = both(failed, exp.EQ(this=status, expression=status_lit(UNDETERMINED)))
        upper = None
        limits = [self.comp.num(c.limit) for c in plan.caps if c.already_paid is None]
        known = [replace(v, err=None) for v in limits if not v.unknown]
        if undetermined is not None and known:
            least = extreme(self.q, "min", known, None)
            if least.is_const:  # a constant bound, at a scale where it is an integer
                g = Fraction(1, least.const.denominator)  # type: ignore[union-attr]
                least = Num(at_scale(self.q, least, g).expr, g)
            bound = least.expr if failed is None else case([(is_true(failed), exp.Null())], least.expr)
            upper = Num(self.q.materialise(bound), least.scale, True)
        may = undetermined is not None or ok.err is not None
        paid = self.q.materialise(paid_amount(self.q, ok, undetermined, fen))
        may_pay = not (ok.is_const and ok.const is False) and not fen.unknown and not (fen.is_const and fen.const == 0)
        recheck = None if recheck is None else self.q.materialise(is_true(recheck))
        return ClauseOutput(plan.citation, paid, status, upper, failed, may, may_pay, recheck)


def status_expr(ok: Flag, undetermined: Any, fen: Num) -> Any:
    exp = _sg()
    branches: list[tuple[Any, Any]] = []
    if ok.err is not None:
        branches.append((ok.err, status_lit(UNDETERMINED)))
    if ok.is_const and ok.const is False:
        return case(branches, status_lit(INELIGIBLE)) if branches else status_lit(INELIGIBLE)
    if not ok.is_const:
        branches.append((is_false(ok.expr), status_lit(INELIGIBLE)))
    if undetermined is not None:
        branches.append((undetermined, status_lit(UNDETERMINED)))
    if fen.is_const:
        last = ZERO if fen.const == 0 else PAID
        return case(branches, status_lit(last)) if branches else status_lit(last)
    branches.append((exp.EQ(this=fen.expr, expression=exp.Literal.number(0)), status_lit(ZERO)))
    return case(branches, status_lit(PAID))


def paid_amount(q: Query, ok: Flag, undetermined: Any, fen: Num) -> Any:
    exp = _sg()
    zero = exp.Literal.number(0)
    if fen.unknown:
        return zero
    value = q.lit(int(fen.const)) if fen.is_const else fen.expr  # type: ignore[arg-type]
    blocked = any_err(ok.err, undetermined)
    if ok.is_const:
        if ok.const is False:
            return zero
        holds = None
    else:
        holds = is_true(ok.expr)
    keep = holds if blocked is None else (is_false(blocked) if holds is None else both(holds, is_false(blocked)))
    if keep is None:
        return value
    return case([(keep, value)], zero)


# ---------------------------------------------------------------------------- the cross-clause ledger
class SqlLedger:
    """semantics.backend.Ledger over the query's clause columns. A write makes a new column (the
    next version of `<kind><条款>`), so a later read sees it and nothing is copied; `stage()` starts a
    new layer of the query."""

    def __init__(
        self, policy: ir.CompiledPolicy, outputs: dict[str, ClauseOutput], compiler: Compiler, may: dict[str, bool]
    ):
        self.policy = policy
        self.outputs = outputs
        self.comp = compiler
        self.q = compiler.q
        self.may = may
        self.amounts = {c: o.fen for c, o in outputs.items()}
        self.statuses = {c: o.status for c, o in outputs.items()}
        self.own: dict[str, Any] = {}  # what a clause made undetermined by a rival would pay alone
        self.paid_ever = {c: o.may_pay for c, o in outputs.items()}

    # --- reading the outcomes
    def amount(self, citation: str) -> Num:
        if not self.paid_ever[citation]:
            return const_num(0)
        return Num(self.amounts[citation], FEN)

    def is_paid(self, citation: str) -> Flag:
        if not self.outputs[citation].may_pay:
            return Flag(None, const=False)
        return Flag(_sg().EQ(this=self.statuses[citation], expression=status_lit(PAID)))

    def is_undetermined(self, citation: str) -> Flag:
        if not self.may[citation]:
            return Flag(None, const=False)
        return Flag(_sg().EQ(this=self.statuses[citation], expression=status_lit(UNDETERMINED)))

    def upper_bound(self, citation: str) -> Num | None:
        return self.outputs[citation].upper

    def group_limit(self, group: ir.GroupCapPlan) -> Num | None:
        limit = self.comp.num(group.limit)
        if limit.unknown:
            return None
        if limit.err is not None:
            raise PolicyError(
                Diagnostic("B041", t("batch.group_limit.may_fail", subject=limit_subject(group)), group.span)
            )
        whole_fen = (limit.const if limit.is_const else limit.scale) * 100  # type: ignore[operator]
        if whole_fen.denominator != 1:
            raise PolicyError(
                Diagnostic("B042", t("batch.group_limit.not_whole_fen", subject=limit_subject(group)), group.span)
            )
        if limit.is_const:
            return limit
        if limit.nullable:
            raise PolicyError(
                Diagnostic("Q004", t("sql.group_limit.per_row", subject=limit_subject(group)), group.span)
            )
        return Num(self.q.materialise(at_scale(self.q, limit, FEN).expr), FEN)

    def limit_failed(self, group: ir.GroupCapPlan) -> None:
        """Nothing to mark: a limit that can fail is refused by group_limit (B041)."""

    # --- arithmetic and logic
    def minimum(self, a: Num, b: Num) -> Num:
        return self.settle(extreme(self.q, "min", [a, b], None))

    def subtract(self, a: Num, b: Num) -> Num:
        return self.settle(add(self.q, a, b, "-", None))

    def total(self, values: Sequence[Num]) -> Num:
        out: Num | None = None
        for v in values:
            out = v if out is None else add(self.q, out, v, "+", None)
        return const_num(0) if out is None else self.settle(out)

    def settle(self, v: Num) -> Num:
        return v if v.is_const else replace(v, expr=self.q.materialise(v.expr))

    def greater(self, a: Num, b: Num) -> Flag:
        """a > b; a NULL operand (a bound not known, the highest of nothing) beats b."""
        out = compare_nums(self.q, ">", a, b, None)
        if out.is_const:
            return out
        if a.nullable or b.nullable:
            return Flag(paren(_sg().Coalesce(this=out.expr, expressions=[_sg().Boolean(this=True)])))
        return Flag(out.expr)

    def both(self, a: Flag, b: Flag) -> Flag:
        if a.is_const:
            return b if a.const else a
        if b.is_const:
            return a if b.const else b
        return Flag(both(a.column(), b.column()))

    def either(self, a: Flag, b: Flag) -> Flag:
        if a.is_const:
            return a if a.const else b
        if b.is_const:
            return b if b.const else a
        return Flag(either(a.column(), b.column()))

    def negate(self, a: Flag) -> Flag:
        return Flag(None, const=not a.const) if a.is_const else Flag(negate(a.column()))

    def truth(self, value: bool) -> Flag:
        return Flag(None, const=value)

    def choose(self, holds: Flag, then: Num, otherwise: Num) -> Num:
        if holds.is_const:
            return then if holds.const else otherwise
        return self.settle(choose(self.q, holds, then, otherwise, None))  # type: ignore[arg-type]

    def highest_paid(self, citations: Sequence[str]) -> Num:
        exp = _sg()
        out: Any = None
        for c in citations:
            a = self.amount(c)
            value = self.q.lit(int(a.const * 100)) if a.is_const else a.expr  # type: ignore[operator]
            paid = self.q.materialise(case([(is_true(self.is_paid(c).column()), value)], exp.Null()))
            if out is None:
                out = paid
            else:
                out = self.q.materialise(
                    case(
                        [(is_null(out), paid), (is_null(paid), out), (exp.GTE(this=out, expression=paid), out)],
                        paid,
                    )
                )
        return Num(out, FEN, True)

    def choice(self, group: ir.ChoicePlan | ir.OtherFundsPlan) -> str | None:
        value = self.comp.scope.overrides.get(group.name)
        return None if value is None else str(value)

    # --- changing the outcomes
    def write(self, store: dict[str, Any], citation: str, where: Any, value: Any) -> None:
        store[citation] = self.q.materialise(case([(is_true(where), value)], store[citation]))

    def exclude(self, citation: str, where: Flag, group: ir.ExclusivePlan, kept: Sequence[tuple[Flag, str]]) -> None:
        if where.is_const and not where.const:
            return
        w = self.q.materialise(where.column())
        self.write(self.amounts, citation, w, _sg().Literal.number(0))
        self.write(self.statuses, citation, w, status_lit(EXCLUDED))

    def undetermine(
        self, citation: str, where: Flag, group: ir.ExclusivePlan | ir.GroupCapPlan, rivals: Sequence[tuple[Flag, str]]
    ) -> None:
        exp = _sg()
        if where.is_const and not where.const:
            return
        w = self.q.materialise(where.column())
        amount = self.amounts[citation]
        self.own[citation] = self.q.materialise(case([(is_true(w), amount)], self.own.get(citation, exp.Null())))
        self.write(self.amounts, citation, w, exp.Literal.number(0))
        self.write(self.statuses, citation, w, status_lit(UNDETERMINED))

    def reduce(self, citation: str, to: Num, where: Flag, group: ir.GroupCapPlan, limit: Num) -> None:
        exp = _sg()
        if where.is_const and not where.const:
            return
        value = self.q.materialise(at_scale(self.q, to, FEN).expr)
        w = self.q.materialise(where.column())
        self.write(self.amounts, citation, w, value)
        zero = both(is_true(w), exp.EQ(this=value, expression=exp.Literal.number(0)))
        self.write(self.statuses, citation, zero, status_lit(ZERO))

    def stage(self) -> None:
        self.q.stage()


# ---------------------------------------------------------------------------- 逐项 in SQL
LIMIT_ORDERS = {"最有利": "best", "申报顺序": "listed"}  # quantity-limit order → how ROW_NUMBER() orders a group


def item_query(
    scope: Scope, ctx: ItemLists, list_name: str, exprs: list[ir.Expr], dialect: Dialect
) -> tuple[int, str, Query, Any, Compiler]:
    """An item list's own query: its rows with the facts its expressions read joined on (as `__e:<fact>`),
    and a compiler reading the item's fields and those facts."""
    exp = _sg()
    k = len(ctx.joins)
    name = f"__i{k}"
    key = ctx.key
    iq = Query(dialect, prefix=f"i{k}")
    facts = sorted({n.name for e in exprs for n in e.walk() if isinstance(n, ir.Input)})
    if ctx.facts_present is not None:
        facts = [f for f in facts if f in ctx.facts_present]
    item_alias, fact_alias = "__it", "__f"
    source = exp.select(exp.Column(this=exp.Star(), table=exp.to_identifier(item_alias)))
    for f in facts:
        source = source.select(exp.alias_(exp.column(f, table=fact_alias, quoted=True), "__e:" + f, quoted=True))
    source = source.from_(exp.alias_(exp.to_table(ctx.tables[list_name], quoted=True), item_alias)).join(
        exp.alias_(exp.to_table(ctx.table, quoted=True), fact_alias),
        on=exp.EQ(
            this=exp.column(key, table=item_alias, quoted=True),
            expression=exp.column(key, table=fact_alias, quoted=True),
        ),
        join_type="LEFT",
    )

    def fact(n: str) -> Value:
        return ctx.read_fact(n, "__e:" + n, iq)

    def item_field(f: str) -> Value:
        return ctx.read_field(list_name, f, iq)

    return k, name, iq, source, Compiler(Scope(scope.policy, scope.overrides, fact, {}, item_field, None), iq)


def aggregate_in_sql(comp: Compiler, agg: ir.Aggregate) -> Num:
    """合计(列表, 每项的值) / 计数(列表[, 条件]) per firm, as tools/batch/items.py's `aggregate`: the sum over
    the firm's items; not determinable where an item is, with the error of the first such item (in order)."""
    exp = _sg()
    scope, ctx = comp.scope, comp.scope.items
    if ctx is None or agg.items not in ctx.tables:
        if ctx is not None and ctx.absent_is_empty:
            return const_num(0)
        raise Unsupported(t("sql.items.no_table", name=agg.items))
    exprs = [agg.expr] if agg.expr is not None else []
    _k, name, iq, source, items_comp = item_query(scope, ctx, agg.items, exprs, comp.q.dialect)
    key = ctx.key
    if str(agg.op) == "count":
        hit = Flag(None, const=True) if agg.expr is None else items_comp.flag(agg.expr)
        if hit.unknown:
            v = Num(None, nullable=True, err=hit.err)
        elif hit.is_const:
            v = replace(const_num(1 if hit.const else 0), err=hit.err)
        else:
            ones = case([(is_null(hit.expr), exp.Null()), (hit.expr, iq.lit(1))], iq.lit(0))
            v = Num(ones, Fraction(1), hit.nullable, hit.err)
    else:
        assert agg.expr is not None
        v = items_comp.num(agg.expr)
    if v.unknown:  # typed: Spark's SUM of an untyped NULL is a DOUBLE, which DIV then refuses
        scale, value = Fraction(1), iq.integer(exp.Null())
    elif v.is_const:
        scale = Fraction(1, v.const.denominator)  # type: ignore[union-attr]
        value = iq.lit(v.const.numerator)  # type: ignore[union-attr]
    else:
        scale, value = v.scale, v.expr
    value = iq.materialise(value)
    err = is_true(v.err) if v.err is not None else exp.Boolean(this=False)
    bad = either(err, is_null(value))
    ctes, last = iq.chain(source)
    rows = f"{name}rows"
    first_bad = exp.Window(
        this=exp.RowNumber(),
        partition_by=[column(key)],
        order=exp.Order(
            expressions=[
                exp.Ordered(this=case([(bad, exp.Literal.number(0))], exp.Literal.number(1))),
                exp.Ordered(this=column(ctx.order)),
            ]
        ),
    )
    ctes.append(
        (
            rows,
            exp.select(
                exp.alias_(column(key), key, quoted=True),
                exp.alias_(value, "__v", quoted=True),
                exp.alias_(err, "__e", quoted=True),
                exp.alias_(bad, "__bad", quoted=True),
                exp.alias_(first_bad, "__br", quoted=True),
            ).from_(exp.to_identifier(last, quoted=True)),
        )
    )

    def flag_max(e: Any, alias: str) -> Any:
        return exp.alias_(exp.Max(this=case([(e, exp.Literal.number(1))], exp.Literal.number(0))), alias, quoted=True)

    one = exp.Literal.number(1)
    first_err = both(both(exp.EQ(this=column("__br"), expression=one), column("__bad")), column("__e"))
    per_firm = (
        exp.select(
            exp.alias_(column(key), key, quoted=True),
            exp.alias_(exp.Sum(this=column("__v")), "__sum", quoted=True),
            flag_max(column("__bad"), "__anybad"),
            flag_max(first_err, "__fe"),
        )
        .from_(exp.to_identifier(rows, quoted=True))
        .group_by(column(key))
    )
    ctes.append((f"{name}firms", per_firm))
    result = exp.select(
        exp.alias_(column(key), JOIN_KEY, quoted=True),
        exp.alias_(
            case([(exp.EQ(this=column("__anybad"), expression=one), exp.Null())], column("__sum")), "__v", quoted=True
        ),
        exp.alias_(exp.EQ(this=column("__fe"), expression=one), "__err", quoted=True),
    ).from_(exp.to_identifier(f"{name}firms", quoted=True))
    ctes.append((name, result))
    ctx.ctes += ctes
    ctx.joins.append((name, name))
    return Num(column(name), scale, nullable=True, err=column(name + ":err"))


def items_in_sql(
    backend: SqlClauses, it: ir.ItemPlan, one_item: Callable[[], tuple[Flag, Num]], one_group: Callable[[Num], Num]
) -> Num:
    """semantics' over_items per firm, as tools/batch/items.py does it on frames: the items (their fields,
    and the facts they read joined on) in a chain of their own; the items that count; within each group
    the quantity limit by ROW_NUMBER(); each group's caps; the sum per firm, LEFT JOINed back (a firm
    without items gets 0). An item not determinable makes its firm's amount not determinable."""
    exp = _sg()
    scope = backend.comp.scope
    ctx = scope.items
    if ctx is None:
        raise Unsupported(t("sql.items.no_table", name=it.items))
    if it.items not in ctx.tables:
        if ctx.absent_is_empty:
            return const_num(0)
        raise Unsupported(t("sql.items.no_table", name=it.items))
    exprs = [c.expr for c in it.conditions] + [it.award] + [c.limit for c in it.caps + it.group_caps]
    if any(isinstance(n, ir.Aggregate) for e in exprs for n in e.walk()):
        raise Unsupported(t("batch.unsupported.aggregate_in_items"))
    if any(c.already_paid is not None for c in it.group_caps):
        raise Unsupported(t("batch.unsupported.group_cap_history"))
    if it.measure_limit is not None:
        exprs += [it.measure_limit.measure, it.measure_limit.limit]
    for cap in it.group_caps:
        if any(isinstance(n, (ir.Input, ir.Field, ir.ClauseAmount)) for n in cap.limit.walk()):
            raise Unsupported(t("sql.items.group_cap_reads"))
    k, name, iq, source, items_comp = item_query(scope, ctx, it.items, exprs, backend.q.dialect)
    key, order = ctx.key, ctx.order
    with backend.scoped(items_comp):
        holds, amount = one_item()
    if isinstance(amount, Ratio) or it.measure_limit is not None:  # no static scale: fine sums
        return items_fine(backend, it, (holds, amount), (k, name, iq, source, items_comp), one_group)  # type: ignore[return-value]
    err = any_err(holds.err, amount.err)
    if amount.unknown:
        scale, amt = Fraction(1), exp.Null()
    else:
        scale = common_scale([amount])  # type: ignore[list-item]
        amt = at_scale(iq, amount, scale).expr
    amt = iq.materialise(amt)
    counted = both(is_true(holds.column()), negate(is_null(amt)))
    select = [
        exp.alias_(column(key), key, quoted=True),
        exp.alias_(column(order), "__ord", quoted=True),
        exp.alias_(amt, "__amt", quoted=True),
        exp.alias_(is_true(err) if err is not None else exp.Boolean(this=False), "__err", quoted=True),
        exp.alias_(is_null(amt), "__pend", quoted=True),
        exp.alias_(counted, "__cnt", quoted=True),
    ]
    by = [column(key)]
    if it.group_by:
        select.append(exp.alias_(column(it.group_by), "__key", quoted=True))
        by.append(column("__key"))
    ctes, last = iq.chain(source)
    rows = f"{name}rows"
    ctes.append((rows, exp.select(*select).from_(exp.to_identifier(last, quoted=True))))
    # the items that count, ranked within their group
    if it.limit is not None:
        if str(it.limit.order) not in LIMIT_ORDERS:  # pragma: no cover - check_vocabulary refused it
            raise Unsupported(str(it.limit.order))
        if LIMIT_ORDERS[str(it.limit.order)] == "best":
            ordering = [exp.Ordered(this=column("__amt"), desc=True), exp.Ordered(this=column("__ord"))]
        else:
            ordering = [exp.Ordered(this=column("__ord"))]
        rank = exp.Window(
            this=exp.RowNumber(), partition_by=[b.copy() for b in by], order=exp.Order(expressions=ordering)
        )
        ranked = exp.select(exp.Star(), exp.alias_(rank, "__rk", quoted=True))
    else:
        ranked = exp.select(exp.Star())
    ranked = ranked.from_(exp.to_identifier(rows, quoted=True)).where(column("__cnt"))
    ctes.append((f"{name}ranked", ranked))
    limits = []
    for cap in it.group_caps:
        lim = Compiler(Scope(scope.policy, scope.overrides, _no_facts), iq).num(cap.limit)
        if not lim.unknown:
            limits.append(lim)
    group_scale = common_scale([Num(exp.Null(), scale), *limits])  # type: ignore[list-item]
    factor = int(scale / group_scale)
    summed = exp.Sum(this=column("__amt"))
    groups = exp.select(
        *[b.copy() for b in by],
        exp.alias_(paren(exp.Mul(this=summed, expression=iq.lit(factor))), "__sub", quoted=True),
    )
    groups = groups.from_(exp.to_identifier(f"{name}ranked", quoted=True))
    if it.limit is not None:
        groups = groups.where(exp.LTE(this=column("__rk"), expression=exp.Literal.number(it.limit.count)))
    groups = groups.group_by(*[b.copy() for b in by])
    gq = Query(backend.q.dialect, prefix=f"g{k}")
    group_comp = Compiler(Scope(scope.policy, scope.overrides, _no_facts), gq)
    with backend.scoped(group_comp):
        capped = one_group(Num(column("__sub"), group_scale))
    capped_expr = exp.Null() if capped.unknown else at_scale(gq, capped, group_scale).expr
    gctes, glast = gq.chain(groups)
    ctes += gctes
    per_group = exp.select(
        column(key),
        exp.alias_(capped_expr, "__capped", quoted=True),
        exp.alias_(is_true(capped.err) if capped.err is not None else exp.Boolean(this=False), "__gerr", quoted=True),
    ).from_(exp.to_identifier(glast, quoted=True))
    ctes.append((f"{name}groups", per_group))
    ctes.append((name, firm_result(ctes, name, rows, key, fine=False)))
    ctx.ctes += ctes
    ctx.joins.append((name, name))
    return Num(column(name), group_scale, nullable=True, err=column(name + ":err"))


def items_fine(
    backend: SqlClauses,
    it: ir.ItemPlan,
    item: tuple[Flag, Num | Ratio],
    built: tuple[int, str, Query, Any, Compiler],
    one_group: Callable[[Any], Any],
) -> Fine:
    """items_in_sql where an item's amount divides by a column (a Ratio) or a measure limit shares it, as
    tools/batch/items.py's over_items_fine: each item exact as n ÷ d; the quantity limit's and the measure's
    order proposed by a DOUBLE key and confirmed by cross multiplication (LAG over the order: a wrong pair
    marks the group); the measure left by a running SUM() OVER the order; each counted item ⌊n × a × p ÷
    (d × b × q)⌋ at the fine unit with a mark where inexact (p ÷ q its share of the measure); the groups'
    caps and the sum as Fine. An item whose products could leave the integers marks its firm (RECHECK)."""
    exp = _sg()
    scope, ctx = backend.comp.scope, backend.comp.scope.items
    assert ctx is not None
    k, name, iq, source, items_comp = built
    holds, amount = item
    key, order = ctx.key, ctx.order
    r = lift(amount)
    err = any_err(holds.err, r.err)
    unit = FEN / FINE
    one = exp.Literal.number(1)
    zero = exp.Literal.number(0)
    if r.unknown:
        n: Any = exp.Null()
        d: Any = iq.lit(1)
        ratio = Fraction(1)
    else:
        n_scale = common_scale([r.n])  # type: ignore[list-item]
        n = iq.materialise(at_scale(iq, replace(r.n, err=None), n_scale).expr)
        d = iq.materialise(at_scale(iq, replace(r.d, err=None), Fraction(1)).expr)
        ratio = n_scale / unit  # an item's value in units: n × a ÷ (d × b)
    a, b = ratio.numerator, ratio.denominator
    counted = both(is_true(holds.column()), negate(is_null(n)))
    pend: Any = is_null(n)
    errs = [err]
    select = [
        exp.alias_(column(key), key, quoted=True),
        exp.alias_(column(order), "__ord", quoted=True),
        exp.alias_(n, "__n", quoted=True),
        exp.alias_(d, "__d", quoted=True),
    ]
    ml = it.measure_limit
    if ml is not None:
        m, lim = items_comp.num(ml.measure), items_comp.num(ml.limit)
        known = [replace(v, err=None) for v in (m, lim) if not v.unknown]
        g = common_scale(known) if known else Fraction(1)  # type: ignore[arg-type]
        m_expr = exp.Null() if m.unknown else at_scale(iq, replace(m, err=None), g).expr
        l_expr = exp.Null() if lim.unknown else at_scale(iq, replace(lim, err=None), g).expr
        m_expr = iq.materialise(m_expr)
        select += [exp.alias_(m_expr, "__m", quoted=True), exp.alias_(l_expr, "__L", quoted=True)]
        errs += [when_err(counted, m.err), when_err(counted, lim.err)]
        pend = either(pend, both(counted, is_null(m_expr)))
    item_err = any_err(*errs)
    select += [
        exp.alias_(is_true(item_err) if item_err is not None else exp.Boolean(this=False), "__err", quoted=True),
        exp.alias_(pend, "__pend", quoted=True),
        exp.alias_(counted, "__cnt", quoted=True),
    ]
    by = [column(key)]
    if it.group_by:
        select.append(exp.alias_(column(it.group_by), "__key", quoted=True))
        by.append(column("__key"))
    ctes, last = iq.chain(source)
    rows = f"{name}rows"
    ctes.append((rows, exp.select(*select).from_(exp.to_identifier(last, quoted=True))))
    previous = rows

    def window(e: Any, part: list[Any], ordering: list[Any] | None = None, running: bool = False) -> Any:
        spec: dict[str, Any] = {"this": e, "partition_by": [p.copy() for p in part]}
        if ordering is not None:
            spec["order"] = exp.Order(expressions=[o.copy() for o in ordering])
        if running:
            spec["spec"] = exp.WindowSpec(kind="ROWS", start="UNBOUNDED", start_side="PRECEDING", end="CURRENT ROW")
        return exp.Window(**spec)

    def dbl(e: Any) -> Any:
        return exp.Cast(this=e, to=exp.DataType.build("DOUBLE"))

    def flag_int(e: Any) -> Any:
        return case([(e, one)], zero)

    def step(cte: str, *columns: Any, where: Any = None) -> str:
        nonlocal previous
        body = exp.select(exp.Star(), *columns).from_(exp.to_identifier(previous, quoted=True))
        if where is not None:
            body = body.where(where)
        ctes.append((cte, body))
        previous = cte
        return cte

    # an item whose products below could leave the integers: its firm is marked, its numbers made 0 ÷ 1
    measure = (
        case([(exp.GT(this=paren(exp.Abs(this=column("__m"))), expression=one), exp.Abs(this=column("__m")))], one)
        if ml is not None
        else one
    )
    room = exp.Div(
        this=exp.Literal.number(GUARD),
        expression=paren(
            exp.Add(this=window(exp.Count(this=exp.Star()), [column(key)]), expression=exp.Literal.number(2))
        ),
    )
    nf, df, mf = dbl(exp.Abs(this=column("__n"))), dbl(column("__d")), dbl(measure)
    too_big = either(
        exp.GT(
            this=paren(exp.Mul(this=paren(exp.Mul(this=nf, expression=exp.Literal.number(float(a)))), expression=mf)),
            expression=column("__room"),
        ),
        exp.GT(
            this=paren(
                exp.Mul(this=paren(exp.Mul(this=df, expression=exp.Literal.number(float(b)))), expression=mf.copy())
            ),
            expression=column("__room"),
        ),
    )
    step(f"{name}c0", exp.alias_(room, "__room", quoted=True), where=column("__cnt"))
    step(f"{name}c1", exp.alias_(flag_int(is_true(too_big)), "__big1", quoted=True))
    big = exp.EQ(this=window(exp.Max(this=column("__big1")), [column(key)]), expression=one)
    step(f"{name}c2", exp.alias_(big, "__big", quoted=True))
    n2 = case([(column("__big"), iq.lit(0))], column("__n"))
    d2 = case([(column("__big"), iq.lit(1))], column("__d"))
    step(f"{name}c3", exp.alias_(n2, "__n2", quoted=True), exp.alias_(d2, "__d2", quoted=True))
    bad_columns = ["__big"]

    def by_ratio(tag: str, num: Any, den: Any, first: Any = None) -> str:
        """ROW_NUMBER() by num ÷ den, largest first, ties in listed order (`first` rows before all), and
        a mark on the group where a pair in that order is wrong by exact cross multiplication."""
        fk = exp.Div(this=dbl(num), expression=dbl(den))
        ordering = [exp.Ordered(this=column(f"__fk{tag}"), desc=True), exp.Ordered(this=column("__ord"))]
        head = []
        if first is not None:
            fk = case([(first, exp.Literal.number(0.0))], fk)
            head = [exp.alias_(flag_int(first), f"__first{tag}", quoted=True)]
            ordering.insert(0, exp.Ordered(this=column(f"__first{tag}"), desc=True))
        step(
            f"{name}k{tag}",
            *head,
            exp.alias_(fk, f"__fk{tag}", quoted=True),
            exp.alias_(num, f"__rn{tag}", quoted=True),
            exp.alias_(den, f"__rd{tag}", quoted=True),
        )
        step(f"{name}p{tag}", exp.alias_(window(exp.RowNumber(), by, ordering), f"__pos{tag}", quoted=True))
        at = [exp.Ordered(this=column(f"__pos{tag}"))]

        def lag(c: str) -> Any:
            return window(exp.Lag(this=column(c)), by, at)

        step(
            f"{name}l{tag}",
            exp.alias_(lag(f"__rn{tag}"), f"__pn{tag}", quoted=True),
            exp.alias_(lag(f"__rd{tag}"), f"__pd{tag}", quoted=True),
            exp.alias_(lag("__ord"), f"__po{tag}", quoted=True),
            *([exp.alias_(lag(f"__first{tag}"), f"__pf{tag}", quoted=True)] if first is not None else []),
        )
        cross = paren(
            exp.Sub(
                this=paren(exp.Mul(this=column(f"__pn{tag}"), expression=column(f"__rd{tag}"))),
                expression=paren(exp.Mul(this=column(f"__rn{tag}"), expression=column(f"__pd{tag}"))),
            )
        )
        wrong: Any = either(
            exp.LT(this=cross, expression=zero),
            both(
                exp.EQ(this=cross.copy(), expression=zero),
                exp.GT(this=column(f"__po{tag}"), expression=column("__ord")),
            ),
        )
        if first is not None:
            either_first = either(
                exp.EQ(this=column(f"__first{tag}"), expression=one), exp.EQ(this=column(f"__pf{tag}"), expression=one)
            )
            wrong = case([(is_true(either_first), exp.Boolean(this=False))], wrong)
        step(f"{name}w{tag}", exp.alias_(flag_int(is_true(wrong)), f"__w1{tag}", quoted=True))
        marked = exp.EQ(this=window(exp.Max(this=column(f"__w1{tag}")), by), expression=one)
        step(f"{name}m{tag}", exp.alias_(marked, f"__bad{tag}", quoted=True))
        bad_columns.append(f"__bad{tag}")
        return f"__pos{tag}"

    if it.limit is not None:
        if it.limit.order == ir.LimitOrder.MOST_FAVOURABLE:
            pos = by_ratio("q", column("__n2"), column("__d2"))
        else:
            pos = "__posq"
            step(
                f"{name}pq",
                exp.alias_(window(exp.RowNumber(), by, [exp.Ordered(this=column("__ord"))]), pos, quoted=True),
            )
        keep = exp.LTE(this=column(pos), expression=exp.Literal.number(it.limit.count))
        step(f"{name}lim", where=keep)
    p: Any = iq.lit(1)
    qd: Any = iq.lit(1)
    if ml is not None:
        positive = exp.GT(this=column("__m"), expression=zero)
        if ml.order == ir.LimitOrder.MOST_FAVOURABLE:  # measure 0 first, then the most per unit, then listed
            den = paren(exp.Mul(this=column("__d2"), expression=column("__m")))
            pos = by_ratio("m", column("__n2"), den, first=negate(is_true(positive)))
        else:
            pos = "__posm"
            step(
                f"{name}pm",
                exp.alias_(window(exp.RowNumber(), by, [exp.Ordered(this=column("__ord"))]), pos, quoted=True),
            )
        plus = case([(positive, column("__m"))], zero)
        step(f"{name}u", exp.alias_(plus, "__plus", quoted=True))
        running = window(exp.Sum(this=column("__plus")), by, [exp.Ordered(this=column(pos))], running=True)
        step(f"{name}r", exp.alias_(paren(exp.Sub(this=running, expression=column("__plus"))), "__before", quoted=True))
        limit0 = case([(exp.GT(this=column("__L"), expression=zero), column("__L"))], zero)
        left = paren(exp.Sub(this=limit0, expression=column("__before")))
        left0 = case([(exp.GT(this=left, expression=zero), left.copy())], zero)
        paid = case([(exp.LT(this=left0, expression=column("__m")), left0.copy())], column("__m"))
        step(f"{name}s", exp.alias_(paid, "__paid", quoted=True))
        share = is_true(both(positive.copy(), exp.LT(this=column("__paid"), expression=column("__m"))))
        p = case([(share, column("__paid"))], iq.lit(1))
        qd = case([(share.copy(), column("__m"))], iq.lit(1))

    def times(*xs: Any) -> Any:
        out = xs[0]
        for x in xs[1:]:
            out = paren(exp.Mul(this=paren(out), expression=paren(x)))
        return out

    numerator = times(column("__n2"), iq.lit(a), p)
    denominator = times(column("__d2"), iq.lit(b), qd)
    step(f"{name}nd", exp.alias_(numerator, "__num", quoted=True), exp.alias_(denominator, "__den", quoted=True))
    value = floor_div_by(iq, column("__num"), column("__den"))
    inexact = flag_int(exp.NEQ(this=iq.dialect.remainder(column("__num"), column("__den")), expression=zero))
    step(f"{name}v", exp.alias_(value, "__v", quoted=True), exp.alias_(inexact, "__inexact", quoted=True))
    aggs = [
        exp.alias_(exp.Sum(this=column("__v")), "__q", quoted=True),
        exp.alias_(exp.Sum(this=column("__inexact")), "__e", quoted=True),
        exp.alias_(exp.Max(this=flag_int(any_err(*(column(c) for c in bad_columns)))), "__bad", quoted=True),
    ]
    if ml is not None:
        aggs.append(exp.alias_(exp.Max(this=flag_int(is_null(column("__L")))), "__open", quoted=True))
    groups = exp.select(*[x.copy() for x in by], *aggs).from_(exp.to_identifier(previous, quoted=True))
    groups = groups.group_by(*[x.copy() for x in by])
    gq = Query(backend.q.dialect, prefix=f"g{k}")
    group_comp = Compiler(Scope(scope.policy, scope.overrides, _no_facts), gq)
    open_group = exp.EQ(this=column("__open"), expression=one) if ml is not None else exp.Boolean(this=False)
    subtotal = Fine(
        case([(open_group, exp.Null())], column("__q")),
        column("__e"),
        unit,
        None,
        exp.EQ(this=column("__bad"), expression=one),
    )
    with backend.scoped(group_comp):
        capped = one_group(subtotal)
    gctes, glast = gq.chain(groups)
    ctes += gctes
    per_group = exp.select(
        column(key),
        exp.alias_(capped.q, "__capped", quoted=True),
        exp.alias_(capped.e, "__ce", quoted=True),
        exp.alias_(is_true(capped.err) if capped.err is not None else exp.Boolean(this=False), "__gerr", quoted=True),
        exp.alias_(
            is_true(capped.ambiguous) if capped.ambiguous is not None else exp.Boolean(this=False), "__amb", quoted=True
        ),
    ).from_(exp.to_identifier(glast, quoted=True))
    ctes.append((f"{name}groups", per_group))
    ctes.append((name, firm_result(ctes, name, rows, key, fine=True)))
    ctx.ctes += ctes
    ctx.joins.append((name, name))
    ctx.fine.add(name)
    return Fine(column(name), column(name + ":e"), unit, column(name + ":err"), column(name + ":amb"))


def firm_result(ctes: list[tuple[str, Any]], name: str, rows: str, key: str, fine: bool) -> Any:
    """Per firm, from an item list's `{name}groups` (__capped, __gerr; a Fine sum also __ce, __amb) and its items'
    `rows` (__err, __pend): the sum, not determinable (NULL) where an item or a group is, the first error; a Fine
    sum also its inexact count (__ve) and whether its bracket was left undecided (__amb). Adds `{name}firms` and
    `{name}flags` to `ctes`; the result (to LEFT JOIN onto the facts by JOIN_KEY) is returned."""
    exp = _sg()
    zero, one = exp.Literal.number(0), exp.Literal.number(1)

    def flag_max(e: Any, alias: str) -> Any:
        return exp.alias_(exp.Max(this=case([(e, one)], zero)), alias, quoted=True)

    sums = [exp.alias_(exp.Sum(this=column("__capped")), "__v", quoted=True)]
    marks = [flag_max(is_null(column("__capped")), "__gnull"), flag_max(column("__gerr"), "__ge")]
    if fine:
        sums.append(exp.alias_(exp.Sum(this=column("__ce")), "__ve", quoted=True))
        marks.append(flag_max(column("__amb"), "__am"))
    per_firm = exp.select(column(key), *sums, *marks).from_(exp.to_identifier(f"{name}groups", quoted=True))
    ctes.append((f"{name}firms", per_firm.group_by(column(key))))
    flags = exp.select(column(key), flag_max(column("__err"), "__e"), flag_max(column("__pend"), "__p"))
    ctes.append((f"{name}flags", flags.from_(exp.to_identifier(rows, quoted=True)).group_by(column(key))))

    def is_one(c: str, table: str) -> Any:
        return exp.EQ(
            this=exp.Coalesce(this=exp.column(c, table=table, quoted=True), expressions=[zero]), expression=one
        )

    def firm(c: str) -> Any:
        return paren(exp.Coalesce(this=exp.column(c, table="__fi", quoted=True), expressions=[zero]))

    failed = either(is_one("__e", "__fl"), is_one("__ge", "__fi"))
    open_ = either(either(is_one("__p", "__fl"), is_one("__gnull", "__fi")), failed)
    out = [
        exp.alias_(exp.column(key, table="__fl", quoted=True), JOIN_KEY, quoted=True),
        exp.alias_(case([(open_, exp.Null())], firm("__v")), "__v", quoted=True),
        exp.alias_(failed.copy(), "__err", quoted=True),
    ]
    if fine:
        out.append(exp.alias_(firm("__ve"), "__ve", quoted=True))
        out.append(exp.alias_(both(is_one("__am", "__fi"), negate(open_.copy())), "__amb", quoted=True))
    return (
        exp.select(*out)
        .from_(exp.alias_(exp.to_identifier(f"{name}flags", quoted=True), "__fl"))
        .join(
            exp.alias_(exp.to_identifier(f"{name}firms", quoted=True), "__fi"),
            on=exp.EQ(
                this=exp.column(key, table="__fl", quoted=True), expression=exp.column(key, table="__fi", quoted=True)
            ),
            join_type="LEFT",
        )
    )


def _no_facts(name: str) -> Value:
    """A group's caps read constants and parameters only (items_in_sql checks)."""
    raise Unsupported(t("sql.items.group_cap_reads"))  # pragma: no cover


def facts_source(ctx: ItemLists | None, table: str) -> Any:
    """The facts, with each item list's per-firm result LEFT JOINed on (0, no error, for a firm without items)."""
    exp = _sg()
    if ctx is None or not ctx.joins:
        return exp.select(exp.Star()).from_(exp.to_table(table, quoted=True))
    source = exp.select(exp.Column(this=exp.Star(), table=exp.to_identifier("__f")))
    for i, (_cte, col) in enumerate(ctx.joins):
        alias = f"__j{i}"
        missing = is_null(exp.column(JOIN_KEY, table=alias, quoted=True))  # no items: 0; else its value (NULL: open)
        source = source.select(
            exp.alias_(
                case([(missing, exp.Literal.number(0))], exp.column("__v", table=alias, quoted=True)),
                col,
                quoted=True,
            ),
            exp.alias_(is_true(exp.column("__err", table=alias, quoted=True)), col + ":err", quoted=True),
        )
        if _cte in ctx.fine:
            inexact = exp.Coalesce(
                this=exp.column("__ve", table=alias, quoted=True), expressions=[exp.Literal.number(0)]
            )
            source = source.select(
                exp.alias_(paren(inexact), col + ":e", quoted=True),
                exp.alias_(is_true(exp.column("__amb", table=alias, quoted=True)), col + ":amb", quoted=True),
            )
    source = source.from_(exp.alias_(exp.to_table(table, quoted=True), "__f"))
    for i, (cte, _) in enumerate(ctx.joins):
        alias = f"__j{i}"
        source = source.join(
            exp.alias_(exp.to_identifier(cte, quoted=True), alias),
            on=exp.EQ(
                this=exp.column(ctx.key, table="__f", quoted=True),
                expression=exp.column(JOIN_KEY, table=alias, quoted=True),
            ),
            join_type="LEFT",
        )
    return source


# ---------------------------------------------------------------------------- 逐项 without a static scale
# As tools/batch/fine.py: an item's amount that divides by a column is `Ratio` (n ÷ d, d a positive
# integer column), compared by cross multiplication; from a group's sum on it is `Fine` (an integer q
# at the unit FEN ÷ FINE and e, how many inexact terms were floored into it: the value is q × unit where
# e = 0, strictly inside (q, q + e) × unit elsewhere). A cap or the rounding that interval cannot
# decide — or an item whose products could leave the dialect's integers — marks its row `RECHECK`.
FINE = 10**12
RECHECK = "须复核"  # the query's column: rows to compute again with `policylang batch` (exact), see README
GUARD = float(2**118)  # an item's products stay below this (÷ its firm's items + 2): 128-bit and 38-digit safe


@dataclass(frozen=True, eq=False)
class Ratio:
    """`n ÷ d` per row (d a positive integer expression at scale 1, or the constant 1)."""

    n: Num
    d: Num = field(default_factory=lambda: const_num(1))

    @property
    def unknown(self) -> bool:
        return self.n.unknown

    @property
    def err(self) -> Any:
        return self.n.err

    @property
    def nullable(self) -> bool:
        return self.n.nullable or self.d.nullable


@dataclass(frozen=True, eq=False)
class Fine:
    """q × unit exactly where e = 0, strictly inside (q, q + e) × unit elsewhere; q NULL: not determinable."""

    q: Any
    e: Any
    unit: Fraction
    err: Any = None
    ambiguous: Any = None
    nullable: bool = True
    unknown: bool = False


def lift(v: Num | Ratio) -> Ratio:
    return v if isinstance(v, Ratio) else Ratio(v)


def plain(r: Ratio) -> Num | Ratio:
    return r.n if r.d.is_const and r.d.const == 1 else r


def _r_unknown(err: Any) -> Ratio:
    return Ratio(replace(UNKNOWN_NUM, err=err))


def r_multiply(q: Query, a: Ratio, b: Ratio, err: Any) -> Ratio:
    if a.unknown or b.unknown:
        return _r_unknown(err)
    return Ratio(multiply(q, a.n, b.n, err), multiply(q, a.d, b.d, None))


def r_divide(q: Query, a: Ratio, b: Ratio, err: Any) -> Ratio:
    """a ÷ b = (a.n × b.d) ÷ (a.d × b.n), the sign of b.n moved to the numerator; the evaluator raises where b is 0."""
    exp = _sg()
    if a.unknown or b.unknown:
        return _r_unknown(err)
    bn = b.n
    if bn.is_const:
        assert bn.const is not None
        if bn.const == 0:
            return _r_unknown(any_err(err, exp.Boolean(this=True)))
        return r_multiply(q, a, Ratio(const_num(1 / bn.const), b.d), err)
    ints = q.materialise(bn.expr)  # the divisor's integers; its scale goes to the numerator
    zero = exp.EQ(this=ints, expression=exp.Literal.number(0))
    negative = exp.LT(this=ints, expression=exp.Literal.number(0))
    err = any_err(err, is_true(zero) if bn.nullable else zero)
    divisor = case([(zero, q.lit(1)), (negative, paren(exp.Neg(this=ints)))], ints)
    sign = Num(case([(negative, q.lit(-1))], q.lit(1)), Fraction(1))
    n = multiply(q, multiply(q, a.n, b.d, None), const_num(1 / bn.scale), None)
    n = multiply(q, n, sign, None)
    n = replace(n, err=err, nullable=n.nullable or bn.nullable)
    return Ratio(n, multiply(q, a.d, Num(divisor, Fraction(1), bn.nullable), None))


def r_add(q: Query, a: Ratio, b: Ratio, op: str, err: Any) -> Ratio:
    if a.unknown or b.unknown:
        return _r_unknown(err)
    if a.d is b.d or (a.d.is_const and b.d.is_const and a.d.const == b.d.const):
        return Ratio(add(q, a.n, b.n, op, err), a.d)
    top = add(q, multiply(q, a.n, b.d, None), multiply(q, b.n, a.d, None), op, err)
    return Ratio(top, multiply(q, a.d, b.d, None))


def r_less_equal(q: Query, a: Ratio, b: Ratio) -> Flag:
    """a ≤ b by cross multiplication (both denominators positive)."""
    return compare_nums(q, "<=", multiply(q, a.n, b.d, None), multiply(q, b.n, a.d, None), None)


def r_choose(q: Query, c: Flag, a: Ratio, b: Ratio, err: Any) -> Ratio:
    if c.is_const:
        chosen = a if c.const else b
        return Ratio(with_err(chosen.n, err), chosen.d)  # type: ignore[arg-type]
    n = choose(q, c, a.n, b.n, err)
    d = choose(q, c, a.d if not a.unknown else const_num(1), b.d if not b.unknown else const_num(1), None)
    assert isinstance(n, Num) and isinstance(d, Num)
    return Ratio(n, d)


def r_extreme(q: Query, op: str, args: list[Ratio], err: Any) -> Ratio:
    if any(a.unknown for a in args):
        return _r_unknown(err)
    if all(a.d.is_const and a.d.const == 1 for a in args):
        return Ratio(extreme(q, op, [a.n for a in args], err))
    best = args[0]
    for other in args[1:]:
        first = r_less_equal(q, best, other) if op == "min" else r_less_equal(q, other, best)
        best = r_choose(q, first, best, other, None)  # a tie keeps either: the same value
    return Ratio(with_err(best.n, err), best.d)  # type: ignore[arg-type]


def rational(comp: Compiler, e: ir.Expr) -> Num | Ratio:
    """The item expression as a Num where it has a static scale, else as a Ratio (+, −, ×, ÷, 最小/最大, 如果)."""
    q = comp.q
    try:
        return comp.num(e)
    except Unsupported:
        if isinstance(e, ir.Arith):
            a, b = lift(rational(comp, e.left)), lift(rational(comp, e.right))
            err = any_err(a.err, b.err)
            if e.op == "×":
                return plain(r_multiply(q, a, b, err))
            if e.op == "÷":
                return plain(r_divide(q, a, b, err))
            return plain(r_add(q, a, b, str(e.op), err))
        if isinstance(e, ir.Extreme):
            args = [lift(rational(comp, x)) for x in e.args]
            return plain(r_extreme(q, str(e.op), args, any_err(*(x.err for x in args))))
        if isinstance(e, ir.Choose):
            c = comp.flag(e.condition)
            if c.unknown:
                return replace(UNKNOWN_NUM, err=c.err)
            if c.is_const:
                chosen = lift(rational(comp, e.then if c.const else e.otherwise))
                return plain(Ratio(with_err(chosen.n, any_err(c.err, chosen.err)), chosen.d))  # type: ignore[arg-type]
            a, b = lift(rational(comp, e.then)), lift(rational(comp, e.otherwise))
            err = any_err(c.err, when_err(is_true(c.expr), a.err), when_err(is_false(c.expr), b.err))
            return plain(r_choose(q, c, a, b, err))
        raise


def fine_limit(q: Query, limit: Num, unit: Fraction) -> Any:
    """A limit (not unknown) as an integer expression at `unit`."""
    if limit.is_const:
        assert limit.const is not None
        c = limit.const / unit
        if c.denominator != 1:
            raise Unsupported(t("batch.unsupported.items"))
        return q.lit(int(c))
    k = limit.scale / unit
    if k.denominator != 1:
        raise Unsupported(t("batch.unsupported.items"))
    return limit.expr if k == 1 else paren(_sg().Mul(this=paren(limit.expr), expression=q.lit(int(k))))


def fine_min(q: Query, v: Fine, limit: Num, op: str = "min") -> Fine:
    """min(v, limit) (or max): exact where v is, or where the limit lies outside v's interval; else ambiguous."""
    exp = _sg()
    if limit.unknown:
        return replace(v, q=exp.Null(), err=any_err(v.err, limit.err))
    c = q.materialise(fine_limit(q, replace(limit, err=None), v.unit))
    vq, ve = q.materialise(v.q), q.materialise(v.e)
    zero = exp.Literal.number(0)
    exact = exp.EQ(this=ve, expression=zero)
    below = exp.LTE(this=paren(exp.Add(this=vq, expression=ve)), expression=c)  # v < c everywhere
    above = exp.GTE(this=vq, expression=c)  # v > c everywhere
    if op == "min":
        exact_value = case([(exp.LTE(this=vq, expression=c), vq)], c)
        value = case([(is_null(vq), exp.Null()), (is_null(c), exp.Null()), (exact, exact_value), (below, vq)], c)
        keep = both(negate(exact), below)
    else:
        exact_value = case([(exp.GTE(this=vq, expression=c), vq)], c)
        value = case([(is_null(vq), exp.Null()), (is_null(c), exp.Null()), (exact, exact_value), (above, vq)], c)
        keep = both(negate(exact), above)
    e = case([(is_true(keep), ve)], zero)
    settled = paren(exp.Coalesce(this=either(either(exact, below), above), expressions=[exp.Boolean(this=True)]))
    ambiguous = negate(settled) if v.ambiguous is None else either(v.ambiguous, negate(settled))
    return Fine(q.materialise(value), q.materialise(e), v.unit, any_err(v.err, limit.err), q.materialise(ambiguous))


def fine_round(q: Query, v: Fine, rule: ir.Rounding) -> tuple[Num, Any]:
    """The declared rounding of v in 分, and where it is not decided (a boundary inside v's interval)."""
    exp = _sg()
    half = v.unit / 2
    vq, ve = q.materialise(v.q), q.materialise(v.e)
    exact = exp.EQ(this=ve, expression=exp.Literal.number(0))
    twice = paren(exp.Mul(this=vq, expression=q.lit(2)))
    low = case([(exact, twice)], paren(exp.Add(this=twice.copy(), expression=q.lit(1))))
    top = paren(exp.Mul(this=paren(exp.Add(this=vq, expression=ve)), expression=q.lit(2)))
    high = case([(exact, twice.copy())], paren(exp.Sub(this=top, expression=q.lit(1))))
    f_low = round_fen(q, Num(q.materialise(low), half, True), rule)
    f_high = round_fen(q, Num(q.materialise(high), half, True), rule)
    differ = is_true(exp.NEQ(this=f_low.expr, expression=f_high.expr))
    ambiguous = differ if v.ambiguous is None else either(is_true(v.ambiguous), differ)
    return Num(f_low.expr, FEN, True, v.err), q.materialise(ambiguous)


# ---------------------------------------------------------------------------- dispatch tables
def _add(q: Query, a: Num, b: Num, err: Any, e: ir.Expr) -> Num:
    return add(q, a, b, "+", err)


def _subtract(q: Query, a: Num, b: Num, err: Any, e: ir.Expr) -> Num:
    return add(q, a, b, "-", err)


def _multiply(q: Query, a: Num, b: Num, err: Any, e: ir.Expr) -> Num:
    return multiply(q, a, b, err)


ARITH: dict[str, Callable[[Query, Num, Num, Any, ir.Expr], Num]] = {
    "+": _add,
    "-": _subtract,
    "×": _multiply,
    "÷": divide,
}
LOGIC_STOPS_AT = {"且": False, "或": True}
EXTREMES: dict[str, Callable[[list[Fraction]], Fraction]] = {"min": min, "max": max}

Handler = Callable[[Compiler, Any], Value]
# ir node type → why a clause using it is refused in SQL (Q002, located at the clause).
UNSUPPORTED: dict[type[ir.Expr], str] = {}
EXPRESSIONS: dict[type[ir.Expr], Handler] = {
    ir.Const: Compiler.on_Const,
    ir.Input: Compiler.on_Input,
    ir.Param: Compiler.on_Param,
    ir.Field: Compiler.on_Field,
    ir.Derived: Compiler.on_Derived,
    ir.Arith: Compiler.on_Arith,
    ir.Cmp: Compiler.on_Cmp,
    ir.Logic: Compiler.on_Logic,
    ir.Negate: Compiler.on_Negate,
    ir.Choose: Compiler.on_Choose,
    ir.Tiered: Compiler.on_Tiered,
    ir.StepAward: Compiler.on_StepAward,
    ir.Extreme: Compiler.on_Extreme,
    ir.Aggregate: Compiler.on_Aggregate,
    ir.Lookup: Compiler.on_Lookup,
    ir.DaysBetween: Compiler.on_DaysBetween,
    ir.ClauseAmount: Compiler.on_ClauseAmount,
}
# semantics step → why this backend cannot do it
UNSUPPORTED_STEPS: dict[str, str] = {}


# ---------------------------------------------------------------------------- the query
def read_places(typ: Any) -> int | None:
    if isinstance(typ, Money):
        return READ_PLACES["money"]
    if isinstance(typ, RatioType):
        return READ_PLACES["ratio"]
    if isinstance(typ, Quantity):
        return READ_PLACES["quantity"]
    if isinstance(typ, (Bool, Date, Enum, Text, ListOf)):
        return None
    return READ_PLACES["number"]


def compile_query(
    policy: ir.CompiledPolicy,
    dialect: str,
    *,
    table: str = "facts",
    id_column: str | None = None,
    items: dict[str, str] | None = None,
    overrides: dict[str, Any] | None = None,
    only: Iterable[str] | None = None,
    scales: dict[str, Fraction] | None = None,
    columns: Iterable[str] | None = None,
) -> str:
    """The query (in `dialect`) that gives batch's columns for every row of `table`.

    `scales`/`columns` (for batch --engine duckdb): the facts are the exact integer columns batch's
    reader makes, value = integer × scale; a fact not among `columns` takes its default."""
    text: str = build_query(
        policy,
        dialect,
        table=table,
        id_column=id_column,
        items=items,
        overrides=overrides,
        only=only,
        scales=scales,
        columns=columns,
    )[0].sql(dialect=DIALECT_TABLE[dialect].name)
    return text


def build_query(
    policy: ir.CompiledPolicy,
    dialect: str,
    *,
    table: str = "facts",
    id_column: str | None = None,
    items: dict[str, str] | None = None,
    overrides: dict[str, Any] | None = None,
    only: Iterable[str] | None = None,
    scales: dict[str, Fraction] | None = None,
    columns: Iterable[str] | None = None,
    hidden: bool = False,
    item_scales: dict[str, dict[str, Fraction]] | None = None,
    item_key: str | None = None,
) -> tuple[Any, dict[str, Fraction]]:
    """The query as a sqlglot tree, and (with `hidden`, for batch's summary) the scale of each
    `__ub:<条款>` column it adds beside `__err:<条款>`."""
    from policylang.semantics import decide, order

    upper_scales: dict[str, Fraction] = {}

    exp = _sg()
    if dialect not in DIALECT_TABLE:
        raise PolicyError(Diagnostic("Q001", t("sql.dialect.unknown", dialect=dialect, known="、".join(DIALECTS))))
    lists = {n for n, f in policy.facts.items() if isinstance(f.type, ListOf)}
    for name in items or {}:
        if name not in lists:
            raise PolicyError(Diagnostic("Q003", t("sql.items.not_a_list", name=name, known="、".join(sorted(lists)))))
    if items and not (id_column or item_key):
        raise PolicyError(Diagnostic("Q003", t("sql.items.need_id")))
    q = Query(DIALECT_TABLE[dialect])
    overrides = dict(overrides or {})
    wanted = set(only) if only is not None else None
    plans = [p for p in policy.clauses if wanted is None or p.citation in wanted]
    citations = [p.citation for p in plans]
    evaluated = order.dependency_order(policy, citations)
    present = set(columns) if columns is not None else None
    check_vocabulary(policy, evaluated)

    def read(col: str, typ: Any, default: Any, scale: Fraction | None, qq: Query) -> Value:
        """A typed column as a value: numbers as integers at a static scale, an empty cell its default."""
        ref = column(col)
        if isinstance(typ, (Bool, Date, Enum, Text)):
            got: Any = ref
            if default is not ir.MISSING:  # an empty cell takes the default, as batch's reader fills it
                got = paren(exp.Coalesce(this=ref, expressions=[literal_of(default)]))
            return Flag(got, nullable=True) if isinstance(typ, Bool) else Other(got, nullable=True)
        if isinstance(typ, ListOf):  # pragma: no cover - lists are read through their items
            raise Unsupported(t("batch.unsupported.list_whole", name=col))
        if scale is not None:
            return Num(qq.integer(ref), scale, nullable=True)
        places = read_places(typ) or 6
        fixed = exp.Cast(this=ref, to=qq.dialect.value_type(f"DECIMAL(38,{places})"))
        value = Num(
            qq.integer(paren(exp.Mul(this=fixed, expression=qq.lit(10**places)))), Fraction(1, 10**places), True
        )
        if default is not ir.MISSING:
            fallback = constant(default, typ)
            assert isinstance(fallback, Num)
            g, (x, y) = align(qq, [value, fallback])
            value = Num(paren(exp.Coalesce(this=x.expr, expressions=[y.expr])), g, nullable=True)
        return value

    def read_fact(name: str, col: str, qq: Query) -> Value:
        info = policy.facts[name]
        if present is not None and name not in present:
            if info.default is ir.MISSING:
                raise PolicyError(Diagnostic("B045", t("batch.missing_fact", name=name)))
            return constant(info.default, info.type)
        if any(r.name == name for r in policy.ranks):
            raise Unsupported(t("sql.rank"))
        return read(col, info.type, info.default, scales.get(name) if scales is not None else None, qq)

    def resolve(name: str) -> Value:
        return read_fact(name, name, q)

    def read_field(list_name: str, name: str, qq: Query) -> Value:
        typ = policy.facts[list_name].type
        assert isinstance(typ, ListOf)
        scale = item_scales.get(list_name, {}).get(name) if item_scales is not None else None
        if item_scales is not None and scale is None and read_places(typ.field(name)) is not None:
            scale = Fraction(1)  # pragma: no cover - batch's reader gives every number a scale
        return read(name, typ.field(name), ir.MISSING, scale, qq)

    item_lists = ItemLists(
        table,
        item_key or id_column or "",
        "__idx" if item_key else ORDER,
        dict(items or {}),
        read_field,
        read_fact,
        absent_is_empty=item_key is not None,
        facts_present=present,
    )

    from policylang.semantics import clause as semantics_clause
    from policylang.semantics.cross import apply_cross_clause_rules

    def evaluate(plan: ir.ClausePlan, comp: Compiler) -> ClauseOutput:
        try:
            return semantics_clause.evaluate_clause(plan, policy.rounding, SqlClauses(comp))
        except Unsupported as why:
            raise PolicyError(
                Diagnostic("Q002", t("sql.clause.refused", citation=plan.citation, reason=str(why)), plan.span)
            ) from None

    def columns_of(
        ledger: Outcomes, outputs: dict[str, ClauseOutput], summary: bool, known: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """batch's columns from the clause outcomes after the cross-clause rules (a clause's two columns
        as in `known` where it has them)."""
        result: dict[str, Any] = {}
        undet = {
            c: exp.EQ(this=ledger.statuses[c], expression=status_lit(UNDETERMINED)) for c in citations if ledger.may[c]
        }
        for c in citations:
            fen = ledger.amounts[c]
            result[amount_column(c)] = case([(undet[c], exp.Null())], fen) if ledger.may[c] else fen
            result[status_column(c)] = ledger.statuses[c]
            if known is not None and amount_column(c) in known:
                result[amount_column(c)], result[status_column(c)] = known[amount_column(c)], known[status_column(c)]
        total: Any = exp.Literal.number(0)
        for c in citations:
            total = paren(exp.Add(this=total, expression=paren(ledger.amounts[c])))
        result[TOTAL] = total
        result[DETERMINABLE] = negate(any_err(*undet.values())) if undet else exp.Boolean(this=True)
        recheck = any_err(*(o.recheck for o in outputs.values()))  # a Fine sum left undecided: see RECHECK
        if summary:  # for batch's summary: bounds of undetermined awards, evaluation errors
            for o in outputs.values():
                c = o.citation
                settled = c in ledger.own
                if (o.upper is not None or settled) and ledger.may[c]:
                    own_scale = o.upper.scale if o.upper is not None else FEN
                    bound = o.upper.expr if o.upper is not None else exp.Null()
                    scale = own_scale
                    if settled:  # paid alone, undetermined only because a rival is: at most its own amount
                        scale = fgcd(scale, FEN)
                        own = paren(exp.Mul(this=ledger.own[c], expression=q.lit(int(FEN / scale))))
                        widened = paren(exp.Mul(this=paren(bound), expression=q.lit(int(own_scale / scale))))
                        bound = paren(exp.Coalesce(this=own, expressions=[widened]))
                    extra[BOUND + c] = case([(undet[c], bound)], exp.Null())
                    upper_scales[c] = scale
            for o in outputs.values():
                if o.failed is not None:
                    extra[FAILED + o.citation] = is_true(o.failed)
        if recheck is not None and RECHECK not in extra:
            extra[RECHECK] = recheck
        return {k: q.materialise(v) for k, v in result.items()}

    # the base pipeline: every clause with the open numbers unknown (NULL)
    base_scope = Scope(policy, overrides, resolve, {}, None, item_lists)
    base_comp = Compiler(base_scope, q)
    for plan in evaluated:
        base_scope.clauses[plan.citation] = evaluate(plan, base_comp)
    base_outputs = {c: base_scope.clauses[c] for c in citations}
    base_ledger = SqlLedger(policy, base_outputs, base_comp, may_undetermine(policy, list(base_outputs.values())))
    apply_cross_clause_rules(policy, citations, base_ledger)
    q.stage()
    extra: dict[str, Any] = {}
    base_final = Outcomes(base_ledger.amounts, base_ledger.statuses, base_ledger.may, base_ledger.own)
    base = columns_of(base_final, base_outputs, hidden)
    names = decide.waiting_for(policy, citations, citations) - set(overrides)
    found = decide.enumeration(policy, names)
    if found is not None:
        combos = Combinations(policy, q, evaluated, citations, set(found.names), base_comp, evaluate)

        def run(values: dict[str, Any]) -> dict[str, Any]:
            reuse = {k: base[k] for c in combos.shared for k in (amount_column(c), status_column(c))}
            return columns_of(combos.outcomes({**overrides, **values}, base_final), {}, False, reuse)

        start, deepest, runs = q.floor, q.floor, []
        for values in found.assignments:  # each combination's layers from the base's on, beside the others'
            q.floor, q.mark = start, len(q.temps)
            runs.append(run(values))
            deepest = max(deepest, q.floor)
        q.floor, q.mark = deepest, 0
        q.stage()
        base, same = settle(q, policy, citations, overrides, base, runs, combos.shared)
        for c in citations:
            if BOUND + c in extra and c in same:
                extra[BOUND + c] = case([(same[c], exp.Null())], extra[BOUND + c])
    select: list[Any] = []
    if id_column:
        select.append(exp.alias_(column(id_column), id_column, quoted=True))
    for name, e in base.items():
        typed = exp.Cast(this=e, to=exp.DataType.build("BIGINT")) if name.endswith("[分]") else e
        select.append(exp.alias_(typed, name, quoted=True))
    for name, e in extra.items():
        typed = exp.Cast(this=e, to=exp.DataType.build("DECIMAL(38,0)")) if name.startswith(BOUND) else e
        select.append(exp.alias_(typed, name, quoted=True))
    query = q.build(facts_source(item_lists, table), select, item_lists.ctes)
    if item_key is not None:  # batch --engine duckdb: the rows in the population's order (a join does not keep it)
        query = query.select(exp.alias_(column(item_key), item_key, quoted=True)).order_by(column(item_key))
    return query, upper_scales


@dataclass
class Outcomes:
    """Every clause's columns after the cross-clause rules (as SqlLedger leaves them)."""

    amounts: dict[str, Any]
    statuses: dict[str, Any]
    may: dict[str, bool]
    own: dict[str, Any]


def param_names(e: ir.Expr) -> set[str]:
    return {n.name for n in e.walk() if isinstance(n, ir.Param)}


def affected(
    policy: ir.CompiledPolicy, citations: Sequence[str], names: set[str], needs: dict[str, frozenset[str]]
) -> set[str]:
    """The clauses whose outcome can change with the values of `names`: those that need one of them
    (plan.unspecified, through 金额(…) too), the members of a rule that reads one (a 不重复享受's or a
    就高不重复's choice, a 合计上限's or a 就高不重复's limit), and — to a fixed point — every member of a
    cross-clause rule (不重复享受, 取高不重复, 就高不重复, 合计上限) with an affected member."""
    present = set(citations)
    out = {c for c in citations if needs.get(c)}
    groups: list[set[str]] = []
    for choice in (*policy.choices, *policy.exclusive):
        members = set(choice.citations) & present
        if choice.name in names:
            out |= members
        groups.append(members)
    for group in (*policy.other_funds, *policy.group_caps):
        members = set(group.citations) & present
        if group.name in names or param_names(group.limit) & names:
            out |= members
        groups.append(members)
    grown = True
    while grown:
        grown = False
        for members in groups:
            if members & out and not members <= out:
                out |= members
                grown = True
    return out


class Combinations:
    """The pipeline for each combination of the open numbers' values, sharing what does not depend on
    them (so the query grows with the clauses that need the numbers, not with the whole policy times
    the combinations): a clause that needs none of `names` (plan.unspecified, through 金额(…) too) keeps
    the base pipeline's columns; one that needs some is built once per combination of the values of
    *its* names (a clause needing 计息年天数 only: 7 times, not 7 × 2), and inside it every expression
    that reads none of them is the base's (its memo); the cross-clause rules run again only on the
    clauses linked to those (`affected`), the others keep the base's outcome."""

    def __init__(
        self,
        policy: ir.CompiledPolicy,
        q: Query,
        evaluated: Sequence[ir.ClausePlan],
        citations: Sequence[str],
        names: set[str],
        base: Compiler,
        evaluate: Callable[[ir.ClausePlan, Compiler], ClauseOutput],
    ):
        self.policy, self.q, self.base, self.evaluate = policy, q, base, evaluate
        self.evaluated, self.citations, self.names = list(evaluated), list(citations), names
        self.needs = {p.citation: frozenset(p.unspecified) & names for p in self.evaluated}
        self.affected = affected(policy, self.citations, names, self.needs)
        self.shared = [c for c in self.citations if c not in self.affected]
        self.compilers: dict[tuple[tuple[str, str], ...], Compiler] = {}
        self.built: dict[tuple[str, tuple[tuple[str, str], ...]], ClauseOutput] = {}
        self.reads: dict[int, frozenset[str]] = {}

    def names_in(self, e: ir.Expr) -> frozenset[str]:
        """The open names an expression reads, through 金额(…) of other clauses too."""
        found = self.reads.get(id(e))
        if found is None:
            got = set()
            for node in e.walk():
                if isinstance(node, ir.Param):
                    got.add(node.name)
                elif isinstance(node, ir.ClauseAmount):
                    for c in node.clauses:
                        plan = self.policy.clause(c)
                        got |= set(plan.unspecified) if plan is not None else set()
            found = self.reads[id(e)] = frozenset(got) & self.names
        return found

    @staticmethod
    def key(names: Iterable[str], values: dict[str, Any]) -> tuple[tuple[str, str], ...]:
        return tuple((n, repr(values[n])) for n in sorted(names))

    def compiler(self, own: frozenset[str], values: dict[str, Any]) -> Compiler:
        """The compiler with `own` given their values, starting from the base's values that read none of them."""
        key = self.key(own, values)
        found = self.compilers.get(key)
        if found is None:
            base = self.base.scope
            given = {**base.overrides, **{n: values[n] for n in own}}
            found = self.compilers[key] = Compiler(Scope(self.policy, given, base.inputs, {}, None, base.items), self.q)
            found.memo = {i: (e, v) for i, (e, v) in self.base.memo.items() if not self.names_in(e) & own}
        return found

    def outcomes(self, values: dict[str, Any], base: Outcomes) -> Outcomes:
        """The clause columns with the open numbers at `values` (overrides and one combination)."""
        now: dict[str, ClauseOutput] = {}
        for plan in self.evaluated:
            c, own = plan.citation, self.needs[plan.citation]
            if not own:
                now[c] = self.base.scope.clauses[c]
                continue
            key = (c, self.key(own, values))
            out = self.built.get(key)
            if out is None:
                comp = self.compiler(own, values)
                comp.scope.clauses.update(now)  # what it reads (金额(…)) at these values
                out = self.built[key] = self.evaluate(plan, comp)
            now[c] = out
        present = [c for c in self.citations if c in self.affected]
        outputs = {c: now[c] for c in present}
        scope = Scope(self.policy, values, self.base.scope.inputs, dict(now), None, self.base.scope.items)
        may = may_undetermine(self.policy, list(outputs.values()))
        ledger = SqlLedger(self.policy, outputs, Compiler(scope, self.q), may)
        from policylang.semantics.cross import apply_cross_clause_rules

        apply_cross_clause_rules(self.policy, present, ledger)
        self.q.stage()
        return Outcomes(
            {**base.amounts, **ledger.amounts},
            {**base.statuses, **ledger.statuses},
            {**base.may, **ledger.may},
            {**base.own, **ledger.own},
        )


def settle(
    q: Query,
    policy: ir.CompiledPolicy,
    citations: list[str],
    overrides: dict[str, Any],
    base: dict[str, Any],
    runs: list[dict[str, Any]],
    shared: Sequence[str] = (),
) -> tuple[dict[str, Any], dict[str, Any]]:
    """tools/batch/decide.py inside the query: a row not determinable that waits for numbers with a
    finite domain takes, per clause, the outcome every combination gives it (and the common total).
    A `shared` clause has the base's columns in every run (Combinations): compared once, not per run."""
    from policylang.semantics import decide

    exp = _sg()
    undet = {c: exp.EQ(this=base[status_column(c)], expression=status_lit(UNDETERMINED)) for c in citations}
    waits: Any = None  # the row waits for some number enumeration tries (decide.waiting_for on its clauses)
    everything = decide.waiting_for(policy, [], citations)
    for c in citations:
        plan = policy.clause(c)
        own = set(plan.unspecified) if plan is not None else set()
        fixed = own | {g.name for g in policy.choices if c in g.citations}
        fixed |= {g.name for g in policy.other_funds if g.reading is None and c in g.citations}
        if decide.enumeration(policy, fixed - set(overrides)) is not None:
            waits_c: Any = undet[c]
        elif not own:
            all_names = set()
            for other in citations:
                found = policy.clause(other)
                all_names |= set(found.unspecified) if found is not None else set()
            for group in policy.group_caps:
                all_names |= {n.name for n in group.limit.walk() if isinstance(n, ir.Param) and n.unspecified}
            if decide.enumeration(policy, all_names - set(overrides)) is None:
                continue
            shares: Any = exp.Boolean(this=False)
            for group in policy.group_caps:
                if c in group.citations:
                    for before in group.citations[: group.citations.index(c)]:
                        bp = policy.clause(before)
                        if before in citations and bp is not None and bp.unspecified:
                            shares = either(shares, undet[before])
            waits_c = both(undet[c], negate(shares))
        else:
            continue
        waits = waits_c if waits is None else either(waits, waits_c)
    del everything
    if waits is None:
        return base, {}
    touched = q.materialise(both(negate(base[DETERMINABLE]), waits))
    first = runs[0]
    out: dict[str, Any] = {}
    decided: dict[str, Any] = {}
    pending: list[Any] = []
    amounts: list[Any] = []
    for c in citations:
        st, am = status_column(c), amount_column(c)
        same: Any = exp.NEQ(this=first[st], expression=status_lit(UNDETERMINED))
        if c in shared and len(runs) > 1:  # every run equal to the first: as the loop below would say
            same = both(same, is_true(exp.EQ(this=first[am], expression=first[am])))
        for run in runs[1:] if c not in shared else ():
            same = both(same, exp.EQ(this=run[st], expression=first[st]))
            same = both(same, is_true(exp.EQ(this=run[am], expression=first[am])))
        same = q.materialise(both(touched, same))
        decided[c] = same
        differs = q.materialise(
            both(both(touched, negate(same)), exp.NEQ(this=base[st], expression=status_lit(UNDETERMINED)))
        )
        new_am = q.materialise(case([(same, first[am]), (differs, exp.Null())], base[am]))
        out[am] = new_am
        out[st] = case([(same, first[st]), (differs, status_lit(UNDETERMINED))], base[st])
        pending.append(both(touched, negate(same)))
        amounts.append(paren(exp.Coalesce(this=new_am, expressions=[exp.Literal.number(0)])))
    agreed: Any = exp.Boolean(this=True)
    for run in runs:
        agreed = both(agreed, both(run[DETERMINABLE], exp.EQ(this=run[TOTAL], expression=first[TOTAL])))
    agreed = q.materialise(agreed)
    none_pending = q.materialise(negate(any_err(*pending))) if pending else exp.Boolean(this=True)
    summed: Any = exp.Literal.number(0)
    for a in amounts:
        summed = paren(exp.Add(this=summed, expression=a))
    out[TOTAL] = case(
        [(both(touched, none_pending), summed), (both(touched, agreed), first[TOTAL]), (touched, summed.copy())],
        base[TOTAL],
    )
    out[DETERMINABLE] = case(
        [(both(touched, either(none_pending, agreed)), exp.Boolean(this=True))], base[DETERMINABLE]
    )
    ordered: dict[str, Any] = {}
    for c in citations:
        ordered[amount_column(c)] = out[amount_column(c)]
        ordered[status_column(c)] = out[status_column(c)]
    ordered[TOTAL] = out[TOTAL]
    ordered[DETERMINABLE] = out[DETERMINABLE]
    return ordered, decided


def check_vocabulary(policy: ir.CompiledPolicy, plans: list[ir.ClausePlan]) -> None:
    if str(policy.rounding.mode) not in ROUNDING:
        raise PolicyError(
            Diagnostic("Q005", t("sql.vocabulary.rounding", value=str(policy.rounding.mode), known="、".join(ROUNDING)))
        )
    for group in (*policy.group_caps, *policy.other_funds):
        for node in group.limit.walk():
            if isinstance(node, (ir.Field, ir.Aggregate, ir.Lookup)):
                subject = limit_subject(group)
                raise PolicyError(Diagnostic("B040", t("batch.group_limit.per_item", subject=subject), group.span))


def may_undetermine(policy: ir.CompiledPolicy, outputs: list[ClauseOutput]) -> dict[str, bool]:
    """As tools/batch/engine.Engine.may_undetermine: which clauses can be undetermined on some row."""
    may = {o.citation: o.may_undetermine for o in outputs}
    for choice in policy.choices:
        members = [c for c in choice.citations if c in may]
        if len(members) >= 2:
            for c in members:
                may[c] = True
    for group in policy.exclusive:
        members = [c for c in group.citations if c in may]
        if len(members) >= 2 and any(may[c] for c in members):
            for c in members:
                may[c] = True
    for funds in policy.other_funds:
        members = [c for c in funds.citations if c in may]
        if funds.reading is None or any(may[c] for c in members):
            for c in members:
                may[c] = True
    for cap in policy.group_caps:
        open_before = any(isinstance(n, ir.Param) and n.unspecified for n in cap.limit.walk())
        for c in (c for c in cap.citations if c in may):
            may[c] = may[c] or open_before
            open_before = open_before or may[c]
    return may


__all__ = [
    "DIALECTS",
    "DIALECT_TABLE",
    "EXPRESSIONS",
    "UNSUPPORTED",
    "UNSUPPORTED_STEPS",
    "Compiler",
    "Dialect",
    "Flag",
    "Num",
    "Other",
    "SqlClauses",
    "SqlLedger",
    "Unsupported",
    "compile_query",
]
