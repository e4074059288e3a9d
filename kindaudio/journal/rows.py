"""Table rows to plain records and back, and finding a row by its id.

The ORM rows (`kindaudio.journal.models`) stay inside an open SQLAlchemy
session; what leaves the journal is a frozen record (`kindaudio.journal.records`)
that any thread or page can hold. These are the only places the two meet.

Records are read as raw columns (times and feelings as the text stored) and
each row is turned into its record on its own: a row no KindAudio could have
written (an unknown status, a time that is not a time, feelings that are not
JSON, an endless time listened, a note far past the limit) is left out and
*named* ("session 12 (2026-05-01): its start time is not a time"), and every
other row still reads. One damaged row must never hide a whole journal. The
names carry ids and what is wrong, never what the row says.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Generic, TypeVar

from sqlalchemy import JSON, Select, String, delete, select, type_coerce
from sqlalchemy.orm import Session

from kindaudio.common.errors import UserInputError
from kindaudio.journal.errors import JournalError
from kindaudio.journal.models import CheckInRow, SessionRow, UtcTimestamp, from_utc_text
from kindaudio.journal.records import (
    MAX_NOTE_LENGTH,
    CheckIn,
    Moment,
    Mood,
    SessionKind,
    SessionRecord,
    SessionStatus,
)

log = logging.getLogger(__name__)

_CHUNK = 500  # ids per IN (...) list, well under SQLite's limit on bound parameters
T = TypeVar("T")
CheckInsByKey = dict[tuple[int, str], CheckIn]  # (session id, moment) -> that session's check-in


class DamagedRow(Exception):
    """A row that cannot be a record; the message says what is wrong with it, never what it holds."""


@dataclass(frozen=True)
class Reading(Generic[T]):
    """Records read, and the damaged rows left out, each named ("check-in 7 (2026-05-01): its time is not a time")."""

    records: list[T]
    damaged: list[str] = field(default_factory=list)


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


def raw_select(table: type[SessionRow] | type[CheckInRow]) -> Select[Any]:
    """Every column of `table` as stored: times and JSON as their text, so a bad value fails its own row only."""
    columns = [type_coerce(column, String()).label(column.name) if isinstance(column.type, (UtcTimestamp, JSON))
               else column for column in table.__table__.c]
    return select(*columns)


def check_ins_of(session: Session, session_ids: Sequence[int]) -> Reading[tuple[tuple[int, str], CheckIn]]:
    """The before and after check-ins of these sessions, as ((session id, moment), check-in) pairs."""
    found: list[tuple[tuple[int, str], CheckIn]] = []
    damaged: list[str] = []
    for start in range(0, len(session_ids), _CHUNK):
        chunk = session_ids[start:start + _CHUNK]
        statement = raw_select(CheckInRow).where(CheckInRow.session_id.in_(chunk))
        for row in session.execute(statement).mappings():
            try:
                record = check_in_from_raw(row)
            except DamagedRow as exc:
                damaged.append(f"check-in {row['id']} (of session {row['session_id']}): {exc}")
                continue
            assert record.session_id is not None
            found.append(((record.session_id, record.moment.value), record))
    return Reading(found, damaged)


def read_check_ins(session: Session, statement: Select[Any]) -> Reading[CheckIn]:
    """Check-ins from a raw_select(CheckInRow) statement; damaged rows left out and named."""
    records: list[CheckIn] = []
    damaged: list[str] = []
    for row in session.execute(statement).mappings():
        try:
            records.append(check_in_from_raw(row))
        except DamagedRow as exc:
            damaged.append(f"check-in {row['id']}{_day_of(row['at'])}: {exc}")
    if damaged:
        log.warning("%d damaged check-in rows left out", len(damaged))
    return Reading(records, damaged)


def read_sessions(session: Session, statement: Select[Any]) -> Reading[SessionRecord]:
    """Sessions from a raw_select(SessionRow) statement with their check-ins; damaged rows left out and named.

    A damaged check-in is named and its session shown without it.
    """
    rows = list(session.execute(statement).mappings())
    check_ins = check_ins_of(session, [row["id"] for row in rows])
    by_key: CheckInsByKey = dict(check_ins.records)
    records: list[SessionRecord] = []
    damaged: list[str] = []
    for row in rows:
        try:
            records.append(session_from_raw(row, by_key))
        except DamagedRow as exc:
            damaged.append(f"session {row['id']}{_day_of(row['started_at'])}: {exc}")
    if damaged or check_ins.damaged:
        log.warning("%d damaged session rows and %d damaged check-in rows left out", len(damaged),
                    len(check_ins.damaged))
    return Reading(records, damaged + check_ins.damaged)


def mood_values(mood: Mood) -> dict[str, Any]:
    """A mood as the check-in row's columns."""
    return {
        "valence": mood.valence,
        "feelings": list(mood.feelings),
        "difficult": mood.difficult,
        "note": mood.note,
        "share_note": mood.share_note,
    }


def one_check_in(session: Session, check_in_id: int) -> CheckIn:
    """One check-in by id; a damaged one is said as a JournalError naming it."""
    row = session.execute(raw_select(CheckInRow).where(CheckInRow.id == check_in_id)).mappings().first()
    if row is None:
        raise JournalError(f"There is no check-in {check_in_id} in the journal.")
    try:
        return check_in_from_raw(row)
    except DamagedRow as exc:
        raise JournalError(f"Check-in {check_in_id} in the journal is damaged: {exc}.") from None


def one_session(session: Session, session_id: int) -> SessionRecord:
    """One session by id with its check-ins; a damaged one is said as a JournalError naming it."""
    reading = read_sessions(session, raw_select(SessionRow).where(SessionRow.id == session_id))
    if reading.records:
        return reading.records[0]
    if not reading.damaged:
        raise JournalError(f"There is no session {session_id} in the journal.")
    raise JournalError(f"Session {session_id} in the journal is damaged: {reading.damaged[0].split(': ', 1)[1]}.")


def check_in_from_raw(row: Any) -> CheckIn:
    """A check-in from its raw columns (raw_select), or DamagedRow saying what is wrong."""
    moment = _enum(Moment, row["moment"], "its moment (before, after or on its own) is unknown")
    at = _moment(row["at"], "its time is not a time")
    feelings = _feelings(row["feelings"])
    note = row["note"] or ""
    if not isinstance(note, str):
        raise DamagedRow("its note is not text")
    if len(note) > MAX_NOTE_LENGTH:
        raise DamagedRow(f"its note is {len(note):,} characters long, more than any note KindAudio saves")
    session_id = row["session_id"]
    if (session_id is None) != (moment is Moment.STANDALONE):
        raise DamagedRow("its moment does not match whether it belongs to a session")
    try:
        mood = Mood(valence=row["valence"], feelings=feelings, difficult=bool(row["difficult"]), note=note,
                    share_note=bool(row["share_note"]))
    except UserInputError:
        raise DamagedRow("its mood or feelings are not ones KindAudio saves") from None
    return CheckIn(id=row["id"], session_id=session_id, moment=moment, at=at, mood=mood)


def session_from_raw(row: Any, check_ins: CheckInsByKey) -> SessionRecord:
    """A session from its raw columns (raw_select) and its check-ins by (session id, moment), or DamagedRow."""
    kind = _enum(SessionKind, row["kind"], "its kind is unknown")
    status = _enum(SessionStatus, row["status"], "its status is unknown")
    started_at = _moment(row["started_at"], "its start time is not a time")
    ended_at = None if row["ended_at"] is None else _moment(row["ended_at"], "its end time is not a time")
    chosen = row["chosen_seconds"]
    if isinstance(chosen, bool) or not isinstance(chosen, int) or chosen < 0:
        raise DamagedRow("its chosen length is not a whole number of seconds")
    listened = row["listened_seconds"]
    if isinstance(listened, bool) or not isinstance(listened, (int, float)) or not math.isfinite(listened) \
            or listened < 0:
        raise DamagedRow("the time listened is not a possible length")
    title, note = row["title"], row["note"] or ""
    if not isinstance(title, str) or not isinstance(note, str):
        raise DamagedRow("its title or note is not text")
    if len(note) > MAX_NOTE_LENGTH:
        raise DamagedRow(f"its note is {len(note):,} characters long, more than any note KindAudio saves")
    session_id = row["id"]
    return SessionRecord(
        id=session_id,
        kind=kind,
        practice_id=row["practice_id"],
        title=title,
        content_hash=row["content_hash"],
        chosen_seconds=chosen,
        voice=row["voice"],
        started_at=started_at,
        ended_at=ended_at,
        listened_seconds=float(listened),
        status=status,
        before=check_ins.get((session_id, Moment.BEFORE.value)),
        after=check_ins.get((session_id, Moment.AFTER.value)),
        note=note,
    )


def _day_of(stored: object) -> str:
    """' (2026-05-01)' from a stored time, when it is one; '' otherwise (the row is named by its id alone)."""
    try:
        return f" ({_moment(stored, '').date().isoformat()})"
    except DamagedRow:
        return ""


def _enum(kind: Any, value: object, problem: str) -> Any:
    try:
        return kind(value)
    except ValueError:
        raise DamagedRow(problem) from None


def _moment(stored: object, problem: str) -> datetime:
    """An aware datetime from the stored UTC text."""
    if not isinstance(stored, str):
        raise DamagedRow(problem)
    try:
        moment = from_utc_text(stored)
    except (ValueError, OverflowError):
        raise DamagedRow(problem) from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise DamagedRow(problem)
    return moment


def _feelings(stored: object) -> tuple[str, ...]:
    if stored is None:
        return ()
    if not isinstance(stored, (str, bytes)):
        raise DamagedRow("its feelings are not readable")
    try:
        value = json.loads(stored)
    except (ValueError, RecursionError):
        raise DamagedRow("its feelings are not readable") from None
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(word, str) for word in value):
        raise DamagedRow("its feelings are not a list of words")
    return tuple(value)
