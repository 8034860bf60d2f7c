"""Fuzz `policylang eval` (bounded, fast): random bytes and mutated copies of real policy and case
files must give exit 0 or 2 with a located message — never a traceback, exit 1 or an uncaught
exception (the CLI runs in-process with catch_exceptions=False, so any exception fails the test).

Targets: random bytes; mutated policies and cases; random and value-grammar `--set` strings and case
values (readers/values.py: numbers, separators, units, words, dates); pasted line separators (U+2028,
FF, a lone CR, …) in .pol files, through `eval` and `fmt -` (which must converge); meaning-level edits
of the shipped policies; and `batch -o` paths (folders, links to an input, missing parents, …), which
must never change an input or a refused OUT, or leave a partial file.

For a longer hunt:  POLICYLANG_FUZZ_EXAMPLES=20000 python -m pytest tests/test_fuzz.py
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import EXAMPLES, FIXTURES, POLICIES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policylang.cli import main

PATTERNS = FIXTURES / "patterns"
EXAMPLES_PER_TEST = int(os.environ.get("POLICYLANG_FUZZ_EXAMPLES", "300"))
HUNTING = "POLICYLANG_FUZZ_EXAMPLES" in os.environ  # a longer hunt draws new inputs each run
FUZZ = settings(
    max_examples=EXAMPLES_PER_TEST,
    deadline=None,
    derandomize=not HUNTING,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

# (policy, case) pairs from the repository: what drafters actually write
SEEDS = [(EXAMPLES / "exhibition.pol", EXAMPLES / "exhibition.case.yaml")] + [
    (p, p.with_suffix(".case.yaml")) for p in sorted(PATTERNS.glob("*.pol"))
]
POLICY_TEXTS = [p.read_text(encoding="utf-8") for p, _ in SEEDS] + [
    p.read_text(encoding="utf-8") for p in sorted(POLICIES.glob("*.pol"))
]
CASE_TEXTS = [c.read_text(encoding="utf-8") for _, c in SEEDS]

# Pieces of the language and of case files, to insert or swap in.
TOKENS = [
    "政策",
    "条款",
    "事实",
    "参数",
    "定义",
    "表",
    "奖励",
    "条件",
    "上限",
    "累计上限",
    "扣除",
    "逐项",
    "分组",
    "至多",
    "取",
    "最有利",
    "申报顺序",
    "取高不重复",
    "合计上限",
    "如果",
    "则",
    "否则",
    "且",
    "或",
    "非",
    "在",
    "至",
    "分档",
    "档",
    "其他",
    "按",
    "每满",
    "给予",
    "超过",
    "达到",
    "不超过",
    "低于",
    "为",
    "(含)",
    "(不含)",
    "(含)以上",
    "以上",
    "以下",
    "未规定",
    "默认",
    "金额",
    "金额(美元)",
    "数量(吨)",
    "比例",
    "是否",
    "日期",
    "文本",
    "之一(甲, 乙)",
    "列表 { a: 金额 }",
    "舍入",
    "四舍五入",
    "到",
    "分",
    "元",
    "币种",
    "美元",
    "{",
    "}",
    "(",
    ")",
    ",",
    ":",
    "=",
    "->",
    "×",
    "÷",
    "+",
    "-",
    ".",
    '"',
    "#",
    "\n",
    " ",
    "0",
    "0元",
    "0.8万元",
    "50%",
    "1e9",
    "-1万元",
    "50元/吨",
    "1元/个",
    "7元/美元",
    "100万美元",
    "20家",
    "2023-02-30",
    "2023-06-20",
    "9999-12-31",
    "最小(",
    "最大(",
    "合计(",
    "计数(",
    "天数(",
    "一年期LPR(",
    "一(一)",
    "五(一)2",
    "展位费",
    "境内展位",
    "- ",
    "- {",
    ": ",
    "[]",
    "[",
    "]",
    "'",
    "*",
    "&a",
    "!!python/object",
    "~",
    "null",
    "是",
    "否",
    "\t",
    "\ufeff",
    "万",
    "亿",
    "％",
    "（含）",
    "—",
    "～",
]


def invoke(policy: Path, case: Path, *options: str):
    result = CliRunner().invoke(main, ["eval", str(policy), str(case), *options], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def assert_clean(code: int, out: str, err: str) -> None:
    assert code in (0, 2), (code, out, err)
    assert "Traceback" not in out + err
    if code == 2 and out.startswith("{"):  # under --format json the errors are a JSON document on stdout
        assert json.loads(out)["schema"] == "policylang.errors/1" and "错误[" not in err, (out, err)
    elif code == 2:
        assert "错误[" in err or err.startswith("Usage:"), err  # a located message (or click's usage error)
    else:
        assert out.strip(), "exit 0 prints a result"


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("POLICYLANG_CACHE", "0")  # thousands of one-off policies: keep them out of the disk cache
        yield tmp_path_factory.mktemp("fuzz")


@st.composite
def mutated(draw, texts: list[str]) -> str:
    """A real file with a few character- and token-level edits."""
    text = draw(st.sampled_from(texts))
    for _ in range(draw(st.integers(1, 4))):
        if not text:
            break
        at = draw(st.integers(0, len(text)))
        edit = draw(st.sampled_from(["delete", "insert", "swap", "token", "duplicate", "line"]))
        if edit == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 8)) :]
        elif edit == "insert":
            text = text[:at] + draw(st.text(min_size=1, max_size=3)) + text[at:]
        elif edit == "swap" and at + 1 < len(text):
            text = text[:at] + text[at + 1] + text[at] + text[at + 2 :]
        elif edit == "token":
            text = text[:at] + draw(st.sampled_from(TOKENS)) + text[at + draw(st.integers(0, 3)) :]
        elif edit == "duplicate":
            end = min(len(text), at + draw(st.integers(1, 40)))
            text = text[:end] + text[at:end] + text[end:]
        elif edit == "line":
            lines = text.split("\n")
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
    return text


OPTIONS = st.lists(
    st.sampled_from(
        [
            ("--explain",),
            ("--format", "json"),
            ("--clause", "一(一)"),
            ("--clause", "三(一)1"),
            ("--clause", "?"),
            ("--set", "规模门槛一=500万元"),
            ("--set", "展位费=1"),
            ("--set", "="),
            ("--set", "规模门槛三=-1万元"),
            ("--set", "纳入限额统计=否"),
        ]
    ),
    max_size=2,
).map(lambda xs: [a for x in xs for a in x])


@FUZZ
@given(seed=st.sampled_from(SEEDS), text=mutated(POLICY_TEXTS), options=OPTIONS)
def test_mutated_policies(workdir, seed, text, options):
    policy = workdir / "mutated.pol"
    policy.write_text(text, encoding="utf-8", errors="surrogatepass")
    assert_clean(*invoke(policy, seed[1], *options))


@FUZZ
@given(seed=st.sampled_from(SEEDS), text=mutated(CASE_TEXTS), options=OPTIONS)
def test_mutated_cases(workdir, seed, text, options):
    case = workdir / "mutated.yaml"
    case.write_text(text, encoding="utf-8", errors="surrogatepass")
    assert_clean(*invoke(seed[0], case, *options))


@FUZZ
@given(seed=st.sampled_from(SEEDS), data=st.binary(max_size=400), as_policy=st.booleans())
def test_random_bytes(workdir, seed, data, as_policy):
    path = workdir / ("bytes.pol" if as_policy else "bytes.yaml")
    path.write_bytes(data)
    assert_clean(*(invoke(path, seed[1]) if as_policy else invoke(seed[0], path)))


@FUZZ
@given(seed=st.sampled_from(SEEDS), setting=st.text(max_size=20), clause=st.text(max_size=8))
def test_random_options(seed, setting, clause):
    code, out, err = invoke(seed[0], seed[1], "--set", setting, "--clause", clause)
    assert_clean(code, out, err)


# ---------------------------------------------------------------------------- meaning-level edits
def suite_cases() -> list[tuple[Path, str, list[str]]]:
    """(policy, case YAML, clauses) for every case of the shipped policies' suites."""
    out = []
    for suite in sorted(POLICIES.glob("*.cases.yaml")):
        data = yaml.safe_load(suite.read_text(encoding="utf-8"))
        for case in data["案例"]:
            facts = yaml.safe_dump(case.get("事实") or {}, allow_unicode=True)
            out.append((suite.parent / data["政策"], facts, [str(c) for c in case.get("条款") or []]))
    return out


SUITE_CASES = suite_cases()
LITERAL = re.compile(r"\d+(\.\d+)?(%|万元|亿元|元|美元|万美元|吨|个|家|人|天|平方米|元/吨|元/个)?")
EDGE_LITERALS = [
    "0元",
    "0%",
    "0",
    "0.01元",
    "100%",
    "250%",
    "99999亿元",
    "0家",
    "1家",
    "0吨",
    "0元/吨",
    "0.001元",
    "0天",
]
COMPARE_WORDS = ["超过", "超", "达到", "不低于", "低于", "不足", "不超过", "为", ">=", ">", "<", "<=", "=="]
ROUNDINGS = ["四舍五入 到 分", "舍去 到 元", "进一 到 角", "银行家舍入 到 元"]


@st.composite
def reworded(draw, text: str) -> str:
    """The policy with numbers, comparison words, boundary marks, rounding or quantity limits changed:
    still well-formed, so evaluation (not the parser) meets the odd values."""
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(["number", "number", "word", "bound", "rounding", "limit"]))
        if kind == "number" and (found := list(LITERAL.finditer(text))):
            m = draw(st.sampled_from(found))
            text = text[: m.start()] + draw(st.sampled_from(EDGE_LITERALS)) + text[m.end() :]
        elif kind == "word" and (found := [m for w in COMPARE_WORDS for m in re.finditer(f" {re.escape(w)} ", text)]):
            m = draw(st.sampled_from(found))
            text = text[: m.start()] + f" {draw(st.sampled_from(COMPARE_WORDS))} " + text[m.end() :]
        elif kind == "bound" and (found := list(re.finditer(r"\((不)?含\)|以上|以下", text))):
            m = draw(st.sampled_from(found))
            text = (
                text[: m.start()]
                + draw(st.sampled_from(["(含)", "(不含)", "以上", "以下", "(含)以上", ""]))
                + text[m.end() :]
            )
        elif kind == "rounding":
            text = re.sub(r"舍入 \S+ 到 \S", "舍入 " + draw(st.sampled_from(ROUNDINGS)), text, count=1)
        elif kind == "limit":
            text = re.sub(r"至多 \d+个", "至多 " + draw(st.sampled_from(["0个", "1个", "5个"])), text, count=1)
    return text


@settings(FUZZ, max_examples=max(EXAMPLES_PER_TEST // 2, 1))  # the shipped policies are large: fewer, slower runs
@given(data=st.data(), output=st.sampled_from([[], ["--explain"], ["--format", "json"]]))
def test_reworded_real_policies_on_their_suite_cases(workdir, data, output):
    policy_path, facts, clauses = data.draw(st.sampled_from(SUITE_CASES))
    policy, case = workdir / "reworded.pol", workdir / "suite-case.yaml"
    policy.write_text(data.draw(reworded(policy_path.read_text(encoding="utf-8"))), encoding="utf-8")
    case.write_text(facts, encoding="utf-8")
    options = [a for c in clauses for a in ("--clause", c)] + output
    assert_clean(*invoke(policy, case, *options))


# ---------------------------------------------------------------------------- the value grammar
# Pieces of what a drafter types as a value (readers/values.py: one grammar for case files, --set, suites
# and population cells), well-formed and not: signs, digit forms, separators, units, words, dates.
VALUE_SIGNS = ["", "", "-", "+", "−", "－"]
VALUE_WHOLES = ["0", "1", "12", "500", "1,000", "1,5", "12,345,678", "1,2345", "00", "1_000", "１２", "٣", "", "."]
VALUE_FRACTIONS = ["", "", ".5", ".05", ".", ".123456789", "．5", ".5.5", ",5"]
VALUE_EXPONENTS = ["", "", "", "e4", "E-2", "e", "e999999"]
VALUE_UNITS = [
    *["", "元", "万元", "亿元", "萬元", "億元", "人民币", "万人民币", "美元", "万美元", "万", "亿", "%", "％", "‰"],
    *["吨", "家", "个", "人", "天", "平方米", "元/吨", "元/个", "万元/家", "元/美元", "分", "角", "块", "万万元"],
]
VALUE_WORDS = [
    *["是", "否", "有", "无", "true", "FALSE", "yes", "No", "1", "0", "Y", "对", "", " ", "未规定", "null", "~"],
    *["2023-06-20", "2023-02-30", "2023/06/20", "20230620", "2023-6-2", "0000-01-01", "9999-12-31", "2023-13-01"],
    *[
        "国家级",
        "省级",
        "甲",
        "本企业上年贸易额",
        "三百",
        "1.2万元 ",
        " 1.2万元",
        "1.2\u3000万元",
        "1.2 万元",
        "=",
        "a=b",
    ],
]


WELL_FORMED = [["0", "1", "12", "500", "1,000", "12,345,678"], ["", ".5", ".05"], VALUE_UNITS[:16]]


@st.composite
def value_strings(draw) -> str:
    """A value as a drafter might type it: a word or a date, a well-formed number with its unit, or a number
    put together from any pieces."""
    kind = draw(st.integers(0, 2))
    if kind == 0:
        return draw(st.sampled_from(VALUE_WORDS))
    pieces = WELL_FORMED if kind == 1 else [VALUE_SIGNS, VALUE_WHOLES, VALUE_FRACTIONS, VALUE_EXPONENTS, VALUE_UNITS]
    return "".join(draw(st.sampled_from(p)) for p in pieces)


NAMED = re.compile(r"^\s*(?:事实|参数|定义)\s+([^\s:=]+)", re.M)


def declared_names(policy: Path) -> list[str]:
    return NAMED.findall(policy.read_text(encoding="utf-8"))


def leaves(data: object, path: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    """Every place in a case file's data that holds a value (item fields inside lists included)."""
    if isinstance(data, dict):
        return [p for k, v in data.items() for p in leaves(v, (*path, k))]
    if isinstance(data, list):
        return [p for i, v in enumerate(data) for p in leaves(v, (*path, i))]
    return [path] if path else []


def replaced(data: object, path: tuple[object, ...], value: str) -> object:
    if not path:
        return value
    head, *rest = path
    if isinstance(data, dict):
        return {k: replaced(v, tuple(rest), value) if k == head else v for k, v in data.items()}
    assert isinstance(data, list)
    return [replaced(v, tuple(rest), value) if i == head else v for i, v in enumerate(data)]


VALUE_OUTPUTS = st.sampled_from([[], ["--explain"], ["--format", "json"]])


@settings(FUZZ, max_examples=max(EXAMPLES_PER_TEST * 2 // 3, 1))
@given(seed=st.sampled_from(SEEDS), data=st.data(), output=VALUE_OUTPUTS)
def test_case_values_from_the_value_grammar(workdir, seed, data, output):
    """One value of a real case file (a fact, or an item's field) replaced by a typed string."""
    facts = yaml.safe_load(seed[1].read_text(encoding="utf-8")) or {}
    places = leaves(facts)
    if places:
        facts = replaced(facts, data.draw(st.sampled_from(places)), data.draw(value_strings()))
    else:  # a case with no values: give a declared name one
        facts = {data.draw(st.sampled_from(declared_names(seed[0]))): data.draw(value_strings())}
    case = workdir / "values.json"  # JSON keeps every string a string (YAML would read 1,000 or 是 itself)
    case.write_text(json.dumps(facts, ensure_ascii=False, default=str), encoding="utf-8")  # dates as ISO
    assert_clean(*invoke(seed[0], case, *output))


@settings(FUZZ, max_examples=max(EXAMPLES_PER_TEST * 2 // 3, 1))
@given(seed=st.sampled_from(SEEDS), data=st.data(), output=VALUE_OUTPUTS)
def test_set_strings_from_the_value_grammar(seed, data, output):
    """`--set NAME=VALUE` for a declared fact, parameter or definition (or a near miss) with a typed value."""
    name = data.draw(st.sampled_from(declared_names(seed[0])))
    near = [name + " ", " " + name, name[:-1] or "x", name + "=", ""]
    name = data.draw(st.sampled_from([name] * len(near) + near))
    sep = data.draw(st.sampled_from(["="] * 5 + ["＝", " = ", "==", ":"]))
    settings_ = ["--set", f"{name}{sep}{data.draw(value_strings())}"] * data.draw(st.integers(1, 2))
    assert_clean(*invoke(seed[0], seed[1], *settings_, *output))


# ---------------------------------------------------------------------------- line separators in .pol files
# Characters pasted from Word or a PDF that str.splitlines() would split on but a line does not end at
# (errors.split_lines): each must leave every later position where it was, whatever token it lands in.
PASTED = ["\u2028", "\u2029", "\f", "\v", "\r", "\x85", "\x1c", "\x1d", "\x1e"]
LOCATED = re.compile(r"--> (?P<file>.+?):(?P<line>\d+):(?P<column>\d+)$", re.M)


QUOTED = re.compile(r'"[^"\n]*"|#[^\n]*')


@st.composite
def pasted_policies(draw, text: str) -> str:
    """A real policy with pasted separators inside a comment or a string (where they are allowed), next to a
    line break (where a lexer might take one for a break) or anywhere; its line breaks LF, CRLF or mixed."""
    for _ in range(draw(st.integers(1, 4))):
        where = draw(st.sampled_from(["quoted", "quoted", "break", "anywhere"]))
        at = draw(st.integers(0, len(text)))
        if where == "quoted" and (spans := [m.span() for m in QUOTED.finditer(text) if m.end() - m.start() > 2]):
            start, end = draw(st.sampled_from(spans))
            at = draw(st.integers(start + 1, end - 1))
        elif where == "break" and (breaks := [i for i, ch in enumerate(text) if ch == "\n"]):
            at = draw(st.sampled_from(breaks)) + draw(st.sampled_from([0, 1]))
        text = text[:at] + draw(st.sampled_from(PASTED)) + text[at:]
    newline = draw(st.sampled_from(["\n", "\r\n", "mixed"]))
    if newline == "mixed":
        lines = text.split("\n")
        return "".join(line + draw(st.sampled_from(["\n", "\r\n"])) for line in lines[:-1]) + lines[-1]
    return text.replace("\n", newline)


def assert_located_within(text: str, err: str) -> None:
    """A located message points at a line the file has, by the one definition of a line."""
    from policylang.errors import split_lines

    count = len(split_lines(text))
    for m in LOCATED.finditer(err):
        if m["file"].endswith("pasted.pol"):
            assert 1 <= int(m["line"]) <= count, (m.group(0), count)


@settings(FUZZ, max_examples=max(EXAMPLES_PER_TEST // 3, 1))
@given(seed=st.sampled_from(SEEDS), data=st.data(), output=VALUE_OUTPUTS)
def test_pasted_line_separators_in_policies(workdir, seed, data, output):
    """A seed policy with pasted separators, on its own case: evaluated, or refused at a line it has."""
    text = data.draw(pasted_policies(seed[0].read_text(encoding="utf-8")))
    policy = workdir / "pasted.pol"
    policy.write_bytes(text.encode("utf-8"))  # bytes: write_text would turn "\n" into the platform's break
    code, out, err = invoke(policy, seed[1], *output)
    assert_clean(code, out, err)
    assert_located_within(text, err + out)


@settings(FUZZ, max_examples=max(EXAMPLES_PER_TEST // 3, 1))
@given(text=st.sampled_from(POLICY_TEXTS).flatmap(pasted_policies))
def test_fmt_of_pasted_line_separators_converges(text):
    """`fmt -` on such a file: exit 0 (formatted) or 2 (located), and formatting its output changes nothing."""
    first = CliRunner().invoke(main, ["fmt", "-"], input=text.encode("utf-8"), catch_exceptions=False)
    assert first.exit_code in (0, 2), (first.exit_code, first.stderr)
    assert "Traceback" not in first.stdout + first.stderr
    if first.exit_code == 0:
        again = CliRunner().invoke(main, ["fmt", "-"], input=first.stdout_bytes, catch_exceptions=False)
        assert again.exit_code == 0 and again.stdout_bytes == first.stdout_bytes
        for ch in PASTED:  # fmt adds none (one at a line's end is trailing white space, and may go)
            assert first.stdout.count(ch) <= text.count(ch), repr(ch)
    else:
        assert "错误[" in first.stderr
        assert_located_within(text, first.stderr)


# ---------------------------------------------------------------------------- batch output paths
BATCH_POLICY = FIXTURES / "hardening_frontend" / "citations.pol"
BATCH_POPULATION = FIXTURES / "hardening_frontend" / "population.csv"
OUT_FOLDERS = [".", "sub", "missing", "out.csv", "a b", "结果"]  # out.csv: a folder named like a file
OUT_NAMES = [
    *["out.csv", "out.parquet", "out.CSV", "out.Parquet", "out.txt", "out", ".csv", "结果 1.csv", "out.csv.csv"],
    *["-", "--force", "pop.csv", "policy.pol", "link-to-pop.csv", "hard-pop.csv", "sub", "x/../pop.csv"],
    *["out.csv/", "./out.csv", "sub/../out.parquet", "out.csv.", " out.csv", "out.csv ", "\u2028.csv", "", " "],
]


@st.composite
def output_paths(draw) -> tuple[str, bool, bool]:
    """(-o path relative to the working folder, --force, whether the path already holds a file)."""
    folder, name = draw(st.sampled_from(OUT_FOLDERS)), draw(st.sampled_from(OUT_NAMES))
    path = name if folder == "." else f"{folder}/{name}"
    return path, draw(st.booleans()), draw(st.booleans())


def batch_folder(root: Path) -> Path:
    """A fresh working folder: the inputs (one also reached by a symlink and a hard link), a subfolder, and
    a folder named out.csv."""
    import shutil

    work = Path(root)
    shutil.rmtree(work, ignore_errors=True)
    (work / "sub").mkdir(parents=True)
    (work / "out.csv").mkdir()
    (work / "a b").mkdir()
    (work / "结果").mkdir()
    (work / "x").mkdir()
    shutil.copyfile(BATCH_POPULATION, work / "pop.csv")
    shutil.copyfile(BATCH_POLICY, work / "policy.pol")
    (work / "link-to-pop.csv").symlink_to("pop.csv")
    os.link(work / "pop.csv", work / "hard-pop.csv")
    return work


def snapshot(work: Path) -> dict[str, bytes | None]:
    """Every file under `work` and its bytes (None for a folder)."""
    return {str(p.relative_to(work)): None if p.is_dir() else p.read_bytes() for p in sorted(work.rglob("*"))}


@settings(FUZZ, max_examples=max(EXAMPLES_PER_TEST // 10, 1))  # each run starts a batch: a few seconds in all
@given(target=output_paths(), output=st.sampled_from([[], ["--format", "json"]]))
def test_batch_output_paths(workdir, target, output):
    """`batch -o OUT` with OUT an existing folder, a missing folder, an input under another name, a link…:
    exit 0 with OUT written, or 2 located; never a changed input, a changed refused OUT or a partial file."""
    path, force, existing = target
    work = batch_folder(workdir / "batch")
    spot = work / path
    if existing and spot.parent.is_dir() and not spot.exists() and not path.endswith("/"):
        spot.write_bytes(b"old output\n")
    before = snapshot(work)
    args = ["batch", "policy.pol", "pop.csv", "-o", path, *(["--force"] if force else []), *output]
    with pytest.MonkeyPatch.context() as mp:  # -o paths are relative to the working folder
        mp.chdir(work)
        result = CliRunner().invoke(main, args, catch_exceptions=False)
    code, out, err = result.exit_code, result.stdout, result.stderr
    assert_clean(code, out, err)
    after = snapshot(work)
    for name in ("pop.csv", "policy.pol", "link-to-pop.csv", "hard-pop.csv"):
        assert after[name] == before[name], f"{name} changed"
    assert not [p for p in after if ".partial" in p], after
    changed = {p for p in after if after[p] != before.get(p)} | {p for p in before if p not in after}
    if code == 2:
        assert not changed, changed  # a refused run touches nothing
    else:
        written = [p for p in changed if after.get(p)]
        assert len(written) == 1 and changed == set(written), changed  # OUT, and nothing else
