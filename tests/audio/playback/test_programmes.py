"""What the player is handed: a line on its own, and the estimated layout "Read script" shows."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from kindaudio.audio.choices import PlayChoices, speech_settings
from kindaudio.audio.clips.provider import ClipProvider
from kindaudio.audio.format import MIX_RATE
from kindaudio.audio.mixing.timeline import ClipKind, length_range
from kindaudio.audio.playback.programmes import estimated_timeline, practice_programme, sentence_programme
from kindaudio.script import load_practice
from kindaudio.script.library import shipped_practices_dir


def test_a_single_line_plays_exactly_its_speech(session_clips: ClipProvider, tmp_path: Path) -> None:
    practice = load_practice(shipped_practices_dir() / "affectionate-breathing.md")
    sentence = practice.sentences[3]
    programme = sentence_programme(session_clips, practice, sentence)
    timeline = programme.timeline
    assert [clip.kind for clip in timeline.clips] == [ClipKind.SPEECH]
    assert timeline.clips[0].sentence == sentence
    speech = programme.ready[sentence.id]
    assert timeline.length == speech.n_samples
    block = np.zeros(timeline.length, dtype=np.float32)
    assert programme.mix_into(block, 0)
    assert np.abs(block).max() > 0.05  # it is the line, audible
    assert programme.complete and programme.waiting_at(0, timeline.length) is None


def test_the_estimated_layout_meets_the_length_and_keeps_every_line_in_order() -> None:
    practice = load_practice(shipped_practices_dir() / "compassionate-body-scan.md")
    timeline = estimated_timeline(practice, 45)
    assert timeline.seconds == pytest.approx(45 * 60, abs=0.5)
    spoken = [clip.sentence for clip in timeline.clips if clip.kind is ClipKind.SPEECH]
    assert spoken == list(practice.sentences)
    assert [span.title for span in timeline.sections] == [section.title for section in practice.sections]
    short = estimated_timeline(practice, 10)
    assert short.seconds == pytest.approx(600, abs=0.5) and short.length < timeline.length
    assert estimated_timeline(practice).seconds == pytest.approx(practice.lengths[0] * 60, abs=0.5)
    slow = estimated_timeline(practice, 10, rate=practice.pace.rate * 7 // 8)
    first = next(clip for clip in short.clips if clip.kind is ClipKind.SPEECH)
    assert next(clip for clip in slow.clips if clip.kind is ClipKind.SPEECH).length > first.length
    assert first.start_seconds == pytest.approx(first.start / MIX_RATE)


def test_with_bells_off_the_bell_keeps_its_place_but_makes_no_sound(
        session_clips: ClipProvider, write_practice) -> None:
    practice = load_practice(write_practice("## One\n[bell]\n[pause 5s..30s]\nAnd breathe.\n"))
    heard = {}
    for bells in (True, False):
        programme = practice_programme(session_clips, practice, PlayChoices(minutes=0.5, bells=bells))
        while not programme.complete:
            programme.update(0)
        out = np.zeros(programme.timeline.length, dtype=np.float32)
        programme.mix_into(out, 0)
        bell = next(clip for clip in programme.timeline.clips if clip.kind is ClipKind.BELL)
        speech = programme.timeline.speech[0]
        heard[bells] = (np.abs(out[bell.start: speech.start]).max(), np.abs(out[speech.start: speech.end]).max(),
                        bell.start, speech.start)
    assert heard[True][0] > 0.05 and heard[False][0] == 0.0  # the bell, then none
    assert heard[True][2:] == heard[False][2:]  # the same timing
    assert heard[False][1] > 0.05  # and the words still there


def test_a_length_its_real_speech_cannot_reach_is_played_as_nearly_as_it_can_be(
        session_clips: ClipProvider, write_practice) -> None:
    """The page offered the length from estimated speech; the voice, once made, is a little quicker."""
    practice = load_practice(write_practice("## One\nYou might rest here. [pause 2s..50s]\nAnd breathe.\n"))
    for future in session_clips.prepare(practice, speech_settings(session_clips, practice, PlayChoices())).values():
        future.result(timeout=60)  # every sentence made: the layout uses the real lengths
    programme = practice_programme(session_clips, practice, PlayChoices(minutes=1))
    reach = length_range(practice, {key: info.n_samples for key, info in programme.ready.items()})
    assert 54 < reach.longest < 60  # a little short of the minute: within a tenth of it
    assert programme.complete and programme.timeline.seconds == pytest.approx(reach.longest, abs=0.05)
    assert programme.seconds == programme.timeline.seconds  # later refits aim there too


def test_a_practice_played_before_is_the_wav_render_wherever_the_listener_seeks(
        session_clips: ClipProvider, write_practice, tmp_path: Path) -> None:
    """Its speech all in the cache, the programme takes a WAV render's levels (the ambience's too) and keeps
    the render's timeline through the refits a seek asks for: sample for sample the file, from anywhere."""
    import soundfile

    from kindaudio.audio.files.render import RenderRequest, render
    from kindaudio.audio.format import to_int16

    practice = load_practice(write_practice("## One\n[bell]\nArrive here, just as you are.\n[pause 5s..40s]\n"
                                            "## Two\nLet the breath come and go.\n[pause 2s..20s]\n[bell 2]\n"))
    choices = PlayChoices(minutes=1, ambience=True)
    result = render(RenderRequest(practice, choices, output=tmp_path / "practice.wav"), session_clips)
    exported, _ = soundfile.read(result.audio, dtype="int16")
    programme = practice_programme(session_clips, practice, choices)
    levels = programme.levels
    assert levels is not None and levels.gain_db == result.levels.gain_db
    assert levels.bed_gain == result.levels.bed_gain < 1.0  # lowered under the gate, as in the file
    assert np.array_equal(levels.envelope.cells, result.levels.envelope.cells)
    timeline = programme.timeline
    assert timeline == result.timeline
    pause = next(clip for clip in timeline.clips if clip.elastic)
    for seek in (0, pause.start + 12345, timeline.clips[-1].start, timeline.length - 1):
        programme.refit(seek)
        assert programme.timeline is timeline
        out = np.empty(timeline.length - seek, dtype=np.float32)
        programme.mix_into(out, seek)
        assert np.array_equal(to_int16(out), exported[seek:])
