"""The `kindaudio` command as a whole (kindaudio/cli/__init__.py): --help, --debug, a reader that goes away.

Each command's own tests are in the test module named after its module (test_render.py, test_play.py, ...).
"""

from __future__ import annotations

import subprocess
import sys

from tests.support.command import EXIT_BAD_INPUT, EXIT_OK, kindaudio


def test_debug_shows_the_traceback_of_an_error() -> None:
    result = kindaudio("--debug", "render", "silent-timer", "--voice", "nope")
    assert result.returncode == EXIT_BAD_INPUT
    assert "Traceback" in result.stderr and "there is no voice 'nope'" in result.stderr


def test_help_lists_the_commands() -> None:
    result = kindaudio("--help")
    assert result.returncode == EXIT_OK
    assert all(command in result.stdout for command in ("window", "render", "play", "timer", "check"))


def test_a_reader_that_stops_early_is_no_error() -> None:
    """`kindaudio list | head -1`: the pipe closes before the list is written."""
    process = subprocess.Popen([sys.executable, "-m", "kindaudio", "list"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # long before the child has imported anything, let alone printed
    errors = process.stderr.read()
    process.stderr.close()
    assert process.wait(60) == 0
    assert errors == ""
