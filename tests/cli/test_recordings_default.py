"""One test recording does not take over: `render` and `play` use recordings by default only when every
sentence is recorded, say how many are, and `--recordings` asks for them anyway. Real processes, real files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import soundfile

from kindaudio.audio import RECORDED_VOICE
from kindaudio.audio.format import MIX_RATE
from kindaudio.common.paths import AppPaths
from kindaudio.journal.records import SessionQuery
from kindaudio.journal.store import open_journal
from kindaudio.script.parser import load_practice
from tests.support.command import EXIT_OK, kindaudio
from tests.support.terminal import paced, two_section_practice

PRACTICE = two_section_practice("Recorded test")


def practice_with_takes(paths: AppPaths, tmp_path: Path, count: int | None) -> Path:
    """The practice on disk, with a steady tone recorded for its first `count` sentences (None: all of them)."""
    path = tmp_path / "recorded-test.md"
    path.write_text(PRACTICE, encoding="utf-8")
    folder = paths.recordings / "recorded-test"
    folder.mkdir(parents=True)
    tone = 0.2 * np.sin(np.linspace(0, 2 * np.pi * 220, MIX_RATE)).astype(np.float32)
    for sentence in load_practice(path).unique_sentences()[:count]:
        soundfile.write(folder / f"{sentence.id}.wav", tone, MIX_RATE)
    return path


def test_one_take_is_counted_but_the_computer_voice_reads_unless_asked(paths: AppPaths, tmp_path: Path) -> None:
    practice = practice_with_takes(paths, tmp_path, 1)

    plain = kindaudio("render", str(practice), "--minutes", "0.5", "-o", str(tmp_path / "plain.wav"))
    assert plain.returncode == EXIT_OK, plain.stderr
    assert ("Recordings: 1 of 2 sentences recorded; the computer voice reads it all (add --recordings to hear "
            "yours where they exist).") in plain.stdout
    assert "0 recorded" in plain.stdout

    asked = kindaudio("render", str(practice), "--minutes", "0.5", "--recordings", "-o", str(tmp_path / "own.wav"))
    assert asked.returncode == EXIT_OK, asked.stderr
    assert "Recordings: 1 of 2 sentences recorded; the computer voice reads the others." in asked.stdout
    assert "1 recorded" in asked.stdout


def test_recordings_and_tts_only_cannot_both_be_asked_for(paths: AppPaths, tmp_path: Path) -> None:
    result = kindaudio("render", str(practice_with_takes(paths, tmp_path, 1)), "--recordings", "--tts-only")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "not allowed with argument" in result.stderr


def test_a_fully_recorded_practice_plays_recorded_and_the_journal_names_the_recorded_voice(
        paths: AppPaths, tmp_path: Path) -> None:
    practice = practice_with_takes(paths, tmp_path, None)
    result = kindaudio("play", str(practice), "--minutes", "0.5",
                       env={"KINDAUDIO_TEST_AUDIO_OUT": paced(tmp_path / "play.raw", speed=4)})
    assert result.returncode == EXIT_OK, result.stderr
    assert "Recordings: 2 of 2 sentences recorded." in result.stdout
    render = kindaudio("render", str(practice), "--minutes", "0.5", "-o", str(tmp_path / "all.wav"))
    assert "Voice: your recorded voice" in render.stdout and "2 recorded" in render.stdout
    with open_journal(paths, backup=False) as journal:
        (session,) = journal.sessions(SessionQuery())
    assert session.voice == RECORDED_VOICE


def test_a_partly_recorded_practice_plays_in_the_computer_voice_and_the_journal_says_which(
        paths: AppPaths, tmp_path: Path) -> None:
    practice = practice_with_takes(paths, tmp_path, 1)
    result = kindaudio("play", str(practice), "--minutes", "0.5", "--voice", "espeak:gmw/en-us",
                       env={"KINDAUDIO_TEST_AUDIO_OUT": paced(tmp_path / "play.raw", speed=4)})
    assert result.returncode == EXIT_OK, result.stderr
    with open_journal(paths, backup=False) as journal:
        (session,) = journal.sessions(SessionQuery())
    assert session.voice == "espeak:gmw/en-us"
