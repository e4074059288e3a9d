"""The journal as CSV: sessions, check-ins on their own (and written entries), each a table with clean columns.

Why two files and not one: a session and a check-in on its own have nothing
in common but a time. In one table each kind of row leaves the other's
columns empty, and a spreadsheet or pandas then reads whole numbers (ids,
seconds) as decimals ("12.0") because the column holds blanks. Two tables
keep every id and duration column whole and filled, and each file opens in
any spreadsheet as it is. (Sections inside one file would not: a CSV reader
sees one table per file.)

- `<name>.csv`: one row per session, its before and after check-ins beside it.
- `<name>-check-ins.csv`: one row per check-in on its own.
- `<name>-entries.csv`: one row per written entry the person chose to include
  (entries_csv.py); not written when they chose none.

Times are written twice: UTC in ISO 8601 ("2026-11-22T09:30:00Z") and the
local time of the computer that made the export ("2026-11-22 10:30:00"),
which is how `--from`/`--to` count days. Durations are whole seconds. Text a
spreadsheet would run as a formula (starting with =, +, -, @, tab or carriage
return) gets a leading apostrophe. The files start with a UTF-8 byte order
mark, so Excel reads "Für" as written (without it, Excel on Windows guesses
the legacy code page); LibreOffice, Numbers, pandas and Python's "utf-8-sig"
read it without fuss. `kindaudio history --csv` writes to a pipe, where a
mark would only get in the way, so it has none. README.md lists every column.
"""

from __future__ import annotations

import csv
import logging
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import TextIO

from kindaudio.journal.exports.data import ExportData, utc_iso
from kindaudio.journal.exports.entries_csv import ENTRY_COLUMNS, entry_rows
from kindaudio.journal.records import CheckIn, SessionRecord

log = logging.getLogger(__name__)

ENCODING = "utf-8-sig"  # the files the export writes: UTF-8 with a byte order mark, for Excel
CHECK_INS_SUFFIX = "-check-ins"
FEELINGS_SEPARATOR = "; "
_MOOD_FIELDS = ("at", "at_local", "valence", "mood", "feelings", "difficult", "note")

SESSION_COLUMNS: tuple[str, ...] = (
    "session_id", "kind", "practice_id", "title", "status", "started_at", "started_at_local", "ended_at",
    "ended_at_local", "chosen_seconds", "listened_seconds", "voice", "session_note",
    *(f"before_{name}" for name in _MOOD_FIELDS),
    *(f"after_{name}" for name in _MOOD_FIELDS),
)
CHECK_IN_COLUMNS: tuple[str, ...] = ("check_in_id", *_MOOD_FIELDS)

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def check_ins_path(target: Path) -> Path:
    """Where the check-ins on their own go, beside `target`: journal.csv -> journal-check-ins.csv."""
    return target.with_name(f"{target.stem}{CHECK_INS_SUFFIX}{target.suffix or '.csv'}")


def write_sessions(data: ExportData, stream: TextIO) -> None:
    """A header row, then every session, oldest first. Open `stream` with newline=""."""
    _write(stream, SESSION_COLUMNS, session_rows(data))


def write_check_ins(data: ExportData, stream: TextIO) -> None:
    """A header row, then every check-in on its own, oldest first. Open `stream` with newline=""."""
    _write(stream, CHECK_IN_COLUMNS, check_in_rows(data))


def write_entries(data: ExportData, stream: TextIO) -> None:
    """A header row, then every written entry let out, oldest day first. Open `stream` with newline=""."""
    _write(stream, ENTRY_COLUMNS, entry_rows(data.entries, _text))


def session_rows(data: ExportData) -> Iterable[dict[str, str]]:
    return (_session_row(session, data) for session in sorted(data.sessions, key=lambda s: s.started_at))


def check_in_rows(data: ExportData) -> Iterable[dict[str, str]]:
    for check_in in sorted(data.standalone, key=lambda c: c.at):
        yield {"check_in_id": str(check_in.id), **_mood_cells("", check_in, data)}


def _write(stream: TextIO, columns: tuple[str, ...], rows: Iterable[dict[str, str]]) -> None:
    writer = csv.DictWriter(stream, fieldnames=columns, extrasaction="raise")
    writer.writeheader()
    writer.writerows(rows)


def _session_row(session: SessionRecord, data: ExportData) -> dict[str, str]:
    row = dict.fromkeys(SESSION_COLUMNS, "")
    row.update({
        "session_id": str(session.id),
        "kind": session.kind.value,
        "practice_id": _text(session.practice_id or ""),
        "title": _text(session.title),
        "status": session.status.value,
        "started_at": utc_iso(session.started_at),
        "started_at_local": _local(session.started_at, data),
        "ended_at": utc_iso(session.ended_at) if session.ended_at else "",
        "ended_at_local": _local(session.ended_at, data) if session.ended_at else "",
        "chosen_seconds": str(session.chosen_seconds),
        "listened_seconds": str(round(session.listened_seconds)),
        "voice": _text(session.voice or ""),
        "session_note": _text(data.session_note(session)),
    })
    for prefix, check_in in (("before_", session.before), ("after_", session.after)):
        if check_in is not None:
            row.update(_mood_cells(prefix, check_in, data))
    return row


def _mood_cells(prefix: str, check_in: CheckIn, data: ExportData) -> dict[str, str]:
    mood = check_in.mood
    return {
        f"{prefix}at": utc_iso(check_in.at),
        f"{prefix}at_local": _local(check_in.at, data),
        f"{prefix}valence": str(mood.valence),
        f"{prefix}mood": mood.label,
        f"{prefix}feelings": _text(FEELINGS_SEPARATOR.join(mood.feelings)),
        f"{prefix}difficult": "yes" if mood.difficult else "no",
        f"{prefix}note": _text(data.check_in_note(check_in)),
    }


def _local(moment: datetime, data: ExportData) -> str:
    """2026-11-22 10:30:00: the journal's local time, to the second, in a form spreadsheets take as a date."""
    return moment.astimezone(data.tz).replace(microsecond=0).strftime("%Y-%m-%d %H:%M:%S")


def _text(value: str) -> str:
    """Free text, made safe to open in a spreadsheet (never run as a formula)."""
    return f"'{value}" if value.startswith(_FORMULA_STARTS) else value
