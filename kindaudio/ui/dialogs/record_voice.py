"""Recording one's own voice for a practice, sentence by sentence.

The practice's sentences are listed under their sections, each saying in
words whether it has been recorded (and how long the recording is). The
selected sentence can be recorded, stopped, played back and deleted, from
buttons or keys: R records and stops, Space plays, ↓ moves on, Delete
deletes. Opening the microphone, keeping a take (FLAC, replacing any earlier
one atomically) and deleting all run off the GUI thread; while a take is
being made a meter polls the recorder's level about 30 times a second.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (QComboBox, QDialog, QHBoxLayout, QHeaderView, QMessageBox, QProgressBar,
                               QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from kindaudio.audio.live import LiveProgramme
from kindaudio.audio.output import same_output_after
from kindaudio.audio.player import PlayerState, PlayerStatus
from kindaudio.audio.programmes import recording_programme, sentence_programme
from kindaudio.audio.recorder import (InputDevice, Recorder, TakeRefused, delete_recording, input_device_named,
                                      input_devices, look_again_for_inputs, save_take)
from kindaudio.audio.recordings import EXTENSIONS, MAX_RECORDING_SECONDS
from kindaudio.common.paths import AppPaths, ensure_dir
from kindaudio.script.durations import format_clock
from kindaudio.script.model import Practice, Sentence
from kindaudio.script.parser import load_practice
from kindaudio.ui.dialogs.read_script import WrappingDelegate
from kindaudio.ui.services import Services, serial_task_runner
from kindaudio.ui.tasks import Task
from kindaudio.ui.widgets.basics import make_buddy_label, make_button, make_label, set_role, size_to_screen
from kindaudio.ui.widgets.question import Answer, ask

log = logging.getLogger(__name__)

METER_INTERVAL_MS = 33  # about 30 times a second
TEXT_COLUMN, STATE_COLUMN = 0, 1
SENTENCE_ROLE = Qt.ItemDataRole.UserRole  # the Sentence (text column); the recording's seconds (state column)
PATH_ROLE = Qt.ItemDataRole.UserRole + 1  # the recording's file (state column)
DEVICE_NAME_ROLE = Qt.ItemDataRole.UserRole + 1  # a microphone's name (device box), as the settings keep it
NOT_RECORDED = "Not recorded yet"
RECORDING = "● Recording…"
SAVING = "Keeping the take…"
PLAYBACK_PREFIX = "Your recording: "
READ_PREFIX = "Read aloud: "
_ACTIVE = (PlayerState.LOADING, PlayerState.PLAYING, PlayerState.PAUSED)


def recorded_text(seconds: float) -> str:
    """A recorded sentence's state, in words as well as a mark: "✓ Recorded (0:04)"."""
    return f"✓ Recorded ({format_clock(max(seconds, 1.0))})"


def count_text(recorded: int, total: int) -> str:
    return f"{recorded} of {total} recorded"


def recordings_home(services: Services) -> AppPaths:
    """Where recordings are kept: where the player's clips look for them (the app's own data folder)."""
    return services.clips.paths


def own_recordings(home: AppPaths, practice_id: str) -> dict[str, Path]:
    """sentence id -> the person's own recording of it (FLAC made here, or what a pack brought)."""
    folder = home.recordings / practice_id
    found: dict[str, Path] = {}
    if folder.is_dir():
        for extension in reversed(EXTENSIONS):  # the preferred kind last, so it wins (as the player chooses)
            for path in folder.glob(f"*{extension}"):
                found[path.stem] = path
    return found


@dataclass(frozen=True)
class Line:
    """One distinct sentence as the list shows it: where it first comes, and its recording's length if any."""

    sentence: Sentence
    section: str
    seconds: float | None
    path: Path | None


@dataclass(frozen=True)
class Loaded:
    practice: Practice
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class Kept:
    """A take kept for a sentence."""

    sentence_id: str
    seconds: float
    path: Path


@dataclass(frozen=True)
class Deleted:
    sentence_id: str
    removed: bool


def read_lines(path: Path, home: AppPaths) -> Loaded:
    """The practice and each distinct sentence with its recording's length (a worker's call)."""
    import soundfile

    practice = load_practice(path)
    recordings = own_recordings(home, practice.id)
    lines: list[Line] = []
    seen: set[str] = set()
    for section in practice.sections:
        for sentence in section.sentences:
            if sentence.id in seen:
                continue  # one recording serves every repetition of a line
            seen.add(sentence.id)
            seconds = None
            recording = recordings.get(sentence.id)
            if recording is not None:
                try:
                    seconds = float(soundfile.info(str(recording)).duration)
                except (RuntimeError, soundfile.LibsndfileError) as exc:
                    log.warning("%s: cannot be read (%s); shown as not recorded", recording, exc)
                    recording = None
            lines.append(Line(sentence, section.title, seconds, recording))
    return Loaded(practice, tuple(lines))


def _start(recorder: Recorder, home: AppPaths) -> Recorder:
    ensure_dir(home.data)  # the data folder, then the recordings folder in it: each private
    ensure_dir(home.recordings)
    recorder.start()
    return recorder


def _keep(recorder: Recorder, home: AppPaths, practice_id: str, sentence_id: str) -> Kept:
    take = recorder.stop()
    try:
        path = save_take(take, home, practice_id, sentence_id)
    except TakeRefused:
        take.discard()  # not kept: its temporary file goes now, not a day later
        raise
    return Kept(sentence_id, float(take.seconds), path)


def _delete(home: AppPaths, practice_id: str, sentence_id: str) -> Deleted:
    return Deleted(sentence_id, delete_recording(home, practice_id, sentence_id))


@dataclass(frozen=True)
class Devices:
    """The microphones listed; whether PortAudio looked again for them first, and if it did,
    the number the output device chosen in Settings has now."""

    found: list[InputDevice]
    looked_again: bool
    output: int | None = None


def _devices(look_again: bool, output: int | None) -> Devices:
    if not look_again:
        return Devices(input_devices(), False, output)
    # Looking again restarts PortAudio (refused while a take or a practice has sound open),
    # which can renumber the devices: the output chosen in Settings is found again by name.
    looked, output = same_output_after(look_again_for_inputs, output)
    return Devices(input_devices(), looked, output)


def preferred_device(devices: list[InputDevice], saved: str | None) -> int:
    """Which of `devices` to offer first: the one chosen last time (by name), else the usual one."""
    chosen = input_device_named(devices, saved)
    if chosen is not None:
        return devices.index(chosen)
    return next((position for position, device in enumerate(devices) if device.is_default), 0)


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
        self.recorder: Recorder | None = None
        self.phase = "idle"  # idle, starting, recording, saving, deleting
        self._stop_when_started = False
        self._take_item: QTreeWidgetItem | None = None
        self._playing: QTreeWidgetItem | None = None
        self._playing_title = ""
        self.confirm_delete: QMessageBox | None = None
        self.device_note = ""  # about the microphone chosen before, when it is not there now
        self.listing = False  # the microphones are being listed
        self._listing_asked = False  # ... because the person pressed Look again
        # The microphone's work (open, keep, drop) and deleting go one after another, in the order asked.
        self.serial = serial_task_runner()
        self.setWindowTitle("Record your voice")
        self._build()
        self.meter_timer = QTimer(self)
        self.meter_timer.setInterval(METER_INTERVAL_MS)
        self.meter_timer.timeout.connect(self._poll_meter)
        self.services.bridge.state_changed.connect(self._on_player_state)
        self._update_buttons()
        self._load()
        # Looking again at each opening: a microphone plugged in since KindAudio started is listed.
        self._list_devices(look_again=True, asked=False)

    # -- building ----------------------------------------------------------------

    def _build(self) -> None:
        self.heading = make_label("Record your voice", "page-title", accessible="Record your voice")
        how = make_label("Choose a sentence, press Record (or R), read it aloud at your own pace, then press Stop "
                         "(or R again): the take is kept. Space plays it back, ↓ goes to the next sentence. "
                         "Sentences you leave unrecorded are read by a computer voice.", "muted",
                         accessible="How recording works")

        self.device = QComboBox()
        self.device.setAccessibleName("Microphone")
        self.device.setToolTip("Which microphone to record from")
        self.device.addItem("Looking for microphones…", None)
        self.device.setEnabled(False)
        self.device.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.device.setMinimumContentsLength(22)
        self.device.activated.connect(self._device_chosen)  # the person choosing, never the box being filled
        device_label = make_buddy_label("&Microphone", self.device)
        self.look_again_button = make_button("Look again", "Look again for microphones",
                                             "Find a microphone connected since this window opened")
        self.look_again_button.setAutoDefault(False)
        self.look_again_button.clicked.connect(lambda: self._list_devices(look_again=True, asked=True))
        self.meter = QProgressBar()
        self.meter.setRange(0, 100)
        self.meter.setValue(0)
        self.meter.setTextVisible(False)
        self.meter.setAccessibleName("Input level")
        self.meter.setToolTip("How loud the microphone hears you while you record; aim for the middle")
        self.meter.setMinimumWidth(160)
        self.elapsed = make_label("", "muted", wrap=False, accessible="Length of this take")
        self.count = make_label("", "section-title", wrap=False, accessible="How many sentences are recorded")
        top = QHBoxLayout()
        top.addWidget(device_label)
        top.addWidget(self.device)
        top.addWidget(self.look_again_button)
        top.addSpacing(12)
        top.addWidget(make_label("Level", wrap=False))
        top.addWidget(self.meter, 1)
        top.addWidget(self.elapsed)
        top.addSpacing(12)
        top.addWidget(self.count)

        self.lines = QTreeWidget()
        self.lines.setColumnCount(2)
        self.lines.setHeaderLabels(["Sentence", "Your recording"])
        self.lines.setAccessibleName("The practice's sentences")
        self.lines.setToolTip("Choose a sentence to record; R records or stops, Space plays, Delete deletes")
        self.lines.setWordWrap(True)
        self.lines.setUniformRowHeights(False)
        self.lines.setRootIsDecorated(False)
        self.lines.setItemsExpandable(False)
        self.lines.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.lines.setVerticalScrollMode(QTreeWidget.ScrollMode.ScrollPerPixel)
        self.lines.setItemDelegate(WrappingDelegate(self.lines))
        header = self.lines.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(TEXT_COLUMN, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(STATE_COLUMN, QHeaderView.ResizeMode.ResizeToContents)
        header.sectionResized.connect(lambda *_: self.lines.scheduleDelayedItemsLayout())
        self.lines.currentItemChanged.connect(lambda *_: self._update_buttons())

        self.record_button = make_button("Record", "Record this sentence", "Start recording the chosen sentence (R)",
                                         "primary")
        self.record_button.clicked.connect(self.record)
        self.stop_button = make_button("Stop", "Stop", "Stop recording and keep the take, or stop playing (R)")
        self.stop_button.clicked.connect(self.stop)
        self.play_button = make_button("Play", "Play this recording", "Hear your recording of the chosen sentence "
                                       "(Space)")
        self.play_button.clicked.connect(self.play)
        self.hear_button = make_button("Hear it read", "Hear this sentence read",
                                       "Hear the chosen sentence read by the computer voice and pace set in Settings")
        self.hear_button.clicked.connect(self.hear_it_read)
        self.delete_button = make_button("Delete…", "Delete this recording",
                                         "Delete your recording of the chosen sentence; a computer voice reads it then")
        self.delete_button.clicked.connect(self.ask_to_delete)
        self.close_button = make_button("Close", "Close", "Close this window (takes kept so far stay kept)")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        for button in (self.record_button, self.stop_button, self.play_button, self.hear_button, self.delete_button):
            button.setAutoDefault(False)
        buttons = QHBoxLayout()
        for button in (self.record_button, self.stop_button, self.play_button, self.hear_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)

        self.status = make_label("Reading the practice…", accessible="What is happening", selectable=True)

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

        record_key = QShortcut(QKeySequence(Qt.Key.Key_R), self)
        record_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        record_key.activated.connect(self.toggle_recording)
        play_key = QShortcut(QKeySequence(Qt.Key.Key_Space), self.lines)
        play_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        play_key.activated.connect(self.play)
        delete_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.lines)
        delete_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete_key.activated.connect(self.ask_to_delete)
        size_to_screen(self, 960, 680, minimum=(560, 420))

    # -- loading -------------------------------------------------------------------

    def _load(self) -> None:
        def connect(task: Task) -> None:
            task.succeeded.connect(self._on_loaded)
            task.failed.connect(self._on_load_failed)

        self.services.tasks.run(read_lines, self.practice_path, self.home, connect=connect)

    def _on_loaded(self, loaded: Loaded) -> None:
        self.practice = loaded.practice
        self.heading.setText(f"Record your voice: {loaded.practice.title}")
        self.setWindowTitle(f"Record your voice: {loaded.practice.title}")
        section: str | None = None
        for line in loaded.lines:
            if line.section != section:
                section = line.section
                if section:
                    self._add_heading(section)
            item = QTreeWidgetItem(self.lines, [line.sentence.text, ""])
            item.setData(TEXT_COLUMN, SENTENCE_ROLE, line.sentence)
            self._set_state(item, line.seconds, line.path)
        first = self.sentence_items()
        if first:
            self.lines.setCurrentItem(first[0])
        self.status.setText(self.device_note)  # what the microphones' listing had to say, if it came first
        self._update_count()
        self._update_buttons()
        self.lines.setFocus()
        self.loaded.emit()

    def _on_load_failed(self, message: str) -> None:
        set_role(self.status, "error")
        self.status.setText(f"This practice can't be recorded as it is. {message}")
        self.loaded.emit()

    def _add_heading(self, title: str) -> None:
        item = QTreeWidgetItem(self.lines, ["", ""])
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)  # shown, never chosen
        item.setData(TEXT_COLUMN, Qt.ItemDataRole.AccessibleTextRole, f"Section: {title}")
        label = make_label(title, "section-title", accessible=f"Section: {title}")
        self.lines.setItemWidget(item, TEXT_COLUMN, label)

    def _list_devices(self, look_again: bool, asked: bool) -> None:
        """List the microphones (on the microphone's own thread: never while a take is opened or kept)."""
        self.listing = True
        self._listing_asked = asked  # one listing at a time: Look again waits for the one under way
        self._update_buttons()

        def connect(task: Task) -> None:
            # Bound methods, not a lambda: Qt drops them with the dialog if it closes first.
            task.succeeded.connect(self._on_devices)
            task.failed.connect(self._on_devices_failed)

        self.serial.run(_devices, look_again, self.services.settings.current.device, connect=connect)

    def _on_devices(self, listed: Devices) -> None:
        self.listing = False
        asked = self._listing_asked
        if listed.looked_again and listed.output != self.services.settings.current.device:
            log.info("the output device is number %s after looking again", listed.output)
            try:
                self.services.settings.update(device=listed.output)
            except (ValueError, OSError) as exc:
                log.warning("the output device's new number was not remembered: %s", exc)
            self.services.player.device = listed.output
        devices = listed.found
        saved = self.services.settings.current.input_device
        before = {str(self.device.itemData(i, DEVICE_NAME_ROLE)) for i in range(self.device.count())}
        chosen = self.device.itemData(self.device.currentIndex(), DEVICE_NAME_ROLE) if asked else None
        self.device.blockSignals(True)  # filling the box is not the person choosing
        try:
            self.device.clear()
            for device in devices:
                self.device.addItem(f"{device.name} (the usual one)" if device.is_default else device.name,
                                    device.index)
                self.device.setItemData(self.device.count() - 1, device.name, DEVICE_NAME_ROLE)
            # Looking again keeps the one in the box, else the one chosen last time.
            self.device.setCurrentIndex(preferred_device(devices, chosen if isinstance(chosen, str) else saved))
        finally:
            self.device.blockSignals(False)
        self.device.setEnabled(bool(devices))
        self.device_note = ""
        if devices and saved is not None and all(device.name != saved for device in devices):
            self.device_note = (f"The microphone you chose before ({saved}) is not connected now, so "
                                f"{self.device.currentText()} is chosen. You might connect it, then press "
                                "Look again.")
            if self.practice is not None:  # else the practice's loading shows it
                self.status.setText(self.device_note)
        if not devices:
            self.device.addItem("No microphone found", None)
            set_role(self.status, "error")
            self.status.setText("No microphone was found. You might plug one in, then press Look again.")
        elif asked:
            self._say_what_was_found(listed, [d.name for d in devices if d.name not in before])
        self._update_buttons()
        self.devices_listed.emit()

    def _say_what_was_found(self, listed: Devices, new: list[str]) -> None:
        set_role(self.status, "")
        if not listed.looked_again:
            self.status.setText("New microphones can be found only while no sound is open: you might stop the "
                                "practice playing or paused, then press Look again.")
        elif new:
            self.status.setText(f"Found {' and '.join(new)}: you can choose it under Microphone.")
        elif not self.device_note:
            self.status.setText("No other microphone was found. A microphone that was just plugged in can take "
                                "a few seconds to be ready: you might press Look again in a moment.")

    def _on_devices_failed(self, message: str) -> None:
        self.listing = False
        self.device.clear()
        self.device.addItem("No microphone found", None)
        set_role(self.status, "error")
        self.status.setText(f"The microphones could not be listed. {message}")
        self._update_buttons()
        self.devices_listed.emit()

    def _device_chosen(self, index: int) -> None:
        """The person chose a microphone: it is remembered for next time (and shown in Settings)."""
        name = self.device.itemData(index, DEVICE_NAME_ROLE)
        if isinstance(name, str):
            try:
                self.services.settings.update(input_device=name)
            except (ValueError, OSError) as exc:
                log.warning("the microphone was not remembered: %s", exc)

    # -- reading the list --------------------------------------------------------------

    def _items(self) -> list[QTreeWidgetItem]:
        items = (self.lines.topLevelItem(index) for index in range(self.lines.topLevelItemCount()))
        return [item for item in items if item is not None]

    def sentence_items(self) -> list[QTreeWidgetItem]:
        """The rows that are sentences, in order."""
        return [item for item in self._items() if isinstance(item.data(TEXT_COLUMN, SENTENCE_ROLE), Sentence)]

    def item_for(self, sentence_id: str) -> QTreeWidgetItem | None:
        return next((item for item in self.sentence_items() if _sentence(item).id == sentence_id), None)

    def selected(self) -> QTreeWidgetItem | None:
        item = self.lines.currentItem()
        return item if item is not None and isinstance(item.data(TEXT_COLUMN, SENTENCE_ROLE), Sentence) else None

    def state_text(self, item: QTreeWidgetItem) -> str:
        return item.text(STATE_COLUMN)

    @staticmethod
    def is_recorded(item: QTreeWidgetItem) -> bool:
        return item.data(STATE_COLUMN, SENTENCE_ROLE) is not None

    def recorded_count(self) -> int:
        return sum(1 for item in self.sentence_items() if self.is_recorded(item))

    def _set_state(self, item: QTreeWidgetItem, seconds: float | None, path: Path | None = None,
                   busy: str | None = None) -> None:
        """Recorded (with its length) or not; `busy` ("Recording…") stands in while a take is made."""
        if busy is None:
            item.setData(STATE_COLUMN, SENTENCE_ROLE, seconds)
            item.setData(STATE_COLUMN, PATH_ROLE, path)
        text = busy or (recorded_text(seconds) if seconds is not None else NOT_RECORDED)
        item.setText(STATE_COLUMN, text)
        item.setData(STATE_COLUMN, Qt.ItemDataRole.AccessibleTextRole, text)
        item.setToolTip(STATE_COLUMN, "Your recording plays for this sentence" if seconds is not None and not busy
                        else "A computer voice reads this sentence until you record it")

    def _restore_state(self, item: QTreeWidgetItem) -> None:
        """Back to what it was before a take was tried: an earlier recording stays."""
        self._set_state(item, item.data(STATE_COLUMN, SENTENCE_ROLE), item.data(STATE_COLUMN, PATH_ROLE))

    def _update_count(self) -> None:
        self.count.setText(count_text(self.recorded_count(), len(self.sentence_items())))

    # -- buttons -----------------------------------------------------------------------

    def _update_buttons(self) -> None:
        item = self.selected()
        idle = self.phase == "idle"
        recorded = item is not None and self.is_recorded(item)
        has_device = self.device.currentData() is not None
        self.record_button.setEnabled(idle and item is not None and has_device and self._playing is None)
        self.record_button.setText("Record again" if recorded else "Record")
        self.record_button.setToolTip("Record this sentence again; the new take replaces the old one when kept (R)"
                                      if recorded else "Start recording the chosen sentence (R)")
        taking = self.phase in ("starting", "recording")
        self.stop_button.setEnabled(taking or self._playing is not None)
        # The button to press next stands out: Stop while a take is made, Record otherwise.
        if self.stop_button.property("role") != ("primary" if taking else "secondary"):
            set_role(self.stop_button, "primary" if taking else "secondary")
            set_role(self.record_button, "secondary" if taking else "primary")
        self.play_button.setEnabled(idle and recorded)
        self.hear_button.setEnabled(idle and item is not None)
        self.delete_button.setEnabled(idle and recorded and self._playing is None)
        self.device.setEnabled(idle and self.device.count() > 0 and has_device)
        self.look_again_button.setEnabled(idle and not self.listing and self._playing is None)

    # -- recording -----------------------------------------------------------------------

    def toggle_recording(self) -> None:
        """R: record the chosen sentence, or stop the take being made."""
        if self.phase in ("starting", "recording"):
            self.stop()
        else:
            self.record()

    def record(self) -> None:
        item = self.selected()
        if self.phase != "idle" or item is None or self.practice is None or self.device.currentData() is None:
            return
        self.stop_playing()
        device = self.device.currentData()
        self.recorder = Recorder(device=int(device), folder=self.home.recordings)
        self.phase = "starting"
        self._stop_when_started = False
        self._take_item = item
        self._set_state(item, None, busy=RECORDING)
        set_role(self.status, "")
        self.status.setText("Getting the microphone ready…")
        self._update_buttons()

        def connect(task: Task) -> None:
            task.succeeded.connect(self._on_started)
            task.failed.connect(self._on_take_failed)

        self.serial.run(_start, self.recorder, self.home, connect=connect)

    def _on_started(self, _recorder: Recorder) -> None:
        if self.phase != "starting":
            return
        self.phase = "recording"
        self.meter_timer.start()
        self.status.setText("Recording. Read the sentence when you are ready; press Stop or R when you are done.")
        self._update_buttons()
        log.info("recording a take for %s", self.practice.id if self.practice else "?")
        self.recording_started.emit()
        if self._stop_when_started:
            self.stop()

    def stop(self) -> None:
        """Stop the take being made and keep it (or stop playing back)."""
        if self.phase == "starting":
            self._stop_when_started = True
            return
        if self.phase != "recording":
            self.stop_playing()
            return
        recorder, item, practice = self.recorder, self._take_item, self.practice
        if recorder is None or item is None or practice is None:
            return
        self.phase = "saving"
        self.meter_timer.stop()
        self.meter.setValue(0)
        self._set_state(item, None, busy=SAVING)
        self.status.setText("Keeping the take…")
        self._update_buttons()

        def connect(task: Task) -> None:
            task.succeeded.connect(self._on_kept)
            task.failed.connect(self._on_take_failed)

        self.serial.run(_keep, recorder, self.home, practice.id, _sentence(item).id, connect=connect)

    def _on_kept(self, kept: Kept) -> None:
        self.phase = "idle"
        self.recorder = None
        self._take_item = None
        self.changed = True
        item = self.item_for(kept.sentence_id)
        if item is not None:
            self._set_state(item, kept.seconds, kept.path)
        self.elapsed.setText("")
        self.status.setText(f"Kept ({format_clock(max(kept.seconds, 1.0))}). ↓ goes to the next sentence; "
                            "R records this one again.")
        self._update_count()
        self._update_buttons()
        self.lines.setFocus()  # so ↓ and Space work straight away
        log.info("kept a take: %s", kept.path)
        self.take_kept.emit(kept.sentence_id)

    def _on_take_failed(self, message: str) -> None:
        item = self._take_item
        self.phase = "idle"
        self.meter_timer.stop()
        self.meter.setValue(0)
        self.elapsed.setText("")
        recorder, self.recorder, self._take_item = self.recorder, None, None
        if recorder is not None:
            self.serial.run(recorder.cancel)  # whatever was half made goes
        if item is not None:
            self._restore_state(item)  # as it was: an earlier take stays
        set_role(self.status, "error")
        self.status.setText(f"The take was not kept. {message}")
        self._update_buttons()
        self.take_failed.emit(message)

    def _poll_meter(self) -> None:
        recorder = self.recorder
        if recorder is None or self.phase != "recording":
            return
        self.meter.setValue(int(round(min(max(recorder.level(), 0.0), 1.0) * 100)))
        seconds = recorder.elapsed()
        self.elapsed.setText(format_clock(seconds))
        if not recorder.running or seconds >= MAX_RECORDING_SECONDS:
            # It stopped by itself (a sentence's recording may last so long at most, or the
            # microphone went away): what came in is kept, as if Stop had been pressed.
            self.stop()

    def _cancel_take(self) -> None:
        """Leaving while recording: the take is dropped, any earlier recording stays."""
        if self.phase in ("starting", "recording") and self.recorder is not None:
            recorder, self.recorder = self.recorder, None
            self.meter_timer.stop()
            self.phase = "idle"
            item, self._take_item = self._take_item, None
            if item is not None:
                self._restore_state(item)
            self.serial.run(_cancel_when_started, recorder)

    # -- playing back ----------------------------------------------------------------------

    def play(self) -> None:
        item = self.selected()
        if self.phase != "idle" or item is None or not self.is_recorded(item) or self.practice is None:
            return
        sentence = _sentence(item)
        path = item.data(STATE_COLUMN, PATH_ROLE)
        title = f"{PLAYBACK_PREFIX}{sentence.text}"
        log.info("playing back %s", path)
        self._play(item, title, f"Playing your recording of “{sentence.text}”",
                   functools.partial(recording_programme, Path(path), sentence, self.practice.id, title))

    def hear_it_read(self) -> None:
        """The chosen sentence in the Settings voice and pace: how it sounds before (or instead of) recording it."""
        item = self.selected()
        if self.phase != "idle" or item is None or self.practice is None:
            return
        sentence, settings = _sentence(item), self.services.settings.current
        build = functools.partial(sentence_programme, self.services.clips, self.practice, sentence, settings.voice,
                                  settings.rate, use_recordings=False)
        self._play(item, f"{READ_PREFIX}{sentence.text}", f"Reading “{sentence.text}” aloud", build)

    def _play(self, item: QTreeWidgetItem, title: str, saying: str, build: Callable[[], LiveProgramme]) -> None:
        self._playing, self._playing_title = item, title
        self.status.setText(saying)
        set_role(self.status, "")
        self.services.player.play(build, title)
        self._update_buttons()

    def stop_playing(self) -> None:
        if self._playing is not None and self.services.player.status().title == self._playing_title:
            self.services.player.stop(wait=False)
        self._playing = None
        self._update_buttons()

    def _on_player_state(self, status: PlayerStatus) -> None:
        if self._playing is None:
            return
        if status.title != self._playing_title:
            if status.state in _ACTIVE:
                self._playing = None
                self._update_buttons()
            return
        if status.state is PlayerState.FAILED:
            self._playing = None
            set_role(self.status, "error")
            reading = status.title.startswith(READ_PREFIX)
            what = "The sentence could not be read aloud." if reading else "The recording could not be played."
            message = status.message or ""
            self.status.setText(f"{what} {message[:1].upper()}{message[1:]}".strip())
            self._update_buttons()
        elif status.state in (PlayerState.FINISHED, PlayerState.IDLE):
            self._playing = None
            self.status.setText("")
            self._update_buttons()

    @property
    def playing(self) -> bool:
        return self._playing is not None

    # -- deleting --------------------------------------------------------------------------

    def ask_to_delete(self) -> QMessageBox | None:
        """Ask before a recording is deleted (the window stays usable while the question is open)."""
        item = self.selected()
        if self.phase != "idle" or item is None or not self.is_recorded(item):
            return None
        sentence = _sentence(item)
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
        self.phase = "deleting"
        self._update_buttons()

        def connect(task: Task) -> None:
            task.succeeded.connect(self._on_deleted)
            task.failed.connect(self._on_delete_failed)

        self.serial.run(_delete, self.home, self.practice.id, sentence_id, connect=connect)

    def _on_deleted(self, deleted: Deleted) -> None:
        self.phase = "idle"
        self.changed = True
        item = self.item_for(deleted.sentence_id)
        if item is not None:
            self._set_state(item, None)
        set_role(self.status, "")
        self.status.setText("The recording is deleted; a computer voice reads that sentence now.")
        self._update_count()
        self._update_buttons()
        self.lines.setFocus()
        self.recording_deleted.emit(deleted.sentence_id)

    def _on_delete_failed(self, message: str) -> None:
        self.phase = "idle"
        set_role(self.status, "error")
        self.status.setText(f"The recording was not deleted. {message}")
        self._update_buttons()

    # -- closing ---------------------------------------------------------------------------

    def done(self, result: int) -> None:
        self._cancel_take()
        self.stop_playing()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        self._cancel_take()
        self.stop_playing()
        super().closeEvent(event)


def _sentence(item: QTreeWidgetItem) -> Sentence:
    sentence = item.data(TEXT_COLUMN, SENTENCE_ROLE)
    assert isinstance(sentence, Sentence)
    return sentence


def _cancel_when_started(recorder: Recorder) -> None:
    recorder.cancel()

