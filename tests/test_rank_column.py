"""A 名次 given by the population file (a bureau's own ranking, read as eval reads it from a case) must be a
place: a whole number from 1. A number that is not one (0, -1, 2.5) was read as it stood — 0 won the first
prize — and is now B090, located at its cell; a cell that is no number stays B020. Int, float and text
columns alike."""

from __future__ import annotations

import polars as pl
import pytest
from conftest import FIXTURES

HERE = FIXTURES / "rank"
JINHUA = HERE / "jinhua.pol"  # 名次 出口额名次 …, 三: 按名次 一等奖1名 … 30万元、20万元、10万元
POPULATION = HERE / "population.csv"
GIVEN = ["1", "2", "3", "4", "5", "6", "7", "", "", ""]  # 甲 … 庚 placed by the file


def population(tmp_path, first: object, dtype: pl.DataType | None = None, suffix: str = "csv"):
    frame = pl.read_csv(POPULATION, infer_schema=False)
    cells = [first, *GIVEN[1:]]
    if dtype is None:
        series = pl.Series("出口额名次", cells)
    else:
        kind = int if dtype == pl.Int64 else float
        series = pl.Series("出口额名次", [first, *(kind(c) if c else None for c in GIVEN[1:])], dtype=dtype)
    frame = frame.with_columns(series)
    path = tmp_path / f"pop.{suffix}"
    frame.write_csv(path) if suffix == "csv" else frame.write_parquet(path)
    return path


def batch(run, tmp_path, path, *extra):
    return run("batch", JINHUA, path, "-o", tmp_path / "out.csv", "--force", *extra)


@pytest.mark.parametrize(("cell", "shown"), [("0", "0"), ("-1", "-1"), ("2.5", "2.5"), ("1.50", "1.5")])
def test_a_number_that_is_no_place_is_refused_at_its_cell(run, tmp_path, cell, shown):
    code, out, err = batch(run, tmp_path, population(tmp_path, cell))
    assert code == 2 and out == ""
    where = f"{tmp_path / 'pop.csv'} 第 2 行，列“出口额名次”"
    assert err.startswith(f"错误[B090]: {where}：值“{shown}”不对：名次须为从 1 起的整数（1 为第一名）")
    assert f"2 | 甲,9000万元,8900万元,50万元,{cell}\n" in err
    assert "= 建议: 列“出口额名次”写名次，如 2；未排定名次的留空" in err


@pytest.mark.parametrize(
    ("cell", "dtype"), [(0, pl.Int64), (-3, pl.Int64), (2.5, pl.Float64), (0.0, pl.Float64)], ids=str
)
def test_a_typed_column_is_checked_alike(run, tmp_path, cell, dtype):
    code, _, err = batch(run, tmp_path, population(tmp_path, cell, dtype, "parquet"))
    assert code == 2
    assert err.startswith("错误[B090]") and "第 1 行" in err and "出口额名次" in err


def test_in_english(run, tmp_path):
    code, _, err = batch(run, tmp_path, population(tmp_path, "0"), "--lang", "en")
    assert code == 2
    assert "error[B090]" in err and "a place must be a whole number from 1 (the first)" in err
    assert "leave it empty where there is none" in err


def test_no_number_at_all_is_still_b020(run, tmp_path):
    code, _, err = batch(run, tmp_path, population(tmp_path, "第一"))
    assert code == 2 and err.startswith("错误[B020]") and "第 2 行" in err


@pytest.mark.parametrize("dtype", [None, pl.Int64, pl.Float64], ids=["text", "int", "float"])
def test_whole_places_are_read(run, tmp_path, dtype):
    cell: object = "1" if dtype is None else (1 if dtype == pl.Int64 else 1.0)
    path = population(tmp_path, cell, dtype, "csv" if dtype is None else "parquet")
    code, _, err = batch(run, tmp_path, path)
    assert code == 0, err
    rows = pl.read_csv(tmp_path / "out.csv", infer_schema=False)
    first = rows.filter(pl.col("企业") == "甲").row(0, named=True)
    assert (first["三[元]"], first["三:状态"]) == ("300000.00", "给予")
