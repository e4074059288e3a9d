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
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from kindaudio.common.atomicfile import atomic_output
from kindaudio.common.errors import UserInputError
from kindaudio.common.output_target import check_output_target
from kindaudio.journal.exports.data import (
    MAX_PERSON_LENGTH,
    ExportData,
    NoteChoice,
    check_person,
    check_range,
    gather,
)
from kindaudio.journal.exports.entries_data import DEFAULT_CHOICE, EntryChoice

if TYPE_CHECKING:
    from kindaudio.journal.store import Journal

__all__ = ["MAX_PERSON_LENGTH", "EntryChoice", "ExportFormat", "Exported", "NoteChoice", "check_person",
           "check_target", "entry_choice", "export_files", "export_journal", "gather", "written_files"]

log = logging.getLogger(__name__)

PRIVATE_FILE = 0o600


class ExportFormat(enum.StrEnum):
    CSV = "csv"
    FHIR = "fhir"
    PDF = "pdf"

    @property
    def suffix(self) -> str:
        return {ExportFormat.CSV: ".csv", ExportFormat.FHIR: ".json", ExportFormat.PDF: ".pdf"}[self]


@dataclass(frozen=True)
class Exported:
    """What an export wrote: its files (the first is the one asked for) and the damaged rows it left out."""

    files: tuple[Path, ...]
    left_out: tuple[str, ...] = ()

    @property
    def path(self) -> Path:
        return self.files[0]


def export_journal(journal: Journal, fmt: ExportFormat, target: Path, *, since: date, until: date,
                   notes: NoteChoice = NoteChoice.SHARED, person: str = "",
                   entries: EntryChoice | None = None) -> Path:
    """Write the journal between two local dates (inclusive) to `target`; returns `target` (see export_files)."""
    return export_files(journal, fmt, target, since=since, until=until, notes=notes, person=person,
                        entries=entries).path


def export_files(journal: Journal, fmt: ExportFormat, target: Path, *, since: date, until: date,
                 notes: NoteChoice = NoteChoice.SHARED, person: str = "",
                 entries: EntryChoice | None = None) -> Exported:
    """Write the journal between two local dates (inclusive) to `target` (and for CSV more files beside it).

    `person` is the name or identifier the person chose to put on it ("" for
    none); `entries` which written entries go in (None: the format's default,
    entries_data.py says why). Checks what it can before reading anything, so a mistake costs
    nothing; an existing file at `target` is replaced only once the new one is
    complete. Damaged rows are left out and named in the result.
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
    person = check_person(person)
    entries = entry_choice(fmt, entries)
    for path in written_files(fmt, target, entries):
        check_target(path)
    data = gather(journal, since=since, until=until, notes=notes, person=person, entries=entries)
    try:
        with atomic_output(target, mode=PRIVATE_FILE, durable=True) as temp:
            if fmt is ExportFormat.CSV:
                _write_csv_files(data, temp, target, entries is not EntryChoice.NONE)
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
    return Exported(tuple(written_files(fmt, target, entries)), data.left_out)


def entry_choice(fmt: ExportFormat, entries: EntryChoice | str | None) -> EntryChoice:
    """The person's choice of written entries, or the format's default when they made none."""
    try:
        return DEFAULT_CHOICE[ExportFormat(fmt).value] if entries is None else EntryChoice(entries)
    except ValueError:
        raise UserInputError(f"{entries!r} is not a choice of entries.", hint="Choose shared, all or none.") from None


def written_files(fmt: ExportFormat, target: Path, entries: EntryChoice | None = None) -> list[Path]:
    """Every file an export to `target` writes: one, or for CSV two (sessions, check-ins on their own) and a
    third for written entries unless the person chose none."""
    if ExportFormat(fmt) is ExportFormat.CSV:
        from kindaudio.journal.exports.csv import check_ins_path
        from kindaudio.journal.exports.entries_csv import entries_path

        files = [target, check_ins_path(target)]
        if entry_choice(fmt, entries) is not EntryChoice.NONE:
            files.append(entries_path(target))
        return files
    return [target]


def _write_csv_files(data: ExportData, sessions_temp: Path, target: Path, written_entries: bool) -> None:
    """Both tables, each to a temporary beside its name; the check-ins' file is renamed into place first."""
    from kindaudio.journal.exports.csv import ENCODING, check_ins_path, write_check_ins, write_entries, write_sessions
    from kindaudio.journal.exports.entries_csv import entries_path

    with open(sessions_temp, "w", encoding=ENCODING, newline="") as stream:
        write_sessions(data, stream)
    with atomic_output(check_ins_path(target), mode=PRIVATE_FILE, durable=True) as temp, \
            open(temp, "w", encoding=ENCODING, newline="") as stream:
        write_check_ins(data, stream)
    if written_entries:
        with atomic_output(entries_path(target), mode=PRIVATE_FILE, durable=True) as temp, \
                open(temp, "w", encoding=ENCODING, newline="") as stream:
            write_entries(data, stream)


def check_target(target: Path) -> None:
    """The folder must exist and take new files; the name must not be a folder, a device, a pipe or a socket.

    The same rule as for renders (kindaudio.common.output_target); whether an earlier export may be
    replaced is asked before this (`export --force`, the window's save dialog).
    """
    check_output_target(target, replace=True, what="export")
