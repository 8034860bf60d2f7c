"""What a revision does to one enterprise, defined once for `diff --cases` and `diff --population`.

Per clause and version, a status and amount give a `Standing`:
    pays      determinable and pays more than 0 (status paid)
    not_paid  qualifies, but another clause of its 取高不重复 group is paid (excluded)
    nothing   pays nothing: not eligible, an amount of 0 (a `上限 … 0元` included), or no such clause
    unknown   not determinable
    skipped   not evaluated: the case lacks a fact the clause needs (noted, not counted)
Per clause, the two standings give a `ClauseChange` (RULES, in order, then the change in amount):
    no_longer_eligible  paid under the old version, pays nothing under the new one
    newly_eligible      paid nothing under the old version, pays under the new one
    undetermined        not determinable in one version (unless the clause means the same in both
                        and is not determinable in either: the same unknown amount cancels out → same)
    not_compared        skipped in one version
    gain / loss / same  by the change in amount
Per enterprise, an `Outcome`: not_applicable (its facts do not fit a version), undetermined (some
clause change is), else gain / loss / same by the change in its total.

`classify` and `outcome` decide one case; `classify_expr` and `outcome_expr` build the same rules as
polars expressions for a population (polars is imported only there).
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from fractions import Fraction
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import polars as pl


class Word(str, Enum):
    """An English identifier, shown and serialised as its value (machine output uses these)."""

    def __str__(self) -> str:
        return str(self.value)


class Standing(Word):
    PAYS = "pays"
    NOT_PAID = "not_paid"
    NOTHING = "nothing"
    UNKNOWN = "unknown"
    SKIPPED = "skipped"


class ClauseChange(Word):
    NO_LONGER_ELIGIBLE = "no_longer_eligible"
    NEWLY_ELIGIBLE = "newly_eligible"
    UNDETERMINED = "undetermined"
    NOT_COMPARED = "not_compared"
    GAIN = "gain"
    LOSS = "loss"
    SAME = "same"


class Outcome(Word):
    GAIN = "gain"
    LOSS = "loss"
    SAME = "same"
    UNDETERMINED = "undetermined"
    NOT_APPLICABLE = "not_applicable"


ABSENT, MISSING_FACTS = "absent", "missing_facts"  # statuses a comparison adds to the evaluator's
STANDING_OF_STATUS = {
    "paid": Standing.PAYS,  # with an amount of 0: NOTHING (see standing)
    "zero": Standing.NOTHING,
    "ineligible": Standing.NOTHING,
    ABSENT: Standing.NOTHING,
    "excluded": Standing.NOT_PAID,
    "undetermined": Standing.UNKNOWN,
    MISSING_FACTS: Standing.SKIPPED,
}
ANY = frozenset(Standing)
# (old standings, new standings) → change; the first rule that matches decides, else the amount does.
RULES: tuple[tuple[frozenset[Standing], frozenset[Standing], ClauseChange], ...] = (
    (frozenset({Standing.SKIPPED}), ANY, ClauseChange.NOT_COMPARED),
    (ANY, frozenset({Standing.SKIPPED}), ClauseChange.NOT_COMPARED),
    (frozenset({Standing.UNKNOWN}), ANY, ClauseChange.UNDETERMINED),
    (ANY, frozenset({Standing.UNKNOWN}), ClauseChange.UNDETERMINED),
    (frozenset({Standing.PAYS}), frozenset({Standing.NOTHING}), ClauseChange.NO_LONGER_ELIGIBLE),
    (frozenset({Standing.NOTHING}), frozenset({Standing.PAYS}), ClauseChange.NEWLY_ELIGIBLE),
)


def standing(status: str, amount: Fraction | int | None) -> Standing:
    found = STANDING_OF_STATUS[status]
    if found is Standing.PAYS and not (amount or 0) > 0:
        return Standing.NOTHING
    return found


def classify(old: Standing, new: Standing, delta: Fraction | int, same_meaning: bool = False) -> ClauseChange:
    """One clause's change for one enterprise; `same_meaning`: the clause reads the same in both versions."""
    if same_meaning and old is new is Standing.UNKNOWN:
        return ClauseChange.SAME
    for olds, news, change in RULES:
        if old in olds and new in news:
            return change
    return ClauseChange.GAIN if delta > 0 else ClauseChange.LOSS if delta < 0 else ClauseChange.SAME


def outcome(fits: bool, changes: Iterable[ClauseChange], delta: Fraction | int | None) -> Outcome:
    """One enterprise's outcome from its clause changes and the change in its total."""
    if not fits or delta is None:
        return Outcome.NOT_APPLICABLE
    if any(c is ClauseChange.UNDETERMINED for c in changes):
        return Outcome.UNDETERMINED
    return Outcome.GAIN if delta > 0 else Outcome.LOSS if delta < 0 else Outcome.SAME


# ---------------------------------------------------------------------------- the same, over columns
def standing_expr(status: pl.Expr, amount: pl.Expr) -> pl.Expr:
    import polars as pl

    found = status.cast(pl.String).replace_strict(
        list(STANDING_OF_STATUS), [s.value for s in STANDING_OF_STATUS.values()], return_dtype=pl.String
    )
    paid_nothing = (found == Standing.PAYS.value) & ~(amount.fill_null(0) > 0)
    return pl.when(paid_nothing).then(pl.lit(Standing.NOTHING.value)).otherwise(found)


def classify_expr(old: pl.Expr, new: pl.Expr, delta: pl.Expr, same_meaning: bool = False) -> pl.Expr:
    import polars as pl

    unknown = Standing.UNKNOWN.value
    chain: Any = None  # polars' When / Then / ChainedThen: one chain, built rule by rule
    if same_meaning:
        chain = pl.when((old == unknown) & (new == unknown)).then(pl.lit(ClauseChange.SAME.value))
    for olds, news, change in RULES:
        test = old.is_in([s.value for s in olds]) & new.is_in([s.value for s in news])
        chain = (pl.when(test) if chain is None else chain.when(test)).then(pl.lit(change.value))
    assert chain is not None
    by_amount = (
        pl.when(delta > 0)
        .then(pl.lit(ClauseChange.GAIN.value))
        .when(delta < 0)
        .then(pl.lit(ClauseChange.LOSS.value))
        .otherwise(pl.lit(ClauseChange.SAME.value))
    )
    decided: pl.Expr = chain.otherwise(by_amount)
    return decided


def outcome_expr(changes: list[pl.Expr], delta: pl.Expr) -> pl.Expr:
    import polars as pl

    undetermined = (
        pl.any_horizontal([c == ClauseChange.UNDETERMINED.value for c in changes]) if changes else pl.lit(False)
    )
    return (
        pl.when(undetermined)
        .then(pl.lit(Outcome.UNDETERMINED.value))
        .when(delta > 0)
        .then(pl.lit(Outcome.GAIN.value))
        .when(delta < 0)
        .then(pl.lit(Outcome.LOSS.value))
        .otherwise(pl.lit(Outcome.SAME.value))
    )


__all__ = [
    "ABSENT",
    "MISSING_FACTS",
    "ClauseChange",
    "Outcome",
    "Standing",
    "classify",
    "classify_expr",
    "outcome",
    "outcome_expr",
    "standing",
    "standing_expr",
]
