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

from kindaudio.common.paths import AppPaths, ensure_dir
from kindaudio.journal import backup as backups
from kindaudio.journal.check_ins import CheckInsPart
from kindaudio.journal.entries import EntriesPart
from kindaudio.journal.errors import JournalError
from kindaudio.journal.opening import (
    bring_to_head,
    create_private_file,
    look_before_touching,
    make_engine,
    make_side_files_private,
)
from kindaudio.journal.progress import ProgressPart
from kindaudio.journal.records import Backup
from kindaudio.journal.sessions import SessionsPart

log = logging.getLogger(__name__)


def open_journal(
    paths: AppPaths,
    *,
    tz: tzinfo | None = None,
    now: Callable[[], datetime] | None = None,
    backup: bool = True,
    settle_unfinished: bool = True,
) -> Journal:
    """Open (creating or migrating as needed) the journal in `paths.data`.

    Raises DatabaseUnreadable for a file SQLite cannot read as a journal and
    DatabaseTooNew for one written by a newer KindAudio; neither is changed.
    Sessions left "in progress" are marked interrupted, unless `settle_unfinished` is False: a reader
    that only looks (`kindaudio history`) must not end a practice playing in another window or terminal.
    """
    path = paths.journal
    ensure_dir(paths.data)
    create_private_file(path)
    revisions = look_before_touching(path, paths)
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
        try:
            journal.backup_if_due()
        except (OSError, sqlite3.Error, JournalError) as exc:
            # A missed backup must not keep anyone from their practice; tomorrow tries again.
            log.warning("could not back up the journal: %s", exc)
    return journal


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
