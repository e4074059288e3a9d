"""The journal's tables, as SQLAlchemy 2 declarative classes.

The schema itself is owned by the Alembic migrations (kindaudio/journal/migrations);
these classes describe the head revision so the store can query it, and a test
checks that they and the migrated database agree.

Times are stored as fixed-width UTC text (`2024-05-01T07:30:00.000000Z`), so SQLite
compares and orders them correctly as plain strings and date ranges can use an index.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    event,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

UTC_TEXT_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"

# Constraint names fixed by convention, so later migrations (batch mode on SQLite) can name them.
NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utc_text(moment: datetime) -> str:
    """The stored form of an aware datetime: UTC, fixed width, so text order is time order."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"a naive datetime cannot be stored in the journal: {moment!r}")
    return moment.astimezone(UTC).strftime(UTC_TEXT_FORMAT)


def from_utc_text(text: str) -> datetime:
    return datetime.fromisoformat(text)  # the trailing Z makes it aware UTC


class UtcTimestamp(TypeDecorator[datetime]):
    """An aware datetime kept as UTC text; aware UTC datetimes come back."""

    impl = String(27)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> str | None:
        return None if value is None else utc_text(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        return None if value is None else from_utc_text(str(value))


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class SessionRow(Base):
    """One practice: a row written when it starts, updated while it plays and when it ends."""

    __tablename__ = "sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    practice_id: Mapped[str | None] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(500))
    content_hash: Mapped[str | None] = mapped_column(String(128))
    chosen_seconds: Mapped[int] = mapped_column(Integer)
    voice: Mapped[str | None] = mapped_column(String(200))
    started_at: Mapped[datetime] = mapped_column(UtcTimestamp())
    ended_at: Mapped[datetime | None] = mapped_column(UtcTimestamp())
    listened_seconds: Mapped[float] = mapped_column(Float, default=0.0)
    status: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UtcTimestamp())

    __table_args__ = (
        CheckConstraint("listened_seconds >= 0", name="listened_not_negative"),
        CheckConstraint("chosen_seconds >= 0", name="chosen_not_negative"),
        # Date ranges; it also holds everything the progress figures read, so they never touch the table.
        Index("ix_sessions_started_at", "started_at", "listened_seconds", "practice_id", "title"),
        Index("ix_sessions_practice_id_started_at", "practice_id", "started_at"),
        Index("ix_sessions_status", "status"),
    )


class CheckInRow(Base):
    """A mood check-in: before or after a session, or on its own."""

    __tablename__ = "check_ins"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    moment: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime] = mapped_column(UtcTimestamp())
    valence: Mapped[int] = mapped_column(Integer)
    feelings: Mapped[list[str]] = mapped_column(JSON, default=list)
    difficult: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(Text, default="")
    share_note: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(UtcTimestamp())

    __table_args__ = (
        CheckConstraint("valence BETWEEN -3 AND 3", name="valence_range"),
        # At most one before and one after per session; check-ins on their own have no session (NULLs differ).
        Index("uq_check_ins_session_id_moment", "session_id", "moment", unique=True),
        # A session's valences straight from the index (the progress figures' mood points).
        Index("ix_check_ins_session_id_moment_valence", "session_id", "moment", "valence"),
        Index("ix_check_ins_at", "at"),
    )


class EntryRow(Base):
    """A written entry (kindaudio.journal.entry_records): a writing kind's answers, private unless `shared`.

    `body` is the answers' text run together, kept for search: the full-text index
    `entries_fts` (SQLite FTS5, external content) follows it through the triggers in
    ENTRY_SEARCH_DDL. Deleting a session or check-in keeps the entry (what was written
    is the person's own) and only forgets the link.
    """

    __tablename__ = "entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(64))
    kind_title: Mapped[str] = mapped_column(String(200))
    answers: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    body: Mapped[str] = mapped_column(Text, default="")
    day: Mapped[date] = mapped_column(Date)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("sessions.id", ondelete="SET NULL"))
    check_in_id: Mapped[int | None] = mapped_column(ForeignKey("check_ins.id", ondelete="SET NULL"))
    valence_before: Mapped[int | None] = mapped_column(Integer)
    valence_after: Mapped[int | None] = mapped_column(Integer)
    shared: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UtcTimestamp())
    updated_at: Mapped[datetime] = mapped_column(UtcTimestamp())

    __table_args__ = (
        CheckConstraint("valence_before BETWEEN -3 AND 3", name="valence_before_range"),
        CheckConstraint("valence_after BETWEEN -3 AND 3", name="valence_after_range"),
        # The list, newest day first, and a date range; the shared ones for exports.
        Index("ix_entries_day_id", "day", "id"),
        Index("ix_entries_shared_day", "shared", "day"),
        Index("ix_entries_session_id", "session_id"),
        Index("ix_entries_check_in_id", "check_in_id"),
    )


# The full-text index over entries.body (FTS5, external content, so the text is stored once), kept in
# step by triggers. Made after the table by create_all; migration 0002 holds a frozen copy of these lines,
# and a test checks that both ways give the same schema.
ENTRY_SEARCH_DDL: tuple[str, ...] = (
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
SEARCH_TABLE_PREFIX = "entries_fts"  # the index and its shadow tables: not described by the classes here


@event.listens_for(EntryRow.__table__, "after_create")
def _make_entry_search(target: Any, connection: Any, **kw: Any) -> None:
    for statement in ENTRY_SEARCH_DDL:
        connection.exec_driver_sql(statement)
