"""policylang fmt: canonical, idempotent, keeps every comment, never changes meaning."""

from __future__ import annotations

import os
import random
from fractions import Fraction
from pathlib import Path

import pytest
from conftest import EXAMPLES, FIXTURES, POLICIES, ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from policy_strategies import policies

from policylang.errors import PolicyError
from policylang.frontend import ast
from policylang.frontend.syntax import parse
from policylang.tools.fmt import format_policy, format_text


def repo_policies() -> list[Path]:
    """Every policy in the repository that parses: examples, policies, test fixtures."""
    found = sorted(EXAMPLES.rglob("*.pol")) + sorted(POLICIES.rglob("*.pol")) + sorted(FIXTURES.rglob("*.pol"))
    out = []
    for path in found:
        try:
            parse(path.read_text(encoding="utf-8"), str(path))
        except PolicyError:
            continue
        out.append(path)
    return out


REPO_POLICIES = repo_policies()


def comment_texts(policy: ast.Policy) -> list[str]:
    return [c.text.rstrip() for c in policy.comments]


def assert_same_meaning_and_comments(text: str, formatted: str) -> None:
    before, after = parse(text), parse(formatted)
    assert after == before  # nodes compare without positions
    assert comment_texts(after) == comment_texts(before)


# ---------------------------------------------------------------------------- the repository's policies
@pytest.mark.parametrize("path", REPO_POLICIES, ids=lambda p: str(p.relative_to(ROOT)))
def test_repo_policy_round_trips_and_is_idempotent(path: Path):
    text = path.read_text(encoding="utf-8")
    once = format_text(text, str(path))
    assert_same_meaning_and_comments(text, once)
    assert format_text(once) == once


def test_repo_has_policies_to_format():
    assert any(p.name == "exhibition.pol" for p in REPO_POLICIES)
    assert len(REPO_POLICIES) >= 5


def test_shipped_policies_are_already_canonical(run):
    code, out, err = run("fmt", "--check", EXAMPLES, *([POLICIES] if POLICIES.exists() else []))
    assert code == 0, out + err


def test_formatting_keeps_the_compiled_meaning_and_evaluation():
    from policylang import load
    from policylang.backends.exact import evaluate
    from policylang.readers.cases import load_case

    text = (EXAMPLES / "exhibition.pol").read_text(encoding="utf-8")
    messy = "\n\n".join("\t" + ln.lstrip() if ln.startswith("  ") else ln for ln in text.splitlines())
    formatted = format_text(messy)
    assert formatted != messy
    old, new = load(messy), load(formatted)
    assert old == new  # the compiled form, spans aside, including each condition's text as written
    case_text = (EXAMPLES / "exhibition.case.yaml").read_text(encoding="utf-8")
    a = evaluate(old, load_case(case_text, "c", old).facts)
    b = evaluate(new, load_case(case_text, "c", new).facts)
    assert [(c.citation, c.status, c.amount) for c in a.clauses] == [
        (c.citation, c.status, c.amount) for c in b.clauses
    ]
    assert a.total == b.total == Fraction(97000)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fees=st.lists(st.tuples(st.sampled_from(["甲展", "乙展"]), st.integers(0, 200_000)), max_size=5))
def test_evaluation_is_equal_before_and_after_formatting_on_generated_cases(fees):
    from policylang import load
    from policylang.backends.exact import evaluate

    text = (EXAMPLES / "exhibition.pol").read_text(encoding="utf-8")
    old, new = load(text), load(format_text(text.replace("\n  ", "\n\t")))
    booths = [{"展会": fair, "展位费": Fraction(fee)} for fair, fee in fees]
    abroad = [
        {"展会": fair, "计划类": fee % 2 == 0, "展位费": Fraction(fee), "省级补助": Fraction(fee, 10)}
        for fair, fee in fees
    ]
    facts = {"境内展位": booths, "境外展位": abroad}
    a, b = evaluate(old, facts), evaluate(new, facts)
    assert [(c.status, c.amount) for c in a.clauses] == [(c.status, c.amount) for c in b.clauses]


# ---------------------------------------------------------------------------- comments and layout
MESSY = FIXTURES / "fmt" / "messy.pol"


def test_messy_policy_formats_to_its_golden():
    from golden import assert_golden

    text = MESSY.read_text(encoding="utf-8")
    out = format_text(text)
    assert_golden(FIXTURES / "fmt" / "messy.formatted.pol", out)
    assert_same_meaning_and_comments(text, out)
    assert format_text(out) == out


def test_own_line_and_trailing_comments_stay_in_place():
    text = (
        '# 头\n政策 "t" { 年度 2023   # 年度尾注\n舍入 四舍五入 到 分 }\n'
        "事实 a: 金额\n# 关于 b\n事实 b: 金额 # b 尾注\n"
        '条款 一 "t" {\n奖励 a   # 奖励尾注\n  # 结束前\n}\n# 末尾\n'
    )
    out = format_text(text)
    assert out == (
        '# 头\n政策 "t" {\n  年度 2023  # 年度尾注\n  舍入 四舍五入 到 分\n}\n\n'
        "事实 a: 金额\n# 关于 b\n事实 b: 金额  # b 尾注\n\n"
        '条款 一 "t" {\n  奖励 a  # 奖励尾注\n  # 结束前\n}\n# 末尾\n'
    )


def test_quoted_sentences_are_kept_exactly():
    quote = "对年进口额500万元（含）以上且商品落地率超50%的企业，按照进口额2%给予奖励，最高奖励100万元。"
    text = f'政策 "t" {{}}\n条款 三(一)1 "进口" {{ 原文 "{quote}"\n 奖励 2% × 进口额 }}\n'
    out = format_text(text)
    assert f'  原文 "{quote}"\n' in out
    clause = parse(out).decls[0]
    assert isinstance(clause, ast.Clause) and clause.of(ast.Quote)[0].text == quote


@pytest.mark.parametrize(
    "written, canonical",
    [
        ("条件 a 达到 500万元以上", "条件 a 达到 500万元以上"),
        ("条件 a 达到 门槛 以上", "条件 a 达到 门槛 以上"),
        ("条件 a 超过 5000吨(含)", "条件 a 超过 5000吨(含)"),
        ("条件 非 (a 为 b)", "条件 非 (a 为 b)"),
        ("条件 (a 且 b) 或 c", "条件 a 且 b 或 c"),
        ("条件 a 且 (b 或 c)", "条件 a 且 (b 或 c)"),
        ("奖励 a - (b - c)", "奖励 a - (b - c)"),
        ("奖励 (a - b) - c", "奖励 a - b - c"),
        ("奖励 50% * a / 2", "奖励 50% × a ÷ 2"),
        ("奖励 如果 x 则 (如果 y 则 1元 否则 2元) 否则 3元", "奖励 如果 x 则 (如果 y 则 1元 否则 2元) 否则 3元"),
        ("奖励 按 (a+b) 每满 100万元 给予 2万元", "奖励 按 (a + b) 每满 100万元 给予 2万元"),
    ],
)
def test_expression_layout(written: str, canonical: str):
    out = format_text(f'政策 "t" {{}}\n条款 一 "t" {{ {written} }}\n')
    assert f"  {canonical}\n" in out


def test_blank_lines_are_kept_once_and_clauses_stand_apart():
    text = (
        '政策 "t" {}\n事实 a: 金额\n\n\n\n事实 b: 金额\n事实 c: 金额\n条款 一 "t" { 奖励 a }\n条款 二 "t" { 奖励 b }\n'
    )
    out = format_text(text)
    assert out == (
        '政策 "t" {\n}\n\n事实 a: 金额\n\n事实 b: 金额\n事实 c: 金额\n\n'
        '条款 一 "t" {\n  奖励 a\n}\n\n条款 二 "t" {\n  奖励 b\n}\n'
    )


def test_every_node_type_has_a_printer():
    from policylang.tools.fmt import DECL_PRINTERS, EXPR_PRINTERS, STMT_PRINTERS, TYPE_PRINTERS

    tables = {ast.Expr: EXPR_PRINTERS, ast.TypeExpr: TYPE_PRINTERS, ast.Stmt: STMT_PRINTERS, ast.Decl: DECL_PRINTERS}
    for cls in vars(ast).values():
        for base, table in tables.items():
            if isinstance(cls, type) and issubclass(cls, base) and cls is not base:
                assert cls in table, f"fmt has no printer for ast.{cls.__name__}"


# ---------------------------------------------------------------------------- property: generated syntax trees (tests/policy_strategies.py)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(policies)
def test_generated_trees_round_trip_and_format_is_idempotent(policy: ast.Policy):
    text = format_policy(policy)
    reparsed = parse(text)
    assert reparsed == policy
    assert format_policy(reparsed) == text


# ---------------------------------------------------------------------------- property: real statements, shuffled, with comments
def statement_blocks(text: str) -> tuple[str, list[str]]:
    """A policy's header and its top-level declarations as text, split at column-0 keywords."""
    policy = parse(text)
    lines = text.splitlines()
    header = "\n".join(lines[policy.header.span.line - 1 : policy.header.span.end_line])
    blocks = ["\n".join(lines[d.span.line - 1 : d.span.end_line]) for d in policy.decls]
    return header, blocks


SHUFFLE_SOURCES = [p for p in REPO_POLICIES if "patterns" in p.parts or p.name == "exhibition.pol"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(source=st.sampled_from(SHUFFLE_SOURCES), seed=st.integers(0, 2**32 - 1))
def test_random_statement_combinations_with_comments_round_trip(source: Path, seed: int):
    rng = random.Random(seed)
    header, blocks = statement_blocks(source.read_text(encoding="utf-8"))
    chosen = rng.sample(blocks, k=rng.randint(0, len(blocks)))
    pieces = [header, *chosen]
    out_lines: list[str] = []
    for line_text in "\n".join(pieces).splitlines():
        roll = rng.random()
        stripped = line_text.strip()
        if roll < 0.15:
            out_lines.append(" " * rng.randint(0, 6) + f"# 插入的注释 {len(out_lines)}")
        if roll > 0.9:
            out_lines.append("")
        suffix = f"   # 尾注 {len(out_lines)}" if 0.3 < roll < 0.45 and '"' not in stripped[-1:] + "#" else ""
        out_lines.append(" " * rng.randint(0, 4) + stripped + suffix)
    text = "\n".join(out_lines) + "\n"
    once = format_text(text)
    assert_same_meaning_and_comments(text, once)
    assert format_text(once) == once


# ---------------------------------------------------------------------------- the command
def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


UGLY = '政策 "t" { 年度 2023 }\n事实 a: 金额  # 注\n条款 一 "t" { 奖励 50% *  a }\n'
PRETTY = '政策 "t" {\n  年度 2023\n}\n\n事实 a: 金额  # 注\n\n条款 一 "t" {\n  奖励 50% × a\n}\n'


def test_fmt_rewrites_in_place_and_reports(run, tmp_path):
    path = write(tmp_path, "a.pol", UGLY)
    code, _out, err = run("fmt", path)
    assert code == 0, err
    assert path.read_text(encoding="utf-8") == PRETTY
    assert f"已格式化：{path}" in err
    assert run("fmt", path)[0] == 0 and "已格式化" not in run("fmt", path)[2]


def test_fmt_check_lists_files_that_would_change_and_exits_1(run, tmp_path):
    ugly, pretty = write(tmp_path, "ugly.pol", UGLY), write(tmp_path, "pretty.pol", PRETTY)
    code, out, _err = run("fmt", "--check", ugly, pretty)
    assert code == 1
    assert f"需要格式化：{ugly}" in out and str(pretty) not in out
    assert ugly.read_text(encoding="utf-8") == UGLY
    assert run("fmt", "--check", pretty)[0] == 0


def test_fmt_check_accepts_a_folder(run, tmp_path):
    write(tmp_path, "pretty.pol", PRETTY)
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub", "ugly.pol", UGLY)
    code, out, _ = run("fmt", "--check", tmp_path)
    assert code == 1 and "ugly.pol" in out and "pretty.pol" not in out


def test_fmt_diff_shows_a_unified_diff_without_writing(run, tmp_path):
    path = write(tmp_path, "a.pol", UGLY)
    code, out, _ = run("fmt", "--diff", path)
    assert code == 0
    assert out.startswith(f"--- {path}（原）\n+++ {path}（格式化后）\n@@")
    assert '-条款 一 "t" { 奖励 50% *  a }\n' in out and "+  奖励 50% × a\n" in out
    assert path.read_text(encoding="utf-8") == UGLY


def test_fmt_reads_stdin_when_no_path(run):
    code, out, _ = run("fmt", input=UGLY)
    assert (code, out) == (0, PRETTY)
    assert run("fmt", "-", input=PRETTY)[1] == PRETTY
    assert run("fmt", "--check", "-", input=UGLY)[0] == 1


def test_fmt_leaves_a_file_that_does_not_parse_untouched(run, tmp_path):
    bad = write(tmp_path, "bad.pol", '政策 "t" {}\n条款 一(一) {\n  奖励 1万元\n}\n')
    good = write(tmp_path, "good.pol", UGLY)
    code, _out, err = run("fmt", bad, good)
    assert code == 2
    assert f"{bad}:2:" in err and "^" in err and "条款缺少标题" in err
    assert "Traceback" not in err
    assert bad.read_text(encoding="utf-8").startswith('政策 "t" {}\n条款 一(一) {')
    assert good.read_text(encoding="utf-8") == PRETTY  # the other files are still formatted


def test_fmt_missing_file_is_invalid_input(run, tmp_path):
    code, _, err = run("fmt", tmp_path / "none.pol")
    assert code == 2 and "不存在" in err


def test_a_crash_while_writing_leaves_the_original_file_and_no_temporary(monkeypatch, tmp_path):
    from policylang.tools import fmt

    path = write(tmp_path, "a.pol", UGLY)
    os.chmod(path, 0o640)

    def crash(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fmt.os, "replace", crash)
    with pytest.raises(OSError):
        fmt.write_atomically(path, PRETTY)
    assert path.read_text(encoding="utf-8") == UGLY
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.pol"]
    monkeypatch.undo()
    fmt.write_atomically(path, PRETTY)
    assert path.read_text(encoding="utf-8") == PRETTY and (path.stat().st_mode & 0o777) == 0o640


def test_fmt_reports_a_write_failure_as_invalid_input(run, monkeypatch, tmp_path):
    from policylang.tools import fmt

    path = write(tmp_path, "a.pol", UGLY)
    monkeypatch.setattr(fmt.os, "replace", lambda s, d: (_ for _ in ()).throw(PermissionError(13, "Permission denied")))
    code, _, err = run("fmt", path)
    assert code == 2 and "无法写入" in err and "Traceback" not in err
    assert path.read_text(encoding="utf-8") == UGLY
