"""Issue 13, units: the language grows from other cities' texts. A quantity unit is any unit word the drafter
declares (数量(间夜), 数量(标箱), 数量(列), 数量(千瓦时), 数量(个月)), each its own type; currencies are a table
of known ones (金额(欧元), 单价(元/欧元), 日元, 港元 …), met with 元 only through an exchange rate; 2‰ is a
ratio everywhere; amounts are written as officials write them (100万元人民币(含)以上, 1.5万元人民币, 50 万元,
1,000元); and one mistake in a declaration is one error, not one more at every use."""

from __future__ import annotations

import json
import re
from fractions import Fraction
from pathlib import Path

import polars as pl
import pytest
from conftest import FIXTURES
from golden import assert_golden

from policylang import PolicyError, evaluate, load, load_policy
from policylang.frontend import ast
from policylang.frontend.syntax import parse
from policylang.frontend.units import CURRENCY_TABLE, WHOLE_PATTERN, parse_literal
from policylang.readers.values import split_number
from policylang.report.i18n import language
from policylang.tools.fmt import format_text

HERE = FIXTURES / "units_growth"
POLICY = HERE / "growth.pol"
CASE = HERE / "cases.yaml"
ERRORS = sorted((HERE / "errors").glob("*.pol"))
GOLDEN = Path(__file__).resolve().parent / "golden" / "units_growth"
GRAMMAR = Path(__file__).resolve().parent.parent / "grammar" / "policylang.lark"
HEADER = '政策 "t" {\n  年度 2023\n  币种 人民币\n  舍入 四舍五入 到 分\n}\n'

FACTS = {
    "间夜数": "999间夜",
    "集装箱量": "10标箱",
    "班列数": "3列",
    "用电量": "1000千瓦时",
    "租期": "6个月",
    "进出口额": "1,000,000元",
    "境外展位费": "10000欧元",
    "欧元汇率": "7.8元/欧元",
}


def write_case(tmp_path: Path, **changes: str) -> Path:
    facts = FACTS | changes
    path = tmp_path / "case.yaml"
    path.write_text("".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in facts.items()), "utf-8")
    return path


def amounts(run, case: Path, *extra: object) -> dict[str, str]:
    code, out, err = run("eval", "--format", "json", POLICY, case, *extra)
    assert code == 0, out + err
    return {c["citation"]: c["amount"] for c in json.loads(out)["clauses"]}


def load_errors(run, tmp_path: Path, body: str, lang: str = "zh") -> tuple[list[str], str]:
    path = tmp_path / "p.pol"
    path.write_text(HEADER + body, encoding="utf-8")
    (tmp_path / "c.yaml").write_text("{}\n", encoding="utf-8")
    code, out, err = run("--lang", lang, "eval", path, tmp_path / "c.yaml")
    assert code == 2, out + err
    return re.findall(r"(?:错误|error)\[(\w+)\]", err), err


# ---------------------------------------------------------------------------- parse, fmt
def test_literals_parse_as_written_and_fmt_leaves_them():
    text = POLICY.read_text(encoding="utf-8")
    policy = parse(text, str(POLICY))
    written = {n.text for d in policy.of(ast.Clause) for n in d.walk() if isinstance(n, ast.NumberLit)}
    for literal in ("1,000间夜", "10 万元", "100万元人民币", "2‰", "1.5万元人民币", "1,000元/列", "6个月"):
        assert literal in written
    assert format_text(text) == text
    assert parse(format_text(text), str(POLICY)) == policy


def test_literal_values():
    assert parse_literal("2‰").value == Fraction(2, 1000)
    assert parse_literal("1,000元").value == 1000
    assert parse_literal("1,000,000.5元").value == Fraction(2000001, 2)
    assert parse_literal("50 万元").value == 500_000
    assert parse_literal("100万元人民币").value == 1_000_000
    assert parse_literal("1.5万元人民币").type == parse_literal("15000元").type
    assert parse_literal("3万欧元").type.describe() == "金额(欧元)"
    assert parse_literal("7.8元/欧元").type.describe() == "单价(元/欧元)"
    assert parse_literal("6个月").type == parse_literal("6月").type  # 个月 and 月: one unit


def test_the_grammar_and_the_value_reader_share_one_number_rule():
    grammar = GRAMMAR.read_text(encoding="utf-8")
    number = next(line for line in grammar.splitlines() if line.startswith("NUMBER:"))
    for name in CURRENCY_TABLE:  # a space may stand before every known currency
        assert f"|{name}|" in number or f"({name}|" in number or f"|{name})" in number, name
    whole = re.compile(rf"^(?:{WHOLE_PATTERN})$")
    for text, ok in (("1,000", True), ("1,000,000", True), ("1000", True), ("1,00", False), ("1,0000", False)):
        assert bool(whole.match(text)) is ok
        assert (split_number(text + "元") is not None) is ok


# ---------------------------------------------------------------------------- eval, on both sides
def test_eval_the_case(run, tmp_path):
    assert amounts(run, CASE) == {
        "一": "0.00",  # 999间夜: below 1,000间夜
        "二": "2000.00",  # 200元/标箱 × 10标箱
        "三": "2000.00",  # 2‰ × 100万元 (含)
        "四": "39000.00",  # 50% × 10000欧元 × 7.8元/欧元
        "五": "3100.00",  # 1,000元/列 × 3列 + 0.1元/千瓦时 × 1000千瓦时 (租期 6个月: 满)
    }


@pytest.mark.parametrize(
    ("fact", "value", "clause", "amount"),
    [
        ("间夜数", "999间夜", "一", "0.00"),
        ("间夜数", "1000间夜", "一", "20000.00"),  # 达到: 1,000间夜 counts
        ("间夜数", "1,000间夜", "一", "20000.00"),
        ("间夜数", "4999间夜", "一", "99980.00"),
        ("间夜数", "5001间夜", "一", "100000.00"),  # the 10 万元 cap
        ("进出口额", "999999.99元", "三", "0.00"),
        ("进出口额", "100万元", "三", "2000.00"),  # (含)以上: 100万元人民币 counts
        ("进出口额", "7,500,000元", "三", "15000.00"),  # 2‰ × 750万 = exactly the cap
        ("进出口额", "750.5万元", "三", "15000.00"),
        ("租期", "5个月", "五", "3000.00"),
        ("租期", "6月", "五", "3100.00"),  # 月 and 个月 are one unit
        ("境外展位费", "12820欧元", "四", "49998.00"),  # 50% × 12820 × 7.8
        ("境外展位费", "12,821欧元", "四", "50000.00"),  # 50% × 12821 × 7.8 = 50001.9: capped
    ],
)
def test_boundaries(run, tmp_path, fact, value, clause, amount):
    assert amounts(run, write_case(tmp_path, **{fact: value}))[clause] == amount


def test_per_mille_everywhere_a_ratio_is_written(run, tmp_path):
    path = tmp_path / "p.pol"
    path.write_text(
        HEADER + '事实 比例值: 比例\n事实 额: 金额\n条款 一 "a" {\n  奖励 比例值 × 额\n}\n', encoding="utf-8"
    )
    (tmp_path / "c.yaml").write_text("比例值: 2‰\n额: 100万元\n", encoding="utf-8")
    code, out, err = run("eval", "--format", "json", path, tmp_path / "c.yaml")
    assert code == 0, err
    assert json.loads(out)["total"] == "2000.00"
    code, out, err = run("eval", "--format", "json", path, tmp_path / "c.yaml", "--set", "比例值=15‰")
    assert json.loads(out)["total"] == "15000.00"
    code, out, err = run("eval", path, tmp_path / "c.yaml", "--set", "比例值=1001‰")  # the 0–100% rule stays
    assert code == 2 and "100%" in err
    population = tmp_path / "pop.csv"
    pl.DataFrame({"企业": ["甲", "乙"], "比例值": ["2‰", "0.5%"], "额": ["100万元", "100万元"]}).write_csv(population)
    out_file = tmp_path / "out.csv"
    code, _, err = run("batch", path, population, "-o", out_file)
    assert code == 0, err
    assert pl.read_csv(out_file, infer_schema=False)["合计[元]"].to_list() == ["2000.00", "5000.00"]


# ---------------------------------------------------------------------------- batch agrees with eval
def test_batch_equals_eval(run, tmp_path):
    rows = [
        FACTS,
        FACTS | {"间夜数": "1000间夜", "进出口额": "100万元", "租期": "5个月"},
        FACTS | {"间夜数": "6000间夜", "进出口额": "9,999,999元", "境外展位费": "12,821欧元"},
        FACTS | {"集装箱量": "0标箱", "班列数": "0列", "进出口额": "999999.99元", "欧元汇率": "8.01元/欧元"},
    ]
    frame = pl.DataFrame({"企业": [f"企业{i}" for i in range(len(rows))]} | {k: [r[k] for r in rows] for k in FACTS})
    population, out_file = tmp_path / "population.csv", tmp_path / "out.csv"
    frame.write_csv(population)
    code, _, err = run("batch", POLICY, population, "-o", out_file)
    assert code == 0, err
    out = pl.read_csv(out_file, infer_schema=False)
    for i, row in enumerate(rows):
        single = amounts(run, write_case(tmp_path, **row))
        assert {c: out[f"{c}[元]"][i] for c in single} == single
    assert out["一[元]"].to_list() == ["0.00", "20000.00", "100000.00", "0.00"]


def test_api_evaluates_the_same():
    policy = load_policy(POLICY)
    facts = {
        "间夜数": Fraction(1200),
        "集装箱量": Fraction(0),
        "班列数": Fraction(0),
        "用电量": Fraction(0),
        "租期": Fraction(0),
        "进出口额": Fraction(0),
        "境外展位费": Fraction(100),
        "欧元汇率": Fraction(78, 10),
    }
    result = evaluate(policy, facts)
    assert result.clause("一").amount == 24_000 and result.clause("四").amount == 390


# ---------------------------------------------------------------------------- typing keeps units apart
def test_a_declared_unit_never_mixes_with_another(run, tmp_path):
    body = '事实 箱量: 数量(标箱)\n事实 重量: 数量(吨)\n条款 一 "a" {\n  奖励 200元/吨 × 箱量\n}\n'
    codes, err = load_errors(run, tmp_path, body)
    assert codes == ["T112"] and "数量(标箱)" in err and "p.pol:9:6" in err
    body = '事实 箱量: 数量(标箱)\n事实 重量: 数量(吨)\n条款 一 "a" {\n  条件 箱量 达到 10吨\n  奖励 1元\n}\n'
    assert load_errors(run, tmp_path, body)[0] == ["T121"]
    body = '事实 面积: 数量(㎡)\n条款 一 "a" {\n  条件 面积 达到 18平方米\n  奖励 1元\n}\n'  # ㎡ is 平方米
    path = tmp_path / "ok.pol"
    path.write_text(HEADER + body, encoding="utf-8")
    (tmp_path / "c.yaml").write_text("面积: 18㎡\n", encoding="utf-8")
    code, out, err = run("eval", "--format", "json", path, tmp_path / "c.yaml")
    assert code == 0 and json.loads(out)["total"] == "1.00", err


def test_a_literal_with_an_undeclared_unit_is_still_refused(run, tmp_path):
    body = '事实 箱量: 数量(标箱)\n条款 一 "a" {\n  条件 箱量 达到 10标相\n  奖励 1元\n}\n'
    codes, err = load_errors(run, tmp_path, body)
    assert codes == ["T101"] and "标相" in err and "标箱" in err  # suggests the declared unit


def test_a_currency_or_a_scale_is_not_a_unit_of_quantity(run, tmp_path):
    codes, err = load_errors(run, tmp_path, "事实 a: 数量(万吨)\n事实 b: 数量(欧元)\n")
    assert codes == ["T141", "T141"]
    assert "“万吨”不能作数量单位" in err and "数量(吨)" in err and "金额(欧元)" in err
    codes, err = load_errors(run, tmp_path, "事实 a: 数量(万吨)\n", lang="en")
    assert "“万吨” cannot be a unit of quantity" in err


def test_a_foreign_amount_meets_yuan_only_through_an_exchange_rate(run, tmp_path):
    body = '事实 费: 金额(欧元)\n事实 额: 金额\n条款 一 "a" {\n  奖励 费 + 额\n}\n条款 二 "b" {\n  奖励 费\n}\n'
    codes, err = load_errors(run, tmp_path, body)
    assert codes == ["T111", "T151"]
    assert "单价(元/欧元)" in err
    codes, err = load_errors(run, tmp_path, body, lang="en")
    assert "a 单价(元/欧元) parameter" in err


@pytest.mark.parametrize("currency", ["欧元", "日元", "港元", "英镑", "韩元", "澳元", "卢布", "HKD"])
def test_known_currencies(currency):
    policy = parse(HEADER + f"事实 费: 金额({currency})\n", "x.pol")
    assert policy.of(ast.FactDecl)[0].type == ast.MoneyType(currency, span=policy.of(ast.FactDecl)[0].type.span)
    assert parse_literal(f"5万{currency}").value == 50_000


def test_a_misspelt_currency_is_one_error_with_the_nearest_name(run, tmp_path):
    codes, err = load_errors(run, tmp_path, '事实 费: 金额(欧圆)\n条款 一 "a" {\n  奖励 50% × 费\n}\n')
    assert codes == ["T140"] and "欧元" in err and "p.pol:6:7" in err


# ---------------------------------------------------------------------------- one mistake, one error
def test_later_uses_of_a_refused_declaration_report_nothing_more(run, tmp_path):
    body = (
        "事实 箱量: 数量(万吨)\n事实 费: 金额(欧圆)\n事实 展位: 列表 {\n  费用: 金额(英磅)\n}\n"
        "参数 单价 = 200元/标相\n"
        '条款 一 "a" {\n  条件 箱量 达到 5吨\n  奖励 单价 × 箱量 + 2 × 费 + 合计(展位, 费用)\n}\n'
        '条款 二 "b" {\n  逐项 展位 {\n    奖励 费用\n  }\n}\n'
    )
    codes, err = load_errors(run, tmp_path, body)
    assert codes == ["T141", "T140", "T140", "T101"], err
    assert "T105" not in err and "未知" not in err and "T160" not in err


def test_an_unknown_name_is_still_reported(run, tmp_path):
    codes, _ = load_errors(run, tmp_path, '事实 箱量: 数量(标箱)\n条款 一 "a" {\n  奖励 200元/标箱 × 箱数\n}\n')
    assert codes == ["T105"]


# ---------------------------------------------------------------------------- amounts as officials write them
def test_a_bad_thousands_separator_is_located_with_the_number(run, tmp_path):
    codes, err = load_errors(run, tmp_path, '条款 一 "a" {\n  奖励 1,0000元\n}\n')
    assert codes == ["P001"] and "“1,0000元”的千位分隔符须每三位一组" in err and "写成 10000元" in err
    codes, err = load_errors(run, tmp_path, '条款 一 "a" {\n  奖励 1,00元\n}\n', lang="en")
    assert "the thousands separators of “1,00元” must stand every three digits" in err


def test_a_space_stands_only_before_an_amounts_unit(run, tmp_path):
    body = '事实 a: 数量(平方米)\n条款 一 "a" {\n  条件 a 达到 18 平方米\n  奖励 1元\n}\n'
    codes, err = load_errors(run, tmp_path, body)
    assert codes == ["P001"] and "“平方米”之间不能有空格" in err and "写成 18平方米" in err


def test_a_number_before_a_keyword_is_still_a_number():
    # the space rule must not swallow the word after a number: 至多 2 取 最有利, 年度 2023
    policy = parse(
        HEADER + '事实 展位: 列表 {\n  展会: 文本\n  费: 金额\n}\n条款 一 "a" {\n  逐项 展位 {\n'
        "    奖励 费\n    分组 展会 {\n      至多 2 取 最有利\n    }\n  }\n}\n",
        "x.pol",
    )
    assert policy.header.year == 2023
    assert [(n.count, n.order) for n in policy.walk() if isinstance(n, ast.Limit)] == [("2", "最有利")]


@pytest.mark.parametrize("unit", ["间夜", "标箱", "列", "立方米", "千瓦时", "辆", "个月"])
def test_the_units_the_texts_use_declare_and_evaluate(run, tmp_path, unit):
    path = tmp_path / "p.pol"
    body = f'事实 量: 数量({unit})\n条款 一 "a" {{\n  条件 量 达到 10{unit}\n  奖励 2元/{unit} × 量\n}}\n'
    path.write_text(HEADER + body, encoding="utf-8")
    for value, total in ((f"9{unit}", "0.00"), (f"10{unit}", "20.00")):
        (tmp_path / "c.yaml").write_text(f"量: {value}\n", encoding="utf-8")
        code, out, err = run("eval", "--format", "json", path, tmp_path / "c.yaml")
        assert code == 0, err
        assert json.loads(out)["total"] == total


def test_check_reads_amounts_as_officials_write_them():
    from policylang.tools.check.quoted import extract

    found = {(n.value, n.kind) for n in extract("每列奖励1,000元；租期满6个月的，境外展位费最高3万欧元，按2‰给予支持")}
    assert (Fraction(1000), ("money", "元")) in found
    assert (Fraction(6), ("qty", "月")) in found
    assert (Fraction(30000), ("money", "欧元")) in found
    assert (Fraction(2, 1000), ("ratio",)) in found


# ---------------------------------------------------------------------------- each likely misuse, located
def test_the_error_fixtures_are_the_expected_ones():
    assert {p.stem for p in ERRORS} == {
        "foreign_award",
        "misspelt_currency",
        "other_unit",
        "scale_as_unit",
        "thousands_groups",
        "unit_apart",
    }


@pytest.mark.parametrize("path", ERRORS, ids=lambda p: p.stem)
def test_misuse_is_one_error_located_with_a_suggestion(run, path):
    code, out, err = run("check", path)
    assert code == 2 and out == ""
    assert len(re.findall(r"^错误\[", err, re.M)) == 1, err  # one mistake, one error
    assert f"--> {path}:" in err and "^" in err and "= 建议: " in err
    assert_golden(GOLDEN / f"{path.stem}.txt", err.replace(str(path), path.name))


@pytest.mark.parametrize("path", ERRORS, ids=lambda p: p.stem)
def test_misuse_in_english(path):
    lines = []
    with language("en"):
        with pytest.raises(PolicyError) as caught:
            load(path.read_text(encoding="utf-8"), path.name)
        for d in caught.value.diagnostics:  # a message is rendered in the language in force
            lines += [f"{d.code} {d.span.location()}: {d.message}", f"  suggestion: {d.suggestion}"]
    assert_golden(GOLDEN / f"{path.stem}.en.txt", "\n".join(lines))


def test_diff_sees_values_not_spellings(run, tmp_path):
    text = POLICY.read_text(encoding="utf-8")
    respelt = tmp_path / "respelt.pol"
    respelt.write_text(
        text.replace('"每家" 10 万元', '"每家" 10万元')
        .replace("1,000元/列", "1000元/列")
        .replace("1.5万元人民币\n", "15000元\n"),
        encoding="utf-8",
    )
    assert respelt.read_text(encoding="utf-8") != text
    code, out, err = run("diff", POLICY, respelt)
    assert code == 0 and "含义没有变化" in out, out + err
    raised = tmp_path / "raised.pol"
    raised.write_text(text.replace("奖励 2‰ × 进出口额", "奖励 3‰ × 进出口额"), encoding="utf-8")
    code, out, err = run("diff", POLICY, raised)
    assert code == 0 and "2‰ → 3‰" in out, out + err


def test_a_thousands_separator_and_an_argument_comma():
    # 最小(1,000元,5万元): the separator groups three digits; the comma before 5万元 separates the arguments
    policy = parse(HEADER + '条款 一 "a" {\n  奖励 最小(1,000元,5万元)\n}\n', "x.pol")
    call = next(n for n in policy.walk() if isinstance(n, ast.Call))
    assert [a.text for a in call.args] == ["1,000元", "5万元"]
    assert evaluate(load(HEADER + '条款 一 "a" {\n  奖励 最小(1,000元,5万元)\n}\n'), {}).total == 1000


def test_a_case_value_in_a_misspelt_declared_unit_suggests_it(run, tmp_path):
    code, _, err = run("eval", POLICY, write_case(tmp_path, 集装箱量="10标相"))
    assert code == 2 and "标相" in err and "标箱" in err, err
    code, _, err = run("eval", POLICY, write_case(tmp_path, 集装箱量="10吨"))
    assert code == 2 and "数量(标箱)" in err and "10标箱" in err, err
