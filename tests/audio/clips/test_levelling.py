"""Any speech clip comes out mono, 22 kHz, trimmed to the voice, at -18 LUFS, peaks under -2 dBTP."""

from __future__ import annotations

import numpy as np
import pytest

from kindaudio.audio.clips.levelling import (
    CLIP_CEILING_DBTP,
    SPEECH_LOUDNESS_LUFS,
    SilentClipError,
    prepare_speech,
    to_mix_format,
)
from kindaudio.audio.clips.loudness import gated_loudness
from kindaudio.audio.format import MIX_RATE
from tests.audio.conftest import reference_loudness, true_peak_db


def test_speech_is_levelled_to_the_spoken_word_target(speech: tuple[np.ndarray, int]) -> None:
    clip = prepare_speech(*speech)
    measured = reference_loudness(clip.samples / 32768.0)
    assert measured == pytest.approx(SPEECH_LOUDNESS_LUFS, abs=0.5)
    # The clip's own cell measurements agree with pyloudnorm's.
    assert gated_loudness(clip.cell_energy) == pytest.approx(measured, abs=0.05)


def test_speech_peaks_are_limited_and_the_stored_peak_is_honest(speech: tuple[np.ndarray, int]) -> None:
    clip = prepare_speech(*speech)
    actual = true_peak_db(clip.samples / 32768.0)
    assert actual <= CLIP_CEILING_DBTP + 0.05
    assert 20 * np.log10(clip.cell_peak.max()) >= actual - 0.05


def test_a_quiet_stereo_48k_recording_is_levelled_like_synthesis(speech: tuple[np.ndarray, int]) -> None:
    from scipy.signal import resample_poly

    mono = speech[0] / 32768.0 * 0.05  # -26 dB: a quiet microphone
    stereo = np.column_stack([resample_poly(mono, 320, 147)] * 2)  # 22050 -> 48000
    clip = prepare_speech(stereo.astype(np.float32), 48_000)
    assert reference_loudness(clip.samples / 32768.0) == pytest.approx(SPEECH_LOUDNESS_LUFS, abs=0.5)
    assert len(clip.samples) == pytest.approx(len(prepare_speech(*speech).samples), rel=0.01)


def test_silence_around_the_voice_is_trimmed(speech: tuple[np.ndarray, int]) -> None:
    samples, rate = speech
    plain = prepare_speech(samples, rate)
    padded = np.concatenate([np.zeros(rate), samples, np.zeros(2 * rate)]).astype(np.int16)
    trimmed = prepare_speech(padded, rate)
    assert abs(len(trimmed.samples) - len(plain.samples)) < 0.02 * MIX_RATE
    # The voice starts within 10 ms of the clip's start.
    onset = np.flatnonzero(np.abs(trimmed.samples) > 0.01 * np.abs(trimmed.samples).max())[0]
    assert onset < 0.010 * MIX_RATE


@pytest.mark.parametrize("samples", [np.zeros(MIX_RATE), np.zeros(10), np.full(MIX_RATE, 1e-7)])
def test_a_clip_without_sound_is_refused(samples: np.ndarray) -> None:
    with pytest.raises(SilentClipError):
        prepare_speech(samples, MIX_RATE)


def test_mix_format_resamples_and_downmixes() -> None:
    stereo = np.ones((44_100, 2), dtype=np.int16) * 1000
    converted = to_mix_format(stereo, 44_100)
    assert converted.ndim == 1
    assert len(converted) == MIX_RATE
