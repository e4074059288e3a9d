"""Alembic's entry point for the journal's migrations.

KindAudio runs migrations in code (kindaudio.journal.schema) on a connection it
already opened and configured (WAL, foreign keys), handed over in
`config.attributes["connection"]`; there is no alembic.ini. A developer making a
new revision can point Alembic here with `-x url=sqlite:///path` instead.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from kindaudio.journal.models import Base


def _migrate(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _migrate(connection)
        return
    url = context.get_x_argument(as_dictionary=True).get("url")
    if not url:
        raise SystemExit("give the database with -x url=sqlite:///path/to/journal.sqlite3")
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            _migrate(connection)
    finally:
        engine.dispose()


# Only when Alembic runs this file; importing it (as the layer tests do) does nothing.
if getattr(context, "_proxy", None) is not None:
    run()
