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
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from typing import TYPE_CHECKING

from kindaudio.common.errors import UserInputError
from kindaudio.journal.entry_records import Entry
from kindaudio.journal.exports.entries_data import EntryChoice, gather_entries
from kindaudio.journal.records import CheckIn, SessionQuery, SessionRecord

if TYPE_CHECKING:
    from kindaudio.journal.store import Journal

log = logging.getLogger(__name__)


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
           entries: EntryChoice = EntryChoice.SHARED) -> ExportData:
    """Read the sessions (by their local start day) and the check-ins on their own in [since, until]."""
    check_range(since, until)
    sessions = journal.sessions(SessionQuery(since=since, until=until, newest_first=False))
    standalone = journal.check_ins(since=since, until=until, standalone_only=True)
    return ExportData(since, until, journal.tz, journal.now().astimezone(UTC), tuple(sessions),
                      tuple(standalone), NoteChoice(notes), gather_entries(journal, since, until, entries))


def check_range(since: date, until: date) -> None:
    if since > until:
        raise UserInputError(f"The export would run from {since.isoformat()} back to {until.isoformat()}.",
                             hint="Give the earlier date first.")


def utc_iso(moment: datetime) -> str:
    """2026-11-22T09:30:00Z: UTC, to the second (how the CSV and FHIR files write a moment)."""
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")
