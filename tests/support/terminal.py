"""`kindaudio` at a terminal: a pseudo-terminal to type into, and a sound device that plays in (paced) time.

`paced(path)` is a KINDAUDIO_TEST_AUDIO_OUT value: the test card's sound goes
through tests/alsa/pace.py, which takes it no faster than `speed` times real
time and writes it to `path`, so a test can act while a practice plays.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from kindaudio.audio.format import MIX_RATE

PACE = Path(__file__).resolve().parents[1] / "alsa" / "pace.py"


def paced(path: Path, speed: int = 10) -> str:
    return f"|{sys.executable} {PACE} {MIX_RATE * 2 * speed} {path}"


class Terminal:
    """`kindaudio` run in a pseudo-terminal, as a person at a keyboard would run it."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.master, self.slave = pty.openpty()
        termios_size = struct.pack("HHHH", 24, 160, 0, 0)
        fcntl.ioctl(self.slave, termios.TIOCSWINSZ, termios_size)
        self.process = subprocess.Popen([sys.executable, "-m", "kindaudio", *args], stdin=self.slave,
                                        stdout=self.slave, stderr=self.slave, env={**os.environ, **env},
                                        start_new_session=True, preexec_fn=self._take_terminal)
        self.screen = ""

    def _take_terminal(self) -> None:
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)  # Ctrl-C typed here interrupts it

    def read_until(self, text: str, after: int = 0, timeout: float = 120) -> int:
        """Read output until `text` appears past `after`; where it ends."""
        deadline = time.monotonic() + timeout
        while (found := self.screen.find(text, after)) < 0:
            assert time.monotonic() < deadline, f"never showed {text!r}; the screen:\n{self.screen[-2000:]}"
            if select.select([self.master], [], [], 0.5)[0]:
                self.screen += os.read(self.master, 4096).decode("utf-8", "replace")
            elif self.process.poll() is not None:
                pytest.fail(f"ended before showing {text!r}; the screen:\n{self.screen[-2000:]}")
        return found + len(text)

    def type(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def close(self) -> int:
        code = self.process.wait(60)
        attributes = termios.tcgetattr(self.slave)
        self.restored = bool(attributes[3] & termios.ECHO and attributes[3] & termios.ICANON)
        os.close(self.master)
        os.close(self.slave)
        return code


def two_section_practice(title: str) -> str:
    """A practice of two short sections with elastic rests: quick to speak, still a real practice."""
    return (f"---\ntitle: {title}\npace: {{rate: 170, sentence_gap: 0.5s, paragraph_gap: 1s, section_gap: 1s}}\n"
            "---\n## Arriving\nHere we begin.\n[pause 2s..30s]\n## Closing\nAnd here we end.\n[pause 2s..60s]\n")
