"""Sharing a practice as a pack: a note for the person receiving it, ready-made audio or not, where to save.

What the pack would hold is read first, and the pack is written, off the GUI
thread (data.py; the decisions are kindaudio.pack.sharing's); with ready-made
audio, which means synthesising the whole practice, a progress bar shows how
far it has got. A therapist may add their own contact (name, how to reach
them, a short note): the person receiving the pack sees it and keeps it only
if they choose to. When the practice says whom it is for or carries the
sender's notes (its `for_whom:` and `notes:`), the dialog shows them, since
they travel in the practice's file, and offers to leave them out. A practice
may have come from someone else's pack, so its title is shown as plain text,
spelt out where it holds a right-to-left override (kindaudio.common.text).
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from kindaudio.common.errors import UserInputError
from kindaudio.common.text import printable
from kindaudio.ui.dialogs.packs.data import read_share_info, write_pack
from kindaudio.ui.dialogs.packs.frame import plain_text, scrolling_column, size_pack_dialog
from kindaudio.ui.dialogs.packs.text import (
    LEAVE_OUT_TEXT,
    LEAVE_OUT_TIP,
    PRIVATE_NOTES_HEADING,
    about_own_pack_text,
    making_text,
    minutes_text,
    own_practice_holds_text,
    private_notes_text,
    saved_text,
    voice_holds_text,
)
from kindaudio.ui.services import Services
from kindaudio.ui.tasks import Task
from kindaudio.ui.widgets.basics import make_buddy_label, make_button, make_label, set_role

if TYPE_CHECKING:
    from kindaudio.pack.sharing import ShareInfo
    from kindaudio.pack.therapist import TherapistContact

log = logging.getLogger(__name__)


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
        self.heading = plain_text(make_label("Share as a pack", "page-title", accessible="Share as a pack"))
        self.about = plain_text(make_label(about_own_pack_text(0), "muted", accessible="About packs"))
        self.holds = plain_text(make_label("", accessible="What the pack will hold"))
        self._build_private_notes()

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

        self._build_therapist()

        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setAccessibleName("Progress of the pack")
        self.progress.setToolTip("How far writing the pack has got")
        self.progress.hide()
        self.status = plain_text(make_label("", selectable=True, accessible="Share status"))

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

        column = scrolling_column(self, buttons)
        for widget in (self.heading, self.about, self.holds, self.private_notes, self.name_label, self.recorded_by,
                       note_label, self.note, self.with_audio):
            column.addWidget(widget)
        column.addLayout(audio_row)
        column.addWidget(self.with_contact)
        column.addWidget(self.contact_box)
        column.addWidget(self.progress)
        column.addWidget(self.status)
        column.addStretch(1)
        for first, second in ((self.leave_out_notes, self.recorded_by), (self.recorded_by, self.note),
                              (self.note, self.with_audio),
                              (self.with_audio, self.audio_length), (self.audio_length, self.audio_format),
                              (self.audio_format, self.with_contact), (self.with_contact, self.therapist_name),
                              (self.therapist_name, self.therapist_contact),
                              (self.therapist_contact, self.therapist_note), (self.therapist_note, self.save_button),
                              (self.save_button, self.close_button),
                              (self.close_button, self.show_button)):
            QWidget.setTabOrder(first, second)
        size_pack_dialog(self)

    def _build_private_notes(self) -> None:
        """Whom the practice is for and the sender's notes, shown because the pack would carry them; a box
        to leave them out. Hidden unless the practice has them."""
        self.private_notes = QWidget()
        box = QVBoxLayout(self.private_notes)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(6)
        box.addWidget(make_label(PRIVATE_NOTES_HEADING))
        self.private_notes_label = plain_text(make_label("", "note", selectable=True,
                                                         accessible="Whom it is for, and your notes"))
        box.addWidget(self.private_notes_label)
        self.leave_out_notes = QCheckBox(LEAVE_OUT_TEXT)
        self.leave_out_notes.setAccessibleName(LEAVE_OUT_TEXT)
        self.leave_out_notes.setToolTip(LEAVE_OUT_TIP)
        box.addWidget(self.leave_out_notes)
        self.private_notes.hide()

    def _build_therapist(self) -> None:
        """Off unless ticked: a therapist's name, how to reach them and a short note, for the recipient to keep."""
        from kindaudio.pack.therapist import MAX_CONTACT_CHARS, MAX_NAME_CHARS

        self.with_contact = QCheckBox("Include my contact, as their therapist")
        self.with_contact.setAccessibleName("Include my contact, as their therapist")
        self.with_contact.setToolTip("They see your name, how to reach you and your note before importing, and "
                                     "can keep them under “If you need more support”")
        self.contact_box = QWidget()
        box = QVBoxLayout(self.contact_box)
        box.setContentsMargins(32, 0, 0, 0)  # under the check box's words: it belongs to it
        self.therapist_name = QLineEdit()
        self.therapist_name.setMaxLength(MAX_NAME_CHARS)
        self.therapist_name.setAccessibleName("Your name, as their therapist")
        self.therapist_name.setToolTip("How your client knows you")
        self.therapist_name.setPlaceholderText("For example: Dr Sam Rivera")
        self.therapist_contact = QLineEdit()
        self.therapist_contact.setMaxLength(MAX_CONTACT_CHARS)
        self.therapist_contact.setAccessibleName("How they can reach you")
        self.therapist_contact.setToolTip("A phone number, an email, or how your client reaches you")
        self.therapist_note = QPlainTextEdit()
        self.therapist_note.setAccessibleName("A short note about reaching you")
        self.therapist_note.setToolTip("For example, when you read messages, or what to do out of hours")
        self.therapist_note.setTabChangesFocus(True)
        self.therapist_note.setFixedHeight(self.therapist_note.fontMetrics().lineSpacing() * 3 + 20)
        for text, field in (("Your name, as their &therapist", self.therapist_name),
                            ("How they can &reach you", self.therapist_contact),
                            ("A short note about reaching you", self.therapist_note)):
            box.addWidget(make_buddy_label(text, field))
            box.addWidget(field)
        self.contact_box.setVisible(False)
        self.with_contact.toggled.connect(self.contact_box.setVisible)

    def therapist(self) -> TherapistContact | None:
        """The contact to put in the pack (None when not asked for); UserInputError when it will not do."""
        from kindaudio.pack.therapist import therapist_to_share

        if not self.with_contact.isChecked():
            return None
        return therapist_to_share(self.therapist_name.text(), self.therapist_contact.text(),
                                  self.therapist_note.toPlainText())

    def _load(self) -> None:
        def connect(task: Task) -> None:
            task.succeeded.connect(self._on_loaded)
            task.failed.connect(self._on_load_failed)

        self.services.tasks.run(read_share_info, self.practice_path, self.services, connect=connect)

    def _on_loaded(self, info: ShareInfo) -> None:
        self.info = info
        self.audio_length.clear()
        for minutes in info.lengths:
            self.audio_length.addItem(minutes_text(minutes), minutes)
        if info.shipped:
            self._show_voice_pack(info)
            return
        title = printable(info.title)
        self.heading.setText(f"Share “{title}” as a pack")
        self.setWindowTitle(f"Share {title} as a pack")
        self.about.setText(about_own_pack_text(info.recordings))
        self.holds.setText(own_practice_holds_text(info))
        if info.has_private_notes:
            self.private_notes_label.setText(printable(private_notes_text(info.for_whom, info.notes), multiline=True))
            self.private_notes.show()
        self.save_button.setEnabled(True)

    def _show_voice_pack(self, info: ShareInfo) -> None:
        """A practice that comes with KindAudio goes as one's voice for it: its recordings, its text unchanged."""
        title = printable(info.title)
        self.heading.setText(f"Share your voice for “{title}”")
        self.setWindowTitle(f"Share your voice for {title}")
        self.about.setText(f"{title} comes with KindAudio, so the pack holds your recordings of it. Whoever "
                           "you give it to can import it and hear the practice in your voice.")
        self.name_label.show()
        self.recorded_by.show()
        self.holds.setText(voice_holds_text(info))
        if info.nothing_to_share:
            set_role(self.holds, "error")
            self._set_inputs_enabled(False)  # nothing to fill in for a pack that cannot be made
            return
        self.save_button.setEnabled(True)
        self.recorded_by.setFocus()

    def _on_load_failed(self, message: str) -> None:
        set_role(self.status, "error")
        self.status.setText(f"This practice can't be shared as it is. {message}")

    # -- writing -------------------------------------------------------------------

    def choose_file(self) -> None:
        from kindaudio.pack.sharing import pack_file_name

        start = Path.home() / pack_file_name(self.practice_path)
        name, _ = QFileDialog.getSaveFileName(self, "Save the pack", str(start), "Practice packs (*.kindpack)")
        if name:
            self.export_to(Path(name))

    def export_to(self, out: Path) -> None:
        """Write the pack to `out` (a file the person chose) in the background."""
        if self.busy:
            return
        from kindaudio.pack.sharing import note_for_pack, with_pack_suffix

        out = with_pack_suffix(out)
        try:
            therapist = self.therapist()
        except UserInputError as exc:
            set_role(self.status, "error")
            self.status.setText(f"The pack was not saved. {exc}")
            self.therapist_name.setFocus()
            return
        note = note_for_pack(self.note.toPlainText())
        recorded_by = self.recorded_by.text().strip() if self.recorded_by.isVisibleTo(self) else ""
        with_audio = self.with_audio.isChecked()
        audio_format = str(self.audio_format.currentData())
        minutes = self.audio_length.currentData()  # None: the practice's first length
        without_notes = self.leave_out_notes.isChecked() and self.private_notes.isVisibleTo(self)
        self.busy = True
        self.written = None
        self._set_inputs_enabled(False)
        self.show_button.hide()
        self.progress.setValue(0)
        self.progress.show()
        set_role(self.status, "muted")
        self.status.setText(making_text(with_audio, self.info.recordings if self.info is not None else 0))
        log.info("sharing %s as %s (audio: %s, %s min, notes left out: %s)", self.practice_path, out, with_audio,
                 minutes, without_notes)

        def connect(task: Task) -> None:
            task.progress.connect(self._on_progress)
            task.succeeded.connect(self._on_written)
            task.failed.connect(self._on_failed)

        self.services.tasks.run(write_pack, self.practice_path, out, self.services, note, with_audio, audio_format,
                                minutes if with_audio else None, recorded_by, therapist, without_notes,
                                with_progress=True, connect=connect)

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
        recordings = self.info.recordings if self.info is not None else 0
        self.status.setText(saved_text(self.written.name, str(self.written.parent), recordings))
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
        for widget in (self.recorded_by, self.note, self.with_audio, self.save_button, self.with_contact,
                       self.contact_box, self.leave_out_notes):
            widget.setEnabled(enabled)
        self._enable_audio_choices()

    def _enable_audio_choices(self) -> None:
        on = self.with_audio.isChecked() and self.with_audio.isEnabled()  # disabled while busy
        self.audio_format.setEnabled(on)
        self.audio_length.setEnabled(on and self.audio_length.count() > 1)
