"""The Journal's written entries: saved as they are typed, read back by day, searched, shared only by choice.

The window saves an entry many times while it is written (autosave), so
adding and updating are cheap single-row writes; the full-text index follows
by trigger. Search uses that index (SQLite FTS5, `models.ENTRY_SEARCH_DDL`):
each word typed matches words that begin with it, ignoring case and accents,
and the newest matches come first. Nothing here logs what was written; log
lines name entries by number only.
"""

from __future__ import annotations

import logging
import re
from datetime import date
from typing import Any

from sqlalchemy import Integer, Select, column, delete, func, select, table, text
from sqlalchemy.orm import Session

from kindaudio.common.errors import UserInputError
from kindaudio.journal.database import Database
from kindaudio.journal.entry_records import Answer, Entry, EntryDraft
from kindaudio.journal.errors import JournalError
from kindaudio.journal.models import CheckInRow, EntryRow, SessionRow

log = logging.getLogger(__name__)

MAX_SEARCH_WORDS = 12
_WORD = re.compile(r"\w+")
# The full-text index (a virtual table, so not one of the models): its rowid is the entry's id.
_SEARCH = table("entries_fts", column("rowid", Integer), column("entries_fts"))


class EntriesPart(Database):
    """The written-entries part of `kindaudio.journal.store.Journal`."""

    def add_entry(self, draft: EntryDraft) -> int:
        """Keep a new entry; returns its number."""
        values = self._entry_values(draft)
        moment = self.now()
        with self.writing() as session:
            self._check_links(session, draft)
            row = EntryRow(created_at=moment, updated_at=moment, **values)
            session.add(row)
            session.flush()
            entry_id = row.id
        log.info("entry %d written", entry_id)
        return entry_id

    def update_entry(self, entry_id: int, draft: EntryDraft) -> None:
        """Replace what entry `entry_id` holds with `draft` (its created time stays)."""
        values = self._entry_values(draft)
        with self.writing() as session:
            row = _entry_row(session, entry_id)
            self._check_links(session, draft)
            for name, value in values.items():
                setattr(row, name, value)
            row.updated_at = self.now()

    def set_entry_shared(self, entry_id: int, shared: bool) -> None:
        """The "include when I share with my therapist" mark, on or off."""
        with self.writing() as session:
            row = _entry_row(session, entry_id)
            row.shared = bool(shared)
            row.updated_at = self.now()

    def delete_entry(self, entry_id: int) -> None:
        with self.writing() as session:
            result = session.execute(delete(EntryRow).where(EntryRow.id == entry_id))
            if not getattr(result, "rowcount", 0):
                raise JournalError(f"There is no entry {entry_id} in the journal.")
        self._forget_deleted()
        log.info("entry %d deleted", entry_id)

    def _forget_deleted(self) -> None:
        """Leave a deleted entry's words nowhere in the files.

        The pages freed are zeroed (secure_delete, opening.py), but the search
        index keeps a deleted text's words in its older segments until they are
        merged, so they are merged now (a few milliseconds for thousands of
        entries); then the write-ahead log, which still holds the old pages, is
        copied into the file and emptied. Best effort: a reader holding the log
        open only postpones that until SQLite's next checkpoint.
        """
        with self.writing() as session:
            session.execute(text("INSERT INTO entries_fts(entries_fts) VALUES ('optimize')"))
        with self._engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")

    def entry(self, entry_id: int) -> Entry:
        with self.reading() as session:
            found = session.execute(_with_titles().where(EntryRow.id == entry_id)).first()
            if found is None:
                raise JournalError(f"There is no entry {entry_id} in the journal.")
            return entry_record(*found)

    def entries(self, *, since: date | None = None, until: date | None = None, search: str | None = None,
                shared_only: bool = False, session_id: int | None = None, limit: int | None = None,
                newest_first: bool = True) -> list[Entry]:
        """Entries by their day (local dates, inclusive), newest first unless asked otherwise.

        `search` keeps entries holding every word given (each as the start of a word;
        case and accents aside); text with no words in it matches nothing.
        """
        if since is not None and until is not None and since > until:
            raise UserInputError(f"The start date ({since}) is after the end date ({until}).")
        statement = _with_titles()
        if since is not None:
            statement = statement.where(EntryRow.day >= since)
        if until is not None:
            statement = statement.where(EntryRow.day <= until)
        if shared_only:
            statement = statement.where(EntryRow.shared.is_(True))
        if session_id is not None:
            statement = statement.where(EntryRow.session_id == session_id)
        if search is not None and search.strip():
            query = search_query(search)
            if query is None:
                return []
            matching = select(_SEARCH.c.rowid).where(_SEARCH.c.entries_fts.op("MATCH")(query))
            statement = statement.where(EntryRow.id.in_(matching))
        order = (EntryRow.day.desc(), EntryRow.id.desc()) if newest_first else (EntryRow.day, EntryRow.id)
        statement = statement.order_by(*order)
        if limit is not None:
            statement = statement.limit(limit)
        with self.reading() as session:
            return [entry_record(row, title) for row, title in session.execute(statement)]

    def entry_count(self) -> int:
        with self.reading() as session:
            return int(session.scalar(select(func.count()).select_from(EntryRow)) or 0)

    # -- inside ---------------------------------------------------------------------------------

    def _entry_values(self, draft: EntryDraft) -> dict[str, Any]:
        if not isinstance(draft, EntryDraft):
            raise UserInputError("An entry needs what was written (an EntryDraft).")
        return {
            "kind": draft.kind,
            "kind_title": draft.kind_title,
            "answers": [{"key": a.key, "label": a.label, "text": a.text} for a in draft.answers],
            "body": draft.body,
            "day": draft.day or self.today(),
            "session_id": draft.session_id,
            "check_in_id": draft.check_in_id,
            "valence_before": draft.valence_before,
            "valence_after": draft.valence_after,
            "shared": draft.shared,
        }

    @staticmethod
    def _check_links(session: Session, draft: EntryDraft) -> None:
        if draft.session_id is not None and session.get(SessionRow, draft.session_id) is None:
            raise JournalError(f"There is no session {draft.session_id} in the journal to link this entry to.")
        if draft.check_in_id is not None and session.get(CheckInRow, draft.check_in_id) is None:
            raise JournalError(f"There is no check-in {draft.check_in_id} in the journal to link this entry to.")


def search_query(words: str) -> str | None:
    """An FTS5 query for `words`: every word, each as a prefix ("kind" finds "kindness"); None when there are none.

    Each word is quoted, so nothing typed can act as FTS5 syntax (AND, NEAR, a column name, a bracket).
    """
    found = _WORD.findall(words)[:MAX_SEARCH_WORDS]
    if not found:
        return None
    return " AND ".join(f'"{word}"*' for word in found)


def _entry_row(session: Session, entry_id: int) -> EntryRow:
    row = session.get(EntryRow, entry_id)
    if row is None:
        raise JournalError(f"There is no entry {entry_id} in the journal.")
    return row


def _with_titles() -> Select[EntryRow, str]:
    """Each entry with its linked session's title (None when it has no session)."""
    return select(EntryRow, SessionRow.title).outerjoin(SessionRow, SessionRow.id == EntryRow.session_id)


def entry_record(row: EntryRow, session_title: str | None = None) -> Entry:
    answers = tuple(Answer(str(item.get("key", "")), str(item.get("label", "")), str(item.get("text", "")))
                    for item in (row.answers or ()) if isinstance(item, dict))
    return Entry(id=row.id, kind=row.kind, kind_title=row.kind_title, answers=answers, day=row.day,
                 created_at=row.created_at, updated_at=row.updated_at, session_id=row.session_id,
                 check_in_id=row.check_in_id, valence_before=row.valence_before, valence_after=row.valence_after,
                 shared=bool(row.shared), session_title=session_title or "")
