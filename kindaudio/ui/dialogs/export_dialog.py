"""Saving a practice as an audio file (with captions beside it) to play anywhere.

Rendering runs as a background task and needs no sound device. The dialog
can be closed while it runs: the file still appears, and opening the dialog
again shows how far it has got.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from kindaudio.audio import AudioFormat, PlayChoices, Progress, RenderRequest, RenderResult, check_format, render
from kindaudio.common.errors import KindAudioError, UserInputError
from kindaudio.common.paths import ensure_dir
from kindaudio.common.text import printable
from kindaudio.script.durations import format_clock
from kindaudio.script.model import Practice
from kindaudio.ui.services import Services
from kindaudio.ui.tasks import Report, Task
from kindaudio.ui.widgets.basics import make_buddy_label, make_button, make_label, set_role

log = logging.getLogger(__name__)

FORMAT_NAMES = {
    AudioFormat.WAV: "WAV: the largest file; plays almost anywhere",
    AudioFormat.MP3: "MP3: a much smaller file; plays almost anywhere",
    AudioFormat.OGG: "Ogg Vorbis: a much smaller file",
}
# How much of the bar each phase of a render fills: making speech, then mixing and writing.
PHASES = {"preparing speech": (0.0, 0.5), "mixing": (0.5, 1.0)}
REPORT_STEP = 0.005  # smaller steps would only flood the GUI thread with signals


class TaskProgress(Progress):
    """A render's phases as one 0..1 fraction for a Task's `report`, never going backwards.

    Speech is reported ready from several threads at once, so each step is
    taken and sent under one lock: otherwise two reports could arrive out of order.
    """

    def __init__(self, report: Report) -> None:
        self.report = report
        self._lock = threading.RLock()
        self.span = (0.0, 0.0)
        self.total = 0.0
        self.amount = 0.0
        self.sent = -1.0

    def phase(self, name: str, total: float) -> None:
        with self._lock:
            self._phase(name, total)

    def _phase(self, name: str, total: float) -> None:
        start = max(self.sent, 0.0)
        self.span = PHASES.get(name, (start, start))
        self.total, self.amount = float(total), 0.0
        self._send(self.span[0])

    def advance(self, amount: float) -> None:
        with self._lock:
            self._advance(amount)

    def _advance(self, amount: float) -> None:
        self.amount += amount
        share = 1.0 if self.total <= 0 else min(self.amount / self.total, 1.0)
        low, high = self.span
        self._send(low + (high - low) * share)

    def done(self) -> None:
        with self._lock:
            self._send(1.0, force=True)

    def _send(self, fraction: float, force: bool = False) -> None:
        if force or fraction >= self.sent + REPORT_STEP:
            self.sent = max(fraction, self.sent)
            self.report(self.sent)


def format_problem(fmt: AudioFormat) -> str | None:
    """Why this computer cannot write the format, or None when it can."""
    try:
        check_format(fmt)
    except KindAudioError as exc:
        return str(exc)
    return None


def export_practice(request: RenderRequest, services: Services, folder: Path, create_folder: bool,
                    report: Report) -> RenderResult:
    """The render itself, on a worker thread."""
    if create_folder:
        ensure_dir(folder)
    elif not folder.is_dir():
        raise UserInputError(f"{folder}: there is no such folder; choose a folder that exists")
    return render(request, services.clips, TaskProgress(report), default_folder=folder)


class ExportDialog(QDialog):
    """Format, folder, Export; a progress bar; where the file went, or what went wrong.

    Signals:
        exported(object): the RenderResult of a finished export.
        export_failed(str): what went wrong, in words for a person.
    """

    exported = Signal(object)
    export_failed = Signal(str)

    def __init__(self, services: Services, practice: Practice, choices: PlayChoices,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.practice = practice
        self.choices = choices
        self.busy = False
        self.rendered: RenderResult | None = None
        self.setWindowTitle(f"Export {printable(practice.title)}")
        self._build()

    # -- building ----------------------------------------------------------------

    def _build(self) -> None:
        heading = make_label("Export audio", "page-title", wrap=False, accessible="Export audio")
        minutes = self.choices.minutes
        length = f"{minutes:g} minutes" if minutes is not None else "its shortest length"
        about = QLabel(f"Save “{printable(self.practice.title)}” at {length} as an audio file you can play anywhere, "
                       "with its captions in a text file beside it. This works without speakers.")
        about.setProperty("role", "muted")
        about.setWordWrap(True)
        about.setAccessibleName("About exporting")

        self.formats = QButtonGroup(self)
        format_box = QVBoxLayout()
        format_box.setContentsMargins(0, 0, 0, 0)
        self.format_buttons: dict[AudioFormat, QRadioButton] = {}
        self.problems = {fmt: format_problem(fmt) for fmt in AudioFormat}
        for number, fmt in enumerate(AudioFormat):
            button = QRadioButton(FORMAT_NAMES[fmt])
            button.setAccessibleName(f"{fmt.value.upper()} format")
            problem = self.problems[fmt]
            button.setEnabled(problem is None)
            button.setToolTip(f"Save as {fmt.value.upper()}" if problem is None
                              else f"Not available on this computer: {problem}")
            self.formats.addButton(button, number)
            self.format_buttons[fmt] = button
            format_box.addWidget(button)
            if problem is not None:
                why = make_label(f"Not available on this computer: {problem}", "muted",
                                 accessible=f"Why {fmt.value.upper()} is not available")
                format_box.addWidget(why)
        self.format_buttons[AudioFormat.WAV].setChecked(True)

        self.folder = QLineEdit(str(self.services.paths.renders))
        self.folder.setAccessibleName("Folder to save in")
        self.folder.setToolTip("The folder the audio file and its captions are saved in")
        self.choose_button = make_button("Choose…", "Choose a folder", "Pick the folder to save in")
        self.choose_button.clicked.connect(self.choose_folder)
        folder_row = QHBoxLayout()
        folder_row.setContentsMargins(0, 0, 0, 0)
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.choose_button)

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        format_label = QLabel("Format")
        form.addRow(format_label, format_box)
        form.addRow(make_buddy_label("&Folder", self.folder), folder_row)

        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        self.progress.setAccessibleName("Export progress")
        self.progress.setToolTip("How far the export has got")
        self.progress.setFormat("%p %")
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Export status")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                            | Qt.TextInteractionFlag.TextSelectableByKeyboard)

        self.export_button = make_button("Export", "Export the audio", "Make the audio file now", "primary")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.start_export)
        self.open_button = make_button("Open folder", "Open the folder", "Show the folder with the exported file")
        self.open_button.setVisible(False)
        self.open_button.clicked.connect(self.open_folder)
        self.close_button = make_button("Close", "Close", "Close this window (an export still running goes on)")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(heading)
        layout.addWidget(about)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.setMinimumWidth(560)

    # -- choosing ------------------------------------------------------------------

    def chosen_format(self) -> AudioFormat:
        for fmt, button in self.format_buttons.items():
            if button.isChecked():
                return fmt
        return AudioFormat.WAV

    def choose_format(self, fmt: AudioFormat) -> None:
        """Select a format (ValueError if this computer cannot write it)."""
        button = self.format_buttons[fmt]
        if not button.isEnabled():
            raise ValueError(f"{fmt.value} is not available here")
        button.setChecked(True)

    def set_folder(self, folder: Path) -> None:
        self.folder.setText(str(folder))

    def choose_folder(self) -> None:
        start = self.folder.text().strip() or str(self.services.paths.renders)
        chosen = QFileDialog.getExistingDirectory(self, "Choose a folder for the audio", start)
        if chosen:
            self.set_folder(Path(chosen))

    # -- exporting -----------------------------------------------------------------

    def start_export(self) -> None:
        if self.busy:
            return
        text = self.folder.text().strip()
        if not text:
            self._show_failure("Choose a folder to save the audio in.")
            return
        folder = Path(text).expanduser()
        request = RenderRequest(self.practice, self.choices, format=self.chosen_format(), output=None)
        self.busy = True
        self.rendered = None
        self._set_inputs_enabled(False)
        self.open_button.setVisible(False)
        self.progress.setValue(0)
        set_role(self.status, "")
        self.status.setText("Preparing the voice… this can take a little while the first time.")
        create = folder == self.services.paths.renders
        log.info("exporting %s as %s to %s", self.practice.id, request.format.value, folder)

        def connect(task: Task) -> None:
            task.progress.connect(self._on_progress)
            task.succeeded.connect(self._on_exported)
            task.failed.connect(self._on_failed)

        self.services.tasks.run(export_practice, request, self.services, folder, create, with_progress=True,
                                connect=connect)

    def _on_progress(self, fraction: float) -> None:
        self.progress.setValue(int(round(fraction * 100)))
        if fraction >= PHASES["mixing"][0]:
            self.status.setText("Writing the audio file…")

    def _on_exported(self, result: RenderResult) -> None:
        self.busy = False
        self.rendered = result
        self._set_inputs_enabled(True)
        self.progress.setValue(100)
        self.status.setText(f"Saved {format_clock(result.seconds)} of audio to {result.audio}\n"
                            f"Captions are beside it in {result.captions.name}.")
        self.open_button.setVisible(True)
        self.exported.emit(result)

    def _on_failed(self, message: str) -> None:
        self.busy = False
        self._set_inputs_enabled(True)
        self._show_failure(f"The audio could not be saved. {message}")
        self.export_failed.emit(message)

    def _show_failure(self, message: str) -> None:
        set_role(self.status, "error")
        self.status.setText(message)

    def open_folder(self) -> None:
        if self.rendered is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.rendered.audio.parent)))

    def _set_inputs_enabled(self, enabled: bool) -> None:
        for fmt, button in self.format_buttons.items():
            button.setEnabled(enabled and self.problems[fmt] is None)
        for widget in (self.folder, self.choose_button, self.export_button):
            widget.setEnabled(enabled)
