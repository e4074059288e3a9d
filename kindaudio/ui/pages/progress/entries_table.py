"""The Progress page's list of sessions and check-ins: its model and the table that shows it.

Every cell's words come from text.py; the table shares its width out among the
columns and lets long cells wrap, so nothing needs sideways scrolling.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QSizePolicy, QTableView, QWidget

from kindaudio.journal.records import VALENCE_LABELS
from kindaudio.ui.pages.progress.data import JournalEntry
from kindaudio.ui.pages.progress.text import (
    day_text,
    entry_check_ins,
    entry_title,
    feelings_text,
    listened_text,
    mood_change_text,
    notes_text,
)

NOTE_CELL_CHARS = 240
TABLE_MIN_HEIGHT = 420
NO_PARENT = QModelIndex()  # a table's rows have no parent


class EntriesModel(QAbstractTableModel):
    """The sessions and check-ins listed, newest first, one per row."""

    COLUMNS = ("When", "Practice", "Listened", "Before → after", "Feelings", "Notes")

    def __init__(self) -> None:
        super().__init__()
        self._entries: tuple[JournalEntry, ...] = ()

    def set_entries(self, entries: tuple[JournalEntry, ...]) -> None:
        self.beginResetModel()
        self._entries = entries
        self.endResetModel()

    def entries(self) -> tuple[JournalEntry, ...]:
        return self._entries

    def entry(self, row: int) -> JournalEntry:
        return self._entries[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = NO_PARENT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = NO_PARENT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = self.cell_text(index.row(), index.column())
            if role == Qt.ItemDataRole.DisplayRole and len(text) > NOTE_CELL_CHARS:
                return text[:NOTE_CELL_CHARS - 1] + "…"
            return text or None
        return None

    def cell_text(self, row: int, column: int) -> str:
        entry = self._entries[row]
        check_ins = entry_check_ins(entry)
        if column == 0:
            return day_text(entry.when)
        if column == 1:
            return entry_title(entry)
        if column == 2:
            return "" if entry.session is None else listened_text(entry.session)
        if column == 3:
            if entry.check_in is not None:
                return VALENCE_LABELS[entry.check_in.mood.valence]
            assert entry.session is not None
            return mood_change_text(entry.session.before, entry.session.after)
        if column == 4:
            return feelings_text(check_ins)
        return notes_text(entry)


class EntriesTable(QTableView):
    """The list's table: its columns share the width it has, so nothing needs sideways scrolling.

    Long cells wrap onto more lines (rows grow to fit) rather than running off
    the right edge, where notes would otherwise go unseen.
    """

    SHARES = (0.15, 0.16, 0.15, 0.19, 0.14)  # of the width; the notes take the rest

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.horizontalHeader().setStretchLastSection(True)
        self.horizontalHeader().setMinimumSectionSize(60)
        self.setAccessibleName("Your sessions")
        self.setToolTip("Your sessions and check-ins, newest first. Double-click one to change it.")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.setMinimumHeight(TABLE_MIN_HEIGHT)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        width = self.viewport().width()
        for column, share in enumerate(self.SHARES):
            self.setColumnWidth(column, int(width * share))
        self.resizeRowsToContents()  # wrapped cells need their rows' heights measured at the new widths
