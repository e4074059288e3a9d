"""Recording your own voice, heard through a real sound stack: PortAudio from ALSA's file plugin.

The test card's microphone is a named pipe fed with known samples at a
microphone's pace (tests/audio/microphone.py), so every take can be held to
what was "said" sample for sample. Playing a take back goes out through the
same card's file side.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
import soundfile

from kindaudio.audio.capture import recorder as recorder_module
from kindaudio.audio.capture.recorder import Recorder
from kindaudio.audio.clips.recordings import prepare_recording
from kindaudio.audio.clips.takes import save_take
from kindaudio.audio.format import MIX_RATE
from kindaudio.audio.mixing.mixer import Mixer
from kindaudio.audio.playback.player import Player
from kindaudio.audio.playback.programmes import recording_programme
from kindaudio.audio.playback.status import PlayerState
from kindaudio.common.errors import UserInputError
from kindaudio.common.paths import AppPaths
from kindaudio.script import load_practice
from kindaudio.script.model import Practice
from tests.audio.microphone import RATE, Microphone, speech_like
from tests.audio.recording import BODY, FRONT, PRACTICE_ID, WAIT, record

PACE = Path(__file__).resolve().parents[2] / "alsa" / "pace.py"


@pytest.fixture
def practice(write_practice: Callable[..., Path]) -> Practice:
    return load_practice(write_practice(BODY, front=FRONT))


def after_priming(recorded: np.ndarray, said: np.ndarray) -> np.ndarray:
    """The recorded samples from where the sound said begins (any priming before it is silence)."""
    offset = int(np.flatnonzero(recorded)[0] - np.flatnonzero(said)[0])
    assert 0 <= offset <= 4 * recorder_module.BLOCK_FRAMES and not recorded[:offset].any()
    return recorded[offset:]


# -- a take --------------------------------------------------------------------------------------------------------


def test_a_kept_take_is_what_the_microphone_heard_sample_for_sample(
        microphone: Microphone, recorder: Recorder, paths: AppPaths, tmp_path: Path) -> None:
    wav = tmp_path / "said.wav"
    soundfile.write(str(wav), speech_like(3.0), RATE, subtype="PCM_16")
    said = microphone.feed_wav(wav)
    take = record(recorder, 3.5)
    assert take.rate == RATE and not take.silent and not take.lost_frames
    saved = save_take(take, paths, PRACTICE_ID, "a1b2c3d4e5f6")

    assert saved == paths.recordings / PRACTICE_ID / "a1b2c3d4e5f6.flac"
    info = soundfile.info(str(saved))
    assert (info.format, info.subtype, info.channels, info.samplerate) == ("FLAC", "PCM_16", 1, RATE)
    recorded, _ = soundfile.read(str(saved), dtype="int16")
    heard = after_priming(recorded, said)
    assert np.array_equal(heard[: len(said)], said)
    assert not heard[len(said):].any()  # then the microphone heard silence
    assert info.frames == take.frames
    assert take.peak == pytest.approx(np.abs(said.astype(np.int32)).max() / 32768)


def test_the_level_rises_while_recording_and_rests_at_zero_otherwise(
        microphone: Microphone, recorder: Recorder) -> None:
    microphone.feed(speech_like(8.0, peak=0.5), speed=1)  # at a real microphone's pace
    assert recorder.level() == 0.0 and recorder.elapsed() == 0.0
    recorder.start()
    assert recorder.wait_for_seconds(0.5, WAIT)
    assert 0.1 < recorder.level() <= 0.5
    assert recorder.elapsed() >= 0.5
    take = recorder.stop()
    assert recorder.level() == 0.0
    take.discard()
    assert not take.path.exists()


def test_a_take_stops_by_itself_at_the_longest_a_recording_may_last(
        microphone: Microphone, recorder: Recorder, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(recorder_module, "MAX_TAKE_SECONDS", 1.0)
    microphone.feed(speech_like(3.0))
    recorder.start()
    assert not recorder.wait_for_seconds(2.0, WAIT)  # it never gets there
    assert not recorder.running and recorder.recording
    take = recorder.stop()
    assert take.reached_limit and take.frames == RATE
    assert soundfile.info(str(take.path)).frames == RATE
    take.discard()


def test_a_cancelled_take_leaves_nothing(microphone: Microphone, recorder: Recorder, paths: AppPaths) -> None:
    microphone.feed(speech_like(2.0))
    recorder.start()
    assert recorder.wait_for_seconds(0.5, WAIT)
    recorder.cancel()
    assert not recorder.recording
    assert list(paths.recordings.iterdir()) == []


def test_takes_left_behind_by_a_killed_program_are_cleared_away(
        microphone: Microphone, recorder: Recorder, paths: AppPaths) -> None:
    left = paths.recordings / ".take-left.flac.partial"
    left.parent.mkdir(parents=True)
    left.write_bytes(b"half a take")
    os.utime(left, (0, 0))
    recorder.start()
    assert not left.exists()
    recorder.cancel()


# -- hearing a take back -------------------------------------------------------------------------------------------


def test_a_take_plays_back_through_the_player_as_the_practice_will_sound_it(
        microphone: Microphone, recorder: Recorder, practice: Practice, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    microphone.feed(speech_like(1.5))
    take = record(recorder, 2.0)
    heard_file = tmp_path / "heard.raw"
    monkeypatch.setenv("KINDAUDIO_TEST_AUDIO_OUT", f"|{sys.executable} {PACE} {MIX_RATE * 2 * 8} {heard_file}")
    sentence = practice.unique_sentences()[0]
    programme = recording_programme(take.path, sentence, practice.id, practice.title)
    assert programme.timeline.seconds == pytest.approx(prepare_recording(take.path).seconds)
    expected = np.concatenate(list(Mixer(programme.timeline, programme.sounds(), programme.gain).pcm16_blocks(4096)))
    player = Player()
    try:
        player.play(lambda: recording_programme(take.path, sentence, practice.id, practice.title))
        status = player.wait(WAIT)
    finally:
        player.close()
    assert status.state is PlayerState.FINISHED, status.message
    heard = after_priming(np.fromfile(heard_file, dtype="<i2"), expected)
    assert np.array_equal(heard[: len(expected)], expected)
    take.discard()


def test_a_silent_take_cannot_be_played_back(microphone: Microphone, recorder: Recorder,
                                             practice: Practice) -> None:
    take = record(recorder, 0.5)
    with pytest.raises(UserInputError, match="silent"):
        recording_programme(take.path, practice.unique_sentences()[0])
    take.discard()
