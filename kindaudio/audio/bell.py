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
    t = np.arange(int(seconds * MIX_RATE)) / MIX_RATE
    sound = np.zeros_like(t)
    for ratio, amplitude, t60, beat in _PARTIALS:
        frequency = FUNDAMENTAL_HZ * ratio
        envelope = amplitude * np.exp(-6.91 * t / t60)  # 6.91 = ln(1000): -60 dB at t60
        # A weaker twin a fraction of a hertz away makes the partial waver
        # slowly, as a real bowl does, without ever cancelling it.
        sound += envelope * (np.sin(2 * np.pi * frequency * t)
                             + _BEAT_DEPTH * np.sin(2 * np.pi * (frequency + beat) * t + 0.7))
    attack = np.minimum(t / _ATTACK_SECONDS, 1.0)
    sound *= 0.5 - 0.5 * np.cos(np.pi * attack)
    fade = np.clip((seconds - t) / _FADE_OUT_SECONDS, 0.0, 1.0)
    return sound * fade


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
    return ClipInfo.in_memory(bell_audio(strikes), ClipOrigin.BELL)
