"""Written entries: the self-compassion journal's guided writing, with a full-text index.

Revision ID: 0002
Revises: 0001

Adds the `entries` table and `entries_fts` (SQLite FTS5 over entries.body,
external content, kept in step by triggers). Sessions and check-ins are not
touched. The FTS statements are a frozen copy of models.ENTRY_SEARCH_DDL as it
was at this revision (a test checks that a new journal and a migrated one
have the same schema).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None

_SEARCH = (
    "CREATE VIRTUAL TABLE entries_fts USING fts5(body, content='entries', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER entries_fts_insert AFTER INSERT ON entries BEGIN "
    "INSERT INTO entries_fts(rowid, body) VALUES (new.id, new.body); END",
    "CREATE TRIGGER entries_fts_delete AFTER DELETE ON entries BEGIN "
    "INSERT INTO entries_fts(entries_fts, rowid, body) VALUES ('delete', old.id, old.body); END",
    "CREATE TRIGGER entries_fts_update AFTER UPDATE OF body ON entries BEGIN "
    "INSERT INTO entries_fts(entries_fts, rowid, body) VALUES ('delete', old.id, old.body); "
    "INSERT INTO entries_fts(rowid, body) VALUES (new.id, new.body); END",
)


def upgrade() -> None:
    op.create_table(
        "entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("kind_title", sa.String(200), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("check_in_id", sa.Integer(), nullable=True),
        sa.Column("valence_before", sa.Integer(), nullable=True),
        sa.Column("valence_after", sa.Integer(), nullable=True),
        sa.Column("shared", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.String(27), nullable=False),
        sa.Column("updated_at", sa.String(27), nullable=False),
        sa.CheckConstraint("valence_before BETWEEN -3 AND 3", name=op.f("ck_entries_valence_before_range")),
        sa.CheckConstraint("valence_after BETWEEN -3 AND 3", name=op.f("ck_entries_valence_after_range")),
        sa.ForeignKeyConstraint(["session_id"], ["sessions.id"], name="fk_entries_session_id_sessions",
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["check_in_id"], ["check_ins.id"], name="fk_entries_check_in_id_check_ins",
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_entries"),
    )
    op.create_index("ix_entries_day_id", "entries", ["day", "id"])
    op.create_index("ix_entries_shared_day", "entries", ["shared", "day"])
    op.create_index("ix_entries_session_id", "entries", ["session_id"])
    op.create_index("ix_entries_check_in_id", "entries", ["check_in_id"])
    for statement in _SEARCH:
        op.execute(statement)


def downgrade() -> None:
    for trigger in ("entries_fts_update", "entries_fts_delete", "entries_fts_insert"):
        op.execute(f"DROP TRIGGER {trigger}")
    op.execute("DROP TABLE entries_fts")
    op.drop_table("entries")
