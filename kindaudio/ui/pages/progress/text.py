"""The Progress page's words: dates, minutes, moods and the sentences about a week or a month.

Plain text from plain data, no widgets. The words count what was done and
never what was not: days practised, never days missed.
"""

from __future__ import annotations

from datetime import date, datetime

from kindaudio.journal.charts import week_label
from kindaudio.journal.records import VALENCE_LABELS, CheckIn, SessionKind, SessionRecord, SessionStatus, Streak
from kindaudio.ui.pages.progress.data import MAX_ROWS, JournalEntry, ProgressData

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

STATUS_WORDS = {
    SessionStatus.COMPLETED: "to the end",
    SessionStatus.STOPPED_EARLY: "stopped early",
    SessionStatus.INTERRUPTED: "interrupted",
    SessionStatus.IN_PROGRESS: "playing now",
}


def day_text(when: datetime, this_year: int | None = None) -> str:
    """ "Mon 3 Nov, 18:05" ("Mon 3 Nov 2025, 18:05" in another year): our own names, the same on every machine."""
    year = "" if when.year == (this_year or date.today().year) else f" {when.year}"
    return f"{WEEKDAYS[when.weekday()]} {week_label(when.date())}{year}, {when:%H:%M}"


def short_minutes(seconds: float) -> str:
    minutes = seconds / 60
    if 0 < minutes < 1:
        return "<1 min"
    return f"{round(minutes)} min"


def listened_text(session: SessionRecord) -> str:
    if session.kind is SessionKind.LOGGED:
        return f"{short_minutes(session.listened_seconds)}, away from the app"
    heard = round(session.listened_seconds / 60)
    chosen = round(session.chosen_seconds / 60)
    amount = f"{heard} of {chosen} min" if chosen else short_minutes(session.listened_seconds)
    if 0 < session.listened_seconds < 60:
        amount = f"<1 of {chosen} min" if chosen else "<1 min"
    return f"{amount}, {STATUS_WORDS.get(session.status, session.status.value)}"


def mood_change_text(before: CheckIn | None, after: CheckIn | None) -> str:
    if before is None and after is None:
        return "No check-in"
    first = VALENCE_LABELS[before.mood.valence] if before else "(no check-in)"
    second = VALENCE_LABELS[after.mood.valence] if after else "(no check-in)"
    return f"{first} → {second}"


def feelings_text(check_ins: list[tuple[str, CheckIn]]) -> str:
    parts = []
    for moment, check_in in check_ins:
        words = ", ".join(check_in.mood.feelings)
        if check_in.mood.difficult:
            words = f"{words}; difficult feelings came up" if words else "difficult feelings came up"
        if words:
            parts.append(f"{moment}: {words}" if len(check_ins) > 1 else words)
    return "\n".join(parts)


def notes_text(entry: JournalEntry) -> str:
    parts = []
    if entry.session is not None and entry.session.note:
        parts.append(entry.session.note)
    for moment, check_in in entry_check_ins(entry):
        if check_in.mood.note:
            shared = " (marked to share)" if check_in.mood.share_note else ""
            parts.append(f"{moment}{shared}: {check_in.mood.note}")
    return "\n".join(parts)


def entry_check_ins(entry: JournalEntry) -> list[tuple[str, CheckIn]]:
    if entry.check_in is not None:
        return [("On its own", entry.check_in)]
    session = entry.session
    assert session is not None
    return [(word, c) for word, c in (("Before", session.before), ("After", session.after)) if c is not None]


def entry_title(entry: JournalEntry) -> str:
    if entry.check_in is not None:
        return "Check-in on its own"
    assert entry.session is not None
    return entry.session.title


def week_sentence(days: int, first_day: date | None = None, today: date | None = None) -> str:
    """This week in words; "came back" only once there was practice before this week to come back to."""
    if days == 0:
        return "Nothing logged in the last 7 days. Your practice is here whenever you would like it."
    today = today or date.today()
    if first_day is not None and first_day >= today:
        return "Your first practice here. Welcome: it is good to begin."
    if first_day is not None and (today - first_day).days < 7:
        return f"You practised on {days} day{'s' if days != 1 else ''} since you began."
    return f"You came back to practice on {days} day{'s' if days != 1 else ''} this week."


def month_sentence(days: int, today: date) -> str:
    if days == 0:
        return ("The month has only just begun." if today.day <= 3
                else "Nothing logged yet this month. A few minutes, whenever it suits you, is plenty.")
    return f"You practised on {days} day{'s' if days != 1 else ''} this month."


def streak_words(streak: Streak) -> tuple[str, str]:
    """The figure and sentence for the streak card: what was done, and that a day off undoes none of it."""
    best = f"{streak.best} day{'s' if streak.best != 1 else ''}"
    month = f"Days practised this month: {streak.days_this_month}."
    if streak.current == 0:
        return (f"Longest run: {best}", f"{month} A new run begins whenever you next practise.")
    return (f"{streak.current} day{'s' if streak.current != 1 else ''}",
            f"Your longest run: {best}. {month} A day off takes nothing away from what you have done.")


def days_figure(days: int, minutes: float) -> str:
    return f"{days} day{'s' if days != 1 else ''} · {round(minutes)} min"


def list_note(data: ProgressData) -> str:
    """Under the list: how many entries it shows, and what to do when that is not all of them."""
    if data.more:
        return f"Showing the newest {MAX_ROWS}. Choose a later “From” date to see older ones."
    if data.journal_empty:
        return ("Nothing here yet, and that is a fine place to start. Choose a practice in the Library and press "
                "Start; it will be listed here afterwards. Practice done away from the app can be logged above.")
    if not data.entries:
        return "Nothing in these dates. You might choose other dates, or “Any date”."
    count = len(data.entries)
    return f"{count} entr{'ies' if count != 1 else 'y'}."
