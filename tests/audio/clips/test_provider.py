"""Each sentence gets its clip from a recording, the cache, or synthesis, in that order."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import soundfile

from kindaudio.audio.clips.clip import ClipOrigin
from kindaudio.audio.clips.levelling import SPEECH_LOUDNESS_LUFS
from kindaudio.audio.clips.provider import ClipProvider
from kindaudio.audio.files.render import gather
from kindaudio.audio.tts.engine import SpeechSettings
from kindaudio.audio.tts.pyttsx3_engine import Pyttsx3Engine
from kindaudio.common.errors import UserInputError
from kindaudio.common.paths import AppPaths
from kindaudio.script import Practice, load_practice
from tests.audio.conftest import reference_loudness

BODY = """## Arriving
Welcome to this short practice. You might let your shoulders soften.

## Resting
Notice the breath, just as it is. [pause 2s..10s]
Thank you for taking this time.
"""


@pytest.fixture
def practice(write_practice) -> Practice:  # type: ignore[no-untyped-def]
    return load_practice(write_practice(BODY, "title: Short\nid: short"))


@pytest.fixture
def clips(paths: AppPaths, tmp_path: Path) -> Iterator[ClipProvider]:
    with ClipProvider(paths, bundled_recordings=tmp_path / "bundled") as provider:
        yield provider


def _prepare(clips: ClipProvider, practice: Practice, rate: int | None = None) -> dict:
    return gather(clips.prepare(practice, clips.settings_for(practice, rate=rate)))


def test_every_sentence_is_synthesised_once_then_comes_from_the_cache(
        paths: AppPaths, practice: Practice, clips: ClipProvider) -> None:
    first = _prepare(clips, practice)
    assert clips.stats.synthesized == len(practice.unique_sentences()) == 4
    with ClipProvider(paths) as again:
        second = _prepare(again, practice)
        assert again.stats.synthesized == 0 and again.stats.cached == 4
        assert again.started_pools() == {}  # no worker process was even started
    for key in first:
        assert np.array_equal(first[key].samples, second[key].samples)


def test_editing_one_sentence_synthesises_only_that_one(
        paths: AppPaths, practice: Practice, clips: ClipProvider, write_practice) -> None:  # type: ignore[no-untyped-def]
    _prepare(clips, practice)
    edited = load_practice(write_practice(BODY.replace("just as it is", "as it comes and goes"),
                                          "title: Short\nid: short", name="edited.md"))
    with ClipProvider(paths) as again:
        _prepare(again, edited)
        assert (again.stats.synthesized, again.stats.cached) == (1, 3)


def test_another_speaking_rate_is_another_clip(practice: Practice, clips: ClipProvider) -> None:
    slow = _prepare(clips, practice, rate=100)
    fast = _prepare(clips, practice, rate=170)
    assert clips.stats.synthesized == 8
    assert all(fast[key].n_samples < slow[key].n_samples for key in slow)


def _record(path: Path, text: str, engine: Pyttsx3Engine, gain: float) -> None:
    """A 'recording': another voice, at 44.1 kHz stereo, much quieter than synthesis."""
    from scipy.signal import resample_poly

    speech = engine.synthesize(text, SpeechSettings("gmw/en-gb-x-rp", 100))
    mono = np.frombuffer(speech.pcm, dtype="<i2") / 32768.0 * gain
    stereo = np.column_stack([resample_poly(mono, 2, 1)] * 2)
    path.parent.mkdir(parents=True, exist_ok=True)
    soundfile.write(str(path), stereo, 44_100)


def test_a_recording_replaces_synthesis_and_is_levelled_to_match(
        paths: AppPaths, practice: Practice, clips: ClipProvider, engine: Pyttsx3Engine) -> None:
    recorded = practice.sentences[2]
    _record(paths.recordings / practice.id / f"{recorded.id}.flac", recorded.text, engine, gain=0.05)
    got = _prepare(clips, practice)
    assert (clips.stats.recorded, clips.stats.synthesized) == (1, 3)
    assert got[recorded.id].origin is ClipOrigin.RECORDING
    samples = got[recorded.id].samples / 32768.0
    assert reference_loudness(samples) == pytest.approx(SPEECH_LOUDNESS_LUFS, abs=0.6)
    # The slower British voice lasts longer than the synthetic sentence would.
    with ClipProvider(paths) as tts_only:
        synthetic = gather(tts_only.prepare(practice, tts_only.settings_for(practice), use_recordings=False))
    assert got[recorded.id].n_samples > synthetic[recorded.id].n_samples


def test_your_recording_wins_over_a_bundled_one(
        paths: AppPaths, practice: Practice, clips: ClipProvider, engine: Pyttsx3Engine, tmp_path: Path) -> None:
    sentence = practice.sentences[0]
    _record(tmp_path / "bundled" / practice.id / f"{sentence.id}.wav", "Something else entirely.", engine, 0.5)
    bundled = gather(clips.prepare(practice, clips.settings_for(practice)))[sentence.id].n_samples
    _record(paths.recordings / practice.id / f"{sentence.id}.flac", sentence.text, engine, 0.5)
    with ClipProvider(paths, bundled_recordings=tmp_path / "bundled") as again:
        yours = gather(again.prepare(practice, again.settings_for(practice)))[sentence.id].n_samples
    assert yours != bundled


@pytest.mark.parametrize("content, message", [
    (b"RIFF\x00\x00\x00\x00WAVEnot really audio", "cannot be read as audio"),
    (None, "silent"),
])
def test_a_broken_recording_is_refused_with_its_path(
        paths: AppPaths, practice: Practice, clips: ClipProvider, content: bytes | None, message: str) -> None:
    path = paths.recordings / practice.id / f"{practice.sentences[0].id}.wav"
    path.parent.mkdir(parents=True)
    if content is None:
        soundfile.write(str(path), np.zeros(22050), 22050)
    else:
        path.write_bytes(content)
    with pytest.raises(UserInputError, match=message) as caught:
        _prepare(clips, practice)
    assert str(path) in str(caught.value)


def test_a_recording_over_ten_minutes_is_refused(paths: AppPaths, practice: Practice, clips: ClipProvider) -> None:
    path = paths.recordings / practice.id / f"{practice.sentences[0].id}.flac"
    path.parent.mkdir(parents=True)
    soundfile.write(str(path), np.zeros(8000 * 601, dtype=np.int16), 8000)
    with pytest.raises(UserInputError, match="lasts 10.0 min; a sentence's recording may last at most 10 min"):
        _prepare(clips, practice)


def test_an_unknown_voice_is_refused_before_anything_is_synthesised(practice: Practice, clips: ClipProvider) -> None:
    with pytest.raises(UserInputError, match="no voice 'gmw/en-usa'"):
        clips.settings_for(practice, voice="gmw/en-usa")
    assert clips.stats.synthesized == 0
    assert all(pool.stats.synthesized == 0 for pool in clips.started_pools().values())


def test_the_engine_is_described_once_then_remembered(paths: AppPaths, clips: ClipProvider) -> None:
    info, voices = clips.engine_voices("espeak")  # a fresh home: a worker describes the engine
    assert clips.started_pools()["espeak"].stats.workers_started >= 1
    with ClipProvider(paths) as again:
        assert again.engine_voices("espeak") == (info, voices)
        assert again.started_pools() == {}  # from the stored description, no worker needed
