"""The Pygments lexer (policylang/highlight.py, issue 14): found through its entry point, it lexes
every token of the policies as policylang's own parser reads it — keywords as the rule they belong
to, numbers with their units, citations, strings, comments — and never an Error token; its keywords
come from grammar/policylang.lark (frontend/vocabulary.py), so a keyword added there is highlighted.
`policylang --help` does not import it, nor Pygments."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import EXAMPLES, FIXTURES, POLICIES, ROOT
from lark import Lark
from pygments import highlight, lexers
from pygments.formatters import HtmlFormatter
from pygments.token import Comment, Error, Keyword, Literal, Name, Number, Operator, Punctuation, String

from policylang.frontend.syntax import GRAMMAR
from policylang.frontend.vocabulary import Kind, parsed_tokens, read
from policylang.highlight import TOKENS, PolicylangLexer

SEEDS = [POLICIES / "lianyungang.pol", POLICIES / "jixi.pol"]
MORE = [
    EXAMPLES / "exhibition.pol",
    EXAMPLES / "revision" / "jixi-2024.pol",
    FIXTURES / "marginal" / "trade.pol",
    FIXTURES / "units_growth" / "growth.pol",
    FIXTURES / "citations" / "articles.pol",
    FIXTURES / "patterns" / "unspecified.pol",
    FIXTURES / "editor" / "non-bmp.pol",
]


def lexed(text: str) -> list[tuple[int, object, str]]:
    return list(PolicylangLexer().get_tokens_unprocessed(text))


def kinds(text: str) -> list[tuple[str, object]]:
    return [(value, token) for _, token, value in lexed(text) if value.strip()]


def test_the_lexer_is_found_through_its_entry_point():
    assert isinstance(lexers.get_lexer_by_name("policylang"), PolicylangLexer)
    assert isinstance(lexers.get_lexer_for_filename("lianyungang.pol"), PolicylangLexer)


def test_pygmentize_highlights_a_policy(tmp_path):
    out = tmp_path / "jixi.html"
    subprocess.run(
        [sys.executable, "-m", "pygments", "-l", "policylang", "-f", "html", "-o", str(out), str(SEEDS[1])],
        check=True,
        timeout=60,
    )
    page = out.read_text(encoding="utf-8")
    assert '<span class="kd">条款</span>' in page and '<span class="nl">五(一)1</span>' in page


@pytest.mark.parametrize("policy", SEEDS + MORE, ids=lambda p: p.name)
def test_every_token_lexes_as_the_parser_reads_it_and_none_is_an_error(policy):
    text = policy.read_text(encoding="utf-8")
    got = {start: (token, value) for start, token, value in lexed(text)}
    assert not [(s, v) for s, (t, v) in got.items() if t in Error]
    wrong = []
    for token in parsed_tokens(text):
        want = TOKENS[token.kind]
        if token.kind is Kind.OPERATOR and any(ch.isalnum() for ch in token.text):
            want = Operator.Word
        if got.get(token.start) != (want, token.text):
            wrong.append((token.text, token.kind.name, got.get(token.start)))
    assert wrong == []


def test_the_seeds_hold_every_kind_of_token():
    found = {token.kind for policy in SEEDS for token in parsed_tokens(policy.read_text(encoding="utf-8"))}
    assert found >= set(Kind) - {Kind.BOUND, Kind.DATE}  # lianyungang and jixi write no (含) and no date
    assert Kind.BOUND in {t.kind for t in parsed_tokens((FIXTURES / "marginal" / "trade.pol").read_text("utf-8"))}


def test_keywords_numbers_citations_strings_and_comments():
    text = (
        "# 三(一)3 的注释\n"
        '条款 三(一)3 "进口奖励" {\n'
        '  原文 "对当年进口5000吨（含）以上的企业"\n'
        "  条件 煤炭落地量 达到 5000吨(含) 且 事实数 不低于 1,000元\n"
        "  奖励 如果 是否新 则 合计(展位, 展位费) 否则 最小(0.8万元, 50% × 展位费)\n"
        "}\n"
        '取高不重复 "同一事项" { 三(一)3, 3.2 }\n'
    )
    got = kinds(text)
    assert got[0] == ("# 三(一)3 的注释", Comment.Single)
    assert got[1:4] == [("条款", Keyword.Declaration), ("三(一)3", Name.Label), ('"进口奖励"', String.Double)]
    assert ("原文", Keyword.Reserved) in got and ('"对当年进口5000吨（含）以上的企业"', String.Double) in got
    assert ("达到", Operator.Word) in got and ("且", Operator.Word) in got and ("不低于", Operator.Word) in got
    assert ("5000吨", Number) in got and ("(含)", Keyword.Pseudo) in got and ("1,000元", Number) in got
    assert ("事实数", Name.Variable) in got  # a keyword at the start of a name is the name's
    assert ("如果", Keyword) in got and ("则", Keyword) in got and ("否则", Keyword) in got
    assert ("合计", Name.Function) in got and ("最小", Name.Function) in got  # called, though 合计 is a keyword
    assert ("0.8万元", Number) in got and ("50%", Number) in got and ("×", Operator) in got
    assert got[-7:] == [
        ("取高不重复", Keyword.Declaration),
        ('"同一事项"', String.Double),
        ("{", Punctuation),
        ("三(一)3", Name.Label),
        (",", Punctuation),
        ("3.2", Name.Label),  # a citation inside the braces, a number elsewhere
        ("}", Punctuation),
    ]
    assert all(token in Keyword for word, token in got if word in {"条款", "原文", "条件", "奖励", "取高不重复"})


def test_a_date_marks_glued_to_a_number_and_the_header():
    got = kinds(
        '政策 "t" {\n  生效 2023-07-17 至 2023-12-31\n  舍入 四舍五入 到 分\n}\n奖励 超额累进 x { 500万元(不含)以上部分 1% }\n'
    )
    assert ("政策", Keyword.Namespace) in got and ("生效", Keyword.Namespace) in got
    assert ("2023-07-17", Literal.Date) in got and ("至", Operator.Word) in got
    assert ("四舍五入", Keyword.Constant) in got and ("分", Keyword.Constant) in got
    assert got[-5:] == [
        ("500万元", Number),
        ("(不含)以上", Keyword.Pseudo),
        ("部分", Keyword),
        ("1%", Number),
        ("}", Punctuation),
    ]


def test_a_keyword_added_to_the_grammar_is_classified_by_the_rule_it_joins():
    """What another helper's new construct gets without touching the highlighters: a new declaration
    under `decl`, a new compare word, a new clause item."""
    grammar = GRAMMAR.read_text(encoding="utf-8")
    grammar = grammar.replace("    | other_funds\n", '    | other_funds\n    | plan\nplan: "专项计划" STRING\n', 1)
    grammar = grammar.replace('| "不等于" | "!="', '| "不等于" | "!=" | "高出"', 1)
    grammar = grammar.replace(
        '            | "已知" NAME [STRING]', '            | "已知" NAME [STRING]\n            | "备注" STRING', 1
    )
    built = Lark(grammar, parser="lalr")
    words = read(built.rules, built.terminals)
    assert "专项计划" in words.keywords[Kind.DECLARATION]
    assert "高出" in words.keywords[Kind.OPERATOR]
    assert "备注" in words.keywords[Kind.CLAUSE]


def test_every_kind_has_a_token_type():
    assert set(TOKENS) == set(Kind)


def test_html_output_of_a_seed_policy_keeps_every_character():
    text = SEEDS[0].read_text(encoding="utf-8")
    assert "".join(value for _, _, value in lexed(text)) == text
    assert "err" not in highlight(text, PolicylangLexer(), HtmlFormatter())


def test_policylang_help_imports_neither_pygments_nor_the_lexer():
    probe = (
        "import sys\n"
        "from policylang.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'pygments' "
        "or m in ('policylang.highlight', 'policylang.frontend.vocabulary')))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_a_character_no_policy_can_hold_is_an_error_token():
    """The other side of "no Error token": the lexer does not swallow what the grammar does not know."""
    got = kinds("事实 展位费: 金额 @ 默认 0元\n")
    assert ("@", Error) in got
    assert ("默认", Keyword.Declaration) in got and ("0元", Number) in got  # and it goes on after it
