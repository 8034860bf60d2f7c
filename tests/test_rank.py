"""名次 and 按名次 (金华 金政发[2008]9号: 市区出口额前6位…一等奖1名、二等奖2名、三等奖3名，分别给予30万元、20万元、
10万元): parse and fmt, eval with and without the place, batch over a population under each tie rule (worked
by hand), eval of a row == batch of that row when the place is given, on the columnar and the exact row
path, amount lists (units on the last only, mixed units, money mixed with 比例), check and diff, and every
misuse located with a suggestion (goldens in zh and en)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from conftest import FIXTURES
from golden import assert_golden, load_errors_in_english

from policylang import load_policy
from policylang.compiler import ir
from policylang.frontend import ast
from policylang.frontend.syntax import parse
from policylang.tools.fmt import format_text

HERE = FIXTURES / "rank"
JINHUA = HERE / "jinhua.pol"  # 并列 未规定, the 分别 form
PRIZES = HERE / "prizes.pol"  # 并列 同名次 (三, one prize a line) and 并列 按 纳税额 (四, 300 万、150 万、50 万元)
POPULATION = HERE / "population.csv"
ERRORS = sorted((HERE / "errors").glob("*.pol"))
GOLDEN = Path(__file__).parent / "golden" / "rank"

# population.csv by hand (出口额 in 万元; 范围: 出口额 超过 上年出口额, so 壬 (down) and 癸 (flat) are not placed):
#   甲 9000 → 1; 乙 8000 and 丙 8000 → tied for 2–3; 己 7500 → 4; 庚 7000 → 5; 丁 6000 and 戊 6000 → tied for
#   6–7; 辛 5000 → 8. Prizes: place 1 30万元, 2–3 20万元, 4–6 10万元.
FIRMS = ["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"]
UNSPECIFIED = {  # 并列 未规定: 乙/丙 get 20万元 under either order; 丁/戊 straddle 6|7 — one of them gets nothing
    "甲": ("300000.00", "给予"),
    "乙": ("200000.00", "给予"),
    "丙": ("200000.00", "给予"),
    "丁": ("", "不可确定"),
    "戊": ("", "不可确定"),
    "己": ("100000.00", "给予"),
    "庚": ("100000.00", "给予"),
    "辛": ("0.00", "不符合条件"),
    "壬": ("0.00", "不符合条件"),
    "癸": ("0.00", "不符合条件"),
}
SHARED = {**UNSPECIFIED, "丁": ("100000.00", "给予"), "戊": ("100000.00", "给予")}  # 同名次: both 6th
# 按 纳税额: 戊 (20万元) 6th, 丁 (10万元) 7th; 乙/丙 equal on both keys, 2–3: 150万 under either order
BY_TAX = {
    "甲": ("3000000.00", "给予"),
    "乙": ("1500000.00", "给予"),
    "丙": ("1500000.00", "给予"),
    "丁": ("0.00", "不符合条件"),
    "戊": ("500000.00", "给予"),
    "己": ("500000.00", "给予"),
    "庚": ("500000.00", "给予"),
    "辛": ("0.00", "不符合条件"),
    "壬": ("0.00", "不符合条件"),
    "癸": ("0.00", "不符合条件"),
}


# ---------------------------------------------------------------------------- syntax and fmt
def test_parses_both_forms_and_formats_back():
    policy = parse(JINHUA.read_text(encoding="utf-8"), str(JINHUA))
    (rank,) = policy.of(ast.RankDecl)
    assert (rank.key, rank.order, rank.tie, rank.note) == (
        "出口额",
        "从高到低",
        "未规定",
        "原文未规定出口额相同时如何排名",
    )
    (award,) = [n for n in policy.walk() if isinstance(n, ast.RankAward)]
    assert [(p.name, p.count) for p in award.prizes] == [("一等奖", "1名"), ("二等奖", "2名"), ("三等奖", "3名")]
    text = PRIZES.read_text(encoding="utf-8")
    assert format_text(text, str(PRIZES)) == text
    formatted = format_text(JINHUA.read_text(encoding="utf-8"), str(JINHUA))
    assert "{ 一等奖 1名、二等奖 2名、三等奖 3名 分别 30万元、20万元、10万元 }" in formatted
    assert format_text(formatted, "again.pol") == formatted
    assert parse(formatted, "again.pol") == policy  # the same tree: 一等奖1名 is 一等奖 1名
    messy = text.replace("并列 按 纳税额 从高到低", "并列   按 纳税额    从高到低").replace(
        "分别 300 万、", "分别 300 万 、"
    )
    assert format_text(messy, "m.pol") == text


def test_lowered_onto_tiers_of_the_place():
    plan = load_policy(JINHUA).clause("三")
    assert plan is not None and isinstance(plan.award, ir.Tiered)
    bounds = [(r.condition.right.value, r.amount.value) for r in plan.award.rows]  # type: ignore[union-attr]
    assert bounds == [(1, 300000), (3, 200000), (6, 100000)]
    (rank,) = load_policy(JINHUA).ranks
    assert rank.tie is ir.TieRule.UNSPECIFIED and rank.descending and rank.scope_text == "出口额 超过 上年出口额"


# ---------------------------------------------------------------------------- amount lists
LIST_CASES = [
    ("30万元、20万元、10万元", [300000, 200000, 100000]),
    ("300 万、150 万、50 万元", [3000000, 1500000, 500000]),  # the unit on the last applies to all
    ("30、20、10万元", [300000, 200000, 100000]),  # bare numbers take the last one's unit
    ("30万元、2000元、1000元", [300000, 2000, 1000]),  # units written on each: each its own
    ("1 亿、5000 万元、10万元", [100000000, 50000000, 100000]),
]


@pytest.mark.parametrize("written,values", LIST_CASES, ids=[c[0] for c in LIST_CASES])
def test_amount_lists_as_officials_write_them(tmp_path, written, values):
    text = JINHUA.read_text(encoding="utf-8").replace("30万元、20万元、10万元 }", written + " }")
    path = tmp_path / "list.pol"
    path.write_text(text, encoding="utf-8")
    plan = load_policy(path).clause("三")
    assert [r.amount.value for r in plan.award.rows] == values  # type: ignore[union-attr]
    assert format_text(text, str(path)) == format_text(format_text(text, str(path)), str(path))
    assert written in format_text(text, str(path))  # kept as written


# ---------------------------------------------------------------------------- eval
def test_eval_with_the_place_given(run):
    code, out, err = run("eval", JINHUA, HERE / "second.yaml", "--explain")
    assert code == 0 and err == ""
    assert_golden(GOLDEN / "explain_second.txt", out)
    code, out, err = run("--lang", "en", "eval", JINHUA, HERE / "second.yaml", "--explain")
    assert code == 0
    assert_golden(GOLDEN / "explain_second.en.txt", out)


def test_eval_without_the_place_is_not_determinable_and_no_error(run):
    """One case cannot rank itself among the others: not determinable with the reason, exit 0, no K020."""
    code, out, err = run("eval", JINHUA, HERE / "unranked.yaml")
    assert code == 0 and err == "" and "K020" not in out
    assert_golden(GOLDEN / "unranked.txt", out)
    code, out, _ = run("eval", JINHUA, HERE / "unranked.yaml", "--format", "json")
    data = json.loads(out)
    assert data["missing_facts"] == [] and data["determinable"] is False
    assert data["clauses"][0]["reason"] == {"kind": "needs_rank", "ranks": ["出口额名次"], "params": []}
    code, out, _ = run("--lang", "en", "eval", JINHUA, HERE / "unranked.yaml")
    assert "a place must be ranked among all the applicants (“出口额名次”)" in out


def test_eval_without_the_place_where_it_cannot_matter(run, tmp_path):
    """Exports down on last year: outside 范围 and not met, whatever its place (否 且 ? is 否)."""
    case = tmp_path / "down.yaml"
    case.write_text("出口额: 9500万元\n上年出口额: 9510万元\n", encoding="utf-8")
    code, out, _ = run("eval", JINHUA, case, "--format", "json")
    assert code == 0 and json.loads(out)["clauses"][0]["status"] == "ineligible"


@pytest.mark.parametrize(
    "place,amount,status",
    [
        ("1", "300000.00", "paid"),
        ("2", "200000.00", "paid"),
        ("3", "200000.00", "paid"),
        ("4", "100000.00", "paid"),
        ("6", "100000.00", "paid"),
        ("7", "0.00", "ineligible"),
    ],
)
def test_eval_at_every_prize_boundary(run, tmp_path, place, amount, status):
    case = tmp_path / "case.yaml"
    case.write_text(f"出口额: 8000万元\n上年出口额: 7900万元\n出口额名次: {place}\n", encoding="utf-8")
    code, out, err = run("eval", JINHUA, case, "--format", "json")
    assert code == 0, err
    clause = json.loads(out)["clauses"][0]
    assert (clause["amount"] or "0.00", clause["status"]) == (amount, status)


@pytest.mark.parametrize("value", ["0", "2.5", "-1"])
def test_a_place_in_a_case_is_a_whole_number_from_1(run, tmp_path, value):
    case = tmp_path / "case.yaml"
    case.write_text(f"出口额: 8000万元\n上年出口额: 7900万元\n出口额名次: {value}\n", encoding="utf-8")
    code, out, err = run("eval", JINHUA, case)
    assert code == 2 and out == "" and err.startswith("错误[K035]") and "= 建议: 如 出口额名次: 2" in err


# ---------------------------------------------------------------------------- batch
def batch_rows(run, tmp_path: Path, policy: Path, population: Path = POPULATION) -> tuple[pl.DataFrame, str]:
    out_file = tmp_path / "out.csv"
    code, out, err = run("batch", policy, population, "-o", out_file, "--force")
    assert code == 0, err
    return pl.read_csv(out_file, infer_schema=False), out


def outcome(frame: pl.DataFrame, citation: str) -> dict[str, tuple[str, str]]:
    rows = frame.select("企业", f"{citation}[元]", f"{citation}:状态").fill_null("").iter_rows()
    return {firm: (amount, status) for firm, amount, status in rows}


def test_batch_ties_not_specified(run, tmp_path):
    frame, out = batch_rows(run, tmp_path, JINHUA)
    assert outcome(frame, "三") == UNSPECIFIED
    assert "名次“出口额名次”在本人群中排定：8 家在范围内，2 家并列且名次跨越奖项界限，不可确定" in out
    assert_golden(GOLDEN / "batch_unspecified.txt", out.replace(str(POPULATION), POPULATION.name))


def test_batch_ties_shared_and_by_a_second_key(run, tmp_path):
    frame, _ = batch_rows(run, tmp_path, PRIZES)
    assert outcome(frame, "三") == SHARED
    assert outcome(frame, "四") == BY_TAX


def test_a_tie_that_does_not_straddle_a_boundary_is_decided(run, tmp_path):
    """丁 and 戊 tied for 4–5 (both 三等奖) when 己 and 庚 fall behind them: decided under 并列 未规定."""
    text = (
        POPULATION.read_text(encoding="utf-8")
        .replace("己,7500万元", "己,5500万元")
        .replace("庚,7000万元", "庚,5200万元")
    )
    population = tmp_path / "pop.csv"
    population.write_text(text, encoding="utf-8")
    frame, out = batch_rows(run, tmp_path, JINHUA, population)
    assert outcome(frame, "三")["丁"] == outcome(frame, "三")["戊"] == ("100000.00", "给予")
    assert "不可确定" not in out.split("注：")[-1]


def test_only_rows_in_scope_are_placed(run, tmp_path):
    """壬 exports most but fell on last year: outside 范围, so 甲 is still first."""
    frame, _ = batch_rows(run, tmp_path, JINHUA)
    assert outcome(frame, "三")["甲"] == ("300000.00", "给予")


def test_a_population_that_gives_the_place_is_read_as_eval_reads_a_case(run, tmp_path):
    """A bureau's own ranking, given as a column: used as given (as a case gives it to eval), not ranked again."""
    frame = pl.read_csv(POPULATION, infer_schema=False).with_columns(
        pl.Series("出口额名次", ["7", "1", "2", "3", "4", "5", "6", "", "", ""])
    )
    population = tmp_path / "pop.csv"
    frame.write_csv(population)
    result, out = batch_rows(run, tmp_path, JINHUA, population)
    got = outcome(result, "三")
    assert (
        got["甲"] == ("0.00", "不符合条件")
        and got["乙"] == ("300000.00", "给予")
        and got["庚"] == ("100000.00", "给予")
    )
    assert got["辛"] == ("", "不可确定")  # in 范围, no place given
    assert "名次“出口额名次”由人群文件给出，未在人群中重新排定" in out


def test_batch_needs_the_key_of_the_place(run, tmp_path):
    population = tmp_path / "pop.csv"
    pl.read_csv(POPULATION, infer_schema=False).drop("出口额").write_csv(population)
    code, _, err = run("batch", JINHUA, population)
    assert code == 2 and "B001" in err and "出口额" in err


def places_of(policy: ir.CompiledPolicy) -> dict[str, dict[str, Any]]:
    from policylang.readers.population import population_from_frame
    from policylang.tools.batch.engine import Engine
    from policylang.tools.batch.ranks import with_places

    engine = Engine(policy)
    frame = pl.read_csv(POPULATION, infer_schema=False)
    pop = with_places(engine, population_from_frame(policy, frame, engine.plans))
    names = [r.name for r in policy.ranks]
    return {row["企业"]: row for row in pop.frame.select("企业", *names).iter_rows(named=True)}


def row_case(tmp_path: Path, policy: ir.CompiledPolicy, firm: str, places: dict[str, Any]) -> Path:
    raw = {r["企业"]: r for r in pl.read_csv(POPULATION, infer_schema=False).iter_rows(named=True)}[firm]
    lines = [f"{k}: {v}" for k, v in raw.items() if k in policy.facts]
    lines += [f"{name}: {value}" for name, value in places.items() if name != "企业" and value is not None]
    case = tmp_path / f"{firm}.yaml"
    case.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return case


STATUS_WORDS = {"paid": "给予", "ineligible": "不符合条件", "undetermined": "不可确定", "zero": "金额为0"}


@pytest.mark.parametrize("policy_path", [JINHUA, PRIZES], ids=["unspecified", "shared_and_by_key"])
def test_eval_of_a_row_equals_batch_of_that_row(run, tmp_path, policy_path):
    """Each row with the place batch gave it (none where batch gives none) evaluates as batch said."""
    policy = load_policy(policy_path)
    frame, _ = batch_rows(run, tmp_path, policy_path)
    places = places_of(policy)
    for citation in (c.citation for c in policy.clauses):
        expected = outcome(frame, citation)
        for firm in FIRMS:
            code, out, err = run(
                "eval", policy_path, row_case(tmp_path, policy, firm, places[firm]), "--format", "json"
            )
            assert code == 0, (firm, out, err)
            clause = next(c for c in json.loads(out)["clauses"] if c["citation"] == citation)
            got = ("" if clause["amount"] is None else clause["amount"], STATUS_WORDS[clause["status"]])
            assert got == expected[firm], (citation, firm)


def test_the_exact_row_path_gets_the_same_places(monkeypatch):
    """A clause computed row by row (the batch fallback) reads the same place column."""
    from policylang.backends.columnar import Unsupported
    from policylang.tools.batch import engine as engine_module
    from policylang.tools.batch import evaluate_population

    policy = load_policy(PRIZES)
    frame = pl.read_csv(POPULATION, infer_schema=False)
    columnar = evaluate_population(policy, frame, {})

    class Refuse:
        @staticmethod
        def evaluate_clause(*args: Any) -> Any:
            raise Unsupported("forced onto the exact row path")

    monkeypatch.setattr(engine_module, "semantics_clause", Refuse)
    exact = evaluate_population(policy, frame, {})
    assert exact.select(columnar.columns).equals(columnar)
    assert exact["四[分]"].to_list()[:3] == [300000000, 150000000, 150000000]


# ---------------------------------------------------------------------------- check and diff
def test_check_sees_a_whole_place_and_the_text_numbers(run):
    """No CHK001 (the place is a z3 whole number ≥ 1), 前6位 and the 分别 list match the 原文 (no TEXT00x)."""
    code, out, err = run("check", PRIZES)
    assert code == 0 and "CHK001" not in out and "TEXT00" not in out, out + err
    code, out, _ = run("check", JINHUA, "--format", "json")
    assert [f["code"] for f in json.loads(out)["findings"]] == ["UNSPEC005"]


def test_check_still_catches_a_place_the_text_does_not_state(run, tmp_path):
    path = tmp_path / "ten.pol"
    path.write_text(JINHUA.read_text(encoding="utf-8").replace("不超过 6", "不超过 10"), encoding="utf-8")
    code, out, _ = run("check", path)
    assert code == 1 and "TEXT001" in out and "10" in out


def test_diff_a_prize_changed_over_the_population(run, tmp_path):
    revised = tmp_path / "revised.pol"
    revised.write_text(JINHUA.read_text(encoding="utf-8").replace("分别 30万元", "分别 50万元"), encoding="utf-8")
    code, out, err = run("diff", JINHUA, revised, "--population", POPULATION, "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert [c["kind"] for c in data["changes"]] == ["amount"]
    impact = data["population"]
    assert (impact["gain"], impact["loss"], impact["undetermined"]) == (1, 0, 2)  # 甲 +20万元; 丁 and 戊 stay open
    assert impact["delta"] == "200000.00" and impact["top_gainers"][0]["id"] == "甲"


def test_diff_a_tie_rule_changed(run, tmp_path):
    revised = tmp_path / "revised.pol"
    text = JINHUA.read_text(encoding="utf-8").replace('并列 未规定 "原文未规定出口额相同时如何排名"', "并列 同名次")
    revised.write_text(text, encoding="utf-8")
    code, out, err = run("diff", JINHUA, revised, "--population", POPULATION)
    assert code == 0, err
    assert (
        "[名次] 名次“出口额名次”的排法" in out
        and "→ 出口额 从高到低 排名 范围 出口额 超过 上年出口额 并列 同名次" in out
    )
    assert "不可确定 2 家" in out  # 丁 and 戊: open in the old version, 10万元 each in the new


# ---------------------------------------------------------------------------- misuse
def test_every_misuse_has_a_fixture():
    assert {p.stem for p in ERRORS} == {
        "not_a_rank",
        "bad_count",
        "not_money",
        "list_length",
        "list_mixed",
        "key_not_number",
    }


@pytest.mark.parametrize("path", ERRORS, ids=lambda p: p.stem)
def test_misuse_is_an_error_located_with_a_suggestion(run, path):
    code, out, err = run("check", path)
    assert code == 2 and out == ""
    assert err.startswith("错误[T29") and f"--> {path}:" in err and "= 建议: " in err
    assert_golden(GOLDEN / f"{path.stem}.txt", err.replace(str(path), path.name))


@pytest.mark.parametrize("path", ERRORS, ids=lambda p: p.stem)
def test_misuse_in_english(path):
    assert_golden(GOLDEN / f"{path.stem}.en.txt", load_errors_in_english(path))


def test_lowest_first_and_every_row_placed(run, tmp_path):
    """从低到高 without 范围: every firm is placed, the lowest exports first; 丁/戊/癸 tie for 2–4 (across 3|4)."""
    path = tmp_path / "lowest.pol"
    text = JINHUA.read_text(encoding="utf-8").replace("从高到低 排名 范围 出口额 超过 上年出口额", "从低到高 排名")
    path.write_text(text, encoding="utf-8")
    assert format_text(text, str(path)) == format_text(format_text(text, str(path)), str(path))
    frame, _ = batch_rows(run, tmp_path, path)
    got = outcome(frame, "三")
    assert got["辛"] == ("300000.00", "给予")  # 5000万元: first
    assert got["丁"] == got["戊"] == ("", "不可确定")
    assert got["癸"] == ("0.00", "不符合条件")  # tied with them, but its exports did not grow
    assert got["庚"] == got["己"] == ("100000.00", "给予")  # 5th and 6th
    assert got["乙"] == got["丙"] == ("0.00", "不符合条件")  # 7th–8th under either order
