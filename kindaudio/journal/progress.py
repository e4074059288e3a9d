"""The Journal's progress figures: days and minutes practised, minutes per week, mood before and after, streaks.

The Progress page asks for all of it at once, so it is answered with a few
range queries on the started_at index and bucketed into *local* days here:
what counts as "a day" is the person's day, across clock changes. Streaks are
counted only when asked for (they are off by default: goodwill, not good
feelings, and no streak anxiety).
"""

from __future__ import annotations

import logging
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Select, String, and_, bindparam, select, type_coerce
from sqlalchemy.orm import Session

from kindaudio.common.errors import UserInputError
from kindaudio.journal.database import Database
from kindaudio.journal.days import local_day, local_midnight, week_start
from kindaudio.journal.models import CheckInRow, SessionRow, UtcTimestamp, from_utc_text, utc_text
from kindaudio.journal.records import Moment, MoodPoint, PracticeMoodChange, ProgressFigures, Streak, WeekMinutes

log = logging.getLogger(__name__)

MAX_WEEKS = 520
MAX_SESSION_SECONDS = 7 * 24 * 3600  # more than a week in one session is a damaged row, as for exports


class ProgressPart(Database):
    """The progress part of `kindaudio.journal.store.Journal`."""

    def progress(self, *, weeks: int = 12, today: date | None = None, streak: bool = False) -> ProgressFigures:
        """The Progress page's figures: a few range queries on indexes, bucketed into local days here."""
        if isinstance(weeks, bool) or not isinstance(weeks, int) or not 1 <= weeks <= MAX_WEEKS:
            raise UserInputError(f"Weeks must be a whole number from 1 to {MAX_WEEKS}, not {weeks!r}.")
        today = today or self.today()
        this_week = week_start(today)
        first_week = this_week - timedelta(weeks=weeks - 1)
        month_start = today.replace(day=1)
        first_day = min(first_week, month_start, today - timedelta(days=29))
        day_count = (today - first_day).days + 1
        # UTC text of every local midnight from first_day to the day after today: the edges of the local days.
        bounds_at = [local_midnight(first_day + timedelta(days=n), self.tz) for n in range(day_count + 1)]
        bounds = [utc_text(moment) for moment in bounds_at]
        days = [first_day + timedelta(days=n) for n in range(day_count)]
        week_index = (first_week - first_day).days
        seconds = [0.0] * day_count
        mood: list[MoodPoint] = []
        changes: dict[str | None, list[Any]] = {}
        with self.reading() as session:
            rows = session.connection().execute(_PROGRESS_ROWS, {"low": bounds_at[0], "high": bounds_at[-1]}).all()
            streak_days = self._practice_days(session) if streak else None
        index, next_day = 0, bounds[1]
        for at, listened, session_id, title, practice_id, before, after in rows:
            while at >= next_day:  # rows come in time order: walk the days along with them
                index += 1
                next_day = bounds[index + 1]
            if isinstance(listened, (int, float)) and 0 < listened < MAX_SESSION_SECONDS:  # a damaged row adds 0
                seconds[index] += listened
            if index >= week_index and (before is not None or after is not None):
                mood.append(MoodPoint(session_id, days[index], title, before, after))
                if before is not None and after is not None:
                    change = changes.setdefault(practice_id, [title, 0, 0])
                    change[0] = title  # rows come oldest first: the latest title wins
                    change[1] += 1
                    change[2] += after - before
        minutes = [value / 60.0 for value in seconds]

        def from_day(start: date) -> list[float]:
            return minutes[(start - first_day).days:]

        per_week = tuple(
            WeekMinutes(first_week + timedelta(weeks=n), sum(minutes[week_index + 7 * n: week_index + 7 * n + 7]))
            for n in range(weeks)
        )
        last_7, last_30, month = from_day(today - timedelta(days=6)), from_day(today - timedelta(days=29)), from_day(
            month_start)
        mood_change = tuple(sorted(
            (PracticeMoodChange(practice_id, title, count, total / count)
             for practice_id, (title, count, total) in changes.items()),
            key=lambda change: (change.title.casefold(), change.practice_id or ""),
        ))
        days_this_month = sum(1 for value in month if value > 0)
        return ProgressFigures(
            today=today,
            days_last_7=sum(1 for value in last_7 if value > 0),
            days_last_30=sum(1 for value in last_30 if value > 0),
            minutes_last_7=sum(last_7),
            days_this_month=days_this_month,
            minutes_this_month=sum(month),
            minutes_per_week=per_week,
            mood=tuple(mood),
            mood_change=mood_change,
            streak=None if streak_days is None else _streak(streak_days, today, days_this_month),
        )

    def _practice_days(self, session: Session) -> list[date]:
        """Every local day with practice, in order (one pass over the index; streaks are off by default).

        Rows come in time order, so a start before the current day's end is the same day:
        a string comparison per session, a time-zone conversion only per new day.
        """
        days: list[date] = []
        day_end = ""
        for at in session.connection().execute(_PRACTICE_STARTS).scalars().all():
            if at < day_end:
                continue
            try:
                day = local_day(from_utc_text(at), self.tz)
            except (ValueError, OverflowError):  # a damaged row's time (rows.py names it elsewhere): no day
                continue
            days.append(day)
            day_end = utc_text(local_midnight(day + timedelta(days=1), self.tz))
        return days


def _progress_rows() -> Select[Any]:
    """Every session started in [low, high) with its before and after valence, oldest first.

    One pass over the started_at index; the check-ins come from their (session_id, moment)
    index. Built once: SQLAlchemy then reuses the compiled SQL on every call.
    """
    sessions, check_ins = SessionRow.__table__, CheckInRow.__table__
    before, after = check_ins.alias("before"), check_ins.alias("after")
    started = sessions.c.started_at
    return (
        select(type_coerce(started, String()), sessions.c.listened_seconds, sessions.c.id, sessions.c.title,
               sessions.c.practice_id, before.c.valence, after.c.valence)
        .select_from(
            sessions.outerjoin(before, and_(before.c.session_id == sessions.c.id,
                                            before.c.moment == Moment.BEFORE.value))
            .outerjoin(after, and_(after.c.session_id == sessions.c.id, after.c.moment == Moment.AFTER.value))
        )
        .where(started >= bindparam("low", type_=UtcTimestamp()), started < bindparam("high", type_=UtcTimestamp()))
        .order_by(started)
    )


_PROGRESS_ROWS = _progress_rows()
_PRACTICE_STARTS = (
    select(type_coerce(SessionRow.__table__.c.started_at, String()))
    .where(SessionRow.__table__.c.listened_seconds > 0)
    .order_by(SessionRow.__table__.c.started_at)
)


def _streak(days: list[date], today: date, days_this_month: int) -> Streak:
    best = run = 0
    previous: date | None = None
    for day in days:
        run = run + 1 if previous is not None and day - previous == timedelta(days=1) else 1
        best = max(best, run)
        previous = day
    current = 0
    if days and days[-1] >= today - timedelta(days=1):
        # Count back from the newest day on or before today.
        usable = [day for day in days if day <= today]
        if usable and usable[-1] >= today - timedelta(days=1):
            current = 1
            for earlier, later in zip(reversed(usable[:-1]), reversed(usable)):
                if later - earlier != timedelta(days=1):
                    break
                current += 1
    return Streak(current=current, best=best, days_this_month=days_this_month)
