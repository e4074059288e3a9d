"""A look-ahead true-peak limiter for single clips.

eSpeak NG speech has a peak-to-loudness ratio of about 18.5 dB, so at the
spoken-word target of -18 LUFS its peaks would reach +0.5 dBTP. Each clip is
limited once, when it is prepared, with the whole clip in memory, so the limiter
can see every peak coming. It works per 20 ms cell: each cell's gain is the
least any cell next to it needs, and the gain moves linearly from cell centre
to cell centre. A sample's gain is then never more than its own cell needs, and
the gain is already down when a peak arrives.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from kindaudio.audio.clips.loudness import oversampled_cell_peaks
from kindaudio.audio.format import CELL

PASSES = 3
AIM = 10 ** (-0.1 / 20)  # each pass aims 0.1 dB under the ceiling


@dataclass(frozen=True, eq=False)
class Limited:
    samples: np.ndarray
    cell_peak: np.ndarray  # true peak per cell after limiting
    touched: np.ndarray  # indices of cells whose gain is below 1
    gain: np.ndarray  # per-sample gain of the touched cells, shape (len(touched), CELL)


Measure = Callable[[np.ndarray, np.ndarray], np.ndarray]  # (samples, cells) -> each listed cell's true peak


def limit_true_peak(samples: np.ndarray, cell_peak: np.ndarray, ceiling: float,
                    measure: Measure = oversampled_cell_peaks) -> Limited | None:
    """Limit `samples` (with true peaks `cell_peak` per cell) to `ceiling`; None if nothing to do.

    Changing the gain moves inter-sample peaks a little, so each pass aims a
    little under the ceiling, and a cell still over after one pass gets
    another pass of its own. Limited cells are measured again with `measure`
    (the programme's limiter measures finely near its ceiling: finepeaks.py).
    """
    if cell_peak.max(initial=0.0) <= ceiling:
        return None
    cells = len(cell_peak)
    padded = np.zeros(cells * CELL, dtype=samples.dtype)
    padded[: len(samples)] = samples
    grid = padded.reshape(cells, CELL)
    order = np.zeros(0, dtype=np.intp)  # every cell touched so far, ascending
    curves = np.ones((0, CELL))  # their gain, all passes together
    peaks = cell_peak.copy()
    for _ in range(PASSES):
        touched, gain = _gain_curve(peaks, ceiling * AIM)
        grid[touched] *= gain
        order, curves = _merge(order, curves, touched, gain)
        peaks[touched] = measure(padded[: len(samples)], touched)
        if peaks.max() <= ceiling:
            break
    else:
        # Still over after every pass (never seen in speech): scale the whole clip.
        excess = peaks.max() / ceiling
        grid /= excess
        peaks /= excess
        order, curves = _merge(order, curves, np.arange(cells), np.full((cells, CELL), 1 / excess))
    return Limited(padded[: len(samples)], peaks, order, curves)


def _merge(order: np.ndarray, curves: np.ndarray, touched: np.ndarray,
           gain: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The cells of `order` and `touched` together, each with its gains multiplied."""
    # np.union1d, by marking: np.unique imports numpy.ma (10 ms of a cold start) on its first call.
    present = np.zeros(int(max(order.max(initial=-1), touched.max(initial=-1))) + 1, dtype=bool)
    present[order] = True
    present[touched] = True
    merged = np.flatnonzero(present)
    product = np.ones((len(merged), CELL))
    product[np.searchsorted(merged, order)] = curves
    product[np.searchsorted(merged, touched)] *= gain
    return merged, product


def _gain_curve(cell_peak: np.ndarray, ceiling: float) -> tuple[np.ndarray, np.ndarray]:
    """Cells whose gain drops below 1, and their per-sample gain.

    A cell whose own gain stays 1 beside one whose gain drops still ramps over
    its half towards it: without that, the gain stepped at the boundary by half
    the drop (10 % where a cell was limited by 2 dB), a tiny click.
    """
    need = np.minimum(1.0, ceiling / np.maximum(cell_peak, 1e-12))
    held = need.copy()
    held[1:] = np.minimum(held[1:], need[:-1])
    held[:-1] = np.minimum(held[:-1], need[1:])
    below = held < 1.0
    ramps = below.copy()
    ramps[1:] |= below[:-1]
    ramps[:-1] |= below[1:]
    touched = np.flatnonzero(ramps)
    before = np.concatenate([[held[0]], held[:-1]])[touched]
    after = np.concatenate([held[1:], [held[-1]]])[touched]
    here = held[touched]
    # Linear between cell centres: the first half ramps from the previous
    # centre, the second half towards the next.
    offset = (np.arange(CELL) + 0.5) / CELL
    first_half = offset < 0.5
    weight = np.where(first_half, offset + 0.5, offset - 0.5)[None, :]
    gain = np.where(first_half[None, :],
                    before[:, None] + (here - before)[:, None] * weight,
                    here[:, None] + (after - here)[:, None] * weight)
    return touched, gain
