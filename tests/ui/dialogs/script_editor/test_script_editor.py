"""The script editor: problems underlined and explained as you type, safe saving, a copy of a shipped practice.

Real files in the test's own home, the real parser, real widgets (offscreen).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QThreadPool
from PySide6.QtGui import QHelpEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QMessageBox, QToolTip
from pytestqt.qtbot import QtBot

from kindaudio.common.atomicfile import TEMP_SUFFIX
from kindaudio.common.paths import AppPaths, ensure_dir
from kindaudio.script.library import shipped_practices_dir
from kindaudio.script.parser import load_practice
from kindaudio.ui.dialogs.script_editor.dialog import ScriptEditorDialog
from kindaudio.ui.services import Services, SettingsStore
from kindaudio.ui.tasks import TaskRunner
from kindaudio.ui.widgets.script_highlighter import underlined_ranges
from tests.support.script_text import MISTAKE_LINE, PRACTICE

WAIT_MS = 30_000


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
