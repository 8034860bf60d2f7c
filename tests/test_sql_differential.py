"""SQL on DuckDB equals polars batch, to the fen and the status, row by row, on generated populations.

The populations are tests/batch_strategies.py's (values at each threshold ±1 unit, unspecified numbers
left open or given with --set, facts left out or empty); the same frame goes through batch's reader
once, then through `Engine.run` (polars) and `tools/batch/sqlengine.run` (the compiled query on
DuckDB). Clauses the SQL backend refuses (item lists, for now) are left out by `--clause`, and the
refusal itself is tested in tests/test_sql.py.
"""

from __future__ import annotations

import polars as pl
import pytest
from batch_strategies import populations
from batch_strategies import settings as set_values
from conftest import FIXTURES, POLICIES
from hypothesis import HealthCheck, given, settings

from policylang import load_policy
from policylang.backends.sql import compile_query
from policylang.errors import PolicyError
from policylang.readers.population import population_from_frame
from policylang.tools.batch import sqlengine
from policylang.tools.batch.engine import Engine

pytest.importorskip("duckdb")  # the sql extra; dev installs it, so CI runs these


def sql_clauses(policy) -> list[str]:
    """The clauses the SQL backend compiles (each alone: a refusal names its clause)."""
    out = []
    for plan in policy.clauses:
        try:
            compile_query(policy, "duckdb", only=[plan.citation])
        except PolicyError:
            continue
        out.append(plan.citation)
    return out


def as_text(series: pl.Series) -> pl.Series:
    return series if series.dtype == pl.Boolean else series.cast(pl.String)


def assert_same(policy, frame, overrides, only) -> None:
    engine = Engine(policy, overrides, only)
    pop = population_from_frame(policy, frame, engine.plans)
    expected = engine.run(pop).public()
    got = sqlengine.run(policy, pop, overrides, only)
    assert got.columns == expected.columns
    assert got.height == expected.height
    for name in expected.columns:
        a, b = as_text(expected[name]), as_text(got[name])
        differ = ~a.eq_missing(b)
        assert not differ.any(), (name, overrides, expected.filter(differ).head(3), got.filter(differ).head(3))


DIFFERENTIAL = [
    POLICIES / "jixi.pol",
    POLICIES / "lianyungang.pol",
    FIXTURES / "batch" / "edges.pol",
    *sorted((FIXTURES / "patterns").glob("*.pol")),
]


@pytest.mark.parametrize("path", DIFFERENTIAL, ids=lambda p: p.stem)
def test_duckdb_equals_polars_batch(path):
    policy = load_policy(path)
    only = sql_clauses(policy)
    if not only:
        pytest.fail(f"{path.name}: no clause compiles to SQL")

    @settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(populations(policy, max_rows=10, max_items=3), set_values(policy))
    def check(population, overrides):
        frame, _ = population
        assert_same(policy, frame, overrides, only)

    check()
