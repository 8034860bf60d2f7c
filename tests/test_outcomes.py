"""One definition of eligible / gain / loss / no longer eligible (tools/outcomes.py): `diff --cases` and
`diff --population` classify the same revision of the same enterprises alike, clause by clause."""

from __future__ import annotations

from fractions import Fraction

import polars as pl
import pytest
from conftest import POLICIES

from policylang import load_policy
from policylang.compiler import ir
from policylang.tools.batch import population_diff
from policylang.tools.diff import CaseInput, compare_cases
from policylang.tools.outcomes import ClauseChange, Outcome, Standing, classify, standing

ENTERPRISES = {  # name → facts, as a case file and a population row both give them
    "coal": {"煤炭进口落地量": Fraction(8000)},
    "energy": {"能源资源类产品进口额": Fraction(6_000_000), "商品落地率": Fraction(3, 5)},
    "exporter": {"本地加工产品出口额": Fraction(4_000_000)},
    "big exporter": {"本地加工产品出口额": Fraction(9_000_000)},
    "nothing": {},
    "both": {"煤炭进口落地量": Fraction(5000), "本地加工产品出口额": Fraction(3_000_000)},
}
COLUMNS = ("煤炭进口落地量", "能源资源类产品进口额", "商品落地率", "本地加工产品出口额")


@pytest.fixture(scope="module")
def revision(tmp_path_factory):
    """Coal's award cancelled by a 0元 cap; exports from 300万元 (was 500万元); energy at 3% (was 2%)."""
    text = (POLICIES / "jixi.pol").read_text(encoding="utf-8")
    coal = '  上限 "最高奖励100万元" 100万元\n}\n\n条款 五(二)1'
    assert coal in text
    text = text.replace(coal, '  上限 "最高奖励100万元" 100万元\n  上限 "取消" 0元\n}\n\n条款 五(二)1')
    text = text.replace("条件 本地加工产品出口额 达到 500万元(含)", "条件 本地加工产品出口额 达到 300万元(含)")
    text = text.replace("奖励 2% × 能源资源类产品进口额", "奖励 3% × 能源资源类产品进口额")
    path = tmp_path_factory.mktemp("revision") / "jixi_new.pol"
    path.write_text(text, encoding="utf-8")
    return load_policy(POLICIES / "jixi.pol"), load_policy(path)


def facts_of(extra: dict[str, Fraction]) -> dict[str, object]:
    return {**{"上年贸易额": Fraction(0)}, **extra}


def by_cases(old, new) -> dict[str, tuple[str, dict[str, str]]]:
    policy_facts = {n: i.default for n, i in old.facts.items() if i.default is not ir.MISSING}
    cases = [CaseInput.same_facts(name, {**policy_facts, **facts_of(f)}) for name, f in ENTERPRISES.items()]
    out = {}
    for d in compare_cases(old, new, cases):
        out[d.case.name] = (str(d.outcome), {c.citation: str(c.change) for c in d.clauses})
    return out


def written(fact: str, value: Fraction) -> str:
    return f"{value * 100}%" if fact == "商品落地率" else f"{value}元" if fact.endswith("额") else str(value)


def by_population(old, new) -> dict[str, tuple[str, dict[str, str]]]:
    rows = [facts_of(f) for f in ENTERPRISES.values()]
    frame = pl.DataFrame(
        {"企业": list(ENTERPRISES)}
        | {c: [written(c, r[c]) if c in r else None for r in rows] for c in COLUMNS}
        | {"上年贸易额": ["0"] * len(rows)}
    )
    result = population_diff(old, new, frame).frame
    cites = [c.citation for c in old.clauses]
    return {row["企业"]: (row["结果"], {c: row[f"变化:{c}"] for c in cites}) for row in result.iter_rows(named=True)}


def test_the_same_revision_is_classified_alike_over_cases_and_a_population(revision):
    old, new = revision
    cases, population = by_cases(old, new), by_population(old, new)
    assert cases == population
    assert cases["coal"][1]["五(一)2"] == "no_longer_eligible"  # a 0元 cap: it pays nothing now
    assert cases["coal"][0] == "loss"
    assert cases["exporter"][1]["五(二)1"] == "newly_eligible" and cases["exporter"][0] == "gain"
    assert cases["energy"][1]["五(一)1"] == "gain"
    assert cases["both"][1] == cases["both"][1] | {"五(一)2": "no_longer_eligible", "五(二)1": "newly_eligible"}
    assert cases["nothing"][0] == "same"


def test_population_counts_follow_the_same_definition(revision):
    old, new = revision
    rows = [facts_of(f) for f in ENTERPRISES.values()]
    frame = pl.DataFrame(
        {c: [str(r.get(c, 0)) for r in rows] for c in ("煤炭进口落地量", "本地加工产品出口额", "上年贸易额")}
    )
    impact = population_diff(old, new, frame).impact.as_json()
    coal = next(c for c in impact["clauses"] if c["citation"] == "五(一)2")
    exports = next(c for c in impact["clauses"] if c["citation"] == "五(二)1")
    assert coal["no_longer_eligible"] == 2 and exports["newly_eligible"] == 2


@pytest.mark.parametrize(
    ("old", "new", "delta", "change"),
    [
        (("paid", 100), ("zero", 0), -100, ClauseChange.NO_LONGER_ELIGIBLE),
        (("paid", 100), ("ineligible", 0), -100, ClauseChange.NO_LONGER_ELIGIBLE),
        (("paid", 100), ("absent", 0), -100, ClauseChange.NO_LONGER_ELIGIBLE),
        (("paid", 100), ("excluded", 0), -100, ClauseChange.LOSS),  # still qualifies; another clause is paid
        (("zero", 0), ("paid", 5), 5, ClauseChange.NEWLY_ELIGIBLE),
        (("undetermined", 0), ("paid", 5), 5, ClauseChange.UNDETERMINED),
        (("missing_facts", 0), ("paid", 5), 5, ClauseChange.NOT_COMPARED),
        (("paid", 5), ("paid", 7), 2, ClauseChange.GAIN),
    ],
)
def test_clause_changes(old, new, delta, change):
    assert classify(standing(*old), standing(*new), delta) is change


def test_the_same_unknown_cancels_only_where_the_clause_means_the_same():
    unknown = standing("undetermined", None)
    assert unknown is Standing.UNKNOWN
    assert classify(unknown, unknown, 0, same_meaning=True) is ClauseChange.SAME
    assert classify(unknown, unknown, 0) is ClauseChange.UNDETERMINED
    assert Outcome.GAIN == "gain" and str(Outcome.NOT_APPLICABLE) == "not_applicable"
