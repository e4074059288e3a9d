"""The real speech engine: eSpeak NG through pyttsx3, with its quirks absorbed."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
from pathlib import Path

import pytest

from kindaudio.audio.tts.engine import SpeechSettings, TtsError
from kindaudio.audio.tts.pool import SynthesisPool
from kindaudio.audio.tts.pyttsx3_engine import Pyttsx3Engine
from kindaudio.audio.tts.voices import default_voice
from kindaudio.common.errors import UserInputError

TEXT = "Notice the breath moving in the body, without changing it at all."


def _seconds(engine: Pyttsx3Engine, text: str, settings: SpeechSettings) -> float:
    speech = engine.synthesize(text, settings)
    return len(speech.pcm) / 2 / speech.rate


def test_it_names_itself_and_its_voices(engine: Pyttsx3Engine) -> None:
    info = engine.info()
    assert info.name == "pyttsx3"
    assert "espeak-ng" in info.version
    # The version is read from the installed metadata's folder name; the same as its contents say.
    assert info.version.startswith(importlib.metadata.version("pyttsx3") + "/")
    assert Pyttsx3Engine.identity().startswith(f"pyttsx3-{importlib.metadata.version('pyttsx3')}-")
    ids = {voice.id for voice in engine.voices()}
    assert {"espeak:gmw/en-us", "espeak:gmw/en-gb-x-rp"} <= ids  # ids name their engine
    assert {voice.native for voice in engine.voices()} >= {"gmw/en-us", "gmw/en-gb-x-rp"}
    assert not any(voice.neural for voice in engine.voices())
    assert default_voice(engine.voices()).id == "espeak:gmw/en-us"


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
    with pytest.raises(UserInputError, match="there is no voice 'gmw/en-usa'; did you mean espeak:gmw/en-us"):
        engine.synthesize(TEXT, SpeechSettings("gmw/en-usa", 120))


def test_empty_text_is_refused(engine: Pyttsx3Engine) -> None:
    with pytest.raises(TtsError, match="empty"):
        engine.synthesize("   ", SpeechSettings("gmw/en-us", 120))



# eSpeak NG the other way: asynchronously (its own thread, as pyttsx3's stock
# driver runs it), in a fresh process, through the bare library.
ASYNCHRONOUS_ESPEAK = """
import ctypes, sys, threading
from pyttsx3.drivers import _espeak
voice, rate, text, path = sys.argv[1:]
chunks, finished = [], threading.Event()
def collect(wav, samples, events):
    if samples > 0:
        chunks.append(ctypes.string_at(wav, samples * 2))
    i = 0
    while events[i].type != _espeak.EVENT_LIST_TERMINATED:
        if events[i].type == _espeak.EVENT_MSG_TERMINATED:
            finished.set()
        i += 1
    return 0
assert _espeak.Initialize(_espeak.AUDIO_OUTPUT_RETRIEVAL, 1000) == 22050
_espeak.SetSynthCallback(collect)
_espeak.SetVoiceByName(voice.encode())
_espeak.SetParameter(_espeak.RATE, int(rate), 0)
_espeak.Synth(text.encode(), flags=_espeak.ENDPAUSE | _espeak.CHARS_UTF8)
assert finished.wait(30), "eSpeak never finished"
open(path, "wb").write(b"".join(chunks))
"""


@pytest.mark.parametrize(("voice", "rate"), [("gmw/en-us", 112), ("gmw/en-gb-x-rp", 170)])
def test_a_fresh_worker_says_a_sentence_exactly_as_espeak_does_on_its_own(
        tmp_path: Path, voice: str, rate: int) -> None:
    """The driver synthesises synchronously (nothing to poll); the sound is eSpeak's own, sample for sample."""
    reference = tmp_path / "espeak.raw"
    done = subprocess.run([sys.executable, "-c", ASYNCHRONOUS_ESPEAK, voice, str(rate), TEXT, str(reference)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    with SynthesisPool(workers=1) as pool:
        speech = pool.submit(TEXT, SpeechSettings(voice, rate)).result(timeout=120)
    expected = reference.read_bytes()
    assert speech.rate == 22050
    assert len(speech.pcm) == len(expected) > 22050  # over half a second of speech
    assert speech.pcm == expected


def test_the_driver_still_writes_what_save_to_file_asks_for(engine: Pyttsx3Engine, tmp_path: Path) -> None:
    """The engine takes each sentence's samples from KindAudio's driver in memory; pyttsx3's own
    save_to_file, through the same driver, still writes them as a mono 16-bit WAV.

    (eSpeak's output varies by a few samples from one utterance to the next in
    one process, so the file is held against the utterance it came from.)"""
    import wave

    spoken = engine.synthesize(TEXT, SpeechSettings("gmw/en-us", 120))
    assert not any(engine._workdir.iterdir()), "no file is written for a sentence kept in memory"
    target = tmp_path / "saved.wav"
    engine._engine.save_to_file(TEXT, str(target))
    engine._engine.runAndWait()
    driver = engine._engine.proxy._driver
    with wave.open(str(target), "rb") as saved:
        assert (saved.getnchannels(), saved.getsampwidth(), saved.getframerate()) == (1, 2, spoken.rate)
        frames = saved.readframes(saved.getnframes())
    assert frames == driver.spoken
    assert len(frames) == pytest.approx(len(spoken.pcm), rel=0.01)
    target.unlink()
    engine.synthesize(TEXT, SpeechSettings("gmw/en-us", 120))
    assert not target.exists(), "a sentence said after a save is not saved again"
