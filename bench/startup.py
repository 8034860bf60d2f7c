"""Cold start of `policylang eval` on the shipped example, against `python -c "import click, lark"`.

Runs both commands alternately in the same process tree (so machine load hits both alike),
takes the median of N runs each (after one warm-up run that also fills the compiled-policy
cache), and prints the ratio. Target: ratio <= 1.3. policylang's own modules are byte-compiled
first, as an installed package's are.

    python bench/startup.py [N]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def policylang_command() -> list[str]:
    script = Path(sys.executable).with_name("policylang")
    base = [str(script)] if script.exists() else [sys.executable, "-m", "policylang"]
    return [*base, "eval", str(ROOT / "examples/exhibition.pol"), str(ROOT / "examples/exhibition.case.yaml")]


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def compile_bytecode() -> None:
    """Byte-compile policylang as `pip install` does for click and lark, so both sides are measured
    alike even where PYTHONDONTWRITEBYTECODE keeps an editable install from caching its bytecode."""
    import compileall

    compileall.compile_dir(str(ROOT / "src" / "policylang"), quiet=1)


def main(n: int = 15) -> float:
    compile_bytecode()
    baseline = [sys.executable, "-c", "import click, lark"]
    ours = policylang_command()
    timed(ours)  # warm-up: fills the OS file cache and policylang's compiled-policy cache
    timed(baseline)
    base_times, our_times = [], []
    for _ in range(n):
        base_times.append(timed(baseline))
        our_times.append(timed(ours))
    b, o = statistics.median(base_times), statistics.median(our_times)
    ratio = o / b
    print(
        f"import click, lark: {b * 1000:.1f} ms   policylang eval: {o * 1000:.1f} ms   "
        f"ratio: {ratio:.2f} (target <= 1.30, median of {n}, cache={'off' if os.environ.get('POLICYLANG_CACHE') == '0' else 'on'})"
    )
    return ratio


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
