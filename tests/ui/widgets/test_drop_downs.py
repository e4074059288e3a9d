"""Every drop-down on the Settings, Practice and Timer pages opens showing all its items, inside the
screen, at 150 % text (also when the text size changed while the pages were open)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QComboBox, QWidget
from pytestqt.qtbot import QtBot

from kindaudio.ui.pages.practice.page import PracticePage
from kindaudio.ui.pages.timer_page import TimerPage
from kindaudio.ui.services import Services
from kindaudio.ui.theme import apply_theme
from tests.support.ui import SHORT_BODY, SHORT_FRONT, WAIT_MS, settings_page


@pytest.fixture
def large_text(qapp: QApplication, services: Services) -> Iterator[None]:
    apply_theme(qapp, services.settings.current.replace(text_size=150))
    yield
    apply_theme(qapp, services.settings.current)


def rows_shown(combo: QComboBox) -> float:
    """How many rows of the open list fit in its view (the items may differ in height)."""
    view = combo.view()
    needed = sum(view.sizeHintForRow(row) for row in range(min(combo.count(), combo.maxVisibleItems())))
    return view.viewport().height() / needed * min(combo.count(), combo.maxVisibleItems())


def check_drop_downs(page: QWidget, qtbot: QtBot) -> list[str]:
    checked = []
    screen = QGuiApplication.primaryScreen().availableGeometry()
    for combo in page.findChildren(QComboBox):
        if not combo.isVisible() or combo.count() == 0:
            continue
        combo.showPopup()
        popup = combo.view().window()
        qtbot.waitUntil(popup.isVisible)
        name = combo.accessibleName()
        assert rows_shown(combo) >= min(combo.count(), combo.maxVisibleItems()), name
        assert screen.contains(popup.geometry()), (name, popup.geometry(), screen)
        combo.hidePopup()
        checked.append(name)
    return checked


def test_the_settings_drop_downs_show_all_their_items(services: Services, qtbot: QtBot, large_text: None) -> None:
    page = settings_page(services, qtbot)
    assert {"Text size", "Practice to suggest"} <= set(check_drop_downs(page, qtbot))


def test_the_timer_and_practice_drop_downs_show_all_their_items(services: Services, qtbot: QtBot, large_text: None,
                                                                write_practice: Callable[..., Path]) -> None:
    timer = TimerPage(services)
    qtbot.addWidget(timer)
    timer.resize(1280, 720)
    timer.show()
    assert check_drop_downs(timer, qtbot)
    practice = PracticePage(services)
    qtbot.addWidget(practice)
    practice.resize(1280, 720)
    practice.show()
    with qtbot.waitSignal(practice.practice_loaded, timeout=WAIT_MS):
        practice.show_practice(write_practice(SHORT_BODY, front=SHORT_FRONT, name="short-test.md"))
    assert {"Length", "Background sound"} <= set(check_drop_downs(practice, qtbot))


def test_drop_downs_grow_with_the_text_size_chosen_while_they_are_open(services: Services, qtbot: QtBot,
                                                                      qapp: QApplication) -> None:
    page = settings_page(services, qtbot)
    check_drop_downs(page, qtbot)  # opened once at the usual size
    apply_theme(qapp, services.settings.current.replace(text_size=150))
    try:
        assert "Default voice" in check_drop_downs(page, qtbot)
    finally:
        apply_theme(qapp, services.settings.current)
