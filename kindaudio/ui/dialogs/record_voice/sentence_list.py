"""The practice's sentences under their sections, each saying in words whether it is recorded."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from kindaudio.common.text import printable
from kindaudio.script.model import Sentence
from kindaudio.ui.dialogs.record_voice.data import Line
from kindaudio.ui.dialogs.record_voice.text import NOT_RECORDED, recorded_text
from kindaudio.ui.widgets.basics import make_label
from kindaudio.ui.widgets.script_view import WrappingDelegate

TEXT_COLUMN, STATE_COLUMN = 0, 1
SENTENCE_ROLE = Qt.ItemDataRole.UserRole  # the Sentence (text column); the recording's seconds (state column)
PATH_ROLE = Qt.ItemDataRole.UserRole + 1  # the recording's file (state column)


class SentenceList(QTreeWidget):
    """One row per distinct sentence (a section's title above its first), and its recording's state.

    A row's state column keeps the recording's length and file, so it stays
    true while a take stands in for it ("Recording…") and after one fails.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(2)
        self.setHeaderLabels(["Sentence", "Your recording"])
        self.setAccessibleName("The practice's sentences")
        self.setToolTip("Choose a sentence to record; R records or stops, Space plays, Delete deletes")
        self.setWordWrap(True)
        self.setUniformRowHeights(False)
        self.setRootIsDecorated(False)
        self.setItemsExpandable(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(QTreeWidget.ScrollMode.ScrollPerPixel)
        self.setItemDelegate(WrappingDelegate(self))
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(TEXT_COLUMN, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(STATE_COLUMN, QHeaderView.ResizeMode.ResizeToContents)
        header.sectionResized.connect(lambda *_: self.scheduleDelayedItemsLayout())

    def fill(self, lines: tuple[Line, ...]) -> None:
        """The sentences, each section's title before its first one; the first sentence chosen."""
        section: str | None = None
        for line in lines:
            if line.section != section:
                section = line.section
                if section:
                    self._add_heading(section)
            item = QTreeWidgetItem(self, [printable(line.sentence.text), ""])
            item.setData(TEXT_COLUMN, SENTENCE_ROLE, line.sentence)
            self.set_state(item, line.seconds, line.path)
        first = self.sentence_items()
        if first:
            self.setCurrentItem(first[0])

    def _add_heading(self, title: str) -> None:
        item = QTreeWidgetItem(self, ["", ""])
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)  # shown, never chosen
        item.setData(TEXT_COLUMN, Qt.ItemDataRole.AccessibleTextRole, f"Section: {title}")
        label = make_label(title, "section-title", accessible=f"Section: {title}")
        self.setItemWidget(item, TEXT_COLUMN, label)

    # -- reading it --------------------------------------------------------------------

    def sentence_items(self) -> list[QTreeWidgetItem]:
        """The rows that are sentences, in order."""
        items = (self.topLevelItem(index) for index in range(self.topLevelItemCount()))
        return [item for item in items if item is not None and isinstance(item.data(TEXT_COLUMN, SENTENCE_ROLE),
                                                                          Sentence)]

    def item_for(self, sentence_id: str) -> QTreeWidgetItem | None:
        return next((item for item in self.sentence_items() if sentence_of(item).id == sentence_id), None)

    def selected(self) -> QTreeWidgetItem | None:
        item = self.currentItem()
        return item if item is not None and isinstance(item.data(TEXT_COLUMN, SENTENCE_ROLE), Sentence) else None

    def recorded_count(self) -> int:
        return sum(1 for item in self.sentence_items() if is_recorded(item))

    # -- a row's state -------------------------------------------------------------------

    def set_state(self, item: QTreeWidgetItem, seconds: float | None, path: Path | None = None,
                  busy: str | None = None) -> None:
        """Recorded (with its length) or not; `busy` ("Recording…") stands in while a take is made."""
        if busy is None:
            item.setData(STATE_COLUMN, SENTENCE_ROLE, seconds)
            item.setData(STATE_COLUMN, PATH_ROLE, path)
        text = busy or (recorded_text(seconds) if seconds is not None else NOT_RECORDED)
        item.setText(STATE_COLUMN, text)
        item.setData(STATE_COLUMN, Qt.ItemDataRole.AccessibleTextRole, text)
        item.setToolTip(STATE_COLUMN, "Your recording plays for this sentence" if seconds is not None and not busy
                        else "A computer voice reads this sentence until you record it")

    def restore_state(self, item: QTreeWidgetItem) -> None:
        """Back to what it was before a take was tried: an earlier recording stays."""
        self.set_state(item, item.data(STATE_COLUMN, SENTENCE_ROLE), item.data(STATE_COLUMN, PATH_ROLE))


def sentence_of(item: QTreeWidgetItem) -> Sentence:
    sentence = item.data(TEXT_COLUMN, SENTENCE_ROLE)
    assert isinstance(sentence, Sentence)
    return sentence


def is_recorded(item: QTreeWidgetItem) -> bool:
    return item.data(STATE_COLUMN, SENTENCE_ROLE) is not None


def state_text(item: QTreeWidgetItem) -> str:
    return item.text(STATE_COLUMN)


def recording_of(item: QTreeWidgetItem) -> Path:
    """The file of a recorded sentence's recording."""
    return Path(item.data(STATE_COLUMN, PATH_ROLE))
