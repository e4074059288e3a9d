"""Daily copies of the journal, and putting one back.

A copy is made with SQLite's online backup, so it is consistent even while the
app writes, into a temporary file renamed into place (mode 0600). At most one a
local day; the newest seven are kept. Restoring checks the chosen copy before it
replaces anything and keeps the current file aside, never deleting it.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sqlite3
from datetime import UTC, datetime, tzinfo
from pathlib import Path

from kindaudio.common.atomicfile import atomic_output
from kindaudio.common.errors import UserInputError
from kindaudio.common.paths import AppPaths, ensure_dir
from kindaudio.journal.errors import DatabaseTooNew, JournalError
from kindaudio.journal.records import Backup

log = logging.getLogger(__name__)

KEEP = 7
PRIVATE = 0o600
# journal-20240501-073000.sqlite3 (the stamp is UTC; "-2" when two are taken in one second)
_NAME = re.compile(r"^journal-(\d{8}-\d{6})(?:-(\d+))?\.sqlite3$")
_STAMP = "%Y%m%d-%H%M%S"
SIDE_FILES = ("-wal", "-shm")


def list_backups(paths: AppPaths) -> list[Backup]:
    """The backups on disk, newest first."""
    found: list[tuple[datetime, int, Backup]] = []
    try:
        entries = list(paths.backups.iterdir())
    except FileNotFoundError:
        return []
    for entry in entries:
        match = _NAME.match(entry.name)
        if not match:
            continue
        try:
            size = entry.stat().st_size
        except FileNotFoundError:
            continue
        taken_at = datetime.strptime(match.group(1), _STAMP).replace(tzinfo=UTC)
        found.append((taken_at, int(match.group(2) or 0), Backup(entry, taken_at, size)))
    found.sort(key=lambda item: (item[0], item[1]), reverse=True)
    return [backup for _, _, backup in found]


def take_backup(paths: AppPaths, taken_at: datetime, *, keep: int = KEEP) -> Backup:
    """Copy the journal into the backups folder now, then keep only the newest `keep`."""
    source = paths.journal
    if not source.exists():
        raise JournalError(f"There is no journal at {source} to back up yet.")
    folder = ensure_dir(paths.backups)
    target = _free_name(folder, taken_at)
    with atomic_output(target, mode=PRIVATE, durable=True) as temp:
        _copy_database(source, temp)
    backup = Backup(target, taken_at.astimezone(UTC).replace(microsecond=0), target.stat().st_size)
    log.info("journal backed up to %s", target)
    prune_backups(paths, keep=keep)
    return backup


def backup_is_due(paths: AppPaths, now: datetime, tz: tzinfo) -> bool:
    """True when no backup was taken on today's local date (or a later one, if the clock went back)."""
    backups = list_backups(paths)
    if not backups:
        return True
    return backups[0].taken_at.astimezone(tz).date() < now.astimezone(tz).date()


def prune_backups(paths: AppPaths, *, keep: int = KEEP) -> list[Path]:
    """Delete all but the newest `keep` backups; returns what went."""
    removed = []
    for old in list_backups(paths)[keep:]:
        with contextlib.suppress(FileNotFoundError):
            old.path.unlink()
            removed.append(old.path)
    if removed:
        log.info("removed %d old journal backups", len(removed))
    return removed


def restore_backup(paths: AppPaths, backup: Backup, *, now: datetime | None = None) -> Path:
    """Put `backup` in place of the journal, which must not be open.

    The backup is checked (it opens, passes SQLite's integrity check, and is a
    journal this version can read) before anything is replaced. The current file,
    with its write-ahead log, is kept aside as `journal.sqlite3.before-restore-<stamp>`
    and that path is returned (the journal's own path when there was none).
    """
    check_backup(backup.path)
    data = ensure_dir(paths.data)
    journal = paths.journal
    stamp = (now or datetime.now(UTC)).astimezone(UTC).strftime(_STAMP)
    with atomic_output(journal, mode=PRIVATE, durable=True) as temp:
        _copy_database(backup.path, temp)
        aside = _set_aside(journal, data / f"{journal.name}.before-restore-{stamp}")
    log.info("journal restored from %s; the previous file is kept as %s", backup.path, aside)
    return aside or journal


def check_backup(path: Path) -> None:
    """Raise UserInputError unless `path` is a sound journal copy this version can open."""
    from kindaudio.journal.schema import (
        HEAD_REVISION,
        known_revisions,
        stamped_revisions,
    )

    if not path.is_file():
        raise UserInputError(f"The backup {path} is not there any more.", hint="Choose another backup.")
    try:
        with contextlib.closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as connection:
            verdict = [row[0] for row in connection.execute("PRAGMA integrity_check")]
            revisions = stamped_revisions(connection)
    except sqlite3.DatabaseError as exc:
        raise UserInputError(f"The backup {path} cannot be read ({exc}); nothing was changed.",
                             hint="Choose another backup.") from exc
    if verdict != ["ok"]:
        raise UserInputError(f"The backup {path} is damaged; nothing was changed.", hint="Choose another backup.")
    if not revisions:
        raise UserInputError(f"{path} is not a KindAudio journal; nothing was changed.", hint="Choose another backup.")
    if revisions != {HEAD_REVISION} and not revisions <= known_revisions():
        raise DatabaseTooNew(path)


def _copy_database(source: Path, target: Path) -> None:
    """A consistent copy of `source` (including its write-ahead log) as one self-contained file."""
    with contextlib.closing(sqlite3.connect(source, timeout=30)) as reader, \
            contextlib.closing(sqlite3.connect(target)) as writer:
        reader.backup(writer)
        # The copy keeps no -wal of its own: one file, readable on its own.
        writer.execute("PRAGMA journal_mode=DELETE")
    os.chmod(target, PRIVATE)


def _set_aside(journal: Path, aside: Path) -> Path | None:
    """Move the journal and its -wal/-shm to `aside` (renames only: nothing is rewritten).

    The write-ahead log moves with the file, under the matching name, so the set-aside
    copy is complete: SQLite finds it as `<aside>-wal` when that file is opened.
    """
    if not journal.exists():
        for side in SIDE_FILES:
            with contextlib.suppress(FileNotFoundError):
                journal.with_name(journal.name + side).unlink()
        return None
    counter = 1
    while aside.exists():
        counter += 1
        aside = aside.with_name(f"{aside.name.split('~')[0]}~{counter}")
    os.replace(journal, aside)
    for side in SIDE_FILES:
        with contextlib.suppress(FileNotFoundError):
            os.replace(journal.with_name(journal.name + side), aside.with_name(aside.name + side))
    return aside


def _free_name(folder: Path, taken_at: datetime) -> Path:
    stamp = taken_at.astimezone(UTC).strftime(_STAMP)
    target = folder / f"journal-{stamp}.sqlite3"
    counter = 1
    while target.exists():
        counter += 1
        target = folder / f"journal-{stamp}-{counter}.sqlite3"
    return target
