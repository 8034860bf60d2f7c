"""policylang batch: a whole population, exactly as `eval` gives each enterprise, through the CLI and the API."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import polars as pl
import pytest
from batch_strategies import populations
from batch_strategies import settings as set_values
from conftest import EXAMPLES, FIXTURES, POLICIES, ROOT
from golden import assert_golden
from hypothesis import HealthCheck, given, settings

from policylang import load_policy
from policylang.backends.exact import UNDETERMINED, evaluate
from policylang.readers.cases import parse_setting
from policylang.tools.batch import evaluate_population

BATCH = FIXTURES / "batch"
GOLDEN = Path(__file__).resolve().parent / "golden" / "batch"
JIXI_ITEMS = (
    "--items",
    "出口融资贷款=tests/fixtures/batch/jixi_loans.csv",
    "--items",
    "省级海外仓=tests/fixtures/batch/jixi_warehouses.csv",
)


@pytest.fixture
def at_root(monkeypatch):
    monkeypatch.chdir(ROOT)  # the summary names the files as given, so goldens use paths from the root


# ---------------------------------------------------------------------------- the property: batch == eval, row by row
def expected(policy, facts, overrides):
    result = evaluate(policy, facts, overrides)
    clauses = {
        c.citation: (None if c.status == UNDETERMINED else int(c.amount * 100), c.status) for c in result.clauses
    }
    return clauses, int(result.total * 100), result.determinable


def assert_rows_equal_eval(policy, frame, rows, overrides):
    out = evaluate_population(policy, frame, overrides)
    assert out.height == len(rows)
    for i, facts in enumerate(rows):
        clauses, total, determinable = expected(policy, facts, overrides)
        got = out.row(i, named=True)
        for citation, (amount, status) in clauses.items():
            assert (got[f"{citation}[分]"], got[f"{citation}:状态"]) == (amount, status), (i, citation, facts)
        assert got["合计[分]"] == total, (i, facts)
        assert got["可确定"] == determinable


PROPERTY_POLICIES = [
    EXAMPLES / "exhibition.pol",
    POLICIES / "jixi.pol",
    POLICIES / "lianyungang.pol",
    BATCH / "edges.pol",
    *sorted((FIXTURES / "patterns").glob("*.pol")),
]


@pytest.mark.parametrize("path", PROPERTY_POLICIES, ids=lambda p: p.stem)
def test_every_row_equals_eval(path):
    policy = load_policy(path)

    @settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(populations(policy, max_rows=8, max_items=3), set_values(policy))
    def check(population, overrides):
        frame, rows = population
        assert_rows_equal_eval(policy, frame, rows, overrides)

    check()


@pytest.mark.parametrize("mode", ["四舍五入", "舍去", "进一", "银行家舍入"])
@pytest.mark.parametrize("unit", ["分", "角", "元"])
def test_every_rounding_rule_equals_eval(tmp_path, mode, unit):
    text = (FIXTURES / "patterns" / "rounding.pol").read_text(encoding="utf-8")
    path = tmp_path / "rounding.pol"
    path.write_text(text.replace("舍入 四舍五入 到 分", f"舍入 {mode} 到 {unit}"), encoding="utf-8")
    policy = load_policy(path)

    @settings(max_examples=4, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(populations(policy, max_rows=8, max_items=3))
    def check(population):
        frame, rows = population
        assert_rows_equal_eval(policy, frame, rows, {})

    check()


def test_products_beyond_64_bits_stay_exact():
    """A ratio column times a money column of 10^13 元 needs 128-bit integers; still equal to eval."""
    policy = load_policy(BATCH / "edges.pol")
    frame = pl.DataFrame(
        {
            "金额甲": ["12345678901234.56", "100.5", "0.04"],
            "比例甲": [0.33333333, 0.3333, 0.5],
            "金额乙": ["99999999999.99", "0", "1"],
        }
    )
    rows = [
        {"金额甲": Fraction(a), "比例甲": Fraction(r), "金额乙": Fraction(b), "数量甲": Fraction(0), "新企业": False}
        for a, r, b in [
            ("12345678901234.56", "0.33333333", "99999999999.99"),
            ("100.5", "0.3333", "0"),
            ("0.04", "0.5", "1"),
        ]
    ]
    assert_rows_equal_eval(policy, frame, rows, {})


# jixi.pol declares no 取高不重复 (the text states none); the engine's choice under the article cap is tested on a
# copy that adds one.
def jixi_with_growth_group(tmp_path):
    text = (POLICIES / "jixi.pol").read_text(encoding="utf-8") + '\n取高不重复 "同一年度进出口增长" { 一, 五(三) }\n'
    (tmp_path / "jixi-group.pol").write_text(text, encoding="utf-8")
    return load_policy(tmp_path / "jixi-group.pol")


def test_exclusive_choice_after_the_article_cap_equals_eval(tmp_path):
    """Jixi 一 vs 五(三) in a group: the kept one is the one that pays most once the 200万元 article cap is applied,
    and an undetermined rival makes the choice undetermined."""
    policy = jixi_with_growth_group(tmp_path)
    base = dict(
        年度新增进出口额=100_000_000,
        获得的省级外贸主体奖励=1_000_000,
        生产加工型外贸企业=True,
        贸易额=60_000_000,
        上年贸易额=10_000_000,
        当年新引入=False,
    )
    full = dict(
        base, 能源资源类产品进口额=100_000_000, 商品落地率="60%", 煤炭进口落地量=40_000, 本地加工产品出口额=100_000_000
    )
    # the new firm's base is open and matters: 8万元 (base 上年贸易额) loses to 一's 10万元, 28万元 (base 零) wins
    # (at 贸易额 6000万元 both bases reach the 100万元 cap, and the choice is decided: tests/test_decide.py)
    data = [dict(base, 当年新引入=True, 贸易额=14_000_000), full, base]
    frame = pl.DataFrame([{k: (str(v) if isinstance(v, str) else v) for k, v in row.items()} for row in data])
    rows = []
    for row in data:
        facts = {n: f.default for n, f in policy.facts.items()}
        facts.update(
            {
                k: v if isinstance(v, bool) else Fraction(str(v).rstrip("%")) / (100 if "%" in str(v) else 1)
                for k, v in row.items()
            }
        )
        rows.append(facts)
    assert_rows_equal_eval(policy, frame, rows, {})
    out = evaluate_population(policy, frame)
    assert out["一:状态"].to_list() == ["undetermined", "paid", "excluded"]
    assert out["五(三):状态"].to_list() == ["undetermined", "excluded", "paid"]


# ---------------------------------------------------------------------------- the command
def test_csv_summary_golden(run, at_root):
    code, out, err = run("batch", "policies/jixi.pol", "tests/fixtures/batch/jixi.csv", *JIXI_ITEMS)
    assert code == 0, err
    assert_golden(GOLDEN / "jixi.txt", out)


def test_json_summary_golden(run, at_root):
    code, out, err = run("batch", "policies/jixi.pol", "tests/fixtures/batch/jixi.csv", *JIXI_ITEMS, "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["schema"] == "policylang.batch/1"
    assert_golden(GOLDEN / "jixi.json", out)


def test_output_csv_in_yuan_and_words(run, at_root, tmp_path):
    out_file = tmp_path / "out.csv"
    code, _, err = run("batch", "policies/jixi.pol", "tests/fixtures/batch/jixi.csv", *JIXI_ITEMS, "-o", out_file)
    assert code == 0, err
    table = pl.read_csv(out_file, infer_schema=False)
    row = table.filter(pl.col("企业") == "鸡西甲煤业").row(0, named=True)
    assert row["五(一)1[元]"] == "1000000.00" and row["五(一)1:状态"] == "给予"
    assert row["合计[元]"] == "2000000.00"  # 100万 + 100万: the article cap of 200万元
    assert row["五(二)1:状态"] == "不符合条件"
    undetermined = table.filter(pl.col("企业") == "鸡西丙新企").row(0, named=True)
    assert undetermined["五(三)[元]"] is None and undetermined["五(三):状态"] == "不可确定"
    assert undetermined["可确定"] == "否"


def test_parquet_in_and_out_give_the_csv_results(run, at_root, tmp_path):
    csv_out, parquet_in, parquet_out = tmp_path / "a.csv", tmp_path / "pop.parquet", tmp_path / "b.parquet"
    code, text_from_csv, _ = run("batch", "policies/jixi.pol", "tests/fixtures/batch/jixi.csv", "-o", csv_out)
    assert code == 0
    pl.read_csv(BATCH / "jixi.csv", infer_schema=False).write_parquet(parquet_in)
    code, text_from_parquet, err = run("batch", "policies/jixi.pol", parquet_in, "-o", parquet_out)
    assert code == 0, err
    fen = pl.read_parquet(parquet_out)
    assert fen["合计[分]"].to_list() == [
        int(Fraction(v) * 100) for v in pl.read_csv(csv_out, infer_schema=False)["合计[元]"]
    ]
    assert fen["五(三):状态"].dtype == pl.Enum(["ineligible", "zero", "paid", "undetermined", "excluded"])
    assert text_from_csv.split("\n", 2)[2] == text_from_parquet.split("\n", 2)[2]  # all but the file name


def test_chunking_gives_the_same_result(run, at_root, tmp_path):
    whole, chunked = tmp_path / "whole.parquet", tmp_path / "chunked.parquet"
    code1, out1, _ = run(
        "batch", "policies/jixi.pol", "tests/fixtures/batch/jixi.csv", *JIXI_ITEMS, "-o", whole, "--format", "json"
    )
    code2, out2, _ = run(
        "batch",
        "policies/jixi.pol",
        "tests/fixtures/batch/jixi.csv",
        *JIXI_ITEMS,
        "-o",
        chunked,
        "--format",
        "json",
        "--chunk-rows",
        "3",
    )
    assert code1 == code2 == 0
    assert pl.read_parquet(whole).equals(pl.read_parquet(chunked))
    a, b = json.loads(out1), json.loads(out2)
    assert (a["population"]["chunks"], b["population"]["chunks"]) == (1, 3)
    a["population"]["chunks"] = b["population"]["chunks"] = 0
    assert a == b


def test_unspecified_clause_is_not_determinable_until_set(run, at_root):
    code, out, _ = run("batch", "policies/jixi.pol", "tests/fixtures/batch/jixi.csv", "--format", "json")
    assert code == 0, out
    clause = next(c for c in json.loads(out)["clauses"] if c["citation"] == "五(三)")
    assert clause["undetermined"]["enterprises"] == 1
    assert clause["undetermined"]["unspecified"][0]["name"] == "新引入企业同比基数"
    assert clause["undetermined"]["at_most"] == "1000000.00"  # 当年新引入的企业最高奖励100万元
    code, out, _ = run(
        "batch",
        "policies/jixi.pol",
        "tests/fixtures/batch/jixi.csv",
        "--format",
        "json",
        "--set",
        "新引入企业同比基数=本企业上年贸易额",
    )
    assert code == 0, out
    data = json.loads(out)
    clause = next(c for c in data["clauses"] if c["citation"] == "五(三)")
    assert clause["undetermined"] is None
    assert clause["total"] == "900000.00"  # 鸡西丙新企: (2000万 − 1000万) ÷ 100万 × 2万 = 20万 (base 零 would be 40万)
    assert data["assumed"] == {"新引入企业同比基数": "本企业上年贸易额"}


def test_text_summary_names_the_missing_number_and_the_set_option(run, at_root):
    code, out, _ = run("batch", "policies/jixi.pol", "tests/fixtures/batch/jixi.csv")
    assert code == 0
    assert "不可确定：" in out and "原文未规定 新引入企业同比基数" in out
    assert "可用 --set 新引入企业同比基数=… 假定一个值" in out


def test_fund_exceeded_is_a_clear_warning(run, tmp_path):
    """Eleven firms each at Jixi's 200万元 article cap need 2200万元 of a 2000万元 fund."""
    big = tmp_path / "big.csv"
    rows = ["企业,能源资源类产品进口额[万元],商品落地率,煤炭进口落地量,上年贸易额"]
    rows += [f"企业{i},6000,80%,40000,0" for i in range(11)]
    big.write_text("\n".join(rows) + "\n", encoding="utf-8")
    code, out, err = run("batch", POLICIES / "jixi.pol", big)
    assert code == 0
    assert "⚠ 超出资金" in out and "22,000,000.00元" in out and "2,000,000.00元" in out
    assert "警告：超出资金" in err
    code, out, _ = run("batch", POLICIES / "jixi.pol", big, "--format", "json")
    assert code == 0, out
    fund = json.loads(out)["funds"][0]
    assert fund["exceeded"] is True and fund["over_by"] == "2000000.00" and fund["share"] == "1.1"
    code, _, _ = run("batch", POLICIES / "jixi.pol", big, "--fail-over-fund")
    assert code == 1


def test_distribution_quantiles_are_actual_awards(run, at_root):
    code, out, _ = run(
        "batch",
        "policies/jixi.pol",
        "tests/fixtures/batch/jixi.csv",
        "--format",
        "json",
        "--set",
        "新引入企业同比基数=本企业上年贸易额",
    )
    assert code == 0, out
    dist = json.loads(out)["distribution"]
    assert dist["recipients"] == 6
    # totals 20万, 20万 (鸡西丙新企), 35万, 37.5万, 50万, 200万: the median by nearest rank is the 3rd
    assert dist["min"] == "200000.00" and dist["max"] == "2000000.00" and dist["median"] == "350000.00"


def test_bad_cell_is_located_with_line_column_and_caret(run, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "企业,能源资源类产品进口额[万元],当年新引入,上年贸易额\n甲,800,否,0\n乙,三百,也许,0\n", encoding="utf-8"
    )
    code, out, err = run("batch", POLICIES / "jixi.pol", bad)
    assert code == 2 and out == ""
    assert f"{bad}:3:3" in err and "值“三百”不对：不是数字" in err
    assert "3 | 乙,三百,也许,0" in err and "^^^^" in err
    assert "值“也许”不对：须为 是 或 否" in err
    assert "Traceback" not in err


def test_bad_header_unit_and_missing_column(run, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("企业,能源资源类产品进口额[美元]\n甲,1\n", encoding="utf-8")
    code, _, err = run("batch", POLICIES / "jixi.pol", bad)
    assert code == 2
    assert "不能以“美元”为单位" in err and f"{bad}:1:" in err
    assert "缺少列“上年贸易额”（五(三) 需要它，且它没有默认值）" in err


def test_bad_parquet_cell_names_the_row(run, tmp_path):
    path = tmp_path / "pop.parquet"
    pl.DataFrame({"上年贸易额": [1.5, 2.005], "贸易额": [1, 2]}).write_parquet(path)
    code, _, err = run("batch", POLICIES / "jixi.pol", path)
    assert code == 2
    assert "第 2 行" in err and "列“上年贸易额”" in err and "须为整分" in err


def test_not_utf8_csv(run, tmp_path):
    path = tmp_path / "gbk.csv"
    path.write_bytes("企业,上年贸易额\n甲,1\n".encode("gbk"))
    code, _, err = run("batch", POLICIES / "jixi.pol", path)
    assert code == 2 and "不是 UTF-8 编码" in err


def test_unknown_clause_and_bad_items_option(run, at_root):
    code, _, err = run("batch", "policies/jixi.pol", "tests/fixtures/batch/jixi.csv", "--clause", "五(四)")
    assert code == 2 and "政策中没有条款“五(四)”" in err
    code, _, err = run("batch", "policies/jixi.pol", "tests/fixtures/batch/jixi.csv", "--items", "贷款=x.csv")
    assert code == 2 and "是否想写“出口融资贷款”" in err


# ---------------------------------------------------------------------------- item lists
def exhibition_booths() -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    enterprises = pl.DataFrame({"企业": ["示例企业", "无展位企业"]})
    domestic = pl.DataFrame(
        {"企业": ["示例企业"] * 3, "展会": ["中国进出口商品交易会"] * 3, "展位费": ["1.2万元", "2万元", "0.9万元"]}
    )
    abroad = pl.DataFrame(
        {
            "企业": ["示例企业"] * 4,
            "展会": ["汉诺威工业博览会"] * 3 + ["美国拉斯维加斯消费电子展"],
            "计划类": ["是", "是", "是", None],
            "展位费[万元]": [6, 5, 4, 3],
            "省级补助": ["2万元", "1万元", "0元", None],
        }
    )
    return enterprises, domestic, abroad


def test_items_table_and_list_column_give_evals_amounts(run, tmp_path):
    """The example case (eval: 97,000.00元) as item tables, and as Parquet list-of-struct columns."""
    enterprises, domestic, abroad = exhibition_booths()
    paths = {name: tmp_path / f"{name}.csv" for name in ("pop", "domestic", "abroad")}
    for name, frame in zip(paths, (enterprises, domestic, abroad), strict=False):
        frame.write_csv(paths[name])
    out = tmp_path / "out.parquet"
    code, _text, err = run(
        "batch",
        EXAMPLES / "exhibition.pol",
        paths["pop"],
        "--items",
        f"境内展位={paths['domestic']}",
        "--items",
        f"境外展位={paths['abroad']}",
        "-o",
        out,
    )
    assert code == 0, err
    assert pl.read_parquet(out)["合计[分]"].to_list() == [9_700_000, 0]
    policy = load_policy(EXAMPLES / "exhibition.pol")
    as_lists = pl.DataFrame(
        {
            "企业": ["示例企业", "无展位企业"],
            "境内展位": [[{"展会": "中国进出口商品交易会", "展位费": v} for v in (12000.0, 20000.0, 9000.0)], []],
            "境外展位": [
                [
                    {"展会": "汉诺威工业博览会", "计划类": True, "展位费": 60000.0, "省级补助": 20000.0},
                    {"展会": "汉诺威工业博览会", "计划类": True, "展位费": 50000.0, "省级补助": 10000.0},
                    {"展会": "汉诺威工业博览会", "计划类": True, "展位费": 40000.0, "省级补助": 0.0},
                    {"展会": "美国拉斯维加斯消费电子展", "计划类": None, "展位费": 30000.0, "省级补助": None},
                ],
                [],
            ],
        }
    )
    result = evaluate_population(policy, as_lists)
    assert result["合计[分]"].to_list() == [9_700_000, 0]
    assert result["一(一)[分]"].to_list() == [1_400_000, 0]  # 0.8万 (capped) + 0.6万: the two best booths


def test_items_with_an_unknown_enterprise_are_reported(run, at_root):
    code, out, _ = run("batch", "policies/jixi.pol", "tests/fixtures/batch/jixi.csv", *JIXI_ITEMS)
    assert code == 0, out
    assert "有 1 项（出口融资贷款）找不到所属企业，未计入" in out


def test_a_clause_without_exact_columns_takes_the_exact_row_path():
    """An item award that reads the whole list (合计 inside 逐项) has no column form: that clause is
    computed by the evaluator row by row (and says so, naming the reason); the result still equals eval."""
    from policylang.readers.population import population_from_frame
    from policylang.tools.batch.engine import Engine

    policy = load_policy(BATCH / "items_row_path.pol")
    booths = pl.DataFrame(
        {"展位": [[{"展会": "广交会", "展位费": "30000"}, {"展会": "广交会", "展位费": "9000.01"}], []]}
    )
    engine = Engine(policy)
    outcome = engine.run(population_from_frame(policy, booths, engine.plans))
    assert outcome.exact_paths == {"一": "逐项之内的合计/计数"}
    facts = {"展位": [{"展会": "广交会", "展位费": Fraction(30000)}, {"展会": "广交会", "展位费": Fraction("9000.01")}]}
    assert outcome.public()["一[分]"].to_list() == [int(evaluate(policy, facts).clause("一").amount * 100), 0]


def test_lyg_booths_divide_by_their_own_area_column_by_column():
    """LYG 一(一) divides by each booth's own area and limits the area summed per fair (至多 合计):
    computed from columns now (no row path), equal to eval."""
    from policylang.readers.population import population_from_frame
    from policylang.tools.batch.engine import Engine

    policy = load_policy(POLICIES / "lianyungang.pol")
    booths = pl.DataFrame(
        {
            "境内重点展会展位": [
                [
                    {"展会": "广交会", "展位费": 30000.0, "光地面积": 27.0},
                    {"展会": "广交会", "展位费": 9000.0, "光地面积": 0.0},
                ],
                [],
            ]
        }
    )
    engine = Engine(policy)
    outcome = engine.run(population_from_frame(policy, booths, engine.plans))
    assert outcome.exact_paths == {} and outcome.exact_rows == {}
    facts = {n: f.default for n, f in policy.facts.items()}
    facts["境内重点展会展位"] = [
        {"展会": "广交会", "展位费": Fraction(30000), "光地面积": Fraction(27)},
        {"展会": "广交会", "展位费": Fraction(9000), "光地面积": Fraction(0)},
    ]
    assert outcome.public()["一(一)[分]"].to_list() == [int(evaluate(policy, facts).clause("一(一)").amount * 100), 0]


# ---------------------------------------------------------------------------- the API
def test_evaluate_population_takes_a_frame_in_memory():
    policy = load_policy(POLICIES / "jixi.pol")
    frame = pl.DataFrame({"煤炭进口落地量": [4999, 5000, 40000], "上年贸易额": [0, 0, 0]})
    out = evaluate_population(policy, frame, only=["五(一)2"])
    assert out.columns == ["五(一)2[分]", "五(一)2:状态", "合计[分]", "可确定"]
    assert out["五(一)2[分]"].to_list() == [0, 25_000_000, 100_000_000]
    assert out["五(一)2:状态"].to_list() == ["ineligible", "paid", "paid"]


def test_set_overrides_a_fact_for_everyone():
    policy = load_policy(POLICIES / "jixi.pol")
    frame = pl.DataFrame({"煤炭进口落地量": [6000, 7000], "上年贸易额": [0, 0]})
    overrides = dict([parse_setting("煤炭进口落地量=10000吨", policy)])
    out = evaluate_population(policy, frame, overrides, only=["五(一)2"])
    assert out["五(一)2[分]"].to_list() == [50_000_000, 50_000_000]


def test_a_row_with_items_equals_the_eval_command(run, at_root, tmp_path):
    """鸡西辛出口 with its two loans (LPR by loan date), as a case file for eval and as rows for batch."""
    case = tmp_path / "case.yaml"
    case.write_text(
        "本地加工产品出口额: 1000万元\n出口业务银行手续费: 0元\n生产加工型外贸企业: 是\n贸易额: 800万元\n"
        "上年贸易额: 800万元\n出口融资贷款:\n"
        "  - {贷款: 工行2023-01, 本金: 500万元, 发放日: 2023-03-01, 计息天数: 180天, 实付利息: 90000元}\n"
        "  - {贷款: 建行2023-07, 本金: 300万元, 发放日: 2023-07-15, 计息天数: 120天, 实付利息: 30000元}\n",
        encoding="utf-8",
    )
    code, out, err = run("eval", "policies/jixi.pol", case, "--format", "json", "--set", "计息年天数=360天")
    assert code == 0, err
    expected_fen = {c["citation"]: int(Fraction(c["amount"]) * 100) for c in json.loads(out)["clauses"]}
    result = tmp_path / "out.parquet"
    code, _, err = run(
        "batch",
        "policies/jixi.pol",
        "tests/fixtures/batch/jixi.csv",
        *JIXI_ITEMS,
        "--set",
        "计息年天数=360天",
        "-o",
        result,
    )
    assert code == 0, err
    row = pl.read_parquet(result).filter(pl.col("企业") == "鸡西辛出口").row(0, named=True)
    assert {c: row[f"{c}[分]"] for c in expected_fen} == expected_fen
    assert expected_fen["五(二)2"] > 0  # the interest subsidy is really computed from the loans


# ---------------------------------------------------------------------------- revisions over a population
@pytest.fixture
def revised_jixi(tmp_path):
    """Jixi with coal at 60元/吨 from 6000吨 (was 50元/吨 from 5000吨): some gain, one no longer qualifies."""
    text = (POLICIES / "jixi.pol").read_text(encoding="utf-8")
    text = text.replace("奖励 50元/吨 × 煤炭进口落地量", "奖励 60元/吨 × 煤炭进口落地量")
    text = text.replace("条件 煤炭进口落地量 达到 5000吨(含)", "条件 煤炭进口落地量 达到 6000吨(含)")
    path = tmp_path / "jixi_new.pol"
    path.write_text(text, encoding="utf-8")
    return path


def test_population_diff_gives_cost_gainers_and_losers(revised_jixi):
    from policylang.tools.batch import population_diff

    frame = pl.DataFrame(
        {"企业": ["甲", "乙", "丙", "丁"], "煤炭进口落地量": [5000, 6000, 40000, 0], "上年贸易额": [0, 0, 0, 0]}
    )
    result = population_diff(load_policy(POLICIES / "jixi.pol"), load_policy(revised_jixi), frame)
    assert result.frame["变化[分]"].to_list() == [-25_000_000, 6_000_000, 0, 0]  # 25万 → 0; 30万 → 36万; capped
    assert result.frame["结果"].to_list() == ["loss", "gain", "same", "same"]
    impact = result.impact.as_json()
    assert (impact["gain"], impact["loss"], impact["same"]) == (1, 1, 2)
    assert impact["delta"] == "-190000.00" and impact["gained"] == "60000.00" and impact["lost"] == "250000.00"
    coal = next(c for c in impact["clauses"] if c["citation"] == "五(一)2")
    assert coal["no_longer_eligible"] == 1 and coal["newly_eligible"] == 0
    assert [p["id"] for p in impact["top_losers"]] == ["甲"]


def test_diff_with_population(run, at_root, revised_jixi):
    code, out, err = run("diff", "policies/jixi.pol", revised_jixi, "--population", "tests/fixtures/batch/jixi.csv")
    assert code == 0, err
    assert "人群影响（tests/fixtures/batch/jixi.csv，8 家企业）" in out
    assert "减少 1 家" in out and "鸡西己能源 -250,000.00元" in out
    code, out, _ = run(
        "diff",
        "policies/jixi.pol",
        revised_jixi,
        "--population",
        "tests/fixtures/batch/jixi.csv",
        "--format",
        "json",
        "--fail-on-loss",
    )
    assert code == 1  # 鸡西己能源 no longer qualifies for the coal award
    assert json.loads(out)["population"]["loss"] == 1


# ---------------------------------------------------------------------------- reading numbers exactly
def test_negative_amount_is_refused_with_its_row():
    policy = load_policy(POLICIES / "jixi.pol")
    frame = pl.DataFrame({"煤炭进口落地量": [6000, -1], "上年贸易额": [0, 0]})
    with pytest.raises(Exception) as err:
        evaluate_population(policy, frame)
    assert "第 2 行" in str(err.value) and "不能为负数" in str(err.value)


def test_every_way_of_writing_a_number_reads_the_same():
    """Integers, floats, decimals, text with units or thousands separators, and header units give one amount."""
    from decimal import Decimal

    policy = load_policy(POLICIES / "jixi.pol")
    fen = []
    for column, values in [
        ("能源资源类产品进口额", [5_000_000, 12_345_678]),
        ("能源资源类产品进口额", [5e6, 12345678.0]),
        ("能源资源类产品进口额", pl.Series([Decimal("5000000.00"), Decimal("12345678.00")])),
        ("能源资源类产品进口额", ["500万元", "1234.5678万元"]),
        ("能源资源类产品进口额", [" 5,000,000 ", "12，345，678"]),
        ("能源资源类产品进口额", ["500 万元", "0.12345678亿元"]),
        ("能源资源类产品进口额[万元]", ["500", "1,234.5678"]),
    ]:
        frame = pl.DataFrame({column: values, "商品落地率[%]": ["50.01", "100"], "上年贸易额": [0, 0]})
        fen.append(evaluate_population(policy, frame, only=["五(一)1"])["五(一)1[分]"].to_list())
    assert fen == [[10_000_000, 24_691_356]] * 7  # 2% of 500万元 and of 12,345,678元


def test_progress_bar_only_on_a_terminal(monkeypatch):
    from policylang.tools.batch.commandline import progress

    class Source:
        rows = 10

    with progress(Source()) as advance:  # the test runner's stderr is not a terminal: silent
        advance(5)
    monkeypatch.setattr("sys.stderr.isatty", lambda: True)
    bar = progress(Source())
    with bar as advance:
        advance(10)
        assert bar.bar.tasks[0].completed == 10


def test_no_quantiles_keeps_the_mean_only(run, at_root):
    code, out, _ = run("batch", "policies/jixi.pol", "tests/fixtures/batch/jixi.csv", "--no-quantiles")
    assert code == 0 and "中位数" not in out and "未计算分位数" in out
