"""The journal file under stress (issue 17, hardening 7, 8 and 9): emptied, read-only, on a full disk.

Real SQLite files; a real tmpfs for the full disk and the read-only mount (tests/support/disks.py).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from kindaudio.common.output_target import DiskFull
from kindaudio.common.paths import AppPaths
from kindaudio.journal.errors import JournalEmpty, JournalReadOnly
from kindaudio.journal.records import Moment, Mood
from kindaudio.journal.store import open_journal
from tests.support.disks import fill, remount, small_disk


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def journal_with_a_backup(paths: AppPaths) -> None:
    with open_journal(paths) as journal:  # the day's backup is taken as it opens
        journal.add_check_in(Mood(2, note="kept"), moment=Moment.STANDALONE)


def test_a_zero_byte_journal_with_backups_is_kept_and_said_not_replaced(paths: AppPaths) -> None:
    journal_with_a_backup(paths)
    paths.journal.write_bytes(b"")
    for read_only in (False, True):
        with pytest.raises(JournalEmpty) as caught:
            open_journal(paths, read_only=read_only)
        assert caught.value.backups, "the latest backup is offered"
        assert f"Your practice journal at {paths.journal} is empty" in str(caught.value)
        assert "A backup can be restored" in str(caught.value)
    assert paths.journal.stat().st_size == 0  # kept as it was: no new journal started over it


def test_a_zero_byte_journal_with_no_backup_is_a_new_journal(paths: AppPaths) -> None:
    # Nothing can have been lost (no backup was ever taken): a start that died before making the tables.
    paths.data.mkdir(parents=True)
    paths.journal.write_bytes(b"")
    with open_journal(paths) as journal:
        assert journal.check_ins() == []


def test_a_read_only_mount_still_reads_and_says_what_is_read_only(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    with small_disk(tmp_path / "disk", size="4m") as disk:
        monkeypatch.setenv("KINDAUDIO_HOME", str(disk / "home"))
        paths = AppPaths.from_environment()
        journal_with_a_backup(paths)
        before = digest(paths.journal)
        remount(disk, read_only=True)
        try:
            with open_journal(paths, read_only=True) as journal:
                assert [c.mood.valence for c in journal.check_ins()] == [2]
            with pytest.raises(JournalReadOnly) as caught:
                open_journal(paths)
            assert caught.value.folder and caught.value.path == paths.data
            assert "is read-only, so KindAudio cannot save" in str(caught.value)
            assert digest(paths.journal) == before
        finally:
            remount(disk, read_only=False)


def test_a_full_disk_is_said_and_what_was_saved_stays(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with small_disk(tmp_path / "disk", size="1m") as disk:
        monkeypatch.setenv("KINDAUDIO_HOME", str(disk / "home"))
        paths = AppPaths.from_environment()
        journal_with_a_backup(paths)
        with open_journal(paths, backup=False) as journal:
            fill(disk)
            with pytest.raises(DiskFull) as caught:
                for _ in range(200):  # the write-ahead log may hold a few pages more before it runs out
                    journal.add_check_in(Mood(1, note="n" * 5000), moment=Moment.STANDALONE)
            assert f"The disk is full: your journal could not be written to {paths.data}." in str(caught.value)
            with pytest.raises(DiskFull):
                journal.start_session(practice_id="a", title="A", content_hash="h", chosen_seconds=60, voice=None)
            (disk / "filler").unlink()
            saved = journal.check_ins()
            assert saved[0].mood.note == "kept"
            journal.add_check_in(Mood(0), moment=Moment.STANDALONE)  # room again: it writes as before
        with open_journal(paths, backup=False) as journal:
            assert journal.check_ins()[0].mood.note == "kept"
            assert journal.check_ins()[-1].mood.valence == 0


def test_a_full_disk_when_opening_is_said_as_a_full_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with small_disk(tmp_path / "disk", size="1m") as disk:
        monkeypatch.setenv("KINDAUDIO_HOME", str(disk / "home"))
        paths = AppPaths.from_environment()
        journal_with_a_backup(paths)
        before = digest(paths.journal)
        fill(disk)
        for read_only in (False, True):
            with pytest.raises(DiskFull, match="The disk is full"):
                open_journal(paths, read_only=read_only)
        (disk / "filler").unlink()
        assert digest(paths.journal) == before


def test_a_journal_opened_to_read_does_not_write(paths: AppPaths) -> None:
    journal_with_a_backup(paths)
    with open_journal(paths, read_only=True) as journal:
        assert journal.read_only
        with pytest.raises(Exception, match="opened only for reading"):
            journal.add_check_in(Mood(0), moment=Moment.STANDALONE)
    assert not os.path.exists(f"{paths.journal}-wal") or os.path.getsize(f"{paths.journal}-wal") == 0
