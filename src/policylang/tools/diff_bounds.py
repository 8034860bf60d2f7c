"""diff across 语言版本: contradictory boundary words (超过 50家(含)) read three ways — 含, 不含, or (语言版本
2 without 读作) open at the edge, which lowers to `beyond, or at it and the implicit choice is 含`.

That open form has another shape than a plain comparison, so compared node by node it would look like a
rewritten award. Instead each clause's contradictory boundaries ("sites") are paired by their words and
order in both versions; a site open in one version is compared as the other version's reading (so the
expression diff sees no change there), and the reading itself is one `边界` change of its own. A v1 file
and its v2 migration with `读作` therefore differ in notation only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields, is_dataclass, replace
from typing import Any

from policylang.compiler import ir
from policylang.frontend import bounds
from policylang.frontend.typecheck import COMPARE_WORDS
from policylang.record import Record


@dataclass(frozen=True)
class Site:
    """One contradictory boundary of a clause: how it reads (含, 不含 or open) and the node that says it."""

    citation: str
    said: str  # the verb and mark as written (超过(含)): sites are paired by these and their order
    index: int  # the how-manieth site with these words in the clause
    edge: bounds.Edge
    node: ir.Expr

    @property
    def key(self) -> tuple[str, str, int]:
        return self.citation, self.said, self.index


def boundary_param(policy: ir.CompiledPolicy, e: ir.Expr) -> bool:
    return isinstance(e, ir.Param) and (info := policy.params.get(e.name)) is not None and info.boundary is not None


def open_site(policy: ir.CompiledPolicy, e: ir.Expr) -> ir.Cmp | None:
    """The strict comparison of an implicit open edge (语言版本 2): Logic(或, strict, Logic(且, at, P 为 含))."""
    if not (isinstance(e, ir.Logic) and e.op is ir.LogicOp.OR and isinstance(e.left, ir.Cmp)):
        return None
    right = e.right
    if isinstance(right, ir.Logic) and isinstance(right.right, ir.Cmp) and boundary_param(policy, right.right.left):
        return e.left
    return None


def contradictory_words(said: str) -> bool:
    verb = max((w for w in COMPARE_WORDS if said.startswith(w)), key=len, default=None)
    if verb is None:
        return False
    mark = said[len(verb) :]
    mark = mark[:-2] if mark[-2:] in ("以上", "以下") and mark[:-2] else mark
    return bounds.contradicts(COMPARE_WORDS[verb][1], bounds.MARKS.get(mark))


def sites(policy: ir.CompiledPolicy) -> list[Site]:
    out: list[Site] = []
    for plan in policy.clauses:
        seen: dict[str, int] = {}

        def visit(e: ir.Expr, cite: str = plan.citation, seen: dict[str, int] = seen) -> None:
            strict = open_site(policy, e)
            said = strict.word if strict is not None else e.word if isinstance(e, ir.Cmp) else None
            if said is not None and (strict is not None or contradictory_words(said)):
                seen[said] = seen.get(said, -1) + 1
                if strict is not None:
                    edge = bounds.Edge.OPEN
                else:
                    assert isinstance(e, ir.Cmp)
                    edge = bounds.Edge.INCLUSIVE if e.op.endswith("=") else bounds.Edge.EXCLUSIVE
                out.append(Site(cite, said, seen[said], edge, e))
                return
            for child in e.children():
                visit(child)

        for e in plan.expressions():
            visit(e)
    return out


def paired(old: ir.CompiledPolicy, new: ir.CompiledPolicy) -> Iterator[tuple[Site, Site]]:
    """The sites of both versions with the same words at the same place, where one of them is open."""
    theirs = {s.key: s for s in sites(new)}
    for site in sites(old):
        other = theirs.get(site.key)
        if other is not None and site.edge != other.edge and bounds.Edge.OPEN in (site.edge, other.edge):
            yield site, other


def closed(policy: ir.CompiledPolicy, other: ir.CompiledPolicy) -> ir.CompiledPolicy:
    """`policy` with each open site read as `other` reads it there (as its mark says where `other` has no
    such site), so comparing expressions sees only what else changed."""
    readings = {s.key: s.edge for s in sites(other)}
    targets: dict[int, bounds.Edge] = {}
    for site in sites(policy):
        if site.edge is bounds.Edge.OPEN:
            target = readings.get(site.key, bounds.Edge.OPEN)
            targets[id(site.node)] = bounds.Edge.INCLUSIVE if target is bounds.Edge.OPEN else target
    if not targets:
        return policy

    def close(e: ir.Expr) -> ir.Expr | None:
        target = targets.get(id(e))
        strict = open_site(policy, e) if target is not None else None
        if strict is None:
            return None
        return replace(strict, op=ir.CmpOp(strict.op + ("=" if target is bounds.Edge.INCLUSIVE else "")))

    clauses = rewrite(policy.clauses, close)
    return replace(policy, clauses=clauses)


def rewrite(obj: Any, fn: Callable[[ir.Expr], ir.Expr | None]) -> Any:
    """`obj` with every expression for which fn gives a replacement replaced, records rebuilt around it."""
    if isinstance(obj, ir.Expr):
        new = fn(obj)
        if new is not None:
            return new
    if isinstance(obj, tuple):
        items = tuple(rewrite(x, fn) for x in obj)
        return items if any(a is not b for a, b in zip(items, obj, strict=True)) else obj
    if isinstance(obj, Record) and is_dataclass(obj):
        changed = {}
        for f in fields(obj):
            value = getattr(obj, f.name)
            new_value = rewrite(value, fn)
            if new_value is not value:
                changed[f.name] = new_value
        return replace(obj, **changed) if changed else obj
    return obj
