"""The player: the one way the window and the terminal play a programme.

Every method returns at once: it queues a command for the session's own thread
(runner.py) and never waits on the sound device, so a GUI thread may call it.
How the threads share the work is told in this package's docstring.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from kindaudio.audio.mixing.timeline import Timeline
from kindaudio.audio.playback import output
from kindaudio.audio.playback.live import LiveProgramme
from kindaudio.audio.playback.runner import Command, Runner, Session
from kindaudio.audio.playback.status import EventKind, Listener, PlayerEvent, PlayerState, PlayerStats, PlayerStatus

log = logging.getLogger(__name__)

# Prepared ahead: 64 x 46 ms = 3 s, 128 KiB. Devices take a burst of blocks
# when they start (a sound server, a pipe), and the machine may be busy
# synthesising; a deep ring rides both out. Pause, seek and volume act at the
# ring's head, so its depth adds no delay to them.
RING_BLOCKS = 64
LOST_DEVICE_CLOSE_SECONDS = 10.0  # how long close() waits for a lost device to let go


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
        self._session: Session | None = None
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
        session = Session(build, title, PlayerStats(play_called_at=time.perf_counter()))
        with self._lock:
            previous, self._session = self._session, session
        self.stats = session.stats
        if previous is not None:
            previous.commands.put(Command("stop"))
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
        session.commands.put(Command("stop"))
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
            session.commands.put(Command(name, value))
            session.wake.set()

    # -- the player's thread ---------------------------------------------------

    def _run(self, session: Session, previous: Session | None = None) -> None:
        if previous is not None and previous.thread is not None:
            previous.thread.join()  # its fade and its device first; its last events before ours
        runner = Runner(self, session)
        try:
            runner.run()
        except Exception as exc:
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
            except Exception:
                log.exception("a player listener failed on %s", kind.value)
