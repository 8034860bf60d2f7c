"""Text ↔ code for places and awards by place (名次, 按名次), for text.py's TEXT001/TEXT002.

- A number compared with a 名次 (`出口额名次 不超过 6`) is a place: the text says it as 前6位 / 前6名 / 第6名,
  which are no amounts, so it is matched against those words.
- The amounts of a 分别 list (`300 万、150 万、50 万元`) are numbers of the code, each in the unit the list
  gives it (frontend/ranking.py's rule, the one quoted.py applies to the text).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from policylang.frontend import ast
from policylang.frontend.ranking import split_item, unit_for

if TYPE_CHECKING:
    from policylang.tools.check.text import CodeNumber


def place_words(n: str) -> re.Pattern[str]:
    return re.compile(rf"(前|第)\s*{n}\s*(位|名)|{n}\s*名(以内|之内)")


def ranked_code(tree: ast.Policy, clause: ast.Clause, code: list[CodeNumber], text: str) -> list[CodeNumber]:
    """The clause's code numbers with places the text states as places left out, and 分别 amounts added."""
    from policylang.tools.check.text import CodeNumber, kind_of

    ranks = {d.name for d in tree.of(ast.RankDecl)}
    if not ranks:
        return code
    places = {(lit.span.line, lit.span.column) for lit in compared_with(clause, ranks)}
    kept = [c for c in code if not (c.kind == ("bare",) and c_is(c, places) and place_words(c.text).search(text))]
    for award in (n for s in clause.body for n in s.walk() if isinstance(n, ast.RankAward)):
        if not award.amounts:
            continue
        last = split_item(award.amounts[-1])[1]
        for item in award.amounts:
            number, rest = split_item(item)
            got = kind_of(number + unit_for(rest, last))
            if got is not None:
                written = item.number if item.scale is None else f"{item.number} {item.scale}"
                kept.append(CodeNumber(written, got[0], got[1], item.span))
    return kept


def compared_with(clause: ast.Clause, ranks: set[str]) -> list[ast.NumberLit]:
    """The numbers a condition compares a 名次 with."""
    out = []
    for s in clause.body:
        for node in s.walk():
            if isinstance(node, ast.Compare):
                sides = (node.left, node.right)
                if any(isinstance(x, ast.Ref) and x.name in ranks for x in sides):
                    out += [x for x in sides if isinstance(x, ast.NumberLit)]
    return out


def c_is(c: CodeNumber, places: set[tuple[int, int]]) -> bool:
    return (c.span.line, c.span.column) in places


__all__ = ["ranked_code"]
