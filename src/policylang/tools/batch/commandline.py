"""`policylang batch POLICY.pol POPULATION`: every enterprise of a population, exactly, with the cost
against the fund; chunk by chunk, so a file larger than memory goes through."""

from __future__ import annotations

import re
import sys
from typing import Any

import click

from policylang.cli import EXIT_FAILED, FORMATS, parse_settings, report_errors
from policylang.errors import Diagnostic, PolicyError, Source, Span
from policylang.frontend.units import suggest
from policylang.report.i18n import t


@click.command("batch")
@click.argument("policy_file", metavar="POLICY.pol", type=click.Path(dir_okay=False))
@click.argument("population", metavar="POPULATION", type=click.Path(dir_okay=False))
@click.option("-o", "--output", metavar="OUT", help="把每家企业的结果写入 OUT（.parquet 或 .csv）")
@click.option(
    "--force", is_flag=True, help="OUT 已存在时替换它（否则拒绝覆盖）；结果先写入 OUT 旁的临时文件，全部成功后才替换"
)
@click.option(
    "--set",
    "settings",
    multiple=True,
    metavar="NAME=VALUE",
    help="假定一个值（原文未规定的参数，或对所有企业统一的事实），输出会注明是假定的",
)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True, help="汇总的输出格式")
@click.option(
    "--chunk-rows",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="每批读入的企业数（默认 1,000,000），内存随之而定",
)
@click.option(
    "--items",
    "item_files",
    multiple=True,
    metavar="LIST=FILE",
    help="列表事实的明细表，每行一项，用企业标识列对应企业，如 --items 境外展位=booths.csv",
)
@click.option(
    "--id", "id_column", metavar="COLUMN", help="企业标识列（默认：名为 企业、企业名称、企业编号 或 id 的列）"
)
@click.option("--clause", "clauses", multiple=True, metavar="ID", help="只计算这些条款（可重复）")
@click.option("--fail-over-fund", is_flag=True, help="所需金额超过资金时以退出码 1 结束")
@click.option(
    "--no-quantiles", is_flag=True, help="不计算奖励分布的分位数（否则每家获奖企业占 8 字节内存，以求精确的分位数）"
)
@click.option("--report", metavar="FILE.html", help="把资金测算图写入 FILE.html（离线可用）")
@click.option(
    "--engine",
    "engine_name",
    type=click.Choice(["polars", "duckdb"]),
    metavar="NAME",
    default="polars",
    show_default=True,
    help="计算引擎：polars（默认）或 duckdb（把政策编译为 SQL，在内嵌的 DuckDB 上运行）",
)
@report_errors
def command(
    policy_file: str,
    population: str,
    output: str | None,
    force: bool,
    settings: tuple[str, ...],
    fmt: str,
    chunk_rows: int | None,
    item_files: tuple[str, ...],
    id_column: str | None,
    clauses: tuple[str, ...],
    fail_over_fund: bool,
    no_quantiles: bool,
    report: str | None = None,
    engine_name: str = "polars",
) -> None:
    """按政策计算一个人群（每行一家企业）中每家企业可获得的金额，汇总成本并与资金对比。

    人群文件为 Parquet 或 CSV，列名为政策中的事实名，可带单位，如“展位费[万元]”“商品落地率[%]”。
    """
    from policylang import load_policy
    from policylang.readers.files import PopulationFile, ResultWriter, refuse_output
    from policylang.tools.batch.engine import Engine
    from policylang.tools.batch.summary import Summary

    if report is not None:  # before any work: the report is an .html page (G012)
        from policylang.tools.plot.reports import check_report_path

        check_report_path(report)
    if output is not None:  # -o "" is refused (F018), not taken for "no output"
        item_paths = [spec.partition("=")[2].strip() for spec in item_files]
        refuse_output(output, [population, policy_file, *item_paths], force)
    policy = load_policy(policy_file)
    only = check_clauses(policy, clauses)
    overrides = parse_settings(settings, policy)
    engine: Any = Engine(policy, overrides, only)
    if engine_name == "duckdb":
        engine = duckdb_engine(engine, overrides, only)
    source = PopulationFile(population, whole_if_ranked(policy, chunk_rows))
    left_out = source.read_only(lambda column: read_column(policy, column, id_column))
    items = read_items(policy, item_files)
    summary = Summary(policy, engine.plans, population, assumed_values(policy, overrides), not no_quantiles)
    summary.notes += ignored_notes(policy, left_out)
    writer = ResultWriter(output) if output is not None else None
    matched = {name: None for name in items}
    try:
        with progress(source) as advance:
            for chunk in source.chunks():
                pop = read_chunk(policy, engine, chunk, id_column, items)
                planned = engine.plan(pop)
                if planned.settled and pop.height and (writer is None or writer.streams):
                    stream_chunk(planned, pop.height, summary, writer)
                else:  # rows to decide (or CSV out): the chunk's outcome in memory
                    outcome = engine.outcome(planned, pop)
                    summary.add(outcome)
                    if writer is not None:
                        writer.write(outcome.public())
                mark_matched(items, matched, chunk.frame, pop.id_column)
                summary.notes[:] = sorted(set(summary.notes) | set(pop.notes))
                advance(chunk.frame.height)
    except BaseException:
        if writer is not None:
            writer.abandon()
        raise
    if writer is not None:
        writer.commit()
    summary.notes += unmatched_notes(items, matched)
    if report is not None:  # the figures just added up, drawn (tools/plot/reports.py)
        from policylang.tools.plot.reports import write_batch_report

        write_batch_report(summary, report)
    click.echo(summary.dumps() if fmt == "json" else summary.text())
    for w in summary.fund_warnings():
        click.echo(t("batch.command.warning", warning=w), err=True)
    if fail_over_fund and any(f["exceeded"] for f in summary.funds()):
        sys.exit(EXIT_FAILED)


def read_column(policy: Any, column: str, id_column: str | None) -> bool:
    """A column batch reads: a fact's (any unit in its header, list facts too) or an enterprise id."""
    from policylang.readers.population import ID_CANDIDATES, parse_header

    return column == id_column or column in ID_CANDIDATES or parse_header(column)[0] in policy.facts


def ignored_notes(policy: Any, left_out: list[str]) -> list[str]:
    """What reading the whole file would have noted about the columns left out: one that names no fact
    but is near one (readers/population.py's map_columns says the same of a column it reads)."""
    from policylang.frontend.units import ListOf
    from policylang.readers.population import parse_header

    facts = [n for n, f in policy.facts.items() if not isinstance(f.type, ListOf)]
    out = []
    for column in left_out:
        near = None if column.startswith("__") else suggest(parse_header(column)[0], facts)
        if near is not None:
            out.append(t("population.ignored_column", column=column, near=near))
    return sorted(set(out))


def whole_if_ranked(policy: Any, chunk_rows: int | None) -> int | None:
    """A 名次 is a place among the whole population: such a policy's file is read in one chunk."""
    from policylang.tools.batch.ranks import WHOLE

    return WHOLE if policy.ranks else chunk_rows


def stream_chunk(planned: Any, height: int, summary: Any, writer: Any) -> None:
    """A chunk with nothing left to decide: its tallies, its recipients' totals and (with -o) its Parquet part
    computed together by polars' streaming engine, so its result is never held whole in memory."""
    import polars as pl

    from policylang.readers.files import write_failed

    queries = summary.queries(planned.query)
    if writer is not None:
        queries.append(writer.sink(planned.public()))
    try:
        results = pl.collect_all(queries, engine="streaming")
    except OSError as err:
        if writer is None:  # pragma: no cover - nothing is written without -o
            raise
        writer.abandon()
        raise write_failed(writer.path, err) from None
    row = results[0].row(0, named=True)
    positive = results[1].to_series() if summary.quantiles else None
    summary.absorb(row, height, planned.upper_scales, planned.exact_paths, positive, planned.exact_rows)
    if writer is not None:
        writer.written(height)


def read_chunk(policy: Any, engine: Any, chunk: Any, id_column: str | None, items: dict[str, Any]) -> Any:
    import polars as pl

    from policylang.readers.population import population_from_frame

    try:
        pop = population_from_frame(policy, chunk.frame, engine.plans, chunk.where, id_column, items or None)
    except pl.exceptions.ComputeError as err:
        refusal = too_many_digits(chunk, str(err))
        if refusal is None:
            raise  # not the overflow this refusal explains: a defect to see, not to hide
        raise refusal from None
    return pop


class DuckdbEngine:
    """--engine duckdb: each chunk through the compiled query on embedded DuckDB (tools/batch/sqlengine.py),
    in the place of Engine (the same `plans`, a `run` giving the same Outcome)."""

    def __init__(self, engine: Any, overrides: dict[str, Any], only: list[str] | None):
        self.policy, self.plans, self.overrides, self.only = engine.policy, engine.plans, overrides, only

    def run(self, pop: Any) -> Any:
        from policylang.tools.batch import sqlengine

        return sqlengine.outcome(self.policy, pop, self.overrides, self.only)

    def plan(self, pop: Any) -> Any:
        """Engine.plan's form for the command's loop: DuckDB has computed (and decided, in the query) the
        chunk's outcome; the planned query only reads it, so it streams to the summary and the file as polars'."""
        from policylang.tools.batch.engine import Planned

        done = self.run(pop)
        return Planned(done.frame.lazy(), done.exact_paths, done.upper_scales, True, done.exact_rows)

    def outcome(self, planned: Any, pop: Any) -> Any:
        from policylang.tools.batch.engine import Outcome

        return Outcome(planned.query.collect(), planned.exact_paths, planned.upper_scales, planned.exact_rows)


def duckdb_engine(engine: Any, overrides: dict[str, Any], only: list[str] | None) -> DuckdbEngine:
    """The DuckDB engine; a clause without an exact SQL form is refused (Q002, located) before any row is read,
    and the command exits non-zero: no fallback, so what is compared is what the SQL computes."""
    import importlib.util

    if importlib.util.find_spec("duckdb") is None or importlib.util.find_spec("sqlglot") is None:
        raise PolicyError(Diagnostic("Q007", t("sql.extra.missing")))
    from policylang.backends.sql import build_query
    from policylang.frontend.units import ListOf
    from policylang.readers.population import ROW

    lists = {n: n for n, f in engine.policy.facts.items() if isinstance(f.type, ListOf)}
    build_query(engine.policy, "duckdb", overrides=overrides, only=only, items=lists, item_key=ROW)
    return DuckdbEngine(engine, overrides, only)


OVERFLOWED_COLUMN = re.compile(r'overflow.*?col\("(?P<column>(?:[^"\\]|\\.)*)"\)', re.DOTALL)


def too_many_digits(chunk: Any, problem: str) -> PolicyError | None:
    """A cell too long for polars' 128-bit decimals (eval, with Fractions, takes it): refuse it, located at the
    cell with the most digits in the column polars names, rather than show polars' traceback."""
    import polars as pl

    found = OVERFLOWED_COLUMN.search(problem)
    frame = chunk.frame
    if found is None or found["column"] not in frame.columns:
        return None
    column = found["column"]
    lengths = frame[column].cast(pl.String).str.count_matches(r"\d").fill_null(0)
    row = int(lengths.arg_max() or 0)
    where, span = chunk.where.locate(column, row, list(frame.columns))
    value = frame[column].cast(pl.String)[row]
    return PolicyError(
        Diagnostic(
            "B013",
            t("batch.files.too_large", where=where, value=value),
            span,
            suggestion=t("batch.files.too_large.hint"),
        )
    )


def check_clauses(policy: Any, clauses: tuple[str, ...]) -> list[str] | None:
    if not clauses:
        return None
    for c in clauses:
        if not policy.select(c):  # a clause, or the sub-clauses under it (三(二)1 → 三(二)1.零售, …)
            near = suggest(c, [p.citation for p in policy.clauses])
            raise PolicyError(
                Diagnostic(
                    "E001",
                    t("batch.command.no_clause", citation=c),
                    suggestion=t("batch.command.did_you_mean", near=near) if near else None,
                )
            )
    chosen = {p.citation for c in clauses for p in policy.select(c)}  # as declared: 五（三）1 → 五(三)1
    return [p.citation for p in policy.clauses if p.citation in chosen]


def read_items(policy: Any, specs: tuple[str, ...]) -> dict[str, Any]:
    """`--items 境外展位=booths.csv`: the whole table, keyed later by the enterprise id."""
    from policylang.frontend.units import ListOf
    from policylang.readers.files import read_table

    lists = [n for n, f in policy.facts.items() if isinstance(f.type, ListOf)]
    out: dict[str, Any] = {}
    for spec in specs:
        name, sep, path = spec.partition("=")
        name, path = name.strip(), path.strip()
        source = Source("--items", spec)
        if not sep or not name or not path:
            raise PolicyError(
                Diagnostic(
                    "B050",
                    t("batch.command.items_form"),
                    Span(source, 1, 1, 1, len(spec) + 1),
                    suggestion=t("batch.command.items_example", name=lists[0] if lists else "境外展位"),
                )
            )
        if name not in lists:
            near = suggest(name, lists)
            raise PolicyError(
                Diagnostic(
                    "B051",
                    t("batch.command.no_list", name=name),
                    Span(source, 1, 1, 1, len(name) + 1),
                    suggestion=t("batch.command.did_you_mean", near=near)
                    if near
                    else (t("batch.command.lists", names="、".join(lists)) if lists else t("batch.command.no_lists")),
                )
            )
        out[name] = read_table(path)
    return out


def mark_matched(items: dict[str, Any], matched: dict[str, Any], frame: Any, id_column: str | None) -> None:
    """Which item rows found their enterprise in this chunk (to report the ones that never do)."""
    import polars as pl

    if id_column is None:
        return
    ids = frame[id_column].cast(pl.String)
    for name, (table, _) in items.items():
        if id_column not in table.columns:
            continue
        hit = table[id_column].cast(pl.String).is_in(ids.implode()).to_numpy()
        matched[name] = hit if matched[name] is None else (matched[name] | hit)


def unmatched_notes(items: dict[str, Any], matched: dict[str, Any]) -> list[str]:
    out = []
    for name, hits in matched.items():
        if hits is not None and not hits.all():
            count = f"{int((~hits).sum()):,}"
            out.append(t("batch.command.unmatched_items", table=items[name][1].name, count=count, name=name))
    return out


def assumed_values(policy: Any, overrides: dict[str, Any]) -> list[tuple[str, str]]:
    from policylang.frontend.units import value_prose

    out = []
    for name, value in overrides.items():
        kind = policy.params[name].type if name in policy.params else policy.facts[name].type
        out.append((name, value_prose(value, kind)))
    return out


class progress:
    """A rich progress bar on stderr for long runs; silent when stderr is not a terminal."""

    def __init__(self, source: Any):
        self.source = source
        self.bar: Any = None

    def __enter__(self) -> Any:
        if not sys.stderr.isatty():
            return lambda rows: None
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.bar = Progress(
            TextColumn(t("batch.command.progress")),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self.bar.start()
        task = self.bar.add_task("batch", total=self.source.rows)
        return lambda rows: self.bar.advance(task, rows)

    def __exit__(self, *exc: Any) -> None:
        if self.bar is not None:
            self.bar.stop()


__all__ = ["command"]
