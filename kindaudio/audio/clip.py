"""Prepared clips: level-matched audio plus the measurements mixing needs."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from kindaudio.audio.format import MIX_RATE


class ClipOrigin(enum.Enum):
    TTS = "tts"
    RECORDING = "recording"
    BELL = "bell"


@dataclass(frozen=True, eq=False)
class ClipAudio:
    """Samples (int16, MIX_RATE, mono) with K-weighted energy and true peak per cell."""

    samples: np.ndarray
    cell_energy: np.ndarray
    cell_peak: np.ndarray

    @property
    def seconds(self) -> float:
        return len(self.samples) / MIX_RATE


@dataclass(frozen=True, eq=False)
class ClipInfo:
    """A prepared clip whose samples stay on disk until the mixer needs them.

    A 45-minute practice holds about 60 MB of speech; keeping only this summary
    in memory keeps rendering and playback small.
    """

    n_samples: int
    cell_energy: np.ndarray
    cell_peak: np.ndarray
    origin: ClipOrigin
    loader: Callable[[], np.ndarray]

    @property
    def seconds(self) -> float:
        return self.n_samples / MIX_RATE

    def samples(self) -> np.ndarray:
        return self.loader()

    @classmethod
    def in_memory(cls, audio: ClipAudio, origin: ClipOrigin) -> ClipInfo:
        samples = audio.samples
        return cls(len(samples), audio.cell_energy, audio.cell_peak, origin, lambda: samples)
