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

from policylang.backends.columnar import BOUND, status_lit
from policylang.backends.exact import UNDETERMINED
from policylang.readers.population import ROW, Population
from policylang.semantics import decide

if TYPE_CHECKING:
    from policylang.tools.batch.engine import Engine, Outcome


def settle(engine: Engine, pop: Population, outcome: Outcome) -> Outcome:
    """`outcome` with the rows decided that are the same for every value of what they wait for."""
    from policylang.tools.batch.engine import DETERMINABLE, TOTAL, amount_column, status_column

    frame = outcome.frame
    open_rows = frame.select(pl.arg_where(~pl.col(DETERMINABLE))).to_series()
    if open_rows.is_empty():
        return outcome
    citations = [p.citation for p in engine.plans]
    undetermined = frame[open_rows].select(
        [(pl.col(status_column(c)) == status_lit(UNDETERMINED)).alias(c) for c in citations]
    )
    groups: dict[tuple[str, ...], list[int]] = {}
    for row, flags in zip(open_rows.to_list(), undetermined.iter_rows(), strict=True):
        key = tuple(c for c, flag in zip(citations, flags, strict=True) if flag)
        groups.setdefault(key, []).append(row)
    columns = {name: frame[name].to_list() for name in frame.columns}
    for pending, rows in groups.items():
        names = decide.waiting_for(engine.policy, pending, citations) - set(engine.overrides)
        found = decide.enumeration(engine.policy, names)
        if found is not None:
            decide_rows(engine, pop, rows, found, columns)
    out = pl.DataFrame(columns, schema=frame.schema)
    total = pl.sum_horizontal([pl.col(amount_column(c)).fill_null(0) for c in citations]) if citations else None
    out = out.with_columns(
        pl.when(pl.col(DETERMINABLE) | pl.lit(total is None))
        .then(pl.col(TOTAL))
        .otherwise(total if total is not None else pl.col(TOTAL))
        .cast(frame.schema[TOTAL])
        .alias(TOTAL)
    )
    return replace(outcome, frame=out)


def decide_rows(
    engine: Engine, pop: Population, rows: list[int], found: decide.Enumeration, columns: dict[str, list[object]]
) -> None:
    """Re-run `rows` once per combination of `found`, and write what they agree on into `columns`."""
    from policylang.tools.batch.engine import DETERMINABLE, TOTAL, Engine, amount_column, status_column

    subset = population_rows(pop, rows)
    only = [p.citation for p in engine.plans]
    runs = []
    for values in found.assignments:
        again = Engine(engine.policy, {**engine.overrides, **values}, only)
        again.decides = False
        runs.append(again.run(subset).frame)
    citations = only
    for i, row in enumerate(rows):
        pending = False
        for c in citations:
            st, am = status_column(c), amount_column(c)
            common = decide.same_outcome([(str(run[st][i]), run[am][i] or 0) for run in runs])  # type: ignore[misc]
            if common is None:
                if columns[st][row] != UNDETERMINED:  # it differs with the value after all
                    columns[st][row], columns[am][row] = UNDETERMINED, None
                pending = True
                continue
            columns[st][row], columns[am][row] = common[0], runs[0][am][i]
            if BOUND + c in columns:
                columns[BOUND + c][row] = None
        totals = {run[TOTAL][i] for run in runs}
        if not pending:
            columns[DETERMINABLE][row] = True
            columns[TOTAL][row] = sum(int(columns[amount_column(c)][row] or 0) for c in citations)  # type: ignore[call-overload]
        elif all(run[DETERMINABLE][i] for run in runs) and len(totals) == 1:
            columns[DETERMINABLE][row] = True
            columns[TOTAL][row] = totals.pop()


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
