"""Programme loudness: -18 LUFS integrated, true peak at most -1 dBTP.

Each clip was levelled when prepared and carries its K-weighted energy and
true peak per 20 ms cell. Placing those cells at the clips' start times (and
the ambience's under them all) gives the whole programme's BS.1770 measurement
without a pass over its audio, and with it the one gain that brings the
programme to target. Where that gain would lift a true peak over the ceiling,
the programme's limiter (peaks.py) takes those peaks down and the gain is
found again with the limited cells' energy, so a practice reaches -18 LUFS
however soft its bells make it.

A programme with no speech (the silent timer) is left as it is: its bells keep
the level they have in every guided practice, a little under the voice, rather
than being pushed up to a spoken-word loudness.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from kindaudio.audio.clips.clip import ClipInfo, ClipOrigin
from kindaudio.audio.clips.loudness import db_to_gain, gain_to_db, gated_loudness
from kindaudio.audio.format import CELL, MIX_RATE
from kindaudio.audio.mixing.mixer import BED_FADE_SECONDS, Mixer, Sound
from kindaudio.audio.mixing.peaks import (
    MIX_CEILING_DBTP,
    NO_LIMITING,
    PEAK_CEILING_DBTP,
    Envelope,
    limit_programme,
    placed_peaks,
)
from kindaudio.audio.mixing.timeline import Timeline

__all__ = ["PEAK_CEILING_DBTP", "TARGET_LUFS", "ProgrammeLevels", "programme_levels"]

TARGET_LUFS = -18.0
# The most the limiter may take off the voice's loudest peaks to reach the
# target. Practices of four minutes or more need at most 2 dB (the natural
# voice, mixed for Ogg); a one-minute practice with two bells about 5 dB, and
# 28 seconds of three sentences between three bell strikes 6. Past that the
# voice would sound squeezed. Only a programme that is mostly the ambience (a
# minute with two sentences in it) would need more: it stays under -18 LUFS.
MAX_LIMITING_DB = 6.0
# The limiter takes some energy out, so the gain is found again with it in;
# two or three rounds land within a few hundredths of a dB.
_ROUNDS = 4
_CLOSE_ENOUGH_DB = 0.02
# The ambience is laid far under the voice (-40 LUFS against -18), which in a
# long, quiet practice puts its 400 ms blocks right at BS.1770's relative gate
# (10 LU under the mean of the rest): let in, it pulled a 30-minute practice's
# measure down by 2.8 LU, and no gain could make up for it (lifting the voice
# into the limiter let more of the ambience through). One decibel lower it
# stays under the gate. So the ambience comes down a step at a time, as far
# as needed for it to move the measure by at most BED_SHIFT_LU.
BED_SHIFT_LU = 0.5
BED_MARGIN_DB = 3.0
BED_STEPS_DB = (0.0, -1.0, -2.0, -3.0, -4.0, -6.0, -8.0, -10.0)


@dataclass(frozen=True)
class ProgrammeLevels:
    loudness_lufs: float  # before the gain
    true_peak_dbtp: float  # before the gain (an upper bound)
    gain_db: float
    output_loudness_lufs: float  # with the gain and the limiter
    output_true_peak_dbtp: float  # with the gain and the limiter (an upper bound, exact near the ceiling)
    envelope: Envelope = NO_LIMITING
    bed_gain: float = 1.0  # the ambience's level to mix at (under the programme's gain)

    @property
    def gain(self) -> float:
        return db_to_gain(self.gain_db)

    @property
    def limited_cells(self) -> int:
        return len(self.envelope.cells)


def programme_levels(sounds: list[Sound], length: int, *, bed: ClipInfo | None = None, bed_gain: float = 1.0,
                     ceiling_dbtp: float = MIX_CEILING_DBTP) -> ProgrammeLevels:
    """The gain (and the limiter's envelope) that bring the programme to TARGET_LUFS under `ceiling_dbtp`."""
    cells = -(-length // CELL) + 1
    has_speech = any(sound.info.origin is not ClipOrigin.BELL for sound in sounds)
    energy = np.zeros(cells)
    for sound in sounds:
        first = int(round(sound.start / CELL))
        count = min(len(sound.info.cell_energy), cells - first)
        if count <= 0:
            continue
        energy[first: first + count] += sound.info.cell_energy[:count]
    peak = placed_peaks(((sound.start, sound.info.cell_peak) for sound in sounds), cells)
    if bed is not None:
        bed_energy = np.resize(bed.cell_energy, cells) * _bed_ramp(cells, length) ** 2
        if has_speech:  # the timer's ambience keeps its level: nothing is brought to a loudness there
            bed_gain = _bed_level(energy, bed_energy, bed_gain)
        energy += bed_energy * bed_gain**2
        peak += np.resize(bed.cell_peak, cells) * bed_gain
    loudness = gated_loudness(energy)
    true_peak = gain_to_db(float(np.max(peak)))  # never empty: at least one cell
    if not has_speech or not math.isfinite(loudness):
        return ProgrammeLevels(loudness, true_peak, 0.0, loudness, true_peak, bed_gain=bed_gain)
    layout = Timeline("", "", (), (), length, 0.0)  # the mixer reads only the length from it

    def at(gain_db: float) -> ProgrammeLevels:
        gain = db_to_gain(gain_db)
        mixer = Mixer(layout, sounds, gain, bed, bed_gain, envelope=NO_LIMITING)
        limiting = limit_programme(mixer.mix_unlimited, peak * gain, length, ceiling_dbtp)
        output = gated_loudness(energy * gain**2 * limiting.envelope.energy_scale(cells))
        return ProgrammeLevels(loudness, true_peak, gain_db, output, gain_to_db(limiting.true_peak),
                               limiting.envelope, bed_gain)

    # First the gain that needs no limiting (all a long practice ever needs),
    # then more with the limiter, each round correcting by what the last
    # missed, as far as MAX_LIMITING_DB allows. Where the ambience fills most of
    # a programme, limiting the voice lets the gate take in more of the
    # ambience and the measure falls instead: the closest round is kept.
    best = at(min(TARGET_LUFS - loudness, ceiling_dbtp - true_peak))
    # The bound adds the peaks of overlapping sounds (a bell under the voice);
    # measured where it came near the ceiling, the programme's real peak is
    # often lower, and the limiting allowed is counted from that.
    most = MAX_LIMITING_DB + ceiling_dbtp - (best.output_true_peak_dbtp - best.gain_db)
    levels = best
    for _ in range(_ROUNDS):
        if abs(levels.output_loudness_lufs - TARGET_LUFS) <= _CLOSE_ENOUGH_DB:
            break
        gain_db = min(levels.gain_db + TARGET_LUFS - levels.output_loudness_lufs, most)
        if gain_db <= levels.gain_db:
            break
        levels = at(gain_db)
        if abs(levels.output_loudness_lufs - TARGET_LUFS) < abs(best.output_loudness_lufs - TARGET_LUFS):
            best = levels
    return best


def _bed_level(energy: np.ndarray, bed_energy: np.ndarray, bed_gain: float) -> float:
    """The ambience's gain: `bed_gain`, or lower if needed to keep it from moving the measure.

    Judged as if the voice were BED_MARGIN_DB softer, as the limiter can make
    its loud parts: the ambience is then still under the gate after limiting.
    """
    softer = energy * db_to_gain(-BED_MARGIN_DB) ** 2
    alone = gated_loudness(softer)
    for step in BED_STEPS_DB:
        gain = bed_gain * db_to_gain(step)
        if alone - gated_loudness(softer + bed_energy * gain**2) <= BED_SHIFT_LU:
            return gain
    return gain


def _bed_ramp(cells: int, length: int) -> np.ndarray:
    """The ambience's fade in and out (mixer.BED_FADE_SECONDS), at each cell's centre."""
    fade = min(max(int(BED_FADE_SECONDS * MIX_RATE), 1), max(length // 2, 1))
    centre = (np.arange(cells) + 0.5) * CELL
    return np.clip(np.minimum(centre, length - centre) / fade, 0.0, 1.0)
