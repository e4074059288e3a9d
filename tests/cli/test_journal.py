"""`kindaudio history` and `kindaudio export`, run as real processes in New York time: the journal read and shared.

What `play`, `timer` and `checkin` keep in it is tested in test_play.py and test_checkin.py.
"""

from __future__ import annotations

import csv
import io
import sqlite3
import stat
import subprocess
from pathlib import Path

import pytest

from kindaudio.common.paths import AppPaths
from tests.support import command
from tests.support.command import EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK, assert_clean_failure
from tests.support.journal import NEW_YORK, fill


def kindaudio(*args: str) -> subprocess.CompletedProcess[str]:
    """In New York time, where fill()'s days are: history shows, and export chooses, days in local time."""
    return command.kindaudio(*args, env={"TZ": NEW_YORK})


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


def test_a_session_still_playing_is_shown_as_playing_now_and_left_playing(paths: AppPaths) -> None:
    from kindaudio.journal.records import SessionQuery, SessionStatus
    from kindaudio.journal.store import open_journal

    with open_journal(paths, backup=False) as journal:  # as the window or `play` leaves it while it plays
        journal.start_session(practice_id="body-scan", title="Compassionate Body Scan", content_hash="x",
                              chosen_seconds=600, voice=None)
    result = kindaudio("history")
    assert result.returncode == EXIT_OK, result.stderr
    assert "playing now" in result.stdout and "interrupted" not in result.stdout
    assert "\n1 session, 0 minutes listened." in result.stdout  # one session, not "1 sessions"
    with open_journal(paths, backup=False, settle_unfinished=False) as journal:
        (session,) = journal.sessions(SessionQuery())
    assert session.status is SessionStatus.IN_PROGRESS  # looking did not end it


def test_history_since_a_day_and_as_csv_with_every_note(paths: AppPaths) -> None:
    fill(paths)
    result = kindaudio("history", "--since", "2024-05-14")
    assert result.returncode == EXIT_OK
    assert "Affectionate Breathing" not in result.stdout and "walking practice" in result.stdout
    result = kindaudio("history", "--csv")
    assert result.returncode == EXIT_OK, result.stderr
    assert not result.stdout.startswith("\ufeff")  # for a pipe: no byte order mark
    rows = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    assert [row["title"] for row in rows] == ["Affectionate Breathing", "walking practice"]
    assert (rows[0]["started_at"], rows[0]["started_at_local"]) == ("2024-05-13T12:00:00Z", "2024-05-13 08:00:00")
    assert (rows[0]["before_note"], rows[0]["after_note"]) == ("shared note", "private note")  # your own copy
    result = kindaudio("history", "--csv", "check-ins")
    assert result.returncode == EXIT_OK, result.stderr
    (check_in,) = csv.DictReader(io.StringIO(result.stdout, newline=""))
    assert (check_in["at"], check_in["at_local"], check_in["valence"]) == ("2024-05-16T01:00:00Z",
                                                                          "2024-05-15 21:00:00", "0")


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


@pytest.mark.parametrize("fmt, suffix, start", [("csv", ".csv", b"\xef\xbb\xbfsession_id,"), ("fhir", ".json", b"{"),
                                                ("pdf", ".pdf", b"%PDF-")])
def test_export_writes_a_private_file_for_the_range(paths: AppPaths, tmp_path: Path, fmt: str, suffix: str,
                                                    start: bytes) -> None:
    fill(paths)
    target = tmp_path / f"for-my-therapist{suffix}"
    result = kindaudio("export", "--format", fmt, "--from", "2024-05-01", "--to", "2024-05-31", "-o", str(target))
    assert result.returncode == EXIT_OK, result.stderr
    check_ins = tmp_path / "for-my-therapist-check-ins.csv"
    entries = tmp_path / "for-my-therapist-entries.csv"
    assert result.stdout.splitlines() == [
        f"Exported your journal from 2024-05-01 to 2024-05-31 to {target}",
        *([f"Check-ins taken on their own are in {check_ins}", f"Your written entries are in {entries}"]
          if fmt == "csv" else []),
        "It holds private health information: share it only with people you choose."]
    assert target.read_bytes().startswith(start)
    written = [target, check_ins, entries] if fmt == "csv" else [target]
    assert sorted(path for path in tmp_path.iterdir() if path.is_file()) == sorted(written)
    assert all(stat.S_IMODE(path.stat().st_mode) == 0o600 for path in written)


def test_export_into_a_folder_names_the_file_and_never_replaces_one_unasked(paths: AppPaths, tmp_path: Path) -> None:
    fill(paths)
    args = ["export", "--format", "csv", "--from", "2024-05-01", "--to", "2024-05-31", "-o", str(tmp_path)]
    assert kindaudio(*args).returncode == EXIT_OK
    written = tmp_path / "kindaudio-journal-2024-05-01-to-2024-05-31.csv"
    beside = tmp_path / "kindaudio-journal-2024-05-01-to-2024-05-31-check-ins.csv"
    entries = tmp_path / "kindaudio-journal-2024-05-01-to-2024-05-31-entries.csv"
    assert "shared note" in written.read_text(encoding="utf-8-sig")
    written.write_text("an older export", encoding="utf-8")
    again = kindaudio(*args)
    assert_clean_failure(again, EXIT_BAD_INPUT)
    assert f"{written}, {beside} and {entries} are already there; nothing was changed" in again.stderr
    assert "--force" in again.stderr
    assert written.read_text(encoding="utf-8") == "an older export"
    assert kindaudio(*args, "--force", "--notes", "none").returncode == EXIT_OK
    text = written.read_text(encoding="utf-8-sig")
    assert text.startswith("session_id,") and "shared note" not in text


def test_export_notes_choice(paths: AppPaths, tmp_path: Path) -> None:
    fill(paths)
    target = tmp_path / "all.csv"
    assert kindaudio("export", "--format", "csv", "--from", "2024-05-01", "--to", "2024-05-31", "--notes", "all",
                     "-o", str(target)).returncode == EXIT_OK
    text = target.read_text(encoding="utf-8-sig")
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


def test_export_puts_the_chosen_name_on_the_report(paths: AppPaths, tmp_path: Path) -> None:
    from pypdf import PdfReader

    fill(paths)
    target = tmp_path / "report.pdf"
    result = kindaudio("export", "--format", "pdf", "--from", "2024-05-01", "--to", "2024-05-31", "--name",
                       "Zoë (client 12)", "-o", str(target))
    assert result.returncode == EXIT_OK, result.stderr
    assert "Zoë (client 12)" in PdfReader(target).pages[0].extract_text()


@pytest.mark.parametrize("name", ["Zoë\x1b]0;owned\x07", "line\nbreak", "\u202eevil", "n" * 81])
def test_export_refuses_a_name_that_is_not_plain_text(paths: AppPaths, tmp_path: Path, name: str) -> None:
    fill(paths)
    result = kindaudio("export", "--format", "fhir", "--from", "2024-05-01", "--name", name,
                       "-o", str(tmp_path / "x.json"))
    assert_clean_failure(result, EXIT_BAD_INPUT)
    assert "The name for the export" in result.stderr and "\x1b" not in result.stderr
    assert not (tmp_path / "x.json").exists()


def test_export_refuses_to_replace_what_is_not_a_file(paths: AppPaths) -> None:
    """`--force` onto a device node would have made /dev/null a regular file (as root)."""
    fill(paths)
    result = kindaudio("export", "--format", "csv", "--from", "2024-05-01", "--force", "-o", "/dev/null")
    assert_clean_failure(result, EXIT_BAD_INPUT)
    assert "/dev/null is not a regular file" in result.stderr
    assert Path("/dev/null").is_char_device()


@pytest.mark.parametrize("since, until", [("9999-12-31", "9999-12-31"), ("0001-01-01", "2024-05-31")])
def test_export_at_the_ends_of_the_calendar_is_refused_plainly(paths: AppPaths, tmp_path: Path, since: str,
                                                               until: str) -> None:
    fill(paths)
    result = kindaudio("export", "--format", "csv", "--from", since, "--to", until, "-o", str(tmp_path / "x.csv"))
    assert_clean_failure(result, EXIT_BAD_INPUT)
    assert "is outside the dates a journal can hold" in result.stderr
    assert not (tmp_path / "x.csv").exists()


def test_a_damaged_row_is_left_out_and_named(paths: AppPaths, tmp_path: Path) -> None:
    fill(paths)
    raw = sqlite3.connect(paths.journal)
    with raw:
        (first,) = raw.execute("SELECT min(id) FROM sessions").fetchone()
        raw.execute("UPDATE sessions SET listened_seconds = 9e999 WHERE id = ?", (first,))
    raw.close()
    target = tmp_path / "x.json"
    result = kindaudio("export", "--format", "fhir", "--from", "2024-05-01", "--to", "2024-05-31", "-o", str(target))
    assert result.returncode == EXIT_OK, result.stderr
    assert f"1 damaged entry was left out: session {first} " in result.stderr
    assert "Infinity" not in target.read_text(encoding="utf-8")
    raw = sqlite3.connect(paths.journal)
    with raw:
        raw.execute("UPDATE sessions SET status = 'sideways' WHERE id = ?", (first,))
    raw.close()
    result = kindaudio("export", "--format", "pdf", "--from", "2024-05-01", "--to", "2024-05-31",
                       "-o", str(tmp_path / "x.pdf"))
    assert result.returncode == EXIT_OK, result.stderr
    assert f"1 damaged entry was left out: session {first} (2024-05-13): its status is unknown" in result.stderr
    assert (tmp_path / "x.pdf").exists()
