"""What one clause means, written once for every backend.

    conditions (all of them, Kleene logic over unknowns)
      → the award: an expression, or 逐项 per item (item conditions → award → never below 0 →
        item caps, in order) with the quantity limit and the group caps within each group
      → never below 0
      → the clause's caps, in the order listed (a cumulative cap minus what was already paid)
      → rounded once, by the policy's declared rule
      → the outcome: ineligible / not determinable / paid (or zero)

A backend supplies the primitives (semantics/backend.py); it never re-states this order.
"""

from __future__ import annotations

from typing import TypeVar

from policylang.compiler import ir
from policylang.semantics.backend import ClauseBackend

V = TypeVar("V")
B = TypeVar("B")
O = TypeVar("O")  # noqa: E741


def evaluate_clause(plan: ir.ClausePlan, rounding: ir.Rounding, backend: ClauseBackend[V, B, O]) -> O:
    """The clause's outcome on whatever the backend evaluates (one case, a population, a model)."""
    eligible = all_conditions(plan.conditions, backend)
    return backend.outcome(plan, eligible, lambda: paid_amount(plan, rounding, backend))


def all_conditions(conditions: tuple[ir.ConditionPlan, ...], backend: ClauseBackend[V, B, O]) -> B:
    """Whether every condition holds (Kleene logic over unknowns)."""
    return backend.all_of([backend.condition(c) for c in conditions])


def paid_amount(plan: ir.ClausePlan, rounding: ir.Rounding, backend: ClauseBackend[V, B, O]) -> V:
    """The amount of an eligible clause: award, never below 0, caps in order, rounded once."""
    return backend.round(capped(award_amount(plan, backend), plan.caps, backend), rounding)


def award_amount(plan: ir.ClausePlan, backend: ClauseBackend[V, B, O]) -> V:
    """The award (an expression, or 逐项 per item), never below 0: the amount before the clause's caps."""
    if plan.items is not None:
        award = items_award(plan.items, backend)
    else:
        assert plan.award is not None, plan.citation  # compile guarantees one of award / items
        award = backend.award(plan.award)
    return backend.floor_zero(award)


def capped(amount: V, caps: tuple[ir.CapPlan, ...], backend: ClauseBackend[V, B, O]) -> V:
    """Each cap in the order listed."""
    for cap in caps:
        amount = backend.cap(amount, cap)
    return amount


def items_award(items: ir.ItemPlan, backend: ClauseBackend[V, B, O]) -> V:
    """逐项: per item, its conditions, its award never below 0 and its caps; per group, the quantity
    limit and the group caps; the groups added up."""

    def one_item() -> tuple[B, V]:
        holds = all_conditions(items.conditions, backend)
        amount = backend.when(
            holds, lambda: capped(backend.floor_zero(backend.award(items.award)), items.caps, backend)
        )
        return holds, amount

    def one_group(subtotal: V) -> V:
        return capped(subtotal, items.group_caps, backend)

    return backend.over_items(items, one_item, one_group)


__all__ = ["all_conditions", "award_amount", "capped", "evaluate_clause", "items_award", "paid_amount"]
