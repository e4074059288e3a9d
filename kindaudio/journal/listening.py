"""Counting what was actually heard, and keeping a session's row up to date while it plays.

Used by the window and by `kindaudio play`: the player reports (position,
playing) now and then; the clock adds up only forward movement while playing,
so pauses and seeks do not count; the log saves that figure every so often,
so a crash or a kill loses at most `save_every` seconds of it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from kindaudio.journal.records import SessionStatus

if TYPE_CHECKING:
    from kindaudio.journal.store import Journal

log = logging.getLogger(__name__)

# A forward jump bigger than this between two updates is a seek (the player's skips are 15 s).
MAX_PLAYED_STEP = 5.0


class ListeningClock:
    """Seconds heard, from the player's (position, playing) updates."""

    def __init__(self, *, max_step: float = MAX_PLAYED_STEP) -> None:
        self._max_step = max_step
        self._position: float | None = None
        self._playing = False
        self._listened = 0.0

    @property
    def listened(self) -> float:
        return self._listened

    def update(self, position: float, playing: bool) -> None:
        """Count the stretch since the last update if the player was playing through it."""
        if self._position is not None and self._playing:
            step = position - self._position
            if 0 < step <= self._max_step:
                self._listened += step
        self._position = position
        self._playing = playing


class SessionLog:
    """One practice's row in the journal, kept up to date while it plays."""

    def __init__(
        self,
        journal: Journal,
        session_id: int,
        *,
        save_every: float = 15.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._journal = journal
        self.session_id = session_id
        self._save_every = save_every
        self._clock = clock
        self._listening = ListeningClock()
        self._last_save = clock()
        self._saved: float | None = None
        self._finished = False

    @classmethod
    def start(
        cls,
        journal: Journal,
        *,
        practice_id: str,
        title: str,
        content_hash: str,
        chosen_seconds: int,
        voice: str | None,
        save_every: float = 15.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> SessionLog:
        """Write the session's row now (practice is starting) and return its log."""
        session_id = journal.start_session(
            practice_id=practice_id, title=title, content_hash=content_hash, chosen_seconds=chosen_seconds, voice=voice
        )
        return cls(journal, session_id, save_every=save_every, clock=clock)

    @property
    def listened(self) -> float:
        return self._listening.listened

    @property
    def saved(self) -> float | None:
        """The listened time last written to the journal (None before the first save)."""
        return self._saved

    @property
    def finished(self) -> bool:
        return self._finished

    def update(self, position: float, playing: bool) -> None:
        if self._finished:
            return
        self._listening.update(position, playing)
        if self._clock() - self._last_save >= self._save_every:
            self.save()

    def paused(self) -> None:
        """The person paused: save what was heard now."""
        if not self._finished:
            self.save()

    def save(self) -> None:
        listened = self._listening.listened
        self._journal.save_listened(self.session_id, listened)
        self._saved = listened
        self._last_save = self._clock()

    def finish(self, status: SessionStatus) -> None:
        """End the session with what was heard; a second call does nothing."""
        if self._finished:
            return
        self._journal.end_session(self.session_id, self._listening.listened, status)
        self._finished = True
