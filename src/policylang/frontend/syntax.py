"""Stage 1: text → syntax tree. The LALR parser is built once (and cached on disk by Lark);
its errors become located messages in a drafter's words."""

from __future__ import annotations

import contextvars
import functools
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from policylang.errors import Diagnostic, Msg, PolicyError, Prose, Source, Span
from policylang.frontend import ast
from policylang.frontend.grammar import grammar_path

GRAMMAR = Path(grammar_path())
# Comments are %ignored by the grammar; the lexer hands each one to this parse's list (for fmt).
_COMMENT_SINK: contextvars.ContextVar[list[Any] | None] = contextvars.ContextVar("comment_sink", default=None)


def _keep_comment(token: Any) -> Any:
    sink = _COMMENT_SINK.get()
    if sink is not None:
        sink.append(token)
    return token


@functools.lru_cache(maxsize=1)
def parser() -> Any:
    from lark import Lark

    return Lark.open(
        str(GRAMMAR),
        parser="lalr",
        propagate_positions=True,
        maybe_placeholders=True,
        cache=True,
        lexer_callbacks={"COMMENT": _keep_comment},
    )


def parse(text: str, name: str = "<policy>") -> ast.Policy:
    """Parse a whole policy file into its syntax tree; raise PolicyError on bad syntax."""
    return parse_tree(text, name)[1]


def parse_tree(text: str, name: str = "<policy>") -> tuple[Any, ast.Policy]:
    """As `parse`, also returning Lark's tree, whose tokens keep every name's and citation's own
    position (the language server's navigation reads them; the AST keeps only whole-node spans)."""
    source = Source(name, text)
    from lark.exceptions import UnexpectedInput

    comments: list[Any] = []
    keeping = _COMMENT_SINK.set(comments)
    try:
        tree = parser().parse(text)
    except UnexpectedInput as err:
        raise PolicyError(syntax_diagnostic(err, source)) from None
    finally:
        _COMMENT_SINK.reset(keeping)
    return tree, Builder(source).build(tree, comments)


# ---------------------------------------------------------------------------- tree → AST
# 一等奖1名: a prize's name and its count of places, run together as the texts write them
PRIZE_COUNT = re.compile(r"(\D+?)(\d+名)")


def word(tree: Any) -> Any:
    """The keyword a kept-token rule matched (比较词, 边界词, …); None for an absent optional."""
    return None if tree is None else str(tree.children[0])


def canonical_mark(mark: str | None, one_sided: bool) -> str | None:
    """A term band's mark as fmt prints it: half-width brackets, and on a one-sided band a bare
    以下/以上 written (含)以下/(含)以上 (a bare one counts the number itself, as in a comparison)."""
    if mark is None:
        return None
    mark = mark.replace("（", "(").replace("）", ")")
    if one_sided and mark in ("以下", "以上"):
        return "(含)" + mark
    return mark


class Builder:
    """Turns Lark's tree into frozen nodes; one method per grammar alternative."""

    def __init__(self, source: Source):
        self.source = source

    def span(self, item: Any) -> Span:
        meta = getattr(item, "meta", item)
        if getattr(meta, "empty", False):
            return Span(self.source, 1, 1, 1, 1)
        return Span(self.source, meta.line, meta.column, meta.end_line, meta.end_column)

    def build(self, tree: Any, comments: list[Any] | tuple[Any, ...] = ()) -> ast.Policy:
        header, *decls = tree.children
        kept = tuple(ast.Comment(str(c), self.span(c)) for c in comments)
        return ast.Policy(self.header(header), tuple(self.node(d) for d in decls), kept, span=self.span(tree))

    def node(self, tree: Any) -> Any:
        from lark import Token

        if isinstance(tree, Token):
            return self.token(tree)
        handler = getattr(self, "on_" + tree.data.rstrip("_"), None)
        if handler is None:  # pragma: no cover - grammar and builder out of step
            raise AssertionError(f"no handler for {tree.data}")
        return handler(tree, self.span(tree), *tree.children)

    def token(self, tok: Any) -> Any:
        span = self.span(tok)
        if tok.type == "NUMBER":
            return ast.NumberLit(str(tok), span=span)
        if tok.type == "DATE":
            return ast.DateLit(str(tok), span=span)
        if tok.type == "NAME":
            return ast.Ref(str(tok), span=span)
        raise AssertionError(tok.type)  # pragma: no cover

    @staticmethod
    def text(tok: Any) -> str | None:
        """A STRING token without its quotes; None for an absent optional."""
        if tok is None:
            return None
        raw = str(tok)[1:-1]
        return raw.replace('\\"', '"').replace("\\\\", "\\")

    def opt(self, tree: Any) -> Any:
        return None if tree is None else self.node(tree)

    def joined(self, first: Any, last: Any) -> Span:
        """The span from the start of `first` to the end of `last` (a term band without its value)."""
        a, b = self.span(first), self.span(last)
        return Span(self.source, a.line, a.column, b.end_line, b.end_column)

    # -- header
    def header(self, tree: Any) -> ast.Header:
        title, *items = tree.children
        values: dict[str, Any] = {}
        funds: list[ast.Fund] = []
        order: list[str] = []
        item_spans: list[Span] = []
        for item in items:
            kind, c = item.data, item.children
            order.append(kind)
            item_spans.append(self.span(item))
            if kind in ("doc_number", "issuer"):
                values[kind] = self.text(c[0])
            elif kind == "year":
                values["year"] = int(str(c[0])) if str(c[0]).isdigit() else str(c[0])
            elif kind == "effective":
                values["effective"] = (str(c[0]), str(c[1]))
            elif kind == "currency":
                values["currency"] = str(c[0])
            elif kind == "rounding":
                values["rounding"] = (word(c[0]), word(c[1]))
            elif kind == "source_file":
                values["source_file"] = self.text(c[0])
            elif kind == "language_version":
                values["language_version"] = str(c[0])
            elif kind == "fund":
                funds.append(ast.Fund(self.text(c[0]) or "", str(c[1]), self.text(c[2]), span=self.span(item)))
        return ast.Header(
            self.text(title) or "",
            funds=tuple(funds),
            order=tuple(order),
            span=self.span(tree),
            item_spans=tuple(item_spans),
            **values,
        )

    # -- declarations
    def on_fact(self, t: Any, span: Span, name: Any, typ: Any, rng: Any, desc: Any, default: Any) -> ast.FactDecl:
        return ast.FactDecl(
            str(name), self.node(typ), self.text(desc), self.opt(default), range=self.opt(rng), span=span
        )

    def on_value_range(self, t: Any, span: Span, low: Any, dash: Any, high: Any) -> ast.ValueRange:
        return ast.ValueRange(self.node(low), self.node(high), span=span)

    def on_range_number(self, t: Any, span: Span, tok: Any) -> ast.RangeEnd:
        return ast.RangeEnd(ast.NumberLit(str(tok), span=self.span(tok)), span=span)

    def on_range_negative(self, t: Any, span: Span, tok: Any) -> ast.RangeEnd:
        return ast.RangeEnd(ast.NumberLit(str(tok), span=self.span(tok)), negative=True, span=span)

    def on_field(self, t: Any, span: Span, name: Any, typ: Any, desc: Any, default: Any) -> ast.FieldDecl:
        return ast.FieldDecl(str(name), self.node(typ), self.text(desc), self.opt(default), span=span)

    def on_default(self, t: Any, span: Span, expr: Any) -> ast.Expr:
        node: ast.Expr = self.node(expr)
        return node

    def on_param(self, t: Any, span: Span, name: Any, expr: Any, note: Any) -> ast.ParamDecl:
        return ast.ParamDecl(str(name), self.node(expr), self.text(note), span=span)

    def on_unspecified(self, t: Any, span: Span, name: Any, typ: Any, rng: Any, note: Any) -> ast.UnspecifiedDecl:
        return ast.UnspecifiedDecl(str(name), self.node(typ), self.text(note) or "", range=self.opt(rng), span=span)

    def on_define(self, t: Any, span: Span, name: Any, expr: Any, note: Any) -> ast.DefineDecl:
        return ast.DefineDecl(str(name), self.node(expr), self.text(note), span=span)

    def on_table(self, t: Any, span: Span, name: Any, typ: Any, note: Any, until: Any, *rows: Any) -> ast.TableDecl:
        rows_ = tuple(self.node(r) for r in rows)
        return ast.TableDecl(str(name), self.node(typ), self.text(note), rows_, self.opt(until), span=span)

    def on_table_until(self, t: Any, span: Span, date: Any) -> str:
        return str(date)

    # -- tables keyed by date and term (compiler/term_tables.py gives them their meaning)
    def on_term_table(
        self, t: Any, span: Span, name: Any, term: Any, typ: Any, note: Any, until: Any, *rows: Any
    ) -> ast.TermTableDecl:
        rows_ = tuple(self.node(r) for r in rows)
        return ast.TermTableDecl(
            str(name), self.node(term), self.node(typ), self.text(note), rows_, self.opt(until), span=span
        )

    def on_term_row(self, t: Any, span: Span, date: Any, *cells: Any) -> ast.TermTableRow:
        return ast.TermTableRow(str(date), tuple(self.node(c) for c in cells), span=span)

    def on_term_cell_one_side(self, t: Any, span: Span, edge: Any, mark: Any, value: Any) -> ast.TermCell:
        band_span = self.joined(edge, mark)
        band = ast.TermBand(self.node(edge), canonical_mark(word(mark), True), None, None, span=band_span)
        return ast.TermCell(band, self.node(value), span=span)

    def on_term_cell_between(
        self, t: Any, span: Span, start: Any, start_mark: Any, dash: Any, end: Any, end_mark: Any, value: Any
    ) -> ast.TermCell:
        band_span = self.joined(start, end_mark if end_mark is not None else end)
        band = ast.TermBand(
            self.node(start),
            canonical_mark(word(start_mark), False),
            self.node(end),
            canonical_mark(word(end_mark), False),
            span=band_span,
        )
        return ast.TermCell(band, self.node(value), span=span)

    def on_table_row(self, t: Any, span: Span, date: Any, expr: Any) -> ast.TableRow:
        return ast.TableRow(str(date), self.node(expr), span=span)

    # -- types
    def on_money_type(self, t: Any, span: Span, currency: Any) -> ast.MoneyType:
        return ast.MoneyType(None if currency is None else str(currency), span=span)

    def on_per_unit_type(self, t: Any, span: Span, currency: Any, slash: Any, unit: Any) -> ast.PerUnitType:
        return ast.PerUnitType(word(currency), str(unit), span=span)

    def on_quantity_type(self, t: Any, span: Span, unit: Any) -> ast.QuantityType:
        return ast.QuantityType(str(unit), span=span)

    def _simple(kind: str) -> Callable[..., ast.SimpleType]:  # type: ignore[misc]  # builds a handler
        def handler(self: Builder, t: Any, span: Span) -> ast.SimpleType:
            return ast.SimpleType(kind, span=span)

        return handler

    on_ratio_type = _simple("比例")
    on_number_type = _simple("数")
    on_bool_type = _simple("是否")
    on_date_type = _simple("日期")
    on_text_type = _simple("文本")

    def on_enum_type(self, t: Any, span: Span, *names: Any) -> ast.EnumType:
        return ast.EnumType(tuple(str(n) for n in names), span=span)

    def on_list_type(self, t: Any, span: Span, *fields: Any) -> ast.ListType:
        return ast.ListType(tuple(self.node(f) for f in fields), span=span)

    # -- clauses
    def on_clause(self, t: Any, span: Span, citation: Any, title: Any, *body: Any) -> ast.Clause:
        return ast.Clause(str(citation), self.text(title) or "", tuple(self.node(s) for s in body), span=span)

    def on_quote(self, t: Any, span: Span, text: Any) -> ast.Quote:
        return ast.Quote(self.text(text) or "", span=span)

    def on_reading(self, t: Any, span: Span, text: Any) -> ast.Reading:
        return ast.Reading(self.text(text) or "", span=span)

    def on_informative(self, t: Any, span: Span, phrase: Any, reason: Any) -> ast.Informative:
        return ast.Informative(self.text(phrase) or "", self.text(reason) or "", span=span)

    def on_condition(self, t: Any, span: Span, expr: Any) -> ast.Condition:
        return ast.Condition(self.node(expr), span=span)

    def on_award(self, t: Any, span: Span, expr: Any) -> ast.Award:
        return ast.Award(self.node(expr), span=span)

    def on_cap(self, t: Any, span: Span, name: Any, expr: Any) -> ast.Cap:
        return ast.Cap(self.text(name) or "", self.node(expr), span=span)

    def on_cumulative_cap(self, t: Any, span: Span, name: Any, limit: Any, paid: Any) -> ast.CumulativeCap:
        return ast.CumulativeCap(self.text(name) or "", self.node(limit), self.node(paid), span=span)

    def on_per_item(self, t: Any, span: Span, items: Any, *body: Any) -> ast.PerItem:
        return ast.PerItem(str(items), tuple(self.node(s) for s in body), span=span)

    def on_group_by(self, t: Any, span: Span, field: Any, *body: Any) -> ast.GroupBy:
        return ast.GroupBy(str(field), tuple(self.node(s) for s in body), span=span)

    def on_limit(self, t: Any, span: Span, count: Any, order: Any) -> ast.Limit:
        return ast.Limit(str(count), word(order), span=span)

    def on_measure_limit(self, t: Any, span: Span, measure: Any, amount: Any, order: Any) -> ast.MeasureLimit:
        return ast.MeasureLimit(self.node(measure), str(amount), word(order), span=span)

    def on_acknowledged(self, t: Any, span: Span, code: Any, reason: Any) -> ast.Acknowledged:
        return ast.Acknowledged(str(code), self.text(reason), span=span)

    def on_not_encoded(self, t: Any, span: Span, phrase: Any, reason: Any) -> ast.NotEncoded:
        return ast.NotEncoded(self.text(phrase) or "", self.text(reason), span=span)

    def on_exclusive(self, t: Any, span: Span, name: Any, cites: Any) -> ast.Exclusive:
        return ast.Exclusive(self.text(name) or "", tuple(str(c) for c in cites.children), span=span)

    def on_no_double(self, t: Any, span: Span, name: Any, cites: Any) -> ast.NoDouble:
        return ast.NoDouble(self.text(name) or "", tuple(str(c) for c in cites.children), span=span)

    def on_other_funds(self, t: Any, span: Span, name: Any, cites: Any, other: Any, reading: Any) -> ast.OtherFunds:
        word = None if reading is None else str(reading.children[0])
        return ast.OtherFunds(
            self.text(name) or "", tuple(str(c) for c in cites.children), self.node(other), word, span=span
        )

    def on_group_cap(self, t: Any, span: Span, name: Any, limit: Any, cites: Any) -> ast.GroupCap:
        return ast.GroupCap(self.text(name) or "", self.node(limit), tuple(str(c) for c in cites.children), span=span)

    # -- places within the population (名次)
    def on_rank(self, t: Any, span: Span, name: Any, key: Any, order: Any, scope: Any, tie: Any) -> ast.RankDecl:
        where = None if scope is None else self.node(scope.children[0])
        if tie.data == "tie_by":
            tie_key, tie_order = tie.children
            return ast.RankDecl(str(name), str(key), word(order), where, "按", str(tie_key), word(tie_order), span=span)
        if tie.data == "tie_open":
            return ast.RankDecl(
                str(name), str(key), word(order), where, "未规定", note=self.text(tie.children[0]), span=span
            )
        return ast.RankDecl(str(name), str(key), word(order), where, "同名次", span=span)

    def on_rank_prizes(self, t: Any, span: Span, rank: Any, *prizes: Any) -> ast.RankAward:
        return ast.RankAward(str(rank), tuple(self.node(p) for p in prizes), span=span)

    def on_rank_respectively(self, t: Any, span: Span, rank: Any, *rest: Any) -> ast.RankAward:
        *heads, amounts = rest
        listed = tuple(self.node(a) for a in amounts.children)
        return ast.RankAward(str(rank), tuple(self.node(h) for h in heads), listed, span=span)

    def on_prize(self, t: Any, span: Span, name: Any, count: Any, amount: Any) -> ast.Prize:
        return ast.Prize(str(name), str(count), self.node(amount), span=span)

    def on_prize_head(self, t: Any, span: Span, name: Any, count: Any) -> ast.Prize:
        if count is not None:
            return ast.Prize(str(name), str(count), span=span)
        # 一等奖1名 as the text runs it together lexes as one name: the count is its tail
        found = PRIZE_COUNT.fullmatch(str(name))
        if found is None:
            return ast.Prize(str(name), "", span=span)  # no count: the typer says so (T291)
        return ast.Prize(found.group(1), found.group(2), span=span)

    def on_list_amount(self, t: Any, span: Span, number: Any, scale: Any) -> ast.ListAmount:
        return ast.ListAmount(str(number), None if scale is None else str(scale), span=span)

    # -- expressions
    def on_if_expr(self, t: Any, span: Span, c: Any, a: Any, b: Any) -> ast.If:
        return ast.If(self.node(c), self.node(a), self.node(b), span=span)

    def on_or(self, t: Any, span: Span, a: Any, b: Any) -> ast.Or:
        return ast.Or(self.node(a), self.node(b), span=span)

    def on_and(self, t: Any, span: Span, a: Any, b: Any) -> ast.And:
        return ast.And(self.node(a), self.node(b), span=span)

    def on_not(self, t: Any, span: Span, a: Any) -> ast.Not:
        return ast.Not(self.node(a), span=span)

    def on_compare(self, t: Any, span: Span, a: Any, op: Any, b: Any, bound: Any) -> ast.Compare:
        return ast.Compare(word(op), self.node(a), self.node(b), word(bound), span=span)

    def on_compare_read(self, t: Any, span: Span, a: Any, op: Any, b: Any, bound: Any, reading: Any) -> ast.Compare:
        """`超过 50家(含) 读作 含`: the typer checks the word after 读作 (含 or 不含) and where it may stand."""
        return ast.Compare(
            word(op), self.node(a), self.node(b), word(bound), str(reading), self.span(reading), span=span
        )

    def on_between(self, t: Any, span: Span, x: Any, lo: Any, lob: Any, dash: Any, hi: Any, hib: Any) -> ast.Between:
        return ast.Between(
            self.node(x), self.node(lo), word(lob), word(dash) or "至", self.node(hi), word(hib), span=span
        )

    def on_between_open_high(
        self, t: Any, span: Span, x: Any, lo: Any, lob: Any, dash: Any, hi: Any, open_end: Any
    ) -> ast.Between:
        name, paren = self.open_end(open_end)
        return ast.Between(
            self.node(x),
            self.node(lo),
            word(lob),
            word(dash) or "至",
            self.node(hi),
            None,
            high_open=name,
            open_paren=paren,
            span=span,
        )

    def on_between_open_low(
        self, t: Any, span: Span, x: Any, lo: Any, open_end: Any, dash: Any, hi: Any, hib: Any
    ) -> ast.Between:
        name, paren = self.open_end(open_end)
        return ast.Between(
            self.node(x),
            self.node(lo),
            None,
            word(dash) or "至",
            self.node(hi),
            word(hib),
            low_open=name,
            open_paren=paren,
            span=span,
        )

    @staticmethod
    def open_end(tree: Any) -> tuple[str, str]:
        """`(含否 P)` → (P, the bracket it was written with)."""
        opening, name = tree.children[0], tree.children[1]
        return str(name), "（" if str(opening).startswith("（") else "("

    def _binop(op: str) -> Callable[..., ast.BinOp]:  # type: ignore[misc]
        def handler(self: Builder, t: Any, span: Span, a: Any, *rest: Any) -> ast.BinOp:
            return ast.BinOp(op, self.node(a), self.node(rest[-1]), span=span)

        return handler

    on_add = _binop("+")
    on_sub = _binop("-")
    on_mul = _binop("×")
    on_div = _binop("÷")

    def on_number(self, t: Any, span: Span, tok: Any) -> ast.NumberLit:
        return ast.NumberLit(str(tok), span=span)

    def on_date(self, t: Any, span: Span, tok: Any) -> ast.DateLit:
        return ast.DateLit(str(tok), span=span)

    def on_text(self, t: Any, span: Span, tok: Any) -> ast.TextLit:
        return ast.TextLit(self.text(tok) or "", span=span)

    def on_ref(self, t: Any, span: Span, tok: Any) -> ast.Ref:
        return ast.Ref(str(tok), span=span)

    def on_field_ref(self, t: Any, span: Span, owner: Any, name: Any) -> ast.FieldRef:
        return ast.FieldRef(str(owner), str(name), span=span)

    def on_call(self, t: Any, span: Span, name: Any, *args: Any) -> ast.Call:
        return ast.Call(str(name), tuple(self.node(a) for a in args if a is not None), span=span)

    def on_clause_amount(
        self, t: Any, span: Span, keyword: Any, opening: Any, citation: Any, closing: Any
    ) -> ast.ClauseRef:
        return ast.ClauseRef(str(citation), word(opening), span=span)

    def on_tiers(self, t: Any, span: Span, *tiers: Any) -> ast.Tiers:
        return ast.Tiers(tuple(self.node(x) for x in tiers), span=span)

    def on_tier(self, t: Any, span: Span, cond: Any, amount: Any) -> ast.Tier:
        return ast.Tier(self.node(cond), self.node(amount), span=span)

    def on_otherwise(self, t: Any, span: Span, amount: Any) -> ast.Tier:
        return ast.Tier(None, self.node(amount), span=span)

    def on_tier_capped(self, t: Any, span: Span, cond: Any, amount: Any, name: Any, cap: Any) -> ast.Tier:
        return ast.Tier(self.node(cond), self.node(amount), self.text(name), self.node(cap), span=span)

    def on_otherwise_capped(self, t: Any, span: Span, amount: Any, name: Any, cap: Any) -> ast.Tier:
        return ast.Tier(None, self.node(amount), self.text(name), self.node(cap), span=span)

    def on_steps(self, t: Any, span: Span, base: Any, step: Any, amount: Any) -> ast.Steps:
        return ast.Steps(self.node(base), self.node(step), self.node(amount), span=span)

    def on_marginal(self, t: Any, span: Span, base: Any, *rows: Any) -> ast.Marginal:
        return ast.Marginal(self.node(base), tuple(self.node(r) for r in rows), span=span)

    def on_bracket_one_side(self, t: Any, span: Span, edge: Any, mark: Any, rate: Any) -> ast.Bracket:
        return ast.Bracket(self.node(edge), word(mark), None, None, None, self.node(rate), span=span)

    def on_bracket_between(
        self, t: Any, span: Span, start: Any, start_mark: Any, dash: Any, end: Any, end_mark: Any, rate: Any
    ) -> ast.Bracket:
        return ast.Bracket(
            self.node(start), word(start_mark), word(dash), self.node(end), word(end_mark), self.node(rate), span=span
        )


# ---------------------------------------------------------------------------- friendly syntax errors
# What each terminal is called in a drafter's words, for "expected …" lists.
TERMINAL_WORDS: dict[str, Prose] = {
    "STRING": Msg("frontend.terminal.STRING"),
    "NAME": Msg("frontend.terminal.NAME"),
    "NUMBER": Msg("frontend.terminal.NUMBER"),
    "DATE": Msg("frontend.terminal.DATE"),
    "CITATION": Msg("frontend.terminal.CITATION"),
    "LBRACE": "“{”",
    "RBRACE": "“}”",
    "LPAR": "“(”",
    "RPAR": "“)”",
    "COLON": "“:”",
    "COMMA": "“,”",
    "EQUAL": "“=”",
    "COMPARE": Msg("frontend.terminal.COMPARE"),
    "BOUND": Msg("frontend.terminal.BOUND"),
    "ROUND_MODE": Msg("frontend.terminal.ROUND_MODE"),
    "ROUND_UNIT": Msg("frontend.terminal.ROUND_UNIT"),
    "ORDER": Msg("frontend.terminal.ORDER"),
    "RANGE_TO": "“至”",
    "TIMES": "“×”",
    "DIVIDE": "“÷”",
    "$END": Msg("frontend.terminal.END"),
}
STATEMENT_WORDS = ("原文", "解读", "条件", "奖励", "上限", "累计上限", "逐项", "已知")
DECLARATION_WORDS = (
    "事实",
    "参数",
    "定义",
    "表",
    "条款",
    "取高不重复",
    "合计上限",
    "不编码",
    "不重复享受",
    "就高不重复",
)
# Named first in "expected …" lists: what a drafter most likely meant to write there.
FIRST_WORDS = ("NUMBER", "NAME", "STRING", "DATE", "CITATION")

# Labelled bad samples (Lark's match_examples): the message (a catalogue key) for a class of mistakes.
SYNTAX_EXAMPLES: dict[str, list[str]] = {
    "frontend.syntax.clause_title": [
        '政策 "t" {}\n条款 一(一) {',
        '政策 "t" {}\n条款 一(一) 境内展会 {',
    ],
    "frontend.syntax.clause_number": [
        '政策 "t" {}\n条款 "标题" {',
        '政策 "t" {}\n条款 {',
    ],
    "frontend.syntax.header_first": [
        "事实 a: 金额",
        '条款 一 "t" {}',
    ],
    "frontend.syntax.money_currency": [
        '政策 "t" {}\n事实 a: 金额 美元',
        '政策 "t" {}\n事实 a: 列表 { b: 金额 美元 }',
        '政策 "t" {}\n参数 a: 金额 美元 未规定 "x"',
    ],
    "frontend.syntax.quantity_unit": [
        '政策 "t" {}\n事实 a: 数量 吨',
        '政策 "t" {}\n事实 a: 列表 { b: 数量 吨 }',
    ],
    "frontend.syntax.cap_name": [
        '政策 "t" {}\n条款 一 "t" { 上限 1万元',
        '政策 "t" {}\n条款 一 "t" { 逐项 a { 上限 1万元',
        '政策 "t" {}\n条款 一 "t" { 逐项 a { 分组 b { 上限 1万元',
    ],
    "frontend.syntax.cumulative_cap_name": [
        '政策 "t" {}\n条款 一 "t" { 累计上限 10万元',
    ],
    "frontend.syntax.group_cap_name": [
        '政策 "t" {}\n合计上限 200万元',
    ],
    "frontend.syntax.rounding": [
        '政策 "t" { 舍入 四舍五入 分',
        '政策 "t" { 舍入 分',
        '政策 "t" { 舍入 四舍五入 到 厘',
    ],
    "frontend.syntax.missing_operator": [
        '政策 "t" {}\n条款 一 "t" { 奖励 展位费 50%',
        '政策 "t" {}\n条款 一 "t" { 奖励 50% 展位费',
    ],
}
# A label that only fits some unexpected tokens (else the generic message is clearer).
LABEL_TOKENS: dict[str, tuple[str, ...]] = {
    "frontend.syntax.missing_operator": ("NUMBER", "NAME", "DATE"),
}


class _AnyDepth:
    """Lark matches a sample by parser state *and* stack depth, so a sample would only fit a file with
    as many declarations (or statements) before the mistake; compare the LALR state alone."""

    __hash__ = None  # type: ignore[assignment]

    def __init__(self, state: Any):
        self.state = state

    def __eq__(self, other: object) -> bool:
        return bool(getattr(other, "position", None) == self.state.position)


def _label_for(err: Any) -> str | None:
    from lark.exceptions import UnexpectedInput

    state = getattr(err, "state", None)
    if state is None:
        return None
    err.state = _AnyDepth(state) if hasattr(state, "position") else state
    try:
        label = err.match_examples(parser().parse, SYNTAX_EXAMPLES, use_accepts=True)
    except (UnexpectedInput, Exception):  # pragma: no cover - matching is best effort
        return None
    finally:
        err.state = state
    token_type = getattr(getattr(err, "token", None), "type", None)
    if label in LABEL_TOKENS and token_type not in LABEL_TOKENS[label]:
        return None
    return label  # type: ignore[no-any-return]


def _expected_words(expected: set[str]) -> tuple[Prose, ...]:
    """The terminals Lark would accept, in a drafter's words: likely ones first, keywords as written."""
    order = {term.name: i for i, term in enumerate(parser().terminals)}

    def rank(name: str) -> tuple[int, int]:
        if name in FIRST_WORDS:
            return 0, FIRST_WORDS.index(name)
        return (2 if name == "$END" else 1), order.get(name, len(order))

    words: list[Prose] = []
    for name in sorted(expected, key=rank):
        if name in TERMINAL_WORDS:
            words.append(TERMINAL_WORDS[name])
        elif (text := _keyword_text(name)) is not None:
            words.append(f"“{text}”")
    unique = list(dict.fromkeys(words))
    if len(unique) > 8:
        unique = [*unique[:8], "…"]
    return tuple(unique)


def _acceptable(err: Any) -> set[str]:
    """Terminals that would let the parse go on here. Lark's own `accepts` keeps only upper-case
    names, which drops every Chinese keyword (到, 扣除, 则 …); test each terminal the state offers."""
    interactive = getattr(err, "interactive_parser", None)
    if interactive is None:
        return set(getattr(err, "expected", ()) or ())
    return acceptable_terminals(interactive) or set(getattr(err, "expected", ()) or ())


def acceptable_terminals(interactive: Any) -> set[str]:
    """The terminals a Lark InteractiveParser would take next, each probed on a copy (its `accepts`
    drops every CJK keyword terminal, and `choices` alone also lists what a default reduction later
    refuses); the language server's completion asks the same question at the cursor."""
    from copy import copy

    from lark.exceptions import UnexpectedInput

    terminals = {term.name for term in parser().terminals} | {"$END"}
    quiet = copy(interactive.parser_state.parse_conf)
    quiet.callbacks = {}  # feeding a probe token must not build tree nodes
    out: set[str] = set()
    for name in interactive.choices():
        if name not in terminals:
            continue
        cursor = interactive.copy(deepcopy_values=False)
        cursor.parser_state.parse_conf = quiet
        try:
            cursor.feed_token(interactive.lexer_thread._Token(name, ""))
        except UnexpectedInput:
            continue
        out.add(name)
    return out


def keyword_text(terminal: str) -> str | None:
    """A literal terminal's text (政策, 到, ->); None for a pattern (NAME, NUMBER …)."""
    return _keyword_text(terminal)


def _keyword_text(terminal: str) -> str | None:
    """A literal terminal's text (政策, 到, ->); None for a pattern a drafter would not recognise."""
    for term in parser().terminals:
        if term.name == terminal:
            return str(term.pattern.value) if term.pattern.type == "str" else None
    return None


def _keyword_prefix(name: str) -> tuple[str, str] | None:
    """达到500万元 lexed as one name: the keyword it starts with and the number run into it."""
    best = None
    for term in parser().terminals:
        word = str(term.pattern.value)
        if (
            term.pattern.type == "str"
            and word.isidentifier()
            and name.startswith(word)
            and name[len(word) :][:1].isdigit()
            and (best is None or len(word) > len(best))
        ):
            best = word
    return None if best is None else (best, name[len(best) :])


def syntax_diagnostic(err: Any, source: Source) -> Diagnostic:
    """One located message for Lark's UnexpectedInput, in words a drafter understands."""
    from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedToken

    line = getattr(err, "line", 1) or 1
    column = getattr(err, "column", 1) or 1
    if isinstance(err, UnexpectedToken) and err.token.type == "$END":
        lines = source.lines or ("",)
        line, column = len(lines), len(lines[-1]) + 1
    width = 1
    if isinstance(err, UnexpectedToken) and err.token.type != "$END":
        width = max(len(str(err.token)), 1)
    span = Span(source, line, column, line, column + width)
    label = _label_for(err)
    suggestion: Prose | None = None
    specific: Prose | None = None
    message: Prose
    if isinstance(err, (UnexpectedEOF,)) or (isinstance(err, UnexpectedToken) and err.token.type == "$END"):
        opened = _unclosed(source.text)
        message = Msg("frontend.syntax.eof")
        if opened:
            line, column, opener = opened
            message = Msg("frontend.syntax.eof_unclosed", line=line, column=column, opener=opener)
            suggestion = Msg("frontend.syntax.close_at_end", closer=_closing(opener))
            span = Span(source, line, column, line, column + 1)
    elif isinstance(err, UnexpectedCharacters):
        at: int = err.pos_in_stream or 0
        char = source.text[at] if at < len(source.text) else "?"
        message = Msg("frontend.syntax.bad_character", char=char)
        allowed = _expected_words(set(err.allowed or ()))
        if allowed:
            suggestion = Msg("frontend.syntax.expected", words=allowed)
        if char in '"“':
            message = specific = Msg("frontend.syntax.unclosed_quote")
            suggestion = Msg("frontend.syntax.close_quote")
    else:
        token = str(err.token)
        message = Msg("frontend.syntax.unexpected", token=token)
        expected = _acceptable(err)
        allowed = _expected_words(expected)
        if allowed:
            suggestion = Msg("frontend.syntax.expected", words=allowed)
        before = source.text[: err.token.start_pos or 0]
        opened = _unclosed(before)
        if token in _PAIRS.values() and opened and _closing(opened[2]) != token:
            message = specific = Msg("frontend.syntax.unclosed", line=opened[0], column=opened[1], opener=opened[2])
            suggestion = Msg("frontend.syntax.close_before", token=token, closer=_closing(opened[2]))
        elif token in DECLARATION_WORDS and opened and opened[2] == "{":
            message = specific = Msg("frontend.syntax.unclosed", line=opened[0], column=opened[1], opener="{")
            suggestion = Msg("frontend.syntax.close_before_new", token=token)
        elif token in STATEMENT_WORDS and ("RBRACE" in expected or opened is None):
            message = specific = Msg("frontend.syntax.statement_outside", token=token)
        elif token in (",", "，") and (found := _separated_number(source.text, err.token.start_pos or 0)):
            # 1,0000元 / 1,00元: a thousands separator not in groups of three
            before_comma, written = found
            message = specific = Msg("frontend.syntax.thousands", text=written)
            suggestion = Msg("frontend.syntax.write_as", text=re.sub("[,，]", "", written))
            span = Span(source, line, column - before_comma, line, column - before_comma + len(written))
        elif err.token.type == "NAME" and re.search(r"\d[ \t]+$", before):
            # 18 平方米: a space stands only before a scale or currency word (50 万元)
            number = re.search(r"[\d,，.]+[ \t]+$", before)
            message = specific = Msg("frontend.syntax.unit_apart", unit=token)
            if number:
                suggestion = Msg("frontend.syntax.write_as", text=number.group(0).strip() + token)
        elif token in ("以上", "以下") and before.rstrip().endswith(("含)", "含）")):
            message = specific = Msg("frontend.syntax.inclusive_apart", token=token)
        elif err.token.type == "NAME" and (split := _keyword_prefix(token)):
            message = specific = Msg("frontend.syntax.keyword_run_together", keyword=split[0], rest=split[1])
            suggestion = Msg("frontend.syntax.write_as", text=f"{split[0]} {split[1]}")
        elif err.token.type == "NAME" and before.rstrip().endswith(("金额", "数量")):
            # 金额 美元 → 金额(美元)
            suggestion = Msg("frontend.syntax.write_as", text=f"{before.rstrip()[-2:]}({token})")
    form = _citation_form(err, source)
    if form is not None:
        message, suggestion, span = form
    elif label and not specific:
        message = Msg(label)
    return Diagnostic("P001", message, span, suggestion=suggestion)


def _citation_regex() -> Any:
    import re

    for term in parser().terminals:
        if term.name == "CITATION":
            return re.compile(term.pattern.to_regexp())
    raise AssertionError("the grammar has no CITATION token")  # pragma: no cover


def is_citation(text: str) -> bool:
    """Whether `text` is a clause number in one of the forms the grammar's CITATION token accepts."""
    return _citation_regex().fullmatch(text.strip()) is not None


def _citation_form(err: Any, source: Source) -> tuple[Prose, Prose, Span] | None:
    """Where a clause number belongs, something that is not one of its forms (条款 A1, 条款 第三条款 "…",
    取高不重复 "…" { 甲 }): say which forms exist, on the whole word as written."""
    from lark.exceptions import UnexpectedCharacters, UnexpectedToken

    if isinstance(err, UnexpectedToken):
        if err.token.type in ("STRING", "LBRACE", "RBRACE", "$END", "COMMA") or err.token.start_pos is None:
            return None
        start, end = err.token.start_pos, err.token.end_pos or err.token.start_pos + len(str(err.token))
        expected = _acceptable(err)
    elif isinstance(err, UnexpectedCharacters):
        start = err.pos_in_stream or 0
        end = start + 1
        expected = set(err.allowed or ())
    else:
        return None
    text = source.text
    run_start = start
    while run_start > 0 and not text[run_start - 1].isspace() and text[run_start - 1] not in '{,"':
        run_start -= 1
    glued = (
        run_start < start
        and is_citation(text[run_start:start])
        and text[:run_start].rstrip().endswith(("条款", "{", ","))
    )
    if "CITATION" not in expected and not glued:
        return None
    while end < len(text) and not text[end].isspace() and text[end] not in '{},"':
        end += 1
    word = text[run_start if glued else start : end]
    before = text[: run_start if glued else start]
    line = before.count("\n") + 1
    column = len(before) - (before.rfind("\n") + 1) + 1
    from policylang.frontend.units import CITATION_FORMS

    forms = tuple(f"“{f}”" for f in CITATION_FORMS)
    if before.endswith(("金额(", "金额（")):  # 金额(租赁公共海外仓): the clause's title where its number goes
        return _clause_ref_form(word, source, Span(source, line, column, line, column + max(len(word), 1)), forms)
    span = Span(source, line, column, line, column + max(len(word), 1))
    return Msg("frontend.syntax.citation_form", token=word), Msg("frontend.syntax.citation_forms", forms=forms), span


def _clause_ref_form(word: str, source: Source, span: Span, forms: tuple[str, ...]) -> tuple[Prose, Prose, Span]:
    """Inside 金额(…), something that is not a clause number: the number of the clause titled so, if
    one is (the likeliest slip), else the forms; the caret on the word without its closing bracket."""
    name = word.rstrip(")）")
    span = Span(source, span.line, span.column, span.line, span.column + max(len(name), 1))
    titled = re.findall(r'条款[ \t]+(\S+)[ \t]+"([^"\n]*)"', source.text)
    number = next((c for c, title in titled if title == name), None)
    message = Msg("clause_ref.syntax.not_citation", token=name) if name else Msg("clause_ref.syntax.empty")
    if number is not None:
        return message, Msg("clause_ref.syntax.title_hint", title=name, citation=number), span
    return message, Msg("frontend.syntax.citation_forms", forms=forms), span


def _separated_number(text: str, at: int) -> tuple[int, str] | None:
    """The number with separators around the comma at `at` (1,0000元), if the comma sits between digits, and
    how many characters of it stand before that comma."""
    m = re.match(r"[0-9]+", text[at + 1 :])
    start = at
    while start > 0 and (text[start - 1].isdigit() or text[start - 1] in ",，"):
        start -= 1
    if m is None or start == at:
        return None
    unit = re.match(r"[^\W\d_]*", text[at + 1 + m.end() :])
    return at - start, text[start : at + 1 + m.end()] + (unit.group(0) if unit else "")


_PAIRS = {"{": "}", "(": ")", "（": "）"}


def _closing(opener: str) -> str:
    return _PAIRS.get(opener, "}")


def _unclosed(text: str) -> tuple[int, int, str] | None:
    """The innermost bracket still open at the end of the text, skipping strings and comments."""
    stack: list[tuple[int, int, str]] = []
    line, col = 1, 0
    in_string = in_comment = False
    prev = ""
    for ch in text:
        col += 1
        if ch == "\n":
            line, col, in_comment = line + 1, 0, False
            in_string = False
            prev = ch
            continue
        if in_comment:
            continue
        if in_string:
            if ch == '"' and prev != "\\":
                in_string = False
        elif ch == "#":
            in_comment = True
        elif ch == '"':
            in_string = True
        elif ch in _PAIRS:
            stack.append((line, col, ch))
        elif ch in _PAIRS.values() and stack and _PAIRS[stack[-1][2]] == ch:
            stack.pop()
        prev = ch
    return stack[-1] if stack else None
