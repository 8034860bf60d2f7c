"""policylang diff: what changed in meaning between two versions, and what it costs per case."""

from __future__ import annotations

import json
import random
import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from conftest import EXAMPLES, FIXTURES, POLICIES, ROOT
from golden import assert_golden
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policylang.frontend import ast
from policylang.frontend.syntax import parse
from policylang.tools.diff import CaseInput, compare_cases, load_version, semantic_diff, summarize
from policylang.tools.fmt import format_text

DIFF = FIXTURES / "diff"
GOLDEN = Path(__file__).resolve().parent / "golden" / "diff"
BASE, REVISED, CASES = "tests/fixtures/diff/base.pol", "tests/fixtures/diff/revised.pol", "tests/fixtures/diff/cases"


@pytest.fixture
def at_root(monkeypatch):
    """Run from the repository root, so file names in the output are stable."""
    monkeypatch.chdir(ROOT)


def changes(path_a, path_b):
    return semantic_diff(load_version(str(path_a)), load_version(str(path_b)))


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------------------- the semantic change
def test_revision_text_golden(run, at_root):
    code, out, err = run("diff", BASE, REVISED)
    assert code == 0, err
    assert_golden(GOLDEN / "revision.txt", out)


def test_each_kind_of_change_is_reported_with_both_literals_and_lines(at_root):
    d = changes(BASE, REVISED)
    by = {(c.citation, c.kind, c.subject): c for c in d.changes}
    cap = by[("三(一)1", "上限", "上限“最高奖励”")]
    assert (cap.old.text, cap.old.line, cap.new.text, cap.new.line) == ("100万元", 29, "150万元", 29)
    assert cap.old.source_line == '上限 "最高奖励" 100万元' and "提高 50万元" in cap.detail
    rate = by[("三(一)1", "比例", "奖励")]
    assert (rate.old.text, rate.new.text) == ("2%", "3%") and "提高 1个百分点" in rate.detail
    threshold = by[("三(一)1", "门槛", "条件“商品落地率 超 50%”")]
    assert (threshold.old.text, threshold.new.text) == ("50%", "60%") and "条件收紧" in threshold.detail
    boundary = by[("三(一)1", "边界", "条件“进口额 达到 500万元(含)”的边界")]
    assert "含本数（≥） → 不含本数（>）" in boundary.detail and "条件收紧" in boundary.detail
    assert by[("五(四)", "删除条款", "五(四)“海关AEO认定”")].old.line == 50
    assert by[("六(一)", "新增条款", "六(一)“出口信用保险（测试用）”")].new.line == 62
    limit = by[("一(一)", "数量限制", "数量限制")]
    assert "至多2个" in limit.detail and "至多3个" in limit.detail and limit.old.line == limit.new.line == 45
    param = next(c for c in d.changes if c.kind == "参数")
    assert "50元/吨 → 60元/吨" in param.detail and "五(一)2" in param.detail
    assert any(c.kind == "合计上限" and "五(一)2、五(四) → 五(一)2" in c.detail for c in d.changes)
    assert any(c.kind == "事实" and c.subject == "事实“零售收入”的类型" for c in d.changes)


def test_dropped_and_added_conditions(tmp_path):
    base = (DIFF / "base.pol").read_text(encoding="utf-8")
    dropped = base.replace("  条件 商品落地率 超 50%\n", "")
    added = base.replace("  条件 为AEO企业\n", "  条件 为AEO企业\n  条件 进口额 达到 100万元(含)\n")
    d = changes(DIFF / "base.pol", write(tmp_path, "dropped.pol", dropped))
    assert [(c.kind, c.citation, c.old.line if c.old else None) for c in d.changes] == [("删除条件", "三(一)1", 27)]
    d = changes(DIFF / "base.pol", write(tmp_path, "added.pol", added))
    assert [(c.kind, c.citation, c.new.line if c.new else None) for c in d.changes] == [("新增条件", "五(四)", 53)]


def test_formatting_and_comment_only_change_is_reported_as_such(run, tmp_path):
    base = (DIFF / "base.pol").read_text(encoding="utf-8")
    messy = base.replace("\n  ", "\n      ").replace("{ 五(一)2, 五(四) }", "{五(一)2,五(四)}") + "# 新增的注释\n"
    assert messy != base and format_text(messy) != messy
    new = write(tmp_path, "messy.pol", messy)
    code, out, _ = run("diff", DIFF / "base.pol", new, "--fail-on-change")
    assert code == 0
    assert "含义没有变化：仅格式/注释变化。" in out
    assert changes(DIFF / "base.pol", new).change == "format"


def test_notation_only_change_is_not_a_change_of_meaning(run, tmp_path):
    base = (DIFF / "base.pol").read_text(encoding="utf-8")
    spelled = base.replace('上限 "最高奖励" 100万元', '上限 "最高奖励" 1000000元').replace("超 50%", "> 50%")
    new = write(tmp_path, "spelled.pol", spelled)
    d = changes(DIFF / "base.pol", new)
    assert (d.change, d.changes) == ("notation", [])
    code, out, _ = run("diff", DIFF / "base.pol", new, "--fail-on-change")
    assert code == 0 and "仅写法变化" in out


def test_identical_versions(run):
    code, out, _ = run("diff", DIFF / "base.pol", DIFF / "base.pol", "--fail-on-change")
    assert code == 0 and "两个版本的文本完全相同" in out


def test_renumbered_clause_is_one_change(tmp_path):
    base = (DIFF / "base.pol").read_text(encoding="utf-8")
    new = write(
        tmp_path,
        "renumbered.pol",
        base.replace('条款 三(二)3 "跨境电子商务体验店"', '条款 三(二)4 "跨境电子商务体验店"'),
    )
    d = changes(DIFF / "base.pol", new)
    assert [(c.kind, c.detail) for c in d.changes] == [("条款编号", "三(二)3 → 三(二)4（内容不变）")]


def test_parameter_change_names_the_clauses_that_use_it(tmp_path):
    base = (DIFF / "base.pol").read_text(encoding="utf-8")
    given = base.replace('参数 规模门槛: 金额 未规定 "测试用', '参数 规模门槛 = 1000万元 "测试用')
    d = changes(DIFF / "base.pol", write(tmp_path, "p.pol", given))
    assert [(c.kind, c.subject, c.detail) for c in d.changes] == [
        ("参数", "参数“规模门槛”", "未规定 → 1000万元（用于 九(一)）")
    ]
    assert d.changes[0].new.line == 21


# ---------------------------------------------------------------------------- property: real policies
REPO_POLICIES = sorted(EXAMPLES.rglob("*.pol")) + sorted(POLICIES.glob("*.pol"))


@pytest.mark.parametrize("path", REPO_POLICIES, ids=lambda p: str(p.relative_to(ROOT)))
def test_a_policy_against_its_formatted_self_has_no_change_of_meaning(path, tmp_path):
    text = path.read_text(encoding="utf-8")
    formatted = format_text(text.replace("\n  ", "\n    ") + "\n# 注释\n")
    d = changes(path, write(tmp_path, path.name, formatted))
    assert d.change in ("format", "none") and d.changes == []


def literal_sites(text: str) -> list[tuple[int, int, str]]:
    """(line, column, text) of every amount or rate literal inside a clause of a policy."""
    policy = parse(text)
    out = []
    for clause in policy.of(ast.Clause):
        for n in clause.walk():
            if isinstance(n, ast.NumberLit) and re.fullmatch(r"\d+(\.\d+)?(万元|元|%)", n.text):
                out.append((n.span.line, n.span.column, n.text))
    return out


DIFFABLE = [p for p in REPO_POLICIES if literal_sites(p.read_text(encoding="utf-8"))]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(path=st.sampled_from(DIFFABLE), seed=st.integers(0, 2**31))
def test_changing_one_literal_is_reported_once_at_its_line_in_both_versions(path, seed, tmp_path):
    text = path.read_text(encoding="utf-8")
    rng = random.Random(seed)
    line, column, old = rng.choice(literal_sites(text))
    number, unit = re.fullmatch(r"(\d+(?:\.\d+)?)(.*)", old).groups()  # type: ignore[union-attr]
    new = f"{Decimal(number) + rng.randint(1, 9)}{unit}"
    lines = text.splitlines(keepends=True)
    row = lines[line - 1]
    lines[line - 1] = row[: column - 1] + new + row[column - 1 + len(old) :]
    revised = write(tmp_path, "revised.pol", "".join(lines))
    d = changes(path, revised)
    literal = [c for c in d.changes if c.old is not None and c.old.text == old and c.new.text == new]
    assert len(d.changes) == 1 and len(literal) == 1, [c.detail for c in d.changes]
    assert literal[0].old.line == literal[0].new.line == line


# ---------------------------------------------------------------------------- cases
def test_revision_with_cases_text_golden(run, at_root):
    code, out, err = run("diff", BASE, REVISED, "--cases", CASES)
    assert code == 0, err
    assert_golden(GOLDEN / "revision_cases.txt", out)


def test_revision_with_cases_json_golden_and_meaning(run, at_root):
    code, out, err = run("diff", BASE, REVISED, "--cases", CASES, "--format", "json")
    assert code == 0, err
    assert_golden(GOLDEN / "revision_cases.json", out)
    doc = json.loads(out)
    assert doc["schema"] == "policylang.diff/2" and doc["change"] == "semantic"
    assert {c["kind"] for c in doc["changes"]} >= {"clause_added", "cap", "rate", "threshold"}  # English identifiers
    cases = {c["name"]: c for c in doc["cases"]}
    importer = cases["进口企业"]
    assert (importer["old_total"], importer["new_total"], importer["outcome"]) == ("600000.00", "0.00", "loss")
    assert importer["no_longer_eligible"] == ["三(一)1"]
    assert next(c for c in importer["clauses"] if c["citation"] == "三(一)1")["change"] == "no_longer_eligible"
    big = cases["大进口企业"]
    assert (big["old_total"], big["new_total"], big["delta"]) == ("1000000.00", "1500000.00", "500000.00")
    booths = cases["同一展会三个展位"]
    assert (booths["old_total"], booths["new_total"]) == ("16000.00", "24000.00")
    aeo = cases["AEO企业"]
    clause = next(c for c in aeo["clauses"] if c["citation"] == "五(四)")
    assert clause["new"]["status"] == "absent" and aeo["no_longer_eligible"] == ["五(四)"]
    assert cases["体验店"]["outcome"] == "not_applicable" and "币种不符" in cases["体验店"]["notes"][0]
    assert cases["设定规模门槛"]["outcome"] == "same"
    summary = doc["summary"]
    assert (summary["gain"], summary["loss"], summary["not_applicable"]) == (4, 2, 1)
    assert Fraction(summary["delta"]) == sum(
        Fraction(c["delta"]) for c in doc["cases"] if c["delta"] is not None and c["outcome"] != "not_applicable"
    )


def test_fail_on_loss_and_fail_on_change_gate_ci(run):
    assert run("diff", DIFF / "base.pol", DIFF / "revised.pol", "--fail-on-change")[0] == 1
    assert run("diff", DIFF / "base.pol", DIFF / "revised.pol", "--cases", DIFF / "cases", "--fail-on-loss")[0] == 1
    code, out, _ = run(
        "diff", DIFF / "base.pol", DIFF / "revised.pol", "--cases", DIFF / "cases" / "煤炭.yaml", "--fail-on-loss"
    )
    assert code == 0 and "增加 1 个" in out


def test_fail_on_loss_without_cases_is_invalid_input(run):
    code, _, err = run("diff", DIFF / "base.pol", DIFF / "revised.pol", "--fail-on-loss")
    assert code == 2 and "--fail-on-loss 需要案例" in err and "--cases" in err


def test_several_case_paths_after_one_cases_option(run):
    code, out, _ = run(
        "diff",
        DIFF / "base.pol",
        DIFF / "revised.pol",
        "--cases",
        DIFF / "cases" / "煤炭.yaml",
        DIFF / "cases" / "进口企业.yaml",
    )
    assert code == 0 and "案例影响（2 个案例）" in out


def test_an_undetermined_clause_that_did_not_change_cancels_out():
    old, new = load_version(str(DIFF / "base.pol")), load_version(str(DIFF / "revised.pol"))
    case = CaseInput.same_facts("规模", {"进口额": Fraction(3000_0000)}, clauses=("九(一)",))
    (delta,) = compare_cases(old.policy, new.policy, [case])
    assert delta.clauses[0].old.status == delta.clauses[0].new.status == "undetermined"
    assert delta.outcome == "same"


# ---------------------------------------------------------------------------- the seam for populations
def test_compare_cases_streams_a_population_and_summarize_adds_it_up():
    old, new = load_version(str(DIFF / "base.pol")), load_version(str(DIFF / "revised.pol"))
    rng = random.Random(7)
    rows = [
        {
            "煤炭落地量": Fraction(rng.randint(0, 30000)),
            "进口额": Fraction(rng.randint(0, 10**8)),
            "商品落地率": Fraction(rng.randint(0, 100), 100),
            "投保费用": Fraction(rng.randint(0, 300000)),
        }
        for _ in range(200)
    ]

    def population():  # a generator: nothing is held in memory by compare_cases
        for i, facts in enumerate(rows):
            yield CaseInput.same_facts(f"企业{i}", {**facts, "展位": []})

    impact = summarize(compare_cases(old.policy, new.policy, population()))
    assert impact.cases == 200 and sum(impact.counts.values()) == 200
    coal = [r["煤炭落地量"] for r in rows]
    expected_coal = sum(min(60 * t, 10**6) - min(50 * t, 10**6) for t in coal if t >= 5000)
    importer = sum(
        min(Fraction(3, 100) * r["进口额"], 1_500_000) * (r["进口额"] > 5_000_000 and r["商品落地率"] > Fraction(3, 5))
        - min(Fraction(2, 100) * r["进口额"], 1_000_000)
        * (r["进口额"] >= 5_000_000 and r["商品落地率"] > Fraction(1, 2))
        for r in rows
    )
    insurance = sum(min(r["投保费用"] / 2, 100_000) for r in rows if r["投保费用"] > 0)
    assert impact.delta == expected_coal + importer + insurance


# ---------------------------------------------------------------------------- invalid input
def test_a_version_that_does_not_parse_is_invalid_input(run, tmp_path):
    bad = write(tmp_path, "bad.pol", '政策 "t" {}\n条款 一(一) {\n  奖励 1万元\n}\n')
    code, _out, err = run("diff", DIFF / "base.pol", bad)
    assert code == 2 and f"{bad}:2:" in err and "^" in err and "Traceback" not in err


def test_a_missing_policy_or_case_file_is_invalid_input(run, tmp_path):
    code, _, err = run("diff", DIFF / "base.pol", tmp_path / "none.pol")
    assert code == 2 and "不存在" in err
    code, _, err = run("diff", DIFF / "base.pol", DIFF / "revised.pol", "--cases", tmp_path / "none.yaml")
    assert code == 2 and "不存在" in err


def test_a_case_file_that_is_not_yaml_is_invalid_input(run, tmp_path):
    bad = write(tmp_path, "bad.yaml", "进口额: [3000万元\n")
    code, _, err = run("diff", DIFF / "base.pol", DIFF / "revised.pol", "--cases", bad)
    assert code == 2 and f"{bad}:" in err and "Traceback" not in err


def test_a_suite_whose_cases_are_not_a_list_is_invalid_input(run, tmp_path):
    bad = write(tmp_path, "bad.cases.yaml", "案例:\n  名称: 一\n")
    code, _, err = run("diff", DIFF / "base.pol", DIFF / "revised.pol", "--cases", bad)
    assert code == 2 and "须为以“- ”开头的列表" in err and f"{bad}:2:" in err


def test_a_case_that_no_longer_fits_is_reported_not_a_crash(run):
    code, out, _ = run("diff", DIFF / "base.pol", DIFF / "revised.pol", "--cases", DIFF / "cases" / "suite.cases.yaml")
    assert code == 0
    assert re.search(r"体验店 .*不适用", out)
    assert "不适用于新版：" in out and "suite.cases.yaml:23:13" in out


def test_a_renamed_cap_with_a_new_limit_is_one_change(tmp_path):
    base = (DIFF / "base.pol").read_text(encoding="utf-8")
    new = write(tmp_path, "cap.pol", base.replace('上限 "最高奖励100万元" 100万元', '上限 "最高奖励120万元" 120万元'))
    d = changes(DIFF / "base.pol", new)
    assert [(c.kind, c.subject, c.detail) for c in d.changes] == [
        ("上限", "上限“最高奖励100万元”（改名为“最高奖励120万元”）", "100万元 → 120万元，提高 20万元")
    ]


def test_case_files_are_named_by_their_stem_unless_two_share_one(tmp_path):
    from policylang.tools.diff import cases_from_files

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for folder in ("a", "b"):
        write(tmp_path / folder, "煤炭.yaml", "煤炭落地量: 8000吨\n")
    write(tmp_path, "进口.case.yaml", "进口额: 1亿元\n")
    old = load_version(str(DIFF / "base.pol")).policy
    names = [c.name for c in cases_from_files([str(tmp_path)], old, old)]
    assert names == [str(tmp_path / "a" / "煤炭.yaml"), str(tmp_path / "b" / "煤炭.yaml"), "进口"]


# ---------------------------------------------------------------------------- the example revision in the README
REVISION_COMMAND = "policylang diff policies/jixi.pol examples/revision/jixi-2024.pol --cases examples/revision/cases"


def test_the_example_revision_output_is_the_one_the_readme_shows(run, at_root):
    code, out, err = run(*REVISION_COMMAND.split()[1:])
    assert code == 0, err
    assert_golden(GOLDEN / "jixi-2024.txt", out)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = readme.split(f"$ {REVISION_COMMAND}\n", 1)[1].split("```", 1)[0]
    assert shown == out, "README 中 policylang diff 的示例输出已过期：请用上面的命令重新生成"


# ---------------------------------------------------------------------------- one suite reader
def located_errors(err: str) -> list[str]:
    """`错误[U002]: …` and its `--> file:line:col`, in order."""
    return re.findall(r"^错误\[\w+\]: .*\n\s+--> \S+", err, flags=re.M)


def test_a_suite_key_typo_is_the_same_located_error_for_test_and_diff(run, tmp_path):
    suite = write(
        tmp_path,
        "typo.cases.yaml",
        f"政策: {(DIFF / 'base.pol').resolve()}\n案例:\n  - 名称: 只算煤炭\n    事实: {{煤炭落地量: 5000吨}}\n"
        "    期待:\n      五(一)2: 25万元\n",
    )
    test_code, _, test_err = run("test", suite)
    diff_code, diff_out, diff_err = run("diff", DIFF / "base.pol", DIFF / "revised.pol", "--cases", suite)
    assert test_code == diff_code == 2 and diff_out == ""
    assert f"{suite}:5:5" in diff_err and "案例中不认识“期待”" in diff_err and "是否想写“期望”？" in diff_err
    assert located_errors(diff_err) == located_errors(test_err) and len(located_errors(diff_err)) == 2  # U002, U014


def test_a_duplicate_case_name_is_refused_by_diff_as_by_test(run, tmp_path):
    suite = write(
        tmp_path,
        "twice.cases.yaml",
        "案例:\n  - 名称: 甲\n    期望: {合计: 0元}\n  - 名称: 甲\n    期望: {合计: 0元}\n",
    )
    code, _, err = run("diff", DIFF / "base.pol", DIFF / "revised.pol", "--cases", suite)
    assert code == 2 and "U007" in err and f"{suite}:4:" in err


# ---------------------------------------------------------------------------- in English


def _policylang_chinese(out: str, *policies: str) -> list[str]:
    """Chinese words of the diff catalogue (its zh templates, fields taken out) that an English report
    still shows outside the quoted source lines — unless the policy itself writes them."""
    from policylang.report.i18n import catalogue

    written = "".join((ROOT / p).read_text(encoding="utf-8") for p in policies)
    shown = "\n".join(line for line in out.splitlines() if not re.match(r"\s+(old|new) \S+:\d+  ", line))
    found = []
    for key, msg in catalogue().items():
        if not key.startswith(("diff.", "outcome.", "population.")):
            continue
        for fragment in re.split(r"\{[^}]*\}", msg.zh):
            fragment = fragment.strip("“”（）()，、；：: ")
            if re.search(r"[\u4e00-\u9fff]", fragment) and fragment in shown and fragment not in written:
                found.append(f"{key}: {fragment}")
    return found


JIXI_REVISION = ("policies/jixi.pol", "examples/revision/jixi-2024.pol")


@pytest.mark.parametrize(
    ("versions", "args", "golden"),
    [
        ((BASE, REVISED), (), "revision.en.txt"),
        ((BASE, REVISED), ("--cases", CASES), "revision_cases.en.txt"),
        (JIXI_REVISION, ("--cases", "examples/revision/cases"), "jixi-2024.en.txt"),
    ],
)
def test_the_changes_are_described_in_english_apart_from_the_policys_own_words(run, at_root, versions, args, golden):
    """The headings (标头, 条款 X“…”), the details (删除, 提高 50万元, 条件收紧, 改名为 …) are policylang's words."""
    code, out, err = run("--lang", "en", "diff", *versions, *args)
    assert code == 0, err
    assert_golden(GOLDEN / golden, out)
    assert _policylang_chinese(out, *versions) == []
    assert "提高" not in out and "条件收紧" not in out and "改名为" not in out
    assert not re.search(r"^  (条款|事实|参数|定义|表|标头|合计上限|取高不重复)", out, flags=re.M)
    assert "含义的变化" not in out and "小结" not in out and "Changes of meaning" in out


def test_the_english_details_name_the_change(at_root):
    from policylang.report.i18n import language

    with language("en"):
        d = changes(BASE, REVISED)
    by = {(c.citation, c.kind): c for c in d.changes}
    assert by[("三(一)1", "上限")].subject == "cap “最高奖励”"
    assert by[("三(一)1", "上限")].detail == "100万元 → 150万元, up 500,000.00元"
    assert by[("三(一)1", "比例")].detail == "2% → 3%, up 1 percentage point"
    assert by[("三(一)1", "门槛")].detail == "50% → 60%, up 10 percentage points, the condition is stricter"
    boundary = by[("三(一)1", "边界")]
    assert boundary.subject == "the boundary of condition “进口额 达到 500万元(含)”"
    assert boundary.detail.endswith(": inclusive (≥) → exclusive (>), the condition is stricter")
    assert by[("三(一)1", "上限")].scope == "clause 三(一)1"
    header = [c for c in d.changes if c.kind == "标头"]
    assert [c.subject for c in header] == ["title", "document number", "year"] and header[0].scope == "header"


def test_a_renamed_cap_and_a_dropped_fact_in_english(tmp_path):
    from policylang.report.i18n import language

    base = (DIFF / "base.pol").read_text(encoding="utf-8")
    new = write(tmp_path, "cap.pol", base.replace('上限 "最高奖励100万元" 100万元', '上限 "最高奖励120万元" 120万元'))
    with language("en"):
        d = changes(DIFF / "base.pol", new)
    assert [(c.subject, c.detail) for c in d.changes] == [
        ("cap “最高奖励100万元” (renamed “最高奖励120万元”)", "100万元 → 120万元, up 200,000.00元")
    ]
    dropped = write(tmp_path, "dropped.pol", base.replace("  条件 商品落地率 超 50%\n", ""))
    with language("en"):
        (change,) = changes(DIFF / "base.pol", dropped).changes
    assert (change.subject, change.detail) == (
        "condition “商品落地率 超 50%”",
        "no longer required (the condition is looser)",
    )
