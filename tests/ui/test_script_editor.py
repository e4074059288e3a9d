"""The script editor: the language highlighted, problems underlined and explained as you type, safe saving.

Real files in the test's own home, the real parser, real widgets (offscreen).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QThreadPool
from PySide6.QtGui import QColor, QFont, QHelpEvent, QPalette, QTextCursor, QTextDocument
from PySide6.QtWidgets import QApplication, QMessageBox, QToolTip
from pytestqt.qtbot import QtBot

from kindaudio.common.atomicfile import TEMP_SUFFIX
from kindaudio.common.paths import AppPaths, ensure_dir
from kindaudio.script.library import shipped_practices_dir
from kindaudio.script.parser import load_practice
from kindaudio.ui.dialogs.script_editor import (ScriptEditorDialog, copy_into_practices, fresh_practice_id,
                                                with_identity)
from kindaudio.ui.services import Services, SettingsStore
from kindaudio.ui.tasks import TaskRunner
from kindaudio.ui.theme import palettes
from kindaudio.ui.widgets.script_highlighter import (ScriptHighlighter, diagnostic_span, underlined_ranges,
                                                     utf16_offset)

WAIT_MS = 30_000

PRACTICE = """\
---
title: Evening rest
lengths: [1]
---
<!--
A note for the therapist,
over three lines.
-->
## Arriving
[bell]
You might let yourself settle. [pause 3s] There is nothing to do.

[pause 10s..1m]
## Resting
Rest here for a while, if that feels right.
"""
MISTAKE_LINE = 11  # "You might let yourself settle. [pause 3s] ..." (1-based)


@pytest.fixture
def services(paths: AppPaths, qtbot: QtBot) -> Iterator[Services]:
    """Only what the editor uses: the test's home and a thread pool of its own."""
    pool = QThreadPool()
    yield Services(paths=paths, tasks=TaskRunner(pool), settings=SettingsStore(paths))
    pool.waitForDone(WAIT_MS)


@pytest.fixture
def practice_file(paths: AppPaths) -> Path:
    path = ensure_dir(paths.practices) / "evening-rest.md"
    path.write_text(PRACTICE, encoding="utf-8")
    return path


def open_editor(services: Services, path: Path, qtbot: QtBot) -> ScriptEditorDialog:
    dialog = ScriptEditorDialog(services, path)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.is_current, timeout=WAIT_MS)
    return dialog


def replace_in_editor(dialog: ScriptEditorDialog, old: str, new: str) -> None:
    """Edit the text as typing would: select `old` and type `new` over it."""
    document = dialog.editor.document()
    found = document.find(old)
    assert not found.isNull(), old
    found.insertText(new)


def answer(dialog: ScriptEditorDialog, text: str) -> None:
    box = dialog.question
    assert isinstance(box, QMessageBox) and box.isVisible()
    (button,) = [b for b in box.buttons() if b.text() == text]
    button.click()


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


# -- highlighting ---------------------------------------------------------------------------

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


# -- problems as you type -----------------------------------------------------------------------

def test_a_mistake_is_underlined_at_its_column_listed_and_explained_on_hover(services: Services, practice_file: Path,
                                                                             qtbot: QtBot) -> None:
    practice_file.write_text(PRACTICE.replace("[pause 3s]", "[paws 3s]"), encoding="utf-8")
    dialog = open_editor(services, practice_file, qtbot)

    (problem,) = dialog.diagnostics
    line = dialog.editor.document().findBlockByNumber(MISTAKE_LINE - 1).text()
    assert (problem.line, problem.column) == (MISTAKE_LINE, line.index("[paws") + 1)
    assert underlined_ranges(dialog.highlighter, MISTAKE_LINE - 1) == [(line.index("[paws"), len("[paws 3s]"))]
    assert "[pause 3s]" in problem.message  # the parser's suggestion reaches the person
    assert dialog.problems.count() == 1
    assert dialog.problems.item(0).text() == f"Line {MISTAKE_LINE}, column {problem.column}: {problem.message}"
    assert "1 problem" in dialog.status.text()

    block = dialog.editor.document().findBlockByNumber(MISTAKE_LINE - 1)
    cursor = QTextCursor(block)
    cursor.setPosition(block.position() + line.index("[paws") + 3)
    inside = dialog.editor.cursorRect(cursor).center()
    viewport = dialog.editor.viewport()
    QApplication.sendEvent(viewport, QHelpEvent(QEvent.Type.ToolTip, inside, viewport.mapToGlobal(inside)))
    assert QToolTip.isVisible() and QToolTip.text() == problem.message
    elsewhere = dialog.editor.cursorRect(QTextCursor(dialog.editor.document().findBlockByNumber(14))).center()
    assert dialog.problems_at(dialog.editor.cursorForPosition(elsewhere).position()) == []
    QToolTip.hideText()


def test_fixing_the_mistake_clears_its_underline_and_the_list(services: Services, practice_file: Path,
                                                                qtbot: QtBot) -> None:
    practice_file.write_text(PRACTICE.replace("[pause 3s]", "[paws 3s]"), encoding="utf-8")
    dialog = open_editor(services, practice_file, qtbot)
    assert dialog.diagnostics

    with qtbot.waitSignal(dialog.checked, timeout=WAIT_MS):
        replace_in_editor(dialog, "[paws 3s]", "[pause 3s]")

    assert dialog.is_current and dialog.diagnostics == ()
    assert underlined_ranges(dialog.highlighter, MISTAKE_LINE - 1) == []
    assert dialog.problems.count() == 0 and dialog.problems.isHidden()
    assert dialog.status.text().startswith("It reads well: 3 sentences in 2 parts")


def test_typing_a_mistake_underlines_it_after_a_moment(services: Services, practice_file: Path,
                                                       qtbot: QtBot) -> None:
    dialog = open_editor(services, practice_file, qtbot)
    assert dialog.diagnostics == ()

    with qtbot.waitSignal(dialog.checked, timeout=WAIT_MS):
        dialog.go_to(MISTAKE_LINE, 1)
        qtbot.keyClicks(dialog.editor, "[bel] ")

    (problem,) = dialog.diagnostics
    assert (problem.line, problem.column) == (MISTAKE_LINE, 1)
    assert underlined_ranges(dialog.highlighter, MISTAKE_LINE - 1) == [(0, len("[bel]"))]


def test_clicking_a_listed_problem_puts_the_cursor_there(services: Services, practice_file: Path,
                                                         qtbot: QtBot) -> None:
    practice_file.write_text(PRACTICE.replace("[pause 3s]", "[paws 3s]"), encoding="utf-8")
    dialog = open_editor(services, practice_file, qtbot)
    item = dialog.problems.item(0)

    dialog.problems.itemClicked.emit(item)

    cursor = dialog.editor.textCursor()
    assert cursor.blockNumber() == MISTAKE_LINE - 1
    assert cursor.positionInBlock() == dialog.diagnostics[0].column - 1
    assert dialog.position.text() == f"Line {MISTAKE_LINE}, column {dialog.diagnostics[0].column}"


# -- saving ---------------------------------------------------------------------------------

def test_save_replaces_the_file_in_one_step_and_it_parses(services: Services, practice_file: Path,
                                                          qtbot: QtBot) -> None:
    dialog = open_editor(services, practice_file, qtbot)
    before = practice_file.stat().st_ino
    replace_in_editor(dialog, "Rest here for a while", "Stay here for a while")
    assert dialog.has_unsaved_changes

    with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS) as saved:
        dialog.save_button.click()

    assert saved.args == [practice_file]
    assert practice_file.read_text(encoding="utf-8") == PRACTICE.replace("Rest here", "Stay here")
    assert practice_file.stat().st_ino != before  # a new file renamed into place, not rewritten in place
    assert stat.S_IMODE(practice_file.stat().st_mode) == 0o600
    assert not list(practice_file.parent.glob(f"*{TEMP_SUFFIX}"))
    assert load_practice(practice_file).sections[1].sentences[0].text == "Stay here for a while, if that feels right."
    assert not dialog.has_unsaved_changes


def test_saving_text_that_does_not_parse_asks_first(services: Services, practice_file: Path, qtbot: QtBot) -> None:
    dialog = open_editor(services, practice_file, qtbot)
    replace_in_editor(dialog, "[bell]", "[belll]")

    dialog.save()
    qtbot.waitUntil(lambda: dialog.question is not None, timeout=WAIT_MS)
    assert "Save anyway?" in dialog.question.text()
    assert "[belll]" in dialog.question.informativeText()
    answer(dialog, "Keep editing")
    assert practice_file.read_text(encoding="utf-8") == PRACTICE  # nothing written
    assert dialog.editor.textCursor().blockNumber() == 9  # back at the problem

    dialog.save()
    qtbot.waitUntil(lambda: dialog.question is not None, timeout=WAIT_MS)
    with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS):
        answer(dialog, "Save anyway")
    assert "[belll]" in practice_file.read_text(encoding="utf-8")


def test_a_shipped_practice_is_read_only_and_a_copy_goes_into_your_practices(services: Services, paths: AppPaths,
                                                                             qtbot: QtBot) -> None:
    shipped = shipped_practices_dir() / "affectionate-breathing.md"
    original = shipped.read_bytes()
    dialog = open_editor(services, shipped, qtbot)
    assert dialog.read_only and dialog.editor.isReadOnly()
    assert dialog.save_button.isHidden() and dialog.copy_button.isVisible()
    assert "comes with KindAudio" in dialog.mode_note.text()
    qtbot.keyClicks(dialog.editor, "typing changes nothing")
    assert not dialog.has_unsaved_changes

    asked = dialog.ask_copy_title()
    assert asked.textValue() == "Affectionate Breathing (my copy)"
    asked.setTextValue("Breathing for Sam")
    with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS) as saved:
        asked.accept()

    copy = saved.args[0]
    assert copy == paths.practices / "breathing-for-sam.md"
    practice = load_practice(copy)
    assert (practice.id, practice.title) == ("breathing-for-sam", "Breathing for Sam")
    assert [s.text for s in practice.sentences] == [s.text for s in load_practice(shipped).sentences]
    assert shipped.read_bytes() == original
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert dialog.path == copy and not dialog.read_only and not dialog.editor.isReadOnly()
    assert dialog.save_button.isVisible() and dialog.copy_button.isHidden()


def test_a_copy_never_takes_the_id_or_file_of_another_practice(paths: AppPaths) -> None:
    ensure_dir(paths.practices)
    (paths.practices / "evening-rest.md").write_text("---\ntitle: x\n---\nHello.\n", encoding="utf-8")
    assert fresh_practice_id("Evening rest", paths) == "evening-rest-2"
    assert fresh_practice_id("Affectionate Breathing", paths) == "affectionate-breathing-2"  # a shipped id
    assert fresh_practice_id("🙂", paths) == "my-practice"

    text = "---\nid: old-id\ntitle: >\n  Folded\n  title\nsummary: s\n---\nHello.\n"
    assert with_identity(text, "new-id", 'A "quoted" title') == \
        '---\nid: new-id\ntitle: "A \\"quoted\\" title"\nsummary: s\n---\nHello.\n'
    path, _text = copy_into_practices(text, "Evening rest", paths)
    assert path.name == "evening-rest-2.md" and load_practice(path).title == "Evening rest"
    assert (paths.practices / "evening-rest.md").read_text(encoding="utf-8") == "---\ntitle: x\n---\nHello.\n"


# -- closing ----------------------------------------------------------------------------------

def test_closing_with_unsaved_changes_asks_and_can_keep_editing_or_discard(services: Services, practice_file: Path,
                                                                           qtbot: QtBot) -> None:
    dialog = open_editor(services, practice_file, qtbot)
    replace_in_editor(dialog, "Rest here", "Stay here")

    dialog.close()
    assert dialog.isVisible()
    assert "not saved" in dialog.question.text()
    answer(dialog, "Keep editing")
    assert dialog.isVisible() and dialog.has_unsaved_changes

    dialog.close_button.click()
    answer(dialog, "Close without saving")
    assert not dialog.isVisible()
    assert practice_file.read_text(encoding="utf-8") == PRACTICE


def test_closing_and_saving_writes_then_closes(services: Services, practice_file: Path, qtbot: QtBot) -> None:
    dialog = open_editor(services, practice_file, qtbot)
    replace_in_editor(dialog, "Rest here", "Stay here")

    dialog.reject()  # Esc
    with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS):
        answer(dialog, "Save")

    assert not dialog.isVisible()
    assert "Stay here" in practice_file.read_text(encoding="utf-8")


def test_closing_without_changes_asks_nothing(services: Services, practice_file: Path, qtbot: QtBot) -> None:
    dialog = open_editor(services, practice_file, qtbot)
    dialog.close_button.click()
    assert not dialog.isVisible() and dialog.question is None
    assert os.access(practice_file, os.R_OK)
