"""The generator stage: a syntax tree → canonical policy text, and the `policylang fmt` command.

Printing is a table from node type to printer (`DECL_PRINTERS`, `STMT_PRINTERS`, `EXPR_PRINTERS`),
as sqlglot's generator does. Each printer returns a `Doc`: output lines, each remembering the
source line it starts at. That anchor is all comments need: an own-line comment goes before the
first output line that starts after it, a trailing comment goes at the end of the last line that
starts at or before it. Blank lines are kept (one at most) where the source had them.

The formatter never changes meaning: `format_text` parses its own output and refuses to return
text whose syntax tree differs from the input's (trees compare without positions).
"""

from __future__ import annotations

import difflib
import errno
import os
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

import click

from policylang.errors import Diagnostic, Msg, PolicyError, Source, Span, display_width
from policylang.frontend import ast
from policylang.report import i18n

INDENT = "  "


# ---------------------------------------------------------------------------- documents
@dataclass(frozen=True)
class Line:
    depth: int
    text: str
    anchor: int  # the source line this output line starts at; 0 when unknown
    opens: bool = False  # ends with "{": no blank line right after it
    closes: bool = False  # a closing "}": no blank line right before it
    blank_before: bool = False  # always a blank line before it (around clauses and tables)


Doc = list[Line]


def line(text: str, node: ast.Node | None = None, **flags: bool) -> Doc:
    return [Line(0, text, _anchor(node), **flags)]


def _anchor(node: ast.Node | None) -> int:
    return node.span.line if node is not None else 0


def _end(node: ast.Node) -> int:
    return node.span.end_line


def cat(*parts: str | Doc) -> Doc:
    """Join parts inline: each part's first line continues the previous part's last line."""
    out: Doc = []
    for part in parts:
        doc = [Line(0, part, 0)] if isinstance(part, str) else part
        if not doc:
            continue
        if not out:
            out = list(doc)
            continue
        last, first = out[-1], doc[0]
        out[-1] = replace(
            last,
            text=last.text + first.text,
            anchor=last.anchor or first.anchor,
            opens=first.opens,
            closes=last.closes or first.closes,
        )
        out.extend(replace(d, depth=d.depth + last.depth) for d in doc[1:])
    return out


def indented(doc: Doc, by: int = 1) -> Doc:
    return [replace(d, depth=d.depth + by) for d in doc]


def block(head: Doc, body: Iterable[Doc], node: ast.Node) -> Doc:
    """`head {`, the body one level in, then `}` (anchored at the node's last line)."""
    out = cat(head, " {")
    out[-1] = replace(out[-1], opens=True)
    for doc in body:
        out.extend(indented(doc))
    out.append(Line(0, "}", _end(node), closes=True))
    return out


def quoted(text: str | None) -> str:
    """A string literal whose text reads back unchanged; backslashes doubled only where needed."""
    assert text is not None
    out = []
    for i, ch in enumerate(text):
        if ch == '"':
            out.append('\\"')
        elif ch == "\\" and (i + 1 == len(text) or text[i + 1] in '\\"'):
            out.append("\\\\")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def opt_string(text: str | None) -> str:
    return "" if text is None else " " + quoted(text)


# ---------------------------------------------------------------------------- expressions
# Binding strength, loosest first, as in the grammar: 如果 < 或 < 且 < 非 < 比较 < + - < × ÷ < atom.
IF, OR, AND, NOT, COMPARE, SUM, TERM, ATOM = range(8)


def level(e: ast.Expr) -> int:
    if isinstance(e, ast.If):
        return IF
    if isinstance(e, ast.Or):
        return OR
    if isinstance(e, ast.And):
        return AND
    if isinstance(e, ast.Not):
        return NOT
    if isinstance(e, (ast.Compare, ast.Between)):
        return COMPARE
    if isinstance(e, ast.BinOp):
        return SUM if e.op in "+-" else TERM
    return ATOM


def expr(e: ast.Expr, at_least: int = IF) -> Doc:
    """The expression, in parentheses when it binds more loosely than its place requires."""
    doc = EXPR_PRINTERS[type(e)](e)
    return cat("(", doc, ")") if level(e) < at_least else doc


def bound(mark: str | None, after: ast.Expr) -> str:
    """A boundary word right after its number, as the texts write it (5000吨(含), 500万元以上);
    after a name 以上/以下 keep a space, or they would read as part of the name."""
    if mark is None:
        return ""
    return mark if mark[0] in "(（" or isinstance(after, ast.NumberLit) else " " + mark


def print_compare(e: ast.Compare) -> Doc:
    reading = f" 读作 {e.reading}" if e.reading is not None else ""  # the stated reading (frontend/bounds.py)
    return cat(expr(e.left, SUM), f" {e.word} ", expr(e.right, SUM), bound(e.bound, e.right), reading)


def print_between(e: ast.Between) -> Doc:
    return cat(
        expr(e.subject, SUM),
        " 在 ",
        expr(e.low, SUM),
        open_end(e, e.low_open) if e.low_open else bound(e.low_bound, e.low),
        f" {e.dash} ",
        expr(e.high, SUM),
        open_end(e, e.high_open) if e.high_open else bound(e.high_bound, e.high),
    )


def open_end(e: ast.Between, name: str) -> str:
    """`(含否 P)`, in the brackets it was written with."""
    return f"（含否 {name}）" if e.open_paren == "（" else f"(含否 {name})"


def print_binop(e: ast.BinOp) -> Doc:
    loose = SUM if e.op in "+-" else TERM
    return cat(expr(e.left, loose), f" {e.op} ", expr(e.right, loose + 1))


def print_call(e: ast.Call) -> Doc:
    parts: list[str | Doc] = [f"{e.function}("]
    for i, a in enumerate(e.args):
        parts += [", "] if i else []
        parts.append(expr(a))
    return cat(*parts, ")")


def print_tiers(e: ast.Tiers) -> Doc:
    rows = []
    for t in e.tiers:
        head = cat(line("档 ", t), expr(t.condition, OR)) if t.condition is not None else line("其他", t)
        row = cat(head, " : ", expr(t.amount))
        if t.cap is not None:
            row = cat(row, f" 上限 {quoted(t.cap_name or '')} ", expr(t.cap))
        rows.append(row)
    return block(line("分档", e), rows, e)


def print_bracket(b: ast.Bracket) -> Doc:
    """`100万元以下部分 5%` or `100万元(不含) 至 500万元(含)部分 3%`: marks right after their number."""
    head = f"{b.start.text}{b.start_mark or ''}"
    if b.end is not None:
        head += f" {b.dash} {b.end.text}{b.end_mark or ''}"
    return cat(line(head + "部分 ", b), expr(b.rate, ATOM))


def print_marginal(e: ast.Marginal) -> Doc:
    return block(cat(line("超额累进 ", e), expr(e.base, ATOM)), [print_bracket(b) for b in e.brackets], e)


def print_rank_award(e: ast.RankAward) -> Doc:
    """按名次 R { 一等奖 1名: 30万元 … } one prize a line, or the 分别 form on one line as the text runs:
    按名次 R { 一等奖 1名、二等奖 2名 分别 30万元、20万元 } (each amount as written: `300 万` keeps its space)."""
    if e.amounts:
        prizes = "、".join(f"{p.name} {p.count}" for p in e.prizes)
        amounts = "、".join(a.number if a.scale is None else f"{a.number} {a.scale}" for a in e.amounts)
        return line(f"按名次 {e.rank} {{ {prizes} 分别 {amounts} }}", e)
    rows = [cat(line(f"{p.name} {p.count}: ", p), expr(p.amount)) for p in e.prizes if p.amount is not None]
    return block(line(f"按名次 {e.rank}", e), rows, e)


def print_rank(d: ast.RankDecl) -> Doc:
    """名次 R = KEY 从高到低 排名 [范围 COND] 并列 同名次 | 并列 按 FIELD 从高到低 | 并列 未规定 "…"."""
    head = line(f"名次 {d.name} = {d.key} {d.order} 排名", d)
    where: Doc | str = "" if d.scope is None else cat(" 范围 ", expr(d.scope, OR))
    if d.tie == "按":
        tie = f" 并列 按 {d.tie_key} {d.tie_order}"
    elif d.tie == "未规定":
        tie = f" 并列 未规定 {quoted(d.note or '')}"
    else:
        tie = " 并列 同名次"
    return cat(head, where, tie)


EXPR_PRINTERS: dict[type, Callable[..., Doc]] = {
    ast.NumberLit: lambda e: line(e.text),
    ast.DateLit: lambda e: line(e.text),
    ast.TextLit: lambda e: line(quoted(e.value)),
    ast.Ref: lambda e: line(e.name),
    ast.FieldRef: lambda e: line(f"{e.owner}.{e.name}"),
    ast.Call: print_call,
    ast.BinOp: print_binop,
    ast.Compare: print_compare,
    ast.Between: print_between,
    ast.And: lambda e: cat(expr(e.left, AND), " 且 ", expr(e.right, NOT)),
    ast.Or: lambda e: cat(expr(e.left, OR), " 或 ", expr(e.right, AND)),
    ast.Not: lambda e: cat("非 ", expr(e.operand, SUM)),  # 非 (a 为 b): the grammar needs no parentheses, readers do
    ast.If: lambda e: cat("如果 ", expr(e.condition, OR), " 则 ", expr(e.then, OR), " 否则 ", expr(e.otherwise)),
    ast.Tiers: print_tiers,
    ast.Marginal: print_marginal,
    ast.Steps: lambda e: cat("按 ", expr(e.base, ATOM), " 每满 ", expr(e.step, ATOM), " 给予 ", expr(e.amount, ATOM)),
    ast.ClauseRef: lambda e: line(print_clause_ref(e)),
    ast.RankAward: print_rank_award,
}


def print_clause_ref(e: ast.ClauseRef) -> str:
    """金额(一2), in the brackets it was written with (金额（一2）)."""
    return f"金额（{e.citation}）" if e.paren == "（" else f"金额({e.citation})"


# ---------------------------------------------------------------------------- types
def type_doc(t: ast.TypeExpr) -> Doc:
    return TYPE_PRINTERS[type(t)](t)


def print_field(f: ast.FieldDecl) -> Doc:
    return cat(line(f"{f.name}: ", f), type_doc(f.type), opt_string(f.description), default_doc(f.default))


def default_doc(e: ast.Expr | None) -> Doc | str:
    return "" if e is None else cat(" 默认 ", expr(e))


TYPE_PRINTERS: dict[type, Callable[..., Doc]] = {
    ast.MoneyType: lambda t: line("金额" if t.currency is None else f"金额({t.currency})"),
    ast.QuantityType: lambda t: line(f"数量({t.unit})"),
    ast.PerUnitType: lambda t: line(f"单价({t.currency}/{t.unit})"),
    ast.SimpleType: lambda t: line(t.kind),
    ast.EnumType: lambda t: line("之一(" + ", ".join(t.values) + ")"),
    ast.ListType: lambda t: block(line("列表", t), [print_field(f) for f in t.fields], t),
}


# ---------------------------------------------------------------------------- clause statements
def stmt(s: ast.Stmt) -> Doc:
    return STMT_PRINTERS[type(s)](s)


STMT_PRINTERS: dict[type, Callable[..., Doc]] = {
    ast.Quote: lambda s: line("原文 " + quoted(s.text), s),
    ast.Reading: lambda s: line("解读 " + quoted(s.text), s),
    ast.Informative: lambda s: line(f"参考 {quoted(s.phrase)} {quoted(s.reason)}", s),
    ast.Condition: lambda s: cat(line("条件 ", s), expr(s.expr)),
    ast.Award: lambda s: cat(line("奖励 ", s), expr(s.expr)),
    ast.Cap: lambda s: cat(line(f"上限 {quoted(s.name)} ", s), expr(s.limit)),
    ast.CumulativeCap: lambda s: cat(
        line(f"累计上限 {quoted(s.name)} ", s), expr(s.limit), " 扣除 ", expr(s.already_paid)
    ),
    ast.Limit: lambda s: line(f"至多 {s.count} 取 {s.order}", s),
    ast.MeasureLimit: lambda s: cat(line("至多 合计 ", s), expr(s.measure, ATOM), f" {s.amount} 取 {s.order}"),
    ast.GroupBy: lambda s: block(line(f"分组 {s.field}", s), [stmt(x) for x in s.body], s),
    ast.PerItem: lambda s: block(line(f"逐项 {s.items}", s), [stmt(x) for x in s.body], s),
    ast.Acknowledged: lambda s: line(f"已知 {s.code}{opt_string(s.reason)}", s),
}


# ---------------------------------------------------------------------------- declarations
def range_doc(r: ast.ValueRange | None) -> str:
    """` 取值 lo 至 hi` after a type, or nothing; the dash is always written 至."""
    if r is None:
        return ""
    ends = ("-" if r.low.negative else "") + r.low.number.text, ("-" if r.high.negative else "") + r.high.number.text
    return f" 取值 {ends[0]} 至 {ends[1]}"


def print_fact(d: ast.FactDecl) -> Doc:
    return cat(
        line(f"事实 {d.name}: ", d),
        type_doc(d.type),
        range_doc(d.range),
        opt_string(d.description),
        default_doc(d.default),
    )


def print_table(d: ast.TableDecl) -> Doc:
    rows = [cat(line(f"{r.date}: ", r), expr(r.value)) for r in d.rows]
    head = cat(line(f"表 {d.name}: 日期 -> ", d), type_doc(d.value_type), opt_string(d.note), until_text(d.until))
    return block(head, rows, d)


def until_text(until: str | None) -> str:
    return "" if until is None else f" 截至 {until}"


def term_band_text(b: ast.TermBand) -> str:
    """`12个月(含)以下` or `12个月(不含) 至 60个月(含)`: the marks as the AST keeps them (canonical)."""
    if b.end is None:
        return f"{b.start.text}{b.start_mark or ''}"
    return f"{b.start.text}{b.start_mark or ''} 至 {b.end.text}{b.end_mark or ''}"


def print_term_table(d: ast.TermTableDecl) -> Doc:
    """One line per date, the bands in columns aligned across rows (the table as the PBoC prints it)."""
    cells = [[f"{term_band_text(c.band)} {c.value.text}" for c in r.cells] for r in d.rows]
    widths: dict[int, int] = {}
    for row in cells:
        for k, text in enumerate(row[:-1]):
            widths[k] = max(widths.get(k, 0), display_width(text))
    rows = []
    for r, row in zip(d.rows, cells, strict=True):
        padded = [text + "," + " " * (widths[k] - display_width(text)) for k, text in enumerate(row[:-1])]
        rows.append(line(f"{r.date}: " + " ".join(padded + row[-1:]), r))
    head = cat(
        line(f"表 {d.name}: 日期, ", d), type_doc(d.term_type), " -> ", type_doc(d.value_type), opt_string(d.note)
    )
    return block(cat(head, until_text(d.until)), rows, d)


DECL_PRINTERS: dict[type, Callable[..., Doc]] = {
    ast.FactDecl: print_fact,
    ast.ParamDecl: lambda d: cat(line(f"参数 {d.name} = ", d), expr(d.value), opt_string(d.note)),
    ast.UnspecifiedDecl: lambda d: cat(
        line(f"参数 {d.name}: ", d), type_doc(d.type), range_doc(d.range), " 未规定 ", quoted(d.note)
    ),
    ast.DefineDecl: lambda d: cat(line(f"定义 {d.name} = ", d), expr(d.value), opt_string(d.note)),
    ast.TableDecl: print_table,
    ast.TermTableDecl: print_term_table,
    ast.Clause: lambda d: block(line(f"条款 {d.citation} {quoted(d.title)}", d), [stmt(s) for s in d.body], d),
    ast.Exclusive: lambda d: line(f"取高不重复 {quoted(d.name)} {{ {', '.join(d.citations)} }}", d),
    ast.NoDouble: lambda d: line(f"不重复享受 {quoted(d.name)} {{ {', '.join(d.citations)} }}", d),
    ast.OtherFunds: lambda d: cat(
        line(f"就高不重复 {quoted(d.name)} {{ {', '.join(d.citations)} }} 对照 ", d),
        expr(d.other),
        f" {d.reading}" if d.reading else "",
    ),
    ast.GroupCap: lambda d: cat(
        line(f"合计上限 {quoted(d.name)} ", d), expr(d.limit), f" {{ {', '.join(d.citations)} }}"
    ),
    ast.NotEncoded: lambda d: line(f"不编码 {quoted(d.phrase)}{opt_string(d.reason)}", d),
    ast.RankDecl: print_rank,
}


def header_doc(h: ast.Header) -> Doc:
    """The header's items in the order written (Header.order), one per line."""
    funds = iter(h.funds)
    spans = list(h.item_spans) + [None] * (len(h.order) - len(h.item_spans))
    items: list[Doc] = []
    for kind, span in zip(h.order, spans, strict=False):
        text = header_item(h, kind, funds)
        items.append([Line(0, text, span.line if span is not None else 0)])
    return block(line(f"政策 {quoted(h.title)}", h), items, h)


def header_item(h: ast.Header, kind: str, funds: Iterator[ast.Fund]) -> str:
    if kind == "doc_number":
        return f"文号 {quoted(h.doc_number)}"
    if kind == "issuer":
        return f"发文机关 {quoted(h.issuer)}"
    if kind == "year":
        return f"年度 {h.year}"
    if kind == "effective":
        assert h.effective is not None
        return f"生效 {h.effective[0]} 至 {h.effective[1]}"
    if kind == "currency":
        return f"币种 {h.currency}"
    if kind == "rounding":
        assert h.rounding is not None
        return f"舍入 {h.rounding[0]} 到 {h.rounding[1]}"
    if kind == "source_file":
        return f"原文件 {quoted(h.source_file)}"
    if kind == "language_version":
        return f"语言版本 {h.language_version}"
    fund = next(funds)
    return f"资金 {quoted(fund.name)} {fund.amount}{opt_string(fund.note)}"


SPACIOUS = (ast.Clause, ast.TableDecl, ast.TermTableDecl)  # declarations that always stand apart, with a blank line


def policy_doc(p: ast.Policy) -> Doc:
    out = header_doc(p.header)
    previous: ast.Decl | None = None
    for d in p.decls:
        doc = DECL_PRINTERS[type(d)](d)
        spaced = previous is None or isinstance(d, SPACIOUS) or isinstance(previous, SPACIOUS)
        doc[0] = replace(doc[0], blank_before=spaced)
        out.extend(doc)
        previous = d
    return out


# ---------------------------------------------------------------------------- layout with comments
def is_own_line(c: ast.Comment, source: Source) -> bool:
    return source.line(c.span.line)[: c.span.column - 1].strip() == ""


def place_comments(
    doc: Doc, comments: Iterable[ast.Comment], source: Source
) -> tuple[dict[int, list[ast.Comment]], dict[int, list[ast.Comment]], list[ast.Comment]]:
    """Which output line each comment goes before (own-line) or after (trailing); the rest go last."""
    before: dict[int, list[ast.Comment]] = {}
    after: dict[int, list[ast.Comment]] = {}
    last: list[ast.Comment] = []
    anchors = [d.anchor for d in doc]
    for c in comments:
        at = c.span.line
        if is_own_line(c, source):
            target = next((i for i, a in enumerate(anchors) if a > at), None)
            (last if target is None else before.setdefault(target, [])).append(c)
        else:
            target = max((i for i, a in enumerate(anchors) if 0 < a <= at), default=0)
            after.setdefault(target, []).append(c)
    for i, trailing in after.items():  # one trailing comment per line; the others go just above it
        before.setdefault(i, []).extend(trailing[:-1])
        after[i] = trailing[-1:]
    return before, after, last


def layout(doc: Doc, comments: Iterable[ast.Comment], source: Source) -> str:
    before, after, last = place_comments(doc, comments, source)
    lines = source.lines

    def blank_in_source(number: int) -> bool:
        return 1 <= number <= len(lines) and lines[number - 1].strip() == ""

    out: list[str] = []
    previous: tuple[int, bool] | None = None  # (source line, opens) of the last element written

    def emit(text: str, depth: int, at: int, closes: bool = False, force_blank: bool = False) -> None:
        nonlocal previous
        if previous is not None and not previous[1] and not closes:
            kept = at > 0 and blank_in_source(at - 1) and previous[0] < at - 1
            if kept or force_blank:
                out.append("")
        out.append(INDENT * depth + text if text else "")
        previous = (max(at, previous[0] if previous else 0), False)

    for i, d in enumerate(doc):
        force = d.blank_before
        for c in before.get(i, []):
            emit(c.text.rstrip(), d.depth + (1 if d.closes else 0), c.span.line, force_blank=force)
            force = False
        text = d.text + "".join("  " + c.text.rstrip() for c in after.get(i, []))
        emit(text, d.depth, d.anchor, closes=d.closes, force_blank=force)
        previous = (previous[0], d.opens) if previous else None
    for c in last:
        emit(c.text.rstrip(), 0, c.span.line)
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------- public API
def format_policy(policy: ast.Policy) -> str:
    """Canonical text of a syntax tree, with the comments it was parsed with."""
    return layout(policy_doc(policy), policy.comments, policy.span.source)


def format_text(text: str, name: str = "<policy>") -> str:
    """Canonical text of a policy; PolicyError if it does not parse (or, defensively, if the
    formatted text would not mean exactly the same)."""
    from policylang.frontend.syntax import parse

    before = parse(text, name)
    out = format_policy(before)
    after = parse(out, name)
    kept = [c.text.rstrip() for c in after.comments] == [c.text.rstrip() for c in before.comments]
    if after != before or not kept:  # pragma: no cover - a formatter bug must never reach a file
        raise PolicyError(
            Diagnostic(
                "F100",
                Msg("fmt.would_change", name=name),
                suggestion=Msg("fmt.hint.report"),
            )
        )
    return out


# ---------------------------------------------------------------------------- the user's files
# fmt rewrites files the user owns, so it keeps everything about them but the layout: their line
# breaks (CRLF stays CRLF) and byte-order mark, their permissions (a read-only file is refused),
# symlinks (written through: the link stays a link) and hard links (the same inode is rewritten).
# A write that fails leaves the original as it was.
BOM = "\ufeff"


@dataclass(frozen=True)
class PolicyFile:
    """A policy file as read: its text (the file's own line breaks, no BOM) and how to write it back."""

    text: str
    newline: str = "\n"  # the file's line break, from its first line: "\n" or "\r\n"
    bom: bool = False

    @classmethod
    def of(cls, text: str) -> PolicyFile:
        bom = text.startswith(BOM)
        text = text[1:] if bom else text
        first = text.find("\n")
        return cls(text, "\r\n" if first > 0 and text[first - 1] == "\r" else "\n", bom)

    def written(self, formatted: str) -> str:
        """`formatted` (which breaks lines with "\n" only) in the file's own conventions, BOM excluded."""
        return formatted.replace("\n", self.newline) if self.newline != "\n" else formatted

    def encoded(self, formatted: str) -> bytes:
        return ((BOM if self.bom else "") + self.written(formatted)).encode("utf-8")


def read_policy_file(name: str) -> PolicyFile:
    """The file as text; a PolicyError (located on its name, in the reader's words) if it cannot be read."""
    from policylang import read_text

    try:
        with open(name, "rb") as f:
            return PolicyFile.of(f.read().decode("utf-8"))
    except (OSError, UnicodeDecodeError):
        return PolicyFile.of(read_text(name, "政策文件"))  # raises the reader's located message


def read_stdin() -> PolicyFile:
    """Standard input as text; not UTF-8 is the same located F002 as for a file (it was a traceback)."""
    from policylang import decode_text

    data = sys.stdin.buffer.read()
    try:
        return PolicyFile(data.decode("utf-8"))
    except UnicodeDecodeError:
        return PolicyFile(decode_text(data, "<stdin>", "政策文件"))  # raises the reader's located message


def _on_command_line(name: str) -> Span:
    return Span(Source("命令行", name), 1, 1, 1, len(name) + 1)


def write_policy_file(name: str, data: bytes) -> None:
    """Replace the content of the user's file `name` with `data`, keeping the file itself.

    A symlink is followed to its target; a file marked read-only is refused (PolicyError), even for
    root; a file with other hard links is rewritten in place (the same inode), anything else is
    replaced atomically by a complete temporary copy. OSError on failure, the file unchanged."""
    from policylang.report.i18n import t

    target = os.path.realpath(name)
    st = os.stat(target)
    if not st.st_mode & 0o222 or not os.access(target, os.W_OK):
        raise PolicyError(
            Diagnostic(
                "F004",
                t("userfile.read_only", name=name),
                _on_command_line(name),
                suggestion=t("userfile.read_only.hint"),
            )
        )
    if st.st_nlink > 1 or not os.access(os.path.dirname(target), os.W_OK | os.X_OK):
        rewrite_in_place(Path(target), data)  # other links to keep, or a folder the user may not add to
    else:
        write_atomically(Path(target), data)


def write_atomically(path: Path, data: str | bytes) -> None:
    """Replace the file in one step: a complete temporary file in the same folder (the original's
    mode and, where allowed, owner), then os.replace. `str` is written as UTF-8, its line breaks as given."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    st = path.stat()
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(raw)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, st.st_mode & 0o7777)
        if hasattr(os, "chown") and (st.st_uid, st.st_gid) != (os.stat(tmp).st_uid, os.stat(tmp).st_gid):
            try:
                os.chown(tmp, st.st_uid, st.st_gid)
            except OSError:  # not allowed (not root): the new file is the user's own, as an editor's save
                pass
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def rewrite_in_place(path: Path, data: bytes) -> None:
    """Overwrite the file's own inode (its hard links see the change). The space is reserved first, so a
    full disk fails before any byte changes; should a write still fail, the original bytes are put back."""
    with open(path, "r+b") as f:
        original = f.read()
        if len(data) > len(original) and hasattr(os, "posix_fallocate"):
            try:
                os.posix_fallocate(f.fileno(), 0, len(data))
            except OSError as err:
                if err.errno not in (errno.EOPNOTSUPP, errno.EINVAL, errno.ENOSYS):  # ENOSPC, EDQUOT, …
                    os.ftruncate(f.fileno(), len(original))
                    raise
        try:
            _overwrite(f, data)
        except BaseException:
            _overwrite(f, original)
            raise


def _overwrite(f: BinaryIO, data: bytes) -> None:
    f.seek(0)
    f.write(data)
    f.truncate(len(data))
    f.flush()
    os.fsync(f.fileno())


def policy_files(paths: Iterable[str]) -> list[str]:
    """The files named, with every .pol under a named folder (sorted)."""
    out: list[str] = []
    for p in paths:
        if p != "-" and Path(p).is_dir():
            out.extend(str(f) for f in sorted(Path(p).rglob("*.pol")))
        else:
            out.append(p)
    return out


def unified_diff(old: str, new: str, name: str) -> str:
    return "".join(
        difflib.unified_diff(
            old.splitlines(True),
            new.splitlines(True),
            i18n.t("fmt.diff.before", name=name),
            i18n.t("fmt.diff.after", name=name),
        )
    )


# ---------------------------------------------------------------------------- command
@click.command("fmt")
@click.argument("paths", nargs=-1, metavar="FILE...")
@click.option("--check", is_flag=True, help="只检查：有文件需要格式化时列出并以 1 退出，不改动文件")
@click.option("--diff", "show_diff", is_flag=True, help="显示格式化前后的差异（unified diff），不改动文件")
def command(paths: tuple[str, ...], check: bool, show_diff: bool) -> None:
    """把 .pol 文件整理为统一格式（保留全部注释与原文，不改变含义）。

    不带选项时就地改写文件（原子替换）；FILE 可为文件夹（其中所有 .pol），省略或为 - 时读标准输入、写标准输出。
    退出码：0 无需改动或已改写；1 （--check）有文件需要格式化；2 有文件无法解析（该文件不改动）。
    """
    changed: list[str] = []
    invalid = False
    for name in policy_files(paths or ("-",)):
        try:
            file = read_stdin() if name == "-" else read_policy_file(name)
            out = format_text(file.text, "<stdin>" if name == "-" else name)
        except PolicyError as err:
            click.echo(err.render(), err=True)
            invalid = True
            continue
        if file.written(out) == file.text:
            if name == "-" and not (check or show_diff):
                click.echo(out, nl=False)
            continue
        changed.append(name)
        if show_diff:
            click.echo(unified_diff(file.text, file.written(out), name), nl=False)
        if check:
            click.echo(i18n.t("fmt.needs_formatting", name=name), err=show_diff)
        elif name == "-":
            if not show_diff:
                click.echo(out, nl=False)
        elif not show_diff:
            try:
                write_policy_file(name, file.encoded(out))
            except PolicyError as err:
                click.echo(err.render(), err=True)
                invalid = True
                continue
            except OSError as err:
                problem = Msg("fmt.cannot_write", name=name, reason=err.strerror or str(err))
                click.echo(Diagnostic("F003", problem).render(), err=True)
                invalid = True
                continue
            click.echo(i18n.t("fmt.formatted", name=name), err=True)
    if invalid:
        sys.exit(2)
    if check and changed:
        sys.exit(1)


__all__ = ["command", "format_policy", "format_text", "read_policy_file", "write_atomically", "write_policy_file"]
