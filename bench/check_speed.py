"""How long `policylang check` takes on both seed policies, solver included. Target: < 1 s.

Two figures, each the best of 3 runs:
  in-process  load (parse + compile) and check both seeds, in an interpreter that has already
              imported policylang and z3 once (what a test or an editor integration pays);
  CLI         `policylang check policies/lianyungang.pol policies/jixi.pol` as a new process,
              interpreter start-up and every import included (what CI pays).

    python bench/check_speed.py
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = [ROOT / "policies" / "lianyungang.pol", ROOT / "policies" / "jixi.pol"]
TARGET = 1.0


def in_process() -> tuple[float, int, int]:
    """(seconds, findings, findings that say a check could not run — CHK001, expected 0 on the seeds)."""
    from policylang.tools.check import check_policy, load

    start = time.perf_counter()
    found = [f for p in SEEDS for f in check_policy(*load(str(p)))]
    return time.perf_counter() - start, len(found), sum(f.unchecked for f in found)


def cli() -> float:
    script = Path(sys.executable).with_name("policylang")
    base = [str(script)] if script.exists() else [sys.executable, "-m", "policylang"]
    start = time.perf_counter()
    done = subprocess.run([*base, "check", *map(str, SEEDS)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    took = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(done.stderr.decode())
    return took


def main() -> None:
    seeds = [p for p in SEEDS if p.exists()]
    if len(seeds) != len(SEEDS):
        raise SystemExit("both seed policies are needed: " + ", ".join(str(p) for p in SEEDS))
    in_process()  # warm-up: first z3 call, OS file cache
    runs = [in_process() for _ in range(3)]
    best_in = min(t for t, _, _ in runs)
    best_cli = min(cli() for _ in range(3))
    verdict = "ok" if max(best_in, best_cli) < TARGET else "SLOW"
    if runs[0][2]:
        verdict += f", {runs[0][2]} CHECK(S) COULD NOT RUN"
    print(
        f"policylang check, both seeds ({runs[0][1]} findings, {runs[0][2]} unchecked): "
        f"in-process {best_in * 1000:.0f} ms, "
        f"CLI {best_cli * 1000:.0f} ms (best of 3; target < {TARGET * 1000:.0f} ms) {verdict}"
    )


if __name__ == "__main__":
    main()
