"""Text ↔ code: every number of a clause's 原文 against the numbers its code uses (no solver).

    TEXT001  a number in the code the 原文 does not contain, or contains with another unit, currency
             or scale (1亿美元 vs 1亿元, 0.5% vs 50%, 5元/吨 vs 50元/吨, 8万元 vs 0.8万元)
    TEXT002  a number in the 原文 no code of the clause uses, unless a 解读 names it and says it
             is not encoded (不编码, 不计入, 另按 …) or a `参考 "phrase" "reason"` marks it informative only
    TEXT003  a boundary that disagrees: 原文 以上/(含)/达到 vs code 超过, 原文 超过/超 vs code 达到
    TEXT004  a cap whose level disagrees with who the 原文 says it is of (每人/同一展会/单个企业/每年/累计)
    TEXT005  a 参考 whose phrase is not in the 原文, or holds no number

Numbers are compared exactly (Fractions in a canonical unit, `quoted.py`). Zero and a bare 1 in
the code are structure (超过 0元, 其他 : 0元), not numbers a text states. Each finding points at the
phrase inside the 原文 string (its own line and column) and, as a related place, at the code.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction

from policylang.errors import Span
from policylang.frontend import ast
from policylang.frontend.typecheck import COMPARE_WORDS, INCLUSIVE_MARKS
from policylang.frontend.units import Money, Number, PerUnit, Quantity, Ratio, UnitError, parse_literal
from policylang.report.i18n import t
from policylang.tools.check.context import Context, Subject
from policylang.tools.check.findings import Finding, Related
from policylang.tools.check.quoted import Kind, Scope, TextNumber, extract, is_count, kind_text
from policylang.tools.check.ranked import ranked_code

# Where a cap stands in the code (the AST's nesting): the levels a text's scope words may mean.
ITEM, GROUP, CLAUSE, CUMULATIVE = "item", "group", "clause", "cumulative"
COMPATIBLE = {
    Scope.ITEM: {ITEM},
    Scope.GROUP: {GROUP},
    Scope.ENTERPRISE: {CLAUSE, CUMULATIVE},
    Scope.YEAR: {CLAUSE},
    Scope.CUMULATIVE: {CUMULATIVE},
}
# A 解读 says why a number is not encoded when it names the number and one of these words.
NOT_ENCODED_WORDS = ("不编码", "不参与计算", "不计算", "仅作说明", "说明性", "不计入", "另按", "不适用")
SCALE_SLIPS = tuple(Fraction(10) ** k for k in (1, 2, 3, 4)) + tuple(Fraction(1, 10**k) for k in (1, 2, 3, 4))


@dataclass(frozen=True)
class CodeNumber:
    """One number written in a clause's code."""

    text: str
    value: Fraction
    kind: Kind
    span: Span
    limit: bool = False  # 至多 N: counts items, whatever the text calls them
    bound: tuple[str, bool] | None = None  # in a comparison: (direction of the test, counts the number)
    test: Span | None = None  # that comparison
    between: bool = False  # … as an edge of 在 … 至 …
    cap: tuple[str, Span] | None = None  # the whole limit of a cap at this level (its statement's span)
    where: str = ""  # for a cap: the list (逐项) or field (分组) it is per


def kind_of(text: str) -> tuple[Fraction, Kind] | None:
    try:
        lit = parse_literal(text)
    except UnitError:
        return None
    ty = lit.type
    if isinstance(ty, Money):
        return lit.value, ("money", ty.currency)
    if isinstance(ty, Ratio):
        return lit.value, ("ratio",)
    if isinstance(ty, PerUnit):
        return lit.value, ("per", ty.currency, ty.unit)
    if isinstance(ty, Quantity):
        return lit.value, ("qty", ty.unit)
    if isinstance(ty, Number):
        return lit.value, ("bare",)
    return None


# ---------------------------------------------------------------------------- the code's numbers
class Collect:
    """The numbers of one clause's code, each with the comparison or cap it stands in."""

    def __init__(self) -> None:
        self.out: list[CodeNumber] = []
        self.refs: set[str] = set()

    def number(self, lit: ast.NumberLit, **extra: object) -> None:
        got = kind_of(lit.text)
        if got is None:
            return
        value, kind = got
        if value == 0 or (kind == ("bare",) and value == 1):
            return  # structure (超过 0元, 其他 : 0元, 1 - 比例), not a number the text states
        self.out.append(CodeNumber(lit.text, value, kind, lit.span, **extra))  # type: ignore[arg-type]

    def expr(self, e: ast.Expr) -> None:
        tests: dict[int, dict[str, object]] = {}
        for node in e.walk():
            if isinstance(node, ast.Compare):
                for key, bound in compare_bounds(node).items():
                    tests[key] = {"bound": bound, "test": node.span}
            elif isinstance(node, ast.Between):
                for lit, mark, direction in ((node.low, node.low_bound, ">"), (node.high, node.high_bound, "<")):
                    if isinstance(lit, ast.NumberLit) and mark in INCLUSIVE_MARKS:
                        bound = (direction, INCLUSIVE_MARKS[mark])
                        tests[id(lit)] = {"bound": bound, "test": node.span, "between": True}
            elif isinstance(node, ast.Ref):
                self.refs.add(node.name)
        for node in e.walk():
            if isinstance(node, ast.NumberLit):
                self.number(node, **tests.get(id(node), {}))

    def cap(self, limit: ast.Expr, level: str, stmt: ast.Node, where: str) -> None:
        for lit in direct_limits(limit):
            self.number(lit, cap=(level, stmt.span), where=where)

    def body(self, stmts: tuple[ast.Stmt, ...], level: str, where: str = "") -> None:
        for s in stmts:
            if isinstance(s, (ast.Condition, ast.Award)):
                self.expr(s.expr)
            elif isinstance(s, ast.Cap):
                self.expr(s.limit)
                self.cap(s.limit, level, s, where)
            elif isinstance(s, ast.CumulativeCap):
                self.expr(s.limit)
                self.expr(s.already_paid)
                self.cap(s.limit, CUMULATIVE, s, where)
            elif isinstance(s, ast.Limit):
                self.limit(s)
            elif isinstance(s, ast.MeasureLimit):  # 至多 合计 面积 18平方米: the measure, and its limit
                self.expr(s.measure)
                self.limit(s)
            elif isinstance(s, ast.PerItem):
                self.body(s.body, ITEM, s.items)
            elif isinstance(s, ast.GroupBy):
                self.body(s.body, GROUP, s.field)

    def limit(self, s: ast.Limit | ast.MeasureLimit) -> None:
        count = s.count if isinstance(s, ast.Limit) else s.amount
        got = kind_of(count)
        if got is None:
            return
        line = s.span.source.line(s.span.line)
        at = line.rfind(count) if isinstance(s, ast.MeasureLimit) else line.find(count, s.span.column - 1)
        span = Span(s.span.source, s.span.line, at + 1, s.span.line, at + 1 + len(count)) if at >= 0 else s.span
        self.out.append(CodeNumber(count, got[0], got[1], span, limit=True))


def compare_bounds(e: ast.Compare) -> dict[int, tuple[str, bool]]:
    """What a comparison says of its literal side: the direction of the test and whether the number counts
    (the typer's reading: a bracket mark decides inclusion, 以上/以下 count the number)."""
    direction, inclusive = COMPARE_WORDS[e.word]
    bound = e.bound or ""
    if bound[-2:] in ("以上", "以下") and bound[:-2] in INCLUSIVE_MARKS:
        bound = bound[:-2]
    if bound in INCLUSIVE_MARKS:
        inclusive = INCLUSIVE_MARKS[bound]
    elif bound in ("以上", "以下"):
        inclusive = True
    if direction == "==":
        return {}
    if isinstance(e.right, ast.NumberLit):
        return {id(e.right): (direction, inclusive)}
    if isinstance(e.left, ast.NumberLit):
        return {id(e.left): ("<" if direction == ">" else ">", inclusive)}
    return {}


def direct_limits(e: ast.Expr) -> Iterator[ast.NumberLit]:
    """The literals that are a cap's whole limit (one per branch of 如果 / 分档); not 2 × 0.8万元."""
    if isinstance(e, ast.NumberLit):
        yield e
    elif isinstance(e, ast.If):
        yield from direct_limits(e.then)
        yield from direct_limits(e.otherwise)
    elif isinstance(e, ast.Tiers):
        for tier in e.tiers:
            yield from direct_limits(tier.amount)


def reachable_numbers(tree: ast.Policy, refs: set[str]) -> list[tuple[Fraction, Kind]]:
    """Numbers the clause uses through the parameters and definitions it names."""
    decls = {d.name: d for d in tree.decls if isinstance(d, (ast.ParamDecl, ast.DefineDecl))}
    seen: set[str] = set()
    todo = list(refs)
    out: list[tuple[Fraction, Kind]] = []
    while todo:
        name = todo.pop()
        if name in seen or name not in decls:
            continue
        seen.add(name)
        for node in decls[name].value.walk():
            if isinstance(node, ast.NumberLit):
                got = kind_of(node.text)
                if got is not None:
                    out.append(got)
            elif isinstance(node, ast.Ref):
                todo.append(node.name)
    return out


# ---------------------------------------------------------------------------- matching
def same(code: CodeNumber, text: TextNumber) -> bool:
    if code.value != text.value:
        return False
    if code.kind == text.kind:
        return True
    if per_unit_said_before(code, text):
        return True
    return (code.kind == ("bare",) or code.limit) and is_count(text.kind)


def per_unit_said_before(code: CodeNumber, text: TextNumber) -> bool:
    """每人最高1万元 written as 1万元/人: the text's 每人 makes its amount a unit price."""
    kind = code.kind
    return len(kind) == 3 and kind[0] == "per" and text.kind == ("money", kind[1]) and text.scope_word == f"每{kind[2]}"


def near_miss(code: CodeNumber, text: TextNumber) -> str | None:
    """How a code number that is not the text's differs from one that nearly is: 'unit' or 'scale'."""
    if code.value == text.value and code.kind != text.kind:
        return "unit"
    if code.kind == text.kind and text.value != 0 and code.value / text.value in SCALE_SLIPS:
        return "scale"
    return None


def factor_text(code: Fraction, text: Fraction) -> str:
    ratio = code / text
    return str(ratio if ratio > 1 else 1 / ratio)


def number_text(n: TextNumber, quote: str) -> str:
    return quote[n.number_start : n.number_end]


# ---------------------------------------------------------------------------- the 原文's place
class QuotePlace:
    """Offsets inside a 原文 string → spans on its line (escaped characters take two columns)."""

    def __init__(self, quote: ast.Quote):
        self.source = quote.span.source
        self.line = quote.span.end_line  # a string is one line; `原文` may stand on an earlier one
        line = self.source.line(self.line)
        first = line.find('"', quote.span.column - 1 if quote.span.line == self.line else 0)
        self.columns: list[int] = []  # 1-based column of each character of the text
        i = first + 1
        while i < len(line) and line[i] != '"':
            self.columns.append(i + 1)
            i += 2 if line[i] == "\\" and i + 1 < len(line) else 1
        self.columns.append(i + 1)  # one past the end: the closing quote

    def span(self, start: int, end: int) -> Span:
        start = min(start, len(self.columns) - 1)
        end = min(max(end, start + 1), len(self.columns) - 1)
        return Span(self.source, self.line, self.columns[start], self.line, self.columns[end])


# ---------------------------------------------------------------------------- the check
def text_and_code(ctx: Context) -> Iterator[Finding]:
    if ctx.tree is None:
        return
    clauses = ctx.tree.of(ast.Clause)
    for clause in ctx.each(clauses, lambda c: Subject(c.citation, c.citation, c.span)):
        yield from ClauseCheck(ctx.tree, clause).findings()


class ClauseCheck:
    def __init__(self, tree: ast.Policy, clause: ast.Clause):
        self.clause = clause
        self.cite = clause.citation
        quotes = clause.of(ast.Quote)
        self.quote: ast.Quote | None = quotes[0] if quotes else None
        self.text = self.quote.text if self.quote else ""
        self.numbers = extract(self.text)
        self.place = QuotePlace(self.quote) if self.quote else None
        collect = Collect()
        collect.body(clause.body, CLAUSE)
        self.code = ranked_code(tree, clause, collect.out, self.text)  # 名次 and 分别 lists (check/ranked.py)
        self.reachable = reachable_numbers(tree, collect.refs)
        self.has_items = any(isinstance(s, ast.PerItem) for s in clause.body)
        self.explained = [
            (n.value, n.kind)
            for r in clause.of(ast.Reading)
            if any(w in r.text for w in NOT_ENCODED_WORDS)
            for n in extract(r.text)
        ]

    def at(self, n: TextNumber, start: int | None = None) -> Span:
        assert self.place is not None
        return self.place.span(n.start if start is None else start, n.end)

    def code_place(self, span: Span) -> tuple[Related, ...]:
        return (Related(t("check.text.code"), span),)

    def findings(self) -> Iterator[Finding]:
        informative = self.informative()
        yield from informative[1]
        if self.quote is None:
            return
        missed: set[int] = set()
        yield from self.not_in_text(missed)
        yield from self.unused(informative[0], missed)
        yield from self.boundaries()
        yield from self.scopes()

    # -- 参考
    def informative(self) -> tuple[set[int], list[Finding]]:
        """The text numbers the 参考 items mark informative (by index), and the markers that mark nothing."""
        marked: set[int] = set()
        problems: list[Finding] = []
        for s in self.clause.of(ast.Informative):
            hits = set()
            at = self.text.find(s.phrase) if s.phrase else -1
            while at >= 0:
                end = at + len(s.phrase)
                hits |= {i for i, n in enumerate(self.numbers) if at <= n.number_start and n.number_end <= end}
                at = self.text.find(s.phrase, at + 1)
            if hits:
                marked |= hits
                continue
            found = s.phrase in self.text and bool(s.phrase)
            key = "check.TEXT005.no_number" if found else "check.TEXT005.not_found"
            problems.append(
                Finding(
                    "TEXT005",
                    t(key, phrase=s.phrase),
                    s.span,
                    self.cite,
                    suggestion=t("check.TEXT005.suggestion"),
                )
            )
        return marked, problems

    # -- TEXT001
    def not_in_text(self, missed: set[int]) -> Iterator[Finding]:
        used = {i for i, n in enumerate(self.numbers) if any(same(c, n) for c in self.code)}
        for c in self.code:
            if any(same(c, n) for n in self.numbers):
                continue
            slips = [(i, n, how) for i, n in enumerate(self.numbers) if (how := near_miss(c, n)) is not None]
            slips.sort(key=lambda x: (x[0] in used, x[0]))
            if not slips:
                yield Finding(
                    "TEXT001",
                    t("check.TEXT001.missing", code=c.text),
                    c.span,
                    self.cite,
                    suggestion=t("check.TEXT001.missing.suggestion"),
                )
                continue
            i, n, how = slips[0]
            missed.add(i)
            written = number_text(n, self.text)
            if how == "unit":
                message = t(
                    "check.TEXT001.unit",
                    code=c.text,
                    text=written,
                    code_unit=kind_text(c.kind),
                    text_unit=kind_text(n.kind),
                )
            else:
                message = t("check.TEXT001.scale", code=c.text, text=written, factor=factor_text(c.value, n.value))
            yield Finding(
                "TEXT001",
                message,
                self.at(n, n.number_start),
                self.cite,
                suggestion=t("check.TEXT001.suggestion", text=written),
                related=self.code_place(c.span),
            )

    # -- TEXT002
    def unused(self, marked: set[int], missed: set[int]) -> Iterator[Finding]:
        for i, n in enumerate(self.numbers):
            if n.per_one or i in marked or i in missed:
                continue
            if any(same(c, n) for c in self.code) or (n.value, n.kind) in self.reachable:
                continue
            if (n.value, n.kind) in self.explained:
                continue
            written = number_text(n, self.text)
            yield Finding(
                "TEXT002",
                t("check.TEXT002.message", text=written),
                self.at(n, n.number_start),
                self.cite,
                suggestion=t("check.TEXT002.suggestion", text=written),
            )

    # -- TEXT003
    def boundaries(self) -> Iterator[Finding]:
        for c in self.code:
            if c.bound is None:
                continue
            said = [n for n in self.numbers if same(c, n) and n.threshold]
            if not said or any(agrees(n, c.bound) for n in said):
                continue
            n = said[0]
            yield Finding(
                "TEXT003",
                t(
                    "check.TEXT003.message",
                    phrase=self.text[n.start : n.end],
                    text_reading=reading(n.direction, n.inclusive),
                    code=(c.test or c.span).text,
                    code_reading=reading(*c.bound),
                ),
                self.at(n),
                self.cite,
                suggestion=t("check.TEXT003.suggestion", code=suggested(n, c)),
                related=self.code_place(c.test or c.span),
            )

    # -- TEXT004
    def scopes(self) -> Iterator[Finding]:
        for c in self.code:
            if c.cap is None:
                continue
            level, stmt = c.cap
            said = [
                n
                for n in self.numbers
                if same(c, n) and n.scope is not None and (self.has_items or n.scope not in (Scope.ITEM, Scope.GROUP))
            ]
            if not said or any(level in COMPATIBLE[n.scope] for n in said if n.scope is not None):
                continue
            n = said[0]
            assert n.scope is not None and n.scope_word is not None
            yield Finding(
                "TEXT004",
                t(
                    "check.TEXT004.message",
                    word=n.scope_word,
                    text_scope=t(f"check.text.scope.{n.scope}"),
                    code_scope=t(f"check.text.level.{level}", where=c.where),
                ),
                self.at(n, n.scope_start),
                self.cite,
                suggestion=t(f"check.TEXT004.suggestion.{n.scope}"),
                related=self.code_place(stmt),
            )


def agrees(n: TextNumber, bound: tuple[str, bool]) -> bool:
    direction, inclusive = bound
    return (n.direction is None or n.direction == direction) and (n.inclusive is None or n.inclusive == inclusive)


def reading(direction: str | None, inclusive: bool | None) -> str:
    side = "lower" if direction == ">" else "upper"
    how = "said" if inclusive is None else ("incl" if inclusive else "excl")
    return t(f"check.text.bound.{side}.{how}")


def suggested(n: TextNumber, c: CodeNumber) -> str:
    """The comparison (or the edge of 在 … 至 …) the 原文 says, in the language's words."""
    literal = c.text
    if c.between:
        return f"{literal}({'不含' if n.inclusive is False else '含'})"
    if n.direction == "<":
        return f"{'不超过' if n.inclusive is not False else '低于'} {literal}"
    return f"{'超过' if n.inclusive is False else '达到'} {literal}"


__all__ = ["text_and_code"]
