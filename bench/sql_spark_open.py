"""Whole Jixi with its open numbers left open, compiled to the Spark dialect and run on a local Spark: equal to batch.

    .venv/bin/python bench/sql_spark_open.py [N] [--driver-memory 2g]      # N = 40 firms

The check tests/test_sql_engines.py makes for each policy, on the one query too heavy for the suite: every clause
of policies/jixi.pol with both item tables, 计息年天数 (7 values) and 新引入企业同比基数 (2) left open, so the query
decides the 14 combinations inside (backends/sql.py, Combinations). Spark's analyser needs more heap for it than
the suite's 512 MiB driver: it runs out of memory there. The population is tests/sql_engines.py's (values at and
one 分 around every threshold, empty cells, 0–4 items per list). Exit status 1 unless every cell equals batch.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("n", nargs="?", type=int, default=40)
    parser.add_argument("--driver-memory", default="2g")
    args = parser.parse_args()
    import sql_engines  # tests/sql_engines.py: the Spark session and the populations

    sql_engines.SPARK_CONF["spark.driver.memory"] = args.driver_memory
    import test_sql_engines as checks  # tests/test_sql_engines.py: run_case, the comparison with batch

    checks.CASES["jixi-whole-open"] = checks.Case(ROOT / "policies" / "jixi.pol", n=args.n)
    engine = sql_engines.SparkEngine.start(Path(tempfile.mkdtemp()))
    try:
        started = time.perf_counter()
        compared = checks.run_case(engine, "spark", "jixi-whole-open", with_items=True)
        took = time.perf_counter() - started
    finally:
        engine.stop()
    print(
        f"Spark (driver {args.driver_memory}), whole Jixi open, {args.n} firms: {compared} clauses equal batch, {took:.1f} s"
    )
    return 0 if compared else 1


if __name__ == "__main__":
    sys.exit(main())
