"""Making any speech clip ready to mix: mono, 22 kHz, trimmed, level-matched.

Synthesised sentences and recordings of a real voice go through the same steps,
so a recorded sentence sits at the same loudness as the synthesised ones around
it. Trimming puts the clip's first sample at the speech onset, which is what
lets captions start exactly when the voice does.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from kindaudio.audio.clips.clip import ClipAudio
from kindaudio.audio.clips.limiter import limit_true_peak
from kindaudio.audio.clips.loudness import (
    cell_sums,
    cell_true_peaks,
    db_to_gain,
    gated_loudness,
    k_weighted_squares,
    pad_to_cells,
)
from kindaudio.audio.format import CELL, INT16_SCALE, MIX_RATE, to_int16

# Bump when anything here changes what a prepared clip sounds like; it is part
# of every cache key, so old entries are simply not found again.
PIPELINE_VERSION = 3  # 3: the limiter's gain no longer steps beside a limited cell

SPEECH_LOUDNESS_LUFS = -18.0
CLIP_CEILING_DBTP = -2.0
TRIM_FRAME_SECONDS = 0.005
TRIM_BELOW_DB = -45.0  # relative to the loudest frame of the clip
PRE_ROLL_SECONDS = 0.005
POST_ROLL_SECONDS = 0.040
MIN_SPEECH_SECONDS = 0.05


class SilentClipError(ValueError):
    """The clip holds no sound to speak of."""


def to_mix_format(samples: np.ndarray, rate: int) -> np.ndarray:
    """float32 mono at MIX_RATE from int or float samples, any channels and rate.

    float32 holds 16-bit audio exactly and halves the memory every later step
    streams through; levelling is on the cold render's path."""
    data = np.asarray(samples)
    if data.dtype.kind in "iu":
        data = data.astype(np.float32) * np.float32(1 / (np.iinfo(data.dtype).max + 1))
    else:
        data = data.astype(np.float32)
    if data.ndim == 2:
        data = data.mean(axis=1)
    if rate != MIX_RATE:
        from scipy.signal import resample_poly

        common = math.gcd(rate, MIX_RATE)
        data = resample_poly(data, MIX_RATE // common, rate // common)
    return data


def trim_silence(samples: np.ndarray) -> np.ndarray:
    """The clip from just before the first sound to just after the last."""
    frame = int(TRIM_FRAME_SECONDS * MIX_RATE)
    frames = len(samples) // frame
    if frames == 0:
        raise SilentClipError("the clip is too short to hold speech")
    energy: np.ndarray = np.square(samples[: frames * frame]).reshape(frames, frame).mean(axis=1)
    loudest = energy.max()
    if loudest <= 1e-10:  # below -100 dBFS
        raise SilentClipError("the clip is silent")
    loud = np.flatnonzero(energy >= loudest * 10 ** (TRIM_BELOW_DB / 10))
    start = max(loud[0] * frame - int(PRE_ROLL_SECONDS * MIX_RATE), 0)
    end = min((loud[-1] + 1) * frame + int(POST_ROLL_SECONDS * MIX_RATE), len(samples))
    if end - start < MIN_SPEECH_SECONDS * MIX_RATE:
        raise SilentClipError("the clip holds less than 50 ms of sound")
    return samples[start:end]


def level(samples: np.ndarray, loudness_lufs: float, ceiling_dbtp: float | None,
          measure: Callable[[np.ndarray], float] = gated_loudness) -> ClipAudio:
    """Scale so `measure` (of cell energies) gives `loudness_lufs`, limit true
    peaks to `ceiling_dbtp`, and measure the result.

    The K-weighting runs once: after limiting, each touched cell's energy is
    recomputed from the weighted signal and the limiter's gain (the gain moves
    over 20 ms, slowly enough for the filter to pass it through unchanged).
    """
    squares = k_weighted_squares(samples)
    energy = cell_sums(squares)
    measured = measure(energy)
    if not math.isfinite(measured):
        raise SilentClipError("the clip is silent")
    gain = db_to_gain(loudness_lufs - measured)
    scaled = samples * gain
    energy = energy * gain**2
    ceiling = db_to_gain(ceiling_dbtp) if ceiling_dbtp is not None else 0.0
    peaks = cell_true_peaks(scaled, near=ceiling)
    limited = limit_true_peak(scaled, peaks, ceiling) if ceiling_dbtp is not None else None
    if limited is not None:
        scaled, peaks = limited.samples, limited.cell_peak
        weighted = pad_to_cells(squares, dtype=squares.dtype)[: len(energy) * CELL].reshape(len(energy), CELL)
        energy[limited.touched] = gain**2 * (weighted[limited.touched] * limited.gain**2).sum(axis=1)
    # Rounding to 16 bits moves a peak by at most one step; count it in.
    return ClipAudio(to_int16(scaled), energy, peaks + 1 / INT16_SCALE)


def prepare_speech(samples: np.ndarray, rate: int) -> ClipAudio:
    """A sentence, synthesised or recorded, ready for the cache and the mixer."""
    return level(trim_silence(to_mix_format(samples, rate)), SPEECH_LOUDNESS_LUFS, CLIP_CEILING_DBTP)


def warm_up() -> None:
    """Load and prepare everything levelling uses, before a sentence waits on it.

    The first sentence levelled otherwise pays for loading scipy's compiled
    filter and designing the interpolator (a few tens of milliseconds; it was
    about a second while that meant importing scipy.signal), which a player
    would have to fill with silence.
    """
    tone = 0.3 * np.sin(2 * np.pi * 220 * np.arange(MIX_RATE // 2) / MIX_RATE)
    prepare_speech(to_int16(tone), MIX_RATE)
