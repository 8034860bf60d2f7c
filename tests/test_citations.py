"""Clause numbers as official documents number them: 第三条, 第四条第（二）项, （三）, 3.2, 八、 next to the
seeds' 一(二)1. One key per citation (full and half width the same, a heading's 、 dropped) in 条款,
取高不重复 / 合计上限 lists, --clause, suites' 条款: and 期望:, and diff; --clause 第三条 selects the items
under it; batch equals eval; a number in no known form is a located error that lists the forms."""

from __future__ import annotations

import json
from fractions import Fraction

import polars as pl
import pytest
from conftest import FIXTURES
from golden import assert_golden

from policylang import PolicyError, evaluate, load, load_policy
from policylang.frontend import ast
from policylang.frontend.syntax import parse
from policylang.frontend.units import citation_key, cites_within
from policylang.report.i18n import language
from policylang.tools.fmt import format_text

HERE = FIXTURES / "citations"
POLICY = HERE / "articles.pol"
REVISED = HERE / "revised.pol"
SUITE = HERE / "articles.cases.yaml"
GOLDEN = FIXTURES.parent / "golden" / "citations"
FORMS = ["第三条第（一）项", "第三条第（二）项", "第四条", "八、", "（三）", "3.2"]


def header(body: str) -> str:
    return '政策 "t" {\n  舍入 四舍五入 到 分\n}\n事实 a: 金额 默认 0元\n' + body


# ---------------------------------------------------------------------------- parse, fmt, keys
def test_every_form_parses_as_written():
    tree = parse(POLICY.read_text(encoding="utf-8"), str(POLICY))
    assert [c.citation for c in tree.of(ast.Clause)] == FORMS
    assert [d.citations for d in tree.of(ast.Exclusive)] == [("第三条第(二)项", "八")]


@pytest.mark.parametrize(
    "written",
    ["第3条", "第十二条第二款", "第四条第(二)项", "第三条第一款第2项", "(三)1", "3.2.1", "３．２", "一(二)1.零售"],
)
def test_more_spellings_parse(written):
    load(header(f'条款 {written} "t" {{\n  奖励 a\n}}\n'), "p.pol")


def test_the_fixture_is_canonical():
    text = POLICY.read_text(encoding="utf-8")
    assert format_text(text) == text
    assert parse(format_text(text)) == parse(text)


@pytest.mark.parametrize(
    "one,other", [("第四条第（二）项", "第四条第(二)项"), ("八、", "八"), ("３．２", "3.2"), ("（三）", "(三)")]
)
def test_one_key_per_citation(one, other):
    assert citation_key(one) == citation_key(other)


def test_within_a_citation():
    assert cites_within("第三条", "第三条第（二）项") and cites_within("第三条第(二)项", "第三条第（二）项")
    assert (
        cites_within("3", "3.2")
        and cites_within("八", "八(一)")
        and cites_within("第四条第(二)项", "第四条第（二）项第1目")
    )
    assert not cites_within("第三条", "第三十条") and not cites_within("第三条", "第四条")
    assert not cites_within("3.2", "3.20") and not cites_within("3", "30")


def test_the_same_number_written_twice_is_one_clause_twice():
    body = '条款 八、 "t" {\n  奖励 a\n}\n条款 八 "u" {\n  奖励 a\n}\n'
    with pytest.raises(PolicyError) as caught:
        load(header(body), "p.pol")
    assert [(d.code, str(d.message)) for d in caught.value.diagnostics] == [("C010", "条款编号“八”重复")]


# ---------------------------------------------------------------------------- eval, --clause, suites
def eval_json(run, tmp_path, facts: str, *clauses: str) -> dict:
    case = tmp_path / "case.yaml"
    case.write_text(facts, encoding="utf-8")
    args = [a for c in clauses for a in ("--clause", c)]
    code, out, err = run("eval", POLICY, case, *args, "--format", "json")
    assert code == 0, err
    return json.loads(out)


def test_clause_article_selects_its_items(run, tmp_path):
    result = eval_json(run, tmp_path, "展位费: 10万元\n进出口额: 2000万元\n新设企业: 是\n", "第三条")
    amounts = {c["citation"]: c["amount"] for c in result["clauses"]}
    # 5万元 + 2万元 = 7万元 over the 第三条 合计上限 of 6万元: the second item is reduced to 1万元
    assert amounts == {"第三条第（一）项": "50000.00", "第三条第（二）项": "10000.00"}


@pytest.mark.parametrize(
    "asked,selected",
    [
        ("第三条第(二)项", ["第三条第（二）项"]),
        ("八", ["八、"]),
        ("３．２", ["3.2"]),
        ("(三)", ["（三）"]),
        ("第四条", ["第四条"]),
    ],
)
def test_clause_in_another_width(run, tmp_path, asked, selected):
    result = eval_json(run, tmp_path, "进出口额: 6000万元\n", asked)
    assert [c["citation"] for c in result["clauses"]] == selected


def test_highest_only_across_forms(run, tmp_path):
    result = eval_json(run, tmp_path, "进出口额: 6000万元\n")
    amounts = {c["citation"]: c["amount"] for c in result["clauses"]}
    assert amounts["八、"] == "30000.00" and amounts["第三条第（二）项"] == "0.00"
    assert result["total"] == "30000.00"


def test_suite_names_clauses_in_any_width(run):
    code, out, err = run("test", SUITE)
    assert code == 0, out + err
    assert "3 通过，0 失败" in out


def test_suite_fails_on_a_wrong_amount(run, tmp_path):
    # guards the test above: the expectations keyed 第三条第(一)项 are really compared
    bad = tmp_path / "bad.cases.yaml"
    bad.write_text(SUITE.read_text(encoding="utf-8").replace("第三条第(一)项: 5万元", "第三条第(一)项: 4万元"), "utf-8")
    (tmp_path / "articles.pol").write_text(POLICY.read_text(encoding="utf-8"), "utf-8")
    code, out, _ = run("test", bad)
    assert code == 1 and "1 失败" in out


# ---------------------------------------------------------------------------- batch = eval
def test_batch_equals_eval(run, tmp_path):
    rows = [
        ("0元", "0元", "否", "0元"),
        ("10万元", "2000万元", "是", "10万元"),
        ("12万元", "6000万元", "否", "99999元"),
        ("2万元", "999万元", "是", "20万元"),
        ("8万元", "5000万元", "否", "0元"),
    ]
    frame = pl.DataFrame(
        {
            "企业": [f"企业{i}" for i in range(len(rows))],
            "展位费": [r[0] for r in rows],
            "进出口额": [r[1] for r in rows],
            "新设企业": [r[2] for r in rows],
            "认证费": [r[3] for r in rows],
        }
    )
    population, out_file = tmp_path / "population.csv", tmp_path / "out.csv"
    frame.write_csv(population)
    code, _, err = run("batch", POLICY, population, "-o", out_file)
    assert code == 0, err
    out = pl.read_csv(out_file, infer_schema=False)
    policy = load_policy(POLICY)
    for i, _row in enumerate(rows):
        case = tmp_path / f"c{i}.yaml"
        case.write_text("".join(f"{k}: {v}\n" for k, v in zip(frame.columns[1:], rows[i], strict=True)), "utf-8")
        code, text, err = run("eval", POLICY, case, "--format", "json")
        assert code == 0, err
        result = json.loads(text)
        for clause in result["clauses"]:
            assert out[f"{clause['citation']}[元]"][i] == clause["amount"], (i, clause["citation"])
        assert Fraction(out["合计[元]"][i]) == Fraction(result["total"])
    assert evaluate(policy, {"进出口额": Fraction(6000 * 10_000)}).total == 30_000


# ---------------------------------------------------------------------------- diff
def test_diff_pairs_a_number_written_another_way(run):
    code, out, err = run("diff", POLICY, REVISED)
    assert code == 0, err
    assert "含义的变化（2 项）" in out and "[金额] 奖励：2万元 → 3万元" in out
    assert "[条款编号]" not in out and "[取高不重复]" not in out


# ---------------------------------------------------------------------------- an unknown form, located
ERRORS = {
    "latin": '条款 A1 "t" {\n  奖励 a\n}\n',
    "article_run_on": '条款 第三条款 "t" {\n  奖励 a\n}\n',
    "in_a_list": '条款 一 "t" {\n  奖励 a\n}\n取高不重复 "x" { 一, 甲 }\n',
}


@pytest.mark.parametrize("name", ERRORS)
def test_an_unknown_form_lists_the_forms(run, tmp_path, name):
    path = tmp_path / f"{name}.pol"
    path.write_text(header(ERRORS[name]), encoding="utf-8")
    code, out, err = run("check", path)
    assert code == 2 and out == ""
    assert err.startswith("错误[P001]: 不认识的条款编号形式") and "第四条第（二）项" in err
    assert_golden(GOLDEN / f"{name}.txt", err.replace(str(path), path.name))
    with language("en"):
        with pytest.raises(PolicyError) as caught:
            load(path.read_text(encoding="utf-8"), path.name)
        d = caught.value.diagnostics[0]
        english = f"{d.code} {d.span.location()}: {d.message}\n  suggestion: {d.suggestion}"
    assert english.startswith("P001") and "is not a form of clause number" in english
    assert_golden(GOLDEN / f"{name}.en.txt", english)


def test_a_missing_number_is_still_called_missing(run, tmp_path):
    path = tmp_path / "p.pol"
    path.write_text(header('条款 "t" {\n  奖励 a\n}\n'), encoding="utf-8")
    code, _, err = run("check", path)
    assert code == 2 and "条款缺少编号" in err


def test_clause_option_in_an_unknown_form(run, tmp_path):
    case = tmp_path / "case.yaml"
    case.write_text("进出口额: 1元\n", encoding="utf-8")
    code, _, err = run("--lang", "en", "eval", POLICY, case, "--clause", "Art.3")
    assert code == 2 and "E001" in err and "“Art.3” is not a form of clause number" in err and "第三条" in err
    code, _, err = run("eval", POLICY, case, "--clause", "第九条")
    assert code == 2 and "政策中没有条款“第九条”" in err
