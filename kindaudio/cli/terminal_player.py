"""Playing a programme in a terminal: a live status line and single keys.

In a terminal: space pauses and resumes, the left and right arrows go back and
forward 15 s, n and p move between sections, + and - change the volume, q
stops. Without one (a pipe, a log file) it plays to the end and prints one
line per section. Ctrl-C stops with a fade, like q: at a terminal it then
goes on as q does (the after check-in is offered, skippable); without one it
ends the command as interrupted.
"""

from __future__ import annotations

import contextlib
import logging
import os
import select
import shutil
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, TextIO

from kindaudio.audio import EventKind, LiveProgramme, Player, PlayerEvent, PlayerState, PlayerStatus
from kindaudio.journal.records import SessionStatus
from kindaudio.script.durations import format_clock

if TYPE_CHECKING:
    from kindaudio.journal.listening import SessionListener

log = logging.getLogger(__name__)

SEEK_SECONDS = 15.0
VOLUME_STEP = 0.1
REDRAW_SECONDS = 0.25
KEYS_HELP = "space pause · ←/→ 15 s · n/p section · +/- volume · q stop"


@contextlib.contextmanager
def _ctrl_c_as_a_request() -> Iterator[threading.Event]:
    """Ctrl-C asks the loop to stop at its next turn.

    Left to raise wherever it lands, it could cut into a journal write and
    leave the database driver printing a traceback as it cleans up.
    """
    asked = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield asked
        return
    previous = signal.signal(signal.SIGINT, lambda _signum, _frame: asked.set())
    try:
        yield asked
    finally:
        signal.signal(signal.SIGINT, previous)


class TerminalPlayer:
    """Drives a Player from a terminal; returns the final status."""

    def __init__(self, player: Player, out: TextIO | None = None, interactive: bool | None = None) -> None:
        self.player = player
        self.out = out or sys.stdout
        self.interactive = (sys.stdin.isatty() and self.out.isatty()) if interactive is None else interactive
        self._last_draw = 0.0
        self._announced = False

    def play(self, build: Callable[[], LiveProgramme], title: str,
             recorder: SessionRecorder | None = None) -> PlayerStatus:
        """Play to the end or until stopped; `recorder` keeps the journal in step (it sees Ctrl-C too)."""
        self.player.add_listener(self._on_event)
        if recorder is not None:
            self.player.add_listener(recorder.on_event)
        self.player.play(build, title)
        try:
            with self._keys() as keys, _ctrl_c_as_a_request() as ctrl_c:
                while not self.player.done():
                    self.player.wait(timeout=0.1)  # short waits keep Ctrl-C and the keys responsive
                    if ctrl_c.is_set():
                        if not self.interactive:
                            raise KeyboardInterrupt
                        ctrl_c.clear()
                        self._act("quit")  # a gentle stop, as q: the fade, then what follows a stop
                    if keys is not None:
                        self._read_keys(keys)
                    if recorder is not None:
                        recorder.observe(self.player.status())
        except KeyboardInterrupt:
            self.player.stop()
            self._line("stopped")
            if recorder is not None:
                self.player.remove_listener(recorder.on_event)
                try:
                    recorder.finish(self.player.status())
                except Exception:
                    log.exception("could not record the end of the session")
            raise
        finally:
            self.player.remove_listener(self._on_event)
        if recorder is not None:
            self.player.remove_listener(recorder.on_event)
            recorder.finish(self.player.status())
        return self.player.status()

    # Output --------------------------------------------------------------------

    def _on_event(self, event: PlayerEvent) -> None:
        status = event.status
        if event.kind is EventKind.STATE:
            if status.state is PlayerState.LOADING:
                self._line(f"Preparing {status.title or 'the practice'} ...")
            elif status.state is PlayerState.PLAYING and not self._announced:
                self._announced = True
                heading = f"Playing {status.title} ({format_clock(status.length)})"
                self._line(f"{heading} — {KEYS_HELP}" if self.interactive else heading)
            elif status.state is PlayerState.FAILED:
                self._line(status.message or "playback failed", stream=sys.stderr)
            elif status.state is PlayerState.PAUSED and status.message:
                self._line(status.message, stream=sys.stderr)
            elif status.state is PlayerState.FINISHED:
                self._line(f"Finished: {status.title} ({format_clock(status.length)}). Take a moment before "
                           "moving on, if you like.")
            if self.interactive and status.state in (PlayerState.PLAYING, PlayerState.PAUSED):
                self._draw(status, force=True)
        elif event.kind is EventKind.SECTION and status.section is not None and not self.interactive:
            self._line(f"{format_clock(status.position)}  {status.section.title}")
        elif self.interactive and event.kind in (EventKind.POSITION, EventKind.SENTENCE, EventKind.SECTION):
            self._draw(status, force=event.kind is not EventKind.POSITION)

    def _draw(self, status: PlayerStatus, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._last_draw < REDRAW_SECONDS:
            return
        self._last_draw = now
        width = shutil.get_terminal_size((80, 20)).columns
        self.out.write("\r\x1b[2K" + status_line(status, width))
        self.out.flush()

    def _line(self, text: str, stream: TextIO | None = None) -> None:
        target = stream or self.out
        if self.interactive:
            self.out.write("\r\x1b[2K")
            self.out.flush()
        print(text, file=target, flush=True)

    # Keys -------------------------------------------------------------------------

    @contextlib.contextmanager
    def _keys(self) -> Iterator[int | None]:
        """stdin in cbreak mode (no echo, no Enter needed) while playing, when interactive."""
        if not self.interactive:
            yield None
            return
        import termios
        import tty

        fd = sys.stdin.fileno()
        saved = termios.tcgetattr(fd)
        try:
            tty.setcbreak(fd)
            yield fd
        finally:
            termios.tcsetattr(fd, termios.TCSADRAIN, saved)
            self.out.write("\n")

    def _read_keys(self, fd: int) -> None:
        while select.select([fd], [], [], 0)[0]:
            data = os.read(fd, 16).decode("utf-8", "ignore")
            for action in keys_to_actions(data):
                self._act(action)

    def _act(self, action: str) -> None:
        player = self.player
        if action == "pause":
            player.toggle_pause()
        elif action == "back":
            player.skip(-SEEK_SECONDS)
        elif action == "forward":
            player.skip(SEEK_SECONDS)
        elif action == "next":
            player.next_section()
        elif action == "previous":
            player.previous_section()
        elif action == "louder":
            player.set_volume(player.volume + VOLUME_STEP)
        elif action == "softer":
            player.set_volume(player.volume - VOLUME_STEP)
        elif action == "quit":
            player.stop()
            self._line("stopped")


class SessionRecorder:
    """The terminal's side of the journal's SessionListener: player events in, writes from the loop.

    The player's position events come every block on the thread that prepares
    the audio, so they only feed the listener's count; the writes run from the
    terminal's own loop (`observe`), where a busy database cannot starve the
    sound.
    """

    def __init__(self, listener: SessionListener) -> None:
        self.listener = listener
        self._paused = False

    def on_event(self, event: PlayerEvent) -> None:
        """A player listener (player's thread): only counts, never writes."""
        if event.kind in (EventKind.POSITION, EventKind.STATE):
            self.listener.heard(event.status.position, event.status.state is PlayerState.PLAYING)

    def observe(self, status: PlayerStatus) -> None:
        """From the terminal's loop: the row once sound plays, a save on pausing or when due."""
        paused = status.state is PlayerState.PAUSED
        if paused and not self._paused:
            self.listener.paused()
        self._paused = paused
        self.listener.write()

    def finish(self, status: PlayerStatus) -> None:
        """Completed when the end was played; interrupted when playback failed; otherwise stopped early."""
        if status.state is PlayerState.FINISHED:
            outcome = SessionStatus.COMPLETED
        elif status.state is PlayerState.FAILED:
            outcome = SessionStatus.INTERRUPTED
        else:
            outcome = SessionStatus.STOPPED_EARLY
        self.listener.finish(outcome)


def keys_to_actions(data: str) -> list[str]:
    """What a burst of terminal input asks for (arrow keys arrive as escape sequences)."""
    actions = []
    index = 0
    while index < len(data):
        if data.startswith("\x1b[D", index) or data.startswith("\x1bOD", index):
            actions.append("back")
            index += 3
            continue
        if data.startswith("\x1b[C", index) or data.startswith("\x1bOC", index):
            actions.append("forward")
            index += 3
            continue
        key = data[index]
        action = {" ": "pause", "n": "next", "p": "previous", "+": "louder", "=": "louder", "-": "softer",
                  "q": "quit", "Q": "quit"}.get(key)
        if action:
            actions.append(action)
        index += 1
    return actions


def status_line(status: PlayerStatus, width: int) -> str:
    """One line: state, section, elapsed / remaining, volume and the caption, cut to fit."""
    mark = {PlayerState.PAUSED: "‖", PlayerState.PLAYING: "▶"}.get(status.state, "·")
    section = status.section.title if status.section else ""
    clock = f"{format_clock(status.position)} / -{format_clock(status.remaining)}"
    caption = status.sentence.text if status.sentence else ("(waiting for the voice)" if status.waiting_for_speech
                                                           else "")
    volume = f"vol {round(status.volume * 100)}%" if status.volume < 1 else ""
    line = "  ".join(part for part in (mark, clock, section, volume, caption) if part)
    return line if len(line) <= width - 1 else line[: max(width - 2, 0)] + "…"
