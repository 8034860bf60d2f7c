"""Issue 13 [4 of 7]: boundary words that contradict each other are not decided silently.

超过 excludes the number, (含) and 以上 (民法典 第1259条) include it: `超过 50家(含)` (LYG 三(一)3) and Datong's
`超过5000万元以上` say both. Version 1 (no 语言版本 in the header) keeps the mark, with W201 saying how to
migrate; 语言版本 2 leaves the value exactly at the edge 不可确定 — an implicit 之一(含, 不含), lowered as an
open range end (含否 P) is — unless the comparison states its reading (`读作 含`), which a 解读 must say.
Every cell of the verb × mark × version table (frontend/bounds.py) is evaluated at, below and above the
edge by eval and batch alike; check, diff, fmt and the misuse messages are pinned by goldens.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import polars as pl
import pytest
from conftest import FIXTURES, POLICIES
from golden import assert_golden, load_errors_in_english

from policylang.frontend import bounds
from policylang.frontend.syntax import parse
from policylang.tools.fmt import format_text

HERE = FIXTURES / "bounds"
GOLDEN = Path(__file__).parent / "golden" / "bounds"
V1, V2, READ = HERE / "datong_v1.pol", HERE / "datong_v2.pol", HERE / "datong_read.pol"
LYG, LYG_V1 = POLICIES / "lianyungang.pol", HERE / "lianyungang_v1.pol"
ERRORS = sorted((HERE / "errors").glob("*.pol"))
CONTRADICTED = HERE / "warnings" / "reading_contradicted.pol"
UNEXPLAINED = FIXTURES / "check" / "reading_unexplained.pol"
CHOICE = "年进出口额超过5000万元以上的读法"  # the implicit reading's name, as --set takes it


def eval_json(run, tmp_path: Path, policy: Path, case: str, *extra: str) -> tuple[dict, str]:
    path = tmp_path / "case.yaml"
    path.write_text(case, encoding="utf-8")
    code, out, err = run("eval", policy, path, "--format", "json", *extra)
    assert code == 0, err
    return json.loads(out), err


def statuses(doc: dict) -> dict[str, str]:
    return {c["citation"]: c["status"] for c in doc["clauses"]}


def trade(wan: int, new: bool = False) -> str:
    return f"年进出口额: {wan}万元\n为新设企业: {'是' if new else '否'}\n"


# ---------------------------------------------------------------------------- the table, every cell
# Written out here independently of frontend/typecheck.py: the verb's direction and whether it counts the number.
VERBS = {
    "超过": (">", False),
    "超": (">", False),
    ">": (">", False),
    "达到": (">", True),
    "不低于": (">", True),
    "不少于": (">", True),
    ">=": (">", True),
    "≥": (">", True),
    "低于": ("<", False),
    "少于": ("<", False),
    "不足": ("<", False),
    "<": ("<", False),
    "不超过": ("<", True),
    "不高于": ("<", True),
    "<=": ("<", True),
    "≤": ("<", True),
}
BRACKETS = {"": None, "(含)": True, "（含）": True, "(不含)": False, "（不含）": False}


def marks(direction: str) -> dict[str, bool | None]:
    """Every mark a verb of this direction may take (T120 refuses 以下 after 超过; a comparison has no
    (不含)以上), and whether it counts."""
    word = "以上" if direction == ">" else "以下"
    return {**BRACKETS, word: True, f"(含){word}": True, f"（含）{word}": True}


def cells() -> list[tuple[str, str, bool, bool | None]]:
    return [(v, m, counts, mc) for v, (d, counts) in VERBS.items() for m, mc in marks(d).items()]


def counts_at_edge(version: int, verb_counts: bool, mark_counts: bool | None, reading: str | None) -> bool | None:
    """Whether the number itself passes (None: not determinable), as the issue asks."""
    if reading is not None:
        return reading == "含"
    if mark_counts is None or mark_counts == verb_counts:
        return verb_counts
    return mark_counts if version == 1 else None


def test_the_table_has_every_cell_and_says_what_the_issue_asks():
    versions = list(bounds.LanguageVersion)
    assert set(bounds.EDGES) == set(itertools.product([True, False], [None, True, False], versions))
    for (verb_counts, mark_counts, version), edge in bounds.EDGES.items():
        want = counts_at_edge(int(version), verb_counts, mark_counts, None)
        assert edge is {True: bounds.Edge.INCLUSIVE, False: bounds.Edge.EXCLUSIVE, None: bounds.Edge.OPEN}[want]


def table_policy(version: int) -> tuple[str, dict[str, tuple[str, bool | None]]]:
    """One clause per verb × mark (and, where they contradict, one per stated reading, with its 解读):
    the policy text, and per citation (its direction, whether the edge counts)."""
    lines = ['政策 "边界用语表（测试）" {', "  年度 2023", "  舍入 四舍五入 到 分"]
    lines += [f"  语言版本 {version}", "}", "", '事实 企业数: 数量(家) "服务企业数"', ""]
    expected: dict[str, tuple[str, bool | None]] = {}
    for verb, mark, verb_counts, mark_counts in cells():
        direction = VERBS[verb][0]
        contradicts = mark_counts is not None and mark_counts != verb_counts
        for reading in (None, "含", "不含") if contradicts and "（" not in mark else (None,):
            cite = str(len(expected) + 1)
            follows = (verb if (reading == "含") == verb_counts else bounds.mark_of(mark)) if reading else ""
            lines += [f'条款 {cite} "{verb}{mark}{reading or ""}" {{']
            lines += [f'  解读 "按“{follows}”计"'] if reading else []
            lines += [
                f"  条件 企业数 {verb} 10家{mark}" + (f" 读作 {reading}" if reading else ""),
                "  奖励 1万元",
                "}",
                "",
            ]
            expected[cite] = (direction, counts_at_edge(version, verb_counts, mark_counts, reading))
    return "\n".join(lines[:-1]) + "\n", expected


BATCH_STATUS = {"给予": "paid", "不符合条件": "ineligible", "不可确定": "undetermined"}


@pytest.mark.parametrize("version", [1, 2])
def test_eval_and_batch_follow_the_table_at_below_and_above_the_edge(run, tmp_path, version):
    text, expected = table_policy(version)
    policy = tmp_path / f"table_v{version}.pol"
    policy.write_text(text, encoding="utf-8")
    assert format_text(text, str(policy)) == text  # 语言版本 and 读作 print back as written
    by_eval: dict[int, dict[str, str]] = {}
    for n in (9, 10, 11):
        doc, err = eval_json(run, tmp_path, policy, f"企业数: {n}家\n")
        assert "T120" not in err and [w["code"] for w in doc["warnings"]] == (
            ["W201"] * sum(1 for c in cells() if c[3] is not None and c[3] != c[2]) if version == 1 else []
        )
        by_eval[n] = statuses(doc)
    for cite, (direction, at_edge) in expected.items():
        low, high = ("ineligible", "paid") if direction == ">" else ("paid", "ineligible")
        edge = {True: "paid", False: "ineligible", None: "undetermined"}[at_edge]
        assert (by_eval[9][cite], by_eval[10][cite], by_eval[11][cite]) == (low, edge, high), cite
    population, out_file = tmp_path / "population.csv", tmp_path / "out.csv"
    pl.DataFrame({"企业": ["九", "十", "十一"], "企业数[家]": ["9", "10", "11"]}).write_csv(population)
    code, out, err = run("batch", policy, population, "-o", out_file)
    assert code == 0, err
    assert "精确算法" not in out  # the columnar backend computed every clause, no exact fallback
    result = pl.read_csv(out_file, infer_schema=False)
    for row, n in enumerate((9, 10, 11)):
        assert {c: BATCH_STATUS[result[f"{c}:状态"][row]] for c in expected} == by_eval[n]


# ---------------------------------------------------------------------------- Datong: version 1
def test_version_1_keeps_the_mark_and_w201_says_how_to_migrate(run, tmp_path):
    doc, _ = eval_json(run, tmp_path, V1, trade(5000))
    assert statuses(doc) == {"一": "paid", "二": "paid"} and doc["total"] == "120000.00"
    path = tmp_path / "case.yaml"
    code, out, err = run("eval", V1, path, "--clause", "一")
    assert code == 0 and "100,000.00元" in out
    assert_golden(GOLDEN / "w201_migrate.txt", err.replace(str(V1), V1.name))
    _, _, err = run("--lang", "en", "eval", V1, path, "--clause", "一")
    assert_golden(GOLDEN / "w201_migrate.en.txt", err.replace(str(V1), V1.name))


# ---------------------------------------------------------------------------- Datong: version 2
@pytest.mark.parametrize(
    ("wan", "new", "want", "total"),
    [
        (4999, False, {"一": "paid", "二": "ineligible"}, "50000.00"),  # the 达到3000万元以上 row
        (5000, False, {"一": "undetermined", "二": "undetermined"}, "0.00"),
        (5001, False, {"一": "paid", "二": "paid"}, "120000.00"),
        (5000, True, {"一": "undetermined", "二": "paid"}, "20000.00"),  # 二 pays under both readings
    ],
)
def test_version_2_leaves_only_the_edge_undetermined(run, tmp_path, wan, new, want, total):
    doc, err = eval_json(run, tmp_path, V2, trade(wan, new))
    assert statuses(doc) == want and doc["total"] == total and doc["warnings"] == [] and err == ""


def test_version_2_explains_the_open_reading_and_set_settles_it(run, tmp_path):
    path = tmp_path / "case.yaml"
    path.write_text(trade(5000), encoding="utf-8")
    code, out, _ = run("eval", V2, path, "--clause", "一", "--explain")
    assert code == 0
    assert_golden(GOLDEN / "v2_edge_explain.txt", out)
    for reading, amount in (("含", "100000.00"), ("不含", "50000.00")):
        doc, _ = eval_json(run, tmp_path, V2, trade(5000), "--set", f"{CHOICE}={reading}")
        assert doc["clauses"][0]["amount"] == amount and doc["assumed"] == {CHOICE: reading}


def test_a_stated_reading_decides_the_edge(run, tmp_path):
    doc, err = eval_json(run, tmp_path, READ, trade(5000))
    assert statuses(doc) == {"一": "paid", "二": "paid"} and doc["total"] == "120000.00"
    assert doc["warnings"] == [] and err == ""


def test_check_names_both_readings_and_the_clauses(run):
    code, out, _ = run("check", V2, "--format", "json")
    assert code == 0
    findings = json.loads(out)["findings"]
    assert [(f["code"], f["citation"]) for f in findings] == [("UNSPEC002", "一、二")]  # one reading, both clauses
    assert "读作 含（按“以上”）" in findings[0]["suggestion"] and "读作 不含（按“超过”）" in findings[0]["suggestion"]
    _, text, _ = run("check", V2)
    assert_golden(GOLDEN / "v2_check.txt", text.replace(str(V2), V2.name))
    assert run("check", READ)[1].strip().endswith("没有发现问题")


def test_check_on_version_1_suggests_the_migration(run):
    code, out, _ = run("check", V1, "--format", "json")
    assert code == 0
    boundary = [f for f in json.loads(out)["findings"] if f["code"] == "TIER005"]
    assert len(boundary) == 2 and all("语言版本 2" in f["notes"][-1] for f in boundary)
    assert "年进出口额 超过 5000万元以上 读作 含（结果不变）" in boundary[0]["notes"][-1]


# ---------------------------------------------------------------------------- 读作 and 解读
def test_a_reading_no_jiedu_states_warns_at_load_and_in_check(run, tmp_path):
    path = tmp_path / "case.yaml"
    path.write_text("服务跨境电商企业数: 50家\n", encoding="utf-8")
    code, out, err = run("eval", UNEXPLAINED, path)
    assert code == 0 and "1,000,000.00元" in out and err.count("警告[W202]") == 1
    code, out, err = run("eval", CONTRADICTED, path)
    assert code == 0 and err.count("警告[W203]") == 1
    assert_golden(GOLDEN / "w203_contradicted.txt", err.replace(str(CONTRADICTED), CONTRADICTED.name))
    _, out, _ = run("check", CONTRADICTED, "--format", "json")
    assert [f["code"] for f in json.loads(out)["findings"]] == ["UNSPEC003"]


def test_the_jiedu_agreement_reads_an_an_phrase():
    says, other, silent = bounds.Agreement.SAYS, bounds.Agreement.SAYS_OTHER, bounds.Agreement.SILENT
    assert bounds.agreement(("第三档“超过50(含)家”自相矛盾，按括注“(含)”计：服务50家即满足。",), "(含)", "超过") is says
    assert bounds.agreement(("按括注（含）计",), "(含)", "超过") is says  # full- and half-width alike
    assert bounds.agreement(("“超过50(含)家”按“超过”计。",), "(含)", "超过") is other
    assert (
        bounds.agreement(("“超过50(含)家”。按照原文。括注(含)",), "(含)", "超过") is silent
    )  # 按 … (含) not one phrase
    assert bounds.agreement((), "以上", "超过") is silent


@pytest.mark.parametrize("path", ERRORS, ids=lambda p: p.stem)
def test_misuse_is_a_located_error_with_a_suggestion(run, path):
    code, out, err = run("check", path)
    assert code == 2 and out == ""
    assert f"--> {path}:" in err and "= 建议: " in err
    assert_golden(GOLDEN / f"{path.stem}.txt", err.replace(str(path), path.name))
    assert_golden(GOLDEN / f"{path.stem}.en.txt", load_errors_in_english(path))


def test_the_misuse_fixtures_are_these():
    assert {p.stem for p in ERRORS} == {
        "unknown_version",
        "reading_word",
        "reading_not_contradictory",
        "reading_on_equality",
    }


# ---------------------------------------------------------------------------- fmt, diff, the seed
@pytest.mark.parametrize("path", [V1, V2, READ, LYG, CONTRADICTED], ids=lambda p: p.stem)
def test_fmt_prints_the_version_and_the_reading_back(path):
    text = path.read_text(encoding="utf-8")
    assert format_text(text, str(path)) == text
    messy = (
        text.replace("  语言版本 2", "  语言版本   2")
        .replace(") 读作 含", ")  读作   含")
        .replace("以上 读作", "以上   读作")
    )
    assert format_text(messy, "messy.pol") == text
    assert parse(messy, "messy.pol") == parse(text, "t.pol")


def test_diff_of_the_seed_and_its_version_1_copy_is_notation_only(run):
    code, out, err = run("diff", LYG_V1, LYG, "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["change"] == "notation" and doc["changes"] == []


def test_diff_of_version_1_and_version_2_names_the_boundary_reading(run):
    code, out, err = run("diff", V1, V2, "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["change"] == "semantic"
    assert [(c["kind"], c["citation"]) for c in doc["changes"]] == [("boundary", "一"), ("boundary", "二")]
    _, text, _ = run("diff", V1, V2)
    assert_golden(GOLDEN / "diff_v1_v2.txt", text.replace(str(V1), V1.name).replace(str(V2), V2.name))
    code, out, _ = run("diff", V2, READ, "--format", "json")
    kinds = [(c["kind"], c["citation"]) for c in json.loads(out)["changes"]]  # each clause's 解读, then the readings
    assert kinds == [("reading", "一"), ("reading", "二"), ("boundary", "一"), ("boundary", "二")]


def test_the_seed_reads_50_firms_as_its_jiedu_says(run, tmp_path):
    case = "为跨境电商综合服务平台企业: 是\n服务跨境电商企业数: 50家\n平台跨境电商交易实绩: 12亿元\n"
    for policy in (LYG, LYG_V1):
        doc, _ = eval_json(run, tmp_path, policy, case, "--clause", "三(一)3")
        assert doc["total"] == "1000000.00"
    unread = tmp_path / "lyg.pol"
    text = LYG.read_text(encoding="utf-8").replace("50家(含) 读作 含", "50家(含)", 1)
    unread.write_text(text.replace('"sources/', f'"{(POLICIES / "sources").as_posix()}/', 1), encoding="utf-8")
    doc, _ = eval_json(run, tmp_path, unread, case, "--clause", "三(一)3")
    assert statuses(doc) == {"三(一)3": "undetermined"}


HEADER_V2 = '政策 "（测试）" {\n  年度 2023\n  舍入 四舍五入 到 分\n  语言版本 2\n}\n'
SHARED = (
    '事实 进出口额: 金额\n定义 大企业 = 进出口额 超过 5000万元以上\n条款 一 "甲" {\n  条件 大企业\n  奖励 10万元\n}\n'
)
ITEMS = (
    "事实 展位: 列表 {\n  面积: 数量(平方米)\n}\n"
    '条款 一 "甲" {\n  逐项 展位 {\n    条件 面积 超过 9平方米(含)\n    奖励 1万元\n  }\n}\n'
)


@pytest.mark.parametrize(
    ("body", "cases", "below"),
    [
        (SHARED, ["进出口额: 4999万元", "进出口额: 5000万元", "进出口额: 5001万元"], "ineligible"),
        (ITEMS, [f"展位:\n  - {{面积: {n}平方米}}" for n in (8, 9, 10)], "zero"),  # eligible, no item qualifies
    ],
    ids=["in_a_definition", "on_an_item_field"],
)
def test_the_open_edge_in_a_definition_and_on_an_item(run, tmp_path, body, cases, below):
    policy = tmp_path / "p.pol"
    policy.write_text(HEADER_V2 + "\n" + body, encoding="utf-8")
    got = [statuses(eval_json(run, tmp_path, policy, case + "\n")[0])["一"] for case in cases]
    assert got == [below, "undetermined", "paid"]
