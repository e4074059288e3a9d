"""The test sound card's output: what it received, paced like a real device, and comparing it to a programme.

ALSA's file plugin (tests/alsa/asound.conf) writes what PortAudio plays into a
file through tests/alsa/pace.py, at several times real speed, so a player's
buffering works as it does on a real card, only quicker. Shared by the
player's tests, the terminal player's and the window's.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from kindaudio.audio.format import MIX_RATE
from kindaudio.audio.playback.output import BLOCK_SAMPLES

PACE = Path(__file__).resolve().parents[1] / "alsa" / "pace.py"
SPEED = 8  # times real time
B = BLOCK_SAMPLES


@dataclass
class Device:
    """What the test sound card received."""

    path: Path

    def received(self) -> np.ndarray:
        return np.fromfile(self.path, dtype="<i2") if self.path.exists() else np.zeros(0, dtype=np.int16)


def paced_device(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, speed: int = SPEED) -> Device:
    path = tmp_path / "received.raw"
    monkeypatch.setenv("KINDAUDIO_TEST_AUDIO_OUT", f"|{sys.executable} {PACE} {MIX_RATE * 2 * speed} {path}")
    return Device(path)


def after_priming(received: np.ndarray, programme: np.ndarray) -> np.ndarray:
    """The received samples from where the programme begins (PortAudio primes with zeros)."""
    offset = int(np.flatnonzero(received)[0] - np.flatnonzero(programme)[0])
    assert 0 <= offset <= 4 * B and not received[:offset].any()
    return received[offset:]


def assert_same(heard: np.ndarray, expected: np.ndarray) -> None:
    """Sample for sample; on failure, say which blocks differ."""
    heard = heard[: len(expected)]
    if len(heard) == len(expected) and np.array_equal(heard, expected):
        return
    differ = np.flatnonzero(heard[: min(len(heard), len(expected))] != expected[: len(heard)])
    blocks = sorted({int(i) // B for i in differ})
    pytest.fail(f"{len(heard)} samples heard, {len(expected)} expected; {len(differ)} differ, "
                f"in blocks {blocks[:12]}{' ...' if len(blocks) > 12 else ''}")
