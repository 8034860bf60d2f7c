"""The backend interface: the primitives a backend implements so that `semantics` can run on it.

A backend decides how values are represented — exact `Fraction`s for one case (backends/exact.py),
polars expressions over a whole population (backends/columnar.py), z3 terms for the solver
(backends/symbolic.py) — and nothing else. What a clause *means* (conditions → award → never below 0
→ caps in order → round once → status) and what the cross-clause rules mean (取高不重复, 合计上限) is
written once, in semantics/clause.py and semantics/cross.py, against these protocols.

Three type parameters name a backend's representations:
    V  a number or an amount      (Fraction | Unknown; a columnar Num; a z3 ArithRef)
    B  a truth value, maybe unknown (bool | Unknown; a columnar Flag; a z3 BoolRef)
    O  a clause outcome            (a ClauseResult; a columnar ClauseOutput; a z3 term pair)

Completeness (tests/test_backends_complete.py): every backend lists the IR expression nodes it
evaluates in `EXPRESSIONS` (node type → handler) and those it cannot in `UNSUPPORTED` (node type →
the reason, shown to the user: batch falls back to the exact path and says so; check reports
"could not check"); every node type of compiler/ir.py must be in one of the two. Likewise every
step in `CLAUSE_STEPS` and `CROSS_STEPS` is a method of the backend's clause and ledger classes, or
is listed in its `UNSUPPORTED_STEPS` with the reason.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol, TypeVar

from policylang.compiler import ir

V = TypeVar("V")
B = TypeVar("B")
O = TypeVar("O", covariant=True)  # noqa: E741 - the conventional name for the outcome type

# The primitives semantics/clause.py calls, by name (the completeness test reads these tuples).
CLAUSE_STEPS = ("condition", "all_of", "award", "floor_zero", "cap", "round", "over_items", "when", "outcome")
CROSS_STEPS = (
    "amount",
    "is_paid",
    "is_undetermined",
    "upper_bound",
    "group_limit",
    "limit_failed",
    "minimum",
    "subtract",
    "total",
    "greater",
    "both",
    "either",
    "negate",
    "choose",
    "highest_paid",
    "truth",
    "choice",
    "exclude",
    "undetermine",
    "reduce",
    "stage",
)


class ClauseBackend(Protocol[V, B, O]):
    """What one clause's pipeline needs. Each step may record what it did (the exact backend keeps a
    structured trace); none decides meaning: the order and the rules are semantics/clause.py's."""

    def condition(self, condition: ir.ConditionPlan) -> B:
        """One condition: true, false, or unknown where it needs a number the text does not give."""
        ...

    def all_of(self, truths: Sequence[B]) -> B:
        """Kleene conjunction: one false decides; else one unknown makes it unknown; else true."""
        ...

    def award(self, expr: ir.Expr) -> V:
        """The value of the award expression (the clause's, or the current item's)."""
        ...

    def floor_zero(self, amount: V) -> V:
        """An award is never negative: a negative amount is paid as 0."""
        ...

    def cap(self, amount: V, cap: ir.CapPlan) -> V:
        """min(amount, limit); a cumulative cap's limit is first reduced by what history says was
        already paid. A limit below 0 counts as 0: a cap lowers an award to 0 at most, never below.
        Unknown where the limit or the amount is."""
        ...

    def round(self, amount: V, rule: ir.Rounding) -> V:
        """The policy's declared rounding, applied once per clause, after its caps."""
        ...

    def when(self, holds: B, amount: Callable[[], V]) -> V:
        """`amount` where `holds` is true, 0 where it is false, unknown where it is unknown.
        `amount` is a thunk so a backend that decides per case need not compute an ineligible award."""
        ...

    def over_items(self, items: ir.ItemPlan, one_item: Callable[[], tuple[B, V]], one_group: Callable[[V], V]) -> V:
        """逐项: `one_item()` is called with each item of the list bound (its fields readable by
        `award` and `condition`) and gives whether the item qualifies and its amount (0 if not).
        Only qualifying items count. The backend keeps, within each `group_by` group, the items the
        quantity limit lets count (最有利: the largest amounts, the earlier-listed on a tie; 申报顺序:
        the first listed), sums them, passes the sum to `one_group` (the group caps), and adds the
        groups up. An item that is not determinable makes the clause's amount not determinable."""
        ...

    def outcome(self, plan: ir.ClausePlan, eligible: B, amount: Callable[[], V]) -> O:
        """The clause's result: ineligible where `eligible` is false (the amount is not needed there),
        else not determinable where it or the amount is unknown, else paid (or zero) with the amount."""
        ...


class Ledger(Protocol[V, B]):
    """The clause outcomes of one evaluation — one case, or a whole population at once — as the
    cross-clause rules of semantics/cross.py read and change them. Amounts are what each clause pays
    now, after rounding (0 unless paid)."""

    # --- reading the outcomes
    def amount(self, citation: str) -> V: ...
    def is_paid(self, citation: str) -> B: ...
    def is_undetermined(self, citation: str) -> B: ...
    def upper_bound(self, citation: str) -> V | None:
        """What an undetermined clause could pay at most (from its known caps); None: no bound."""
        ...

    def group_limit(self, group: ir.GroupCapPlan) -> V | None:
        """The 合计上限's limit; None where it needs a number the text does not give (the cap is then
        not applied), or where it cannot be computed for the case (see `limit_failed`)."""
        ...

    def limit_failed(self, group: ir.GroupCapPlan) -> None:
        """Where the 合计上限's limit cannot be computed (a date before its table), what its paid
        members get is not determinable: mark them so, with the reason."""
        ...

    # --- arithmetic and logic on values
    def minimum(self, a: V, b: V) -> V: ...
    def subtract(self, a: V, b: V) -> V: ...
    def total(self, values: Sequence[V]) -> V: ...
    def greater(self, a: V, b: V) -> B: ...
    def both(self, a: B, b: B) -> B: ...
    def either(self, a: B, b: B) -> B: ...
    def negate(self, a: B) -> B: ...
    def truth(self, value: bool) -> B: ...
    def choose(self, holds: B, then: V, otherwise: V) -> V: ...
    def highest_paid(self, citations: Sequence[str]) -> V:
        """The largest amount among the paid clauses of `citations` (below every amount if none is)."""
        ...

    def choice(self, group: ir.ChoicePlan | ir.OtherFundsPlan) -> str | None:
        """不重复享受: the member the evaluation takes as kept; 就高不重复 against other funds with no
        reading written: the reading taken (its parameter given with --set, or by
        decide trying each), or None where it is not given. The same for every case of an evaluation."""
        ...

    # --- changing the outcomes, where `where` holds (always true for one case that reached here)
    def exclude(self, citation: str, where: B, group: ir.ExclusivePlan, kept: Sequence[tuple[B, str]]) -> None:
        """取高不重复 (or 不重复享受, an ir.ChoicePlan): the clause is not paid; `kept` says which member is
        paid instead, under which truth."""
        ...

    def undetermine(
        self, citation: str, where: B, group: ir.ExclusivePlan | ir.GroupCapPlan, rivals: Sequence[tuple[B, str]]
    ) -> None:
        """取高不重复: an undetermined rival could be the highest; 不重复享受 (an ir.ChoicePlan): another
        member could be paid and the text does not say which is kept; 合计上限: an undetermined member listed
        before could take up the room this one needs — or, with rivals, where the 合计上限's limit is not
        known (group_limit gave None), which member of a 取高不重复 is kept depends on it (cross.py,
        best_choice; the rivals are the members that could be kept instead). Either way what this
        member is paid is not determinable; its own amount remains its upper bound."""
        ...

    def reduce(self, citation: str, to: V, where: B, group: ir.GroupCapPlan, limit: V) -> None:
        """合计上限: the clause is paid `to` (less than its amount) where `where` holds; 0 makes it zero."""
        ...

    def stage(self) -> None:
        """A point between two rules where a backend may materialise what it has built (columnar)."""
        ...


__all__ = ["CLAUSE_STEPS", "CROSS_STEPS", "B", "ClauseBackend", "Ledger", "O", "V"]
