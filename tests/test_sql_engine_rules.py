"""What the generated SQL relies on in each warehouse engine, pinned on the real engines (tests/sql_engines.py).

`policylang sql` writes exact integer arithmetic at static scales and rounds by its own floor division, never by an
engine's ROUND, never by `/`. These tests pin the engine facts that design rests on, so an engine upgrade that
changes one fails here, by name, before a differential test shows a wrong 分:

- Spark: `div` truncates toward zero and returns BIGINT even for DECIMAL(38,0) operands — beyond 2^63 it wraps
  *silently, with ANSI on*; `pmod` is the floor remainder; ANSI raises on BIGINT and DECIMAL(38,0) overflow;
  DECIMAL(38,0) × DECIMAL(38,0) stays exact at scale 0, while fractional scales lose digits
  (`allowPrecisionLoss`) and `/` on decimals rounds to 6 places.
- ClickHouse: `intDiv` truncates toward zero and is exact on Int128; Int64, Int128 and Decimal128 wrap silently on
  overflow (so bounds must be static, as the columnar compiler's are); `/` is Float64 division; NULL survives only
  in Nullable types, and a LEFT JOIN gives 0, not NULL, for a missing match unless `join_use_nulls = 1`.
- ROUND: every engine rounds a half its own way (Spark half-up, ClickHouse half-even on floats and half-up on
  decimals, DuckDB half away from zero), and the same float value rounds differently across them.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from sql_engines import ClickHouseEngine, SparkEngine, clickhouse, spark

__all__ = ["clickhouse", "spark"]  # the session fixtures, used by name below

E20 = 10**20  # beyond 2^64
E37 = 10**37


def one_row(engine: SparkEngine | ClickHouseEngine, sql: str) -> dict[str, object]:
    frame = engine.query(sql)
    assert frame.height == 1
    return frame.row(0, named=True)


def spark_error(engine: SparkEngine, sql: str) -> str:
    with pytest.raises(Exception) as caught:
        engine.query(sql)
    return str(caught.value)


def clickhouse_error(engine: ClickHouseEngine, sql: str) -> str:
    with pytest.raises(Exception) as caught:
        engine.query(sql)
    return str(caught.value)


# ---------------------------------------------------------------------------- Spark
def test_spark_div_truncates_toward_zero_and_pmod_is_the_floor_remainder(spark):
    got = one_row(
        spark,
        "SELECT -7 div 2 AS a, 7 div -2 AS b, 7 div 2 AS c, CAST(-7 AS DECIMAL(38,0)) div 2 AS d,"
        " pmod(-7, 2) AS e, -7 % 2 AS f, pmod(CAST(-7 AS DECIMAL(38,0)), CAST(2 AS DECIMAL(38,0))) AS g",
    )
    assert got == {"a": -3, "b": -3, "c": 3, "d": -3, "e": 1, "f": -1, "g": Decimal(1)}
    # floor(-7 / 2) = -4: the SQL's floor division is (n - pmod(n, m)) div m, not div alone
    assert one_row(spark, "SELECT (-7 - pmod(-7, 2)) div 2 AS x") == {"x": -4}


def test_spark_div_on_decimals_is_bigint_and_wraps_silently_beyond_64_bits(spark):
    """With ANSI on, `DECIMAL(38,0) div m` is a BIGINT that wraps without an error: 10^20 div 3 comes out negative.
    So a quotient that can pass 2^63 must not be taken with `div`; the exact remainder `pmod` on DECIMAL(38,0)
    and an exact decimal quotient of a multiple are used instead."""
    sql = f"SELECT CAST({E20} AS DECIMAL(38,0)) div 3 AS q"
    assert spark.schema(sql) == {"q": "bigint"}
    assert one_row(spark, sql) == {"q": (E20 // 3 + 2**63) % 2**64 - 2**63}  # wrong, silently
    exact = (
        f"SELECT CAST((CAST({E20} AS DECIMAL(38,0)) - pmod(CAST({E20} AS DECIMAL(38,0)), CAST(3 AS DECIMAL(38,0))))"
        " / CAST(3 AS DECIMAL(38,0)) AS DECIMAL(38,0)) AS q"
    )
    assert one_row(spark, exact) == {"q": Decimal(E20 // 3)}


def test_spark_ansi_raises_on_integer_and_decimal_overflow(spark):
    assert "ARITHMETIC_OVERFLOW" in spark_error(spark, "SELECT CAST(9223372036854775807 AS BIGINT) + 1 AS x")
    message = spark_error(spark, f"SELECT CAST({E37} AS DECIMAL(38,0)) * CAST(100 AS DECIMAL(38,0)) AS x")
    assert "NUMERIC_VALUE_OUT_OF_RANGE" in message
    assert "DIVIDE_BY_ZERO" in spark_error(spark, "SELECT 7 div 0 AS x")


def test_spark_decimal_multiply_is_exact_only_at_scale_zero(spark):
    """DECIMAL(38,0) × DECIMAL(38,0) is DECIMAL(38,0), exact to 38 digits; DECIMAL(38,10) × DECIMAL(38,10) is cut to
    scale 6 (allowPrecisionLoss), and a decimal quotient is rounded to 6 places: facts become integers first."""
    whole = f"SELECT CAST({E37 // 10 + 7} AS DECIMAL(38,0)) * CAST(10 AS DECIMAL(38,0)) AS x"
    assert spark.schema(whole) == {"x": "decimal(38,0)"}
    assert one_row(spark, whole) == {"x": Decimal(E37 + 70)}
    fraction = "SELECT CAST(1.0000000001 AS DECIMAL(38,10)) * CAST(1.0000000001 AS DECIMAL(38,10)) AS x"
    assert spark.schema(fraction) == {"x": "decimal(38,6)"}
    assert one_row(spark, fraction) == {"x": Decimal("1.000000")}  # 1.00000000020000000001, cut
    quotient = "SELECT CAST(2 AS DECIMAL(38,0)) / CAST(3 AS DECIMAL(38,0)) AS x"
    assert one_row(spark, quotient) == {"x": Decimal("0.666667")}  # rounded, not exact


# ---------------------------------------------------------------------------- ClickHouse
def test_clickhouse_intdiv_truncates_toward_zero_and_is_exact_on_int128(clickhouse):
    got = one_row(
        clickhouse,
        f"SELECT intDiv(toInt128('{10**30}'), toInt128(3)) AS a, intDiv(toInt128(-7), toInt128(2)) AS b,"
        " intDiv(7, -2) AS c, positiveModulo(-7, 2) AS d, modulo(-7, 2) AS e",
    )
    assert got == {"a": 10**30 // 3, "b": -3, "c": -3, "d": 1, "e": -1}
    assert clickhouse.types("SELECT intDiv(toInt128(7), toInt128(2)) AS a") == {"a": "Int128"}


def test_clickhouse_integers_and_decimals_wrap_silently_on_overflow(clickhouse):
    """No error, a wrong number: the SQL must keep every value within static bounds (need_width), as batch does."""
    got = one_row(
        clickhouse,
        "SELECT toInt64(9223372036854775807) + toInt64(1) AS a,"
        " toInt128('170141183460469231731687303715884105727') + toInt128(1) AS b",
    )
    assert got == {"a": -(2**63), "b": -(2**127)}
    wrapped = one_row(
        clickhouse,
        f"SELECT x * toDecimal128(100, 0) AS x FROM (SELECT toDecimal128('{E37}', 0) + toDecimal128(number, 0) AS x"
        " FROM numbers(1))",
    )["x"]
    assert wrapped != E37 * 100 and Decimal(wrapped) < 0  # type: ignore[arg-type]


def test_clickhouse_slash_is_float_division(clickhouse):
    assert clickhouse.types("SELECT toInt128(7) / toInt128(2) AS a, 7 / 2 AS b") == {"a": "Float64", "b": "Float64"}
    assert "Division by zero" in clickhouse_error(clickhouse, "SELECT intDiv(1, 0) AS x")


def test_clickhouse_nulls_need_nullable_types_and_join_use_nulls(clickhouse):
    """An unknown is NULL in the SQL; ClickHouse keeps it only where asked: CAST to a plain type refuses NULL, and a
    LEFT JOIN fills an unmatched row with the type's default (0) unless `join_use_nulls = 1`. AND/OR are Kleene."""
    assert "Cannot convert NULL" in clickhouse_error(clickhouse, "SELECT CAST(NULL AS Decimal(38,0)) AS x")
    assert one_row(clickhouse, "SELECT CAST(NULL AS Nullable(Decimal(38,0))) AS x") == {"x": None}
    join = "SELECT b.v AS v FROM (SELECT 2 AS k) a LEFT JOIN (SELECT 1 AS k, 5 AS v) b ON a.k = b.k"
    assert one_row(clickhouse, join) == {"v": 0}  # not NULL
    assert one_row(clickhouse, join + " SETTINGS join_use_nulls = 1") == {"v": None}
    kleene = "SELECT (NULL > 1) AND false AS a, (NULL > 1) OR true AS b, (NULL > 1) AND true AS c"
    assert one_row(clickhouse, kleene) == {"a": False, "b": True, "c": None}


# ---------------------------------------------------------------------------- ROUND differs: why the SQL never uses it
def test_each_engine_rounds_a_half_its_own_way(spark, clickhouse):
    import duckdb

    spark_round = one_row(
        spark,
        "SELECT round(2.5) AS a, round(-2.5) AS b, bround(2.5) AS c, round(CAST(0.125 AS DOUBLE), 2) AS d",
    )
    clickhouse_round = one_row(
        clickhouse,
        "SELECT round(2.5) AS a, round(-2.5) AS b, round(toDecimal64(2.5, 1)) AS c, round(0.125, 2) AS d",
    )
    sql = "SELECT round(2.5) AS a, round(-2.5) AS b, round(2.5::DOUBLE) AS c, round(0.125::DOUBLE, 2) AS d"
    with duckdb.connect() as con:
        duckdb_round = dict(zip(["a", "b", "c", "d"], con.execute(sql).fetchall()[0], strict=True))
    assert spark_round == {"a": Decimal(3), "b": Decimal(-3), "c": Decimal(2), "d": 0.13}  # half up; bround: even
    assert clickhouse_round == {"a": 2.0, "b": -2.0, "c": Decimal(3), "d": 0.12}  # floats: half even; decimals: up
    assert duckdb_round == {"a": Decimal(3), "b": Decimal(-3), "c": 3.0, "d": 0.13}  # half away from zero
    # the same literal 2.5 and the same double 0.125: 3 or 2, 0.13 or 0.12, by engine
    assert float(spark_round["a"]) != clickhouse_round["a"]  # type: ignore[arg-type]
    assert spark_round["d"] != clickhouse_round["d"]
