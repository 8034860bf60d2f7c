"""Completion at the cursor, from the grammar itself: the text before the cursor is fed to Lark's
interactive parser, and what it would take next (`syntax.acceptable_terminals`: `choices()` probed
term by term, as Lark's `accepts()` drops every CJK keyword terminal) decides what is offered —

- keywords: the literal terminals acceptable here, with their catalogue explanation;
- names (where NAME is acceptable): the facts, parameters, definitions and tables declared;
- citations (where CITATION is acceptable, e.g. inside 取高不重复 / 合计上限 braces): the clauses;
- units and currencies right after a number (0.8万 → 0.8万元): frontend/units.py's tables and the
  units the policy declares.

The word being typed is the lexer's last token when it ends at the cursor, so 条 (lexed as a name)
is the prefix of 条款 and 条件. Nothing here is a hand-written keyword list.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from policylang.frontend.units import CURRENCIES, QUANTITY_UNITS, SCALES
from policylang.lsp.document import Analysis, Kind
from policylang.report.i18n import defined, t


class Item(str, enum.Enum):
    KEYWORD = "keyword"
    FACT = "fact"
    PARAM = "param"
    DEFINITION = "definition"
    TABLE = "table"
    CLAUSE = "clause"
    UNIT = "unit"


@dataclass(frozen=True)
class Offer:
    label: str
    kind: Item
    detail: str
    replace_from: int  # text offset where the inserted label starts (the prefix typed so far)


_ITEM_OF = {Kind.FACT: Item.FACT, Kind.PARAM: Item.PARAM, Kind.DEFINITION: Item.DEFINITION, Kind.TABLE: Item.TABLE}
_NUMBER_HEAD = re.compile(r"^(\d[\d,，]*(\.\d+)?)")


def complete(doc: Analysis, good: Analysis | None, offset: int) -> list[Offer]:
    """What may be written at text offset `offset` of the document."""
    from lark.exceptions import UnexpectedInput, UnexpectedToken

    from policylang.frontend.syntax import acceptable_terminals, keyword_text, parser

    prefix = doc.text[:offset]
    interactive = parser().parse_interactive(prefix)
    partial, start = "", offset
    number: str | None = None

    def typing(tok: object) -> bool:  # the word being typed: it ends at the cursor
        return getattr(tok, "end_pos", None) == len(prefix) and bool(re.fullmatch(r"[\w.,，%‰/]+", str(tok)))

    try:
        for tok in interactive.iter_parse():
            if typing(tok):
                number = str(tok) if tok.type == "NUMBER" else None
                partial, start = str(tok), tok.start_pos
                break  # not fed, so the parser stands where the word starts
    except UnexpectedToken as err:
        # 条 at the start of a declaration: no terminal of this state lexes it, so the lexer reports
        # it as unexpected before the parser sees it; the parser still stands where it starts.
        if not typing(err.token):
            return _names(doc, good, "", offset)
        partial, start = str(err.token), err.token.start_pos
    except UnexpectedInput:
        return _names(doc, good, "", offset)  # the text before the cursor is already broken
    if number is not None:
        return units(doc, good, number, start)
    acceptable = acceptable_terminals(interactive)
    offers: list[Offer] = []
    for name in sorted(acceptable):
        word = keyword_text(name)
        if word and any(ch.isalpha() for ch in word) and word.startswith(partial):
            key = f"lsp.keyword.{word}"
            offers.append(Offer(word, Item.KEYWORD, t(key) if defined(key) else t("lsp.completion.keyword"), start))
    if "NAME" in acceptable:
        offers.extend(_names(doc, good, partial, start))
    if "CITATION" in acceptable:
        offers.extend(_citations(doc, good, partial, start))
    return _unique(offers)


def _source(doc: Analysis, good: Analysis | None) -> Analysis | None:
    """The current text when it parses; else the last version that did, else what the current
    text's tokens declare (document.token_index)."""
    if doc.policy is not None or good is None:
        return doc
    return good


def _names(doc: Analysis, good: Analysis | None, partial: str, start: int) -> list[Offer]:
    source = _source(doc, good)
    if source is None or source.index is None:
        return []
    return [
        Offer(o.name, _ITEM_OF[o.kind], t(f"lsp.hover.{o.kind.value}"), start)
        for o in source.index.declarations()
        if o.kind in _ITEM_OF and o.name.startswith(partial)
    ]


def _citations(doc: Analysis, good: Analysis | None, partial: str, start: int) -> list[Offer]:
    source = _source(doc, good)
    if source is None or source.index is None:
        return []
    from policylang.frontend import ast

    titles = {c.citation: c.title for c in (source.policy.of(ast.Clause) if source.policy else ())}
    return [
        Offer(o.name, Item.CLAUSE, str(titles.get(o.name, "")), start)
        for o in source.index.declarations(Kind.CLAUSE)
        if o.name.startswith(partial)
    ]


def unit_words(doc: Analysis | None) -> list[tuple[str, Item]]:
    """Every unit word a number may carry: currencies with their scales (万元, 亿美元), the known
    quantity units and those the policy declares."""
    words: list[tuple[str, Item]] = [("%", Item.UNIT), ("‰", Item.UNIT)]
    for currency in CURRENCIES:
        words.extend((scale + currency, Item.UNIT) for scale in SCALES)
    declared: set[str] = set()
    if doc is not None and doc.compiled is not None:
        for info in doc.compiled.facts.values():
            unit = getattr(info.type, "unit", None)
            if isinstance(unit, str):
                declared.add(unit)
    words.extend((u, Item.UNIT) for u in sorted(QUANTITY_UNITS | declared))
    return words


def units(doc: Analysis, good: Analysis | None, number: str, start: int) -> list[Offer]:
    """0.8万 → 0.8万元, 0.8万美元 …: the number as typed, completed with each unit it may take."""
    head = _NUMBER_HEAD.match(number)
    if head is None:
        return []
    digits, typed = head.group(1), number[head.end() :].lstrip()
    source = _source(doc, good)
    out = []
    for word, kind in unit_words(source):
        if word.startswith(typed):
            what = t("lsp.completion.currency") if word.lstrip("万亿") in CURRENCIES else t("lsp.completion.unit")
            out.append(Offer(digits + word, kind, what, start))
    return out


def _unique(offers: list[Offer]) -> list[Offer]:
    seen: set[str] = set()
    out = []
    for o in offers:
        if o.label not in seen:
            seen.add(o.label)
            out.append(o)
    return out


__all__ = ["Item", "Offer", "complete", "unit_words", "units"]
