"""`policylang batch --engine duckdb`: the policy compiled to SQL (backends/sql.py) and run on embedded DuckDB.

The population is read by batch's own reader (readers/population.py), so both engines take the very
same exact integers; the frame is handed to DuckDB as it is (Arrow, no copy), the query reads each
fact as `integer × scale`, and the result has batch's columns. 名次 and every construct without an
exact SQL form are refused with a located Q-code (no fallback: the point of this engine is
to show what the SQL computes), and the command exits non-zero. The rows the query marks `须复核` (an item
list's exact sum too close to a cap or a half 分 for its bracket to decide: backends/sql.py's Fine) are
computed again by batch's own engine, as polars batch redoes the same rows with the exact evaluator.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from fractions import Fraction
from typing import Any

import polars as pl

from policylang.backends.columnar import I64, STATUS
from policylang.compiler import ir
from policylang.errors import Diagnostic, PolicyError
from policylang.readers.population import ROW, Population
from policylang.report.i18n import t
from policylang.tools.batch.engine import Outcome


def facts_frame(policy: ir.CompiledPolicy, pop: Population) -> pl.DataFrame:
    """The facts as the exact integers (and yes/no, words, dates) the engines compute with."""
    columns = [pop.integers(n).alias(n) for n in policy.facts if n in pop.frame.columns]
    if pop.id_column and pop.id_column not in policy.facts:
        columns.insert(0, pl.col(pop.id_column))
    columns.append(pl.int_range(pl.len(), dtype=pl.Int64).alias(ROW))  # what item tables join on
    frame = pop.frame.select(columns)
    return narrow_frame(frame)


def narrow_frame(frame: pl.DataFrame) -> pl.DataFrame:
    wide = [n for n, dtype in frame.schema.items() if dtype == pl.Int128]  # Arrow has no 128-bit integers
    return frame.with_columns([pl.col(n).cast(pl.Decimal(38, 0)) for n in wide]) if wide else frame


SETTINGS_PREFIX = "POLICYLANG_DUCKDB_"


def duckdb_config() -> dict[str, str | bool | int | float | list[str]]:
    """DuckDB's settings from the environment: POLICYLANG_DUCKDB_MEMORY_LIMIT=4GB, …_THREADS=2,
    …_TEMP_DIRECTORY=/big/disk (where it spills beyond the limit); any other DuckDB setting by its name."""
    return {k[len(SETTINGS_PREFIX) :].lower(): v for k, v in os.environ.items() if k.startswith(SETTINGS_PREFIX) and v}


def connect() -> Any:
    """An in-memory DuckDB with the environment's settings (a setting DuckDB refuses: Q015)."""
    import duckdb

    config = duckdb_config()
    try:
        return duckdb.connect(config=config)
    except duckdb.Error as error:
        names = "、".join(SETTINGS_PREFIX + k.upper() for k in config)
        raise PolicyError(Diagnostic("Q015", t("sql.engine.setting", names=names, reason=str(error)))) from None


def run(
    policy: ir.CompiledPolicy,
    pop: Population,
    overrides: dict[str, Any] | None = None,
    only: Iterable[str] | None = None,
) -> pl.DataFrame:
    """Batch's public result columns for `pop`, computed by DuckDB from the compiled query."""
    return outcome(policy, pop, overrides, only).public()


def outcome(
    policy: ir.CompiledPolicy,
    pop: Population,
    overrides: dict[str, Any] | None = None,
    only: Iterable[str] | None = None,
) -> Outcome:
    """What Engine.run gives (the public columns, the hidden bounds and errors batch's summary reads)."""

    import duckdb

    from policylang.backends.sql import RECHECK, build_query

    frame = facts_frame(policy, pop)
    present = [n for n in policy.facts if n in frame.columns]
    tables = {name: f"items{i}" for i, name in enumerate(pop.items)}
    query, upper_scales = build_query(
        policy,
        "duckdb",
        table="facts",
        id_column=pop.id_column,
        overrides=overrides,
        only=only,
        scales={n: pop.scales[n] for n in present if n in pop.scales},
        columns=present,
        hidden=True,
        items=tables,
        item_scales={name: dict(pop.items[name].scales) for name in tables},
        item_key=ROW,
    )
    con = connect()
    try:
        con.register("facts", frame.to_arrow())
        for name, table in tables.items():
            con.register(table, narrow_frame(pop.items[name].frame).to_arrow())
        out = con.sql(query.sql(dialect="duckdb")).pl()
    except duckdb.Error as error:
        raise stopped(error) from None
    finally:
        con.close()
    exact_rows: dict[str, int] = {}
    if RECHECK in out.columns:
        redo = out[RECHECK].fill_null(False)
        out = out.drop(RECHECK)
        if redo.any():
            out, exact_rows = recheck_rows(policy, pop, overrides, only, out, redo, upper_scales)
    typed = []
    for name, dtype in out.schema.items():
        if name.endswith(":状态"):
            typed.append(pl.col(name).cast(STATUS))
        elif name.startswith("__ub:"):
            wide = out[name].abs().max() is not None and int(out[name].abs().max()) > I64
            typed.append(pl.col(name).cast(pl.Int128 if wide else pl.Int64))
        elif dtype != pl.Boolean and (name.endswith("[分]")):
            typed.append(pl.col(name).cast(pl.Int64))
        else:
            typed.append(pl.col(name))
    return Outcome(out.select(typed), {}, upper_scales, exact_rows)


def stopped(error: Exception) -> PolicyError:
    """DuckDB's own error as a message: an overflow (a CAST to BIGINT of more 分 than 64 bits hold, a HUGEINT past
    2^127) in words, anything else with DuckDB's first line; the polars path names the row."""
    import duckdb

    overflow = isinstance(error, (duckdb.ConversionException, duckdb.OutOfRangeException))
    reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    message = t("sql.engine.out_of_range") if overflow else t("sql.engine.failed", reason=reason)
    return PolicyError(Diagnostic("Q016", message, suggestion=t("sql.engine.failed.hint")))


def recheck_rows(
    policy: ir.CompiledPolicy,
    pop: Population,
    overrides: dict[str, Any] | None,
    only: Iterable[str] | None,
    out: pl.DataFrame,
    redo: pl.Series,
    upper_scales: dict[str, Fraction],
) -> tuple[pl.DataFrame, dict[str, int]]:
    """The rows the query marks `须复核` (a Fine sum whose interval holds a cap or a half 分: backends/sql.py),
    computed again by batch's own engine, which redoes exactly such rows with the exact evaluator; their
    bounds for the summary are batch's, brought to the query's scale. Also how many rows of each clause batch's
    engine itself redid exactly among them (the summary's note, as polars')."""
    from policylang.tools.batch.engine import Engine
    from policylang.tools.batch.items import subset

    rows = redo.arg_true()
    redone = Engine(policy, overrides, only).run(subset(pop, rows))
    exact = redone.frame
    columns = []
    for name in out.columns:
        if name in exact.columns and not name.startswith("__ub:"):
            patch = exact[name].cast(pl.String) if out.schema[name] == pl.String else exact[name]
            columns.append(out[name].scatter(rows, patch.cast(out.schema[name])))
        elif name.startswith("__ub:"):  # batch's bound for the row, at the query's scale (exact: a whole multiple)
            c = name[len("__ub:") :]
            found = exact.get_column(name, default=None)
            ratio = redone.upper_scales.get(c, Fraction(0)) / upper_scales[c]
            bound = pl.Series([None] * rows.len(), dtype=pl.Int128)
            if found is not None and ratio.denominator == 1:
                times = pl.lit(ratio.numerator, dtype=pl.Int128)
                bound = found.cast(pl.Int128).to_frame().select(pl.col(name) * times).to_series()
            patch = pl.Series([None] * out.height, dtype=pl.Int128).scatter(rows, bound)
            merged = pl.select(pl.when(pl.lit(redo)).then(pl.lit(patch)).otherwise(pl.lit(out[name].cast(pl.Int128))))
            columns.append(merged.to_series().alias(name).cast(out.schema[name]))
        else:
            columns.append(out[name])
    return pl.DataFrame(columns), redone.exact_rows
