"""Render progress on the terminal: a redrawn bar, or plain lines for logs."""

from __future__ import annotations

import io

from kindaudio.cli.progress_bar import TerminalProgress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_a_bar_is_redrawn_in_place() -> None:
    screen = Terminal()
    progress = TerminalProgress(screen)
    progress.phase("preparing speech", 4)
    for _ in range(4):
        progress.advance(1)
    progress.done()
    text = screen.getvalue()
    assert text.startswith("\rpreparing speech   [------------------------------]   0%")
    assert text.endswith("\rpreparing speech   [##############################] 100%\n")


def test_elsewhere_plain_lines_at_each_quarter() -> None:
    log = io.StringIO()
    progress = TerminalProgress(log)
    progress.phase("mixing", 100)
    for _ in range(100):
        progress.advance(1)
    progress.done()
    assert log.getvalue().splitlines() == ["mixing: 0%", "mixing: 25%", "mixing: 50%", "mixing: 75%", "mixing: 100%"]


def test_plain_lines_name_the_quarter_passed_not_the_exact_fraction() -> None:
    log = io.StringIO()
    progress = TerminalProgress(log)
    progress.phase("mixing", 100)
    progress.advance(76)  # a block boundary lands past 75 %
    progress.advance(24)
    assert log.getvalue().splitlines() == ["mixing: 0%", "mixing: 75%", "mixing: 100%"]
