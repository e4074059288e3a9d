"""The journal as CSV: one row per session, with its check-ins beside it.

A spreadsheet wants one table, so check-ins on their own become rows too: their
`row` column says "check-in", the session columns stay empty and the mood goes
in the `checkin_` columns. Rows are in time order. Times are UTC, ISO 8601
("2026-11-22T09:30:00Z"); durations are whole seconds. Text a spreadsheet
would run as a formula (starting with =, +, - or @) gets a leading apostrophe,
so a note or a practice title can never act as one.
"""

from __future__ import annotations

import csv
import logging
from collections.abc import Iterable
from datetime import datetime
from typing import TextIO

from kindaudio.journal.exports.data import ExportData, utc_iso
from kindaudio.journal.exports.entries_csv import ENTRY_COLUMNS, entry_events
from kindaudio.journal.records import CheckIn, SessionRecord

log = logging.getLogger(__name__)

SESSION_ROW = "session"
CHECK_IN_ROW = "check-in"
FEELINGS_SEPARATOR = "; "
_MOOD_FIELDS = ("at", "valence", "mood", "feelings", "difficult", "note")

COLUMNS: tuple[str, ...] = (
    "row", "session_id", "kind", "practice_id", "title", "status", "started_at", "ended_at",
    "chosen_seconds", "listened_seconds", "voice", "session_note",
    *(f"before_{name}" for name in _MOOD_FIELDS),
    *(f"after_{name}" for name in _MOOD_FIELDS),
    *(f"checkin_{name}" for name in _MOOD_FIELDS),
    *ENTRY_COLUMNS,  # written entries' own rows (entries_csv.py)
)

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def write_csv(data: ExportData, stream: TextIO) -> None:
    """A header row, then every session and check-in on its own, oldest first.

    Open `stream` with newline="" (the csv module writes its own line ends).
    """
    writer = csv.DictWriter(stream, fieldnames=COLUMNS, extrasaction="raise")
    writer.writeheader()
    writer.writerows(rows(data))


def rows(data: ExportData) -> Iterable[dict[str, str]]:
    events: list[tuple[datetime, int, dict[str, str]]] = []
    for session in data.sessions:
        events.append((session.started_at, 0, _session_row(session, data)))
    for check_in in data.standalone:
        events.append((check_in.at, 1, _check_in_row(check_in, data)))
    events += entry_events(data.entries, COLUMNS, _text, data.tz)
    events.sort(key=lambda event: (event[0], event[1]))
    return (row for _, _, row in events)


def _session_row(session: SessionRecord, data: ExportData) -> dict[str, str]:
    row = dict.fromkeys(COLUMNS, "")
    row.update({
        "row": SESSION_ROW,
        "session_id": str(session.id),
        "kind": session.kind.value,
        "practice_id": _text(session.practice_id or ""),
        "title": _text(session.title),
        "status": session.status.value,
        "started_at": utc_iso(session.started_at),
        "ended_at": utc_iso(session.ended_at) if session.ended_at else "",
        "chosen_seconds": str(session.chosen_seconds),
        "listened_seconds": str(round(session.listened_seconds)),
        "voice": _text(session.voice or ""),
        "session_note": _text(data.session_note(session)),
    })
    for prefix, check_in in (("before", session.before), ("after", session.after)):
        if check_in is not None:
            row.update(_mood_cells(prefix, check_in, data))
    return row


def _check_in_row(check_in: CheckIn, data: ExportData) -> dict[str, str]:
    row = dict.fromkeys(COLUMNS, "")
    row["row"] = CHECK_IN_ROW
    row.update(_mood_cells("checkin", check_in, data))
    return row


def _mood_cells(prefix: str, check_in: CheckIn, data: ExportData) -> dict[str, str]:
    mood = check_in.mood
    return {
        f"{prefix}_at": utc_iso(check_in.at),
        f"{prefix}_valence": str(mood.valence),
        f"{prefix}_mood": mood.label,
        f"{prefix}_feelings": _text(FEELINGS_SEPARATOR.join(mood.feelings)),
        f"{prefix}_difficult": "yes" if mood.difficult else "no",
        f"{prefix}_note": _text(data.check_in_note(check_in)),
    }


def _text(value: str) -> str:
    """Free text, made safe to open in a spreadsheet (never run as a formula)."""
    return f"'{value}" if value.startswith(_FORMULA_STARTS) else value
