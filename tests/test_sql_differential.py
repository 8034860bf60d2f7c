"""SQL on DuckDB equals polars batch, to the fen and the status, row by row, on generated populations.

The populations are tests/batch_strategies.py's (values at each threshold ±1 unit, unspecified numbers
left open or given with --set, facts left out or empty); the same frame goes through batch's reader
once, then through `Engine.run` (polars) and `tools/batch/sqlengine.run` (the compiled query on
DuckDB). Clauses the SQL backend refuses are left out by `--clause` (none of Lianyungang's: checked below), and
the refusal itself is tested in tests/test_sql.py.
"""

from __future__ import annotations

import polars as pl
import pytest
from batch_strategies import populations
from batch_strategies import settings as set_values
from conftest import EXAMPLES, FIXTURES, POLICIES
from hypothesis import HealthCheck, Phase, given, settings

from policylang import load_policy
from policylang.backends.sql import compile_query
from policylang.errors import PolicyError
from policylang.frontend.units import Bool, Date, Enum, ListOf, Text
from policylang.readers.population import population_from_frame
from policylang.tools.batch import sqlengine
from policylang.tools.batch.engine import Engine

QUICK = (Phase.explicit, Phase.generate)  # no shrinking: a failure prints its whole (small) population
pytest.importorskip("duckdb")  # the sql extra; dev installs it, so CI runs these


def sql_clauses(policy, with_items: bool = True) -> list[str]:
    """The clauses the SQL backend compiles (each alone: a refusal names its clause)."""
    out = []
    lists = {n: n for n, f in policy.facts.items() if isinstance(f.type, ListOf)} if with_items else None
    for plan in policy.clauses:
        try:
            compile_query(policy, "duckdb", only=[plan.citation], items=lists, id_column="企业")
        except PolicyError:
            continue
        out.append(plan.citation)
    return out


def test_every_lianyungang_clause_compiles_with_its_item_tables():
    """The differential test below takes the clauses that compile; for Lianyungang that must be all of them
    (一(一)'s division by each booth's own area and its 至多 合计 18平方米 included), so none drops out unseen."""
    policy = load_policy(POLICIES / "lianyungang.pol")
    assert sql_clauses(policy) == [p.citation for p in policy.clauses]


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
    EXAMPLES / "exhibition.pol",
    FIXTURES / "batch" / "edges.pol",
    FIXTURES / "decide" / "growth.pol",
    *sorted((FIXTURES / "patterns").glob("*.pol")),
]


@pytest.mark.parametrize("path", DIFFERENTIAL, ids=lambda p: p.stem)
def test_duckdb_equals_polars_batch(path):
    policy = load_policy(path)
    only = sql_clauses(policy)
    if not only:
        pytest.fail(f"{path.name}: no clause compiles to SQL")

    # whole Jixi compiles to a query of ~160 KB (its 14 combinations of open values decided in the query): a few
    # examples with more rows each keep it to seconds; the rest get more examples of fewer rows
    heavy = path.stem == "jixi"
    examples, rows = (2, 40) if heavy else (8, 10)

    @settings(
        max_examples=examples, deadline=None, phases=QUICK, suppress_health_check=list(HealthCheck), database=None
    )
    @given(populations(policy, max_rows=rows, max_items=3), set_values(policy))
    def check(population, overrides):
        frame, _ = population
        assert_same(policy, frame, overrides, only)

    check()


def base_unit_table(policy, pop) -> pl.DataFrame:
    """The population as a warehouse holds it: each number a decimal in its base unit (元, the declared
    unit, a ratio as a fraction), not batch's scaled integers."""
    from decimal import Decimal

    frame = sqlengine.facts_frame(policy, pop)
    columns = []
    for name in frame.columns:
        scale = pop.scales.get(name)
        if scale is None:
            columns.append(frame[name])
            continue
        assert 10**12 % scale.denominator == 0, scale  # a decimal scale: the base-unit value is a short decimal
        values = [
            None if v is None else Decimal(int(v)) * scale.numerator * (10**12 // scale.denominator) / Decimal(10**12)
            for v in frame[name].to_list()
        ]
        columns.append(pl.Series(name, values, dtype=pl.Decimal(38, 12)))
    for name, info in policy.facts.items():  # a warehouse table has every column; empty where not given
        if name in frame.columns or isinstance(info.type, ListOf):
            continue
        dtype = (
            pl.Boolean
            if isinstance(info.type, Bool)
            else pl.Date
            if isinstance(info.type, Date)
            else pl.String
            if isinstance(info.type, (Enum, Text))
            else pl.Decimal(38, 12)
        )
        columns.append(pl.Series(name, [None] * frame.height, dtype=dtype))
    return pl.DataFrame(columns)


@pytest.mark.parametrize(
    "path", [POLICIES / "jixi.pol", *sorted((FIXTURES / "patterns").glob("*.pol"))], ids=lambda p: p.stem
)
def test_the_printed_query_over_base_units_equals_batch(path):
    """What `policylang sql` prints, on a facts table in base units, gives batch's columns (the warehouse path)."""
    import duckdb

    policy = load_policy(path)
    only = sql_clauses(policy, with_items=False)

    @settings(max_examples=4, deadline=None, phases=QUICK, suppress_health_check=list(HealthCheck), database=None)
    @given(populations(policy, max_rows=10, max_items=0), set_values(policy))
    def check(population, overrides):
        frame, _ = population
        frame = frame.with_row_index("企业编号").with_columns(pl.col("企业编号").cast(pl.Int64))
        engine = Engine(policy, overrides, only)
        pop = population_from_frame(policy, frame, engine.plans, id_column="企业编号")
        expected = engine.run(pop).public()
        table = base_unit_table(policy, pop)
        query = compile_query(policy, "duckdb", table="facts", id_column="企业编号", overrides=overrides, only=only)
        con = duckdb.connect()
        con.register("facts", table.to_arrow())
        got = con.sql(query).pl()
        assert got.columns == expected.columns
        for name in expected.columns:
            a, b = as_text(expected[name]), as_text(got[name])
            assert a.eq_missing(b).all(), (name, expected.filter(~a.eq_missing(b)), got.filter(~a.eq_missing(b)))

    check()
