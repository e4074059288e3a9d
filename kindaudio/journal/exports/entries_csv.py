"""Written entries as CSV: a table of their own, `<name>-entries.csv`, beside the sessions and check-ins.

A table of its own for the reason csv.py gives for two: an entry shares
nothing with a session but a day, and in one table its blanks would turn the
sessions' whole-number columns into decimals. One row per entry, oldest day
first: its id, the day it is about, its kind, whether it was marked to share,
the session it was written after (if any), the mood before and after writing
(-3..3, if given), and its text with each answer under its prompt. Which
entries appear is the person's choice (`EntryChoice`, default: those marked to
share); with `--entries none` the file is not written at all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from kindaudio.journal.entry_records import Entry
from kindaudio.journal.exports.entries_data import entry_text

ENTRIES_SUFFIX = "-entries"
ENTRY_COLUMNS: tuple[str, ...] = ("entry_id", "day", "kind", "shared", "session_id", "mood_before", "mood_after",
                                  "text")


def entries_path(target: Path) -> Path:
    """Where the entries go, beside `target`: journal.csv -> journal-entries.csv."""
    return target.with_name(f"{target.stem}{ENTRIES_SUFFIX}{target.suffix or '.csv'}")


def entry_rows(entries: tuple[Entry, ...], text: Callable[[str], str]) -> Iterable[dict[str, str]]:
    """One row per entry, oldest day first; `text` makes free text safe for a spreadsheet."""
    for entry in sorted(entries, key=lambda e: (e.day, e.id)):
        yield {
            "entry_id": str(entry.id),
            "day": entry.day.isoformat(),
            "kind": text(entry.kind_title),
            "shared": "yes" if entry.shared else "no",
            "session_id": "" if entry.session_id is None else str(entry.session_id),
            "mood_before": "" if entry.valence_before is None else str(entry.valence_before),
            "mood_after": "" if entry.valence_after is None else str(entry.valence_after),
            "text": text(entry_text(entry)),
        }
