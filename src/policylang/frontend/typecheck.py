"""Stage 2: names, types and units. Turns syntax expressions into typed IR, or says exactly why not.

Mixing 元 with 吨, comparing 美元 with 人民币, or awarding a bare rate with no base is an error
here, at load time, located at the offending expression.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction

from policylang.compiler import ir
from policylang.errors import Collector, Msg, Prose, Span, did_you_mean
from policylang.frontend import ast, bounds
from policylang.frontend.units import (
    BOOL,
    CNY,
    CURRENCIES,
    CURRENCY_TABLE,
    DATE,
    NUMBER,
    RATIO,
    TEXT,
    UNIT_ALIASES,
    USD,
    Bool,
    Date,
    Enum,
    ListOf,
    Money,
    Number,
    PerUnit,
    Quantity,
    Ratio,
    Text,
    Type,
    UnitError,
    citation_key,
    cites_within,
    is_dimensionless,
    parse_literal,
    suggest,
    type_words,
    unit_word_problem,
)
from policylang.report import i18n

# The verb says the direction and, unless a boundary mark overrides it, whether the number counts.
COMPARE_WORDS: dict[str, tuple[str, bool]] = {
    "超过": (">", False),
    "超": (">", False),
    ">": (">", False),
    "达到": (">", True),
    "不低于": (">", True),
    "不少于": (">", True),
    ">=": (">", True),
    "≥": (">", True),
    "低于": ("<", False),
    "少于": ("<", False),
    "不足": ("<", False),
    "<": ("<", False),
    "不超过": ("<", True),
    "不高于": ("<", True),
    "<=": ("<", True),
    "≤": ("<", True),
    "等于": ("==", True),
    "为": ("==", True),
    "==": ("==", True),
    "不等于": ("!=", True),
    "!=": ("!=", True),
}
INCLUSIVE_MARKS = {"(含)": True, "（含）": True, "(不含)": False, "（不含）": False}
FUNCTIONS = ("最小", "最大", "合计", "计数", "天数")


@dataclass(frozen=True)
class StatedReading:
    """A `读作` the typer accepted: the reading follows `follows` (the verb, or the mark) over `over`."""

    span: Span
    text: str  # the comparison without its 读作
    reading: str
    follows: str
    over: str


def compared_text(e: ast.Compare) -> str:
    """The comparison as written, without a `读作 …` after it."""
    text = e.span.text
    if e.reading_span is not None and e.reading is not None:
        text = text[: text.rfind("读作")].rstrip()
    return text


class SymbolError(Exception):
    pass


@dataclass
class Scope:
    facts: dict[str, ir.FactInfo]
    params: dict[str, ir.ParamInfo]
    defines: dict[str, ast.DefineDecl]
    tables: dict[str, ir.TableInfo]
    item: tuple[str, ListOf] | None = None  # the list whose fields are in scope

    def with_item(self, name: str, t: ListOf) -> Scope:
        return Scope(self.facts, self.params, self.defines, self.tables, (name, t))

    def names(self) -> list[str]:
        out = list(self.facts) + list(self.params) + list(self.defines) + list(self.tables)
        if self.item:
            out += [n for n, _ in self.item[1].fields]
        return out


class Typer:
    """Elaborates expressions in a scope; reports problems to the collector and returns None."""

    def __init__(self, diagnostics: Collector, currency: str, units: frozenset[str] = frozenset()):
        self.diag = diagnostics
        self.currency = currency
        self.units = units  # the quantity units the policy declares (数量(标箱)): literals may write them
        # Names whose declaration was refused (its error already reported): a later use is not "未知的事实"
        # again — one mistake, one error.
        self.broken: set[str] = set()
        self.derived: dict[str, ir.Expr | None] = {}
        self._defining: list[str] = []
        # 金额(一2): the policy's clause numbers as declared, and the clause being typed (None outside one)
        self.clause_citations: tuple[str, ...] = ()
        self.referring: str | None = None
        self.ranks: set[str] = set()  # the facts that are 名次 (places within the population)
        self.version = bounds.DEFAULT_VERSION  # 语言版本: how contradictory boundary words read
        self.implicit: dict[str, ir.ParamInfo] = {}  # 语言版本 2: each contradictory boundary's reading
        self.stated: list[StatedReading] = []  # each 读作 typed, for the clause's 解读 (compiler/lower.py)

    def error(self, code: str, message: Prose, span: Span | None, suggestion: Prose | None = None) -> None:
        self.diag.add(code, message, span, suggestion=suggestion)

    # ------------------------------------------------------------------ dispatch
    def expr(self, e: ast.Expr, scope: Scope, expected: Type | None = None) -> ir.Expr | None:
        method = getattr(self, "on_" + type(e).__name__)
        return method(e, scope, expected)  # type: ignore[no-any-return]

    # ------------------------------------------------------------------ leaves
    def on_NumberLit(self, e: ast.NumberLit, scope: Scope, expected: Type | None) -> ir.Expr | None:
        try:
            lit = parse_literal(e.text, self.units)
        except UnitError as err:
            self.error("T101", err.message, e.span, did_you_mean(err.suggestion))
            return None
        t = lit.type
        if isinstance(t, Number) and isinstance(expected, Quantity):
            t = expected  # a bare count takes the unit of what it is compared with: 20 家
        return ir.Const(t, lit.value, e.text, span=e.span)

    def on_DateLit(self, e: ast.DateLit, scope: Scope, expected: Type | None) -> ir.Expr | None:
        try:
            value = dt.date.fromisoformat(e.text)
        except ValueError:
            self.error("T102", Msg("frontend.bad_date", text=e.text), e.span)
            return None
        return ir.Const(DATE, value, e.text, span=e.span)

    def on_TextLit(self, e: ast.TextLit, scope: Scope, expected: Type | None) -> ir.Expr | None:
        if isinstance(expected, Enum) and e.value in expected.values:
            return ir.Const(expected, e.value, e.value, span=e.span)  # 级别 为 "国家级": the choice, quoted
        return ir.Const(TEXT, e.value, quoted_text(e.value), span=e.span)

    def on_Ref(self, e: ast.Ref, scope: Scope, expected: Type | None) -> ir.Expr | None:
        name = e.name
        if scope.item and scope.item[1].field(name) is not None:
            return ir.Field(scope.item[1].field(name), scope.item[0], name, span=e.span)  # type: ignore[arg-type]
        if name in scope.facts:
            info = scope.facts[name]
            if isinstance(info.type, ListOf) and expected is not None and not isinstance(expected, ListOf):
                self.error("T103", Msg("frontend.list_as_value", name=name), e.span)
                return None
            return ir.Input(info.type, name, span=e.span)
        if name in scope.params:
            p = scope.params[name]
            return ir.Param(p.type, name, p.unspecified, span=e.span)
        if name in scope.defines:
            return self.define(scope.defines[name], scope, e.span)
        if isinstance(expected, Enum) and name in expected.values:
            return ir.Const(expected, name, name, span=e.span)
        if name in ("是", "否"):
            return ir.Const(BOOL, name == "是", name, span=e.span)
        if name in scope.tables:
            keyed_by_term = scope.tables[name].term is not None  # 同期贷款基准利率(日期, 期限)
            key = "tables.table_without_keys" if keyed_by_term else "frontend.table_without_date"
            self.error("T104", Msg(key, name=name), e.span)
            return None
        if name in self.broken:  # its declaration's error is the one error
            return None
        near = suggest(name, scope.names())
        hint = did_you_mean(near) or Msg("frontend.declare_first")
        if isinstance(expected, Text) and near is None:  # 展会 为 广交会: a text value is quoted
            hint = Msg("frontend.hint.quote_text", text=quoted_text(name))
        unknown = "frontend.unknown_field_or_fact" if scope.item else "frontend.unknown_fact_or_parameter"
        self.error("T105", Msg(unknown, name=name), e.span, hint)
        return None

    def define(self, d: ast.DefineDecl, scope: Scope, span: Span) -> ir.Expr | None:
        if d.name in self._defining:
            self.error("T106", Msg("frontend.self_reference", name=d.name), span)
            return None
        if d.name not in self.derived:
            self._defining.append(d.name)
            inner = self.expr(d.value, Scope(scope.facts, scope.params, scope.defines, scope.tables), None)
            self._defining.pop()
            self.derived[d.name] = None if inner is None else ir.Derived(inner.type, d.name, inner, span=d.span)
        found = self.derived[d.name]
        return found

    def on_FieldRef(self, e: ast.FieldRef, scope: Scope, expected: Type | None) -> ir.Expr | None:
        if scope.item and scope.item[0] == e.owner:
            t = scope.item[1].field(e.name)
            if t is None:
                near = suggest(e.name, [n for n, _ in scope.item[1].fields])
                self.error("T107", Msg("frontend.no_field", owner=e.owner, name=e.name), e.span, did_you_mean(near))
                return None
            return ir.Field(t, e.owner, e.name, span=e.span)
        self.error("T108", Msg("frontend.field_outside", owner=e.owner, name=e.name), e.span)
        return None

    # ------------------------------------------------------------------ arithmetic
    def on_BinOp(self, e: ast.BinOp, scope: Scope, expected: Type | None) -> ir.Expr | None:
        left = self.expr(e.left, scope, expected if e.op in "+-" else None)
        right = self.expr(e.right, scope, left.type if left is not None and e.op in "+-" else None)
        if left is None or right is None:
            return None
        if not self.sound_literals(e, left, right):
            return None
        t = self.arith_type(e.op, left.type, right.type, e)
        return None if t is None else ir.Arith(t, ir.ArithOp(e.op), left, right, span=e.span)

    def sound_literals(self, e: ast.BinOp, left: ir.Expr, right: ir.Expr) -> bool:
        """Reject the two literal slips that load today and pay a wrong number: a rate written without %
        (`50 × 费用`) and a division by a literal zero."""
        if e.op == "÷" and isinstance(right, ir.Const) and right.value == 0:
            self.error(
                "T115",
                Msg("hardening_frontend.divide_by_zero", text=right.text),
                e.right.span,
                Msg("hardening_frontend.hint.divisor"),
            )
            return False
        if e.op == "×":
            for number, other, number_node, other_node in (
                (left, right, e.left, e.right),
                (right, left, e.right, e.left),
            ):
                if bare_count(number) and isinstance(other.type, Money) and reads_case(other):
                    self.error(
                        "T114",
                        Msg(
                            "hardening_frontend.bare_times_money",
                            number=number_node.span.text,
                            other=other_node.span.text,
                        ),
                        e.span,
                        Msg(
                            "hardening_frontend.hint.bare_times_money",
                            number=number_node.span.text,
                            other=other_node.span.text,
                        ),
                    )
                    return False
        return True

    def arith_type(self, op: str, a: Type, b: Type, e: ast.Expr) -> Type | None:
        words = {
            op: Msg(f"frontend.op.{name}") for op, name in (("+", "add"), ("-", "sub"), ("×", "mul"), ("÷", "div"))
        }
        for t in (a, b):
            if not isinstance(t, (Money, Quantity, Ratio, Number, PerUnit)):
                self.error("T110", Msg("frontend.cannot_op", type=type_words(t), op=words[op]), e.span)
                return None
        if op in "+-":
            if a == b or (is_dimensionless(a) and is_dimensionless(b)):
                return a
            hint = None
            if isinstance(a, Money) and isinstance(b, Money):
                hint = exchange_hint(a, b)
            elif {type(a), type(b)} == {Money, Quantity}:
                hint = Msg("frontend.hint.quantity_to_money")
            elif (isinstance(a, Money) and isinstance(b, Number)) or (isinstance(b, Money) and isinstance(a, Number)):
                hint = Msg("frontend.hint.money_unit")
            self.error(
                "T111", Msg("frontend.units_differ_op", a=type_words(a), b=type_words(b), op=words[op]), e.span, hint
            )
            return None
        if op == "×":
            if is_dimensionless(a):
                return b
            if is_dimensionless(b):
                return a
            for rate, other in ((a, b), (b, a)):
                if isinstance(rate, PerUnit):
                    if isinstance(other, Quantity) and other.unit == rate.unit:
                        return Money(rate.currency)
                    if isinstance(other, Money) and other.currency == rate.unit:
                        return Money(rate.currency)
            hint = Msg("frontend.hint.price_unit")
            if {type(a), type(b)} == {Money, Quantity}:
                hint = Msg("frontend.hint.money_times")
            elif isinstance(a, Money) and isinstance(b, Money):
                hint = Msg("frontend.hint.money_times_money")
            self.error("T112", Msg("frontend.units_differ_mul", a=type_words(a), b=type_words(b)), e.span, hint)
            return None
        # ÷
        if is_dimensionless(b):
            return a
        if a == b:
            return NUMBER
        if isinstance(a, Money) and isinstance(b, Quantity):
            return PerUnit(a.currency, b.unit)
        self.error("T113", Msg("frontend.units_differ_div", a=type_words(a), b=type_words(b)), e.span)
        return None

    # ------------------------------------------------------------------ comparisons and logic
    def on_Compare(self, e: ast.Compare, scope: Scope, expected: Type | None) -> ir.Expr | None:
        direction, verb_inclusive = COMPARE_WORDS[e.word]
        mark: bool | None = None
        bound = e.bound
        if bound and bound[-2:] in ("以上", "以下") and bound[:-2] in INCLUSIVE_MARKS:
            # 达到1亿元(含)以上: the direction word must agree with the verb; the mark decides inclusion
            if direction != (">" if bound.endswith("以上") else "<"):
                self.error("T120", Msg("frontend.opposite_direction", word=e.word, bound=bound[-2:]), e.span)
                return None
            bound = bound[:-2]
        if bound in INCLUSIVE_MARKS:
            mark = INCLUSIVE_MARKS[bound]
        elif e.bound in ("以上", "以下"):
            want = ">" if e.bound == "以上" else "<"
            if direction != want:
                self.error("T120", Msg("frontend.opposite_direction", word=e.word, bound=e.bound), e.span)
                return None
            mark = bounds.MARKS[e.bound]
        left, right = self.pair(e.left, e.right, scope, e)
        if left is None or right is None:
            return None
        said = e.word + (e.bound or "")
        if direction in ("==", "!="):
            if e.reading is not None:
                self.error(
                    "T302",
                    Msg("bounds.reading_on_equality", text=compared_text(e), word=e.word),
                    e.reading_span or e.span,
                    Msg("bounds.hint.reading_not_contradictory"),
                )
                return None
            return ir.Cmp(BOOL, ir.CmpOp(direction), left, right, said, span=e.span)
        if not self.ordered(left.type, e):
            return None
        contradictory = bounds.contradicts(verb_inclusive, mark)
        edge = bounds.edge(verb_inclusive, mark, self.version)
        if e.reading is not None:
            stated = self.stated_reading(e, contradictory, bound or "")
            if stated is None:
                return None
            edge = stated
        elif contradictory and self.version is bounds.LanguageVersion.V1:
            self.contradictory_warning(e, verb_inclusive, mark)
        if edge is bounds.Edge.OPEN:
            choice = self.boundary_choice(e, verb_inclusive, bound or "")
            return self.open_edge(direction, left, right, choice, said, e.span)
        op = direction + ("=" if edge is bounds.Edge.INCLUSIVE else "")
        # the flag (check's TIER005) marks words the mark silently decided: not a reading the policy states
        silent = contradictory and e.reading is None
        return ir.Cmp(BOOL, ir.CmpOp(op), left, right, said, silent, span=e.span)

    def contradictory_warning(self, e: ast.Compare, verb_inclusive: bool, mark: bool | None) -> None:
        """W201 (version 1): the mark wins; the suggestion says what 语言版本 2 makes of it and how to say it."""
        counts = {True: Msg("frontend.inclusive"), False: Msg("frontend.exclusive")}
        self.diag.add(
            "W201",
            Msg(
                "frontend.contradictory_boundary",
                word=e.word,
                verb=counts[verb_inclusive],
                bound=e.bound,
                mark=counts[bool(mark)],
            ),
            e.span,
            severity="warning",
            suggestion=Msg(
                "bounds.hint.migrate",
                text=e.span.text,
                verb=e.word,
                mark=e.bound or "",
                mark_reading=bounds.Edge.INCLUSIVE.value if mark else bounds.Edge.EXCLUSIVE.value,
                verb_reading=bounds.Edge.INCLUSIVE.value if verb_inclusive else bounds.Edge.EXCLUSIVE.value,
            ),
        )

    def stated_reading(self, e: ast.Compare, contradictory: bool, mark: str) -> bounds.Edge | None:
        """`读作 含` / `读作 不含`: only where the verb and the mark contradict, and only those two words."""
        where = e.reading_span or e.span
        reading = bounds.READINGS.get(e.reading or "")
        if reading is None:
            self.error(
                "T300",
                Msg("bounds.reading_word", word=e.reading or ""),
                where,
                Msg("bounds.hint.reading_word", text=compared_text(e)),
            )
            return None
        if not contradictory:
            self.error(
                "T301",
                Msg("bounds.reading_not_contradictory", text=compared_text(e)),
                where,
                Msg("bounds.hint.reading_not_contradictory"),
            )
            return None
        follows, over = bounds.followed(e.word, COMPARE_WORDS[e.word][1], mark, reading)
        self.stated.append(StatedReading(e.span, compared_text(e), e.reading or "", follows, over))
        return reading

    def boundary_choice(self, e: ast.Compare, verb_inclusive: bool, mark: str) -> ir.Expr:
        """语言版本 2, no 读作: the reading is an implicit 之一(含, 不含), the same as a declared `(含否 P)`."""
        name = bounds.choice_name(e.span.text)
        verb_edge = bounds.Edge.INCLUSIVE if verb_inclusive else bounds.Edge.EXCLUSIVE
        mark_edge = bounds.Edge.EXCLUSIVE if verb_inclusive else bounds.Edge.INCLUSIVE
        choice = bounds.BoundaryChoice(e.span.text, e.word, e.bound or mark, verb_edge, mark_edge)
        t = Enum((bounds.Edge.INCLUSIVE.value, bounds.Edge.EXCLUSIVE.value))
        self.implicit.setdefault(name, ir.ParamInfo(name, t, None, None, e.span, boundary=choice))
        param = ir.Param(t, name, True, span=e.span)
        return ir.Cmp(BOOL, ir.CmpOp.EQUAL, param, ir.Const(t, "含", "含", span=e.span), "为", span=e.span)

    @staticmethod
    def open_edge(direction: str, subject: ir.Expr, edge: ir.Expr, counts: ir.Expr, said: str, span: Span) -> ir.Expr:
        """A boundary whose inclusion is a choice (an open end `(含否 P)`, or 语言版本 2's contradictory
        words): `beyond the edge, or at it and the choice is 含` — one lowering for both."""
        strict = ir.Cmp(BOOL, ir.CmpOp(direction), subject, edge, said, span=span)
        at = ir.Cmp(BOOL, ir.CmpOp.EQUAL, subject, edge, "等于", span=span)
        at_counts = ir.Logic(BOOL, ir.LogicOp.AND, at, counts, span=span)
        return ir.Logic(BOOL, ir.LogicOp.OR, strict, at_counts, span=span)

    def pair(self, a: ast.Expr, b: ast.Expr, scope: Scope, e: ast.Expr) -> tuple[ir.Expr | None, ir.Expr | None]:
        """Type both sides of a comparison so they agree; a bare number takes the other side's unit."""
        left = self.expr(a, scope, None)
        right = self.expr(b, scope, left.type if left is not None else None)
        if left is None or right is None:
            return left, right
        if isinstance(left.type, Number) and isinstance(right.type, Quantity) and isinstance(left, ir.Const):
            left = ir.Const(right.type, left.value, left.text, span=left.span)
        if left.type != right.type and not (is_dimensionless(left.type) and is_dimensionless(right.type)):
            hint = None
            if isinstance(left.type, Money) and isinstance(right.type, Money):
                hint = same_currency_hint(left.type, right.type)
            elif isinstance(right.type, Number) and isinstance(left.type, Money):
                hint = Msg("frontend.hint.money_unit")
            self.error(
                "T121", Msg("frontend.compare_units", a=type_words(left.type), b=type_words(right.type)), e.span, hint
            )
            return None, None
        return left, right

    def ordered(self, t: Type, e: ast.Expr) -> bool:
        if isinstance(t, (Money, Quantity, Ratio, Number, PerUnit, Date)):
            return True
        self.error("T122", Msg("frontend.unordered", type=type_words(t)), e.span)
        return False

    def on_Between(self, e: ast.Between, scope: Scope, expected: Type | None) -> ir.Expr | None:
        bounds: list[bool | ir.Expr] = []
        for mark, where, open_name in ((e.low_bound, e.low, e.low_open), (e.high_bound, e.high, e.high_open)):
            if open_name is not None:
                choice = self.open_end(open_name, scope, e)
                if choice is None:
                    return None
                bounds.append(choice)
                continue
            if mark not in INCLUSIVE_MARKS:
                self.error(
                    "T123",
                    Msg("frontend.interval_bounds"),
                    where.span,
                    Msg("frontend.hint.interval_bounds"),
                )
                return None
            bounds.append(INCLUSIVE_MARKS[mark])
        subject, low = self.pair(e.subject, e.low, scope, e)
        if subject is None or low is None:
            return None
        _, high = self.pair(e.subject, e.high, scope, e)
        if high is None or not self.ordered(subject.type, e):
            return None
        lo = self.end(">", subject, low, bounds[0], "在" + (e.low_bound or ""), e)
        hi = self.end("<", subject, high, bounds[1], "至" + (e.high_bound or ""), e)
        return ir.Logic(BOOL, ir.LogicOp.AND, lo, hi, span=e.span)

    @staticmethod
    def end(
        direction: str, subject: ir.Expr, edge: ir.Expr, inclusive: bool | ir.Expr, said: str, e: ast.Between
    ) -> ir.Expr:
        """One end of 在 … 至 …; an open end (含否 P) is `beyond the edge, or at it and P 为 含`."""
        if isinstance(inclusive, bool):
            return ir.Cmp(BOOL, ir.CmpOp(direction + ("=" if inclusive else "")), subject, edge, said, span=e.span)
        return Typer.open_edge(direction, subject, edge, inclusive, said, e.span)

    def open_end(self, name: str, scope: Scope, e: ast.Between) -> ir.Expr | None:
        """(含否 P): P must be a declared 参数 of type 之一(含, 不含); the end counts when P is 含."""
        p = scope.params.get(name)
        if p is None or not isinstance(p.type, Enum) or set(p.type.values) != {"含", "不含"}:
            message = "frontend.open_end_unknown" if p is None else "frontend.open_end_type"
            self.error(
                "T260" if p is None else "T261",
                Msg(message, name=name),
                e.span,
                Msg("frontend.hint.open_end", name=name),
            )
            return None
        param = ir.Param(p.type, name, p.unspecified, span=e.span)
        return ir.Cmp(BOOL, ir.CmpOp.EQUAL, param, ir.Const(p.type, "含", "含", span=e.span), "为", span=e.span)

    def boolean(self, e: ast.Expr, scope: Scope) -> ir.Expr | None:
        out = self.expr(e, scope, BOOL)
        if out is not None and not isinstance(out.type, Bool):
            self.error(
                "T124",
                Msg("frontend.condition_expected", type=type_words(out.type)),
                e.span,
                Msg("frontend.hint.write_comparison"),
            )
            return None
        return out

    def on_And(self, e: ast.And, scope: Scope, expected: Type | None) -> ir.Expr | None:
        return self.logic("且", e, scope)

    def on_Or(self, e: ast.Or, scope: Scope, expected: Type | None) -> ir.Expr | None:
        return self.logic("或", e, scope)

    def logic(self, op: str, e: ast.And | ast.Or, scope: Scope) -> ir.Expr | None:
        a, b = self.boolean(e.left, scope), self.boolean(e.right, scope)
        return None if a is None or b is None else ir.Logic(BOOL, ir.LogicOp(op), a, b, span=e.span)

    def on_Not(self, e: ast.Not, scope: Scope, expected: Type | None) -> ir.Expr | None:
        a = self.boolean(e.operand, scope)
        return None if a is None else ir.Negate(BOOL, a, span=e.span)

    def on_If(self, e: ast.If, scope: Scope, expected: Type | None) -> ir.Expr | None:
        c = self.boolean(e.condition, scope)
        a = self.expr(e.then, scope, expected)
        b = self.expr(e.otherwise, scope, a.type if a is not None else expected)
        if c is None or a is None or b is None:
            return None
        if a.type != b.type:
            self.error("T125", Msg("frontend.branch_units", a=type_words(a.type), b=type_words(b.type)), e.span)
            return None
        return ir.Choose(a.type, c, a, b, span=e.span)

    # ------------------------------------------------------------------ award forms
    def on_Tiers(self, e: ast.Tiers, scope: Scope, expected: Type | None) -> ir.Expr | None:
        rows: list[ir.TierRow] = []
        amount_type: Type | None = expected
        ok = True
        for tier in e.tiers:
            cond = None if tier.condition is None else self.boolean(tier.condition, scope)
            amount = self.expr(tier.amount, scope, amount_type)
            if amount is None or (tier.condition is not None and cond is None):
                ok = False
                continue
            if amount_type is not None and amount.type != amount_type and not isinstance(amount_type, Bool):
                self.error("T126", Msg("frontend.tier_units", type=type_words(amount.type)), tier.amount.span)
                ok = False
                continue
            amount_type = amount.type
            if tier.cap is not None:
                limit = self.expr(tier.cap, scope, amount_type)
                if limit is None:
                    ok = False
                    continue
                if limit.type != amount_type:
                    self.error(
                        "T126",
                        Msg(
                            "frontend.tier_cap_units",
                            name=tier.cap_name or "",
                            amount=type_words(amount_type),
                            type=type_words(limit.type),
                        ),
                        tier.cap.span,
                        Msg("frontend.hint.tier_cap_units"),
                    )
                    ok = False
                    continue
                capped = ir.Extreme(amount_type, ir.ExtremeOp.MIN, (amount, limit), span=tier.span)
                rows.append(ir.TierRow(cond, capped, tier.span, tier.cap_name, limit, amount))
                continue
            rows.append(ir.TierRow(cond, amount, tier.span))
        if not ok or not rows:
            return None
        return ir.Tiered(rows[0].amount.type, tuple(rows), span=e.span)

    def on_RankAward(self, e: ast.RankAward, scope: Scope, expected: Type | None) -> ir.Expr | None:
        from policylang.frontend.ranking import rank_award  # 按名次: a derived form of Tiered

        return rank_award(self, e, scope)

    def on_Steps(self, e: ast.Steps, scope: Scope, expected: Type | None) -> ir.Expr | None:
        base = self.expr(e.base, scope, None)
        step = self.expr(e.step, scope, base.type if base is not None else None)
        amount = self.expr(e.amount, scope, Money(self.currency))
        if base is None or step is None or amount is None:
            return None
        if base.type != step.type:
            self.error("T127", Msg("frontend.step_units", a=type_words(base.type), b=type_words(step.type)), e.span)
            return None
        return ir.StepAward(amount.type, base, step, amount, span=e.span)

    def on_Marginal(self, e: ast.Marginal, scope: Scope, expected: Type | None) -> ir.Expr | None:
        """超额累进: check the base, each row's rate and edges, and that the rows tile the base; then
        lower to Σ rate × max(0, min(base, upper) − lower) (compiler.lower.lower_marginal)."""
        from policylang.compiler.lower import lower_marginal

        base = self.expr(e.base, scope, None)
        if base is None:
            return None
        if not isinstance(base.type, (Money, Quantity)):
            hint = i18n.t("frontend.marginal.base_type.hint")
            self.error("T170", i18n.t("frontend.marginal.base_type", type=type_words(base.type)), e.base.span, hint)
            return None
        rows = [self.bracket(b, base, scope) for b in e.brackets]
        checked = [r for r in rows if r is not None]
        if len(checked) != len(rows) or not self.brackets_tile(checked, base.type):
            return None
        for row in checked[1:]:
            if row.rate.type != checked[0].rate.type:
                message = i18n.t("frontend.marginal.rate_kinds", first=type_words(checked[0].rate.type))
                hint = i18n.t("frontend.marginal.rate_kinds.hint", first=type_words(checked[0].rate.type))
                self.error("T172", message, row.written.rate.span, hint)
                return None
        award_type = self.arith_type("×", checked[0].rate.type, base.type, e)
        return None if award_type is None else lower_marginal(base, tuple(checked), award_type, e.span)

    def bracket(self, b: ast.Bracket, base: ir.Expr, scope: Scope) -> CheckedBracket | None:
        """One row: its edges in the base's unit, which side each edge counts on, and its rate."""
        edges = self.bracket_edges(b)
        start = self.bracket_edge(b.start, base.type)
        end = None if b.end is None else self.bracket_edge(b.end, base.type)
        rate = self.bracket_rate(b.rate, base, scope)
        if edges is None or start is None or (b.end is not None and end is None) or rate is None:
            return None
        kind, start_counts, end_counts = edges
        if kind == "以下":  # [0, start]: the one edge written is the upper one
            return CheckedBracket(None, True, start, start_counts, rate, b)
        return CheckedBracket(start, start_counts, end, end_counts, rate, b)

    def bracket_edges(self, b: ast.Bracket) -> tuple[str, bool, bool] | None:
        """('以下' | '以上' | '至', does the first edge count, does the second) from the marks written."""
        if b.end is None:
            mark = b.start_mark or ""
            side, counts = mark[-2:], mark[:-2] != "(不含)" and mark[:-2] != "（不含）"
            if side not in ("以上", "以下"):
                hint = i18n.t("frontend.marginal.one_side_mark.hint", edge=b.start.text)
                self.error("T174", i18n.t("frontend.marginal.one_side_mark", mark=mark), b.span, hint)
                return None
            return side, counts, False
        if b.start_mark not in INCLUSIVE_MARKS or b.end_mark not in INCLUSIVE_MARKS:
            row = bracket_text(b, b.start_mark if b.start_mark in INCLUSIVE_MARKS else "(不含)", "(含)")
            hint = i18n.t("frontend.marginal.suggest_row", row=row)
            self.error("T175", i18n.t("frontend.marginal.between_marks"), b.span, hint)
            return None
        return "至", INCLUSIVE_MARKS[b.start_mark], INCLUSIVE_MARKS[b.end_mark]

    def bracket_edge(self, lit: ast.NumberLit, base: Type) -> ir.Const | None:
        edge = self.expr(lit, Scope({}, {}, {}, {}), base)
        if not isinstance(edge, ir.Const):
            return None
        if edge.type != base:
            example = "100万元" if isinstance(base, Money) else f"1000{base.unit}"  # type: ignore[attr-defined]
            message = i18n.t(
                "frontend.marginal.edge_unit", edge=lit.text, base=type_words(base), edge_type=type_words(edge.type)
            )
            self.error("T173", message, lit.span, i18n.t("frontend.marginal.edge_unit.hint", example=example))
            return None
        return edge

    def bracket_rate(self, e: ast.Expr, base: ir.Expr, scope: Scope) -> ir.Expr | None:
        """A percentage of a money base, or an amount per unit of a quantity base."""
        rate = self.expr(e, scope, None)
        if rate is None:
            return None
        if isinstance(base.type, Money):
            if isinstance(rate.type, Ratio):
                return rate
            message = i18n.t("frontend.marginal.rate_not_ratio", rate=e.span.text, base=type_words(base.type))
            self.error("T171", message, e.span, i18n.t("frontend.marginal.rate_not_ratio.hint"))
            return None
        unit = base.type.unit  # type: ignore[attr-defined]
        if isinstance(rate.type, PerUnit) and rate.type.unit == unit:
            return rate
        message = i18n.t("frontend.marginal.rate_not_per_unit", rate=e.span.text, unit=unit, base=type_words(base.type))
        self.error("T172", message, e.span, i18n.t("frontend.marginal.rate_not_per_unit.hint", unit=unit))
        return None

    def brackets_tile(self, rows: list[CheckedBracket], base: Type) -> bool:
        """Each row is a proper range, the rows ascend, and each edge belongs to exactly one row."""
        ok = True
        for i, row in enumerate(rows):
            if row.upper is not None and row.lower_value >= row.upper_value:
                start, end = row.written.start.text, (row.written.end or row.written.start).text
                b = row.written
                swapped = f"{end}{b.start_mark or ''} {b.dash} {start}{b.end_mark or ''}部分 {b.rate.span.text}"
                hint = i18n.t("frontend.marginal.suggest_row", row=swapped)
                self.error("T176", i18n.t("frontend.marginal.empty", start=start, end=end), row.written.span, hint)
                ok = False
            elif i and not self.follows(rows[i - 1], row, base):
                ok = False
        return ok

    def follows(self, before: CheckedBracket, row: CheckedBracket, base: Type) -> bool:
        """`row` starts where `before` ends: no gap, no overlap, the shared edge counted once."""
        here, span = row.written, row.written.span
        if before.upper is None:
            hint = i18n.t("frontend.marginal.after_open.hint", edge=before.written.start.text)
            self.error("T180", i18n.t("frontend.marginal.after_open", previous=before.written.span.text), span, hint)
            return False
        if row.lower_value < before.lower_value:
            start, previous = edge_text(row.lower, base), edge_text(before.lower, base)
            message = i18n.t("frontend.marginal.not_ascending", start=start, previous=previous)
            self.error("T177", message, span, i18n.t("frontend.marginal.not_ascending.hint"))
            return False
        start, end = edge_text(row.lower, base), edge_text(before.upper, base)
        if row.lower_value < before.upper_value:
            message = i18n.t("frontend.marginal.overlap", start=start, end=end)
            self.error("T178", message, span, i18n.t("frontend.marginal.overlap.hint", end=end))
            return False
        if row.lower_value > before.upper_value:
            message = i18n.t("frontend.marginal.gap", start=end, end=start)
            self.error("T179", message, span, i18n.t("frontend.marginal.gap.hint", start=end))
            return False
        if before.upper_counts == row.lower_counts:
            key = "overlap_at_edge" if row.lower_counts else "gap_at_edge"
            fixed = bracket_text(here, "(不含)" if row.lower_counts else "(含)", here.end_mark)
            hint = i18n.t("frontend.marginal.suggest_row", row=fixed)
            self.error("T178" if row.lower_counts else "T179", i18n.t(f"frontend.marginal.{key}", edge=end), span, hint)
            return False
        return True

    def on_Call(self, e: ast.Call, scope: Scope, expected: Type | None) -> ir.Expr | None:
        name = e.function
        if name in scope.tables:
            return self.lookup(e, scope)
        if name in self.broken:  # a table whose declaration was refused
            return None
        if name in ("最小", "最大"):
            args = [self.expr(a, scope, expected) for a in e.args]
            if None in args or len(args) < 2:
                if len(args) < 2:
                    self.error("T130", Msg("frontend.two_values", name=name), e.span)
                return None
            t = args[0].type  # type: ignore[union-attr]
            for a in args[1:]:
                if a.type != t:  # type: ignore[union-attr]
                    self.error("T131", Msg("frontend.values_units", name=name), e.span)
                    return None
            return ir.Extreme(t, ir.ExtremeOp.MIN if name == "最小" else ir.ExtremeOp.MAX, tuple(args), span=e.span)  # type: ignore[arg-type]
        if name in ("合计", "计数"):
            return self.aggregate(e, scope)
        if name == "天数":
            if len(e.args) != 2:
                self.error("T132", Msg("frontend.days_two_dates"), e.span)
                return None
            a, b = (self.expr(x, scope, DATE) for x in e.args)
            if a is None or b is None:
                return None
            if not (isinstance(a.type, Date) and isinstance(b.type, Date)):
                self.error("T133", Msg("frontend.days_dates"), e.span)
                return None
            return ir.DaysBetween(Quantity("天"), a, b, span=e.span)
        near = suggest(name, list(FUNCTIONS) + list(scope.tables))
        self.error("T134", Msg("frontend.unknown_function", name=name), e.span, did_you_mean(near))
        return None

    def on_ClauseRef(self, e: ast.ClauseRef, scope: Scope, expected: Type | None) -> ir.Expr | None:
        """金额(一2): what the named clause pays (or, for a citation with sub-clauses under it, what they
        pay together), money in the policy currency. Only inside a clause: a 定义, a default or a
        rule between clauses is evaluated where no clause has been computed. Cycles and references
        into cross-clause rules are the compiler's (compiler/clause_refs.py)."""
        if self.referring is None:
            self.error(
                "T271",
                Msg("clause_ref.outside_clause", citation=e.citation),
                e.span,
                Msg("clause_ref.outside_clause.hint", citation=e.citation),
            )
            return None
        named = clause_ref_targets(e.citation, self.clause_citations)
        if not named:
            near = nearest_citations(e.citation, self.clause_citations)
            self.error(
                "T270",
                Msg("clause_ref.unknown", citation=e.citation),
                e.span,
                Msg("clause_ref.unknown.hint", near=tuple(near)) if near else None,
            )
            return None
        return ir.ClauseAmount(Money(self.currency), e.citation, named, span=e.span)

    def aggregate(self, e: ast.Call, scope: Scope) -> ir.Expr | None:
        if e.args and isinstance(e.args[0], ast.Ref) and e.args[0].name in self.broken:
            return None
        if (
            not e.args
            or not isinstance(e.args[0], ast.Ref)
            or e.args[0].name not in scope.facts
            or not isinstance(scope.facts[e.args[0].name].type, ListOf)
        ):
            self.error("T135", Msg("frontend.first_is_list", function=e.function), e.span)
            return None
        items = e.args[0].name
        inner_scope = scope.with_item(items, scope.facts[items].type)  # type: ignore[arg-type]
        if e.function == "计数":
            cond = None
            if len(e.args) == 2:
                cond = self.boolean(e.args[1], inner_scope)
                if cond is None:
                    return None
            return ir.Aggregate(Quantity("项"), ir.AggregateOp.COUNT, items, cond, span=e.span)
        if len(e.args) != 2:
            self.error("T136", Msg("frontend.sum_two_values"), e.span)
            return None
        inner = self.expr(e.args[1], inner_scope, None)
        if inner is None:
            return None
        return ir.Aggregate(inner.type, ir.AggregateOp.SUM, items, inner, span=e.span)

    def lookup(self, e: ast.Call, scope: Scope) -> ir.Expr | None:
        table = scope.tables[e.function]
        if table.term is not None:  # keyed by date and term: compiler/term_tables.py lowers it
            from policylang.compiler import term_tables

            return term_tables.lookup(self, e, scope, table)
        if len(e.args) != 1:
            self.error("T137", Msg("frontend.lookup_needs_date", function=e.function), e.span)
            return None
        key = self.expr(e.args[0], scope, DATE)
        if key is None:
            return None
        if not isinstance(key.type, Date):
            self.error("T138", Msg("frontend.lookup_by_date", function=e.function), e.span)
            return None
        return ir.Lookup(table.type, e.function, key, span=e.span)


def clause_ref_targets(citation: str, declared: tuple[str, ...]) -> tuple[str, ...]:
    """The clauses 金额(citation) names, as declared: the clause itself, else every clause under it
    (三(二)1 → 三(二)1.零售, 三(二)1.物流, as --clause selects); () when it names none."""
    key = citation_key(citation)
    exact = tuple(c for c in declared if citation_key(c) == key)
    return exact or tuple(c for c in declared if cites_within(citation, c))


def nearest_citations(citation: str, declared: tuple[str, ...], most: int = 3) -> list[str]:
    """The declared clause numbers closest to a misspelt one (by their keys); else the first few declared."""
    import difflib

    keys = {citation_key(c): c for c in declared}
    near = difflib.get_close_matches(citation_key(citation), list(keys), n=most, cutoff=0.4)
    return [keys[k] for k in near] or list(declared[:most])


# ---------------------------------------------------------------------------- 超额累进 rows
@dataclass(frozen=True)
class CheckedBracket:
    """A checked row of 超额累进: the part of the base from `lower` to `upper` pays `rate`.
    `lower` None is 0 (a 以下 row); `upper` None is no upper edge (a 以上 row)."""

    lower: ir.Const | None
    lower_counts: bool  # the lower edge itself belongs to this row
    upper: ir.Const | None
    upper_counts: bool
    rate: ir.Expr
    written: ast.Bracket

    @property
    def lower_value(self) -> Fraction:
        return Fraction(0) if self.lower is None else _fraction(self.lower.value)

    @property
    def upper_value(self) -> Fraction:
        assert self.upper is not None
        return _fraction(self.upper.value)


def quoted_text(value: str) -> str:
    """A text value as a policy file writes it: in quotes, with its quotes and backslashes escaped."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def bare_count(e: ir.Expr) -> bool:
    """A number literal with no unit, no % and no 倍: in `50 × 费用` it is far likelier a rate missing its %
    than a multiple. Explicit counts stay allowed: 50倍, a 数 fact, 计数(…), a quantity with its unit."""
    return isinstance(e, ir.Const) and isinstance(e.type, Number) and not e.text.strip().endswith("倍")


def reads_case(e: ir.Expr) -> bool:
    """Whether an amount comes from the applicant's case (a fact or item field), not from the text itself:
    `2 × 0.8万元` (two standard booths) is the text's own multiple and stays allowed."""
    return any(isinstance(node, (ir.Input, ir.Field, ir.Aggregate)) for node in e.walk())


def _fraction(value: object) -> Fraction:
    """An edge's value: parse_literal gives every number as a Fraction."""
    assert isinstance(value, Fraction)
    return value


def edge_text(edge: ir.Const | None, base: Type | None = None) -> str:
    """An edge as written; the implicit 0 of a 以下 row in the base's unit."""
    if edge is not None:
        return edge.text
    if isinstance(base, Quantity):
        return f"0{base.unit}"
    return f"0{base.currency}" if isinstance(base, Money) else "0"


def bracket_text(b: ast.Bracket, start_mark: str | None, end_mark: str | None) -> str:
    """A row as fmt writes it, with other marks: the suggestion shows the row to write."""
    if b.end is None:
        side = (b.start_mark or "")[-2:]
        mark = (start_mark or "") + (side if start_mark in INCLUSIVE_MARKS and side in ("以上", "以下") else "")
        return f"{b.start.text}{mark}部分 {b.rate.span.text}"
    return f"{b.start.text}{start_mark or ''} {b.dash} {b.end.text}{end_mark or ''}部分 {b.rate.span.text}"


def exchange_hint(a: Money, b: Money) -> Msg:
    """元 ± 美元 keeps its words; any other pair names the foreign currency to convert."""
    foreign = b.currency if a.currency == CNY else a.currency
    if {a.currency, b.currency} == {CNY, USD}:
        return Msg("frontend.hint.exchange_rate")
    return Msg("frontend.hint.exchange_rate.any", currency=foreign)


def same_currency_hint(a: Money, b: Money) -> Msg:
    if {a.currency, b.currency} == {CNY, USD}:
        return Msg("frontend.hint.same_currency")
    return Msg("frontend.hint.same_currency.any", a=a.currency, b=b.currency)


# ---------------------------------------------------------------------------- declared types
def quantity_unit(word: str, span: Span, diag: Collector) -> str | None:
    """A declared unit of quantity: any unit word the drafter writes (标箱, 间夜, 千瓦时), each its own unit;
    an alias is its unit (㎡ is 平方米, 个月 is 月). Not a currency, a scale or a number (T141)."""
    unit = UNIT_ALIASES.get(word, word)
    if unit_word_problem(unit):
        if word in CURRENCIES:
            hint: Prose = Msg("frontend.hint.unit_is_currency", word=word)
        else:
            hint = Msg("frontend.hint.unit_word", example=f"数量({word.lstrip('万亿') or '吨'})")
        diag.add("T141", Msg("frontend.bad_unit", unit=word), span, suggestion=hint)
        return None
    return unit


def declared_units(policy: ast.Policy) -> frozenset[str]:
    """Every quantity unit the policy's facts, fields, parameters and tables declare (aliases resolved)."""
    found: set[str] = set()

    def visit(t: ast.TypeExpr) -> None:
        if isinstance(t, (ast.QuantityType, ast.PerUnitType)):
            word = UNIT_ALIASES.get(t.unit, t.unit)
            if not unit_word_problem(word):
                found.add(word)
        elif isinstance(t, ast.ListType):
            for f in t.fields:
                visit(f.type)

    for d in policy.decls:
        for attr in ("type", "value_type", "term_type"):
            ty = getattr(d, attr, None)
            if isinstance(ty, ast.TypeExpr):
                visit(ty)
    return frozenset(found)


def resolve_type(t: ast.TypeExpr, diag: Collector, currency: str) -> Type | None:
    """The unit-checked type a fact or parameter declares."""
    if isinstance(t, ast.MoneyType):
        if t.currency is None:
            return Money(currency)
        if t.currency not in CURRENCIES:
            near = suggest(t.currency, sorted(CURRENCIES))
            diag.add(
                "T140",
                Msg("frontend.unknown_currency", currency=t.currency),
                t.span,
                suggestion=did_you_mean(near) or Msg("frontend.hint.currencies", currencies=tuple(CURRENCY_TABLE)),
            )
            return None
        return Money(CURRENCIES[t.currency])
    if isinstance(t, ast.QuantityType):
        unit = quantity_unit(t.unit, t.span, diag)
        return None if unit is None else Quantity(unit)
    if isinstance(t, ast.PerUnitType):
        if t.currency not in CURRENCIES:
            diag.add(
                "T145",
                Msg("frontend.price_currency", currency=t.currency),
                t.span,
                suggestion=Msg("frontend.hint.price"),
            )
            return None
        if t.unit in CURRENCIES:  # 单价(元/欧元): an exchange rate
            return PerUnit(CURRENCIES[t.currency], CURRENCIES[t.unit])
        unit = quantity_unit(t.unit, t.span, diag)
        return None if unit is None else PerUnit(CURRENCIES[t.currency], unit)
    if isinstance(t, ast.SimpleType):
        return {"比例": RATIO, "数": NUMBER, "是否": BOOL, "日期": DATE, "文本": TEXT}[t.kind]
    if isinstance(t, ast.EnumType):
        if len(set(t.values)) != len(t.values):
            diag.add("T142", Msg("frontend.repeated_choice"), t.span)
        return Enum(t.values)
    if isinstance(t, ast.ListType):
        fields: list[tuple[str, Type]] = []
        seen: set[str] = set()
        refused = False
        for f in t.fields:
            if f.name in seen:
                diag.add("T143", Msg("frontend.field_twice", name=f.name), f.span)
                continue
            seen.add(f.name)
            ft = resolve_type(f.type, diag, currency)
            refused = refused or ft is None
            if isinstance(ft, ListOf):
                diag.add("T144", Msg("frontend.list_in_list"), f.span)
                continue
            if ft is not None:
                fields.append((f.name, ft))
        # a field refused: the list is refused with it, so its uses do not report the field as unknown
        return None if refused else ListOf(tuple(fields))
    raise AssertionError(t)  # pragma: no cover


__all__ = ["COMPARE_WORDS", "USD", "Fraction", "Scope", "Text", "Typer", "resolve_type"]
