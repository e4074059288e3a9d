"""Recording one's own voice for a practice, sentence by sentence.

The practice's sentences are listed under their sections, each saying in
words whether it has been recorded (and how long the recording is). The
selected sentence can be recorded, stopped, played back and deleted, from
buttons or keys: R records and stops, Space plays, ↓ moves on, Delete
deletes. Opening the microphone, keeping a take (FLAC, replacing any earlier
one atomically) and deleting all run off the GUI thread, one after another.
This module is the window and what it says; the take, the microphones, the
playback and the list are each a module of their own.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QHBoxLayout, QMessageBox, QTreeWidgetItem, QVBoxLayout, QWidget

from kindaudio.audio import Recorder
from kindaudio.common.paths import AppPaths
from kindaudio.common.text import printable
from kindaudio.script.model import Practice
from kindaudio.ui.dialogs.record_voice.data import Kept, Loaded, read_lines
from kindaudio.ui.dialogs.record_voice.deletion import Deletion
from kindaudio.ui.dialogs.record_voice.microphones import Listing, Microphones
from kindaudio.ui.dialogs.record_voice.playback import SentencePlayback
from kindaudio.ui.dialogs.record_voice.sentence_list import SentenceList, is_recorded, sentence_of, state_text
from kindaudio.ui.dialogs.record_voice.takes import Takes
from kindaudio.ui.dialogs.record_voice.text import HOW_IT_WORKS, count_text, found_text, heading_text
from kindaudio.ui.services import Services, serial_task_runner
from kindaudio.ui.tasks import Task
from kindaudio.ui.widgets.basics import make_button, make_label, set_role, size_to_screen
from kindaudio.ui.widgets.question import Answer, ask

log = logging.getLogger(__name__)


def recordings_home(services: Services) -> AppPaths:
    """Where recordings are kept: where the player's clips look for them (the app's own data folder)."""
    return services.clips.paths


class RecordVoiceDialog(QDialog):
    """A practice's sentences with Record / Stop / Play / Delete, a level meter and the microphone.

    Attributes:
        changed: a recording was kept or deleted while the dialog was open.

    Signals:
        loaded(): the sentences are listed (or why they cannot be is shown).
        devices_listed(): the microphones are in their box.
        recording_started(): a take is being made (the meter moves).
        take_kept(str): a take was kept for this sentence id.
        take_failed(str): starting or keeping a take went wrong, in words for a person.
        recording_deleted(str): this sentence id's recording was deleted.
    """

    loaded = Signal()
    devices_listed = Signal()
    recording_started = Signal()
    take_kept = Signal(str)
    take_failed = Signal(str)
    recording_deleted = Signal(str)

    def __init__(self, services: Services, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.practice_path = Path(path)
        self.home = recordings_home(services)
        self.practice: Practice | None = None
        self.changed = False
        self.confirm_delete: QMessageBox | None = None
        # The microphone's work (open, keep, drop) and deleting go one after another, in the order asked.
        self.serial = serial_task_runner()
        self.microphones = Microphones(services, self.serial, self)
        self.setWindowTitle("Record your voice")
        self._build()
        self._connect()
        self._update_buttons()
        self._load()
        # Looking again at each opening: a microphone plugged in since KindAudio started is listed.
        self._list_devices(look_again=True, asked=False)

    # -- building ----------------------------------------------------------------

    def _build(self) -> None:
        self.heading = make_label("Record your voice", "page-title", accessible="Record your voice")
        how = make_label(HOW_IT_WORKS, "muted", accessible="How recording works")
        self.lines = SentenceList()
        self.status = make_label("Reading the practice…", accessible="What is happening", selectable=True)
        self.takes = Takes(self.serial, self.home, self.lines, self.status, self)
        self.deletion = Deletion(self.serial, self.home, self.lines, self.status, self)
        self.playback = SentencePlayback(self.services, self.status, self)
        self.device, self.look_again_button = self.microphones.box, self.microphones.look_again_button
        self.meter, self.elapsed = self.takes.meter, self.takes.elapsed
        self.count = make_label("", "section-title", wrap=False, accessible="How many sentences are recorded")
        top = QHBoxLayout()
        top.addWidget(self.microphones.label)
        top.addWidget(self.device)
        top.addWidget(self.look_again_button)
        top.addSpacing(12)
        top.addWidget(make_label("Level", wrap=False))
        top.addWidget(self.meter, 1)
        top.addWidget(self.elapsed)
        top.addSpacing(12)
        top.addWidget(self.count)

        self.record_button = make_button("Record", "Record this sentence", "Start recording the chosen sentence (R)",
                                         "primary")
        self.stop_button = make_button("Stop", "Stop", "Stop recording and keep the take, or stop playing (R)")
        self.play_button = make_button("Play", "Play this recording", "Hear your recording of the chosen sentence "
                                       "(Space)")
        self.hear_button = make_button("Hear it read", "Hear this sentence read",
                                       "Hear the chosen sentence read by the computer voice and pace set in Settings")
        self.delete_button = make_button("Delete…", "Delete this recording",
                                         "Delete your recording of the chosen sentence; a computer voice reads it then")
        self.close_button = make_button("Close", "Close", "Close this window (takes kept so far stay kept)")
        buttons = QHBoxLayout()
        for button in (self.record_button, self.stop_button, self.play_button, self.hear_button, self.delete_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.close_button.setAutoDefault(False)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(self.heading)
        layout.addWidget(how)
        layout.addLayout(top)
        layout.addWidget(self.lines, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        order = [self.device, self.look_again_button, self.lines, self.record_button, self.stop_button,
                 self.play_button, self.hear_button, self.delete_button, self.close_button]
        for first, second in zip(order, order[1:]):
            QWidget.setTabOrder(first, second)
        size_to_screen(self, 960, 680, minimum=(560, 420))

    def _connect(self) -> None:
        self.look_again_button.clicked.connect(lambda: self._list_devices(look_again=True, asked=True))
        self.lines.currentItemChanged.connect(lambda *_: self._update_buttons())
        for button, slot in ((self.record_button, self.record), (self.stop_button, self.stop),
                             (self.play_button, self.play), (self.hear_button, self.hear_it_read),
                             (self.delete_button, self.ask_to_delete), (self.close_button, self.reject)):
            button.clicked.connect(slot)
        record_key = QShortcut(QKeySequence(Qt.Key.Key_R), self)
        record_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        record_key.activated.connect(self.toggle_recording)
        play_key = QShortcut(QKeySequence(Qt.Key.Key_Space), self.lines)
        play_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        play_key.activated.connect(self.play)
        delete_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.lines)
        delete_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete_key.activated.connect(self.ask_to_delete)
        self.takes.started.connect(self._on_started)
        self.takes.saving.connect(self._update_buttons)
        self.takes.kept.connect(self._on_kept)
        self.takes.failed.connect(self._on_take_failed)
        self.microphones.listed.connect(self._on_devices)
        self.microphones.listing_failed.connect(self._on_devices_failed)
        self.deletion.deleted.connect(self._on_deleted)
        self.deletion.failed.connect(self._update_buttons)
        self.playback.over.connect(self._update_buttons)

    # -- loading -------------------------------------------------------------------

    def _load(self) -> None:
        def connect(task: Task) -> None:
            task.succeeded.connect(self._on_loaded)
            task.failed.connect(self._on_load_failed)

        self.services.tasks.run(read_lines, self.practice_path, self.home, connect=connect)

    def _on_loaded(self, loaded: Loaded) -> None:
        self.practice = loaded.practice
        self.heading.setText(heading_text(printable(loaded.practice.title)))
        self.setWindowTitle(heading_text(printable(loaded.practice.title)))
        self.lines.fill(loaded.lines)
        self.status.setText(self.microphones.note)  # what the microphones' listing had to say, if it came first
        self._update_count()
        self._update_buttons()
        self.lines.setFocus()
        self.loaded.emit()

    def _on_load_failed(self, message: str) -> None:
        set_role(self.status, "error")
        self.status.setText(f"This practice can't be recorded as it is. {message}")
        self.loaded.emit()

    def _list_devices(self, look_again: bool, asked: bool) -> None:
        self.microphones.list(look_again, asked)
        self._update_buttons()

    def _on_devices(self, listing: Listing) -> None:
        if self.microphones.note and self.practice is not None:  # else the practice's loading shows it
            self.status.setText(self.microphones.note)
        if not listing.found:
            set_role(self.status, "error")
            self.status.setText("No microphone was found. You might plug one in, then press Look again.")
        elif listing.asked:
            set_role(self.status, "")
            if not listing.looked_again:
                self.status.setText("New microphones can be found only while no sound is open: you might stop "
                                    "the practice playing or paused, then press Look again.")
            elif listing.new:
                self.status.setText(found_text(listing.new))
            elif not self.microphones.note:
                self.status.setText("No other microphone was found. A microphone that was just plugged in can "
                                    "take a few seconds to be ready: you might press Look again in a moment.")
        self._update_buttons()
        self.devices_listed.emit()

    def _on_devices_failed(self, message: str) -> None:
        set_role(self.status, "error")
        self.status.setText(f"The microphones could not be listed. {message}")
        self._update_buttons()
        self.devices_listed.emit()

    # -- reading the list --------------------------------------------------------------

    def sentence_items(self) -> list[QTreeWidgetItem]:
        """The rows that are sentences, in order."""
        return self.lines.sentence_items()

    def selected(self) -> QTreeWidgetItem | None:
        return self.lines.selected()

    def state_text(self, item: QTreeWidgetItem) -> str:
        return state_text(item)

    @staticmethod
    def is_recorded(item: QTreeWidgetItem) -> bool:
        return is_recorded(item)

    def _update_count(self) -> None:
        self.count.setText(count_text(self.lines.recorded_count(), len(self.sentence_items())))

    # -- state and buttons ---------------------------------------------------------------

    @property
    def phase(self) -> str:
        """idle, starting, recording, saving (a take) or deleting."""
        return "deleting" if self.deletion.busy else self.takes.phase

    @property
    def recorder(self) -> Recorder | None:
        return self.takes.recorder

    @property
    def playing(self) -> bool:
        return self.playback.playing

    def _update_buttons(self) -> None:
        item = self.selected()
        idle = self.phase == "idle"
        recorded = item is not None and self.is_recorded(item)
        has_device = self.device.currentData() is not None
        self.record_button.setEnabled(idle and item is not None and has_device and not self.playing)
        self.record_button.setText("Record again" if recorded else "Record")
        self.record_button.setToolTip("Record this sentence again; the new take replaces the old one when kept (R)"
                                      if recorded else "Start recording the chosen sentence (R)")
        taking = self.takes.taking
        self.stop_button.setEnabled(taking or self.playing)
        # The button to press next stands out: Stop while a take is made, Record otherwise.
        if self.stop_button.property("role") != ("primary" if taking else "secondary"):
            set_role(self.stop_button, "primary" if taking else "secondary")
            set_role(self.record_button, "secondary" if taking else "primary")
        self.play_button.setEnabled(idle and recorded)
        self.hear_button.setEnabled(idle and item is not None)
        self.delete_button.setEnabled(idle and recorded and not self.playing)
        self.device.setEnabled(idle and self.device.count() > 0 and has_device)
        self.look_again_button.setEnabled(idle and not self.microphones.listing and not self.playing)

    # -- recording -----------------------------------------------------------------------

    def toggle_recording(self) -> None:
        """R: record the chosen sentence, or stop the take being made."""
        if self.takes.taking:
            self.stop()
        else:
            self.record()

    def record(self) -> None:
        item = self.selected()
        if self.phase != "idle" or item is None or self.practice is None or self.device.currentData() is None:
            return
        self.stop_playing()
        self.takes.start(item, self.practice.id, int(self.device.currentData()))
        self._update_buttons()

    def _on_started(self) -> None:
        self._update_buttons()
        self.recording_started.emit()

    def stop(self) -> None:
        """Stop the take being made and keep it (or stop playing back)."""
        if not self.takes.stop():
            self.stop_playing()

    def _on_kept(self, kept: Kept) -> None:
        self.changed = True
        self._update_count()
        self._update_buttons()
        self.lines.setFocus()  # so ↓ and Space work straight away
        self.take_kept.emit(kept.sentence_id)

    def _on_take_failed(self, message: str) -> None:
        self._update_buttons()
        self.take_failed.emit(message)

    # -- playing back ----------------------------------------------------------------------

    def play(self) -> None:
        item = self.selected()
        if self.phase != "idle" or item is None or not self.is_recorded(item) or self.practice is None:
            return
        self.playback.play_recording(item, self.practice)
        self._update_buttons()

    def hear_it_read(self) -> None:
        """The chosen sentence in the Settings voice and pace: how it sounds before (or instead of) recording it."""
        item = self.selected()
        if self.phase != "idle" or item is None or self.practice is None:
            return
        self.playback.read_aloud(item, self.practice)
        self._update_buttons()

    def stop_playing(self) -> None:
        self.playback.stop()
        self._update_buttons()

    # -- deleting --------------------------------------------------------------------------

    def ask_to_delete(self) -> QMessageBox | None:
        """Ask before a recording is deleted (the window stays usable while the question is open)."""
        item = self.selected()
        if self.phase != "idle" or item is None or not self.is_recorded(item):
            return None
        sentence = sentence_of(item)
        self.confirm_delete = ask(
            self, "Delete a recording", "Delete your recording of this sentence?",
            [Answer("Delete", "Delete the recording", "Delete this recording for good", "destructive"),
             Answer("Keep it", "Keep the recording", "Leave the recording as it is")],
            lambda chosen: self.delete(sentence.id) if chosen == 0 else None, default=1,
            informative=f"“{sentence.text}”\n\nA computer voice reads it once the recording is gone. "
                        "You can record it again at any time.")
        return self.confirm_delete

    def delete(self, sentence_id: str) -> None:
        """Delete the recording of this sentence (in the background)."""
        if self.phase != "idle" or self.practice is None:
            return
        self.stop_playing()
        self.deletion.delete(self.practice.id, sentence_id)
        self._update_buttons()

    def _on_deleted(self, sentence_id: str) -> None:
        self.changed = True
        self._update_count()
        self._update_buttons()
        self.lines.setFocus()
        self.recording_deleted.emit(sentence_id)

    # -- closing ---------------------------------------------------------------------------

    def done(self, result: int) -> None:
        self.takes.cancel()
        self.stop_playing()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        self.takes.cancel()
        self.stop_playing()
        super().closeEvent(event)
