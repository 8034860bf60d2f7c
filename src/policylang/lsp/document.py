"""One open document as the server knows it: its text parsed and compiled by the same loader eval
uses (frontend/syntax.py `parse_tree`, compiler/lower.py `compile_policy`), the located problems
that produced, and an index of every name and citation with its own position.

The index is read off Lark's tree, not the AST: the AST keeps a span per node (a whole 事实 line),
while a token keeps the span of the name itself, which is what go-to-definition, references and
the word under the cursor need. Which rules declare what is a table keyed by the grammar's rule
names (`DECLARES`), so a rule another form adds is simply not indexed rather than misread.
No pygls here: the server adapts these plain results to LSP types.
"""

from __future__ import annotations

import enum
import itertools
from dataclasses import dataclass, field
from typing import Any

from policylang.compiler import ir
from policylang.errors import Diagnostic, PolicyError, Source, Span
from policylang.frontend import ast
from policylang.frontend.units import citation_key
from policylang.lsp.positions import UTF16, Lines


class Kind(str, enum.Enum):
    """What a name names (LSP symbol kinds and hover texts are chosen by it)."""

    FACT = "fact"
    FIELD = "field"
    PARAM = "param"
    DEFINITION = "definition"
    TABLE = "table"
    CLAUSE = "clause"


# Grammar rule → what its first NAME (CITATION for a clause) declares.
DECLARES: dict[str, Kind] = {
    "fact": Kind.FACT,
    "param": Kind.PARAM,
    "unspecified": Kind.PARAM,
    "define": Kind.DEFINITION,
    "table": Kind.TABLE,
    "field": Kind.FIELD,
    "clause": Kind.CLAUSE,
}
# Grammar rule → the kind its NAME tokens refer to (None: resolved by name, a declared name first).
REFERS: dict[str, Kind | None] = {"ref": None, "per_item": Kind.FACT, "group_by": Kind.FIELD, "open_end": Kind.PARAM}
NAMESPACE = (Kind.FACT, Kind.PARAM, Kind.DEFINITION, Kind.TABLE)  # one namespace: a ref finds any of these


@dataclass(frozen=True)
class Occurrence:
    """A name or citation where it is written: declared there, or referred to."""

    name: str
    kind: Kind
    span: Span
    declaration: bool

    @property
    def key(self) -> tuple[Kind, str]:
        return self.kind, citation_key(self.name) if self.kind is Kind.CLAUSE else self.name


@dataclass
class Index:
    occurrences: list[Occurrence] = field(default_factory=list)

    def declarations(self, kind: Kind | None = None) -> list[Occurrence]:
        return [o for o in self.occurrences if o.declaration and (kind is None or o.kind is kind)]

    def declared(self, name: str, kinds: tuple[Kind, ...]) -> Occurrence | None:
        for o in self.occurrences:
            if o.declaration and o.kind in kinds and o.name == name:
                return o
        return None

    def at(self, line: int, column: int) -> Occurrence | None:
        """The occurrence under a 1-based line and code point column (its end included, so a cursor
        just after a name still finds it)."""
        for o in self.occurrences:
            s = o.span
            if s.line == line == s.end_line and s.column <= column <= s.end_column:
                return o
        return None

    def same(self, target: Occurrence) -> list[Occurrence]:
        return [o for o in self.occurrences if o.key == target.key]


def build_index(tree: Any, source: Source) -> Index:
    from lark import Token, Tree

    index = Index()
    calls: list[Any] = []

    def span(tok: Any) -> Span:
        return Span(source, tok.line, tok.column, tok.end_line, tok.end_column)

    def tokens(node: Any, kind: str) -> list[Any]:
        return [c for c in node.children if isinstance(c, Token) and c.type == kind]

    for node in tree.iter_subtrees_topdown():
        if not isinstance(node, Tree):
            continue
        rule = str(node.data)
        if rule in DECLARES:
            kind = DECLARES[rule]
            found = tokens(node, "CITATION" if kind is Kind.CLAUSE else "NAME")[:1]
            index.occurrences.extend(Occurrence(str(t), kind, span(t), True) for t in found)
        elif rule == "citations":
            index.occurrences.extend(Occurrence(str(t), Kind.CLAUSE, span(t), False) for t in tokens(node, "CITATION"))
        elif rule == "field_ref":
            owner, name = tokens(node, "NAME")[:2]
            index.occurrences.append(Occurrence(str(owner), Kind.FACT, span(owner), False))
            index.occurrences.append(Occurrence(str(name), Kind.FIELD, span(name), False))
        elif rule in REFERS:
            for t in tokens(node, "NAME"):
                index.occurrences.append(Occurrence(str(t), REFERS[rule] or Kind.FACT, span(t), False))
        elif rule == "call":  # 一年期LPR(发放日) reads a table; 最小(…) is a function, declared nowhere
            calls.extend(tokens(node, "NAME")[:1])
    # A bare ref names whatever is declared with that name (a parameter, a definition …), else a field.
    declared = {o.name: o.kind for o in index.occurrences if o.declaration and o.kind in NAMESPACE}
    index.occurrences.extend(Occurrence(str(t), declared[str(t)], span(t), False) for t in calls if str(t) in declared)
    fields = {o.name for o in index.occurrences if o.declaration and o.kind is Kind.FIELD}
    resolved = []
    for o in index.occurrences:
        if not o.declaration and o.kind is Kind.FACT and o.name not in declared and o.name in fields:
            o = Occurrence(o.name, Kind.FIELD, o.span, False)
        elif not o.declaration and o.kind is Kind.FACT and o.name in declared:
            o = Occurrence(o.name, declared[o.name], o.span, False)
        resolved.append(o)
    index.occurrences = sorted(resolved, key=lambda o: (o.span.line, o.span.column))
    return index


@dataclass
class Analysis:
    """A document's text, what loading it found, and (when it parses) its trees and index."""

    text: str
    name: str
    lines: Lines
    diagnostics: list[Diagnostic]
    policy: ast.Policy | None = None
    compiled: ir.CompiledPolicy | None = None
    index: Index | None = None


def analyse(text: str, name: str, encoding: str = UTF16) -> Analysis:
    """Parse and compile as eval does; every problem comes back as a located Diagnostic (errors and
    load warnings alike), never as an exception."""
    from policylang.compiler.lower import compile_policy
    from policylang.frontend.syntax import parse_tree

    out = Analysis(text, name, Lines(text, encoding), [])
    try:
        tree, policy = parse_tree(text, name)
    except PolicyError as err:
        out.diagnostics = list(err.diagnostics)
        out.index = token_index(text, Source(name, text))
        return out
    out.policy = policy
    out.index = build_index(tree, policy.span.source)
    warnings: list[Diagnostic] = []
    try:
        out.compiled = compile_policy(policy, warnings)
    except PolicyError as err:
        out.diagnostics = list(err.diagnostics)
    out.diagnostics.extend(warnings)
    return out


def declaring_terminals() -> dict[str, Kind]:
    """Keyword terminal → what the name after it declares, read off the grammar's rules (事实 NAME,
    条款 CITATION, …): how a document that does not parse still has its declarations found."""
    from policylang.frontend.syntax import parser

    out: dict[str, Kind] = {}
    for rule in parser().rules:
        kind = DECLARES.get(str(rule.alias or rule.origin.name))
        exp = rule.expansion
        if kind is not None and len(exp) >= 2 and exp[0].is_term and exp[1].is_term:
            if exp[1].name == ("CITATION" if kind is Kind.CLAUSE else "NAME"):
                out[exp[0].name] = kind
    return out


def token_index(text: str, source: Source) -> Index:
    """The declarations of a document that does not parse, from its tokens before the error."""
    tokens = tokens_before(text)[0]
    declaring = declaring_terminals()
    index = Index()
    for tok, after in itertools.pairwise(tokens):
        kind = declaring.get(str(tok.type))
        if kind is not None and after.type == ("CITATION" if kind is Kind.CLAUSE else "NAME"):
            span = Span(source, after.line, after.column, after.end_line, after.end_column)
            index.occurrences.append(Occurrence(str(after), kind, span, True))
    return index


def tokens_before(text: str) -> tuple[list[Any], Any]:
    """Every token of `text` as the parser's contextual lexer reads it (keywords included, which the
    tree drops), up to the first error; and the interactive parser fed all of them that it took."""
    from lark.exceptions import UnexpectedInput

    from policylang.frontend.syntax import parser

    interactive = parser().parse_interactive(text)
    seen: list[Any] = []
    try:
        for tok in interactive.iter_parse():
            seen.append(tok)
    except UnexpectedInput:
        pass
    return seen, interactive


__all__ = ["Analysis", "Index", "Kind", "Occurrence", "analyse", "build_index", "tokens_before"]
