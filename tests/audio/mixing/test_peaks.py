"""The programme's limiter reads true peaks as the meters do, where they come near the ceiling."""

from __future__ import annotations

import numpy as np

from kindaudio.audio.clips.clip import ClipAudio, ClipInfo, ClipOrigin
from kindaudio.audio.clips.loudness import cell_energy, cell_true_peaks, db_to_gain, gain_to_db
from kindaudio.audio.format import CELL, INT16_SCALE, MIX_RATE
from kindaudio.audio.mixing.mixer import Mixer, Sound
from kindaudio.audio.mixing.peaks import MIX_CEILING_DBTP
from kindaudio.audio.mixing.timeline import Timeline


def _reference_true_peak_db(samples: np.ndarray) -> float:
    """64x, scipy's polyphase resampler: more finely than any meter people check files with."""
    from scipy.signal import resample_poly

    return gain_to_db(float(np.abs(resample_poly(samples.astype(np.float64), 64, 1)).max()))


def _clicks() -> ClipInfo:
    """Sharp band-limited clicks (up to 9.9 kHz), each crest an eighth of a sample past a sample: the clip's
    own 4x measurement, kept with it as with every clip, reads them about 0.2 dB low."""
    offsets = np.arange(-40, 41, dtype=np.float64)
    shape = np.sinc(0.9 * (offsets - 0.125)) * np.hanning(len(offsets) + 2)[1:-1]
    samples = np.zeros(30 * CELL)
    for cell in range(2, 28, 3):
        centre = cell * CELL + CELL // 2
        samples[centre - 40: centre + 41] = 0.5 * shape / np.abs(shape).max()
    pcm = np.round(samples * INT16_SCALE).astype(np.int16)
    scaled = pcm / INT16_SCALE
    return ClipInfo(ClipAudio(pcm, cell_energy(scaled), cell_true_peaks(scaled, near=0.0)), ClipOrigin.BELL)


def test_peaks_the_clips_4x_measurement_reads_low_are_limited_as_the_meters_read_them() -> None:
    clip = _clicks()
    measured_4x = gain_to_db(float(clip.cell_peak.max()))
    true = _reference_true_peak_db(clip.samples / INT16_SCALE)
    assert true - measured_4x > 0.15
    # A gain that lifts the 4x reading to just under where the limiter aims (0.1 dB under the
    # ceiling), so by that reading nothing needs limiting: the real crests go over the ceiling.
    gain = db_to_gain(MIX_CEILING_DBTP - 0.12 - measured_4x)
    assert true + gain_to_db(gain) > MIX_CEILING_DBTP + 0.03
    length = clip.n_samples + 2 * MIX_RATE  # the programme's fade out comes after the clicks
    mixer = Mixer(Timeline("", "", (), (), length, 0.0), [Sound(0, clip)], gain)
    assert len(mixer.envelope.cells) > 0
    mixed = np.concatenate(list(mixer.blocks(4096)))
    assert _reference_true_peak_db(mixed) <= MIX_CEILING_DBTP + 0.01


def _steady(level: float, cells: int) -> ClipInfo:
    """A steady level held for `cells` cells (a stand-in for any loud, long sound: the ambience, a held vowel)."""
    pcm = np.full(cells * CELL, round(level * INT16_SCALE), dtype=np.int16)
    scaled = pcm / INT16_SCALE
    return ClipInfo(ClipAudio(pcm, cell_energy(scaled), cell_true_peaks(scaled, near=0.0)), ClipOrigin.BELL)


def test_only_the_cells_near_a_peak_are_limited_not_where_measuring_cut_the_sound() -> None:
    """Around a peak the programme is mixed a few cells either side to be measured. Where that stretch ends
    or begins in the middle of a loud sound, the sound is cut there, and a cut rings in any interpolator:
    read as a peak, it once had cells limited for nothing (here at the programme's start, where the steady
    sound's own measured edge asks for a look). Only cells within two of a real peak change: the peak's, the
    one held down beside it, the one ramping to that."""
    from kindaudio.audio.mixing.peaks import limit_programme

    steady = _steady(0.79, 100)  # -2.0 dBFS: under where the limiter looks (0.6 dB under its ceiling)
    click = _clicks()  # loud cells 2, 5, ..., 26 of its own
    start = 48 * CELL
    length = steady.n_samples + 2 * MIX_RATE
    mixer = Mixer(Timeline("", "", (), (), length, 0.0), [Sound(0, steady), Sound(start, click)], 1.0)
    limiting = limit_programme(mixer.mix_unlimited, mixer.peak_bound(), length)
    peaks = [48 + cell for cell in range(2, 28, 3)] + [99]  # the clicks, and the steady sound's abrupt end
    near_a_peak = {cell + offset for cell in peaks for offset in range(-2, 3)}
    touched = set(limiting.envelope.cells.tolist())
    assert touched and touched <= near_a_peak
