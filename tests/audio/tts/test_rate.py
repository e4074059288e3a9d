"""The speaking rate is words a minute as heard, with either engine.

Measured as a listener would: a whole practice rendered for real, the words
of each spoken sentence over the time its speech lasts in the rendered
timeline, first sound to last (the captions no longer serve: a long sentence
is split over several cues and a cue stays a moment after the voice stops, to
be read). Within 10 % of the rate asked, at
two rates, for the natural voice and a basic one; and the estimate used before
synthesis stays within 4 % of the natural voice's real speech.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kindaudio.audio.choices import PlayChoices
from kindaudio.audio.clips.provider import ClipProvider
from kindaudio.audio.files.render import RenderRequest, render
from kindaudio.audio.format import MIX_RATE
from kindaudio.audio.mixing.timeline import Timeline
from kindaudio.audio.tts.rate import (
    ESPEAK_MAX,
    ESPEAK_MIN,
    LENGTH_SCALE_MAX,
    PiperPace,
    espeak_rate,
    fit_piper_pace,
    piper_length_scale,
)
from kindaudio.script import load_practice
from kindaudio.script.library import shipped_practices_dir
from kindaudio.script.timing import estimate_speech_seconds

pytestmark = pytest.mark.slow

_WORD = re.compile(r"[\w’']+")


def heard_rate(timeline: Timeline) -> float:
    """Words a minute while the voice speaks: each sentence's words over its speech's length."""
    speech = timeline.speech
    words = sum(len(_WORD.findall(clip.sentence.text)) for clip in speech if clip.sentence is not None)
    assert words > 300
    return words / sum(clip.length / MIX_RATE for clip in speech) * 60


@pytest.mark.parametrize(("voice", "clips", "rate"), [
    ("piper:en_US-joe-medium", "piper_clips", 110), ("piper:en_US-joe-medium", "piper_clips", 170),
    ("espeak:gmw/en-us", "session_clips", 120), ("espeak:gmw/en-us", "session_clips", 170),
])
def test_a_voice_is_heard_at_the_rate_asked(request: pytest.FixtureRequest, tmp_path: Path, voice: str, clips: str,
                                            rate: int) -> None:
    practice = load_practice(shipped_practices_dir() / "affectionate-breathing.md")
    provider: ClipProvider = request.getfixturevalue(clips)  # the natural voice's warm worker, or eSpeak's
    result = render(RenderRequest(practice, PlayChoices(minutes=8, voice=voice, rate=rate), output=tmp_path), provider)
    assert heard_rate(result.timeline) == pytest.approx(rate, rel=0.10)
    # The layout made before synthesis (from estimates) is close to the speech that came.
    real = sum(clip.length for clip in result.timeline.speech) / 22050
    estimated = sum(estimate_speech_seconds(sentence.text, rate) for sentence in practice.sentences)
    assert estimated == pytest.approx(real, rel=0.04)


def test_espeak_is_given_less_than_it_is_asked_for_within_what_it_can_do() -> None:
    assert espeak_rate(136.7) == 112  # measured: eSpeak at 112 is heard at 136.7
    assert espeak_rate(140) < 140 and espeak_rate(180) < 180
    assert espeak_rate(60) == ESPEAK_MIN and espeak_rate(1000) == ESPEAK_MAX


def test_a_slower_rate_asks_piper_for_a_longer_length_scale() -> None:
    pace = PiperPace(fixed=0.07, stretched=0.2)
    scales = [piper_length_scale(rate, pace) for rate in (100, 140, 180)]
    assert scales == sorted(scales, reverse=True)
    assert 60 / (pace.fixed + pace.stretched * piper_length_scale(140, pace)) == pytest.approx(140, rel=0.01)
    assert piper_length_scale(10, pace) == LENGTH_SCALE_MAX  # never stretched beyond what still sounds like speech


def test_a_pace_is_fitted_from_speech_at_two_scales() -> None:
    fitted = fit_piper_pace(100, ((1.0, 30.0), (2.0, 50.0)))
    assert fitted.fixed == pytest.approx(0.1) and fitted.stretched == pytest.approx(0.2)
    with pytest.raises(ValueError, match="did not get longer"):
        fit_piper_pace(100, ((1.0, 30.0), (2.0, 30.0)))
