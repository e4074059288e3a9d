"""The first journal schema: sessions and check-ins.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("practice_id", sa.String(200), nullable=True),
        sa.Column("title", sa.String(500), nullable=False),
        sa.Column("content_hash", sa.String(128), nullable=True),
        sa.Column("chosen_seconds", sa.Integer(), nullable=False),
        sa.Column("voice", sa.String(200), nullable=True),
        sa.Column("started_at", sa.String(27), nullable=False),
        sa.Column("ended_at", sa.String(27), nullable=True),
        sa.Column("listened_seconds", sa.Float(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.String(27), nullable=False),
        sa.CheckConstraint("listened_seconds >= 0", name=op.f("ck_sessions_listened_not_negative")),
        sa.CheckConstraint("chosen_seconds >= 0", name=op.f("ck_sessions_chosen_not_negative")),
        sa.PrimaryKeyConstraint("id", name="pk_sessions"),
    )
    op.create_index("ix_sessions_started_at", "sessions", ["started_at", "listened_seconds", "practice_id", "title"])
    op.create_index("ix_sessions_practice_id_started_at", "sessions", ["practice_id", "started_at"])
    op.create_index("ix_sessions_status", "sessions", ["status"])
    op.create_table(
        "check_ins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("moment", sa.String(16), nullable=False),
        sa.Column("at", sa.String(27), nullable=False),
        sa.Column("valence", sa.Integer(), nullable=False),
        sa.Column("feelings", sa.JSON(), nullable=False),
        sa.Column("difficult", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("share_note", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.String(27), nullable=False),
        sa.CheckConstraint("valence BETWEEN -3 AND 3", name=op.f("ck_check_ins_valence_range")),
        sa.ForeignKeyConstraint(
            ["session_id"], ["sessions.id"], name="fk_check_ins_session_id_sessions", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_check_ins"),
    )
    op.create_index("uq_check_ins_session_id_moment", "check_ins", ["session_id", "moment"], unique=True)
    op.create_index("ix_check_ins_session_id_moment_valence", "check_ins", ["session_id", "moment", "valence"])
    op.create_index("ix_check_ins_at", "check_ins", ["at"])


def downgrade() -> None:
    op.drop_table("check_ins")
    op.drop_table("sessions")
