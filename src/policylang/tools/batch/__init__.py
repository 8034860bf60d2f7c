"""`policylang batch`: evaluate a compiled policy over a whole population, exactly and fast.

    evaluate_population(compiled, frame, overrides) -> frame   # a population already in memory
    population_diff(old, new, frame) -> PopulationDiff          # the cost of a revision, gainers and losers

The columnar backend (backends/columnar.py) compiles the same `ir.CompiledPolicy` that `eval` runs
into polars expressions over exact integers and implements the semantics primitives; engine.py runs
semantics/clause.py and semantics/cross.py on it (items.py: 逐项 and 合计/计数 on per-item frames),
falling back to the exact evaluator row by row for a clause without exact columns; readers/population.py
reads and checks the columns; summary.py reports; commandline.py is the CLI.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from policylang.compiler import ir


def evaluate_population(
    compiled: ir.CompiledPolicy,
    frame: Any,
    overrides: dict[str, Any] | None = None,
    only: Iterable[str] | None = None,
    id_column: str | None = None,
    items: dict[str, Any] | None = None,
) -> Any:
    """Every clause's award for every enterprise (row) of `frame` — equal to `eval` row by row.

    `frame` is a polars DataFrame whose columns are named after the policy's facts (see
    population.py for units and item lists); `overrides` are --set values (name → typed value,
    as cases.parse_setting gives); `items` maps a list fact to a table of its items keyed by
    `id_column`. Returns `<条款>[分]`, `<条款>:状态`, `合计[分]`, `可确定` (and the id column).
    """
    import polars as pl

    from policylang.readers.population import Where, population_from_frame
    from policylang.report.i18n import t
    from policylang.tools.batch.engine import engine_for

    if isinstance(frame, pl.LazyFrame):
        frame = frame.collect()
    elif not isinstance(frame, pl.DataFrame):  # a pandas frame, a dict of columns, an Arrow table
        frame = pl.from_pandas(frame) if type(frame).__module__.startswith("pandas") else pl.DataFrame(frame)
    engine = engine_for(compiled, overrides, only)  # the same arguments as last time: the same engine
    item_frames = {name: (table, Where(t("population.item_table", name=name))) for name, table in (items or {}).items()}
    pop = population_from_frame(compiled, frame, engine.plans, Where(), id_column, item_frames or None)
    return engine.run(pop).public()


def population_diff(old: ir.CompiledPolicy, new: ir.CompiledPolicy, frame: Any, **kw: Any) -> Any:
    """What a revision costs over a population, and who gains and who loses (see diffing.py)."""
    from policylang.tools.batch.diffing import population_diff as _diff

    return _diff(old, new, frame, **kw)


def __getattr__(name: str) -> Any:
    if name == "command":  # the CLI loads `policylang.tools.batch:command` lazily
        from policylang.tools.batch.commandline import command

        globals()["command"] = command
        return command
    raise AttributeError(name)


__all__ = ["command", "evaluate_population", "population_diff"]
