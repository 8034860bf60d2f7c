"""`batch --report report.html` and `diff --report report.html`: the figures those commands already
computed, as one chart description each (report/charts.py), drawn to a self-contained HTML page.

batch: the distribution of awards (from the recipients' totals batch keeps for its quantiles), each
clause's cost against the fund line (资金 in the header), and the mass not determinable (each
clause's known caps for its undetermined enterprises). diff: a waterfall from the old total through
each clause's change to the new total, and how many enterprises gain, lose or stay the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from policylang.errors import Diagnostic, Msg, PolicyError

BINS = 20
REPORT_SUFFIXES = (".html", ".json")


def check_report_path(path: str) -> None:
    """G012 before any work is done: the report is an HTML page (or its chart description, .json)."""
    from policylang.tools.plot.render import option_span

    if Path(path).suffix.lower() not in REPORT_SUFFIXES:
        raise PolicyError(
            Diagnostic(
                "G012",
                Msg("plot.report_suffix", path=path),
                option_span("--report", path),
                suggestion=Msg("plot.report_suffix.hint"),
            )
        )


@dataclass(frozen=True)
class ClauseCost:
    citation: str
    title: str
    paid: Fraction  # yuan
    undetermined_at_most: Fraction  # yuan: the known caps of its undetermined enterprises
    undetermined: int  # enterprises


@dataclass(frozen=True)
class BatchFigures:
    title: str
    source: str
    enterprises: int
    total: Fraction
    bins: list[tuple[Fraction, Fraction, int]]  # [lo, hi) in yuan, enterprises
    recipients: int
    clauses: list[ClauseCost]
    funds: list[tuple[str, Fraction]]


def batch_figures(summary: Any) -> BatchFigures:
    """What batch's Summary holds, in yuan (it adds up in 分)."""
    from policylang.compiler.ir import Status

    undetermined = Status.UNDETERMINED.value

    values: list[int] = []
    if summary.quantiles and summary.positive:
        summary.distribution()  # sorts and joins the recipients' totals in place
        values = [int(v) for v in summary.positive[0]]
    clauses = [
        ClauseCost(c.citation, c.title, Fraction(c.total, 100), Fraction(c.bound) / 100, c.counts[undetermined])
        for c in summary.clauses.values()
    ]
    funds = [(f.name, f.amount) for f in summary.policy.funds]
    return BatchFigures(
        summary.policy.title,
        summary.source,
        summary.enterprises,
        Fraction(summary.total, 100),
        histogram(values),
        summary.recipients(),
        clauses,
        funds,
    )


def histogram(fen: list[int]) -> list[tuple[Fraction, Fraction, int]]:
    """At most BINS bins of a round width (yuan) from 0 to the largest award, counted exactly."""
    if not fen:
        return []
    from policylang.tools.plot.curve import _round_up

    top = Fraction(max(fen), 100)
    width = _round_up(top / BINS) if top > 0 else Fraction(1)
    count = int(top // width) + 1
    bins = [0] * count
    for v in fen:
        bins[min(int(Fraction(v, 100) // width), count - 1)] += 1
    return [(i * width, (i + 1) * width, n) for i, n in enumerate(bins)]


def write_batch_report(summary: Any, path: str) -> None:
    from policylang.report.charts import batch_spec
    from policylang.tools.plot import render

    render.write(path, render.draw(batch_spec(batch_figures(summary)), Path(path).suffix.lower()))


@dataclass(frozen=True)
class DiffFigures:
    old_title: str
    new_title: str
    cases: int
    old_total: Fraction
    new_total: Fraction
    changes: list[tuple[str, str, Fraction]]  # citation, title, change in yuan (non-zero ones)
    outcomes: list[tuple[str, int]]  # outcome identifier, enterprises


def diff_figures_of_cases(old: Any, new: Any, deltas: list[Any], impact: Any) -> DiffFigures:
    """From diff --cases: the determinable cases' per-clause changes, which add up to the totals'."""
    changes: dict[str, Fraction] = {}
    titles: dict[str, str] = {}
    for d in deltas:
        if not d.determinable:
            continue
        for c in d.clauses:
            changes[c.citation] = changes.get(c.citation, Fraction(0)) + c.delta
            titles[c.citation] = c.title
    return DiffFigures(
        old.title,
        new.title,
        impact.cases,
        impact.old_total,
        impact.new_total,
        [(c, titles[c], v) for c, v in changes.items() if v != 0],
        [(str(k.value), n) for k, n in impact.counts.items()],
    )


def diff_figures_of_population(old: Any, new: Any, crowd: Any) -> DiffFigures:
    """From diff --population (amounts in 分)."""
    return DiffFigures(
        old.title,
        new.title,
        crowd.enterprises,
        Fraction(crowd.old_total, 100),
        Fraction(crowd.new_total, 100),
        [(c.citation, c.title, Fraction(c.delta, 100)) for c in crowd.clauses.values() if c.delta != 0],
        [(k, n) for k, n in crowd.counts.items()],
    )


def write_diff_report(figures: DiffFigures, path: str) -> None:
    from policylang.report.charts import diff_spec
    from policylang.tools.plot import render

    render.write(path, render.draw(diff_spec(figures), Path(path).suffix.lower()))


def needs_cases() -> PolicyError:
    return PolicyError(
        Diagnostic("G013", Msg("plot.report_needs_cases"), suggestion=Msg("plot.report_needs_cases.hint"))
    )
