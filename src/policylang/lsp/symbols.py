"""Navigation as plain data: the outline of a document (header, facts, parameters, definitions,
tables, clauses, groups), definitions and references of a name or citation (document.Index), and
the symbols of every `.pol` file of the workspace. The server turns these into LSP types."""

from __future__ import annotations

import enum
import os
from dataclasses import dataclass
from pathlib import Path

from policylang.errors import Span
from policylang.frontend import ast
from policylang.lsp.document import Analysis, Index, Kind, Occurrence, analyse


class Shape(str, enum.Enum):
    """What an outline entry is (mapped onto LSP's SymbolKind by the server)."""

    HEADER = "header"
    FACT = "fact"
    PARAM = "param"
    DEFINITION = "definition"
    TABLE = "table"
    CLAUSE = "clause"
    GROUP = "group"


@dataclass(frozen=True)
class Symbol:
    name: str
    detail: str
    shape: Shape
    span: Span  # the whole declaration
    selection: Span  # its name (or citation)


# Declaration node → its shape; the group declarations are named by their quoted name.
SHAPES: dict[type, Shape] = {
    ast.FactDecl: Shape.FACT,
    ast.ParamDecl: Shape.PARAM,
    ast.UnspecifiedDecl: Shape.PARAM,
    ast.DefineDecl: Shape.DEFINITION,
    ast.TableDecl: Shape.TABLE,
    ast.Clause: Shape.CLAUSE,
}
GROUP_WORDS: dict[type, str] = {
    ast.Exclusive: "取高不重复",
    ast.GroupCap: "合计上限",
    ast.NoDouble: "不重复享受",
    ast.OtherFunds: "就高不重复",
}


def outline(doc: Analysis) -> list[Symbol]:
    """The document's symbols in source order; empty when it does not parse."""
    policy, index = doc.policy, doc.index
    if policy is None or index is None:
        return []
    header = policy.header
    out = [Symbol(header.title, "政策", Shape.HEADER, header.span, header.span)]
    names = {(o.span.line, o.name): o.span for o in index.declarations()}
    for decl in policy.decls:
        shape = SHAPES.get(type(decl))
        if isinstance(decl, ast.Clause):
            selection = names.get((decl.span.line, decl.citation), decl.span)
            out.append(Symbol(f"{decl.citation} {decl.title}", "条款", Shape.CLAUSE, decl.span, selection))
        elif shape is not None:
            name = str(getattr(decl, "name", ""))
            selection = _name_span(index, name, decl.span)
            out.append(Symbol(name, _detail(decl), shape, decl.span, selection))
        elif type(decl) in GROUP_WORDS:
            name = str(getattr(decl, "name", ""))
            out.append(Symbol(name, GROUP_WORDS[type(decl)], Shape.GROUP, decl.span, decl.span))
    return out


def _name_span(index: Index, name: str, within: Span) -> Span:
    for o in index.declarations():
        if o.name == name and within.line <= o.span.line <= within.end_line:
            return o.span
    return within


def _detail(decl: ast.Decl) -> str:
    typ = getattr(decl, "type", None) or getattr(decl, "value_type", None)
    if isinstance(typ, ast.Node):
        return typ.span.text
    value = getattr(decl, "value", None)
    if isinstance(decl, ast.UnspecifiedDecl):
        return "未规定"
    return value.span.text if isinstance(value, ast.Node) else ""


def target(doc: Analysis, line: int, column: int) -> Occurrence | None:
    """The name or citation under a 1-based line and code point column."""
    return doc.index.at(line, column) if doc.index is not None else None


def definitions(doc: Analysis, line: int, column: int) -> list[Occurrence]:
    """Where the name under the cursor is declared (a citation: its clause)."""
    occ = target(doc, line, column)
    if occ is None or doc.index is None:
        return []
    return [o for o in doc.index.same(occ) if o.declaration]


def references(doc: Analysis, line: int, column: int, include_declaration: bool) -> list[Occurrence]:
    occ = target(doc, line, column)
    if occ is None or doc.index is None:
        return []
    return [o for o in doc.index.same(occ) if include_declaration or not o.declaration]


# ------------------------------------------------------------------------------------ workspace
SKIPPED_DIRS = {".git", ".venv", "venv", "node_modules", "__pycache__", ".mypy_cache", ".ruff_cache"}
MAX_FILES = 500  # a workspace symbol request stays quick in a large checkout


def policy_files(root: Path) -> list[Path]:
    """The `.pol` files under `root`, skipping hidden and tool folders."""
    found: list[Path] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS and not d.startswith("."))
        found.extend(Path(folder) / f for f in sorted(files) if f.endswith(".pol"))
        if len(found) >= MAX_FILES:
            break
    return found[:MAX_FILES]


class Workspace:
    """Outlines of the workspace's files on disk, re-read only when a file changes."""

    def __init__(self) -> None:
        self.cache: dict[Path, tuple[int, list[Symbol]]] = {}

    def symbols(self, path: Path) -> list[Symbol]:
        try:
            stamp = path.stat().st_mtime_ns
            if path in self.cache and self.cache[path][0] == stamp:
                return self.cache[path][1]
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            return []
        found = outline(analyse(text, str(path)))
        self.cache[path] = (stamp, found)
        return found


def matches(symbol: Symbol, query: str) -> bool:
    return not query or query.casefold() in symbol.name.casefold()


__all__ = ["Kind", "Shape", "Symbol", "Workspace", "definitions", "matches", "outline", "policy_files", "references"]
