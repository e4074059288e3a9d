"""The journal from the command line, run as real processes: history, export, checkin, and play's session log."""

from __future__ import annotations

import csv
import io
import os
import signal
import sqlite3
import stat
import subprocess
import sys
from datetime import date, datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from kindaudio.audio.format import MIX_RATE
from kindaudio.cli.checkin_prompt import CheckInPrompt
from kindaudio.journal.records import Moment, Mood, SessionKind, SessionQuery, SessionRecord, SessionStatus
from kindaudio.journal.store import open_journal
from kindaudio.common.paths import AppPaths
from tests.cli.test_terminal_player import Terminal, paced

EXIT_OK, EXIT_FAILURE, EXIT_BAD_INPUT, EXIT_INTERRUPTED = 0, 1, 2, 130
DEVICE_BUFFER = 3.0  # seconds of sound between the player and the test device's file


def kindaudio(*args: str, stdin: str | None = None, env: dict[str, str] | None = None,
              ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kindaudio", *args], capture_output=True, text=True, timeout=300,
                          input=stdin, stdin=None if stdin is not None else subprocess.DEVNULL,
                          env={**os.environ, "TZ": "America/New_York", **(env or {})})


def assert_clean_failure(result: subprocess.CompletedProcess[str], code: int) -> None:
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr


def fill(paths: AppPaths) -> None:
    """A session with both check-ins, practice logged by hand and a check-in on its own: May 2024, New York."""
    clock = [datetime(2024, 5, 13, 12, 0, tzinfo=timezone.utc)]
    with open_journal(paths, tz=ZoneInfo("America/New_York"), now=lambda: clock[0], backup=False) as journal:
        session = journal.start_session(practice_id="affectionate-breathing", title="Affectionate Breathing",
                                        content_hash="h", chosen_seconds=900, voice=None)
        journal.add_check_in(Mood(-1, ("tired",), note="shared note", share_note=True), moment=Moment.BEFORE,
                             session_id=session)
        clock[0] = datetime(2024, 5, 13, 12, 15, tzinfo=timezone.utc)
        journal.end_session(session, 900.0, SessionStatus.COMPLETED)
        journal.add_check_in(Mood(2, ("calm",), note="private note"), moment=Moment.AFTER, session_id=session)
        clock[0] = datetime(2024, 5, 20, 12, 0, tzinfo=timezone.utc)
        journal.log_outside_practice(day=date(2024, 5, 15), minutes=20, what="walking practice")
        journal.add_check_in(Mood(0, note="on its own"), moment=Moment.STANDALONE,
                             at=datetime(2024, 5, 16, 1, 0, tzinfo=timezone.utc))


# -- history --------------------------------------------------------------------------------------


def test_history_is_a_table_in_local_time_oldest_first(paths: AppPaths) -> None:
    fill(paths)
    result = kindaudio("history")
    assert result.returncode == EXIT_OK, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["WHEN", "PRACTICE", "MINUTES", "STATUS", "MOOD", "BEFORE", "→", "AFTER"]
    assert lines[1].split() == ["2024-05-13", "08:00", "Affectionate", "Breathing", "15", "completed",
                                "-1", "→", "+2"]
    assert lines[2].split() == ["2024-05-15", "12:00", "walking", "practice", "(logged)", "20", "completed",
                                "–", "→", "–"]
    assert lines[3].split() == ["2024-05-15", "21:00", "(a", "check-in", "on", "its", "own)", "0"]  # 01:00 UTC
    assert "2 sessions, 35 minutes listened." in result.stdout


def test_history_since_a_day_and_as_csv_with_every_note(paths: AppPaths) -> None:
    fill(paths)
    result = kindaudio("history", "--since", "2024-05-14")
    assert result.returncode == EXIT_OK
    assert "Affectionate Breathing" not in result.stdout and "walking practice" in result.stdout
    result = kindaudio("history", "--csv")
    assert result.returncode == EXIT_OK, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    assert [row["row"] for row in rows] == ["session", "session", "check-in"]
    assert rows[0]["started_at"] == "2024-05-13T12:00:00Z"
    assert (rows[0]["before_note"], rows[0]["after_note"]) == ("shared note", "private note")  # your own copy


def test_history_of_an_empty_journal_says_so_gently() -> None:
    result = kindaudio("history")
    assert result.returncode == EXIT_OK
    assert result.stdout.strip() == "Your journal is empty so far. Sessions you play are kept here."


@pytest.mark.parametrize("args, message", [
    (["history", "--since", "13/05/2024"], "argument --since: '13/05/2024' is not a date; write it as YYYY-MM-DD"),
    (["history", "--since", "2024-02-30"], "argument --since: '2024-02-30' is not a date"),
    (["export", "--format", "csv", "--from", "yesterday", "-o", "x.csv"], "argument --from: 'yesterday' is not a date"),
    (["export", "--format", "csv", "--from", "2024-05-01", "--to", "2024-5-9", "-o", "x.csv"],
     "argument --to: '2024-5-9' is not a date"),
    (["export", "--format", "xml", "--from", "2024-05-01", "-o", "x.xml"], "invalid choice: 'xml'"),
    (["checkin", "--note", "hello"], "--feeling, --difficult, --note and --share-note go with --valence"),
    (["checkin", "--valence", "5"], "The mood must be from -3 (very unpleasant) to 3 (very pleasant), not 5."),
])
def test_bad_dates_and_values_get_exit_2_and_name_what_was_wrong(args: list[str], message: str) -> None:
    result = kindaudio(*args)
    assert_clean_failure(result, EXIT_BAD_INPUT)
    assert message in result.stderr


def test_an_unreadable_journal_is_named_and_left_alone(paths: AppPaths) -> None:
    paths.data.mkdir(parents=True)
    paths.journal.write_bytes(b"not a database at all " * 100)
    for args in (["history"], ["checkin", "--valence", "1"], ["export", "--format", "csv", "--from", "2024-01-01",
                                                              "-o", str(paths.data / "x.csv")]):
        result = kindaudio(*args)
        assert_clean_failure(result, EXIT_FAILURE)
        assert f"Your practice journal at {paths.journal} could not be read. Nothing in it was changed." \
            in result.stderr
    assert paths.journal.read_bytes() == b"not a database at all " * 100
    assert not (paths.data / "x.csv").exists()


def test_a_journal_from_a_newer_kindaudio_is_refused_with_what_to_do(paths: AppPaths) -> None:
    fill(paths)
    raw = sqlite3.connect(paths.journal)
    with raw:
        raw.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    raw.close()
    result = kindaudio("history")
    assert_clean_failure(result, EXIT_FAILURE)
    assert str(paths.journal) in result.stderr and "update KindAudio" in result.stderr


# -- export ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt, suffix, start", [("csv", ".csv", b"row,session_id"), ("fhir", ".json", b"{"),
                                                ("pdf", ".pdf", b"%PDF-")])
def test_export_writes_a_private_file_for_the_range(paths: AppPaths, tmp_path: Path, fmt: str, suffix: str,
                                                    start: bytes) -> None:
    fill(paths)
    target = tmp_path / f"for-my-therapist{suffix}"
    result = kindaudio("export", "--format", fmt, "--from", "2024-05-01", "--to", "2024-05-31", "-o", str(target))
    assert result.returncode == EXIT_OK, result.stderr
    assert result.stdout.splitlines() == [
        f"Exported your journal from 2024-05-01 to 2024-05-31 to {target}",
        "It holds private health information: share it only with people you choose."]
    assert target.read_bytes().startswith(start)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_export_into_a_folder_names_the_file_and_never_replaces_one_unasked(paths: AppPaths, tmp_path: Path) -> None:
    fill(paths)
    args = ["export", "--format", "csv", "--from", "2024-05-01", "--to", "2024-05-31", "-o", str(tmp_path)]
    assert kindaudio(*args).returncode == EXIT_OK
    written = tmp_path / "kindaudio-journal-2024-05-01-to-2024-05-31.csv"
    assert "shared note" in written.read_text(encoding="utf-8")
    written.write_text("an older export", encoding="utf-8")
    again = kindaudio(*args)
    assert_clean_failure(again, EXIT_BAD_INPUT)
    assert f"{written} is already there; nothing was changed" in again.stderr and "--force" in again.stderr
    assert written.read_text(encoding="utf-8") == "an older export"
    assert kindaudio(*args, "--force", "--notes", "none").returncode == EXIT_OK
    text = written.read_text(encoding="utf-8")
    assert text.startswith("row,") and "shared note" not in text


def test_export_notes_choice(paths: AppPaths, tmp_path: Path) -> None:
    fill(paths)
    target = tmp_path / "all.csv"
    assert kindaudio("export", "--format", "csv", "--from", "2024-05-01", "--to", "2024-05-31", "--notes", "all",
                     "-o", str(target)).returncode == EXIT_OK
    text = target.read_text(encoding="utf-8")
    assert "shared note" in text and "private note" in text


def test_export_refuses_a_backwards_range_and_a_missing_folder(paths: AppPaths, tmp_path: Path) -> None:
    result = kindaudio("export", "--format", "pdf", "--from", "2024-05-31", "--to", "2024-05-01",
                       "-o", str(tmp_path / "r.pdf"))
    assert_clean_failure(result, EXIT_BAD_INPUT)
    assert "The export would run from 2024-05-31 back to 2024-05-01." in result.stderr
    result = kindaudio("export", "--format", "pdf", "--from", "2024-05-01", "-o", str(tmp_path / "nope" / "r.pdf"))
    assert_clean_failure(result, EXIT_BAD_INPUT)
    assert f"{tmp_path / 'nope'}: no such folder." in result.stderr
    assert list(tmp_path.glob("**/*.pdf")) == []


# -- checkin --------------------------------------------------------------------------------------


def test_checkin_with_flags_saves_a_check_in_on_its_own(paths: AppPaths) -> None:
    result = kindaudio("checkin", "--valence", "-2", "--feeling", "tired", "--feeling", "heavy", "--difficult",
                       "--note", "a long day", "--share-note")
    assert result.returncode == EXIT_OK, result.stderr
    assert "Saved in your journal." in result.stdout
    with open_journal(paths, backup=False) as journal:
        (check_in,) = journal.check_ins()
    assert check_in.moment is Moment.STANDALONE and check_in.session_id is None
    assert check_in.mood == Mood(-2, ("tired", "heavy"), difficult=True, note="a long day", share_note=True)


def test_checkin_asks_each_question_and_saves_the_answers(paths: AppPaths) -> None:
    result = kindaudio("checkin", stdin="6\ncalm, warm ,,\ny\nsofter than yesterday\ny\n")
    assert result.returncode == EXIT_OK, result.stderr
    assert "7  Very pleasant" in result.stdout and "restless" in result.stdout  # the scale and the words offered
    assert "feel your feet on the floor" in result.stdout  # difficult feelings get a grounding line
    with open_journal(paths, backup=False) as journal:
        (check_in,) = journal.check_ins()
    assert check_in.mood == Mood(2, ("calm", "warm"), difficult=True, note="softer than yesterday", share_note=True)


@pytest.mark.parametrize("typed", ["\n", "", "5\ncalm\n"])  # Enter first; Ctrl-D at once; Ctrl-D half way
def test_checkin_can_be_skipped_and_then_saves_nothing(paths: AppPaths, typed: str) -> None:
    result = kindaudio("checkin", stdin=typed)
    assert result.returncode == EXIT_OK, result.stderr
    assert "Skipped; nothing was saved." in result.stdout
    with open_journal(paths, backup=False) as journal:
        assert journal.check_ins() == []


def test_the_prompt_asks_again_after_an_answer_it_cannot_use() -> None:
    answers = io.StringIO("0\nten\n3\n" + "x" * 41 + "\nnumb\nno\n\n")
    shown = io.StringIO()
    mood = CheckInPrompt(answers, shown).ask(Moment.AFTER)
    assert mood == Mood(-1, ("numb",))
    assert shown.getvalue().count("Please type a number from 1 to 7, or press Enter to skip.") == 2
    assert "is longer than 40 characters" in shown.getvalue()
    assert "Include this note" not in shown.getvalue()  # no note, no question about sharing it


# -- play -----------------------------------------------------------------------------------------

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


def test_ctrl_c_is_stopped_early_with_what_was_heard(paths: AppPaths, tmp_path: Path) -> None:
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
        terminal.read_until("stopped", at)
    finally:
        code = terminal.close()
    assert code == EXIT_INTERRUPTED
    session = only_session(paths)
    assert session.status is SessionStatus.STOPPED_EARLY and 2 < session.listened_seconds < 50
    assert session.before is not None and session.before.mood == Mood(-1)
    assert session.after is None


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
