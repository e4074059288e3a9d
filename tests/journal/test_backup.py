"""Daily backups (consistent, private, seven kept) and restoring one without losing the current file."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from kindaudio.common.errors import UserInputError
from kindaudio.common.paths import AppPaths
from kindaudio.journal.backup import list_backups, restore_backup
from kindaudio.journal.errors import DatabaseUnreadable
from kindaudio.journal.records import Backup, SessionStatus
from kindaudio.journal.store import open_journal
from tests.journal.conftest import ZONE, Clock, start

REPO = Path(__file__).resolve().parents[2]


def session_titles(path: Path) -> list[str]:
    with sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True) as raw:
        titles = [title for (title,) in raw.execute("SELECT title FROM sessions ORDER BY id")]
    raw.close()
    return titles


def test_opening_takes_one_private_backup_a_local_day(paths: AppPaths, clock: Clock) -> None:
    with open_journal(paths, tz=ZONE, now=clock):
        pass
    [first] = list_backups(paths)
    assert stat.S_IMODE(first.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(paths.backups.stat().st_mode) == 0o700
    assert first.path.name == "journal-20240515-140000.sqlite3" and first.taken_at == clock.utc
    assert first.size == first.path.stat().st_size
    clock.set_local(2024, 5, 15, 23, 50)  # later the same local day (already the 16th in UTC)
    with open_journal(paths, tz=ZONE, now=clock):
        pass
    assert list_backups(paths) == [first]
    clock.set_local(2024, 5, 16, 0, 10)
    with open_journal(paths, tz=ZONE, now=clock) as journal:
        assert journal.backup_if_due() is None  # already taken at this open
    assert len(list_backups(paths)) == 2


def test_only_the_newest_seven_backups_are_kept(paths: AppPaths, clock: Clock) -> None:
    for _ in range(10):
        with open_journal(paths, tz=ZONE, now=clock):
            pass
        clock.advance(days=1)
    kept = list_backups(paths)
    assert len(kept) == 7
    assert [b.taken_at.astimezone(ZONE).date() for b in kept] == [date(2024, 5, 24) - timedelta(days=n)
                                                                  for n in range(7)]


def test_a_backup_is_a_complete_single_file_even_while_the_journal_is_open(paths: AppPaths, clock: Clock) -> None:
    with open_journal(paths, tz=ZONE, now=clock, backup=False) as journal:
        journal.end_session(start(journal, title="Written before the backup"), 60, SessionStatus.COMPLETED)
        assert Path(f"{journal.path}-wal").stat().st_size > 0  # still only in the write-ahead log
        backup = journal.backup_now()
        start(journal, title="Written after the backup")
    assert not Path(f"{backup.path}-wal").exists()
    assert session_titles(backup.path) == ["Written before the backup"]
    with sqlite3.connect(backup.path) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert raw.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    raw.close()


def test_restoring_keeps_the_current_file_aside_and_puts_the_backup_in_place(paths: AppPaths, clock: Clock) -> None:
    with open_journal(paths, tz=ZONE, now=clock, backup=False) as journal:
        start(journal, title="In the backup")
        backup = journal.backup_now()
        start(journal, title="Only in the current file")
    aside = restore_backup(paths, backup)
    assert aside.name.startswith("journal.sqlite3.before-restore-") and aside.parent == paths.data
    assert session_titles(aside) == ["In the backup", "Only in the current file"]
    assert stat.S_IMODE(paths.journal.stat().st_mode) == 0o600
    with open_journal(paths, tz=ZONE, now=clock, backup=False) as journal:
        assert [s.title for s in journal.sessions()] == ["In the backup"]
        assert journal.sessions()[0].status is SessionStatus.INTERRUPTED  # it was in progress in the copy


UNCHECKPOINTED_WRITER = """
import os, sqlite3, sys
raw = sqlite3.connect(sys.argv[1], isolation_level=None)
raw.execute("PRAGMA wal_autocheckpoint=0")
raw.execute("UPDATE sessions SET title = 'Changed only in the log'")
print(os.path.getsize(sys.argv[1] + "-wal"), flush=True)
os._exit(0)  # no close, no checkpoint: the change lives only in the -wal file
"""


def test_the_set_aside_file_takes_its_write_ahead_log_with_it(paths: AppPaths, clock: Clock) -> None:
    with open_journal(paths, tz=ZONE, now=clock, backup=False) as journal:
        start(journal, title="Original")
        backup = journal.backup_now()
    result = subprocess.run([sys.executable, "-c", UNCHECKPOINTED_WRITER, str(paths.journal)],
                            capture_output=True, text=True, check=True)
    assert int(result.stdout) > 0
    aside = restore_backup(paths, backup)
    assert not Path(f"{paths.journal}-wal").exists() and not Path(f"{paths.journal}-shm").exists()
    assert Path(f"{aside}-wal").exists()
    assert session_titles(aside) == ["Changed only in the log"]
    assert session_titles(paths.journal) == ["Original"]


def test_a_damaged_backup_is_refused_before_anything_is_replaced(paths: AppPaths, clock: Clock) -> None:
    with open_journal(paths, tz=ZONE, now=clock) as journal:
        start(journal, title="Current")
    [backup] = list_backups(paths)
    backup.path.write_bytes(backup.path.read_bytes()[:1000] + os.urandom(3000))
    current = paths.journal.read_bytes()
    with pytest.raises(UserInputError, match="nothing was changed"):
        restore_backup(paths, backup)
    assert paths.journal.read_bytes() == current
    assert sorted(p.name for p in paths.data.iterdir()) == ["backups", "journal.sqlite3"]
    missing = Backup(paths.backups / "journal-20000101-000000.sqlite3", backup.taken_at, 0)
    with pytest.raises(UserInputError, match="not there"):
        restore_backup(paths, missing)


def test_an_unreadable_journal_can_be_recovered_from_the_backup_it_lists(paths: AppPaths, clock: Clock) -> None:
    with open_journal(paths, tz=ZONE, now=clock) as journal:
        journal.end_session(start(journal, title="Kept safe"), 60, SessionStatus.COMPLETED)
        journal.backup_now()
    garbage = os.urandom(4096)
    paths.journal.write_bytes(garbage)
    with pytest.raises(DatabaseUnreadable) as caught:
        open_journal(paths, tz=ZONE, now=clock)
    aside = restore_backup(paths, caught.value.backups[0])
    assert aside.read_bytes() == garbage
    with open_journal(paths, tz=ZONE, now=clock) as journal:
        assert [s.title for s in journal.sessions()] == ["Kept safe"]
