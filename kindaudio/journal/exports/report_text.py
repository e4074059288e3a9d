"""The report's figures and words, without drawing: what the PDF says, so it can be checked on its own.

The PDF writer (`pdf`) lays these out; keeping them apart keeps each module
small and lets a test ask "what does the summary say" without reading a PDF.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from kindaudio.journal.charts import week_label
from kindaudio.journal.exports.data import ExportData
from kindaudio.journal.records import CheckIn, Moment, SessionRecord, SessionStatus

STATUS_WORDS = {
    SessionStatus.COMPLETED: "Completed",
    SessionStatus.STOPPED_EARLY: "Stopped early",
    SessionStatus.INTERRUPTED: "Interrupted",
    SessionStatus.IN_PROGRESS: "In progress",
}
MOMENT_WORDS = {Moment.BEFORE: "Before", Moment.AFTER: "After", Moment.STANDALONE: "On its own"}


@dataclass(frozen=True)
class Summary:
    days_practised: int
    minutes: float
    sessions: int
    mood_pairs: int  # sessions with both a before and an after check-in
    mean_before: float | None
    mean_after: float | None
    difficult: int = 0  # check-ins (with a session or on their own) where difficult feelings came up

    def mood_change(self) -> tuple[float, float, float] | None:
        """Before, after and the change, each to one decimal, the change computed from the rounded two.

        So the line reads right to anyone checking it by hand: "-1.9 → -0.1
        (change +1.8)", never a change that the figures beside it do not give.
        """
        if self.mean_before is None or self.mean_after is None:
            return None
        before, after = round(self.mean_before, 1), round(self.mean_after, 1)
        return before, after, round(after - before, 1)


def summarise(data: ExportData) -> Summary:
    days = {local_day(s.started_at, data) for s in data.sessions}
    pairs = [(s.before.mood.valence, s.after.mood.valence) for s in data.sessions
             if s.before is not None and s.after is not None]
    return Summary(
        days_practised=len(days),
        minutes=sum(s.listened_seconds for s in data.sessions) / 60.0,
        sessions=len(data.sessions),
        mood_pairs=len(pairs),
        mean_before=sum(b for b, _ in pairs) / len(pairs) if pairs else None,
        mean_after=sum(a for _, a in pairs) / len(pairs) if pairs else None,
        difficult=sum(1 for check_in in data.check_ins() if check_in.mood.difficult),
    )


def minutes_per_week(data: ExportData) -> list[tuple[date, float]]:
    """Every week touching the range (Mondays, local), oldest first, with the minutes heard in it."""
    first = data.since - timedelta(days=data.since.weekday())
    last = data.until - timedelta(days=data.until.weekday())
    weeks = {first + timedelta(weeks=i): 0.0 for i in range((last - first).days // 7 + 1)}
    for session in data.sessions:
        day = local_day(session.started_at, data)
        monday = day - timedelta(days=day.weekday())
        if monday in weeks:
            weeks[monday] += session.listened_seconds / 60.0
    return sorted(weeks.items())


def local_day(moment: datetime, data: ExportData) -> date:
    return moment.astimezone(data.tz).date()


def session_feelings(session: SessionRecord) -> str:
    """The session's check-ins in words: difficult feelings first (the safety signal), then the named feelings.

    "Difficult feelings came up after. Before: anxious, tired. After: calm."
    """
    parts: list[str] = []
    difficult = [MOMENT_WORDS[c.moment].lower() for c in (session.before, session.after)
                 if c is not None and c.mood.difficult]
    if difficult:
        parts.append(f"Difficult feelings came up {' and '.join(difficult)}.")
    for check_in in (session.before, session.after):
        if check_in is not None and check_in.mood.feelings:
            parts.append(f"{MOMENT_WORDS[check_in.moment]}: {', '.join(check_in.mood.feelings)}.")
    return " ".join(parts)


def signed(value: float) -> str:
    """+1.8, -0.4, 0.0 (never "-0.0")."""
    return "0.0" if round(value, 1) == 0 else f"{value:+.1f}"


def valence_text(check_in: CheckIn | None) -> str:
    if check_in is None:
        return "–"
    return "0" if check_in.mood.valence == 0 else f"{check_in.mood.valence:+d}"


def short_date(day: date) -> str:
    return f"{week_label(day)} {day.year}"


def long_date(day: date) -> str:
    return f"{day.day} {_MONTH_NAMES[day.month - 1]} {day.year}"


_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                "November", "December")
