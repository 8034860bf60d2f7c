"""The official text of a policy (`原文件`, `check --source`): its sentences, where each stands, and
which article it belongs to.

One reader for the format the texts come in: UTF-8 (a BOM is dropped), LF or CRLF line ends. A
sentence ends after 。；;！!？? or at the end of its line (a sentence a page break cut in two is two
sentences here; a clause's 原文 that joins them still covers both, see `covers`). Each sentence keeps
its line and columns (1-based code points, as policylang counts them everywhere) and the citation of
the article it stands in, from the headings the texts use: 一、 （一） 1., 第N条 and decimal numbering (3.2).

"Carries a money amount or a rate" is deliberately simple: a number written with 元, 万元, 亿元, 美元
(万美元, 亿美元 …), %, ‰, or a price such as 1元/个 — what a subsidy clause pays or caps. Dates,
counts (20家, 5000吨) and document numbers are not amounts.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass

from policylang.errors import Source, Span, split_lines

# 0.8万元, 100 亿美元, 50%, ５０％, 0.25元/个, 87%: a number, an optional magnitude, a currency or a percent sign.
AMOUNT = re.compile(r"[0-9０-９]+(?:[.．][0-9０-９]+)?\s*[万亿千]?\s*(?:美元|元|[%％‰])")
_END = "。；;！!？?"
_SENTENCE = re.compile(rf"[^{_END}]*[{_END}]+|[^{_END}]+$")
_NUMERAL = "一二三四五六七八九十"
_PART = re.compile(rf"^([{_NUMERAL}]+)、")  # 一、
_SECTION = re.compile(rf"^[（(]([{_NUMERAL}]+)[）)]")  # （一） or (一)
_ITEM = re.compile(r"^([0-9０-９]+)[.．、](?![0-9０-９])")  # 1. or 1、
_ARTICLE = re.compile(rf"^(第[{_NUMERAL}百零〇0-9]+条)")  # 第三条
# 3.2 or 3.2.1 (decimal numbering), not an amount that starts a line (3.2万元, 1.5%)
_DECIMAL = re.compile(r"^([0-9０-９]+(?:[.．][0-9０-９]+)+)(?![.．]?[0-9０-９])(?!\s*[万亿千百元%％‰])")
# Trimmed from both ends before texts are compared: a quote may or may not keep the final 。
_EDGE = "。；;！!？?，,、：:"
MIN_PIECE = 6


@dataclass(frozen=True)
class Sentence:
    text: str  # as written, without the spaces around it
    line: int
    column: int  # of its first character
    citation: str  # the article it stands in (三(一)1), "" before the first heading

    @property
    def end_column(self) -> int:
        return self.column + len(self.text)

    def amounts(self) -> list[tuple[int, int]]:
        """The columns (start, end) of each amount or rate in the sentence, in order."""
        return [(self.column + m.start(), self.column + m.end()) for m in AMOUNT.finditer(self.text)]

    @property
    def normalized(self) -> str:
        return normalize(self.text)


@dataclass(frozen=True)
class OfficialText:
    source: Source
    sentences: tuple[Sentence, ...]

    def span(self, line: int, column: int, end_column: int) -> Span:
        return Span(self.source, line, column, line, end_column)


def normalize(text: str) -> str:
    """What two quotations of one sentence share: full-width forms folded to half-width (NFKC: （ → (,
    ， → ,, ０ → 0), every white space removed, and the sentence punctuation at either end trimmed."""
    folded = "".join(unicodedata.normalize("NFKC", text).split())
    return folded.strip(unicodedata.normalize("NFKC", _EDGE))


def covers(quote: str, sentence: Sentence) -> bool:
    """A clause's 原文 covers a sentence when, normalized, the 原文 contains the sentence (a 原文 may
    quote several sentences, or one a page break cut in two), or one of the 原文's own sentences and
    the official sentence contain one another (a 原文 may quote part of a sentence, leaving out its
    lead-in such as 即：). A piece shorter than MIN_PIECE characters covers nothing by itself."""
    s = sentence.normalized
    if not s:
        return False
    if s in normalize(quote):
        return True
    pieces = (normalize(m.group(0)) for m in _SENTENCE.finditer(quote))
    return any(len(p) >= MIN_PIECE and (p in s or s in p) for p in pieces)


def parse_official(text: str, name: str) -> OfficialText:
    """The sentences of an official text (already decoded; a BOM left at its start is dropped)."""
    text = text.removeprefix("\ufeff")
    source = Source(name, text)
    part = section = item = ""
    out: list[Sentence] = []
    for number, raw in enumerate(split_lines(text), start=1):
        head = raw.strip()
        if m := _PART.match(head):
            part, section, item = m.group(1), "", ""
        elif m := _ARTICLE.match(head):
            part, section, item = m.group(1), "", ""
        elif m := _DECIMAL.match(head):
            part, section, item = unicodedata.normalize("NFKC", m.group(1)), "", ""
        elif m := _SECTION.match(head):
            section, item = m.group(1), ""
        elif m := _ITEM.match(head):
            item = unicodedata.normalize("NFKC", m.group(1))
        citation = part + (f"({section})" if section else "") + item
        for m in _SENTENCE.finditer(raw):
            piece = m.group(0)
            stripped = piece.lstrip()
            lead = len(piece) - len(stripped)
            stripped = stripped.rstrip()
            if stripped:
                out.append(Sentence(stripped, number, m.start() + lead + 1, citation))
    return OfficialText(source, tuple(out))


def read_official(path: str, shown: str | None = None) -> OfficialText:
    """Read and split an official text file; PolicyError F001/F002 (located) when it cannot be read."""
    from policylang import read_text
    from policylang.errors import Msg

    text = read_text(path, Msg("source.what"))
    return parse_official(text, shown or os.path.normpath(path))


__all__ = ["AMOUNT", "OfficialText", "Sentence", "covers", "normalize", "parse_official", "read_official"]
