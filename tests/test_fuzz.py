"""Fuzz `policylang eval` (bounded, fast): random bytes and mutated copies of real policy and case
files must give exit 0 or 2 with a located message — never a traceback, exit 1 or an uncaught
exception (the CLI runs in-process with catch_exceptions=False, so any exception fails the test).

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
