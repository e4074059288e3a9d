"""The Library's words: lengths, who made a practice, when it was last done, what deleting takes with it."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from kindaudio.script.removal import PracticeBelongings


def lengths_text(lengths: tuple[int, ...]) -> str:
    """Offered lengths as a person reads them: "10 · 20 · 45 min"."""
    return f"{' · '.join(str(minutes) for minutes in lengths)} min" if lengths else ""


def author_text(author: str) -> str:
    """Who made a practice, as its card says it."""
    return f"By {author}"


def card_tooltip(for_whom: str, own_file: Path | None) -> str:
    """Whom a practice was made for, and where one's own file lives: for the curious, on hover."""
    lines = []
    if for_whom:
        lines.append(f"Made for {for_whom}")
    if own_file is not None:
        lines.append(str(own_file))
    return "\n".join(lines)


def delete_question(found: PracticeBelongings) -> str:
    """What deleting takes with it, said before it is done."""
    recordings = found.recordings
    took = (f"Its file and your {recordings} recordings of it are deleted for good" if recordings > 1
            else "Its file and your recording of it are deleted for good" if recordings == 1
            else "Its file is deleted for good")
    audio = ", with the audio that came in its pack" if found.audio else ""
    return f"{took}{audio}. The sessions you practised with it stay in your journal."


def last_practised_text(started: datetime | None, today: date) -> str:
    """When a practice was last done, in plain words and local days: "Last practised: 3 days ago"."""
    if started is None:
        return "Not practised yet"
    day = started.astimezone().date()
    days = (today - day).days
    if days <= 0:
        when = "today"
    elif days == 1:
        when = "yesterday"
    elif days < 14:
        when = f"{days} days ago"
    else:
        when = f"on {day.day} {day:%B %Y}"
    return f"Last practised: {when}"
