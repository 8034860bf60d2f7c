"""Float columns read exactly on batch's quick path: a value counts only if it is the double nearest to a
decimal with the column's places; anything else (an infinity, NaN, more places, beyond 2^53) sends the frame
the thorough way, which says where (B020). The same by both forms of the check (readers/population.py:
float_stats in numpy slices where numpy is loaded, as in an API caller's process; float_check, a polars
expression, in the CLI, which does not import numpy)."""

from __future__ import annotations

import math
from pathlib import Path

import polars as pl
import pytest

from policylang import load_policy
from policylang.errors import PolicyError
from policylang.readers import population
from policylang.tools.batch import evaluate_population

POLICY = Path(__file__).resolve().parent.parent / "policies" / "jixi.pol"
FIRMS = {
    "能源资源类产品进口额": [60_000_000] * 3,
    "煤炭进口落地量": [1, 2, 3],
    "本地加工产品出口额": [1, 2, 3],
    "出口业务银行手续费": [1, 2, 3],
    "贸易额": [1, 2, 3],
    "上年贸易额": [1, 2, 3],
    "当年新引入": [True, False, True],
    "生产加工型外贸企业": [True, True, True],
}


@pytest.fixture(autouse=True, params=["numpy", "polars"])
def check_form(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(population, "numpy_loaded", lambda: request.param == "numpy")
    return str(request.param)


def run(rates: list[float | None], dtype: pl.DataType) -> pl.DataFrame:
    frame = pl.DataFrame({**FIRMS, "商品落地率": rates}, schema_overrides={"商品落地率": dtype})
    return evaluate_population(load_policy(POLICY), frame, only=["五(一)1"])


def test_exact_decimals_in_a_float_column_are_read_exactly() -> None:
    out = run([0.5, 0.55, 0.3], pl.Float64)
    assert out["五(一)1:状态"].to_list() == ["ineligible", "paid", "ineligible"]  # 落地率 above 50% only
    out = run([0.5, 0.75, 0.25], pl.Float32)  # a Float32 holds these exactly
    assert out["五(一)1:状态"].to_list() == ["ineligible", "paid", "ineligible"]


@pytest.mark.parametrize("rate", [0.1 + 0.2, 0.3])
def test_a_float32_or_a_sum_near_a_decimal_is_not_that_decimal(rate: float) -> None:
    dtype = pl.Float64 if rate != 0.3 else pl.Float32  # 0.1 + 0.2 and float32's 0.3 are not the double of 0.3
    with pytest.raises(PolicyError) as err:
        run([0.5, rate, 0.75], dtype)
    assert [d.code for d in err.value.diagnostics] == ["B020"]


@pytest.mark.parametrize("bad", [math.inf, -math.inf, math.nan, 0.123456789, 1e300, -0.5, 1.5, 1.00000001, -0.00000001])
def test_a_float_that_is_no_such_decimal_is_refused_where_it_is(bad: float) -> None:
    with pytest.raises(PolicyError) as err:
        run([0.6, bad, 0.7], pl.Float64)
    assert [d.code for d in err.value.diagnostics] == ["B020"]
    assert "2" in err.value.diagnostics[0].message  # the row is named


def test_the_cli_reads_a_float_column_without_importing_numpy(tmp_path: Path) -> None:
    import subprocess
    import sys

    source = tmp_path / "firms.parquet"
    pl.DataFrame({**FIRMS, "商品落地率": [0.5, 0.55, 0.75]}).write_parquet(source)
    code = (
        "import sys; from policylang.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('numpy' in sys.modules)"
    )
    args = [sys.executable, "-c", code, "batch", str(POLICY), str(source), "--clause", "五(一)1"]
    done = subprocess.run(args, capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "False"
    assert "五(一)1" in done.stdout


@pytest.mark.parametrize("dtype", [pl.Int64, pl.Int32, pl.UInt16, pl.UInt32])
def test_integer_columns_of_any_width_are_bounded_alike(dtype: pl.DataType) -> None:
    """The quick path's minimum and maximum (numpy slices or polars) give the same awards at every width."""
    firms = {**FIRMS, "煤炭进口落地量": [4_999, 5_000, 30_000], "商品落地率": [0.5, 0.6, 0.7]}
    frame = pl.DataFrame(firms).with_columns(pl.col("煤炭进口落地量").cast(dtype))
    out = evaluate_population(load_policy(POLICY), frame, only=["五(一)2"])
    assert out["五(一)2[分]"].to_list() == [0, 2_500_000_000 // 100, 100_000_000]  # 50元/吨, at most 100万元


def test_a_negative_amount_is_refused_where_it_is() -> None:
    frame = pl.DataFrame({**FIRMS, "商品落地率": [0.5, 0.6, 0.7], "贸易额": [1, -2, 3]})
    with pytest.raises(PolicyError) as err:
        evaluate_population(load_policy(POLICY), frame, only=["五(三)"])
    assert [d.code for d in err.value.diagnostics] == ["B020"]


def test_a_share_at_its_limits_is_read_and_one_step_past_them_is_not() -> None:
    """0% and 100% are shares; the quick path decides the range from the column's extremes (numpy) or per value
    (polars) alike: one place past either limit goes the thorough way and is refused (the cases above)."""
    out = run([0.0, 1.0, 0.00000001], pl.Float64)
    assert out["五(一)1:状态"].to_list() == ["ineligible", "paid", "ineligible"]
