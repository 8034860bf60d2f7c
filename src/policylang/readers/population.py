"""A population: one enterprise per row, columns named after the policy's facts, read exactly.

Column headers are fact names, optionally with a unit in brackets: `展位费[万元]`, `商品落地率[%]`,
`煤炭进口落地量[吨]`. Without a unit a number is in the fact's base unit: 元 (or 美元) for money,
the declared unit for a quantity, a fraction for a ratio (0.55) — and a cell may carry its own
unit as a case file writes it (`1.2万元`, `55%`, `8000吨`), which wins over the header.

Every value is turned into an exact integer column with a scale (see columnar.py): integer
columns as they are, decimal columns by their scale, text by its digits, and floating-point
columns only when each value is a short decimal (at most 2 places of 分 for money, 4 for a
quantity, 8 for a ratio), checked value by value — never used as floats. Text cells follow the one
value grammar of readers/values.py, exactly as a case file or --set (是/否 words, thousands groups
of three, no exponents, ISO dates; a rejected cell gets the same words and suggestion): its
patterns and tables are turned into column expressions here, and a column adds only its unit (a
bare number takes the header's unit, else the base unit) and its native type (Boolean, Date, numbers).

An empty cell takes the fact's default (`默认`); a fact without a default must be present in
every row that needs it. Every problem names the file, the column and the row (for CSV the
line and column, with the source line and a caret).

Item lists (`列表` facts: booths, persons, loans) come either as a Parquet list-of-struct column
named after the fact, or as a separate table with one item per row and the enterprise's id in
the id column (`--items 境外展位=booths.csv`); the order of the rows is the order of the items.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import sys
from dataclasses import dataclass, field, replace
from decimal import Decimal
from fractions import Fraction
from typing import Any

import polars as pl

from policylang.backends.columnar import I64
from policylang.compiler import ir
from policylang.errors import Diagnostic, PolicyError, Source, Span
from policylang.frontend.units import (
    Bool,
    Date,
    Enum,
    ListOf,
    Money,
    Number,
    PerUnit,
    Quantity,
    Ratio,
    Type,
    suggest,
)
from policylang.readers import values
from policylang.readers.values import (
    DATE_PATTERN,
    FALSE_WORDS,
    NUMBER_PATTERN,
    TRUE_WORDS,
    ValueProblem,
    type_text,
    unit_table,
)
from policylang.report.i18n import t as tr

ROW = "__row"  # an item's enterprise: the row's index within the frame (0-based)
INDEX = "__idx"  # an item's position in its enterprise's list
ID_CANDIDATES = ("企业", "企业名称", "企业编号", "统一社会信用代码", "id")
MAX_PROBLEMS = 8  # per file, so a wrong column does not print a million lines
HEADER_RE = re.compile(r"^(?P<name>[^\[\]【】]+?)\s*[\[【](?P<unit>[^\[\]【】]*)[\]】]\s*$")
MAX_PLACES = 30


@dataclass
class Where:
    """Where a frame came from, to locate a bad cell: the file, its kind, the first row's number."""

    name: str = field(default_factory=lambda: tr("population.in_memory"))
    kind: str = "memory"  # csv | parquet | memory
    first_row: int = 0  # 0-based index of this frame's first row among the file's data rows

    def locate(self, column: str, row: int, header_names: list[str], value: object = None) -> tuple[str, Span | None]:
        """`population.csv 第 13 行（列“展位费”）` and, for CSV, a span with the cell's text."""
        absolute = self.first_row + row
        if self.kind == "csv":
            line = absolute + 2  # the header is line 1
            span = csv_cell_span(self.name, line, header_names.index(column) if column in header_names else 0)
            return tr("population.at_line", file=self.name, line=line, column=column), span
        return tr("population.at_row", file=self.name, row=absolute + 1, column=column), None

    def header(self, column: str, header_names: list[str]) -> tuple[str, Span | None]:
        if self.kind == "csv":
            span = csv_cell_span(self.name, 1, header_names.index(column) if column in header_names else 0)
            return tr("population.at_header", file=self.name, column=column), span
        return tr("population.at_column", file=self.name, column=column), None


@dataclass
class ItemTable:
    """One list fact's items: ROW (the enterprise), INDEX (order), and the fields, normalised."""

    frame: pl.DataFrame
    scales: dict[str, Fraction]


@dataclass
class Population:
    """Normalised columns: numbers as exact integers with a scale, yes/no, words, dates."""

    frame: pl.DataFrame
    scales: dict[str, Fraction]
    items: dict[str, ItemTable] = field(default_factory=dict)
    id_column: str | None = None
    where: Where = field(default_factory=Where)
    notes: list[str] = field(default_factory=list)
    bounds: dict[str, tuple[int, int]] | None = None  # each integer and date column's min and max
    read_as: dict[str, pl.Expr] = field(default_factory=dict)  # fact → its integers, where not the column itself

    def integers(self, name: str) -> pl.Expr:
        """The fact's column as the exact integers the engine computes with (see float_columns)."""
        return self.read_as.get(name, pl.col(name))

    @property
    def height(self) -> int:
        return self.frame.height


# ---------------------------------------------------------------------------- units
def float_places(t: Type, unit: Fraction) -> int:
    """How many decimals a floating-point cell may have: whole 分 for money, 4 for quantities, 8 for ratios."""
    j = round(math.log10(unit)) if unit >= 1 else 0
    if isinstance(t, Money):
        return 2 + j
    if isinstance(t, Quantity):
        return 4 + j
    if isinstance(t, Ratio):
        return 6 if unit == Fraction(1, 100) else 8
    return 6


def is_numeric(t: Type) -> bool:
    return isinstance(t, (Money, Quantity, Ratio, Number, PerUnit))


def _either(*examples: str) -> str:
    """Example values as a list in the language in force (12000、1.2万元 / 12000, 1.2万元)."""
    return tr("label.list_separator").join(examples)


def example(t: Type) -> str:
    if isinstance(t, Money):
        return _either("12000", "1.2万元") if t.currency == "元" else _either("120000", "12万美元")
    if isinstance(t, Quantity):
        return _either("8000", f"8000{t.unit}")
    if isinstance(t, Ratio):
        return _either("0.55", "55%")
    if isinstance(t, Bool):
        return _either("是", "否")  # the value grammar's words, as a cell writes them
    if isinstance(t, Enum):
        return _either(*t.values)
    if isinstance(t, Date):
        return "2023-06-20"
    return "10"


# ---------------------------------------------------------------------------- headers
@dataclass
class ColumnSpec:
    column: str  # as in the file
    fact: str
    unit_text: str | None
    unit: Fraction  # one header unit in base units
    type: Type
    bounds: tuple[Fraction, Fraction] | None = None  # the fact's declared 取值 range (a 比例 without one: 0–100%)


def parse_header(column: str) -> tuple[str, str | None]:
    m = HEADER_RE.match(column)
    if m:
        return m.group("name").strip(), m.group("unit").strip()
    return column.strip(), None


def map_columns(
    columns: list[str],
    facts: dict[str, tuple[Type, str]],
    where: Where,
    id_column: str | None,
    problems: list[Diagnostic],
    notes: list[str],
) -> dict[str, ColumnSpec]:
    """fact name → the column that gives it; unknown units and duplicates are problems."""
    out: dict[str, ColumnSpec] = {}
    for column in columns:
        if column == id_column or column.startswith("__"):
            continue
        name, unit_text = parse_header(column)
        if name not in facts:
            near = suggest(name, list(facts))
            if near is not None:
                notes.append(tr("population.ignored_column", column=column, near=near))
            continue
        t, what = facts[name]
        if name in out:
            text, span = where.header(column, columns)
            problems.append(
                Diagnostic(
                    "B010",
                    tr("population.two_columns", where=text, name=name, other=out[name].column),
                    span,
                    suggestion=tr("population.two_columns.hint"),
                )
            )
            continue
        unit = Fraction(1)
        if unit_text:
            table = unit_table(t)
            if unit_text not in table:
                text, span = where.header(column, columns)
                allowed = "、".join(table) if table else tr("population.no_unit")
                problems.append(
                    Diagnostic(
                        "B011",
                        tr(
                            "population.header_unit",
                            where=text,
                            what=tr("population.what." + ("fact" if what == "事实" else "field")),
                            name=name,
                            type=type_text(t),
                            unit=unit_text,
                        ),
                        span,
                        suggestion=tr("population.allowed", units=allowed),
                    )
                )
                continue
            unit = table[unit_text]
        out[name] = ColumnSpec(column, name, unit_text, unit, t)
    return out


# ---------------------------------------------------------------------------- conversions
@dataclass
class Converted:
    """A column in normalised form, and where it is bad (present but not a valid value)."""

    expr: pl.Expr
    bad: pl.Expr | None
    problem: str
    scale: Fraction | None = None
    code: str = "B020"  # the code its bad cells are reported with


def numeric(spec: ColumnSpec, dtype: pl.DataType, places: dict[str, int], checks: dict[str, set[str]]) -> Converted:
    col = pl.col(spec.column)
    t = spec.type
    nonneg = isinstance(t, (Money, Quantity))
    if dtype.is_integer():
        bad = (col < 0) if nonneg and spec.column in checks.get("negative", ()) else None
        expr = col.cast(pl.Int64, strict=False) if dtype in (pl.UInt64,) else col.cast(pl.Int64)
        if dtype == pl.UInt64:
            bad = expr.is_null() & col.is_not_null()
        return Converted(
            expr, bad, tr("population.problem.negative" if nonneg else "population.problem.too_large"), spec.unit
        )
    if dtype.is_float():  # see float_columns: checked beforehand
        k = float_places(t, spec.unit)
        what = tr("population.problem.whole_fen") if isinstance(t, Money) else tr("population.problem.places", places=k)
        problem = tr("population.problem.float_or_negative" if nonneg else "population.problem.float", what=what)
        if spec.column in checks.get("in_query", ()):  # kept as it is; read as integers in the query
            return Converted(col, None, problem, spec.unit / 10**k)
        bad = pl.col(FLOAT_BAD + spec.column) if spec.column in checks.get("float_bad", ()) else None
        return Converted(pl.col(FLOAT_INTS + spec.column), bad, problem, spec.unit / 10**k)
    if isinstance(dtype, pl.Decimal):
        s = dtype.scale or 0
        ints = (col * 10**s).cast(pl.Int128)
        bad = (col < 0) if nonneg else None
        return Converted(ints, bad, tr("population.problem.negative"), spec.unit / 10**s)
    if dtype == pl.String or dtype == pl.Categorical or isinstance(dtype, pl.Enum):
        return numeric_text(spec, places.get(spec.column, 0))  # places: the most decimals the column writes
    if dtype == pl.Null:
        return Converted(pl.lit(None, dtype=pl.Int64), None, "", spec.unit)
    return Converted(pl.lit(None, dtype=pl.Int64), pl.lit(True), tr("population.problem.dtype", dtype=dtype), spec.unit)


FLOAT_INTS, FLOAT_BAD = "__fi:", "__fb:"
PLACE = "\0place"  # the flag of a 名次 column's cells that are numbers but no place


FLOAT_SLICE = 1 << 16  # values checked at a time, so the check's temporaries stay small


def float_columns(
    frame: pl.DataFrame, specs: dict[str, ColumnSpec]
) -> tuple[pl.DataFrame, set[str], dict[str, tuple[int, int, int]]]:
    """Floating-point columns, read exactly: a value counts only if it is the double nearest to a
    decimal with at most k places (checked by IEEE division — polars would turn a division into a
    multiplication — a slice at a time). A column without empty cells that passes stays as it is
    and is read as `round(x × 10^k)` inside the query (exact, since x × 10^k is within a few ulps
    of that integer); otherwise the integers are built here. Returns the frame, the columns with a
    bad value, and for the columns read in the query: column → (k, min, max)."""
    import numpy as np

    added, bad_columns, in_query = [], set(), {}
    for spec in specs.values():
        series = frame[spec.column]
        if not (is_numeric(spec.type) and series.dtype.is_float()):
            continue
        k = float_places(spec.type, spec.unit)
        scale = 10.0**k
        x = series.cast(pl.Float64).to_numpy()
        ok = np.empty(x.shape, dtype=bool)
        lo, hi = np.inf, -np.inf
        nonneg = isinstance(spec.type, (Money, Quantity))
        with np.errstate(invalid="ignore", over="ignore"):
            for start in range(0, x.size, FLOAT_SLICE):
                part = x[start : start + FLOAT_SLICE]
                t = np.rint(part * scale)
                good = (t / scale) == part  # NaN (an empty cell) is never equal
                good &= np.abs(t) < 2.0**53  # beyond 2^53 a double has no digits after the point left
                if nonneg:
                    good &= part >= 0
                ok[start : start + FLOAT_SLICE] = good
                if good.any():
                    lo, hi = min(lo, t[good].min()), max(hi, t[good].max())
        if ok.all():
            in_query[spec.column] = (k, int(lo) if x.size else 0, int(hi) if x.size else 0)
            continue
        name = FLOAT_INTS + spec.column
        present = series.is_not_null().to_numpy()
        ints = np.where(ok, np.rint(x * scale), 0).astype(np.int64)
        added.append(pl.Series(name, ints).set(pl.Series(~ok), None))
        if (present & ~ok).any():
            bad_columns.add(spec.column)
            added.append(pl.Series(FLOAT_BAD + spec.column, present & ~ok))
    return (frame.with_columns(added) if added else frame), bad_columns, in_query


def integer_bounds(frame: pl.DataFrame, skip: Any = None) -> dict[str, tuple[int, int]]:
    """Each integer and date column's minimum and maximum, in one pass (for overflow analysis,
    and to find a negative amount without a per-row check)."""
    import datetime as dt

    skip = skip or (lambda c: c.startswith("__"))  # helper columns, unless the caller says which
    names = [c for c, t in frame.schema.items() if (t.is_integer() or t == pl.Date) and not skip(c)]
    if not names or frame.height == 0:
        return {c: (0, 0) for c in names}
    row = frame.select(
        [pl.col(c).min().alias(f"{c}\0lo") for c in names] + [pl.col(c).max().alias(f"{c}\0hi") for c in names]
    ).row(0, named=True)
    out = {}
    for c in names:
        lo, hi = row[f"{c}\0lo"], row[f"{c}\0hi"]
        if isinstance(lo, dt.date):
            lo, hi = lo.toordinal(), hi.toordinal()
        out[c] = (int(lo or 0), int(hi or 0))
    return out


def _cleaned(col: pl.Expr) -> pl.Expr:
    """A text cell without the space around it; an empty cell is null (the grammar allows no more)."""
    text = col.cast(pl.String).str.strip_chars()
    return pl.when(text == "").then(None).otherwise(text)


PARTS = "__parts:"


def regex_parts(column: str) -> pl.Expr:
    """Every cell of a text column split by the value grammar's NUMBER_PATTERN: `1.25万元` → 125,
    2 decimals, 万元; `-3.5%` → -35, 1, %; `1,000` → 1000, 0, ``."""
    groups = _cleaned(pl.col(column)).str.extract_groups(NUMBER_PATTERN)
    sign, whole, frac, unit = (groups.struct.field(k) for k in ("sign", "whole", "frac", "unit"))
    frac = frac.fill_null("")
    magnitude = pl.concat_str([whole.str.replace_all(values.SEPARATORS, ""), frac]).cast(pl.Int128, strict=False)
    negative = sign.is_not_null() & (sign != "")
    digits = magnitude * pl.when(negative).then(pl.lit(-1, dtype=pl.Int128)).otherwise(pl.lit(1, dtype=pl.Int128))
    decimals = frac.str.len_chars().cast(pl.Int32)
    return pl.struct(
        digits.alias("digits"),
        decimals.alias("decimals"),
        unit.fill_null("").alias("unit"),
        whole.is_not_null().alias("ok"),
    ).alias(PARTS + column)


PLAIN_NUMBER = r"^[0-9]+(\.[0-9]+)?$"  # what Arrow casts exactly as the grammar reads it


def typed_text_columns(frame: pl.DataFrame, columns: list[str]) -> tuple[pl.DataFrame, list[str]]:
    """Text columns of plain numbers (`12000`, `0.55`: digits and at most one point, nothing else) parsed
    by Arrow's C++ casts — as whole numbers, else as decimals with up to 8 places (a cast that would
    lose a digit fails, so it is exact). Returns the frame and the columns left for regex_parts (units,
    separators, signs, anything else: the value grammar decides)."""
    if not columns:  # pyarrow.compute costs ~30 MB of memory to load: only for text
        return frame, []
    import pyarrow as pa
    import pyarrow.compute as pc

    typed, rest = [], []
    for c in columns:
        arr = frame[c].cast(pl.String).to_arrow()
        if pc.all(pc.match_substring_regex(arr, PLAIN_NUMBER)).as_py() not in (True, None):
            rest.append(c)
            continue
        # a point anywhere: Arrow's int64 cast would fail, and a failing cast costs more than a good one
        # (it ran ~9× the decimal cast on 1.8 M amounts), so go straight to the decimals
        pointed = pc.any(pc.match_substring(arr, ".")).as_py() is True
        for target in (pa.decimal128(38, 8),) if pointed else (pa.int64(), pa.decimal128(38, 8)):
            try:
                typed.append(pl.Series(c, pc.cast(arr, target)))
                break
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                continue
        else:
            rest.append(c)
    return (frame.with_columns(typed) if typed else frame), rest


def parse_text_columns(frame: pl.DataFrame, columns: list[str]) -> pl.DataFrame:
    """The numeric text columns that need more than a cast, split once by NUMBER_RE."""
    return frame.with_columns([regex_parts(c) for c in columns]) if columns else frame


def _number_parts(column: str) -> tuple[pl.Expr, pl.Expr, pl.Expr, pl.Expr]:
    """(all digits as one integer, the decimals they stand for, the unit, parsed?) of each cell."""
    parts = pl.col(PARTS + column)
    return (
        parts.struct.field("digits"),
        parts.struct.field("decimals"),
        parts.struct.field("unit"),
        parts.struct.field("ok"),
    )


def text_places(column: str) -> pl.Expr:
    """The most decimals written in a text column (so its numbers share one scale)."""
    _, decimals, _, _ = _number_parts(column)
    return decimals.max().fill_null(0).clip(lower_bound=0).alias(column)


def numeric_text(spec: ColumnSpec, places: int) -> Converted:
    """`1.2万元`, `55%`, `12,000`, `-3.5%`: digits and a unit per cell, exactly."""
    t = spec.type
    table = unit_table(t)
    unit_of_cell = {u: v for u, v in table.items()}
    denominators = [v.denominator for v in [*list(unit_of_cell.values()), spec.unit]]
    den = math.lcm(*denominators) * 10**places  # the column's common scale is 1/den
    present = pl.col(spec.column).is_not_null() & (pl.col(spec.column).cast(pl.String).str.strip_chars() != "")
    digits, decimals, unit, whole = _number_parts(spec.column)
    shift = pl.lit(places, dtype=pl.Int32) - decimals  # ≥ 0: every cell brought to `places` decimals
    powers = list(range(0, 39))  # 10^38 is the last power of ten an Int128 holds
    ten = shift.replace_strict(
        pl.Series(powers, dtype=pl.Int32),
        pl.Series([10**k for k in powers], dtype=pl.Int128),
        default=None,
        return_dtype=pl.Int128,
    )
    multipliers = {u: int(v * den / 10**places) for u, v in unit_of_cell.items()}
    multipliers[""] = int(spec.unit * den / 10**places)
    factor = unit.replace_strict(
        list(multipliers), pl.Series(list(multipliers.values()), dtype=pl.Int128), default=None, return_dtype=pl.Int128
    )
    ints = digits * ten * factor
    bad = present & (~whole | factor.is_null() | ints.is_null())
    units = tr("label.list_separator").join(table) if table else tr("population.no_unit")
    problem = tr("population.problem.not_type", type=type_text(t), units=units)
    return Converted(pl.when(bad).then(None).otherwise(ints), bad, problem, Fraction(1, den))


def boolean(spec: ColumnSpec, dtype: pl.DataType) -> Converted:
    """A Boolean column as it is; text by the value grammar's words (是/否, true/false … in any case)."""
    col = pl.col(spec.column)
    if dtype == pl.Boolean:
        return Converted(col, None, "")
    if dtype == pl.Null:
        return Converted(pl.lit(None, dtype=pl.Boolean), None, "")
    text = _cleaned(col)
    value = text.str.to_lowercase().replace_strict(
        list(TRUE_WORDS) + list(FALSE_WORDS),
        [True] * len(TRUE_WORDS) + [False] * len(FALSE_WORDS),
        default=None,
        return_dtype=pl.Boolean,
    )
    return Converted(value, text.is_not_null() & value.is_null(), tr("values.bool"))


def choice(spec: ColumnSpec, dtype: pl.DataType) -> Converted:
    assert isinstance(spec.type, Enum)
    text = pl.col(spec.column).cast(pl.String).str.strip_chars()
    text = pl.when(text == "").then(None).otherwise(text)
    bad = text.is_not_null() & ~text.is_in(list(spec.type.values))
    return Converted(text, bad, tr("population.problem.one_of", values=" / ".join(spec.type.values)))


def words(spec: ColumnSpec, dtype: pl.DataType) -> Converted:
    """A 文本 column: each cell as the value grammar reads a text (surrounding spaces dropped, as a case's)."""
    text = pl.col(spec.column).cast(pl.String).str.strip_chars()
    return Converted(pl.when(text == "").then(None).otherwise(text), None, "")


def date(spec: ColumnSpec, dtype: pl.DataType) -> Converted:
    col = pl.col(spec.column)
    if dtype == pl.Date:
        return Converted(col, None, "")
    if dtype == pl.Null:
        return Converted(pl.lit(None, dtype=pl.Date), None, "")
    if isinstance(dtype, pl.Datetime):
        return Converted(col.dt.date(), pl.lit(True) & col.is_not_null(), tr("population.problem.datetime"))
    text = _cleaned(col)
    value = pl.when(text.str.contains(DATE_PATTERN)).then(text.str.to_date("%Y-%m-%d", strict=False))
    return Converted(value, text.is_not_null() & value.is_null(), tr("values.date"))


def convert(spec: ColumnSpec, dtype: pl.DataType, places: dict[str, int], checks: dict[str, set[str]]) -> Converted:
    t = spec.type
    if is_numeric(t):
        number = numeric(spec, dtype, places, checks)
        if spec.column in checks.get("in_query", ()):  # a float column read in the query: its share range here
            if isinstance(t, Ratio) and number.bad is None:
                checks.setdefault("share_range", set()).add(spec.column)
                return float_share_range(number, spec)
            return number
        return within_type(number, spec)
    if isinstance(t, Bool):
        return boolean(spec, dtype)
    if isinstance(t, Enum):
        return choice(spec, dtype)
    if isinstance(t, Date):
        return date(spec, dtype)
    return words(spec, dtype)


def float_share_range(number: Converted, spec: ColumnSpec) -> Converted:
    """A float share column kept as floats: 0–100% (or the declared range) compared on the floats."""
    col = pl.col(spec.column)
    low, high = share_limits(spec)
    outside = ((col < low) | (col > high)).fill_null(False)
    return Converted(number.expr, outside, range_problem(spec), number.scale)


def share_limits(spec: ColumnSpec) -> tuple[float, float]:
    """The floats a share column's values are compared with (float_share_range, and float_stats' extremes)."""
    low, high = spec.bounds or (Fraction(0), Fraction(1))
    return float(low / spec.unit), float(high / spec.unit)


def range_problem(spec: ColumnSpec) -> str:
    if spec.bounds is None:
        return tr("values.ratio_range")
    from policylang.frontend.units import value_text

    low, high = (value_text(v, spec.type) for v in spec.bounds)
    return tr("decide.outside_range", low=low, high=high)


def within_type(number: Converted, spec: ColumnSpec) -> Converted:
    """The value grammar's range per type, on the column (values.within_type for one value): an
    amount in whole fen, a share between 0% and 100% (or in the fact's declared range)."""
    if number.scale is not None and spec.bounds is not None:
        number = within_bounds(number, spec)
    if number.scale is None or not isinstance(spec.type, (Money, Ratio)):
        return number
    p, q = number.scale.numerator, number.scale.denominator
    ints = number.expr.cast(pl.Int128)
    if isinstance(spec.type, Ratio) and spec.bounds is not None:
        return number
    if isinstance(spec.type, Money):
        step = q // math.gcd(q, 100 * p)  # a whole fen is a multiple of `step` at this scale
        if step == 1:
            return number
        outside, problem = ((ints % step) != 0).fill_null(False), tr("values.sub_fen", currency=spec.type.currency)
        bad = outside if number.bad is None else number.bad | outside
        # every cell is whole 分 (one that is not is reported): read the column in 分, not at the finer
        # scale its written decimals gave it (`100.000`, a decimal column): what is exact stays exact,
        # and a group limit on it is whole 分 (B042 refused it whatever the values)
        whole = pl.when(outside).then(None).otherwise(ints // step)
        return Converted(whole, bad, problem if number.bad is None else number.problem, number.scale * step)
    else:
        outside, problem = (ints < 0) | (ints > q // p), tr("values.ratio_range")
    outside = outside.fill_null(False)
    bad = outside if number.bad is None else number.bad | outside
    return Converted(number.expr, bad, problem if number.bad is None else number.problem, number.scale)


def within_bounds(number: Converted, spec: ColumnSpec) -> Converted:
    """Outside the declared range lo ≤ value ≤ hi, compared on the exact integers at the column's scale."""
    assert number.scale is not None and spec.bounds is not None
    p, q = number.scale.numerator, number.scale.denominator
    ints = number.expr.cast(pl.Int128) * p  # value × q
    (a, b), (c, d) = ((v.numerator, v.denominator) for v in spec.bounds)
    outside = ((ints * b < a * q) | (ints * d > c * q)).fill_null(False)
    bad = outside if number.bad is None else number.bad | outside
    return Converted(number.expr, bad, range_problem(spec) if number.bad is None else number.problem, number.scale)


def a_place(number: Converted, floating: bool) -> Converted | None:
    """A 名次 the file gives (as a case gives it to eval, readers/cases.py K035): a whole number from 1,
    the first place. Where a cell is a number but not a place (B090; one that is no number is B020)."""
    if number.scale is None:
        return None
    if floating:  # a float column read in the query: compared on the floats (whole ones are exact)
        col = number.expr
        wrong = (col < 1) | (col.floor() != col)
    else:
        p, q = number.scale.numerator, number.scale.denominator
        ints = number.expr.cast(pl.Int128) * p  # value × q
        wrong = (ints < q) | ((ints % q) != 0)
    wrong = wrong.fill_null(False)
    if number.bad is not None:
        wrong = wrong & ~number.bad.fill_null(False)
    return Converted(number.expr, wrong, tr("population.problem.not_a_place"), number.scale, "B090")


# ---------------------------------------------------------------------------- defaults
def rescale_for(value: Fraction, scale: Fraction) -> Fraction:
    """A scale at which both the column (at `scale`) and the default `value` are integers."""
    from policylang.backends.columnar import fgcd

    return scale if value == 0 or (value / scale).denominator == 1 else fgcd(scale, abs(value))


# ---------------------------------------------------------------------------- normalising a frame
@dataclass
class Need:
    """What is read from a frame: the facts (or item fields) by name, their types and defaults."""

    types: dict[str, tuple[Type, str]]  # name → (type, "事实" or "字段")
    defaults: dict[str, object]  # name → default value (absent: none)
    required: dict[str, list[str]]  # name → clauses that read it, for facts without a default
    ranges: dict[str, tuple[Fraction, Fraction]] = field(default_factory=dict)  # name → declared 取值 range
    places: frozenset[str] = frozenset()  # the 名次 facts: a column giving one holds whole numbers from 1


def normalise(
    frame: pl.DataFrame,
    need: Need,
    where: Where,
    id_column: str | None,
    problems: list[Diagnostic],
    notes: list[str],
    keep: tuple[str, ...] = (),
    in_query: bool = True,
) -> tuple[pl.DataFrame, dict[str, Fraction], dict[str, tuple[int, int]], dict[str, pl.Expr]]:
    """The frame's fact columns, normalised and validated; problems are appended, not raised."""
    columns = list(frame.columns)
    specs = map_columns(columns, need.types, where, id_column, problems, notes)
    specs = {n: replace(sp, bounds=need.ranges.get(n)) for n, sp in specs.items()}
    for name, cites in need.required.items():
        if name not in specs and name not in need.defaults and cites:
            text = tr(
                "population.missing_column", file=where.name, name=name, clauses=tr("label.list_separator").join(cites)
            )
            hint = tr("population.add_column", name=name, example=example(need.types[name][0]))
            problems.append(Diagnostic("B001", text, None, suggestion=hint))
    text_columns = [
        s.column for s in specs.values() if is_numeric(s.type) and frame.schema[s.column] in (pl.String, pl.Categorical)
    ]
    frame, text_columns = typed_text_columns(frame, text_columns)
    schema = frame.schema
    places: dict[str, int] = {}
    if text_columns:  # parse each text column once (digits, decimals, unit), then read the parts
        frame = parse_text_columns(frame, text_columns)
        row = frame.select([text_places(c) for c in text_columns]).row(0, named=True)
        places = {c: int(v or 0) for c, v in row.items()}
        if any(v > MAX_PLACES for v in places.values()):
            for c, v in places.items():
                if v > MAX_PLACES:
                    text, span = where.header(c, columns)
                    problems.append(
                        Diagnostic(
                            "B012",
                            tr("population.too_many_places", where=text, places=v),
                            span,
                            suggestion=tr("population.too_many_places.hint"),
                        )
                    )
            return frame.clear(), {}, {}, {}
    if not text_columns:  # numbers, yes/no, dates as they are: checked and bounded in one pass, or not at all
        quick = checked_in_one_pass(frame, specs, need, where, columns, problems, keep)
        if quick is not None:
            return quick
    checks: dict[str, set[str]] = {"negative": set()}
    frame, checks["float_bad"], queried = float_columns(frame, specs)
    checks["in_query"] = set(queried)
    converted = {name: convert(spec, schema[spec.column], places, checks) for name, spec in specs.items()}
    exprs = [c.expr.alias(name) for name, c in converted.items()]
    flags = [c.bad.alias(f"__bad:{name}") for name, c in converted.items() if c.bad is not None]
    reported, located = dict(converted), dict(specs)  # and each 名次 column's places, under their own flag
    for name in sorted(need.places & set(converted)):
        place = a_place(converted[name], specs[name].column in checks["in_query"])
        if place is not None and place.bad is not None:
            reported[name + PLACE], located[name + PLACE] = place, specs[name]
            flags.append(place.bad.alias(f"__bad:{name}{PLACE}"))
    kept = [pl.col(k) for k in keep if k in columns]
    height = [] if kept or exprs else [pl.int_range(pl.len(), dtype=pl.Int64).alias("__height")]  # keeps the rows
    parsed = any(schema[sp.column] in (pl.String, pl.Categorical) for sp in specs.values())
    if parsed:  # text to parse: lazily, so a shared subexpression (the cleaned text) is computed once
        out = frame.lazy().select(height + kept + exprs + flags).collect()
    else:  # numbers already: eager keeps the columns as they are, without copies
        out = frame.select(height + kept + exprs + flags)
    report_bad(out, reported, located, where, columns, frame, problems)
    scales = {name: c.scale for name, c in converted.items() if c.scale is not None}
    out = narrow_wide(out)
    bounds = integer_bounds(out)
    read_as: dict[str, pl.Expr] = {}
    for name, sp in specs.items():
        if sp.column in queried:
            k, lo, hi = queried[sp.column]
            read_as[name] = (pl.col(name) * 10**k).round(0).cast(pl.Int64)
            bounds[name] = (lo, hi)
    negative = {
        n for n, sp in specs.items() if isinstance(sp.type, (Money, Quantity)) and n in bounds and bounds[n][0] < 0
    }
    if negative:  # rare: only then build the per-row check, to say which rows
        flags_neg = [(pl.col(name) < 0).fill_null(False).alias(f"__bad:{name}") for name in negative]
        out = out.with_columns(flags_neg)
        for name in negative:
            converted[name].bad = pl.col(f"__bad:{name}")
            converted[name].problem = tr("population.problem.negative")
        report_bad(out.select([f"__bad:{n}" for n in negative]), converted, specs, where, columns, frame, problems)
    out, scales, filled = fill_defaults(out, need, specs, scales, where, columns, problems)
    out = out.drop([c for c in out.columns if c.startswith("__bad:") or c == "__height"])
    if filled:  # empty cells took their defaults: the bounds may have moved
        bounds.update(integer_bounds(out))
    return out, scales, bounds, read_as


QUICK_DTYPES: tuple[Any, ...] = (pl.Boolean, pl.Date, pl.Float32, pl.Float64, pl.Int8, pl.Int16, pl.Int32, pl.Int64)
QUICK_DTYPES += (pl.UInt8, pl.UInt16, pl.UInt32)  # what the quick pass reads as it is (UInt64 may not fit)


def float_scale(spec: ColumnSpec) -> float:
    return 10.0 ** float_places(spec.type, spec.unit)


def float_integers(column: str, spec: ColumnSpec) -> pl.Expr:
    """⌊x × 10^k + ½⌋ as a float: for a value that passes float_stats, the integer it stands for."""
    return (pl.col(column).cast(pl.Float64) * float_scale(spec) + 0.5).floor()


def float_check(column: str, spec: ColumnSpec) -> pl.Expr:
    """float_columns' test as one column expression: every value the double nearest to t ÷ 10^k, its
    integer t (float_integers), by IEEE division. The divisor is a column (x × 0 + 10^k, NaN where x is
    not finite, so never equal), since polars turns a division by a constant into a multiplication by
    its reciprocal, which is not always the same double. (|t| < 2^53 and the sign are checked on t's
    minimum and maximum.)"""
    x = pl.col(column).cast(pl.Float64)
    return (float_integers(column, spec) / (x * 0.0 + float_scale(spec)) == x).fill_null(False).all()


def numpy_loaded() -> bool:
    """Whether numpy is imported already (a caller of the batch API has it; the CLI does not): then a float
    column is checked by float_stats, else by float_check, so the CLI never pays numpy's import (~0.1 s)."""
    return "numpy" in sys.modules


def float_stats(series: pl.Series, spec: ColumnSpec) -> tuple[bool, float, float, Any]:
    """float_columns' test on a whole column, its integers' minimum and maximum, and the integers themselves
    (an Int64 numpy array, so the query reads them instead of converting the floats again: ⌊x × 10^k + ½⌋
    costs more than any other step of a flat policy's query): every value the double nearest to t ÷ 10^k
    for t = float_integers (numpy's division is IEEE division, never a multiplication by the reciprocal),
    and every t within 2^53 (so finite and exactly an Int64). A slice at a time, so the temporaries stay in
    the cache: ~5× less processor time than the same test as a polars expression over the column.
    An empty cell (NaN here) is never equal, so it fails."""
    import numpy as np

    scale = float_scale(spec)
    x = series.cast(pl.Float64).to_numpy()
    ints = np.empty(x.size, dtype=np.int64)
    lo, hi = np.inf, -np.inf
    with np.errstate(invalid="ignore", over="ignore"):
        for start in range(0, x.size, FLOAT_SLICE):
            part = x[start : start + FLOAT_SLICE]
            t = np.floor(part * scale + 0.5)
            if not bool((t / scale == part).all()):
                return False, 0.0, 0.0, None
            lo, hi = min(lo, float(t.min())), max(hi, float(t.max()))
            if -(2.0**53) < lo <= hi < 2.0**53:  # else the column fails below, and nothing reads `ints`
                ints[start : start + FLOAT_SLICE] = t
    return -(2.0**53) < lo <= hi < 2.0**53, lo, hi, ints  # an infinity passes the division: not these


def integer_stats(series: pl.Series) -> tuple[int, int] | None:
    """An integer column's minimum and maximum by numpy, a slice at a time (each slice's maximum read from
    the cache its minimum left it in: half the memory traffic of two passes, on one thread); None for a
    column with empty cells or of another type (polars takes those)."""
    if not series.dtype.is_integer() or series.dtype == pl.UInt64 or series.null_count() or series.len() == 0:
        return None
    a = series.to_numpy()
    lo, hi = int(a[0]), int(a[0])
    for start in range(0, a.size, FLOAT_SLICE):
        part = a[start : start + FLOAT_SLICE]
        lo, hi = min(lo, int(part.min())), max(hi, int(part.max()))
    return lo, hi


def checked_in_one_pass(
    frame: pl.DataFrame,
    specs: dict[str, ColumnSpec],
    need: Need,
    where: Where,
    columns: list[str],
    problems: list[Diagnostic],
    keep: tuple[str, ...],
) -> tuple[pl.DataFrame, dict[str, Fraction], dict[str, tuple[int, int]], dict[str, pl.Expr]] | None:
    """The usual population (integer, float, yes/no and date columns, every value good): one lazy query
    checks every float column exactly and every cell against its type and range, and takes each integer
    and date column's minimum and maximum; the columns stay as they are. None when some value is not good
    (or a column needs more than that): `normalise` then reads the frame its thorough way and says where."""
    schema = frame.schema
    if frame.height == 0 or any(schema[s.column] not in QUICK_DTYPES for s in specs.values()):
        return None
    floats = {s.column: s for s in specs.values() if is_numeric(s.type) and schema[s.column].is_float()}
    checks: dict[str, set[str]] = {"negative": set(), "float_bad": set(), "in_query": set(floats)}
    converted = {name: convert(spec, schema[spec.column], {}, checks) for name, spec in specs.items()}
    exprs = [c.expr.alias(name) for name, c in converted.items()]
    kept = [pl.col(k) for k in keep if k in columns]
    if not (kept or exprs):
        return None
    out_schema = frame.lazy().select(kept + exprs).collect_schema()
    stats: list[pl.Expr] = []
    found: dict[str, Any] = {}
    by_numpy = numpy_loaded()
    share_range = checks.get("share_range", set())
    integers_found: dict[str, Any] = {}  # float column → its integers, where float_stats computed them
    decided: set[str] = set()  # share columns whose range float_stats' extremes decide (no pass of their own)
    for column, spec in floats.items():
        if by_numpy:
            ok, lo, hi, ints = float_stats(frame[column], spec)
            if not ok:
                return None
            integers_found[column] = ints
            found |= {f"{column}\0ok": ok, f"{column}\0lo": lo, f"{column}\0hi": hi}
            if column in share_range:
                # every value x is exactly t ÷ 10^k (float_stats checked it) and IEEE division is monotone, so the
                # smallest and largest x are lo ÷ 10^k and hi ÷ 10^k: outside the limits iff one of them is
                low, high = share_limits(spec)
                scale = float_scale(spec)
                found[f"{column}\0bad"] = lo / scale < low or hi / scale > high
                decided.add(column)
        else:
            t = float_integers(column, spec)
            stats += [float_check(column, spec).alias(f"{column}\0ok"), t.min().alias(f"{column}\0lo")]
            stats.append(t.max().alias(f"{column}\0hi"))
    stats += [
        c.bad.fill_null(False).any().alias(f"{name}\0bad")
        for name, c in converted.items()
        if c.bad is not None and specs[name].column not in decided
    ]
    exprs_by_name = {name: c.expr for name, c in converted.items()} | {k: pl.col(k) for k in keep if k in columns}
    integers = [n for n, d in out_schema.items() if (d.is_integer() or d == pl.Date) and not n.startswith("__")]
    # where the column is read as it is: a number (numeric() casts it to Int64, values unchanged) or the id
    source = {name: sp.column for name, sp in specs.items() if is_numeric(sp.type)} | {
        k: k for k in keep if k in columns
    }
    by_polars = []
    for n in integers:
        read_as_is = n in source and out_schema[n].is_integer()
        found_bounds = integer_stats(frame[source[n]]) if by_numpy and read_as_is else None
        if found_bounds is None:
            by_polars.append(n)
        else:
            found |= {f"{n}\0min": found_bounds[0], f"{n}\0max": found_bounds[1]}
    stats += [exprs_by_name[n].min().alias(f"{n}\0min") for n in by_polars]
    stats += [exprs_by_name[n].max().alias(f"{n}\0max") for n in by_polars]
    row = frame.lazy().select(stats).collect().row(0, named=True) if stats else {}
    row |= found
    if any(v is True for k, v in row.items() if k.endswith("\0bad")):
        return None
    for c, sp in floats.items():  # every value good, each integer within 2^53, an amount not negative
        lo, hi = row[f"{c}\0lo"], row[f"{c}\0hi"]
        if row[f"{c}\0ok"] is not True or not -(2.0**53) < lo <= hi < 2.0**53:
            return None
        if isinstance(sp.type, (Money, Quantity)) and lo < 0:
            return None
    bounds: dict[str, tuple[int, int]] = {}
    for n in integers:
        lo, hi = row[f"{n}\0min"], row[f"{n}\0max"]
        if isinstance(lo, dt.date):
            lo, hi = lo.toordinal(), hi.toordinal()
        bounds[n] = (int(lo or 0), int(hi or 0))
    if any(isinstance(sp.type, (Money, Quantity)) and bounds.get(n, (0, 0))[0] < 0 for n, sp in specs.items()):
        return None  # a negative amount: the thorough way says which rows
    out = frame.select(kept + exprs)
    read_as: dict[str, pl.Expr] = {}
    for name, sp in specs.items():
        if sp.column not in floats:
            continue
        bounds[name] = (int(row[f"{sp.column}\0lo"]), int(row[f"{sp.column}\0hi"]))
        if sp.column in integers_found:  # the integers float_stats computed: the fact's column itself
            out = out.with_columns(pl.Series(name, integers_found[sp.column]))
        else:  # exact below 2^53, so no overflow check is needed: the cast that wraps is the cheap one
            read_as[name] = float_integers(name, sp).cast(pl.Int64, wrap_numerical=True)
    scales = {name: c.scale for name, c in converted.items() if c.scale is not None}
    out, scales, filled = fill_defaults(out, need, specs, scales, where, columns, problems)
    if filled:  # empty cells took their defaults: the bounds may have moved
        bounds.update(integer_bounds(out))
    return out, scales, bounds, read_as


def narrow_wide(out: pl.DataFrame) -> pl.DataFrame:
    """Int128 columns (text with many digits, decimals) back to Int64 where every value fits."""
    wide = [c for c, t in out.schema.items() if t == pl.Int128]
    if not wide:
        return out
    row = out.select([pl.col(c).abs().max().alias(c) for c in wide]).row(0, named=True)
    fits = [c for c in wide if row[c] is None or int(row[c]) <= I64]
    return out.with_columns([pl.col(c).cast(pl.Int64) for c in fits]) if fits else out


def report_bad(
    out: pl.DataFrame,
    converted: dict[str, Converted],
    specs: dict[str, ColumnSpec],
    where: Where,
    columns: list[str],
    raw: pl.DataFrame,
    problems: list[Diagnostic],
) -> None:
    flags = [c for c in out.columns if c.startswith("__bad:")]
    if not flags:
        return
    counts = out.select([pl.col(c).sum() for c in flags]).row(0, named=True)
    for flag, count in counts.items():
        if not count or len(problems) >= MAX_PROBLEMS:
            continue
        name = flag.removeprefix("__bad:")
        spec = specs[name]
        rows = out.with_row_index("__i").filter(pl.col(flag)).head(3)["__i"].to_list()
        for row in rows:
            value = raw[spec.column][row]
            text, span = where.locate(spec.column, row, columns, value)
            more = tr("population.more", count=count) if count > 1 else ""
            code = converted[name].code
            if code == "B020":
                problem, suggestion = cell_problem(value, spec, converted[name].problem)
            else:  # a number the value grammar reads, wrong for what the column gives (a 名次)
                shown = format(value.normalize(), "f") if isinstance(value, Decimal) else value  # 2.5, not 2.50000000
                problem = tr("population.bad_text", value=shown, problem=converted[name].problem)
                suggestion = tr("population.problem.not_a_place.hint", name=spec.column)
            problems.append(
                Diagnostic(
                    code,
                    tr("population.where_problem", where=text, problem=problem + more),
                    span,
                    suggestion=suggestion,
                )
            )
            more = ""


def in_range_words(value: object, spec: ColumnSpec) -> bool:
    """A typed amount or share the column read but within_type refused (sub-fen, outside 0–100%): said
    in the value grammar's words, as its digits would be. Other typed cells keep the column's words."""
    if not isinstance(value, (Decimal, int)) or isinstance(value, bool):
        return False
    return isinstance(spec.type, Ratio) or (isinstance(spec.type, Money) and value >= 0)


def cell_problem(value: object, spec: ColumnSpec, column_problem: str) -> tuple[str, str]:
    """What is wrong with one cell, and a suggestion: a text cell in the value grammar's words (the
    same as a case file would get), any other cell in the column's."""
    written = str(value) if in_range_words(value, spec) else value
    if isinstance(written, str):
        try:
            values.read_value(written, spec.type, spec.unit, spec.bounds)
        except ValueProblem as problem:
            return tr("population.bad_text", value=value, problem=problem), problem.suggestion or tr(
                "values.for_example", example=example(spec.type)
            )
    return tr("population.bad_cell", value=value, problem=column_problem), tr(
        "values.for_example", example=example(spec.type)
    )


def fill_defaults(
    out: pl.DataFrame,
    need: Need,
    specs: dict[str, ColumnSpec],
    scales: dict[str, Fraction],
    where: Where,
    columns: list[str],
    problems: list[Diagnostic],
) -> tuple[pl.DataFrame, dict[str, Fraction], bool]:
    """Empty cells take the default; without one, an empty cell is a problem where a clause needs it."""
    null_counts = {n: out[n].null_count() for n in specs}  # kept beside each column: no pass over the data
    updates = []
    for name, nulls in null_counts.items():
        if not nulls:
            continue
        if name in need.defaults:
            updates.append(_filled(name, need.defaults[name], need.types[name][0], scales))
        elif need.required.get(name) and len(problems) < MAX_PROBLEMS:
            bad_rows = out.with_row_index("__i").filter(pl.col(name).is_null() & ~_bad_flag(out, name)).head(3)
            for row in bad_rows["__i"].to_list():
                text, span = where.locate(specs[name].column, row, columns)
                cites = "、".join(need.required[name])
                problems.append(
                    Diagnostic(
                        "B021",
                        tr("population.missing_value", where=text, clauses=cites),
                        span,
                        suggestion=tr("population.fill_in", example=example(need.types[name][0])),
                    )
                )
    if updates:
        out = out.with_columns(updates)
    return out, scales, bool(updates)


def _bad_flag(out: pl.DataFrame, name: str) -> pl.Expr:
    flag = f"__bad:{name}"
    return pl.col(flag).fill_null(False) if flag in out.columns else pl.lit(False)


def _filled(name: str, default: object, t: Type, scales: dict[str, Fraction]) -> pl.Expr:
    if is_numeric(t):
        d = Fraction(default)  # type: ignore[call-overload]
        scale = scales[name]
        new = rescale_for(d, scale)
        col = pl.col(name)
        if new != scale:
            col = col * int(scale / new)
            scales[name] = new
        return col.fill_null(int(d / new)).alias(name)
    return pl.col(name).fill_null(pl.lit(default)).alias(name)


# ---------------------------------------------------------------------------- from a policy
def needs(policy: ir.CompiledPolicy, plans: list[ir.ClausePlan]) -> Need:
    types: dict[str, tuple[Type, str]] = {}
    defaults: dict[str, object] = {}
    required: dict[str, list[str]] = {}
    ranks = {r.name: r for r in policy.ranks}
    for name, info in policy.facts.items():
        if isinstance(info.type, ListOf):
            continue
        types[name] = (info.type, "事实")
        if info.default is not ir.MISSING:
            defaults[name] = info.default
    for plan in plans:
        for name in sorted(plan.inputs):
            # a 名次 is read where the file gives it, else computed over the population (tools/batch/ranks.py)
            if name in types and name not in defaults and name not in ranks:
                required.setdefault(name, []).append(plan.citation)
    for rank in (ranks[n] for n in sorted({n for p in plans for n in p.inputs} & set(ranks))):
        read = {rank.key, *([rank.tie_key] if rank.tie_key else [])}  # what placing the enterprises reads
        read |= {e.name for e in rank.scope.walk() if isinstance(e, ir.Input)} if rank.scope is not None else set()
        for name in sorted(read):
            if name in types and name not in defaults and rank.name not in required.get(name, []):
                required.setdefault(name, []).append(rank.name)
    ranges = {n: f.range for n, f in policy.facts.items() if f.range is not None}
    return Need(types, defaults, required, ranges, frozenset(ranks))


def item_needs(policy: ir.CompiledPolicy, list_fact: str, used: bool) -> Need:
    info = policy.facts[list_fact]
    assert isinstance(info.type, ListOf)
    defaults = {n: v for n, v in info.field_defaults if v is not ir.MISSING}
    types = {n: (t, "字段") for n, t in info.type.fields}
    required = {n: [list_fact] for n in types if n not in defaults and used}
    return Need(types, defaults, required)


def list_facts(policy: ir.CompiledPolicy) -> list[str]:
    return [n for n, f in policy.facts.items() if isinstance(f.type, ListOf)]


def population_from_frame(
    policy: ir.CompiledPolicy,
    frame: pl.DataFrame,
    plans: list[ir.ClausePlan],
    where: Where | None = None,
    id_column: str | None = None,
    item_frames: dict[str, tuple[pl.DataFrame, Where]] | None = None,
) -> Population:
    """Read and check a frame of enterprises (and their item tables) against the policy."""
    where = where or Where()
    problems: list[Diagnostic] = []
    notes: list[str] = []
    id_column = choose_id(frame, id_column, where, problems, bool(item_frames))
    keep = (id_column,) if id_column else ()
    out, scales, bounds, read_as = normalise(frame, needs(policy, plans), where, id_column, problems, notes, keep)
    items: dict[str, ItemTable] = {}
    used_lists = {n for p in plans for n in p.inputs if n in list_facts(policy)}
    for name in list_facts(policy):
        if item_frames and name in item_frames:
            raw, item_where = item_frames[name]
            table = items_from_table(
                policy, name, raw, frame, id_column, item_where, problems, notes, name in used_lists
            )
        elif name in frame.columns:
            table = items_from_lists(policy, name, frame, where, problems, notes, name in used_lists)
        else:
            continue
        if table is not None:
            items[name] = table
    if problems:
        raise PolicyError(problems[:MAX_PROBLEMS])
    return Population(out, scales, items, id_column, where, notes, bounds, read_as)


def choose_id(
    frame: pl.DataFrame, id_column: str | None, where: Where, problems: list[Diagnostic], needed: bool
) -> str | None:
    if id_column is not None:
        if id_column not in frame.columns:
            problems.append(
                Diagnostic(
                    "B002",
                    tr("population.no_id_column", file=where.name, column=id_column),
                    None,
                    suggestion=tr("population.columns", columns="、".join(frame.columns[:12])),
                )
            )
            return None
        return id_column
    found = next((c for c in ID_CANDIDATES if c in frame.columns), None)
    if found is None and needed:
        problems.append(
            Diagnostic(
                "B003",
                tr("population.no_id", file=where.name),
                None,
                suggestion=tr("population.no_id.hint"),
            )
        )
    return found


def items_from_lists(
    policy: ir.CompiledPolicy,
    name: str,
    frame: pl.DataFrame,
    where: Where,
    problems: list[Diagnostic],
    notes: list[str],
    used: bool,
) -> ItemTable | None:
    """A Parquet list-of-struct column: one list of items per enterprise."""
    dtype = frame.schema[name]
    if not (isinstance(dtype, pl.List) and isinstance(dtype.inner, pl.Struct)):
        text, span = where.header(name, list(frame.columns))
        problems.append(
            Diagnostic(
                "B030",
                tr("population.list_column", where=text, name=name),
                span,
            )
        )
        return None
    exploded = (
        frame.select(pl.int_range(pl.len(), dtype=pl.Int64).alias(ROW), pl.col(name)).explode(name).drop_nulls(name)
    )
    exploded = exploded.with_columns(pl.int_range(pl.len(), dtype=pl.Int64).over(ROW).alias(INDEX)).unnest(name)
    item_where = Where(tr("population.items_of_column", file=where.name, name=name), "memory", 0)
    return normalise_items(policy, name, exploded, item_where, problems, notes, used)


def items_from_table(
    policy: ir.CompiledPolicy,
    name: str,
    raw: pl.DataFrame,
    frame: pl.DataFrame,
    id_column: str | None,
    where: Where,
    problems: list[Diagnostic],
    notes: list[str],
    used: bool,
) -> ItemTable | None:
    """A separate table: one item per row, the enterprise's id in the id column."""
    if id_column is None:
        return None
    if id_column not in raw.columns:
        problems.append(
            Diagnostic(
                "B031",
                tr("population.items_no_id", file=where.name, column=id_column),
                None,
                suggestion=tr("population.items_no_id.hint", column=id_column),
            )
        )
        return None
    ids = frame.select(
        pl.col(id_column).cast(pl.String).alias("__id"), pl.int_range(pl.len(), dtype=pl.Int64).alias(ROW)
    )
    if ids["__id"].n_unique() != ids.height:
        problems.append(Diagnostic("B032", tr("population.duplicate_ids", column=id_column), None))
        return None
    keyed = raw.with_row_index("__file_row").with_columns(pl.col(id_column).cast(pl.String).alias("__id"))
    joined = keyed.join(ids, on="__id", how="inner", maintain_order="left")
    joined = joined.with_columns(pl.int_range(pl.len(), dtype=pl.Int64).over(ROW).alias(INDEX))
    return normalise_items(
        policy, name, joined.drop("__id"), where, problems, notes, used, file_rows=joined["__file_row"]
    )


def normalise_items(
    policy: ir.CompiledPolicy,
    name: str,
    frame: pl.DataFrame,
    where: Where,
    problems: list[Diagnostic],
    notes: list[str],
    used: bool,
    file_rows: pl.Series | None = None,
) -> ItemTable:
    need = item_needs(policy, name, used)
    located = ItemWhere(where, file_rows) if file_rows is not None else where
    out, scales, _, read_as = normalise(frame, need, located, None, problems, notes, keep=(ROW, INDEX))
    if read_as:  # items are joined and grouped: give them their integers outright
        out = out.with_columns([e.alias(n) for n, e in read_as.items()])
    missing = {n: v for n, v in need.defaults.items() if n not in out.columns}
    for n, v in missing.items():  # a field with a default may be left out of the table altogether
        if is_numeric(need.types[n][0]):
            d = Fraction(v)  # type: ignore[call-overload]
            out = out.with_columns(pl.lit(d.numerator, dtype=pl.Int64).alias(n))
            scales[n] = Fraction(1, d.denominator)
        else:
            out = out.with_columns(pl.lit(v).alias(n))
    return ItemTable(out.sort([ROW, INDEX]), scales)


class ItemWhere(Where):
    """An item table joined to its enterprises: report the table's own row numbers."""

    def __init__(self, where: Where, file_rows: pl.Series):
        super().__init__(where.name, where.kind, where.first_row)
        self.file_rows = file_rows

    def locate(self, column: str, row: int, header_names: list[str], value: object = None) -> tuple[str, Span | None]:
        return super().locate(column, int(self.file_rows[row]) - self.first_row, header_names, value)


# ---------------------------------------------------------------------------- CSV positions
def csv_cell_span(path: str, line: int, column_index: int) -> Span | None:
    """A span on the cell of a CSV file's line, so the message shows the line with a caret."""
    import itertools

    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            text = next(itertools.islice(f, line - 1, None), "").rstrip("\r\n")
    except OSError:
        return None
    starts = field_starts(text)
    if column_index >= len(starts):
        return None
    start, end = starts[column_index]
    source = Source(path, "\n" * (line - 1) + text + "\n")
    return Span(source, line, start + 1, line, max(end + 1, start + 2))


def field_starts(line: str) -> list[tuple[int, int]]:
    """(start, end) of each comma-separated field, honouring double quotes."""
    out = []
    start, quoted = 0, False
    for i, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
        elif ch == "," and not quoted:
            out.append((start, i))
            start = i + 1
    out.append((start, len(line)))
    return out


__all__ = ["INDEX", "ROW", "ItemTable", "Population", "Where", "population_from_frame"]
