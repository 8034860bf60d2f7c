"""What a finance bureau asks of a population run: how many enterprises each clause pays, what it
costs, whether it fits the fund, and how the awards are spread — accumulated chunk by chunk.

JSON schema (version 1), amounts as exact decimal strings in 元:
    {"schema": "policylang.batch/1",
     "policy": {"title", "doc_number", "source"}, "population": {"source", "enterprises", "chunks"},
     "assumed": {name: shown value},
     "clauses": [{"citation", "title", "eligible", "enterprises": {status: count}, "total",
                  "undetermined": null | {"enterprises", "unspecified": [{"name", "note"}], "at_most",
                                          "known_caps", "without_cap", "failed"},
                  "exact_path": null | reason, "exact_rows": rows redone by the evaluator}],
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
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import polars as pl

from policylang.backends.exact import EXCLUDED, PAID, UNDETERMINED, ZERO
from policylang.compiler import ir
from policylang.errors import display_width
from policylang.frontend.units import fraction_text, money_text
from policylang.report.i18n import t
from policylang.tools.batch.engine import STATUSES, TOTAL, Outcome, amount_column, status_column

SCHEMA = "policylang.batch/1"
QUANTILES = (  # (JSON key, label or catalogue key, q)
    ("p10", "P10", 0.10),
    ("p25", "P25", 0.25),
    ("median", "batch.summary.median", 0.50),
    ("p75", "P75", 0.75),
    ("p90", "P90", 0.90),
    ("p99", "P99", 0.99),
)


def quantile_label(label: str) -> str:
    return t(label) if label.startswith("batch.") else label


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
    exact_rows: int = 0  # rows the exact evaluator redid (a fine sum left a cap or the rounding undecided)

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
        self.positive: list[pl.Series] = []  # each recipient's total (8 bytes each), for the quantiles
        self.positive_sum = 0
        self.recipient_count = 0
        self.quantiles = quantiles  # False: keep no per-enterprise totals, so memory is bounded by the chunk alone
        self.notes: list[str] = []

    # ------------------------------------------------------------------ accumulating
    def add(self, outcome: Outcome) -> None:
        frame = outcome.frame
        if frame.height == 0:
            self.absorb(None, 0, outcome.upper_scales, outcome.exact_paths, None, outcome.exact_rows)
            return
        row = frame.select(self.tally(frame.columns)).row(0, named=True)
        positive = None
        if row["positive_count"] and self.quantiles:  # polars, not numpy: the CLI need not import it
            positive = frame.select(self.positive_totals()).to_series()
        self.absorb(row, frame.height, outcome.upper_scales, outcome.exact_paths, positive, outcome.exact_rows)

    def queries(self, query: pl.LazyFrame) -> list[pl.LazyFrame]:
        """What `add` computes, as lazy queries over an outcome not yet computed (tools/batch/engine.py's
        Planned): the tallies, and the recipients' totals for the quantiles; `absorb` takes their results."""
        out = [query.select(self.tally(query.collect_schema().names()))]
        if self.quantiles:
            out.append(query.select(self.positive_totals()))
        return out

    def positive_totals(self) -> pl.Expr:
        total = pl.col(TOTAL).filter(pl.col(TOTAL) > 0)
        return total.cast(pl.Int64)

    def tally(self, columns: Sequence[str]) -> list[pl.Expr]:
        """The counts and sums of one chunk, as one row of aggregates over its outcome's columns."""
        exprs: list[pl.Expr] = [
            pl.col(TOTAL).cast(pl.Int128).sum().alias("total"),
            (~pl.col("可确定")).sum().alias("undetermined"),
            # the recipients' sum and count in the same pass over the chunk as the rest
            pl.col(TOTAL).filter(pl.col(TOTAL) > 0).cast(pl.Int128).sum().alias("positive_sum"),
            (pl.col(TOTAL) > 0).sum().alias("positive_count"),
        ]
        for c in self.clauses:
            status = pl.col(status_column(c))
            for s in STATUSES:
                exprs.append((status == s).sum().alias(f"{c}\0{s}"))
            exprs.append(pl.col(amount_column(c)).cast(pl.Int128).sum().alias(f"{c}\0sum"))
            bound = f"__ub:{c}"
            if bound in columns:
                exprs.append(pl.col(bound).cast(pl.Int128).sum().alias(f"{c}\0bound"))
                exprs.append(((status == UNDETERMINED) & pl.col(bound).is_null()).sum().alias(f"{c}\0unbounded"))
            else:
                exprs.append((status == UNDETERMINED).sum().alias(f"{c}\0unbounded"))
            if f"__err:{c}" in columns:
                exprs.append(pl.col(f"__err:{c}").sum().alias(f"{c}\0failed"))
        return exprs

    def absorb(
        self,
        row: dict[str, Any] | None,
        height: int,
        upper_scales: dict[str, Fraction],
        exact_paths: dict[str, str],
        positive: pl.Series | None = None,
        exact_rows: dict[str, int] | None = None,
    ) -> None:
        """One chunk's tallies (`tally`'s row; None for a chunk without rows) added to the run's."""
        self.chunks += 1
        self.enterprises += height
        if row is None or height == 0:
            return
        self.total += int(row["total"] or 0)
        self.undetermined_enterprises += int(row["undetermined"] or 0)
        for c, tally in self.clauses.items():
            for s in STATUSES:
                tally.counts[s] += int(row[f"{c}\0{s}"])
            tally.total += int(row[f"{c}\0sum"] or 0)
            if f"{c}\0bound" in row and row[f"{c}\0bound"] is not None:
                tally.bound += int(row[f"{c}\0bound"]) * upper_scales[c] * 100
            tally.unbounded += int(row[f"{c}\0unbounded"])
            tally.failed += int(row.get(f"{c}\0failed") or 0)
            if c in exact_paths:
                tally.exact_path = exact_paths[c]
            tally.exact_rows += (exact_rows or {}).get(c, 0)
        if row["positive_count"]:
            if self.quantiles and positive is not None:
                self.positive.append(positive)
            self.positive_sum += int(row["positive_sum"] or 0)
            self.recipient_count += int(row["positive_count"])

    # ------------------------------------------------------------------ figures
    def recipients(self) -> int:
        return self.recipient_count

    def distribution(self) -> dict[str, int | Fraction] | None:
        if not self.positive:
            return None
        values = (pl.concat(self.positive, rechunk=True) if len(self.positive) > 1 else self.positive[0]).sort()
        self.positive = [values]
        n = values.len()
        out: dict[str, int | Fraction] = {"min": int(values[0])}
        for key, _, q in QUANTILES:
            rank = max(math.ceil(q * n), 1)  # nearest rank: an actual award
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

    def fund_warnings(self) -> list[str]:
        """Each fund the awards exceed (the command also says these on stderr)."""
        return [
            t(
                "batch.warning.fund_exceeded",
                needed=shown(f["needed"]),
                name=f["name"],
                amount=shown(f["amount"]),
                over=shown(f["over_by"]),
                share=percent(f["share"]),
            )
            for f in self.funds()
            if f["exceeded"]
        ]

    def warnings(self) -> list[str]:
        out = self.fund_warnings()
        undetermined = [c for c in self.clauses.values() if c.counts[UNDETERMINED]]
        if undetermined and self.policy.funds:
            names = t("batch.summary.name_separator").join(c.citation for c in undetermined)
            out.append(t("batch.warning.undetermined_left_out", clauses=names))
        return out

    def unspecified(self, citation: str) -> list[tuple[str, str]]:
        plan = next(p for p in self.plans if p.citation == citation)
        names = [n for n in self.policy.params if n in plan.unspecified and n not in dict(self.assumed)]
        return [(n, self.policy.params[n].note or "") for n in names]

    # ------------------------------------------------------------------ JSON
    def as_json(self) -> dict[str, Any]:
        p = self.policy
        clauses = []
        for c in self.clauses.values():
            undetermined = None
            if c.counts[UNDETERMINED]:
                undetermined = {
                    "enterprises": c.counts[UNDETERMINED],
                    "unspecified": [{"name": n, "note": note} for n, note in self.unspecified(c.citation)],
                    "at_most": None if c.unbounded else yuan(c.bound),
                    "known_caps": yuan(c.bound),
                    "without_cap": c.unbounded,
                    "failed": c.failed,
                }
            clauses.append(
                {
                    "citation": c.citation,
                    "title": c.title,
                    "eligible": c.eligible,
                    "enterprises": dict(c.counts),
                    "total": yuan(c.total),
                    "undetermined": undetermined,
                    "exact_path": c.exact_path,
                    "exact_rows": c.exact_rows,
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
        doc = t("batch.summary.doc_number", doc_number=p.doc_number) if p.doc_number else ""
        lines = [
            t("batch.summary.policy", title=p.title) + doc,
            t("batch.summary.population", source=self.source, count=f"{self.enterprises:,}"),
        ]
        comma = t("batch.summary.list_separator")
        if self.assumed:
            lines.append(t("batch.summary.assumed", values=comma.join(f"{n} = {v}" for n, v in self.assumed)))
        lines.append("")
        header = tuple(
            t(f"batch.summary.header.{k}") for k in ("citation", "title", "eligible", "paid", "undetermined", "total")
        )
        rows = [
            (
                c.citation,
                c.title,
                f"{c.eligible:,}",
                f"{c.counts[PAID]:,}",
                f"{c.counts[UNDETERMINED]:,}",
                shown(c.total),
            )
            for c in self.clauses.values()
        ]
        lines += table(header, rows, right=(2, 3, 4, 5))
        lines.append("")
        lines.append(t("batch.summary.total", total=shown(self.total), recipients=f"{self.recipients():,}"))
        for f in self.funds():
            lines.append(
                t(
                    "batch.summary.fund",
                    name=f["name"],
                    amount=shown(f["amount"]),
                    needed=shown(f["needed"]),
                    share=percent(f["share"]),
                )
            )
        for w in self.warnings():
            lines.append(t("batch.summary.warning", warning=w))
        dist = self.distribution()
        if not self.quantiles and self.recipients():
            lines.append("")
            lines.append(t("batch.summary.mean_only", mean=mean_text(Fraction(self.positive_sum, self.recipients()))))
        if dist is not None:
            lines.append("")
            lines.append(t("batch.summary.distribution", recipients=f"{self.recipients():,}"))
            parts = [f"{t('batch.summary.min')} {shown(dist['min'])}"]
            parts += [f"{quantile_label(label)} {shown(dist[key])}" for key, label, _ in QUANTILES]
            parts += [
                f"{t('batch.summary.max')} {shown(dist['max'])}",
                f"{t('batch.summary.mean')} {mean_text(dist['mean'])}",
            ]
            lines.append("  " + comma.join(parts))
        lines += self.undetermined_lines()
        exact = [c for c in self.clauses.values() if c.exact_path]
        if exact:
            lines.append("")
            for c in exact:
                lines.append(t("batch.summary.exact_path", citation=c.citation, reason=c.exact_path))
        redone = [c for c in self.clauses.values() if c.exact_rows]
        if redone:
            lines.append("")
            for c in redone:
                lines.append(t("batch.summary.exact_rows", citation=c.citation, count=f"{c.exact_rows:,}"))
        lines += [t("batch.summary.note", note=n) for n in self.notes]
        return "\n".join(lines)

    def undetermined_lines(self) -> list[str]:
        undetermined = [c for c in self.clauses.values() if c.counts[UNDETERMINED]]
        if not undetermined:
            return []
        lines = ["", t("batch.summary.undetermined")]
        for c in undetermined:
            if not c.unbounded:
                bound = t("batch.summary.bound.all", bound=shown(c.bound))
            elif c.unbounded < c.counts[UNDETERMINED]:
                bound = t("batch.summary.bound.some", count=f"{c.unbounded:,}", bound=shown(c.bound))
            else:
                bound = t("batch.summary.bound.none")
            count = f"{c.counts[UNDETERMINED]:,}"
            lines.append(
                t("batch.summary.undetermined.clause", citation=c.citation, title=c.title, count=count, bound=bound)
            )
            if c.failed:
                lines.append(t("batch.summary.undetermined.failed", count=f"{c.failed:,}"))
            for name, note in self.unspecified(c.citation):
                shown_note = t("batch.summary.undetermined.note", note=note) if note else ""
                lines.append(t("batch.summary.undetermined.unspecified", name=name, note=shown_note))
        return lines


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
    return t("batch.summary.about", value=f"{fraction_text(Fraction(round(value * 10), 10))}%")


def mean_text(mean: int | Fraction) -> str:
    """The mean award: exact when it is a whole 分, else 约 and rounded to the 分."""
    m = Fraction(mean)
    if m.denominator == 1:
        return shown(m)
    return t("batch.summary.about", value=shown(round(m)))


def table(header: tuple[str, ...], rows: Sequence[tuple[str, ...]], right: tuple[int, ...]) -> list[str]:
    widths = [max(display_width(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def cell(text: str, i: int) -> str:
        pad = " " * (widths[i] - display_width(text))
        return pad + text if i in right else text + pad

    out = ["  ".join(cell(h, i) for i, h in enumerate(header)).rstrip()]
    out.append("  ".join("─" * w for w in widths))
    out += ["  ".join(cell(c, i) for i, c in enumerate(r)).rstrip() for r in rows]
    return out


__all__ = ["SCHEMA", "Summary"]
