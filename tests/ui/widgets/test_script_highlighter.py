"""The script language highlighted: each element its format, the theme's colours, problems underlined
over the token they point at."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette, QTextDocument
from pytestqt.qtbot import QtBot

from kindaudio.ui.theme import palettes
from kindaudio.ui.widgets.script_highlighter import ScriptHighlighter, diagnostic_span, utf16_offset
from tests.support.script_text import MISTAKE_LINE, PRACTICE


def formats_on(document: QTextDocument, line: int) -> list[tuple[int, int, QColor, bool, bool]]:
    """(start, length, colour, bold, italic) of each highlighted range on a 0-based line."""
    layout = document.findBlockByNumber(line).layout()
    return [(r.start, r.length, r.format.foreground().color(), r.format.fontWeight() >= QFont.Weight.Bold,
             r.format.fontItalic()) for r in layout.formats()]


def highlighted(text: str, qtbot: QtBot, palette: QPalette | None = None) -> tuple[QTextDocument, ScriptHighlighter]:
    document = QTextDocument()
    highlighter = ScriptHighlighter(document, palette)
    document.setPlainText(text)
    highlighter.rehighlight()  # a new highlighter starts on the next turn of the event loop; now, here
    return document, highlighter


def test_front_matter_headings_marks_comments_and_tags_each_have_their_format_at_their_span(qtbot: QtBot) -> None:
    text = PRACTICE.replace("There is nothing to do.", "There is {{ phrase }} to do.")
    document, highlighter = highlighted(text, qtbot)
    colour = {name: highlighter.format_of(name).foreground().color() for name in
              ("delimiter", "key", "heading", "mark", "comment", "tag")}

    assert formats_on(document, 0) == [(0, 3, colour["delimiter"], True, False)]
    assert formats_on(document, 1)[0] == (0, 5, colour["key"], True, False)  # "title", not its value
    assert formats_on(document, 3) == [(0, 3, colour["delimiter"], True, False)]
    assert formats_on(document, 8) == [(0, len("## Arriving"), colour["heading"], True, False)]
    assert formats_on(document, 9) == [(0, len("[bell]"), colour["mark"], True, False)]
    line = document.findBlockByNumber(MISTAKE_LINE - 1).text()
    marks = [(start, length) for start, length, c, _b, _i in formats_on(document, MISTAKE_LINE - 1)
             if c == colour["mark"]]
    assert marks == [(line.index("[pause 3s]"), len("[pause 3s]"))]
    tags = [(start, length) for start, length, c, _b, _i in formats_on(document, MISTAKE_LINE - 1)
            if c == colour["tag"]]
    assert tags == [(line.index("{{ phrase }}"), len("{{ phrase }}"))]
    assert formats_on(document, 12) == [(0, len("[pause 10s..1m]"), colour["mark"], True, False)]
    assert formats_on(document, 14) == []  # spoken text keeps the editor's own look
    assert len({colour[name].name() for name in ("heading", "mark", "comment", "tag")}) == 4  # and by shape too


def test_a_comment_over_several_lines_is_a_comment_until_it_closes(qtbot: QtBot) -> None:
    document, highlighter = highlighted(PRACTICE, qtbot)
    comment = highlighter.format_of("comment").foreground().color()
    for line in range(4, 8):  # "<!--" to "-->"
        text = document.findBlockByNumber(line).text()
        assert formats_on(document, line) == [(0, len(text), comment, False, True)], text
    assert formats_on(document, 8)[0][2] == highlighter.format_of("heading").foreground().color()


def test_an_escaped_bracket_and_a_comment_in_a_line_are_told_apart(qtbot: QtBot) -> None:
    text = "---\ntitle: T\n---\nSay \\[pause 3s] aloud. <!-- not spoken --> [bell]\n"
    document, highlighter = highlighted(text, qtbot)
    line = document.findBlockByNumber(3).text()
    ranges = [(start, length, c) for start, length, c, _b, _i in formats_on(document, 3)]
    assert ranges == [
        (line.index("<!--"), len("<!-- not spoken -->"), highlighter.format_of("comment").foreground().color()),
        (line.index("[bell]"), len("[bell]"), highlighter.format_of("mark").foreground().color()),
    ]


def test_the_colours_follow_the_theme_light_or_dark(qtbot: QtBot) -> None:
    light, dark = QPalette(), QPalette()
    light.setColor(QPalette.ColorRole.Window, QColor(palettes()["light"]["window"]))
    dark.setColor(QPalette.ColorRole.Window, QColor(palettes()["dark"]["window"]))
    document, highlighter = highlighted(PRACTICE, qtbot, light)
    assert highlighter.scheme == "light"
    assert formats_on(document, 8)[0][2] == QColor(palettes()["light"]["accent_text"])

    highlighter.use_palette(dark)

    assert highlighter.scheme == "dark"
    assert formats_on(document, 8)[0][2] == QColor(palettes()["dark"]["accent_text"])


def test_a_problem_is_underlined_over_the_token_it_points_at() -> None:
    line = "Settle here. [paws 3s] and {{ phrse }} then rest"
    assert diagnostic_span(line, line.index("[") + 1) == (span := diagnostic_span(line, 14))
    assert (span.start, span.length) == (line.index("[paws"), len("[paws 3s]"))
    tag = diagnostic_span(line, line.index("{{") + 1)
    assert (tag.start, tag.length) == (line.index("{{"), len("{{ phrse }}"))
    word = diagnostic_span("lengths: [8, 99]", 14)
    assert (word.start, word.length) == (13, 2)  # "99", without the bracket
    end = diagnostic_span("A sentence that ends", 40)
    assert (end.start, end.length) == (len("A sentence that "), len("ends"))
    assert diagnostic_span("   ", 2).length == 0


def test_positions_after_an_emoji_are_counted_as_qt_counts_them() -> None:
    assert utf16_offset("a🙂b", 2) == 3
    assert utf16_offset("abc", 2) == 2
