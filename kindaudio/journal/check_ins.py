"""The Journal's check-ins: a mood taken before or after a session, or on its own.

A session has at most one check-in before and one after; a check-in on its own
belongs to no session. Each is changed in place and deleted on its own; those
of a deleted session go with it.
"""

from __future__ import annotations

import logging
from datetime import date, datetime

from sqlalchemy import select

from kindaudio.common.errors import UserInputError
from kindaudio.journal.database import Database
from kindaudio.journal.models import CheckInRow
from kindaudio.journal.records import CheckIn, Moment, Mood
from kindaudio.journal.rows import (
    Reading,
    check_in_row,
    delete_row,
    mood_values,
    one_check_in,
    raw_select,
    read_check_ins,
    session_row,
)

log = logging.getLogger(__name__)


class CheckInsPart(Database):
    """The check-ins part of `kindaudio.journal.store.Journal`."""

    def add_check_in(
        self, mood: Mood, *, moment: Moment, session_id: int | None = None, at: datetime | None = None
    ) -> int:
        moment = Moment(moment)
        if not isinstance(mood, Mood):
            raise UserInputError("A check-in needs a mood.")
        if moment is Moment.STANDALONE and session_id is not None:
            raise UserInputError("A check-in on its own does not belong to a session.")
        if moment is not Moment.STANDALONE and session_id is None:
            raise UserInputError(f"A check-in {moment.value} practice needs the session it belongs to.")
        if at is not None and (at.tzinfo is None or at.utcoffset() is None):
            raise UserInputError("The time of a check-in must include its time zone.")
        with self.writing() as session:
            if session_id is not None:
                session_row(session, session_id)
                taken = session.scalar(
                    select(CheckInRow.id).where(CheckInRow.session_id == session_id, CheckInRow.moment == moment.value)
                )
                if taken is not None:
                    raise UserInputError(
                        f"This session already has a check-in {moment.value} practice; change that one instead."
                    )
            row = CheckInRow(
                session_id=session_id,
                moment=moment.value,
                at=at or self.now(),
                updated_at=self.now(),
                **mood_values(mood),
            )
            session.add(row)
            session.flush()
            return row.id

    def update_check_in(self, check_in_id: int, mood: Mood) -> None:
        if not isinstance(mood, Mood):
            raise UserInputError("A check-in needs a mood.")
        with self.writing() as session:
            row = check_in_row(session, check_in_id)
            for name, value in mood_values(mood).items():
                setattr(row, name, value)
            row.updated_at = self.now()

    def delete_check_in(self, check_in_id: int) -> None:
        with self.writing() as session:
            delete_row(session, CheckInRow, check_in_id, "check-in")

    def check_in(self, check_in_id: int) -> CheckIn:
        with self.reading() as session:
            return one_check_in(session, check_in_id)

    def check_ins(
        self, *, since: date | None = None, until: date | None = None, standalone_only: bool = False
    ) -> list[CheckIn]:
        """Check-ins taken between two local dates (inclusive), oldest first; damaged rows left out."""
        return self.read_check_ins(since=since, until=until, standalone_only=standalone_only).records

    def read_check_ins(
        self, *, since: date | None = None, until: date | None = None, standalone_only: bool = False
    ) -> Reading[CheckIn]:
        """Like `check_ins`, with the damaged rows left out named (kindaudio.journal.rows says how)."""
        statement = raw_select(CheckInRow)
        low, high = self.utc_range(since, until)
        if low is not None:
            statement = statement.where(CheckInRow.at >= low)
        if high is not None:
            statement = statement.where(CheckInRow.at < high)
        if standalone_only:
            statement = statement.where(CheckInRow.session_id.is_(None))
        statement = statement.order_by(CheckInRow.at, CheckInRow.id)
        with self.reading() as session:
            return read_check_ins(session, statement)
