"""What the pages share: the core services, built once by the composition root (app.py).

Pages receive a Services and call the core through it; none of them builds a
service of its own, so tests can build one Services on a temporary home and
drive any page with real parts.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal

from kindaudio.audio.clips import ClipProvider
from kindaudio.audio.player import Player
from kindaudio.paths import AppPaths
from kindaudio.settings import Settings, load_settings, save_settings
from kindaudio.ui.player_bridge import PlayerBridge
from kindaudio.ui.tasks import TaskRunner

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


@dataclass
class Services:
    paths: AppPaths
    clips: ClipProvider
    player: Player
    bridge: PlayerBridge
    tasks: TaskRunner
    settings: SettingsStore
    closed: bool = field(default=False)

    @classmethod
    def create(cls, paths: AppPaths, tasks: TaskRunner | None = None) -> Services:
        settings = SettingsStore(paths)
        player = Player(device=settings.current.device)
        return cls(paths=paths, clips=ClipProvider(paths), player=player, bridge=PlayerBridge(player),
                   tasks=tasks or TaskRunner(), settings=settings)

    def close(self) -> None:
        """Stop playback (with its fade), finish background work, stop the speech workers."""
        if self.closed:
            return
        self.closed = True
        self.player.close()
        self.bridge.detach()
        self.tasks.wait(10_000)
        self.clips.close()
