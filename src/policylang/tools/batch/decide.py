"""The rows a batch leaves undetermined, decided as `eval` decides one case (semantics/decide.py).

Only the rows with a clause not determinable are looked at again. They are grouped by the unspecified
numbers they wait for (`decide.waiting_for`, from which clauses are undetermined on the row, as
eval computes it); each group is re-run through the columnar engine once per combination of values
(given as --set values are), and a row's clause is decided where every combination gives it the
same determined status and amount; its total where every combination is determinable with the same
total. A clause reported determined that differs between the combinations becomes undetermined.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import polars as pl

from policylang.backends.columnar import BOUND, status_lit, sum_columns
from policylang.backends.exact import UNDETERMINED
from policylang.readers.population import ROW, Population
from policylang.semantics import decide

if TYPE_CHECKING:
    from policylang.tools.batch.engine import Engine, Outcome


def settle(engine: Engine, pop: Population, outcome: Outcome) -> Outcome:
    """`outcome` with the rows decided that are the same for every value of what they wait for."""
    from policylang.tools.batch.engine import DETERMINABLE

    frame = outcome.frame
    from policylang.tools.batch.engine import status_column

    citations = [p.citation for p in engine.plans]
    if frame.select((~pl.col(DETERMINABLE)).any()).item() is not True:
        return outcome
    flags = [(pl.col(status_column(c)) == status_lit(UNDETERMINED)).cast(pl.UInt8).cast(pl.String) for c in citations]
    keyed = (
        frame.with_row_index(ROW_KEY)
        .filter(~pl.col(DETERMINABLE))
        .group_by(pl.concat_str(flags).alias("__key"))
        .agg(pl.col(ROW_KEY).cast(pl.Int64))
    )
    groups = {
        tuple(c for c, f in zip(citations, key, strict=True) if f == "1"): rows for key, rows in keyed.iter_rows()
    }
    verdicts = []
    for pending, rows in groups.items():
        found = decide.enumeration(
            engine.policy, decide.waiting_for(engine.policy, pending, citations) - set(engine.overrides)
        )
        if found is not None:
            verdicts.append(verdict(engine, pop, rows, found, citations))
    if not verdicts:
        return outcome
    return replace(outcome, frame=apply(frame, pl.concat(verdicts), citations))


def verdict(
    engine: Engine, pop: Population, rows: list[int], found: decide.Enumeration, citations: list[str]
) -> pl.DataFrame:
    """For `rows`, re-run once per combination of `found`: per clause whether every run gives the same
    determined status and amount (`__same:`), that status and amount, and whether the total agrees."""
    from policylang.tools.batch.engine import DETERMINABLE, TOTAL, Engine, amount_column, status_column

    subset = population_rows(pop, rows)
    runs = []
    for values in found.assignments:
        again = Engine(engine.policy, {**engine.overrides, **values}, citations)
        again.decides = False
        runs.append(again.run(subset).frame)
    first = runs[0]
    columns: list[pl.Series | pl.Expr] = [pl.Series(ROW_KEY, rows, dtype=pl.Int64)]
    for c in citations:
        st, am = status_column(c), amount_column(c)
        same = first[st] != UNDETERMINED
        for run in runs[1:]:
            same = same & (run[st] == first[st]) & run[am].eq_missing(first[am])
        columns += [same.alias(SAME + c), first[st].alias(ST + c), first[am].alias(AM + c)]
    agreed = pl.Series([True] * len(rows))
    for run in runs:
        agreed = agreed & run[DETERMINABLE] & (run[TOTAL] == first[TOTAL])
    columns += [agreed.alias(AGREED), first[TOTAL].alias(TOTAL_KEY)]
    return pl.DataFrame(columns)


ROW_KEY, SAME, ST, AM, AGREED, TOTAL_KEY = "__drow", "__same:", "__dst:", "__dam:", "__dagree", "__dtotal"


def apply(frame: pl.DataFrame, verdicts: pl.DataFrame, citations: list[str]) -> pl.DataFrame:
    """The verdicts written into the outcome's columns (rows without one are left as they were)."""
    from policylang.tools.batch.engine import DETERMINABLE, TOTAL, amount_column, status_column

    joined = (
        frame.with_row_index(ROW_KEY)
        .with_columns(pl.col(ROW_KEY).cast(pl.Int64))
        .join(verdicts, on=ROW_KEY, how="left")
    )
    touched = pl.col(AGREED).is_not_null()
    undetermined = status_lit(UNDETERMINED)
    updates: list[pl.Expr] = []
    pending: list[pl.Expr] = []
    amounts: list[pl.Expr] = []
    for c in citations:
        st, am = status_column(c), amount_column(c)
        same = touched & pl.col(SAME + c)
        differs = touched & ~pl.col(SAME + c) & (pl.col(st) != undetermined)  # it differs with the value after all
        new_amount = pl.when(same).then(pl.col(AM + c)).when(differs).then(None).otherwise(pl.col(am))
        updates.append(
            pl.when(same).then(pl.col(ST + c)).when(differs).then(undetermined).otherwise(pl.col(st)).alias(st)
        )
        updates.append(new_amount.alias(am))
        if BOUND + c in frame.columns:
            updates.append(pl.when(same).then(None).otherwise(pl.col(BOUND + c)).alias(BOUND + c))
        pending.append(touched & ~pl.col(SAME + c))
        amounts.append(new_amount.fill_null(0))
    none_pending = ~pl.any_horizontal(pending) if pending else pl.lit(True)
    summed = sum_columns(amounts) if amounts else pl.col(TOTAL)
    total = (
        pl.when(touched & none_pending)
        .then(summed)
        .when(touched & pl.col(AGREED))
        .then(pl.col(TOTAL_KEY))
        .when(touched)
        .then(summed)
        .otherwise(pl.col(TOTAL))
    )
    determinable = pl.when(touched & (none_pending | pl.col(AGREED))).then(True).otherwise(pl.col(DETERMINABLE))
    out = joined.with_columns(
        [*updates, total.cast(frame.schema[TOTAL]).alias(TOTAL), determinable.alias(DETERMINABLE)]
    )
    return out.select(frame.columns)


def population_rows(pop: Population, rows: list[int]) -> Population:
    """The population's `rows` (in that order), their item tables re-keyed to the new row numbers."""
    index = pl.Series("__keep", rows, dtype=pl.Int64)
    frame = pop.frame[index]
    renumber = pl.DataFrame({ROW: rows, "__new": list(range(len(rows)))}, schema={ROW: pl.Int64, "__new": pl.Int64})
    items = {
        name: replace(
            table,
            frame=table.frame.join(renumber, on=ROW, how="inner")
            .drop(ROW)
            .rename({"__new": ROW})
            .select(table.frame.columns),
        )
        for name, table in pop.items.items()
    }
    return replace(pop, frame=frame, items=items)  # the whole population's bounds hold for any of its rows
