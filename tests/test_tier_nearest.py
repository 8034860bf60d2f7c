"""Issue 11: a firm that falls between tiers is told which tier was nearest and how far off it is —
built from the tier rows' own comparisons, where every row is a simple comparison or range on one
quantity — in zh and en, in the table, --explain and JSON (`reason.nearest_tier`); a table whose rows
compare two quantities, or join them with 或, names no nearest."""

import json
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT
from golden import assert_golden

NEAREST = FIXTURES / "tier_gap" / "nearest.pol"
CASE = FIXTURES / "tier_gap" / "nearest.case.yaml"
TIERS = FIXTURES / "patterns" / "tiers.pol"
GOLDEN = Path(__file__).resolve().parent / "golden" / "explain"


def clause(run, tmp_path: Path, policy: Path, facts: str, citation: str, lang: str = "zh") -> dict:
    case = tmp_path / "case.yaml"
    case.write_text(facts, encoding="utf-8")
    code, out, err = run("--lang", lang, "eval", policy, case, "--clause", citation, "--format", "json")
    assert code == 0, err
    found: dict = next(c for c in json.loads(out)["clauses"] if c["citation"] == citation)
    assert found["status"] == "zero"
    return found


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("zh", "符合条件，但不在任何一档的范围内（最近的一档：服务企业数 达到 50家(含)，差1家），金额为0"),
        (
            "en",
            "eligible, but no tier applies (the nearest: 服务企业数 达到 50家(含), 1家 short of it), so the amount is 0",
        ),
    ],
)
def test_a_firm_at_49_is_told_the_50_tier_is_one_short(run, tmp_path, lang, expected):
    found = clause(run, tmp_path, NEAREST, "服务企业数: 49家\n交易实绩: 0元\n", "一", lang)
    assert found["reason_text"] == expected
    assert found["reason"] == {
        "kind": "zero_amount",
        "nearest_tier": {
            "tier": "服务企业数 达到 50家(含)",
            "quantity": "服务企业数",
            "value": "49家",
            "bound": "50家",
            "inclusive": True,
            "side": "below",
            "gap": "1家",
            "distance_text": {"zh": "差1家", "en": "1家 short of it"}[lang],
        },
    }


@pytest.mark.parametrize(
    ("facts", "distance"),
    [
        # 超过 5亿元 does not include 5亿元 itself: the firm is at the edge, and still outside
        ("交易实绩: 5亿元\n", "交易实绩 超过 5亿元，须超过500,000,000.00元，现为500,000,000.00元"),
        # 3亿元 is just outside 1亿元(含) 至 3亿元(不含) and 2亿元 below 超过 5亿元: the range is nearer
        ("交易实绩: 3亿元\n", "交易实绩 在 1亿元(含) 至 3亿元(不含)，须低于300,000,000.00元，现为300,000,000.00元"),
        ("交易实绩: 0.5亿元\n", "交易实绩 在 1亿元(含) 至 3亿元(不含)，差50,000,000.00元"),
        ("交易实绩: 4.5亿元\n", "交易实绩 超过 5亿元，须超过500,000,000.00元，现为450,000,000.00元"),
    ],
)
def test_the_nearest_edge_of_money_tiers_says_whether_it_counts(run, tmp_path, facts, distance):
    found = clause(run, tmp_path, NEAREST, "服务企业数: 0家\n" + facts, "二")
    assert found["reason_text"] == f"符合条件，但不在任何一档的范围内（最近的一档：{distance}），金额为0"


@pytest.mark.parametrize(
    ("people", "distance"),
    [
        ("25人", "员工数 在 30人(含) 至 40人(含)，差5人"),  # 5 from both edges: 30 counts, 20 does not
        ("22人", "员工数 在 10人(含) 至 20人(不含)，须低于20人，现为22人"),
        ("45人", "员工数 在 30人(含) 至 40人(含)，超出5人"),
        ("5人", "员工数 在 10人(含) 至 20人(不含)，差5人"),
    ],
)
def test_a_gap_between_ranges_names_the_nearer_range(run, tmp_path, people, distance):
    found = clause(run, tmp_path, TIERS, f"员工数: {people}\n", "九(一)")
    assert found["reason_text"] == f"符合条件，但不在任何一档的范围内（最近的一档：{distance}），金额为0"


def test_rows_joined_by_or_name_no_nearest_tier(run, tmp_path):
    found = clause(run, tmp_path, NEAREST, "服务企业数: 49家\n交易实绩: 5亿元\n", "三")
    assert found["reason"] == {"kind": "zero_amount", "nearest_tier": None}
    assert (
        found["reason_text"]
        == "符合条件，但不在任何一档的范围内（服务企业数 达到 50家(含) 或 交易实绩 超过 5亿元），金额为0"
    )


def test_two_dimensional_tiers_name_no_nearest_tier(run, tmp_path):
    found = clause(run, tmp_path, TIERS, "服务企业数: 60家\n交易实绩: 8亿元\n", "二(三)3", "en")
    assert found["reason"] == {"kind": "zero_amount", "nearest_tier": None}
    assert "nearest" not in found["reason_text"]


def test_a_zero_that_is_not_a_tier_gap_has_no_nearest_tier_field(run, tmp_path):
    found = clause(
        run,
        tmp_path,
        ROOT / "policies" / "jixi.pol",
        "生产加工型外贸企业: 是\n贸易额: 1000万元\n上年贸易额: 901万元\n",
        "五(三)",
    )
    assert found["reason"] == {"kind": "zero_amount"}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_explain_golden(run, monkeypatch, lang):
    monkeypatch.chdir(ROOT)
    policy, case = (p.relative_to(ROOT).as_posix() for p in (NEAREST, CASE))
    code, out, err = run("--lang", lang, "eval", policy, case, "--explain")
    assert code == 0, err
    assert_golden(GOLDEN / ("tier_gap.txt" if lang == "zh" else "tier_gap.en.txt"), out)
    code, out, err = run("--lang", lang, "eval", policy, case)
    assert code == 0, err
    assert_golden(GOLDEN / ("tier_gap.table.txt" if lang == "zh" else "tier_gap.table.en.txt"), out)
