"""bench/startup.py (issue 11): measures `policylang eval` and `policylang --help` against
`import click, lark`, prints both ratios, and writes no bytecode into the checkout it measures."""

import os
import re
import subprocess
import sys

from conftest import ROOT


def bytecode_in_checkout() -> dict[str, int]:
    return {str(p): p.stat().st_mtime_ns for p in (ROOT / "src").rglob("*.pyc")}


def test_the_startup_bench_prints_both_ratios_and_leaves_the_checkout_alone():
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")}
    before = bytecode_in_checkout()
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "startup.py"), "1"], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert re.search(r"^policylang eval: [\d.]+ ms +ratio: \d+\.\d\d ", done.stdout, re.M), done.stdout
    assert re.search(r"^policylang --help: [\d.]+ ms +ratio: \d+\.\d\d ", done.stdout, re.M), done.stdout
    assert bytecode_in_checkout() == before
