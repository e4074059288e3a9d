"""The real speech engine: eSpeak NG through pyttsx3, with its quirks absorbed."""

from __future__ import annotations

import pytest

from kindaudio.audio.tts.engine import SpeechSettings, TtsError, default_voice
from kindaudio.audio.tts.pyttsx3_engine import Pyttsx3Engine
from kindaudio.errors import UserInputError

TEXT = "Notice the breath moving in the body, without changing it at all."


def _seconds(engine: Pyttsx3Engine, text: str, settings: SpeechSettings) -> float:
    speech = engine.synthesize(text, settings)
    return len(speech.pcm) / 2 / speech.rate


def test_it_names_itself_and_its_voices(engine: Pyttsx3Engine) -> None:
    info = engine.info()
    assert info.name == "pyttsx3"
    assert "espeak-ng" in info.version
    ids = {voice.id for voice in engine.voices()}
    assert {"gmw/en-us", "gmw/en-gb-x-rp"} <= ids
    assert default_voice(engine.voices()).id == "gmw/en-us"


def test_a_sentence_becomes_mono_16_bit_audio_of_plausible_length(engine: Pyttsx3Engine) -> None:
    speech = engine.synthesize(TEXT, SpeechSettings("gmw/en-us", 120))
    assert speech.rate == 22050
    seconds = len(speech.pcm) / 2 / speech.rate
    assert 3.0 < seconds < 8.0  # eleven words at about 140 words a minute


def test_the_rate_takes_effect_every_time_it_changes(engine: Pyttsx3Engine) -> None:
    # eSpeak applies rate changes in its own thread; a change lost to a race
    # would show up as a sentence at the wrong speed.
    slow, fast = SpeechSettings("gmw/en-us", 100), SpeechSettings("gmw/en-us", 170)
    reference_slow, reference_fast = _seconds(engine, TEXT, slow), _seconds(engine, TEXT, fast)
    assert reference_slow / reference_fast == pytest.approx(1.7, rel=0.15)
    for _ in range(15):
        assert _seconds(engine, TEXT, slow) == pytest.approx(reference_slow, rel=0.02)
        assert _seconds(engine, TEXT, fast) == pytest.approx(reference_fast, rel=0.02)


def test_the_voice_takes_effect(engine: Pyttsx3Engine) -> None:
    american = engine.synthesize(TEXT, SpeechSettings("gmw/en-us", 120)).pcm
    british = engine.synthesize(TEXT, SpeechSettings("gmw/en-gb-x-rp", 120)).pcm
    assert american != british


def test_an_unknown_voice_is_refused_not_silently_ignored(engine: Pyttsx3Engine) -> None:
    with pytest.raises(UserInputError, match="there is no voice 'gmw/en-usa'; did you mean gmw/en-us"):
        engine.synthesize(TEXT, SpeechSettings("gmw/en-usa", 120))


def test_empty_text_is_refused(engine: Pyttsx3Engine) -> None:
    with pytest.raises(TtsError, match="empty"):
        engine.synthesize("   ", SpeechSettings("gmw/en-us", 120))
