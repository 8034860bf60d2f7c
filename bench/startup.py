"""Cold start of `policylang eval` on the shipped example and of `policylang --help`, each against
`python -c "import click, lark"`.

Runs the three commands alternately in the same process tree (so machine load hits them alike),
takes the median of N runs each (after one warm-up run of each, which also fills the compiled-policy
cache and the bytecode cache), and prints both ratios. Target: each ratio <= 1.3.

Bytecode: every command runs with one temporary PYTHONPYCACHEPREFIX, so policylang, click and lark
are all byte-compiled once (in the warm-up) into that folder and read from it alike — as an installed
package's modules are — and nothing is written into the checkout being measured (nor into
site-packages). The compiled-policy cache is a temporary folder too (POLICYLANG_CACHE_DIR), filled by
the warm-up, unless POLICYLANG_CACHE=0 turns it off.

    python bench/startup.py [N]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 1.3


def policylang_base() -> list[str]:
    script = Path(sys.executable).with_name("policylang")
    return [str(script)] if script.exists() else [sys.executable, "-m", "policylang"]


def commands() -> dict[str, list[str]]:
    base = policylang_base()
    return {
        "import click, lark": [sys.executable, "-c", "import click, lark"],
        "policylang eval": [
            *base,
            "eval",
            str(ROOT / "examples/exhibition.pol"),
            str(ROOT / "examples/exhibition.case.yaml"),
        ],
        "policylang --help": [*base, "--help"],
    }


def environment(scratch: Path) -> dict[str, str]:
    """The same environment for every command: bytecode and compiled policies under `scratch`."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # the warm-up must be able to write the bytecode cache
    env["PYTHONPYCACHEPREFIX"] = str(scratch / "pycache")
    env["POLICYLANG_CACHE_DIR"] = str(scratch / "policies")
    return env


def timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


def main(n: int = 15) -> dict[str, float]:
    """The ratio of each policylang command's median start-up to the baseline's."""
    cmds = commands()
    with tempfile.TemporaryDirectory(prefix="policylang-startup-") as scratch:
        env = environment(Path(scratch))
        for cmd in cmds.values():  # warm-up: OS file cache, bytecode cache, compiled-policy cache
            timed(cmd, env)
        times: dict[str, list[float]] = {name: [] for name in cmds}
        for _ in range(n):
            for name, cmd in cmds.items():
                times[name].append(timed(cmd, env))
    medians = {name: statistics.median(ts) for name, ts in times.items()}
    baseline_name, *ours = cmds
    baseline = medians[baseline_name]
    ratios = {name: medians[name] / baseline for name in ours}
    cache = "off" if os.environ.get("POLICYLANG_CACHE") == "0" else "on"
    print(
        f"{baseline_name}: {baseline * 1000:.1f} ms (median of {n}; policy cache {cache}; bytecode in a temporary prefix)"
    )
    for name in ours:
        verdict = "ok" if ratios[name] <= TARGET else "OVER"
        print(f"{name}: {medians[name] * 1000:.1f} ms   ratio: {ratios[name]:.2f} (target <= {TARGET:.2f}, {verdict})")
    return ratios


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
