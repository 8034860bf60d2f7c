"""Numbers the text leaves open (参数 … 未规定): the questions a drafter must settle, one by one."""

from __future__ import annotations

from typing import Iterator

from policylang.compiler import ir
from policylang.errors import Span
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


def unspecified_values(ctx: Context) -> Iterator[Finding]:
    for name, info in ctx.policy.params.items():
        if not info.unspecified:
            continue
        cites = users(ctx, name)
        where = f"，{('、'.join(cites))} 需要它" if cites else "，目前没有条款用到它"
        message = f"原文未规定“{name}”（{info.type.describe()}）{where}"
        notes = (info.note,) if info.note else ()
        yield Finding(
            "UNSPEC001",
            message,
            name_span(info.span, name),
            "、".join(cites) or None,
            notes=notes,
            suggestion=f"确定后写成 参数 {name} = …；在此之前，eval 对相关条款给出“不可确定”，"
            f"可用 --set {name}=… 假定一个值",
        )
