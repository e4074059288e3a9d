"""Reads raw audio from ALSA's file plugin at a set pace, like a real device.

    pace.py BYTES_PER_SECOND OUTPUT [STOP_AFTER_BYTES]

Used as `file "|python pace.py ..."`: the plugin's writes block once the pipe
is full, so the player is held to this pace. With STOP_AFTER_BYTES it stops
reading after that much (the pipe then fills and the "device" stalls, as a
vanished USB card would) for GONE_AFTER seconds, then it is gone: it exits,
and writes to it fail. It exits sooner when the writer closes its end (the
plugin's close waits for this process).
"""

import select
import signal
import sys
import time

GONE_AFTER = 5.0

rate = float(sys.argv[1])
stop_after = int(sys.argv[3]) if len(sys.argv) > 3 else None
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C in the player's terminal is not for the "sound card"
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
    if stop_after is not None and taken >= stop_after:
        # Stalled: read nothing more; gone after a while, or when the writer hangs up.
        watch = select.poll()
        watch.register(sys.stdin.buffer, select.POLLHUP)
        stalled = time.monotonic()
        while time.monotonic() - stalled < GONE_AFTER:
            if any(event & select.POLLHUP for _, event in watch.poll(50)):
                break
