"""Opening the journal file: private whatever the umask, and a damaged or foreign file left as it is."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest

from kindaudio.common.paths import AppPaths
from kindaudio.journal.errors import DatabaseUnreadable
from kindaudio.journal.records import Moment, Mood
from kindaudio.journal.store import Journal, open_journal
from tests.journal.conftest import ZONE, Clock, practise, start


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_journal_is_private_even_with_a_permissive_umask(paths: AppPaths, clock: Clock) -> None:
    old = os.umask(0)
    try:
        with open_journal(paths, tz=ZONE, now=clock) as journal:
            start(journal)
            wal, shm = Path(f"{journal.path}-wal"), Path(f"{journal.path}-shm")
            assert wal.exists() and shm.exists()
            assert (mode(journal.path), mode(wal), mode(shm)) == (0o600, 0o600, 0o600)
            assert mode(paths.data) == 0o700
            assert journal.path == paths.data / "journal.sqlite3" == paths.journal
    finally:
        os.umask(old)


def test_the_journal_uses_write_ahead_logging_and_enforces_foreign_keys(journal: Journal) -> None:
    with sqlite3.connect(journal.path) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    session_id = start(journal)
    journal.add_check_in(Mood(1), moment=Moment.AFTER, session_id=session_id)
    journal.delete_session(session_id)
    assert journal.check_ins() == []  # ON DELETE CASCADE only works with foreign keys on


def test_random_bytes_are_reported_with_the_path_and_left_as_they_are(paths: AppPaths) -> None:
    paths.data.mkdir(parents=True)
    garbage = os.urandom(8192)
    paths.journal.write_bytes(garbage)
    with pytest.raises(DatabaseUnreadable) as caught:
        open_journal(paths)
    assert caught.value.path == paths.journal
    assert str(paths.journal) in str(caught.value) and "Nothing" in str(caught.value)
    assert caught.value.backups == []
    assert paths.journal.read_bytes() == garbage
    assert not Path(f"{paths.journal}-wal").exists()


def test_a_truncated_journal_is_reported_lists_the_backups_and_is_not_changed(paths: AppPaths, clock: Clock) -> None:
    with open_journal(paths, tz=ZONE, now=clock) as journal:  # takes the day's backup
        for day in range(1, 40):
            practise(journal, clock, (2024, 4, day % 28 + 1, 9), 600, title="A title long enough " * 10)
    whole = paths.journal.read_bytes()
    paths.journal.write_bytes(whole[: len(whole) // 2])
    before = paths.journal.read_bytes()
    with pytest.raises(DatabaseUnreadable) as caught:
        open_journal(paths, tz=ZONE, now=clock)
    assert len(caught.value.backups) == 1
    assert "backup can be restored" in str(caught.value)
    assert paths.journal.read_bytes() == before


def test_a_sqlite_file_that_is_not_a_journal_is_not_taken_over(paths: AppPaths) -> None:
    paths.data.mkdir(parents=True)
    with sqlite3.connect(paths.journal) as other:
        other.execute("CREATE TABLE recipes (name TEXT)")
    other.close()
    before = paths.journal.read_bytes()
    with pytest.raises(DatabaseUnreadable, match="could not be read"):
        open_journal(paths)
    assert paths.journal.read_bytes() == before
