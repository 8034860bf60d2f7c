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

from policylang.frontend import ast
from policylang.errors import PolicyError, Source, Span
from policylang.tools.fmt import format_policy, format_text
from policylang.frontend.syntax import parse


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
    from policylang.readers.cases import load_case
    from policylang.backends.exact import evaluate

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


# ---------------------------------------------------------------------------- property: generated syntax trees
NO_SPAN = Span(Source("<generated>", ""), 1, 1, 1, 1)
NAMES = ["甲额", "乙额", "吨数", "件数", "新引入", "级别", "比率", "开始日", "非凡", "如果值", "列表甲"]
NUMBERS = ["5万元", "0.8万元", "50%", "2", "50元/吨", "20家", "100万美元", "1.5亿元", "0元", "18平方米"]
CITATIONS = ["一", "一(二)", "三(四)2", "五(一)1", "十(三)2.试点", "二（一）"]
WORDS = ["超过", "超", "达到", "不低于", "低于", "不足", "不超过", "为", ">=", "≥", ">", "<", "=="]
BOUNDS = [None, "(含)", "（含）", "(不含)", "以上", "以下", "(含)以上"]
ONE_SIDE_MARKS = ["以下", "以上", "(含)以下", "（含）以上", "(不含)以上", "（不含）以下"]  # 超额累进 rows
texts = st.text(
    st.characters(
        codec="utf-8", categories=["L", "N", "P", "Zs", "S"], exclude_characters="\n\r\x0b\x0c\x85\u2028\u2029"
    ),
    max_size=12,
)
names = st.sampled_from(NAMES)


def node(cls, *args):
    return cls(*args, span=NO_SPAN)


leaves = st.one_of(
    st.builds(lambda t: node(ast.NumberLit, t), st.sampled_from(NUMBERS)),
    st.builds(lambda t: node(ast.DateLit, t), st.sampled_from(["2023-06-20", "2024-01-01"])),
    st.builds(lambda n: node(ast.Ref, n), names),
    st.builds(lambda a, b: node(ast.FieldRef, a, b), names, names),
)


def brackets(rates):
    """超额累进 rows: one edge with 以下/以上, or two edges each with an optional mark."""
    edges = st.builds(lambda t: node(ast.NumberLit, t), st.sampled_from(NUMBERS))
    one_side = st.builds(
        lambda e, m, r: node(ast.Bracket, e, m, None, None, None, r), edges, st.sampled_from(ONE_SIDE_MARKS), rates
    )
    between = st.builds(
        lambda a, am, d, b, bm, r: node(ast.Bracket, a, am, d, b, bm, r),
        edges,
        st.sampled_from(BOUNDS),
        st.sampled_from(["至", "—", "～", "~"]),
        edges,
        st.sampled_from(BOUNDS),
        rates,
    )
    return one_side | between


def extend(children):
    sums = st.builds(lambda op, a, b: node(ast.BinOp, op, a, b), st.sampled_from("+-×÷"), children, children)
    return st.one_of(
        sums,
        st.builds(
            lambda w, a, b, bd: node(ast.Compare, w, a, b, bd),
            st.sampled_from(WORDS),
            children,
            children,
            st.sampled_from(BOUNDS),
        ),
        st.builds(
            lambda x, lo, lb, d, hi, hb: node(ast.Between, x, lo, lb, d, hi, hb),
            children,
            children,
            st.sampled_from(BOUNDS),
            st.sampled_from(["至", "—", "～", "~"]),
            children,
            st.sampled_from(BOUNDS),
        ),
        st.builds(lambda a, b: node(ast.And, a, b), children, children),
        st.builds(lambda a, b: node(ast.Or, a, b), children, children),
        st.builds(lambda a: node(ast.Not, a), children),
        st.builds(lambda c, a, b: node(ast.If, c, a, b), children, children, children),
        st.builds(lambda f, args: node(ast.Call, f, tuple(args)), names, st.lists(children, max_size=3)),
        st.builds(lambda a, b, c: node(ast.Steps, a, b, c), children, children, children),
        st.builds(
            lambda base, rows: node(ast.Marginal, base, tuple(rows)),
            children,
            st.lists(brackets(children), min_size=1, max_size=3),
        ),
        st.builds(
            lambda rows: node(ast.Tiers, tuple(rows)),
            st.lists(
                st.builds(lambda c, a: node(ast.Tier, c, a), st.none() | children, children), min_size=1, max_size=3
            ),
        ),
    )


exprs = st.recursive(leaves, extend, max_leaves=8)


def types(depth: int = 0):
    simple = st.one_of(
        st.builds(lambda c: node(ast.MoneyType, c), st.sampled_from([None, "美元"])),
        st.builds(lambda u: node(ast.QuantityType, u), st.sampled_from(["吨", "家", "个"])),
        st.builds(lambda k: node(ast.SimpleType, k), st.sampled_from(["比例", "数", "是否", "日期", "文本"])),
        st.builds(lambda vs: node(ast.EnumType, tuple(vs)), st.lists(names, min_size=1, max_size=3)),
        *(
            [
                st.builds(
                    lambda c, u: node(ast.PerUnitType, c, u),
                    st.sampled_from(["元", "美元"]),
                    st.sampled_from(["吨", "美元"]),
                )
            ]
            if hasattr(ast, "PerUnitType")
            else []
        ),
    )
    if depth >= 1:
        return simple
    fields = st.builds(
        lambda n, t, d, df: node(ast.FieldDecl, n, t, d, df),
        names,
        types(depth + 1),
        st.none() | texts,
        st.none() | exprs,
    )
    return simple | st.builds(lambda fs: node(ast.ListType, tuple(fs)), st.lists(fields, min_size=1, max_size=3))


caps = st.builds(lambda n, e: node(ast.Cap, n, e), texts, exprs)
limits = st.builds(
    lambda c, o: node(ast.Limit, c, o), st.sampled_from(["2个", "1"]), st.sampled_from(["最有利", "申报顺序"])
)
group_by = st.builds(lambda f, b: node(ast.GroupBy, f, tuple(b)), names, st.lists(limits | caps, max_size=2))
conditions = st.builds(lambda e: node(ast.Condition, e), exprs)
awards = st.builds(lambda e: node(ast.Award, e), exprs)
per_item = st.builds(
    lambda n, b: node(ast.PerItem, n, tuple(b)),
    names,
    st.lists(st.one_of(conditions, awards, caps, limits, group_by), max_size=4),
)
clause_stmts = st.one_of(
    st.builds(lambda t: node(ast.Quote, t), texts),
    st.builds(lambda t: node(ast.Reading, t), texts),
    conditions,
    awards,
    caps,
    per_item,
    st.builds(lambda n, a, b: node(ast.CumulativeCap, n, a, b), texts, exprs, exprs),
)
citation_lists = st.lists(st.sampled_from(CITATIONS), min_size=1, max_size=3).map(tuple)
decls = st.one_of(
    st.builds(
        lambda n, t, d, df: node(ast.FactDecl, n, t, d, df), names, types(), st.none() | texts, st.none() | exprs
    ),
    st.builds(lambda n, e, t: node(ast.ParamDecl, n, e, t), names, exprs, st.none() | texts),
    st.builds(lambda n, t, note: node(ast.UnspecifiedDecl, n, t, note), names, types(1), texts),
    st.builds(lambda n, e, t: node(ast.DefineDecl, n, e, t), names, exprs, st.none() | texts),
    st.builds(
        lambda n, t, note, rows: node(ast.TableDecl, n, t, note, tuple(rows)),
        names,
        types(1),
        st.none() | texts,
        st.lists(
            st.builds(lambda d, e: node(ast.TableRow, d, e), st.sampled_from(["2023-06-20", "2023-08-21"]), exprs),
            max_size=2,
        ),
    ),
    st.builds(
        lambda c, t, b: node(ast.Clause, c, t, tuple(b)),
        st.sampled_from(CITATIONS),
        texts,
        st.lists(clause_stmts, max_size=5),
    ),
    st.builds(lambda n, cs: node(ast.Exclusive, n, cs), texts, citation_lists),
    st.builds(lambda n, e, cs: node(ast.GroupCap, n, e, cs), texts, exprs, citation_lists),
)


@st.composite
def headers(draw):
    kinds = draw(
        st.lists(
            st.sampled_from(["doc_number", "issuer", "year", "effective", "currency", "rounding"]),
            unique=True,
            max_size=6,
        )
    )
    funds = draw(
        st.lists(
            st.builds(
                lambda n, a, note: node(ast.Fund, n, a, note),
                texts,
                st.sampled_from(["700万元", "50万元"]),
                st.none() | texts,
            ),
            max_size=2,
        )
    )
    order = kinds + ["fund"] * len(funds)
    draw(st.randoms()).shuffle(order)
    values = {
        "doc_number": draw(texts),
        "issuer": draw(texts),
        "year": 2023,
        "effective": ("2023-07-17", "2023-12-31"),
        "currency": "人民币",
        "rounding": (
            draw(st.sampled_from(["四舍五入", "舍去", "进一", "银行家舍入"])),
            draw(st.sampled_from(["分", "角", "元"])),
        ),
    }
    return ast.Header(
        draw(texts), funds=tuple(funds), order=tuple(order), span=NO_SPAN, **{k: values[k] for k in kinds}
    )


policies = st.builds(lambda h, ds: ast.Policy(h, tuple(ds), span=NO_SPAN), headers(), st.lists(decls, max_size=6))


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
    pieces = [header] + chosen
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
    code, out, err = run("fmt", path)
    assert code == 0, err
    assert path.read_text(encoding="utf-8") == PRETTY
    assert f"已格式化：{path}" in err
    assert run("fmt", path)[0] == 0 and "已格式化" not in run("fmt", path)[2]


def test_fmt_check_lists_files_that_would_change_and_exits_1(run, tmp_path):
    ugly, pretty = write(tmp_path, "ugly.pol", UGLY), write(tmp_path, "pretty.pol", PRETTY)
    code, out, err = run("fmt", "--check", ugly, pretty)
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
    code, out, err = run("fmt", bad, good)
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
