"""The first run's voice: the same voice list as everywhere (voice_list.py) and the same Hear a sample
as Settings (voice_sample.py), saved as the default voice as soon as it is chosen."""

from __future__ import annotations

import logging

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kindaudio.audio.tts.voices import VoiceList
from kindaudio.ui.services import Services
from kindaudio.ui.tasks import Task
from kindaudio.ui.widgets.basics import make_button, make_label
from kindaudio.ui.widgets.voice_list import VoiceChooser, default_leading
from kindaudio.ui.widgets.voice_sample import VoiceSample

log = logging.getLogger(__name__)


class VoiceChoice(QWidget):
    """A voice box, its every-language check box, and Hear a sample with what it is doing.

    Call `load()` to list the voices (off the GUI thread: it starts a speech worker).

    Signals:
        voices_loaded(): the list is filled (or says why it could not be).
    """

    voices_loaded = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.sample = VoiceSample(services, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.chooser = VoiceChooser("Voice", "The voice practices use unless you choose another for one")
        self.combo = self.chooser.combo
        self.combo.setMaximumWidth(680)
        self.combo.addItem("Finding the voices…", None)
        self.combo.setEnabled(False)
        self.combo.currentIndexChanged.connect(self._chosen)
        row = QHBoxLayout()
        row.setSpacing(12)
        row.addWidget(self.combo, 1)
        self.sample_button = make_button("Hear a sample", "Hear a sample of the voice",
                                         "Speak one short sentence with this voice")
        self.sample_button.clicked.connect(self.sample.play)
        row.addWidget(self.sample_button)
        layout.addLayout(row)
        layout.addWidget(self.chooser.every_language)
        self.sample_status = make_label("", "muted", accessible="Sample status")
        layout.addWidget(self.sample_status)
        self.problem = make_label("", "error", selectable=True, accessible="Voice problem")
        self.problem.hide()
        layout.addWidget(self.problem)
        self.sample_status.hide()  # until a sample is asked for
        self.sample.status.connect(self._say_status)
        self.sample.failed.connect(self._say_problem)

    def load(self) -> None:
        def connect(task: Task) -> None:
            task.succeeded.connect(self._show_voices)
            task.failed.connect(self._voices_failed)

        self.services.tasks.run(self.services.clips.voices, connect=connect)

    def _show_voices(self, voices: VoiceList) -> None:
        self.chooser.fill(voices, self.services.settings.current.voice, [default_leading(voices)], keep_missing=True)
        self.combo.setEnabled(bool(voices.voices))
        if not voices.voices:
            self._say_problem("No voice is installed yet; the voice can be chosen in Settings once one is.")
        self.voices_loaded.emit()

    def _voices_failed(self, message: str) -> None:
        self.combo.clear()
        self.combo.addItem("Default", None)
        self._say_problem(f"The voices could not be listed: {message}")
        self.voices_loaded.emit()

    def _say_status(self, text: str) -> None:
        self.sample_status.setText(text)
        self.sample_status.setVisible(bool(text))

    def _say_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    def _chosen(self, index: int) -> None:
        if not self.combo.isEnabled():
            return
        try:
            self.services.settings.update(voice=self.combo.itemData(index))
        except (ValueError, OSError) as exc:
            log.warning("settings not saved: %s", exc)
            self._say_problem(f"That voice could not be kept: {exc}")
