"""Hypothesis strategies for whole populations of a compiled policy, for tests/test_batch.py.

Values are drawn near the numbers the policy itself writes (each threshold, cap ÷ rate, step), one
unit either side, and at random; every fact's column is written in one of the formats a
population file may use (integers, floats with few decimals, decimals, text with units `1.2万元`
`55%`, yes/no words), and facts with a default are sometimes left out or left empty. Each row's
facts are also returned as `evaluate` takes them, so a test can compare row by row.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from typing import Any

import polars as pl
from hypothesis import strategies as st

from policylang.compiler import ir
from policylang.frontend.units import Bool, Date, Enum, ListOf, Money, Number, PerUnit, Quantity, Ratio

TEXTS = ("甲", "乙", "丙", "广交会")


# ---------------------------------------------------------------------------- where the policy's numbers are
def exprs_of(policy: ir.CompiledPolicy) -> list[ir.Expr]:
    out: list[ir.Expr] = []
    for plan in policy.clauses:
        out += plan.expressions()
    out += [g.limit for g in policy.group_caps]
    return out


def names_in(e: ir.Expr) -> set[str]:
    return {n.name for n in e.walk() if isinstance(n, (ir.Input, ir.Field))}


def constants_in(e: ir.Expr) -> list[Any]:
    return [n.value for n in e.walk() if isinstance(n, ir.Const)]


def interesting(policy: ir.CompiledPolicy) -> dict[str, set[Any]]:
    """name → values worth trying: every constant it is compared with, and cap ÷ rate for its awards."""
    out: dict[str, set[Any]] = {}
    for e in exprs_of(policy):
        for node in e.walk():
            if isinstance(node, ir.Cmp):
                for side, other in ((node.left, node.right), (node.right, node.left)):
                    for name in names_in(side):
                        out.setdefault(name, set()).update(constants_in(other))
                        for p in (n for n in other.walk() if isinstance(n, ir.Param) and not n.unspecified):
                            out[name].add(policy.params[p.name].value)
    for plan in policy.clauses:
        award = plan.award if plan.award is not None else (plan.items.award if plan.items else None)
        if award is None:
            continue
        rates = [c for c in constants_in(award) if isinstance(c, Fraction) and 0 < c < 1]
        caps = [c for cap in plan.caps for c in constants_in(cap.limit) if isinstance(c, Fraction)]
        for name in names_in(award):
            out.setdefault(name, set()).update(cap / r for cap in caps for r in rates)
            out[name].update(c for c in constants_in(award) if isinstance(c, Fraction) and c >= 1)
    for table in policy.tables.values():
        for name, info in policy.facts.items():
            if isinstance(info.type, Date):
                out.setdefault(name, set()).update(d for d, _ in table.rows)
    return out


# ---------------------------------------------------------------------------- one value
def uniform(low: int, high: int) -> st.SearchStrategy[int]:
    """Spread over the whole range (hypothesis's integers strongly favour small values)."""
    return st.floats(0, 1).map(lambda f: low + int(f * (high - low)))


def pick(values: list[Any]) -> st.SearchStrategy[Any]:
    """One of `values`, each about as likely (sampled_from favours the first ones)."""
    if not values:
        return st.nothing()
    return st.floats(0, 1, exclude_max=True).map(lambda f: values[int(f * len(values))])


def to_places(v: Any, places: int) -> Fraction:
    """An anchor as a file can write it: cap ÷ 33.33% rounded down to whole 分 (or 0.01, 0.0001)."""
    q = Fraction(1, 10**places)
    return (Fraction(v) // q) * q


def money_value(near: set[Any]) -> st.SearchStrategy[Fraction]:
    anchors = sorted({to_places(v, 2) for v in near if isinstance(v, (int, Fraction)) and v >= 0})
    fen = Fraction(1, 100)
    around = [a + d for a in anchors for d in (-fen, Fraction(0), fen, Fraction(-1), Fraction(1)) if a + d >= 0]
    top = int(max(anchors, default=Fraction(10_000_000)) * 3) + 100
    return st.one_of(
        pick(around) if around else st.just(Fraction(0)),
        uniform(0, top).map(Fraction),
        uniform(0, top * 100).map(lambda c: Fraction(c, 100)),
        st.just(Fraction(0)),
        uniform(0, 10**16).map(lambda c: Fraction(c, 100)),  # up to 10^14 元: products need 128-bit integers
    )


def quantity_value(near: set[Any]) -> st.SearchStrategy[Fraction]:
    anchors = sorted({to_places(v, 2) for v in near if isinstance(v, (int, Fraction)) and v >= 0})
    around = [a + d for a in anchors for d in (-1, 0, 1) if a + d >= 0]
    top = int(max(anchors, default=Fraction(100)) * 3) + 10
    return st.one_of(
        pick(around) if around else st.just(Fraction(0)),
        uniform(0, top).map(Fraction),
        uniform(0, top * 100).map(lambda c: Fraction(c, 100)),
    )


def ratio_value(near: set[Any]) -> st.SearchStrategy[Fraction]:
    anchors = sorted({to_places(v, 4) for v in near if isinstance(v, Fraction) and 0 <= v <= 1})
    step = Fraction(1, 10_000)
    around = [a + d for a in anchors for d in (-step, Fraction(0), step) if 0 <= a + d <= 1]
    return st.one_of(
        pick(around) if around else st.just(Fraction(1, 2)), uniform(0, 10_000).map(lambda c: Fraction(c, 10_000))
    )


def date_value(near: set[Any]) -> st.SearchStrategy[dt.date]:
    anchors = sorted(v for v in near if isinstance(v, dt.date)) or [dt.date(2023, 1, 1)]
    around = [a + dt.timedelta(days=d) for a in anchors for d in (-1, 0, 1)]
    return st.one_of(pick(around), st.dates(anchors[0] - dt.timedelta(days=400), anchors[-1] + dt.timedelta(days=400)))


def value_of(t: Any, near: set[Any]) -> st.SearchStrategy[Any]:
    if isinstance(t, Money):
        return money_value(near)
    if isinstance(t, Quantity):
        return quantity_value(near)
    if isinstance(t, Ratio):
        return ratio_value(near)
    if isinstance(t, Number):
        return st.integers(0, 1000).map(Fraction)
    if isinstance(t, PerUnit):  # a unit price or an exchange rate: 7.1234元/美元
        return st.integers(0, 100_000).map(lambda c: Fraction(c, 10_000))
    if isinstance(t, Bool):
        return pick([False, True])
    if isinstance(t, Enum):
        return st.sampled_from(t.values)
    if isinstance(t, Date):
        return date_value(near)
    return pick(sorted({*TEXTS, *(v for v in near if isinstance(v, str))}))


# ---------------------------------------------------------------------------- one column, as a file may write it
def decimal_text(v: Fraction, places: int = 10) -> str:
    d = Decimal(v.numerator) / Decimal(v.denominator)
    text = format(d.quantize(Decimal(1).scaleb(-places)) if v.denominator != 1 else d, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def formats_for(t: Any, values: list[Any]) -> list[str]:
    if isinstance(t, (Money, Quantity, Number)):
        exact_float = all(v is None or abs(v) * 10_000 < 2**53 for v in values)
        out = (["float"] if exact_float else []) + ["text", "decimal"]
        if all(v is None or v.denominator == 1 for v in values):
            out.append("int")
        if isinstance(t, (Money, Quantity)):
            out.append("text_units")
        return out
    if isinstance(t, Ratio):
        return ["float", "percent", "decimal"]
    if isinstance(t, Bool):
        return ["bool", "words"]
    if isinstance(t, Date):
        return ["date", "text"]
    return ["text"]


def column(name: str, t: Any, values: list[Any], fmt: str) -> tuple[str, pl.Series]:
    """(header, series) writing `values` (None = empty cell) in format `fmt`."""
    if fmt == "int":
        return name, pl.Series(name, [None if v is None else int(v) for v in values], dtype=pl.Int64)
    if fmt == "float":
        return name, pl.Series(name, [None if v is None else float(v) for v in values], dtype=pl.Float64)
    if fmt == "decimal":
        return name, pl.Series(
            name,
            [None if v is None else Decimal(decimal_text(v)) for v in values],
            dtype=pl.Decimal(38, 6 if isinstance(t, Ratio) else 2),
        )
    if fmt == "text_units":
        unit = "万" + (t.currency if isinstance(t, Money) else t.unit)
        return name, pl.Series(name, [None if v is None else decimal_text(v / 10_000) + unit for v in values])
    if fmt == "percent":
        return f"{name}[%]", pl.Series(f"{name}[%]", [None if v is None else decimal_text(v * 100) for v in values])
    if fmt == "bool":
        return name, pl.Series(name, values, dtype=pl.Boolean)
    if fmt == "words":
        return name, pl.Series(name, [None if v is None else ("是" if v else "否") for v in values])
    if fmt == "date":
        return name, pl.Series(name, values, dtype=pl.Date)
    if isinstance(t, Date):
        return name, pl.Series(name, [None if v is None else v.isoformat() for v in values])
    if isinstance(t, (Money, Quantity, Number, Ratio)):
        return name, pl.Series(name, [None if v is None else decimal_text(v) for v in values])
    return name, pl.Series(name, values, dtype=pl.String)


# ---------------------------------------------------------------------------- a population
@st.composite
def populations(
    draw: Any, policy: ir.CompiledPolicy, max_rows: int = 12, max_items: int = 4
) -> tuple[pl.DataFrame, list[dict[str, Any]]]:
    """A frame of enterprises and, per row, the facts `evaluate` takes for it."""
    near = interesting(policy)
    n = draw(st.integers(1, max_rows))
    columns: list[pl.Series] = []
    rows: list[dict[str, Any]] = [{} for _ in range(n)]
    places = {r.name for r in policy.ranks}
    for name, info in policy.facts.items():
        t = info.type
        has_default = info.default is not ir.MISSING
        if isinstance(t, ListOf):
            lists = [draw(st.lists(item_of(t, info, near), max_size=max_items)) for _ in range(n)]
            if not any(lists) and draw(st.booleans()):
                for r in rows:
                    r[name] = []
                continue
            columns.append(list_column(name, t, info, lists))
            for r, items in zip(rows, lists, strict=True):
                r[name] = [{f: v for f, v in item.items()} for item in items]
            continue
        if has_default and draw(st.integers(0, 4)) == 0:  # left out: every row takes the default
            for r in rows:
                r[name] = info.default
            continue
        if name in places:  # a 名次 the file gives is a place, a whole number from 1 (else B090 / K035)
            values = [Fraction(draw(st.integers(1, n + 1))) for _ in range(n)]
        else:
            values = [draw(value_of(t, near.get(name, set()))) for _ in range(n)]
        written = [None if has_default and draw(st.integers(0, 5)) == 0 else v for v in values]
        fmt = draw(st.sampled_from(formats_for(t, written)))
        _, series = column(name, t, written, fmt)
        columns.append(series)
        for r, v in zip(rows, written, strict=True):
            r[name] = info.default if v is None else v
    return pl.DataFrame(columns) if columns else pl.DataFrame({"企业": list(range(n))}), rows


@st.composite
def item_of(draw: Any, t: ListOf, info: ir.FactInfo, near: dict[str, set[Any]]) -> dict[str, Any]:
    item = {}
    for name, ft in t.fields:
        item[name] = draw(value_of(ft, near.get(name, set())))
    return item


def list_column(name: str, t: ListOf, info: ir.FactInfo, lists: list[list[dict[str, Any]]]) -> pl.Series:
    """A list-of-struct column, as Parquet holds it; numbers as floats, or as decimals when a float
    could not hold them exactly."""
    numbers = [v for items in lists for item in items for v in item.values() if isinstance(v, Fraction)]
    as_float = all(abs(v) * 10_000 < 2**53 for v in numbers)
    fields = []
    for field_name, ft in t.fields:
        if isinstance(ft, (Money, Quantity, Number, Ratio, PerUnit)):
            fields.append(pl.Field(field_name, pl.Float64 if as_float else pl.Decimal(38, 6)))
        elif isinstance(ft, Bool):
            fields.append(pl.Field(field_name, pl.Boolean))
        elif isinstance(ft, Date):
            fields.append(pl.Field(field_name, pl.Date))
        else:
            fields.append(pl.Field(field_name, pl.String))
    dtype = pl.List(pl.Struct(fields))

    def plain(v: Any) -> Any:
        if isinstance(v, Fraction):
            return float(v) if as_float else Decimal(decimal_text(v, 6))
        return v

    rows = [[{f: plain(v) for f, v in item.items()} for item in items] for items in lists]
    return pl.Series(name, rows, dtype=dtype)


def settings(policy: ir.CompiledPolicy) -> st.SearchStrategy[dict[str, Any]]:
    """Sometimes a --set value for each unspecified parameter."""
    near = interesting(policy)
    unspecified = [(n, p) for n, p in policy.params.items() if p.unspecified]
    if not unspecified:
        return st.just({})
    parts = {
        n: st.one_of(st.none(), value_of(p.type, near.get(n, set()) | _compared_with(policy, n)))
        for n, p in unspecified
    }
    return st.fixed_dictionaries(parts).map(lambda d: {k: v for k, v in d.items() if v is not None})


def _compared_with(policy: ir.CompiledPolicy, name: str) -> set[Any]:
    out: set[Any] = set()
    for e in exprs_of(policy):
        for node in e.walk():
            if isinstance(node, ir.Cmp) and any(
                isinstance(x, ir.Param) and x.name == name for side in (node.left, node.right) for x in side.walk()
            ):
                for side in (node.left, node.right):
                    for c in constants_in(side):
                        out.add(c)
    return out or {Fraction(5_000_000)}


__all__ = ["interesting", "populations", "settings"]
