"""One KindAudio at a time: an operating-system lock on a file in the data folder.

The lock belongs to the process, so the system releases it when the process
ends in any way (even a kill), and a stale lock file never blocks the next
start. Two windows writing one journal would not corrupt it (SQLite sees to
that) but would confuse a person, so the second one says so instead.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from types import TracebackType
from typing import Self

from kindaudio.common.errors import KindAudioError
from kindaudio.common.paths import AppPaths, ensure_dir

log = logging.getLogger(__name__)


class AlreadyRunning(KindAudioError):
    """Another KindAudio process holds the single-instance lock."""

    def __init__(self, message: str = "KindAudio is already open in another window.", *,
                 hint: str | None = None) -> None:
        super().__init__(message, hint=hint or "Switch to that window, or close it and try again.")


class InstanceLock:
    """Held while this process runs KindAudio; `release` (or the process ending) lets another start."""

    def __init__(self, descriptor: int, path: os.PathLike[str] | str) -> None:
        self._descriptor: int | None = descriptor
        self.path = path

    @property
    def held(self) -> bool:
        return self._descriptor is not None

    def release(self) -> None:
        if self._descriptor is None:
            return
        descriptor, self._descriptor = self._descriptor, None
        with contextlib.suppress(OSError):
            _unlock(descriptor)
        os.close(descriptor)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.release()


def acquire_instance_lock(paths: AppPaths) -> InstanceLock:
    """Take the lock, or raise AlreadyRunning when another process holds it."""
    ensure_dir(paths.data)
    path = paths.instance_lock
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        os.chmod(path, 0o600)
        _lock(descriptor)
    except OSError as exc:
        os.close(descriptor)
        log.info("another KindAudio holds %s (%s)", path, exc)
        raise AlreadyRunning("KindAudio is already open in another window.") from exc
    if sys.platform != "win32":
        with contextlib.suppress(OSError):
            # For a person wondering which process it is; the lock itself is what counts.
            os.ftruncate(descriptor, 0)
            os.pwrite(descriptor, f"{os.getpid()}\n".encode(), 0)
    return InstanceLock(descriptor, path)


if sys.platform == "win32":
    import msvcrt

    def _lock(descriptor: int) -> None:
        os.lseek(descriptor, 0, os.SEEK_SET)
        msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)

    def _unlock(descriptor: int) -> None:
        os.lseek(descriptor, 0, os.SEEK_SET)
        msvcrt.locking(descriptor, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(descriptor: int) -> None:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(descriptor: int) -> None:
        fcntl.flock(descriptor, fcntl.LOCK_UN)
