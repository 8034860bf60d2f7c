"""Population files in and result files out, a chunk at a time so memory stays bounded.

In: Parquet (read in row groups / batches) or CSV (UTF-8, comma-separated, a header row; every
cell read as text and parsed exactly). Out: Parquet keeps the engine's columns (amounts as
whole 分 in `<条款>[分]`, statuses as codes); CSV, for people with a spreadsheet, writes amounts
in 元 as exact decimals (`<条款>[元]`) and statuses in words (给予, 不符合条件, …).
"""

from __future__ import annotations

import csv
import errno
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import polars as pl

from policylang.compiler.ir import Status
from policylang.errors import Diagnostic, PolicyError, Source, Span
from policylang.readers.population import Where, csv_cell_span
from policylang.report.i18n import t
from policylang.tools.batch.engine import DETERMINABLE

DEFAULT_CHUNK_ROWS = 1_000_000


def kind_of(path: str) -> str:
    suffix = Path(path).suffix.lower()
    if suffix in (".parquet", ".pq"):
        return "parquet"
    if suffix in (".csv", ".txt"):
        return "csv"
    raise PolicyError(Diagnostic("F010", t("files.format", path=path), None, suggestion=t("files.format.hint")))


@dataclass
class Chunk:
    frame: pl.DataFrame
    where: Where


class PopulationFile:
    """A population file read `chunk_rows` rows at a time; `rows` is known ahead for Parquet."""

    def __init__(self, path: str, chunk_rows: int | None = None):
        self.path = path
        self.kind = kind_of(path)
        self.chunk_rows = chunk_rows or DEFAULT_CHUNK_ROWS
        if not Path(path).is_file():
            raise PolicyError(Diagnostic("F001", t("files.missing", path=path)))
        self.rows: int | None = None
        self.columns: list[str] | None = None  # Parquet: only these are read (None: every column)
        self.bytes = Path(path).stat().st_size
        if self.kind == "parquet":
            try:  # polars reads the row count from the footer alone (pyarrow would cost ~0.1 s to import)
                self.rows = int(pl.scan_parquet(path).select(pl.len()).collect().item())
            except Exception as err:
                if repeated_parquet_columns(path):  # polars refuses a repeated name: say which, as for CSV
                    refuse_repeated_columns(path, parquet_names(path), in_csv=False)
                raise PolicyError(Diagnostic("F011", t("files.parquet", path=path, problem=err))) from None

    def read_only(self, keep: Callable[[str], bool]) -> list[str]:
        """Parquet: read only the columns `keep` accepts (at least one, so the rows are still counted);
        returns the names left out. CSV is read whole (its columns are text until parsed)."""
        if self.kind != "parquet":
            return []
        names = pl.scan_parquet(self.path).collect_schema().names()
        kept = [n for n in names if keep(n)]
        if not kept or len(kept) == len(names):
            return []
        self.columns = kept
        return [n for n in names if n not in kept]

    def chunks(self) -> Iterator[Chunk]:
        batches = self._parquet() if self.kind == "parquet" else self._csv()
        first = 0
        for frame in rebatch(batches, self.chunk_rows):
            yield Chunk(frame, Where(self.path, self.kind, first))
            first += frame.height

    def _parquet(self) -> Iterator[pl.DataFrame]:
        # polars' own reader, a slice at a time: the slice is pushed into the scan, so only the row groups
        # it covers are read (memory bounded by the chunk), and no Arrow conversion is made
        rows = self.rows or 0
        step = min(self.chunk_rows, 1_000_000)
        scan = pl.scan_parquet(self.path)
        if self.columns is not None:  # a column the policy does not read is never decoded
            scan = scan.select(self.columns)
        if rows == 0:
            yield scan.collect()
        for start in range(0, rows, step):
            yield scan.slice(start, step).collect()

    def _csv(self) -> Iterator[pl.DataFrame]:
        import pyarrow as pa
        import pyarrow.csv as pcsv

        header = csv_header(self.path)
        options = pcsv.ConvertOptions(
            column_types={c: pa.string() for c in header}, strings_can_be_null=True, null_values=[""]
        )
        read = pcsv.ReadOptions(block_size=min(64 << 20, max(1 << 20, self.chunk_rows * 64)))
        try:
            reader = pcsv.open_csv(self.path, read_options=read, convert_options=options)
            any_rows = False
            for batch in reader:
                any_rows = True
                yield pl.from_arrow(batch)  # type: ignore[misc]
            if not any_rows:  # a header only: still check the columns
                yield pl.DataFrame({c: pl.Series(c, [], dtype=pl.String) for c in header})
        except pa.ArrowInvalid as err:
            text = str(err)
            if "UTF8" in text or "utf8" in text.lower():
                raise PolicyError(
                    Diagnostic(
                        "F002",
                        t("files.utf8", path=self.path),
                        None,
                        suggestion=t("files.utf8.hint"),
                    )
                ) from None
            raise PolicyError(
                Diagnostic("F012", t("files.csv", path=self.path, problem=text), None, suggestion=t("files.csv.hint"))
            ) from None


def csv_header(path: str) -> list[str]:
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            header = next(csv.reader(f), [])
    except UnicodeDecodeError:
        raise PolicyError(
            Diagnostic(
                "F002",
                t("files.utf8", path=path),
                None,
                suggestion=t("files.utf8.hint"),
            )
        ) from None
    if not header:
        raise PolicyError(Diagnostic("F013", t("files.empty", path=path)))
    refuse_repeated_columns(path, header)
    return header


def refuse_repeated_columns(path: str, header: list[str], in_csv: bool = True) -> None:
    """A column named twice: which of the two is meant cannot be guessed (polars would refuse it anyway)."""
    seen: dict[str, int] = {}
    for index, name in enumerate(header):
        if name in seen:
            raise PolicyError(
                Diagnostic(
                    "B004",
                    t("batch.files.repeated_column", path=path, column=name, first=seen[name] + 1, second=index + 1),
                    csv_cell_span(path, 1, index) if in_csv else None,
                    suggestion=t("batch.files.repeated_column.hint"),
                )
            )
        seen[name] = index


def parquet_names(path: str) -> list[str]:
    """The column names as the file's footer writes them, repeats included (only to explain a refusal)."""
    import pyarrow.parquet as pq

    return list(pq.read_schema(path).names)


def repeated_parquet_columns(path: str) -> bool:
    try:
        names = parquet_names(path)
    except Exception:
        return False
    return len(set(names)) < len(names)


def rebatch(batches: Iterator[pl.DataFrame], rows: int) -> Iterator[pl.DataFrame]:
    """Frames of exactly `rows` rows (the last may be shorter), whatever size the reader gives.
    A file without data rows still gives one empty frame, so its columns are checked."""
    pending: list[pl.DataFrame] = []
    count = 0
    first: pl.DataFrame | None = None
    yielded = False
    for b in batches:
        first = b if first is None else first
        pending.append(b)
        count += b.height
        while count >= rows:
            whole = pl.concat(pending, how="vertical_relaxed") if len(pending) > 1 else pending[0]
            yield whole.slice(0, rows)
            yielded = True
            rest = whole.slice(rows)
            pending, count = ([rest] if rest.height else []), rest.height
    if count:
        yield pl.concat(pending, how="vertical_relaxed") if len(pending) > 1 else pending[0]
    elif not yielded and first is not None:
        yield first.clear()


def read_table(path: str) -> tuple[pl.DataFrame, Where]:
    """A whole item table (booths, persons, loans), read as the population is."""
    f = PopulationFile(path, chunk_rows=1 << 62)
    frames = [c.frame for c in f.chunks()]
    frame = pl.concat(frames, how="vertical_relaxed") if frames else pl.DataFrame()
    return frame, Where(path, f.kind, 0)


# ---------------------------------------------------------------------------- writing
def yuan_text(fen: pl.Expr) -> pl.Expr:
    """Whole 分 as an exact decimal string in 元: 123456 → "1234.56", −5 → "-0.05"."""
    a = fen.abs()
    sign = pl.when(fen < 0).then(pl.lit("-")).otherwise(pl.lit(""))
    return pl.concat_str([sign, (a // 100).cast(pl.String), pl.lit("."), (a % 100).cast(pl.String).str.zfill(2)])


def for_csv(frame: pl.DataFrame) -> pl.DataFrame:
    out = []
    words = {s.value: t(f"status.{s.value}", "zh") for s in Status}  # the CSV columns are Chinese
    for name, _dtype in frame.schema.items():
        if name.endswith("[分]"):
            out.append(yuan_text(pl.col(name)).alias(name[: -len("[分]")] + "[元]"))
        elif name.endswith(":状态"):
            out.append(pl.col(name).cast(pl.String).replace_strict(words, default=None).alias(name))
        elif name == DETERMINABLE:
            out.append(pl.when(pl.col(name)).then(pl.lit("是")).otherwise(pl.lit("否")).alias(name))
        else:
            out.append(pl.col(name))
    return frame.select(out)


def refuse_output(path: str, inputs: list[str], force: bool) -> None:
    """Before any work: the output must be a file batch may create or (with --force) replace, never an input
    (the population, an item table, the policy)."""
    if not path.strip():  # Path("") is ".", the current folder: never a silent "no output"
        raise output_refused("F018", "output_empty", path)
    target = Path(path)
    if target.is_dir():
        raise output_refused("F014", "output_folder", path)
    kind_of(path)
    if not target.parent.is_dir():
        raise output_refused("F015", "output_parent", path, folder=str(target.parent))
    if target.exists() and any(same_file(target, Path(i)) for i in inputs):
        raise output_refused("F016", "output_is_input", path)
    if target.exists() and not force:
        raise output_refused("F017", "output_exists", path)


def output_refused(code: str, key: str, path: str, **words: str) -> PolicyError:
    """A refusal located on the `-o` argument itself, as the command line gave it."""
    span = Span(Source("-o", path), 1, 1, 1, len(path) + 1)
    message = t(f"batch.files.{key}", path=path, **words)
    return PolicyError(Diagnostic(code, message, span, suggestion=t(f"batch.files.{key}.hint", path=path)))


def same_file(a: Path, b: Path) -> bool:
    """The same file by inode (a hard link, a symlink, `./x.csv` against `x.csv`), else by resolved path."""
    try:
        return a.samefile(b)
    except OSError:
        return a.resolve() == b.resolve()


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# the OS's reasons a drafter meets, in words of the catalogue; any other reason is the OS's own text
WRITE_PROBLEMS = {
    errno.ENOSPC: "batch.files.problem.disk_full",
    errno.EDQUOT: "batch.files.problem.disk_full",
    errno.EACCES: "batch.files.problem.denied",
    errno.EPERM: "batch.files.problem.denied",
    errno.EROFS: "batch.files.problem.read_only",
}


def write_failed(path: str, err: OSError) -> PolicyError:
    key = WRITE_PROBLEMS.get(err.errno or 0)
    problem = t(key) if key else (err.strerror or str(err))
    return output_refused("F003", "output_failed", path, problem=problem)


class ResultWriter:
    """Appends each chunk's result to a temporary file beside the target; `commit` moves it into place, so a run
    that fails half-way (a bad row, a full disk) leaves no partial output and the old output untouched."""

    def __init__(self, path: str):
        self.path = path
        self.kind = kind_of(path)
        self._parts: list[str] = []  # Parquet: one file per chunk beside the target, joined by `commit`
        self._csv: IO[bytes] | None = None
        self.rows = 0
        target = Path(path)
        try:
            fd, self.temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
        except OSError as err:
            raise write_failed(path, err) from None
        os.close(fd)
        os.chmod(self.temporary, 0o666 & ~current_umask())  # mkstemp makes it private; the output is an ordinary file

    def write(self, frame: pl.DataFrame) -> None:
        try:
            self._write(frame)
        except OSError as err:
            self.abandon()
            raise write_failed(self.path, err) from None
        self.rows += frame.height

    @property
    def streams(self) -> bool:
        """Parquet: a chunk's result can be written as it is computed (`sink`), never held whole."""
        return self.kind == "parquet"

    def sink(self, query: pl.LazyFrame) -> pl.LazyFrame:
        """The next chunk's part as a lazy sink of `query` (Parquet only): run it with polars.collect_all
        (with the chunk's other queries, by the streaming engine), then say `written(rows)`."""
        assert self.streams
        part = self.temporary if not self._parts else f"{self.temporary}.{len(self._parts)}"
        self._parts.append(part)
        try:
            return query.sink_parquet(part, lazy=True)
        except OSError as err:
            self.abandon()
            raise write_failed(self.path, err) from None

    def written(self, rows: int) -> None:
        self.rows += rows

    def _write(self, frame: pl.DataFrame) -> None:
        if self.kind == "parquet":  # polars' own writer (pyarrow's took 6× as long, after a copy to Arrow)
            part = self.temporary if not self._parts else f"{self.temporary}.{len(self._parts)}"
            self._parts.append(part)
            frame.write_parquet(part)
        else:
            if self._csv is None:
                self._csv = open(self.temporary, "wb")
                self._csv.write("\ufeff".encode())  # so a spreadsheet opens it as UTF-8
                for_csv(frame).write_csv(self._csv, include_header=True)
            else:
                for_csv(frame).write_csv(self._csv, include_header=False)

    def _close(self) -> None:
        handle, self._csv = self._csv, None
        if handle is not None:
            handle.close()

    def _join_parts(self) -> None:
        """Several chunks: their parts streamed into one file (a chunk at a time in memory)."""
        if len(self._parts) < 2:
            return
        joined = f"{self.temporary}.joined"
        try:
            pl.scan_parquet(self._parts).sink_parquet(joined)
            os.replace(joined, self.temporary)
        finally:
            Path(joined).unlink(missing_ok=True)
            for part in self._parts[1:]:
                Path(part).unlink(missing_ok=True)
        self._parts = self._parts[:1]

    def commit(self) -> None:
        """Every chunk written: the results replace the target in one step."""
        try:
            self._close()
            self._join_parts()
            os.replace(self.temporary, self.path)
        except OSError as err:
            self.abandon()
            raise write_failed(self.path, err) from None

    def abandon(self) -> None:
        """The run failed: drop the temporary file, leave the target as it was."""
        try:
            self._close()
        except OSError:
            pass
        for part in self._parts[1:]:
            Path(part).unlink(missing_ok=True)
        Path(self.temporary).unlink(missing_ok=True)


__all__ = ["DEFAULT_CHUNK_ROWS", "Chunk", "PopulationFile", "ResultWriter", "read_table", "refuse_output"]
