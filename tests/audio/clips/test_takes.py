"""Keeping a take as a sentence's recording, replacing it, refusing it, deleting it.

The takes come from the test sound card's microphone (tests/audio/microphone.py).
"""

from __future__ import annotations

import numpy as np
import pytest
import soundfile

from kindaudio.audio.capture.recorder import Recorder
from kindaudio.audio.clips.recordings import find_recordings
from kindaudio.audio.clips.takes import TakeRefused, delete_recording, recording_path, save_take
from kindaudio.common.errors import UserInputError
from kindaudio.common.paths import AppPaths
from tests.audio.microphone import RATE, Microphone, speech_like
from tests.audio.recording import PRACTICE_ID, record, write_recording


def test_a_kept_take_is_private_and_leaves_no_temporary_file(
        microphone: Microphone, recorder: Recorder, paths: AppPaths) -> None:
    microphone.feed(speech_like(1.0))
    saved = save_take(record(recorder, 1.0), paths, PRACTICE_ID, "a1b2c3d4e5f6")
    assert saved.stat().st_mode & 0o777 == 0o600
    assert saved.parent.stat().st_mode & 0o777 == 0o700
    assert paths.recordings.stat().st_mode & 0o777 == 0o700
    assert sorted(p.name for p in paths.recordings.rglob("*")) == ["a1b2c3d4e5f6.flac", PRACTICE_ID]


def test_a_silent_take_is_refused_and_nothing_is_kept(
        microphone: Microphone, recorder: Recorder, paths: AppPaths) -> None:
    take = record(recorder, 1.0)  # the microphone hears nothing
    assert take.silent and take.seconds >= 1.0
    with pytest.raises(TakeRefused, match="nothing was heard in this take") as refused:
        save_take(take, paths, PRACTICE_ID, "a1b2c3d4e5f6")
    assert "microphone" in str(refused.value)
    assert not recording_path(paths, PRACTICE_ID, "a1b2c3d4e5f6").exists()


def test_recording_again_replaces_the_old_recording(
        microphone: Microphone, recorder: Recorder, paths: AppPaths) -> None:
    microphone.feed(speech_like(3.0))
    first = save_take(record(recorder, 2.5), paths, PRACTICE_ID, "a1b2c3d4e5f6")
    first_frames = soundfile.info(str(first)).frames
    again = record(recorder, 1.0)
    assert again.frames < first_frames
    saved = save_take(again, paths, PRACTICE_ID, "a1b2c3d4e5f6")
    assert saved == first
    assert soundfile.info(str(saved)).frames == again.frames
    assert [p.name for p in saved.parent.iterdir()] == ["a1b2c3d4e5f6.flac"]


def test_a_take_that_cannot_be_kept_leaves_the_old_recording_as_it_was(
        microphone: Microphone, recorder: Recorder, paths: AppPaths) -> None:
    microphone.feed(speech_like(2.0))
    kept = save_take(record(recorder, 1.5), paths, PRACTICE_ID, "a1b2c3d4e5f6")
    before = kept.read_bytes()

    damaged = record(recorder, 1.0)
    with damaged.path.open("r+b") as handle:  # the take's file broke (a disk problem)
        handle.truncate(100)
    with pytest.raises(TakeRefused, match="cannot be read any more"):
        save_take(damaged, paths, PRACTICE_ID, "a1b2c3d4e5f6")
    assert kept.read_bytes() == before

    microphone.feed(np.zeros(0, dtype=np.int16))
    silent = record(recorder, 1.0)
    with pytest.raises(TakeRefused, match="nothing was heard"):
        save_take(silent, paths, PRACTICE_ID, "a1b2c3d4e5f6")
    assert kept.read_bytes() == before
    damaged.discard()
    silent.discard()


def test_a_recording_of_another_kind_from_before_goes_when_a_take_is_kept(
        microphone: Microphone, recorder: Recorder, paths: AppPaths) -> None:
    older = recording_path(paths, PRACTICE_ID, "a1b2c3d4e5f6").with_suffix(".wav")
    older.parent.mkdir(parents=True)
    soundfile.write(str(older), speech_like(1.0), RATE)
    microphone.feed(speech_like(1.0))
    saved = save_take(record(recorder, 1.0), paths, PRACTICE_ID, "a1b2c3d4e5f6")
    assert find_recordings(paths, PRACTICE_ID) == {"a1b2c3d4e5f6": saved}
    assert not older.exists()


def test_deleting_a_recording_removes_it_and_says_whether_there_was_one(paths: AppPaths) -> None:
    kept = write_recording(paths, PRACTICE_ID, "a1b2c3d4e5f6", speech_like(1.0))
    assert delete_recording(paths, PRACTICE_ID, "a1b2c3d4e5f6") is True
    assert not kept.exists()
    assert delete_recording(paths, PRACTICE_ID, "a1b2c3d4e5f6") is False


def test_recording_paths_refuse_ids_that_are_not_ids(paths: AppPaths) -> None:
    with pytest.raises(UserInputError, match="not a practice id"):
        recording_path(paths, "../elsewhere", "a1b2c3d4e5f6")
    with pytest.raises(UserInputError, match="not a sentence id"):
        recording_path(paths, PRACTICE_ID, "../../etc")
