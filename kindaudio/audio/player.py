"""The player: a programme to the sound device, without glitches.

Three threads take part, and only one of them is in a hurry:

- PortAudio's audio thread calls `_AudioFeed.callback` once per block. It only
  copies a block that is already prepared (applying a gain ramp in place when
  the volume moves or a fade is due): no allocation, no locks, no logging,
  no synthesis. It talks to the rest through plain attributes that exactly one
  side writes.
- The player's own thread (one per playing session) owns the programme: it
  mixes blocks ahead into a ring of prepared blocks, takes in speech as it
  arrives, carries out commands (pause, seek, ...) and tells listeners what
  is happening.
- Whoever calls the public methods (the window, the terminal) just queues a
  command and returns.

Listeners are called on the player's thread, never on the audio thread; the
window adapts them to Qt signals, and the core knows nothing of Qt.
"""

from __future__ import annotations

import enum
import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from kindaudio.audio import output
from kindaudio.audio.format import MIX_RATE, to_int16
from kindaudio.audio.live import LiveProgramme, SpeechFailed
from kindaudio.audio.timeline import ClipKind, SectionSpan, Timeline
from kindaudio.common.errors import KindAudioError
from kindaudio.script.model import Sentence

log = logging.getLogger(__name__)

# Prepared ahead: 64 x 46 ms = 3 s, 128 KiB. Devices take a burst of blocks
# when they start (a sound server, a pipe), and the machine may be busy
# synthesising; a deep ring rides both out. Pause, seek and volume act at the
# ring's head, so its depth adds no delay to them.
RING_BLOCKS = 64
LOST_DEVICE_CLOSE_SECONDS = 10.0  # how long close() waits for a lost device to let go
STALL_SECONDS = 2.0  # no callback for this long while playing: the device is gone
SECTION_RESTART_SECONDS = 3.0  # "previous section" this far into a section restarts it
STOP_FADE_WAIT_SECONDS = 1.0


class PlayerState(enum.Enum):
    IDLE = "idle"
    LOADING = "loading"
    PLAYING = "playing"
    PAUSED = "paused"
    FINISHED = "finished"
    FAILED = "failed"


class EventKind(enum.Enum):
    STATE = "state"  # state (or its message) changed
    POSITION = "position"  # about every block while playing
    SECTION = "section"
    SENTENCE = "sentence"  # the caption: a sentence began, or speech stopped
    FINISHED = "finished"  # the end of the practice was played


@dataclass(frozen=True)
class PlayerStatus:
    state: PlayerState
    position: float = 0.0  # seconds into the programme
    length: float = 0.0  # seconds
    section: SectionSpan | None = None
    sentence: Sentence | None = None
    volume: float = 1.0
    underruns: int = 0
    waiting_for_speech: bool = False
    message: str | None = None
    title: str = ""

    @property
    def remaining(self) -> float:
        return max(self.length - self.position, 0.0)


@dataclass(frozen=True)
class PlayerEvent:
    kind: EventKind
    status: PlayerStatus


Listener = Callable[[PlayerEvent], None]


@dataclass
class PlayerStats:
    """What the audio thread saw; read by tests and benchmarks."""

    underruns: int = 0
    device_underflows: int = 0  # of the underruns, those PortAudio reported
    callbacks: int = 0
    longest_callback: float = 0.0  # seconds
    first_callback_at: float | None = None  # time.perf_counter()
    first_speech_at: float | None = None
    first_sound_at: float | None = None  # the first block with anything to hear (a bell, words, the ambience)
    play_called_at: float | None = None
    silent_blocks: int = 0  # blocks of silence between a fade out and a fade in (paused, between seeks)
    last_fade_out_start: int = -1  # programme sample where the last faded-out block began
    last_fade_in_start: int = -1
    last_volume_ramp_start: int = -1
    stream_opens: int = 0
    holds: int = 0


class _Want(enum.IntEnum):
    PLAY = 0
    PAUSE = 1
    STOP = 2


class _AudioFeed:
    """The ring of prepared blocks and the audio callback that drains it.

    The player's thread writes slots and advances `written`; the callback reads
    them and advances `read`. Each slot records where in the programme it
    starts and its generation: a seek starts a new generation, and older
    blocks still queued are faded out and dropped.
    """

    def __init__(self, block: int, slots: int, stats: PlayerStats) -> None:
        self.block, self.slots = block, slots
        self.data = np.zeros((slots, block), dtype=np.int16)
        self.start = [0] * slots  # programme sample where each slot begins
        self.generation = [0] * slots
        self.has_speech = [False] * slots
        self.sounding = [False] * slots  # anything but silence in the block
        self.last = [False] * slots  # the programme's final block
        self.written = 0  # only the player's thread writes these ...
        self.hold_after = -1  # with `written` blocks played, the next sentence is not ready: hold there
        self.hold_start = 0  # programme sample where that sentence started when the hold began (set first)
        self.want = _Want.PLAY
        self.generation_now = 0
        self.volume = 1.0
        self.read = 0  # ... and only the callback these
        self.held_blocks = 0  # blocks of silence held at a sentence boundary, in all
        self.held_here = 0  # ... and of them, at the boundary `held_at`
        self.held_at = -1
        self.silent = False  # output faded down (paused, stopped or between seek positions)
        self.gain = 1.0
        self.played_start = 0
        self.ended = False
        self.faded_for_stop = False
        self.abandoned = False  # its device was given up for lost: play nothing more
        self.last_callback_at = 0.0
        self.stats = stats
        self.stop_exception: type[BaseException] = Exception
        # Work arrays, made once: the callback only fills them.
        ramp = (np.arange(block, dtype=np.float32) + 0.5) / block
        self.ramp_up = ramp
        self.ramp_down = ramp[::-1].copy()
        self.work = np.zeros(block, dtype=np.float32)
        self.curve = np.zeros(block, dtype=np.float32)

    def free_slots(self) -> int:
        return self.slots - (self.written - self.read)

    def callback(self, outdata: np.ndarray, frames: int, time_info: Any, status: Any) -> None:
        began = time.perf_counter()
        stats = self.stats
        if stats.first_callback_at is None:
            stats.first_callback_at = began
        if status.output_underflow:
            stats.underruns += 1
            stats.device_underflows += 1
        out = outdata[:, 0]
        if self.abandoned:
            out[:] = 0
            raise self.stop_exception
        self._fill(out, frames)
        self.last_callback_at = time.perf_counter()
        stats.callbacks += 1
        spent = self.last_callback_at - began
        if spent > stats.longest_callback:
            stats.longest_callback = spent
        if self.ended or self.faded_for_stop:
            raise self.stop_exception

    def _fill(self, out: np.ndarray, frames: int) -> None:
        if frames != self.block:  # PortAudio promised fixed blocks; never seen otherwise
            out[:] = 0
            return
        # Blocks from before a seek: fade the first out, drop the rest.
        # (`read` moves on only after a slot is copied: the moment it does, the
        # player's thread may write the slot again.)
        while self.read < self.written and self.generation[self.read % self.slots] != self.generation_now:
            slot = self.read % self.slots
            if not self.silent:
                self._emit(out, slot, self.ramp_down)
                self.stats.last_fade_out_start = self.start[slot]
                self.silent = True
                self.read += 1
                return
            self.read += 1
        want = self.want
        available = self.read < self.written
        slot = self.read % self.slots
        if want is not _Want.PLAY:
            if not self.silent and available:
                # Fade out the next block but keep it: resume fades the same block back in,
                # so the two halves add up to it and nothing is lost or repeated.
                self._emit(out, slot, self.ramp_down)
                self.stats.last_fade_out_start = self.start[slot]
                self.silent = True
            else:
                out[:] = 0
                self.silent = True
                self.stats.silent_blocks += 1
            if want is _Want.STOP:
                self.faded_for_stop = True
            return
        if not available:
            out[:] = 0
            if self.silent:
                self.stats.silent_blocks += 1
            elif self.read == self.hold_after:
                # Drained exactly at a sentence whose speech is still coming:
                # hold silence here; the player's thread puts it in the timeline,
                # just before the sentence, which is where the position goes on.
                if self.held_at != self.hold_after:
                    self.held_at, self.held_here = self.hold_after, 0
                self.played_start = self.hold_start + self.held_here * self.block
                self.held_here += 1
                self.held_blocks += 1
            else:
                self.stats.underruns += 1
            return
        self.played_start = self.start[slot]
        if self.sounding[slot] and self.stats.first_sound_at is None:
            self.stats.first_sound_at = time.perf_counter()
        if self.has_speech[slot] and self.stats.first_speech_at is None:
            self.stats.first_speech_at = time.perf_counter()
        if self.silent:
            self.stats.last_fade_in_start = self.start[slot]
            self._emit(out, slot, self.ramp_up)
            self.silent = False
        else:
            self._emit(out, slot, None)
        if self.last[slot]:
            self.ended = True
        self.read += 1

    def _emit(self, out: np.ndarray, slot: int, fade: np.ndarray | None) -> None:
        """Copy a slot to the device, through the volume (ramped) and an optional fade."""
        target = self.volume
        if fade is None and target == self.gain == 1.0:
            out[:] = self.data[slot]
            return
        curve = self.curve
        if target != self.gain:
            self.stats.last_volume_ramp_start = self.start[slot]
            np.multiply(self.ramp_up, target - self.gain, out=curve)
            curve += self.gain
            self.gain = target
        else:
            curve.fill(target)
        if fade is not None:
            curve *= fade
        work = self.work
        np.multiply(self.data[slot], curve, out=work)
        np.rint(work, out=work)
        out[:] = work  # within int16 range: the gain is at most 1


@dataclass
class _Command:
    name: str
    value: float = 0.0


@dataclass
class _Session:
    """One programme being played, owned by the player's thread."""

    build: Callable[[], LiveProgramme]
    title: str
    stats: PlayerStats
    commands: queue.Queue[_Command] = field(default_factory=queue.Queue)
    wake: threading.Event = field(default_factory=threading.Event)
    done: threading.Event = field(default_factory=threading.Event)
    thread: threading.Thread | None = None


class Player:
    """Plays one programme at a time; every method returns at once and is thread-safe."""

    def __init__(self, device: int | None = None, block: int = output.BLOCK_SAMPLES,
                 ring_blocks: int = RING_BLOCKS) -> None:
        self.device = device
        self.block = block
        self.ring_blocks = ring_blocks
        self.stats = PlayerStats()
        self._listeners: list[Listener] = []
        self._lock = threading.Lock()
        self._session: _Session | None = None
        self._status = PlayerStatus(PlayerState.IDLE)
        self._programme: LiveProgramme | None = None
        self._volume = 1.0
        self._closing: list[threading.Thread] = []  # lost devices being let go of

    # -- listening -------------------------------------------------------------

    def add_listener(self, listener: Listener) -> None:
        with self._lock:
            self._listeners.append(listener)

    def remove_listener(self, listener: Listener) -> None:
        with self._lock:
            if listener in self._listeners:
                self._listeners.remove(listener)

    def status(self) -> PlayerStatus:
        return self._status

    @property
    def timeline(self) -> Timeline | None:
        """The programme as it is being played (after any refits)."""
        programme = self._programme
        return programme.timeline if programme is not None else None

    @property
    def programme(self) -> LiveProgramme | None:
        return self._programme

    def done(self) -> bool:
        """Nothing is playing or loading (the last programme ended, or none began)."""
        session = self._session
        return session is None or session.done.is_set()

    def wait(self, timeout: float | None = None) -> PlayerStatus:
        """Wait until the current programme ends (finished, failed or stopped)."""
        session = self._session
        if session is not None:
            session.done.wait(timeout)
        return self._status

    # -- commands --------------------------------------------------------------

    def play(self, build: Callable[[], LiveProgramme], title: str = "") -> None:
        """Start a programme, stopping any other. `build` runs on the player's thread.

        Returns at once even when the programme playing before is still
        building (waiting on speech): the new session's thread waits for the old
        one to fade out and let go of the device, not the caller's.
        """
        session = _Session(build, title, PlayerStats(play_called_at=time.perf_counter()))
        with self._lock:
            previous, self._session = self._session, session
        self.stats = session.stats
        if previous is not None:
            previous.commands.put(_Command("stop"))
            previous.wake.set()
        session.thread = threading.Thread(target=self._run, args=(session, previous), daemon=True,
                                          name="kindaudio-player")
        session.thread.start()

    def pause(self) -> None:
        self._send("pause")

    def resume(self) -> None:
        self._send("resume")

    def toggle_pause(self) -> None:
        self._send("resume" if self._status.state is PlayerState.PAUSED else "pause")

    def seek(self, seconds: float) -> None:
        self._send("seek", seconds)

    def skip(self, seconds: float) -> None:
        self._send("skip", seconds)

    def next_section(self) -> None:
        self._send("next-section")

    def previous_section(self) -> None:
        self._send("previous-section")

    def set_volume(self, volume: float) -> None:
        """0.0 to 1.0, applied smoothly over one block."""
        self._volume = min(max(float(volume), 0.0), 1.0)
        self._send("volume", self._volume)

    @property
    def volume(self) -> float:
        return self._volume

    def stop(self, timeout: float = 10.0, *, wait: bool = True) -> None:
        """Stop with a short fade; with `wait`, until the device is released.

        A window passes wait=False: the fade takes a block or two, and longer
        while the programme is still being built, which its GUI thread must not
        sit through. The IDLE state event says when it is over.
        """
        with self._lock:
            session, self._session = self._session, None
        if session is None or session.thread is None:
            return
        session.commands.put(_Command("stop"))
        session.wake.set()
        if wait and session.thread is not threading.current_thread():
            session.thread.join(timeout)

    def close(self, timeout: float = LOST_DEVICE_CLOSE_SECONDS) -> None:
        """Stop, and give lost devices a moment to be let go of.

        PortAudio's clean-up at exit waits on any stream still closing, so a
        process that ends while a lost device is being closed could hang there.
        """
        self.stop()
        deadline = time.monotonic() + timeout
        for closing in self._closing:
            closing.join(max(deadline - time.monotonic(), 0.0))
            if closing.is_alive():
                log.warning("a lost sound device is still being closed; quitting may wait for it")
        self._closing = [closing for closing in self._closing if closing.is_alive()]

    def _send(self, name: str, value: float = 0.0) -> None:
        session = self._session
        if session is not None:
            session.commands.put(_Command(name, value))
            session.wake.set()

    # -- the player's thread ---------------------------------------------------

    def _run(self, session: _Session, previous: _Session | None = None) -> None:
        if previous is not None and previous.thread is not None:
            previous.thread.join()  # its fade and its device first; its last events before ours
        runner = _Runner(self, session)
        try:
            runner.run()
        except Exception as exc:  # noqa: BLE001 - reported, never raised on a thread
            log.exception("the player failed")
            runner.fail(f"playback stopped because of an unexpected error: {exc}")
        finally:
            runner.close_stream()
            if runner.programme is not None:
                runner.programme.release()  # speech still to be made for it is not waited for by the next
            session.done.set()

    def _publish(self, kind: EventKind, status: PlayerStatus) -> None:
        self._status = status
        with self._lock:
            listeners = list(self._listeners)
        event = PlayerEvent(kind, status)
        for listener in listeners:
            try:
                listener(event)
            except Exception:  # noqa: BLE001 - a listener's bug must not stop the sound
                log.exception("a player listener failed on %s", kind.value)


class _Runner:
    """The player's thread for one session: prepares blocks, carries out commands, reports."""

    def __init__(self, player: Player, session: _Session) -> None:
        self.player = player
        self.session = session
        self.feed = _AudioFeed(player.block, player.ring_blocks, session.stats)
        self.feed.volume = player.volume
        self.stream: Any = None
        self.programme: LiveProgramme | None = None
        self.position = 0  # the next sample to prepare
        self.state = PlayerState.LOADING
        self.message: str | None = None
        self.failure: SpeechFailed | None = None
        self.stream_finished = threading.Event()
        self.mix = np.zeros(player.block, dtype=np.float32)
        self.reported: tuple[int, int | None, int | None] = (-1, None, None)
        self.waiting = False
        self.pause_announced = True
        self.accounted_holds = 0
        self.hold_at = 0  # programme sample where block `feed.hold_after` starts (the waiting sentence)
        self.unpublished = 0  # blocks mixed into the ring that the callback may not take yet

    # The loop ---------------------------------------------------------------

    def run(self) -> None:
        self.publish(EventKind.STATE)
        try:
            self.programme = self.session.build()
        except KindAudioError as exc:
            self.fail(str(exc))
            return
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
            self.programme.update(self.position)
            self.fill()
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
        self.fill()
        while self.waiting:  # not for a full ring (a long silence first is the practice's own)
            self.session.wake.wait(period)
            self.session.wake.clear()
            if self.handle_commands():
                return False
            self.programme.update(self.position)
            self.fill()
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
                feed.want = _Want.PAUSE
                self.state = PlayerState.PAUSED
                self.pause_announced = False  # announced once the sound has faded
            elif name == "resume" and self.state is PlayerState.PAUSED:
                feed.want = _Want.PLAY
                if self.stream is None:
                    # After a lost device: a new stream, started on a full ring (it takes
                    # its first blocks at once, before this thread runs again).
                    self.fill()
                    if not self.open_stream():
                        feed.want = _Want.PAUSE
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
        self.take_in_holds()
        self.feed.hold_after = -1
        self.position = target
        self.feed.generation_now += 1
        self.feed.played_start = target
        self.fill()
        self.report()

    def finish_with_fade(self) -> None:
        if self.stream is None:
            return
        self.feed.want = _Want.STOP
        deadline = time.monotonic() + STOP_FADE_WAIT_SECONDS
        while not (self.feed.faded_for_stop or self.feed.ended) and time.monotonic() < deadline:
            if self.stream_finished.wait(0.01):
                break
        self.close_stream()

    # Preparing blocks -------------------------------------------------------

    def fill(self) -> None:
        """Prepare blocks until the ring is full, the programme is all queued, or
        the next sentence is not ready (the callback then holds silence there)."""
        programme, feed, block = self.programme, self.feed, self.player.block
        assert programme is not None
        self.waiting = False
        # Going on from a sentence that was waited for, the callback holds silence
        # (accounted for) rather than run dry where this thread last stopped. So
        # the blocks go out together once the ring is full: a device taking a
        # burst, as devices do when they start, then meets held silence before
        # the sentence instead of an underrun in its middle.
        batch = feed.hold_after == feed.written
        try:
            while (feed.free_slots() - self.unpublished > 0 and self.position < programme.timeline.length
                   and self.failure is None):
                self.take_in_holds()
                start = self.position
                at = programme.waiting_at(start, start + block)
                if at is not None:
                    failure = programme.failure_at(at)
                    if failure is not None:
                        self.failure = failure
                        self.queue_block(start, end=at)
                        return
                    if at == start:
                        self.publish_blocks()
                        self.take_in_holds()  # any the callback made at the last sentence waited for
                        start = self.position
                        if feed.hold_after != feed.written:  # a new place to hold (not the same one, waited at again)
                            # Where the held silence begins; set before hold_after, as the callback reads them.
                            feed.hold_start = start
                        feed.hold_after = feed.written
                        self.hold_at = start
                        self.waiting = True
                        return
                    # The sentence starts inside this block: silence to the block's end first.
                    programme.hold(at, start + block - at)
                    self.session.stats.holds += 1
                self.queue_block(start)
                if not batch:
                    self.publish_blocks()
                # Holds the callback made before it saw this block belong before it.
                self.take_in_holds()
        finally:
            self.publish_blocks()

    def publish_blocks(self) -> None:
        """Let the callback take the blocks mixed so far."""
        self.feed.written += self.unpublished
        self.unpublished = 0

    def take_in_holds(self) -> None:
        """Put the silence the callback held into the timeline, before the waiting sentence.

        The callback holds only where this thread last waited (block `hold_after`,
        which starts at `hold_at`), but it does so on its own thread: by the time
        this thread counts the silence it may have mixed more from there, so what
        was mixed since moves later with the sentence, unchanged.
        """
        programme, feed = self.programme, self.feed
        assert programme is not None
        held = feed.held_blocks - self.accounted_holds
        if not held:
            return
        self.accounted_holds += held
        samples = held * self.player.block
        programme.hold(self.hold_at, samples, queued_until=self.position)
        self.session.stats.holds += held
        for index in range(feed.hold_after, feed.written + self.unpublished):  # mixed since: now later
            feed.start[index % feed.slots] += samples
        self.hold_at += samples  # the sentence starts that much later now
        self.position += samples

    def queue_block(self, start: int, end: int | None = None) -> None:
        """Mix one block from `start` into the ring; with `end`, silence from there and finish."""
        programme, feed, block = self.programme, self.feed, self.player.block
        assert programme is not None
        slot = (feed.written + self.unpublished) % feed.slots
        sounding = programme.mix_into(self.mix, start)
        if end is not None:
            self.mix[max(end - start, 0):] = 0.0
        feed.data[slot] = to_int16(self.mix) if sounding else 0
        feed.sounding[slot] = sounding
        feed.start[slot] = start
        feed.generation[slot] = feed.generation_now
        feed.has_speech[slot] = self.speech_in(start, min(start + block, end if end is not None else start + block))
        self.position = start + block
        feed.last[slot] = end is not None or self.position >= programme.timeline.length
        self.unpublished += 1

    def speech_in(self, start: int, end: int) -> bool:
        assert self.programme is not None
        return any(clip.kind is ClipKind.SPEECH for clip in self.programme.clips_between(start, end))

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
        self.feed = feed = _AudioFeed(self.player.block, self.player.ring_blocks, self.session.stats)
        feed.volume = feed.gain = lost.volume
        feed.want = _Want.PAUSE
        feed.silent = True
        feed.played_start = here
        feed.stop_exception = lost.stop_exception
        self.accounted_holds = 0
        self.position = here
        self.publish(EventKind.STATE)

    def check_finished(self) -> bool:
        """The stream ended: the end was played, speech failed, or the device went away."""
        feed = self.feed
        if feed.ended and self.failure is not None:
            self.close_stream()
            self.fail(f"Playback stopped at {_clock(feed.played_start / MIX_RATE)}: {self.failure}")
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
                            self.session.stats.underruns, self.waiting, self.message,
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
