"""Benchmark: policylang batch on Jixi 2023 article 5 vs OpenFisca and hand-written numpy/polars.

    /tmp/v/bin/python bench/batch_jixi.py [N]            # default N = 1,000,000

One process, one population (`population(n, seed=0)` from ../shared/bench/openfisca_jixi.py),
mapped to policies/jixi.pol's facts and evaluated on the 五 clauses only. Beside the shared
numpy and polars references, the same integer-fen rules hand-written in SQL run on DuckDB
when it is installed, to compare the three engines policylang could have been built on. Prints, for each
engine, the best of three wall times, the ratio to the faster hand-written reference, whether
its per-firm totals agree with the numpy reference to the fen, and its peak memory (resident
set growth during the run, from /proc/self/status VmHWM, reset before each engine) against the
size of the population's own columns. File I/O (Parquet write + read) is timed separately.
Then, as ../shared/bench/README.md asks of a side-by-side figure, policylang against the polars
reference in interleaved pairs (each given its own frame, built before the clock), wall and CPU:

    python bench/batch_jixi.py [N] [PAIRS]   # PAIRS default 21

The mapping, stated once: landing_rate is rounded to 6 decimals (0.0001%) for every engine —
a landing rate is reported as a percentage, and policylang reads only exact decimals; all other
columns are whole yuan / tons already. Every firm is a 生产加工型外贸企业 (the reference has no
such condition), and 新引入企业同比基数=本企业上年贸易额 is assumed (--set), as the reference
does. finance_costs is 出口业务银行手续费 (no loans listed, so no LPR interest).
"""

from __future__ import annotations

import gc
import importlib.util
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import polars as pl

ROOT = Path(__file__).resolve().parent.parent
# The shared benchmark lies beside the checkout (../shared/bench), as on every developer's machine and in CI.
SHARED = Path(os.environ.get("POLICYLANG_SHARED_BENCH", ROOT.parent / "shared" / "bench"))
sys.path.insert(0, str(ROOT / "src"))

ARTICLE_5 = ["五(一)1", "五(一)2", "五(二)1", "五(二)2", "五(三)"]
COLUMNS = {  # benchmark column → jixi.pol fact
    "energy_imports": "能源资源类产品进口额",
    "landing_rate": "商品落地率",
    "coal_tons": "煤炭进口落地量",
    "processed_exports": "本地加工产品出口额",
    "finance_costs": "出口业务银行手续费",
    "trade": "贸易额",
    "trade_last_year": "上年贸易额",
    "newly_introduced": "当年新引入",
}


def load_reference():
    """The shared benchmark module. Without OpenFisca (which it imports at the top) only its
    population and the hand-written references are kept, taken from its source by name."""
    import ast

    path = SHARED / "openfisca_jixi.py"
    source = path.read_text(encoding="utf-8")
    have_openfisca = importlib.util.find_spec("openfisca_core") is not None
    tree = ast.parse(source, str(path))
    if not have_openfisca:
        keep = {"population", "numpy_reference", "polars_reference", "polars_frame", "polars_reference_frame"}
        tree.body = [
            n
            for n in tree.body
            if (isinstance(n, ast.Import) and all("openfisca" not in a.name for a in n.names))
            or (isinstance(n, ast.FunctionDef) and n.name in keep)
        ]
    module = type(sys)("openfisca_jixi")
    module.__file__ = str(path)
    exec(compile(tree, str(path), "exec"), module.__dict__)
    return module, have_openfisca


def shared_population(ref, n: int) -> dict[str, np.ndarray]:
    pop = ref.population(n, 0)
    pop["landing_rate"] = np.round(pop["landing_rate"], 6)
    return pop


def policylang_frame(pop: dict[str, np.ndarray]) -> pl.DataFrame:
    """The population in policylang's own format: whole yuan / tons as integers, the rate as a fraction."""
    cols = {}
    for k, v in pop.items():
        if v.dtype == bool or k == "landing_rate":
            cols[COLUMNS[k]] = v
        else:
            cols[COLUMNS[k]] = v.astype(np.int64)
    cols["生产加工型外贸企业"] = np.ones(len(pop["trade"]), dtype=bool)
    return pl.DataFrame(cols)


DUCKDB_SQL = """
SELECT LEAST(energy + coal + export + finance + increment, 200000000) AS award_fen FROM (
  SELECT
    CASE WHEN imp >= 500000000 AND landing_rate > 0.5 THEN LEAST(imp * 2 // 100, 100000000) ELSE 0 END AS energy,
    CASE WHEN tons >= 5000 THEN LEAST(tons * 5000, 100000000) ELSE 0 END AS coal,
    CASE WHEN x >= 500000000 THEN LEAST(x * 2 // 100, 100000000) ELSE 0 END AS export,
    CASE WHEN x >= 500000000 THEN LEAST(fin // 2, 50000000) ELSE 0 END AS finance,
    CASE WHEN tr >= 500000000 THEN LEAST(GREATEST(tr - last, 0) // 100000000 * 2000000,
                                         CASE WHEN newly_introduced THEN 100000000 ELSE 50000000 END)
         ELSE 0 END AS increment
  FROM (SELECT CAST(energy_imports AS BIGINT) * 100 AS imp, landing_rate, CAST(coal_tons AS BIGINT) AS tons,
               CAST(processed_exports AS BIGINT) * 100 AS x, CAST(finance_costs AS BIGINT) * 100 AS fin,
               CAST(trade AS BIGINT) * 100 AS tr, CAST(trade_last_year AS BIGINT) * 100 AS last, newly_introduced
        FROM pop))
"""


def duckdb_reference(pop):
    """The same integer-fen rules hand-written in SQL for DuckDB (the numpy arrays, zero-copy via Arrow)."""
    import duckdb
    import pyarrow as pa

    table = pa.table(pop)  # DuckDB reads the local variable by name
    con = duckdb.connect()
    con.register("pop", table)
    return con.execute(DUCKDB_SQL).fetchnumpy()["award_fen"]


# ---------------------------------------------------------------------------- measuring
def reset_peak() -> None:
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


def rss_kib(field: str) -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field):
                return int(line.split()[1])
    return 0


def best_of(k: int, fn, *args):
    """Minimum wall time of k calls, the last result, and the peak RSS growth of one call (bytes)."""
    gc.collect()
    times, result, peak = [], None, 0
    for _ in range(k):
        result = None
        gc.collect()
        base = rss_kib("VmRSS:")
        reset_peak()
        t = time.perf_counter()
        result = fn(*args)
        times.append(time.perf_counter() - t)
        peak = max(peak, (rss_kib("VmHWM:") - base) * 1024)
    return min(times), result, peak


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    ref, have_openfisca = load_reference()
    from policylang import load_policy
    from policylang.readers.cases import parse_setting
    from policylang.tools.batch import evaluate_population

    policy = load_policy(ROOT / "policies" / "jixi.pol")
    overrides = dict([parse_setting("新引入企业同比基数=本企业上年贸易额", policy)])
    pop = shared_population(ref, n)
    own = sum(v.nbytes for v in pop.values())
    frame = policylang_frame(pop)

    def policylang_run(f):
        return evaluate_population(policy, f, overrides, only=ARTICLE_5)

    rows = []
    t_np, numpy_total, m_np = best_of(3, ref.numpy_reference, pop)
    rows.append(("numpy reference", t_np, numpy_total, m_np))
    t_pl, polars_total, m_pl = best_of(3, ref.polars_reference, pop)
    rows.append(("polars reference", t_pl, polars_total, m_pl))
    t_b, out, m_b = best_of(3, policylang_run, frame)
    batch_total = out["合计[分]"].to_numpy()
    rows.append(("policylang batch", t_b, batch_total, m_b))
    if importlib.util.find_spec("duckdb") is not None:
        t_dd, dd_total, m_dd = best_of(3, duckdb_reference, pop)
        rows.append(("DuckDB reference", t_dd, dd_total, m_dd))
    else:
        print("DuckDB: not installed (pip install duckdb) — skipped")
    if have_openfisca:
        t_of, of, m_of = best_of(3, ref.openfisca_run, pop)
        rows.append(("OpenFisca 46.0.1", t_of, np.round(of.astype(np.float64) * 100).astype(np.int64), m_of))
    fastest_ref = min(t_np, t_pl)  # the hand-written numpy and polars references
    print(
        f"Jixi 2023 五 (five awards + 200万元 article cap), n = {n:,} firms, best of 3; "
        f"population's own columns = {own / 2**20:.1f} MiB"
    )
    print(
        f"{'engine':<20}{'time':>10}{'× fastest ref':>15}{'agrees to the fen':>20}{'peak memory':>14}{'× columns':>11}"
    )
    for name, t, totals, mem in rows:
        agree = bool(np.array_equal(np.asarray(totals, dtype=np.int64), numpy_total))
        print(f"{name:<20}{t:>9.3f}s{t / fastest_ref:>14.2f}×{agree!s:>20}{mem / 2**20:>10.1f} MiB{mem / own:>10.2f}×")
    if not have_openfisca:
        print("OpenFisca: not installed (pip install 'policylang[bench]' or openfisca-core==46.0.1) — skipped")
    determinable = bool(out["可确定"].all())
    print(f"policylang: every firm determinable = {determinable}; total = {int(batch_total.sum()) / 100:,.2f} 元")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "population.parquet"
        t = time.perf_counter()
        frame.write_parquet(path)
        t_write = time.perf_counter() - t
        t = time.perf_counter()
        pl.read_parquet(path)
        t_read = time.perf_counter() - t
    print(f"file I/O (timed separately): write Parquet {t_write:.3f}s, read Parquet {t_read:.3f}s")
    pairs = int(sys.argv[2]) if len(sys.argv) > 2 else 21
    sys.path.insert(0, str(SHARED))
    from pairs import interleaved

    reference_frame = ref.polars_frame(pop)
    side = interleaved(lambda: policylang_run(frame), lambda: ref.polars_reference_frame(reference_frame), pairs)
    print(side.line("policylang batch", "polars reference"))


if __name__ == "__main__":
    main()
