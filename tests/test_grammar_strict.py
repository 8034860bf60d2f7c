"""The grammar is LALR(1) with no conflicts: it builds with Lark's strict mode, which turns every
shift/reduce conflict and every terminal collision into an error (interegular checks the regexes)."""

from __future__ import annotations

import pytest
from lark import Lark
from lark.exceptions import GrammarError

from policylang.frontend.syntax import GRAMMAR, parser


def strict(grammar: str) -> Lark:
    return Lark(grammar, parser="lalr", strict=True)


def test_interegular_is_installed():
    # without it strict mode silently skips the terminal-collision check
    import interegular  # noqa: F401


def test_the_grammar_builds_in_strict_mode():
    built = Lark.open(str(GRAMMAR), parser="lalr", strict=True, propagate_positions=True, maybe_placeholders=True)
    assert built.parse('政策 "t" {\n  舍入 四舍五入 到 分\n}\n') is not None


def test_the_parser_in_use_is_built_from_that_grammar():
    assert parser().options.parser == "lalr"
    assert {t.name for t in parser().terminals} == {
        t.name for t in Lark.open(str(GRAMMAR), parser="lalr", strict=True).terminals
    }


def test_strict_mode_rejects_a_shift_reduce_conflict():
    # guards the test above: with this Lark, strict mode really does fail on conflicts
    with pytest.raises(GrammarError):
        strict('start: e\ne: e "+" e | "1"\n')


def test_strict_mode_rejects_colliding_terminals():
    with pytest.raises(Exception, match=r"[Cc]ollision"):
        strict("start: A | B\nA: /a+/\nB: /a/\n")
