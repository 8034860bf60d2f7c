"""What a finance bureau asks of a population run: how many enterprises each clause pays, what it
costs, whether it fits the fund, and how the awards are spread — accumulated chunk by chunk.

JSON schema (version 1), amounts as exact decimal strings in 元:
    {"schema": "policylang.batch/1",
     "policy": {"title", "doc_number", "source"}, "population": {"source", "enterprises", "chunks"},
     "assumed": {name: shown value},
     "clauses": [{"citation", "title", "eligible", "enterprises": {status: count}, "total",
                  "undetermined": null | {"enterprises", "unspecified": [{"name", "note"}], "at_most",
                                          "known_caps", "without_cap", "failed"},
                  "exact_path": null | reason}],
     "total", "recipients", "determinable",
     "funds": [{"name", "amount", "needed", "share" (needed ÷ amount), "exceeded", "over_by"}],
     "distribution": null | {"recipients", "min", "p10", "p25", "median", "p75", "p90", "p99", "max", "mean"},
     "warnings": [...], "notes": [...]}
`eligible` counts the enterprises whose conditions hold (paid, zero or excluded); `total` is what
the determinable awards cost; `at_most` bounds the undetermined ones by their caps (null when some
have no known cap: `without_cap` of them; `known_caps` sums the others); `failed` counts those the
evaluation cannot carry out (a date before a table's first row, a division by 0).
Quantiles are nearest-rank over the enterprises with a positive total, so each is an actual award.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np
import polars as pl

from policylang.compiler import ir
from policylang.errors import display_width
from policylang.backends.exact import EXCLUDED, PAID, UNDETERMINED, ZERO
from policylang.frontend.units import fraction_text, money_text
from policylang.tools.batch.engine import STATUSES, TOTAL, Outcome, amount_column, status_column

SCHEMA = "policylang.batch/1"
QUANTILES = (
    ("p10", "P10", 0.10),
    ("p25", "P25", 0.25),
    ("median", "中位数", 0.50),
    ("p75", "P75", 0.75),
    ("p90", "P90", 0.90),
    ("p99", "P99", 0.99),
)


def yuan(fen: int | Fraction) -> str:
    """Exact decimal 元 for JSON: 123456 分 → "1234.56"."""
    value = Fraction(fen) / 100
    if (value * 100).denominator == 1:
        cents = int(value * 100)
        sign = "-" if cents < 0 else ""
        whole, rest = divmod(abs(cents), 100)
        return f"{sign}{whole}.{rest:02d}"
    return fraction_text(value, 6).lstrip("≈")


def shown(fen: int | Fraction, currency: str = "元") -> str:
    return money_text(Fraction(fen) / 100, currency)


@dataclass
class ClauseTally:
    citation: str
    title: str
    counts: dict[str, int] = field(default_factory=lambda: {s: 0 for s in STATUSES})
    total: int = 0  # 分
    bound: Fraction = Fraction(0)  # 分: the undetermined awards' caps, summed
    unbounded: int = 0  # undetermined enterprises without a known cap
    failed: int = 0  # undetermined because the evaluation cannot be carried out (a date before a table…)
    exact_path: str | None = None

    @property
    def eligible(self) -> int:
        return self.counts[PAID] + self.counts[ZERO] + self.counts[EXCLUDED]


class Summary:
    """Counts and sums that add up across chunks; the positive totals are kept for the quantiles."""

    def __init__(
        self,
        policy: ir.CompiledPolicy,
        plans: list[ir.ClausePlan],
        source: str,
        assumed: list[tuple[str, str]] | None = None,
        quantiles: bool = True,
    ):
        self.policy = policy
        self.plans = plans
        self.source = source
        self.assumed = assumed or []
        self.clauses = {p.citation: ClauseTally(p.citation, p.title) for p in plans}
        self.enterprises = 0
        self.chunks = 0
        self.total = 0
        self.undetermined_enterprises = 0
        self.positive: list[np.ndarray] = []  # each recipient's total (8 bytes each), for the quantiles
        self.positive_sum = 0
        self.recipient_count = 0
        self.quantiles = quantiles  # False: keep no per-enterprise totals, so memory is bounded by the chunk alone
        self.notes: list[str] = []

    # ------------------------------------------------------------------ accumulating
    def add(self, outcome: Outcome) -> None:
        frame = outcome.frame
        self.chunks += 1
        self.enterprises += frame.height
        if frame.height == 0:
            return
        exprs: list[pl.Expr] = [
            pl.col(TOTAL).cast(pl.Int128).sum().alias("total"),
            (~pl.col("可确定")).sum().alias("undetermined"),
        ]
        for c in self.clauses:
            status = pl.col(status_column(c))
            for s in STATUSES:
                exprs.append((status == s).sum().alias(f"{c}\0{s}"))
            exprs.append(pl.col(amount_column(c)).cast(pl.Int128).sum().alias(f"{c}\0sum"))
            bound = f"__ub:{c}"
            if bound in frame.columns:
                exprs.append(pl.col(bound).cast(pl.Int128).sum().alias(f"{c}\0bound"))
                exprs.append(((status == UNDETERMINED) & pl.col(bound).is_null()).sum().alias(f"{c}\0unbounded"))
            else:
                exprs.append((status == UNDETERMINED).sum().alias(f"{c}\0unbounded"))
            if f"__err:{c}" in frame.columns:
                exprs.append(pl.col(f"__err:{c}").sum().alias(f"{c}\0failed"))
        row = frame.select(exprs).row(0, named=True)
        self.total += int(row["total"] or 0)
        self.undetermined_enterprises += int(row["undetermined"] or 0)
        for c, tally in self.clauses.items():
            for s in STATUSES:
                tally.counts[s] += int(row[f"{c}\0{s}"])
            tally.total += int(row[f"{c}\0sum"] or 0)
            if f"{c}\0bound" in row and row[f"{c}\0bound"] is not None:
                tally.bound += int(row[f"{c}\0bound"]) * outcome.upper_scales[c] * 100
            tally.unbounded += int(row[f"{c}\0unbounded"])
            tally.failed += int(row.get(f"{c}\0failed") or 0)
            if c in outcome.exact_paths:
                tally.exact_path = outcome.exact_paths[c]
        positive = frame[TOTAL].filter(frame[TOTAL] > 0)
        if positive.len():
            if self.quantiles:
                self.positive.append(positive.to_numpy().astype(np.int64, copy=False))
            self.positive_sum += int(positive.cast(pl.Int128).sum())
            self.recipient_count += positive.len()

    # ------------------------------------------------------------------ figures
    def recipients(self) -> int:
        return self.recipient_count

    def distribution(self) -> dict[str, int | Fraction] | None:
        if not self.positive:
            return None
        values = np.concatenate(self.positive) if len(self.positive) > 1 else self.positive[0]
        if not values.flags.writeable:  # a view of polars' memory
            values = values.copy()
        values.sort()  # in place
        self.positive = [values]
        n = values.size
        out: dict[str, int | Fraction] = {"min": int(values[0])}
        for key, _, q in QUANTILES:
            rank = max(int(np.ceil(q * n)), 1)  # nearest rank: an actual award
            out[key] = int(values[rank - 1])
        out["max"] = int(values[-1])
        out["mean"] = Fraction(self.positive_sum, n)
        return out

    def funds(self) -> list[dict[str, Any]]:
        out = []
        for fund in self.policy.funds:
            amount = fund.amount * 100
            share = Fraction(self.total) / amount if amount else None
            out.append(
                {
                    "name": fund.name,
                    "amount": amount,
                    "needed": self.total,
                    "share": share,
                    "exceeded": self.total > amount,
                    "over_by": max(self.total - amount, Fraction(0)),
                }
            )
        return out

    def warnings(self) -> list[str]:
        out = []
        for f in self.funds():
            if f["exceeded"]:
                out.append(
                    f"超出资金：全部企业申报时需 {shown(f['needed'])}，超过“{f['name']}” "
                    f"{shown(f['amount'])} 共 {shown(f['over_by'])}（为资金的 {percent(f['share'])}）"
                )
        undetermined = [t for t in self.clauses.values() if t.counts[UNDETERMINED]]
        if undetermined and self.policy.funds:
            out.append(
                "以上金额不含不可确定的条款（" + "、".join(t.citation for t in undetermined) + "），实际所需可能更多"
            )
        return out

    def unspecified(self, citation: str) -> list[tuple[str, str]]:
        plan = next(p for p in self.plans if p.citation == citation)
        names = [n for n in self.policy.params if n in plan.unspecified and n not in dict(self.assumed)]
        return [(n, self.policy.params[n].note or "") for n in names]

    # ------------------------------------------------------------------ JSON
    def as_json(self) -> dict[str, Any]:
        p = self.policy
        clauses = []
        for t in self.clauses.values():
            undetermined = None
            if t.counts[UNDETERMINED]:
                undetermined = {
                    "enterprises": t.counts[UNDETERMINED],
                    "unspecified": [{"name": n, "note": note} for n, note in self.unspecified(t.citation)],
                    "at_most": None if t.unbounded else yuan(t.bound),
                    "known_caps": yuan(t.bound),
                    "without_cap": t.unbounded,
                    "failed": t.failed,
                }
            clauses.append(
                {
                    "citation": t.citation,
                    "title": t.title,
                    "eligible": t.eligible,
                    "enterprises": dict(t.counts),
                    "total": yuan(t.total),
                    "undetermined": undetermined,
                    "exact_path": t.exact_path,
                }
            )
        dist = self.distribution()
        distribution = None
        if dist is not None:
            distribution = {"recipients": self.recipients(), **{k: yuan(v) for k, v in dist.items()}}
        funds = [
            {
                "name": f["name"],
                "amount": yuan(f["amount"]),
                "needed": yuan(f["needed"]),
                "share": None if f["share"] is None else share_text(f["share"]),
                "exceeded": f["exceeded"],
                "over_by": yuan(f["over_by"]),
            }
            for f in self.funds()
        ]
        return {
            "schema": SCHEMA,
            "policy": {"title": p.title, "doc_number": p.doc_number, "source": p.source_name},
            "population": {"source": self.source, "enterprises": self.enterprises, "chunks": self.chunks},
            "assumed": dict(self.assumed),
            "clauses": clauses,
            "total": yuan(self.total),
            "recipients": self.recipients(),
            "determinable": self.undetermined_enterprises == 0,
            "funds": funds,
            "distribution": distribution,
            "warnings": self.warnings(),
            "notes": self.notes,
        }

    def dumps(self) -> str:
        return json.dumps(self.as_json(), ensure_ascii=False, indent=2)

    # ------------------------------------------------------------------ text
    def text(self) -> str:
        p = self.policy
        lines = [
            f"政策：{p.title}" + (f"（{p.doc_number}）" if p.doc_number else ""),
            f"人群：{self.source}，共 {self.enterprises:,} 家企业",
        ]
        if self.assumed:
            lines.append("假定值（--set）：" + "，".join(f"{n} = {v}" for n, v in self.assumed))
        lines.append("")
        header = ("条款", "事项", "符合条件", "给予", "不可确定", "金额合计")
        rows = [
            (
                t.citation,
                t.title,
                f"{t.eligible:,}",
                f"{t.counts[PAID]:,}",
                f"{t.counts[UNDETERMINED]:,}",
                shown(t.total),
            )
            for t in self.clauses.values()
        ]
        lines += table(header, rows, right=(2, 3, 4, 5))
        lines.append("")
        lines.append(f"合计：{shown(self.total)}（获得奖励的企业 {self.recipients():,} 家）")
        for f in self.funds():
            lines.append(f"资金：“{f['name']}” {shown(f['amount'])}，需 {shown(f['needed'])}，占 {percent(f['share'])}")
        for w in self.warnings():
            lines.append(f"⚠ {w}")
        dist = self.distribution()
        if not self.quantiles and self.recipients():
            lines.append("")
            lines.append(
                f"每家企业平均奖励 {mean_text(Fraction(self.positive_sum, self.recipients()))}（未计算分位数：--no-quantiles）"
            )
        if dist is not None:
            lines.append("")
            lines.append(f"每家企业合计奖励的分布（获奖企业 {self.recipients():,} 家，按名次取值）：")
            parts = [f"最小 {shown(dist['min'])}"] + [f"{label} {shown(dist[key])}" for key, label, _ in QUANTILES]
            parts += [f"最大 {shown(dist['max'])}", f"平均 {mean_text(dist['mean'])}"]
            lines.append("  " + "，".join(parts))
        undetermined = [t for t in self.clauses.values() if t.counts[UNDETERMINED]]
        if undetermined:
            lines.append("")
            lines.append("不可确定：")
            for t in undetermined:
                if not t.unbounded:
                    bound = f"各自上限合计 {shown(t.bound)}"
                elif t.unbounded < t.counts[UNDETERMINED]:
                    bound = f"其中 {t.unbounded:,} 家没有已知上限，其余各自上限合计 {shown(t.bound)}"
                else:
                    bound = "没有已知上限"
                lines.append(f"  {t.citation} {t.title}：{t.counts[UNDETERMINED]:,} 家企业不可确定，{bound}")
                if t.failed:
                    lines.append(
                        f"    其中 {t.failed:,} 家无法计算（如日期早于表中最早一行、除数为0），可用 eval 逐家查看原因"
                    )
                for name, note in self.unspecified(t.citation):
                    lines.append(
                        f"    原文未规定 {name}" + (f"（{note}）" if note else "") + f"；可用 --set {name}=… 假定一个值"
                    )
        exact = [t for t in self.clauses.values() if t.exact_path]
        if exact:
            lines.append("")
            for t in exact:
                lines.append(f"注：{t.citation} 逐个企业按精确算法计算（{t.exact_path}）")
        lines += [f"注：{n}" for n in self.notes]
        return "\n".join(lines)


def share_text(share: Fraction) -> str:
    """The share of the fund as a decimal: exact when it terminates, else to 6 places."""
    text = fraction_text(share)
    return fraction_text(share, 6).lstrip("≈") if text.startswith("≈") else text


def percent(share: Fraction | None) -> str:
    """61.72% exactly when it has at most two decimals, else 约 61.7%."""
    if share is None:
        return "—"
    value = share * 100
    if (value * 100).denominator == 1:
        return f"{fraction_text(value)}%"
    return f"约 {fraction_text(Fraction(round(value * 10), 10))}%"


def mean_text(mean: int | Fraction) -> str:
    """The mean award: exact when it is a whole 分, else 约 and rounded to the 分."""
    m = Fraction(mean)
    if m.denominator == 1:
        return shown(m)
    return "约 " + shown(round(m))


def table(header: tuple[str, ...], rows: list[tuple[str, ...]], right: tuple[int, ...]) -> list[str]:
    widths = [max(display_width(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def cell(text: str, i: int) -> str:
        pad = " " * (widths[i] - display_width(text))
        return pad + text if i in right else text + pad

    out = ["  ".join(cell(h, i) for i, h in enumerate(header)).rstrip()]
    out.append("  ".join("─" * w for w in widths))
    out += ["  ".join(cell(c, i) for i, c in enumerate(r)).rstrip() for r in rows]
    return out


__all__ = ["Summary", "SCHEMA"]
