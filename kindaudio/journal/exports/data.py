"""What every export shows, read from the journal once: the one module the three writers share.

The CSV file, the FHIR bundle and the PDF report all read an `ExportData`, so
they agree on what a date range holds and on which notes go out: a note is
health information in the person's own words, so it is included only as the
person chose (`NoteChoice`). Nothing here writes a file or knows a format;
the writers import this module and never each other.
"""

from __future__ import annotations

import enum
import logging
import math
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from typing import TYPE_CHECKING

from kindaudio.common.errors import KindAudioError, UserInputError
from kindaudio.journal.entry_records import Entry
from kindaudio.journal.exports.entries_data import EntryChoice, gather_entries
from kindaudio.journal.records import CheckIn, SessionQuery, SessionRecord

if TYPE_CHECKING:
    from kindaudio.journal.store import Journal

log = logging.getLogger(__name__)

MAX_PERSON_LENGTH = 80  # characters: a name or an identifier, not a sentence
EARLIEST_DAY, LATEST_DAY = date(1970, 1, 1), date(9999, 12, 30)  # a day either side must still be a date
MAX_SECONDS = 7 * 24 * 3600  # a session longer than a week is a damaged row, not a practice


class NoteChoice(enum.StrEnum):
    """Which notes go into an export. SHARED: only those the person marked for sharing."""

    SHARED = "shared"
    ALL = "all"
    NONE = "none"


@dataclass(frozen=True)
class ExportData:
    """Everything one export shows, read from the journal once."""

    since: date
    until: date
    tz: tzinfo  # the journal's zone: what "a day" means for the summary and the charts
    generated_at: datetime  # aware UTC
    sessions: tuple[SessionRecord, ...]  # oldest first
    standalone: tuple[CheckIn, ...]  # check-ins on their own, oldest first
    notes: NoteChoice
    person: str = ""  # a name or identifier the person chose at export; "" for none (see check_person)
    left_out: tuple[str, ...] = ()  # damaged rows not exported, named for the person ("session 12: …")
    entries: tuple[Entry, ...] = ()  # written entries the person's EntryChoice lets out, oldest first

    def check_in_note(self, check_in: CheckIn) -> str:
        """The check-in's note if the person's choice lets it out, else ""."""
        if self.notes is NoteChoice.ALL or (self.notes is NoteChoice.SHARED and check_in.mood.share_note):
            return check_in.mood.note
        return ""

    def session_note(self, session: SessionRecord) -> str:
        """A hand-logged session's note: it has no "share" mark, so only "all notes" lets it out."""
        return session.note if self.notes is NoteChoice.ALL else ""

    def check_ins(self) -> Iterator[CheckIn]:
        """Every check-in in the export: the sessions' and those on their own."""
        for session in self.sessions:
            yield from (c for c in (session.before, session.after) if c is not None)
        yield from self.standalone


def gather(journal: Journal, *, since: date, until: date, notes: NoteChoice = NoteChoice.SHARED,
           person: str = "", entries: EntryChoice = EntryChoice.SHARED) -> ExportData:
    """Read the sessions (by their local start day) and the check-ins on their own in [since, until]."""
    check_range(since, until)
    person = check_person(person)
    # The store reads row by row and names the rows it cannot make sense of (kindaudio.journal.rows).
    sessions = journal.read_sessions(SessionQuery(since=since, until=until, newest_first=False))
    standalone = journal.read_check_ins(since=since, until=until, standalone_only=True)
    try:
        written = gather_entries(journal, since, until, entries)
    except (ValueError, TypeError, KeyError, OverflowError, UserInputError) as exc:
        # Written entries are still read all at once, so one that cannot be made sense of stops the read.
        log.warning("a damaged journal row stopped the export: %s", type(exc).__name__)
        raise KindAudioError(
            f"Part of your journal between {since.isoformat()} and {until.isoformat()} could not be read: an "
            "entry in it is damaged. Nothing was exported.",
            hint="Try a shorter range of dates to leave the damaged day out, or restore the journal from a backup "
                 "(in the window: Settings, Practice journal).") from None
    kept: list[SessionRecord] = []
    left_out: list[str] = [*sessions.damaged, *standalone.damaged]
    for session in sessions.records:
        problem = session_problem(session)
        if problem:
            left_out.append(f"session {session.id} ({session.started_at.date().isoformat()}): {problem}")
        else:
            kept.append(session)
    if left_out:
        log.warning("%d damaged rows left out of the export", len(left_out))
    return ExportData(since, until, journal.tz, journal.now().astimezone(UTC), tuple(kept),
                      tuple(standalone.records), NoteChoice(notes), person, tuple(left_out), written)


def session_problem(session: SessionRecord) -> str:
    """Why a session row cannot go into an export as it is ("" when it can): numbers no practice has."""
    if not math.isfinite(session.listened_seconds) or not 0 <= session.listened_seconds <= MAX_SECONDS:
        return "the time listened is not a possible length"
    if not 0 <= session.chosen_seconds <= MAX_SECONDS:
        return "the chosen length is not a possible length"
    return ""


def check_person(text: str) -> str:
    """The name or identifier for the report's title and the FHIR Patient, tidied; "" when none was given.

    It is printed on the report and written into the files, so anything that is
    not plain text is refused rather than carried along: control characters
    (a line break would split the title, an escape sequence can act on a
    terminal), invisible format characters such as right-to-left overrides
    (they can make a name read differently from what it is), and text that
    cannot be written as UTF-8.
    """
    if not isinstance(text, str):
        raise UserInputError("The name for the export must be text.")
    name = " ".join(part for part in text.split(" ") if part)  # runs of spaces as one
    for position, char in enumerate(name, 1):
        category = unicodedata.category(char)
        if category in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
            what = {"Cc": "a control character", "Cf": "an invisible formatting character",
                    "Cs": "a broken character (half of a pair)", "Co": "a private-use character",
                    "Cn": "a character Unicode does not define", "Zl": "a line break",
                    "Zp": "a paragraph break"}[category]
            raise UserInputError(f"The name for the export has {what} (U+{ord(char):04X}) at position {position}.",
                                 hint="Type the name or identifier again using letters, numbers, spaces and "
                                      "punctuation only.")
    if len(name) > MAX_PERSON_LENGTH:
        raise UserInputError(f"The name for the export is {len(name)} characters long; it can be at most "
                             f"{MAX_PERSON_LENGTH}.",
                             hint="A first name, initials or an identifier your therapist knows you by is enough.")
    return name


def check_range(since: date, until: date) -> None:
    for day in (since, until):
        if not EARLIEST_DAY <= day <= LATEST_DAY:
            raise UserInputError(f"{day.isoformat()} is outside the dates a journal can hold.",
                                 hint=f"Give dates from {EARLIEST_DAY.isoformat()} to {LATEST_DAY.isoformat()}.")
    if since > until:
        raise UserInputError(f"The export would run from {since.isoformat()} back to {until.isoformat()}.",
                             hint="Give the earlier date first.")


def utc_iso(moment: datetime) -> str:
    """2026-11-22T09:30:00Z: UTC, to the second (how the CSV and FHIR files write a moment)."""
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")
