"""Code points ↔ LSP positions (lsp/positions.py): every column of a line mixing ASCII, CJK and a
character outside the BMP, in each encoding a client may negotiate, and offsets across CRLF lines."""

from __future__ import annotations

import pytest

from policylang.lsp.positions import UTF8, UTF16, UTF32, Lines, Pos, code_point_column, utf16_column

LINE = "a条𠀀b款😀"
UNITS = {UTF16: [0, 1, 2, 4, 5, 6, 8], UTF8: [0, 1, 4, 8, 9, 12, 16], UTF32: [0, 1, 2, 3, 4, 5, 6]}


@pytest.mark.parametrize("encoding", [UTF16, UTF8, UTF32])
def test_every_column_converts_both_ways(encoding):
    assert [utf16_column(LINE, c, encoding) for c in range(len(LINE) + 1)] == UNITS[encoding]
    for column, units in enumerate(UNITS[encoding]):
        assert code_point_column(LINE, units, encoding) == column


def test_a_position_inside_a_surrogate_pair_is_its_character():
    assert code_point_column(LINE, 3) == 2  # the second unit of 𠀀
    assert code_point_column(LINE, 99) == len(LINE)  # past the end: clamped


def test_offsets_across_crlf_lines_and_past_the_end():
    text = "政策 {\r\n  𠀀 x\r\n}"
    lines = Lines(text)
    x = text.index("x")
    assert lines.at_offset(x) == Pos(1, 5)  # two spaces, 𠀀 (two units), a space
    assert lines.offset(Pos(1, 5)) == x
    assert lines.to_lsp(2, 5) == Pos(1, 5)  # policylang: 1-based line 2, code point column 5
    assert lines.offset(Pos(9, 0)) == text.rfind("\n") + 1  # a line past the end: the last one
    assert lines.end() == Pos(2, 1)
