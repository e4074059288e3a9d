"""Progress on the terminal: a bar on a TTY, plain lines otherwise (logs, CI)."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from kindaudio.audio import Progress

BAR_WIDTH = 30
REDRAW_SECONDS = 0.1


class TerminalProgress(Progress):
    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.interactive = self.stream.isatty()
        self.name = ""
        self.total = 0.0
        self.done_amount = 0.0
        self._last_draw = 0.0
        self._last_quarter = -1

    def phase(self, name: str, total: float) -> None:
        self._finish_line()
        self.name, self.total, self.done_amount = name, float(total), 0.0
        self._last_quarter = -1
        self._draw(force=True)

    def advance(self, amount: float) -> None:
        self.done_amount = min(self.done_amount + amount, self.total)
        self._draw(force=self.done_amount >= self.total)

    def done(self) -> None:
        self._finish_line()

    def _fraction(self) -> float:
        return 1.0 if self.total <= 0 else self.done_amount / self.total

    def _draw(self, force: bool = False) -> None:
        fraction = self._fraction()
        if self.interactive:
            now = time.monotonic()
            if not force and now - self._last_draw < REDRAW_SECONDS:
                return
            self._last_draw = now
            filled = int(BAR_WIDTH * fraction)
            bar = "#" * filled + "-" * (BAR_WIDTH - filled)
            self.stream.write(f"\r{self.name:<18} [{bar}] {fraction:4.0%}")
            self.stream.flush()
        else:
            quarter = int(fraction * 4)
            if quarter != self._last_quarter:
                self._last_quarter = quarter
                self.stream.write(f"{self.name}: {quarter * 25}%\n")
                self.stream.flush()

    def _finish_line(self) -> None:
        if self.interactive and self.name:
            self.stream.write("\n")
            self.stream.flush()
        self.name = ""
