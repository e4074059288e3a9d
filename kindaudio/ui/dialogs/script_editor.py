"""Editing a practice's text, with the script language highlighted and its problems shown as you type.

The text is checked by the real parser a moment after typing stops (off the GUI
thread, so a long file never makes typing stutter); every problem is underlined
where it stands, listed below the editor (a click goes there) and explained in a
tooltip over the underline. Saving replaces the file atomically, and a text that
does not parse is saved only when the person says so: a practice that silently
stops working is worse than one that was never changed. The practices that ship
with KindAudio open read-only; "Save a copy…" puts a copy with its own id and
title into the person's practice folder, and the editor goes on with the copy.
"""

from __future__ import annotations

import json
import logging
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QHelpEvent, QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import (QDialog, QHBoxLayout, QInputDialog, QListWidget, QListWidgetItem, QMessageBox,
                               QPlainTextEdit, QSizePolicy, QToolTip, QVBoxLayout, QWidget)

from kindaudio.common.atomicfile import write_text_atomic
from kindaudio.common.errors import KindAudioError
from kindaudio.common.paths import AppPaths, ensure_dir
from kindaudio.script.durations import format_clock
from kindaudio.script.errors import Diagnostic, ScriptError
from kindaudio.script.ids import ID_PATTERN
from kindaudio.script.library import practice_files, shipped_practices_dir
from kindaudio.script.source import decode_source, read_source
from kindaudio.ui.services import Services
from kindaudio.ui.tasks import Task
from kindaudio.ui.widgets.basics import make_button, make_label, size_to_screen
from kindaudio.ui.widgets.question import Answer, ask
from kindaudio.ui.widgets.script_highlighter import ScriptHighlighter, python_index, utf16_offset

log = logging.getLogger(__name__)

CHECK_DELAY_MS = 300  # after the last keystroke, the text is checked
DIAGNOSTIC_ROLE = Qt.ItemDataRole.UserRole
PRIVATE_FILE_MODE = 0o600
COPY_SUFFIX = " (my copy)"
PROBLEM_ROWS = 4  # problems listed before the list scrolls
_BOUNDARY = re.compile(r"-{3,}\s*")


# -- work done off the GUI thread (no Qt) ------------------------------------------------

@dataclass(frozen=True)
class ScriptCheck:
    """What the parser made of one version of the text."""

    version: int
    diagnostics: tuple[Diagnostic, ...]
    summary: str  # for a text that parses: its sentences, sections and length range

    @property
    def ok(self) -> bool:
        return not self.diagnostics


def check_script(text: str, path: Path, version: int) -> ScriptCheck:
    """Parse `text` as the file at `path` would be parsed; every problem, or a summary of the practice."""
    from kindaudio.script.parser import parse_practice  # YAML and Jinja2: loaded on first check
    from kindaudio.script.timing import estimated_range

    try:
        practice = parse_practice(text, path)
    except ScriptError as exc:
        return ScriptCheck(version, exc.diagnostics, "")
    except KindAudioError as exc:
        return ScriptCheck(version, (Diagnostic(path.name, 1, 1, exc.message),), "")
    reach = estimated_range(practice)
    sentences = len(practice.sentences)
    sections = len(practice.sections)
    lengths = ", ".join(str(minutes) for minutes in practice.lengths)
    summary = (f"It reads well: {sentences} sentence{'s' if sentences != 1 else ''} in {sections} "
               f"part{'s' if sections != 1 else ''}. It can last about {format_clock(reach.shortest)} to "
               f"{format_clock(reach.longest)} and offers {lengths} min.")
    if practice.is_template:
        summary += " (A template: checked with its default values.)"
    return ScriptCheck(version, (), summary)


def save_script(path: Path, text: str, mode: int) -> tuple[Path, str]:
    """Replace the file with `text` in one step (never half-written); what was written, where."""
    write_text_atomic(path, text, mode=mode, durable=True)
    log.info("saved the practice text %s", path)
    return path, text


def is_shipped(path: Path) -> bool:
    """A practice that comes with KindAudio (changing it would be lost on the next update)."""
    try:
        return path.resolve().is_relative_to(shipped_practices_dir().resolve())
    except OSError:
        return False


def file_mode(path: Path, paths: AppPaths) -> int:
    """0600 in the data folder (health data); elsewhere the file keeps the mode it has."""
    try:
        if path.resolve().is_relative_to(paths.data.resolve()) or not path.exists():
            return PRIVATE_FILE_MODE
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return PRIVATE_FILE_MODE


def fresh_practice_id(title: str, paths: AppPaths) -> str:
    """An id made from `title` that no practice (shipped or the person's) uses, nor any file name."""
    base = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60].strip("-")
    if not ID_PATTERN.fullmatch(base):
        base = "my-practice"
    taken = {entry.id for entry in practice_files(paths)}
    candidate, number = base, 2
    while candidate in taken or (paths.practices / f"{candidate}.md").exists():
        candidate = f"{base}-{number}"
        number += 1
    return candidate


def with_identity(text: str, practice_id: str, title: str) -> str:
    """The practice text with its front matter's `id` and `title` replaced (added when missing)."""
    lines = text.split("\n")
    if not lines or not _BOUNDARY.fullmatch(lines[0]):
        return f"---\nid: {practice_id}\ntitle: {json.dumps(title)}\n---\n{text}"
    closing = next((i for i in range(1, len(lines)) if _BOUNDARY.fullmatch(lines[i])), None)
    if closing is None:
        return text
    header = lines[1:closing]
    wanted = {"id": practice_id, "title": json.dumps(title)}
    kept: list[str] = []
    skipping = False
    for line in header:
        if skipping and line[:1] in (" ", "\t"):
            continue  # the rest of a replaced value written over several lines
        skipping = False
        key = line.split(":", 1)[0].strip() if ":" in line and line[:1] not in (" ", "\t", "#") else ""
        if key in wanted:
            kept.append(f"{key}: {wanted.pop(key)}")
            skipping = True
        else:
            kept.append(line)
    added = [f"{key}: {value}" for key, value in wanted.items()]
    return "\n".join([lines[0], *added, *kept, *lines[closing:]])


def copy_into_practices(text: str, title: str, paths: AppPaths) -> tuple[Path, str]:
    """Write a copy of a practice into the person's folder, with an id of its own; never overwrites.

    Returns the copy's path and text.
    """
    practice_id = fresh_practice_id(title, paths)
    target = ensure_dir(paths.practices) / f"{practice_id}.md"
    if target.exists():  # fresh_practice_id checked; someone was quicker
        raise KindAudioError(f"{target} appeared while the copy was being made; try again")
    copied = with_identity(text, practice_id, title)
    write_text_atomic(target, copied, mode=PRIVATE_FILE_MODE, durable=True)
    log.info("copied a practice to %s", target)
    return target, copied


def _title_in(text: str) -> str:
    match = re.search(r"^title:\s*(.+)$", text, re.MULTILINE)
    return match.group(1).strip().strip("'\"") if match else ""


# -- the dialog --------------------------------------------------------------------------

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
        self._load_problem: str | None = None
        self._restyling = False
        text = self._read()
        self._saved_text = text
        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(CHECK_DELAY_MS)
        self._check_timer.timeout.connect(self.check_now)
        self._build()
        self.editor.setPlainText(text)
        self._saved_text = self.editor.toPlainText()
        self.editor.document().contentsChanged.connect(self._text_changed)
        self._show_mode()
        self.check_now()

    # -- building ----------------------------------------------------------------

    def _read(self) -> str:
        """The file's text as the parser sees it (BOM gone, line endings made \\n).

        A practice file is at most 1 MB (read_source refuses more), so reading it
        here is quick; checking it, which can take longer, runs as a task.
        """
        try:
            return decode_source(read_source(self.path), self.path.name)
        except KindAudioError as exc:
            self._load_problem = str(exc)
            self.read_only = True
            log.warning("cannot open %s in the editor: %s", self.path, exc)
            try:
                return self.path.read_bytes()[:1_000_000].decode("utf-8", errors="replace")
            except OSError:
                return ""

    def _build(self) -> None:
        self.setWindowTitle(f"Edit practice: {self.path.name}")
        self.heading = make_label(self.path.name, "page-title", accessible="The file being edited")
        self.where = make_label(str(self.path), "muted", selectable=True, accessible="Where the file is")
        self.mode_note = make_label("", "note", accessible="About this file")
        self.mode_note.hide()

        self.editor = QPlainTextEdit()
        self.editor.setProperty("role", "script")
        self.editor.setAccessibleName("Practice text")
        self.editor.setToolTip("")  # tooltips here explain the underlined problems
        self.editor.setAccessibleDescription("The practice file. Problems are underlined and listed below.")
        self.editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.editor.setTabChangesFocus(True)
        self.highlighter = ScriptHighlighter(self.editor.document(), self.editor.palette())
        self.editor.viewport().installEventFilter(self)
        self.editor.cursorPositionChanged.connect(self._show_position)

        self.status = make_label("Checking…", "muted", accessible="How the practice reads")
        self.position = make_label("", "muted", wrap=False, accessible="Where the cursor is")
        self.problems_title = make_label("Problems", "section-title")
        self.problems = QListWidget()
        self.problems.setAccessibleName("Problems in the practice")
        self.problems.setToolTip("Click a problem, or press Enter on it, to go to where it is")
        self.problems.setWordWrap(True)
        self.problems.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.problems.itemClicked.connect(self._go_to_item)
        self.problems.itemActivated.connect(self._go_to_item)
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
        self.heading.setText(_title_in(self.text) or self.path.name)
        self.where.setText(str(self.path))
        self.setWindowTitle(f"{'Read' if self.read_only else 'Edit'} practice: {self.path.name}[*]")
        if self._load_problem is not None:
            self.mode_note.setText(f"This file cannot be opened for editing: {self._load_problem}")
        elif self.read_only:
            self.mode_note.setText("This practice comes with KindAudio, so it cannot be changed here. If you "
                                   "would like to change it, you can save a copy into your own practices and "
                                   "edit that.")
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
        if self._restyling:
            return  # underlines or colours redrawn: the document says "changed", the text is not
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
        self._checked(ScriptCheck(self._version, (Diagnostic(self.path.name, 1, 1, message),), ""))

    def _checked(self, result: ScriptCheck) -> None:
        self._checking = False
        if result.version != self._version:
            self.check_now()  # typed meanwhile: check what is there now
            return
        self._check = result
        self._restyling = True
        try:
            self.highlighter.set_diagnostics(result.diagnostics)
        finally:
            self._restyling = False
        self._list_problems(result.diagnostics)
        if result.ok:
            self.status.setText(result.summary)
        else:
            count = len(result.diagnostics)
            self.status.setText(f"{count} problem{'s' if count != 1 else ''} to look at: the practice cannot be "
                                "played until {} fixed. Each is underlined in the text and listed below."
                                .format("it is" if count == 1 else "they are"))
        self.checked.emit()
        if self._save_when_checked:
            self._save_when_checked = False
            self._save_checked()

    def _list_problems(self, diagnostics: tuple[Diagnostic, ...]) -> None:
        self.problems.clear()
        for diagnostic in diagnostics:
            item = QListWidgetItem(f"Line {diagnostic.line}, column {diagnostic.column}: {diagnostic.message}")
            item.setData(DIAGNOSTIC_ROLE, diagnostic)
            item.setToolTip("Go to this problem")
            self.problems.addItem(item)
        self.problems.setVisible(bool(diagnostics))
        self.problems_title.setVisible(bool(diagnostics))
        self._fit_problems()

    def _fit_problems(self) -> None:
        """As tall as its problems, up to PROBLEM_ROWS of them (then it scrolls): the text keeps the room."""
        rows = min(self.problems.count(), PROBLEM_ROWS)
        height = sum(self.problems.sizeHintForRow(row) for row in range(rows))
        self.problems.setFixedHeight(max(height, self.problems.fontMetrics().lineSpacing())
                                     + 2 * self.problems.frameWidth() + 12)

    # -- going to a problem, and explaining it -------------------------------------

    def _go_to_item(self, item: QListWidgetItem) -> None:
        diagnostic = item.data(DIAGNOSTIC_ROLE)
        if isinstance(diagnostic, Diagnostic):
            self.go_to(diagnostic.line, diagnostic.column)

    def go_to(self, line: int, column: int) -> None:
        """Put the cursor at 1-based line:column and the keyboard focus in the text."""
        block = self.editor.document().findBlockByNumber(max(line - 1, 0))
        if not block.isValid():
            block = self.editor.document().lastBlock()
        text = block.text()
        index = min(max(column - 1, 0), len(text))
        cursor = QTextCursor(block)
        cursor.setPosition(block.position() + utf16_offset(text, index))
        self.editor.setTextCursor(cursor)
        self.editor.ensureCursorVisible()
        self.editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def problems_at(self, position: int) -> list[str]:
        """The messages of problems underlined at a document position."""
        block = self.editor.document().findBlock(position)
        if not block.isValid():
            return []
        text = block.text()
        index = python_index(text, position - block.position())
        return self.highlighter.messages_at(block.blockNumber(), text, index)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.editor.viewport() and event.type() == QEvent.Type.ToolTip \
                and isinstance(event, QHelpEvent):
            cursor = self.editor.cursorForPosition(event.pos())
            # The cursor lands between two characters: the one under the pointer is on its side.
            position = cursor.position()
            if self.editor.cursorRect(cursor).center().x() > event.pos().x():
                position -= 1
            messages = self.problems_at(max(position, 0))
            if messages:
                QToolTip.showText(event.globalPos(), "\n".join(messages), self.editor.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().eventFilter(watched, event)

    def _show_position(self) -> None:
        cursor = self.editor.textCursor()
        block = cursor.block()
        column = python_index(block.text(), cursor.positionInBlock()) + 1
        self.position.setText(f"Line {block.blockNumber() + 1}, column {column}")

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange) and hasattr(self, "highlighter"):
            self._restyling = True
            try:
                self.highlighter.use_palette(self.editor.palette())
            finally:
                self._restyling = False
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
                    self._go_to_item(first_problem)

        self.question = ask(
            self, "Save anyway?",
            f"The practice has {count} problem{'s' if count != 1 else ''}, so it cannot be played until "
            f"{'it is' if count == 1 else 'they are'} fixed. Save anyway?",
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
        title = _title_in(self.text) or self.path.stem
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
        title = " ".join(title.split()) or f"{_title_in(self.text) or self.path.stem}{COPY_SUFFIX}"
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
