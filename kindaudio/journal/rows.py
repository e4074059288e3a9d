"""Table rows to plain records and back, and finding a row by its id.

The ORM rows (`kindaudio.journal.models`) stay inside an open SQLAlchemy
session; what leaves the journal is a frozen record (`kindaudio.journal.records`)
that any thread or page can hold. These are the only places the two meet.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from kindaudio.journal.errors import JournalError
from kindaudio.journal.models import CheckInRow, SessionRow
from kindaudio.journal.records import CheckIn, Moment, Mood, SessionKind, SessionRecord, SessionStatus

log = logging.getLogger(__name__)

_CHUNK = 500  # ids per IN (...) list, well under SQLite's limit on bound parameters


def session_row(session: Session, session_id: int) -> SessionRow:
    row = session.get(SessionRow, session_id)
    if row is None:
        raise JournalError(f"There is no session {session_id} in the journal.")
    return row


def check_in_row(session: Session, check_in_id: int) -> CheckInRow:
    row = session.get(CheckInRow, check_in_id)
    if row is None:
        raise JournalError(f"There is no check-in {check_in_id} in the journal.")
    return row


def delete_row(session: Session, table: type[SessionRow] | type[CheckInRow], row_id: int, what: str) -> None:
    result = session.execute(delete(table).where(table.id == row_id))
    if not getattr(result, "rowcount", 0):
        raise JournalError(f"There is no {what} {row_id} in the journal.")


def check_ins_of(session: Session, session_ids: Sequence[int]) -> dict[tuple[int, str], CheckIn]:
    """The before and after check-ins of these sessions, by (session id, moment)."""
    found: dict[tuple[int, str], CheckIn] = {}
    for start in range(0, len(session_ids), _CHUNK):
        chunk = session_ids[start:start + _CHUNK]
        for row in session.scalars(select(CheckInRow).where(CheckInRow.session_id.in_(chunk))):
            assert row.session_id is not None
            found[(row.session_id, row.moment)] = check_in_record(row)
    return found


def mood_values(mood: Mood) -> dict[str, Any]:
    """A mood as the check-in row's columns."""
    return {
        "valence": mood.valence,
        "feelings": list(mood.feelings),
        "difficult": mood.difficult,
        "note": mood.note,
        "share_note": mood.share_note,
    }


def check_in_record(row: CheckInRow) -> CheckIn:
    return CheckIn(
        id=row.id,
        session_id=row.session_id,
        moment=Moment(row.moment),
        at=row.at,
        mood=Mood(
            valence=row.valence,
            feelings=tuple(row.feelings or ()),
            difficult=bool(row.difficult),
            note=row.note or "",
            share_note=bool(row.share_note),
        ),
    )


def session_record(row: SessionRow, check_ins: dict[tuple[int, str], CheckIn]) -> SessionRecord:
    """A session with its before and after check-ins (from `check_ins_of`)."""
    return SessionRecord(
        id=row.id,
        kind=SessionKind(row.kind),
        practice_id=row.practice_id,
        title=row.title,
        content_hash=row.content_hash,
        chosen_seconds=row.chosen_seconds,
        voice=row.voice,
        started_at=row.started_at,
        ended_at=row.ended_at,
        listened_seconds=row.listened_seconds,
        status=SessionStatus(row.status),
        before=check_ins.get((row.id, Moment.BEFORE.value)),
        after=check_ins.get((row.id, Moment.AFTER.value)),
        note=row.note or "",
    )
