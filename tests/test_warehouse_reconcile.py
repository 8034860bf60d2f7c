"""examples/warehouse/reconcile.py: a sample's warehouse results against batch's, to the 分, clause by clause.

The batch side is always a real `policylang batch -o` run on policies/jixi.pol; the "warehouse" side is batch's own
output in its other form (CSV in 元 and words against Parquet in 分 and identifiers), then with one cell changed,
a row dropped, a column missing — each difference must be found, named and exit 1; unusable input exits 2.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys

import polars as pl
import pytest
from conftest import EXAMPLES, ROOT

SCRIPT = EXAMPLES / "warehouse" / "reconcile.py"
SAMPLE = ROOT / "tests" / "fixtures" / "batch" / "jixi.csv"
ITEMS = (
    "--items",
    "出口融资贷款=tests/fixtures/batch/jixi_loans.csv",
    "--items",
    "省级海外仓=tests/fixtures/batch/jixi_warehouses.csv",
)


def load_script():
    spec = importlib.util.spec_from_file_location("reconcile", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["reconcile"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


reconcile = load_script()


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    """batch's results for the sample, once as Parquet (分, identifiers) and once as CSV (元, words)."""
    from click.testing import CliRunner

    from policylang.cli import main

    folder = tmp_path_factory.mktemp("reconcile")
    out = {}
    for kind in ("parquet", "csv"):
        path = folder / f"batch.{kind}"
        args = ["batch", "policies/jixi.pol", str(SAMPLE.relative_to(ROOT)), *ITEMS, "-o", str(path)]
        cwd = os.getcwd()
        os.chdir(ROOT)
        try:
            result = CliRunner().invoke(main, args, catch_exceptions=False)
        finally:
            os.chdir(cwd)
        assert result.exit_code == 0, result.stderr
        out[kind] = path
    return out


def run(capsys, *args):
    code = reconcile.main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_the_two_forms_of_batchs_output_agree(results, capsys):
    code, out, err = run(capsys, results["parquet"], results["csv"])
    assert (code, err) == (0, "")
    rows = pl.read_parquet(results["parquet"]).height
    assert out.splitlines()[0].startswith(f"{rows} rows compared on ")
    assert out.splitlines()[-1] == "agree: every clause to the 分 and every status"


def test_one_fen_off_is_found_named_and_fails(results, capsys, tmp_path):
    frame = pl.read_parquet(results["parquet"])
    row = frame["五(一)1[分]"].arg_max()
    firm = frame["企业"][row]
    paid = frame["五(一)1[分]"][row]
    changed = frame.with_columns(
        pl.when(pl.col("企业") == firm)
        .then(pl.col("五(一)1[分]") + 1)
        .otherwise(pl.col("五(一)1[分]"))
        .alias("五(一)1[分]")
    )
    warehouse = tmp_path / "warehouse.parquet"
    changed.write_parquet(warehouse)
    code, out, _ = run(capsys, results["csv"], warehouse)
    assert code == 1
    assert f"五(一)1[分]: 1 of {frame.height} rows differ" in out
    assert f"{firm}: batch {paid} 分, warehouse {paid + 1} 分 (差 +1 分)" in out
    assert out.splitlines()[-1] == "DIFFERENCES FOUND"
    code, text, _ = run(capsys, results["parquet"], warehouse, "--format", "json")
    report = json.loads(text)
    assert code == 1 and report["agree"] is False
    assert report["differences"] == {
        "五(一)1[分]": {"count": 1, "first": [{"id": firm, "batch": paid, "warehouse": paid + 1}]}
    }


def test_a_status_a_missing_row_and_a_missing_column_are_each_differences(results, capsys, tmp_path):
    frame = pl.read_parquet(results["parquet"])
    undetermined = frame.filter(pl.col("五(三):状态") == "undetermined")["企业"][0]
    warehouse = frame.with_columns(
        pl.when(pl.col("企业") == undetermined)
        .then(pl.lit("zero"))
        .otherwise(pl.col("五(三):状态").cast(pl.String))
        .alias("五(三):状态")
    )
    dropped = frame["企业"][0]
    warehouse = warehouse.filter(pl.col("企业") != dropped).drop("五(二)2[分]")
    path = tmp_path / "warehouse.parquet"
    warehouse.write_parquet(path)
    code, out, _ = run(capsys, results["parquet"], path)
    assert code == 1
    assert "columns batch gives that the warehouse result lacks: 五(二)2[分]" in out
    assert f"1 rows only in batch's result: {dropped}" in out
    assert f"{undetermined}: batch 'undetermined', warehouse 'zero'" in out


def test_unusable_input_exits_2_with_the_reason(results, capsys, tmp_path):
    code, out, err = run(capsys, results["parquet"], tmp_path / "none.csv")
    assert (code, out) == (2, "") and "none.csv: no such file" in err
    no_id = tmp_path / "no_id.csv"
    no_id.write_text("x,合计[分]\n1,2\n", encoding="utf-8")
    code, _, err = run(capsys, results["parquet"], no_id)
    assert code == 2 and "no id column" in err
    bad = tmp_path / "bad.csv"
    bad.write_text("企业,合计[元]\n鸡西甲煤业,12.345\n", encoding="utf-8")
    code, _, err = run(capsys, results["parquet"], bad)
    assert code == 2 and "row 1, column '合计[元]': not a whole 分: '12.345'[元]" in err


def test_it_runs_as_a_script(results, tmp_path):
    done = subprocess.run(
        [sys.executable, str(SCRIPT), str(results["parquet"]), str(results["csv"])],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "agree: every clause to the 分 and every status"
