"""The bell is a warm bowl-like strike with a natural decay, not a beep."""

from __future__ import annotations

import numpy as np
import pytest

from kindaudio.audio.clips.loudness import max_momentary_loudness
from kindaudio.audio.format import MIX_RATE
from kindaudio.audio.sounds.bell import BELL_MOMENTARY_LUFS, FUNDAMENTAL_HZ, bell_audio
from kindaudio.script.timing import BELL_SOUND_SECONDS, BELL_STRIKE_SPACING
from tests.audio.conftest import true_peak_db


def _level_db(samples: np.ndarray, start: float, seconds: float = 0.25) -> float:
    part = samples[int(start * MIX_RATE): int((start + seconds) * MIX_RATE)].astype(np.float64) / 32768
    return float(10 * np.log10(np.mean(part**2) + 1e-20))


def test_a_strike_rings_for_its_full_length_and_fades_to_nothing() -> None:
    samples = bell_audio(1).samples
    assert len(samples) == int(BELL_SOUND_SECONDS * MIX_RATE)
    assert np.abs(samples[-50:]).max() <= 1
    assert samples[0] == 0  # a soft attack, no click


def test_it_decays_smoothly_like_a_bowl() -> None:
    samples = bell_audio(1).samples
    levels = [_level_db(samples, t) for t in (0.0, 2.0, 4.0, 6.0, 8.0)]
    assert all(later < earlier for earlier, later in zip(levels, levels[1:], strict=False))
    assert levels[0] - levels[2] > 12  # clearly fading by 4 s
    assert levels[2] - levels[4] < 40  # but still ringing gently at 8 s


def test_its_spectrum_has_inharmonic_partials() -> None:
    samples = bell_audio(1).samples[: MIX_RATE * 2].astype(np.float64)
    spectrum = np.abs(np.fft.rfft(samples * np.hanning(len(samples))))
    freqs = np.fft.rfftfreq(len(samples), 1 / MIX_RATE)

    def strength(hz: float) -> float:
        band = (freqs > hz * 0.98) & (freqs < hz * 1.02)
        return float(spectrum[band].max())

    floor = float(np.median(spectrum))
    for ratio in (1.0, 2.756, 5.104):  # not whole multiples: a bowl, not a beep
        assert strength(FUNDAMENTAL_HZ * ratio) > 100 * floor
    assert strength(FUNDAMENTAL_HZ * 2) < strength(FUNDAMENTAL_HZ * 2.756) / 5


def test_it_sits_a_little_under_the_voice() -> None:
    clip = bell_audio(1)
    assert max_momentary_loudness(clip.cell_energy) == pytest.approx(BELL_MOMENTARY_LUFS, abs=0.2)
    assert true_peak_db(clip.samples / 32768.0) <= -3.0 + 0.05


def test_several_strikes_come_at_their_spacing() -> None:
    samples = bell_audio(3).samples
    assert len(samples) == int((2 * BELL_STRIKE_SPACING + BELL_SOUND_SECONDS) * MIX_RATE)
    for strike in range(3):
        onset = strike * BELL_STRIKE_SPACING
        # Each strike makes the level jump.
        assert _level_db(samples, onset, 0.05) > _level_db(samples, onset - 0.1, 0.05) + 3


def test_each_partial_rings_as_a_two_pole_resonator_struck_once() -> None:
    """The strike is computed in closed form; it is the sound of the resonator bank it describes."""
    from scipy.signal import lfilter

    from kindaudio.audio.sounds.bell import _ATTACK_SECONDS, _BEAT_DEPTH, _FADE_OUT_SECONDS, _PARTIALS, _strike

    seconds = 3.0
    length = int(seconds * MIX_RATE)
    impulse = np.zeros(length)
    impulse[0] = 1.0
    bank = np.zeros(length)
    for ratio, amplitude, t60, beat in _PARTIALS:
        radius = 10 ** (-3 / (t60 * MIX_RATE))
        for frequency, share in ((FUNDAMENTAL_HZ * ratio, 1.0), (FUNDAMENTAL_HZ * ratio + beat, _BEAT_DEPTH)):
            omega = 2 * np.pi * frequency / MIX_RATE
            bank += lfilter([amplitude * share * np.sin(omega)], [1.0, -2 * radius * np.cos(omega), radius**2],
                            impulse)
    t = np.arange(length) / MIX_RATE
    bank *= 0.5 - 0.5 * np.cos(np.pi * np.minimum(t / _ATTACK_SECONDS, 1.0))
    bank *= np.clip((seconds - t) / _FADE_OUT_SECONDS, 0.0, 1.0)
    assert np.abs(_strike(seconds) - bank).max() < 1e-9 * np.abs(bank).max()
