"""What every check receives: the compiled policy, its syntax tree, and small shared helpers."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, TypeVar

from policylang.backends import symbolic as solver
from policylang.backends.exact import Env, EvaluationError, Unknown, ev, referenced_results
from policylang.compiler import ir
from policylang.errors import Span
from policylang.frontend import ast
from policylang.frontend.units import Money, Ratio
from policylang.report.i18n import t

T = TypeVar("T")


@dataclass(frozen=True)
class Subject:
    """What a check is looking at: a clause, a 合计上限, a group, a pair of clauses."""

    key: str  # unique within one check
    citation: str | None
    span: Span | None


@dataclass
class Context:
    """What every check receives. A check walks its subjects with `each` (or `clauses`), so that
    where it cannot go on (an unsupported construct, a time-out) the failure names the subject, and
    the check resumes after it: `done` holds the subjects it finished, `current` the one in hand."""

    policy: ir.CompiledPolicy
    tree: ast.Policy | None = None
    done: set[str] = field(default_factory=set)
    current: Subject | None = None
    paying: dict[str, bool | None] = field(default_factory=dict)  # citation → some case pays (None: unknown)

    def each(self, things: Iterable[T], subject: Callable[[T], Subject]) -> Iterator[T]:
        """The things not yet done, each made `current` while the check looks at it."""
        for thing in things:
            s = subject(thing)
            if s.key in self.done:
                continue
            self.current = s
            yield thing
            self.done.add(s.key)
        self.current = None

    def clauses(self) -> Iterator[ir.ClausePlan]:
        return self.each(self.policy.clauses, lambda p: Subject(p.citation, p.citation, p.span))

    def pays(self, plan: ir.ClausePlan) -> bool:
        """Whether some case makes the clause pay. One that never can is the root finding of the
        conditions family (COND001/COND002); the caps, tiers and 取高不重复 checks skip it, since
        whatever they would find there (every cap "dead", every tier "never applies", its group
        "never decides") only follows from it. A solver that cannot tell counts as "may pay" (the
        check that then runs says for itself whether it could conclude)."""
        if plan.citation not in self.paying:
            enc = self.encoder()
            try:
                self.paying[plan.citation] = solver.Query(enc, enc.paid(plan, "x") > 0).check() == solver.SAT
            except solver.CannotCheck:
                self.paying[plan.citation] = None
        return self.paying[plan.citation] is not False

    def encoder(self) -> solver.Encoder:
        return solver.Encoder(self.policy)

    def clause(self, citation: str) -> ir.ClausePlan:
        plan = self.policy.clause(citation)
        assert plan is not None
        return plan

    def grouped(self, a: str, b: str) -> bool:
        """Whether two clauses share a 取高不重复 group (so they are never both paid)."""
        return any(a in g.citations and b in g.citations for g in self.policy.exclusive)

    def value(self, e: ir.Expr, facts: dict[str, Any], item: dict[str, Any] | None = None) -> Any:
        """An expression's exact value on a case's facts (None if it cannot be computed)."""
        env = Env(self.policy, facts, {})
        env.item = item
        try:
            env.clauses = referenced_results(self.policy, e, facts, {})  # 金额(一2): what it reads first
            out = ev(e, env)
        except (EvaluationError, KeyError, TypeError):
            return None
        return None if isinstance(out, Unknown) else out


def award_exprs(plan: ir.ClausePlan) -> Iterator[tuple[ir.Expr, str | None]]:
    """The clause's award expression and, for 逐项, the per-item one (with its list)."""
    if plan.award is not None:
        yield plan.award, None
    if plan.items is not None:
        yield plan.items.award, plan.items.items


def clause_caps(plan: ir.ClausePlan) -> list[ir.CapPlan]:
    out = list(plan.caps)
    if plan.items is not None:
        out = list(plan.items.caps) + list(plan.items.group_caps) + out
    return out


def every_expr(plan: ir.ClausePlan) -> Iterator[ir.Expr]:
    for c in plan.conditions:
        yield c.expr
    for e, _ in award_exprs(plan):
        yield e
    if plan.items is not None:
        for c in plan.items.conditions:
            yield c.expr
    for cap in clause_caps(plan):
        yield cap.limit


def rate_terms(e: ir.Expr) -> list[tuple[Fraction | None, ir.Expr, ir.Arith]]:
    """(rate, base, the × node) for every `rate × money` in an expression; rate None if not a known number."""
    out: list[tuple[Fraction | None, ir.Expr, ir.Arith]] = []
    for node in e.walk():
        if isinstance(node, ir.Arith) and node.op == "×":
            for rate, base in ((node.left, node.right), (node.right, node.left)):
                if isinstance(rate.type, Ratio) and isinstance(base.type, Money):
                    out.append((known_number(rate), base, node))
    return out


def known_number(e: ir.Expr) -> Fraction | None:
    if isinstance(e, ir.Const) and isinstance(e.value, Fraction):
        return e.value
    if isinstance(e, ir.Param) and not e.unspecified:
        return None
    return None


def base_key(e: ir.Expr) -> tuple[str, ...] | None:
    """What a base amount *is*, so two clauses paying for the same cost can be recognised."""
    if isinstance(e, ir.Input):
        return ("fact", e.name)
    if isinstance(e, ir.Field):
        return ("field", e.items, e.name)
    return None


def base_name(e: ir.Expr) -> str:
    if isinstance(e, ir.Field):
        return f"{e.items}.{e.name}"
    if isinstance(e, (ir.Input, ir.Derived, ir.Param)):
        return e.name
    return e.span.text if e.span is not None else t("check.base")


__all__ = [
    "Context",
    "Fraction",
    "Subject",
    "award_exprs",
    "base_key",
    "base_name",
    "clause_caps",
    "every_expr",
    "rate_terms",
]
