"""Benchmark: the generated SQL on embedded DuckDB against the polars batch path, Jixi 2023 五, by ../shared/bench's method.

    .venv/bin/python bench/sql_duckdb.py [N] [--pairs P] [--big M] [--big-rounds Q] [--memory-limit 4GB] [--threads T]
                                                          # N = 1,000,000, M = 10,000,000
    .venv/bin/python bench/sql_duckdb.py --quick                                      # small N and M: it runs, exactly

The population is bench/batch_jixi.py's (the shared `population(n, seed=0)` mapped to policies/jixi.pol's facts, the
five 五 clauses with their 200万元 article cap, 新引入企业同比基数=本企业上年贸易额 assumed), with an id column `企业`
and the landing rate as DECIMAL(18,6) — the form a warehouse table has, which both contestants read.

1. In memory, N firms. Each contestant gets the population in its natural form, built before any clock starts: a
   polars frame for `evaluate_population`, the same columns as an Arrow table registered in one DuckDB connection
   for the query `compile_query(policy, "duckdb")` (compiled once, outside the timing; the result fetched as an
   Arrow table). Interleaved pairs (`pairs.interleaved`: a warm-up each, then A B / B A), median of the per-pair
   ratios of wall and of CPU time (time.process_time: every thread of the process). Every firm's every clause
   (分 and status), 合计 and 可确定 are compared between the two, and the totals with the numpy reference.
2. Memory. Peak resident growth of one call (after a warm-up call on 100 firms) in a fresh process per contestant,
   from /proc/self/status VmHWM (reset through clear_refs) against VmRSS before, × the input columns' bytes.
3. From Parquet, streamed, M firms. One Parquet file of M firms is written first; then, in subprocesses (each
   started by a small launcher that reports its wall time, CPU time and peak RSS from os.wait4's rusage):
   `policylang batch … -o` (polars, chunk by chunk), `policylang batch --engine duckdb … -o`, and DuckDB directly
   (`COPY (query over read_parquet(...)) TO ... (FORMAT parquet)`, the query from compile_query — what a
   warehouse does with the same text). Runs are interleaved, the order rotating each round. The outputs are read
   back and compared column by column, after ordering by the id.

The exit status is 1 only if a result is not exact.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from batch_jixi import (  # noqa: E402 - bench/ is not a package; the population mapping is batch_jixi's
    ARTICLE_5,
    POLICY,
    SETTING,
    SHARED,
    child,
    load_reference,
    policylang_command,
    policylang_frame,
    rss_kib,
    shared_population,
)

ID = "企业"
RATE = "商品落地率"


def facts_frame(pop: dict[str, np.ndarray]) -> pl.DataFrame:
    """batch_jixi's frame with an id column and the rate as an exact decimal (6 places), as a warehouse holds it."""
    frame = policylang_frame(pop)
    return frame.select(
        pl.int_range(pl.len(), dtype=pl.Int64).alias(ID),
        pl.exclude(RATE),
        pl.col(RATE).cast(pl.Decimal(18, 6)),
    )


def input_bytes(frame: pl.DataFrame) -> int:
    return int(frame.estimated_size())


def sql_clauses(policy: Any) -> list[str]:
    """The 五 clauses the SQL backend compiles (each alone; 五(二)2 reads the loan list, which it refuses for now):
    both contestants compute these, so the work is the same."""
    from policylang.backends.sql import compile_query
    from policylang.errors import PolicyError

    out = []
    for c in ARTICLE_5:
        try:
            compile_query(policy, "duckdb", only=[c])
        except PolicyError:
            continue
        out.append(c)
    return out


def compiled_query(policy: Any, overrides: dict[str, Any], table: str = "facts") -> str:
    from policylang.backends.sql import compile_query

    return compile_query(policy, "duckdb", table=table, id_column=ID, overrides=overrides, only=sql_clauses(policy))


def arrow_of(con: Any, sql: str) -> Any:
    """The result as an Arrow table, on DuckDB 1.x (`fetch_arrow_table`) and 2.x (`to_arrow_table`) alike."""
    relation = con.sql(sql)
    fetch = getattr(relation, "to_arrow_table", None) or relation.fetch_arrow_table
    return fetch()


class Contestants:
    """The two in-memory contestants, each with its input built once, outside any timing."""

    def __init__(self, n: int):
        import duckdb

        from policylang import load_policy
        from policylang.readers.cases import parse_setting
        from policylang.tools.batch import evaluate_population

        self.ref = load_reference()
        self.pop = shared_population(self.ref, n)
        self.frame = facts_frame(self.pop)
        self.policy = load_policy(POLICY)
        self.overrides = dict([parse_setting(SETTING, self.policy)])
        self.evaluate = evaluate_population
        self.clauses = sql_clauses(self.policy)
        self.sql = compiled_query(self.policy, self.overrides)
        self.con = duckdb.connect()
        self.con.register("facts", self.frame.to_arrow())

    def polars(self) -> pl.DataFrame:
        return self.evaluate(self.policy, self.frame, self.overrides, only=self.clauses, id_column=ID)

    def duckdb(self) -> pl.DataFrame:
        out = pl.from_arrow(arrow_of(self.con, self.sql))
        assert isinstance(out, pl.DataFrame)
        return out

    def numpy(self) -> np.ndarray:
        return np.asarray(self.ref.numpy_reference(self.pop))


def comparable(frame: pl.DataFrame) -> pl.DataFrame:
    """Ordered by id; amounts as Int64 分, statuses as text, 可确定 as a boolean: the two outputs' common form."""
    cols = []
    for name, dtype in frame.schema.items():
        if name.endswith("[分]"):
            cols.append(pl.col(name).cast(pl.Int64))
        elif name.endswith(":状态"):
            cols.append(pl.col(name).cast(pl.String))
        elif name == ID:
            cols.append(pl.col(name).cast(pl.Int64))
        else:
            cols.append(pl.col(name) if dtype == pl.Boolean else pl.col(name).cast(pl.Boolean))
    return frame.select(cols).sort(ID)


def differences(a: pl.DataFrame, b: pl.DataFrame) -> list[str]:
    """Every column on which the two differ (or that only one has); empty when equal firm by firm."""
    a, b = comparable(a), comparable(b)
    if a.height != b.height:
        return [f"rows {a.height} vs {b.height}"]
    out = [f"{c}: only in one" for c in sorted(set(a.columns) ^ set(b.columns))]
    out += [c for c in a.columns if c in b.columns and not a[c].equals(b[c])]
    return out


# ---------------------------------------------------------------------------- memory, in a fresh process
def memory_child(contestant: str, n: int) -> None:
    small = Contestants(100)
    getattr(small, contestant)()  # imports and first-call caches, so only the call's data is counted
    del small
    c = Contestants(n)
    gc.collect()
    base = rss_kib("VmRSS:")
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        base = rss_kib("VmHWM:")
    out = getattr(c, contestant)()
    grown = max(rss_kib("VmHWM:") - base, 0) * 1024
    del out
    print(json.dumps({"grown": grown, "input": input_bytes(c.frame)}))


def memory_of(contestant: str, n: int) -> tuple[int, int]:
    done = subprocess.run(
        [sys.executable, __file__, "--memory-child", contestant, str(n)], capture_output=True, text=True, check=True
    )
    found = json.loads(done.stdout.strip().splitlines()[-1])
    return int(found["grown"]), int(found["input"])


# ---------------------------------------------------------------------------- from Parquet, streamed
DIRECT = """
import json, sys, duckdb
source, target, query_file, settings = sys.argv[1:5]
con = duckdb.connect(config=json.loads(settings))
con.execute(f"CREATE VIEW facts AS SELECT * FROM read_parquet('{source}')")
query = open(query_file, encoding="utf-8").read()
con.execute(f"COPY ({query}) TO '{target}' (FORMAT parquet)")
"""


def duckdb_settings(memory_limit: str | None, threads: int, folder: Path) -> dict[str, str]:
    """DuckDB's settings for the streamed runs: a memory limit (it spills to `folder` beyond it), a thread count
    (0: DuckDB's default, one per core), and no insertion order to keep (the outputs are compared by id), so a
    COPY streams instead of holding the rows back to order them."""
    out = {"temp_directory": str(folder / "duckdb.tmp"), "preserve_insertion_order": "false"}
    if memory_limit:
        out["memory_limit"] = memory_limit
    if threads:
        out["threads"] = str(threads)
    return out


def write_population(ref: Any, m: int, path: Path, block: int = 2_000_000) -> None:
    """M firms into one Parquet file, a block at a time (the shared generator, seeded per block)."""
    import pyarrow.parquet as pq

    writer = None
    try:
        for start in range(0, m, block):
            pop = ref.population(min(block, m - start), start // block)
            pop["landing_rate"] = np.round(pop["landing_rate"], 6)
            frame = facts_frame(dict(pop)).with_columns(pl.col(ID) + start)
            table = frame.to_arrow()
            if writer is None:
                writer = pq.ParquetWriter(str(path), table.schema)
            writer.write_table(table)
    finally:
        if writer is not None:
            writer.close()


def streamed(m: int, rounds: int, folder: Path, engines: list[str], settings: dict[str, str]) -> dict[str, Any]:
    from policylang import load_policy
    from policylang.readers.cases import parse_setting

    ref = load_reference()
    source = folder / "population.parquet"
    write_population(ref, m, source)
    policy = load_policy(POLICY)
    query_file = folder / "query.sql"
    query_file.write_text(compiled_query(policy, dict([parse_setting(SETTING, policy)])), encoding="utf-8")
    outputs = {name: folder / f"{name}.parquet" for name in engines}
    clauses = [a for c in sql_clauses(policy) for a in ("--clause", c)]
    base = [*policylang_command(), "batch", str(POLICY), str(source), "--set", SETTING, "--id", ID, *clauses]
    commands = {
        "polars": [*base, "-o", str(outputs["polars"]), "--force"],
        "batch-duckdb": [*base, "--engine", "duckdb", "-o", str(outputs.get("batch-duckdb", "")), "--force"],
        "duckdb-direct": [
            sys.executable,
            "-c",
            DIRECT,
            str(source),
            str(outputs.get("duckdb-direct", "")),
            str(query_file),
            json.dumps(settings),
        ],
    }
    # batch --engine duckdb reads the same settings (tools/batch/sqlengine.py, POLICYLANG_DUCKDB_<NAME>)
    os.environ.update({f"POLICYLANG_DUCKDB_{k.upper()}": v for k, v in settings.items()})
    runs: dict[str, list[tuple[float, float, int]]] = {name: [] for name in engines}
    for r in range(rounds):
        order = engines[r % len(engines) :] + engines[: r % len(engines)]
        for name in order:
            runs[name].append(child(commands[name]))
    frames = {name: pl.read_parquet(path) for name, path in outputs.items()}
    diffs = {name: differences(frames["polars"], frames[name]) for name in engines if name != "polars"}
    return {"runs": runs, "diffs": diffs, "file_bytes": source.stat().st_size, "rows": frames["polars"].height}


# ---------------------------------------------------------------------------- the report
def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("n", nargs="?", type=int, default=None)
    parser.add_argument("--pairs", type=int, default=None)
    parser.add_argument("--big", type=int, default=None, help="firms in the streamed Parquet run (0: skip it)")
    parser.add_argument("--big-rounds", type=int, default=None)
    parser.add_argument("--no-batch-duckdb", action="store_true", help="leave out `batch --engine duckdb`")
    parser.add_argument("--memory-limit", default=None, help="DuckDB's memory_limit in the streamed runs, e.g. 4GB")
    parser.add_argument("--threads", type=int, default=0, help="DuckDB's threads in the streamed runs (0: default)")
    parser.add_argument("--quick", action="store_true", help="20,000 firms, 3 pairs; 200,000 streamed, 1 round")
    parser.add_argument("--memory-child", nargs=2, metavar=("CONTESTANT", "N"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_child:
        memory_child(args.memory_child[0], int(args.memory_child[1]))
        return 0
    n = args.n or (20_000 if args.quick else 1_000_000)
    pairs = args.pairs or (3 if args.quick else 21)
    big = args.big if args.big is not None else (200_000 if args.quick else 10_000_000)
    rounds = args.big_rounds or (1 if args.quick else 2)
    sys.path.insert(0, str(SHARED))
    import duckdb
    from pairs import interleaved  # ../shared/bench/pairs.py

    c = Contestants(n)
    reference = c.numpy()
    ours, theirs = c.polars(), c.duckdb()
    diff = differences(ours, theirs)
    whole = c.clauses == ARTICLE_5  # the numpy reference computes all five
    totals = not whole or bool(np.array_equal(comparable(theirs)["合计[分]"].to_numpy(), reference))
    print(
        f"Jixi 2023 五 (five awards + the 200万元 article cap), n = {n:,} firms; input {input_bytes(c.frame) / 2**20:.1f} "
        f"MiB; duckdb {duckdb.__version__}, polars {pl.__version__}; load {os.getloadavg()[0]:.1f} on "
        f"{os.cpu_count()} cores"
    )
    print(
        f"exact: DuckDB SQL equals polars batch on every clause's 分 and status, 合计 and 可确定: {not diff}"
        + (f" (differ: {', '.join(diff)})" if diff else "")
        + (f"; totals equal the numpy reference: {totals}" if whole else "")
    )
    print(
        f"clauses: {', '.join(c.clauses)}"
        + ("" if whole else f" (of {', '.join(ARTICLE_5)}: the rest is refused by SQL)")
    )
    print(f"1. in memory, {pairs} interleaved pairs (median of per-pair ratios):")
    api = interleaved(c.duckdb, c.polars, pairs)
    print("  " + api.line("DuckDB SQL", "polars batch"))
    print("2. peak memory growth of one call, a fresh process each (× the input columns):")
    for name in ("duckdb", "polars"):
        grown, size = memory_of(name, n)
        print(f"  {name:<8}{grown / 2**20:>9.1f} MiB  {grown / size:.2f}×")
    exact = not diff and totals
    if big:
        engines = ["polars", "duckdb-direct"] if args.no_batch_duckdb else ["polars", "batch-duckdb", "duckdb-direct"]
        with tempfile.TemporaryDirectory() as tmp:
            settings = duckdb_settings(args.memory_limit, args.threads, Path(tmp))
            shown = ", ".join(f"{k}={v}" for k, v in settings.items() if k != "temp_directory")
            print(f"3. from Parquet, streamed, {big:,} firms, {rounds} interleaved rounds of subprocesses ({shown}):")
            s = streamed(big, rounds, Path(tmp), engines, settings)
        med = statistics.median
        base_wall = med(w for w, _, _ in s["runs"]["polars"])
        for name, runs in s["runs"].items():
            wall, cpu, rss = (med(r[i] for r in runs) for i in range(3))
            print(
                f"  {name:<14} wall {wall:7.2f} s  cpu {cpu:7.2f} s  peak RSS {rss / 2**20:7.0f} MiB"
                f"  ({wall / base_wall:.2f}× polars wall)"
            )
        print(f"  file {s['file_bytes'] / 2**20:.0f} MiB, {s['rows']:,} rows out")
        for name, d in s["diffs"].items():
            print(
                f"  {name} equals polars batch column by column: {not d}" + (f" (differ: {', '.join(d)})" if d else "")
            )
            exact = exact and not d
    print(f"exact to the fen: {'MET' if exact else 'NOT MET'}")
    return 0 if exact else 1


if __name__ == "__main__":
    sys.exit(main())
