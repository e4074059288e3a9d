"""What the Progress page shows and changes, as plain data: read from the journal on a worker, written through it.

No Qt here: these run on the page's worker threads (reading) and on the
services' ordered journal writer (changes), and the page only shows what they
return.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING

from kindaudio.journal.records import CheckIn, Moment, ProgressFigures, SessionKind, SessionQuery, SessionRecord

if TYPE_CHECKING:
    from kindaudio.journal.store import Journal
    from kindaudio.ui.dialogs.journal_entry import CheckInChange, LoggedPractice
    from kindaudio.ui.services import Services

WEEKS_SHOWN = 12
MAX_ROWS = 500  # the newest this many in the chosen dates; narrowing the dates shows older ones


@dataclass(frozen=True)
class ListFilter:
    """Which sessions the list shows: one practice or all, between two local dates (inclusive)."""

    practice_id: str | None = None
    since: date | None = None
    until: date | None = None


@dataclass(frozen=True)
class JournalEntry:
    """One row of the list: a session (from the app or logged by hand), or a check-in on its own."""

    when: datetime  # local time
    session: SessionRecord | None = None
    check_in: CheckIn | None = None  # only for a check-in on its own

    @property
    def logged(self) -> bool:
        return self.session is not None and self.session.kind is SessionKind.LOGGED


@dataclass(frozen=True)
class ProgressData:
    figures: ProgressFigures
    entries: tuple[JournalEntry, ...]  # newest first
    practices: tuple[tuple[str, str], ...]  # (practice id, title) for the filter
    more: bool  # there were more entries in the dates than are listed
    tz: tzinfo
    first_day: date | None = None  # the local day of the first session ever (None: nothing practised yet)
    journal_empty: bool = False  # no session and no check-in at all, whatever the dates: a new beginning


@dataclass(frozen=True)
class JournalUnavailable:
    """The journal could not be opened; `message` says why and what can be done."""

    message: str


# ---------------------------------------------------------------- reading


def load_progress(journal: Journal, wanted: ListFilter, *, streak: bool, weeks: int = WEEKS_SHOWN,
                  limit: int = MAX_ROWS) -> ProgressData:
    """Everything the page shows, in one go (a worker's call)."""
    figures = journal.progress(weeks=weeks, streak=streak)
    sessions = journal.sessions(SessionQuery(practice_id=wanted.practice_id, since=wanted.since, until=wanted.until,
                                             limit=limit + 1))
    tz = journal.tz
    entries = [JournalEntry(s.started_at.astimezone(tz), session=s) for s in sessions]
    if wanted.practice_id is None:
        alone = journal.check_ins(since=wanted.since, until=wanted.until, standalone_only=True)
        entries += [JournalEntry(c.at.astimezone(tz), check_in=c) for c in alone[-(limit + 1):]]
    entries.sort(key=lambda entry: entry.when, reverse=True)
    first = journal.sessions(SessionQuery(limit=1, newest_first=False))
    first_day = first[0].started_at.astimezone(tz).date() if first else None
    empty = not first and not entries and not journal.check_ins(standalone_only=True)
    return ProgressData(figures, tuple(entries[:limit]), tuple(journal.practices_seen()), len(entries) > limit, tz,
                        first_day, empty)


def load_or_explain(services: Services, wanted: ListFilter, streak: bool) -> ProgressData | JournalUnavailable:
    """The page's data, or why there is none: a journal that cannot be opened is a state, not a failure."""
    from kindaudio.journal.errors import JournalError

    try:
        journal = services.journal
    except JournalError as exc:
        return JournalUnavailable(str(exc))
    return load_progress(journal, wanted, streak=streak)


# ---------------------------------------------------------------- changing


def save_logged_practice(journal: Journal, practice: LoggedPractice, session_id: int | None) -> None:
    """Practice done away from the app: a new entry, or the one logged earlier (`session_id`) changed."""
    if session_id is None:
        session_id = journal.log_outside_practice(day=practice.day, minutes=practice.minutes, what=practice.what,
                                                  note=practice.note)
    else:
        journal.update_outside_practice(session_id, day=practice.day, minutes=practice.minutes,
                                        what=practice.what, note=practice.note)
    if practice.mood is not None:  # how it felt afterwards, filed with the practice as the app's are
        logged = journal.session(session_id)
        journal.add_check_in(practice.mood, moment=Moment.AFTER, session_id=session_id,
                             at=logged.ended_at or logged.started_at)


def save_check_in_changes(journal: Journal, changes: list[CheckInChange], session_id: int | None,
                          entry: JournalEntry) -> None:
    """Each check-in of an entry as the person left it: removed, changed, or added afterwards."""
    for change in changes:
        if not change.changes:
            continue
        if change.existing is not None and change.mood is None:
            journal.delete_check_in(change.existing.id)
        elif change.existing is not None and change.mood is not None:
            journal.update_check_in(change.existing.id, change.mood)
        elif change.mood is not None:
            journal.add_check_in(change.mood, moment=change.moment, session_id=session_id,
                                 at=moment_time(entry, change.moment))


def moment_time(entry: JournalEntry, moment: Moment) -> datetime | None:
    """When a check-in added afterwards is filed: at the session's start (before) or end (after)."""
    session = entry.session
    if session is None:
        return None
    if moment is Moment.BEFORE:
        return session.started_at
    return session.ended_at or session.started_at
