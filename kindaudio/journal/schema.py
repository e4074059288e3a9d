"""Bringing a journal file's schema to head with Alembic, in code (no alembic.ini).

Alembic is imported only when a file is not yet at head (a new or older
journal), so an ordinary start does not pay for it. A file at a revision this
version has never heard of was written by a newer KindAudio and is left alone.
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
HEAD_REVISION = "0001"


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
