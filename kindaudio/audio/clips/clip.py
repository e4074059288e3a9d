"""Prepared clips: level-matched audio plus the measurements mixing needs."""

from __future__ import annotations

import enum
from dataclasses import dataclass

import numpy as np

from kindaudio.audio.format import MIX_RATE


class ClipOrigin(enum.Enum):
    TTS = "tts"
    RECORDING = "recording"
    BELL = "bell"
    AMBIENCE = "ambience"


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
    """A prepared clip ready to mix: its audio and where it came from.

    Speech is held in memory: a practice's sentences take a few megabytes
    (about 15 MB for the body scan), whatever length it is rendered at; the
    long programme itself is only ever mixed block by block.
    """

    audio: ClipAudio
    origin: ClipOrigin

    @property
    def samples(self) -> np.ndarray:
        return self.audio.samples

    @property
    def cell_energy(self) -> np.ndarray:
        return self.audio.cell_energy

    @property
    def cell_peak(self) -> np.ndarray:
        return self.audio.cell_peak

    @property
    def n_samples(self) -> int:
        return len(self.audio.samples)

    @property
    def seconds(self) -> float:
        return self.n_samples / MIX_RATE
