"""`kindaudio render`, run as a real process: the file and what it says, bad input, template values, Ctrl-C."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from kindaudio.common.paths import AppPaths
from tests.support.command import EXIT_BAD_INPUT, EXIT_INTERRUPTED, EXIT_OK, assert_clean_failure, kindaudio


@pytest.mark.slow
def test_render_makes_a_file_of_the_shortest_length_in_the_data_folder(shared_paths: AppPaths) -> None:
    # What `make run` does.
    result = kindaudio("render", "affectionate-breathing")
    assert result.returncode == EXIT_OK, result.stderr
    target = shared_paths.renders / "affectionate-breathing-8min.wav"
    assert f"Rendered Affectionate Breathing (8:00, 480.0 s) to {target}" in result.stdout
    assert f"Captions: {target.with_suffix('.vtt')}" in result.stdout
    assert "Loudness -18.0 LUFS" in result.stdout
    assert target.stat().st_size > 480 * 22050 * 2


@pytest.mark.slow
def test_progress_is_plain_lines_when_not_on_a_terminal(shared_paths: AppPaths, tmp_path: Path) -> None:
    result = kindaudio("render", "compassionate-breathing", "--minutes", "8", "--format", "ogg", "-o", str(tmp_path))
    assert result.returncode == EXIT_OK, result.stderr
    lines = result.stderr.splitlines()
    assert "preparing speech: 100%" in lines and "mixing: 100%" in lines
    assert "\r" not in result.stderr
    assert (tmp_path / "compassionate-breathing-8min.ogg").exists()


def test_a_broken_practice_file_gets_its_place_and_exit_2(tmp_path: Path) -> None:
    broken = tmp_path / "body-scan.md"
    broken.write_text("---\ntitle: Body scan\n---\n## Start\nBreathe in.\n\n[paws 5s]\n", encoding="utf-8")
    result = kindaudio("render", str(broken))
    assert_clean_failure(result, EXIT_BAD_INPUT)
    assert result.stderr.strip() == f"{broken}:7:1: unknown mark [paws 5s]; did you mean [pause 5s]?"


def test_an_unknown_practice_suggests_the_nearest() -> None:
    result = kindaudio("render", "affectionate-breathin")
    assert_clean_failure(result, EXIT_BAD_INPUT)
    assert "there is no practice called 'affectionate-breathin'; did you mean 'affectionate-breathing'?" \
        in result.stderr


def test_a_length_out_of_reach_names_the_range() -> None:
    result = kindaudio("render", "affectionate-breathing", "--minutes", "90")
    assert_clean_failure(result, EXIT_BAD_INPUT)
    assert "Affectionate Breathing can last from 6:" in result.stderr
    assert "1:30:00 is outside that range" in result.stderr


@pytest.mark.parametrize("args, message", [
    (["--voice", "gmw/en-usa"], "there is no voice 'gmw/en-usa'; did you mean espeak:gmw/en-us"),
    (["--rate", "5"], "a speaking rate of 5 is outside 60..400"),
    (["--minutes", "-3"], "a practice lasts a positive number of minutes, not -3"),
    (["--format", "flac"], "invalid choice: 'flac'"),
    (["--set", "nonsense"], "--set takes NAME=VALUE, not 'nonsense'"),
    (["-o", "/no/such/folder/x.wav"], "/no/such/folder: no such folder"),
    (["--format", "mp3", "-o", "out.wav"], "the file name should end in .mp3"),
])
def test_bad_arguments_get_exit_2_and_a_message(args: list[str], message: str) -> None:
    result = kindaudio("render", "silent-timer", *args)
    assert_clean_failure(result, EXIT_BAD_INPUT)
    assert message in result.stderr


@pytest.mark.slow
def test_ctrl_c_during_a_render_stops_cleanly_and_leaves_no_file(paths: AppPaths) -> None:
    command = [sys.executable, "-m", "kindaudio", "render", "compassionate-body-scan", "--minutes", "45"]
    with subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True) as process:
        assert process.stderr is not None
        line = process.stderr.readline()  # "preparing speech: 0%": synthesis under way
        assert line.startswith("preparing speech")
        process.send_signal(signal.SIGINT)
        _, rest = process.communicate(timeout=120)
    assert process.returncode == EXIT_INTERRUPTED
    assert "stopped" in rest and "Traceback" not in rest
    assert not paths.renders.exists() or list(paths.renders.iterdir()) == []


TEMPLATE = """---
title: Kind phrase
variables:
  phrase: {label: "Your kind phrase", type: text, default: "May I be kind to myself"}
---
{{ phrase }}. [pause 5s..1m]
"""


@pytest.mark.slow
def test_a_template_is_rendered_with_the_values_given(tmp_path: Path) -> None:
    template = tmp_path / "kind-phrase.md"
    template.write_text(TEMPLATE, encoding="utf-8")
    result = kindaudio("render", str(template), "--set", "phrase=May I rest [gently] here", "-o", str(tmp_path))
    assert result.returncode == EXIT_OK, result.stderr
    captions = (tmp_path / "kind-phrase-1min.vtt").read_text(encoding="utf-8")
    assert "May I rest [gently] here." in captions  # spoken as words, never a mark


def test_a_value_for_an_undeclared_variable_is_refused(tmp_path: Path) -> None:
    template = tmp_path / "kind-phrase.md"
    template.write_text(TEMPLATE, encoding="utf-8")
    result = kindaudio("render", str(template), "--set", "phrse=Hello")
    assert_clean_failure(result, EXIT_BAD_INPUT)
    assert "a value was given for 'phrse', which this practice does not declare (its variables: phrase)" \
        in result.stderr


def test_captions_mark_long_silences_unless_asked_not_to(tmp_path: Path) -> None:
    practice = tmp_path / "long-rest.md"
    practice.write_text("---\ntitle: Long rest\nlengths: [1]\n---\nRest here for a while. [pause 40s..58s]\n"
                        "And gently come back.\n", encoding="utf-8")
    voice = ("--voice", "espeak:gmw/en-us")
    marked = kindaudio("render", str(practice), *voice, "-o", str(tmp_path / "marked.wav"))
    plain = kindaudio("render", str(practice), *voice, "-o", str(tmp_path / "plain.wav"), "--no-quiet-cues")
    assert marked.returncode == plain.returncode == EXIT_OK, marked.stderr + plain.stderr
    assert (tmp_path / "marked.vtt").read_text(encoding="utf-8").count("[quiet]") == 1
    captions = (tmp_path / "plain.vtt").read_text(encoding="utf-8")
    assert "[quiet]" not in captions and "And gently come back." in captions


@pytest.mark.slow
def test_bells_and_background_are_chosen_as_in_the_window(tmp_path: Path) -> None:
    import numpy as np
    import soundfile

    def render_timer(name: str, *options: str) -> tuple[np.ndarray, int]:
        target = tmp_path / f"{name}.wav"
        result = kindaudio("render", "silent-timer", "--minutes", "5", *options, "-o", str(target))
        assert result.returncode == EXIT_OK, result.stderr
        audio, rate = soundfile.read(str(target))
        return np.asarray(audio).reshape(len(audio), -1)[:, 0], rate

    plain, rate = render_timer("plain")
    bed, _ = render_timer("bed", "--ambience")
    quiet_bed, _ = render_timer("quiet-bed", "--ambience", "--no-bells")
    between_bells = slice(2 * 60 * rate, 2 * 60 * rate + 10 * rate)
    opening = slice(0, 3 * rate)

    def rms(audio: np.ndarray, span: slice) -> float:
        return float(np.sqrt(np.mean(np.square(audio[span]))))

    assert rms(plain, between_bells) < 1e-4 < rms(bed, between_bells)  # the background plays under it all
    assert rms(plain, opening) > 1e-2  # the opening bell
    assert rms(quiet_bed, opening) < rms(bed, opening) / 4  # no bell: only the background at the start
