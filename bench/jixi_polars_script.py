"""The hand-written polars script `bench/batch_jixi.py` runs the CLI against, end to end.

    python bench/jixi_polars_script.py POPULATION.parquet RESULT.parquet

What a programmer would write by hand for Jixi 2023 五 on the benchmark's population file (the columns of
policies/jixi.pol's facts, whole 元 / 吨 as integers, 商品落地率 a fraction): each clause in integer 分,
the 200万元 article cap taken up in the order the policy lists the clauses, and the same per-firm columns
`policylang batch -o` writes (`<条款>[分]`, `<条款>:状态`, `合计[分]`, `可确定`), read and written by polars
itself in one lazy query. It knows what policylang has to find out (that every value is a whole 元, that
nothing overflows Int64, that no firm is undetermined), which is why it is the limit.
"""

from __future__ import annotations

import sys

import polars as pl

CLAUSES = ["五(一)1", "五(一)2", "五(二)1", "五(二)2", "五(三)"]
STATUS = pl.Enum(["ineligible", "zero", "paid", "undetermined", "excluded"])
CAP_1M, ARTICLE_CAP = 100_000_000, 200_000_000  # 分


def query(frame: pl.LazyFrame) -> pl.LazyFrame:
    fen = lambda c: pl.col(c) * 100  # noqa: E731 - a hand-written script, as one would write it
    imp, x, tr = fen("能源资源类产品进口额"), fen("本地加工产品出口额"), fen("贸易额")
    tons = pl.col("煤炭进口落地量")
    rules = {  # clause → (conditions, own amount after its cap)
        "五(一)1": ((imp >= 500_000_000) & (pl.col("商品落地率") > 0.5), pl.min_horizontal(imp * 2 // 100, CAP_1M)),
        "五(一)2": (tons >= 5000, pl.min_horizontal(tons * 5000, CAP_1M)),
        "五(二)1": (x >= 500_000_000, pl.min_horizontal(x * 2 // 100, CAP_1M)),
        "五(二)2": (x >= 500_000_000, pl.min_horizontal(fen("出口业务银行手续费") // 2, 50_000_000)),
        "五(三)": (
            pl.col("生产加工型外贸企业") & (tr >= 500_000_000),
            pl.min_horizontal(
                pl.max_horizontal(tr - fen("上年贸易额"), 0) // 100_000_000 * 2_000_000,
                pl.when(pl.col("当年新引入")).then(100_000_000).otherwise(50_000_000),
            ),
        ),
    }
    columns: list[pl.Expr] = []
    remaining: pl.Expr = pl.lit(ARTICLE_CAP)
    paid = []
    for c in CLAUSES:
        ok, own = rules[c]
        own = pl.when(ok).then(own).otherwise(0)
        allowed = pl.min_horizontal(own, remaining)  # the article cap, taken up in order
        status = (
            pl.when(~ok).then(pl.lit("ineligible")).when(allowed == 0).then(pl.lit("zero")).otherwise(pl.lit("paid"))
        )
        remaining = remaining - allowed
        columns += [allowed.alias(f"{c}[分]"), status.cast(STATUS).alias(f"{c}:状态")]
        paid.append(allowed)
    columns += [pl.sum_horizontal(paid).alias("合计[分]"), pl.lit(True).alias("可确定")]
    return frame.select(columns)


if __name__ == "__main__":
    source, target = sys.argv[1], sys.argv[2]
    query(pl.scan_parquet(source)).sink_parquet(target)
