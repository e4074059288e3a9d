"""Programme loudness: -18 LUFS integrated, true peak at most -1 dBTP.

Each clip was levelled when prepared and carries its K-weighted energy and
true peak per 20 ms cell. Placing those cells at the clips' start times gives
the whole programme's BS.1770 measurement without a pass over its audio, and
with it the one gain that brings the programme to target. Where clips overlap
(a bell ringing under speech) their peaks are added, a bound that is never
too low.

A programme with no speech (the silent timer) is left as it is: its bells keep
the level they have in every guided practice, a little under the voice, rather
than being pushed up to a spoken-word loudness.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from kindaudio.audio.clips.clip import ClipOrigin
from kindaudio.audio.clips.loudness import db_to_gain, gain_to_db, gated_loudness
from kindaudio.audio.format import CELL
from kindaudio.audio.mixing.mixer import Sound

TARGET_LUFS = -18.0
PEAK_CEILING_DBTP = -1.0
PEAK_MARGIN_DB = 0.1


@dataclass(frozen=True)
class ProgrammeLevels:
    loudness_lufs: float  # before the gain
    true_peak_dbtp: float  # before the gain (an upper bound)
    gain_db: float

    @property
    def gain(self) -> float:
        return db_to_gain(self.gain_db)

    @property
    def output_loudness_lufs(self) -> float:
        return self.loudness_lufs + self.gain_db

    @property
    def output_true_peak_dbtp(self) -> float:
        return self.true_peak_dbtp + self.gain_db


def programme_levels(sounds: list[Sound], length: int) -> ProgrammeLevels:
    cells = -(-length // CELL) + 1
    energy = np.zeros(cells)
    peak = np.zeros(cells)
    for sound in sounds:
        first = int(round(sound.start / CELL))
        count = min(len(sound.info.cell_energy), cells - first)
        if count <= 0:
            continue
        energy[first: first + count] += sound.info.cell_energy[:count]
        peak[first: first + count] += sound.info.cell_peak[:count]
    loudness = gated_loudness(energy)
    true_peak = gain_to_db(float(np.max(peak)))  # never empty: at least one cell
    has_speech = any(sound.info.origin is not ClipOrigin.BELL for sound in sounds)
    if not has_speech or not math.isfinite(loudness):
        return ProgrammeLevels(loudness, true_peak, 0.0)
    gain_db = TARGET_LUFS - loudness
    if math.isfinite(true_peak):
        gain_db = min(gain_db, PEAK_CEILING_DBTP - PEAK_MARGIN_DB - true_peak)
    return ProgrammeLevels(loudness, true_peak, gain_db)
