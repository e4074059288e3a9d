"""`kindaudio play` and `kindaudio timer`, run as real processes: their options, and each session kept in the journal.

How playing looks and answers keys at a terminal is tests/cli/test_terminal_player.py.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from kindaudio.audio.format import MIX_RATE
from kindaudio.common.paths import AppPaths
from kindaudio.journal.records import Moment, Mood, SessionKind, SessionQuery, SessionRecord, SessionStatus
from kindaudio.journal.store import open_journal
from tests.support.command import EXIT_INTERRUPTED, EXIT_OK, kindaudio
from tests.support.journal import fill
from tests.support.terminal import Terminal, paced

DEVICE_BUFFER = 3.0  # seconds of sound between the player and the test device's file

PRACTICE = """---
title: Journal test
pace: {rate: 170, sentence_gap: 0.5s, paragraph_gap: 1s, section_gap: 1s}
---
## Arriving
Here we begin.
[pause 2s..30s]
## Resting
Resting here.
[pause 2s..30s]
## Closing
And here we end.
[pause 2s..60s]
"""


def only_session(paths: AppPaths) -> SessionRecord:
    with open_journal(paths, backup=False) as journal:
        (session,) = journal.sessions(SessionQuery())
    return session


def test_timer_command_checks_its_numbers() -> None:
    result = kindaudio("timer", "--minutes", "20", "--interval", "25")
    assert result.returncode == 2
    assert "does not fit in a 20-minute sit" in result.stderr and "Traceback" not in result.stderr
    result = kindaudio("timer", "--minutes", "20", "--at", "5,x")
    assert result.returncode == 2 and "--at takes minutes separated by commas" in result.stderr


def test_an_unknown_device_lists_the_ones_there_are() -> None:
    result = kindaudio("timer", "--minutes", "1", "--device", "speakers in the attic")
    assert result.returncode == 2
    assert "no output device is called 'speakers in the attic'" in result.stderr
    assert "0: default (ALSA)" in result.stderr


def test_play_to_the_end_is_a_completed_session_with_all_of_it_heard(paths: AppPaths, tmp_path: Path) -> None:
    practice = tmp_path / "journal-test.md"
    practice.write_text(PRACTICE, encoding="utf-8")
    result = kindaudio("play", str(practice), "--minutes", "0.5",
                       env={"KINDAUDIO_TEST_AUDIO_OUT": paced(tmp_path / "play.raw", speed=4)})
    assert result.returncode == EXIT_OK, result.stderr
    assert "How do you feel" not in result.stdout  # no terminal, no check-in
    session = only_session(paths)
    assert session.status is SessionStatus.COMPLETED and session.kind is SessionKind.APP
    assert (session.practice_id, session.title, session.chosen_seconds) == ("journal-test", "Journal test", 30)
    assert session.content_hash and session.ended_at is not None
    assert session.listened_seconds == pytest.approx(30.0, abs=1.0)
    assert session.before is None and session.after is None


def test_the_silent_timer_is_kept_in_the_journal_as_the_window_keeps_it(paths: AppPaths, tmp_path: Path) -> None:
    result = kindaudio("timer", "--minutes", "1", "--no-checkin",
                       env={"KINDAUDIO_TEST_AUDIO_OUT": paced(tmp_path / "timer.raw", speed=8)})
    assert result.returncode == EXIT_OK, result.stderr
    session = only_session(paths)
    assert (session.practice_id, session.title, session.chosen_seconds) == ("silent-timer", "Silent timer, 1 min", 60)
    assert session.status is SessionStatus.COMPLETED
    assert session.listened_seconds >= 60.0  # the sitting time, and the closing bell ringing out after it


def test_quitting_with_q_is_stopped_early_and_the_check_in_is_offered_after(paths: AppPaths, tmp_path: Path) -> None:
    practice = tmp_path / "journal-test.md"
    practice.write_text(PRACTICE, encoding="utf-8")
    terminal = Terminal(["play", str(practice), "--minutes", "1"],
                        {"KINDAUDIO_TEST_AUDIO_OUT": paced(tmp_path / "q.raw", speed=2),
                         "KINDAUDIO_HOME": str(paths.data.parent)})
    try:
        at = terminal.read_until("Resting here.")
        terminal.type("q")
        at = terminal.read_until("How do you feel, from 1 to 7?", at)
        terminal.type("2\n")
        at = terminal.read_until("Feelings, separated by commas", at)
        terminal.type("restless\n")
        at = terminal.read_until("Did difficult feelings come up?", at)
        terminal.type("\n")
        at = terminal.read_until("A note", at)
        terminal.type("stopped because the phone rang\n")
        at = terminal.read_until("Include this note in reports for your therapist?", at)
        terminal.type("n\n")
        terminal.read_until("Saved in your journal.", at)
    finally:
        code = terminal.close()
    assert code == EXIT_OK
    session = only_session(paths)
    assert session.status is SessionStatus.STOPPED_EARLY
    assert 2 < session.listened_seconds < 50
    assert session.after is not None and session.after.moment is Moment.AFTER
    assert session.after.mood == Mood(-2, ("restless",), note="stopped because the phone rang")


def test_a_check_in_before_is_kept_with_the_session_and_no_checkin_means_none_after(paths: AppPaths,
                                                                                    tmp_path: Path) -> None:
    practice = tmp_path / "journal-test.md"
    practice.write_text(PRACTICE, encoding="utf-8")
    terminal = Terminal(["play", str(practice), "--minutes", "0.5", "--checkin-before", "--no-checkin"],
                        {"KINDAUDIO_TEST_AUDIO_OUT": paced(tmp_path / "b.raw", speed=10),
                         "KINDAUDIO_HOME": str(paths.data.parent)})
    try:
        at = terminal.read_until("Before you begin, a moment to notice how you are.")
        terminal.type("\n")  # Enter: skip it
        at = terminal.read_until("Finished: Journal test", at)
    finally:
        code = terminal.close()
    assert code == EXIT_OK
    assert "How do you feel" not in terminal.screen[at:]
    session = only_session(paths)
    assert session.status is SessionStatus.COMPLETED and session.before is None and session.after is None


def test_ctrl_c_fades_is_stopped_early_with_what_was_heard_and_offers_the_check_in_after(
        paths: AppPaths, tmp_path: Path) -> None:
    practice = tmp_path / "journal-test.md"
    practice.write_text(PRACTICE, encoding="utf-8")
    terminal = Terminal(["play", str(practice), "--minutes", "1", "--checkin-before"],
                        {"KINDAUDIO_TEST_AUDIO_OUT": paced(tmp_path / "c.raw", speed=2),
                         "KINDAUDIO_HOME": str(paths.data.parent)})
    try:
        at = terminal.read_until("How do you feel, from 1 to 7?")
        terminal.type("3\n\n\n\n")  # slightly unpleasant; no feelings, not difficult, no note
        at = terminal.read_until("Resting here.", at)
        terminal.type("\x03")
        at = terminal.read_until("stopped", at)
        at = terminal.read_until("How do you feel, from 1 to 7?", at)
        terminal.type("1\n\ny\n\n")  # very unpleasant, difficult feelings came up
        at = terminal.read_until("Saved in your journal.", at)
        terminal.read_until("kindaudio support", at)  # where more support is
    finally:
        code = terminal.close()
    assert code == EXIT_OK
    session = only_session(paths)
    assert session.status is SessionStatus.STOPPED_EARLY and 2 < session.listened_seconds < 50
    assert session.before is not None and session.before.mood == Mood(-1)
    assert session.after is not None and session.after.mood == Mood(-3, difficult=True)


def test_ctrl_c_without_a_terminal_still_ends_the_command_as_interrupted(paths: AppPaths, tmp_path: Path) -> None:
    practice = tmp_path / "journal-test.md"
    practice.write_text(PRACTICE, encoding="utf-8")
    env = {**os.environ, "KINDAUDIO_TEST_AUDIO_OUT": paced(tmp_path / "i.raw", speed=2),
           "KINDAUDIO_HOME": str(paths.data.parent)}
    process = subprocess.Popen([sys.executable, "-m", "kindaudio", "play", str(practice), "--minutes", "1"],
                               stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env=env)
    assert process.stdout is not None
    for line in process.stdout:  # a line per section without a terminal
        if line.rstrip().endswith("Resting"):
            break
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert process.returncode == EXIT_INTERRUPTED, err
    assert "How do you feel" not in out and "Traceback" not in err  # nothing to ask without a terminal
    assert only_session(paths).status is SessionStatus.STOPPED_EARLY


def test_a_killed_play_is_interrupted_at_next_start_at_most_30_s_behind_and_nothing_else_changes(
        paths: AppPaths, tmp_path: Path) -> None:
    fill(paths)
    practice = tmp_path / "journal-test.md"
    practice.write_text(PRACTICE, encoding="utf-8")
    received = tmp_path / "killed.raw"

    def rows() -> dict[str, list[tuple[object, ...]]]:
        raw = sqlite3.connect(paths.journal)
        try:
            return {table: sorted(raw.execute(f"SELECT * FROM {table}")) for table in ("sessions", "check_ins")}
        finally:
            raw.close()

    others = rows()
    command = [sys.executable, "-m", "kindaudio", "play", str(practice), "--minutes", "2"]
    env = {**os.environ, "KINDAUDIO_TEST_AUDIO_OUT": paced(received, speed=10)}
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                          text=True, env=env, start_new_session=True) as player:
        try:
            assert player.stdout is not None
            for line in player.stdout:  # one line per section, at the position it was reached
                if line.endswith("  Closing\n"):
                    break
            else:
                stderr = player.stderr.read() if player.stderr else ""
                pytest.fail(f"the practice never reached its last section: {stderr}")
            os.kill(player.pid, signal.SIGKILL)
            player.wait(60)
        finally:
            if player.poll() is None:
                os.killpg(player.pid, signal.SIGKILL)
    assert player.returncode == -signal.SIGKILL
    # What reached the "device" (mono, 16-bit); the player counts what it handed to ALSA, which may be
    # up to a buffer ahead of what came through the pipe before the kill.
    played = np.fromfile(received, dtype="<i2").size / MIX_RATE
    minutes, seconds = line.split()[0].split(":")
    assert played + DEVICE_BUFFER >= int(minutes) * 60 + int(seconds) > 40

    with open_journal(paths, backup=False) as journal:
        killed = journal.sessions(SessionQuery(practice_id="journal-test"))
    (session,) = killed
    assert session.status is SessionStatus.INTERRUPTED
    assert played - 30 <= session.listened_seconds <= played + DEVICE_BUFFER
    after = rows()
    assert [row for row in after["sessions"] if row[0] != session.id] == others["sessions"]
    assert after["check_ins"] == others["check_ins"]
