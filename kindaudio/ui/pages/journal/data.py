"""What the Journal page reads and writes, as plain data, without Qt.

Reading runs on the services' worker threads; saving runs on the services'
one-thread journal writer, so an entry's saves land in the order they were
made. `EntrySaver` remembers which entry a writing session is filling: the
first save makes it, every later one changes it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import tzinfo
from typing import TYPE_CHECKING

from kindaudio.journal.entry_records import Entry, EntryDraft
from kindaudio.journal.writing import WritingKind, added_folder, all_kinds

if TYPE_CHECKING:
    from kindaudio.journal.store import Journal
    from kindaudio.ui.services import Services

log = logging.getLogger(__name__)

PAGE_SIZE = 200  # entries listed at first; "Show older entries" adds as many again


@dataclass(frozen=True)
class JournalData:
    kinds: tuple[WritingKind, ...]
    entries: tuple[Entry, ...]  # newest day first
    more: bool  # there are older entries than those listed
    search: str
    tz: tzinfo


@dataclass(frozen=True)
class JournalUnavailable:
    message: str


def load_journal(journal: Journal, kinds: tuple[WritingKind, ...], search: str, limit: int) -> JournalData:
    """The kinds and the newest `limit` entries (matching `search`, when given)."""
    found = journal.entries(search=search or None, limit=limit + 1)
    return JournalData(kinds, tuple(found[:limit]), len(found) > limit, search, journal.tz)


def load_or_explain(services: Services, search: str, limit: int) -> JournalData | JournalUnavailable:
    """The page's data, or why there is none (a worker's call)."""
    from kindaudio.journal.errors import JournalError

    kinds = tuple(all_kinds(added_folder(services.paths.data)))
    try:
        journal = services.journal
    except JournalError as exc:
        return JournalUnavailable(str(exc))
    return load_journal(journal, kinds, search, limit)


class EntrySaver:
    """Saves one entry as it is written: made at the first save, changed at each one after.

    Used only from the journal's one writer thread (and read on the GUI thread
    once a save is done), so its id needs no lock.
    """

    def __init__(self, entry_id: int | None = None) -> None:
        self.entry_id = entry_id

    def save(self, journal: Journal, draft: EntryDraft) -> int:
        if self.entry_id is None:
            if draft.is_empty and not draft.shared and draft.valence_before is None and draft.valence_after is None:
                return 0  # nothing to keep yet; an empty page is not an entry
            self.entry_id = journal.add_entry(draft)
        else:
            journal.update_entry(self.entry_id, draft)
        return self.entry_id
