"""The programme's gain and limiter bring it to -18 LUFS under -1 dBTP, as an independent meter reads the mix."""

from __future__ import annotations

import numpy as np
import pytest

from kindaudio.audio.clips.clip import ClipInfo, ClipOrigin
from kindaudio.audio.clips.levelling import prepare_speech
from kindaudio.audio.format import MIX_RATE
from kindaudio.audio.mixing.mixer import Mixer, Sound, place_sounds
from kindaudio.audio.mixing.normalise import TARGET_LUFS, programme_levels
from kindaudio.audio.mixing.peaks import MIX_CEILING_DBTP
from kindaudio.audio.mixing.timeline import Timeline
from kindaudio.audio.sounds.ambience import ambience_clip
from tests.audio.conftest import reference_loudness, true_peak_db


@pytest.fixture
def short(mixed: tuple[Timeline, dict[str, ClipInfo]]) -> tuple[Timeline, list[Sound]]:
    """The short practice (conftest.py: three sentences between bells that ring on under the voice), placed."""
    timeline, clips = mixed
    return timeline, place_sounds(timeline, clips)


def _mix(timeline: Timeline, sounds: list[Sound], **levels_kwargs: object) -> tuple[np.ndarray, object]:
    bed = levels_kwargs.get("bed")
    levels = programme_levels(sounds, timeline.length, **levels_kwargs)  # type: ignore[arg-type]
    mixer = Mixer(timeline, sounds, levels.gain, bed=bed, bed_gain=levels.bed_gain,  # type: ignore[arg-type]
                  envelope=levels.envelope)
    return np.concatenate(list(mixer.blocks(1 << 16))).astype(np.float64), levels


def test_a_short_practice_its_bells_make_soft_still_reaches_the_target(short: tuple[Timeline, list[Sound]]) -> None:
    """Its bells bring the measure 4 dB under the voice's: the gain that makes up for that would lift the
    voice's peaks far over the ceiling, so the limiter takes them down instead of the gain stopping short."""
    timeline, sounds = short
    whole, levels = _mix(timeline, sounds)
    assert levels.loudness_lufs < TARGET_LUFS - 3  # type: ignore[attr-defined]
    assert levels.gain_db > MIX_CEILING_DBTP - levels.true_peak_dbtp + 1  # type: ignore[attr-defined]
    assert levels.limited_cells > 0  # type: ignore[attr-defined]
    measured = reference_loudness(whole)
    assert measured == pytest.approx(levels.output_loudness_lufs, abs=0.1)  # type: ignore[attr-defined]
    assert measured == pytest.approx(TARGET_LUFS, abs=0.3)
    assert true_peak_db(whole) <= MIX_CEILING_DBTP + 0.02


def test_the_ambience_stays_under_the_gate_of_a_sparse_practice(speech: tuple[np.ndarray, int]) -> None:
    """Two sentences in four minutes: at its usual level the ambience would count as much as the voice
    (BS.1770's relative gate lets it in); it is lowered just enough that the programme still measures -18."""
    samples, rate = speech
    sentence = ClipInfo(prepare_speech(samples, rate), ClipOrigin.TTS)
    length = 240 * MIX_RATE
    timeline = Timeline("sparse", "Sparse", (), (), length, 0.0)
    sounds = [Sound(start, sentence) for start in (30 * MIX_RATE, 150 * MIX_RATE)]
    bed = ambience_clip()
    at_full = programme_levels(sounds, length, bed=bed, bed_gain=1.0)
    assert at_full.bed_gain < 1.0
    whole, levels = _mix(timeline, sounds, bed=bed)
    assert reference_loudness(whole) == pytest.approx(TARGET_LUFS, abs=0.3)
    # What the old way would have made: the ambience at its level, the gain for the voice alone.
    plain = Mixer(timeline, sounds, programme_levels(sounds, length).gain, bed=bed)
    assert reference_loudness(np.concatenate(list(plain.blocks(1 << 16))).astype(np.float64)) < TARGET_LUFS - 1


def test_the_silent_timer_is_left_at_its_own_level() -> None:
    from kindaudio.audio.sounds.bell import bell_clip

    sounds = [Sound(MIX_RATE, bell_clip(1)), Sound(60 * MIX_RATE, bell_clip(3))]
    levels = programme_levels(sounds, 90 * MIX_RATE, bed=ambience_clip())
    assert levels.gain_db == 0.0 and levels.bed_gain == 1.0 and levels.limited_cells == 0
