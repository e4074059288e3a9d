"""The app-wide input habits, with real widgets: the wheel scrolls the page unless a field has focus;
Enter and Return press the focused button and leave text boxes their new line."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QDate, QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSlider,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from kindaudio.ui.widgets.input_events import install_input_events

WHEEL_DOWN = -120  # one notch away from the person
KEPT: list[QWidget] = []  # the test's windows, alive until it ends


@pytest.fixture(autouse=True)
def input_events(qapp: QApplication) -> Iterator[None]:
    events = install_input_events(qapp)
    yield
    qapp.removeEventFilter(events)
    events.setParent(None)  # gone at once, so the next test installs its own
    KEPT.clear()


def wheel(widget: QWidget, notches: int = 1) -> None:
    """A wheel turn over the middle of `widget`, delivered as Qt delivers one from the mouse."""
    centre = QPointF(widget.width() / 2, widget.height() / 2)
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(0, 0),
                        QPoint(0, WHEEL_DOWN * notches), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def value_of(widget: QWidget) -> object:
    if isinstance(widget, QDateEdit):
        return widget.date()
    if isinstance(widget, QComboBox):
        return widget.currentIndex()
    assert isinstance(widget, (QSpinBox, QSlider))
    return widget.value()


def tall_page(qtbot: QtBot, field: QWidget) -> tuple[QScrollArea, QWidget]:
    """`field` in the middle of a column taller than its scroll area, as on the Progress page."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    column = QWidget()
    layout = QVBoxLayout(column)
    layout.addSpacing(300)
    layout.addWidget(field)
    layout.addSpacing(1500)
    other = QPushButton("Somewhere else")
    layout.addWidget(other)
    area.setWidget(column)
    area.resize(400, 500)
    qtbot.addWidget(area)
    area.show()
    qtbot.waitExposed(area)
    return area, other


def fields() -> list[QWidget]:
    date_edit = QDateEdit(QDate(2025, 12, 7))
    combo = QComboBox()
    combo.addItems(["one", "two", "three"])
    spin = QSpinBox()
    spin.setRange(0, 100)
    spin.setValue(50)
    slider = QSlider(Qt.Orientation.Horizontal)
    slider.setRange(0, 100)
    slider.setValue(50)
    return [date_edit, combo, spin, slider]


@pytest.mark.parametrize("index", range(4), ids=["date", "drop-down", "spin box", "slider"])
def test_the_wheel_over_a_field_without_focus_scrolls_the_page_and_leaves_the_value(qtbot: QtBot,
                                                                                    index: int) -> None:
    field = fields()[index]
    area, other = tall_page(qtbot, field)
    other.setFocus()
    before = value_of(field)
    assert area.verticalScrollBar().value() == 0
    wheel(field, 2)
    assert value_of(field) == before
    assert area.verticalScrollBar().value() > 0, "the page scrolled instead"
    assert not field.hasFocus(), "the wheel gives no focus"


@pytest.mark.parametrize("index", range(4), ids=["date", "drop-down", "spin box", "slider"])
def test_the_wheel_over_a_focused_field_changes_its_value_and_not_the_page(qtbot: QtBot, index: int) -> None:
    field = fields()[index]
    area, _ = tall_page(qtbot, field)
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    before = value_of(field)
    if isinstance(field, QComboBox):
        field.setCurrentIndex(1)
        before = 1
    wheel(field)
    assert value_of(field) != before
    assert area.verticalScrollBar().value() == 0


def test_fields_focus_by_click_or_tab_not_by_the_wheel(qtbot: QtBot) -> None:
    for field in fields():
        qtbot.addWidget(field)
        field.ensurePolished()
        assert field.focusPolicy() == Qt.FocusPolicy.StrongFocus, type(field).__name__


def test_scrolling_the_progress_page_past_its_to_date_keeps_the_date(qtbot: QtBot) -> None:
    """The reported case: the page's own date field, inside a scrolling page."""
    from kindaudio.ui.pages.progress.filters import SessionFilters

    filters = SessionFilters()
    area, other = tall_page(qtbot, filters)
    other.setFocus()
    until = filters.until_edit.date()
    since = filters.since_edit.date()
    wheel(filters.until_edit, 6)
    wheel(filters.since_edit, 6)
    assert (filters.until_edit.date(), filters.since_edit.date()) == (until, since)
    assert area.verticalScrollBar().value() > 0
    assert filters.until_edit.date().toPython() == date.today()
    assert filters.since_edit.date().toPython() < date.today() + timedelta(days=1)


# ---------------------------------------------------------------- Enter and Return


def column_with(qtbot: QtBot, *widgets: QWidget) -> QWidget:
    page = QWidget()
    layout = QVBoxLayout(page)
    for widget in widgets:
        layout.addWidget(widget)
    qtbot.addWidget(page)
    KEPT.append(page)
    page.show()
    qtbot.waitExposed(page)
    return page


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Enter], ids=["Return", "Enter"])
@pytest.mark.parametrize("kind", [QPushButton, QToolButton, QCheckBox], ids=["button", "tool button", "check box"])
def test_enter_and_return_press_the_focused_button(qtbot: QtBot, key: Qt.Key, kind: type[QAbstractButton]) -> None:
    button = kind()
    button.setText("Resume")
    column_with(qtbot, button, QPushButton("Another"))
    button.setFocus()
    qtbot.waitUntil(button.hasFocus)
    with qtbot.waitSignal(button.clicked, timeout=2000):
        qtbot.keyClick(button, key)
    if isinstance(button, QCheckBox):
        assert button.isChecked()


def test_the_number_pads_enter_presses_it_too(qtbot: QtBot) -> None:
    button = QPushButton("Stop for today")
    column_with(qtbot, button)
    button.setFocus()
    qtbot.waitUntil(button.hasFocus)
    with qtbot.waitSignal(button.clicked, timeout=2000):
        qtbot.keyClick(button, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)


def test_resume_and_stop_on_pause_and_ground_answer_return(qtbot: QtBot) -> None:
    """Resume on Pause & ground, the reported case, and its link-like Stop for today, pressed with Return."""
    from kindaudio.ui.pages.grounding import GroundingPanel

    panel = GroundingPanel()
    column_with(qtbot, panel)
    for button, signal in ((panel.resume_button, panel.resume_requested), (panel.stop_button, panel.stop_requested)):
        button.setFocus()
        qtbot.waitUntil(button.hasFocus)
        with qtbot.waitSignal(signal, timeout=2000):
            qtbot.keyClick(button, Qt.Key.Key_Return)


def test_return_with_a_modifier_is_left_to_shortcuts(qtbot: QtBot) -> None:
    button = QPushButton("Play")
    column_with(qtbot, button)
    button.setFocus()
    qtbot.waitUntil(button.hasFocus)
    clicks: list[str] = []
    button.clicked.connect(lambda: clicks.append("clicked"))
    qtbot.keyClick(button, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(button, Qt.Key.Key_Space)  # Space still presses it, as it always did
    assert clicks == ["clicked"]


def test_a_disabled_button_stays_unpressed(qtbot: QtBot) -> None:
    button = QPushButton("Save")
    other = QPushButton("Other")
    column_with(qtbot, button, other)
    button.setFocus()
    qtbot.waitUntil(button.hasFocus)
    button.setEnabled(False)
    clicks: list[str] = []
    button.clicked.connect(lambda: clicks.append("clicked"))
    qtbot.keyClick(button, Qt.Key.Key_Return)
    qtbot.keyClick(other, Qt.Key.Key_Return)  # the focused one after the disabled button let go
    assert clicks == []


def test_return_in_a_text_box_makes_a_new_line_and_presses_nothing(qtbot: QtBot) -> None:
    text = QPlainTextEdit()
    save = QPushButton("Save")
    clicks: list[str] = []
    save.clicked.connect(lambda: clicks.append("clicked"))
    column_with(qtbot, text, save)
    text.setFocus()
    qtbot.waitUntil(text.hasFocus)
    qtbot.keyClicks(text, "first")
    qtbot.keyClick(text, Qt.Key.Key_Return)
    qtbot.keyClicks(text, "second")
    assert text.toPlainText() == "first\nsecond"
    assert clicks == []


def test_a_dialogs_default_button_still_answers_return_from_a_field(qtbot: QtBot) -> None:
    dialog = QDialog()
    layout = QVBoxLayout(dialog)
    field = QLineEdit()
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(field)
    layout.addWidget(buttons)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        qtbot.keyClick(field, Qt.Key.Key_Return)


def test_return_on_a_dialogs_other_button_presses_that_one(qtbot: QtBot) -> None:
    dialog = QDialog()
    layout = QVBoxLayout(dialog)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
    cancel.setFocus()
    qtbot.waitUntil(cancel.hasFocus)
    with qtbot.waitSignal(dialog.rejected, timeout=2000):
        qtbot.keyClick(cancel, Qt.Key.Key_Return)
