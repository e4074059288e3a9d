"""Keeping a programme's true peaks under the ceiling without giving up its loudness.

Every clip is levelled to -18 LUFS of its own and limited to -2 dBTP when it is
prepared. A whole programme can still need more gain than that leaves room
for: its bells sound softer than the voice, and in a short practice they are
a large share of what BS.1770 measures (a one-minute practice with two bells
measured -20.7 LUFS before its gain), so the gain that brings it to -18 LUFS
lifts the voice's peaks over the ceiling. Taking the lower gain left short
practices at -20 LUFS; so the programme has a limiter of its own instead.

It is the clips' limiter (clips/limiter.py), run only on the stretches where
the mixed programme could come near the ceiling: the bound from the clips'
stored cell peaks says where, each such stretch is mixed just for this (the
programme is never held whole) and measured exactly, overlaps of a bell and
the voice included, finely where it comes near the ceiling (clips/finepeaks.py:
the clips' own 4x measurement reads up to 0.3 dB low, so the bound is trusted
only that far under the ceiling). What it decides is an Envelope: a gain for the few cells
it touched, applied by position, so any stretch mixed on its own (the player
seeking) comes out the same as in a file.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from kindaudio.audio.clips.finepeaks import FOUR_X_SHORTFALL_DB, cell_peaks_near
from kindaudio.audio.clips.limiter import limit_true_peak
from kindaudio.audio.clips.loudness import db_to_gain
from kindaudio.audio.format import CELL

PEAK_CEILING_DBTP = -1.0  # spoken-word delivery: no output's true peak above it
# Near a limit, true peaks are measured at 16x (clips/finepeaks.py), at most
# 0.08 dB under a 64x reference; a meter's own interpolation (ffmpeg's ebur128
# and loudnorm go to 192 kHz) can read a few hundredths over that. A file
# measured here must come this far under the ceiling.
METER_MARGIN_DB = 0.15
MEASURED_LIMIT_DBTP = PEAK_CEILING_DBTP - METER_MARGIN_DB
# The mixer aims a little further under: rounding to 16 bits adds a step too.
MIX_CEILING_DBTP = PEAK_CEILING_DBTP - 0.2

# Cells either side of a stretch mixed for measuring: the limiter's gain ramps
# over one neighbour, and that one needs a neighbour of its own to measure.
_CONTEXT = 2

Mix = Callable[[np.ndarray, int], object]  # Mixer.mix_into without the envelope: fills out from a sample


@dataclass(frozen=True, eq=False)
class Envelope:
    """The limiter's gain over a programme: cells (ascending) and their per-sample gain, 1 elsewhere."""

    cells: np.ndarray
    gain: np.ndarray  # float32, shape (len(cells), CELL)

    def apply(self, out: np.ndarray, start: int) -> None:
        """Multiply `out`, the programme from sample `start`, by the gain where it is below 1."""
        if not len(self.cells) or not len(out):
            return
        end = start + len(out)
        first = int(np.searchsorted(self.cells, start // CELL))
        last = int(np.searchsorted(self.cells, (end - 1) // CELL, side="right"))
        for index in range(first, last):
            cell_start = int(self.cells[index]) * CELL
            lo, hi = max(cell_start, start), min(cell_start + CELL, end)
            out[lo - start: hi - start] *= self.gain[index, lo - cell_start: hi - cell_start]

    def energy_scale(self, cells: int) -> np.ndarray:
        """What the envelope does to each cell's energy (the mean of its gain squared), for `cells` cells."""
        scale = np.ones(cells)
        inside = self.cells < cells
        scale[self.cells[inside]] = np.mean(np.square(self.gain[inside], dtype=np.float64), axis=1)
        return scale


NO_LIMITING = Envelope(np.zeros(0, dtype=np.intp), np.ones((0, CELL), dtype=np.float32))


@dataclass(frozen=True, eq=False)
class Limiting:
    envelope: Envelope
    true_peak: float  # linear, after the envelope: exact where it measured, the bound elsewhere


def placed_peaks(placed: Iterable[tuple[int, np.ndarray]], cells: int) -> np.ndarray:
    """An upper bound of the true peak in each of `cells` programme cells, from clips'
    per-cell peaks placed at their start samples (overlapping clips add up).

    A clip that starts between cell boundaries has each of its cells across two
    of the programme's: each of those gets the larger of the clip cells over it.
    """
    bound = np.zeros(cells)
    for start, peaks in placed:
        first = start // CELL
        count = min(len(peaks), cells - first)
        if count <= 0:
            continue
        if start % CELL == 0:
            bound[first: first + count] += peaks[:count]
            continue
        spread = np.zeros(count + 1)
        spread[:count] = peaks[:count]
        np.maximum(spread[1:], peaks[:count], out=spread[1:])
        end = min(first + count + 1, cells)
        bound[first: end] += spread[: end - first]
    return bound


def limit_programme(mix: Mix, bound: np.ndarray, length: int, ceiling_dbtp: float = MIX_CEILING_DBTP) -> Limiting:
    """The envelope that keeps a programme's true peak at most `ceiling_dbtp`.

    `bound` is an upper bound of each cell's true peak as `mix` makes it (with
    the programme's gain). Cells whose bound stays under the ceiling are left
    alone; around the others the programme is mixed, measured and limited.
    """
    ceiling = db_to_gain(ceiling_dbtp)
    # The limiter aims 0.1 dB under the ceiling: a cell under that needs nothing, if the
    # clips' 4x measurements behind the bound are not low by more than they can be.
    candidates = np.flatnonzero(bound > ceiling * db_to_gain(-0.1 - FOUR_X_SHORTFALL_DB))
    if not len(candidates):
        return Limiting(NO_LIMITING, float(bound.max(initial=0.0)))
    peak = bound.copy()
    cells_touched, gains = [], []
    for lo, hi in _stretches(candidates, len(bound)):
        samples = np.zeros((hi - lo) * CELL, dtype=np.float32)
        mix(samples, lo * CELL)  # past the programme's end is silence
        # The outer cells were mixed without what lies beyond them (unless that is
        # the programme's start or end), and a waveform cut off there rings in any
        # interpolator: read as peaks, the cut once had such a cell limited for
        # nothing. None of them needs limiting (none is a candidate); their bound
        # stands for them, and they only ramp towards a limited neighbour.
        outer = np.zeros(hi - lo, dtype=bool)
        if lo > 0:
            outer[:_CONTEXT] = True
        if hi < len(bound):
            outer[-_CONTEXT:] = True

        def measure(mixed: np.ndarray, cells: np.ndarray, lo: int = lo, outer: np.ndarray = outer) -> np.ndarray:
            peaks = cell_peaks_near(mixed, cells, ceiling)
            cut = outer[cells]
            peaks[cut] = np.minimum(peaks[cut], bound[lo + cells[cut]])
            return peaks

        measured = measure(samples, np.arange(hi - lo))
        limited = limit_true_peak(samples, measured, ceiling, measure)
        if limited is not None:
            measured = limited.cell_peak
            cells_touched.append(limited.touched + lo)
            gains.append(limited.gain.astype(np.float32))
        inner = ~outer
        peak[lo: hi][inner] = measured[inner]
    if not cells_touched:
        return Limiting(NO_LIMITING, float(peak.max()))
    return Limiting(Envelope(np.concatenate(cells_touched), np.concatenate(gains)), float(peak.max()))


def _stretches(candidates: np.ndarray, cells: int) -> list[tuple[int, int]]:
    """Runs of candidate cells with _CONTEXT cells either side, [first, end) in cells, apart from each other.

    Two runs closer than that are one stretch, so no cell's gain is decided twice.
    """
    breaks = np.flatnonzero(np.diff(candidates) > 2 * _CONTEXT + 1)
    firsts = np.concatenate([[candidates[0]], candidates[breaks + 1]])
    lasts = np.concatenate([candidates[breaks], [candidates[-1]]])
    return [(max(int(first) - _CONTEXT, 0), min(int(last) + _CONTEXT + 1, cells))
            for first, last in zip(firsts, lasts, strict=True)]


def peak_dbtp(linear: float) -> float:
    return 20 * math.log10(linear) if linear > 0 else float("-inf")
