"""Playing a programme on the sound device, without glitches.

What is played: a LiveProgramme (live.py), which can start before its speech
exists and refits its pauses as sentences arrive. programmes.py builds one for
a practice, a single line, a take, or the silent timer (timer.py, with its
limits in timer_limits.py).

How it is played: start at player.py. `Player` is what the window and the
terminal use, status.py holds what it tells them (its state and events), and
output.py opens the sound device. Three threads take part, and only one of
them is in a hurry:

- PortAudio's audio thread calls `AudioFeed.callback` (feed.py) once per
  block. It only copies a block that is already prepared (applying a gain ramp
  in place when the volume moves or a fade is due): no allocation, no locks,
  no logging, no synthesis. It talks to the rest through plain attributes that
  exactly one side writes.
- The player's own thread (one per playing session; runner.py) owns the
  programme: it mixes blocks ahead into the feed's ring of prepared blocks
  (ring_writer.py), takes in speech as it arrives, carries out commands
  (pause, seek, ...) and tells listeners what is happening.
- Whoever calls the public methods of `Player` (the window, the terminal) just
  queues a command and returns.

Listeners are called on the player's thread, never on the audio thread; the
window adapts them to Qt signals, and the core knows nothing of Qt.
"""
