"""Making one take of a sentence: the microphone opened, its level shown while the person reads, the take
kept (or dropped), and what the window says meanwhile.

Opening, keeping and dropping run on the microphone's own serial worker, in
the order asked; while a take is being made a meter polls the recorder's
level about 30 times a second. While it is made the sentence's row says so;
when it fails the row is as it was (an earlier take stays).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel, QProgressBar, QTreeWidgetItem

from kindaudio.audio import MAX_RECORDING_SECONDS, Recorder
from kindaudio.common.paths import AppPaths
from kindaudio.script.durations import format_clock
from kindaudio.ui.dialogs.record_voice.data import Kept, cancel_take, keep_take, start_take
from kindaudio.ui.dialogs.record_voice.sentence_list import SentenceList, sentence_of
from kindaudio.ui.dialogs.record_voice.text import RECORDING, SAVING
from kindaudio.ui.tasks import Task, TaskRunner
from kindaudio.ui.widgets.basics import make_label, set_role

log = logging.getLogger(__name__)

METER_INTERVAL_MS = 33  # about 30 times a second


class Takes(QObject):
    """One take at a time, through its phases: idle, starting, recording, saving (then idle again).

    Attributes:
        recorder: the Recorder of the take being made, if one is.
        meter, elapsed: the take's input level and length, shown while it is made.

    Signals:
        started(): the microphone is open: the take is being made.
        saving(): the take stopped and is being kept.
        kept(object): the Kept take; its row shows the recording now.
        failed(str): opening the microphone or keeping the take went wrong, in words for a person.
    """

    started = Signal()
    saving = Signal()
    kept = Signal(object)
    failed = Signal(str)

    def __init__(self, serial: TaskRunner, home: AppPaths, lines: SentenceList, status: QLabel,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.serial, self.home, self.lines, self.status = serial, home, lines, status
        self.phase = "idle"
        self.recorder: Recorder | None = None
        self.practice_id = ""
        self._item: QTreeWidgetItem | None = None  # the sentence's row
        self._stop_when_started = False
        self.meter = QProgressBar()
        self.meter.setRange(0, 100)
        self.meter.setValue(0)
        self.meter.setTextVisible(False)
        self.meter.setAccessibleName("Input level")
        self.meter.setToolTip("How loud the microphone hears you while you record; aim for the middle")
        self.meter.setMinimumWidth(160)
        self.elapsed = make_label("", "muted", wrap=False, accessible="Length of this take")
        self._meter_timer = QTimer(self)
        self._meter_timer.setInterval(METER_INTERVAL_MS)
        self._meter_timer.timeout.connect(self._poll_meter)

    @property
    def taking(self) -> bool:
        """A take is being made (or the microphone is opening for one)."""
        return self.phase in ("starting", "recording")

    def start(self, item: QTreeWidgetItem, practice_id: str, device: int) -> None:
        """Open the microphone for a take of the sentence in `item`'s row; `started` or `failed` follows."""
        self.recorder = Recorder(device=device, folder=self.home.recordings)
        self.phase = "starting"
        self._stop_when_started = False
        self._item, self.practice_id = item, practice_id
        self.lines.set_state(item, None, busy=RECORDING)
        set_role(self.status, "")
        self.status.setText("Getting the microphone ready…")

        def connect(task: Task) -> None:
            task.succeeded.connect(self._on_started)
            task.failed.connect(self._on_failed)

        self.serial.run(start_take, self.recorder, self.home, connect=connect)

    def _on_started(self, _recorder: Recorder) -> None:
        if self.phase != "starting":
            return
        self.phase = "recording"
        self._meter_timer.start()
        self.status.setText("Recording. Read the sentence when you are ready; press Stop or R when you are done.")
        log.info("recording a take for %s", self.practice_id or "?")
        self.started.emit()
        if self._stop_when_started:
            self.stop()

    def stop(self) -> bool:
        """Stop the take being made and keep it (once it has started); False when none is being made."""
        if self.phase == "starting":
            self._stop_when_started = True
            return True
        if self.phase != "recording":
            return False
        recorder, item = self.recorder, self._item
        if recorder is None or item is None:
            return True
        self.phase = "saving"
        self._meter_timer.stop()
        self.meter.setValue(0)
        self.lines.set_state(item, None, busy=SAVING)
        self.status.setText(SAVING)

        def connect(task: Task) -> None:
            task.succeeded.connect(self._on_kept)
            task.failed.connect(self._on_failed)

        self.serial.run(keep_take, recorder, self.home, self.practice_id, sentence_of(item).id, connect=connect)
        self.saving.emit()
        return True

    def _on_kept(self, kept: Kept) -> None:
        self.phase = "idle"
        self.recorder = None
        self._item = None
        item = self.lines.item_for(kept.sentence_id)
        if item is not None:
            self.lines.set_state(item, kept.seconds, kept.path)
        self.elapsed.setText("")
        self.status.setText(f"Kept ({format_clock(max(kept.seconds, 1.0))}). ↓ goes to the next sentence; "
                            "R records this one again.")
        log.info("kept a take: %s", kept.path)
        self.kept.emit(kept)

    def _on_failed(self, message: str) -> None:
        item = self._item
        self.phase = "idle"
        self._meter_timer.stop()
        self.meter.setValue(0)
        self.elapsed.setText("")
        recorder, self.recorder, self._item = self.recorder, None, None
        if recorder is not None:
            self.serial.run(recorder.cancel)  # whatever was half made goes
        if item is not None:
            self.lines.restore_state(item)  # as it was: an earlier take stays
        set_role(self.status, "error")
        self.status.setText(f"The take was not kept. {message}")
        self.failed.emit(message)

    def cancel(self) -> None:
        """Leaving while recording: the take is dropped, any earlier recording stays."""
        if self.taking and self.recorder is not None:
            recorder, self.recorder = self.recorder, None
            self._meter_timer.stop()
            self.phase = "idle"
            item, self._item = self._item, None
            if item is not None:
                self.lines.restore_state(item)
            self.serial.run(cancel_take, recorder)

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
