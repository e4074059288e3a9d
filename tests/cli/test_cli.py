"""The `kindaudio` command, run as a real process: output, messages and exit codes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from kindaudio.common.paths import AppPaths

EXIT_OK, EXIT_FAILURE, EXIT_BAD_INPUT, EXIT_INTERRUPTED = 0, 1, 2, 130


def kindaudio(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kindaudio", *args], capture_output=True, text=True,
                          timeout=timeout, env=os.environ.copy())


def assert_clean_failure(result: subprocess.CompletedProcess[str], code: int) -> None:
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr


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


def test_check_reports_every_mistake_in_a_file(tmp_path: Path) -> None:
    broken = tmp_path / "two.md"
    broken.write_text("---\ntitle: Two\nlenghts: [5]\n---\nHello. [pause 2m..20s]\n", encoding="utf-8")
    result = kindaudio("check", str(broken))
    assert_clean_failure(result, EXIT_BAD_INPUT)
    assert result.stderr.splitlines() == [
        f"{broken}:3:1: unknown key 'lenghts'; did you mean 'lengths'?",
        f"{broken}:5:15: the elastic pause's minimum 2m is longer than its maximum 20s; write the shorter one first",
    ]


def test_check_accepts_a_good_file(tmp_path: Path) -> None:
    good = tmp_path / "good.md"
    good.write_text("---\ntitle: Good\n---\nHello there. [pause 5s..1m]\n", encoding="utf-8")
    result = kindaudio("check", str(good))
    assert result.returncode == EXIT_OK
    assert result.stdout.startswith(f"{good}: ok: Good, 1 sections, 1 sentences, about ")


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


def test_debug_shows_the_traceback_of_an_error() -> None:
    result = kindaudio("--debug", "render", "silent-timer", "--voice", "nope")
    assert result.returncode == EXIT_BAD_INPUT
    assert "Traceback" in result.stderr and "there is no voice 'nope'" in result.stderr


def test_list_shows_the_practices_with_their_lengths_and_range(paths: AppPaths) -> None:
    paths.practices.mkdir(parents=True)
    (paths.practices / "evening.md").write_text("---\ntitle: Evening\n---\nGood evening. [pause 5s..5m]\n")
    (paths.practices / "broken.md").write_text("no front matter\n")
    result = kindaudio("list")
    assert result.returncode == EXIT_OK
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["ID", "TITLE", "LENGTHS", "(MIN)", "REACHABLE", "(ESTIMATED)", "FROM"]
    body = "\n".join(lines[1:])
    for practice_id in ("affectionate-breathing", "compassionate-body-scan", "compassionate-breathing",
                        "silent-timer", "evening"):
        assert practice_id in body
    assert "10, 20, 30, 45" in body
    assert f"{paths.practices / 'broken.md'}: cannot be read:" in result.stderr


def test_voices_lists_the_engine_voices_and_marks_the_default() -> None:
    result = kindaudio("voices", "--language", "en")  # the tests' default: KINDAUDIO_VOICE=espeak:gmw/en-us
    assert result.returncode == EXIT_OK
    assert "* espeak:gmw/en-us" in result.stdout
    assert "espeak:gmw/en-gb-x-rp" in result.stdout
    assert "zlw/pl" not in result.stdout


def test_check_says_what_works_and_what_to_do_about_the_rest(paths: AppPaths) -> None:
    result = kindaudio("check")
    lines = result.stdout.splitlines()
    assert any(line.startswith("ok  basic voices") and "espeak-ng" in line for line in lines)
    assert any(line.startswith("ok  natural voice") and "piper:en_US-joe-medium" in line for line in lines)
    assert any(line.startswith("ok  export formats") and "WAV, MP3, OGG" in line for line in lines)
    assert any(line.startswith("ok  folders") and str(paths.data) in line for line in lines)
    assert any(line.startswith("ok  practices") and "4 shipped" in line for line in lines)
    audio = next(line for line in lines if "audio output" in line)
    if audio.startswith("NO "):  # a machine without a sound card, as in CI
        assert result.returncode == EXIT_FAILURE
        assert "to fix:" in result.stdout
    else:
        assert result.returncode == EXIT_OK


def test_no_command_opens_the_window_and_without_a_screen_says_what_to_do_instead() -> None:
    no_screen = {key: value for key, value in os.environ.items()
                 if key not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    for args in ((), ("window",)):
        result = subprocess.run([sys.executable, "-m", "kindaudio", *args], capture_output=True, text=True,
                                timeout=120, env=no_screen)
        assert_clean_failure(result, EXIT_FAILURE)
        assert "no screen was found" in result.stderr and "kindaudio play affectionate-breathing" in result.stderr


def test_help_lists_the_commands() -> None:
    result = kindaudio("--help")
    assert result.returncode == EXIT_OK
    assert all(command in result.stdout for command in ("window", "render", "play", "timer", "check"))


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


def test_a_reader_that_stops_early_is_no_error() -> None:
    """`kindaudio list | head -1`: the pipe closes before the list is written."""
    process = subprocess.Popen([sys.executable, "-m", "kindaudio", "list"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # long before the child has imported anything, let alone printed
    errors = process.stderr.read()
    process.stderr.close()
    assert process.wait(60) == 0
    assert errors == ""
