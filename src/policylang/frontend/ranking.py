"""名次 and 按名次: places within the population, and awards by place, typed and lowered.

金华 金政发[2008]9号: "对市区出口额前6位且实绩比上年增长的企业，设一等奖1名、二等奖2名、三等奖3名，分别给予
30万元、20万元、10万元的奖励". The award of one enterprise depends on the others, so a place is declared once
(`名次 出口额名次 = 出口额 从高到低 排名 范围 … 并列 …`) and read as a fact: the case gives it to eval, batch
computes it over the population before anything else (tools/batch/ranks.py). `按名次 R { 一等奖 1名: 30万元 … }`
is a derived form: it lowers to the existing `Tiered` (R ≤ 1: 30万元, R ≤ 3: 20万元, R ≤ 6: 10万元), so no
backend learns a new node.

An amount list as officials write it — `30万元、20万元、10万元`, `300 万、150 万、50 万元` — gives one amount per
prize; a unit written on the last only applies to those written without one (a bare scale word, `300 万`,
takes the last one's currency), a unit written on an item is that item's own.
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import TYPE_CHECKING

from policylang.compiler import ir
from policylang.errors import Msg, did_you_mean
from policylang.frontend import ast
from policylang.frontend.units import (
    BOOL,
    NUMBER,
    Money,
    Ratio,
    Type,
    UnitError,
    is_numeric,
    parse_literal,
    suggest,
    type_words,
)

if TYPE_CHECKING:
    from policylang.errors import Collector
    from policylang.frontend.typecheck import Scope, Typer

RANK_TYPE: Type = NUMBER  # a place is a whole number 1..N; N (the population) is not known to one case
COUNT = re.compile(r"(\d+)名?")
SCALES = ("万", "亿")
# the number of a list item and what follows it: 300 | 300万 | 50 万元 | 1,000元
_ITEM = re.compile(r"(?P<num>\d[\d,，]*(?:\.\d+)?)\s*(?P<rest>.*)")


# ---------------------------------------------------------------------------- 名次 declarations
def rank_facts(policy: ast.Policy) -> dict[str, ir.FactInfo]:
    """Each 名次 as the fact eval reads: a number without default, given by the case."""
    return {
        d.name: ir.FactInfo(d.name, RANK_TYPE, None, ir.MISSING, d.span)
        for d in policy.of(ast.RankDecl)
        if isinstance(d, ast.RankDecl)
    }


def rank_plans(policy: ast.Policy, typer: Typer, scope: Scope, diag: Collector) -> tuple[ir.RankPlan, ...]:
    out: list[ir.RankPlan] = []
    for d in policy.of(ast.RankDecl):
        key_ok = rank_key(d.key, d, scope, diag, typer.ranks)
        tie_ok = d.tie_key is None or rank_key(d.tie_key, d, scope, diag, typer.ranks)
        where = None if d.scope is None else typer.boolean(d.scope, scope)
        if not key_ok or not tie_ok or (d.scope is not None and where is None):
            continue
        scope_text = "" if d.scope is None else d.scope.span.text
        out.append(
            ir.RankPlan(
                d.name,
                d.key,
                d.order == "从高到低",
                where,
                scope_text,
                ir.TieRule(d.tie),
                d.tie_key,
                d.tie_order == "从高到低",
                d.note,
                d.span,
            )
        )
    return tuple(out)


def rank_key(name: str, d: ast.RankDecl, scope: Scope, diag: Collector, ranks: set[str]) -> bool:
    """A place is by a number the enterprise reports: a numeric fact (not a list, not another 名次)."""
    info = None if name in ranks else scope.facts.get(name)
    if info is not None and is_numeric(info.type):
        return True
    facts = [n for n, f in scope.facts.items() if is_numeric(f.type) and n not in ranks]
    if info is None:
        message = Msg("rank.key_unknown", name=name)
    else:
        message = Msg("rank.key_not_number", name=name, type=type_words(info.type))
    hint = did_you_mean(suggest(name, facts))
    if hint is None:
        hint = Msg("rank.hint.key_facts", names="、".join(facts)) if facts else Msg("rank.hint.key")
    diag.add("T295", message, d.span, suggestion=hint)
    return False


# ---------------------------------------------------------------------------- 按名次 awards
def rank_award(typer: Typer, e: ast.RankAward, scope: Scope) -> ir.Expr | None:
    """按名次 R { prizes } → Tiered: R ≤ c₁ pays the first prize, R ≤ c₁ + c₂ the second, …, else 0."""
    if e.rank not in typer.ranks:
        near = suggest(e.rank, sorted(typer.ranks))
        hint = did_you_mean(near) or Msg("rank.hint.declare")
        typer.error("T290", Msg("rank.not_a_rank", name=e.rank), e.span, hint)
        return None
    counts = [prize_count(typer, p) for p in e.prizes]
    amounts = list_amounts(typer, e) if e.amounts else [prize_amount(typer, p, scope) for p in e.prizes]
    if any(c is None for c in counts) or amounts is None or any(a is None for a in amounts):
        return None
    place = ir.Input(RANK_TYPE, e.rank, span=e.span)
    rows: list[ir.TierRow] = []
    last = 0
    for prize, count, amount in zip(e.prizes, counts, amounts, strict=True):
        assert count is not None and amount is not None
        last += count
        bound = ir.Const(RANK_TYPE, Fraction(last), str(last), span=prize.span)
        condition = ir.Cmp(BOOL, ir.CmpOp.LESS_EQUAL, place, bound, "不超过", span=prize.span)
        rows.append(ir.TierRow(condition, amount, prize.span))
    return ir.Tiered(rows[0].amount.type, tuple(rows), span=e.span)


def prize_count(typer: Typer, p: ast.Prize) -> int | None:
    found = COUNT.fullmatch(p.count)
    if found is None or int(found.group(1)) < 1:
        typer.error("T291", Msg("rank.bad_count", prize=p.name, count=p.count or "—"), p.span, Msg("rank.hint.count"))
        return None
    return int(found.group(1))


def prize_amount(typer: Typer, p: ast.Prize, scope: Scope) -> ir.Expr | None:
    assert p.amount is not None
    out = typer.expr(p.amount, scope, Money(typer.currency))
    if out is not None and out.type != Money(typer.currency):
        message = Msg("rank.not_money", prize=p.name, type=type_words(out.type))
        typer.error("T292", message, p.amount.span, Msg("rank.hint.money"))
        return None
    return out


def list_amounts(typer: Typer, e: ast.RankAward) -> list[ir.Expr | None] | None:
    """The 分别 list, one amount per prize, each in the unit the list gives it."""
    if len(e.amounts) != len(e.prizes):
        message = Msg("rank.list_length", prizes=len(e.prizes), amounts=len(e.amounts))
        typer.error("T293", message, e.span, Msg("rank.hint.list_length"))
        return None
    values = amount_list(typer, e.amounts)
    if values is None:
        return None
    out: list[ir.Expr | None] = []
    for prize, item, lit in zip(e.prizes, e.amounts, values, strict=True):
        if lit.type != Money(typer.currency):
            message = Msg("rank.not_money", prize=prize.name, type=type_words(lit.type))
            typer.error("T292", message, item.span, Msg("rank.hint.money"))
            out.append(None)
            continue
        out.append(lit)
    return out


def amount_list(typer: Typer, items: tuple[ast.ListAmount, ...]) -> list[ir.Const] | None:
    """Each item with its unit: its own where written, else the last item's (a bare scale word takes the
    last one's currency). Money and 比例 mixed in one list is T294, at the first item that differs."""
    parts = [split_item(i) for i in items]
    last_rest = parts[-1][1]
    out: list[ir.Const] = []
    for item, (number, rest) in zip(items, parts, strict=True):
        text = number + unit_for(rest, last_rest)
        try:
            lit = parse_literal(text, typer.units)
        except UnitError as err:
            typer.error("T101", err.message, item.span, did_you_mean(err.suggestion))
            return None
        out.append(ir.Const(lit.type, lit.value, list_item_text(item), span=item.span))
    kinds = [isinstance(c.type, Ratio) for c in out]
    if any(kinds) and not all(kinds):
        odd = next(c for c, k in zip(out, kinds, strict=True) if k != kinds[-1])
        typer.error("T294", Msg("rank.list_mixed", item=odd.text), odd.span, Msg("rank.hint.list_mixed"))
        return None
    return out


def split_item(item: ast.ListAmount) -> tuple[str, str]:
    found = _ITEM.fullmatch(item.number.strip())
    number, rest = (found.group("num"), found.group("rest").strip()) if found else (item.number, "")
    return number, rest + (item.scale or "")


def unit_for(rest: str, last: str) -> str:
    """An item's unit: its own; nothing written → the last item's; a scale word alone (300 万) → with the
    last item's currency (万元 → 万 + 元)."""
    if not rest:
        return last
    if rest in SCALES:
        currency = last[1:] if last[:1] in SCALES else last
        return rest + currency
    return rest


def list_item_text(item: ast.ListAmount) -> str:
    """The item as written: `30万元`, `300 万`."""
    return item.number if item.scale is None else f"{item.number} {item.scale}"


__all__ = ["RANK_TYPE", "amount_list", "rank_award", "rank_facts", "rank_plans"]
