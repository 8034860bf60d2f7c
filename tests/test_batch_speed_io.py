"""batch's Parquet path with polars' own reader and writer (issue 16 part 1): nothing here is timed.

The file is read a slice at a time and each chunk written as its own part, joined at the end; these check
that the columns and values that come out are the same whatever the chunking, equal to the API's on the
same frame, equal to a hand-written computation of Jixi 五 to the fen, and that a run that fails leaves
no part behind. `bench/batch_jixi.py --quick` is run once, to show it runs and is exact.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from conftest import ROOT

JIXI = str(ROOT / "policies" / "jixi.pol")
SETTING = "新引入企业同比基数=本企业上年贸易额"
ARTICLE_5 = ["五(一)1", "五(一)2", "五(二)1", "五(二)2", "五(三)"]
SHARED_BENCH = ROOT.parent / "shared" / "bench"


def population(n: int, seed: int) -> pl.DataFrame:
    """Firms around every 五 threshold (500万元, 5000吨, 50%, the 200万元 article cap), whole 元."""
    r = np.random.default_rng(seed)
    edge = np.array([4_999_999, 5_000_000, 5_000_001, 50_000_000, 100_000_000])
    pick = lambda hi: np.where(r.random(n) < 0.3, r.choice(edge, n), r.integers(0, hi, n))  # noqa: E731
    return pl.DataFrame(
        {
            "能源资源类产品进口额": pick(100_000_000),
            "商品落地率": np.round(np.where(r.random(n) < 0.2, 0.5, r.random(n)), 6),
            "煤炭进口落地量": np.where(
                r.random(n) < 0.3, r.choice([4999, 5000, 5001, 20000], n), r.integers(0, 40_000, n)
            ),
            "本地加工产品出口额": pick(80_000_000),
            "出口业务银行手续费": r.integers(0, 2_000_000, n),
            "贸易额": pick(100_000_000),
            "上年贸易额": pick(100_000_000),
            "当年新引入": r.random(n) < 0.1,
            "生产加工型外贸企业": r.random(n) < 0.9,
        }
    )


def by_hand(frame: pl.DataFrame) -> np.ndarray:
    """Jixi 五 per firm in integer 分, written from the policy text (caps 100万元 / 50万元, 200万元 in all)."""
    g = {c: frame[c].to_numpy() for c in frame.columns}
    imp, x, tr = g["能源资源类产品进口额"] * 100, g["本地加工产品出口额"] * 100, g["贸易额"] * 100
    tons = g["煤炭进口落地量"]
    energy = np.where((imp >= 500_000_000) & (g["商品落地率"] > 0.5), np.minimum(imp * 2 // 100, 100_000_000), 0)
    coal = np.where(tons >= 5000, np.minimum(tons * 5000, 100_000_000), 0)
    export = np.where(x >= 500_000_000, np.minimum(x * 2 // 100, 100_000_000), 0)
    fees = np.where(x >= 500_000_000, np.minimum(g["出口业务银行手续费"] * 100 // 2, 50_000_000), 0)
    steps = np.maximum(tr - g["上年贸易额"] * 100, 0) // 100_000_000 * 2_000_000
    cap = np.where(g["当年新引入"], 100_000_000, 50_000_000)
    increase = np.where(g["生产加工型外贸企业"] & (tr >= 500_000_000), np.minimum(steps, cap), 0)
    return np.asarray(np.minimum(energy + coal + export + fees + increase, 200_000_000))


def clause_args() -> list[str]:
    return [a for c in ARTICLE_5 for a in ("--clause", c)]


@pytest.mark.parametrize("seed", [1, 2])
def test_parquet_in_parquet_out_is_the_api_and_the_hand_written_total(run, tmp_path, seed):
    from policylang import load_policy
    from policylang.readers.cases import parse_setting
    from policylang.tools.batch import evaluate_population

    frame = population(3_000, seed)
    source = tmp_path / "pop.parquet"
    frame.write_parquet(source)
    code, _, err = run("batch", JIXI, source, "-o", tmp_path / "out.parquet", "--set", SETTING, *clause_args())
    assert code == 0, err
    out = pl.read_parquet(tmp_path / "out.parquet")
    policy = load_policy(JIXI)
    api = evaluate_population(policy, frame, dict([parse_setting(SETTING, policy)]), only=ARTICLE_5)
    assert (
        out.columns
        == api.columns
        == [
            *[f"{c}{s}" for c in ARTICLE_5 for s in ("[分]", ":状态")],
            "合计[分]",
            "可确定",
        ]
    )
    assert out.equals(api)  # same dtypes (Int64 分, the status Enum), same values
    assert np.array_equal(out["合计[分]"].to_numpy(), by_hand(frame))
    assert out["可确定"].all()


def test_a_streamed_chunk_tallies_as_one_held_in_memory(run, tmp_path):
    """No row can be undetermined here, so with -o x.parquet each chunk's tallies and part are computed by the
    streaming engine; with -o x.csv (and without -o) the outcome is held whole: the summaries must agree."""
    import json

    frame = population(2_000, 6)
    source = tmp_path / "pop.parquet"
    frame.write_parquet(source)
    base = ["batch", JIXI, source, "--set", SETTING, "--format", "json", "--chunk-rows", "700", *clause_args()]
    summaries = []
    for out in ("out.parquet", "out.csv", None):
        code, text, err = run(*base, *(["-o", tmp_path / out] if out else []))
        assert code == 0, err
        summaries.append(json.loads(text))
    assert summaries[0] == summaries[1] == summaries[2]
    assert summaries[0]["population"]["chunks"] == 3 and summaries[0]["distribution"]["recipients"] > 0
    assert pl.read_parquet(tmp_path / "out.parquet")["合计[分]"].sum() == int(
        pl.read_csv(tmp_path / "out.csv")["合计[元]"].cast(pl.Decimal(20, 2)).sum() * 100
    )


def test_a_full_disk_while_streaming_a_part_is_a_message(run, tmp_path, monkeypatch):
    import errno

    def full(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    source = tmp_path / "pop.parquet"
    population(500, 7).write_parquet(source)
    monkeypatch.setattr(pl.LazyFrame, "sink_parquet", full)  # what a streamed part is written by
    code, _, err = run("batch", JIXI, source, "-o", tmp_path / "out.parquet", "--set", SETTING, *clause_args())
    assert code == 2 and "F003" in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pop.parquet"]


def test_columns_the_policy_does_not_read_are_left_out_and_still_noted(run, tmp_path):
    """A Parquet file with columns no fact names: the result and the notes are those of the file without them
    (a name near a fact is still noted, as when the column is read)."""
    import json

    frame = population(300, 8)
    wide = frame.with_columns(pl.lit("x").alias("备注"), pl.col("贸易额").alias("贸易额度"), pl.lit(1).alias("__tmp"))
    frame.write_parquet(tmp_path / "narrow.parquet")
    wide.write_parquet(tmp_path / "wide.parquet")
    base = ["batch", JIXI, "--set", SETTING, "--format", "json", *clause_args()]
    found = []
    for name in ("narrow", "wide"):
        code, text, err = run(
            *base[:2], tmp_path / f"{name}.parquet", *base[2:], "-o", tmp_path / f"{name}.out.parquet"
        )
        assert code == 0, err
        found.append(json.loads(text))
    assert pl.read_parquet(tmp_path / "wide.out.parquet").equals(pl.read_parquet(tmp_path / "narrow.out.parquet"))
    assert found[0]["clauses"] == found[1]["clauses"] and found[0]["total"] == found[1]["total"]
    assert found[0]["notes"] == [] and any("贸易额度" in n for n in found[1]["notes"])


def test_a_file_read_in_chunks_gives_one_file_equal_to_one_chunk(run, tmp_path):
    frame = population(2_500, 3)
    source = tmp_path / "pop.parquet"
    frame.write_parquet(source, row_group_size=400)  # row groups that do not line up with the chunks
    base = ["batch", JIXI, source, "--set", SETTING]
    assert run(*base, "-o", tmp_path / "whole.parquet")[0] == 0
    code, _, err = run(*base, "-o", tmp_path / "chunked.parquet", "--chunk-rows", "700")  # 4 parts, joined
    assert code == 0, err
    whole, chunked = pl.read_parquet(tmp_path / "whole.parquet"), pl.read_parquet(tmp_path / "chunked.parquet")
    assert chunked.height == 2_500 and chunked.equals(whole)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["chunked.parquet", "pop.parquet", "whole.parquet"]


def test_a_bad_row_in_a_later_chunk_leaves_no_part_behind(run, tmp_path):
    frame = population(1_000, 4).with_columns(pl.col("煤炭进口落地量").cast(pl.Float64))
    frame = frame.with_columns(
        pl.when(pl.int_range(pl.len()) == 900).then(-1.0).otherwise(pl.col("煤炭进口落地量")).alias("煤炭进口落地量")
    )
    source = tmp_path / "pop.parquet"
    frame.write_parquet(source)
    code, _, err = run("batch", JIXI, source, "-o", tmp_path / "out.parquet", "--chunk-rows", "300", "--set", SETTING)
    assert code == 2 and "第 901 行" in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pop.parquet"]  # no output, no part


def test_an_empty_parquet_file_gives_an_empty_result_with_its_columns(run, tmp_path):
    source = tmp_path / "pop.parquet"
    population(10, 5).clear().drop("贸易额").write_parquet(source)
    code, _, err = run("batch", JIXI, source, "-o", tmp_path / "out.parquet", "--set", SETTING, *clause_args())
    assert code == 0, err
    out = pl.read_parquet(tmp_path / "out.parquet")
    assert out.height == 0 and out.columns[-2:] == ["合计[分]", "可确定"] and len(out.columns) == 12


@pytest.mark.skipif(not (SHARED_BENCH / "pairs.py").is_file(), reason="../shared/bench is not beside this checkout")
def test_the_benchmark_quick_mode_runs_and_is_exact():
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    bin_dir = str(Path(sys.executable).parent)
    env["PATH"] = bin_dir + os.pathsep + env.get("PATH", "")
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "batch_jixi.py"), "--quick"],
        capture_output=True,
        text=True,
        env=env,
        timeout=240,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "exact to the fen against the numpy reference: policylang batch True, polars reference True" in done.stdout
    assert "same columns True (12), every column equal and totals exact True" in done.stdout
    for target in ("batch API wall", "batch API CPU", "CLI wall", "CLI peak RSS"):
        assert any(line.strip().startswith(target) and "MET" in line for line in done.stdout.splitlines())
