"""Source positions and diagnostics: one error root, located messages with a caret.

Every stage reports problems as `Diagnostic`s (severity, span, message, suggestion) and raises
one `PolicyError` carrying all it collected, so a drafter sees every problem at once.
"""

from __future__ import annotations

import unicodedata
from dataclasses import field
from functools import cached_property
from typing import Any

from policylang.record import Record, record


def split_lines(text: str) -> list[str]:
    """The lines of a source file, without their line breaks: the one definition of a line.

    A line ends at "\n", and a "\r" just before it belongs to that break (CRLF). Nothing else ends
    a line: a lone "\r", form feed, vertical tab, \x1c-\x1e, NEL (U+0085) and U+2028/U+2029 (all
    common in text pasted from Word or a PDF) are ordinary characters of the line they stand on.
    That is exactly what the grammar's lexer sees (Lark numbers lines by "\n"; comments and strings
    end only there), so carets, explanations and fmt agree with the parser. `str.splitlines()`
    splits on every one of them and must never be used on source text.
    """
    lines = text.split("\n")
    last = lines.pop()  # not followed by "\n": a "\r" at its end is a character, not a break
    out = [line[:-1] if line.endswith("\r") else line for line in lines]
    if last:  # a final break ends the last line; it does not start an empty one
        out.append(last)
    return out


@record
class Source(Record):
    """A file's name and text, kept so any span can show its line."""

    name: str
    text: str

    @cached_property
    def lines(self) -> tuple[str, ...]:
        """The text split once (see `split_lines`), so each line or span lookup is O(1), not O(file).
        cached_property writes the instance dict directly: no field changes, equality is untouched."""
        return tuple(split_lines(self.text))

    def line(self, number: int) -> str:
        lines = self.lines
        return lines[number - 1] if 0 < number <= len(lines) else ""

    def __getstate__(self) -> dict[str, Any]:
        """Pickled (in the compiled-policy cache) without the derived lines: they are recomputed."""
        state = dict(self.__dict__)
        state.pop("lines", None)
        return state


@record
class Span(Record):
    """Where a piece of syntax stands: 1-based line and column, inclusive start, exclusive end."""

    source: Source = field(repr=False, compare=False)
    line: int
    column: int
    end_line: int
    end_column: int

    @property
    def text(self) -> str:
        """The exact source text under the span (its line breaks written "\n")."""
        source = self.source
        if self.line == self.end_line:
            return source.line(self.line)[self.column - 1 : self.end_column - 1]
        first = source.line(self.line)[self.column - 1 :]
        middle = source.lines[self.line : self.end_line - 1]
        last = source.line(self.end_line)[: self.end_column - 1]
        return "\n".join([first, *middle, last])

    def location(self) -> str:
        return f"{self.source.name}:{self.line}:{self.column}"


ERROR = "error"
WARNING = "warning"
INFO = "info"
_LEVEL_WORDS = {ERROR: "错误", WARNING: "警告", INFO: "提示"}


@record
class Diagnostic(Record):
    code: str
    message: str
    span: Span | None = None
    severity: str = ERROR
    suggestion: str | None = None
    citation: str | None = None
    notes: tuple[str, ...] = ()

    def render(self) -> str:
        """`file:line:col` header, the source line, a caret under the spot, then the hint."""
        head = f"{_LEVEL_WORDS.get(self.severity, self.severity)}[{self.code}]: {self.message}"
        lines = [head]
        if self.span is not None:
            lines.append(f"  --> {self.span.location()}")
            lines.extend(_excerpt(self.span))
        if self.citation:
            lines.append(f"  = 条款: {self.citation}")
        for note in self.notes:
            lines.append(f"  = 说明: {note}")
        if self.suggestion:
            lines.append(f"  = 建议: {self.suggestion}")
        return "\n".join(lines)

    def as_json(self) -> dict[str, object]:
        out: dict[str, object] = {"code": self.code, "severity": self.severity, "message": self.message}
        if self.span is not None:
            out.update(
                file=self.span.source.name,
                line=self.span.line,
                column=self.span.column,
                end_line=self.span.end_line,
                end_column=self.span.end_column,
            )
        if self.citation:
            out["citation"] = self.citation
        if self.suggestion:
            out["suggestion"] = self.suggestion
        if self.notes:
            out["notes"] = list(self.notes)
        return out


def display_width(text: str) -> int:
    """Terminal columns: CJK characters take two, so the caret lands under the right one."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _excerpt(span: Span) -> list[str]:
    line_text = span.source.line(span.line)
    gutter = str(span.line)
    pad = " " * len(gutter)
    before = line_text[: span.column - 1].expandtabs(4)
    end_col = span.end_column if span.end_line == span.line else len(line_text) + 1
    under = line_text[span.column - 1 : max(end_col - 1, span.column)].expandtabs(4)
    carets = "^" * max(display_width(under), 1)
    return [
        f"{pad} |",
        f"{gutter} | {line_text.expandtabs(4)}",
        f"{pad} | {' ' * display_width(before)}{carets}",
    ]


class PolicyError(Exception):
    """The root of every error policylang reports to a user; carries one or more diagnostics."""

    exit_code = 2

    def __init__(self, diagnostics: list[Diagnostic] | Diagnostic):
        self.diagnostics = [diagnostics] if isinstance(diagnostics, Diagnostic) else list(diagnostics)
        super().__init__(self.render())

    def render(self) -> str:
        return "\n\n".join(d.render() for d in self.diagnostics)


class Collector:
    """Gathers diagnostics during a pass; `raise_if_errors` stops the pipeline with all of them."""

    def __init__(self) -> None:
        self.diagnostics: list[Diagnostic] = []

    def add(self, code: str, message: str, span: Span | None, **kw: object) -> None:
        self.diagnostics.append(Diagnostic(code, message, span, **kw))  # type: ignore[arg-type]

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == ERROR]

    def raise_if_errors(self) -> None:
        if self.errors:
            raise PolicyError(self.errors)
