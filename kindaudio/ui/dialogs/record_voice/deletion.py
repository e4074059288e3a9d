"""Deleting a sentence's recording (on the microphone's worker, after whatever it is doing), and what the
window says about it: the computer voice reads that sentence from then on."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel

from kindaudio.common.paths import AppPaths
from kindaudio.ui.dialogs.record_voice.data import Deleted, delete_sentence_recording
from kindaudio.ui.dialogs.record_voice.sentence_list import SentenceList
from kindaudio.ui.tasks import Task, TaskRunner
from kindaudio.ui.widgets.basics import set_role


class Deletion(QObject):
    """One deletion at a time.

    Attributes:
        busy: a recording is being deleted.

    Signals:
        deleted(str): this sentence id's recording was deleted; its row says so.
        failed(str): it was not deleted, in words for a person (said in the status line).
    """

    deleted = Signal(str)
    failed = Signal(str)

    def __init__(self, serial: TaskRunner, home: AppPaths, lines: SentenceList, status: QLabel,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.serial, self.home, self.lines, self.status = serial, home, lines, status
        self.busy = False

    def delete(self, practice_id: str, sentence_id: str) -> None:
        self.busy = True

        def connect(task: Task) -> None:
            task.succeeded.connect(self._on_deleted)
            task.failed.connect(self._on_failed)

        self.serial.run(delete_sentence_recording, self.home, practice_id, sentence_id, connect=connect)

    def _on_deleted(self, deleted: Deleted) -> None:
        self.busy = False
        item = self.lines.item_for(deleted.sentence_id)
        if item is not None:
            self.lines.set_state(item, None)
        set_role(self.status, "")
        self.status.setText("The recording is deleted; a computer voice reads that sentence now.")
        self.deleted.emit(deleted.sentence_id)

    def _on_failed(self, message: str) -> None:
        self.busy = False
        set_role(self.status, "error")
        self.status.setText(f"The recording was not deleted. {message}")
        self.failed.emit(message)
