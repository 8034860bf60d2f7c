"""`policylang sql POLICY.pol --dialect D`: the policy as one exact SQL query (or a view) over a facts table.

The query is backends/sql.py's (`compile_query`); this module only reads the options. It prints
the query to standard output; a construct without an exact SQL form is refused with a located
Q-code naming the clause, and the command exits non-zero.
"""

from __future__ import annotations

from typing import Any

import click

from policylang.cli import parse_settings, report_errors
from policylang.errors import Diagnostic, PolicyError
from policylang.report.i18n import t

DIALECTS = ("duckdb", "spark", "hive", "clickhouse", "trino", "postgres")


@click.command("sql")
@click.argument("policy_file", metavar="POLICY.pol", type=click.Path(dir_okay=False))
@click.option("--dialect", type=click.Choice(DIALECTS), default="duckdb", show_default=True, help="SQL 方言")
@click.option("--table", default="facts", show_default=True, metavar="NAME", help="事实表（每行一家企业）")
@click.option("--id", "id_column", metavar="COLUMN", help="企业标识列，原样输出在结果的第一列")
@click.option("--items", "item_tables", multiple=True, metavar="LIST=TABLE", help="列表事实的明细表")
@click.option("--clause", "clauses", multiple=True, metavar="ID", help="只计算这些条款（可重复）")
@click.option("--set", "settings", multiple=True, metavar="NAME=VALUE", help="假定一个值（原文未规定的参数）")
@click.option("--view", metavar="NAME", help="输出 CREATE VIEW NAME AS …，而不是查询")
@report_errors
def command(
    policy_file: str,
    dialect: str,
    table: str,
    id_column: str | None,
    item_tables: tuple[str, ...],
    clauses: tuple[str, ...],
    settings: tuple[str, ...],
    view: str | None,
) -> None:
    """把政策编译为一条精确的 SQL 查询（或视图），在数据仓库里按事实表逐家企业计算，结果列与 batch 相同。"""
    from policylang import load_policy
    from policylang.tools.batch.commandline import check_clauses

    require_extra()
    policy = load_policy(policy_file)
    only = check_clauses(policy, clauses)
    overrides = parse_settings(settings, policy)
    items = parse_items(item_tables)
    click.echo(render(policy, dialect, table, id_column, items, overrides, only, view))


def require_extra() -> None:
    import importlib.util

    if importlib.util.find_spec("sqlglot") is None:
        raise PolicyError(Diagnostic("Q008", t("sql.extra.missing")))


def parse_items(specs: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for spec in specs:
        name, sep, table = spec.partition("=")
        if not sep or not name.strip() or not table.strip():
            raise PolicyError(Diagnostic("Q006", t("sql.option.items")))
        out[name.strip()] = table.strip()
    return out


def render(
    policy: Any,
    dialect: str,
    table: str,
    id_column: str | None,
    items: dict[str, str],
    overrides: dict[str, Any],
    only: list[str] | None,
    view: str | None,
) -> str:
    from sqlglot import exp

    from policylang.backends.sql import DIALECT_TABLE, build_query

    query, _ = build_query(
        policy, dialect, table=table, id_column=id_column, items=items or None, overrides=overrides, only=only
    )
    if view is not None:
        query = exp.Create(this=exp.to_table(view, quoted=True), kind="VIEW", expression=query)
    text: str = query.sql(dialect=DIALECT_TABLE[dialect].name, pretty=True)
    return text + ";"
