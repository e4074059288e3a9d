"""`kindaudio window` and `kindaudio` alone: where there is no screen, what to do instead."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.support.command import EXIT_FAILURE, assert_clean_failure


def test_no_command_opens_the_window_and_without_a_screen_says_what_to_do_instead() -> None:
    no_screen = {key: value for key, value in os.environ.items()
                 if key not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    for args in ((), ("window",)):
        result = subprocess.run([sys.executable, "-m", "kindaudio", *args], capture_output=True, text=True,
                                timeout=120, env=no_screen)
        assert_clean_failure(result, EXIT_FAILURE)
        assert "no screen was found" in result.stderr and "kindaudio play affectionate-breathing" in result.stderr
