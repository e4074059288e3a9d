"""Written entries in the CSV file: one row each, in the same table as the sessions.

Own rows, not a file of their own: the CSV is one table already (check-ins on
their own are rows too, told apart by the `row` column), so a spreadsheet's
filter on `row` separates them, and what leaves the computer stays one file
made in one act. An entry's row says "entry" in `row`, its day in
`started_at` (a date, as entries are about a day), its linked session in
`session_id`, and the text, each answer under its label, in `entry_text`.
Which entries appear is the person's choice (`EntryChoice`, default: those
marked to share).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time

from kindaudio.journal.entry_records import Entry
from kindaudio.journal.exports.entries_data import entry_text

ENTRY_ROW = "entry"
ENTRY_COLUMNS: tuple[str, ...] = ("entry_id", "entry_kind", "entry_shared", "entry_mood_before", "entry_mood_after",
                                  "entry_text")


def entry_events(entries: tuple[Entry, ...], columns: tuple[str, ...], text: Callable[[str], str],
                 tz: object) -> list[tuple[datetime, int, dict[str, str]]]:
    """(when, order, row) for each entry, to sort in with the sessions; placed at noon of its day."""
    events = []
    for entry in entries:
        row = dict.fromkeys(columns, "")
        row.update({
            "row": ENTRY_ROW,
            "session_id": str(entry.session_id) if entry.session_id is not None else "",
            "started_at": entry.day.isoformat(),
            "entry_id": str(entry.id),
            "entry_kind": text(entry.kind_title),
            "entry_shared": "yes" if entry.shared else "no",
            "entry_mood_before": _valence(entry.valence_before),
            "entry_mood_after": _valence(entry.valence_after),
            "entry_text": text(entry_text(entry)),
        })
        when = datetime.combine(entry.day, time(12), tzinfo=tz)  # type: ignore[arg-type]
        events.append((when, 2, row))
    return events


def _valence(value: int | None) -> str:
    return "" if value is None else str(value)
