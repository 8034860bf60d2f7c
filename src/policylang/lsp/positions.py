"""Positions: policylang spans count code points (1-based line and column); LSP counts UTF-16 code
units (0-based). Chinese text is in the BMP (one unit each), but a rare character such as 𠀀
(U+20000) or an emoji takes two units, so every column is converted, never copied.

Lines are `errors.split_lines` lines (only "\\n" ends a line, as for the parser), which is also
what LSP says (it adds "\\r\\n" and "\\r" too; a lone "\\r" inside a policy line is rare and the
parser does not break there either).

    >>> utf16_column("𠀀a", 1)
    2
    >>> code_point_column("𠀀a", 2)
    1
    >>> code_point_column("𠀀a", 1)  # inside the pair: the character it belongs to
    0
"""

from __future__ import annotations

from dataclasses import dataclass

from policylang.errors import Span, split_lines

UTF16, UTF8, UTF32 = "utf-16", "utf-8", "utf-32"  # LSP's PositionEncodingKind values


def width(ch: str, encoding: str = UTF16) -> int:
    """How many units of the negotiated encoding one code point takes (UTF-16 is LSP's default)."""
    if encoding == UTF32:
        return 1
    if encoding == UTF8:
        return len(ch.encode("utf-8", "surrogatepass"))
    return 2 if ord(ch) > 0xFFFF else 1


def utf16_column(line: str, column: int, encoding: str = UTF16) -> int:
    """The offset in units of the code point at 0-based `column` in `line`."""
    return sum(width(ch, encoding) for ch in line[: max(column, 0)])


def code_point_column(line: str, units: int, encoding: str = UTF16) -> int:
    """The 0-based code point column at offset `units` (an offset inside a surrogate pair, or a
    UTF-8 sequence, is the character it belongs to)."""
    seen = 0
    for i, ch in enumerate(line):
        step = width(ch, encoding)
        if seen + step > units:
            return i
        seen += step
    return len(line)


@dataclass(frozen=True)
class Pos:
    """An LSP position: 0-based line, UTF-16 character."""

    line: int
    character: int


class Lines:
    """A document's lines, for converting in both directions and to and from text offsets."""

    def __init__(self, text: str, encoding: str = UTF16) -> None:
        self.text = text
        self.encoding = encoding
        self.lines = split_lines(text)
        self.starts: list[int] = []
        at = 0
        for part in text.split("\n"):
            self.starts.append(at)
            at += len(part) + 1

    def line(self, number: int) -> str:
        """The 0-based line `number` ("" past the end)."""
        return self.lines[number] if 0 <= number < len(self.lines) else ""

    def to_lsp(self, line: int, column: int) -> Pos:
        """A policylang (1-based line, 1-based code point column) → LSP."""
        return Pos(line - 1, utf16_column(self.line(line - 1), column - 1, self.encoding))

    def span_range(self, span: Span) -> tuple[Pos, Pos]:
        return self.to_lsp(span.line, span.column), self.to_lsp(span.end_line, span.end_column)

    def from_lsp(self, pos: Pos) -> tuple[int, int]:
        """LSP → (0-based line, 0-based code point column), clamped into the document."""
        line = min(max(pos.line, 0), max(len(self.starts) - 1, 0))
        return line, code_point_column(self.line(line), pos.character, self.encoding)

    def offset(self, pos: Pos) -> int:
        """LSP position → offset into the text (code points)."""
        line, column = self.from_lsp(pos)
        return min(self.starts[line] + column, len(self.text)) if self.starts else 0

    def at_offset(self, offset: int) -> Pos:
        """Offset into the text → LSP position."""
        import bisect

        line = max(bisect.bisect_right(self.starts, offset) - 1, 0)
        return Pos(line, utf16_column(self.line(line), offset - self.starts[line], self.encoding))

    def end(self) -> Pos:
        return self.at_offset(len(self.text))
