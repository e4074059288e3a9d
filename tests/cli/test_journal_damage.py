"""`kindaudio history` and `export` on a journal with one hostile row each (issue 17, hardening 13).

Real SQLite files damaged with plain sqlite3, as the attack did, and real processes: the rest of the journal
shows, the damaged row is named by its id (never by what it holds), nothing crashes.
"""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

import pytest

from kindaudio.common.paths import AppPaths
from tests.support import command
from tests.support.command import EXIT_OK
from tests.support.journal import NEW_YORK, fill


def kindaudio(*args: str) -> subprocess.CompletedProcess[str]:
    return command.kindaudio(*args, env={"TZ": NEW_YORK})


def damage(paths: AppPaths, statement: str, *values: object) -> tuple[int, int, int]:
    """Apply `statement` ({session}, {before}, {after} filled in); returns the ids."""
    raw = sqlite3.connect(paths.journal)
    with raw:
        (session,) = raw.execute("SELECT min(id) FROM sessions").fetchone()
        before, after = (row[0] for row in raw.execute(
            "SELECT id FROM check_ins WHERE session_id = ? ORDER BY moment = 'after'", (session,)))
        raw.execute(statement.format(session=session, before=before, after=after), values)
    raw.close()
    return session, before, after


HOSTILE = [
    ("UPDATE sessions SET status = 'sideways' WHERE id = {session}", (), "session {session} (2024-05-13): "
     "its status is unknown"),
    ("UPDATE sessions SET kind = 'teleported' WHERE id = {session}", (), "session {session} (2024-05-13): "
     "its kind is unknown"),
    ("UPDATE sessions SET started_at = '2024-05-13T99:99:99' WHERE id = {session}", (),
     "session {session}: its start time is not a time"),
    ("UPDATE sessions SET listened_seconds = 9e999 WHERE id = {session}", (),
     "session {session} (2024-05-13): the time listened is not a possible length"),
    ("UPDATE check_ins SET moment = 'sideways' WHERE id = {after}", (),
     "check-in {after} (of session {session}): its moment (before, after or on its own) is unknown"),
    ("UPDATE check_ins SET feelings = '[not json' WHERE id = {before}", (),
     "check-in {before} (of session {session}): its feelings are not readable"),
    ("UPDATE check_ins SET note = ? WHERE id = {before}", ("x" * 5_000_000,),
     "check-in {before} (of session {session}): its note is 5,000,000 characters long, more than any note "
     "KindAudio saves"),
]


@pytest.mark.parametrize("statement, values, named", HOSTILE)
def test_history_shows_the_rest_and_names_the_damaged_row(paths: AppPaths, statement: str,
                                                          values: tuple[object, ...], named: str) -> None:
    fill(paths)
    session, before, after = damage(paths, statement, *values)
    result = kindaudio("history")
    assert result.returncode == EXIT_OK, result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    assert "walking practice (logged)" in result.stdout  # the rest of the journal
    assert "(a check-in on its own)" in result.stdout
    assert f"1 damaged entry was left out: {named.format(session=session, before=before, after=after)}" \
        in result.stderr
    assert "xxxxxxxxxx" not in result.stdout + result.stderr
    assert "a note keeps at most" not in result.stderr  # not reported as if typed now


@pytest.mark.parametrize("statement, values, named", HOSTILE)
def test_export_leaves_the_damaged_row_out_and_names_it(paths: AppPaths, tmp_path: Path, statement: str,
                                                        values: tuple[object, ...], named: str) -> None:
    fill(paths)
    session, before, after = damage(paths, statement, *values)
    target = tmp_path / "journal.csv"
    result = kindaudio("export", "--format", "csv", "--from", "2024-05-01", "--to", "2024-05-31", "-o",
                       str(target), "--notes", "all")
    assert result.returncode == EXIT_OK, result.stderr
    assert f"1 damaged entry was left out: {named.format(session=session, before=before, after=after)}" \
        in result.stderr
    assert "walking practice" in target.read_text(encoding="utf-8-sig")
    assert "xxxxxxxxxx" not in target.read_text(encoding="utf-8-sig")


def test_history_as_csv_names_the_damaged_rows_too(paths: AppPaths) -> None:
    fill(paths)
    session, _, _ = damage(paths, "UPDATE sessions SET status = 'sideways' WHERE id = {session}")
    result = kindaudio("history", "--csv")
    assert result.returncode == EXIT_OK, result.stderr
    assert f"session {session} (2024-05-13): its status is unknown" in result.stderr
    assert "walking practice" in result.stdout
