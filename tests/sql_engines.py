"""The warehouse engines the generated SQL is run on in the tests: a real local Spark and ClickHouse in process.

    spark = SparkEngine.start(workdir)          # local[1], 512 MB, UI off, 1 shuffle partition, ANSI on
    spark.register("facts", frame)              # a polars frame → Parquet → a temporary view
    spark.query("SELECT ...")                   # → a polars frame (through Arrow)
    clickhouse = ClickHouseEngine.start(workdir)  # chdb: ClickHouse in this process, views over Parquet files

Both engines take their tables the way a warehouse holds them: typed columns in a Parquet file (decimal, boolean,
date, string), never a Python object per row. Each engine is started once per test session by the fixtures
`spark` and `clickhouse` below (a test module imports them); a machine without the extra, or without a Java
runtime for Spark, fails the fixture with what to install — it is never skipped (CI installs both: the `dev`
extra and .ci/run's JRE step).

`population(policy, n, seed)` makes a deterministic population of typed columns in the facts' base units: values
near every number the policy compares with or divides a cap by (one 分 either side), zeros, large amounts, and
empty cells (the fact's default) where the fact has one. `item_table(...)` makes a list fact's item table (the
id column, the order column, the item's fields), as `batch --items` and the SQL's item tables take it.
"""

from __future__ import annotations

import atexit
import datetime as dt
import io
import random
import shutil
import warnings
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from batch_strategies import interesting, to_places

from policylang.compiler import ir
from policylang.frontend.units import Bool, Date, Enum, ListOf, Money, Number, PerUnit, Quantity, Ratio

ID = "企业编号"  # the id column of the generated populations and item tables
ORDER = "序号"  # an item's position in its enterprise's list (0-based)
SPARK_CONF = {
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.shuffle.partitions": "1",
    "spark.default.parallelism": "1",
    "spark.driver.memory": "512m",
    "spark.sql.ansi.enabled": "true",  # overflow and division by zero raise instead of giving NULL
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.adaptive.enabled": "false",  # one small query: no re-planning between stages
    "spark.sql.codegen.wholeStage": "true",
    "spark.sql.analyzer.maxIterations": "1000",
}


def _parquet(workdir: Path, name: str, frame: pl.DataFrame) -> Path:
    path = workdir / f"{name}.parquet"
    frame.write_parquet(path)
    return path


class SparkEngine:
    """A local Spark session (pyspark, local mode, one core) with tables registered from polars via Parquet."""

    def __init__(self, session: Any, workdir: Path):
        self.session = session
        self.workdir = workdir

    @classmethod
    def start(cls, workdir: Path) -> SparkEngine:
        if shutil.which("java") is None:
            raise RuntimeError("Spark needs a Java runtime: apt-get install openjdk-17-jre-headless (.ci/run does)")
        try:
            from pyspark.sql import SparkSession
        except ImportError as e:  # pragma: no cover - the dev extra installs it
            raise RuntimeError("pip install -e '.[spark]' (pyspark) to run the Spark SQL tests") from e
        builder = SparkSession.builder.master("local[1]").appName("policylang-tests")
        for key, value in SPARK_CONF.items():
            builder = builder.config(key, value)
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", category=FutureWarning, module="pyspark")
            session = builder.getOrCreate()
        session.sparkContext.setLogLevel("ERROR")
        return cls(session, workdir)

    def register(self, name: str, frame: pl.DataFrame) -> None:
        path = _parquet(self.workdir, f"spark-{name}", frame)
        self.session.read.parquet(str(path)).createOrReplaceTempView(name)

    def query(self, sql: str) -> pl.DataFrame:
        with warnings.catch_warnings():  # pyspark 4 warns that it "does not yet fully support pandas >= 3"
            warnings.filterwarnings("ignore", category=FutureWarning, module="pyspark")
            table = self.session.sql(sql).toArrow()
        out = pl.from_arrow(table)
        assert isinstance(out, pl.DataFrame)
        return out

    def schema(self, sql: str) -> dict[str, str]:
        """Column → Spark type of a query's result, without running it."""
        return {f.name: f.dataType.simpleString() for f in self.session.sql(sql).schema.fields}

    def stop(self) -> None:
        self.session.stop()


class ClickHouseEngine:
    """ClickHouse in process (chdb), with tables as views over Parquet files, results read back as Arrow."""

    def __init__(self, session: Any, workdir: Path):
        self.session = session
        self.workdir = workdir

    @classmethod
    def start(cls, workdir: Path) -> ClickHouseEngine:
        try:
            from chdb import session as chdb_session
        except ImportError as e:  # pragma: no cover - the dev extra installs it
            raise RuntimeError("pip install -e '.[clickhouse]' (chdb) to run the ClickHouse SQL tests") from e
        return cls(chdb_session.Session(str(workdir / "chdb")), workdir)

    def register(self, name: str, frame: pl.DataFrame) -> None:
        path = _parquet(self.workdir, f"ch-{name}", frame)
        self.session.query(f"CREATE OR REPLACE VIEW `{name}` AS SELECT * FROM file('{path}', Parquet)")

    def query(self, sql: str) -> pl.DataFrame:
        import pyarrow as pa

        result = self.session.query(sql, "Arrow")
        table = pa.ipc.open_file(io.BytesIO(result.bytes())).read_all()
        columns = []
        for name, col in zip(table.column_names, table.columns, strict=True):
            if pa.types.is_fixed_size_binary(col.type) and col.type.byte_width in (16, 32):  # Int128, Int256
                ints = [None if b is None else int.from_bytes(b, "little", signed=True) for b in col.to_pylist()]
                columns.append(pl.Series(name, ints, dtype=pl.Int128 if col.type.byte_width == 16 else pl.Object))
            else:
                series = pl.from_arrow(col)
                assert isinstance(series, pl.Series)
                columns.append(series.alias(name))
        return pl.DataFrame(columns)

    def types(self, sql: str) -> dict[str, str]:
        """Column → ClickHouse type of a query's result."""
        out = self.session.query(f"DESCRIBE ({sql})", "TabSeparated").bytes().decode()
        return {line.split("\t")[0]: line.split("\t")[1] for line in out.splitlines() if line}

    def stop(self) -> None:
        self.session.close()


# One engine of each kind per process: chdb allows a single embedded server, and a module that imports these
# fixtures gets its own copy of them, so the engines are kept here and stopped once, at exit.
_ENGINES: dict[str, Any] = {}


def _shared(kind: str, factory: pytest.TempPathFactory) -> Any:
    if kind not in _ENGINES:
        start = SparkEngine.start if kind == "spark" else ClickHouseEngine.start
        engine = _ENGINES[kind] = start(factory.mktemp(kind))
        atexit.register(engine.stop)
    return _ENGINES[kind]


@pytest.fixture(scope="session")
def spark(tmp_path_factory: pytest.TempPathFactory) -> SparkEngine:
    engine: SparkEngine = _shared("spark", tmp_path_factory)
    return engine


@pytest.fixture(scope="session")
def clickhouse(tmp_path_factory: pytest.TempPathFactory) -> ClickHouseEngine:
    engine: ClickHouseEngine = _shared("clickhouse", tmp_path_factory)
    return engine


# ---------------------------------------------------------------------------- populations of typed columns
MONEY = pl.Decimal(38, 2)  # 元 to the 分
QUANTITY = pl.Decimal(38, 4)
RATIO = pl.Decimal(38, 6)  # a fraction: 0.55 for 55%
PER_UNIT = pl.Decimal(38, 4)


def _dtype(t: Any) -> pl.DataType:
    if isinstance(t, Money):
        return MONEY
    if isinstance(t, (Quantity, Number)):
        return QUANTITY
    if isinstance(t, Ratio):
        return RATIO
    if isinstance(t, PerUnit):
        return PER_UNIT
    if isinstance(t, Bool):
        return pl.Boolean()
    if isinstance(t, Date):
        return pl.Date()
    return pl.String()


def _places(t: Any) -> int:
    return 6 if isinstance(t, Ratio) else 4 if isinstance(t, (Quantity, Number, PerUnit)) else 2


def _value(rng: random.Random, t: Any, near: set[Any]) -> Any:
    """One value of type `t`: near a number the policy uses (±1 分, ±1 unit), zero, or spread at random."""
    if isinstance(t, Bool):
        return rng.random() < 0.5
    if isinstance(t, Enum):
        return rng.choice(t.values)
    if isinstance(t, Date):
        anchors = sorted(v for v in near if isinstance(v, dt.date)) or [dt.date(2023, 1, 1)]
        return rng.choice(anchors) + dt.timedelta(days=rng.choice([-1, 0, 1, rng.randint(-400, 400)]))
    if not isinstance(t, (Money, Quantity, Number, Ratio, PerUnit)):
        return rng.choice(["甲", "乙", "丙", "广交会", *sorted(v for v in near if isinstance(v, str))])
    places = _places(t)
    step = Fraction(1, 10**places)
    if isinstance(t, Ratio):
        anchors = sorted({to_places(v, places) for v in near if isinstance(v, Fraction) and 0 <= v <= 1})
        pick = rng.random()
        if anchors and pick < 0.6:
            v = rng.choice(anchors) + rng.choice([-step, Fraction(0), step])
        else:
            v = Fraction(rng.randint(0, 10**places), 10**places)
        v = min(max(v, Fraction(0)), Fraction(1))
    else:
        anchors = sorted({to_places(v, places) for v in near if isinstance(v, (int, Fraction)) and v >= 0})
        top = int(max(anchors, default=Fraction(10_000_000)) * 3) + 100
        pick = rng.random()
        if anchors and pick < 0.55:
            v = rng.choice(anchors) + rng.choice([-step, Fraction(0), step, Fraction(-1), Fraction(1)])
        elif pick < 0.65:
            v = Fraction(0)
        elif pick < 0.7 and isinstance(t, Money):
            v = Fraction(rng.randint(0, 10**16), 100)  # up to 10^14 元: products beyond 64 bits
        elif pick < 0.85:
            v = Fraction(rng.randint(0, top))
        else:
            v = Fraction(rng.randint(0, top * 100), 100)
        v = max(v, Fraction(0))
    return Decimal(v.numerator) / Decimal(v.denominator)


def _series(name: str, t: Any, values: list[Any]) -> pl.Series:
    dtype = _dtype(t)
    if isinstance(dtype, pl.Decimal):
        q = Decimal(1).scaleb(-_places(t))
        values = [None if v is None else v.quantize(q) for v in values]
    return pl.Series(name, values, dtype=dtype)


def population(
    policy: ir.CompiledPolicy,
    n: int,
    seed: int = 0,
    empty_numbers: float = 0.1,
    empty_others: float = 0.1,
    max_items: int = 4,
) -> tuple[pl.DataFrame, dict[str, pl.DataFrame]]:
    """`n` enterprises of typed facts (id column `企业编号`), and an item table per list fact.

    A number fact with a default is left empty (NULL: the default applies) in about `empty_numbers` of the rows,
    any other fact with a default (是否, 之一, a date, text) in about `empty_others`; a list fact's enterprises have
    0 to `max_items` items each, in the item table `{企业编号, 序号, field…}`.
    """
    rng = random.Random(seed)
    near = interesting(policy)
    columns = [pl.Series(ID, [f"E{i:05d}" for i in range(n)], dtype=pl.String)]
    items: dict[str, pl.DataFrame] = {}
    for name, info in policy.facts.items():
        t = info.type
        if isinstance(t, ListOf):
            items[name] = item_table(rng, t, n, near, max_items)
            continue
        has_default = info.default is not ir.MISSING
        empty = empty_numbers if isinstance(_dtype(t), pl.Decimal) else empty_others
        values = [
            None if has_default and rng.random() < empty else _value(rng, t, near.get(name, set())) for _ in range(n)
        ]
        columns.append(_series(name, t, values))
    return pl.DataFrame(columns), items


def item_table(rng: random.Random, t: ListOf, n: int, near: dict[str, set[Any]], max_items: int) -> pl.DataFrame:
    ids: list[str] = []
    order: list[int] = []
    fields: dict[str, list[Any]] = {f: [] for f, _ in t.fields}
    for i in range(n):
        for k in range(rng.randint(0, max_items)):
            ids.append(f"E{i:05d}")
            order.append(k)
            for f, ft in t.fields:
                fields[f].append(_value(rng, ft, near.get(f, set())))
    cols = [pl.Series(ID, ids, dtype=pl.String), pl.Series(ORDER, order, dtype=pl.Int64)]
    cols += [_series(f, ft, fields[f]) for f, ft in t.fields]
    return pl.DataFrame(cols)
