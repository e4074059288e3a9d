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
SCREENS = ["0-welcome", "0-welcome-view-chosen", "1-library", "2-practice", "3-read-script", "4-player", "5-grounding", "6-completion"]


@pytest.mark.slow
def test_a_new_person_is_welcomed_chooses_a_view_and_plays_the_shortest_practice_to_the_end(
        tmp_path: Path, home: Path) -> None:
    shots = Path(os.environ.get("KINDAUDIO_SCREENSHOTS", tmp_path / "screenshots"))
    received = tmp_path / "received.raw"
    with virtual_screen() as display:
        env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "KINDAUDIO_HOME": str(home),
               "PYTHONPATH": str(HERE.parents[1]),  # this tree's kindaudio, whatever is installed
               "KINDAUDIO_TEST_AUDIO_OUT": f"|{sys.executable} {PACE} {MIX_RATE * 2 * SPEED} {received}"}
        result = subprocess.run([sys.executable, str(HERE / "drive_app.py"), str(shots)], env=env,
                                capture_output=True, text=True, timeout=600, cwd=HERE.parents[1])
    assert result.returncode == 0, f"{result.stdout}\n{result.stderr}"
    assert "Traceback" not in result.stderr
    for name in SCREENS:
        image = QImage(str(shots / f"{name}.png"))
        assert (image.width(), image.height()) == (1280, 720), name
        # Something is drawn: many different colours, not an empty screen.
        assert len({image.pixel(x, y) for x in range(0, 1280, 16) for y in range(0, 720, 16)}) > 20, name
    sound = np.fromfile(received, dtype="<i2")
    assert len(sound) > 7 * 60 * MIX_RATE  # the whole practice (its shortest length is 8 minutes)
    assert np.abs(sound).max() > 3000  # and it was heard
