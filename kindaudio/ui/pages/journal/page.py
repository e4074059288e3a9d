"""The Journal page: begin an entry of a writing kind, write it (saved as you type), find it again later.

Saving happens a moment after typing pauses (AUTOSAVE_MS), and every
AUTOSAVE_AT_MOST_MS while it runs on without a pause, on the services'
one-thread journal writer, so the window never waits for the disk and an
entry's saves land in order; leaving the entry, the page or the window saves
at once. A crash or a kill loses at most the last moment of typing.

Public API (for the window): `new_entry(kind_id, session_id=...)`,
`open_entry(entry_id)`, `refresh()`, `flush()`, `current_entry_id`,
`is_writing()`. It is a place of the side bar, so it has no way back of its own.

Signals:
    entry_saved(int): an entry was saved (its id); after every autosave.
    loaded(): the list was read again.
    deleted(int): an entry was deleted (its id).
"""

from __future__ import annotations

import logging
import time
from datetime import date

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import QMessageBox, QStackedWidget, QVBoxLayout, QWidget

from kindaudio.common.errors import UserInputError
from kindaudio.journal.entry_records import Answer, Entry, EntryDraft
from kindaudio.journal.writing import DEFAULT_KIND, Prompt, WritingKind, added_folder, all_kinds
from kindaudio.ui.pages.journal import text
from kindaudio.ui.pages.journal.data import PAGE_SIZE, EntrySaver, JournalData, JournalUnavailable, load_or_explain
from kindaudio.ui.pages.journal.entry_list import EntryList, day_text
from kindaudio.ui.pages.journal.writing_view import WritingView
from kindaudio.ui.services import Services
from kindaudio.ui.tasks import Task
from kindaudio.ui.widgets.question import Answer as Choice
from kindaudio.ui.widgets.question import ask

log = logging.getLogger(__name__)

AUTOSAVE_MS = 400  # saved this long after typing pauses
AUTOSAVE_AT_MOST_MS = 2_000  # and, while typing runs on without a pause, at least this often


class JournalPage(QWidget):
    """Guided writing and the entries written (see the module's docstring)."""

    entry_saved = Signal(int)
    loaded = Signal()
    deleted = Signal(int)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(text.TITLE)
        self.services = services
        self._data: JournalData | None = None
        self._search = ""
        self._limit = PAGE_SIZE
        self._generation = 0
        self._loading = False
        self._saver: EntrySaver | None = None  # the entry being written, None on the list
        self._draft_meta: tuple[str, str, date, int | None] = ("", "", date.today(), None)
        self._last_saved: EntryDraft | None = None
        self._pending_saves = 0
        self.question: QMessageBox | None = None

        self.stack = QStackedWidget()
        self.list = EntryList()
        self.writing = WritingView()
        self.stack.addWidget(self.list)
        self.stack.addWidget(self.writing)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.timeout.connect(self.save_now)

        self.list.kind_chosen.connect(lambda kind_id: self.new_entry(kind_id))
        self.list.entry_opened.connect(self.open_entry)
        self.list.delete_requested.connect(self.ask_to_delete)
        self.list.search_changed.connect(self.set_search)
        self.list.more_requested.connect(self._show_more)
        self._unsaved_since: float | None = None  # monotonic seconds of the first edit not yet saved
        self.writing.edited.connect(self._edited)
        self.writing.back_requested.connect(self.show_list)
        self.writing.delete_requested.connect(lambda: self.ask_to_delete(self.current_entry_id))
        events = getattr(services, "journal_events", None)
        if events is not None:
            events.changed.connect(self._journal_changed)

    # -- reading ---------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the list again (off the GUI thread); `loaded` follows."""
        self._generation += 1
        generation = self._generation
        self._loading = True

        def connect(task: Task) -> None:
            task.succeeded.connect(lambda result: self._show(generation, result))
            task.failed.connect(lambda message: self._show(generation, JournalUnavailable(message)))

        self.services.tasks.run(load_or_explain, self.services, self._search, self._limit, connect=connect)

    def is_loading(self) -> bool:
        return self._loading

    def data(self) -> JournalData | None:
        return self._data

    def set_search(self, words: str) -> None:
        self._search = words.strip()
        self._limit = PAGE_SIZE
        self.refresh()

    def _show_more(self) -> None:
        self._limit += PAGE_SIZE
        self.refresh()

    def _show(self, generation: int, result: JournalData | JournalUnavailable) -> None:
        if generation != self._generation:
            return
        self._loading = False
        if isinstance(result, JournalUnavailable):
            self._data = None
            self.list.show_entries((), more=False, search="")
            self.list.message.setText(f"{text.UNAVAILABLE} {result.message}")
            for button in self.list.kind_buttons.values():
                button.setEnabled(False)
        else:
            self._data = result
            self.list.show_kinds(result.kinds)
            self.list.show_entries(result.entries, more=result.more, search=result.search)
        self.loaded.emit()

    # -- writing ---------------------------------------------------------------------------

    @property
    def current_entry_id(self) -> int | None:
        """The entry open for writing, once it has been saved (None on the list or before the first save)."""
        return None if self._saver is None else self._saver.entry_id

    def is_writing(self) -> bool:
        return self.stack.currentWidget() is self.writing

    def new_entry(self, kind_id: str | None = None, *, session_id: int | None = None) -> None:
        """A new, empty entry of `kind_id` (the default kind when None), linked to `session_id` when given.

        Nothing is kept until something is written.
        """
        self.flush()
        kind = self._kind(kind_id or DEFAULT_KIND)
        today = date.today()
        self._open(kind, kind.empty_answers(), EntrySaver(), today, session_id, shared=False, linked="")

    def open_entry(self, entry_id: int) -> None:
        """Read entry `entry_id` (off the GUI thread) and show it for reading and changing."""
        self.flush()

        def connect(task: Task) -> None:
            task.succeeded.connect(self._show_entry)
            task.failed.connect(self._problem)

        self.services.tasks.run(lambda: self.services.journal.entry(entry_id), connect=connect)

    def _show_entry(self, entry: Entry) -> None:
        kind = self._kind(entry.kind, fallback=entry)
        linked = text.LINKED.format(title=entry.session_title) if entry.session_title else ""
        self._open(kind, entry.answers, EntrySaver(entry.id), entry.day, entry.session_id, shared=entry.shared,
                   linked=linked, saved=entry.draft(), moods=(entry.valence_before, entry.valence_after))

    def _open(self, kind: WritingKind, answers: tuple[Answer, ...], saver: EntrySaver, day: date,
              session_id: int | None, *, shared: bool, linked: str, saved: EntryDraft | None = None,
              moods: tuple[int | None, int | None] = (None, None)) -> None:
        self._saver = saver
        self._unsaved_since = None
        self._draft_meta = (kind.id, kind.title, day, session_id)
        self._last_saved = saved
        self.writing.show_entry(kind, answers, shared=shared, day=day_text(day), linked=linked,
                                valence_before=moods[0], valence_after=moods[1])
        self.writing.set_status(text.SAVED if saved is not None else "")
        self.stack.setCurrentWidget(self.writing)
        self.writing.focus_first()

    def _kind(self, kind_id: str, fallback: Entry | None = None) -> WritingKind:
        kinds = self._data.kinds if self._data is not None else tuple(all_kinds(added_folder(self.services.paths.data)))
        for kind in kinds:
            if kind.id == kind_id:
                return kind
        if fallback is not None:  # a kind from a pack that is gone: the entry still reads as it was written
            prompts = tuple(Prompt(answer.key, answer.label) for answer in fallback.answers)
            return WritingKind(fallback.kind, fallback.kind_title, "", prompts, source="gone")
        return next(kind for kind in kinds if kind.id == DEFAULT_KIND)

    def _edited(self) -> None:
        """Save after a pause in typing, but never later than AUTOSAVE_AT_MOST_MS after the first unsaved edit."""
        now = time.monotonic()
        if self._unsaved_since is None:
            self._unsaved_since = now
        left_ms = AUTOSAVE_AT_MOST_MS - (now - self._unsaved_since) * 1000
        self._autosave.start(max(0, min(AUTOSAVE_MS, int(left_ms))))

    def draft(self) -> EntryDraft:
        """What the form holds now, checked (raises UserInputError for text that cannot be kept)."""
        kind_id, kind_title, day, session_id = self._draft_meta
        return EntryDraft(kind_id, kind_title, self.writing.answers(), day=day, session_id=session_id,
                          valence_before=self.writing.valence_before.value(),
                          valence_after=self.writing.valence_after.value(), shared=self.writing.shared())

    def save_now(self) -> None:
        """Save what is written, unless it is saved already (on the journal's writer; returns at once)."""
        self._autosave.stop()
        self._unsaved_since = None
        saver = self._saver
        if saver is None:
            return
        try:
            draft = self.draft()
        except UserInputError as exc:
            self.writing.set_status(text.NOT_SAVED.format(reason=exc.message), problem=True)
            return
        if draft == self._last_saved:
            return
        self._last_saved = draft
        self._pending_saves += 1
        self.writing.set_status(text.SAVING)
        services = self.services

        def connect(task: Task) -> None:
            task.succeeded.connect(self._saved)
            task.failed.connect(self._save_failed)

        services.journal_writes.run(lambda: saver.save(services.journal, draft), connect=connect)

    def _saved(self, entry_id: int) -> None:
        self._pending_saves -= 1
        if self._pending_saves == 0 and self.is_writing():
            self.writing.set_status(text.SAVED)
        if entry_id:
            self.entry_saved.emit(entry_id)

    def _save_failed(self, message: str) -> None:
        self._pending_saves -= 1
        self._last_saved = None  # try again at the next pause
        log.warning("an entry could not be saved")
        self.writing.set_status(text.NOT_SAVED.format(reason=message), problem=True)

    def flush(self) -> None:
        """Save now anything typed since the last save (leaving the entry, the page or the window)."""
        if self._autosave.isActive() or (self._saver is not None and self.is_writing()):
            self.save_now()

    def show_list(self) -> None:
        """Back to the list (what was written is saved first)."""
        self.flush()
        self._saver = None
        self.stack.setCurrentWidget(self.list)
        self.refresh()

    # -- deleting --------------------------------------------------------------------------

    def ask_to_delete(self, entry_id: int | None) -> QMessageBox | None:
        """Ask first; only a clear yes deletes. An entry not saved yet is simply let go."""
        day = self._draft_meta[2] if self.is_writing() else self._listed_day(entry_id)
        question = text.DELETE_QUESTION.format(day=day_text(day) if day is not None else "this day")
        answers = [Choice("Delete", "Delete", "Yes, remove it", "destructive"),
                   Choice(text.KEEP, text.KEEP, "Change nothing")]
        self.question = ask(self, "Are you sure?", question, answers,
                            lambda chosen: self._delete(entry_id) if chosen == 0 else None, default=1, escape=1)
        return self.question

    def _listed_day(self, entry_id: int | None) -> date | None:
        entries = self._data.entries if self._data is not None else ()
        return next((entry.day for entry in entries if entry.id == entry_id), None)

    def _delete(self, entry_id: int | None) -> None:
        writing = self.is_writing()
        if writing:
            self._autosave.stop()
            saver, self._saver = self._saver, None
            self.stack.setCurrentWidget(self.list)
        else:
            saver = None
        services = self.services

        def work() -> int:
            # On the writer, after any save still queued: the entry may have been made only just now.
            found = entry_id if entry_id is not None else (saver.entry_id if saver is not None else None)
            if found:
                services.journal.delete_entry(found)
            return found or 0

        def connect(task: Task) -> None:
            task.succeeded.connect(lambda deleted: self._deleted(deleted))
            task.failed.connect(self._problem)

        services.journal_writes.run(work, connect=connect)

    def _problem(self, message: str) -> None:
        self.list.message.setText(message)
        self.list.message.show()

    def _deleted(self, entry_id: int) -> None:
        if entry_id:
            self.deleted.emit(entry_id)
        self.refresh()

    # -- reacting --------------------------------------------------------------------------

    def _journal_changed(self) -> None:
        if self.isVisible() and not self.is_writing():
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        """Shown (again): the list is read afresh (entries written at a terminal meanwhile are there too)."""
        super().showEvent(event)
        if not self.is_writing():
            self.refresh()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt's name
        """Leaving the page (for another page, or the window closing) saves what was typed."""
        self.flush()
        super().hideEvent(event)
