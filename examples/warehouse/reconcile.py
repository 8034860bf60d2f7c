"""Reconcile a sample: the warehouse's results against `policylang batch` on the same rows, clause by clause, to the 分.

    python examples/warehouse/reconcile.py BATCH_RESULT WAREHOUSE_RESULT [--id 企业] [--show 10] [--format json]

BATCH_RESULT is what `policylang batch POLICY.pol SAMPLE -o FILE` wrote for a sample of the facts table;
WAREHOUSE_RESULT is the warehouse query's output for the same rows (the `policylang sql` query or view, exported
as CSV or Parquet). Either file may be Parquet or CSV, in either of batch's forms: amounts as `<条款>[分]` (integer
分) or `<条款>[元]` (元 to the 分, as batch's CSV writes them), statuses as identifiers (`paid`) or words
(`给予`, `paid`), `可确定` as a boolean, 是/否 or true/false. Rows are matched by the id column.

Every clause's amount and status, `合计` and `可确定` are compared row by row. The report gives, per column, how many
rows differ, and the first few of them with both values and the difference in 分; rows present on one side only
are reported too. Exit 0 when everything agrees, 1 on any difference, 2 when the files cannot be compared (a
missing file, no id column, no result columns in common).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import polars as pl

ID_CANDIDATES = ("企业", "企业名称", "企业编号", "统一社会信用代码", "id")
TOTAL = "合计"
DETERMINABLE = "可确定"
STATUS = ":状态"
FEN, YUAN = "[分]", "[元]"
TRUE_WORDS = {"true", "1", "是", "yes", "t"}
FALSE_WORDS = {"false", "0", "否", "no", "f"}


class Unusable(Exception):
    """The files cannot be compared: the message says why (exit 2)."""


def status_words() -> dict[str, str]:
    """Every way a status is written (identifier, zh word, en word) → its identifier."""
    from policylang.compiler.ir import Status
    from policylang.report.i18n import t

    out: dict[str, str] = {}
    for s in Status:
        out[s.value] = s.value
        for lang in ("zh", "en"):
            out[t(f"status.{s.value}", lang)] = s.value
    return out


def read(path: str) -> pl.DataFrame:
    p = Path(path)
    if not p.is_file():
        raise Unusable(f"{path}: no such file")
    if p.suffix.lower() == ".parquet":
        return pl.read_parquet(p)
    if p.suffix.lower() in (".csv", ".txt"):
        return pl.read_csv(p, infer_schema=False, encoding="utf8-lossy")  # every cell as text; the BOM is dropped
    raise Unusable(f"{path}: a .parquet or .csv file")


def id_column(frame: pl.DataFrame, given: str | None, path: str) -> str:
    if given is not None:
        if given not in frame.columns:
            raise Unusable(f"{path}: no id column {given!r}")
        return given
    for name in ID_CANDIDATES:
        if name in frame.columns:
            return name
    raise Unusable(f"{path}: no id column (name it with --id; looked for {', '.join(ID_CANDIDATES)})")


def fen(value: Any, unit: str) -> int | None:
    """An amount cell as integer 分: `[分]` an integer (or its text), `[元]` a decimal to the 分 (or its text)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        d = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        raise ValueError(f"not a number: {value!r}") from None
    if unit == YUAN:
        d *= 100
    if d != d.to_integral_value():
        raise ValueError(f"not a whole 分: {value!r}{unit}")
    return int(d)


def truth(value: Any) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(f"not a yes/no: {value!r}")


def normalised(frame: pl.DataFrame, ident: str, path: str) -> dict[str, dict[str, Any]]:
    """id → {column key → comparable value}: keys are `<条款>[分]`, `<条款>:状态`, `合计[分]`, `可确定`."""
    words = status_words()
    readers: list[tuple[str, str, Any]] = []
    for name in frame.columns:
        if name.endswith(FEN) or name.endswith(YUAN):
            unit = name[-3:]
            readers.append((name, name[:-3] + FEN, lambda v, unit=unit: fen(v, unit)))
        elif name.endswith(STATUS):
            readers.append((name, name, lambda v: None if v is None else words.get(str(v).strip(), f"?{v}")))
        elif name == DETERMINABLE:
            readers.append((name, name, truth))
    out: dict[str, dict[str, Any]] = {}
    ids = frame[ident].cast(pl.String).to_list()
    columns = {name: frame[name].to_list() for name, _, _ in readers}
    for i, key in enumerate(ids):
        if key in out:
            raise Unusable(f"{path}: id {key!r} appears more than once in column {ident!r}")
        row: dict[str, Any] = {}
        for name, k, read_cell in readers:
            try:
                row[k] = read_cell(columns[name][i])
            except ValueError as e:
                raise Unusable(f"{path}: row {i + 1}, column {name!r}: {e}") from None
        out[str(key)] = row
    return out


@dataclass
class Difference:
    id: str
    batch: Any
    warehouse: Any

    def text(self, column: str) -> str:
        if column.endswith(FEN) and isinstance(self.batch, int) and isinstance(self.warehouse, int):
            return f"{self.id}: batch {self.batch} 分, warehouse {self.warehouse} 分 (差 {self.warehouse - self.batch:+d} 分)"
        return f"{self.id}: batch {self.batch!r}, warehouse {self.warehouse!r}"


@dataclass
class Reconciliation:
    rows: int = 0
    columns: list[str] = field(default_factory=list)
    differences: dict[str, list[Difference]] = field(default_factory=dict)
    only_batch: list[str] = field(default_factory=list)
    only_warehouse: list[str] = field(default_factory=list)
    missing_columns: list[str] = field(default_factory=list)  # in batch's result, not in the warehouse's

    @property
    def agrees(self) -> bool:
        return not (self.only_batch or self.only_warehouse or self.missing_columns) and not any(
            self.differences.values()
        )

    def text(self, show: int) -> str:
        lines = [f"{self.rows} rows compared on {len(self.columns)} columns"]
        if self.missing_columns:
            lines.append("columns batch gives that the warehouse result lacks: " + ", ".join(self.missing_columns))
        for label, ids in (
            ("only in batch's result", self.only_batch),
            ("only in the warehouse's", self.only_warehouse),
        ):
            if ids:
                lines.append(f"{len(ids)} rows {label}: " + ", ".join(ids[:show]) + (" …" if len(ids) > show else ""))
        for column in self.columns:
            diffs = self.differences.get(column, [])
            if diffs:
                lines.append(f"{column}: {len(diffs)} of {self.rows} rows differ")
                lines += [f"  {d.text(column)}" for d in diffs[:show]]
        lines.append("agree: every clause to the 分 and every status" if self.agrees else "DIFFERENCES FOUND")
        return "\n".join(lines)

    def json(self, show: int) -> str:
        return json.dumps(
            {
                "rows": self.rows,
                "agree": self.agrees,
                "missing_columns": self.missing_columns,
                "only_batch": self.only_batch,
                "only_warehouse": self.only_warehouse,
                "differences": {
                    c: {"count": len(ds), "first": [d.__dict__ for d in ds[:show]]}
                    for c, ds in self.differences.items()
                    if ds
                },
            },
            ensure_ascii=False,
            indent=2,
        )


def reconcile(batch: pl.DataFrame, warehouse: pl.DataFrame, ident: str | None = None) -> Reconciliation:
    left = normalised(batch, id_column(batch, ident, "batch"), "batch")
    right = normalised(warehouse, id_column(warehouse, ident, "warehouse"), "warehouse")
    first = next(iter(left.values()), {})
    other = next(iter(right.values()), {})
    common = [k for k in first if k in other]
    if (left and right) and not common:
        raise Unusable("the two results have no clause, 合计 or 可确定 column in common")
    r = Reconciliation(columns=common, missing_columns=[k for k in first if right and k not in other])
    r.only_batch = [k for k in left if k not in right]
    r.only_warehouse = [k for k in right if k not in left]
    for key, row in left.items():
        theirs = right.get(key)
        if theirs is None:
            continue
        r.rows += 1
        for column in common:
            if row[column] != theirs[column]:
                r.differences.setdefault(column, []).append(Difference(key, row[column], theirs[column]))
    return r


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("batch", help="policylang batch's result for the sample (.parquet or .csv)")
    parser.add_argument("warehouse", help="the warehouse's result for the same rows (.parquet or .csv)")
    parser.add_argument("--id", dest="ident", help="the id column (default: 企业, 企业名称, 企业编号, … or id)")
    parser.add_argument("--show", type=int, default=10, help="differences shown per column (default 10)")
    parser.add_argument("--format", choices=["text", "json"], default="text")
    args = parser.parse_args(argv)
    try:
        result = reconcile(read(args.batch), read(args.warehouse), args.ident)
    except Unusable as e:
        print(f"reconcile: {e}", file=sys.stderr)
        return 2
    print(result.json(args.show) if args.format == "json" else result.text(args.show))
    return 0 if result.agrees else 1


if __name__ == "__main__":
    sys.exit(main())
