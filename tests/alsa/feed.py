"""Feeds raw audio to ALSA's file plugin (its `infile`) at a set pace, like a microphone.

    feed.py BYTES_PER_SECOND CHUNK_BYTES SOURCE FIFO

FIFO is a named pipe that KINDAUDIO_TEST_AUDIO_IN names (tests/alsa/asound.conf).
Each time a capture stream opens it, this writes SOURCE from its start, then
silence, at the pace given, until the stream closes; then it waits for the next
opening (PortAudio opens the device briefly to probe it, too). A killed feeder
exits quietly.

The plugin copies into each period only what one read() returns and leaves the
rest of the period as it was: a short read would put stale sound in the take.
So the feeder writes whole periods (CHUNK_BYTES: the recorder's block, at most
the pipe's atomic size), each arriving in one piece, and the reader, which
asks for one period at a time, always finds whole ones.
"""

import os
import signal
import sys
import time

rate = float(sys.argv[1])
chunk = int(sys.argv[2])
with open(sys.argv[3], "rb") as source:
    sound = source.read()
fifo = sys.argv[4]
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
signal.signal(signal.SIGINT, signal.SIG_IGN)
silence = bytes(chunk)

while True:
    descriptor = os.open(fifo, os.O_WRONLY)  # waits for a capture stream to open the pipe
    begun = time.monotonic()
    given = 0
    try:
        while True:
            piece = sound[given:given + chunk]
            piece += silence[len(piece):]
            ahead = given / rate - (time.monotonic() - begun)
            if ahead > 0:
                time.sleep(ahead)
            os.write(descriptor, piece)
            given += chunk
    except BrokenPipeError:  # the stream closed: wait for the next one
        pass
    finally:
        os.close(descriptor)
