"""Fields that ask for the room their words need, at any text size.

Qt sizes a date field and a line edit from the font alone; the stylesheet's
padding, thicker focus border and drop-down arrow then eat into it, so "10 Nov
2025" showed as "10 Nov 202…" and placeholders were cut. These measure with
the widget's current font each time Qt asks (the text size can change while
a page is open), so they stay right at 150 %.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, QSize, Qt
from PySide6.QtWidgets import QComboBox, QDateEdit, QLineEdit, QWidget

# What the stylesheet adds around the text (kindaudio/data/style.qss): 10 px padding and up to a
# 3 px focus border on each side, plus a 28 px drop-down and a little air.
FIELD_ROOM = 2 * (10 + 3) + 8
DROP_DOWN_ROOM = 28


class RoomyDateEdit(QDateEdit):
    """A date field wide enough for its longest date in its display format (the widest month)."""

    def _text_width(self) -> int:
        metrics = self.fontMetrics()
        dates = (QDate(2000, month, 28) for month in range(1, 13))
        return max(metrics.horizontalAdvance(self.locale().toString(day, self.displayFormat())) for day in dates)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        hint = super().sizeHint()
        return QSize(max(hint.width(), self._text_width() + FIELD_ROOM + DROP_DOWN_ROOM), hint.height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return self.sizeHint()


class RoomyLineEdit(QLineEdit):
    """A line edit at least as wide as its placeholder, so the example it gives is read whole."""

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        hint = super().sizeHint()
        need = self.fontMetrics().horizontalAdvance(self.placeholderText()) + FIELD_ROOM
        return QSize(max(hint.width(), need), hint.height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        hint = super().minimumSizeHint()
        return QSize(max(hint.width(), self.sizeHint().width()), hint.height())


def name_in_full(combo: QComboBox, about: str) -> None:
    """For a drop-down of names of unbounded length (a microphone's), call once it is filled: the box
    may cut a name, so its tooltip (`about`, then the name) and each item's say it whole, and the
    open list is as wide as the longest name."""
    for index in range(combo.count()):
        combo.setItemData(index, combo.itemText(index), Qt.ItemDataRole.ToolTipRole)
    combo.setToolTip(f"{about}: {combo.currentText()}" if combo.currentText() else about)
    view: QWidget = combo.view()
    widest = max((view.fontMetrics().horizontalAdvance(combo.itemText(i)) for i in range(combo.count())), default=0)
    view.setMinimumWidth(widest + FIELD_ROOM + 24)  # 24: room for the list's scroll bar
