"""PortAudio's open streams, and looking again for devices plugged in since it started.

PortAudio reads the system's list of sound devices once, when it starts: a
microphone or headphones connected later are not listed until it starts
again. Starting again (the sounddevice maintainer's advice: its _terminate
then _initialize) closes every stream PortAudio has open, so the streams
KindAudio opens are counted here, and the devices are looked for again only
while none is open: a practice playing, or paused, is never cut off.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterator
from typing import Any

log = logging.getLogger(__name__)

_lock = threading.RLock()
_open_streams = 0


@contextlib.contextmanager
def in_use() -> Iterator[None]:
    """Hold off looking again while devices are listed or a stream is opened."""
    with _lock:
        yield


def stream_opened() -> None:
    global _open_streams
    with _lock:
        _open_streams += 1


def stream_closed() -> None:
    global _open_streams
    with _lock:
        _open_streams = max(_open_streams - 1, 0)


def streams_open() -> int:
    with _lock:
        return _open_streams


def look_again(sd: Any) -> bool:
    """Restart PortAudio so that its device list is current; False (and nothing done) while a stream is open."""
    with _lock:
        if _open_streams:
            log.info("not looking for new sound devices: %d stream(s) open", _open_streams)
            return False
        terminate, initialize = getattr(sd, "_terminate", None), getattr(sd, "_initialize", None)
        if terminate is None or initialize is None:  # a sounddevice without them: the list stays as it is
            return False
        terminate()
        initialize()
        log.info("looked again for sound devices: %d listed", len(sd.query_devices()))
        return True
