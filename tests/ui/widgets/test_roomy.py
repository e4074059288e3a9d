"""Fields that show their words whole at 150 % text: dates, placeholders, long device names."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QHBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from kindaudio.common.settings import Settings
from kindaudio.ui.dialogs.journal_entry import make_date_edit, qdate
from kindaudio.ui.theme import apply_theme
from kindaudio.ui.widgets.roomy import RoomyLineEdit, name_in_full


@pytest.fixture(autouse=True)
def large_text(qapp: QApplication) -> Iterator[None]:
    apply_theme(qapp, Settings(text_size=150))
    yield
    apply_theme(qapp, Settings())


def squeezed_row(qtbot: QtBot, *fields: QWidget) -> QWidget:
    """The fields side by side in a row with no room to spare: each gets its minimum."""
    row = QWidget()
    layout = QHBoxLayout(row)
    for field in fields:
        layout.addWidget(field)
    qtbot.addWidget(row)
    row.resize(row.minimumSizeHint())
    row.show()
    qtbot.waitExposed(row)
    return row


def test_a_date_field_shows_its_whole_date(qtbot: QtBot) -> None:
    since = make_date_edit("From", "The first day", date(2025, 11, 10))
    until = make_date_edit("To", "The last day", date(2025, 12, 10))
    since.setDate(qdate(date(2025, 9, 30)))  # a wide month
    row = squeezed_row(qtbot, since, until)
    for field in (since, until):
        text = field.lineEdit().text()
        assert text.endswith("2025"), text
        assert field.lineEdit().width() >= field.lineEdit().fontMetrics().horizontalAdvance(text), text
    assert row.isVisible()


def test_a_placeholder_is_read_whole(qtbot: QtBot) -> None:
    what = RoomyLineEdit()
    what.setPlaceholderText("e.g. a walking practice, a kind moment for myself")
    row = squeezed_row(qtbot, what)
    shown = what.width() - 2 * 13  # less the stylesheet's padding and border
    assert shown >= what.fontMetrics().horizontalAdvance(what.placeholderText())
    assert row.isVisible()


def test_a_long_microphone_name_is_whole_in_the_tooltip_and_the_open_list(qtbot: QtBot) -> None:
    name = "Blue Yeti Stereo Microphone, USB Audio (hw:2,0) analogue input (the usual one)"
    combo = QComboBox()
    combo.addItems(["Built-in audio", name])
    combo.setCurrentIndex(1)
    combo.setMinimumContentsLength(22)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    name_in_full(combo, "Which microphone to record from")
    row = squeezed_row(qtbot, combo)
    assert combo.toolTip() == f"Which microphone to record from: {name}"
    assert combo.itemData(1, Qt.ItemDataRole.ToolTipRole) == name
    assert combo.view().minimumWidth() >= combo.view().fontMetrics().horizontalAdvance(name)
    assert row.width() < combo.view().minimumWidth(), "the box itself stays narrow; its list opens wide"
