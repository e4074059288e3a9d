"""Colours for the script language, and wavy underlines where the parser found a problem.

A therapist editing a practice should see at a glance what is spoken and what is
not: the front matter, `##` headings, `[pause …]` and `[bell]` marks, comments
(which may run over several lines) and template tags each look different, and not
by colour alone (headings and marks are bold, comments italic, tags and marks sit
on a tinted ground). Colours come from the theme's palettes, chosen by how dark
the editor's own palette is, so light and dark themes both read well.

Problems are underlined where they stand: each diagnostic's line:col is widened
to the token it points at (a whole mark, a tag, a word), so the person sees what
is wrong rather than one character.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from PySide6.QtGui import QColor, QFont, QPalette, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from kindaudio.script.errors import Diagnostic
from kindaudio.ui.theme import palettes

log = logging.getLogger(__name__)

# Block states: where a line starts.
BODY = 0
FRONT_MATTER = 1
IN_COMMENT = 2

FRONT_MATTER_BOUNDARY = re.compile(r"-{3,}\s*")  # as python-frontmatter finds it
FRONT_MATTER_KEY = re.compile(r"(\s*)([A-Za-z_][\w-]*)(\s*):(?=\s|$)")
YAML_COMMENT = re.compile(r"(?:^|\s)(#.*)$")
MARK = re.compile(r"\[(?:pause|bell)\b[^\]\n]*\]")
TAG_CLOSERS = {"{{": "}}", "{%": "%}", "{#": "#}"}
TOKEN_END = frozenset(" \t,]})")

ELEMENTS = ("delimiter", "key", "heading", "mark", "comment", "tag")


@dataclass(frozen=True, slots=True)
class Span:
    """Characters of one line, as Python indices (start, length)."""

    start: int
    length: int

    def __contains__(self, index: object) -> bool:
        return isinstance(index, int) and self.start <= index < self.start + self.length


def scheme_of(palette: QPalette) -> str:
    """"dark" when the palette's window is dark, else "light": which of our palettes applies."""
    return "dark" if palette.color(QPalette.ColorRole.Window).lightnessF() < 0.5 else "light"


def element_formats(scheme: str) -> dict[str, QTextCharFormat]:
    """One text format per element of the language, in the scheme's colours."""
    colours = palettes()[scheme]

    def made(foreground: str, *, background: str | None = None, bold: bool = False,
             italic: bool = False) -> QTextCharFormat:
        fmt = QTextCharFormat()
        fmt.setForeground(QColor(colours[foreground]))
        if background is not None:
            fmt.setBackground(QColor(colours[background]))
        if bold:
            fmt.setFontWeight(QFont.Weight.Bold)
        fmt.setFontItalic(italic)
        return fmt

    return {
        "delimiter": made("muted", bold=True),
        "key": made("accent_text", bold=True),
        "heading": made("accent_text", bold=True),
        "mark": made("ground_text", background="ground", bold=True),
        "comment": made("muted", italic=True),
        "tag": made("tint_text", background="tint"),
    }


def error_colour(scheme: str) -> QColor:
    return QColor(palettes()[scheme]["error"])


def diagnostic_span(line: str, column: int) -> Span:
    """The characters a diagnostic at 1-based `column` of `line` is about.

    A mark, a template tag or a comment is taken whole, anything else up to the
    next space or closing bracket; past the end of the line, the line's last
    word. An empty line has nothing to underline (the problem is still listed).
    """
    if not line.strip():
        return Span(0, 0)
    index = column - 1
    if index >= len(line.rstrip()):
        words = line.rstrip()
        index = len(words) - len(words.split()[-1])
    start = index
    opener = line[index:index + 2]
    if line[index] == "[":
        close = line.find("]", index)
        end = close + 1 if close >= 0 else len(line)
    elif opener in TAG_CLOSERS:
        close = line.find(TAG_CLOSERS[opener], index + 2)
        end = close + 2 if close >= 0 else len(line)
    elif line.startswith("<!--", index):
        close = line.find("-->", index + 4)
        end = close + 3 if close >= 0 else len(line)
    elif line[index].isspace():
        end = index + 1
    else:
        end = index + 1
        while end < len(line) and line[end] not in TOKEN_END:
            end += 1
    return Span(start, end - start)


def utf16_offset(text: str, index: int) -> int:
    """Qt counts a line's positions in UTF-16 units: an emoji is two of them."""
    head = text[:index]
    return len(head) if head.isascii() else len(head.encode("utf-16-le")) // 2


def python_index(text: str, offset: int) -> int:
    """The inverse of utf16_offset: the character at a Qt position in `text`."""
    if text.isascii():
        return offset
    units = 0
    for index, char in enumerate(text):
        if units >= offset:
            return index
        units += 2 if ord(char) > 0xFFFF else 1
    return len(text)


class ScriptHighlighter(QSyntaxHighlighter):
    """Highlights a practice file in a QTextDocument and underlines its problems."""

    def __init__(self, document: QTextDocument, palette: QPalette | None = None) -> None:
        super().__init__(document)
        self._scheme = scheme_of(palette if palette is not None else QPalette())
        self._formats = element_formats(self._scheme)
        self._error_colour = error_colour(self._scheme)
        self._problems: dict[int, list[Diagnostic]] = {}  # 0-based block number -> its diagnostics

    # -- colours -------------------------------------------------------------------

    @property
    def scheme(self) -> str:
        return self._scheme

    def format_of(self, element: str) -> QTextCharFormat:
        """The format an element of the language is shown in ("heading", "mark", ...; see ELEMENTS)."""
        return QTextCharFormat(self._formats[element])

    def use_palette(self, palette: QPalette) -> None:
        """Follow the theme: call when the editor's palette changes (light ↔ dark)."""
        scheme = scheme_of(palette)
        if scheme != self._scheme:
            self._scheme = scheme
            self._formats = element_formats(scheme)
            self._error_colour = error_colour(scheme)
            self.rehighlight()

    # -- problems ------------------------------------------------------------------

    @property
    def diagnostics(self) -> tuple[Diagnostic, ...]:
        return tuple(d for line in sorted(self._problems) for d in self._problems[line])

    def set_diagnostics(self, diagnostics: Iterable[Diagnostic]) -> None:
        """Underline these problems (and no others); only the lines that change are redrawn."""
        fresh: dict[int, list[Diagnostic]] = {}
        for diagnostic in diagnostics:
            fresh.setdefault(diagnostic.line - 1, []).append(diagnostic)
        touched = {line for line in set(fresh) | set(self._problems)
                   if fresh.get(line) != self._problems.get(line)}
        self._problems = fresh
        document = self.document()
        for line in sorted(touched):
            block = document.findBlockByNumber(line)
            if block.isValid():
                self.rehighlightBlock(block)

    def spans_on(self, block_number: int, text: str) -> list[tuple[Span, Diagnostic]]:
        """Each problem on a line with the characters it underlines."""
        return [(diagnostic_span(text, d.column), d) for d in self._problems.get(block_number, ())]

    def messages_at(self, block_number: int, text: str, index: int) -> list[str]:
        """The messages of problems underlined at character `index` of a line."""
        return [d.message for span, d in self.spans_on(block_number, text) if index in span]

    # -- highlighting --------------------------------------------------------------

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt's name
        block = self.currentBlock()
        previous = self.previousBlockState()
        if block.blockNumber() == 0 or previous < 0:
            if FRONT_MATTER_BOUNDARY.fullmatch(text):
                self._set(text, 0, len(text), "delimiter")
                self.setCurrentBlockState(FRONT_MATTER)
            else:
                self.setCurrentBlockState(self._body(text, in_comment=False))
        elif previous == FRONT_MATTER:
            if FRONT_MATTER_BOUNDARY.fullmatch(text):
                self._set(text, 0, len(text), "delimiter")
                self.setCurrentBlockState(BODY)
            else:
                self._front_matter(text)
                self.setCurrentBlockState(FRONT_MATTER)
        else:
            self.setCurrentBlockState(self._body(text, in_comment=previous == IN_COMMENT))
        self._underline(block.blockNumber(), text)

    def _set(self, text: str, start: int, length: int, element: str | QTextCharFormat) -> None:
        fmt = self._formats[element] if isinstance(element, str) else element
        begin = utf16_offset(text, start)
        self.setFormat(begin, utf16_offset(text, start + length) - begin, fmt)

    def _front_matter(self, text: str) -> None:
        key = FRONT_MATTER_KEY.match(text)
        if key is not None:
            self._set(text, key.start(2), len(key.group(2)), "key")
        comment = YAML_COMMENT.search(text)
        if comment is not None and not _inside_quotes(text, comment.start(1)):
            self._set(text, comment.start(1), len(text) - comment.start(1), "comment")

    def _body(self, text: str, *, in_comment: bool) -> int:
        """Highlight one body line; returns the state the next line starts in."""
        i = 0
        if in_comment:
            end = text.find("-->")
            if end < 0:
                self._set(text, 0, len(text), "comment")
                return IN_COMMENT
            i = end + 3
            self._set(text, 0, i, "comment")
        elif text.lstrip().startswith("#"):
            self._set(text, 0, len(text), "heading")
        while i < len(text):
            if text[i] == "\\":
                i += 2
                continue
            if text.startswith("<!--", i):
                end = text.find("-->", i + 4)
                if end < 0:
                    self._set(text, i, len(text) - i, "comment")
                    return IN_COMMENT
                self._set(text, i, end + 3 - i, "comment")
                i = end + 3
                continue
            opener = text[i:i + 2]
            if opener in TAG_CLOSERS:
                close = text.find(TAG_CLOSERS[opener], i + 2)
                end = close + 2 if close >= 0 else len(text)
                self._set(text, i, end - i, "tag")
                i = end
                continue
            if text[i] == "[":
                mark = MARK.match(text, i)
                if mark is not None:
                    self._set(text, i, mark.end() - i, "mark")
                    i = mark.end()
                    continue
            i += 1
        return BODY

    def _underline(self, block_number: int, text: str) -> None:
        for span, _diagnostic in self.spans_on(block_number, text):
            for index in range(span.start, span.start + span.length):
                offset = utf16_offset(text, index)
                fmt = self.format(offset)
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
                fmt.setUnderlineColor(self._error_colour)
                self._set(text, index, 1, fmt)


def _inside_quotes(text: str, index: int) -> bool:
    """A # inside a quoted YAML value is text, not a comment."""
    head = text[:index]
    return head.count('"') % 2 == 1 or head.count("'") % 2 == 1


def underlined_ranges(highlighter: ScriptHighlighter, block_number: int) -> Sequence[tuple[int, int]]:
    """(start, length) of every wavy underline on a line, in Qt positions; for checks and tests."""
    block = highlighter.document().findBlockByNumber(block_number)
    layout = block.layout()
    if layout is None:
        return []
    return [(r.start, r.length) for r in layout.formats()
            if r.format.underlineStyle() == QTextCharFormat.UnderlineStyle.WaveUnderline]
