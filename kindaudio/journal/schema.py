"""Bringing a journal file's schema to head with Alembic, in code (no alembic.ini).

Alembic is imported only when an older journal needs migrating, so an ordinary
start does not pay for it (about 12 MB and 30 ms). A new journal is made from
the models at head and stamped with the head revision, as Alembic's own recipe
for a database built from scratch does; a test holds the two ways to the same
schema. A file at a revision this version has never heard of was written by a
newer KindAudio and is left alone.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alembic.script import ScriptDirectory
    from sqlalchemy import Connection

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Kept in step with the newest file in migrations/versions (a test checks it).
HEAD_REVISION = "0002"


def script_directory() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(MIGRATIONS))


def known_revisions() -> set[str]:
    return {script.revision for script in script_directory().walk_revisions()}


def stamped_revisions(connection: sqlite3.Connection) -> set[str]:
    """The revisions recorded in a file, read with plain sqlite3 (nothing written)."""
    tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "alembic_version" not in tables:
        return set()
    return {str(version) for (version,) in connection.execute("SELECT version_num FROM alembic_version")}


def upgrade(connection: Connection, revision: str = "head") -> None:
    """Migrate the database behind `connection` to `revision`, in the caller's transaction."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    config.attributes["connection"] = connection
    log.info("migrating the journal to %s", revision)
    command.upgrade(config, revision)


def create_at_head(connection: Connection) -> None:
    """Make a new journal's tables from the models and stamp it at head, in the caller's transaction.

    Safe against another process doing the same at once: the caller's
    transaction holds SQLite's write lock, tables are made only when missing,
    and the revision is recorded only when none is.
    """
    from sqlalchemy import text

    from kindaudio.journal.models import Base

    Base.metadata.create_all(connection)
    connection.execute(text("CREATE TABLE IF NOT EXISTS alembic_version ("
                            "version_num VARCHAR(32) NOT NULL, "
                            "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))"))
    connection.execute(text("INSERT INTO alembic_version (version_num) SELECT :head "
                            "WHERE NOT EXISTS (SELECT 1 FROM alembic_version)"), {"head": HEAD_REVISION})
    log.info("made a new journal at %s", HEAD_REVISION)
