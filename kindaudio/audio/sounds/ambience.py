"""The soft ambience: a quiet, warm bed of sound under a practice or a timer.

Like the bell, it is made here from nothing, so there is no recording to
license. It is noise shaped like distant wind or surf: most of its energy low,
little above 2 kHz, no rumble below 60 Hz, and a slow swell of a few
decibels so it breathes rather than hisses.

It is built as one loop that repeats without a seam. The noise is made in the
frequency domain, one component per bin of the loop's own length, so it is
exactly periodic: the last sample flows into the first as any sample flows into
the next. The swell repeats a whole number of times in the loop, so it joins
too. A fixed seed makes it the same sound on every machine and every run.
"""

from __future__ import annotations

import functools

import numpy as np

from kindaudio.audio.clips.clip import ClipAudio, ClipInfo, ClipOrigin
from kindaudio.audio.clips.levelling import level
from kindaudio.audio.format import MIX_RATE

# A whole number of seconds is a whole number of 20 ms loudness cells, so the
# loop's cell measurements tile end to end just as its samples do.
AMBIENCE_LOOP_SECONDS = 30
# Far under the voice (speech sits at -18 LUFS): there if you listen for it.
AMBIENCE_LUFS = -40.0
# Its peaks come to about -24 dBTP, so this guard never acts; if it did, the
# limiter would change some samples and not others, and could spoil the join.
AMBIENCE_CEILING_DBTP = -20.0

# The spectrum: amplitude falling as f^-0.75 (between pink and brown noise),
# with Butterworth-like roll-offs (fourth order) below 60 Hz and above 2 kHz.
_SLOPE = 0.75
_LOW_CUT_HZ = 60.0
_HIGH_CUT_HZ = 2000.0
_ORDER = 4

# The swell, in dB: a main breath every 10 s with a slower one every 15 s
# over it, so it rises and falls unevenly, as wind does. Both periods divide
# the loop, so the swell joins where the loop does.
_SWELLS = ((10.0, 1.5, 0.0), (15.0, 0.75, 1.3))  # (period s, depth dB, phase)

_SEED = 20_241_117


def _shaped_noise(length: int) -> np.ndarray:
    """Noise that repeats exactly every `length` samples, shaped as above.

    Every bin gets its shaped magnitude and a random phase; the inverse FFT of
    such a spectrum is periodic in `length` by construction.
    """
    frequencies = np.fft.rfftfreq(length, 1 / MIX_RATE)
    magnitude = np.zeros(len(frequencies))
    f = frequencies[1:]
    low_cut = 1 / np.sqrt(1 + (_LOW_CUT_HZ / f) ** (2 * _ORDER))
    high_cut = 1 / np.sqrt(1 + (f / _HIGH_CUT_HZ) ** (2 * _ORDER))
    magnitude[1:] = f**-_SLOPE * low_cut * high_cut
    if length % 2 == 0:
        magnitude[-1] = 0.0  # the Nyquist bin can only be real; leave it out
    phases = np.random.default_rng(_SEED).uniform(0, 2 * np.pi, len(frequencies))
    noise = np.fft.irfft(magnitude * np.exp(1j * phases), n=length)
    return noise / np.sqrt(np.mean(noise**2))


def _swell(length: int) -> np.ndarray:
    t = np.arange(length) / MIX_RATE
    decibels = np.zeros(length)
    for period, depth, phase in _SWELLS:
        decibels += depth * np.sin(2 * np.pi * t / period + phase)
    return 10 ** (decibels / 20)


@functools.cache
def ambience_audio() -> ClipAudio:
    """One loop of the ambience, AMBIENCE_LOOP_SECONDS long, at AMBIENCE_LUFS.

    The loop is meant to be played over and over: the mixer lays it under the
    whole programme and fades it in and out.
    """
    length = AMBIENCE_LOOP_SECONDS * MIX_RATE
    return level(_shaped_noise(length) * _swell(length), AMBIENCE_LUFS, AMBIENCE_CEILING_DBTP)


def ambience_clip() -> ClipInfo:
    """The ambience as the mixer's looping bed."""
    return ClipInfo(ambience_audio(), ClipOrigin.AMBIENCE)
