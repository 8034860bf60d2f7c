"""Boundary words: does the number itself count? The verb says (超过 no, 达到 yes), and so may a mark
after the number ((含), (不含), 以上 and 以下, which by 民法典 第1259条 include the number). Where the
two disagree (超过 50家(含), 超过 5000万元以上, 不超过 10万元(不含)) the meaning depends on the file's
language version (语言版本, in the 政策 header):

- version 1 (a file that writes no 语言版本): the mark wins, with warning W201;
- version 2: the text does not decide, so a value exactly at the edge is 不可确定 — an implicit
  之一(含, 不含) choice, lowered exactly as an open range end `(含否 P)` is — unless the comparison
  states its reading: `超过 50家(含) 读作 含`.

EDGES is the one table of verb inclusivity × mark inclusivity × version; the typer reads nothing else.
"""

from __future__ import annotations

import enum

from policylang.record import Record, record


class LanguageVersion(enum.IntEnum):
    """The meanings a file can be written in (语言版本 N). A new number is a change of meaning."""

    V1 = 1  # a contradictory boundary: the mark wins (W201)
    V2 = 2  # a contradictory boundary: the value at the edge is open unless 读作 states a reading


DEFAULT_VERSION = LanguageVersion.V1


class Edge(enum.Enum):
    """Whether the value exactly at the boundary is on the comparison's side."""

    INCLUSIVE = "含"
    EXCLUSIVE = "不含"
    OPEN = "含否"  # the text does not say: an unspecified 之一(含, 不含)


# The marks written after the number, and whether each counts the number itself. A mark with a
# direction word ((含)以上) is split by the typer first: its direction must agree with the verb (T120).
MARKS: dict[str, bool] = {"(含)": True, "（含）": True, "(不含)": False, "（不含）": False, "以上": True, "以下": True}

# The words 读作 may be followed by: the reading a policy states for contradictory boundary words.
READINGS: dict[str, Edge] = {"含": Edge.INCLUSIVE, "不含": Edge.EXCLUSIVE}

# (verb counts the number, mark counts it — None: no mark, version) → the edge. Every cell written
# out, so a reviewer reads the rule here and tests/test_bounds_versions.py walks every cell.
EDGES: dict[tuple[bool, bool | None, LanguageVersion], Edge] = {
    (True, None, LanguageVersion.V1): Edge.INCLUSIVE,  # 达到 50家
    (False, None, LanguageVersion.V1): Edge.EXCLUSIVE,  # 超过 50家
    (True, True, LanguageVersion.V1): Edge.INCLUSIVE,  # 达到 50家(含), 达到 500万元以上
    (False, False, LanguageVersion.V1): Edge.EXCLUSIVE,  # 超过 50家(不含)
    (False, True, LanguageVersion.V1): Edge.INCLUSIVE,  # 超过 50家(含): the mark wins, W201
    (True, False, LanguageVersion.V1): Edge.EXCLUSIVE,  # 达到 50家(不含): the mark wins, W201
    (True, None, LanguageVersion.V2): Edge.INCLUSIVE,
    (False, None, LanguageVersion.V2): Edge.EXCLUSIVE,
    (True, True, LanguageVersion.V2): Edge.INCLUSIVE,
    (False, False, LanguageVersion.V2): Edge.EXCLUSIVE,
    (False, True, LanguageVersion.V2): Edge.OPEN,  # 超过 50家(含), 超过 5000万元以上: 读作 decides
    (True, False, LanguageVersion.V2): Edge.OPEN,  # 达到 50家(不含), 不超过 10万元(不含): 读作 decides
}


def edge(verb_inclusive: bool, mark: bool | None, version: LanguageVersion) -> Edge:
    return EDGES[(verb_inclusive, mark, version)]


def contradicts(verb_inclusive: bool, mark: bool | None) -> bool:
    return mark is not None and mark != verb_inclusive


@record
class BoundaryChoice(Record):
    """An implicit parameter: which reading of contradictory boundary words (超过 50家(含)) holds.
    `text` is the comparison as written; `verb` and `mark` the two words that disagree."""

    text: str
    verb: str
    mark: str
    verb_edge: Edge  # the reading the verb gives (超过: 不含)
    mark_edge: Edge  # the reading the mark gives ((含): 含)


def mark_of(bound: str) -> str:
    """The mark that says whether the number counts: (含)以上 → (含); 以上, (含), (不含) as they are."""
    return bound[:-2] if bound[-2:] in ("以上", "以下") and bound[:-2] in MARKS else bound


def followed(verb: str, verb_inclusive: bool, mark: str, reading: Edge) -> tuple[str, str]:
    """(the word a stated reading follows, the word it overrides): 超过 50家(含) 读作 含 → ((含), 超过)."""
    verb_edge = Edge.INCLUSIVE if verb_inclusive else Edge.EXCLUSIVE
    return (verb, mark) if reading is verb_edge else (mark, verb)


def choice_name(text: str) -> str:
    """The implicit parameter's name: the comparison as written, without spaces, and 的读法 — so eval says
    `原文未规定 服务企业数超过50家(含)的读法`, `--set '服务企业数超过50家(含)的读法=含'` settles it, and the
    same words in two places are one reading."""
    return "".join(text.split()) + "的读法"


class Agreement(enum.Enum):
    """What a clause's 解读 say of the reading its `读作` states."""

    SAYS = "says"  # a 解读 reads the boundary by the word 读作 follows (按括注“(含)”计)
    SAYS_OTHER = "says_other"  # a 解读 reads it by the other word only: 解读 and code disagree
    SILENT = "silent"  # no 解读 says by which word (or the clause has none)


_WIDTH = str.maketrans("（）", "()")
_CLAUSE_BREAK = "，。；;,\n"  # 按 … word must be one phrase, not two sentences
_REACH = 8  # characters between 按 and the word: 按括注“(含)”, 按“超过”, 按 超过 本义


def _reads_by(text: str, word: str) -> bool:
    """Whether `text` has 按 followed, within one phrase, by `word`: 按括注“(含)”计, 按“超过”计."""
    text, word = text.translate(_WIDTH), word.translate(_WIDTH)
    start = text.find("按")
    while start >= 0:
        phrase = text[start : start + 1 + _REACH + len(word)]
        for stop in _CLAUSE_BREAK:
            phrase = phrase.split(stop, 1)[0]
        if word in phrase:
            return True
        start = text.find("按", start + 1)
    return False


def agreement(readings: tuple[str, ...], follows: str, over: str) -> Agreement:
    """The 解读 and the code agree when a 解读 says 按 the word the reading follows."""
    if any(_reads_by(r, follows) for r in readings):
        return Agreement.SAYS
    if any(_reads_by(r, over) for r in readings):
        return Agreement.SAYS_OTHER
    return Agreement.SILENT
