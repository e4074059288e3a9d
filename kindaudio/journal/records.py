"""What the journal holds and answers, as plain frozen values.

These records cross every boundary (store, exports, window, command line), so
they carry no database machinery: a page or an exporter can hold them, compare
them and pass them between threads without an open session.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from kindaudio.common.errors import UserInputError

MAX_FEELINGS = 12
MAX_FEELING_LENGTH = 40
MAX_NOTE_LENGTH = 10_000
VALENCE_MIN = -3
VALENCE_MAX = 3


class SessionStatus(enum.StrEnum):
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    STOPPED_EARLY = "stopped_early"
    INTERRUPTED = "interrupted"


class SessionKind(enum.StrEnum):
    APP = "app"
    LOGGED = "logged"  # practice done away from the app, entered by hand


class Moment(enum.StrEnum):
    BEFORE = "before"
    AFTER = "after"
    STANDALONE = "standalone"


VALENCE_LABELS: dict[int, str] = {
    -3: "Very unpleasant",
    -2: "Unpleasant",
    -1: "Slightly unpleasant",
    0: "Neither pleasant nor unpleasant",
    1: "Slightly pleasant",
    2: "Pleasant",
    3: "Very pleasant",
}

# Offered as chips; a person may add their own words too.
FEELINGS: tuple[str, ...] = (
    "calm",
    "tender",
    "sad",
    "anxious",
    "tired",
    "warm",
    "restless",
    "grateful",
    "numb",
    "irritable",
    "hopeful",
    "lonely",
    "content",
    "overwhelmed",
    "relieved",
    "ashamed",
)


def _clean_feelings(feelings: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Stripped, without empties, de-duplicated ignoring case, first spelling kept."""
    seen: set[str] = set()
    cleaned: list[str] = []
    for raw in feelings:
        if not isinstance(raw, str):
            raise UserInputError(f"A feeling must be a word or a few words, not {raw!r}.")
        word = " ".join(raw.split())
        if not word or word.casefold() in seen:
            continue
        if len(word) > MAX_FEELING_LENGTH:
            raise UserInputError(
                f"The feeling “{word[:20]}…” is longer than {MAX_FEELING_LENGTH} characters.",
                hint="A word or a few words is enough; a longer thought can go in the note.",
            )
        seen.add(word.casefold())
        cleaned.append(word)
    if len(cleaned) > MAX_FEELINGS:
        raise UserInputError(
            f"{len(cleaned)} feelings were given; a check-in keeps at most {MAX_FEELINGS}.",
            hint="Choose the ones that stand out most.",
        )
    return tuple(cleaned)


@dataclass(frozen=True)
class Mood:
    """What a person enters at a check-in; checked on creation so no bad value reaches the file."""

    valence: int
    feelings: tuple[str, ...] = ()
    difficult: bool = False
    note: str = ""
    share_note: bool = False

    def __post_init__(self) -> None:
        if isinstance(self.valence, bool) or not isinstance(self.valence, int):
            raise UserInputError(f"The mood must be a whole number from -3 to 3, not {self.valence!r}.")
        if not VALENCE_MIN <= self.valence <= VALENCE_MAX:
            raise UserInputError(
                f"The mood must be from -3 (very unpleasant) to 3 (very pleasant), not {self.valence}."
            )
        object.__setattr__(self, "feelings", _clean_feelings(self.feelings))
        if not isinstance(self.note, str):
            raise UserInputError("The note must be text.")
        if len(self.note) > MAX_NOTE_LENGTH:
            raise UserInputError(
                f"The note is {len(self.note):,} characters long; a note keeps at most {MAX_NOTE_LENGTH:,}.",
                hint="Shorten it, or keep the longer text somewhere of your own.",
            )
        object.__setattr__(self, "difficult", bool(self.difficult))
        object.__setattr__(self, "share_note", bool(self.share_note))

    @property
    def label(self) -> str:
        """The words for the valence, for lists and reports."""
        return VALENCE_LABELS[self.valence]


@dataclass(frozen=True)
class CheckIn:
    id: int
    session_id: int | None  # None for a check-in on its own
    moment: Moment
    at: datetime  # timezone-aware, UTC
    mood: Mood


@dataclass(frozen=True)
class SessionRecord:
    id: int
    kind: SessionKind
    practice_id: str | None  # None for LOGGED sessions
    title: str
    content_hash: str | None
    chosen_seconds: int
    voice: str | None
    started_at: datetime  # aware UTC (LOGGED: noon local time of the given day)
    ended_at: datetime | None
    listened_seconds: float
    status: SessionStatus
    before: CheckIn | None
    after: CheckIn | None
    note: str = ""  # LOGGED only


@dataclass(frozen=True)
class SessionQuery:
    practice_id: str | None = None
    since: date | None = None  # local calendar dates, inclusive
    until: date | None = None
    limit: int | None = None
    newest_first: bool = True


@dataclass(frozen=True)
class WeekMinutes:
    week_start: date  # a Monday (local)
    minutes: float


@dataclass(frozen=True)
class MoodPoint:
    session_id: int
    day: date
    title: str
    before: int | None
    after: int | None


@dataclass(frozen=True)
class PracticeMoodChange:
    """Sessions with both a before and an after check-in; mean of after − before."""

    practice_id: str | None
    title: str
    sessions: int
    mean_change: float


@dataclass(frozen=True)
class Streak:
    """Consecutive local days with practice ending today or yesterday; the best run ever."""

    current: int
    best: int
    days_this_month: int


@dataclass(frozen=True)
class ProgressFigures:
    today: date
    days_last_7: int
    days_last_30: int
    minutes_last_7: float
    days_this_month: int
    minutes_this_month: float
    minutes_per_week: tuple[WeekMinutes, ...]  # oldest first, exactly `weeks` entries, the last is this week
    mood: tuple[MoodPoint, ...] = field(default=())  # sessions in the window with any check-in, oldest first
    mood_change: tuple[PracticeMoodChange, ...] = field(default=())
    streak: Streak | None = None  # only when asked for


@dataclass(frozen=True)
class Backup:
    """One daily copy of the journal file (made, listed and restored by `kindaudio.journal.backup`)."""

    path: Path
    taken_at: datetime  # aware UTC
    size: int
