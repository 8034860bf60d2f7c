"""Friendly syntax errors: the labelled bad samples in syntax.py are fixtures, and each must
still produce its label; the specific hints (brackets, spacing, keywords) through the API."""

from __future__ import annotations

import pytest

from policylang import PolicyError, load
from policylang.frontend.syntax import LABEL_TOKENS, SYNTAX_EXAMPLES
from policylang.report.i18n import Msg, language, text

SAMPLES = [(label, sample) for label, samples in SYNTAX_EXAMPLES.items() for sample in samples]
HEADER = '政策 "t" {\n  舍入 四舍五入 到 分\n}\n事实 甲: 金额\n'


def first_error(source: str):
    with pytest.raises(PolicyError) as caught:
        load(source, "t.pol")
    return caught.value.diagnostics[0]


def zh(value) -> str:
    return text(value, "zh")


@pytest.mark.parametrize("label, sample", SAMPLES, ids=[f"{i}" for i in range(len(SAMPLES))])
def test_each_labelled_sample_gets_its_label(label, sample):
    assert first_error(sample).message == Msg(label)


@pytest.mark.parametrize("label, sample", [s for s in SAMPLES if s[1].startswith('政策 "t" {}\n')])
def test_a_label_fits_however_many_declarations_come_before(label, sample):
    # Lark's match_examples compares stack depth too; the label must not depend on it
    body = sample.removeprefix('政策 "t" {}\n')
    assert first_error(HEADER + "事实 乙: 金额\n" + body).message == Msg(label)


def test_an_operator_label_is_not_given_for_other_tokens():
    d = first_error(HEADER + '条款 一 "t" {\n  奖励 甲 "说明"\n}\n')
    assert d.message != Msg(next(iter(LABEL_TOKENS)))


@pytest.mark.parametrize(
    "text, message, suggestion",
    [
        (HEADER + '条款 一 "t" {\n  奖励 最大(甲, 0元\n}\n', "第6行第8列的“(”没有闭合", "在“}”之前补上“)”"),
        (
            HEADER + '条款 一 "t" {\n  奖励 甲\n条款 二 "t" {\n  奖励 甲\n}\n',
            "第5行第10列的“{”没有闭合",
            "在新的“条款”之前补上“}”",
        ),
        (HEADER + '条款 一 "t" {\n  奖励 甲\n', "文件在中途结束：第5行第10列的“{”没有闭合", "在文件末尾补上“}”"),
        (
            HEADER + '条款 一 "t {\n  奖励 甲\n}\n',
            '引号没有闭合：文字须在同一行内用 " 结束',
            '在这一行文字的末尾补上 "',
        ),
        (HEADER + "奖励 1元\n", "“奖励”只能写在条款的 { } 之内", None),
        (
            HEADER + '条款 一 "t" {\n  条件 甲 达到 1元(含) 以上\n  奖励 1元\n}\n',
            "“(含)以上”须连写，中间不留空格",
            None,
        ),
        (
            HEADER + '条款 一 "t" {\n  条件 甲 达到500万元\n  奖励 1元\n}\n',
            "“达到”与后面的“500万元”之间须留空格",
            "写成 达到 500万元",
        ),
    ],
)
def test_specific_hints(text, message, suggestion):
    d = first_error(text)
    assert zh(d.message) == message
    if suggestion is not None:
        assert zh(d.suggestion) == suggestion


def test_expected_lists_name_chinese_keywords():
    # Lark's own expected/accepts sets keep only upper-case names, which drops every Chinese keyword
    d = first_error('政策 "t" {\n  舍入 四舍五入 分\n}\n')
    assert zh(d.suggestion) == "此处应为：“到”"
    d = first_error(HEADER + '条款 一 "t" {\n  奖励 甲\n  "x"\n}\n')
    assert "“条件”" in zh(d.suggestion) and "“}”" in zh(d.suggestion)


def test_expected_lists_put_likely_words_first():
    d = first_error(HEADER + '条款 一 "t" {\n  奖励 50% × × 甲\n}\n')
    assert zh(d.suggestion).startswith("此处应为：数字或金额（如 0.8万元、50%）、名称")
    assert "(?:" not in zh(d.suggestion)  # never a raw regular expression
    with language("en"):
        assert str(d.suggestion).startswith("expected here: a number or amount (e.g. 0.8万元, 50%), a name")


def test_a_keyword_prefix_only_counts_before_a_number():
    # 在线收入 starts with the keyword 在, but nothing is run together: no spacing hint
    d = first_error(HEADER + '条款 一 "t" {\n  奖励 甲 在线收入\n}\n')
    assert "空格" not in zh(d.message)
