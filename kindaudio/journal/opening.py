"""Getting the journal file ready before the first read: private, looked at, migrated, configured.

The order matters and is kept by `kindaudio.journal.store.open_journal`: the
file is created 0600 before SQLite touches it; it is then looked at read-only
(a damaged file or one from a newer KindAudio is reported and left exactly as
it is); only then is it migrated. Every connection the engine opens gets the
same pragmas (write-ahead log, foreign keys, a busy timeout), and writers take
SQLite's write lock up front so two processes queue instead of failing half-way.

Three things are said plainly rather than worked around:

- a journal file that holds nothing (0 bytes, or no tables) while backups of it
  exist is damaged, not new: it is kept and reported with the latest backup on
  offer, instead of a fresh empty journal being started over it (the backups
  that hold the person's practice would rotate out within a week);
- a read-only file or folder: reading commands open the file read-only (SQLite's
  `mode=ro`, `immutable=1` when the folder cannot even hold its lock files), and
  anything that must write says what is read-only and what to do;
- a full disk, when SQLite says so, is said as a full disk with its folder.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Connection, Engine, NullPool, create_engine, event
from sqlalchemy.exc import DBAPIError

from kindaudio.common.errors import KindAudioError
from kindaudio.common.output_target import DiskFull, disk_full_error
from kindaudio.common.paths import AppPaths
from kindaudio.journal.backup import list_backups
from kindaudio.journal.errors import DatabaseTooNew, DatabaseUnreadable, JournalEmpty, JournalReadOnly
from kindaudio.journal.schema import HEAD_REVISION, create_at_head, known_revisions, stamped_revisions, upgrade

log = logging.getLogger(__name__)

PRIVATE = 0o600
BUSY_TIMEOUT_SECONDS = 30.0
WRITE_OPTION = "kindaudio_write"  # the execution option that makes a transaction BEGIN IMMEDIATE


def create_private_file(path: Path) -> None:
    """Create the file 0600 ourselves, whatever the umask, before SQLite or SQLAlchemy touch it."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE)
    except FileExistsError:
        return
    os.close(descriptor)
    os.chmod(path, PRIVATE)


def write_problem(path: Path) -> JournalReadOnly | None:
    """What keeps the journal at `path` from being written (its file or its folder is read-only), if anything."""
    # The folder first: on a read-only disk both are, and the folder (its disk) is what to change.
    if not os.access(path.parent, os.W_OK | os.X_OK):
        return JournalReadOnly(path.parent, folder=True)
    if path.exists() and not os.access(path, os.W_OK):
        return JournalReadOnly(path, folder=False)
    return None


def ensure_data_folder(folder: Path) -> None:
    """Make the data folder (private), saying a read-only or full disk as such."""
    from kindaudio.common.paths import ensure_dir

    try:
        ensure_dir(folder)
    except OSError as exc:
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            raise JournalReadOnly(folder.parent, folder=True) from exc
        full = disk_full_error(exc, folder.parent, "your journal's folder")
        if full is not None:
            raise full from exc
        raise


def reading_uri(path: Path) -> str:
    """An SQLite URI that opens `path` only for reading, even where SQLite may not create its lock files."""
    query = "mode=ro"
    shared_memory = path.with_name(path.name + "-shm")
    if not os.access(path.parent, os.W_OK | os.X_OK) and not shared_memory.exists():
        # A write-ahead-log journal needs its -shm file to be read; in a read-only folder none can be made.
        # Nobody can write the file there either, so SQLite may read it as unchanging.
        query += "&immutable=1"
    return f"{path.resolve().as_uri()}?{query}"


def refuse_if_emptied(path: Path, paths: AppPaths, revisions: set[str], existed: bool) -> None:
    """A journal file that was there but holds no tables, while backups exist, is damaged, not new."""
    if existed and not revisions:
        backups = list_backups(paths)
        if backups:
            raise JournalEmpty(path, backups)


def write_failure(exc: BaseException, path: Path) -> KindAudioError | None:
    """A plain error for an SQLite write that failed on a full disk or a read-only file, else None."""
    original = getattr(exc, "orig", exc)
    code = getattr(original, "sqlite_errorcode", None)
    if code is None:
        return None
    primary = code & 0xFF
    if primary == sqlite3.SQLITE_FULL:
        return DiskFull(path.parent, "your journal")
    if primary in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM):
        return write_problem(path) or disk_full_error(original, path.parent, "your journal")
    if primary == sqlite3.SQLITE_IOERR:  # SQLITE_IOERR_SHMSIZE: no room for the lock file on a full disk
        return disk_full_error(original, path.parent, "your journal")
    return None


def look_before_touching(path: Path, paths: AppPaths) -> set[str]:
    """Check the file with plain sqlite3, opened read-only: no pragma that writes, no migration yet.

    Returns the schema revisions stamped in it (none for a new, empty file).
    """
    try:
        with contextlib.closing(sqlite3.connect(reading_uri(path), uri=True,
                                                timeout=BUSY_TIMEOUT_SECONDS)) as connection:
            verdict = [row[0] for row in connection.execute("PRAGMA quick_check")]
            tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            revisions = stamped_revisions(connection)
    except sqlite3.DatabaseError as exc:
        # Even reading needs room for SQLite's lock file (-shm): a full disk is said as one, not as damage.
        said = write_failure(exc, path)
        if said is not None:
            raise said from exc
        raise DatabaseUnreadable(path, list_backups(paths), str(exc)) from exc
    if verdict != ["ok"]:
        raise DatabaseUnreadable(path, list_backups(paths), "; ".join(map(str, verdict[:5])))
    if tables and not revisions:
        raise DatabaseUnreadable(path, list_backups(paths), "not a KindAudio journal")
    if revisions and revisions != {HEAD_REVISION} and not revisions <= known_revisions():
        raise DatabaseTooNew(path, ", ".join(sorted(revisions)))
    return revisions


def bring_to_head(engine: Engine, revisions: set[str], path: Path, paths: AppPaths) -> None:
    """Create the schema in a new file or migrate an older one; a file at head is left alone."""
    if revisions == {HEAD_REVISION}:
        return
    try:
        with engine.connect() as connection:
            if revisions:
                upgrade(connection)
            else:
                create_at_head(connection)
            connection.commit()
    except DBAPIError as exc:
        said = write_failure(exc, path)
        if said is not None:
            raise said from exc
        raise DatabaseUnreadable(path, list_backups(paths), str(exc.orig)) from exc


def make_engine(path: Path, *, read_only: bool = False) -> Engine:
    # hide_parameters: an error's message (and so a logged traceback) shows the SQL, never the values in it.
    if read_only:
        uri = reading_uri(path)
        engine = create_engine(
            "sqlite://", creator=lambda: sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_SECONDS,
                                                         check_same_thread=False),
            poolclass=NullPool, hide_parameters=True)
        event.listen(engine, "connect", _configure_reader)
    else:
        engine = create_engine(URL.create("sqlite", database=str(path)),
                               connect_args={"timeout": BUSY_TIMEOUT_SECONDS}, hide_parameters=True)
        event.listen(engine, "connect", _configure_connection)
    event.listen(engine, "begin", _begin)
    return engine


def _configure_reader(dbapi_connection: Any, connection_record: Any) -> None:
    # Read-only: no journal_mode change (that would write); the rest as for every connection.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_SECONDS * 1000)}")
        cursor.execute("PRAGMA cache_size=-16384")
    finally:
        cursor.close()


def _configure_connection(dbapi_connection: Any, connection_record: Any) -> None:
    # SQLAlchemy opens transactions itself (see _begin), so the driver must not.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_SECONDS * 1000)}")
        # Up to 16 MB of pages in memory (taken only as needed): a large journal's
        # indexes stay cached between queries instead of being read again.
        cursor.execute("PRAGMA cache_size=-16384")
        # Words the person deletes or rewrites (an entry, a note) are overwritten with zeros in the
        # file, not left in its free pages where a disk tool could read them.
        cursor.execute("PRAGMA secure_delete=ON")
    finally:
        cursor.close()


def _begin(connection: Connection) -> None:
    # A writer takes the write lock up front, so two processes queue instead of failing half-way.
    immediate = connection.get_execution_options().get(WRITE_OPTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_side_files_private(path: Path) -> None:
    """The write-ahead log and shared-memory files SQLite created get the journal's own mode."""
    for suffix in ("-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            os.chmod(path.with_name(path.name + suffix), PRIVATE)
