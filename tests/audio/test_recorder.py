"""Recording your own voice, heard through a real sound stack: PortAudio from ALSA's file plugin.

The test card's microphone is a named pipe fed with known samples at a
microphone's pace (tests/audio/microphone.py), so every take can be held to
what was "said" sample for sample. Playing a take back goes out through the
same card's file side.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest
import soundfile

from kindaudio.audio import recorder as recorder_module
from kindaudio.audio.clips import ClipProvider
from kindaudio.audio.format import MIX_RATE
from kindaudio.audio.mixer import Mixer
from kindaudio.audio.playback.player import Player
from kindaudio.audio.playback.status import PlayerState
from kindaudio.audio.programmes import practice_programme, recording_programme
from kindaudio.audio.recorder import (
    Recorder,
    Take,
    TakeRefused,
    delete_recording,
    input_devices,
    recording_path,
    resolve_input_device,
    save_take,
)
from kindaudio.audio.recordings import (
    NotAllRecorded,
    find_recordings,
    missing_recordings,
    prepare_recording,
    require_recorded,
)
from kindaudio.audio.render import RenderRequest, render
from kindaudio.common.errors import UserInputError
from kindaudio.common.paths import AppPaths
from kindaudio.script import load_practice
from kindaudio.script.model import Practice
from kindaudio.audio.choices import PlayChoices
from tests.audio.microphone import RATE, Microphone, listening_microphone, speech_like

WAIT = 120  # seconds; never reached when things work
PACE = Path(__file__).resolve().parents[1] / "alsa" / "pace.py"
PRACTICE_ID = "test-practice"

BODY = """## Arriving
Welcome to this short practice.
You might let the breath be just as it is.
[pause 2s..2m]
## Resting
Notice the feet on the floor.
That is all, for now.
"""
FRONT = "title: Recorded practice\nlengths: [1]\npace: {sentence_gap: 0.5s, paragraph_gap: 1s, section_gap: 1s}"


@pytest.fixture
def microphone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Microphone]:
    yield from listening_microphone(tmp_path, monkeypatch)


@pytest.fixture
def recorder() -> Iterator[Recorder]:
    rec = Recorder()
    yield rec
    rec.cancel()


@pytest.fixture
def practice(write_practice: Callable[..., Path]) -> Practice:
    return load_practice(write_practice(BODY, front=FRONT))


def record(rec: Recorder, seconds: float) -> Take:
    """A take of at least `seconds` of sound."""
    rec.start()
    assert rec.wait_for_seconds(seconds, WAIT)
    return rec.stop()


def after_priming(recorded: np.ndarray, said: np.ndarray) -> np.ndarray:
    """The recorded samples from where the sound said begins (any priming before it is silence)."""
    offset = int(np.flatnonzero(recorded)[0] - np.flatnonzero(said)[0])
    assert 0 <= offset <= 4 * recorder_module.BLOCK_FRAMES and not recorded[:offset].any()
    return recorded[offset:]


def write_recording(paths: AppPaths, practice_id: str, sentence_id: str, samples: np.ndarray) -> Path:
    """A recording as an earlier take left it: 16-bit FLAC in the person's folder."""
    target = recording_path(paths, practice_id, sentence_id)
    target.parent.mkdir(parents=True, exist_ok=True)
    soundfile.write(str(target), samples, RATE, subtype="PCM_16", format="FLAC")
    return target


def no_engine(*_engine: str) -> object:
    raise AssertionError("the speech engine was started")


# -- devices -------------------------------------------------------------------------------


def test_the_test_cards_input_is_listed_as_the_default_input() -> None:
    devices = input_devices()
    assert [device.name for device in devices if device.is_default] == ["default"]
    assert resolve_input_device(None) is None
    assert resolve_input_device("default") is None
    assert resolve_input_device(str(devices[0].index)) == devices[0].index


def test_an_unknown_input_device_is_refused_naming_the_inputs() -> None:
    with pytest.raises(UserInputError, match=r"no input device number 99; the input devices are: 0: default"):
        resolve_input_device("99")
    with pytest.raises(UserInputError, match="no input device is called 'studio mic'"):
        resolve_input_device("studio mic")


# -- a take ----------------------------------------------------------------------------------


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


def test_a_kept_take_is_private_and_leaves_no_temporary_file(
        microphone: Microphone, recorder: Recorder, paths: AppPaths) -> None:
    microphone.feed(speech_like(1.0))
    saved = save_take(record(recorder, 1.0), paths, PRACTICE_ID, "a1b2c3d4e5f6")
    assert saved.stat().st_mode & 0o777 == 0o600
    assert saved.parent.stat().st_mode & 0o777 == 0o700
    assert paths.recordings.stat().st_mode & 0o777 == 0o700
    assert sorted(p.name for p in paths.recordings.rglob("*")) == ["a1b2c3d4e5f6.flac", PRACTICE_ID]


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


def test_a_silent_take_is_refused_and_nothing_is_kept(
        microphone: Microphone, recorder: Recorder, paths: AppPaths) -> None:
    take = record(recorder, 1.0)  # the microphone hears nothing
    assert take.silent and take.seconds >= 1.0
    with pytest.raises(TakeRefused, match="nothing was heard in this take") as refused:
        save_take(take, paths, PRACTICE_ID, "a1b2c3d4e5f6")
    assert "microphone" in str(refused.value)
    assert not recording_path(paths, PRACTICE_ID, "a1b2c3d4e5f6").exists()


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


# -- keeping, replacing, deleting ------------------------------------------------------------------


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


# -- which sentences are recorded ----------------------------------------------------------------------


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


# -- hearing a take back -----------------------------------------------------------------------


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


def test_recorded_only_with_nothing_recorded_says_so_plainly(practice: Practice, paths: AppPaths) -> None:
    with pytest.raises(NotAllRecorded) as refused:
        require_recorded(practice, paths)
    assert "cannot play in the recorded voice alone yet: none of its 4 sentences is recorded yet:" \
        in str(refused.value)
