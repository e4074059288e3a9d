"""The journal's row for the practice that plays in the window, kept up to date from the player's news.

Every write runs on the journal's one writing thread (Services.journal_writes),
in the order the news came: the GUI thread never waits on the database, and a
session's start, its periodic saves and its end can never overtake each other.
Without a journal (it could not be opened) nothing is recorded and playing
goes on as usual. Previews (Read script, Hear a sample) never come here: only
the Player page's own practices do.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from kindaudio.journal.records import SessionStatus
from kindaudio.ui.play_request import PlayRequest
from kindaudio.ui.services import Services

if TYPE_CHECKING:
    from kindaudio.journal.listening import SessionListener

log = logging.getLogger(__name__)


class _Slot:
    """One session's writes, queued in order, and the listener that makes them.

    The player reports its position many times a second; rather than a task for
    each, the writes queue here and one task at a time drains them.
    """

    def __init__(self, listener: SessionListener) -> None:
        self.listener = listener
        self._pending: deque[Callable[[], None]] = deque()
        self._lock = threading.Lock()
        self._scheduled = False

    def add(self, write: Callable[[], None]) -> bool:
        """Queue a write; True when a drain must be scheduled for it."""
        with self._lock:
            self._pending.append(write)
            if self._scheduled:
                return False
            self._scheduled = True
            return True

    def drain(self) -> None:
        """Run the queued writes in order (on the writing thread); a failed write is logged, not fatal."""
        while True:
            with self._lock:
                if not self._pending:
                    self._scheduled = False
                    return
                write = self._pending.popleft()
            try:
                write()
            except Exception as exc:  # noqa: BLE001 - the practice goes on; the log says why the row lags
                log.warning("the journal was not updated: %s", exc)


class SessionRecorder(QObject):
    """Starts, updates and ends one session row at a time.

    Signals (delivered on the GUI thread):
        started(int): the session's row exists (its id).
        ended(int): the session's row has its end (its id).
    """

    started = Signal(int)
    ended = Signal(int)

    def __init__(self, services: Services, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self._slot: _Slot | None = None  # the session being recorded, if any
        self._latest: _Slot | None = None  # the latest session begun, ended or not (for its check-in)

    @property
    def recording(self) -> bool:
        return self._slot is not None

    @property
    def session_id(self) -> int | None:
        """The latest session's row, once it exists (None without a journal)."""
        return self._latest.listener.session_id if self._latest is not None else None

    def begin(self, request: PlayRequest) -> None:
        """Start a row for `request` (ending any session still open as stopped early)."""
        self.finish(SessionStatus.STOPPED_EARLY)
        self._latest = None
        if request.practice_id is None or not self.services.journal_expected:
            return
        from kindaudio.journal.listening import SessionDetails, SessionListener

        services = self.services
        details = SessionDetails(practice_id=request.practice_id, title=request.title,
                                 content_hash=request.content_hash, chosen_seconds=request.chosen_seconds,
                                 voice=request.voice)
        before = (request.before, None) if request.before is not None else None
        listener = SessionListener(lambda: services.journal, details, before=before, from_start=True)
        slot = self._slot = self._latest = _Slot(listener)

        def start() -> None:
            listener.write()  # the row, counted from the start
            if listener.session_id is not None:
                self.started.emit(listener.session_id)
                services.journal_events.changed.emit()

        self._write(slot, start)

    def update(self, position: float, playing: bool) -> None:
        """The player's position (seconds) and whether it is playing; saved now and then."""
        slot = self._slot
        if slot is not None:
            slot.listener.heard(position, playing)
            self._write(slot, slot.listener.write)

    def paused(self) -> None:
        slot = self._slot
        if slot is not None:
            slot.listener.paused()
            self._write(slot, slot.listener.write)

    def finish(self, status: SessionStatus) -> None:
        """End the open session (if any) with what was heard; later news is not recorded."""
        slot, self._slot = self._slot, None
        if slot is None:
            return
        services = self.services

        def end() -> None:
            listener = slot.listener
            if listener.session_id is None or listener.finished:
                return
            listener.finish(status)
            self.ended.emit(listener.session_id)
            services.journal_events.changed.emit()

        self._write(slot, end)

    def _write(self, slot: _Slot, write: Callable[[], None]) -> None:
        if slot.add(write):
            self.services.journal_writes.run(slot.drain)
