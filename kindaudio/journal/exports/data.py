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
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from typing import TYPE_CHECKING

from kindaudio.common.errors import UserInputError
from kindaudio.journal.records import CheckIn, SessionQuery, SessionRecord

if TYPE_CHECKING:
    from kindaudio.journal.store import Journal

log = logging.getLogger(__name__)

MAX_PERSON_LENGTH = 80  # characters: a name or an identifier, not a sentence


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
           person: str = "") -> ExportData:
    """Read the sessions (by their local start day) and the check-ins on their own in [since, until]."""
    check_range(since, until)
    person = check_person(person)
    sessions = journal.sessions(SessionQuery(since=since, until=until, newest_first=False))
    standalone = journal.check_ins(since=since, until=until, standalone_only=True)
    return ExportData(since, until, journal.tz, journal.now().astimezone(UTC), tuple(sessions),
                      tuple(standalone), NoteChoice(notes), person)


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
        if category in ("Cc", "Cf", "Cs", "Co", "Cn"):
            what = {"Cc": "a control character", "Cf": "an invisible formatting character",
                    "Cs": "a broken character (half of a pair)", "Co": "a private-use character",
                    "Cn": "a character Unicode does not define"}[category]
            raise UserInputError(f"The name for the export has {what} (U+{ord(char):04X}) at position {position}.",
                                 hint="Type the name or identifier again using letters, numbers, spaces and "
                                      "punctuation only.")
    if len(name) > MAX_PERSON_LENGTH:
        raise UserInputError(f"The name for the export is {len(name)} characters long; it can be at most "
                             f"{MAX_PERSON_LENGTH}.",
                             hint="A first name, initials or an identifier your therapist knows you by is enough.")
    return name


def check_range(since: date, until: date) -> None:
    if since > until:
        raise UserInputError(f"The export would run from {since.isoformat()} back to {until.isoformat()}.",
                             hint="Give the earlier date first.")


def utc_iso(moment: datetime) -> str:
    """2026-11-22T09:30:00Z: UTC, to the second (how the CSV and FHIR files write a moment)."""
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")
