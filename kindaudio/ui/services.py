"""What the pages share: the core services, built once by the composition root (app.py).

Pages receive a Services and call the core through it; none of them builds a
service of its own, so tests can build one Services on a temporary home and
drive any page with real parts.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from kindaudio.paths import AppPaths
from kindaudio.settings import Settings, load_settings, save_settings
from kindaudio.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from kindaudio.audio.clips import ClipProvider
    from kindaudio.audio.player import Player
    from kindaudio.ui.player_bridge import PlayerBridge

log = logging.getLogger(__name__)


class SettingsStore(QObject):
    """The settings, saved on every change.

    Signals:
        changed(object): the new Settings.
    """

    changed = Signal(object)

    def __init__(self, paths: AppPaths, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.paths = paths
        self.current: Settings = load_settings(paths)

    def update(self, **changes: object) -> Settings:
        """Change some settings (raises ValueError for a value out of range)."""
        new = self.current.replace(**changes)
        if new != self.current:
            save_settings(self.paths, new)
            self.current = new
            self.changed.emit(new)
        return new


class Services:
    """The core services. The speech provider, the player and its bridge are made
    on first use: the Library needs none of them, so the window comes up first."""

    def __init__(self, paths: AppPaths, tasks: TaskRunner, settings: SettingsStore,
                 clips: ClipProvider | None = None, player: Player | None = None,
                 bridge: PlayerBridge | None = None) -> None:
        self.paths, self.tasks, self.settings = paths, tasks, settings
        self._clips, self._player, self._bridge = clips, player, bridge
        self.closed = False

    @classmethod
    def create(cls, paths: AppPaths, tasks: TaskRunner | None = None) -> Services:
        return cls(paths=paths, tasks=tasks or TaskRunner(), settings=SettingsStore(paths))

    @property
    def clips(self) -> ClipProvider:
        if self._clips is None:
            from kindaudio.audio.clips import ClipProvider

            self._clips = ClipProvider(self.paths)
        return self._clips

    @property
    def player(self) -> Player:
        if self._player is None:
            from kindaudio.audio.player import Player

            self._player = Player(device=self.settings.current.device)
        return self._player

    @property
    def bridge(self) -> PlayerBridge:
        if self._bridge is None:
            from kindaudio.ui.player_bridge import PlayerBridge

            self._bridge = PlayerBridge(self.player)
        return self._bridge

    def close(self) -> None:
        """Stop playback (with its fade), finish background work, stop the speech workers."""
        if self.closed:
            return
        self.closed = True
        if self._player is not None:
            self._player.close()
        if self._bridge is not None:
            self._bridge.detach()
        self.tasks.wait(10_000)
        if self._clips is not None:
            self._clips.close()
