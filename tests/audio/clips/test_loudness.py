"""BS.1770 measurement per 20 ms cell agrees with pyloudnorm and with theory."""

from __future__ import annotations

import math

import numpy as np
import pytest

from kindaudio.audio.clips.levelling import to_mix_format
from kindaudio.audio.clips.loudness import (
    cell_energy,
    cell_true_peaks,
    gated_loudness,
    max_momentary_loudness,
    oversampled_cell_peaks,
)
from kindaudio.audio.format import CELL, MIX_RATE
from tests.audio.conftest import reference_loudness, true_peak_db


def _sine(freq: float, seconds: float, amplitude: float, phase: float = 0.0) -> np.ndarray:
    t = np.arange(int(seconds * MIX_RATE)) / MIX_RATE
    return amplitude * np.sin(2 * np.pi * freq * t + phase)


def test_a_sine_at_minus_20_dbfs_measures_minus_23_lufs() -> None:
    # BS.1770: a full-scale 997 Hz sine reads -3.01 LUFS (the K-weighting,
    # designed for 48 kHz, is a few hundredths of a dB off at 22 kHz).
    sine = _sine(997, 5, 0.1)
    assert gated_loudness(cell_energy(sine)) == pytest.approx(-23.01, abs=0.1)
    assert gated_loudness(cell_energy(sine)) == pytest.approx(reference_loudness(sine), abs=0.01)


def test_real_speech_measures_what_pyloudnorm_measures(speech: tuple[np.ndarray, int]) -> None:
    samples = to_mix_format(*speech)
    assert gated_loudness(cell_energy(samples)) == pytest.approx(reference_loudness(samples), abs=0.01)


def test_gating_ignores_quiet_passages_as_pyloudnorm_does(speech: tuple[np.ndarray, int]) -> None:
    loud = to_mix_format(*speech)
    programme = np.concatenate([loud, np.zeros(MIX_RATE * 3), loud * 0.01, loud * 0.5])
    assert gated_loudness(cell_energy(programme)) == pytest.approx(reference_loudness(programme), abs=0.02)


def test_silence_has_no_loudness() -> None:
    assert gated_loudness(cell_energy(np.zeros(MIX_RATE))) == -math.inf
    assert gated_loudness(np.array([])) == -math.inf


def test_inter_sample_peaks_are_found() -> None:
    # A quarter-rate sine at 45 degrees: every sample is +-0.707, the wave reaches 1.0.
    samples = _sine(MIX_RATE / 4, 1, 1.0, phase=np.pi / 4)
    assert np.abs(samples).max() == pytest.approx(0.7071, abs=0.001)
    peaks = oversampled_cell_peaks(samples, np.arange(5, 15))
    assert 20 * np.log10(peaks.max()) == pytest.approx(0.0, abs=0.1)
    assert 20 * np.log10(peaks.max()) == pytest.approx(true_peak_db(samples), abs=0.1)


def test_every_cell_of_real_speech_peaks_where_an_independent_8x_resampler_says(
        speech: tuple[np.ndarray, int]) -> None:
    """The interpolator is folded by its symmetry; each cell still reads what scipy's
    polyphase resampler at twice the oversampling reads there (4x reads up to a few tenths of a dB lower)."""
    from scipy.signal import resample_poly

    samples = to_mix_format(*speech)
    samples = samples[: len(samples) // CELL * CELL]
    ours = oversampled_cell_peaks(samples, np.arange(len(samples) // CELL))
    reference = np.abs(resample_poly(samples.astype(np.float64), 8, 1)).reshape(-1, CELL * 8).max(axis=1)
    heard = reference > 1e-3  # above -60 dBFS
    assert heard.sum() > 50
    difference = 20 * np.log10(ours[heard] / reference[heard])
    assert -0.5 < difference.min() and difference.max() < 0.1


def test_cells_far_below_the_limit_get_a_bound_never_below_their_true_peak(speech: tuple[np.ndarray, int]) -> None:
    samples = to_mix_format(*speech) * 0.5
    exact = cell_true_peaks(samples, near=0.0)
    bounded = cell_true_peaks(samples, near=0.9)
    assert np.all(bounded >= exact - 1e-9)
    assert np.any(bounded > exact)  # the bound really is used for quiet cells


def test_momentary_loudness_is_the_loudest_400_ms() -> None:
    burst = np.concatenate([np.zeros(MIX_RATE), _sine(997, 0.4, 0.1), np.zeros(MIX_RATE)])
    assert max_momentary_loudness(cell_energy(burst)) == pytest.approx(-23.01, abs=0.1)
