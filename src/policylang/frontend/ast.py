"""The syntax tree: immutable nodes, each carrying the span it was written at.

Positions never take part in equality (`compare=False`), so two trees that say the same thing
compare equal wherever they were written: that is what `parse(format(x)) == x` checks.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from typing import Any

from policylang.errors import Span


@dataclass(frozen=True)
class Node:
    span: Span = field(compare=False, repr=False, kw_only=True)

    def children(self) -> Iterator[Node]:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, Node):
                yield value
            elif isinstance(value, tuple):
                yield from (v for v in value if isinstance(v, Node))

    def walk(self) -> Iterator[Node]:
        """This node and every node below it, depth first."""
        yield self
        for child in self.children():
            yield from child.walk()


# ---------------------------------------------------------------------------- expressions
class Expr(Node):
    pass


@dataclass(frozen=True)
class NumberLit(Expr):
    text: str  # as written: 0.8万元, 50%, 50元/吨


@dataclass(frozen=True)
class DateLit(Expr):
    text: str


@dataclass(frozen=True)
class TextLit(Expr):
    value: str  # the quoted text, without its quotes: 展会 为 "广交会"


@dataclass(frozen=True)
class Ref(Expr):
    name: str


@dataclass(frozen=True)
class FieldRef(Expr):
    owner: str
    name: str


@dataclass(frozen=True)
class Call(Expr):
    function: str
    args: tuple[Expr, ...]


@dataclass(frozen=True)
class BinOp(Expr):
    op: str  # + - × ÷
    left: Expr
    right: Expr


@dataclass(frozen=True)
class Compare(Expr):
    word: str  # as written: 超过, 达到, >=
    left: Expr
    right: Expr
    bound: str | None  # (含) / (不含) / 以上 / 以下, as written
    # 读作 含 / 读作 不含: the reading the policy states where the verb and the mark contradict
    reading: str | None = None
    reading_span: Span | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Between(Expr):
    subject: Expr
    low: Expr
    low_bound: str | None
    dash: str
    high: Expr
    high_bound: str | None
    low_open: str | None = None  # (含否 P): whether this end counts is the 之一(含, 不含) parameter P
    high_open: str | None = None
    open_paren: str = "("  # how the (含否 …) mark was bracketed: ( or （


@dataclass(frozen=True)
class And(Expr):
    left: Expr
    right: Expr


@dataclass(frozen=True)
class Or(Expr):
    left: Expr
    right: Expr


@dataclass(frozen=True)
class Not(Expr):
    operand: Expr


@dataclass(frozen=True)
class If(Expr):
    condition: Expr
    then: Expr
    otherwise: Expr


@dataclass(frozen=True)
class Tier(Node):
    condition: Expr | None  # None: 其他 (every case no other tier takes)
    amount: Expr
    cap_name: str | None = None  # this row's own cap (上限 "最高30万元" 30万元), as named in the text
    cap: Expr | None = None


@dataclass(frozen=True)
class Tiers(Expr):
    tiers: tuple[Tier, ...]


@dataclass(frozen=True)
class Steps(Expr):
    """按 base 每满 step 给予 amount: amount per *full* step of base."""

    base: Expr
    step: Expr
    amount: Expr


@dataclass(frozen=True)
class Bracket(Node):
    """One row of 超额累进, as written: `100万元以下部分 5%` (one-sided: `end` is None, the mark says
    以下 or 以上) or `100万元(不含) 至 500万元(含)部分 3%` (two-sided: `dash` and `end` set)."""

    start: NumberLit
    start_mark: str | None  # 以下 / (含)以上 / (不含) …, as written; the typer reads it
    dash: str | None  # 至 — ～ ~ for a two-sided row
    end: NumberLit | None
    end_mark: str | None
    rate: Expr


@dataclass(frozen=True)
class Marginal(Expr):
    """超额累进 base { rows }: each row's rate applies only to the part of the base inside it."""

    base: Expr
    brackets: tuple[Bracket, ...]


@dataclass(frozen=True)
class ClauseRef(Expr):
    """金额(一2): what another clause pays, by its citation as written (full-width brackets kept as
    written, `paren`, so fmt prints it back)."""

    citation: str
    paren: str = "("  # "(" or "（"


# ---------------------------------------------------------------------------- types
class TypeExpr(Node):
    pass


@dataclass(frozen=True)
class MoneyType(TypeExpr):
    currency: str | None


@dataclass(frozen=True)
class QuantityType(TypeExpr):
    unit: str


@dataclass(frozen=True)
class PerUnitType(TypeExpr):
    """单价(元/吨), or an exchange rate 单价(元/美元)."""

    currency: str
    unit: str


@dataclass(frozen=True)
class SimpleType(TypeExpr):
    kind: str  # 比例 数 是否 日期 文本


@dataclass(frozen=True)
class EnumType(TypeExpr):
    values: tuple[str, ...]


@dataclass(frozen=True)
class FieldDecl(Node):
    name: str
    type: TypeExpr
    description: str | None
    default: Expr | None


@dataclass(frozen=True)
class ListType(TypeExpr):
    fields: tuple[FieldDecl, ...]


# ---------------------------------------------------------------------------- header
@dataclass(frozen=True)
class Fund(Node):
    name: str
    amount: str
    note: str | None


@dataclass(frozen=True)
class Header(Node):
    title: str
    doc_number: str | None = None
    issuer: str | None = None
    year: int | None = None
    effective: tuple[str, str] | None = None
    currency: str | None = None
    rounding: tuple[str, str] | None = None  # (mode, unit): (四舍五入, 分)
    funds: tuple[Fund, ...] = ()
    source_file: str | None = None  # 原文件: the official text, relative to the policy file
    language_version: str | None = None  # 语言版本 N as written; absent = version 1
    order: tuple[str, ...] = ()  # header keys in the order written, for the formatter
    item_spans: tuple[Span, ...] = field(default=(), compare=False, repr=False)  # one per `order` entry


# ---------------------------------------------------------------------------- declarations
class Decl(Node):
    pass


@dataclass(frozen=True)
class RangeEnd(Node):
    """One end of a declared range, as written: the number and whether a minus sign precedes it."""

    number: NumberLit
    negative: bool = False


@dataclass(frozen=True)
class ValueRange(Node):
    """`取值 lo 至 hi`: the values a fact or an unspecified number may take, both ends included."""

    low: RangeEnd
    high: RangeEnd


@dataclass(frozen=True)
class FactDecl(Decl):
    name: str
    type: TypeExpr
    description: str | None
    default: Expr | None
    range: ValueRange | None = None


@dataclass(frozen=True)
class ParamDecl(Decl):
    name: str
    value: Expr
    note: str | None


@dataclass(frozen=True)
class UnspecifiedDecl(Decl):
    """A number the text does not give: evaluating what needs it yields 'not determinable'."""

    name: str
    type: TypeExpr
    note: str
    range: ValueRange | None = None


@dataclass(frozen=True)
class DefineDecl(Decl):
    name: str
    value: Expr
    note: str | None


@dataclass(frozen=True)
class TableRow(Node):
    date: str
    value: Expr


@dataclass(frozen=True)
class TableDecl(Decl):
    """A dated reference table (the 1-year LPR): lookup takes the last row on or before a date."""

    name: str
    value_type: TypeExpr
    note: str | None
    rows: tuple[TableRow, ...]
    until: str | None = None  # 截至 DATE: the data runs to that date (a later lookup is not determinable)


@dataclass(frozen=True)
class TermBand(Node):
    """One term band of a dated row, marks in canonical form (half-width, a bare 以下/以上 written
    (含)以下/(含)以上): `12个月(含)以下` (one-sided: `end` is None) or `12个月(不含) 至 60个月(含)`."""

    start: NumberLit
    start_mark: str | None
    end: NumberLit | None
    end_mark: str | None


@dataclass(frozen=True)
class TermCell(Node):
    """A band and its value in one dated row: `12个月(不含) 至 60个月(含) 4.75%`."""

    band: TermBand
    value: NumberLit


@dataclass(frozen=True)
class TermTableRow(Node):
    date: str
    cells: tuple[TermCell, ...]


@dataclass(frozen=True)
class TermTableDecl(Decl):
    """A table keyed by date and term (同期贷款基准利率): the latest row on or before the date, then the
    band of that row holding the term."""

    name: str
    term_type: TypeExpr
    value_type: TypeExpr
    note: str | None
    rows: tuple[TermTableRow, ...]
    until: str | None = None


# ---------------------------------------------------------------------------- clause bodies
class Stmt(Node):
    pass


@dataclass(frozen=True)
class Quote(Stmt):
    text: str


@dataclass(frozen=True)
class Reading(Stmt):
    text: str


@dataclass(frozen=True)
class Informative(Stmt):
    """参考 "phrase" "reason": the numbers in this phrase of the 原文 are informative only, not encoded
    (check's text family reads it; evaluation ignores it)."""

    phrase: str
    reason: str


@dataclass(frozen=True)
class Condition(Stmt):
    expr: Expr


@dataclass(frozen=True)
class Award(Stmt):
    expr: Expr


@dataclass(frozen=True)
class Cap(Stmt):
    name: str
    limit: Expr


@dataclass(frozen=True)
class CumulativeCap(Stmt):
    """累计上限: the cap across years, minus what the history fact says was already paid."""

    name: str
    limit: Expr
    already_paid: Expr


@dataclass(frozen=True)
class Limit(Stmt):
    """至多 N 取 rule: how many items count, and which."""

    count: str
    order: str  # 最有利 | 申报顺序


@dataclass(frozen=True)
class MeasureLimit(Stmt):
    """至多 合计 measure amount 取 rule: how much of a measure (an item's area) is paid for in all."""

    measure: Expr
    amount: str  # as written: 18平方米
    order: str  # 最有利 | 申报顺序


@dataclass(frozen=True)
class GroupBy(Stmt):
    field: str
    body: tuple[Stmt, ...]


@dataclass(frozen=True)
class PerItem(Stmt):
    items: str
    body: tuple[Stmt, ...]


@dataclass(frozen=True)
class Acknowledged(Stmt):
    """已知 CODE "reason": a check finding on this clause that the reviewer has acknowledged."""

    code: str
    reason: str | None  # None: not written (C050)


@dataclass(frozen=True)
class Clause(Decl):
    citation: str
    title: str
    body: tuple[Stmt, ...]

    def of(self, kind: type) -> list[Any]:  # statements of one kind, in order
        return [s for s in self.body if isinstance(s, kind)]


@dataclass(frozen=True)
class Exclusive(Decl):
    """取高不重复: of these clauses only the highest award is paid."""

    name: str
    citations: tuple[str, ...]


@dataclass(frozen=True)
class NoDouble(Decl):
    """不重复享受: of these clauses only one is paid, and the text does not say which (an unspecified
    choice named by the declaration, which --set can give)."""

    name: str
    citations: tuple[str, ...]


@dataclass(frozen=True)
class OtherFunds(Decl):
    """就高不重复 against other funds: these clauses are paid at most the higher of their award and
    `other` (what the project already received elsewhere). `reading`: 补差额 (the difference is paid),
    高于才给 (paid only if higher), or None (the text does not say: an unspecified choice)."""

    name: str
    citations: tuple[str, ...]
    other: Expr
    reading: str | None


@dataclass(frozen=True)
class GroupCap(Decl):
    """合计上限: one ceiling over several clauses (an article, an enterprise)."""

    name: str
    limit: Expr
    citations: tuple[str, ...]


@dataclass(frozen=True)
class NotEncoded(Decl):
    """不编码 "phrase" "reason": the official sentence(s) holding the phrase are deliberately not a clause."""

    phrase: str
    reason: str | None  # None: not written (C051)


@dataclass(frozen=True)
class Comment:
    """A `#` comment as written, for the formatter; not a Node, so it never takes part in meaning."""

    text: str
    span: Span = field(compare=False, repr=False)


@dataclass(frozen=True)
class Policy(Node):
    header: Header
    decls: tuple[Decl, ...]
    comments: tuple[Comment, ...] = field(default=(), compare=False, repr=False)  # in source order

    def of(self, kind: type) -> list[Any]:
        return [d for d in self.decls if isinstance(d, kind)]


# ---------------------------------------------------------------------------- places within the population (名次)
@dataclass(frozen=True)
class RankDecl(Decl):
    """名次 NAME = KEY 从高到低 排名 范围 COND 并列 RULE: an enterprise's place among the enterprises in
    范围, by KEY. `tie` is how equal keys are placed, as the text says it: 同名次 (they share the better
    place), 按 (a second key, `tie_key` in `tie_order`) or 未规定 (the text does not say; `note`)."""

    name: str
    key: str
    order: str  # 从高到低 | 从低到高
    scope: Expr | None
    tie: str  # 同名次 | 按 | 未规定
    tie_key: str | None = None
    tie_order: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Prize(Node):
    """One prize of 按名次: `一等奖 1名: 30万元`; in the 分别 form `amount` is None (the list gives it)."""

    name: str
    count: str  # as written: 1名
    amount: Expr | None = None


@dataclass(frozen=True)
class ListAmount(Node):
    """One amount of a list as officials write it: `30万元`, or `300 万` (a scale word apart: `scale`)."""

    number: str  # the NUMBER token as written
    scale: str | None = None


@dataclass(frozen=True)
class RankAward(Expr):
    """按名次 RANK { prizes }: the first `count` places get the first prize, the next the second, …;
    `amounts` holds the 分别 list (one amount per prize, in order), else each prize has its own."""

    rank: str
    prizes: tuple[Prize, ...]
    amounts: tuple[ListAmount, ...] = ()
