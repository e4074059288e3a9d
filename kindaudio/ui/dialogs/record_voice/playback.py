"""Hearing one sentence through the app's player: one's own recording of it, or the computer voice reading it
in the voice and pace chosen in Settings (how it sounds before, or instead of, recording it)."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel, QTreeWidgetItem

from kindaudio.audio import LiveProgramme, PlayerState, PlayerStatus, recording_programme, sentence_programme
from kindaudio.script.model import Practice
from kindaudio.ui.dialogs.record_voice.sentence_list import recording_of, sentence_of
from kindaudio.ui.dialogs.record_voice.text import PLAYBACK_PREFIX, READ_PREFIX, playback_failed_text
from kindaudio.ui.services import Services
from kindaudio.ui.widgets.basics import set_role

log = logging.getLogger(__name__)

_ACTIVE = (PlayerState.LOADING, PlayerState.PLAYING, PlayerState.PAUSED)


class SentencePlayback(QObject):
    """What plays now (its row, and the player's title for it), followed through the player's states.

    Signals:
        over(): it is no longer playing: it ended, was stopped, failed (said in the status line) or
            something else started playing in its place.
    """

    over = Signal()

    def __init__(self, services: Services, status: QLabel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services, self.status = services, status
        self.item: QTreeWidgetItem | None = None  # the row whose sentence plays
        self.title = ""
        services.bridge.state_changed.connect(self._on_player_state)

    @property
    def playing(self) -> bool:
        return self.item is not None

    def play_recording(self, item: QTreeWidgetItem, practice: Practice) -> None:
        """One's own recording of the sentence in `item`'s row."""
        sentence, path = sentence_of(item), recording_of(item)
        title = f"{PLAYBACK_PREFIX}{sentence.text}"
        log.info("playing back %s", path)
        self._play(item, title, f"Playing your recording of “{sentence.text}”",
                   functools.partial(recording_programme, path, sentence, practice.id, title))

    def read_aloud(self, item: QTreeWidgetItem, practice: Practice) -> None:
        """The sentence in `item`'s row, read by the computer voice chosen in Settings."""
        sentence, settings = sentence_of(item), self.services.settings.current
        build = functools.partial(sentence_programme, self.services.clips, practice, sentence, settings.voice,
                                  settings.rate, use_recordings=False)
        self._play(item, f"{READ_PREFIX}{sentence.text}", f"Reading “{sentence.text}” aloud", build)

    def _play(self, item: QTreeWidgetItem, title: str, saying: str, build: Callable[[], LiveProgramme]) -> None:
        self.item, self.title = item, title
        self.status.setText(saying)
        set_role(self.status, "")
        self.services.player.play(build, title)

    def stop(self) -> None:
        """Stop it (only if the player still plays it: a practice started elsewhere goes on)."""
        if self.item is not None and self.services.player.status().title == self.title:
            self.services.player.stop(wait=False)
        self.item = None

    def _on_player_state(self, status: PlayerStatus) -> None:
        if self.item is None:
            return
        if status.title != self.title:
            if status.state in _ACTIVE:
                self.item = None
                self.over.emit()
            return
        if status.state is PlayerState.FAILED:
            self.item = None
            set_role(self.status, "error")
            self.status.setText(playback_failed_text(status.title.startswith(READ_PREFIX), status.message or ""))
            self.over.emit()
        elif status.state in (PlayerState.FINISHED, PlayerState.IDLE):
            self.item = None
            self.status.setText("")
            self.over.emit()
