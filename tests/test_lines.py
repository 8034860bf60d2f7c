"""One definition of a line (errors.split_lines), shared by the lexer, diagnostics, explanations and fmt.

A line ends at "\\n" (a "\\r" before it belongs to the break). Characters pasted from Word or a PDF
that `str.splitlines()` would also split on (U+2028, a form feed, a lone CR, …) are ordinary
characters: before this was defined once, each of them shifted every later line, so `eval --explain`
printed the wrong source text under a condition, carets pointed one line too high, and `fmt` never
converged.
"""

from __future__ import annotations

import pytest
from conftest import EXAMPLES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policylang.errors import Source, Span, display_width, split_lines

# Not line breaks, although str.splitlines() splits on every one of them.
PASTED = {
    "line separator U+2028": "\u2028",
    "paragraph separator U+2029": "\u2029",
    "form feed": "\f",
    "vertical tab": "\v",
    "lone CR": "\r",
    "NEL U+0085": "\x85",
    "file separator": "\x1c",
    "group separator": "\x1d",
    "record separator": "\x1e",
}
CASE = EXAMPLES / "exhibition.case.yaml"
TYPO = "否则 70% × 展位费用"  # an unknown name on a line well below every pasted character


def pasted_policy(ch: str, newline: str = "\n") -> str:
    """The shipped example with `ch` in an own-line comment, a trailing comment and a 原文 string."""
    text = (EXAMPLES / "exhibition.pol").read_text(encoding="utf-8")
    text = text.replace("# 示例：", f"# 示例{ch}：", 1)
    text = text.replace("  年度 2023\n", f"  年度 2023  # 注{ch}释\n\n  # 独立{ch}注释\n", 1)
    text = text.replace("给予不高于展位费50%", f"给予不高于{ch}展位费50%", 1)
    assert text.count(ch) == 4
    return text.replace("\n", newline)


def write(tmp_path, text: str, name: str = "p.pol"):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def line_of(text: str, needle: str) -> int:
    """The 1-based line holding `needle`, counting only "\\n" (what any editor and Lark count)."""
    return text[: text.index(needle)].count("\n") + 1


VARIANTS = [pytest.param(ch, "\n", id=name) for name, ch in PASTED.items()] + [
    pytest.param(ch, "\r\n", id=f"{name} in a CRLF file") for name, ch in PASTED.items() if ch != "\r"
]


@pytest.mark.parametrize("ch, newline", VARIANTS)
def test_the_caret_is_under_the_right_text_on_the_right_line(run, tmp_path, ch, newline):
    text = pasted_policy(ch, newline).replace("否则 70% × 展位费", TYPO, 1)
    code, _, err = run("eval", write(tmp_path, text), CASE)
    number = line_of(text, TYPO)
    assert code == 2
    assert f"p.pol:{number}:" in err
    shown = next(line for line in err.splitlines() if line.startswith(f"{number} | "))
    assert shown.endswith(TYPO)
    caret_line = err.splitlines()[err.splitlines().index(shown) + 1]
    carets = caret_line.index("^")  # display columns: CJK characters take two
    assert caret_line[carets:].strip() == "^" * 8  # 展位费用: four wide characters
    assert carets == display_width(shown[: shown.index("展位费用")])


@pytest.mark.parametrize("ch, newline", VARIANTS)
def test_explain_shows_the_source_text_of_each_step(run, tmp_path, ch, newline):
    code, out, _ = run("eval", "--explain", write(tmp_path, pasted_policy(ch, newline)), CASE)
    assert code == 0
    assert "计算：逐项 境内展位：50% × 展位费 = 14,000.00元" in out
    assert f"原文：对参加符合要求的境内重点展会的外贸企业，给予不高于{ch}展位费50%" in out
    assert "合计：97,000.00元" in out


@pytest.mark.parametrize("ch, newline", VARIANTS)
def test_fmt_is_idempotent_and_keeps_the_characters(run, tmp_path, ch, newline):
    original = pasted_policy(ch, newline).replace("  年度 2023", "    年度   2023", 1)  # something to format
    path = write(tmp_path, original)
    assert run("fmt", path)[0] == 0
    once = path.read_bytes()
    assert run("fmt", path)[0] == 0
    assert path.read_bytes() == once
    assert run("fmt", "--check", path)[0] == 0
    formatted = once.decode("utf-8")
    assert formatted.count(ch) == original.count(ch)
    assert f"  年度 2023  # 注{ch}释" in formatted  # still a trailing comment, on its line


def test_a_line_ends_only_at_a_newline():
    assert split_lines("a\r\nb\rc\u2028d\fe\n\nf") == ["a", "b\rc\u2028d\fe", "", "f"]
    assert split_lines("a\n") == ["a"] and split_lines("") == [] and split_lines("a\r") == ["a\r"]
    source = Source("p.pol", "一\u2028二\r\n三四五\n")
    assert source.line(2) == "三四五" and source.line(3) == ""
    assert Span(source, 1, 2, 2, 3).text == "\u2028二\n三四"
    assert Span(source, 2, 2, 2, 4).text == "四五"


def test_the_split_lines_are_not_pickled_with_the_source():
    import pickle

    source = Source("p.pol", "a\nb\u2028c\n")
    assert source.line(2) == "b\u2028c"  # computes and caches the lines
    copy = pickle.loads(pickle.dumps(source))
    assert "lines" not in copy.__dict__ and copy == source and copy.line(2) == "b\u2028c"


# ---------------------------------------------------------------------------- fuzz (bounded for CI)
SEPARATORS = [*PASTED.values(), "\r\n", "\n"]
SHORT = """政策 "分隔符" {
  舍入 四舍五入 到 分
}
# 一行注释
事实 费用: 金额  # 尾注释
条款 一 "补助" {
  原文 "给予不高于费用50%的补助"
  奖励 50% × 费用
}
"""
SLOTS = [  # inside a comment or a string: after its first character, before its last
    at
    for inside in ("# 一行注释", "# 尾注释", '"给予不高于费用50%的补助"', '"分隔符"')
    for at in range(SHORT.index(inside) + 1, SHORT.index(inside) + len(inside))
]


@st.composite
def pasted_text(draw) -> str:
    """SHORT with a few pasted separators inside its comments and strings, and CRLF or LF line breaks."""
    text = SHORT
    for at in sorted(draw(st.lists(st.sampled_from(SLOTS), min_size=1, max_size=4, unique=True)), reverse=True):
        text = text[:at] + draw(st.sampled_from(SEPARATORS[:-2])) + text[at:]
    return text.replace("\n", draw(st.sampled_from(["\n", "\r\n"])))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pasted_text())
def test_fuzz_pasted_separators_keep_positions_and_fmt_converges(text):
    from policylang.frontend.syntax import parse
    from policylang.tools.fmt import PolicyFile, format_text

    policy = parse(text, "p.pol")
    for comment in policy.comments:  # each comment's span is the text of its own line, as Lark counted it
        assert comment.span.text.rstrip("\r") == comment.text.rstrip("\r")
        assert comment.span.source.line(comment.span.line).endswith(comment.text.rstrip("\r"))
    file = PolicyFile.of(text)
    once = file.written(format_text(text, "p.pol"))
    assert file.written(format_text(once, "p.pol")) == once
    assert sorted(ch for ch in once if ch in SEPARATORS[:-2] and ch != "\r") == sorted(
        ch for ch in text if ch in SEPARATORS[:-2] and ch != "\r"
    )
