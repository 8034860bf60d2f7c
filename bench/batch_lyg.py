"""Benchmark: the whole Lianyungang policy with item lists, against the flat policy's per-firm cost (issue 16).

    .venv/bin/python bench/batch_lyg.py [N] [--pairs P]      # N = 200,000 firms, P = 3 interleaved pairs
    .venv/bin/python bench/batch_lyg.py --quick              # 5,000 firms, 1 pair: it runs and is exact
    .venv/bin/python bench/batch_lyg.py --src OTHER/src      # the same, computed by another checkout's code

The population: N firms, each with 1–5 境内重点展会展位 (fees with 分; areas 0, below, at and above 18平方米,
with decimals; 3 fairs), 1–5 境外展位 and 1–5 境外重点商务活动人员, every scalar fact of policies/lianyungang.pol
given; written as Parquet — the firms' file and one items file per list, as `policylang batch --items` reads them.

Contestants, each `policylang batch … -o OUT.parquet` in a subprocess (as users run it), wall and CPU time of
the child from os.wait4's rusage, interleaved pairs (A B / B A), median of the per-pair ratios:

- whole: every clause of the policy, the three items files given;
- flat: the same policy with its item clauses removed — the clauses with no 逐项 and no 合计/计数
  (`--clause` for each), on the same firms' file, no items files. This is "the flat policy's per-firm cost"
  of issue 16: what a firm costs when no list is read.

The target (issue 16): whole ≤ 10 × flat per firm, printed MET / NOT MET; and every clause of the whole run
equal to the exact evaluator, to the 分 and the status, on a sample of firms (exit status 1 if not). The
summary's row-path clauses (`exact_path`) and rows redone by the evaluator are printed too.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

ROOT = Path(__file__).resolve().parent.parent
POLICY = ROOT / "policies" / "lianyungang.pol"
sys.path.insert(0, str(ROOT / "src"))

AREAS = np.array(["0", "0", "0", "5.5", "9", "12.25", "17.99", "18", "18.01", "20", "27", "33.33", "45.7"])
FAIRS = np.array(["广交会", "进博会", "华交会"])
LISTS = ("境内重点展会展位", "境外展位", "境外重点商务活动人员")


def fees(rng: np.random.Generator, n: int, top: int = 10_000_000) -> np.ndarray:
    """Money in 元 as exact decimal text with 分."""
    cents = rng.integers(1, top, n)
    return np.char.add(np.char.add((cents // 100).astype(str), "."), np.char.zfill((cents % 100).astype(str), 2))


def generate(policy: Any, n: int, seed: int = 0) -> tuple[pl.DataFrame, dict[str, pl.DataFrame]]:
    from policylang.frontend.units import Bool, ListOf, Money, Quantity

    rng = np.random.default_rng(seed)
    ids = np.char.add("企业", np.arange(n).astype(str))
    firms: dict[str, Any] = {"企业": ids}
    for name, info in policy.facts.items():
        t = info.type
        if isinstance(t, ListOf):
            continue
        if isinstance(t, Bool):
            firms[name] = rng.random(n) < 0.6
        elif isinstance(t, Money):
            firms[name] = fees(rng, n, 100_000_000)
        elif isinstance(t, Quantity):
            firms[name] = rng.integers(0, 3000, n).astype(str)
    items: dict[str, pl.DataFrame] = {}
    for name in LISTS:
        count = rng.integers(1, 6, n)
        owner = np.repeat(ids, count)
        k = len(owner)
        t = policy.facts[name].type
        columns: dict[str, Any] = {"企业": owner}
        for field, ft in t.fields:
            if field in ("展会", "活动"):
                columns[field] = FAIRS[rng.integers(0, len(FAIRS), k)]
            elif field == "人员":
                columns[field] = np.char.add("人员", rng.integers(0, 10, k).astype(str))
            elif field == "光地面积":
                columns[field] = AREAS[rng.integers(0, len(AREAS), k)]
            elif isinstance(ft, Bool):
                columns[field] = rng.random(k) < 0.5
            elif isinstance(ft, Money):
                columns[field] = fees(rng, k, 3_000_000 if field != "省级补助" else 500_000)
        items[name] = pl.DataFrame(columns)
    return pl.DataFrame(firms), items


def flat_clauses(policy: Any) -> list[str]:
    from policylang.compiler import ir

    def reads_a_list(plan: Any) -> bool:
        exprs = [c.expr for c in plan.conditions] + ([plan.award] if plan.award is not None else [])
        exprs += [c.limit for c in plan.caps]
        return any(isinstance(x, ir.Aggregate) for e in exprs for x in e.walk())

    return [p.citation for p in policy.clauses if p.items is None and not reads_a_list(p)]


def run_child(args: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    out = proc.stdout.read().decode() if proc.stdout else ""
    err = proc.stderr.read().decode() if proc.stderr else ""
    if status != 0:
        raise SystemExit(f"failed: {' '.join(args)}\n{out}\n{err}")
    return wall, usage.ru_utime + usage.ru_stime, out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", nargs="?", type=int, default=200_000)
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--sample", type=int, default=1000, help="firms compared with the exact evaluator")
    parser.add_argument("--src", help="run the CLI from this source tree instead (e.g. main's, to measure before)")
    opts = parser.parse_args()
    if opts.quick:
        opts.n, opts.pairs, opts.sample = 5_000, 1, 300
    from policylang import load_policy

    policy = load_policy(POLICY)
    firms, items = generate(policy, opts.n)
    env = dict(os.environ)
    if opts.src:
        env["PYTHONPATH"] = str(Path(opts.src).resolve())
    cli = [sys.executable, "-c", "from policylang.cli import main; main()", "batch", str(POLICY)]
    with tempfile.TemporaryDirectory() as tmp:
        where = Path(tmp)
        firms.write_parquet(where / "firms.parquet")
        item_args: list[str] = []
        for name, frame in items.items():
            frame.write_parquet(where / f"{name}.parquet")
            item_args += ["--items", f"{name}={where / f'{name}.parquet'}"]
        clauses = [x for c in flat_clauses(policy) for x in ("--clause", c)]

        def whole_to(out: str) -> list[str]:
            return [*cli, str(where / "firms.parquet"), *item_args, "--format", "json", "-o", str(where / out)]

        def flat_to(out: str) -> list[str]:
            return [*cli, str(where / "firms.parquet"), *clauses, "--format", "json", "-o", str(where / out)]

        whole, flat = whole_to("whole.parquet"), flat_to("flat.parquet")
        run_child(whole_to("warm.parquet"), env)  # warm-up: the file cache, the imports
        run_child(flat_to("warm2.parquet"), env)
        ratios_wall, ratios_cpu, walls, flats = [], [], [], []
        summary = ""
        for i in range(opts.pairs):
            for which in ("whole", "flat") if i % 2 == 0 else ("flat", "whole"):
                (where / f"{which}.parquet").unlink(missing_ok=True)
                if which == "whole":
                    w = run_child(whole, env)
                    summary = w[2]
                else:
                    f = run_child(flat, env)
            ratios_wall.append(w[0] / f[0])
            ratios_cpu.append(w[1] / f[1])
            walls.append(w)
            flats.append(f)
        result = pl.read_parquet(where / "whole.parquet")
    n = opts.n
    wall_w, cpu_w = statistics.median(x[0] for x in walls), statistics.median(x[1] for x in walls)
    wall_f, cpu_f = statistics.median(x[0] for x in flats), statistics.median(x[1] for x in flats)
    print(f"Lianyungang, {n:,} firms, {sum(f.height for f in items.values()):,} items in {len(items)} lists")
    print(f"whole policy: wall {wall_w:.2f} s ({wall_w / n * 1e6:.1f} µs/firm), CPU {cpu_w:.2f} s")
    print(
        f"flat clauses ({len(flat_clauses(policy))}, no lists): wall {wall_f:.2f} s ({wall_f / n * 1e6:.1f} µs/firm), CPU {cpu_f:.2f} s"
    )
    ratio_wall, ratio_cpu = statistics.median(ratios_wall), statistics.median(ratios_cpu)
    print(f"whole ÷ flat per firm (median of {opts.pairs} pairs): wall {ratio_wall:.2f}×, CPU {ratio_cpu:.2f}×")
    data = json.loads(summary)
    row_path = {c["citation"]: c["exact_path"] for c in data.get("clauses", []) if c.get("exact_path")}
    redone = {c["citation"]: c["exact_rows"] for c in data.get("clauses", []) if c.get("exact_rows")}
    print(f"row-path clauses: {row_path or 'none'}; rows redone by the evaluator: {redone or 'none'}")
    exact = compare(policy, firms, items, result, opts.sample)
    print(f"exact to the 分 and status on {opts.sample:,} sampled firms: {'yes' if exact else 'NO'}")
    met = ratio_wall <= 10 and ratio_cpu <= 10
    print(f"target whole ≤ 10× flat per firm (wall and CPU): {'MET' if met else 'NOT MET'}")
    return 0 if exact else 1


def compare(policy: Any, firms: pl.DataFrame, items: dict[str, pl.DataFrame], result: pl.DataFrame, k: int) -> bool:
    """Every clause of `k` sampled firms against backends.exact.evaluate."""
    from policylang.backends.exact import evaluate
    from policylang.frontend.units import ListOf

    rng = np.random.default_rng(1)
    picks = sorted(rng.choice(firms.height, min(k, firms.height), replace=False).tolist())
    grouped = {name: frame.partition_by("企业", as_dict=True) for name, frame in items.items()}
    ok = True
    for i in picks:
        row = firms.row(i, named=True)
        facts: dict[str, Any] = {}
        for name, info in policy.facts.items():
            if isinstance(info.type, ListOf):
                part = grouped.get(name, {}).get((row["企业"],))
                fields = dict(info.type.fields)
                facts[name] = (
                    []
                    if part is None
                    else [
                        {f: value(v, fields[f]) for f, v in r.items() if f != "企业"}
                        for r in part.iter_rows(named=True)
                    ]
                )
            elif name in row:
                facts[name] = value(row[name], info.type)
        for c in evaluate(policy, facts).clauses:
            got = (result[f"{c.citation}[分]"][i] or 0, result[f"{c.citation}:状态"][i])
            want = (int(c.amount * 100) if c.status == "paid" else 0, c.status)
            if got != want:
                print(f"  differs: firm {i} {c.citation}: batch {got}, eval {want}")
                ok = False
    return ok


def value(v: Any, t: Any) -> Any:
    from policylang.frontend.units import Bool, Text

    if isinstance(t, (Bool, Text)):
        return v
    return Fraction(str(v))


if __name__ == "__main__":
    raise SystemExit(main())
