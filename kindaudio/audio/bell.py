"""The bell: a warm, bowl-like strike, synthesised here rather than recorded.

A singing bowl rings with inharmonic partials that die away at different
speeds, each slightly split so it beats slowly; a soft mallet gives a rounded
attack. These few lines make that sound from nothing, so there is no sample to
license, and it is levelled to sit a little under the voice.
"""

from __future__ import annotations

import functools

import numpy as np

from kindaudio.audio.clip import ClipAudio, ClipInfo, ClipOrigin
from kindaudio.audio.format import MIX_RATE
from kindaudio.audio.levelling import level
from kindaudio.audio.loudness import max_momentary_loudness
from kindaudio.script.timing import BELL_SOUND_SECONDS, BELL_STRIKE_SPACING

# Part of the bell's cache key: change it whenever the sound below changes.
BELL_DESIGN = 2

# The strike's loudest 400 ms sits a little under the voice (speech at -18 LUFS).
BELL_MOMENTARY_LUFS = -20.0
FUNDAMENTAL_HZ = 216.0

# (frequency ratio, relative amplitude, seconds to fall 60 dB, beat in Hz)
_PARTIALS = (
    (1.000, 1.00, 16.0, 0.35),
    (2.756, 0.55, 10.0, 0.60),
    (5.104, 0.22, 6.0, 0.90),
    (8.162, 0.09, 3.5, 1.30),
    (11.87, 0.04, 2.0, 1.70),
)
_BEAT_DEPTH = 0.3
_ATTACK_SECONDS = 0.006
_FADE_OUT_SECONDS = 1.5


def _strike(seconds: float) -> np.ndarray:
    """One strike: each partial a damped resonator rung by a soft mallet.

    A two-pole resonator's impulse response is a decaying sine, so a bank of
    them (one lfilter each) rings like the bowl without computing millions of
    sines.
    """
    from scipy.signal import lfilter

    length = int(seconds * MIX_RATE)
    impulse = np.zeros(length)
    impulse[0] = 1.0
    sound = np.zeros(length)
    for ratio, amplitude, t60, beat in _PARTIALS:
        radius = 10 ** (-3 / (t60 * MIX_RATE))  # -60 dB after t60 seconds
        # A weaker twin a fraction of a hertz away makes the partial waver
        # slowly, as a real bowl does, without ever cancelling it.
        for frequency, share in ((FUNDAMENTAL_HZ * ratio, 1.0), (FUNDAMENTAL_HZ * ratio + beat, _BEAT_DEPTH)):
            omega = 2 * np.pi * frequency / MIX_RATE
            sound += lfilter([amplitude * share * np.sin(omega)], [1.0, -2 * radius * np.cos(omega), radius**2],
                             impulse)
    t = np.arange(length) / MIX_RATE
    attack = np.minimum(t / _ATTACK_SECONDS, 1.0)
    sound *= 0.5 - 0.5 * np.cos(np.pi * attack)
    return sound * np.clip((seconds - t) / _FADE_OUT_SECONDS, 0.0, 1.0)


@functools.cache
def bell_audio(strikes: int = 1) -> ClipAudio:
    """`strikes` strikes BELL_STRIKE_SPACING apart, each ringing BELL_SOUND_SECONDS."""
    spacing = int(BELL_STRIKE_SPACING * MIX_RATE)
    strike = _strike(BELL_SOUND_SECONDS)
    sound = np.zeros(spacing * (strikes - 1) + len(strike))
    for index in range(strikes):
        # Later strikes a touch softer, like a hand repeating a gesture.
        sound[index * spacing: index * spacing + len(strike)] += strike * (0.92 ** index)
    return level(sound, BELL_MOMENTARY_LUFS, ceiling_dbtp=-3.0, measure=max_momentary_loudness)


def bell_clip(strikes: int = 1) -> ClipInfo:
    return ClipInfo(bell_audio(strikes), ClipOrigin.BELL)


@functools.cache
def no_bell(strikes: int = 1) -> ClipInfo:
    """Bells switched off: the bell keeps its place in time (the quiet around it), with no sound."""
    silence = np.zeros(1, dtype=np.int16)
    return ClipInfo(ClipAudio(silence, np.zeros(1), np.zeros(1)), ClipOrigin.BELL)
