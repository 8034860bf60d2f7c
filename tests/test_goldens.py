"""Golden output: what a drafter sees for each kind of mistake, and for --explain / --format json.

Every input under tests/golden/errors/ says on its first line how it is run:

    # policylang eval {file} examples/exhibition.case.yaml --clause 一(三)

and its expected stderr is the .txt beside it. Regenerate after an intended change with
    POLICYLANG_UPDATE_GOLDENS=1 python -m pytest tests/test_goldens.py
"""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
from conftest import EXAMPLES, FIXTURES, ROOT
from golden import assert_golden

GOLDEN = Path(__file__).resolve().parent / "golden"
ERROR_INPUTS = sorted(p for p in (GOLDEN / "errors").iterdir() if p.suffix in (".pol", ".yaml"))
COMMAND_PREFIX = "# policylang "
PATTERNS = FIXTURES / "patterns"


def relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def command_of(path: Path) -> list[str]:
    first = path.read_bytes().split(b"\n", 1)[0].decode("utf-8")  # UTF-8 even in the GBK inputs
    assert first.startswith(COMMAND_PREFIX), f"{path} must start with “{COMMAND_PREFIX}…”"
    return shlex.split(first.removeprefix(COMMAND_PREFIX).replace("{file}", relative(path)))


@pytest.fixture
def at_root(monkeypatch):
    """Paths in messages are as given on the command line: run from the repository root."""
    monkeypatch.chdir(ROOT)


def test_every_error_input_has_its_golden():
    stems = [p.stem for p in ERROR_INPUTS]
    assert len(stems) == len(set(stems)), "two inputs would share one .txt"
    assert len(ERROR_INPUTS) >= 18


@pytest.mark.parametrize("path", ERROR_INPUTS, ids=[p.name for p in ERROR_INPUTS])
def test_error_golden(run, at_root, path):
    code, out, err = run(*command_of(path))
    assert code == 2, err
    assert out == ""
    assert "Traceback" not in err
    head = err.splitlines()[0]
    assert re.match(r"^错误\[[A-Z]\d{3}\]: \S", head), head
    # a drafter's words: no English beyond names quoted from the input
    assert not re.search(r"[A-Za-z]{4,}", re.sub(r"“[^”]*”", "", head)), head
    assert re.search(r"^  --> \S+:\d+:\d+$", err, re.M), "every error says file:line:col"
    assert re.search(r"^\d+ \| ", err, re.M) and re.search(r"^ +\| +\^+", err, re.M), "the line and a caret"
    assert_golden(path.with_suffix(".txt"), err)


# English beside Chinese: every policy-file mistake, and the file and --clause mistakes of the CLI.
# (Case-file messages are the readers' and follow when they are translated.)
ENGLISH_INPUTS = [
    p for p in ERROR_INPUTS if p.suffix == ".pol" or p.stem in ("missing_file", "unknown_clause", "non_utf8_case")
]


@pytest.mark.parametrize("path", ENGLISH_INPUTS, ids=[p.name for p in ENGLISH_INPUTS])
def test_error_golden_in_english(run, at_root, path):
    code, out, err = run(*command_of(path), "--lang", "en")
    assert code == 2, err
    assert out == "" and "Traceback" not in err
    head = err.splitlines()[0]
    assert re.match(r"^error\[[A-Z]\d{3}\]: [a-z“]", head), head
    assert re.search(r"^  --> \S+:\d+:\d+$", err, re.M), "every error says file:line:col"
    assert not re.search(r"= (建议|说明|条款):", err), "the labels are English too"
    assert_golden(path.with_suffix(".en.txt"), err)


def test_english_inputs_cover_the_front_end():
    assert len(ENGLISH_INPUTS) >= 12


def test_caret_sits_under_the_spot(run, at_root):
    # CJK characters take two columns: the caret must land under “展位费用”, not beside it
    _, _, err = run(*command_of(GOLDEN / "errors" / "unknown_name.pol"))
    lines = err.splitlines()
    source = next(line for line in lines if line.startswith("7 | "))
    caret = next(line for line in lines if "^" in line)
    from policylang.errors import display_width

    column = display_width(source[: source.index("展位费用")])
    assert caret.index("^") == column and caret.count("^") == display_width("展位费用")


# ---------------------------------------------------------------------------- --explain and JSON
RUNS = {
    "exhibition": (EXAMPLES / "exhibition.pol", EXAMPLES / "exhibition.case.yaml", ()),
    "awards": (PATTERNS / "awards.pol", PATTERNS / "awards.case.yaml", ()),
    "tiers": (PATTERNS / "tiers.pol", PATTERNS / "tiers.case.yaml", ()),
    "caps": (PATTERNS / "caps.pol", PATTERNS / "caps.case.yaml", ()),
    "thresholds": (PATTERNS / "thresholds.pol", PATTERNS / "thresholds.case.yaml", ()),
    "logic": (PATTERNS / "logic.pol", PATTERNS / "logic.case.yaml", ()),
    "dates": (PATTERNS / "dates.pol", PATTERNS / "dates.case.yaml", ()),
    "usd": (PATTERNS / "usd.pol", PATTERNS / "usd.case.yaml", ()),
    "unspecified": (PATTERNS / "unspecified.pol", PATTERNS / "unspecified.case.yaml", ()),
    "unspecified-set": (
        PATTERNS / "unspecified.pol",
        PATTERNS / "unspecified.case.yaml",
        ("--set", "规模门槛三=5000万元", "--set", "规模门槛二=2000万元"),
    ),
    "rounding": (PATTERNS / "rounding.pol", PATTERNS / "rounding.case.yaml", ()),
}


def command(name: str, *output: str) -> list[str]:
    policy, case, options = RUNS[name]
    return ["eval", relative(policy), relative(case), *options, *output]


@pytest.mark.parametrize("name", RUNS)
def test_explain_golden(run, at_root, name):
    code, out, err = run(*command(name, "--explain"))
    assert code == 0, err
    assert_golden(GOLDEN / "explain" / f"{name}.txt", out)


@pytest.fixture
def in_english(monkeypatch):
    """The locale says English (what `--lang en` sets, where the command has it)."""
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")


@pytest.mark.parametrize("name", RUNS)
def test_explain_golden_en(run, at_root, in_english, name):
    code, out, err = run(*command(name, "--explain"))
    assert code == 0, err
    assert_golden(GOLDEN / "explain" / f"{name}.en.txt", out)
    # the policy's own words stay as written; every sentence around them is English
    assert not re.search(r"^\s*(条件|计算|上限|结果|调整|未规定)：", out, re.M), out


@pytest.mark.parametrize("name", RUNS)
def test_json_golden(run, at_root, name):
    code, out, err = run(*command(name, "--format", "json"))
    assert code == 0, err
    data = json.loads(out)
    assert data["schema"] == "policylang.result/2"
    assert_golden(GOLDEN / "json" / f"{name}.json", out)


def test_json_vocabularies_are_english_identifiers(run, at_root, in_english):
    code, out, err = run(*command("caps", "--format", "json"))
    assert code == 0, err
    data = json.loads(out)
    assert data["language"] == "en"
    assert data["policy"]["rounding"] == {"mode": "half_up", "unit": "fen"}
    scopes = {cap["scope"] for c in data["clauses"] for cap in c["caps"] + [k for i in c["items"] for k in i["caps"]]}
    assert scopes == {"per_item", "per_group", "clause", "cumulative"}
    group_caps = [cap for c in data["clauses"] for cap in c["caps"] if cap["scope"] == "per_group"]
    assert group_caps and all(
        cap["group_by"] and cap["group_key"] and cap["group_key"] not in cap["name"] for cap in group_caps
    )
    kinds = {e["kind"] for c in data["clauses"] for e in c["events"]}
    assert {"excluded_for", "group_cap_reduced"} <= kinds
    assert {e["kind"] for e in data["events"]} == {"exclusive_kept", "group_cap_exceeded"}
    assert data["notes"][0].startswith("“同一支持事项（测试用）” highest only")


def test_table_golden(run, at_root):
    code, out, err = run(*command("exhibition"))
    assert code == 0, err
    assert_golden(GOLDEN / "explain" / "exhibition.table.txt", out)


def test_table_golden_en(run, at_root, in_english):
    code, out, err = run(*command("exhibition"))
    assert code == 0, err
    assert_golden(GOLDEN / "explain" / "exhibition.table.en.txt", out)
