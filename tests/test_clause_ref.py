"""金额(一2): a clause's award read from another clause's result. Parse and fmt, the amount read
(conditions, caps and rounding of the referenced clause; 0 when it is ineligible), sub-clauses added up,
the explanation in zh and en, JSON, --clause, batch equal to eval (column path and exact row path),
check through the reference, diff, and each misuse located with a suggestion."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from conftest import FIXTURES
from golden import assert_golden, load_errors_in_english

from policylang import load_policy
from policylang.backends import columnar, symbolic
from policylang.compiler import ir
from policylang.frontend import ast
from policylang.frontend.syntax import parse
from policylang.semantics.order import dependency_order, needed
from policylang.tools.fmt import format_text

HERE = FIXTURES / "clause_ref"
EXTRA = HERE / "extra.pol"
OPEN = HERE / "undetermined.pol"
ERRORS = sorted((HERE / "errors").glob("*.pol"))
GOLDEN = Path(__file__).parent / "golden" / "clause_ref"


# ---------------------------------------------------------------------------- syntax
def test_parses_and_formats_back_in_either_bracket():
    text = EXTRA.read_text(encoding="utf-8")
    assert format_text(text, str(EXTRA)) == text
    refs = [n for n in parse(text, str(EXTRA)).walk() if isinstance(n, ast.ClauseRef)]
    assert [(r.citation, r.paren) for r in refs] == [("一2", "("), ("一2", "("), ("二1", "（")]
    assert format_text(text.replace("金额(一2) 超过", "金额 (一2)  超过"), "m.pol") == text


def test_a_fact_named_like_the_keyword_is_still_read_bare(run, tmp_path):
    """金额 is the keyword only before a bracket: 50% × 金额 still reads the fact 金额."""
    policy = tmp_path / "p.pol"
    policy.write_text(
        '政策 "t" {\n  舍入 四舍五入 到 分\n}\n事实 金额: 金额\n条款 一 "x" {\n  奖励 50% × 金额\n}\n', "utf-8"
    )
    (tmp_path / "c.yaml").write_text("金额: 1万元\n", encoding="utf-8")
    code, out, err = run("eval", policy, tmp_path / "c.yaml", "--format", "json")
    assert code == 0, err
    assert json.loads(out)["total"] == "5000.00"


def test_compiled_to_one_node_naming_the_clauses():
    policy = load_policy(EXTRA)
    award = policy.clause("二2").award
    refs = [n for n in award.walk() if isinstance(n, ir.ClauseAmount)]
    assert [(r.citation, r.clauses) for r in refs] == [("二1", ("二1.零售", "二1.物流"))]
    # what the referenced clause reads, the referring one reads too (batch's columns, K020, decide)
    assert {"租赁服务费用", "开展跨境电商", "服务企业数"} <= policy.clause("一3").inputs
    assert [p.citation for p in dependency_order(policy)] == ["一2", "一3", "二1.零售", "二1.物流", "二2"]
    assert needed(policy, ["二2"]) == {"二2", "二1.零售", "二1.物流"}


def test_a_referring_clause_listed_first_is_evaluated_after_what_it_reads(run, tmp_path):
    text = EXTRA.read_text(encoding="utf-8")
    head, rest = text.split("条款 一2 ", 1)
    first, second = rest.split("条款 一3 ", 1)
    one3, tail = second.split("条款 二1.零售 ", 1)
    swapped = tmp_path / "swapped.pol"
    swapped.write_text(head + "条款 一3 " + one3 + "条款 一2 " + first + "条款 二1.零售 " + tail, encoding="utf-8")
    code, out, err = run("eval", swapped, HERE / "extra.case.yaml", "--format", "json")
    assert code == 0, err
    clauses = json.loads(out)["clauses"]
    assert [(c["citation"], c["amount"]) for c in clauses[:2]] == [("一3", "60000.00"), ("一2", "120000.00")]


# ---------------------------------------------------------------------------- eval
def amounts(run, tmp_path: Path, case: str, policy: Path = EXTRA, *extra: str) -> dict[str, tuple[str, str | None]]:
    path = tmp_path / "case.yaml"
    path.write_text(case, encoding="utf-8")
    code, out, err = run("eval", policy, path, "--format", "json", *extra)
    assert code in (0, 2), err
    doc = json.loads(out)
    result = doc.get("result", doc)
    return {c["citation"]: (c["status"], c["amount"]) for c in result["clauses"]}


# (case, 一2, 一3), worked by hand: 一2 = 30% × 费用 ≤ 30万元 rounded to the fen; 一3 = 50% × 一2 ≤ 10万元,
# only with 10家 or more served and 一2 paid
CASES = [
    ("租赁服务费用: 40万元\n服务企业数: 12家\n", ("paid", "120000.00"), ("paid", "60000.00")),
    ("租赁服务费用: 66.67万元\n服务企业数: 10家\n", ("paid", "200010.00"), ("paid", "100000.00")),  # 10万元 cap binds
    ("租赁服务费用: 66.66万元\n服务企业数: 10家\n", ("paid", "199980.00"), ("paid", "99990.00")),  # just below
    ("租赁服务费用: 200万元\n服务企业数: 10家\n", ("paid", "300000.00"), ("paid", "100000.00")),  # 一2 capped first
    ("租赁服务费用: 0.05元\n服务企业数: 10家\n", ("paid", "0.02"), ("paid", "0.01")),  # 0.015 → 0.02; 0.01
    ("租赁服务费用: 40万元\n服务企业数: 9家\n", ("paid", "120000.00"), ("ineligible", "0.00")),
    # 一2 ineligible: 金额(一2) is 0元, so 一3's condition 金额(一2) 超过 0元 fails
    ("租赁服务费用: 40万元\n服务企业数: 12家\n开展跨境电商: 否\n", ("ineligible", "0.00"), ("ineligible", "0.00")),
]


@pytest.mark.parametrize("case,first,second", CASES)
def test_the_amount_read_is_the_referenced_clauses_own_result(run, tmp_path, case, first, second):
    found = amounts(run, tmp_path, case)
    assert (found["一2"], found["一3"]) == (first, second)


def test_a_citation_with_sub_clauses_adds_them_up(run, tmp_path):
    found = amounts(run, tmp_path, "租赁服务费用: 0元\n零售收入: 100万元\n物流收入: 50.5万元\n")
    assert found["二2"] == ("paid", "2010.00")  # 10% × (10,000 + 10,100)
    assert amounts(run, tmp_path, "租赁服务费用: 0元\n")["二2"] == ("zero", "0.00")


def test_the_explanation_names_the_referenced_clause_in_zh_and_en(run):
    for lang, name in (("zh", "explain.txt"), ("en", "explain.en.txt")):
        code, out, err = run("--lang", lang, "eval", EXTRA, HERE / "extra.case.yaml", "--explain")
        assert code == 0, err
        assert_golden(GOLDEN / name, out)
    code, out, _ = run("eval", EXTRA, HERE / "extra.case.yaml", "--explain")
    assert "引用：金额(一2) = 120,000.00元（一2“租赁公共海外仓”给予 120,000.00元）" in out
    assert "计算：50% × 金额(一2)(120,000.00元) = 60,000.00元" in out


def test_json_carries_the_citation_and_the_amount_read(run):
    code, out, err = run("eval", EXTRA, HERE / "extra.case.yaml", "--format", "json")
    assert code == 0, err
    clauses = {c["citation"]: c for c in json.loads(out)["clauses"]}
    assert clauses["二2"]["references"] == [
        {
            "citation": "二1",
            "amount": "20000.00",
            "clauses": [
                {"citation": "二1.零售", "status": "paid", "amount": "10000.00"},
                {"citation": "二1.物流", "status": "paid", "amount": "10000.00"},
            ],
        }
    ]
    assert clauses["一3"]["formula_values"] == {"金额(一2)": "120,000.00元"}
    assert clauses["一3"]["conditions"][1]["values"] == {"金额(一2)": "120,000.00元"}
    assert "references" not in clauses["一2"]  # only on a clause that reads another


def test_an_ineligible_referenced_clause_reads_as_0(run, tmp_path):
    (tmp_path / "c.yaml").write_text("租赁服务费用: 40万元\n服务企业数: 12家\n开展跨境电商: 否\n", encoding="utf-8")
    code, out, err = run("eval", EXTRA, tmp_path / "c.yaml", "--clause", "一3", "--format", "json")
    assert code == 0, err
    clause = json.loads(out)["clauses"][0]
    assert clause["conditions"][1] == {"text": "金额(一2) 超过 0元", "holds": False, "values": {"金额(一2)": "0.00元"}}
    assert clause["references"][0]["clauses"] == [{"citation": "一2", "status": "ineligible", "amount": "0.00"}]


def test_a_referring_clause_may_be_a_member_of_a_rule(run, tmp_path):
    """三 reads 一 (in no rule) and shares a 合计上限 with 二: computed from 一, then capped with 二."""
    text = (HERE / "errors" / "in_group.pol").read_text(encoding="utf-8").replace("{ 一, 二 }", "{ 二, 三 }")
    (tmp_path / "p.pol").write_text(text, encoding="utf-8")
    found = amounts(run, tmp_path, "费用: 45万元\n", tmp_path / "p.pol")
    # 一 225,000; 二 90,000; 三 = 10% × 225,000 = 22,500, of which 10,000 is left under the 10万元 ceiling
    assert found == {"一": ("paid", "225000.00"), "二": ("paid", "90000.00"), "三": ("paid", "10000.00")}


def test_clause_alone_evaluates_what_it_reads_and_shows_only_itself(run):
    code, out, err = run("eval", EXTRA, HERE / "extra.case.yaml", "--clause", "一3", "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert [c["citation"] for c in doc["clauses"]] == ["一3"]
    assert doc["clauses"][0]["amount"] == "60000.00" and doc["total"] == "60000.00"


# ---------------------------------------------------------------------------- not determinable
def test_an_undetermined_reference_makes_the_referring_clause_undetermined_naming_it(run, tmp_path):
    found = amounts(run, tmp_path, "进出口额: 2亿元\n上年进出口额: 1.5亿元\n", OPEN)
    assert found["一"] == ("undetermined", None) and found["二"] == ("undetermined", None)
    assert found["三"] == ("paid", "50000.00") and found["四"] == ("paid", "5000.00")
    code, out, _ = run("eval", OPEN, tmp_path / "case.yaml", "--format", "json")
    assert code == 0  # open for want of a number the text does not give: not an input error
    two = next(c for c in json.loads(out)["clauses"] if c["citation"] == "二")
    assert two["reason"] == {"kind": "reference_undetermined", "clauses": ["一"], "facts": [], "params": ["奖励比例"]}
    assert two["unspecified"] == [{"name": "奖励比例", "note": "原文未写奖励比例"}]
    assert two["references"][0] == {
        "citation": "一",
        "amount": None,
        "clauses": [{"citation": "一", "status": "undetermined", "amount": None}],
    }
    code, out, _ = run("--lang", "en", "eval", OPEN, tmp_path / "case.yaml", "--clause", "二")
    assert "the clause it refers to, 一, is not determinable (the text does not give 奖励比例)" in out
    # --set settles both: 5% × 5000万 = 250万 capped to 20万; 二 = 10万
    found = amounts(run, tmp_path, "进出口额: 2亿元\n上年进出口额: 1.5亿元\n", OPEN, "--set", "奖励比例=5%")
    assert found["一"] == ("paid", "200000.00") and found["二"] == ("paid", "100000.00")


def test_an_enumerable_open_number_is_tried_through_the_reference(run, tmp_path):
    """新引入可享 is 是 or 否. A newly introduced firm that grew: 三 and so 四 differ with it (not
    determinable) until --set gives it; one that shrank: 三 is plainly ineligible, so 四 is 0元."""
    found = amounts(run, tmp_path, "进出口额: 2亿元\n上年进出口额: 1.5亿元\n新引入: 是\n", OPEN, "--set", "奖励比例=1%")
    assert found["三"] == ("undetermined", None) and found["四"] == ("undetermined", None)
    found = amounts(
        run, tmp_path, "进出口额: 2亿元\n上年进出口额: 1.5亿元\n新引入: 是\n", OPEN, "--set", "新引入可享=是"
    )
    assert found["三"] == ("paid", "50000.00") and found["四"] == ("paid", "5000.00")
    found = amounts(run, tmp_path, "进出口额: 1亿元\n上年进出口额: 1.5亿元\n新引入: 是\n", OPEN, "--clause", "四")
    assert found == {"四": ("zero", "0.00")}


DECIDED = """政策 "t" {
  舍入 四舍五入 到 分
}
事实 新引入: 是否
参数 新引入可享: 是否 未规定 "原文未写"
条款 一 "奖励" {
  条件 非 新引入 或 新引入可享
  奖励 5万元
}
条款 二 "大额追加" {
  条件 金额(一) 超过 10万元
  奖励 10% × 金额(一)
}
"""


def test_a_referring_clause_the_same_for_every_value_is_decided(run, tmp_path):
    """一 is open (5万元 or nothing); 二 needs 一 over 10万元, which neither value gives: 二 is ineligible
    for every value of 新引入可享, which 二 waits for through 金额(一) (its plan reads what 一 reads)."""
    policy = tmp_path / "decided.pol"
    policy.write_text(DECIDED, encoding="utf-8")
    found = amounts(run, tmp_path, "新引入: 是\n", policy)
    assert found == {"一": ("undetermined", None), "二": ("ineligible", "0.00")}
    code, out, _ = run("eval", policy, tmp_path / "case.yaml", "--clause", "二", "--format", "json")
    assert code == 0
    reason = json.loads(out)["clauses"][0]["reason"]
    assert reason["kind"] == "for_every_value" and reason["values"] == [["新引入可享", ["是", "否"]]]


def test_a_fact_the_referenced_clause_needs_is_asked_for_on_the_referring_one(run, tmp_path):
    (tmp_path / "c.yaml").write_text("进出口额: 1亿元\n", encoding="utf-8")
    code, out, err = run("eval", OPEN, tmp_path / "c.yaml", "--clause", "二")
    assert code == 2
    assert "引用的条款 一 需要案例缺少的事实“上年进出口额”" in out
    assert "错误[K020]: 案例缺少事实“上年进出口额”（二 需要它）" in err
    code, out, err = run("diff", OPEN, OPEN, "--cases", tmp_path / "c.yaml")
    assert code == 0, err
    assert "注：新版 二 未计算：案例缺少事实“上年进出口额”（不计入变化）" in out  # as for 一 itself


# ---------------------------------------------------------------------------- batch
ROWS = [
    {"租赁服务费用": "40万元", "服务企业数": "12", "开展跨境电商": "是", "零售收入": "100万元", "物流收入": ""},
    {"租赁服务费用": "66.67万元", "服务企业数": "10", "开展跨境电商": "", "零售收入": "", "物流收入": "1元"},
    {"租赁服务费用": "0.05元", "服务企业数": "10", "开展跨境电商": "是", "零售收入": "0.5元", "物流收入": "0.5元"},
    {"租赁服务费用": "200万元", "服务企业数": "9", "开展跨境电商": "是", "零售收入": "", "物流收入": ""},
    {"租赁服务费用": "40万元", "服务企业数": "12", "开展跨境电商": "否", "零售收入": "", "物流收入": "33.33元"},
]


def eval_rows(run, tmp_path: Path, policy: Path, rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """Each row through `policylang eval`, as batch -o CSV writes it: amount in 元 ('' when open), status."""
    out_rows = []
    for i, row in enumerate(rows):
        case = tmp_path / f"row{i}.yaml"
        case.write_text("".join(f"{k}: {v}\n" for k, v in row.items() if v != ""), encoding="utf-8")
        code, out, err = run("eval", policy, case, "--format", "json")
        assert code == 0, err
        out_rows.append({c["citation"]: c["amount"] or "" for c in json.loads(out)["clauses"]})
    return out_rows


def batch_rows(run, tmp_path: Path, policy: Path, rows: list[dict[str, str]], *extra: str) -> tuple[str, list]:
    population, out_file = tmp_path / "population.csv", tmp_path / "out.csv"
    pl.DataFrame(rows).write_csv(population)
    code, out, err = run("batch", policy, population, "-o", out_file, "--force", *extra)
    assert code == 0, err
    result = pl.read_csv(out_file, infer_schema=False)
    cols = [c.removesuffix("[元]") for c in result.columns if c.endswith("[元]") and c != "合计[元]"]
    listed = [{c: (r[f"{c}[元]"] or "") for c in cols} for r in result.iter_rows(named=True)]
    return out, listed


def test_batch_equals_eval_row_by_row(run, tmp_path):
    _, batch = batch_rows(run, tmp_path, EXTRA, ROWS)
    assert batch == eval_rows(run, tmp_path, EXTRA, ROWS)
    assert batch[1]["一3"] == "100000.00" and batch[4]["一3"] == "0.00"


def test_batch_equals_eval_with_undetermined_references(run, tmp_path):
    rows = [
        {"进出口额": "2亿元", "上年进出口额": "1.5亿元", "新引入": "否"},
        {"进出口额": "2亿元", "上年进出口额": "1.5亿元", "新引入": "是"},
        {"进出口额": "1亿元", "上年进出口额": "1.5亿元", "新引入": "是"},
    ]
    _, batch = batch_rows(run, tmp_path, OPEN, rows)
    assert batch == eval_rows(run, tmp_path, OPEN, rows)
    assert [r["二"] for r in batch] == ["", "", ""] and [r["四"] for r in batch] == ["5000.00", "", "0.00"]


def test_batch_of_one_clause_computes_what_it_reads_and_shows_it_alone(run, tmp_path):
    _, batch = batch_rows(run, tmp_path, EXTRA, ROWS, "--clause", "一3")
    assert [list(r) for r in batch] == [["一3"]] * len(ROWS)
    assert [r["一3"] for r in batch] == [r["一3"] for r in eval_rows(run, tmp_path, EXTRA, ROWS)]


PER_ITEM = """政策 "t" {
  舍入 四舍五入 到 分
}
事实 费用: 金额
事实 展位: 列表 {
  展位费: 金额
}
条款 一 "基础" {
  奖励 50% × 费用
  上限 "最高" 1万元
}
条款 二 "逐项追加" {
  逐项 展位 {
    奖励 最小(10% × 展位费, 金额(一))
  }
}
"""


def test_inside_items_batch_takes_the_exact_row_path_and_equals_eval(run, tmp_path):
    policy, population, booths, out_file = (tmp_path / n for n in ("p.pol", "p.csv", "b.csv", "o.csv"))
    policy.write_text(PER_ITEM, encoding="utf-8")
    pl.DataFrame({"企业": ["甲", "乙", "丙"], "费用": ["3万元", "0元", "0.5万元"]}).write_csv(population)
    pl.DataFrame({"企业": ["甲", "甲", "丙"], "展位费": ["5万元", "20万元", "8万元"]}).write_csv(booths)
    code, out, err = run("batch", policy, population, "--items", f"展位={booths}", "-o", out_file)
    assert code == 0, err
    assert "逐项之中的 金额(一) 没有按列的形式" in out
    # 甲: 一 = 1万元 (capped); 二 = min(5000, 10000) + min(20000, 10000); 乙 nothing; 丙: 一 2500, 二 2500
    assert pl.read_csv(out_file, infer_schema=False)["二[元]"].to_list() == ["15000.00", "0.00", "2500.00"]
    (tmp_path / "c.yaml").write_text("费用: 3万元\n展位:\n  - {展位费: 5万元}\n  - {展位费: 20万元}\n", "utf-8")
    code, out, err = run("eval", policy, tmp_path / "c.yaml", "--format", "json")
    assert code == 0 and json.loads(out)["clauses"][1]["amount"] == "15000.00", err


REASON = "测试：金额(…) 声明为不能按列计算"


def test_declared_unsupported_in_columnar_takes_the_exact_row_path_visibly(run, tmp_path, monkeypatch):
    expressions = dict(columnar.EXPRESSIONS)
    del expressions[ir.ClauseAmount]
    monkeypatch.setattr(columnar, "EXPRESSIONS", expressions)
    monkeypatch.setattr(columnar, "UNSUPPORTED", {**columnar.UNSUPPORTED, ir.ClauseAmount: REASON})
    out, batch = batch_rows(run, tmp_path, EXTRA, ROWS)
    assert REASON in out and "一3" in out and "二2" in out
    assert batch == eval_rows(run, tmp_path, EXTRA, ROWS)


# ---------------------------------------------------------------------------- check, diff
def test_check_runs_through_the_reference(run):
    code, out, err = run("check", EXTRA, "--format", "json")
    assert code == 0, err
    assert [f["code"] for f in json.loads(out)["findings"]] == []
    # a clause whose condition holds only where the clause it reads pays nothing: found through 金额(一)
    code, out, err = run("check", HERE / "never_pays.pol", "--format", "json")
    findings = json.loads(out)["findings"]
    assert code == 1 and [(f["code"], f["citation"]) for f in findings] == [("COND002", "二")], err


def test_tier_and_cap_checks_run_on_a_referring_clause_and_are_confirmed(run):
    """Tiers on 金额(一): an overlap (the first row pays less) is found by the solver and confirmed by
    eval on a case that computes 一 first; a row above the clause's cap is CAP004."""
    code, out, err = run("check", HERE / "tiers.pol", "--format", "json")
    findings = json.loads(out)["findings"]
    assert code == 1 and [(f["code"], f["citation"]) for f in findings] == [("TIER002", "二"), ("CAP004", "二")], err
    assert findings[0]["counterexamples"] and "CHK001" not in out


def test_declared_unsupported_in_symbolic_is_a_visible_could_not_check(run, monkeypatch):
    monkeypatch.setitem(symbolic.UNSUPPORTED, ir.ClauseAmount, "check.unsupported.cross_rules")
    monkeypatch.delitem(symbolic.EXPRESSIONS, ir.ClauseAmount)
    code, out, _ = run("check", HERE / "never_pays.pol", "--format", "json")
    assert code == 0  # could not check is info: the COND002 it found before is not claimed
    found = [f for f in json.loads(out)["findings"] if f["code"] == "CHK001"]
    assert found and {f["reason"] for f in found} == {"unsupported"} and {f["citation"] for f in found} == {"二"}


def test_diff_shows_the_referring_clause_change_with_the_referenced_one(run):
    code, out, err = run("diff", EXTRA, HERE / "extra_v2.pol", "--cases", HERE / "extra.case.yaml")
    assert code == 0, err
    assert "一2 租赁公共海外仓：120,000.00元 → 160,000.00元（+40,000.00元）" in out
    assert "一3 服务中小企业追加：60,000.00元 → 80,000.00元（+20,000.00元）" in out  # only 一2's rate changed


# ---------------------------------------------------------------------------- misuse
def test_every_misuse_has_a_fixture():
    assert {p.stem for p in ERRORS} == {"cycle", "in_group", "outside", "self", "title", "unknown"}


@pytest.mark.parametrize("path", ERRORS, ids=lambda p: p.stem)
def test_misuse_is_an_error_located_with_a_suggestion(run, path):
    code, out, err = run("check", path)
    assert code == 2 and out == ""
    assert f"--> {path}:" in err and "= 建议: " in err and "^^^^" in err
    assert_golden(GOLDEN / f"{path.stem}.txt", err.replace(str(path), path.name))


@pytest.mark.parametrize("path", ERRORS, ids=lambda p: p.stem)
def test_misuse_in_english(path):
    assert_golden(GOLDEN / f"{path.stem}.en.txt", load_errors_in_english(path))


def test_each_misuse_has_its_code():
    codes = {p.stem: load_errors_in_english(p).split(" ", 1)[0] for p in ERRORS}
    assert codes == {
        "cycle": "C060",
        "self": "C060",
        "in_group": "C061",
        "outside": "T271",
        "title": "P001",  # a title where the number goes: the number of the clause so titled
        "unknown": "T270",
    }
