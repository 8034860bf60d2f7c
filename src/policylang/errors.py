"""Source positions and diagnostics: one error root, located messages with a caret.

Every stage reports problems as `Diagnostic`s (severity, span, message, suggestion) and raises
one `PolicyError` carrying all it collected, so a drafter sees every problem at once.

A message, suggestion or note is a catalogue reference (`Msg("frontend.unknown_name", name=...)`),
rendered in the language in force when the diagnostic is shown; a plain str is still accepted
and shown as written. Every code is registered once, in `policylang.report.codes`.
"""

from __future__ import annotations

import unicodedata
from dataclasses import field
from functools import cached_property
from typing import Any

from policylang.record import Record, record
from policylang.report.i18n import Msg, Prose, t, text

__all__ = [
    "ERROR",
    "INFO",
    "WARNING",
    "Collector",
    "Diagnostic",
    "Msg",
    "PolicyError",
    "Prose",
    "Source",
    "Span",
    "did_you_mean",
    "display_width",
    "severity_word",
]


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
_SEVERITIES = (ERROR, WARNING, INFO)


def severity_word(severity: str, lang: str | None = None) -> str:
    """错误 / error …, in `lang` (default: the language in force)."""
    return t(f"severity.{severity}", lang) if severity in _SEVERITIES else severity


@record
class Diagnostic(Record):
    code: str
    message: Prose
    span: Span | None = None
    severity: str = ERROR
    suggestion: Prose | None = None
    citation: str | None = None
    notes: tuple[Prose, ...] = ()

    def text(self, lang: str | None = None) -> str:
        """The message alone, in `lang` (default: the language in force)."""
        return text(self.message, lang)

    def hint(self, lang: str | None = None) -> str | None:
        return None if self.suggestion is None else text(self.suggestion, lang)

    def note_texts(self, lang: str | None = None) -> list[str]:
        return [text(n, lang) for n in self.notes]

    def render(self, lang: str | None = None) -> str:
        """`file:line:col` header, the source line, a caret under the spot, then the hint."""
        head = f"{severity_word(self.severity, lang)}[{self.code}]: {self.text(lang)}"
        lines = [head]
        if self.span is not None:
            lines.append(f"  --> {self.span.location()}")
            lines.extend(_excerpt(self.span))
        if self.citation:
            lines.append(f"  = {t('label.citation', lang)}: {self.citation}")
        for note in self.note_texts(lang):
            lines.append(f"  = {t('label.note', lang)}: {note}")
        hint = self.hint(lang)
        if hint:
            lines.append(f"  = {t('label.suggestion', lang)}: {hint}")
        return "\n".join(lines)

    def as_json(self, lang: str | None = None) -> dict[str, object]:
        out: dict[str, object] = {"code": self.code, "severity": self.severity, "message": self.text(lang)}
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
        hint = self.hint(lang)
        if hint:
            out["suggestion"] = hint
        if self.notes:
            out["notes"] = self.note_texts(lang)
        return out


def did_you_mean(name: str | None) -> Msg | None:
    """是否想写“…”？ / did you mean “…”? — for the nearest name, if there is one."""
    return Msg("common.did_you_mean", name=name) if name else None


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
        super().__init__(self.diagnostics)

    def render(self, lang: str | None = None) -> str:
        return "\n\n".join(d.render(lang) for d in self.diagnostics)

    def __str__(self) -> str:  # in the language in force when shown, not when raised
        return self.render()


class Collector:
    """Gathers diagnostics during a pass; `raise_if_errors` stops the pipeline with all of them."""

    def __init__(self) -> None:
        self.diagnostics: list[Diagnostic] = []

    def add(
        self,
        code: str,
        message: Prose,
        span: Span | None,
        *,
        severity: str = ERROR,
        suggestion: Prose | None = None,
        citation: str | None = None,
        notes: tuple[Prose, ...] = (),
    ) -> None:
        """Record one diagnostic: `add("T105", Msg("frontend.…", name=n), span, suggestion=Msg(…))`."""
        self.diagnostics.append(Diagnostic(code, message, span, severity, suggestion, citation, notes))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == ERROR]

    def raise_if_errors(self) -> None:
        if self.errors:
            raise PolicyError(self.errors)
