"""The practice journal: one SQLite file, opened once, then written and read through one `Journal`.

`open_journal` does everything a start needs, in order: a private folder and
file, a read-only look at the file first (a damaged file or one from a newer
version is reported and left exactly as it is), the migrations, sessions left
"in progress" by a crash marked interrupted, and the daily backup.

A `Journal` is one class with the whole API, put together from one part per
job, each in its own module:

    database.py   the open file: short sessions, the write lock, the clock, local dates
    sessions.py   sessions played in the app or logged by hand; listing and deleting them
    check_ins.py  moods before, after or on their own
    entries.py    written entries (guided writing), their search and the "share" mark
    progress.py   the Progress page's figures and the streak
    (here)        backups of the open file

`opening.py` prepares the file before the first read, `rows.py` turns table rows
into the plain records of `records.py`.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from datetime import datetime, tzinfo

from kindaudio.common.errors import KindAudioError
from kindaudio.common.paths import AppPaths
from kindaudio.journal import backup as backups
from kindaudio.journal.check_ins import CheckInsPart
from kindaudio.journal.entries import EntriesPart
from kindaudio.journal.errors import JournalReadOnly
from kindaudio.journal.opening import (
    bring_to_head,
    create_private_file,
    ensure_data_folder,
    look_before_touching,
    make_engine,
    make_side_files_private,
    refuse_if_emptied,
    write_problem,
)
from kindaudio.journal.progress import ProgressPart
from kindaudio.journal.records import Backup
from kindaudio.journal.schema import HEAD_REVISION
from kindaudio.journal.sessions import SessionsPart

log = logging.getLogger(__name__)


def open_journal(
    paths: AppPaths,
    *,
    tz: tzinfo | None = None,
    now: Callable[[], datetime] | None = None,
    backup: bool = True,
    settle_unfinished: bool = True,
    read_only: bool = False,
) -> Journal:
    """Open (creating or migrating as needed) the journal in `paths.data`.

    Raises DatabaseUnreadable for a file SQLite cannot read as a journal (JournalEmpty for one that
    holds nothing while backups of it exist) and DatabaseTooNew for one written by a newer KindAudio;
    neither is changed. JournalReadOnly when the file or its folder cannot be written.
    Sessions left "in progress" are marked interrupted, unless `settle_unfinished` is False: a reader
    that only looks (`kindaudio history`) must not end a practice playing in another window or terminal.
    `read_only` is for commands that only read (history, entries, export): an existing journal is
    opened without writing to it, so a read-only file or folder still reads; a journal that is missing
    or needs migrating is opened as usual first.
    """
    path = paths.journal
    existed = path.exists()
    if read_only and existed:
        reader = _open_for_reading(paths, tz=tz, now=now, backup=backup)
        if reader is not None:
            return reader
    ensure_data_folder(paths.data)
    problem = write_problem(path)
    if problem is not None:
        raise problem
    create_private_file(path)
    revisions = look_before_touching(path, paths)
    refuse_if_emptied(path, paths, revisions, existed)
    engine = make_engine(path)
    try:
        bring_to_head(engine, revisions, path, paths)
        journal = Journal(path, engine, paths=paths, tz=tz, now=now)
        if settle_unfinished:
            journal.mark_unfinished_interrupted()
        make_side_files_private(path)
    except BaseException:
        engine.dispose()
        raise
    if backup:
        _back_up(journal)
    return journal


def _open_for_reading(paths: AppPaths, *, tz: tzinfo | None, now: Callable[[], datetime] | None,
                      backup: bool) -> Journal | None:
    """The journal opened read-only, or None when it must first be made or migrated (and can be written)."""
    path = paths.journal
    revisions = look_before_touching(path, paths)
    refuse_if_emptied(path, paths, revisions, existed=True)
    if revisions != {HEAD_REVISION}:
        problem = write_problem(path)
        if problem is None:
            return None
        raise JournalReadOnly(problem.path, folder=problem.folder)
    journal = Journal(path, make_engine(path, read_only=True), paths=paths, tz=tz, now=now, read_only=True)
    if backup:
        _back_up(journal)
    return journal


def _back_up(journal: Journal) -> None:
    try:
        journal.backup_if_due()
    except (OSError, sqlite3.Error, KindAudioError) as exc:
        # A missed backup must not keep anyone from their practice; tomorrow tries again.
        log.warning("could not back up the journal: %s", exc)


class Journal(SessionsPart, CheckInsPart, EntriesPart, ProgressPart):
    """An open journal file and everything it answers. Close it (or use `with`) when done.

    Every part extends the same `Database`, so a method is written once, where its
    job is, and found by its name; callers see one object.
    """

    def backup_now(self) -> Backup:
        with self._write_lock:
            return backups.take_backup(self._paths, self.now())

    def backup_if_due(self) -> Backup | None:
        """Take today's backup unless there is one already (at most one a local day; the newest 7 kept)."""
        with self._write_lock:
            if not backups.backup_is_due(self._paths, self.now(), self.tz):
                return None
            return backups.take_backup(self._paths, self.now())
