"""The Journal page's first view: ways to begin writing, then the entries by day, with a search.

Signals:
    kind_chosen(str): a writing kind's id, to begin a new entry of that kind.
    entry_opened(int): an entry's id, to read and change it.
    delete_requested(int): an entry's id; the page asks before anything goes.
    search_changed(str): the words to look for (after a short pause in typing).
    more_requested(): show older entries too.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from kindaudio.journal.entry_records import Entry
from kindaudio.journal.writing import WritingKind
from kindaudio.ui.pages.journal import text
from kindaudio.ui.widgets.basics import make_button, make_label
from kindaudio.ui.widgets.flow_layout import FlowLayout

log = logging.getLogger(__name__)

SEARCH_PAUSE_MS = 250
ID_ROLE = Qt.ItemDataRole.UserRole


def day_text(day: date) -> str:
    """Monday 7 December 2026."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def entry_summary(entry: Entry) -> str:
    """Two lines for the list: the day, the kind, whether it is shared; then its first words."""
    parts = [day_text(entry.day), entry.kind_title]
    if entry.session_title:
        parts.append(text.AFTER_PRACTICE.format(title=entry.session_title))
    if entry.shared:
        parts.append(text.SHARED_TAG)
    first = entry.first_line or text.NOTHING_WRITTEN
    if len(first) > 120:
        first = first[:119].rstrip() + "…"
    return " · ".join(parts) + "\n" + first


class EntryList(QWidget):
    """Ways to begin, the search, and the list of entries (see the module's docstring for the signals)."""

    kind_chosen = Signal(str)
    entry_opened = Signal(int)
    delete_requested = Signal(int)
    search_changed = Signal(str)
    more_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 32, 40, 24)
        layout.setSpacing(12)
        # A place of the side bar, like Progress and Settings: no back link (kindaudio/ui/navigation.py).
        titles = QVBoxLayout()
        titles.setSpacing(4)  # as page_header spaces them
        titles.addWidget(make_label(text.TITLE, "page-title"))
        titles.addWidget(make_label(text.SUBTITLE, "subtitle"))
        layout.addLayout(titles)

        layout.addWidget(make_label(text.BEGIN, "section-title"))
        layout.addWidget(make_label(text.BEGIN_HINT, "muted"))
        self.kinds_holder = QWidget()
        self.kinds_layout = FlowLayout(self.kinds_holder, spacing=10)
        layout.addWidget(self.kinds_holder)
        self.kind_buttons: dict[str, QWidget] = {}

        layout.addWidget(make_label(text.ENTRIES, "section-title"))
        self.search = QLineEdit()
        self.search.setPlaceholderText(text.SEARCH_PLACEHOLDER)
        self.search.setAccessibleName(text.SEARCH_NAME)
        self.search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_PAUSE_MS)
        self._search_timer.timeout.connect(lambda: self.search_changed.emit(self.search.text().strip()))
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        layout.addWidget(self.search)

        self.message = make_label("", "muted")
        self.message.hide()
        layout.addWidget(self.message)
        self.list = QListWidget()
        self.list.setAccessibleName(text.ENTRIES)
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(False)
        self.list.setSpacing(4)
        self.list.itemActivated.connect(self._activated)
        self.list.currentItemChanged.connect(lambda *_: self._selection_changed())
        layout.addWidget(self.list, 1)

        row = QHBoxLayout()
        self.open_button = make_button(text.OPEN, "Open the chosen entry", "Read and change the chosen entry",
                                       "primary")
        self.open_button.clicked.connect(lambda: self._for_current(self.entry_opened.emit))
        self.delete_button = make_button(text.DELETE, "Delete the chosen entry",
                                         "Remove the chosen entry from your journal (you will be asked)")
        self.delete_button.clicked.connect(lambda: self._for_current(self.delete_requested.emit))
        self.more_button = make_button(text.SHOW_MORE, text.SHOW_MORE, "List entries from further back", "link")
        self.more_button.clicked.connect(self.more_requested)
        self.more_button.hide()
        for button in (self.open_button, self.delete_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.more_button)
        layout.addLayout(row)
        self._selection_changed()

    def show_kinds(self, kinds: tuple[WritingKind, ...]) -> None:
        if tuple(self.kind_buttons) == tuple(kind.id for kind in kinds):
            return
        while self.kinds_layout.count():
            item = self.kinds_layout.takeAt(0)
            gone = item.widget() if item is not None else None
            if gone is not None:
                gone.deleteLater()
        self.kind_buttons = {}
        for kind in kinds:
            button = make_button(kind.title, f"Begin writing: {kind.title}", kind.summary, "secondary")
            button.clicked.connect(lambda _checked=False, kind_id=kind.id: self.kind_chosen.emit(kind_id))
            self.kinds_layout.addWidget(button)
            self.kind_buttons[kind.id] = button
        self.kinds_holder.updateGeometry()

    def show_entries(self, entries: tuple[Entry, ...], *, more: bool, search: str) -> None:
        keep = self.current_entry_id()
        self.list.clear()
        for entry in entries:
            item = QListWidgetItem(entry_summary(entry))
            item.setData(ID_ROLE, entry.id)
            item.setToolTip(entry.body[:400])
            self.list.addItem(item)
            if entry.id == keep:
                self.list.setCurrentItem(item)
        if not entries:
            self.message.setText(text.NO_MATCHES.format(words=search) if search else text.NO_ENTRIES)
            self.message.show()
        else:
            self.message.hide()
        self.more_button.setVisible(more)
        self._selection_changed()

    def current_entry_id(self) -> int | None:
        item = self.list.currentItem()
        return None if item is None else int(item.data(ID_ROLE))

    def select_entry(self, entry_id: int) -> bool:
        for row in range(self.list.count()):
            if int(self.list.item(row).data(ID_ROLE)) == entry_id:
                self.list.setCurrentRow(row)
                return True
        return False

    def _activated(self, item: QListWidgetItem) -> None:
        self.entry_opened.emit(int(item.data(ID_ROLE)))

    def _for_current(self, then: Callable[[int], object]) -> None:
        entry_id = self.current_entry_id()
        if entry_id is not None:
            then(entry_id)

    def _selection_changed(self) -> None:
        chosen = self.current_entry_id() is not None
        self.open_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)
