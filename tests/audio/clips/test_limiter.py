"""The limiter brings every true peak under the ceiling and leaves the rest alone."""

from __future__ import annotations

import numpy as np

from kindaudio.audio.clips.levelling import to_mix_format
from kindaudio.audio.clips.limiter import limit_true_peak
from kindaudio.audio.clips.loudness import cell_true_peaks, db_to_gain
from kindaudio.audio.format import CELL, MIX_RATE
from tests.audio.conftest import true_peak_db

CEILING = db_to_gain(-2.0)


def test_loud_speech_is_brought_under_the_ceiling(speech: tuple[np.ndarray, int]) -> None:
    loud = to_mix_format(*speech) * 1.8  # peaks well over full scale
    limited = limit_true_peak(loud, cell_true_peaks(loud, near=CEILING), CEILING)
    assert limited is not None
    assert true_peak_db(limited.samples) <= -2.0 + 0.05
    assert limited.cell_peak.max() <= CEILING + 1e-9


def test_cells_away_from_peaks_are_untouched() -> None:
    t = np.arange(MIX_RATE * 2) / MIX_RATE
    signal = 0.2 * np.sin(2 * np.pi * 220 * t)
    signal[MIX_RATE: MIX_RATE + 200] *= 6  # one loud moment in the middle
    limited = limit_true_peak(signal, cell_true_peaks(signal, near=CEILING), CEILING)
    assert limited is not None
    first_touched = limited.touched.min() * CELL
    last_touched = (limited.touched.max() + 1) * CELL
    assert np.array_equal(limited.samples[:first_touched], signal[:first_touched])
    assert np.array_equal(limited.samples[last_touched:], signal[last_touched:])
    assert last_touched - first_touched <= 5 * CELL  # only the cells around the moment


def test_gain_never_exceeds_what_a_sample_needs() -> None:
    rng = np.random.default_rng(7)
    signal = rng.normal(0, 0.3, MIX_RATE)
    limited = limit_true_peak(signal, cell_true_peaks(signal, near=CEILING), CEILING)
    assert limited is not None
    assert np.all(np.abs(limited.samples) <= CEILING + 1e-9)
    assert np.all(limited.gain <= 1.0)


def test_nothing_is_done_below_the_ceiling() -> None:
    quiet = 0.1 * np.sin(np.arange(MIX_RATE) / 10)
    assert limit_true_peak(quiet, cell_true_peaks(quiet, near=CEILING), CEILING) is None


def test_cells_are_merged_as_union1d_merges_them() -> None:
    from kindaudio.audio.clips.limiter import _merge

    rng = np.random.default_rng(11)
    cases = [(np.zeros(0, dtype=np.intp), np.array([0, 3, 4], dtype=np.intp)),
             (np.array([2, 5], dtype=np.intp), np.zeros(0, dtype=np.intp)),
             (np.array([0, 1, 2], dtype=np.intp), np.array([1, 2, 3], dtype=np.intp)),
             (np.array([7], dtype=np.intp), np.array([7], dtype=np.intp))]
    for _ in range(20):
        cases.append((np.flatnonzero(rng.random(300) < 0.1), np.flatnonzero(rng.random(280) < 0.2)))
    for order, touched in cases:
        curves, gain = rng.uniform(0.5, 1, (len(order), CELL)), rng.uniform(0.5, 1, (len(touched), CELL))
        merged, product = _merge(order, curves, touched, gain)
        expected = np.union1d(order, touched)
        assert merged.dtype == expected.dtype and np.array_equal(merged, expected)
        reference = np.ones((len(expected), CELL))
        reference[np.searchsorted(expected, order)] = curves
        reference[np.searchsorted(expected, touched)] *= gain
        assert np.array_equal(product, reference)


def test_the_gain_moves_smoothly_into_and_out_of_a_limited_cell() -> None:
    """The gain ramps from cell centre to cell centre, into the untouched neighbours too: it never steps
    (a step of half the drop at a cell's edge was a faint click)."""
    t = np.arange(MIX_RATE) / MIX_RATE
    signal = 0.3 * np.sin(2 * np.pi * 180 * t)
    signal[10 * CELL + 100: 10 * CELL + 140] *= 4  # one loud moment inside cell 10
    limited = limit_true_peak(signal, cell_true_peaks(signal, near=CEILING), CEILING)
    assert limited is not None
    gain = np.ones((-(-len(signal) // CELL), CELL))
    gain[limited.touched] = limited.gain
    per_sample = gain.ravel()
    drop = 1 - per_sample.min()
    assert drop > 0.3
    # Linear between cell centres: one sample moves the gain by at most the drop spread over a cell.
    assert np.abs(np.diff(per_sample)).max() <= drop / CELL * 1.001
    assert per_sample[8 * CELL] == 1.0 and per_sample[13 * CELL] == 1.0  # back to 1 within a cell either side
