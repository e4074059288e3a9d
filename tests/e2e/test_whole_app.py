"""The whole app, as a person meets it: the real window on a (virtual) screen, real sound.

Starts KindAudio's window in its own process on Xvfb, on a new profile: the
welcome, the view chosen, then the shortest practice played through the test
sound card, with a screenshot of each screen.
Set KINDAUDIO_SCREENSHOTS to a folder to keep them (they are looked at by a
person, not compared pixel by pixel).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QImage

from kindaudio.audio.format import MIX_RATE
from tests.xserver import virtual_screen

HERE = Path(__file__).resolve().parent
PACE = HERE.parent / "alsa" / "pace.py"
SPEED = 16  # the sound card plays 16 times faster than real time
SCREENS = ["0-welcome", "0-welcome-view-chosen", "1-library", "2-practice", "3-read-script", "4-player", "5-grounding",
           "6-completion"]


JOURNEY_SCREENS = ["1-welcome", "2-library-client-view", "3-practice", "4-player", "5-check-in-after-stop",
                   "6-check-in-filled", "7-support-place"]


def drive(driver: str, shots: Path, received: Path, home: Path) -> subprocess.CompletedProcess[str]:
    """Run a driver script (drive_*.py) against the real app on a virtual 1280x720 screen, with sound."""
    with virtual_screen() as display:
        env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "KINDAUDIO_HOME": str(home),
               "PYTHONPATH": str(HERE.parents[1]),  # this tree's kindaudio, whatever is installed
               "KINDAUDIO_TEST_AUDIO_OUT": f"|{sys.executable} {PACE} {MIX_RATE * 2 * SPEED} {received}"}
        result = subprocess.run([sys.executable, str(HERE / driver), str(shots)], env=env,
                                capture_output=True, text=True, timeout=600, cwd=HERE.parents[1])
    assert result.returncode == 0, f"{result.stdout}\n{result.stderr}"
    assert "Traceback" not in result.stderr
    return result


def assert_screens(shots: Path, names: list[str]) -> None:
    for name in names:
        image = QImage(str(shots / f"{name}.png"))
        assert (image.width(), image.height()) == (1280, 720), name
        # Something is drawn: many different colours, not an empty screen.
        assert len({image.pixel(x, y) for x in range(0, 1280, 16) for y in range(0, 720, 16)}) > 20, name


@pytest.mark.slow
def test_a_new_person_is_welcomed_chooses_a_view_and_plays_the_shortest_practice_to_the_end(
        tmp_path: Path, home: Path) -> None:
    shots = Path(os.environ.get("KINDAUDIO_SCREENSHOTS", tmp_path / "screenshots"))
    received = tmp_path / "received.raw"
    drive("drive_app.py", shots, received, home)
    assert_screens(shots, SCREENS)
    sound = np.fromfile(received, dtype="<i2")
    assert len(sound) > 7 * 60 * MIX_RATE  # the whole practice (its shortest length is 8 minutes)
    assert np.abs(sound).max() > 3000  # and it was heard


@pytest.mark.slow
def test_a_hard_moment_stop_then_a_difficult_check_in_leads_to_the_support_place(tmp_path: Path,
                                                                                  home: Path) -> None:
    """First run, the client view, a practice stopped part way, a check-in saying it was very hard: support."""
    shots = Path(os.environ.get("KINDAUDIO_SCREENSHOTS", tmp_path / "screenshots")) / "support-journey"
    result = drive("drive_support_journey.py", shots, tmp_path / "received.raw", home)
    assert_screens(shots, JOURNEY_SCREENS)
    # Stopped part way is kept as such, with the check-in that followed it.
    assert "session: stopped_early; after: valence -3, difficult True" in result.stdout
