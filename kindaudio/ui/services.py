"""What the pages share: the core services, built once by the composition root (app.py).

Pages receive a Services and call the core through it; none of them builds a
service of its own, so tests can build one Services on a temporary home and
drive any page with real parts.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThreadPool, Signal

from kindaudio.common.paths import AppPaths
from kindaudio.common.settings import Settings, load_settings, save_settings
from kindaudio.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from pathlib import Path

    from kindaudio.audio import ClipProvider, Player
    from kindaudio.journal.records import Backup
    from kindaudio.journal.store import Journal
    from kindaudio.ui.player_bridge import PlayerBridge

log = logging.getLogger(__name__)

WARM_RATE = 140  # words a minute, for warming when the settings leave the rate to each practice
WARM_TIMEOUT_SECONDS = 60.0


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


class JournalEvents(QObject):
    """News about the journal, for pages that show what it holds.

    Emitted from whichever thread opened or wrote the journal; receivers on the
    GUI thread get them queued.

    Signals:
        opened(): the journal is open (at start-up, or again after a restore).
        unavailable(object): the JournalError that kept it from opening; the app
            goes on without a journal (practices play, nothing is logged).
        changed(): a session or check-in was written; figures shown may be out of date.
    """

    opened = Signal()
    unavailable = Signal(object)
    changed = Signal()


class VoiceEvents(QObject):
    """News about the installed voices.

    Signals:
        changed(): a voice was added or removed; lists of voices are out of date.
    """

    changed = Signal()


def serial_task_runner() -> TaskRunner:
    """A TaskRunner with one thread: its tasks run one after another, in the order given."""
    pool = QThreadPool()
    pool.setMaxThreadCount(1)
    return TaskRunner(pool)


class Services:
    """The core services. The speech provider, the player, its bridge and the journal
    are made on first use: the Library needs none of them, so the window comes up first.

    The journal is opened by whoever asks first, on any thread (opening runs
    migrations and may take a backup, so the window asks from a worker).
    Journal writes that must stay in order (one session's updates) go through
    `journal_writes`, a one-thread TaskRunner.
    """

    def __init__(self, paths: AppPaths, tasks: TaskRunner, settings: SettingsStore,
                 clips: ClipProvider | None = None, player: Player | None = None,
                 bridge: PlayerBridge | None = None, journal: Journal | None = None,
                 journal_writes: TaskRunner | None = None) -> None:
        self.paths, self.tasks, self.settings = paths, tasks, settings
        self._clips, self._player, self._bridge = clips, player, bridge
        self.journal_events = JournalEvents()
        self.voice_events = VoiceEvents()
        self.journal_writes = journal_writes or serial_task_runner()
        self._journal: Journal | None = journal
        self._journal_asked = journal is not None
        self._journal_error: Exception | None = None
        self._journal_lock = threading.RLock()
        self.closed = False

    @classmethod
    def create(cls, paths: AppPaths, tasks: TaskRunner | None = None) -> Services:
        return cls(paths=paths, tasks=tasks or TaskRunner(), settings=SettingsStore(paths))

    @property
    def clips(self) -> ClipProvider:
        if self._clips is None:
            from kindaudio.audio import ClipProvider

            self._clips = ClipProvider(self.paths)
        return self._clips

    @property
    def player(self) -> Player:
        if self._player is None:
            from kindaudio.audio import Player

            self._player = Player(device=self.settings.current.device)
        return self._player

    @property
    def bridge(self) -> PlayerBridge:
        if self._bridge is None:
            from kindaudio.ui.player_bridge import PlayerBridge

            self._bridge = PlayerBridge(self.player)
        return self._bridge

    def warm_speech(self) -> None:
        """Start the speech worker for the voice Play will use and load that voice (a worker's call).

        The first sentence otherwise waits for a worker process, a model load
        (Piper: about a second) and scipy's filters. A failure here only means
        the first sentence waits after all, so it is logged, never shown.
        """
        if self.closed:
            return
        from concurrent.futures import TimeoutError as FutureTimeout

        from kindaudio.audio import warm_up
        from kindaudio.audio.tts.engine import SpeechSettings
        from kindaudio.common.errors import KindAudioError

        settings = self.settings.current
        try:
            try:
                voice = self.clips.voice(settings.voice)
            except KindAudioError as exc:
                if settings.voice is None:
                    raise
                log.info("the settings' voice %s is not here (%s); warming the default voice", settings.voice, exc)
                voice = self.clips.voice(None)
            self.clips.warm(SpeechSettings(voice.id, settings.rate or WARM_RATE)).result(timeout=WARM_TIMEOUT_SECONDS)
            log.info("speech warmed: %s", voice.id)
        except (KindAudioError, FutureTimeout) as exc:
            log.warning("speech not warmed up (the first sentence may wait a moment): %s", exc)
        if not self.closed:
            warm_up()

    # -- the journal -------------------------------------------------------------

    @property
    def journal(self) -> Journal:
        """The open journal, opened now if nobody has yet (blocking: call it from a worker).

        Raises the JournalError that kept it from opening (again, without
        retrying, until `retry_journal`), or JournalError once the services are closed.
        """
        with self._journal_lock:
            self._journal_asked = True
            if self._journal is not None:
                return self._journal
            if self.closed:
                from kindaudio.journal.errors import JournalError

                raise JournalError("The practice journal is closed: KindAudio is shutting down.")
            if self._journal_error is not None:
                raise self._journal_error
            return self._open_journal()

    def _open_journal(self) -> Journal:
        from kindaudio.journal.store import open_journal

        try:
            journal = open_journal(self.paths)
        except Exception as exc:
            self._journal_error = exc
            log.warning("the journal could not be opened: %s", exc)
            self.journal_events.unavailable.emit(exc)
            raise
        self._journal = journal
        log.info("journal open at %s", journal.path)
        self.journal_events.opened.emit()
        return journal

    @property
    def journal_if_open(self) -> Journal | None:
        """The journal when it is open now; never opens it."""
        return self._journal

    @property
    def journal_expected(self) -> bool:
        """The journal is open, or being opened and not known to have failed: worth logging to."""
        return self._journal_asked and self._journal_error is None and not self.closed

    @property
    def journal_error(self) -> Exception | None:
        """Why the journal could not be opened (None when it is open or not tried yet)."""
        return self._journal_error

    def open_journal_now(self) -> Journal | None:
        """Open the journal here and now (a worker's call); None when it cannot be opened (said by signal)."""
        try:
            return self.journal
        except Exception:  # noqa: BLE001 - reported through journal_events.unavailable
            return None

    def retry_journal(self) -> Journal | None:
        """Forget an earlier failure and try to open the journal again (a worker's call)."""
        with self._journal_lock:
            self._journal_error = None
        return self.open_journal_now()

    def restore_journal(self, backup: Backup) -> Path:
        """Close the journal, put `backup` in its place and open it again (a worker's call).

        Returns where the journal that was replaced is kept (it is set aside,
        never deleted). Raises JournalError (nothing changed) when the backup
        cannot be used; the journal is then opened again as it was.
        """
        from kindaudio.journal.backup import restore_backup

        self.journal_writes.wait()
        with self._journal_lock:
            if self._journal is not None:
                self._journal.close()
                self._journal = None
            self._journal_error = None
            try:
                kept = restore_backup(self.paths, backup)
            finally:
                try:
                    self._open_journal()
                except Exception:  # noqa: BLE001 - said through journal_events.unavailable
                    pass
        self.journal_events.changed.emit()
        return kept

    def close_journal(self) -> None:
        """Let pending journal writes finish, then close the journal (it opens again when asked)."""
        self.journal_writes.wait()
        with self._journal_lock:
            if self._journal is not None:
                self._journal.close()
                self._journal = None

    def close(self) -> None:
        """Stop playback (with its fade), finish background work, close the journal, stop the speech workers."""
        if self.closed:
            return
        self.closed = True  # the journal is not opened again from here on; writes queued still finish
        if self._player is not None:
            self._player.close()
        if self._bridge is not None:
            self._bridge.detach()
        self.tasks.wait(10_000)
        self.close_journal()
        if self._clips is not None:
            self._clips.close()
