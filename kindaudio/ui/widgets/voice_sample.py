"""Hear a sample: one short sentence of our own, spoken in the chosen voice and rate through the player.

Shared by Settings' voice panel and the first run's voice choice, so both
say the same sentence, report the same states ("Getting the voice ready…",
"Speaking…") and stop listening as soon as something else plays.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from kindaudio.audio import PlayerState, PlayerStatus, sentence_programme
from kindaudio.script.model import Practice
from kindaudio.script.parser import parse_practice
from kindaudio.ui.services import Services

log = logging.getLogger(__name__)

SAMPLE_TITLE = "Voice sample"
SAMPLE_TEXT = "This is the voice that can keep you company while you practise."
SAMPLE_SCRIPT = f"---\ntitle: {SAMPLE_TITLE}\n---\n{SAMPLE_TEXT}\n"
GETTING_READY = "Getting the voice ready…"
SPEAKING = "Speaking…"


def sample_practice() -> Practice:
    """One sentence of our own, parsed in memory: what Hear a sample speaks."""
    return parse_practice(SAMPLE_SCRIPT, Path("voice-sample.md"))


class VoiceSample(QObject):
    """Plays the sample sentence and says how it is going.

    Signals:
        status(str): what the sample is doing, for a label beside the button ("" when it is over).
        failed(str): the sample could not be played; why, in words for a person.
    """

    status = Signal(str)
    failed = Signal(str)

    def __init__(self, services: Services, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self._sample: Practice | None = None
        self.sampling = False
        services.bridge.state_changed.connect(self._player_state)

    def play(self) -> None:
        """Speak the sentence with the voice and rate in the settings (stopping whatever plays)."""
        if self._sample is None:
            self._sample = sample_practice()
        practice = self._sample
        sentence = practice.sentences[0]
        settings = self.services.settings.current
        clips = self.services.clips
        self.sampling = True
        self.status.emit(GETTING_READY)
        self.services.player.play(lambda: sentence_programme(clips, practice, sentence, settings.voice,
                                                             settings.rate), SAMPLE_TITLE)

    def _player_state(self, status: PlayerStatus) -> None:
        if not self.sampling:
            return
        if status.title and status.title != SAMPLE_TITLE:
            self.sampling = False  # something else plays now
            self.status.emit("")
            return
        if status.state is PlayerState.LOADING:
            self.status.emit(GETTING_READY)
        elif status.state is PlayerState.PLAYING:
            self.status.emit(SPEAKING)
        elif status.state is PlayerState.FAILED:
            self.sampling = False
            self.status.emit("")
            log.warning("the voice sample could not be played")
            self.failed.emit(f"The sample could not be played: {status.message}")
        elif status.state in (PlayerState.FINISHED, PlayerState.IDLE):
            self.sampling = False
            self.status.emit("")
