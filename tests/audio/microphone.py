"""The test sound card's microphone: known sound fed to capture through ALSA's file plugin.

KINDAUDIO_TEST_AUDIO_IN names a named pipe (tests/alsa/asound.conf) that
tests/alsa/feed.py fills at a set pace, so a recording hears exactly the
samples a test chose, at the speed a real microphone would give them (or a
few times faster).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import soundfile

from kindaudio.audio.capture.recorder import BLOCK_FRAMES

FEED = Path(__file__).resolve().parents[1] / "alsa" / "feed.py"
RATE = 44100  # the test card's default rate, which the recorder takes
SPEED = 8  # times real time
IN_ENV = "KINDAUDIO_TEST_AUDIO_IN"


def speech_like(seconds: float, rate: int = RATE, low: float = 150.0, high: float = 1500.0,
                peak: float = 0.5) -> np.ndarray:
    """A chirp shaped into syllables (four a second): sound that rises and falls like a voice."""
    t = np.arange(int(seconds * rate)) / rate
    phase = 2 * np.pi * (low * t + (high - low) * t**2 / (2 * seconds))
    syllables = 0.5 * (1 - np.cos(2 * np.pi * 4 * t))
    return np.round(peak * 32767 * syllables * np.sin(phase)).astype(np.int16)


class Microphone:
    """Feeds capture from a known sound; silence until told otherwise."""

    def __init__(self, folder: Path, speed: float = SPEED) -> None:
        self.folder = folder
        self.speed = speed
        self.fifo = folder / "microphone.fifo"
        os.mkfifo(self.fifo)
        self._process: subprocess.Popen[bytes] | None = None
        self._fed = 0
        self.feed(np.zeros(0, dtype=np.int16))

    def feed(self, samples: np.ndarray, speed: float | None = None) -> None:
        """From the next recording on, the microphone hears `samples` (then silence), from their start."""
        self.stop()
        self._fed += 1
        source = self.folder / f"microphone-{self._fed}.raw"
        np.asarray(samples, dtype="<i2").tofile(source)
        pace = RATE * 2 * (speed or self.speed)
        self._process = subprocess.Popen([sys.executable, str(FEED), str(pace), str(BLOCK_FRAMES * 2), str(source),
                                          str(self.fifo)])

    def feed_wav(self, wav: Path) -> np.ndarray:
        """Feed a WAV file's samples (16-bit mono at RATE); returns them."""
        samples, rate = soundfile.read(str(wav), dtype="int16")
        assert rate == RATE and samples.ndim == 1
        self.feed(samples)
        return samples

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            self._process.wait()
            self._process = None


def listening_microphone(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Microphone]:
    """A Microphone the test sound card records from (its fixtures yield from this), stopped afterwards."""
    mic = Microphone(folder)
    monkeypatch.setenv(IN_ENV, str(mic.fifo))
    yield mic
    mic.stop()
