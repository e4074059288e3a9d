"""Which sentences of a practice are recorded, and playing or rendering in the recorded voice alone."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import soundfile

from kindaudio.audio.choices import PlayChoices
from kindaudio.audio.clips.provider import ClipProvider
from kindaudio.audio.clips.recordings import NotAllRecorded, missing_recordings, require_recorded
from kindaudio.audio.files.render import RenderRequest, render
from kindaudio.audio.playback.programmes import practice_programme
from kindaudio.common.errors import UserInputError
from kindaudio.common.paths import AppPaths
from kindaudio.script import load_practice
from kindaudio.script.model import Practice
from tests.audio.microphone import speech_like
from tests.audio.recording import BODY, FRONT, no_engine, write_recording


@pytest.fixture
def practice(write_practice: Callable[..., Path]) -> Practice:
    return load_practice(write_practice(BODY, front=FRONT))


def test_missing_recordings_are_the_unrecorded_sentences_in_order(practice: Practice, paths: AppPaths) -> None:
    first, second, third, fourth = practice.unique_sentences()
    write_recording(paths, practice.id, second.id, speech_like(1.0))
    assert missing_recordings(practice, paths) == [first, third, fourth]
    for sentence in (first, third, fourth):
        write_recording(paths, practice.id, sentence.id, speech_like(1.0))
    assert missing_recordings(practice, paths) == []


def test_recorded_only_is_refused_naming_how_many_and_which_lines(practice: Practice, paths: AppPaths,
                                                                   tmp_path: Path) -> None:
    second = practice.unique_sentences()[1]
    write_recording(paths, practice.id, second.id, speech_like(1.0))
    with ClipProvider(paths, pool_factory=no_engine) as clips:  # type: ignore[arg-type]
        with pytest.raises(NotAllRecorded) as refused:
            render(RenderRequest(practice, PlayChoices(recorded_only=True), output=tmp_path), clips)
        message = str(refused.value)
        assert "Recorded practice cannot play in the recorded voice alone yet: 3 of its 4 sentences have no " \
               "recording" in message
        assert "test-practice.md:7: “Welcome to this short practice.”" in message
        assert "test-practice.md:11: “Notice the feet on the floor.”" in message
        assert "`kindaudio record test-practice --missing-only`" in message
        assert [s.pos.line for s in refused.value.missing] == [7, 11, 12]
        assert not list(tmp_path.glob("*.wav"))
        with pytest.raises(NotAllRecorded, match="3 of its 4 sentences"):
            practice_programme(clips, practice, PlayChoices(recorded_only=True))


def test_recorded_only_and_computer_voice_only_cannot_both_be_asked_for(practice: Practice, paths: AppPaths) -> None:
    with ClipProvider(paths, pool_factory=no_engine) as clips:  # type: ignore[arg-type]
        with pytest.raises(UserInputError, match="cannot both be asked for"):
            practice_programme(clips, practice, PlayChoices(use_recordings=False, recorded_only=True))


def test_a_fully_recorded_practice_renders_in_the_recorded_voice_alone_without_a_speech_engine(
        practice: Practice, paths: AppPaths, tmp_path: Path) -> None:
    for number, sentence in enumerate(practice.unique_sentences()):
        write_recording(paths, practice.id, sentence.id, speech_like(1.0 + number / 4, low=200.0 + 50 * number))
    with ClipProvider(paths, pool_factory=no_engine) as clips:  # type: ignore[arg-type]
        result = render(RenderRequest(practice, PlayChoices(recorded_only=True), output=tmp_path), clips)
    assert (result.synthesized, result.cached, result.recorded) == (0, 0, 4)
    assert result.seconds == pytest.approx(60.0)
    assert soundfile.info(str(result.audio)).duration == pytest.approx(60.0)
    spoken = [clip.sentence.id for clip in result.timeline.speech if clip.sentence is not None]
    assert spoken == [sentence.id for sentence in practice.sentences]


def test_recorded_only_with_nothing_recorded_says_so_plainly(practice: Practice, paths: AppPaths) -> None:
    with pytest.raises(NotAllRecorded) as refused:
        require_recorded(practice, paths)
    assert "cannot play in the recorded voice alone yet: none of its 4 sentences is recorded yet:" \
        in str(refused.value)
