"""Which written entries an export carries: the person's choice, read once with the rest of ExportData.

Entries are the person's own words, private unless marked "include when I
share with my therapist", so each format has a default that keeps them in: the
PDF report and the CSV file carry the marked ones (`EntryChoice.SHARED`); the
FHIR bundle carries none unless asked, since it may be taken into a health
record system with no one reading it first. `ALL` is only ever an explicit
choice (`kindaudio export --entries all`).
"""

from __future__ import annotations

import enum
from datetime import date
from typing import TYPE_CHECKING

from kindaudio.journal.entry_records import Entry

if TYPE_CHECKING:
    from kindaudio.journal.store import Journal


class EntryChoice(enum.StrEnum):
    SHARED = "shared"
    ALL = "all"
    NONE = "none"


# What a format carries when the person did not say.
DEFAULT_CHOICE = {"csv": EntryChoice.SHARED, "pdf": EntryChoice.SHARED, "fhir": EntryChoice.NONE}


def gather_entries(journal: Journal, since: date, until: date, choice: EntryChoice) -> tuple[Entry, ...]:
    """The entries about days in [since, until] that `choice` lets out, oldest first."""
    choice = EntryChoice(choice)
    if choice is EntryChoice.NONE:
        return ()
    return tuple(journal.entries(since=since, until=until, shared_only=choice is EntryChoice.SHARED,
                                 newest_first=False))


def entry_text(entry: Entry) -> str:
    """An entry as plain text: each answer written under its label, blank answers left out."""
    return "\n\n".join(f"{answer.label}:\n{answer.text}" if answer.label else answer.text
                       for answer in entry.answers if answer.text.strip())
