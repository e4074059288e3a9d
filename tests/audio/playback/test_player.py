"""The player, heard through a real sound stack: PortAudio into ALSA's file plugin.

Every test reads back what the "device" received (tests/alsa/asound.conf) and
holds it to the rendered programme sample for sample. The device is paced by
tests/alsa/pace.py at several times real speed, so the player's buffering
works as it does on a real card, only quicker.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest
import soundfile

from kindaudio.audio.choices import PlayChoices
from kindaudio.audio.clips.levelling import warm_up
from kindaudio.audio.clips.provider import ClipProvider
from kindaudio.audio.files.render import RenderRequest, render
from kindaudio.audio.format import MIX_RATE
from kindaudio.audio.mixing.mixer import Mixer
from kindaudio.audio.mixing.timeline import ClipKind
from kindaudio.audio.playback.live import LiveProgramme
from kindaudio.audio.playback.player import Player
from kindaudio.audio.playback.programmes import practice_programme
from kindaudio.audio.playback.status import EventKind, PlayerEvent, PlayerState, PlayerStatus
from kindaudio.common.paths import AppPaths
from kindaudio.script import load_practice
from kindaudio.script.model import Practice
from tests.audio.sound_card import PACE, SPEED, B, Device, after_priming, assert_same, paced_device

WAIT = 120  # seconds; never reached when things work
MINUTES = 0.5

BODY = """## Arriving
Welcome to this short practice. Let the breath be just as it is.
[pause 2s..40s]
## Resting
[bell]
Notice the feet on the floor. That is all, for now.
"""
FRONT = "title: Player test\npace: {rate: 160, sentence_gap: 0.5s, paragraph_gap: 1s, section_gap: 1s}"


@pytest.fixture
def device(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Device:
    return paced_device(tmp_path, monkeypatch)


@pytest.fixture
def practice(write_practice: Callable[..., Path]) -> Practice:
    return load_practice(write_practice(BODY, front=FRONT))


@pytest.fixture
def player() -> Iterator[Player]:
    audio = Player()
    yield audio
    audio.close()


def rendered(clips: ClipProvider, practice: Practice, folder: Path, choices: PlayChoices = PlayChoices(minutes=MINUTES)
             ) -> np.ndarray:
    """The exported programme (this also fills the clip cache)."""
    result = render(RenderRequest(practice, choices, output=folder / "rendered.wav"), clips)
    samples, rate = soundfile.read(result.audio, dtype="int16")
    assert rate == MIX_RATE
    return np.asarray(samples)


def faded(block: np.ndarray, down: bool) -> np.ndarray:
    """A block as the player fades it (the same float32 arithmetic)."""
    ramp = (np.arange(B, dtype=np.float32) + 0.5) / B
    return np.rint(block.astype(np.float32) * (ramp[::-1] if down else ramp)).astype(np.int16)


def when(player: Player, test: Callable[[PlayerEvent], bool], action: Callable[[], None]) -> threading.Event:
    """Do `action` once, on the player's thread, at the first event that passes `test`."""
    done = threading.Event()

    def listen(event: PlayerEvent) -> None:
        if not done.is_set() and test(event):
            done.set()
            action()

    player.add_listener(listen)
    return done


def first_speech(event: PlayerEvent) -> bool:
    return event.kind is EventKind.SENTENCE and event.status.sentence is not None


def test_the_device_receives_the_exported_programme_sample_for_sample(
        session_clips: ClipProvider, practice: Practice, device: Device, player: Player, tmp_path: Path) -> None:
    programme = rendered(session_clips, practice, tmp_path)
    player.play(lambda: practice_programme(session_clips, practice, PlayChoices(minutes=MINUTES)))
    status = player.wait(WAIT)
    assert status.state is PlayerState.FINISHED, status.message
    heard = after_priming(device.received(), programme)
    assert_same(heard[: len(programme)], programme)
    assert not heard[len(programme):].any()
    assert player.stats.underruns == 0
    assert status.position == pytest.approx(status.length) == pytest.approx(MINUTES * 60, abs=0.5)


def test_with_the_ambience_the_device_receives_the_exported_programme_sample_for_sample(
        session_clips: ClipProvider, practice: Practice, device: Device, player: Player, tmp_path: Path) -> None:
    """The ambience counts in the programme's loudness and is lowered where the meter's gate would let it in:
    the player takes the WAV render's levels, the ambience's among them, so it too plays what the file holds,
    and a seek lands in it as in the file."""
    choices = PlayChoices(minutes=MINUTES, ambience=True)
    programme = rendered(session_clips, practice, tmp_path, choices)
    plain = tmp_path / "plain"
    plain.mkdir()
    assert not np.array_equal(programme, rendered(session_clips, practice, plain))
    target = 20 * MIX_RATE
    when(player, first_speech, lambda: player.seek(target / MIX_RATE))
    player.play(lambda: practice_programme(session_clips, practice, choices))
    status = player.wait(WAIT)
    assert status.state is PlayerState.FINISHED, status.message

    stats = player.stats
    was, now = stats.last_fade_out_start, stats.last_fade_in_start
    assert abs(now - target) <= B
    expected = np.concatenate([programme[:was], faded(programme[was: was + B], down=True),
                               np.zeros(stats.silent_blocks * B, dtype=np.int16),
                               faded(programme[now: now + B], down=False), programme[now + B:]])
    heard = after_priming(device.received(), programme)
    assert_same(heard[: len(expected)], expected)
    assert not heard[len(expected):].any()
    assert stats.underruns == 0


def test_pause_then_resume_loses_and_repeats_nothing(
        session_clips: ClipProvider, practice: Practice, device: Device, player: Player, tmp_path: Path) -> None:
    programme = rendered(session_clips, practice, tmp_path)
    states: list[PlayerState] = []
    player.add_listener(lambda e: states.append(e.status.state) if e.kind is EventKind.STATE else None)
    when(player, first_speech, player.pause)
    when(player, lambda e: e.kind is EventKind.STATE and e.status.state is PlayerState.PAUSED, player.resume)
    player.play(lambda: practice_programme(session_clips, practice, PlayChoices(minutes=MINUTES)))
    assert player.wait(WAIT).state is PlayerState.FINISHED
    assert states == [PlayerState.LOADING, PlayerState.PLAYING, PlayerState.PAUSED, PlayerState.PLAYING,
                      PlayerState.FINISHED]

    stats = player.stats
    at = stats.last_fade_out_start
    assert at == stats.last_fade_in_start > 0  # the faded-out block is the one faded back in
    gap = np.zeros(stats.silent_blocks * B, dtype=np.int16)
    expected = np.concatenate([programme[:at], faded(programme[at: at + B], down=True), gap,
                               faded(programme[at: at + B], down=False), programme[at + B:]])
    heard = after_priming(device.received(), programme)
    assert_same(heard[: len(expected)], expected)
    # The two faded halves add up to the block itself (within rounding).
    halves = faded(programme[at: at + B], True).astype(int) + faded(programme[at: at + B], False)
    assert np.abs(halves - programme[at: at + B]).max() <= 1
    assert stats.underruns == 0


def test_seek_lands_on_the_target_and_plays_on_from_there(
        session_clips: ClipProvider, practice: Practice, device: Device, player: Player, tmp_path: Path) -> None:
    programme = rendered(session_clips, practice, tmp_path)
    target = 20 * MIX_RATE
    when(player, first_speech, lambda: player.seek(target / MIX_RATE))
    player.play(lambda: practice_programme(session_clips, practice, PlayChoices(minutes=MINUTES)))
    assert player.wait(WAIT).state is PlayerState.FINISHED

    stats = player.stats
    assert abs(stats.last_fade_in_start - target) <= B
    was, now = stats.last_fade_out_start, stats.last_fade_in_start
    expected = np.concatenate([programme[:was], faded(programme[was: was + B], down=True),
                               np.zeros(stats.silent_blocks * B, dtype=np.int16),
                               faded(programme[now: now + B], down=False), programme[now + B:]])
    heard = after_priming(device.received(), programme)
    assert_same(heard[: len(expected)], expected)
    assert was < target / 2  # it jumped from the first words, skipping the middle


def test_next_section_starts_the_next_section(
        session_clips: ClipProvider, practice: Practice, device: Device, player: Player, tmp_path: Path) -> None:
    rendered(session_clips, practice, tmp_path)
    sections: list[str] = []
    player.add_listener(lambda e: sections.append(e.status.section.title)
                        if e.kind is EventKind.SECTION and e.status.section else None)
    when(player, first_speech, player.next_section)
    player.play(lambda: practice_programme(session_clips, practice, PlayChoices(minutes=MINUTES)))
    assert player.wait(WAIT).state is PlayerState.FINISHED
    timeline = player.timeline
    assert timeline is not None
    assert player.stats.last_fade_in_start == timeline.sections[1].start
    assert sections == ["Arriving", "Resting"]


def test_stop_fades_out_and_releases_the_device(
        session_clips: ClipProvider, practice: Practice, device: Device, player: Player, tmp_path: Path) -> None:
    programme = rendered(session_clips, practice, tmp_path)
    speaking = when(player, first_speech, lambda: None)
    player.play(lambda: practice_programme(session_clips, practice, PlayChoices(minutes=MINUTES)))
    assert speaking.wait(WAIT)
    player.stop()
    assert player.status().state is PlayerState.IDLE

    heard = after_priming(device.received(), programme)
    at = player.stats.last_fade_out_start
    assert 0 < at < len(programme) // 2
    assert_same(heard[: at + B], np.concatenate([programme[:at], faded(programme[at: at + B], True)]))
    assert not heard[at + B:].any()  # silence after the fade, never a cut mid-sound


def test_a_new_programme_starts_without_waiting_for_one_still_being_built(
        session_clips: ClipProvider, practice: Practice, device: Device, player: Player, tmp_path: Path) -> None:
    """Play returns at once (the window calls it on its GUI thread) even while the
    programme before is stuck building, e.g. waiting on speech; that one never sounds."""
    programme = rendered(session_clips, practice, tmp_path)
    release, building = threading.Event(), threading.Event()

    def stuck() -> LiveProgramme:
        building.set()
        release.wait(WAIT)
        return practice_programme(session_clips, practice, PlayChoices(minutes=MINUTES))

    states: list[PlayerState] = []
    player.add_listener(lambda e: states.append(e.status.state) if e.kind is EventKind.STATE else None)
    player.play(stuck, "first")
    assert building.wait(WAIT)
    player.play(lambda: practice_programme(session_clips, practice, PlayChoices(minutes=MINUTES)), "second")
    # Had play() waited for the first session to stop, it would still be blocked here.
    assert not release.is_set()
    release.set()
    status = player.wait(WAIT)
    assert status.state is PlayerState.FINISHED and status.title == "second"
    assert states == [PlayerState.LOADING, PlayerState.IDLE, PlayerState.LOADING, PlayerState.PLAYING,
                      PlayerState.FINISHED]
    heard = after_priming(device.received(), programme)
    assert_same(heard[: len(programme)], programme)  # only the second programme, from its start
    assert player.stats.stream_opens == 1


def test_volume_changes_smoothly_over_one_block(
        session_clips: ClipProvider, practice: Practice, device: Device, player: Player, tmp_path: Path) -> None:
    programme = rendered(session_clips, practice, tmp_path)
    when(player, first_speech, lambda: player.set_volume(0.5))
    player.play(lambda: practice_programme(session_clips, practice, PlayChoices(minutes=MINUTES)))
    assert player.wait(WAIT).state is PlayerState.FINISHED
    heard = after_priming(device.received(), programme)[: len(programme)]
    changed = player.stats.last_volume_ramp_start
    assert_same(heard[:changed], programme[:changed])
    ramp = 1.0 - 0.5 * (np.arange(B, dtype=np.float32) + 0.5) / B
    assert_same(heard[changed: changed + B],
                np.rint(programme[changed: changed + B].astype(np.float32) * ramp).astype(np.int16))
    after = slice(changed + B, len(programme))
    assert np.abs(heard[after].astype(int) - np.rint(programme[after] * np.float32(0.5))).max() <= 1


def test_playback_starts_before_the_speech_is_made_and_still_meets_the_length(
        paths: AppPaths, practice: Practice, player: Player, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cold cache: the timeline starts from estimates and is refitted as speech arrives.

    The sound card runs at 4x, not 8x: here both cores are also busy making
    speech, and at 8x (a block every 6 ms) a loaded machine could starve the
    player's thread, which no real device running at 1x would see.
    """
    device = paced_device(tmp_path, monkeypatch, speed=4)
    # As `kindaudio play` does: a cold clip cache, not a cold interpreter. Importing the
    # levelling's filters on the first sentence holds the interpreter lock for a good
    # part of a second, which starved the player into underruns here.
    warm_up()
    with ClipProvider(paths) as clips:
        made_when_speech_began: list[int] = []
        when(player, first_speech, lambda: made_when_speech_began.append(clips.stats.synthesized))
        player.play(lambda: practice_programme(clips, practice, PlayChoices(minutes=MINUTES)))
        status = player.wait(WAIT)
        assert status.state is PlayerState.FINISHED, status.message
        programme = player.programme
        assert programme is not None and programme.complete
        timeline = programme.timeline
        assert timeline.seconds == pytest.approx(MINUTES * 60, abs=0.5)
        assert clips.stats.synthesized == len(practice.unique_sentences())
        # Exactly what the final timeline says, mixed afresh from the finished clips.
        mixer = Mixer(timeline, programme.sounds(), gain=programme.gain)
        expected = np.concatenate(list(mixer.pcm16_blocks(B)))
    assert player.stats.underruns == 0  # first: silence nobody asked for would shift all that follows
    heard = after_priming(device.received(), expected)
    assert_same(heard[: len(expected)], expected)
    assert made_when_speech_began


def test_a_long_practice_starts_playing_long_before_its_speech_is_all_made(
        paths: AppPaths, device: Device, player: Player) -> None:
    from kindaudio.script.library import shipped_practices_dir

    body_scan = load_practice(shipped_practices_dir() / "compassionate-body-scan.md")
    with ClipProvider(paths) as clips:
        made_at_start: list[int] = []
        when(player, lambda e: e.kind is EventKind.STATE and e.status.state is PlayerState.PLAYING,
             lambda: made_at_start.append(clips.stats.synthesized))
        speaking = when(player, first_speech, lambda: None)
        player.play(lambda: practice_programme(clips, body_scan, PlayChoices(minutes=45)))
        assert speaking.wait(WAIT)
        player.stop()
    assert made_at_start[0] < len(body_scan.unique_sentences()) / 2
    assert player.stats.underruns == 0


def test_the_position_moves_on_through_silence_held_for_late_speech(
        paths: AppPaths, practice: Practice, device: Device, player: Player) -> None:
    """Held silence is heard time: the position walks through it (the journal counts
    listening from the position and takes a leap for a seek)."""
    positions: list[float] = []
    player.add_listener(lambda e: positions.append(e.status.position) if e.kind is EventKind.POSITION else None)
    with ClipProvider(paths, factories={"espeak": "tests.audio.slow_engine:SlowEngine"}) as clips:
        player.play(lambda: practice_programme(clips, practice, PlayChoices(minutes=MINUTES)))
        status = player.wait(WAIT)
    assert status.state is PlayerState.FINISHED, status.message
    held = player.stats.holds * B / MIX_RATE
    assert held > 0  # the second sentence was late (how late depends on how busy the machine is)
    # From the first report on: before it, the device takes its opening burst at once.
    steps = [b - a for a, b in zip(positions[1:], positions[2:])]
    # Never back by more than a block: a block held just after the player's thread last
    # counted the holds moves the next block's start only once it is counted.
    assert min(steps) >= -B / MIX_RATE
    assert max(steps) < max(held, 0.75)  # no leap over the held silence (0.75 s: more than a report's step)


def test_a_practice_whose_first_words_are_late_begins_at_its_start_once_they_come(
        paths: AppPaths, practice: Practice, device: Device, player: Player) -> None:
    """Waiting for the first sentence is loading, not practice: no silence is held for it, the
    position starts at 0 (the journal counts from there) and every sample is the programme's."""
    states: list[PlayerStatus] = []
    player.add_listener(lambda e: states.append(e.status) if e.kind is EventKind.STATE else None)
    with ClipProvider(paths, factories={"espeak": "tests.audio.slow_engine:SlowStartEngine"}) as clips:
        player.play(lambda: practice_programme(clips, practice, PlayChoices(minutes=MINUTES)))
        status = player.wait(WAIT)
        assert status.state is PlayerState.FINISHED, status.message
        programme = player.programme
        assert programme is not None
        expected = np.concatenate(list(Mixer(programme.timeline, programme.sounds(), gain=programme.gain)
                                       .pcm16_blocks(B)))
        all_ready = practice_programme(clips, practice, PlayChoices(minutes=MINUTES)).timeline
    assert [s.state for s in states] == [PlayerState.LOADING, PlayerState.PLAYING, PlayerState.FINISHED]
    assert states[1].position == 0.0
    # The first words come where they come with all the speech made beforehand.
    speech_starts = [c.start for c in programme.timeline.clips if c.kind is ClipKind.SPEECH]
    # (Within a block: a sentence that starts inside one waits for the next.)
    assert 0 <= speech_starts[0] - next(c.start for c in all_ready.clips if c.kind is ClipKind.SPEECH) < B
    assert programme.timeline.seconds == pytest.approx(MINUTES * 60, abs=0.5)
    assert player.stats.underruns == 0
    heard = after_priming(device.received(), expected)
    assert_same(heard[: len(expected)], expected)


def test_a_sentence_whose_speech_fails_stops_there_with_a_clear_message(
        paths: AppPaths, practice: Practice, device: Device, player: Player) -> None:
    with ClipProvider(paths, factories={"espeak": "tests.audio.failing_engine:FailingEngine"}) as clips:
        player.play(lambda: practice_programme(clips, practice, PlayChoices(minutes=MINUTES)))
        status = player.wait(WAIT)
    assert status.state is PlayerState.FAILED
    # The device opens once the first words are there; waits after that are held silence, never an underrun.
    assert player.stats.underruns == 0
    assert status.message is not None and "Notice the feet on the floor" in status.message
    assert "Playback stopped at 0:" in status.message
    timeline = player.timeline
    assert timeline is not None
    failed = next(c for c in timeline.clips if c.kind is ClipKind.SPEECH and c.sentence is not None
                  and c.sentence.text.startswith("Notice"))
    assert status.position == pytest.approx(failed.start / MIX_RATE, abs=B / MIX_RATE)
    heard = device.received()
    assert heard.any()  # the words before it were heard
    assert int(np.flatnonzero(heard)[-1]) < failed.start + 8 * B  # and nothing long after it


def test_a_device_that_does_not_exist_fails_with_a_clear_message(
        session_clips: ClipProvider, practice: Practice, tmp_path: Path) -> None:
    rendered(session_clips, practice, tmp_path)
    player = Player(device=999)
    player.play(lambda: practice_programme(session_clips, practice, PlayChoices(minutes=MINUTES)))
    status = player.wait(WAIT)
    assert status.state is PlayerState.FAILED
    assert status.message is not None and "output device 999" in status.message
    assert "Settings" in status.message  # and what to do about it


def test_a_bad_length_fails_before_any_sound(session_clips: ClipProvider, practice: Practice, player: Player) -> None:
    player.play(lambda: practice_programme(session_clips, practice, PlayChoices(minutes=60)))
    status = player.wait(WAIT)
    assert status.state is PlayerState.FAILED
    assert status.message is not None and "can last from" in status.message
    assert player.stats.stream_opens == 0


def test_listeners_hear_state_section_and_captions_in_order(
        session_clips: ClipProvider, practice: Practice, device: Device, player: Player, tmp_path: Path) -> None:
    rendered(session_clips, practice, tmp_path)
    captions: list[str | None] = []
    finished = threading.Event()
    player.add_listener(lambda e: captions.append(e.status.sentence.text if e.status.sentence else None)
                        if e.kind is EventKind.SENTENCE else None)
    player.add_listener(lambda e: finished.set() if e.kind is EventKind.FINISHED else None)
    player.play(lambda: practice_programme(session_clips, practice, PlayChoices(minutes=MINUTES)))
    assert finished.wait(WAIT)
    spoken = [text for text in captions if text is not None]
    assert spoken == [s.text for s in practice.sentences]
    assert None in captions  # captions clear in the silences


def test_a_device_that_stops_taking_sound_pauses_where_it_was_and_plays_on_from_there(
        session_clips: ClipProvider, practice: Practice, player: Player, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Like a USB card pulled out mid-play: the "device" takes 5 s of sound, then nothing more."""
    programme = rendered(session_clips, practice, tmp_path)
    lost, again = tmp_path / "lost.raw", tmp_path / "again.raw"
    taken = 5 * MIX_RATE * 2
    monkeypatch.setenv("KINDAUDIO_TEST_AUDIO_OUT", f"|{sys.executable} {PACE} {MIX_RATE * 2 * SPEED} {lost} {taken}")
    paused = threading.Event()
    player.add_listener(lambda e: paused.set() if e.kind is EventKind.STATE
                        and e.status.state is PlayerState.PAUSED else None)
    player.play(lambda: practice_programme(session_clips, practice, PlayChoices(minutes=MINUTES)))
    assert paused.wait(WAIT)
    status = player.status()
    assert status.state is PlayerState.PAUSED
    assert status.message is not None and "the sound device stopped taking sound" in status.message
    assert "press play to go on" in status.message
    heard = after_priming(Device(lost).received(), programme)
    assert_same(heard, programme[: len(heard)])
    # The player knows where it got to: past what the device took, by no more than it had handed over.
    reached = int(round(status.position * MIX_RATE))
    assert reached % B == 0 and len(heard) <= reached <= len(heard) + 64 * 1024 // 2 + 16 * B
    assert f"Playback paused at 0:{reached // MIX_RATE:02d}" in status.message

    # A working device again: play goes on from exactly there, faded in.
    monkeypatch.setenv("KINDAUDIO_TEST_AUDIO_OUT", f"|{sys.executable} {PACE} {MIX_RATE * 2 * SPEED} {again}")
    player.resume()
    final = player.wait(WAIT)
    assert final.state is PlayerState.FINISHED, final.message
    assert player.stats.stream_opens == 2
    assert player.stats.last_fade_in_start == reached
    expected = np.concatenate([faded(programme[reached: reached + B], down=False), programme[reached + B:]])
    rest = after_priming(Device(again).received(), expected)
    assert_same(rest[: len(expected)], expected)
    assert player.stats.underruns == 0
    # Closing waits until the lost card has been let go of, so quitting never hangs on it.
    player.close()
    assert not any(thread.name == "kindaudio-close-lost-device" for thread in threading.enumerate())


def test_after_a_hold_for_the_natural_voice_the_practice_still_ends_at_the_length_chosen(
        paths: AppPaths, practice: Practice, device: Device, player: Player) -> None:
    """Late speech is waited for at a sentence's start (held silence), and the elastic pause after it
    gives that time back: the practice is as long as chosen, and the device gets exactly that."""
    with ClipProvider(paths, factories={"piper": "tests.audio.slow_engine:SlowPiperEngine"}) as clips:
        natural = PlayChoices(minutes=MINUTES, voice="piper:en_US-joe-medium")
        player.play(lambda: practice_programme(clips, practice, natural))
        status = player.wait(WAIT)
        assert clips.stats.by_engine["piper"] == len(practice.unique_sentences())
    assert status.state is PlayerState.FINISHED, status.message
    programme = player.programme
    assert programme is not None
    assert programme.held > 0 and player.stats.holds > 0  # the second sentence was waited for
    assert programme.timeline.seconds == pytest.approx(MINUTES * 60, abs=0.5)
    assert status.position == pytest.approx(MINUTES * 60, abs=0.5)
    heard = device.received()
    sounding = np.flatnonzero(heard)
    first = int(sounding[0]) - next(c.start for c in programme.timeline.clips if c.kind is not ClipKind.SILENCE)
    assert (len(heard) - first) / MIX_RATE == pytest.approx(MINUTES * 60, abs=0.5)
    assert player.stats.underruns == 0


def test_a_practice_stopped_early_leaves_no_speech_queued_for_the_next_one(
        paths: AppPaths, practice: Practice, device: Device, player: Player) -> None:
    """Stopping (or starting another practice) cancels the sentences still waiting to be made: the next
    practice's first words do not wait behind the rest of the body scan (84 sentences, about 15 s of work)."""
    from kindaudio.script.library import shipped_practices_dir

    body_scan = load_practice(shipped_practices_dir() / "compassionate-body-scan.md")
    with ClipProvider(paths) as clips:
        speaking = when(player, first_speech, lambda: None)
        natural = PlayChoices(minutes=45, voice="piper:en_US-joe-medium")
        player.play(lambda: practice_programme(clips, body_scan, natural))
        assert speaking.wait(WAIT)
        player.stop()
        made_when_stopped = clips.stats.by_engine["piper"]
        first_words: list[int] = []
        speaking_again = when(player, first_speech, lambda: first_words.append(clips.stats.by_engine["piper"]))
        natural = PlayChoices(minutes=MINUTES, voice="piper:en_US-joe-medium")
        player.play(lambda: practice_programme(clips, practice, natural))
        assert speaking_again.wait(WAIT)
        player.stop()
    assert first_words[0] - made_when_stopped <= 4  # the two places of the worker finish what they had, then ours
