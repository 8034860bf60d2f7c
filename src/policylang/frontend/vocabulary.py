"""The grammar's words, classified for highlighters: every quoted literal of grammar/policylang.lark
by the rule it appears in, and the token regexes (NUMBER, DATE, CITATION, STRING, COMMENT, NAME) as
the grammar writes them.

Both highlighters are made from this one reading of the grammar — the TextMate grammar of the VS Code
extension (tools/textmate.py writes editors/vscode/syntaxes/policylang.tmLanguage.json) and the
Pygments lexer (highlight.py) — so a keyword added to the grammar is highlighted by both, as what its
rule makes it, without a list to keep up by hand.

How a literal is classified: the rule it appears in has a category (RULE_CATEGORIES), or inherits
the category of the nearest rule that uses it (a new `fact`-like declaration under `decl` is a
declaration keyword). A literal in several rules takes the first category in PRECEDENCE (至 is the
range word of expressions, though the header's 生效 … 至 … uses it too).

How a word is matched, as Lark's lexer matches it: a keyword is a whole `\\w` run (事实数 is a name,
not 事实 + 数), except the words a number's unit stops before (the NUMBER regex's `(?!以上|以下|部分|至)`:
500万元以上部分 reads 500万元 以上 部分) and the bound marks, which the texts glue to what follows.
"""

from __future__ import annotations

import enum
import functools
import itertools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any


class Kind(enum.Enum):
    """What a piece of policy text is, for a highlighter; each renderer maps every kind to its style."""

    COMMENT = "comment"
    STRING = "string"
    DATE = "date"
    NUMBER = "number"  # with its unit: 0.8万元, 50%, 18平方米
    CITATION = "citation"  # 一(一), 三(二)1.零售, 第三条
    NAME = "name"
    FUNCTION = "function"  # a name called: 最小(a, b), 合计(列表, 每项金额)
    HEADER = "header"  # 文号 发文机关 舍入 …
    DECLARATION = "declaration"  # 事实 参数 定义 表 条款 取高不重复 …
    CLAUSE = "clause"  # 原文 解读 条件 奖励 上限 逐项 …
    TYPE = "type"  # 金额 数量 比例 是否 …
    EXPRESSION = "expression"  # 如果 则 否则 分档 档 按 每满 给予 …
    OPERATOR = "operator"  # 或 且 非 超过 达到 不低于 在 至, and + - × ÷ >= …
    BOUND = "bound"  # (含) （不含） 以上 以下 (含否 …
    CONSTANT = "constant"  # the choices a keyword takes: 四舍五入 分 最有利 补差额 …
    PUNCTUATION = "punctuation"  # { } ( ) : , = ->


# The categories of the keyword kinds, and the order that settles a literal used in several rules.
PRECEDENCE: tuple[Kind, ...] = (
    Kind.OPERATOR,
    Kind.BOUND,
    Kind.TYPE,
    Kind.CONSTANT,
    Kind.CLAUSE,
    Kind.DECLARATION,
    Kind.HEADER,
    Kind.EXPRESSION,
)

# The grammar's rules that decide a category; every other rule inherits from the nearest rule using it.
RULE_CATEGORIES: Mapping[str, Kind] = {
    "header": Kind.HEADER,
    "header_item": Kind.HEADER,
    "round_mode": Kind.CONSTANT,
    "round_unit": Kind.CONSTANT,
    "order": Kind.CONSTANT,
    "other_reading": Kind.CONSTANT,
    "decl": Kind.DECLARATION,
    "default": Kind.DECLARATION,
    "value_range": Kind.DECLARATION,
    "clause_item": Kind.CLAUSE,
    "cap": Kind.CLAUSE,
    "item_stmt": Kind.CLAUSE,
    "group_stmt": Kind.CLAUSE,
    "limit": Kind.CLAUSE,
    "type": Kind.TYPE,
    "currency_word": Kind.TYPE,
    "expr": Kind.EXPRESSION,
    "if_expr": Kind.EXPRESSION,
    "atom": Kind.EXPRESSION,
    "tier": Kind.EXPRESSION,
    "bracket": Kind.EXPRESSION,
    "or_expr": Kind.OPERATOR,
    "and_expr": Kind.OPERATOR,
    "not_expr": Kind.OPERATOR,
    "comparison": Kind.OPERATOR,
    "sum": Kind.OPERATOR,
    "term": Kind.OPERATOR,
    "compare_op": Kind.OPERATOR,
    "range_to": Kind.OPERATOR,
    "bound": Kind.BOUND,
    "bracket_mark": Kind.BOUND,
    "open_end": Kind.BOUND,
}

# The grammar's terminals that are token classes rather than keywords, and their kinds.
TOKEN_TERMINALS: Mapping[str, Kind] = {
    "COMMENT": Kind.COMMENT,
    "STRING": Kind.STRING,
    "DATE": Kind.DATE,
    "NUMBER": Kind.NUMBER,
    "CITATION": Kind.CITATION,
    "NAME": Kind.NAME,
}
_IGNORED_TERMINALS = frozenset({"WS"})
# The words a number's unit stops before, as the NUMBER regex lists them: `(?!以上|以下|部分|至)`.
_UNIT_STOPS = re.compile(r"\(\?!((?:[^\W\d_]+\|)*[^\W\d_]+)\)")
_WORD_END = re.compile(r"\w$")


@dataclass(frozen=True)
class Vocabulary:
    """The grammar read for highlighting. `keywords` and `symbols`: literal strings by kind, longest
    first; `patterns`: named terminals that are alternations of literals (TIMES: × or *), as regexes;
    `tokens`: the token regexes; `glued`: words matched even when a word character follows;
    `cited_after`: keywords written right before a citation (条款 一(一)); `citing`: keywords whose
    statement holds a `{ citation, … }` list (取高不重复, 合计上限, …); `before_parenthesis`: keywords
    the grammar writes before `(` (数量(吨)): any other word before `(` is a call (合计(列表, 金额))."""

    keywords: Mapping[Kind, tuple[str, ...]]
    symbols: Mapping[Kind, tuple[str, ...]]
    patterns: Mapping[Kind, tuple[str, ...]]
    tokens: Mapping[Kind, str]
    glued: tuple[str, ...]
    cited_after: tuple[str, ...]
    citing: tuple[str, ...]
    before_parenthesis: tuple[str, ...]

    def all_keywords(self) -> tuple[str, ...]:
        return tuple(sorted({w for ws in self.keywords.values() for w in ws}, key=_longest_first))

    def word_regex(self, kind: Kind) -> str:
        """One alternation of the keywords of `kind`, each matched as Lark's lexer would match it."""
        return _alternation(self._word(w, glued=kind is Kind.BOUND) for w in self.keywords.get(kind, ()))

    def symbol_regex(self, kind: Kind) -> str:
        """The non-word literals of `kind` (and its literal-alternation terminals), longest first."""
        signs = {s for ss in self.symbols.values() for s in ss}
        return _alternation([*(self._sign(s, signs) for s in self.symbols.get(kind, ())), *self.patterns.get(kind, ())])

    @staticmethod
    def _sign(sign: str, signs: set[str]) -> str:
        """The sign, not where a longer sign of any kind starts with it (- but not ->)."""
        longer = sorted({s[len(sign) :] for s in signs if s.startswith(sign) and s != sign})
        return escape(sign) + "".join(f"(?!{escape(rest)})" for rest in longer)

    def keyword_list_regex(self, words: Iterable[str]) -> str:
        return _alternation(self._word(w) for w in sorted(words, key=_longest_first))

    def _word(self, word: str, glued: bool = False) -> str:
        """The keyword, not where a longer keyword starts with it (至 but not 至多), and — unless a
        number's unit may stop before it or it is a bound mark — not followed by a word character."""
        longer = sorted({w[len(word) :] for w in self.all_keywords() if w.startswith(word) and w != word})
        tail = "".join(f"(?!{escape(rest)})" for rest in longer)
        if _WORD_END.search(word) and not glued and word not in self.glued:
            tail += r"(?!\w)"
        return escape(word) + tail


_META = frozenset("\\.^$|?*+()[]{}-")


def escape(literal: str) -> str:
    """A literal as a regex both Python's re and Oniguruma read alike: only metacharacters escaped."""
    return "".join("\\" + ch if ch in _META else ch for ch in literal)


def _longest_first(word: str) -> tuple[int, str]:
    return (-len(word), word)


def _alternation(parts: Iterable[str]) -> str:
    listed = list(parts)
    return "(?:" + "|".join(listed) + ")" if listed else ""


def _is_word(literal: str) -> bool:
    return any(ch.isalnum() for ch in literal)


def read(rules: Iterable[Any], terminals: Iterable[Any]) -> Vocabulary:
    """Classify a Lark grammar's literals: `rules` and `terminals` as a built Lark parser holds them."""
    rule_list = list(rules)
    by_name = {t.name: t for t in terminals}
    category = _rule_categories(rule_list)
    kinds_of: dict[str, set[Kind]] = {}
    for rule in rule_list:
        for symbol in rule.expansion:
            if symbol.is_term and symbol.name not in TOKEN_TERMINALS and symbol.name not in _IGNORED_TERMINALS:
                kinds_of.setdefault(symbol.name, set()).add(category[rule.origin.name])
    keywords: dict[Kind, list[str]] = {}
    symbols: dict[Kind, list[str]] = {}
    patterns: dict[Kind, list[str]] = {}
    for name, kinds in kinds_of.items():
        kind = min(kinds, key=PRECEDENCE.index)
        pattern = by_name[name].pattern
        if pattern.type == "str":
            literal = str(pattern.value)
            (keywords if _is_word(literal) else symbols).setdefault(_symbol_kind(literal, kind), []).append(literal)
        else:
            patterns.setdefault(kind, []).append(pattern.to_regexp())
    tokens = {kind: by_name[name].pattern.to_regexp() for name, kind in TOKEN_TERMINALS.items()}
    stops = _UNIT_STOPS.search(tokens[Kind.NUMBER])
    return Vocabulary(
        keywords={k: tuple(sorted(v, key=_longest_first)) for k, v in keywords.items()},
        symbols={k: tuple(sorted(v, key=_longest_first)) for k, v in symbols.items()},
        patterns={k: tuple(v) for k, v in patterns.items()},
        tokens=tokens,
        glued=tuple(stops.group(1).split("|")) if stops else (),
        cited_after=_literals_before(rule_list, by_name, "CITATION"),
        citing=_leading_literals_of_rules_with(rule_list, by_name, "citations"),
        before_parenthesis=_literals_before(rule_list, by_name, "("),
    )


def _symbol_kind(literal: str, kind: Kind) -> Kind:
    """A word literal keeps its rule's kind, and so does a sign that stands for a word (㎡, a unit); any
    other sign is an operator in an expression (+ ≥ ～), else punctuation ({ : -> ,)."""
    if _is_word(literal) or kind is Kind.OPERATOR or any(unicodedata.category(ch) == "So" for ch in literal):
        return kind
    return Kind.PUNCTUATION


def _rule_categories(rules: list[Any]) -> dict[str, Kind]:
    """Each rule's category: its own in RULE_CATEGORIES, else that of the nearest rules using it."""
    users: dict[str, set[str]] = {}
    for rule in rules:
        for symbol in rule.expansion:
            if not symbol.is_term:
                users.setdefault(symbol.name, set()).add(rule.origin.name)
    found: dict[str, Kind] = {}
    for name in {rule.origin.name for rule in rules}:
        frontier, seen = {name}, {name}
        while frontier:
            named = [RULE_CATEGORIES[n] for n in frontier if n in RULE_CATEGORIES]
            if named:
                found[name] = min(named, key=PRECEDENCE.index)
                break
            frontier = {u for n in frontier for u in users.get(n, ()) if u not in seen}
            seen |= frontier
        else:
            found[name] = Kind.DECLARATION  # `start` and helpers used by nothing classified
    return found


def _literals_before(rules: list[Any], terminals: Mapping[str, Any], target: str) -> tuple[str, ...]:
    """The word literals written right before `target` (a terminal's name, or a literal) in some rule."""
    found = set()
    for rule in rules:
        names = [s.name for s in rule.expansion]
        for before, this in itertools.pairwise(names):
            literal = _literal(terminals, before)
            if literal is not None and _is_word(literal) and target in (this, _literal(terminals, this)):
                found.add(literal)
    return tuple(sorted(found, key=_longest_first))


def _literal(terminals: Mapping[str, Any], name: str) -> str | None:
    pattern = terminals[name].pattern if name in terminals else None
    return str(pattern.value) if pattern is not None and pattern.type == "str" else None


def _leading_literals_of_rules_with(rules: list[Any], terminals: Mapping[str, Any], target: str) -> tuple[str, ...]:
    """The literals that start a rule which holds the symbol `target` (取高不重复 … { citations })."""
    found = set()
    for rule in rules:
        literal = _literal(terminals, rule.expansion[0].name) if rule.expansion else None
        if literal is not None and any(s.name == target for s in rule.expansion):
            found.add(literal)
    return tuple(sorted(found, key=_longest_first))


@dataclass(frozen=True)
class Rule:
    """One pattern of a highlighter, in the order both highlighters try them: `word` tells a keyword
    from a sign of the same kind (超过 from ≥)."""

    kind: Kind
    regex: str
    word: bool = False


def expression_rules(vocabulary: Vocabulary) -> tuple[Rule, ...]:
    """What may appear anywhere in a statement, in the order to try it: a date before a number (2023-07-17
    is no 2023), keywords before names (each a whole word, so order among them does not matter), signs
    longest first, then a name. A name written against `(` is a call (最小(…), the grammar's `NAME "(" …`),
    even one spelled as a keyword (合计(列表, 金额)), unless the grammar writes that keyword before `(`
    (数量(吨)); a keyword apart from its `(` stays a keyword (至多 合计 (…), 则 (…))."""
    name = vocabulary.tokens[Kind.NAME]
    typed = vocabulary.keyword_list_regex(vocabulary.before_parenthesis)
    # …and not against a mark that starts with `(`: 规模门槛三(含) is a name and its bound.
    marks = vocabulary.keyword_list_regex(w for w in vocabulary.all_keywords() if w.startswith("("))
    called = (rf"(?!{typed}\()" if typed else "") + name + r"(?=\()" + (f"(?!{marks})" if marks else "")
    rules = [Rule(Kind.DATE, vocabulary.tokens[Kind.DATE]), Rule(Kind.NUMBER, vocabulary.tokens[Kind.NUMBER])]
    rules.append(Rule(Kind.FUNCTION, called))  # before the keywords: 合计(…) is a call, 合计 alone a keyword
    rules += [Rule(k, vocabulary.word_regex(k), word=True) for k in PRECEDENCE if vocabulary.keywords.get(k)]
    rules += [
        Rule(k, vocabulary.symbol_regex(k)) for k in (*PRECEDENCE, Kind.PUNCTUATION) if vocabulary.symbol_regex(k)
    ]
    rules.append(Rule(Kind.NAME, name))
    return tuple(rules)


@functools.lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The vocabulary of the grammar policylang parses with (grammar/policylang.lark)."""
    from policylang.frontend.syntax import parser

    built = parser()
    return read(built.rules, built.terminals)


@dataclass(frozen=True)
class Token:
    """A token as policylang's parser reads it, with the kind a highlighter should give it."""

    start: int  # code points from the start of the text
    end: int
    text: str
    kind: Kind


def parsed_tokens(text: str) -> tuple[Token, ...]:
    """The tokens of a policy that parses, as the LALR parser's contextual lexer reads them, comments
    included: what the highlighters are checked against (tests/test_highlight.py, the extension's
    test/grammar.test.js)."""
    from policylang.frontend.syntax import parser

    words = vocabulary()
    kind_of = {w: kind for kind, ws in (*words.keywords.items(), *words.symbols.items()) for w in ws}
    comments: list[Token] = []
    found: list[Token] = []
    interactive = parser().parse_interactive(text)
    for token in interactive.iter_parse():
        if token.type == "$END":
            break
        kind = TOKEN_TERMINALS.get(token.type) or kind_of.get(str(token)) or _kind_of_pattern(words, token)
        found.append(Token(token.start_pos, token.end_pos, str(token), kind))
    # Between the parser's tokens there is only white space and comments (the grammar %ignores both).
    comment = re.compile(words.tokens[Kind.COMMENT])
    for start, end in zip([0, *(t.end for t in found)], [*(t.start for t in found), len(text)], strict=True):
        comments += [Token(m.start(), m.end(), m.group(), Kind.COMMENT) for m in comment.finditer(text, start, end)]
    tokens = sorted([*found, *comments], key=lambda t: t.start)
    # A name right before `(` is a call (the grammar's `NAME "(" …`).
    return tuple(
        Token(t.start, t.end, t.text, Kind.FUNCTION)
        if t.kind is Kind.NAME and i + 1 < len(tokens) and tokens[i + 1].text == "(" and tokens[i + 1].start == t.end
        else t
        for i, t in enumerate(tokens)
    )


def _kind_of_pattern(words: Vocabulary, token: Any) -> Kind:
    for kind, patterns in words.patterns.items():
        if any(re.fullmatch(p, str(token)) for p in patterns):
            return kind
    raise ValueError(f"no kind for {token.type} {token!s}")
