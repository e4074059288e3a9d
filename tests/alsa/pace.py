"""Reads raw audio from ALSA's file plugin at a set pace, like a real device.

    pace.py BYTES_PER_SECOND OUTPUT [STOP_AFTER_BYTES]

Used as `file "|python pace.py ..."`: the plugin's writes block once the pipe
is full, so the player is held to this pace. With STOP_AFTER_BYTES it stops
reading after that much (the pipe then fills and the "device" stalls, as a
vanished USB card would) but keeps the pipe open until killed.
"""

import signal
import sys
import time

rate = float(sys.argv[1])
stop_after = int(sys.argv[3]) if len(sys.argv) > 3 else None
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
begun = time.monotonic()
taken = 0
with open(sys.argv[2], "wb") as sink:
    while stop_after is None or taken < stop_after:
        chunk = sys.stdin.buffer.read1(4096)
        if not chunk:
            break
        sink.write(chunk)
        sink.flush()
        taken += len(chunk)
        ahead = taken / rate - (time.monotonic() - begun)
        if ahead > 0:
            time.sleep(ahead)
    if stop_after is not None:
        signal.pause()
