"""`kindaudio window` and `kindaudio` alone: where there is no screen, what to do instead; files handed over."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from kindaudio.cli import COMMANDS
from kindaudio.cli.window import window_arguments
from tests.support.command import EXIT_BAD_INPUT, EXIT_FAILURE, assert_clean_failure, kindaudio


def test_no_command_opens_the_window_and_without_a_screen_says_what_to_do_instead() -> None:
    no_screen = {key: value for key, value in os.environ.items()
                 if key not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    for args in ((), ("window",)):
        result = subprocess.run([sys.executable, "-m", "kindaudio", *args], capture_output=True, text=True,
                                timeout=120, env=no_screen)
        assert_clean_failure(result, EXIT_FAILURE)
        assert "no screen was found" in result.stderr and "kindaudio play affectionate-breathing" in result.stderr


def test_files_given_without_a_command_open_the_window_as_the_desktop_hands_them_over(tmp_path: Path) -> None:
    pack, practice = tmp_path / "from sam.kindpack", tmp_path / "notes"
    practice.write_text("a file without a suffix")
    commands = COMMANDS.keys()
    assert window_arguments([str(pack)], commands) == ["window", str(pack)]
    assert window_arguments(["--debug", str(pack), "b.md"], commands) == ["--debug", "window", str(pack), "b.md"]
    assert window_arguments([str(practice)], commands) == ["window", str(practice)]  # an existing file
    for unchanged in (["list"], ["window", str(pack)], ["--version"], [], ["nonsense"]):
        assert window_arguments(unchanged, commands) == unchanged


def test_a_missing_pack_is_a_clear_error_before_any_window_opens(tmp_path: Path) -> None:
    result = kindaudio(str(tmp_path / "gone.kindpack"))
    assert_clean_failure(result, EXIT_BAD_INPUT)
    assert f"{tmp_path / 'gone.kindpack'}: no such practice pack" in result.stderr
    result = kindaudio("nonsense")  # neither a command nor a file: the parser says so, as before
    assert_clean_failure(result, EXIT_BAD_INPUT)
    assert "invalid choice: 'nonsense'" in result.stderr
