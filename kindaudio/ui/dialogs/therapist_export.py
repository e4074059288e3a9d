"""Export for your therapist: a PDF report, a CSV spreadsheet or FHIR R4 JSON, for dates the person chooses.

This is the only way journal data leaves the computer, so the dialog says
plainly what goes in (which notes, which dates, a name only if the person
types one) and, once saved, that the file holds private health information. The file is written by
kindaudio.journal.exports (to a temporary file, then renamed, mode 0600) on a
worker thread: a failure leaves nothing half-written behind.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLayout,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from kindaudio.common.errors import UserInputError
from kindaudio.journal.exports import (
    MAX_PERSON_LENGTH,
    Exported,
    ExportFormat,
    NoteChoice,
    check_person,
    export_files,
)
from kindaudio.ui.dialogs.journal_entry import make_date_edit, pydate, qdate
from kindaudio.ui.services import Services
from kindaudio.ui.tasks import Task
from kindaudio.ui.widgets.basics import fill_with_words_and_choices, make_button, make_label, set_role

log = logging.getLogger(__name__)

DEFAULT_DAYS = 28  # the last 4 weeks, today included
INDENT = 44  # pixels: a choice's explanation lines up with the choice's words, past its round button

FORMATS = {
    ExportFormat.PDF: ("PDF report", "A summary with charts and your sessions: easy to read and print", "pdf",
                       "PDF report (*.pdf)"),
    ExportFormat.CSV: ("CSV spreadsheet", "Two files for a spreadsheet program: your sessions with their "
                       "check-ins, and check-ins taken on their own", "csv", "CSV spreadsheet (*.csv)"),
    ExportFormat.FHIR: ("FHIR R4 JSON", "For health record systems that read FHIR", "json", "FHIR R4 JSON (*.json)"),
}
NOTE_CHOICES = {
    NoteChoice.SHARED: ("Only the notes I marked to share", "Notes you ticked “include in reports for my therapist”"),
    NoteChoice.ALL: ("All my notes", "Every note you wrote in these dates"),
    NoteChoice.NONE: ("No notes", "How you felt and what you practised, without any notes"),
}
PRIVATE_WORDS = ("It holds private health information: share it only with people you trust, "
                 "such as your therapist.")


def default_name(fmt: ExportFormat, since: date, until: date) -> str:
    return f"kindaudio-journal-{since.isoformat()}-to-{until.isoformat()}.{FORMATS[fmt][2]}"


def with_suffix(path: Path, fmt: ExportFormat) -> Path:
    """The name as typed, with the format's ending added when it has none of its own."""
    suffix = f".{FORMATS[fmt][2]}"
    return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)


class TherapistExportDialog(QDialog):
    """Format, dates, which notes; then where to save; then where the file is, or what went wrong.

    Signals:
        exported(object): the Path of the file written.
        export_failed(str): what went wrong, in words for a person.
    """

    exported = Signal(object)
    export_failed = Signal(str)

    def __init__(self, services: Services, parent: QWidget | None = None, *, today: date | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.today = today or date.today()
        self.busy = False
        self.saved_to: Path | None = None
        self.setWindowTitle("Export for your therapist")
        self.setAccessibleName("Export for your therapist")
        self._build()

    # -- building ----------------------------------------------------------------

    def _build(self) -> None:
        words = QWidget()  # scrolls when the screen is small or the text large; the buttons stay in view
        layout = QVBoxLayout(words)
        layout.setSpacing(12)
        layout.addWidget(make_label("Export for your therapist", "page-title"))
        layout.addWidget(make_label("Save part of your journal as a file to give to your therapist, or anyone you "
                                    "choose. Nothing is sent anywhere: you decide where the file goes.", "muted"))
        form = QGridLayout()
        form.setVerticalSpacing(14)
        form.setHorizontalSpacing(16)
        form.setColumnStretch(1, 1)

        self.format_group = QButtonGroup(self)
        self.format_buttons: dict[ExportFormat, QRadioButton] = {}
        formats = QVBoxLayout()
        for fmt, (name, about, _suffix, _filter) in FORMATS.items():
            button = QRadioButton(name)
            button.setAccessibleName(name)
            button.setAccessibleDescription(about)
            button.setToolTip(about)
            self.format_group.addButton(button)
            self.format_buttons[fmt] = button
            formats.addWidget(button)
            explained = make_label(about, "muted")
            explained.setContentsMargins(INDENT, 0, 0, 6)
            formats.addWidget(explained)
        self.format_buttons[ExportFormat.PDF].setChecked(True)
        self._add_row(form, 0, "Format", formats)

        dates = QHBoxLayout()
        dates.setSpacing(10)
        self.since_edit = make_date_edit("From", "The first day to include", self.today)
        self.since_edit.setDate(qdate(self.today - timedelta(days=DEFAULT_DAYS - 1)))
        self.until_edit = make_date_edit("To", "The last day to include", self.today)
        self.since_edit.dateChanged.connect(self._since_changed)
        self.until_edit.dateChanged.connect(self._until_changed)
        dates.addWidget(self.since_edit)
        dates.addWidget(make_label("to", wrap=False))
        dates.addWidget(self.until_edit)
        dates.addStretch(1)
        self._add_row(form, 1, "Dates", dates)

        self.notes_group = QButtonGroup(self)
        self.note_buttons: dict[NoteChoice, QRadioButton] = {}
        notes = QVBoxLayout()
        for choice, (name, about) in NOTE_CHOICES.items():
            button = QRadioButton(name)
            button.setAccessibleName(name)
            button.setToolTip(about)
            self.notes_group.addButton(button)
            self.note_buttons[choice] = button
            notes.addWidget(button)
        self.note_buttons[NoteChoice.SHARED].setChecked(True)
        self._add_row(form, 2, "Notes", notes)

        name_row = QVBoxLayout()
        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(MAX_PERSON_LENGTH)
        self.name_edit.setPlaceholderText("Optional: your first name, initials or a number")
        self.name_edit.setAccessibleName("Name on the export")
        self.name_edit.setToolTip("Shown at the top of the report and in the file, so your therapist knows whose it "
                                  "is. Leave it empty to put no name on it.")
        self.name_edit.setMaximumWidth(self.name_edit.fontMetrics().horizontalAdvance("M") * 40)  # room for the hint
        name_row.addWidget(self.name_edit)
        self._add_row(form, 3, "Name", name_row)
        layout.addLayout(form)

        self.status = make_label("", selectable=True)
        self.status.setAccessibleName("Export status")
        self.status.hide()
        layout.addWidget(self.status)

        choices = QWidget()
        buttons = QHBoxLayout(choices)
        self.save_button = make_button("Choose where to save…", "Choose where to save the export",
                                       "Pick a folder and file name, then the file is written", "primary")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.choose_target)
        self.open_button = make_button("Show the folder", "Show the folder with the exported file",
                                       "Open the folder the file was saved in")
        self.open_button.hide()
        self.open_button.clicked.connect(self.open_folder)
        self.close_button = make_button("Close", "Close", "Close this window")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        self.form_scroll = fill_with_words_and_choices(self, words, choices, spacing=4)
        self.setMinimumWidth(680)

    @staticmethod
    def _add_row(form: QGridLayout, row: int, name: str, fields: QLayout) -> None:
        form.addWidget(make_label(name, wrap=False), row, 0, Qt.AlignmentFlag.AlignTop)
        form.addLayout(fields, row, 1)

    # -- choices -----------------------------------------------------------------------

    def chosen_format(self) -> ExportFormat:
        return next(fmt for fmt, button in self.format_buttons.items() if button.isChecked())

    def choose_format(self, fmt: ExportFormat) -> None:
        self.format_buttons[fmt].setChecked(True)

    def chosen_notes(self) -> NoteChoice:
        return next(choice for choice, button in self.note_buttons.items() if button.isChecked())

    def choose_notes(self, choice: NoteChoice) -> None:
        self.note_buttons[choice].setChecked(True)

    def chosen_name(self) -> str:
        """The name or identifier typed for the export, tidied (raises UserInputError if it is not plain text)."""
        return check_person(self.name_edit.text())

    def date_range(self) -> tuple[date, date]:
        return pydate(self.since_edit.date()), pydate(self.until_edit.date())

    def set_dates(self, since: date, until: date) -> None:
        self.until_edit.setDate(qdate(until))
        self.since_edit.setDate(qdate(since))

    def _since_changed(self) -> None:
        if self.since_edit.date() > self.until_edit.date():
            self.until_edit.setDate(self.since_edit.date())

    def _until_changed(self) -> None:
        if self.until_edit.date() < self.since_edit.date():
            self.since_edit.setDate(self.until_edit.date())

    # -- saving ------------------------------------------------------------------------

    def _start_folder(self) -> Path:
        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        folder = Path(documents) if documents else Path.home()
        return folder if folder.is_dir() else Path.home()

    def choose_target(self) -> None:
        """Ask where to save (the system's save dialog), then write the file there."""
        if self.busy:
            return
        fmt = self.chosen_format()
        since, until = self.date_range()
        try:
            self.chosen_name()
        except UserInputError as exc:  # said before the save dialog, so nothing is asked for in vain
            self._on_failed(str(exc))
            return
        start = self._start_folder() / default_name(fmt, since, until)
        name, _ = QFileDialog.getSaveFileName(self, "Save the export", str(start), FORMATS[fmt][3])
        if name:
            self.export_to(with_suffix(Path(name), fmt))

    def export_to(self, target: Path) -> None:
        """Write the chosen export to `target` (off the GUI thread); `exported` or `export_failed` follows."""
        if self.busy:
            return
        fmt, notes = self.chosen_format(), self.chosen_notes()
        since, until = self.date_range()
        person = self.name_edit.text()  # checked again, with the rest, before anything is read
        self.busy = True
        self.saved_to = None
        self._set_enabled(False)
        self.open_button.hide()
        self._say("Saving…", "muted")
        services = self.services
        log.info("exporting the journal as %s (%s to %s, notes: %s)", fmt.value, since, until, notes.value)

        def write() -> Exported:
            return export_files(services.journal, fmt, target, since=since, until=until, notes=notes,
                                person=person)

        def connect(task: Task) -> None:
            task.succeeded.connect(self._on_exported)
            task.failed.connect(self._on_failed)

        services.tasks.run(write, connect=connect)

    def _on_exported(self, exported: Exported) -> None:
        self.busy = False
        self.saved_to = exported.path
        self._set_enabled(True)
        lines = [f"Saved to {exported.path}"]
        if len(exported.files) > 1:
            lines.append(f"Check-ins taken on their own are in {exported.files[1].name}, beside it.")
        if exported.left_out:
            count = len(exported.left_out)
            lines.append(f"{count} damaged {'entry' if count == 1 else 'entries'} in your journal could not be "
                         f"included: {'; '.join(exported.left_out)}.")
        lines.append(PRIVATE_WORDS)
        self._say("\n".join(lines), "note")
        self.open_button.show()
        self.exported.emit(self.saved_to)

    def _on_failed(self, message: str) -> None:
        self.busy = False
        self._set_enabled(True)
        self._say(f"The export could not be saved, and nothing was written. {message}", "error")
        self.export_failed.emit(message)

    def _say(self, text: str, role: str) -> None:
        set_role(self.status, role)
        self.status.setText(text)
        self.status.show()
        self._grow_to_fit()
        # Where the form scrolls (a small screen, large text), bring the message into view once it is laid out.
        QTimer.singleShot(0, lambda: self.form_scroll.ensureWidgetVisible(self.status))

    def _grow_to_fit(self) -> None:
        """Taller when a message appears, so nothing above it is squeezed (a window does not grow by itself)."""
        layout = self.layout()
        if layout is None:
            return
        needed = layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth() else -1
        needed = max(needed, layout.totalMinimumSize().height())
        if needed > self.height():
            self.resize(self.width(), needed)

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (*self.format_buttons.values(), *self.note_buttons.values(), self.since_edit,
                       self.until_edit, self.name_edit, self.save_button):
            widget.setEnabled(enabled)

    def open_folder(self) -> None:
        if self.saved_to is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.saved_to.parent)))
