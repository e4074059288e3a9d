"""The journal leaves the machine only through here: an export the person asked for.

Three formats for the therapist: CSV (a spreadsheet), FHIR R4 JSON (for health
records systems) and a PDF report. All three read the same `ExportData`, so
they agree on what a date range holds and on which notes go out: a note is
health information in the person's own words, so it is included only as the
person chose (`NoteChoice`). Files are written to a temporary file and renamed,
readable by the owner only.
"""

from __future__ import annotations

import enum
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timezone, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from kindaudio.common.atomicfile import atomic_output
from kindaudio.common.errors import UserInputError
from kindaudio.journal.records import CheckIn, SessionQuery, SessionRecord

if TYPE_CHECKING:
    from kindaudio.journal.store import Journal

log = logging.getLogger(__name__)

PRIVATE_FILE = 0o600


class ExportFormat(enum.StrEnum):
    CSV = "csv"
    FHIR = "fhir"
    PDF = "pdf"

    @property
    def suffix(self) -> str:
        return {ExportFormat.CSV: ".csv", ExportFormat.FHIR: ".json", ExportFormat.PDF: ".pdf"}[self]


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


def gather(journal: Journal, *, since: date, until: date, notes: NoteChoice = NoteChoice.SHARED) -> ExportData:
    """Read the sessions (by their local start day) and the check-ins on their own in [since, until]."""
    check_range(since, until)
    sessions = journal.sessions(SessionQuery(since=since, until=until, newest_first=False))
    standalone = journal.check_ins(since=since, until=until, standalone_only=True)
    return ExportData(since, until, journal.tz, journal.now().astimezone(timezone.utc), tuple(sessions),
                      tuple(standalone), NoteChoice(notes))


def check_range(since: date, until: date) -> None:
    if since > until:
        raise UserInputError(f"The export would run from {since.isoformat()} back to {until.isoformat()}.",
                             hint="Give the earlier date first.")


def export_journal(journal: Journal, fmt: ExportFormat, target: Path, *, since: date, until: date,
                   notes: NoteChoice = NoteChoice.SHARED) -> Path:
    """Write the journal between two local dates (inclusive) to `target`; returns `target`.

    Checks what it can before reading anything, so a mistake costs nothing; an
    existing file at `target` is replaced only once the new one is complete.
    """
    try:
        fmt = ExportFormat(fmt)
    except ValueError:
        choices = ", ".join(f.value for f in ExportFormat)
        raise UserInputError(f"There is no export format called {fmt!r}.", hint=f"Choose one of: {choices}.") from None
    try:
        notes = NoteChoice(notes)
    except ValueError:
        choices = ", ".join(n.value for n in NoteChoice)
        raise UserInputError(f"{notes!r} is not a choice of notes.", hint=f"Choose one of: {choices}.") from None
    target = Path(target).expanduser()
    check_range(since, until)
    check_target(target)
    data = gather(journal, since=since, until=until, notes=notes)
    try:
        with atomic_output(target, mode=PRIVATE_FILE, durable=True) as temp:
            if fmt is ExportFormat.CSV:
                from kindaudio.journal.export_csv import write_csv

                with open(temp, "w", encoding="utf-8", newline="") as stream:
                    write_csv(data, stream)
            elif fmt is ExportFormat.FHIR:
                from kindaudio.journal.export_fhir import write_fhir

                with open(temp, "w", encoding="utf-8") as stream:
                    write_fhir(data, stream)
            else:
                from kindaudio.journal.report_pdf import write_report

                write_report(data, temp)
    except OSError as exc:
        raise UserInputError(f"{target}: the export could not be written ({exc.strerror or exc}).",
                             hint="Choose another folder, or check there is space on the disk.") from exc
    log.info("exported %d sessions and %d check-ins on their own as %s to %s",
             len(data.sessions), len(data.standalone), fmt.value, target)
    return target


def check_target(target: Path) -> None:
    """The folder must exist and take new files; the name must not be a folder."""
    folder = target.parent
    if target.is_dir():
        raise UserInputError(f"{target} is a folder.", hint="Give a file name for the export, inside that folder.")
    if not folder.is_dir():
        raise UserInputError(f"{folder}: no such folder.", hint="Choose a folder that exists, or create it first.")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise UserInputError(f"{folder}: KindAudio may not write to this folder.",
                             hint="Choose another folder, such as your Documents folder.")
