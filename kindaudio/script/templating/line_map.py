"""Source positions through a template's rendering: invisible markers in, a LineMap out.

To report later mistakes at their place in the source, every source line is
prefixed with an invisible marker naming its line (and, after a tag, its
column); the markers survive rendering (copied by loops, dropped with false
branches) and are turned back into positions by `LineMap`.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from kindaudio.script.model import SourcePos
from kindaudio.script.source import COLUMN_MARK, LINE_MARK

TEMPLATE_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}")  # one {{ }}, {% %} or {# #} on a line

_MARK_OPEN, _MARK_CLOSE = LINE_MARK
_COLUMN_OPEN, _COLUMN_CLOSE = COLUMN_MARK


@dataclass
class LineMap:
    """Source positions for text lines: per line, anchors (column, line, column)."""

    anchors: list[list[tuple[int, int, int]]] = field(default_factory=list)

    @classmethod
    def identity(cls, line_count: int, first_line: int) -> LineMap:
        return cls([[(0, first_line + i, 1)] for i in range(line_count)])

    def pos(self, line_index: int, column_index: int) -> SourcePos:
        """Source position of 0-based `column_index` on 0-based text line `line_index`."""
        anchors = self.anchors[line_index]
        at = bisect.bisect_right(anchors, (column_index, float("inf"), 0)) - 1
        start, line, column = anchors[max(at, 0)]
        return SourcePos(line, column + column_index - start)


def mark_lines(lines: list[str], first_line: int) -> str:
    """The body's lines joined again, each led by a marker naming its source line."""
    return "\n".join(f"{_MARK_OPEN}{first_line + i}{_MARK_CLOSE}{_mark_columns(line)}"
                     for i, line in enumerate(lines))


def _mark_columns(line: str) -> str:
    """After each tag with text following it, a marker naming the source column there.

    A value rarely has the length of its tag, so without these, positions after
    a {{ value }} would drift. (Not after a tag that ends its line: there the
    marker would stop trim_blocks from removing the line break.)
    """
    out, last = [], 0
    for tag in TEMPLATE_TAG.finditer(line):
        out.append(line[last: tag.end()])
        if tag.end() < len(line):
            out.append(f"{_COLUMN_OPEN}{tag.end() + 1}{_COLUMN_CLOSE}")
        last = tag.end()
    out.append(line[last:])
    return "".join(out)


def unmark(rendered: str) -> tuple[str, LineMap]:
    """Strip line markers; remember where each remaining character came from."""
    out_lines: list[str] = []
    line_map = LineMap()
    current_line, current_column = 1, 1
    for raw in rendered.split("\n"):
        text: list[str] = []
        anchors: list[tuple[int, int, int]] = [(0, current_line, current_column)]
        i = 0
        while i < len(raw):
            if raw[i] == _MARK_OPEN:
                end = raw.index(_MARK_CLOSE, i)
                current_line, current_column = int(raw[i + 1:end]), 1
                anchors.append((len(text), current_line, current_column))
                i = end + 1
            elif raw[i] == _COLUMN_OPEN:
                end = raw.index(_COLUMN_CLOSE, i)
                current_column = int(raw[i + 1:end])
                anchors.append((len(text), current_line, current_column))
                i = end + 1
            else:
                text.append(raw[i])
                current_column += 1
                i += 1
        out_lines.append("".join(text))
        # Later anchors at the same column win (several markers can meet).
        dedup: dict[int, tuple[int, int, int]] = {}
        for anchor in anchors:
            dedup[anchor[0]] = anchor
        line_map.anchors.append(sorted(dedup.values()))
        current_column = 1
    return "\n".join(out_lines), line_map
