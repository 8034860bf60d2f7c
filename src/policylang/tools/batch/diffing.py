"""The cost of a revision over a whole population: both versions evaluated column by column,
enterprise by enterprise; who gains, who loses, by how much, and per clause.

    population_diff(old, new, frame) -> PopulationDiff     # a population in memory
    PopulationImpact                                        # the same figures, added up chunk by chunk

What a revision does to an enterprise and to each of its clauses is decided by the rules
`diff --cases` uses, written once in tools/outcomes.py: a clause is `no_longer_eligible` when it paid
under the old version and pays nothing under the new one (not eligible, an amount of 0 — a `上限 … 0元`
included — or no such clause), `newly_eligible` the other way round; an enterprise is `gain`, `loss`
or `same` by its total unless a clause change is `undetermined`. Clauses are matched by citation; one
that exists in only one version counts 0 (`absent`) in the other. Per enterprise, the frame has a
column `变化:<条款>` with each clause's change. JSON (under "population" in `diff --format json`):
    {"source", "enterprises", "old_total", "new_total", "delta", "gain", "loss", "same", "undetermined",
     "gained", "lost", "clauses": [{"citation", "title", "old_total", "new_total", "delta",
                                    "newly_eligible", "no_longer_eligible"}],
     "top_gainers": [{"row", "id", "old_total", "new_total", "delta"}], "top_losers": [...]}
`gained` / `lost` sum the increases and the decreases; `delta` = `gained` − `lost` = the revision's cost.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from policylang.compiler import ir
from policylang.errors import display_width
from policylang.report.i18n import t
from policylang.tools.batch.engine import TOTAL, Engine, amount_column, status_column
from policylang.tools.batch.summary import shown, yuan
from policylang.tools.outcomes import ABSENT, Outcome, classify_expr, outcome_expr, standing_expr
from policylang.tools.outcomes import ClauseChange as Moved

GAIN, LOSS, SAME, UNDETERMINED = Outcome.GAIN, Outcome.LOSS, Outcome.SAME, Outcome.UNDETERMINED
TOP = 10
IN_MEMORY = "<内存>"  # the source of a population given as a frame (JSON keeps it; text shows it translated)


def compare_frames(
    old_out: pl.DataFrame,
    new_out: pl.DataFrame,
    old: ir.CompiledPolicy,
    new: ir.CompiledPolicy,
    ids: pl.Series | None,
    first_row: int = 0,
    unchanged: frozenset[str] | None = None,
) -> pl.DataFrame:
    """Per enterprise: both totals, the change, the outcome, and per clause old/new amounts (分) and
    what the revision does to it — by the rules `diff --cases` uses (tools/outcomes.py)."""
    if unchanged is None:
        from policylang.tools.diff import unchanged_clauses

        unchanged = unchanged_clauses(old, new)
    delta = new_out[TOTAL] - old_out[TOTAL]
    columns: dict[str, Any] = {"行": pl.int_range(first_row + 1, first_row + 1 + old_out.height, eager=True)}
    if ids is not None:
        columns[ids.name] = ids
    frame = pl.DataFrame(columns).with_columns(
        old_out[TOTAL].alias("旧合计[分]"),
        new_out[TOTAL].alias("新合计[分]"),
        delta.alias("变化[分]"),
    )
    changes = []
    for c in clause_union(old, new):
        name, status = amount_column(c), status_column(c)
        for label, out in (("旧", old_out), ("新", new_out)):
            frame = frame.with_columns(
                (out[name] if name in out.columns else pl.Series([0] * out.height, dtype=pl.Int64)).alias(
                    f"{label}:{name}"
                ),
                (out[status].cast(pl.String) if status in out.columns else pl.Series([ABSENT] * out.height)).alias(
                    f"{label}:{status}"
                ),
            )
        sides = [standing_expr(pl.col(f"{label}:{status}"), pl.col(f"{label}:{name}")) for label in ("旧", "新")]
        change = classify_expr(
            sides[0], sides[1], pl.col(f"新:{name}").fill_null(0) - pl.col(f"旧:{name}").fill_null(0), c in unchanged
        )
        frame = frame.with_columns(change.alias(change_column(c)))
        changes.append(pl.col(change_column(c)))
    frame = frame.with_columns(outcome_expr(changes, pl.col("变化[分]")).alias("结果"))
    return frame.with_columns((pl.col("结果") != Outcome.UNDETERMINED.value).alias("可比较"))


def change_column(citation: str) -> str:
    return f"变化:{citation}"


def clause_union(old: ir.CompiledPolicy, new: ir.CompiledPolicy) -> list[str]:
    cites = [c.citation for c in old.clauses]
    return cites + [c.citation for c in new.clauses if c.citation not in cites]


@dataclass
class ClauseChange:
    citation: str
    title: str
    old_total: int = 0
    new_total: int = 0
    newly_eligible: int = 0
    no_longer_eligible: int = 0

    @property
    def delta(self) -> int:
        return self.new_total - self.old_total


@dataclass
class PopulationImpact:
    """What a revision does to a population, added up chunk by chunk (amounts in 分)."""

    old: ir.CompiledPolicy
    new: ir.CompiledPolicy
    source: str = IN_MEMORY
    enterprises: int = 0
    old_total: int = 0
    new_total: int = 0
    gained: int = 0
    lost: int = 0
    counts: dict[str, int] = field(default_factory=lambda: {GAIN: 0, LOSS: 0, SAME: 0, UNDETERMINED: 0})
    clauses: dict[str, ClauseChange] = field(default_factory=dict)
    gainers: list[tuple[int, int, Any]] = field(default_factory=list)  # heap of (delta, row, record)
    losers: list[tuple[int, int, Any]] = field(default_factory=list)
    id_name: str | None = None

    def __post_init__(self) -> None:
        for c in clause_union(self.old, self.new):
            plan = self.new.clause(c) or self.old.clause(c)
            self.clauses[c] = ClauseChange(c, plan.title if plan else "")

    def add(self, frame: pl.DataFrame) -> None:
        """Add one chunk's per-enterprise comparison (compare_frames)."""
        self.enterprises += frame.height
        comparable = frame.filter(pl.col("可比较"))
        sums = comparable.select(
            pl.col("旧合计[分]").cast(pl.Int128).sum(),
            pl.col("新合计[分]").cast(pl.Int128).sum(),
            pl.col("变化[分]").clip(lower_bound=0).cast(pl.Int128).sum().alias("g"),
            (-pl.col("变化[分]").clip(upper_bound=0)).cast(pl.Int128).sum().alias("l"),
        ).row(0)
        self.old_total += int(sums[0] or 0)
        self.new_total += int(sums[1] or 0)
        self.gained += int(sums[2] or 0)
        self.lost += int(sums[3] or 0)
        for outcome, n in frame["结果"].value_counts().iter_rows():
            self.counts[outcome] += int(n)
        for c, change in self.clauses.items():
            a = f"{{}}:{amount_column(c)}"
            moved = pl.col(change_column(c))
            row = frame.select(
                pl.col(a.format("旧")).cast(pl.Int128).sum(),
                pl.col(a.format("新")).cast(pl.Int128).sum(),
                (moved == Moved.NEWLY_ELIGIBLE.value).sum().alias("newly"),
                (moved == Moved.NO_LONGER_ELIGIBLE.value).sum().alias("no_longer"),
            ).row(0)
            change.old_total += int(row[0] or 0)
            change.new_total += int(row[1] or 0)
            change.newly_eligible += int(row[2])
            change.no_longer_eligible += int(row[3])
        self.id_name = next(
            (c for c in frame.columns if c not in ("行",) and not c.startswith(("旧", "新", "变化", "可比较", "结果"))),
            None,
        )
        self._top(comparable)

    def _top(self, frame: pl.DataFrame) -> None:
        keep = ["行"] + ([self.id_name] if self.id_name else []) + ["旧合计[分]", "新合计[分]", "变化[分]"]
        for heap, part in (
            (self.gainers, frame.filter(pl.col("变化[分]") > 0).sort("变化[分]", descending=True)),
            (self.losers, frame.filter(pl.col("变化[分]") < 0).sort("变化[分]")),
        ):
            for rec in part.head(TOP).select(keep).iter_rows(named=True):
                key = abs(rec["变化[分]"])
                item = (key, -rec["行"], rec)
                if len(heap) < TOP:
                    heapq.heappush(heap, item)
                elif item > heap[0]:
                    heapq.heapreplace(heap, item)

    @property
    def delta(self) -> int:
        return self.new_total - self.old_total

    def top(self, which: str) -> list[dict[str, Any]]:
        heap = self.gainers if which == GAIN else self.losers
        return [rec for _, _, rec in sorted(heap, key=lambda t: (-t[0], -t[1]))]

    # ------------------------------------------------------------------ output
    def as_json(self) -> dict[str, Any]:
        def person(rec: dict[str, Any]) -> dict[str, Any]:
            return {
                "row": rec["行"],
                "id": rec.get(self.id_name) if self.id_name else None,
                "old_total": yuan(rec["旧合计[分]"]),
                "new_total": yuan(rec["新合计[分]"]),
                "delta": yuan(rec["变化[分]"]),
            }

        return {
            "source": self.source,
            "enterprises": self.enterprises,
            "old_total": yuan(self.old_total),
            "new_total": yuan(self.new_total),
            "delta": yuan(self.delta),
            **dict(self.counts),
            "gained": yuan(self.gained),
            "lost": yuan(self.lost),
            "clauses": [
                {
                    "citation": c.citation,
                    "title": c.title,
                    "old_total": yuan(c.old_total),
                    "new_total": yuan(c.new_total),
                    "delta": yuan(c.delta),
                    "newly_eligible": c.newly_eligible,
                    "no_longer_eligible": c.no_longer_eligible,
                }
                for c in self.clauses.values()
            ],
            "top_gainers": [person(r) for r in self.top(GAIN)],
            "top_losers": [person(r) for r in self.top(LOSS)],
        }

    def text_lines(self) -> list[str]:
        source = t("population.in_memory") if self.source == IN_MEMORY else self.source
        lines = [t("population.heading", source=source, count=f"{self.enterprises:,}")]
        lines.append(
            t(
                "population.cost",
                old=shown(self.old_total),
                new=shown(self.new_total),
                delta=signed(self.delta),
                gained=shown(self.gained),
                lost=shown(self.lost),
            )
        )
        lines.append(
            "  "
            + t("diff.comma").join(
                t("population.count", outcome=t(f"outcome.{k}"), count=f"{n:,}") for k, n in self.counts.items()
            )
        )
        changed = [c for c in self.clauses.values() if c.delta or c.newly_eligible or c.no_longer_eligible]
        if changed:
            lines.append(t("population.clauses"))
            width = max(display_width(c.citation) for c in changed)
            for c in changed:
                pad = " " * (width - display_width(c.citation))
                extra = []
                if c.newly_eligible:
                    extra.append(t("population.newly", count=f"{c.newly_eligible:,}"))
                if c.no_longer_eligible:
                    extra.append(t("population.no_longer", count=f"{c.no_longer_eligible:,}"))
                moved = t("population.clause", old=shown(c.old_total), new=shown(c.new_total), delta=signed(c.delta))
                comma = t("diff.comma")
                lines.append(f"    {c.citation}{pad}  {moved}" + (comma + comma.join(extra) if extra else ""))
        for which, label in ((GAIN, t("population.top_gain")), (LOSS, t("population.top_loss"))):
            top = self.top(which)
            if top:
                names = t("diff.semicolon").join(f"{self._name(r)} {signed(r['变化[分]'])}" for r in top[:5])
                lines.append(t("population.top", label=label, names=names))
        return lines

    def _name(self, rec: dict[str, Any]) -> str:
        if self.id_name and rec.get(self.id_name) is not None:
            return str(rec[self.id_name])
        return t("population.row", row=rec["行"])


def signed(fen: int) -> str:
    return ("+" if fen > 0 else "") + shown(fen)


@dataclass
class PopulationDiff:
    """population_diff's result: per enterprise (`frame`) and the figures (`impact`)."""

    frame: pl.DataFrame
    impact: PopulationImpact


def evaluate_both(
    old: ir.CompiledPolicy,
    new: ir.CompiledPolicy,
    frame: pl.DataFrame,
    where: Any,
    old_overrides: dict[str, Any],
    new_overrides: dict[str, Any],
    id_column: str | None,
    items: dict[str, Any] | None,
    first_row: int = 0,
) -> pl.DataFrame:
    from policylang.readers.population import population_from_frame

    outs, ids = [], None
    for policy, overrides in ((old, old_overrides), (new, new_overrides)):
        engine = Engine(policy, overrides)
        pop = population_from_frame(policy, frame, engine.plans, where, id_column, items)
        outs.append(engine.run(pop).public())
        if pop.id_column:
            ids = frame[pop.id_column]
    return compare_frames(outs[0], outs[1], old, new, ids, first_row)


def population_diff(
    old: ir.CompiledPolicy,
    new: ir.CompiledPolicy,
    frame: pl.DataFrame,
    old_overrides: dict[str, Any] | None = None,
    new_overrides: dict[str, Any] | None = None,
    id_column: str | None = None,
    items: dict[str, Any] | None = None,
) -> PopulationDiff:
    """Both versions over a population in memory: per enterprise and in all."""
    from policylang.readers.population import Where

    item_frames = {n: (table, Where(t("population.item_table", name=n))) for n, table in (items or {}).items()} or None
    compared = evaluate_both(
        old, new, frame, Where(), dict(old_overrides or {}), dict(new_overrides or {}), id_column, item_frames
    )
    impact = PopulationImpact(old, new)
    impact.add(compared)
    return PopulationDiff(compared, impact)


def population_impact(
    old: ir.CompiledPolicy,
    new: ir.CompiledPolicy,
    path: str,
    chunk_rows: int | None = None,
    overrides: tuple[dict[str, Any], dict[str, Any]] = ({}, {}),
) -> PopulationImpact:
    """`diff --population FILE`: the file read chunk by chunk, both versions on each chunk."""
    from policylang.readers.files import PopulationFile
    from policylang.tools.batch.commandline import whole_if_ranked

    source = PopulationFile(path, whole_if_ranked(old, whole_if_ranked(new, chunk_rows)))
    impact = PopulationImpact(old, new, source=path)
    for chunk in source.chunks():
        compared = evaluate_both(
            old, new, chunk.frame, chunk.where, overrides[0], overrides[1], None, None, chunk.where.first_row
        )
        impact.add(compared)
    return impact


__all__ = ["PopulationDiff", "PopulationImpact", "population_diff", "population_impact"]
