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

from dataclasses import dataclass

import numpy as np

from kindaudio.audio.format import CELL
from kindaudio.audio.loudness import oversampled_cell_peaks


@dataclass(frozen=True, eq=False)
class Limited:
    samples: np.ndarray
    cell_peak: np.ndarray  # true peak per cell after limiting
    touched: np.ndarray  # indices of cells whose gain is below 1
    gain: np.ndarray  # per-sample gain of the touched cells, shape (len(touched), CELL)


def limit_true_peak(samples: np.ndarray, cell_peak: np.ndarray, ceiling: float) -> Limited | None:
    """Limit `samples` (with true peaks `cell_peak` per cell) to `ceiling`; None if nothing to do."""
    if cell_peak.max(initial=0.0) <= ceiling:
        return None
    need = np.minimum(1.0, ceiling / np.maximum(cell_peak, 1e-12))
    held = np.minimum(need, np.minimum(np.roll(need, 1), np.roll(need, -1)))
    held[0] = min(need[0], need[1] if len(need) > 1 else 1.0)
    held[-1] = min(need[-1], need[-2] if len(need) > 1 else 1.0)
    touched = np.flatnonzero(held < 1.0)
    before = np.concatenate([[held[0]], held[:-1]])[touched]
    after = np.concatenate([held[1:], [held[-1]]])[touched]
    here = held[touched]
    # Linear between cell centres: first half ramps from the previous centre,
    # second half towards the next.
    offset = (np.arange(CELL) + 0.5) / CELL  # 0..1 across the cell
    first_half = offset < 0.5
    weight = np.where(first_half, offset + 0.5, offset - 0.5)[None, :]
    gain = np.where(first_half[None, :],
                    before[:, None] + (here - before)[:, None] * weight,
                    here[:, None] + (after - here)[:, None] * weight)
    cells = len(cell_peak)
    padded = np.zeros(cells * CELL)
    padded[: len(samples)] = samples
    grid = padded.reshape(cells, CELL)
    grid[touched] *= gain
    limited = padded[: len(samples)]
    peaks = cell_peak.copy()
    peaks[touched] = oversampled_cell_peaks(limited, touched)
    # Gain changes move inter-sample peaks a little; take off any last excess.
    excess = peaks.max() / ceiling
    if excess > 1.0:
        limited = limited / excess
        peaks = peaks / excess
        gain = gain / excess
    return Limited(limited, peaks, touched, gain)
