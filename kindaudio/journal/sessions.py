"""The Journal's sessions: written as practice starts and ends, logged by hand, read back and removed.

A session played in the app gets its row when practice *starts* and is updated
as it goes and when it ends, so a crash leaves an "interrupted" session rather
than nothing. Practice done away from the app is logged by hand, at local noon
of its day, and is the only kind a person may correct.
"""

from __future__ import annotations

import logging
import math
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import String, func, select, type_coerce, update

from kindaudio.common.errors import UserInputError
from kindaudio.journal.database import Database
from kindaudio.journal.days import local_noon
from kindaudio.journal.models import SessionRow, from_utc_text
from kindaudio.journal.records import MAX_NOTE_LENGTH, SessionKind, SessionQuery, SessionRecord, SessionStatus
from kindaudio.journal.rows import Reading, delete_row, one_session, raw_select, read_sessions, session_row

log = logging.getLogger(__name__)

MAX_LOGGED_MINUTES = 24 * 60
MAX_TITLE_LENGTH = 500


class SessionsPart(Database):
    """The sessions part of `kindaudio.journal.store.Journal`."""

    # -- sessions played in the app --------------------------------------------------------------

    def start_session(
        self, *, practice_id: str, title: str, content_hash: str, chosen_seconds: int, voice: str | None
    ) -> int:
        """Write the session's row as practice begins, so a crash leaves an interrupted session, not nothing."""
        if not practice_id or not practice_id.strip():
            raise UserInputError("A session needs the id of the practice that is playing.")
        _check_whole_seconds(chosen_seconds, "The chosen length")
        moment = self.now()
        row = SessionRow(
            kind=SessionKind.APP.value,
            practice_id=practice_id,
            title=_checked_title(title),
            content_hash=content_hash,
            chosen_seconds=chosen_seconds,
            voice=voice,
            started_at=moment,
            ended_at=None,
            listened_seconds=0.0,
            status=SessionStatus.IN_PROGRESS.value,
            note="",
            updated_at=moment,
        )
        with self.writing() as session:
            session.add(row)
            session.flush()
            session_id = row.id
        self._live.hold(session_id)  # until it ends: a look from elsewhere sees it playing, not interrupted
        log.info("session %d started", session_id)  # by number only: what was practised is journal data
        return session_id

    def save_listened(self, session_id: int, listened_seconds: float) -> None:
        """Save what has been heard so far; the session stays in progress."""
        listened = _checked_seconds(listened_seconds)
        with self.writing() as session:
            row = session_row(session, session_id)
            if row.status not in (SessionStatus.IN_PROGRESS, SessionStatus.INTERRUPTED):
                log.debug("session %d already ended; not saving listened time", session_id)
                return
            row.listened_seconds = listened
            row.updated_at = self.now()

    def end_session(self, session_id: int, listened_seconds: float, status: SessionStatus) -> None:
        status = SessionStatus(status)
        if status is SessionStatus.IN_PROGRESS:
            raise UserInputError("A session that ends needs a final status (completed, stopped early or interrupted).")
        listened = _checked_seconds(listened_seconds)
        with self.writing() as session:
            row = session_row(session, session_id)
            moment = self.now()
            row.listened_seconds = listened
            row.status = status.value
            row.ended_at = moment
            row.updated_at = moment
        self._live.release(session_id)
        log.info("session %d ended", session_id)

    def mark_unfinished_interrupted(self) -> int:
        """Sessions left "in progress" by a crash or kill become interrupted, keeping what was heard.

        A session still playing in another window or terminal is left as it is: its process holds its
        lock (kindaudio.journal.live).
        """
        with self.writing() as session:
            unfinished = session.scalars(
                select(SessionRow.id).where(SessionRow.status == SessionStatus.IN_PROGRESS.value)).all()
            left = [session_id for session_id in unfinished if not self._live.playing_elsewhere(session_id)]
            count = 0
            for start in range(0, len(left), 500):
                result = session.execute(
                    update(SessionRow)
                    .where(SessionRow.id.in_(left[start:start + 500]),
                           SessionRow.status == SessionStatus.IN_PROGRESS.value)
                    .values(status=SessionStatus.INTERRUPTED.value, updated_at=self.now())
                )
                count += int(getattr(result, "rowcount", 0) or 0)
        if count:
            log.info("%d unfinished sessions marked interrupted", count)
        return count

    # -- practice done away from the app ---------------------------------------------------------

    def log_outside_practice(self, *, day: date, minutes: int, what: str, note: str = "") -> int:
        values = self._outside_values(day=day, minutes=minutes, what=what, note=note)
        with self.writing() as session:
            row = SessionRow(
                kind=SessionKind.LOGGED.value,
                practice_id=None,
                content_hash=None,
                voice=None,
                status=SessionStatus.COMPLETED.value,
                updated_at=self.now(),
                **values,
            )
            session.add(row)
            session.flush()
            return row.id

    def update_outside_practice(self, session_id: int, *, day: date, minutes: int, what: str, note: str = "") -> None:
        values = self._outside_values(day=day, minutes=minutes, what=what, note=note)
        with self.writing() as session:
            row = session_row(session, session_id)
            if row.kind != SessionKind.LOGGED:
                raise UserInputError("Only practice you logged by hand can be changed this way.")
            for name, value in values.items():
                setattr(row, name, value)
            row.updated_at = self.now()

    def _outside_values(self, *, day: date, minutes: int, what: str, note: str) -> dict[str, Any]:
        if not isinstance(day, date) or isinstance(day, datetime):
            raise UserInputError("The day of the practice must be a calendar date.")
        if day > self.today():
            raise UserInputError(
                f"{day.day} {day:%B %Y} is still to come; practice can be logged once it has happened.")
        if day.year < 1970:
            raise UserInputError(f"{day.year} is too long ago for the journal; please check the date.")
        if isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= MAX_LOGGED_MINUTES:
            raise UserInputError(f"Minutes must be a whole number from 1 to {MAX_LOGGED_MINUTES}, not {minutes!r}.")
        title = " ".join(str(what).split())
        if not title:
            raise UserInputError("Please say in a few words what you practised (for example, “walking practice”).")
        note = _checked_note(note)
        started = local_noon(day, self.tz)
        return {
            "title": _checked_title(title),
            "note": note,
            "started_at": started,
            "ended_at": started + timedelta(minutes=minutes),
            "chosen_seconds": minutes * 60,
            "listened_seconds": float(minutes * 60),
        }

    # -- reading and removing sessions -----------------------------------------------------------

    def delete_session(self, session_id: int) -> None:
        """Delete a session; its check-ins go with it (ON DELETE CASCADE)."""
        with self.writing() as session:
            delete_row(session, SessionRow, session_id, "session")

    def session(self, session_id: int) -> SessionRecord:
        with self.reading() as session:
            return one_session(session, session_id)

    def sessions(self, query: SessionQuery = SessionQuery()) -> list[SessionRecord]:
        """Sessions matching `query` (local dates, inclusive), with their before/after check-ins.

        Damaged rows are left out (read_sessions names them).
        """
        return self.read_sessions(query).records

    def read_sessions(self, query: SessionQuery = SessionQuery()) -> Reading[SessionRecord]:
        """Like `sessions`, with the damaged rows left out named (kindaudio.journal.rows says how)."""
        statement = raw_select(SessionRow)
        if query.practice_id is not None:
            statement = statement.where(SessionRow.practice_id == query.practice_id)
        low, high = self.utc_range(query.since, query.until)
        if low is not None:
            statement = statement.where(SessionRow.started_at >= low)
        if high is not None:
            statement = statement.where(SessionRow.started_at < high)
        if query.newest_first:
            statement = statement.order_by(SessionRow.started_at.desc(), SessionRow.id.desc())
        else:
            statement = statement.order_by(SessionRow.started_at, SessionRow.id)
        if query.limit is not None:
            if isinstance(query.limit, bool) or not isinstance(query.limit, int) or query.limit < 0:
                raise UserInputError(f"The number of sessions to show must be 0 or more, not {query.limit!r}.")
            statement = statement.limit(query.limit)
        with self.reading() as session:
            return read_sessions(session, statement)

    def practices_seen(self) -> list[tuple[str, str]]:
        """(practice id, its latest title) for every practice in the journal, by title."""
        statement = (
            select(SessionRow.practice_id, SessionRow.title, func.max(SessionRow.started_at))
            .where(SessionRow.practice_id.is_not(None))
            .group_by(SessionRow.practice_id)
        )
        with self.reading() as session:
            # SQLite takes the bare `title` from the row holding the max(started_at).
            seen = [(str(practice), str(title)) for practice, title, _ in session.execute(statement)]
        return sorted(seen, key=lambda item: (item[1].casefold(), item[0]))

    def last_practised(self) -> dict[str, datetime]:
        """practice id -> when it was last started (aware UTC)."""
        latest = func.max(type_coerce(SessionRow.started_at, String()))
        statement = (
            select(SessionRow.practice_id, latest)
            .where(SessionRow.practice_id.is_not(None))
            .group_by(SessionRow.practice_id)
        )
        found: dict[str, datetime] = {}
        with self.reading() as session:
            for practice, at in session.execute(statement):
                try:
                    found[str(practice)] = from_utc_text(str(at))
                except ValueError:  # a damaged row's time: that practice shows as not practised yet
                    log.warning("a damaged start time among the sessions of one practice")
        return found


# -- checking arguments --------------------------------------------------------------------------


def _check_whole_seconds(value: object, what: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise UserInputError(f"{what} must be a whole number of seconds, 0 or more, not {value!r}.")


def _checked_seconds(value: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
        raise UserInputError(f"The time listened must be a number of seconds, 0 or more, not {value!r}.")
    return float(value)


def _checked_title(title: str) -> str:
    title = " ".join(str(title).split())
    if not title:
        raise UserInputError("A session needs a title.")
    if len(title) > MAX_TITLE_LENGTH:
        raise UserInputError(f"The title is longer than {MAX_TITLE_LENGTH} characters; please shorten it.")
    return title


def _checked_note(note: str) -> str:
    if not isinstance(note, str):
        raise UserInputError("The note must be text.")
    if len(note) > MAX_NOTE_LENGTH:
        raise UserInputError(f"The note is longer than {MAX_NOTE_LENGTH:,} characters; please shorten it.")
    return note
