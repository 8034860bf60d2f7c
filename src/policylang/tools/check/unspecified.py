"""Numbers the text leaves open (参数 … 未规定): the questions a drafter must settle, one by one."""

from __future__ import annotations

from collections.abc import Iterator

from policylang.compiler import ir
from policylang.errors import Span
from policylang.readers.values import type_text
from policylang.report.i18n import t
from policylang.tools.check.context import Context, every_expr
from policylang.tools.check.findings import Finding


def users(ctx: Context, name: str) -> list[str]:
    """Citations of the clauses (and 合计上限) that need the parameter."""
    out = []
    for plan in ctx.policy.clauses:
        if name in plan.unspecified or any(
            isinstance(n, ir.Param) and n.name == name for e in every_expr(plan) for n in e.walk()
        ):
            out.append(plan.citation)
    for group in ctx.policy.group_caps:
        if any(isinstance(n, ir.Param) and n.name == name for n in group.limit.walk()):
            out.extend(c for c in group.citations if c not in out)
    groups: list[ir.ChoicePlan | ir.OtherFundsPlan] = [*ctx.policy.choices, *ctx.policy.other_funds]
    for choice in groups:  # 不重复享受: the member kept; 就高不重复: the reading
        if choice.name == name:
            out.extend(c for c in choice.citations if c not in out)
    return out


def name_span(span: Span | None, name: str) -> Span | None:
    """Just `参数 NAME` of the declaration, so the caret does not run under its whole note."""
    if span is None:
        return None
    line = span.source.line(span.line)
    at = line.find(name, span.column - 1)
    if at < 0:
        return span
    return Span(span.source, span.line, span.column, span.line, at + len(name) + 1)


def suggestion_key(ctx: Context, name: str) -> str:
    if any(g.name == name for g in ctx.policy.choices):
        return "check.UNSPEC001.suggestion.choice"
    if any(g.name == name for g in ctx.policy.other_funds):
        return "check.UNSPEC001.suggestion.reading"
    return "check.UNSPEC001.suggestion"


def unspecified_values(ctx: Context) -> Iterator[Finding]:
    for name, info in ctx.policy.params.items():
        if not info.unspecified or info.boundary is not None:  # an implicit reading: UNSPEC002 below
            continue
        cites = users(ctx, name)
        where = (
            t("check.UNSPEC001.used", citations=t("check.list.sep").join(cites))
            if cites
            else t("check.UNSPEC001.unused")
        )
        message = t("check.UNSPEC001.message", name=name, type=type_text(info.type), where=where)
        notes = (info.note,) if info.note else ()
        yield Finding(
            "UNSPEC001",
            message,
            name_span(info.span, name),
            "、".join(cites) or None,
            notes=notes,
            suggestion=t(suggestion_key(ctx, name), name=name),
        )


def unspecified_ties(ctx: Context) -> Iterator[Finding]:
    """并列 未规定: the text does not say how equal keys are placed; batch leaves a tied place that
    straddles a prize boundary not determinable (tools/batch/ranks.py)."""
    for rank in ctx.policy.ranks:
        if rank.tie is not ir.TieRule.UNSPECIFIED:
            continue
        cites = [p.citation for p in ctx.policy.clauses if rank.name in p.inputs]
        citations = t("check.list.sep").join(cites) or t("check.UNSPEC001.unused")
        key = rank.tie_key or rank.key
        yield Finding(
            "UNSPEC005",
            t("check.UNSPEC005.message", name=rank.name, key=key, citations=citations),
            name_span(rank.span, rank.name),
            "、".join(cites) or None,
            notes=(rank.note,) if rank.note else (),
            suggestion=t("check.UNSPEC005.suggestion"),
        )


def unread_boundaries(ctx: Context) -> Iterator[Finding]:
    """语言版本 2: contradictory boundary words (超过 50家(含)) with no 读作 — both readings, and who needs them."""
    for name, info in ctx.policy.params.items():
        choice = info.boundary
        if choice is None or not info.unspecified:
            continue
        cites = users(ctx, name)
        where = t("check.UNSPEC001.used", citations=t("check.list.sep").join(cites)) if cites else ""
        message = t(
            "bounds.UNSPEC002.message",
            text=choice.text,
            verb=choice.verb,
            verb_edge=t(f"bounds.edge.{choice.verb_edge.value}"),
            mark=choice.mark,
            mark_edge=t(f"bounds.edge.{choice.mark_edge.value}"),
            where=where,
        )
        suggestion = t(
            "bounds.UNSPEC002.suggestion",
            text=choice.text,
            verb=choice.verb,
            verb_reading=choice.verb_edge.value,
            mark=choice.mark,
            mark_reading=choice.mark_edge.value,
            name=name,
        )
        yield Finding("UNSPEC002", message, info.span, "、".join(cites) or None, suggestion=suggestion)


def unexplained_readings(ctx: Context) -> Iterator[Finding]:
    """A `读作` its clause's 解读 do not state (or state the other way): W202/W203 at load time, here a
    finding check's reader (and CI) sees, acknowledgeable with 已知 UNSPEC003."""
    from policylang.frontend import ast, bounds
    from policylang.frontend.typecheck import COMPARE_WORDS, compared_text

    if ctx.tree is None:
        return
    for clause in ctx.tree.of(ast.Clause):
        readings = tuple(r.text for r in clause.of(ast.Reading))
        for node in clause.walk():
            if not isinstance(node, ast.Compare) or node.reading not in bounds.READINGS or not node.bound:
                continue
            verb_inclusive = COMPARE_WORDS[node.word][1]
            mark = bounds.mark_of(node.bound)
            if not bounds.contradicts(verb_inclusive, bounds.MARKS.get(mark)):
                continue
            follows, over = bounds.followed(node.word, verb_inclusive, mark, bounds.READINGS[node.reading])
            found = bounds.agreement(readings, follows, over)
            if found is bounds.Agreement.SAYS:
                continue
            key = "bounds.reading_unexplained" if found is bounds.Agreement.SILENT else "bounds.reading_contradicted"
            text = compared_text(node)
            message = t(key, text=text, reading=node.reading, follows=follows, over=over)
            suggestion = t("bounds.hint.reading_explained", follows=follows)
            yield Finding("UNSPEC003", message, node.span, clause.citation, suggestion=suggestion)
