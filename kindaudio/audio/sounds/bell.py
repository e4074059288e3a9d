"""The bell: a warm, bowl-like strike, synthesised here rather than recorded.

A singing bowl rings with inharmonic partials that die away at different
speeds, each slightly split so it beats slowly; a soft mallet gives a rounded
attack. These few lines make that sound from nothing, so there is no sample to
license, and it is levelled to sit a little under the voice.
"""

from __future__ import annotations

import functools
import math

import numpy as np

from kindaudio.audio.clips.clip import ClipAudio, ClipInfo, ClipOrigin
from kindaudio.audio.clips.levelling import level
from kindaudio.audio.clips.loudness import max_momentary_loudness
from kindaudio.audio.format import MIX_RATE
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


_BLOCK = 1024


def _strike(seconds: float) -> np.ndarray:
    """One strike: each partial a damped resonator rung by a soft mallet.

    A two-pole resonator with poles r*e^(+-i*omega), rung by an impulse, rings
    as r^n * sin((n + 1) * omega), the imaginary part of r^n * e^(i(n + 1)omega).
    So the whole bank is computed block by block: each resonator across one
    block once, and each block's start as a power of its own. That is an outer
    product per partial instead of a recursive filter: the same sound
    (to within rounding) in a twentieth of the time a cold render waits for it.
    """
    length = int(seconds * MIX_RATE)
    amplitudes, log_radii, omegas = [], [], []
    for ratio, amplitude, t60, beat in _PARTIALS:
        # A weaker twin a fraction of a hertz away makes the partial waver
        # slowly, as a real bowl does, without ever cancelling it.
        for frequency, share in ((FUNDAMENTAL_HZ * ratio, 1.0), (FUNDAMENTAL_HZ * ratio + beat, _BEAT_DEPTH)):
            amplitudes.append(amplitude * share)
            log_radii.append(-3 * np.log(10) / (t60 * MIX_RATE))  # -60 dB after t60 seconds
            omegas.append(2 * np.pi * frequency / MIX_RATE)
    log_pole = np.array(log_radii) + 1j * np.array(omegas)
    blocks = -(-length // _BLOCK)
    within = np.exp(np.arange(_BLOCK)[None, :] * log_pole[:, None] + 1j * log_pole.imag[:, None])
    starts = np.array(amplitudes)[None, :] * np.exp(np.arange(blocks)[:, None] * _BLOCK * log_pole[None, :])
    # Partial by partial rather than as one matrix product: a product would go
    # to BLAS, whose threads then spin on the cores the speech workers need.
    sound = np.zeros((blocks, _BLOCK))
    for start, ring in zip(starts.T, within, strict=True):  # Im(a * b) = Re a * Im b + Im a * Re b
        sound += np.multiply.outer(start.real, ring.imag)
        sound += np.multiply.outer(start.imag, ring.real)
    sound = sound.reshape(-1)[:length]
    attack = min(math.ceil(_ATTACK_SECONDS * MIX_RATE), length)
    sound[:attack] *= 0.5 - 0.5 * np.cos(np.pi * np.arange(attack) / (_ATTACK_SECONDS * MIX_RATE))
    fade = min(int(_FADE_OUT_SECONDS * MIX_RATE), length)
    sound[length - fade:] *= np.clip((seconds - np.arange(length - fade, length) / MIX_RATE) / _FADE_OUT_SECONDS,
                                     0.0, 1.0)
    return sound


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
