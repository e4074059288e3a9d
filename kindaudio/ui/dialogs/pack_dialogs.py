"""Practice packs in the window: looking at one before importing it, and sharing a practice as one.

A pack comes from someone else, so it is checked in full (kindaudio.pack)
before anything is shown as importable; a refusal says why in the pack's own
words and nothing is written. Both checking and importing are file work and
run off the GUI thread; so does writing a pack, with a progress bar when it
includes ready-made audio (which means synthesising the whole practice).
"""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QFileDialog, QFrame, QHBoxLayout, QLineEdit, QMessageBox,
                               QPlainTextEdit, QProgressBar, QScrollArea, QVBoxLayout, QWidget)

from kindaudio.ui.services import Services
from kindaudio.ui.tasks import Report, Task
from kindaudio.ui.widgets.basics import make_buddy_label, make_button, make_label, set_role, size_to_screen
from kindaudio.ui.widgets.question import Answer, ask

if TYPE_CHECKING:
    from kindaudio.pack import ImportedPractice, PackSummary

log = logging.getLogger(__name__)

DIALOG_WIDTH, DIALOG_HEIGHT = 680, 560


def _scrolling_column(dialog: QDialog, buttons: QHBoxLayout) -> QVBoxLayout:
    """The dialog's words in a column that scrolls when they outgrow it, its buttons always in view below."""
    content = QWidget()
    column = QVBoxLayout(content)
    column.setContentsMargins(24, 20, 24, 8)
    column.setSpacing(12)
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setWidget(content)
    outer = QVBoxLayout(dialog)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.setSpacing(0)
    outer.addWidget(scroll, 1)
    buttons.setContentsMargins(24, 8, 24, 20)
    buttons.setSpacing(12)
    outer.addLayout(buttons)
    return column


def made_on_text(created: str) -> str:
    """When a pack was made, as a local date ("Made on 3 March 2025"); "" when the pack does not say clearly."""
    try:
        when = datetime.fromisoformat(created.replace("Z", "+00:00"))
    except ValueError:
        return ""
    if when.tzinfo is not None:
        when = when.astimezone()
    return f"Made on {when.day} {when:%B %Y}"


def recordings_text(count: int) -> str:
    """What a pack's recordings mean for the person listening."""
    if count == 0:
        return "No recordings: a computer voice reads the practice."
    if count == 1:
        return "1 sentence recorded in their voice; a computer voice reads the rest."
    return f"{count} sentences recorded in their voice; a computer voice reads any others."


def voice_pack_text(summary: PackSummary) -> str:
    """What importing a voice for a practice that comes with KindAudio does."""
    rest = ("" if summary.recordings >= summary.sentences
            else " A computer voice reads the sentences without a recording.")
    return (f"{summary.title} comes with KindAudio, so importing adds only these recordings: the practice then "
            f"plays in this voice.{rest}")


def audio_text(audio: tuple[str, ...]) -> str:
    """The ready-made audio a pack carries, if any."""
    if not audio:
        return "No ready-made audio: it is spoken when you play it."
    names = ", ".join(audio)
    return f"Ready-made audio included: {names}"


# -- importing -------------------------------------------------------------------


@dataclass(frozen=True)
class _AlreadyThere:
    """The import stopped because a practice with the pack's id is already there (nothing was written)."""

    existing: Path


def _import(pack: Path, services: Services, replace: bool) -> ImportedPractice | _AlreadyThere:
    """import_pack on a worker thread, with "already there" as an answer rather than a failure."""
    from kindaudio.pack import PracticeAlreadyThere, import_pack

    try:
        return import_pack(pack, services.paths, replace=replace)
    except PracticeAlreadyThere as exc:
        return _AlreadyThere(Path(exc.existing))


def _inspect(pack: Path) -> PackSummary:
    from kindaudio.pack import inspect_pack

    return inspect_pack(pack)


class ImportPackDialog(QDialog):
    """What a pack holds (title, who made it, their note, recordings, audio), then Import.

    Signals:
        inspected(): the pack was checked: its summary or the reason it is refused is shown.
        imported(object): the imported practice file's Path (the Library should read again).
        import_failed(str): importing went wrong, in words for a person.
    """

    inspected = Signal()
    imported = Signal(object)
    import_failed = Signal(str)

    def __init__(self, services: Services, pack: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.pack = Path(pack)
        self.summary: PackSummary | None = None
        self.refusal: str | None = None
        self.imported_practice: ImportedPractice | None = None
        self.busy = False
        self.confirm_replace: QMessageBox | None = None  # the open "Replace it?" question
        self.setWindowTitle("Import a practice pack")
        self._build()
        self._check()

    # -- building ----------------------------------------------------------------

    def _build(self) -> None:
        self.heading = heading = make_label("Import a practice pack", "page-title", accessible="Import a practice pack")
        self.file_label = make_label(self.pack.name, "muted", selectable=True, accessible="The pack file")
        self.file_label.setToolTip(str(self.pack))
        self.status = make_label("Checking the pack…", "muted", selectable=True, accessible="Import status")

        self.details = QFrame()
        self.details.setProperty("role", "panel")
        inner = QVBoxLayout(self.details)
        inner.setContentsMargins(20, 16, 20, 16)
        inner.setSpacing(8)
        self.title_label = make_label("", "card-title", accessible="Practice title", selectable=True)
        self.author_label = make_label("", accessible="Who made it", selectable=True)
        self.made_on_label = make_label("", "muted", accessible="When the pack was made")
        self.note_heading = make_label("Their note for you:")
        self.note_label = make_label("", "note", selectable=True, accessible="Their note for you")
        self.note_label.setTextFormat(Qt.TextFormat.PlainText)  # someone else's words: never markup
        self.recordings_label = make_label("", accessible="Recordings in the pack")
        self.audio_label = make_label("", "muted", accessible="Ready-made audio in the pack")
        for label in (self.title_label, self.author_label):
            label.setTextFormat(Qt.TextFormat.PlainText)
        for widget in (self.title_label, self.author_label, self.made_on_label, self.note_heading, self.note_label,
                       self.recordings_label, self.audio_label):
            inner.addWidget(widget)
        self.details.hide()

        self.refusal_label = make_label("", "error", selectable=True, accessible="Why the pack cannot be imported")
        self.refusal_label.setTextFormat(Qt.TextFormat.PlainText)
        self.refusal_label.hide()

        self.import_button = make_button("Import", "Import the practice",
                                         "Add this practice, with its recordings, to your practices", "primary")
        self.import_button.setEnabled(False)
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(lambda: self.start_import())
        self.close_button = make_button("Cancel", "Cancel", "Close this window without importing anything")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.import_button)

        column = _scrolling_column(self, buttons)
        for part in (heading, self.file_label, self.details, self.refusal_label, self.status):
            column.addWidget(part)
        column.addStretch(1)
        QWidget.setTabOrder(self.close_button, self.import_button)
        size_to_screen(self, DIALOG_WIDTH, DIALOG_HEIGHT, minimum=(420, 320))

    # -- checking ------------------------------------------------------------------

    def _check(self) -> None:
        def connect(task: Task) -> None:
            task.succeeded.connect(self._show_summary)
            task.failed.connect(self._show_refusal)

        self.services.tasks.run(_inspect, self.pack, connect=connect)

    def _show_summary(self, summary: PackSummary) -> None:
        self.summary = summary
        self.title_label.setText(summary.title)
        if summary.voice_only:
            self.author_label.setText(summary.voice_text())
        else:
            self.author_label.setText(f"By {summary.author}" if summary.author
                                      else "The pack does not say who made it.")
        made_on = made_on_text(summary.created)
        self.made_on_label.setText(made_on)
        self.made_on_label.setVisible(bool(made_on))
        self.note_label.setText(summary.author_note)
        self.note_heading.setVisible(bool(summary.author_note))
        self.note_label.setVisible(bool(summary.author_note))
        self.recordings_label.setText(voice_pack_text(summary) if summary.voice_only
                                      else recordings_text(summary.recordings))
        self.audio_label.setText(audio_text(summary.audio))
        self.details.show()
        if summary.voice_only:
            self.setWindowTitle("Import a voice for a practice")
            self.heading.setText("Import a voice for a practice")
            self.heading.setAccessibleName("Import a voice for a practice")
            self.import_button.setText("Import the recordings")
            self.import_button.setAccessibleName("Import the recordings")
            self.import_button.setToolTip(f"Add these recordings to {summary.title}; its text stays as it is")
            self.status.setText(f"The pack was checked and looks sound. Importing adds its recordings to "
                                f"{summary.title}.")
        else:
            self.status.setText("The pack was checked and looks sound. Import adds it to your practices.")
        self.import_button.setEnabled(True)
        self.import_button.setFocus()
        log.info("pack %s: %s by %r, %d recordings", self.pack.name, summary.practice_id, summary.author,
                 summary.recordings)
        self.inspected.emit()

    def _show_refusal(self, message: str) -> None:
        self.refusal = message
        self.details.hide()
        # The reason names the pack and the entry at fault, and says that nothing was changed.
        self.refusal_label.setText(f"This pack can't be imported: {message}")
        self.refusal_label.show()
        self.status.setText("You might ask the person who sent it for a fresh copy.")
        self.import_button.setEnabled(False)
        self.close_button.setText("Close")
        self.close_button.setToolTip("Close this window")
        log.info("pack %s refused: %s", self.pack.name, message)
        self.inspected.emit()

    # -- importing -----------------------------------------------------------------

    def start_import(self, replace: bool = False) -> None:
        if self.busy or self.summary is None or self.imported_practice is not None:
            return
        self.busy = True
        self.import_button.setEnabled(False)
        self.status.setText("Importing…")
        set_role(self.status, "muted")

        def connect(task: Task) -> None:
            task.succeeded.connect(self._on_import_answer)
            task.failed.connect(self._on_import_failed)

        self.services.tasks.run(_import, self.pack, self.services, replace, connect=connect)

    def _on_import_answer(self, answer: ImportedPractice | _AlreadyThere) -> None:
        self.busy = False
        if isinstance(answer, _AlreadyThere):
            self.status.setText("")
            self.ask_to_replace(answer.existing)
            return
        self.imported_practice = answer
        title = answer.summary.title
        if answer.summary.voice_only:
            whose = f"in {answer.summary.voice}'s voice" if answer.summary.voice else "in the recorded voice"
            self.status.setText(f"The recordings are in place: “{title}” now plays {whose} wherever a sentence "
                                "is recorded.")
        else:
            self.status.setText(f"“{title}” is now in your practices, in the Library.")
        self.close_button.setText("Close")
        self.close_button.setToolTip("Close this window")
        self.close_button.setFocus()
        log.info("imported %s to %s", self.pack.name, answer.practice_path)
        self.imported.emit(Path(answer.practice_path))

    def _on_import_failed(self, message: str) -> None:
        self.busy = False
        self.import_button.setEnabled(True)
        set_role(self.status, "error")
        self.status.setText(f"The practice was not imported. {message}")
        self.import_failed.emit(message)

    def ask_to_replace(self, existing: Path) -> QMessageBox:
        """Ask before a practice already there is replaced (the window stays usable while it is open)."""
        title = self.summary.title if self.summary is not None else existing.stem
        voice = self.summary is not None and self.summary.voice_only
        if voice:
            text = f"You already have recordings for “{title}”. Replace them with the ones in the pack?"
            informative = (f"Yours are in {existing}. Replacing them puts the pack's recordings in their place; "
                           "keeping them leaves everything as it is.")
        else:
            text = f"You already have this practice (“{title}”). Replace it with the one in the pack?"
            informative = (f"Your copy is at {existing}. Replacing it puts the pack's text and recordings in its "
                           "place; keeping it leaves everything as it is.")
        what = "recordings" if voice else "practice"
        self.confirm_replace = ask(
            self, "Replace the recordings?" if voice else "Replace a practice?", text,
            [Answer("Replace", f"Replace my {what}", f"Put the {what} from the pack in place of yours", "accept"),
             Answer("Keep mine", f"Keep my {what}",
                    f"Leave your {what} as {'they are' if voice else 'it is'} and import nothing")],
            lambda chosen: self._replace_answered(chosen == 0), default=1, informative=informative)
        return self.confirm_replace

    def _replace_answered(self, replace: bool) -> None:
        self.confirm_replace = None
        if replace:
            self.start_import(replace=True)
        else:
            voice = self.summary is not None and self.summary.voice_only
            self.status.setText("Nothing was imported; your recordings are as they were." if voice
                                else "Nothing was imported; your practice is as it was.")
            self.import_button.setEnabled(True)


# -- sharing ---------------------------------------------------------------------


@dataclass(frozen=True)
class ShareInfo:
    """What the share dialog says about the practice before the pack is written."""

    title: str
    recordings: int
    shipped: bool = False  # it comes with KindAudio: the pack carries one's voice for it
    sentences: int = 0  # distinct sentences (what could be recorded)
    lengths: tuple[int, ...] = ()  # minutes it offers: the ready-made audio is one of them


def _share_info(practice_path: Path, services: Services) -> ShareInfo:
    from kindaudio.pack import recordings_to_share
    from kindaudio.script.library import shipped_practice
    from kindaudio.script.parser import load_practice

    practice = load_practice(practice_path)
    # Recordings are where the player's clips look for them (the data folder, in the app).
    shared = recordings_to_share(practice, services.clips.paths)
    shipped = shipped_practice(practice.id)
    return ShareInfo(practice.title, len(shared.files),
                     shipped is not None and shipped.resolve() == Path(practice_path).resolve(),
                     len({sentence.id for sentence in practice.sentences}), practice.lengths)


def _export(practice_path: Path, out: Path, services: Services, note: str, with_audio: bool, audio_format: str,
            minutes: float | None, recorded_by: str, report: Report) -> Path:
    from kindaudio.pack import export_pack

    # The window's clip provider makes any audio: its speech workers are running already.
    chosen = services.settings.current  # the voice and pace chosen in Settings speak any audio
    return export_pack(practice_path, out, services.clips.paths, author_note=note, with_audio=with_audio,
                       audio_format=audio_format, minutes=minutes, progress=report,
                       clips=services.clips if with_audio else None, recorded_by=recorded_by,
                       voice=chosen.voice, rate=chosen.rate)


def pack_file_name(practice_path: Path) -> str:
    from kindaudio.pack import PACK_SUFFIX

    return f"{practice_path.stem}{PACK_SUFFIX}"


class SharePackDialog(QDialog):
    """A note for the person receiving it, ready-made audio or not, where to save; progress; done.

    Signals:
        shared(object): the pack file's Path, once written.
        share_failed(str): what went wrong, in words for a person.
    """

    shared = Signal(object)
    share_failed = Signal(str)

    def __init__(self, services: Services, practice_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.practice_path = Path(practice_path)
        self.busy = False
        self.written: Path | None = None
        self.info: ShareInfo | None = None
        self.setWindowTitle("Share as a pack")
        self._build()
        self._load()

    # -- building ----------------------------------------------------------------

    def _build(self) -> None:
        self.heading = make_label("Share as a pack", "page-title", accessible="Share as a pack")
        self.about = make_label("A pack is one file holding this practice and your recordings of it. Whoever you "
                                "give it to can import it into KindAudio, and it shows there as made by you.",
                                "muted", accessible="About packs")
        self.holds = make_label("", accessible="What the pack will hold")

        self.recorded_by = QLineEdit()
        self.name_label = make_buddy_label("&Your name, as they will see it (optional)", self.recorded_by)
        self.recorded_by.setAccessibleName("Your name, as they will see it")
        self.recorded_by.setToolTip("Whose voice this is: they see it before importing, as in "
                                    "“Sam Rivera's voice for Affectionate Breathing”")
        self.recorded_by.setPlaceholderText("For example: Sam Rivera")
        self.recorded_by.setMaxLength(200)
        self.name_label.hide()  # for a practice that comes with KindAudio: its own author is not the sender
        self.recorded_by.hide()

        self.note = QPlainTextEdit()
        note_label = make_buddy_label("A &note for the person receiving it (optional)", self.note)
        self.note.setAccessibleName("A note for the person receiving it")
        self.note.setToolTip("A few words they see before importing: what the practice is for, how to use it")
        self.note.setPlaceholderText("For example: for the evenings when sleep is slow to come.")
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(self.note.fontMetrics().lineSpacing() * 4 + 24)

        self.with_audio = QCheckBox("Include ready-made audio of the whole practice")
        self.with_audio.setAccessibleName("Include ready-made audio")
        self.with_audio.setToolTip("Adds the practice as an audio file at the length you choose, with captions, "
                                   "for playing anywhere. The pack gets much larger, and making it takes a while.")
        self.audio_length = QComboBox()
        self.audio_length.setAccessibleName("Length of the audio")
        self.audio_length.setToolTip("How long the ready-made audio lasts: one of the lengths the practice offers")
        self.audio_length.setEnabled(False)
        self.audio_length.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)  # filled once read
        self.audio_format = QComboBox()
        self.audio_format.addItem("WAV (plays almost anywhere)", "wav")
        if shutil.which("ffmpeg") is not None:
            self.audio_format.addItem("MP3 (a much smaller file)", "mp3")
        self.audio_format.setAccessibleName("Audio format")
        self.audio_format.setToolTip("The kind of audio file put in the pack")
        self.audio_format.setEnabled(False)
        self.with_audio.toggled.connect(lambda _on: self._enable_audio_choices())
        audio_row = QHBoxLayout()
        audio_row.setContentsMargins(32, 0, 0, 0)  # under the check box's words: it belongs to it
        audio_row.addWidget(make_buddy_label("&Length", self.audio_length))
        audio_row.addWidget(self.audio_length)
        audio_row.addSpacing(16)
        audio_row.addWidget(make_buddy_label("&Format", self.audio_format))
        audio_row.addWidget(self.audio_format)
        audio_row.addStretch(1)

        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setAccessibleName("Progress of the pack")
        self.progress.setToolTip("How far writing the pack has got")
        self.progress.hide()
        self.status = make_label("", selectable=True, accessible="Share status")

        self.save_button = make_button("Save the pack…", "Save the pack",
                                       "Choose where to save the pack file, then write it", "primary")
        self.save_button.setDefault(True)
        self.save_button.setEnabled(False)  # until the practice is read
        self.save_button.clicked.connect(self.choose_file)
        self.show_button = make_button("Show in its folder", "Show the pack in its folder",
                                       "Open the folder that holds the pack file", "link")
        self.show_button.clicked.connect(self.show_in_folder)
        self.show_button.hide()
        self.close_button = make_button("Close", "Close", "Close this window (a pack being written is still finished)")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.show_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.save_button)

        column = _scrolling_column(self, buttons)
        for widget in (self.heading, self.about, self.holds, self.name_label, self.recorded_by, note_label, self.note,
                       self.with_audio):
            column.addWidget(widget)
        column.addLayout(audio_row)
        column.addWidget(self.progress)
        column.addWidget(self.status)
        column.addStretch(1)
        for first, second in ((self.recorded_by, self.note), (self.note, self.with_audio),
                              (self.with_audio, self.audio_length), (self.audio_length, self.audio_format),
                              (self.audio_format, self.save_button), (self.save_button, self.close_button),
                              (self.close_button, self.show_button)):
            QWidget.setTabOrder(first, second)
        size_to_screen(self, DIALOG_WIDTH, DIALOG_HEIGHT, minimum=(420, 320))

    def _load(self) -> None:
        def connect(task: Task) -> None:
            task.succeeded.connect(self._on_loaded)
            task.failed.connect(self._on_load_failed)

        self.services.tasks.run(_share_info, self.practice_path, self.services, connect=connect)

    def _on_loaded(self, info: ShareInfo) -> None:
        self.info = info
        self.audio_length.clear()
        for minutes in info.lengths:
            self.audio_length.addItem(f"{minutes} minute{'' if minutes == 1 else 's'}", minutes)
        if info.shipped:
            self._show_voice_pack(info)
            return
        self.heading.setText(f"Share “{info.title}” as a pack")
        self.setWindowTitle(f"Share {info.title} as a pack")
        if info.recordings == 0:
            self.holds.setText("It will hold the practice's text. You have not recorded any of it, so a computer "
                               "voice will read it.")
        else:
            noun = "recording" if info.recordings == 1 else "recordings"
            self.holds.setText(f"It will hold the practice's text and your {info.recordings} {noun} of it.")
        self.save_button.setEnabled(True)

    def _show_voice_pack(self, info: ShareInfo) -> None:
        """A practice that comes with KindAudio goes as one's voice for it: its recordings, its text unchanged."""
        self.heading.setText(f"Share your voice for “{info.title}”")
        self.setWindowTitle(f"Share your voice for {info.title}")
        self.about.setText(f"{info.title} comes with KindAudio, so the pack holds your recordings of it. Whoever "
                           "you give it to can import it and hear the practice in your voice.")
        self.name_label.show()
        self.recorded_by.show()
        if info.recordings == 0:
            set_role(self.holds, "error")
            self.holds.setText("You have not recorded any of it yet, so there is nothing to share. You might "
                               "choose Record my voice on its card in the Library first.")
            self._set_inputs_enabled(False)  # nothing to fill in for a pack that cannot be made
            return
        rest = ("" if info.recordings >= info.sentences
                else "; a computer voice reads the others")
        self.holds.setText(f"It will hold your recordings of {info.recordings} of its {info.sentences} "
                           f"sentences{rest}.")
        self.save_button.setEnabled(True)
        self.recorded_by.setFocus()

    def _on_load_failed(self, message: str) -> None:
        set_role(self.status, "error")
        self.status.setText(f"This practice can't be shared as it is. {message}")

    # -- writing -------------------------------------------------------------------

    def choose_file(self) -> None:
        start = Path.home() / pack_file_name(self.practice_path)
        name, _ = QFileDialog.getSaveFileName(self, "Save the pack", str(start), "Practice packs (*.kindpack)")
        if name:
            self.export_to(Path(name))

    def export_to(self, out: Path) -> None:
        """Write the pack to `out` (a file the person chose) in the background."""
        if self.busy:
            return
        from kindaudio.pack import PACK_SUFFIX
        from kindaudio.pack.limits import MAX_AUTHOR_NOTE_CHARS

        if out.suffix.lower() != PACK_SUFFIX:
            out = out.with_name(out.name + PACK_SUFFIX)
        note = self.note.toPlainText().strip()[:MAX_AUTHOR_NOTE_CHARS]  # a note, not a letter
        recorded_by = self.recorded_by.text().strip() if self.recorded_by.isVisibleTo(self) else ""
        with_audio = self.with_audio.isChecked()
        audio_format = str(self.audio_format.currentData())
        minutes = self.audio_length.currentData()  # None: the practice's first length
        self.busy = True
        self.written = None
        self._set_inputs_enabled(False)
        self.show_button.hide()
        self.progress.setValue(0)
        self.progress.show()
        set_role(self.status, "muted")
        self.status.setText("Making the voice and the audio… this can take a while." if with_audio
                            else "Writing the pack…")
        log.info("sharing %s as %s (audio: %s, %s min)", self.practice_path, out, with_audio, minutes)

        def connect(task: Task) -> None:
            task.progress.connect(self._on_progress)
            task.succeeded.connect(self._on_written)
            task.failed.connect(self._on_failed)

        self.services.tasks.run(_export, self.practice_path, out, self.services, note, with_audio, audio_format,
                                minutes if with_audio else None, recorded_by, with_progress=True, connect=connect)

    def _on_progress(self, fraction: float) -> None:
        # Speech is made on several threads, and a late report can say less than one before it:
        # the bar only ever moves on.
        self.progress.setValue(max(self.progress.value(), int(round(fraction * 100))))

    def _on_written(self, written: Path) -> None:
        self.busy = False
        self.written = Path(written)
        self._set_inputs_enabled(True)
        self.progress.setValue(100)
        set_role(self.status, "")
        self.status.setText(f"The pack is saved as {self.written.name}, in {self.written.parent}. You might send it "
                            "by a way you trust: it holds your voice.")
        self.show_button.show()
        self.shared.emit(self.written)

    def _on_failed(self, message: str) -> None:
        self.busy = False
        self._set_inputs_enabled(True)
        self.progress.hide()
        set_role(self.status, "error")
        self.status.setText(f"The pack was not saved. {message}")
        self.share_failed.emit(message)

    def show_in_folder(self) -> None:
        if self.written is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.written.parent)))

    def _set_inputs_enabled(self, enabled: bool) -> None:
        for widget in (self.recorded_by, self.note, self.with_audio, self.save_button):
            widget.setEnabled(enabled)
        self._enable_audio_choices()

    def _enable_audio_choices(self) -> None:
        on = self.with_audio.isChecked() and self.with_audio.isEnabled()  # disabled while busy
        self.audio_format.setEnabled(on)
        self.audio_length.setEnabled(on and self.audio_length.count() > 1)
