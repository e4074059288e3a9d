"""The script editor's window: a practice's text, checked as it is typed, saved only when it is safe.

The text is checked by the real parser a moment after typing stops (off the GUI
thread, so a long file never makes typing stutter); every problem is underlined
where it stands, listed below the editor (a click goes there) and explained in a
tooltip over the underline. Saving replaces the file atomically, and a text that
does not parse is saved only when the person says so: a practice that silently
stops working is worse than one that was never changed. The practices that ship
with KindAudio open read-only; "Save a copy…" puts a copy with its own id and
title into the person's practice folder, and the editor goes on with the copy.
The file work itself is the core's (kindaudio.script.editing).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QHBoxLayout, QInputDialog, QMessageBox, QToolTip, QVBoxLayout, QWidget

from kindaudio.script.editing import (
    ScriptCheck,
    check_script,
    copy_into_practices,
    file_mode,
    is_shipped,
    read_for_editing,
    save_script,
    title_in,
)
from kindaudio.script.errors import Diagnostic
from kindaudio.ui.dialogs.script_editor.problem_list import ProblemList
from kindaudio.ui.dialogs.script_editor.script_text_edit import ScriptTextEdit
from kindaudio.ui.dialogs.script_editor.text import (
    COPY_SUFFIX,
    SHIPPED_NOTE,
    problems_text,
    reads_well_text,
    save_anyway_text,
    window_title,
)
from kindaudio.ui.services import Services
from kindaudio.ui.tasks import Task
from kindaudio.ui.widgets.basics import make_button, make_label, size_to_screen
from kindaudio.ui.widgets.question import Answer, ask

log = logging.getLogger(__name__)

CHECK_DELAY_MS = 300  # after the last keystroke, the text is checked


class ScriptEditorDialog(QDialog):
    """A practice file's text, highlighted and checked as it is typed.

    Signals:
        saved(Path): the file was written (for a copy of a shipped practice: the copy).
        checked(): the problems and status now describe the text shown.
    """

    saved = Signal(Path)
    checked = Signal()

    def __init__(self, services: Services, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.path = Path(path)
        self.read_only = is_shipped(self.path)
        self.question: QMessageBox | None = None  # the question open now, if any
        self.copy_name_dialog: QInputDialog | None = None
        self._version = 0  # counts edits; a check applies only to the text it read
        self._check: ScriptCheck | None = None
        self._checking = False
        self._save_when_checked = False
        self._close_after_save = False
        self._closing = False
        self._saving = False
        opened = read_for_editing(self.path)
        self._load_problem = opened.problem
        self.read_only = self.read_only or opened.problem is not None
        self._saved_text = opened.text
        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(CHECK_DELAY_MS)
        self._check_timer.timeout.connect(self.check_now)
        self._build()
        self.editor.setPlainText(opened.text)
        self._saved_text = self.editor.toPlainText()
        self.editor.start_telling_edits()
        self.editor.edited.connect(self._text_changed)
        self._show_mode()
        self.check_now()

    # -- building ----------------------------------------------------------------

    def _build(self) -> None:
        self.setWindowTitle(f"Edit practice: {self.path.name}")
        self.heading = make_label(self.path.name, "page-title", accessible="The file being edited")
        self.where = make_label(str(self.path), "muted", selectable=True, accessible="Where the file is")
        self.mode_note = make_label("", "note", accessible="About this file")
        self.mode_note.hide()

        self.editor = ScriptTextEdit()
        self.highlighter = self.editor.highlighter
        self.editor.cursorPositionChanged.connect(self._show_position)

        self.status = make_label("Checking…", "muted", accessible="How the practice reads")
        self.position = make_label("", "muted", wrap=False, accessible="Where the cursor is")
        self.problems_title = make_label("Problems", "section-title")
        self.problems = ProblemList()
        self.problems.chosen.connect(lambda diagnostic: self.go_to(diagnostic.line, diagnostic.column))
        self.problems.hide()  # until a check finds something
        self.problems_title.hide()

        self.copy_button = make_button("Save a copy…", "Save a copy of this practice",
                                       "Put a copy in your own practices, where you can change it", "primary")
        self.copy_button.setAutoDefault(False)
        self.copy_button.clicked.connect(self.ask_copy_title)
        self.save_button = make_button("Save", "Save the practice",
                                       "Write your changes to the file (Ctrl+S)", "primary")
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        self.close_button = make_button("Close", "Close the editor",
                                        "Close the editor (you are asked first if there are unsaved changes)")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        self.save_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        self.save_shortcut.activated.connect(self.save)

        status_row = QHBoxLayout()
        status_row.addWidget(self.status, 1)
        status_row.addWidget(self.position, 0, Qt.AlignmentFlag.AlignTop)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(10)
        layout.addWidget(self.heading)
        layout.addWidget(self.where)
        layout.addWidget(self.mode_note)
        layout.addWidget(self.editor, 1)
        layout.addLayout(status_row)
        layout.addWidget(self.problems_title)
        layout.addWidget(self.problems)
        layout.addLayout(buttons)
        QWidget.setTabOrder(self.editor, self.problems)
        QWidget.setTabOrder(self.problems, self.copy_button)
        QWidget.setTabOrder(self.copy_button, self.save_button)
        QWidget.setTabOrder(self.save_button, self.close_button)
        size_to_screen(self, 1000, 720, minimum=(560, 420))

    def _show_mode(self) -> None:
        """Read-only (shipped, or a file that cannot be read as text) or editable, with words for which."""
        self.editor.setReadOnly(self.read_only)
        self.save_button.setVisible(not self.read_only)
        self.copy_button.setVisible(self.read_only and self._load_problem is None)
        self.heading.setText(title_in(self.text) or self.path.name)
        self.where.setText(str(self.path))
        self.setWindowTitle(window_title(self.read_only, self.path.name))
        if self._load_problem is not None:
            self.mode_note.setText(f"This file cannot be opened for editing: {self._load_problem}")
        elif self.read_only:
            self.mode_note.setText(SHIPPED_NOTE)
        self.mode_note.setVisible(self.read_only)

    # -- state ---------------------------------------------------------------------

    @property
    def text(self) -> str:
        return self.editor.toPlainText()

    @property
    def has_unsaved_changes(self) -> bool:
        return not self.read_only and self.text != self._saved_text

    @property
    def diagnostics(self) -> tuple[Diagnostic, ...]:
        """The problems shown now (for the text as it was last checked)."""
        return self._check.diagnostics if self._check is not None else ()

    @property
    def is_current(self) -> bool:
        """The problems and status describe the text as it is now."""
        return self._check is not None and self._check.version == self._version

    # -- checking ------------------------------------------------------------------

    def _text_changed(self) -> None:
        self._version += 1
        self._check_timer.start()
        self.setWindowModified(self.has_unsaved_changes)

    def check_now(self) -> None:
        """Check the text as it is now, off the GUI thread; `checked` follows."""
        self._check_timer.stop()
        if self._checking:
            return  # when it comes back, the result is stale and a new check starts
        self._checking = True
        text, version = self.text, self._version

        def connect(task: Task) -> None:
            task.succeeded.connect(self._checked)
            task.failed.connect(self._check_failed)

        self.services.tasks.run(check_script, text, self.path, version, connect=connect)

    def _check_failed(self, message: str) -> None:
        """The parser itself failed (a bug): shown as a problem, so nothing is saved unawares."""
        self._checked(ScriptCheck(self._version, (Diagnostic(self.path.name, 1, 1, message),), None))

    def _checked(self, result: ScriptCheck) -> None:
        self._checking = False
        if result.version != self._version:
            self.check_now()  # typed meanwhile: check what is there now
            return
        self._check = result
        self.editor.set_diagnostics(result.diagnostics)
        self.problems.show_problems(result.diagnostics)
        self.problems_title.setVisible(bool(result.diagnostics))
        if result.shape is not None and result.ok:
            self.status.setText(reads_well_text(result.shape))
        else:
            self.status.setText(problems_text(len(result.diagnostics)))
        self.checked.emit()
        if self._save_when_checked:
            self._save_when_checked = False
            self._save_checked()

    # -- going to a problem, and where the cursor is ---------------------------------

    def go_to(self, line: int, column: int) -> None:
        """Put the cursor at 1-based line:column and the keyboard focus in the text."""
        self.editor.go_to(line, column)

    def problems_at(self, position: int) -> list[str]:
        """The messages of problems underlined at a document position."""
        return self.editor.problems_at(position)

    def _show_position(self) -> None:
        line, column = self.editor.cursor_line_and_column()
        self.position.setText(f"Line {line}, column {column}")

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange) and hasattr(self, "editor"):
            self.editor.follow_palette()
        super().changeEvent(event)

    # -- saving --------------------------------------------------------------------

    def save(self) -> None:
        """Write the text to the file; a text that does not parse is saved only when the person agrees."""
        if self.read_only or self._saving:
            return
        if self.is_current and not self._checking:
            self._save_checked()
        else:
            self._save_when_checked = True
            self.check_now()

    def _save_checked(self) -> None:
        assert self._check is not None
        if self._check.ok:
            self._write()
            return
        count = len(self._check.diagnostics)
        first = self._check.diagnostics[0]

        def answered(chosen: int) -> None:
            self.question = None
            if chosen == 0:
                self._write()
            else:
                self._close_after_save = False
                first_problem = self.problems.item(0)
                if first_problem is not None:
                    self.problems.choose(first_problem)

        self.question = ask(
            self, "Save anyway?", save_anyway_text(count),
            [Answer("Save anyway", "Save anyway",
                    "Save the text as it is; the Library will show the problems until they are fixed", "accept"),
             Answer("Keep editing", "Keep editing", "Do not save yet; go on editing")],
            answered, default=1,
            informative=f"The first is on line {first.line}, column {first.column}: {first.message}")

    def _write(self) -> None:
        self._saving = True
        self.save_button.setEnabled(False)

        def connect(task: Task) -> None:
            task.succeeded.connect(self._written)
            task.failed.connect(self._write_failed)

        self.services.tasks.run(save_script, self.path, self.text, file_mode(self.path, self.services.paths),
                                connect=connect)

    def _written(self, written: tuple[Path, str]) -> None:
        path, text = written
        self._saving = False
        self.save_button.setEnabled(True)
        self._saved_text = text
        self.setWindowModified(self.has_unsaved_changes)
        self.status.setText(f"Saved. {self.status.text()}" if self._check is not None and self._check.ok
                            else "Saved, with the problems listed below.")
        self.saved.emit(path)
        if self._close_after_save:
            self._close_after_save = False
            self._finish()

    def _write_failed(self, message: str) -> None:
        self._saving = False
        self._close_after_save = False
        self.save_button.setEnabled(True)
        self.status.setText(f"Not saved: {message}. Your text is still here.")

    # -- a copy of a shipped practice ----------------------------------------------

    def ask_copy_title(self) -> QInputDialog:
        """Ask what the copy is to be called; the copy is made when the person says OK."""
        title = title_in(self.text) or self.path.stem
        dialog = QInputDialog(self)
        dialog.setWindowTitle("Save a copy")
        dialog.setLabelText("A name for your copy (shown in the Library):")
        dialog.setTextValue(f"{title}{COPY_SUFFIX}")
        dialog.setOkButtonText("Save the copy")
        dialog.setAccessibleName("Name of the copy")
        dialog.setToolTip("The copy gets this title and a file of its own in your practices folder")
        dialog.textValueSelected.connect(self.save_copy)
        self.copy_name_dialog = dialog
        dialog.open()
        return dialog

    def save_copy(self, title: str) -> None:
        """Copy the text into the person's practices under `title`, then edit the copy."""
        title = " ".join(title.split()) or f"{title_in(self.text) or self.path.stem}{COPY_SUFFIX}"
        self.copy_button.setEnabled(False)

        def connect(task: Task) -> None:
            task.succeeded.connect(self._copied)
            task.failed.connect(self._copy_failed)

        self.services.tasks.run(copy_into_practices, self.text, title, self.services.paths, connect=connect)

    def _copied(self, copy: tuple[Path, str]) -> None:
        path, text = copy
        self.copy_button.setEnabled(True)
        self.path = path
        self.read_only = False
        self._version += 1  # whatever was being checked is about the shipped file
        self.editor.setPlainText(text)  # counts as an edit: checked again below
        self._saved_text = self.editor.toPlainText()
        self._show_mode()
        self.setWindowModified(False)
        self.saved.emit(path)
        self.check_now()
        self.status.setText(f"Saved a copy as {path.name}. You are editing your copy now.")

    def _copy_failed(self, message: str) -> None:
        self.copy_button.setEnabled(True)
        self.status.setText(f"The copy was not saved: {message}")

    # -- closing -------------------------------------------------------------------

    def reject(self) -> None:
        """Close, asking first when there are unsaved changes (Esc and the window's close come here too)."""
        if self._closing or not self.has_unsaved_changes:
            self._finish()
            return
        if self.question is not None and self.question.isVisible():
            return

        def answered(chosen: int) -> None:
            self.question = None
            if chosen == 0:
                self._close_after_save = True
                self.save()
            elif chosen == 1:
                self._finish()

        self.question = ask(
            self, "Unsaved changes", "You have changes that are not saved yet. Save them before closing?",
            [Answer("Save", "Save and close", "Save your changes, then close the editor", "accept"),
             Answer("Close without saving", "Close without saving",
                    "Leave the file as it was and close; your changes are lost", "destructive"),
             Answer("Keep editing", "Keep editing", "Go back to the text")],
            answered, default=0)

    def _finish(self) -> None:
        self._closing = True
        self._check_timer.stop()
        QToolTip.hideText()
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if self._closing or not self.has_unsaved_changes:
            self._closing = True
            super().closeEvent(event)
            return
        event.ignore()
        self.reject()
