"""The VS Code extension's TextMate grammar, generated from grammar/policylang.lark.

    python -m policylang.tools.textmate            # rewrites editors/vscode/syntaxes/policylang.tmLanguage.json
    python -m policylang.tools.textmate --check    # exit 1 if the committed file is not what the grammar gives
    python -m policylang.tools.textmate --expect F # the scope each token of policy F should get (JSON)

The keywords and token regexes come from frontend/vocabulary.py, which the Pygments lexer
(highlight.py) reads too; tests/test_editor_extension.py fails when the committed file is stale.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from policylang.frontend.vocabulary import Kind, Rule, Vocabulary, expression_rules, parsed_tokens, vocabulary

SCOPE_NAME = "source.policylang"
# The checkout's extension folder: this module sits at src/policylang/tools/.
DEFAULT_OUTPUT = Path(__file__).resolve().parents[3] / "editors" / "vscode" / "syntaxes" / "policylang.tmLanguage.json"

# Every kind's scope, chosen from the names common themes colour (storage.type, keyword.control,
# support.type, constant.numeric, entity.name.tag, …).
SCOPES: Mapping[Kind, str] = {
    Kind.COMMENT: "comment.line.number-sign.policylang",
    Kind.STRING: "string.quoted.double.policylang",
    Kind.DATE: "constant.numeric.date.policylang",
    Kind.NUMBER: "constant.numeric.policylang",
    Kind.CITATION: "entity.name.tag.citation.policylang",
    Kind.NAME: "variable.other.policylang",
    Kind.FUNCTION: "support.function.policylang",
    Kind.HEADER: "keyword.other.header.policylang",
    Kind.DECLARATION: "storage.type.declaration.policylang",
    Kind.CLAUSE: "keyword.control.clause.policylang",
    Kind.TYPE: "support.type.policylang",
    Kind.EXPRESSION: "keyword.control.expression.policylang",
    Kind.OPERATOR: "keyword.operator.policylang",
    Kind.BOUND: "storage.modifier.bound.policylang",
    Kind.CONSTANT: "constant.language.policylang",
    Kind.PUNCTUATION: "punctuation.policylang",
}
WORD_OPERATOR_SCOPE = "keyword.operator.word.policylang"


def _scope(rule: Rule) -> str:
    return WORD_OPERATOR_SCOPE if rule.kind is Kind.OPERATOR and rule.word else SCOPES[rule.kind]


def _match(kind: Kind, regex: str) -> dict[str, Any]:
    return {"name": SCOPES[kind], "match": regex}


def grammar(words: Vocabulary) -> dict[str, Any]:
    """The TextMate grammar as a JSON-ready dict: the same patterns, in the same order, as the lexer."""
    expression = [{"name": _scope(rule), "match": rule.regex} for rule in expression_rules(words)]
    citation_list = {
        "begin": r"\{",
        "end": r"\}",
        "beginCaptures": {"0": {"name": SCOPES[Kind.PUNCTUATION]}},
        "endCaptures": {"0": {"name": SCOPES[Kind.PUNCTUATION]}},
        "patterns": [
            {"include": "#comment"},
            _match(Kind.CITATION, words.tokens[Kind.CITATION]),
            _match(Kind.PUNCTUATION, ","),
        ],
    }
    return {
        "name": "policylang",
        "scopeName": SCOPE_NAME,
        "fileTypes": ["pol"],
        "comment": "GENERATED from grammar/policylang.lark by `python -m policylang.tools.textmate`; do not edit.",
        "patterns": [
            {"include": "#comment"},
            {"include": "#string"},
            {"include": "#cited"},
            {"include": "#citing"},
            {"include": "#expression"},
        ],
        "repository": {
            "comment": _match(Kind.COMMENT, words.tokens[Kind.COMMENT]),
            "string": _match(Kind.STRING, words.tokens[Kind.STRING]),
            # 条款 一(一) "…": the citation right after its keyword (anywhere else 一 is a name's start)
            "cited": {
                "match": f"({words.keyword_list_regex(words.cited_after)})\\s+({words.tokens[Kind.CITATION]})",
                "captures": {"1": {"name": SCOPES[Kind.DECLARATION]}, "2": {"name": SCOPES[Kind.CITATION]}},
            },
            # 取高不重复 "…" { 一(一), 一(二)1 }: citations inside the braces of these statements
            "citing": {
                "begin": f"({words.keyword_list_regex(words.citing)})",
                "end": r"(?<=\})",
                "beginCaptures": {"1": {"name": SCOPES[Kind.DECLARATION]}},
                "patterns": [
                    {"include": "#comment"},
                    {"include": "#string"},
                    {"include": "#citation-list"},
                    {"include": "#expression"},
                ],
            },
            "citation-list": citation_list,
            "expression": {"patterns": expression},
        },
    }


def expected_scopes(text: str) -> list[tuple[int, int, str, str]]:
    """Each token of a policy that parses, as (line, column, text, scope): lines from 0, columns in
    UTF-16 code units as editors count them. The extension's test/grammar.test.js tokenizes the same
    text with the TextMate grammar and compares."""
    line_starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    found = []
    line = 0
    for token in parsed_tokens(text):
        while line + 1 < len(line_starts) and line_starts[line + 1] <= token.start:
            line += 1
        column = len(text[line_starts[line] : token.start].encode("utf-16-le")) // 2
        word = token.kind is Kind.OPERATOR and any(ch.isalnum() for ch in token.text)
        found.append((line, column, token.text, WORD_OPERATOR_SCOPE if word else SCOPES[token.kind]))
    return found


def render(words: Vocabulary | None = None) -> str:
    return json.dumps(grammar(words or vocabulary()), ensure_ascii=False, indent=2) + "\n"


def main(argv: list[str] | None = None) -> int:
    options = argparse.ArgumentParser(prog="python -m policylang.tools.textmate", description=__doc__)
    options.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    options.add_argument("--check", action="store_true", help="exit 1 if the file differs from what the grammar gives")
    options.add_argument("--expect", type=Path, help="print the scope each token of this policy should get, as JSON")
    args = options.parse_args(argv)
    if args.expect:
        print(json.dumps(expected_scopes(args.expect.read_text(encoding="utf-8")), ensure_ascii=False))
        return 0
    text = render()
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.is_file() else None
        if current != text:
            print(f"{args.output} is stale: run python -m policylang.tools.textmate", file=sys.stderr)
            return 1
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
