"""What a hover shows, as Markdown text in the language in force (no pygls here):

- a fact: its type, unit, default, allowed values and description;
- a parameter: its value, or 未规定 with its note;
- a definition or a dated table: what it is and its note;
- an amount literal: its normalised value (`0.8万元` = 8,000.00元);
- a citation (in a group, a 合计上限, or the clause's own number): that clause's 原文 and 解读;
- a keyword: the catalogue's one-line explanation (report/catalogue/lsp.py).

The word under the cursor is a token of the parser's lexer (`document.tokens_before`), so a CJK
name, a citation such as 三(一)3 or an amount such as 0.8万元 is one word, whatever its script.
"""

from __future__ import annotations

import functools
from typing import Any

from policylang.frontend import ast
from policylang.frontend.units import citation_key, fraction_text, money_text, parse_literal, type_words, value_prose
from policylang.lsp.document import Analysis, Kind, Occurrence, tokens_before
from policylang.report.i18n import defined, t


@functools.lru_cache(maxsize=4)
def lexed(text: str) -> tuple[Any, ...]:
    """The document's tokens, once per text (hovers come in runs as the mouse moves)."""
    return tuple(tokens_before(text)[0])


def token_at(text: str, line: int, column: int) -> Any:
    """The lexer's token under a 1-based line and code point column (its end included), if any."""
    found = None
    for tok in lexed(text):
        if tok.line == line and tok.column <= column <= tok.end_column:
            found = tok
            if column < tok.end_column:  # inside this one: a token starting at its end is not better
                return tok
        elif tok.line > line:
            break
    return found


def hover_text(doc: Analysis, good: Analysis | None, line: int, column: int) -> str | None:
    """The hover at a 1-based line and code point column; `good` is the last version that parsed
    (navigation on a half-typed document uses it)."""
    tok = token_at(doc.text, line, column)
    if tok is None:
        return None
    source = doc if doc.policy is not None else good
    kind = str(tok.type)
    if kind == "NUMBER":
        return amount_text(str(tok))
    if kind in ("NAME", "CITATION"):
        if source is None or source.index is None or source.policy is None:
            return None
        occ = (source.index.at(line, column) if source is doc else None) or _by_text(source, str(tok), kind)
        return None if occ is None else symbol_text(source, occ)
    return keyword_hover(kind)


def _by_text(source: Analysis, word: str, kind: str) -> Occurrence | None:
    """On a version that no longer parses, the name's declaration in the last one that did."""
    assert source.index is not None
    kinds = (Kind.CLAUSE,) if kind == "CITATION" else (*_NAMED, Kind.FIELD)
    for o in source.index.declarations():
        if o.kind in kinds and (
            o.name == word or (o.kind is Kind.CLAUSE and citation_key(o.name) == citation_key(word))
        ):
            return o
    return None


_NAMED = (Kind.FACT, Kind.PARAM, Kind.DEFINITION, Kind.TABLE)


def keyword_hover(terminal: str) -> str | None:
    from policylang.frontend.syntax import keyword_text

    word = keyword_text(terminal)
    if word is None or not any(ch.isalpha() for ch in word):
        return None  # punctuation: nothing to say
    key = f"lsp.keyword.{word}"
    line = t(key) if defined(key) else t("lsp.keyword.generic", word=word)
    return f"**{word}** — {line}"


def amount_text(written: str) -> str | None:
    """`0.8万元` = 8,000.00元; a quantity, price or percentage in its base unit."""
    from policylang.frontend.units import Money, Number, PerUnit, Quantity, Ratio, UnitError

    try:
        lit = parse_literal(written)
    except UnitError:
        return None
    if isinstance(lit.type, Money):
        value = money_text(lit.value, lit.type.currency)
    elif isinstance(lit.type, Quantity):
        value = f"{fraction_text(lit.value)}{lit.type.unit}"
    elif isinstance(lit.type, PerUnit):
        value = f"{fraction_text(lit.value)}{lit.type.currency}/{lit.type.unit}"
    elif isinstance(lit.type, Ratio):
        value = fraction_text(lit.value)
    elif isinstance(lit.type, Number):
        value = fraction_text(lit.value)
    else:  # pragma: no cover - every literal type is one of the above
        return None
    return t("lsp.hover.amount", written=f"`{written}`", value=f"`{value}`")


def symbol_text(doc: Analysis, occ: Occurrence) -> str | None:
    assert doc.policy is not None
    policy = doc.policy
    if occ.kind is Kind.CLAUSE:
        return clause_text(policy, occ.name)
    if occ.kind is Kind.FIELD:
        return field_text(policy, occ.name)
    decl = _decl(policy, occ.name)
    if isinstance(decl, ast.FactDecl):
        return fact_text(doc, decl)
    if isinstance(decl, (ast.ParamDecl, ast.UnspecifiedDecl)):
        return param_text(doc, decl)
    if isinstance(decl, ast.DefineDecl):
        return _lines(f"**{t('lsp.hover.definition')}** `{decl.name}` = `{decl.value.span.text}`", _note(decl.note))
    if isinstance(decl, ast.TableDecl):
        head = f"**{t('lsp.hover.table')}** `{decl.name}`: {decl.value_type.span.text}"
        return _lines(head, t("lsp.hover.rows", count=len(decl.rows)), _note(decl.note))
    return None


def _decl(policy: ast.Policy, name: str) -> ast.Decl | None:
    for d in policy.decls:
        if getattr(d, "name", None) == name and not isinstance(d, ast.Clause):
            return d
    return None


def _note(note: str | None) -> str | None:
    return None if not note else f"{t('lsp.hover.note')}: {note}"


def _lines(*parts: str | None) -> str:
    return "\n\n".join(p for p in parts if p)


def fact_text(doc: Analysis, decl: ast.FactDecl) -> str:
    info = doc.compiled.facts.get(decl.name) if doc.compiled is not None else None
    kind = type_words(info.type).text() if info is not None else decl.type.span.text
    head = f"**{t('lsp.hover.fact')}** `{decl.name}`: {kind}"
    rows = [f"{t('lsp.hover.type')}: `{decl.type.span.text}`"]
    if decl.range is not None:
        rows.append(f"{t('lsp.hover.range')}: `{decl.range.span.text}`")
    if decl.default is not None:
        rows.append(f"{t('lsp.hover.default')}: `{decl.default.span.text}`")
    return _lines(head, "  \n".join(rows), decl.description)


def field_text(policy: ast.Policy, name: str) -> str | None:
    for fact in policy.of(ast.FactDecl):
        if isinstance(fact.type, ast.ListType):
            for f in fact.type.fields:
                if f.name == name:
                    head = f"**{t('lsp.hover.field')}** `{fact.name}.{f.name}`: `{f.type.span.text}`"
                    default = f"{t('lsp.hover.default')}: `{f.default.span.text}`" if f.default is not None else None
                    return _lines(head, default, f.description)
    return None


def param_text(doc: Analysis, decl: ast.ParamDecl | ast.UnspecifiedDecl) -> str:
    head = f"**{t('lsp.hover.param')}** `{decl.name}`"
    if isinstance(decl, ast.UnspecifiedDecl):
        rows = [t("lsp.hover.unspecified"), f"{t('lsp.hover.type')}: `{decl.type.span.text}`"]
        if decl.range is not None:
            rows.append(f"{t('lsp.hover.range')}: `{decl.range.span.text}`")
        return _lines(head, "  \n".join(rows), _note(decl.note))
    value = f"{t('lsp.hover.value')}: `{decl.value.span.text}`"
    info = doc.compiled.params.get(decl.name) if doc.compiled is not None else None
    if info is not None and info.value is not None:
        shown = value_prose(info.value, info.type)
        if shown != decl.value.span.text:
            value += f" = `{shown}`"
    return _lines(head, value, _note(decl.note))


def clause_text(policy: ast.Policy, citation: str) -> str:
    """The clause's 原文 and 解读; a citation naming sub-clauses (三(二)1 → 三(二)1.零售, 三(二)1.物流)
    shows each, as `--clause` selects them."""
    from policylang.frontend.units import cites_within

    key = citation_key(citation)
    clauses = policy.of(ast.Clause)
    named = [c for c in clauses if citation_key(c.citation) == key] or [
        c for c in clauses if cites_within(citation, c.citation)
    ]
    if not named:
        return t("lsp.hover.no_clause", citation=citation)
    parts: list[str | None] = []
    for clause in named:
        parts.append(f"**{t('lsp.hover.clause')} {clause.citation}** {clause.title}")
        parts += [f"{t('lsp.hover.quote')}: {q.text}" for q in clause.of(ast.Quote)]
        parts += [f"{t('lsp.hover.reading')}: {r.text}" for r in clause.of(ast.Reading)]
    return _lines(*parts)


__all__ = ["amount_text", "hover_text", "keyword_hover", "token_at"]
