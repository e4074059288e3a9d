"""Counting what was actually heard, and keeping a session's row up to date while it plays.

Used by the window and by `kindaudio play` alike: the player reports
(position, playing) now and then; the clock adds up only forward movement while
playing, so pauses and seeks do not count; the listener saves that figure every
so often, so a crash or a kill loses at most `save_every` seconds of it.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from kindaudio.journal.records import Moment, Mood, SessionStatus

if TYPE_CHECKING:
    from kindaudio.journal.store import Journal

log = logging.getLogger(__name__)

# A forward jump bigger than this between two updates is a seek (the player's skips are 15 s).
MAX_PLAYED_STEP = 5.0
SAVE_EVERY = 15.0  # seconds of clock or of listening between saves


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


@dataclass(frozen=True)
class SessionDetails:
    """What the journal records about a practice as it begins to play (the session row's fixed part)."""

    practice_id: str
    title: str
    content_hash: str
    chosen_seconds: int
    voice: str | None  # the voice chosen (None: the engine's default; "recorded" for the recorded voice)


class SessionListener:
    """From what the player reports to one session row in the journal: the one path the window and
    the terminal both use.

    The player reports (position, playing) from its own thread, many times a
    second. `heard` only counts (it never touches the database, so a busy disk
    can never starve the sound); `write` does the database work and runs
    wherever the caller writes — the terminal's loop, the window's journal
    thread. The row is made at the first write after sound starts (or at once
    when the practice counts from its start, as the window's do, so a crash
    before the first sound still leaves an interrupted session); what was heard
    is saved on a pause and every `save_every` seconds of the clock or of
    listening (a paced test device plays faster than the clock), so a crash or
    a kill loses little.
    """

    def __init__(self, journal: Callable[[], Journal], details: SessionDetails, *,
                 before: tuple[Mood, datetime | None] | None = None, from_start: bool = False,
                 save_every: float = SAVE_EVERY, clock: Callable[[], float] = time.monotonic) -> None:
        self._journal = journal  # asked for at the first write, on the writing thread
        self.details = details
        self._before = before  # a check-in made before playing, and when (None: now)
        self._save_every = save_every
        self._clock = clock
        self._lock = threading.Lock()
        self._listening = ListeningClock()
        self._sound = from_start
        if from_start:
            self._listening.update(0.0, True)  # what plays before the first report counts too
        self._pause_pending = False
        self.session_id: int | None = None
        self._saved: float | None = None
        self._saved_at = 0.0
        self._finished = False

    @property
    def listened(self) -> float:
        with self._lock:
            return self._listening.listened

    @property
    def saved(self) -> float | None:
        """The listened time last written to the journal (None before the first save)."""
        return self._saved

    @property
    def finished(self) -> bool:
        return self._finished

    def heard(self, position: float, playing: bool) -> None:
        """The player's news (any thread): counts, never writes; nothing counts once the session has ended."""
        if self._finished:
            return
        with self._lock:
            self._listening.update(position, playing)
            self._sound = self._sound or playing

    def paused(self) -> None:
        """The person paused: the next write saves what was heard."""
        self._pause_pending = True

    def write(self) -> None:
        """Make the row once sound has started, then save when a pause or the interval asks (writing thread)."""
        if self._finished:
            return
        with self._lock:
            listened, sound = self._listening.listened, self._sound
        if self.session_id is None:
            if sound:
                self._start()
            return
        if (self._pause_pending or self._clock() - self._saved_at >= self._save_every
                or listened - (self._saved or 0.0) >= self._save_every):
            self._save(listened)

    def finish(self, status: SessionStatus) -> None:
        """End the session with what was heard (writing thread); later news and calls change nothing."""
        if self._finished or self.session_id is None:
            return
        self._journal().end_session(self.session_id, self.listened, status)
        self._finished = True

    def _start(self) -> None:
        journal = self._journal()
        details = self.details
        self.session_id = journal.start_session(practice_id=details.practice_id, title=details.title,
                                                content_hash=details.content_hash,
                                                chosen_seconds=details.chosen_seconds, voice=details.voice)
        self._saved_at = self._clock()
        if self._before is not None:
            mood, at = self._before
            journal.add_check_in(mood, moment=Moment.BEFORE, session_id=self.session_id, at=at)

    def _save(self, listened: float) -> None:
        assert self.session_id is not None
        self._journal().save_listened(self.session_id, listened)
        self._saved, self._saved_at, self._pause_pending = listened, self._clock(), False
