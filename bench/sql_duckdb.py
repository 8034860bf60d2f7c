"""DuckDB SQL (backends/sql.py via tools/batch/sqlengine.py) against the polars path, on Jixi 五's
population of bench/batch_jixi.py: both exact, the results compared to the fen; wall and CPU time of
`Engine.run` and `sqlengine.outcome` on the same normalised population, interleaved pair by pair,
median ratio reported (the method of ../shared/bench/README.md, without the fresh-process memory part).

    .venv/bin/python bench/sql_duckdb.py [N] [PAIRS]      # default 1,000,000 firms, 3 pairs
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from batch_jixi import load_reference, policylang_frame, shared_population

from policylang import load_policy
from policylang.readers.population import population_from_frame
from policylang.tools.batch import sqlengine
from policylang.tools.batch.engine import Engine

ROOT = Path(__file__).resolve().parent.parent
CLAUSES = ["五(一)1", "五(一)2", "五(三)"]


def timed(fn):  # type: ignore[no-untyped-def]
    wall, cpu = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - wall, time.process_time() - cpu


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    pairs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    policy = load_policy(ROOT / "policies" / "jixi.pol")
    frame = policylang_frame(shared_population(load_reference(), n))
    engine = Engine(policy, None, CLAUSES)
    pop = population_from_frame(policy, frame, engine.plans)
    walls, cpus = [], []
    for _ in range(pairs):
        a, wa, ca = timed(lambda: engine.run(pop).public())
        b, wb, cb = timed(lambda: sqlengine.outcome(policy, pop, None, CLAUSES).public())
        assert a.cast({c: str for c in a.columns if c.endswith(":状态")}).equals(
            b.cast({c: str for c in b.columns if c.endswith(":状态")})
        ), "DuckDB and polars differ"
        walls.append(wb / wa)
        cpus.append(cb / ca)
        print(f"polars {wa:.2f}s wall {ca:.2f}s cpu   duckdb {wb:.2f}s wall {cb:.2f}s cpu")
    print(f"{n:,} firms, Jixi {', '.join(CLAUSES)}: results equal to the fen and status")
    print(
        f"duckdb / polars: wall {statistics.median(walls):.2f}x, cpu {statistics.median(cpus):.2f}x (median of {pairs})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
