"""A Pygments lexer for `.pol` files, so documentation (Sphinx, MkDocs) and code review tools
highlight policies: `pygmentize -l policylang policies/jixi.pol`, or ```` ```policylang ```` in Markdown.

Registered through the `pygments.lexers` entry point (pyproject.toml) and installed with the
`highlight` extra (`pip install 'policylang[highlight]'`); nothing else in policylang imports this
module. Its patterns are those of the VS Code extension's TextMate grammar, in the same order, both
made by frontend/vocabulary.py from grammar/policylang.lark: a keyword added to the grammar is
highlighted here too.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, ClassVar, cast

from pygments import lexer as _lexer
from pygments.lexer import RegexLexer
from pygments.token import (
    Comment,
    Keyword,
    Literal,
    Name,
    Number,
    Operator,
    Punctuation,
    String,
    Whitespace,
    _TokenType,
)

from policylang.frontend.vocabulary import Kind, Rule, Vocabulary, expression_rules, vocabulary

# Pygments' stubs leave bygroups untyped: it takes token types and returns a callback.
bygroups = cast(Callable[..., Any], _lexer.bygroups)

# Every kind's token type.
TOKENS: Mapping[Kind, _TokenType] = {
    Kind.COMMENT: Comment.Single,
    Kind.STRING: String.Double,
    Kind.DATE: Literal.Date,
    Kind.NUMBER: Number,
    Kind.CITATION: Name.Label,
    Kind.NAME: Name.Variable,
    Kind.FUNCTION: Name.Function,
    Kind.HEADER: Keyword.Namespace,
    Kind.DECLARATION: Keyword.Declaration,
    Kind.CLAUSE: Keyword.Reserved,
    Kind.TYPE: Keyword.Type,
    Kind.EXPRESSION: Keyword,
    Kind.OPERATOR: Operator,
    Kind.BOUND: Keyword.Pseudo,
    Kind.CONSTANT: Keyword.Constant,
    Kind.PUNCTUATION: Punctuation,
}


def _token(rule: Rule) -> _TokenType:
    return Operator.Word if rule.kind is Kind.OPERATOR and rule.word else TOKENS[rule.kind]


def token_table(words: Vocabulary) -> dict[str, list[Any]]:
    """The lexer's states: `root`, then, after 取高不重复 / 合计上限 / …, `citing` up to its `{`, and
    `citations` inside the braces (the same regions as the TextMate grammar's)."""
    expression: list[Any] = [(rule.regex, _token(rule)) for rule in expression_rules(words)]
    space = (r"\s+", Whitespace)
    comment = (words.tokens[Kind.COMMENT], TOKENS[Kind.COMMENT])
    string = (words.tokens[Kind.STRING], TOKENS[Kind.STRING])
    return {
        "root": [
            space,
            comment,
            string,
            (
                f"({words.keyword_list_regex(words.cited_after)})(\\s+)({words.tokens[Kind.CITATION]})",
                bygroups(TOKENS[Kind.DECLARATION], Whitespace, TOKENS[Kind.CITATION]),
            ),
            (words.keyword_list_regex(words.citing), TOKENS[Kind.DECLARATION], "citing"),
            *expression,
        ],
        "citing": [
            space,
            comment,
            string,
            (r"\{", TOKENS[Kind.PUNCTUATION], ("#pop", "citations")),
            *expression,
        ],
        "citations": [
            space,
            comment,
            (r"\}", TOKENS[Kind.PUNCTUATION], "#pop"),
            (words.tokens[Kind.CITATION], TOKENS[Kind.CITATION]),
            (",", TOKENS[Kind.PUNCTUATION]),
        ],
    }


class PolicylangLexer(RegexLexer):
    """policylang policy files (.pol): subsidy clauses next to the official sentences they encode."""

    name = "policylang"
    aliases: ClassVar[list[str]] = ["policylang", "pol"]
    filenames: ClassVar[list[str]] = ["*.pol"]
    mimetypes: ClassVar[list[str]] = ["text/x-policylang"]
    tokens: ClassVar[dict[str, list[Any]]] = token_table(vocabulary())
