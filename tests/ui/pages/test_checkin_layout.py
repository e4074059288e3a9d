"""The check-in in a 1280×720 window at 150 % text: the share-note box and the hint about saving are
reached above the Save/Skip bar, never hidden under it, with or without the grounding words."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from kindaudio.journal.records import Moment
from kindaudio.ui.main_window import MainWindow
from kindaudio.ui.pages.checkin_page import CheckInPage
from kindaudio.ui.services import Services
from kindaudio.ui.theme import apply_theme
from kindaudio.ui.widgets.basics import FittingScrollArea


@pytest.fixture
def checkin(window: MainWindow, services: Services, qapp: QApplication, qtbot: QtBot) -> Iterator[CheckInPage]:
    apply_theme(qapp, services.settings.current.replace(text_size=150))
    window.resize(1280, 720)
    window.show_page("checkin")
    page = window.stack.currentWidget()
    assert isinstance(page, CheckInPage)
    page.begin(Moment.AFTER)
    qtbot.waitUntil(lambda: page.isVisible() and page.height() > 600)
    yield page
    apply_theme(qapp, services.settings.current)


def shown_in(area: FittingScrollArea, widget: QWidget) -> bool:
    """Wholly inside the scroll area's visible part."""
    viewport = area.viewport()
    return viewport.rect().contains(QRect(widget.mapTo(viewport, QPoint(0, 0)), widget.size()))


@pytest.mark.parametrize("difficult", [False, True], ids=["plain", "with grounding words"])
def test_the_share_box_and_hint_come_into_view_above_the_bar(checkin: CheckInPage, qtbot: QtBot,
                                                             difficult: bool) -> None:
    checkin.difficult.setChecked(difficult)
    area = checkin.findChild(FittingScrollArea)
    assert area is not None
    bar_top = checkin.save_button.mapTo(checkin, QPoint(0, 0)).y()
    assert area.mapTo(checkin, QPoint(0, area.height())).y() <= bar_top, "the words end where the bar begins"
    checkin.note.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(checkin.note, Qt.Key.Key_Tab)  # from the note to the share box, as a person would
    qtbot.waitUntil(checkin.share.hasFocus)
    qtbot.waitUntil(lambda: shown_in(area, checkin.share))
    scroll = area.verticalScrollBar()
    scroll.setValue(scroll.maximum())
    qtbot.waitUntil(lambda: shown_in(area, checkin.share) and shown_in(area, checkin.hint))
