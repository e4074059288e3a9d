"""The player's thread: one playing session, from building its programme to letting go of the device.

It builds the programme (waiting for speech when it must), keeps the feed's
ring full (ring_writer.py), opens the output when the first blocks are ready,
carries out the commands the Player queues (pause, seek, volume, stop), notices
a device that stopped taking sound and pauses there, and tells listeners what
is happening. It never runs on the audio thread and never blocks it.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from kindaudio.audio.format import MIX_RATE
from kindaudio.audio.mixing.timeline import ClipKind
from kindaudio.audio.playback import output
from kindaudio.audio.playback.feed import AudioFeed, Want
from kindaudio.audio.playback.live import LiveProgramme
from kindaudio.audio.playback.ring_writer import RingWriter
from kindaudio.audio.playback.status import EventKind, PlayerState, PlayerStats, PlayerStatus
from kindaudio.common.errors import KindAudioError

STALL_SECONDS = 2.0  # no callback for this long while playing: the device is gone
SECTION_RESTART_SECONDS = 3.0  # "previous section" this far into a section restarts it
STOP_FADE_WAIT_SECONDS = 1.0


class Owner(Protocol):
    """What a Runner reads from and hands back to its Player (player.py), named here so neither imports the other."""

    device: int | None
    block: int
    ring_blocks: int
    _programme: LiveProgramme | None
    _closing: list[threading.Thread]

    @property
    def volume(self) -> float: ...

    def _publish(self, kind: EventKind, status: PlayerStatus) -> None: ...


@dataclass
class Command:
    """What a caller asked for (see Player._send); carried out on the player's thread."""

    name: str
    value: float = 0.0


@dataclass
class Session:
    """One programme being played, owned by the player's thread."""

    build: Callable[[], LiveProgramme]
    title: str
    stats: PlayerStats
    commands: queue.Queue[Command] = field(default_factory=queue.Queue)
    wake: threading.Event = field(default_factory=threading.Event)
    done: threading.Event = field(default_factory=threading.Event)
    thread: threading.Thread | None = None


class Runner:
    """The player's thread for one session: prepares blocks, carries out commands, reports.

    It is its Player's friend: it reads where to play (device, block, ring
    size, volume) and hands back the programme once built, the events to tell
    listeners, and any lost device still being closed.
    """

    def __init__(self, player: Owner, session: Session) -> None:
        self.player = player
        self.session = session
        self.ring = RingWriter(AudioFeed(player.block, player.ring_blocks, session.stats), player.block,
                               session.stats)
        self.feed.volume = player.volume
        self.stream: Any = None
        self.state = PlayerState.LOADING
        self.message: str | None = None
        self.stream_finished = threading.Event()
        self.reported: tuple[int, int | None, int | None] = (-1, None, None)
        self.pause_announced = True

    @property
    def feed(self) -> AudioFeed:
        return self.ring.feed

    @property
    def programme(self) -> LiveProgramme | None:
        return self.ring.programme

    # The loop ---------------------------------------------------------------

    def run(self) -> None:
        self.publish(EventKind.STATE)
        try:
            self.ring.programme = self.session.build()
        except KindAudioError as exc:
            self.fail(str(exc))
            return
        assert self.programme is not None
        self.player._programme = self.programme
        if self.handle_commands():  # stopped (another programme started) while it was being built
            return
        self.feed.stop_exception = output.callback_stop()
        period = self.player.block / MIX_RATE / 2
        if not self.wait_for_first_block(period):
            return
        # Told with the position the sound starts from: a device takes its first
        # blocks at once, before this thread can say so, and they are heard.
        started = replace(self.status(), state=PlayerState.PLAYING)
        if not self.open_stream():
            return
        self.state = PlayerState.PLAYING
        self.player._publish(EventKind.STATE, started)
        while True:
            if self.handle_commands():
                return
            self.programme.update(self.ring.position)
            self.ring.fill()
            self.report()
            if self.state is PlayerState.PAUSED and not self.pause_announced and (self.feed.silent or not self.stream):
                self.pause_announced = True
                self.publish(EventKind.STATE)
            if self.stream_finished.is_set() and self.check_finished():
                return
            if self.state is PlayerState.PLAYING and self.stalled():
                self.device_lost("the sound device stopped taking sound")
            self.session.wake.wait(period)
            self.session.wake.clear()

    def wait_for_first_block(self, period: float) -> bool:
        """Fill the ring before the device opens; False if stopped meanwhile.

        While a sentence within the ring's first reach is still being made, the
        device stays closed and the player LOADING: opened, it would hold silence
        that the practice then pays for out of its pauses, and that the journal
        would count as heard.
        """
        assert self.programme is not None
        self.ring.fill()
        while self.ring.waiting:  # not for a full ring (a long silence first is the practice's own)
            self.session.wake.wait(period)
            self.session.wake.clear()
            if self.handle_commands():
                return False
            self.programme.update(self.ring.position)
            self.ring.fill()
        return True

    # Commands ---------------------------------------------------------------

    def handle_commands(self) -> bool:
        """Carry out queued commands; True when the session is over."""
        feed = self.feed
        while not self.session.commands.empty():
            command = self.session.commands.get()
            name = command.name
            if name == "stop":
                self.finish_with_fade()
                self.state = PlayerState.IDLE
                self.message = None
                self.publish(EventKind.STATE)
                return True
            if name == "pause" and self.state is PlayerState.PLAYING:
                feed.want = Want.PAUSE
                self.state = PlayerState.PAUSED
                self.pause_announced = False  # announced once the sound has faded
            elif name == "resume" and self.state is PlayerState.PAUSED:
                feed.want = Want.PLAY
                if self.stream is None:
                    # After a lost device: a new stream, started on a full ring (it takes
                    # its first blocks at once, before this thread runs again).
                    self.ring.fill()
                    if not self.open_stream():
                        feed.want = Want.PAUSE
                        continue
                self.message = None
                self.state = PlayerState.PLAYING
                self.publish(EventKind.STATE)
            elif name == "volume":
                feed.volume = command.value
            elif name in ("seek", "skip", "next-section", "previous-section"):
                self.jump(self.target_of(name, command.value))
        return False

    def target_of(self, name: str, value: float) -> int:
        assert self.programme is not None
        here = self.feed.played_start
        timeline = self.programme.timeline
        if name == "seek":
            return int(round(value * MIX_RATE))
        if name == "skip":
            return here + int(round(value * MIX_RATE))
        sections = timeline.sections
        current = next((i for i, span in enumerate(sections) if span.start <= here < span.end), len(sections) - 1)
        if name == "next-section":
            return sections[current + 1].start if current + 1 < len(sections) else timeline.length
        if here - sections[current].start > SECTION_RESTART_SECONDS * MIX_RATE or current == 0:
            return sections[current].start
        return sections[current - 1].start

    def jump(self, target: int) -> None:
        """Continue from `target`: blocks already queued fade out, the new place fades in."""
        assert self.programme is not None
        target = min(max(target, 0), self.programme.timeline.length)
        # Whatever starts from here on is laid out again with what is known now.
        if not self.programme.update(target):
            self.programme.refit(target)
        waiting = self.programme.waiting_at(target, target + 1)
        if waiting is not None:
            target = waiting  # a sentence without speech yet: wait at its start
        self.ring.take_in_holds()
        self.ring.unpublished = 0  # blocks mixed for the place left (held back by ring.stale_queued)
        self.feed.hold_after = -1
        self.ring.position = target
        self.feed.generation_now += 1
        self.feed.played_start = target
        self.ring.fill()
        self.report()

    def finish_with_fade(self) -> None:
        if self.stream is None:
            return
        self.feed.want = Want.STOP
        deadline = time.monotonic() + STOP_FADE_WAIT_SECONDS
        while not (self.feed.faded_for_stop or self.feed.ended) and time.monotonic() < deadline:
            if self.stream_finished.wait(0.01):
                break
        self.close_stream()

    # The device ---------------------------------------------------------------

    def open_stream(self) -> bool:
        feed = self.feed
        feed.ended = feed.faded_for_stop = False
        self.stream_finished.clear()
        try:
            self.stream = output.open_output(self.player.device, feed.callback, self.on_stream_finished)
        except KindAudioError as exc:
            self.stream = None
            self.message = str(exc)
            # Never started: nothing to come back to. Lost mid-play: paused, so play tries again.
            self.state = PlayerState.FAILED if self.session.stats.stream_opens == 0 else PlayerState.PAUSED
            self.publish(EventKind.STATE)
            return False
        self.session.stats.stream_opens += 1
        feed.last_callback_at = time.perf_counter()
        return True

    def on_stream_finished(self) -> None:
        self.stream_finished.set()
        self.session.wake.set()

    def close_stream(self) -> None:
        stream, self.stream = self.stream, None
        if stream is not None:
            output.close_output(stream)

    def stalled(self) -> bool:
        return self.stream is not None and time.perf_counter() - self.feed.last_callback_at > STALL_SECONDS

    def device_lost(self, why: str) -> None:
        """The device went away mid-play: pause where we were, ready to try again.

        A stalled device may never return from its close (its audio thread can be
        stuck writing), so it is closed on a thread of its own and its ring is
        left to it; this thread goes on with a fresh one and is never held up.
        """
        lost, stream = self.feed, self.stream
        self.stream = None
        lost.abandoned = True
        if stream is not None:
            closing = threading.Thread(target=output.close_output, args=(stream,), name="kindaudio-close-lost-device",
                                       daemon=True)
            closing.start()
            self.player._closing.append(closing)
        self.stream_finished.clear()
        here = lost.played_start
        self.message = (f"Playback paused at {_clock(here / MIX_RATE)}: {why}. Check the speakers or headphones, "
                        f"or choose another output device, then press play to go on.")
        self.state = PlayerState.PAUSED
        # Start again exactly where the listener was, faded in.
        feed = AudioFeed(self.player.block, self.player.ring_blocks, self.session.stats)
        feed.volume = feed.gain = lost.volume
        feed.want = Want.PAUSE
        feed.silent = True
        feed.played_start = here
        feed.stop_exception = lost.stop_exception
        self.ring.restart(feed, here)
        self.publish(EventKind.STATE)

    def check_finished(self) -> bool:
        """The stream ended: the end was played, speech failed, or the device went away."""
        feed = self.feed
        if feed.ended and self.ring.failure is not None:
            self.close_stream()
            self.fail(f"Playback stopped at {_clock(feed.played_start / MIX_RATE)}: {self.ring.failure}")
            return True
        if feed.ended:
            self.close_stream()
            self.state = PlayerState.FINISHED
            feed.played_start = self.programme.timeline.length if self.programme else 0
            self.publish(EventKind.STATE)
            self.publish(EventKind.FINISHED)
            return True
        if not feed.faded_for_stop:
            self.device_lost("the sound device stopped")
        return False

    # Reporting ---------------------------------------------------------------

    def fail(self, message: str) -> None:
        self.state = PlayerState.FAILED
        self.message = message
        self.publish(EventKind.STATE)

    def status(self) -> PlayerStatus:
        programme = self.programme
        feed = self.feed
        if programme is None:
            return PlayerStatus(self.state, message=self.message, volume=feed.volume, title=self.session.title)
        timeline = programme.timeline
        here = min(feed.played_start, timeline.length)
        section = next((span for span in timeline.sections if span.start <= here < span.end),
                       timeline.sections[-1] if timeline.sections else None)
        clips = programme.clips_between(here, here + 1)
        sentence = clips[0].sentence if clips and clips[0].kind is ClipKind.SPEECH else None
        return PlayerStatus(self.state, here / MIX_RATE, timeline.seconds, section, sentence, feed.volume,
                            self.session.stats.underruns, self.ring.waiting, self.message,
                            self.session.title or timeline.title)

    def publish(self, kind: EventKind) -> None:
        self.player._publish(kind, self.status())

    def report(self) -> None:
        status = self.status()
        key = (int(status.position * MIX_RATE),
               status.section.index if status.section else None,
               id(status.sentence) if status.sentence else None)
        before, self.reported = self.reported, key
        if key[0] != before[0]:
            self.player._publish(EventKind.POSITION, status)
        if key[1] != before[1]:
            self.player._publish(EventKind.SECTION, status)
        if key[2] != before[2]:
            self.player._publish(EventKind.SENTENCE, status)


def _clock(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 60}:{whole % 60:02d}"
