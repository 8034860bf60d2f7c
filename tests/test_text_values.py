"""Text values: a 文本 fact or field with a default (默认 "广交会"), and a condition comparing a text with a
quoted text (为 / 不等于) — parsed, formatted, evaluated on both sides (equal, one character off, the
default), the same in batch, modelled with z3 strings in check, diffed, and the likely misuses located."""

from __future__ import annotations

import json
from fractions import Fraction

import polars as pl
import pytest
from conftest import FIXTURES
from golden import assert_golden

from policylang import PolicyError, evaluate, load, load_policy
from policylang.compiler import ir
from policylang.frontend import ast
from policylang.frontend.syntax import parse
from policylang.report.i18n import language
from policylang.tools.fmt import format_text

HERE = FIXTURES / "text_values"
POLICY = HERE / "fairs.pol"
REVISED = HERE / "revised.pol"
GOLDEN = FIXTURES.parent / "golden" / "text_values"


def header(body: str) -> str:
    return '政策 "t" {\n  舍入 四舍五入 到 分\n}\n事实 主展会: 文本 "展会" 默认 "广交会"\n' + body


# ---------------------------------------------------------------------------- parse, fmt
def test_quoted_texts_parse_as_values():
    tree = parse(POLICY.read_text(encoding="utf-8"), str(POLICY))
    fact = next(d for d in tree.of(ast.FactDecl) if d.name == "主展会")
    assert fact.default == ast.TextLit("广交会", span=fact.span)
    conditions = [s.expr for c in tree.of(ast.Clause) for s in c.walk() if isinstance(s, ast.Condition)]
    assert [(c.word, c.right) for c in conditions] == [
        ("为", ast.TextLit("广交会", span=fact.span)),
        ("不等于", ast.TextLit("广交会", span=fact.span)),
        ("为", ast.TextLit("广交会", span=fact.span)),
    ]


def test_lowered_onto_the_existing_comparison():
    policy = load_policy(POLICY)
    assert policy.facts["主展会"].default == "广交会"
    cmps = [n for c in policy.clauses for e in c.expressions() for n in e.walk() if isinstance(n, ir.Cmp)]
    assert [c.op for c in cmps] == [ir.CmpOp.EQUAL, ir.CmpOp.NOT_EQUAL, ir.CmpOp.EQUAL]
    assert all(isinstance(c.right, ir.Const) and c.right.value == "广交会" for c in cmps)


def test_the_fixture_is_canonical_and_a_messy_spelling_formats_to_it(run):
    text = POLICY.read_text(encoding="utf-8")
    assert format_text(text) == text
    messy = text.replace('条件 主展会 不等于 "广交会"', '条件   主展会 不等于"广交会"')
    assert messy != text and format_text(messy) == text
    assert run("fmt", "--check", POLICY)[0] == 0


def test_a_quote_inside_a_text_round_trips():
    text = header('条款 一 "t" {\n  条件 主展会 为 "a \\"b\\" \\\\c"\n  奖励 1元\n}\n')
    out = format_text(text)
    assert format_text(out) == out
    assert parse(out) == parse(text)
    cmp = next(n for n in load(text, "p.pol").clauses[0].expressions()[0].walk() if isinstance(n, ir.Cmp))
    assert cmp.right.value == 'a "b" \\c'


# ---------------------------------------------------------------------------- eval, both sides
def amounts(run, tmp_path, case: str) -> dict[str, str]:
    path = tmp_path / "case.yaml"
    path.write_text(case, encoding="utf-8")
    code, out, err = run("eval", POLICY, path, "--format", "json")
    assert code == 0, err
    return {c["citation"]: c["amount"] for c in json.loads(out)["clauses"]}


@pytest.mark.parametrize(
    "case,one,two",
    [
        ("{}\n", "10000.00", "0.00"),  # the default is 广交会
        ("主展会: 广交会\n", "10000.00", "0.00"),
        ('主展会: "广交会"\n', "10000.00", "0.00"),  # YAML's quotes are YAML's
        ("主展会: 华交会\n", "0.00", "5000.00"),
        ('主展会: " 广交会 "\n', "10000.00", "0.00"),  # surrounding spaces are dropped, as for every value
        ("主展会: 广交会。\n", "0.00", "5000.00"),  # one character more is another text
        ("主展会: 广 交会\n", "0.00", "5000.00"),
        ("主展会: 中国进出口商品交易会\n", "0.00", "5000.00"),  # the full name is another text
        ('主展会: ""\n', "0.00", "5000.00"),
    ],
)
def test_equal_and_not_equal_on_both_sides(run, tmp_path, case, one, two):
    got = amounts(run, tmp_path, case)
    assert (got["一"], got["二"]) == (one, two)


def test_a_field_default_and_an_item_condition(run, tmp_path):
    case = "展位:\n  - {展会: 广交会, 展位费: 3万元}\n  - {展位费: 1万元}\n  - {展会: 华交会, 展位费: 5万元}\n"
    assert amounts(run, tmp_path, case)["三"] == "20000.00"  # 1.5万 + 0.5万 (the default 广交会); 华交会 not


def test_set_a_text(run, tmp_path):
    path = tmp_path / "case.yaml"
    path.write_text("{}\n", encoding="utf-8")
    code, out, _ = run("eval", POLICY, path, "--set", "主展会=华交会", "--format", "json")
    assert code == 0 and {c["citation"]: c["amount"] for c in json.loads(out)["clauses"]}["二"] == "5000.00"


@pytest.mark.parametrize("written", ["", "~", "null"])
def test_an_empty_text_in_a_case_is_an_error_as_for_a_number(run, tmp_path, written):
    path = tmp_path / "case.yaml"
    path.write_text(f"主展会: {written}\n", encoding="utf-8")
    code, _, err = run("eval", POLICY, path)
    assert code == 2 and err.startswith("错误[K012]") and '空文本写作 ""' in err


# ---------------------------------------------------------------------------- batch = eval
def test_batch_equals_eval(run, tmp_path):
    fairs = ["广交会", "华交会", None, "广交会 ", "中国进出口商品交易会", "广交会。"]
    booths = [
        [{"展会": "广交会", "展位费": 30000.0}, {"展会": "华交会", "展位费": 50000.0}],
        [],
        [{"展会": "广交会", "展位费": 50000.0}],
        [{"展会": " 广交会", "展位费": 10000.0}],
        [],
        [{"展会": "广交会", "展位费": 4000.0}],
    ]
    frame = pl.DataFrame(
        {
            "企业": [f"企业{i}" for i in range(len(fairs))],
            "主展会": pl.Series(fairs, dtype=pl.String),
            "展位": pl.Series(
                booths, dtype=pl.List(pl.Struct([pl.Field("展会", pl.String), pl.Field("展位费", pl.Float64)]))
            ),
        }
    )
    population, out_file = tmp_path / "population.parquet", tmp_path / "out.csv"
    frame.write_parquet(population)
    code, _, err = run("batch", POLICY, population, "-o", out_file)
    assert code == 0, err
    out = pl.read_csv(out_file, infer_schema=False)
    policy = load_policy(POLICY)
    for i, fair in enumerate(fairs):
        # the facts as a case file reads them: surrounding spaces dropped, an empty cell the default
        items = [{"展会": b["展会"].strip(), "展位费": Fraction(b["展位费"])} for b in booths[i]]
        facts = {"展位": items, "主展会": policy.facts["主展会"].default if fair is None else fair.strip()}
        result = evaluate(policy, facts)
        for c in result.clauses:
            assert Fraction(out[f"{c.citation}[元]"][i]) == c.amount, (i, c.citation)
    assert out["一[元]"].to_list() == ["10000.00", "0.00", "10000.00", "10000.00", "0.00", "0.00"]
    assert out["三[元]"].to_list() == ["15000.00", "0.00", "20000.00", "5000.00", "0.00", "2000.00"]


# ---------------------------------------------------------------------------- check (z3 strings), diff
def test_check_finds_nothing(run):
    code, out, err = run("check", POLICY)
    assert code == 0 and "没有发现问题" in out, out + err


def test_check_sees_text_conditions_and_writes_the_text_back(run, tmp_path):
    bad = tmp_path / "bad.pol"
    bad.write_text(
        header(
            '事实 费: 金额 默认 0元\n条款 一 "t" {\n  原文 "参加广交会又未参加广交会的，奖励1万元。"\n'
            '  条件 主展会 为 "广交会" 且 主展会 不等于 "广交会"\n  奖励 1万元\n}\n'
            '条款 二 "t" {\n  原文 "参加广交会的，按费用50%补助，最高1万元，最高2万元。"\n  条件 主展会 为 "广交会"\n'
            '  奖励 50% × 费\n  上限 "最高" 1万元\n  上限 "最高" 2万元\n}\n'
        ),
        encoding="utf-8",
    )
    code, out, _ = run("check", bad, "--format", "json")
    found = {f["code"]: f for f in json.loads(out)["findings"]}
    assert code == 1 and "COND001" in found and "CAP001" in found
    case = found["CAP001"]["counterexamples"][0]["case"]
    assert '主展会: "广交会"' in case or "主展会: 广交会" in case  # the text, not z3's \\u{…} escapes


def test_diff_reports_a_changed_default_and_a_changed_compared_text(run):
    code, out, err = run("diff", POLICY, REVISED)
    assert code == 0, err
    assert "[事实] 事实“主展会”的默认值：广交会 → 进博会" in out
    assert '[条件] 条件“主展会 不等于 "广交会"”："广交会" → "华交会"' in out


# ---------------------------------------------------------------------------- misuse, located
ERRORS = {
    "unquoted": ('条款 一 "t" {\n  条件 主展会 为 广交会\n  奖励 1万元\n}\n', "T105"),
    "ordered": ('条款 一 "t" {\n  条件 主展会 超过 "广交会"\n  奖励 1万元\n}\n', "T122"),
    "against_money": ('条款 一 "t" {\n  条件 主展会 不等于 1万元\n  奖励 1万元\n}\n', "T121"),
    "money_default": ('事实 费: 金额 默认 "广交会"\n条款 一 "t" {\n  奖励 费\n}\n', "C021"),
    "text_award": ('条款 一 "t" {\n  奖励 "广交会"\n}\n', "T150"),
}


@pytest.mark.parametrize("name", ERRORS)
def test_misuse_is_located(run, tmp_path, name):
    body, code_word = ERRORS[name]
    path = tmp_path / f"{name}.pol"
    path.write_text(header(body), encoding="utf-8")
    code, out, err = run("check", path)
    assert code == 2 and out == "" and err.startswith(f"错误[{code_word}]") and f"--> {path}:" in err
    assert_golden(GOLDEN / f"{name}.txt", err.replace(str(path), path.name))
    with language("en"):
        with pytest.raises(PolicyError) as caught:
            load(path.read_text(encoding="utf-8"), path.name)
        d = caught.value.diagnostics[0]
        english = f"{d.code} {d.span.location()}: {d.message}\n  suggestion: {d.suggestion}"
    assert_golden(GOLDEN / f"{name}.en.txt", english)


def test_the_unquoted_text_suggests_the_quotes(run, tmp_path):
    path = tmp_path / "p.pol"
    path.write_text(header(ERRORS["unquoted"][0]), encoding="utf-8")
    _, _, err = run("check", path)
    assert '= 建议: 文本值须加引号："广交会"' in err
    _, _, err = run("--lang", "en", "check", path)
    assert 'a text value is written in quotes: "广交会"' in err


def test_a_name_that_starts_with_the_new_word_is_still_a_name():
    load(header('事实 不等于数: 数 默认 0\n条款 一 "t" {\n  条件 不等于数 等于 0\n  奖励 1元\n}\n'), "p.pol")
