"""`kindaudio record` driven through a pipe, and the recorded-only options of `render` and `play`.

The command runs as a person would run it, in its own process, hearing the
test card's microphone (tests/audio/microphone.py); the test types its
answers line by line once the command has asked.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest
import soundfile

from kindaudio.audio.clips.recordings import prepare_recording
from kindaudio.audio.clips.takes import recording_path
from kindaudio.audio.format import MIX_RATE
from kindaudio.cli import main
from kindaudio.common.paths import AppPaths
from kindaudio.script import load_practice
from tests.audio.microphone import RATE, Microphone, listening_microphone, speech_like

WAIT = 120  # seconds; never reached when things work
ALSA = Path(__file__).resolve().parents[1] / "alsa"
PRACTICE = """---
title: Three lines
lengths: [1]
---
## Arriving
Welcome to this short practice.

## Resting
You might let the breath be just as it is.
That is all, for now.
[pause 5s..2m]
"""


@pytest.fixture
def microphone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Microphone]:
    yield from listening_microphone(tmp_path, monkeypatch)


@pytest.fixture
def practice_file(tmp_path: Path) -> Path:
    path = tmp_path / "three-lines.md"
    path.write_text(PRACTICE, encoding="utf-8")
    return path


class Conversation:
    """A running `kindaudio` command: what it has said so far, and a way to answer it."""

    def __init__(self, *args: str, env: dict[str, str] | None = None) -> None:
        self.process = subprocess.Popen([sys.executable, "-m", "kindaudio", *args], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                        env={**os.environ, **(env or {})})
        self.said = ""
        self._read_up_to = 0
        self._changed = threading.Condition()
        self._ended = False
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        while chunk := os.read(self.process.stdout.fileno(), 4096):
            with self._changed:
                self.said += chunk.decode("utf-8", errors="replace")
                self._changed.notify_all()
        with self._changed:
            self._ended = True
            self._changed.notify_all()

    def expect(self, text: str) -> None:
        """Wait until the command says `text` (after what was expected before)."""
        with self._changed:
            found = self._changed.wait_for(lambda: text in self.said[self._read_up_to:] or self._ended, WAIT)
            where = self.said.find(text, self._read_up_to)
            assert found and where >= 0, f"never said {text!r}; it said:\n{self.said}"
            self._read_up_to = where + len(text)

    def answer(self, line: str = "") -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(f"{line}\n".encode())
        self.process.stdin.flush()

    def finish(self) -> int:
        """End the input (as Ctrl-D would) and wait for the command to end; its exit code."""
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.close()
        code = self.process.wait(WAIT)
        self._reader.join(WAIT)
        self.process.stdout.close()
        return code

    def __enter__(self) -> Conversation:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process.poll() is None:  # a failed expectation: the command is still waiting
            self.process.kill()
        self.finish()


Start = Callable[..., Conversation]


@pytest.fixture
def conversation() -> Iterator[Start]:
    """Start `kindaudio` commands to talk to; any still running at the end are stopped."""
    started: list[Conversation] = []

    def start(*args: str, env: dict[str, str] | None = None) -> Conversation:
        started.append(Conversation(*args, env=env))
        return started[-1]

    yield start
    for talk in started:
        talk.__exit__()


def paced(path: Path, speed: int = 8) -> str:
    """The test card's speakers, writing what they play to `path` at `speed` times real time."""
    return f"|{sys.executable} {ALSA / 'pace.py'} {MIX_RATE * 2 * speed} {path}"


def record_one(talk: Conversation, answer: str = "k") -> None:
    talk.expect("Enter to record")
    talk.answer()
    talk.expect("Recording... press Enter to stop.")
    talk.expect("recording 1 s")  # the plain meter, a line for each second of sound
    talk.answer()
    talk.expect("k keep · r record again · p play · s skip · d delete · q quit: ")
    talk.answer(answer)


def test_recording_two_sentences_and_skipping_one_through_a_pipe(
        conversation: Start, microphone: Microphone, practice_file: Path, paths: AppPaths) -> None:
    microphone.feed(speech_like(4.0))
    practice = load_practice(practice_file)
    first, second, third = practice.unique_sentences()
    talk = conversation("record", str(practice_file))
    talk.expect("Recording your own voice for “Three lines”: 3 sentences in all.")
    talk.expect("[1/3] Arriving · line 6")
    talk.expect("“Welcome to this short practice.”")
    record_one(talk)
    talk.expect("Kept.")
    talk.expect("[2/3] Resting · line 9")
    talk.expect("Enter to record · s skip · q quit: ")
    talk.answer("s")
    talk.expect("[3/3] Resting · line 10")
    record_one(talk)
    talk.expect("This time you kept 2 takes, skipped 1.")
    talk.expect("2 of 3 sentences recorded.")
    talk.expect("`kindaudio record three-lines --missing-only` picks up where you left off.")
    assert talk.finish() == 0

    for sentence in (first, third):
        kept = recording_path(paths, practice.id, sentence.id)
        info = soundfile.info(str(kept))
        assert (info.format, info.samplerate, info.channels) == ("FLAC", RATE, 1) and info.duration >= 1.0
        recorded, _ = soundfile.read(str(kept), dtype="int16")
        assert np.abs(recorded.astype(np.int32)).max() > 0.3 * 32768
    assert not recording_path(paths, practice.id, second.id).exists()
    assert sorted(p.name for p in (paths.recordings / practice.id).iterdir()) == sorted(
        f"{s.id}.flac" for s in (first, third))  # no takes left behind


def test_missing_only_asks_only_for_what_is_not_recorded_and_a_silent_take_is_not_kept(
        conversation: Start, microphone: Microphone, practice_file: Path, paths: AppPaths) -> None:
    practice = load_practice(practice_file)
    first, second, third = practice.unique_sentences()
    for sentence in (first, third):
        target = recording_path(paths, practice.id, sentence.id)
        target.parent.mkdir(parents=True, exist_ok=True)
        soundfile.write(str(target), speech_like(1.0), RATE, format="FLAC")
    talk = conversation("record", str(practice_file), "--missing-only")
    talk.expect("1 sentence not recorded yet.")
    talk.expect("[1/1] Resting · line 9")
    talk.expect("Enter to record")
    talk.answer()
    talk.expect("recording 1 s")  # the microphone hears nothing at all
    talk.answer()
    talk.expect("Nothing was heard in that take.")
    talk.expect("r record again · s skip · q quit: ")
    talk.answer("k")  # not on offer
    talk.expect("Please type one of r, s, q, or just press Enter.")
    talk.answer("q")
    talk.expect("Stopping here.")
    talk.expect("2 of 3 sentences recorded.")
    assert talk.finish() == 0
    assert not recording_path(paths, practice.id, second.id).exists()
    assert sorted(p.name for p in (paths.recordings / practice.id).iterdir()) == sorted(
        f"{s.id}.flac" for s in (first, third))


def test_a_take_can_be_heard_before_it_is_kept(conversation: Start, microphone: Microphone, practice_file: Path,
                                               paths: AppPaths, tmp_path: Path) -> None:
    microphone.feed(speech_like(4.0))
    heard = tmp_path / "heard.raw"
    talk = conversation("record", str(practice_file), env={"KINDAUDIO_TEST_AUDIO_OUT": paced(heard)})
    record_one(talk, "p")
    talk.expect("Playing...")
    talk.expect("k keep · r record again · p play · s skip · d delete · q quit: ")
    talk.answer("k")
    talk.expect("Kept.")
    talk.answer("q")
    assert talk.finish() == 0
    practice = load_practice(practice_file)
    kept = recording_path(paths, practice.id, practice.unique_sentences()[0].id)
    played = np.fromfile(heard, dtype="<i2")
    assert np.count_nonzero(played) / MIX_RATE == pytest.approx(prepare_recording(kept).seconds, abs=0.1)


def test_a_recording_can_be_deleted_from_the_command(conversation: Start, microphone: Microphone,
                                                     practice_file: Path, paths: AppPaths) -> None:
    practice = load_practice(practice_file)
    first = practice.unique_sentences()[0]
    target = recording_path(paths, practice.id, first.id)
    target.parent.mkdir(parents=True)
    soundfile.write(str(target), speech_like(1.0), RATE, format="FLAC")
    talk = conversation("record", str(practice_file))
    talk.expect("It has a recording already. Enter to record it again · p play it · d delete it · s skip · q quit: ")
    talk.answer("d")
    talk.expect("Its recording is deleted")
    talk.expect("[2/3]")
    talk.answer("q")
    talk.expect("This time you kept 0 takes, deleted 1 recording.")
    talk.expect("0 of 3 sentences recorded.")
    assert talk.finish() == 0
    assert not target.exists()


def test_the_end_of_the_input_stops_kindly_and_keeps_nothing_half_done(
        conversation: Start, microphone: Microphone, practice_file: Path, paths: AppPaths) -> None:
    microphone.feed(speech_like(4.0))
    talk = conversation("record", str(practice_file))
    talk.expect("Enter to record")
    talk.answer()
    talk.expect("recording 1 s")
    assert talk.finish() == 0  # the input ends while recording
    assert "Stopping here." in talk.said and "0 of 3 sentences recorded." in talk.said
    assert not paths.recordings.exists() or not any(p.is_file() for p in paths.recordings.rglob("*"))


def test_recording_without_any_sound_input_says_so_clearly(practice_file: Path) -> None:
    broken = {"ALSA_CONFIG_PATH": f"/usr/share/alsa/alsa.conf:{ALSA / 'broken.conf'}"}
    result = subprocess.run([sys.executable, "-m", "kindaudio", "record", str(practice_file)], capture_output=True,
                            text=True, timeout=WAIT, env={**os.environ, **broken}, stdin=subprocess.DEVNULL)
    assert result.returncode == 2
    assert "no microphone or other sound input was found" in result.stderr
    assert "Check that a microphone is connected" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_an_unknown_input_device_is_refused_naming_the_inputs(practice_file: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["record", str(practice_file), "--device", "studio mic"]) == 2
    assert "no input device is called 'studio mic'; the input devices are: 0: default" in capsys.readouterr().err


def test_a_template_is_not_recorded(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    template = tmp_path / "kind-phrase.md"
    template.write_text('---\ntitle: Kind phrase\nvariables:\n  phrase: {label: "Your phrase", type: text, '
                        'default: "May I be kind to myself."}\n---\n{{ phrase }}\n', encoding="utf-8")
    assert main(["record", str(template)]) == 2
    assert "Kind phrase is a template" in capsys.readouterr().err


def test_render_recorded_only_refuses_a_practice_with_unrecorded_lines(
        practice_file: Path, paths: AppPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    practice = load_practice(practice_file)
    target = recording_path(paths, practice.id, practice.unique_sentences()[1].id)
    target.parent.mkdir(parents=True)
    soundfile.write(str(target), speech_like(1.0), RATE, format="FLAC")
    assert main(["render", str(practice_file), "--recorded-only", "-o", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "Three lines cannot play in the recorded voice alone yet: 2 of its 3 sentences have no recording" in err
    assert "three-lines.md:6: “Welcome to this short practice.”" in err
    assert "three-lines.md:10: “That is all, for now.”" in err
    assert "kindaudio record three-lines --missing-only" in err
    assert not list(tmp_path.glob("*.wav"))
    assert main(["play", str(practice_file), "--recorded-only", "--no-checkin"]) == 2
    assert "2 of its 3 sentences have no recording" in capsys.readouterr().err


def test_render_recorded_only_renders_a_fully_recorded_practice_in_that_voice(
        practice_file: Path, paths: AppPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    practice = load_practice(practice_file)
    for number, sentence in enumerate(practice.unique_sentences()):
        target = recording_path(paths, practice.id, sentence.id)
        target.parent.mkdir(parents=True, exist_ok=True)
        soundfile.write(str(target), speech_like(1.0 + number / 2), RATE, format="FLAC")
    assert main(["render", str(practice_file), "--recorded-only", "-o", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "0 sentences synthesised, 0 from the cache, 3 recorded" in out
    rendered = tmp_path / "three-lines-1min.wav"
    assert soundfile.info(str(rendered)).duration == pytest.approx(60.0)


def test_the_microphone_chosen_in_the_window_is_used_or_its_absence_said(
        conversation: Start, microphone: Microphone, practice_file: Path, paths: AppPaths) -> None:
    from kindaudio.common.settings import Settings, save_settings

    save_settings(paths, Settings(input_device="A USB microphone that is not plugged in"))
    microphone.feed(speech_like(2.0))
    talk = conversation("record", str(practice_file))
    talk.expect("The microphone chosen in the settings, A USB microphone that is not plugged in, is not connected "
                "now; using the usual one.")
    talk.expect("[1/3] Arriving · line 6")
    record_one(talk)
    talk.expect("Kept.")
    talk.answer("q")
    talk.finish()
    practice = load_practice(practice_file)
    assert recording_path(paths, practice.id, practice.unique_sentences()[0].id).exists()
