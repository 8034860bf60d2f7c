"""Tables keyed by date and term (同期贷款基准利率 by loan term), and 截至 on any dated table.

"按同期银行贷款基准利率给予贴息": the People's Bank benchmark lending rate depends on the date and on
the loan's term band, and the bands themselves change between rows (five bands from 2015-08-26,
three from 2015-10-24). A table is written as the PBoC tables read:

    表 同期贷款基准利率: 日期, 数量(月) -> 比例 "…" {
      2015-10-24: 12个月(含)以下 4.35%, 12个月(不含) 至 60个月(含) 4.75%, 60个月(不含)以上 4.90%
    }

Each row's bands must cover their terms once, in order, each edge in exactly one of the two bands
it separates (marked as 超额累进 rows are), and every row must cover the same terms. They need not
cover all: a table copied only up to 五年 leaves longer terms in no band, and such a term is not
determinable with that reason — never the nearest band's value.

It is a derived form, lowered onto nodes every backend already has: the edges of all rows cut the
terms into pieces, each piece inside one band of every row (or outside the bands on every date);
each piece becomes a one-key dated table (`TableInfo.derived_from`), and
`同期贷款基准利率(发放日, 贷款期限)` becomes `如果 期限 ≤ 第一个切点 则 piece₁(发放日) 否则 如果 …`, so a date
before the first row behaves as for a one-key table. The backends' dated-table lookup learnt two
refusals, in exact, columnar and symbolic alike: a date after `截至 DATE` (`TableInfo.until`), and the
piece of terms in no band (`TableInfo.outside`, looked up by the term), are not determinable.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from policylang.compiler import ir
from policylang.errors import Collector, Msg, Span
from policylang.frontend import ast
from policylang.frontend.units import BOOL, Date, Quantity, Type, fraction_text, type_words

if TYPE_CHECKING:  # the lowerer and the typer import this module
    from policylang.compiler.lower import Compiler
    from policylang.frontend.typecheck import Scope, Typer

INCLUSIVE = {"(含)": True, "(不含)": False}
ONE_SIDED = {
    "(含)以下": ("以下", True),
    "(不含)以下": ("以下", False),
    "(含)以上": ("以上", True),
    "(不含)以上": ("以上", False),
}
# A term in another unit, converted for the suggestion only: the units module declares no ratios,
# so a term in 年 is refused rather than converted (1年 = 12个月 is a calendar fact, not the policy's).
CONVERSIONS: dict[tuple[str, str], Fraction] = {("年", "月"): Fraction(12), ("月", "年"): Fraction(1, 12)}


@dataclass(frozen=True)
class Band:
    """A checked band: low < term < high, each end included where it says so (None: no end)."""

    low: Fraction | None
    low_inclusive: bool
    high: Fraction | None
    high_inclusive: bool
    cell: ast.TermCell


Cut = tuple[Fraction, int]  # an edge between two bands: (value, 1 when the value is in the lower band)


def until_date(written: str | None, last: dt.date | None, span: Span, diag: Collector) -> dt.date | None:
    """`截至 DATE`: a valid date on or after the table's last row (C065 otherwise)."""
    if written is None:
        return None
    try:
        day = dt.date.fromisoformat(written)
    except ValueError:
        diag.add("T102", Msg("frontend.bad_date", text=written), span)
        return None
    if last is not None and day < last:
        diag.add(
            "C065",
            Msg("tables.until_before_row", until=written, last=last.isoformat()),
            span,
            suggestion=Msg("tables.until_before_row.hint", last=last.isoformat()),
        )
        return None
    return day


class TermTables:
    """Checks one `表 NAME: 日期, 数量(U) -> TYPE { … }` and makes its one-key pieces."""

    def __init__(self, lowerer: Compiler, typer: Typer) -> None:
        self.lowerer = lowerer
        self.typer = typer
        self.diag: Collector = lowerer.diag

    def compile(self, d: ast.TermTableDecl) -> dict[str, ir.TableInfo] | None:
        from policylang.frontend.typecheck import resolve_type

        term = resolve_type(d.term_type, self.diag, self.lowerer.currency)
        value_type = resolve_type(d.value_type, self.diag, self.lowerer.currency)
        if term is None or value_type is None:
            return None
        if not isinstance(term, Quantity):
            self.diag.add(
                "T287",
                Msg("tables.term_not_quantity", type=type_words(term)),
                d.term_type.span,
                suggestion=Msg("tables.term_not_quantity.hint"),
            )
            return None
        rows: list[tuple[dt.date, list[tuple[Band, object]]]] = []
        seen: dict[dt.date, ast.TermTableRow] = {}
        ok = True
        for row in d.rows:
            try:
                day = dt.date.fromisoformat(row.date)
            except ValueError:
                self.diag.add("T102", Msg("frontend.bad_date", text=row.date), row.span)
                ok = False
                continue
            if day in seen:
                self.diag.add(
                    "T288",
                    Msg("tables.date_twice", date=row.date),
                    row.span,
                    notes=(Msg("frontend.first_at", location=seen[day].span.location()),),
                    suggestion=Msg("tables.date_twice.hint"),
                )
                ok = False
                continue
            seen[day] = row
            cells = self.row(row, term, value_type)
            if cells is None:
                ok = False
                continue
            rows.append((day, cells))
        if not d.rows:
            self.diag.add("C023", Msg("frontend.empty_table", name=d.name), d.span)
        if not ok or not rows:
            return None
        rows.sort(key=lambda r: r[0])
        if not self.same_coverage(d, rows):
            return None
        until = until_date(d.until, rows[-1][0], d.span, self.diag)
        return self.pieces(d, term, value_type, rows, until)

    def same_coverage(self, d: ast.TermTableDecl, rows: list[tuple[dt.date, list[tuple[Band, object]]]]) -> bool:
        """Every row's bands cover the same terms, so a term is outside the bands on every date or on none."""
        first_day, first = rows[0]
        texts = {v: t for _, bands in rows for b, _ in bands for v, t in written_edges(b).items()}
        want = coverage(first)
        for (_, bands), row in zip(rows, sorted(d.rows, key=lambda r: r.date), strict=True):
            if coverage(bands) != want:
                self.diag.add(
                    "T284",
                    Msg(
                        "tables.coverage_differs",
                        covers=coverage_text(coverage(bands), texts),
                        first=first_day.isoformat(),
                        first_covers=coverage_text(want, texts),
                    ),
                    row.span,
                    suggestion=Msg("tables.coverage_differs.hint", first_covers=coverage_text(want, texts))
                    if want != (None, None)
                    else Msg("tables.coverage_differs.all"),
                )
                return False
        return True

    # ------------------------------------------------------------------ one row
    def row(self, row: ast.TermTableRow, term: Quantity, value_type: Type) -> list[tuple[Band, object]] | None:
        bands: list[tuple[Band, object]] = []
        for cell in row.cells:
            band = self.band(cell, term)
            value = self.lowerer.constant(cell.value, value_type)
            if band is None or value is ir.MISSING:
                return None
            bands.append((band, value))
        return bands if self.tiles([b for b, _ in bands], term) else None

    def band(self, cell: ast.TermCell, term: Quantity) -> Band | None:
        b = cell.band
        start = self.edge(b.start, term)
        end = None if b.end is None else self.edge(b.end, term)
        if b.end is None:
            if b.start_mark not in ONE_SIDED:
                self.diag.add(
                    "T280",
                    Msg("tables.one_side_mark", mark=b.start_mark or ""),
                    b.span,
                    suggestion=Msg("tables.one_side_mark.hint", edge=b.start.text),
                )
                return None
            if start is None:
                return None
            side, inclusive = ONE_SIDED[b.start_mark]
            if side == "以下":
                return Band(None, False, start, inclusive, cell)
            return Band(start, inclusive, None, False, cell)
        if b.start_mark not in INCLUSIVE or b.end_mark not in INCLUSIVE:
            fixed = band_text(b.start.text, mark_or(b.start_mark, "(不含)"), b.end.text, mark_or(b.end_mark, "(含)"))
            self.diag.add(
                "T280",
                Msg("tables.between_marks"),
                b.span,
                suggestion=Msg("tables.suggest_band", band=fixed),
            )
            return None
        if start is None or end is None:
            return None
        if start >= end:
            self.diag.add(
                "T289",
                Msg("tables.empty_band", start=b.start.text, end=b.end.text),
                b.span,
                suggestion=Msg("tables.empty_band.hint"),
            )
            return None
        return Band(start, INCLUSIVE[b.start_mark], end, INCLUSIVE[b.end_mark], cell)

    def edge(self, lit: ast.NumberLit, term: Quantity) -> Fraction | None:
        """A band edge in the table's term unit; another unit is T281, with the edge converted."""
        from policylang.frontend.typecheck import Scope

        const = self.typer.expr(lit, Scope({}, {}, {}, {}), term)
        if not isinstance(const, ir.Const) or not isinstance(const.value, Fraction):
            return None
        if const.type == term:
            return const.value
        self.diag.add(
            "T281",
            Msg("tables.edge_unit", edge=lit.text, term=type_words(term), written=type_words(const.type)),
            lit.span,
            suggestion=converted(const.value, const.type, term) or Msg("tables.edge_unit.hint", unit=term.unit),
        )
        return None

    def tiles(self, bands: list[Band], term: Quantity) -> bool:
        """A row's bands cover their terms once: ascending, no gap, no overlap, every edge in one band.
        They need not reach every term (a text may stop at 五年): a term outside them is its own piece."""
        unit = term.unit
        for below, here in itertools.pairwise(bands):
            span = here.cell.band.span
            if below.high is None or here.low is None:  # an open band in the middle covers its neighbours' terms
                self.diag.add("T283", Msg("tables.open_inside"), span, suggestion=Msg("tables.open_inside.hint"))
                return False
            if here.low < below.high:
                lo, hi = edge_text(here.low, unit), edge_text(below.high, unit)
                self.diag.add("T283", Msg("tables.overlap", low=lo, high=hi), span, suggestion=self.fix(below, here))
                return False
            if here.low > below.high:
                lo, hi = edge_text(below.high, unit), edge_text(here.low, unit)
                self.diag.add("T282", Msg("tables.gap", low=lo, high=hi), span, suggestion=self.fix(below, here))
                return False
            at = edge_text(here.low, unit)
            if below.high_inclusive and here.low_inclusive:
                self.diag.add("T283", Msg("tables.edge_twice", edge=at), span, suggestion=self.fix(below, here))
                return False
            if not below.high_inclusive and not here.low_inclusive:
                self.diag.add("T282", Msg("tables.edge_in_none", edge=at), span, suggestion=self.fix(below, here))
                return False
        return True

    @staticmethod
    def fix(below: Band, here: Band) -> Msg:
        """This band rewritten to start where the band below it ends, the edge in one of them only."""
        b = here.cell.band
        start = below.cell.band.end or below.cell.band.start
        mark = "(不含)" if below.high_inclusive else "(含)"
        if b.end is None:
            return Msg("tables.suggest_band", band=f"{start.text}{mark}以上")
        return Msg("tables.suggest_band", band=band_text(start.text, mark, b.end.text, b.end_mark or "(含)"))

    # ------------------------------------------------------------------ the pieces
    def pieces(
        self,
        d: ast.TermTableDecl,
        term: Quantity,
        value_type: Type,
        rows: list[tuple[dt.date, list[tuple[Band, object]]]],
        until: dt.date | None,
    ) -> dict[str, ir.TableInfo]:
        def cuts_of(bands: list[tuple[Band, object]]) -> list[Cut]:
            return [cut(b) for b, _ in bands[:-1]]

        def cut(b: Band) -> Cut:
            assert b.high is not None
            return (b.high, 1 if b.high_inclusive else 0)

        texts: dict[Fraction, str] = {}
        for _, bands in rows:
            for b, _ in bands:
                texts.update(written_edges(b))
        low_cut, high_cut = coverage(rows[0][1])
        ends = {c for c in (low_cut, high_cut) if c is not None}
        cuts = sorted({c for _, bands in rows for c in cuts_of(bands)} | ends)
        uppers: list[Cut | None] = [*cuts, None]
        out: dict[str, ir.TableInfo] = {}
        pieces: list[ir.TermPiece] = []
        if ends:  # the terms outside every band: one table, looked up by the term, that says so
            covers = ir.TermCoverage(
                None if low_cut is None else low_cut[0],
                low_cut is not None and low_cut[1] == 0,
                None if high_cut is None else high_cut[0],
                high_cut is not None and high_cut[1] == 1,
                piece_text(low_cut, high_cut, texts),
                term,
                unit_word(term.unit),
            )
            outside = f"{d.name}[不在任何一档]"
            out[outside] = ir.TableInfo(outside, value_type, (), d.note, until, derived_from=d.name, outside=covers)
        for j, upper in enumerate(uppers):
            lower = cuts[j - 1] if j else None
            text = piece_text(lower, upper, texts)
            high = None if upper is None else upper[0]
            below = low_cut is not None and upper is not None and upper <= low_cut
            above = high_cut is not None and lower is not None and lower >= high_cut
            if below or above:
                edge_band = rows[-1][1][0 if below else -1][0]
                pieces.append(
                    ir.TermPiece(high, bool(upper and upper[1]), outside, text, edge_band.cell.band.span, True)
                )
                continue
            name = f"{d.name}[{text}]"
            values = []
            for day, bands in rows:
                index = 0 if lower is None else sum(1 for c in cuts_of(bands) if c <= lower)
                values.append((day, bands[index][1]))
            out[name] = ir.TableInfo(name, value_type, tuple(values), d.note, until, derived_from=d.name)
            span = piece_span(lower, upper, rows)
            pieces.append(ir.TermPiece(high, bool(upper and upper[1]), name, text, span))
        written = tuple((day, tuple((band_of(b, texts), value) for b, value in bands)) for day, bands in rows)
        out[d.name] = ir.TableInfo(d.name, value_type, written, d.note, until, term, tuple(pieces))
        return out


# ---------------------------------------------------------------------------- the lookup
def lookup(typer: Typer, e: ast.Call, scope: Scope, table: ir.TableInfo) -> ir.Expr | None:
    """`同期贷款基准利率(发放日, 贷款期限)`: the pieces chosen by the term, each looked up by the date."""
    from policylang.frontend.units import DATE

    if len(e.args) != 2:
        typer.error(
            "T285",
            Msg("tables.lookup_args", function=e.function),
            e.span,
            Msg("tables.lookup_args.hint", function=e.function),
        )
        return None
    key = typer.expr(e.args[0], scope, DATE)
    assert table.term is not None
    term = typer.expr(e.args[1], scope, table.term)
    if key is None or term is None:
        return None
    if not isinstance(key.type, Date):
        typer.error(
            "T285",
            Msg("tables.lookup_args", function=e.function),
            e.args[0].span,
            Msg("tables.lookup_args.hint", function=e.function),
        )
        return None
    if term.type != table.term:
        suggestion = None
        if isinstance(term, ir.Const) and isinstance(term.value, Fraction):
            suggestion = converted(term.value, term.type, table.term)
        if suggestion is None and isinstance(term.type, Quantity) and isinstance(table.term, Quantity):
            factor = CONVERSIONS.get((term.type.unit, table.term.unit))
            if factor is not None and factor >= 1:  # 年 where the table counts 月: declare the term in 月
                suggestion = Msg(
                    "tables.term_unit.declare",
                    unit=table.term.unit,
                    written=term.type.unit,
                    factor=edge_text(factor, table.term.unit),
                )
            elif factor is not None:  # 月 where the table counts 年: the table in 月 holds every term exactly
                suggestion = Msg(
                    "tables.term_unit.table",
                    unit=term.type.unit,
                    table_unit=table.term.unit,
                    factor=edge_text(1 / factor, term.type.unit),
                )
        typer.error(
            "T286",
            Msg("tables.term_unit", function=e.function, term=type_words(table.term), written=type_words(term.type)),
            e.args[1].span,
            suggestion or Msg("tables.edge_unit.hint", unit=getattr(table.term, "unit", "")),
        )
        return None
    unit = table.term.unit if isinstance(table.term, Quantity) else ""
    pieces = table.pieces
    last = pieces[-1]
    out: ir.Expr = ir.Lookup(table.type, last.table, term if last.outside else key, span=e.span)
    for piece in reversed(pieces[:-1]):
        assert piece.high is not None
        op, word = (ir.CmpOp.LESS_EQUAL, "不超过") if piece.high_inclusive else (ir.CmpOp.LESS, "低于")
        edge = ir.Const(table.term, piece.high, edge_text(piece.high, unit), span=piece.span)
        condition = ir.Cmp(BOOL, op, term, edge, word, span=piece.span)
        here = ir.Lookup(table.type, piece.table, term if piece.outside else key, span=e.span)
        out = ir.Choose(table.type, condition, here, out, span=e.span)
    return out


# ---------------------------------------------------------------------------- words
def mark_or(mark: str | None, default: str) -> str:
    return mark if mark in INCLUSIVE else default


def band_text(start: str, start_mark: str, end: str, end_mark: str) -> str:
    return f"{start}{start_mark} 至 {end}{end_mark}"


def unit_word(unit: str) -> str:
    """The unit as a term is written after its number: 12个月, 3年."""
    return "个月" if unit == "月" else unit


def edge_text(value: Fraction, unit: str) -> str:
    return f"{fraction_text(value)}{unit_word(unit)}"


def written_edges(b: Band) -> dict[Fraction, str]:
    band = b.cell.band
    out: dict[Fraction, str] = {}
    if band.end is None:
        value = b.high if b.low is None else b.low
        assert value is not None
        out[value] = band.start.text
    else:
        assert b.low is not None and b.high is not None
        out[b.low], out[b.high] = band.start.text, band.end.text
    return out


def coverage(bands: list[tuple[Band, object]]) -> tuple[Cut | None, Cut | None]:
    """Where a row's bands stop, as cuts (None: they go on): below the first, above the last."""
    first, last = bands[0][0], bands[-1][0]
    low = None if first.low is None else (first.low, 0 if first.low_inclusive else 1)
    high = None if last.high is None else (last.high, 1 if last.high_inclusive else 0)
    return low, high


def coverage_text(covers: tuple[Cut | None, Cut | None], texts: dict[Fraction, str]) -> str | Msg:
    """The terms a row's bands cover, as a band is written (12个月(含)以下 … 60个月(含): 60个月(含)以下)."""
    low, high = covers
    if low is None and high is None:
        return Msg("tables.all_terms")
    return piece_text(low, high, texts)


def piece_text(lower: Cut | None, upper: Cut | None, texts: dict[Fraction, str]) -> str:
    """A piece written as a band is: `12个月(不含) 至 36个月(含)`, `12个月(含)以下`, `60个月(不含)以上`."""
    if lower is None:
        assert upper is not None
        return f"{texts[upper[0]]}{'(含)' if upper[1] else '(不含)'}以下"
    low = f"{texts[lower[0]]}{'(不含)' if lower[1] else '(含)'}"
    if upper is None:
        return f"{low}以上"
    return f"{low} 至 {texts[upper[0]]}{'(含)' if upper[1] else '(不含)'}"


def band_of(b: Band, texts: dict[Fraction, str]) -> str:
    """A checked band in canonical words (diff compares rows by it)."""
    lower = None if b.low is None else (b.low, 0 if b.low_inclusive else 1)
    upper = None if b.high is None else (b.high, 1 if b.high_inclusive else 0)
    return piece_text(lower, upper, texts)


def piece_span(lower: Cut | None, upper: Cut | None, rows: list[tuple[dt.date, list[tuple[Band, object]]]]) -> Span:
    """The written band a piece comes from: one with the same edges in the latest row that has one,
    else the latest row's band holding it."""

    def edges(b: Band) -> tuple[Cut | None, Cut | None]:
        lo = None if b.low is None else (b.low, 0 if b.low_inclusive else 1)
        hi = None if b.high is None else (b.high, 1 if b.high_inclusive else 0)
        return lo, hi

    for _, bands in reversed(rows):
        for b, _ in bands:
            if edges(b) == (lower, upper):
                return b.cell.band.span
    for b, _ in rows[-1][1]:
        lo, hi = edges(b)
        if (lo is None or (lower is not None and lo <= lower)) and (hi is None or (upper is not None and upper <= hi)):
            return b.cell.band.span
    return rows[-1][1][0][0].cell.band.span  # pragma: no cover - every piece is inside a band of every row


def converted(value: Fraction, written: Type, term: Type) -> Msg | None:
    """`3年` where the table counts in 月: the suggestion `36个月`."""
    if not (isinstance(written, Quantity) and isinstance(term, Quantity)):
        return None
    factor = CONVERSIONS.get((written.unit, term.unit))
    if factor is None:
        return None
    return Msg("tables.suggest_converted", value=edge_text(value * factor, term.unit))
