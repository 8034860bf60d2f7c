"""Tables keyed by date and term (同期贷款基准利率 by loan term), a form derived onto one-key dated tables
chosen by the term: parsed with canonical marks, formatted aligned, evaluated on both sides of every band
edge and on and after each row's date (rates from the PBoC tables, amounts by hand), the same over a
population with `policylang batch`, checked, diffed, each likely misuse a located error — and 截至 DATE
on a table, after which a lookup is not determinable instead of silently the last row."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import polars as pl
import pytest
from conftest import FIXTURES
from golden import assert_golden, load_errors_in_english

from policylang import evaluate, load_policy
from policylang.compiler import ir
from policylang.errors import display_width
from policylang.frontend import ast
from policylang.frontend.syntax import parse
from policylang.tools.fmt import format_text

HERE = FIXTURES / "tables"
POLICY = HERE / "tiexi.pol"
REVISED = HERE / "tiexi_revised.pol"
LPR = HERE / "lpr_until.pol"
ERRORS = sorted((HERE / "errors").glob("*.pol"))
GOLDEN = Path(__file__).resolve().parent / "golden" / "tables"

# 贷款本金 100万元, 50% of the rate: 5,000元 per percentage point.
# from 2015-08-26: ≤6个月 4.60%, 6–12个月 4.60%, 12–36个月 5.00%, 36–60个月 5.00%, >60个月 5.15%
# from 2015-10-24: ≤12个月 4.35%, 12–60个月 4.75%, >60个月 4.90%; data up to 2019-08-19 (截至)
CASES = [
    ("2015-10-24", "0个月", "21750.00"),  # 4.35%, on the row's date
    ("2015-10-24", "12个月", "21750.00"),  # 12个月(含)以下: 12 is in the first band
    ("2015-10-24", "12.5个月", "23750.00"),  # just above the edge: 4.75%
    ("2015-10-24", "13个月", "23750.00"),
    ("2015-10-24", "60个月", "23750.00"),  # 60个月(含): still 4.75%
    ("2015-10-24", "61个月", "24500.00"),  # 60个月(不含)以上: 4.90%
    ("2015-10-23", "12个月", "23000.00"),  # the day before the row: the 2015-08-26 row, 4.60%
    ("2015-10-23", "13个月", "25000.00"),  # 5.00% there: the older row's own band
    ("2015-08-26", "6个月", "23000.00"),
    ("2015-08-26", "7个月", "23000.00"),
    ("2015-08-26", "36个月", "25000.00"),
    ("2015-08-26", "37个月", "25000.00"),
    ("2015-08-26", "60个月", "25000.00"),
    ("2015-08-26", "61个月", "25750.00"),  # 5.15%
    ("2019-08-19", "61个月", "24500.00"),  # on the 截至 date: still the last row
]
BEFORE_FIRST = ("2015-08-25", "12个月")  # before every row: not determinable, as for a one-key table
AFTER_UNTIL = ("2019-08-20", "12个月")  # after 截至: not determinable, not the last row's 4.35%


def case_file(tmp_path: Path, day: str, term: str, name: str = "case.yaml") -> Path:
    path = tmp_path / name
    path.write_text(f"贷款发放日: {day}\n贷款期限: {term}\n贷款本金: 100万元\n", encoding="utf-8")
    return path


def eval_json(run, tmp_path: Path, day: str, term: str) -> dict:
    code, out, err = run("eval", POLICY, case_file(tmp_path, day, term), "--format", "json")
    assert code == 0, out + err
    return json.loads(out)["clauses"][0]  # type: ignore[no-any-return]


# ---------------------------------------------------------------------------- syntax and fmt
def test_bands_parse_with_canonical_marks():
    text = POLICY.read_text(encoding="utf-8").replace("12个月(含)以下 4.35%", "12个月以下 4.35%")
    text = text.replace("60个月(不含)以上 4.90%", "60个月（不含）以上 4.90%")
    table = parse(text).of(ast.TermTableDecl)[0]
    assert table.until == "2019-08-19" and [r.date for r in table.rows] == ["2015-08-26", "2015-10-24"]
    bands = [
        (c.band.start.text, c.band.start_mark, c.band.end and c.band.end.text, c.band.end_mark)
        for c in table.rows[1].cells
    ]
    assert bands == [
        ("12个月", "(含)以下", None, None),  # a bare 以下 counts the number itself: kept as (含)以下
        ("12个月", "(不含)", "60个月", "(含)"),
        ("60个月", "(不含)以上", None, None),  # full-width brackets kept half-width
    ]
    assert [c.value.text for c in table.rows[1].cells] == ["4.35%", "4.75%", "4.90%"]


def test_the_fixture_is_canonical_and_a_messy_spelling_formats_to_it(run):
    text = POLICY.read_text(encoding="utf-8")
    assert format_text(text) == text
    old_row = "  2015-10-24: 12个月(含)以下 4.35%, 12个月(不含) 至 60个月(含) 4.75%, 60个月(不含)以上 4.90%"
    assert old_row in text
    messy = text.replace(
        old_row, "    2015-10-24:12个月以下 4.35%，12个月（不含）～60个月（含） 4.75% ,60个月(不含)以上  4.90%"
    )
    assert messy != text
    assert format_text(messy) == text
    # the columns line up across rows of different band counts (CJK characters two columns wide)
    rows = [line for line in text.splitlines() if line.startswith("  2015-")]
    second = [
        display_width(rows[0][: rows[0].index("6个月(不含)")]),
        display_width(rows[1][: rows[1].index("12个月(不含)")]),
    ]
    assert second[0] == second[1]
    assert run("fmt", "--check", POLICY)[0] == 0 and run("fmt", "--check", LPR)[0] == 0


# ---------------------------------------------------------------------------- eval, by hand
@pytest.mark.parametrize("day,term,expected", CASES)
def test_each_band_edge_on_both_sides_and_each_row_date(run, tmp_path, day, term, expected):
    clause = eval_json(run, tmp_path, day, term)
    assert (clause["status"], clause["amount"]) == ("paid", expected)


def test_before_the_first_row_is_not_determinable_as_for_a_one_key_table(run, tmp_path):
    clause = eval_json(run, tmp_path, *BEFORE_FIRST)
    assert clause["status"] == "undetermined"
    assert clause["reason_text"].startswith(
        "表“同期贷款基准利率”中没有 2015-08-25 当日或之前的数值（表中最早一行为 2015-08-26）"
    )


def test_after_its_until_date_is_not_determinable(run, tmp_path):
    clause = eval_json(run, tmp_path, *AFTER_UNTIL)
    assert clause["status"] == "undetermined"
    assert clause["reason_text"].startswith("表“同期贷款基准利率”的数据截至 2019-08-19，没有 2019-08-20 的数值")


def test_a_one_key_table_with_until(run, tmp_path):
    out = {}
    for day in ("2023-12-31", "2024-01-01"):
        case = tmp_path / f"{day}.yaml"
        case.write_text(f"发放日: {day}\n本金: 100万元\n", encoding="utf-8")
        code, text, err = run("eval", LPR, case, "--format", "json")
        assert code == 0, err
        out[day] = json.loads(text)["clauses"][0]
    assert (out["2023-12-31"]["status"], out["2023-12-31"]["amount"]) == ("paid", "17250.00")  # 50% × 3.45%
    assert out["2024-01-01"]["status"] == "undetermined"
    assert "数据截至 2023-12-31" in out["2024-01-01"]["reason_text"]


def test_explanation_golden(run, tmp_path):
    case = case_file(tmp_path, "2016-01-05", "36个月")
    for lang, suffix in (("zh", ""), ("en", ".en")):
        code, out, err = run("--lang", lang, "eval", POLICY, case, "--explain")
        assert code == 0, err
        assert_golden(GOLDEN / f"explain{suffix}.txt", out)


def test_a_term_the_case_lacks_is_asked_for(run, tmp_path):
    case = tmp_path / "case.yaml"
    case.write_text("贷款发放日: 2016-01-05\n贷款本金: 100万元\n", encoding="utf-8")
    code, _, err = run("eval", POLICY, case)
    assert code == 2 and "K020" in err and "贷款期限" in err


def test_a_term_in_years_in_a_case_suggests_the_months(run, tmp_path):
    code, _, err = run("eval", POLICY, case_file(tmp_path, "2016-01-05", "3年"))
    assert code == 2 and "K012" in err and "36个月" in err


def test_lowered_onto_one_key_tables_chosen_by_the_term():
    policy = load_policy(POLICY)
    award = policy.clause("一").award
    assert {type(n) for n in award.walk()} <= {ir.Arith, ir.Const, ir.Input, ir.Choose, ir.Cmp, ir.Lookup}
    table = policy.tables["同期贷款基准利率"]
    assert [p.text for p in table.pieces] == [
        "6个月(含)以下",
        "6个月(不含) 至 12个月(含)",
        "12个月(不含) 至 36个月(含)",
        "36个月(不含) 至 60个月(含)",
        "60个月(不含)以上",
    ]
    piece = policy.tables[table.pieces[2].table]
    assert piece.derived_from == "同期贷款基准利率" and piece.until is not None
    assert [(str(d), v) for d, v in piece.rows] == [
        ("2015-08-26", Fraction(5, 100)),
        ("2015-10-24", Fraction(475, 10000)),
    ]
    # the condition of each piece points at a band the drafter wrote
    choose = next(n for n in award.walk() if isinstance(n, ir.Choose))
    assert choose.condition.span.text == "6个月(含)以下"


def test_api_evaluates_the_same():
    import datetime as dt

    policy = load_policy(POLICY)
    facts = {"贷款发放日": dt.date(2016, 1, 5), "贷款期限": Fraction(36), "贷款本金": Fraction(1000_0000)}
    assert evaluate(policy, facts).clause("一").amount == 237_500


# The PBoC rows as the fixture writes them, read directly: the latest row on or before the date, then its band.
PBOC = {
    "2015-08-26": [
        (6, True, "4.60"),
        (12, True, "4.60"),
        (36, True, "5.00"),
        (60, True, "5.00"),
        (None, False, "5.15"),
    ],
    "2015-10-24": [(12, True, "4.35"), (60, True, "4.75"), (None, False, "4.90")],
}
GRID_DATES = ["2015-08-25", "2015-08-26", "2015-10-23", "2015-10-24", "2019-08-19", "2019-08-20"]
GRID_TERMS = ["0", "5", "6", "6.5", "7", "12", "12.5", "13", "36", "37", "59.9", "60", "60.1", "61", "360"]


def reference_rate(day: str, term: Fraction) -> Fraction | None:
    """The rate by hand from PBOC (None: no row on or before the date, or after 截至 2019-08-19)."""
    dated = [d for d in PBOC if d <= day]
    if not dated or day > "2019-08-19":
        return None
    for high, _, rate in PBOC[max(dated)]:
        if high is None or term <= high:
            return Fraction(rate) / 100
    raise AssertionError("the bands cover every term")  # pragma: no cover


def test_every_date_and_term_on_a_grid_against_the_table_read_by_hand(run, tmp_path):
    import datetime as dt

    policy = load_policy(POLICY)
    grid = [(d, t) for d in GRID_DATES for t in GRID_TERMS]
    expected: list[Fraction | None] = []
    for day, term in grid:
        rate = reference_rate(day, Fraction(term))
        facts = {"贷款发放日": dt.date.fromisoformat(day), "贷款期限": Fraction(term), "贷款本金": Fraction(100_0000)}
        clause = evaluate(policy, facts).clause("一")
        if rate is None:  # before the first row, or after 截至
            assert clause.status == "undetermined", (day, term)
            expected.append(None)
            continue
        want = Fraction(100_0000) * rate / 2  # 50% of the rate on 100万元, whole fen
        assert (clause.status, clause.amount) == ("paid", want), (day, term)
        expected.append(want)
    population, out_file = tmp_path / "population.csv", tmp_path / "out.csv"
    pl.DataFrame(
        {
            "企业": [f"企业{i}" for i in range(len(grid))],
            "贷款发放日": [d for d, _ in grid],
            "贷款期限": [f"{t}个月" for _, t in grid],
            "贷款本金": ["100万元"] * len(grid),
        }
    ).write_csv(population)
    code, _, err = run("batch", POLICY, population, "-o", out_file)
    assert code == 0, err
    got = pl.read_csv(out_file, infer_schema=False)["一[元]"].to_list()
    assert [None if g is None else Fraction(g) for g in got] == expected


# ---------------------------------------------------------------------------- bands that stop short
BOUNDED = HERE / "bounded.pol"  # 0个月(不含) 至 12个月(含) 4.35%, 12个月(不含) 至 60个月(含) 4.75%
BOUNDED_CASES = [("0个月", None), ("1个月", "21750.00"), ("60个月", "23750.00"), ("61个月", None)]


@pytest.mark.parametrize("term,expected", BOUNDED_CASES)
def test_a_term_outside_every_band_says_so(run, tmp_path, term, expected):
    code, out, err = run("eval", BOUNDED, case_file(tmp_path, "2016-01-05", term), "--format", "json")
    assert code == 0, err
    clause = json.loads(out)["clauses"][0]
    if expected is not None:
        assert (clause["status"], clause["amount"]) == ("paid", expected)
        return
    assert clause["status"] == "undetermined" and clause["reason"]["kind"] == "evaluation_failed"
    assert clause["reason_text"].startswith(
        f"期限 {term} 不在表“同期贷款基准利率”的任何一档（各档合起来是 0个月(不含) 至 60个月(含)），无法确定金额"
    )


def test_a_term_outside_every_band_in_batch_and_check(run, tmp_path):
    population, out_file = tmp_path / "population.csv", tmp_path / "out.csv"
    pl.DataFrame(
        {
            "企业": [f"企业{i}" for i in range(len(BOUNDED_CASES))],
            "贷款发放日": ["2016-01-05"] * len(BOUNDED_CASES),
            "贷款期限": [term for term, _ in BOUNDED_CASES],
            "贷款本金": ["100万元"] * len(BOUNDED_CASES),
        }
    ).write_csv(population)
    code, summary, err = run("batch", BOUNDED, population, "-o", out_file)
    assert code == 0, err
    assert pl.read_csv(out_file, infer_schema=False)["一[元]"].to_list() == [e for _, e in BOUNDED_CASES]
    assert "其中 2 家无法计算" in summary
    code, out, err = run("check", BOUNDED, "--format", "json")
    assert code == 0 and json.loads(out)["findings"] == [], out + err


# ---------------------------------------------------------------------------- items of a list
LOANS = HERE / "loans.pol"  # each loan looked up by its own date and term, in 合计(…) and in 逐项
LOAN_ITEMS = [
    ("a", "2016-01-05", "36个月"),  # 4.75%: 23,750.00元
    ("a", "2015-09-01", "13个月"),  # 5.00% (the 2015-08-26 row): 25,000.00元
    ("b", "2015-09-01", "61个月"),  # 5.15%: 25,750.00元
    ("c", "2015-08-01", "12个月"),  # before the first row: the clause is not determinable
]
LOAN_TOTALS = {"a": "48750.00", "b": "25750.00", "c": None}


def test_lookups_in_list_items_batch_equals_eval(run, tmp_path):
    population, items, out_file = tmp_path / "population.csv", tmp_path / "loans.csv", tmp_path / "out.csv"
    pl.DataFrame({"企业": list(LOAN_TOTALS)}).write_csv(population)
    pl.DataFrame(
        {
            "企业": [e for e, _, _ in LOAN_ITEMS],
            "发放日": [d for _, d, _ in LOAN_ITEMS],
            "期限": [t for _, _, t in LOAN_ITEMS],
            "本金": ["100万元"] * len(LOAN_ITEMS),
        }
    ).write_csv(items)
    code, _, err = run("batch", LOANS, population, "--items", f"贷款={items}", "-o", out_file)
    assert code == 0, err
    out = pl.read_csv(out_file, infer_schema=False)
    for citation in ("一", "二"):
        assert out[f"{citation}[元]"].to_list() == list(LOAN_TOTALS.values())
    for firm, expected in LOAN_TOTALS.items():
        case = tmp_path / f"{firm}.yaml"
        loans = [f"  - {{发放日: {d}, 期限: {t}, 本金: 100万元}}" for e, d, t in LOAN_ITEMS if e == firm]
        case.write_text("贷款:\n" + "\n".join(loans) + "\n", encoding="utf-8")
        code, text, err = run("eval", LOANS, case, "--format", "json")
        assert code == 0, err
        assert [c["amount"] for c in json.loads(text)["clauses"]] == [expected, expected]


# ---------------------------------------------------------------------------- batch, check, diff
def test_batch_equals_eval_row_by_row(run, tmp_path):
    rows = [*CASES, BEFORE_FIRST, AFTER_UNTIL]
    frame = pl.DataFrame(
        {
            "企业": [f"企业{i}" for i in range(len(rows))],
            "贷款发放日": [d for d, _, *_ in rows],
            "贷款期限": [t for _, t, *_ in rows],
            "贷款本金": ["100万元"] * len(rows),
        }
    )
    population, out_file = tmp_path / "population.csv", tmp_path / "out.csv"
    frame.write_csv(population)
    code, _, err = run("batch", POLICY, population, "-o", out_file)
    assert code == 0, err
    out = pl.read_csv(out_file, infer_schema=False)
    assert out["一[元]"].to_list() == [c[2] for c in CASES] + [None, None]
    for i, (day, term, *_) in enumerate(rows):
        clause = eval_json(run, tmp_path, day, term)
        assert clause["amount"] == out["一[元]"][i]  # both null where not determinable
        assert (clause["status"] == "paid") == (out["可确定"][i] == "是")


def test_check_handles_the_lookups_with_no_could_not_check(run):
    for policy in (POLICY, LPR):
        code, out, err = run("check", policy, "--format", "json")
        assert code == 0, out + err
        assert "CHK001" not in out and json.loads(out)["findings"] == []


def test_check_sees_inside_the_lookup(run, tmp_path):
    # guards the test above: the solver reads every row and band, so a rate above the highest (5.15%) never is
    award = "  奖励 50% × 贷款本金 × 同期贷款基准利率(贷款发放日, 贷款期限)"
    found = {}
    for edge in ("5.15%", "5.14%"):
        policy = tmp_path / f"{edge}.pol"
        condition = f"  条件 同期贷款基准利率(贷款发放日, 贷款期限) 超过 {edge}\n"
        policy.write_text(POLICY.read_text(encoding="utf-8").replace(award, condition + award), encoding="utf-8")
        found[edge] = run("check", policy)[1]
    assert "COND001" in found["5.15%"] and "COND001" not in found["5.14%"]


def test_diff_reports_a_changed_band_and_until_with_their_lines(run, tmp_path):
    code, out, err = run("diff", POLICY, REVISED)
    assert code == 0, err
    assert "含义的变化（2 项）" in out
    assert "[表] 表“同期贷款基准利率”的截至日期：2019-08-19 → 2019-12-31" in out
    assert "[表] 表“同期贷款基准利率” 2015-10-24 一行的 60个月(不含)以上：4.9% → 5%" in out
    assert f"新 {REVISED}:16  2015-10-24: 12个月(含)以下 4.35%" in out
    # the changed row reaches the cases in its band only
    long, short = (
        case_file(tmp_path, "2016-01-05", "61个月", "long.yaml"),
        case_file(tmp_path, "2016-01-05", "36个月", "short.yaml"),
    )
    code, out, err = run("diff", POLICY, REVISED, "--cases", long, short, "--format", "json")
    assert code == 0, err
    changes = {c["name"]: c for c in json.loads(out)["cases"]}
    assert (changes["long"]["outcome"], changes["long"]["old_total"], changes["long"]["new_total"]) == (
        "gain",
        "24500.00",
        "25000.00",
    )
    assert (changes["short"]["outcome"], changes["short"]["new_total"]) == ("same", "23750.00")


# ---------------------------------------------------------------------------- misuse
def test_every_misuse_has_a_fixture():
    assert {p.stem for p in ERRORS} == {
        "between_marks",
        "coverage_differs",
        "date_twice",
        "edge_in_none",
        "edge_in_two",
        "edge_in_years",
        "empty_band",
        "gap",
        "lookup_without_term",
        "one_side_mark",
        "open_inside",
        "overlap",
        "table_in_years",
        "term_in_years",
        "term_literal_in_years",
        "term_not_quantity",
        "until_before_row",
    }


@pytest.mark.parametrize("path", ERRORS, ids=lambda p: p.stem)
def test_misuse_is_an_error_located_with_a_suggestion(run, path):
    code, out, err = run("check", path)
    assert code == 2 and out == ""
    assert err.startswith(("错误[T28", "错误[C065]")) and f"--> {path}:" in err and "= 建议: " in err
    assert_golden(GOLDEN / f"{path.stem}.txt", err.replace(str(path), path.name))
    assert_golden(GOLDEN / f"{path.stem}.en.txt", load_errors_in_english(path))


def test_the_table_named_without_its_keys(run, tmp_path):
    bad = tmp_path / "bad.pol"
    text = POLICY.read_text(encoding="utf-8").replace("同期贷款基准利率(贷款发放日, 贷款期限)", "同期贷款基准利率")
    bad.write_text(text, encoding="utf-8")
    code, _, err = run("check", bad)
    assert code == 2 and "错误[T104]" in err and "需写成 同期贷款基准利率(日期, 期限)" in err
