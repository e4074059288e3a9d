"""The Progress list's filters: which practice, and between which dates.

The practices offered are those the journal has seen; when the one chosen is
no longer among them, the list goes back to every practice and is read again.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from kindaudio.ui.dialogs.journal_entry import EARLIEST_DAY, make_date_edit, pydate, qdate
from kindaudio.ui.pages.progress.data import WEEKS_SHOWN, ListFilter
from kindaudio.ui.widgets.basics import make_button
from kindaudio.ui.widgets.flow_layout import FlowLayout

ALL_PRACTICES = "All practices"
ANY_DATE = "Any date"


class SessionFilters(QWidget):
    """The practice to list (or all), and the first and last day.

    Signals:
        changed(): the choice changed; the list is to be read again with `list_filter()`.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._practices: tuple[tuple[str, str], ...] = ()
        today = date.today()
        self._today = today  # the day the "to" date last followed
        # Two groups that wrap as a whole: beside the side bar, at 150 % text, one row is wider than 1280 pixels.
        row = FlowLayout(self, spacing=16)
        self.practice_filter = QComboBox()
        self.practice_filter.addItem(ALL_PRACTICES, None)
        self.practice_filter.setAccessibleName("Show sessions of")
        self.practice_filter.setToolTip("Show every practice, or only one")
        self.practice_filter.setMinimumContentsLength(18)
        self.practice_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.practice_filter.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.since_edit = make_date_edit("From", "The first day to list (pick the earliest for any date)", today)
        self.since_edit.setSpecialValueText(ANY_DATE)
        self.since_edit.setDate(qdate(today - timedelta(weeks=WEEKS_SHOWN)))
        self.until_edit = make_date_edit("To", "The last day to list", today)
        self.since_edit.dateChanged.connect(self._since_changed)
        self.until_edit.dateChanged.connect(self._until_changed)
        self.all_dates_button = make_button("Any date", "List every date",
                                            "List sessions from any date up to today", "link")
        self.all_dates_button.clicked.connect(self.show_all_dates)
        groups = [QWidget(), QWidget()]
        lines = []
        for group in groups:
            line = QHBoxLayout(group)
            line.setContentsMargins(0, 0, 0, 0)
            line.setSpacing(10)
            lines.append(line)
            row.addWidget(group)
        for line, text, widget in ((lines[0], "Practice", self.practice_filter), (lines[1], "From", self.since_edit),
                                   (lines[1], "to", self.until_edit)):
            label = QLabel(text)
            label.setBuddy(widget)
            line.addWidget(label)
            line.addWidget(widget)
        lines[1].addWidget(self.all_dates_button)

    def list_filter(self) -> ListFilter:
        since = self.since_edit.date()
        return ListFilter(practice_id=self.practice_filter.currentData(),
                          since=None if since == EARLIEST_DAY else pydate(since),
                          until=pydate(self.until_edit.date()))

    def set_practices(self, practices: tuple[tuple[str, str], ...]) -> None:
        """Offer these practices (id, title); `changed` follows if the one chosen is gone."""
        if practices == self._practices:
            return
        self._practices = practices
        chosen = self.practice_filter.currentData()
        self.practice_filter.blockSignals(True)
        self.practice_filter.clear()
        self.practice_filter.addItem(ALL_PRACTICES, None)
        for practice_id, title in practices:
            self.practice_filter.addItem(title, practice_id)
        index = self.practice_filter.findData(chosen)
        self.practice_filter.setCurrentIndex(max(index, 0))
        self.practice_filter.blockSignals(False)
        if index < 0 and chosen is not None:
            self.changed.emit()  # the practice chosen is no longer in the journal

    def set_practice(self, practice_id: str | None) -> None:
        index = self.practice_filter.findData(practice_id)
        if index < 0:
            raise KeyError(practice_id)
        self.practice_filter.setCurrentIndex(index)

    def follow_today(self) -> None:
        """A new day since the page last looked: a "to" date left at today moves on to the new today
        (quietly; the caller reads the list again). A "to" date the person chose stays."""
        today = date.today()
        if today == self._today:
            return
        following = pydate(self.until_edit.date()) >= self._today
        self._today = today
        for edit in (self.since_edit, self.until_edit):
            edit.blockSignals(True)
            edit.setMaximumDate(qdate(today))
            edit.blockSignals(False)
        if following:
            self.until_edit.blockSignals(True)
            self.until_edit.setDate(qdate(today))
            self.until_edit.blockSignals(False)

    def show_all_dates(self) -> None:
        self.until_edit.blockSignals(True)
        self.until_edit.setMaximumDate(qdate(date.today()))
        self.until_edit.setDate(qdate(date.today()))
        self.until_edit.blockSignals(False)
        self._today = date.today()
        self.since_edit.setDate(EARLIEST_DAY)
        self.changed.emit()

    def _since_changed(self) -> None:
        if self.since_edit.date() > self.until_edit.date():
            self.until_edit.setDate(self.since_edit.date())  # `changed` follows through its own signal
            return
        self.changed.emit()

    def _until_changed(self) -> None:
        if self.until_edit.date() < self.since_edit.date():
            self.since_edit.setDate(self.until_edit.date())
            return
        self.changed.emit()
