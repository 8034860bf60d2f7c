"""Soak the public CLI with many mutated inputs, in-process, and count what goes wrong.

Kinds of input (each a mutated copy of a real file from policies/, examples/, tests/fixtures/):
  fmt     mutated .pol text through `fmt -` twice: a second run must give the same bytes
  eval    mutated .pol text through `eval` with a seed case
  case    mutated case YAML through `eval` with its seed policy
  set     mutated `--set NAME=VALUE` strings through `eval`
  suite   mutated suite YAML (*.cases.yaml) through `test`
  batch   small mutated CSV populations through `batch`

An exit code of 0, 1 or 2 is fine. A traceback is an exception that escapes the command (other than
SystemExit) or any other exit code; a hang is a run over 5 s (each run is cut off at 10 s). Prints a table
of kind, inputs, tracebacks, hangs, non-idempotent fmt runs and seconds; writes a JSON report with the
counts and the first failing inputs (default bench/out/fuzz_soak.json; bench/out/ is git-ignored).

    python bench/fuzz_soak.py [--inputs 100000] [--seed 0] [--kinds fmt,eval,...] [--report FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # reuse the fuzz tests' seeds and vocabularies

# Thousands of one-off policies: keep them out of the user's compiled-policy cache.
os.environ["POLICYLANG_CACHE"] = "0"
os.environ.setdefault("POLICYLANG_CACHE_DIR", tempfile.mkdtemp(prefix="fuzz-soak-cache-"))

from click.testing import CliRunner, Result  # noqa: E402
from test_fuzz import COMPARE_WORDS, EDGE_LITERALS, POLICY_TEXTS, SEEDS, TOKENS  # noqa: E402

from policylang.cli import main  # noqa: E402

HANG_SECONDS = 5.0
CUT_OFF_SECONDS = 10
KEPT_FAILURES = 5  # per kind, in the report
FIXTURES = ROOT / "tests" / "fixtures"
EXTRA_POLICIES = [*sorted((FIXTURES / "check").glob("*.pol")), FIXTURES / "fmt" / "messy.pol"]
FMT_TEXTS = POLICY_TEXTS + [p.read_text(encoding="utf-8") for p in EXTRA_POLICIES]
SUITES = sorted((ROOT / "policies").glob("*.cases.yaml")) + sorted((FIXTURES / "testing").rglob("*.cases.yaml"))
BATCH_SEEDS: list[tuple[Path, Path, tuple[str, ...]]] = [
    (FIXTURES / "hardening_frontend" / "citations.pol", FIXTURES / "hardening_frontend" / "population.csv", ()),
    (
        ROOT / "policies" / "jixi.pol",
        FIXTURES / "batch" / "jixi.csv",
        (
            "--items",
            f"出口融资贷款={FIXTURES / 'batch' / 'jixi_loans.csv'}",
            "--items",
            f"省级海外仓={FIXTURES / 'batch' / 'jixi_warehouses.csv'}",
        ),
    ),
]
SET_VALUES = [*EDGE_LITERALS, "500万元", "是", "否", "本企业上年贸易额", "零", "1e9", "-1万元", "", "=", "50%"]


class CutOff(BaseException):
    """Raised by the alarm: a BaseException, so CliRunner (which catches Exception) lets it through."""


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise CutOff


# ---------------------------------------------------------------------------- mutation
def mutate(rng: random.Random, text: str) -> str:
    """A real file with a few character- and token-level edits (as tests/test_fuzz.py's `mutated`)."""
    for _ in range(rng.randint(1, 4)):
        if not text:
            break
        at = rng.randint(0, len(text))
        edit = rng.choice(["delete", "insert", "swap", "token", "token", "duplicate", "line", "word"])
        if edit == "delete":
            text = text[:at] + text[at + rng.randint(1, 8) :]
        elif edit == "insert":
            text = text[:at] + chr(rng.choice([rng.randint(0, 0x7F), rng.randint(0, 0x10FFFF)])) + text[at:]
        elif edit == "swap" and at + 1 < len(text):
            text = text[:at] + text[at + 1] + text[at] + text[at + 2 :]
        elif edit == "token":
            text = text[:at] + rng.choice(TOKENS) + text[at + rng.randint(0, 3) :]
        elif edit == "duplicate":
            end = min(len(text), at + rng.randint(1, 40))
            text = text[:end] + text[at:end] + text[end:]
        elif edit == "line":
            lines = text.split("\n")
            i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
        elif edit == "word" and (found := [m for w in COMPARE_WORDS for m in re.finditer(f" {re.escape(w)} ", text)]):
            m = rng.choice(found)
            text = text[: m.start()] + f" {rng.choice(COMPARE_WORDS + EDGE_LITERALS)} " + text[m.end() :]
    return text


def mutate_csv(rng: random.Random, text: str) -> str:
    """A few rows of a real population, with cells replaced by edge values, then text-level edits."""
    lines = text.rstrip("\n").split("\n")
    rows = [line.split(",") for line in lines[1 : 1 + rng.randint(0, 5)]]
    for row in rows:
        for _ in range(rng.randint(0, 2)):
            row[rng.randrange(len(row))] = rng.choice(EDGE_LITERALS + TOKENS + ["", "-1", "1e308", "NaN", "是"])
    out = "\n".join([lines[0]] + [",".join(r) for r in rows]) + "\n"
    return mutate(rng, out) if rng.random() < 0.5 else out


def write(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    return path


# ---------------------------------------------------------------------------- inputs
@dataclass(frozen=True)
class Input:
    """One run of the CLI: its arguments, stdin, and the mutated text (kept for the report)."""

    args: list[str]
    text: str
    stdin: bytes | None = None


def parameter_names(text: str) -> list[str]:
    return re.findall(r"^参数 (\S+?):", text, re.MULTILINE)


SEED_TEXTS = [(p, c, p.read_text(encoding="utf-8"), c.read_text(encoding="utf-8")) for p, c in SEEDS]


def eval_input(rng: random.Random, work: Path) -> Input:
    _, case, text, _ = rng.choice(SEED_TEXTS)
    mutated = mutate(rng, text)
    return Input(["eval", str(write(work / "mutated.pol", mutated)), str(case), *options(rng)], mutated)


def case_input(rng: random.Random, work: Path) -> Input:
    policy, _, _, case_text = rng.choice(SEED_TEXTS)
    mutated = mutate(rng, case_text)
    return Input(["eval", str(policy), str(write(work / "mutated.yaml", mutated)), *options(rng)], mutated)


def set_input(rng: random.Random, work: Path) -> Input:
    policy, case, text, case_text = rng.choice(SEED_TEXTS)
    facts = re.findall(r"^([^\s#:-][^:]*):[ \t]*(\S[^#\n]*)", case_text, re.MULTILINE)  # the case's own values
    named = [(name, rng.choice(SET_VALUES)) for name in parameter_names(text)] + facts
    settings = []
    for _ in range(rng.randint(1, 2)):
        name, value = rng.choice(named) if named else ("规模门槛一", "500万元")
        value = rng.choice(SET_VALUES) if rng.random() < 0.3 else value.strip()
        edit = rng.random()
        setting = f"{name}={mutate(rng, value) if edit < 0.4 else value}"
        settings += ["--set", mutate(rng, setting) if edit > 0.8 else setting]
    return Input(["eval", str(policy), str(case), *settings, *options(rng)], "\n".join(settings[1::2]))


def suite_input(rng: random.Random, work: Path) -> Input:
    suite = rng.choice(SUITES)
    text = suite.read_text(encoding="utf-8")
    named = re.search(r"^政策:\s*(\S+)", text, re.MULTILINE)  # some seed suites are not valid YAML
    if named and "/" not in named[1] and (suite.parent / named[1]).is_file():
        shutil.copy(suite.parent / named[1], work / named[1])  # the suite names its policy beside it
    mutated = mutate(rng, text)
    return Input(["test", str(write(work / "mutated.cases.yaml", mutated))], mutated)


def batch_input(rng: random.Random, work: Path) -> Input:
    policy, population, items = rng.choice(BATCH_SEEDS)
    mutated = mutate_csv(rng, population.read_text(encoding="utf-8"))
    extra = list(rng.choice([(), ("--format", "json"), ("--clause", "一")]))
    return Input(["batch", str(policy), str(write(work / "population.csv", mutated)), *items, *extra], mutated)


def fmt_input(rng: random.Random, work: Path) -> Input:
    mutated = mutate(rng, rng.choice(FMT_TEXTS)) if rng.random() < 0.9 else rng.choice(FMT_TEXTS)
    return Input(["fmt", "-"], mutated, mutated.encode("utf-8", "surrogatepass"))


def options(rng: random.Random) -> list[str]:
    pool = [["--explain"], ["--format", "json"], ["--clause", "一(一)"], ["--lang", "en"], []]
    return [a for _ in range(rng.randint(0, 2)) for a in rng.choice(pool)]


MAKERS: dict[str, Callable[[random.Random, Path], Input]] = {
    "fmt": fmt_input,
    "eval": eval_input,
    "case": case_input,
    "set": set_input,
    "suite": suite_input,
    "batch": batch_input,
}


# ---------------------------------------------------------------------------- running
@dataclass
class Tally:
    inputs: int = 0
    tracebacks: int = 0
    hangs: int = 0
    non_idempotent: int = 0
    seconds: float = 0.0
    exits: dict[int, int] = field(default_factory=dict)  # exit code → runs: shows the inputs reach past the parser
    failures: list[dict[str, Any]] = field(default_factory=list)

    def keep(self, what: str, given: Input, detail: str) -> None:
        if len(self.failures) < KEPT_FAILURES:
            self.failures.append({"what": what, "args": given.args, "input": given.text[:4000], "detail": detail})


@dataclass(frozen=True)
class Run:
    result: Result | None  # None when cut off
    seconds: float


def run(runner: CliRunner, given: Input, stdin: bytes | None = None) -> Run:
    start = time.monotonic()
    signal.alarm(CUT_OFF_SECONDS)
    try:
        result: Result | None = runner.invoke(main, given.args, input=stdin, catch_exceptions=True)
    except CutOff:
        result = None
    finally:
        signal.alarm(0)
    return Run(result, time.monotonic() - start)


def crashed(result: Result) -> str | None:
    """Why this run counts as a traceback, or None."""
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        assert result.exc_info is not None
        return "".join(traceback.format_exception(*result.exc_info))[-3000:]
    if result.exit_code not in (0, 1, 2):
        return f"exit code {result.exit_code}"
    if "Traceback (most recent call last)" in result.output:
        return result.output[-3000:]
    return None


def judge(tally: Tally, given: Input, done: Run) -> bool:
    """Count this run; True when it finished cleanly."""
    tally.seconds += done.seconds
    if done.result is None or done.seconds > HANG_SECONDS:
        tally.hangs += 1
        tally.keep("hang", given, f"{done.seconds:.1f} s")
        return False
    tally.exits[done.result.exit_code] = tally.exits.get(done.result.exit_code, 0) + 1
    if (why := crashed(done.result)) is not None:
        tally.tracebacks += 1
        tally.keep("traceback", given, why)
        return False
    return True


def soak_one(runner: CliRunner, kind: str, given: Input, tally: Tally) -> None:
    tally.inputs += 1
    first = run(runner, given, given.stdin)
    if not judge(tally, given, first) or kind != "fmt" or first.result is None or first.result.exit_code != 0:
        return
    once = first.result.stdout_bytes
    second = run(runner, given, once)
    if not judge(tally, given, second) or second.result is None:
        return
    if second.result.exit_code != 0 or second.result.stdout_bytes != once:
        tally.non_idempotent += 1
        tally.keep("non-idempotent fmt", given, once.decode("utf-8", "replace")[:4000])


def soak(count: int, seed: int, kinds: list[str]) -> dict[str, Tally]:
    rng = random.Random(seed)
    tallies = {kind: Tally() for kind in kinds}
    runner = CliRunner()
    signal.signal(signal.SIGALRM, _alarm)
    with tempfile.TemporaryDirectory(prefix="fuzz-soak-") as tmp:
        work = Path(tmp)
        for i in range(count):
            kind = kinds[i % len(kinds)]
            soak_one(runner, kind, MAKERS[kind](rng, work), tallies[kind])
    return tallies


def table(tallies: dict[str, Tally]) -> str:
    head = f"{'kind':<8}{'inputs':>9}{'tracebacks':>12}{'hangs':>7}{'non-idem fmt':>14}{'seconds':>10}{'inputs/s':>10}"
    rows = [head, "-" * len(head)]
    total = Tally()
    for kind, t in [*tallies.items(), ("total", total)]:
        if kind != "total":
            total.inputs += t.inputs
            total.tracebacks += t.tracebacks
            total.hangs += t.hangs
            total.non_idempotent += t.non_idempotent
            total.seconds += t.seconds
        rate = t.inputs / t.seconds if t.seconds else 0.0
        rows.append(
            f"{kind:<8}{t.inputs:>9}{t.tracebacks:>12}{t.hangs:>7}{t.non_idempotent:>14}{t.seconds:>10.1f}{rate:>10.1f}"
        )
    return "\n".join(rows)


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--inputs", type=int, default=100_000, help="how many inputs in all (default 100000)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the mutations (same seed, same inputs)")
    parser.add_argument("--kinds", default=",".join(MAKERS), help=f"comma-separated, of: {','.join(MAKERS)}")
    parser.add_argument("--report", type=Path, default=ROOT / "bench" / "out" / "fuzz_soak.json")
    args = parser.parse_args()
    unknown = [k for k in args.kinds.split(",") if k not in MAKERS]
    if unknown:
        parser.error(f"unknown kinds: {', '.join(unknown)}")
    return args


def main_() -> int:
    args = arguments()
    kinds = args.kinds.split(",")
    start = time.monotonic()
    tallies = soak(args.inputs, args.seed, kinds)
    wall = time.monotonic() - start
    print(table(tallies))
    print("exit codes: " + "; ".join(f"{k} {dict(sorted(t.exits.items()))}" for k, t in tallies.items()))
    print(f"wall {wall:.1f} s, {args.inputs / wall:.1f} inputs/s")
    args.report.parent.mkdir(parents=True, exist_ok=True)
    report = {"inputs": args.inputs, "seed": args.seed, "wall_seconds": round(wall, 1)}
    report["kinds"] = {kind: asdict(t) for kind, t in tallies.items()}
    args.report.write_text(json.dumps(report, ensure_ascii=True, indent=2), encoding="utf-8")
    print(f"report: {args.report}")
    bad = sum(t.tracebacks + t.hangs + t.non_idempotent for t in tallies.values())
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main_())
