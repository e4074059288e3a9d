"""Getting the journal file ready before the first read: private, looked at, migrated, configured.

The order matters and is kept by `kindaudio.journal.store.open_journal`: the
file is created 0600 before SQLite touches it; it is then looked at read-only
(a damaged file or one from a newer KindAudio is reported and left exactly as
it is); only then is it migrated. Every connection the engine opens gets the
same pragmas (write-ahead log, foreign keys, a busy timeout), and writers take
SQLite's write lock up front so two processes queue instead of failing half-way.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Connection, Engine, create_engine, event
from sqlalchemy.exc import DBAPIError

from kindaudio.common.paths import AppPaths
from kindaudio.journal.backup import list_backups
from kindaudio.journal.errors import DatabaseTooNew, DatabaseUnreadable
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


def look_before_touching(path: Path, paths: AppPaths) -> set[str]:
    """Check the file with plain sqlite3 and reads only: no pragma that writes, no migration yet.

    Returns the schema revisions stamped in it (none for a new, empty file).
    """
    try:
        with contextlib.closing(sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS)) as connection:
            verdict = [row[0] for row in connection.execute("PRAGMA quick_check")]
            tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            revisions = stamped_revisions(connection)
    except sqlite3.DatabaseError as exc:
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
        raise DatabaseUnreadable(path, list_backups(paths), str(exc.orig)) from exc


def make_engine(path: Path) -> Engine:
    # hide_parameters: an error's message (and so a logged traceback) shows the SQL, never the values in it.
    engine = create_engine(URL.create("sqlite", database=str(path)), connect_args={"timeout": BUSY_TIMEOUT_SECONDS},
                           hide_parameters=True)
    event.listen(engine, "connect", _configure_connection)
    event.listen(engine, "begin", _begin)
    return engine


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
