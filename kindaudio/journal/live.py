"""Which "in progress" sessions are really still playing: a lock held by the process that plays each one.

A session's row says "in progress" from the moment practice starts until it
ends; a process that crashes or is killed leaves it so, and the next start marks
it interrupted. But another window or terminal may be playing right now, and
marking *its* session interrupted would be wrong. So the process that starts a
session holds an exclusive lock (flock) on `.playing-<id>.lock` in the data
folder until the session ends (the file goes with it). The kernel lets go of the lock when the process
dies, however it dies, so "nobody holds the lock" means "nobody is playing it".
Where flock does not exist (Windows), every unfinished session counts as
left behind, as before.
"""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path

log = logging.getLogger(__name__)

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]



class LiveSessions:
    """The locks this process holds for the sessions it is playing."""

    def __init__(self, data: Path) -> None:
        self.folder = data
        self._held: dict[int, int] = {}  # session id -> open descriptor holding the lock

    def hold(self, session_id: int) -> None:
        """Take the lock for a session that starts playing here (a failure only costs the protection)."""
        if fcntl is None:
            return
        try:
            descriptor = os.open(self._path(session_id), os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            log.warning("could not mark session %d as playing here: %s", session_id, exc.strerror)
            return
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(descriptor)
            log.warning("session %d is already held by another process", session_id)
            return
        self._held[session_id] = descriptor

    def release(self, session_id: int) -> None:
        """Let go of a session that ended here, and remove its lock file."""
        descriptor = self._held.pop(session_id, None)
        if descriptor is None:
            return
        with contextlib.suppress(FileNotFoundError):
            self._path(session_id).unlink()
        os.close(descriptor)  # closing lets go of the lock

    def release_all(self) -> None:
        for session_id in list(self._held):
            self.release(session_id)

    def playing_elsewhere(self, session_id: int) -> bool:
        """True when another process (or this one) holds the session's lock: it is still playing."""
        if session_id in self._held:
            return True
        if fcntl is None:
            return False
        path = self._path(session_id)
        try:
            descriptor = os.open(path, os.O_RDWR)
        except OSError:
            return False  # no lock file: nobody ever held it, or it was let go
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return True
        else:
            with contextlib.suppress(OSError):  # left behind by a process that died: tidy it away
                path.unlink()
            return False
        finally:
            os.close(descriptor)

    def _path(self, session_id: int) -> Path:
        return self.folder / f".playing-{int(session_id)}.lock"
