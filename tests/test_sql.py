"""policylang sql: the query printed for every dialect, read back by sqlglot in that dialect; goldens of a
few clauses; located refusals; --view, --set and --clause; batch --engine duckdb on files."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT
from golden import assert_golden

from policylang import load_policy
from policylang.backends.sql import DIALECTS, compile_query
from policylang.readers.cases import parse_setting

sqlglot = pytest.importorskip("sqlglot")
GOLDEN = Path(__file__).resolve().parent / "golden" / "sql"
JIXI_FLAT = [
    "一",
    "二.国家级",
    "二.省级",
    "三.跨境电商",
    "三.店铺",
    "三.综合服务",
    "四",
    "五(一)1",
    "五(一)2",
    "五(二)1",
    "五(三)",
]


@pytest.fixture
def at_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def clause_options(citations: list[str]) -> list[str]:
    return [a for c in citations for a in ("--clause", c)]


@pytest.mark.parametrize("dialect", DIALECTS)
def test_every_dialect_prints_a_query_sqlglot_reads_back(run, at_root, dialect):
    code, out, err = run("sql", "policies/jixi.pol", "--dialect", dialect, "--id", "企业", *clause_options(JIXI_FLAT))
    assert code == 0, err
    tree = sqlglot.parse_one(out.rstrip().rstrip(";"), read=dialect)
    names = [e.alias_or_name for e in tree.expressions]
    assert names[0] == "企业" and names[-2:] == ["合计[分]", "可确定"]
    assert "五(一)1[分]" in names and "五(一)1:状态" in names
    assert "ROUND(" not in out.upper() and "DOUBLE" not in out.upper() and "FLOAT" not in out.upper()


@pytest.mark.parametrize(
    ("dialect", "policy", "clause"),
    [
        ("duckdb", "policies/jixi.pol", "五(一)1"),
        ("spark", "policies/jixi.pol", "五(一)1"),
        ("clickhouse", "policies/jixi.pol", "五(一)1"),
        ("duckdb", "tests/fixtures/patterns/rounding.pol", "九(二)"),
        ("spark", "tests/fixtures/patterns/unspecified.pol", None),
    ],
    ids=lambda v: str(v).replace("/", "_"),
)
def test_golden_queries(run, at_root, dialect, policy, clause):
    code, out, err = run("sql", policy, "--dialect", dialect, *(["--clause", clause] if clause else []))
    assert code == 0, err
    name = f"{Path(policy).stem}-{clause or 'all'}.{dialect}.sql"
    assert_golden(GOLDEN / name, out)


def test_integer_division_is_the_dialects_exact_one(run, at_root):
    """DuckDB // on HUGEINT, ClickHouse intDiv on Int128, Trino through MOD, Postgres DIV, Spark and Hive an exact
    decimal quotient of a multiple cast back to DECIMAL(38,0) (their DIV is a BIGINT that wraps past 2^63): never
    sqlglot's float-based division."""
    expect = {
        "duckdb": ("//", "INT128"),  # DuckDB's name for HUGEINT
        "spark": (" % ", "DECIMAL(38, 0)"),  # CAST((n − n % m) / CAST(m AS DECIMAL(k, 0)) AS DECIMAL(38, 0))
        "hive": (" % ", "DECIMAL(38, 0)"),
        "clickhouse": ("intDiv(", "Int128"),
        "trino": (" % ", "DECIMAL(38, 0)"),  # (n − n % m) / m: an exact decimal division
        "postgres": ("DIV(", "DECIMAL(38, 0)"),  # NUMERIC(38,0), as sqlglot writes it
    }
    for dialect, (division, integer) in expect.items():
        code, out, err = run("sql", "policies/jixi.pol", "--dialect", dialect, "--clause", "五(一)1")
        assert code == 0, err
        assert division in out and integer in out, (dialect, out)
        assert "TRUNCATE" not in out and "DOUBLE" not in out and "FLOAT" not in out
        assert dialect not in ("spark", "hive") or " DIV " not in out, (dialect, out)


def test_view(run, at_root):
    code, out, err = run("sql", "policies/jixi.pol", "--dialect", "spark", "--clause", "四", "--view", "jixi_awards")
    assert code == 0, err
    tree = sqlglot.parse_one(out.rstrip().rstrip(";"), read="spark")
    assert tree.key == "create" and tree.args["kind"] == "VIEW" and "jixi_awards" in tree.this.sql()


def test_set_decides_an_unspecified_number(at_root):
    """--set: the parameter is a constant of the query; without it the query tries each of its choices
    (as batch decides a row the same for every choice) and is longer."""
    policy = load_policy("policies/jixi.pol")
    open_query = compile_query(policy, "duckdb", only=["五(三)"])
    given = compile_query(policy, "duckdb", only=["五(三)"], overrides={"新引入企业同比基数": "零"})
    assert given != open_query and len(given) < len(open_query)
    assert "本企业上年贸易额" not in given


LYG_FIRMS = "tests/fixtures/sql/lianyungang.csv"
LYG_BOOTHS = "tests/fixtures/sql/lianyungang_booths.csv"


def test_booths_divided_by_their_own_area_in_sql(run, at_root, tmp_path):
    """Lianyungang 一(一): each booth's award divides by its own area, and 至多 合计 … 18平方米 shares the area among
    a fair's booths (the most per 平方米 first). batch --engine duckdb writes what polars writes, to the 分:
    甲 a standard booth (8000元 for 9平方米) and 27平方米 of 光地 (16000元 for 18) tie per 平方米, so the listed
    first is paid in full and the 光地 for its other 9平方米: 16000元; 乙 12平方米 (10666.67元) first, then 6 of
    10平方米 at 广交会 (1500.005元 × 6/10), and 500.005元 at 进博会: 12066.67元 rounded once; 丁 1/6 分 + 1/3 分 =
    half a 分 exactly, 四舍五入 to 0.01元 — the bracket of the SQL's fine sum cannot decide that row, so it is
    computed again by the exact evaluator, as polars does (the summary's note, in both). The clause alone, then
    the whole policy (every clause through the query): 丁 is also over 100万美元 for 三(五), whose rate is not
    specified, so the redone row keeps its bound (最高20万元) in the summary's 不可确定 total, as polars'."""
    for only in (["--clause", "一(一)"], []):
        results = {}
        for engine in ("polars", "duckdb"):
            target = tmp_path / f"{engine}.csv"
            code, out, err = run(
                "batch",
                "policies/lianyungang.pol",
                LYG_FIRMS,
                "--items",
                f"境内重点展会展位={LYG_BOOTHS}",
                *only,
                "--engine",
                engine,
                "-o",
                target,
                "--force",
            )
            assert code == 0, err
            results[engine] = (target.read_text(encoding="utf-8"), out.replace(str(target), "OUT"))
        assert results["duckdb"] == results["polars"], only
        rows = results["duckdb"][0].lstrip("\ufeff").splitlines()
        assert rows[0].split(",")[1] == "一(一)[元]"
        assert [r.split(",")[1] for r in rows[1:]] == ["16000.00", "12066.67", "0.00", "0.01"]
        assert "一(一) 有 1 家企业" in results["duckdb"][1]
    assert "三(五) 市场采购贸易：2 家企业不可确定，各自上限合计 400,000.00元" in results["duckdb"][1]


def test_the_warehouse_query_marks_the_rows_its_bracket_cannot_decide(run, at_root):
    """What `policylang sql` prints for 一(一), on tables in base units: 甲 乙 丙 as batch; 丁 (exactly half a 分)
    not determinable there and marked 须复核 (to be computed with batch), never rounded the wrong way."""
    import duckdb
    import polars as pl

    code, out, err = run(
        "sql", "policies/lianyungang.pol", "--clause", "一(一)", "--id", "企业", "--items", "境内重点展会展位=booths"
    )
    assert code == 0, err
    assert "ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW" in out and "ROW_NUMBER() OVER" in out
    booths = pl.read_csv(LYG_BOOTHS).with_columns(pl.int_range(pl.len()).over("企业").alias("序号"))
    booths = booths.with_columns(pl.col("展位费").cast(pl.Decimal(38, 2)), pl.col("光地面积").cast(pl.Decimal(38, 2)))
    con = duckdb.connect()
    con.register("facts", pl.read_csv(LYG_FIRMS).to_arrow())
    con.register("booths", booths.to_arrow())
    got = con.sql(out.rstrip().rstrip(";")).pl().sort("企业")
    assert got["企业"].to_list() == ["丁", "丙", "乙", "甲"]
    assert got["一(一)[分]"].to_list() == [None, 0, 1206667, 1600000]
    assert got["一(一):状态"].to_list() == ["undetermined", "zero", "paid", "paid"]
    assert got["须复核"].to_list() == [True, False, False, False]


def test_an_item_list_without_a_table_is_refused(run, at_root):
    code, _, err = run("sql", "policies/jixi.pol", "--clause", "三.海外仓")
    assert code == 2 and "Q002" in err and "--items 省级海外仓=" in err
    tables = ["--items", "省级海外仓=warehouses", "--items", "出口融资贷款=loans"]
    code, out, err = run("sql", "policies/jixi.pol", "--id", "企业", *tables)
    assert code == 0, err
    assert "FROM warehouses AS" in out and "FROM loans AS" in out


def test_bad_items_option_and_unknown_clause(run, at_root):
    code, _, err = run("sql", "policies/jixi.pol", "--items", "nothing")
    assert code == 2 and "Q006" in err
    code, _, err = run("sql", "policies/jixi.pol", "--clause", "九")
    assert code == 2 and "E001" in err


def test_english_refusal(run, at_root):
    code, _, err = run("--lang", "en", "sql", "policies/jixi.pol", "--clause", "三.海外仓")  # no item table
    assert code == 2 and "cannot be written exactly in SQL" in err


# ---------------------------------------------------------------------------- batch --engine duckdb
def batch_jixi_flat(run, engine: str, target, *extra: str) -> str:
    """`batch` on the Jixi fixture's flat clauses with `engine`, its results in `target`; the summary, with the
    output's path written OUT."""
    code, out, err = run(
        "batch",
        "policies/jixi.pol",
        "tests/fixtures/batch/jixi.csv",
        *clause_options(JIXI_FLAT),
        "--engine",
        engine,
        "-o",
        target,
        "--force",
        *extra,
    )
    assert code == 0, err
    return str(out).replace(str(target), "OUT")


def test_batch_engine_duckdb_writes_what_polars_writes(run, at_root, tmp_path):
    for suffix in ("csv", "parquet"):
        outputs = {}
        summaries = {}
        for engine in ("polars", "duckdb"):
            target = tmp_path / f"{engine}.{suffix}"
            summaries[engine] = batch_jixi_flat(run, engine, target)
            outputs[engine] = target.read_bytes()
        assert outputs["duckdb"] == outputs["polars"] if suffix == "csv" else True
        assert summaries["duckdb"] == summaries["polars"]
    import polars as pl

    a, b = pl.read_parquet(tmp_path / "polars.parquet"), pl.read_parquet(tmp_path / "duckdb.parquet")
    assert a.equals(b)


def test_batch_engine_duckdb_with_unspecified_numbers_and_set(run, at_root, tmp_path):
    for extra in ([], ["--set", "新引入企业同比基数=零"], ["--set", "计息年天数=365天"]):
        results = {}
        for engine in ("polars", "duckdb"):
            target = tmp_path / f"{engine}.csv"
            summary = batch_jixi_flat(run, engine, target, *extra)
            results[engine] = (target.read_text(encoding="utf-8"), summary)
        assert results["duckdb"] == results["polars"], extra


def test_batch_engine_duckdb_refuses_a_clause_located(run, at_root):
    code, _, err = run(
        "batch", "tests/fixtures/rank/jinhua.pol", "tests/fixtures/rank/population.csv", "--engine", "duckdb"
    )
    assert code == 2 and "Q002" in err and "tests/fixtures/rank/jinhua.pol:13:1" in err


def test_batch_engine_duckdb_an_award_past_64_bit_fen_is_refused_not_a_traceback(run, at_root, tmp_path):
    """DuckDB stopped at the query's CAST of 1.5×10^19 分 to BIGINT with a ConversionException that reached the user
    as a traceback. It is a message (Q016) naming the limit and pointing to the polars path, which says the row."""
    population = tmp_path / "big.csv"
    population.write_text("企业,费用\n甲,12.34\n乙,300000000000000000\n", encoding="utf-8")
    args = ["batch", "tests/fixtures/patterns/rounding.pol", population, "--clause", "九(二)"]
    code, out, err = run(*args, "--engine", "duckdb")
    assert code == 2 and out == "" and "Traceback" not in err
    assert "Q016" in err and "BIGINT" not in err.split("\n")[0] and "--engine duckdb" in err
    code, _, err = run(*args)  # the polars path locates the row
    assert code == 2 and "B061" in err and "big.csv:3:" in err


def test_batch_engine_duckdb_whole_jixi_with_item_tables(run, at_root, tmp_path):
    items = ["--items", "出口融资贷款=tests/fixtures/batch/jixi_loans.csv"]
    items += ["--items", "省级海外仓=tests/fixtures/batch/jixi_warehouses.csv"]
    # both open numbers left open: 计息年天数's 7 values and 新引入企业同比基数's 2 decided inside the query
    results = {}
    for engine in ("polars", "duckdb"):
        target = tmp_path / f"{engine}.csv"
        code, out, err = run(
            "batch",
            "policies/jixi.pol",
            "tests/fixtures/batch/jixi.csv",
            *items,
            "--engine",
            engine,
            "-o",
            target,
        )
        assert code == 0, err
        results[engine] = (target.read_text(encoding="utf-8"), out.replace(str(target), "OUT"))
    assert results["duckdb"] == results["polars"]


def test_items_from_warehouse_tables_equal_batch():
    """--items LIST=TABLE: an item table with the id column, the fields in base units and 序号 (the order
    within a firm); the quantity limit (至多 2个 取 最有利, ties to the earlier listed) and the group cap
    as batch computes them, and a firm without items gets 0."""
    import duckdb
    import polars as pl

    from policylang.readers.population import Where, population_from_frame
    from policylang.tools.batch.engine import Engine

    policy = load_policy(ROOT / "examples" / "exhibition.pol")
    firms = pl.DataFrame({"企业": ["甲", "乙", "丙"]})
    domestic = pl.DataFrame(
        {
            "企业": ["甲", "甲", "甲", "乙"],
            "展会": ["广交会", "广交会", "广交会", "进博会"],
            "展位费": [12000.0, 20000.0, 20000.0, 9000.01],
        }
    )
    abroad = pl.DataFrame(
        {
            "企业": ["甲", "甲", "甲", "乙"],
            "展会": ["汉诺威", "汉诺威", "汉诺威", "迪拜"],
            "计划类": [True, True, False, False],
            "展位费": [60000.0, 50000.0, 70000.0, 1000.03],
            "省级补助": [10000.0, 0.0, 0.0, 0.0],
        }
    )
    engine = Engine(policy)
    items = {"境内展位": (domestic, Where()), "境外展位": (abroad, Where())}
    pop = population_from_frame(policy, firms, engine.plans, id_column="企业", item_frames=items)
    expected = engine.run(pop).public()
    con = duckdb.connect()
    con.register("firms", firms.to_arrow())
    for name, frame in (("booths", domestic), ("abroad", abroad)):
        numbered = frame.with_columns(pl.int_range(pl.len()).over("企业").alias("序号"))
        con.register(name, numbered.to_arrow())
    query = compile_query(
        policy, "duckdb", table="firms", id_column="企业", items={"境内展位": "booths", "境外展位": "abroad"}
    )
    got = con.sql(query).pl().sort("企业", maintain_order=True)
    got = got.join(expected.select("企业"), on="企业", how="right").select(expected.columns)
    for name in expected.columns:
        assert expected[name].cast(pl.String).to_list() == got[name].cast(pl.String).to_list(), name
    # 甲: the best 2 of 3 booths, 0.8万元 each; 乙: 50% × 9000.01元 = 4500.005元, rounded once to 4500.01元; 丙: none
    assert expected["一(一)[分]"].to_list() == [1600000, 450001, 0]


def test_whole_jixi_open_query_grows_with_the_clauses_that_need_the_open_numbers():
    """14 combinations of the open values (7 × 2): only 五(二)2 (计息年天数), 五(三) (新引入企业同比基数) and the
    合计上限 over 五 are built per combination, not the whole policy (424 KB before; each is well under)."""
    policy = load_policy(ROOT / "policies" / "jixi.pol")
    items = {"出口融资贷款": "loans", "省级海外仓": "warehouses"}
    given = dict(parse_setting(s, policy) for s in ("计息年天数=365天", "新引入企业同比基数=零"))
    closed = len(compile_query(policy, "duckdb", id_column="企业", items=items, overrides=given))
    open_ = len(compile_query(policy, "duckdb", id_column="企业", items=items))
    assert open_ < 8 * closed, (open_, closed)


def test_batch_engine_duckdb_takes_duckdb_settings_from_the_environment(run, at_root, tmp_path, monkeypatch):
    args = ["batch", "policies/jixi.pol", "tests/fixtures/batch/jixi.csv", *clause_options(JIXI_FLAT)]
    code, _, err = run(*args, "-o", tmp_path / "polars.csv")
    assert code == 0, err
    monkeypatch.setenv("POLICYLANG_DUCKDB_THREADS", "1")
    monkeypatch.setenv("POLICYLANG_DUCKDB_MEMORY_LIMIT", "1GB")
    code, _, err = run(*args, "--engine", "duckdb", "-o", tmp_path / "duckdb.csv")
    assert code == 0, err
    assert (tmp_path / "duckdb.csv").read_bytes() == (tmp_path / "polars.csv").read_bytes()
    monkeypatch.setenv("POLICYLANG_DUCKDB_MEMORY_LIMIT", "lots")
    code, _, err = run(*args, "--engine", "duckdb", "-o", tmp_path / "bad.csv", "--lang", "en")
    assert code == 2 and "Q015" in err and "POLICYLANG_DUCKDB_MEMORY_LIMIT" in err, err
