"""batch and eval agree where they used to differ (tests/test_differential.py found both):

- 就高不重复 with its reading open, a member that both readings reduce to 0: eval says 金额为0, batch said
  给予 0.00元 — polars folded the columnar layer that rewrote the member's amount into the one before,
  so the status written beside it read the new amount (it depended on the optimiser's settings);
- a money column written with more decimals than 分 (`100000.000`, `20.5`) whose values are whole 分:
  batch refused the whole run (B042) where eval reads each value exactly.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from conftest import FIXTURES

HERE = FIXTURES / "batch_agree"
POLICY = HERE / "other_funds_open.pol"
WORDS = {
    "paid": "给予",
    "zero": "金额为0",
    "undetermined": "不可确定",
    "ineligible": "不符合条件",
    "excluded": "不予重复",
}
FACTS = ("为市级公共海外仓运营企业", "实现海外仓交易实绩", "海外仓展示展销费用", "已获其他专项资金")


def batch(run, population: Path, tmp_path: Path) -> dict[str, dict[str, str]]:
    out = tmp_path / "out.csv"
    code, _, err = run("batch", POLICY, population, "-o", out)
    assert code == 0, err
    with out.open(encoding="utf-8-sig", newline="") as f:
        return {r["统一社会信用代码"]: r for r in csv.DictReader(f)}


def eval_rows(run, population: Path, tmp_path: Path) -> dict[str, dict]:
    """Each row of the population as its own case file, through `eval --format json`."""
    with population.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    out = {}
    for row in rows:
        case = tmp_path / f"{row['统一社会信用代码']}.yaml"
        values = {k: row[k] for k in FACTS}
        for k in ("海外仓展示展销费用", "已获其他专项资金"):
            values[k] = values[k] if values[k].endswith("元") else f"{values[k]}元"
        case.write_text("".join(f"{k}: {v}\n" for k, v in values.items()), encoding="utf-8")
        code, text, err = run("eval", POLICY, case, "--format", "json")
        assert code == 0, err
        out[row["统一社会信用代码"]] = json.loads(text)
    return out


def assert_agree(run, population: Path, tmp_path: Path) -> dict[str, dict[str, str]]:
    written = batch(run, population, tmp_path)
    for firm, result in eval_rows(run, population, tmp_path).items():
        for clause in result["clauses"]:
            c = clause["citation"]
            assert written[firm][f"{c}:状态"] == WORDS[clause["status"]], (firm, c, clause)
            if clause["status"] != "undetermined":
                assert written[firm][f"{c}[元]"] == clause["amount"], (firm, c)
        assert written[firm]["可确定"] == ("是" if result["determinable"] else "否"), firm
        assert written[firm]["合计[元]"] == result["total"], firm
    return written


def test_a_member_both_readings_reduce_to_zero_is_zero_in_batch_too(run, tmp_path):
    written = assert_agree(run, HERE / "firms.csv", tmp_path)
    # 甲: 30万元 against 30万元 elsewhere, 一(二)3 pays 0: either reading pays 0
    assert (written["甲"]["三(四)2.市级:状态"], written["甲"]["三(四)2.市级[元]"]) == ("金额为0", "0.00")
    assert written["乙"]["三(四)2.市级:状态"] == "不可确定"  # 30.5万元 against 30万元: the readings differ


def test_a_text_column_with_finer_decimals_of_whole_fen_is_read(run, tmp_path):
    written = assert_agree(run, HERE / "decimals.csv", tmp_path)
    assert written["丙"]["三(四)2.市级[元]"] == "300000.00"  # 0.000 elsewhere: paid in full


def test_a_value_finer_than_fen_is_still_refused_where_it_is(run, tmp_path):
    population = tmp_path / "firms.csv"
    population.write_text("统一社会信用代码,已获其他专项资金\n甲,20.555\n乙,20.5\n", encoding="utf-8")
    code, _, err = run("batch", POLICY, population, "-o", tmp_path / "out.csv")
    assert code == 2
    assert "B020" in err and "第 2 行" in err and "已获其他专项资金" in err
