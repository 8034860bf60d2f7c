"""Issue 11: a fact the case lacks is asked for only where its value can change a result, and
`--clause` tells the truth (a citation selects its sub-clauses; a clause in a 取高不重复 group or a
合计上限 evaluated on its own says so, with what the full evaluation pays it).

Goldens: tests/golden/missing_facts/ and tests/golden/clause_alone/ (zh `<name>.txt`, en `<name>.en.txt`).
"""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import EXAMPLES, POLICIES, ROOT
from golden import assert_golden

GOLDEN = ROOT / "tests" / "golden"
JIXI, LIANYUNGANG = POLICIES / "jixi.pol", POLICIES / "lianyungang.pol"
COAL_ONLY = "煤炭进口落地量: 20000吨\n生产加工型外贸企业: 否\n"  # the issue's case, byte for byte
# a processing firm that forgot 上年贸易额 (no default): now 五(三) does need it
PROCESSING_NO_BASE = "煤炭进口落地量: 20000吨\n生产加工型外贸企业: 是\n贸易额: 6000万元\n"
WAREHOUSES = (
    "展销海外仓为连云港企业设立且在海关备案: 是\n实现海外仓交易实绩: 是\n海外仓展示展销费用: 3万元\n"
    "租赁本市认定的公共海外仓开展跨境电商: 是\n公共海外仓租赁服务费用: 10万元\n"
)


@pytest.fixture
def at_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def case_file(tmp_path, text, name="case.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------------------- a fact that cannot matter
def test_coal_only_firm_is_evaluated_without_the_base_year_fact(run, tmp_path):
    code, out, err = run("eval", JIXI, case_file(tmp_path, COAL_ONLY))
    assert code == 0, err
    assert err == ""
    assert "K020" not in out and "上年贸易额" not in out
    row = next(line for line in out.splitlines() if line.startswith("五(三)"))
    assert "0.00元" in row and "不满足条件：生产加工型外贸企业" in row
    assert "1,000,000.00元" in next(line for line in out.splitlines() if line.startswith("五(一)2"))
    assert "合计：1,000,000.00元" in out and "不可确定" not in out


def test_coal_only_firm_json_has_no_missing_facts(run, tmp_path):
    code, out, _ = run("eval", JIXI, case_file(tmp_path, COAL_ONLY), "--format", "json")
    doc = json.loads(out)
    assert code == 0
    assert doc["schema"] == "policylang.result/2"
    assert doc["missing_facts"] == []
    assert doc["determinable"] is True and doc["total"] == "1000000.00"
    clause = next(c for c in doc["clauses"] if c["citation"] == "五(三)")
    assert clause["status"] == "ineligible"
    # the condition that read the missing fact's neighbour decided; the award was never needed
    assert clause["reason"] == {"kind": "failed_condition", "condition": "生产加工型外贸企业"}


# ---------------------------------------------------------------------------- a fact that matters
def test_needed_fact_names_its_clause_and_the_rest_is_evaluated(run, tmp_path):
    code, out, err = run("eval", JIXI, case_file(tmp_path, PROCESSING_NO_BASE))
    assert code == 2  # the case must be completed: a script notices
    assert err.startswith("错误[K020]: 案例缺少事实“上年贸易额”（五(三) 需要它）")
    assert "建议: 加一行 上年贸易额: 1.2万元" in err
    lines = out.splitlines()
    assert "1,000,000.00元" in next(line for line in lines if line.startswith("五(一)2"))
    row = next(line for line in lines if line.startswith("五(三)"))
    assert "不可确定" in row and "案例缺少事实“上年贸易额”" in row
    assert "合计：1,000,000.00元（另有 五(三) 不可确定，未计入）" in out
    assert "原文未规定" not in row  # a missing fact is not an unspecified number


def test_needed_fact_in_json_is_the_errors_document_holding_the_result(run, tmp_path):
    code, out, err = run("eval", JIXI, case_file(tmp_path, PROCESSING_NO_BASE), "--format", "json", "--lang", "en")
    assert code == 2 and err == ""
    errors = json.loads(out)
    assert errors["schema"] == "policylang.errors/1"  # as for every exit 2 under --format json
    assert [e["code"] for e in errors["errors"]] == ["K020"]
    assert errors["errors"][0]["message"] == "the case lacks fact “上年贸易额” (五(三) needs it)"
    assert errors["errors"][0]["suggestion"] == "add a line 上年贸易额: 1.2万元"
    doc = errors["result"]  # and the evaluation of the rest
    assert doc["schema"] == "policylang.result/2" and doc["total"] == "1000000.00"
    assert doc["missing_facts"] == [{"name": "上年贸易额", "clauses": ["五(三)"], "example": "上年贸易额: 1.2万元"}]
    clause = next(c for c in doc["clauses"] if c["citation"] == "五(三)")
    assert clause["status"] == "undetermined" and clause["amount"] is None
    assert clause["reason"] == {"kind": "needs_facts", "facts": ["上年贸易额"], "params": []}
    assert clause["formula_values"] == {"同比增量": "not given"}
    assert clause["upper_bound"] == "500000.00"  # its own cap is known
    assert doc["determinable"] is False


def test_supplying_the_fact_settles_it(run, tmp_path):
    code, out, err = run("eval", JIXI, case_file(tmp_path, PROCESSING_NO_BASE + "上年贸易额: 4000万元\n"))
    assert code == 0, err
    assert "400,000.00元" in next(line for line in out.splitlines() if line.startswith("五(三)"))  # 20 × 2万


def test_the_fact_can_be_assumed_with_set_like_any_fact(run, tmp_path):
    code, out, _ = run("eval", JIXI, case_file(tmp_path, PROCESSING_NO_BASE), "--set", "上年贸易额=4000万元")
    assert code == 0 and "400,000.00元" in next(line for line in out.splitlines() if line.startswith("五(三)"))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_needed_fact_golden(run, at_root, lang):
    """The K020 golden that used to stand in errors/: its stderr is unchanged, its stdout now evaluates."""
    path = GOLDEN / "missing_facts" / "clause_needs_it.yaml"
    args = ["eval", "tests/fixtures/patterns/awards.pol", path.relative_to(ROOT).as_posix(), "--clause", "三(一)1"]
    suffix = "" if lang == "zh" else ".en"
    code, out, err = run(*args, "--lang", lang)
    assert code == 2
    assert_golden(path.with_name(f"clause_needs_it.stderr{suffix}.txt"), err)
    assert_golden(path.with_name(f"clause_needs_it{suffix}.txt"), out)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_needed_fact_explain_golden(run, at_root, tmp_path, lang):
    case = GOLDEN / "missing_facts" / "processing_no_base.yaml"
    assert case.read_text(encoding="utf-8") == PROCESSING_NO_BASE
    args = ["eval", "policies/jixi.pol", case.relative_to(ROOT).as_posix(), "--clause", "五(三)", "--explain"]
    code, out, _ = run(*args, "--lang", lang)
    assert code == 2
    assert_golden(case.with_name("processing_no_base" + ("" if lang == "zh" else ".en") + ".txt"), out)


# ---------------------------------------------------------------------------- test and diff stay coherent
SUITE = """政策: {policy}
案例:
  - 名称: 只做煤炭，没写上年贸易额
    事实:
      煤炭进口落地量: 20000吨
      生产加工型外贸企业: 否
    期望:
      五(一)2: 100万元
      五(三): 不符合条件
      合计: 100万元
"""


def test_suite_case_missing_a_fact_that_cannot_matter_passes(run, tmp_path):
    suite = case_file(tmp_path, SUITE.format(policy=JIXI.as_posix()), "coal.cases.yaml")
    code, out, err = run("test", suite)
    assert code == 0, out + err
    assert "K020" not in err


def test_suite_case_missing_a_fact_that_matters_is_k020_before_any_case_runs(run, tmp_path):
    text = SUITE.format(policy=JIXI.as_posix()).replace(
        "生产加工型外贸企业: 否", "生产加工型外贸企业: 是\n      贸易额: 6000万元"
    )
    suite = case_file(tmp_path, text, "coal.cases.yaml")
    code, out, err = run("test", suite)
    assert code == 2 and out == ""
    assert "案例缺少事实“上年贸易额”（五(三) 需要它）" in err and "coal.cases.yaml:4:5" in err


def test_diff_compares_a_clause_the_missing_fact_cannot_change(run, tmp_path):
    case = case_file(tmp_path, COAL_ONLY, "coal.yaml")
    code, out, err = run("diff", JIXI, EXAMPLES / "revision" / "jixi-2024.pol", "--cases", case, "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    clauses = {c["citation"]: c for c in doc["cases"][0]["clauses"]}
    assert clauses["五(三)"]["old"]["status"] == "ineligible"  # not missing_facts: it could not matter
    assert all(c["old"]["status"] != "missing_facts" for c in clauses.values())


def test_diff_says_missing_facts_where_the_fact_matters(run, tmp_path):
    case = case_file(tmp_path, PROCESSING_NO_BASE, "firm.yaml")
    code, out, err = run("diff", JIXI, EXAMPLES / "revision" / "jixi-2024.pol", "--cases", case, "--format", "json")
    assert code == 0, err
    clauses = {c["citation"]: c for c in json.loads(out)["cases"][0]["clauses"]}
    assert clauses["五(三)"]["old"]["status"] == "missing_facts"
    assert clauses["五(一)2"]["old"]["status"] == "paid"


# ---------------------------------------------------------------------------- --clause selects sub-clauses
def test_issue_command_no_longer_says_there_is_no_such_clause(run, at_root):
    code, _, err = run("eval", "policies/lianyungang.pol", "examples/exhibition.case.yaml", "--clause", "三(二)1")
    assert "E001" not in err and "三(四)1" not in err
    assert code == 2 and "K004" in err  # what remains is that this case file is written for exhibition.pol


@pytest.mark.parametrize("asked", ["三(二)1", "三（二）1"])
def test_a_citation_selects_its_sub_clauses(run, tmp_path, asked):
    case = case_file(tmp_path, "跨境电商零售放行包裹数: 50000个\n")
    code, out, err = run("eval", LIANYUNGANG, case, "--clause", asked, "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert [c["citation"] for c in doc["clauses"]] == ["三(二)1.零售", "三(二)1.物流"]
    assert doc["total"] == "50000.00"


def test_a_citation_that_names_nothing_is_still_e001(run, tmp_path):
    case = case_file(tmp_path, "跨境电商零售放行包裹数: 50000个\n")
    for asked in ("三(二)9", "三(二)1.批发"):
        code, _, err = run("eval", LIANYUNGANG, case, "--clause", asked)
        assert code == 2 and f"政策中没有条款“{asked}”" in err


def test_a_number_is_not_a_prefix_of_a_longer_number():
    from policylang.frontend.units import cites_within

    assert cites_within("三(二)1", "三(二)1.零售") and cites_within("五", "五(三)") and cites_within("二", "二.省级")
    assert not cites_within("三(二)1", "三(二)10") and not cites_within("十", "十一")
    assert not cites_within("三(二)1.零", "三(二)1.零售")


def test_suite_clauses_select_sub_clauses_too(run, tmp_path):
    suite = case_file(
        tmp_path,
        f"政策: {LIANYUNGANG.as_posix()}\n案例:\n  - 名称: 包裹\n    事实: {{跨境电商零售放行包裹数: 50000个}}\n"
        "    条款: [三(二)1]\n    期望: {三(二)1.零售: 5万元, 三(二)1.物流: 0元, 合计: 5万元}\n",
        "ec.cases.yaml",
    )
    code, out, err = run("test", suite)
    assert code == 0, out + err


# ---------------------------------------------------------------------------- a clause evaluated on its own
def test_clause_in_exclusive_group_says_so_and_what_the_full_evaluation_pays(run, tmp_path):
    case = case_file(tmp_path, WAREHOUSES)
    code, out, _ = run("eval", LIANYUNGANG, case, "--clause", "一(二)3")
    assert code == 0
    assert "15,000.00元" in out  # on its own, as before
    note = next(line for line in out.splitlines() if line.startswith("注："))
    assert "一(二)3 属于取高不重复“同一支持事项：海外仓的使用”（一(二)3、三(四)2.租赁），此处单独计算" in note
    assert "按本案例完整计算，该条款取高不重复未取（取高不重复：已按 三(四)2.租赁 给予）" in note
    code, full, _ = run("eval", LIANYUNGANG, case)  # the note tells the truth
    assert "取高不重复：已按 三(四)2.租赁 给予" in next(
        line for line in full.splitlines() if line.startswith("一(二)3")
    )


def test_clause_in_exclusive_group_json(run, tmp_path):
    code, out, _ = run("eval", LIANYUNGANG, case_file(tmp_path, WAREHOUSES), "--clause", "一(二)3", "--format", "json")
    assert code == 0
    clause = json.loads(out)["clauses"][0]
    assert clause["status"] == "paid" and clause["amount"] == "15000.00"
    assert clause["groups"] == [
        {"kind": "exclusive", "name": "同一支持事项：海外仓的使用", "members": ["一(二)3", "三(四)2.租赁"]}
    ]
    full = clause["full_evaluation"]
    assert full["status"] == "excluded" and full["amount"] == "0.00"
    assert full["reason"] == {"kind": "kept_other", "group": "同一支持事项：海外仓的使用", "kept": "三(四)2.租赁"}
    assert clause["groups_text"].startswith("一(二)3 属于取高不重复")


def test_clause_under_a_shared_ceiling_says_so(run, at_root):
    code, out, _ = run("eval", "policies/jixi.pol", "examples/jixi/processing-firm.yaml", "--clause", "五(三)")
    assert code == 0
    assert "注：五(三) 属于合计上限“本条政策可多项申报，每户企业最高奖励200万元”" in out
    assert "按本案例完整计算，该条款给予 220,000.00元" in out


def test_without_clause_nothing_is_said_about_groups(run, tmp_path):
    code, out, _ = run("eval", LIANYUNGANG, case_file(tmp_path, WAREHOUSES), "--format", "json")
    assert code == 0
    assert all(c["groups"] == [] and c["full_evaluation"] is None for c in json.loads(out)["clauses"])


def test_an_ineligible_clause_is_not_given_a_group_note(run, tmp_path):
    case = case_file(tmp_path, "跨境电商零售放行包裹数: 50000个\n")
    code, out, _ = run("eval", LIANYUNGANG, case, "--clause", "一(二)3", "--format", "json")
    assert code == 0
    clause = json.loads(out)["clauses"][0]
    assert clause["status"] == "ineligible" and clause["groups"] == [] and clause["full_evaluation"] is None


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("explain", [False, True])
def test_clause_alone_golden(run, at_root, lang, explain):
    case = GOLDEN / "clause_alone" / "warehouses.yaml"
    assert case.read_text(encoding="utf-8") == WAREHOUSES
    args = ["eval", "policies/lianyungang.pol", case.relative_to(ROOT).as_posix(), "--clause", "一(二)3"]
    code, out, _ = run(*args, *(["--explain"] if explain else []), "--lang", lang)
    assert code == 0
    name = ("explain" if explain else "table") + ("" if lang == "zh" else ".en")
    assert_golden(case.with_name(f"{name}.txt"), out)


def test_a_suite_case_whose_list_item_lacks_a_field_is_k015_not_a_traceback(run, tmp_path):
    """Found by bench/fuzz_soak.py (44 of 16,666 mutated suites): the case was evaluated, to see which
    missing facts matter, before its unread item stopped it, and `_field` raised KeyError."""
    shutil.copy(JIXI, tmp_path / "jixi.pol")
    suite = case_file(
        tmp_path,
        "政策: jixi.pol\n案例:\n  - 名称: 缺字段\n    事实:\n      本地加工产品出口额: 600万元\n      出口融资贷款:\n"
        "        - {贷款: 甲, 本金: 1000万元, 发放日: 2023-03-01, 实付利息: 25万元}\n"
        "    条款: [五(二)2]\n    期望:\n      五(二)2: 不可确定\n",
        "loan.cases.yaml",
    )
    code, _, err = run("test", suite)
    assert code == 2 and "Traceback" not in err
    assert "错误[K015]: “出口融资贷款”的这一项缺少字段“计息天数”" in err and "loan.cases.yaml:7:11" in err
