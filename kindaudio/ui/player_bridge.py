"""The player's events as Qt signals, delivered on the GUI thread.

The player calls its listeners on its own thread; emitting a signal from there
to widgets on the GUI thread is a queued connection, so the widgets only ever
see the status on their own thread. Nothing here runs in the audio callback.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from kindaudio.audio import EventKind, Player, PlayerEvent


class PlayerBridge(QObject):
    """Adapts a Player's listener interface to signals.

    Signals (each carries a kindaudio.audio.playback.status.PlayerStatus):
        state_changed: idle, loading, playing, paused, finished or failed.
        position_changed: a few times a second while playing.
        section_changed: a new section began.
        sentence_changed: the caption changed (status.sentence, None in silence).
        finished: the practice played to its end.
    """

    state_changed = Signal(object)
    position_changed = Signal(object)
    section_changed = Signal(object)
    sentence_changed = Signal(object)
    finished = Signal(object)

    def __init__(self, player: Player, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.player = player
        self._signals = {EventKind.STATE: self.state_changed, EventKind.POSITION: self.position_changed,
                         EventKind.SECTION: self.section_changed, EventKind.SENTENCE: self.sentence_changed,
                         EventKind.FINISHED: self.finished}
        player.add_listener(self._on_event)

    def _on_event(self, event: PlayerEvent) -> None:
        self._signals[event.kind].emit(event.status)

    def detach(self) -> None:
        self.player.remove_listener(self._on_event)
