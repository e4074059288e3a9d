"""The journal leaves the machine only through here: an export the person asked for.

Three formats for the therapist: CSV (a spreadsheet, `csv`), FHIR R4 JSON (for
health records systems, `fhir`) and a PDF report (`pdf`). All three read the
same `ExportData` (`data`), so they agree on what a date range holds and which
notes go out. `export_journal` checks the request, gathers the data and hands
it to one writer; files are written to a temporary file and renamed, readable
by the owner only.

The dependency runs one way: this module -> writers -> `data`. The writers are
imported only when asked for, so the window can offer exports without loading
fpdf2 at start-up.
"""

from __future__ import annotations

import enum
import logging
import os
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from kindaudio.common.atomicfile import atomic_output
from kindaudio.common.errors import UserInputError
from kindaudio.journal.exports.data import NoteChoice, check_range, gather
from kindaudio.journal.exports.entries_data import DEFAULT_CHOICE, EntryChoice

if TYPE_CHECKING:
    from kindaudio.journal.store import Journal

__all__ = ["EntryChoice", "ExportFormat", "NoteChoice", "check_target", "export_journal", "gather"]

log = logging.getLogger(__name__)

PRIVATE_FILE = 0o600


class ExportFormat(enum.StrEnum):
    CSV = "csv"
    FHIR = "fhir"
    PDF = "pdf"

    @property
    def suffix(self) -> str:
        return {ExportFormat.CSV: ".csv", ExportFormat.FHIR: ".json", ExportFormat.PDF: ".pdf"}[self]


def export_journal(journal: Journal, fmt: ExportFormat, target: Path, *, since: date, until: date,
                   notes: NoteChoice = NoteChoice.SHARED, entries: EntryChoice | None = None) -> Path:
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
    try:
        entries = DEFAULT_CHOICE[fmt.value] if entries is None else EntryChoice(entries)  # entries_data.py: why
    except ValueError:
        raise UserInputError(f"{entries!r} is not a choice of entries.", hint="Choose shared, all or none.") from None
    data = gather(journal, since=since, until=until, notes=notes, entries=entries)
    try:
        with atomic_output(target, mode=PRIVATE_FILE, durable=True) as temp:
            if fmt is ExportFormat.CSV:
                from kindaudio.journal.exports.csv import write_csv

                with open(temp, "w", encoding="utf-8", newline="") as stream:
                    write_csv(data, stream)
            elif fmt is ExportFormat.FHIR:
                from kindaudio.journal.exports.fhir import write_fhir

                with open(temp, "w", encoding="utf-8") as stream:
                    write_fhir(data, stream)
            else:
                from kindaudio.journal.exports.pdf import write_report

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
