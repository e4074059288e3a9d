"""The away-from-app log with its check-in open: nothing squeezed or cut, and never taller than the screen."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kindaudio.common.settings import Settings
from kindaudio.ui.dialogs.journal_entry import LogPracticeDialog
from kindaudio.ui.theme import apply_theme


@pytest.fixture(params=[100, 150], ids=["standard text", "150 % text"])
def text_size(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[int]:
    """The text size for this test; the application's look as it was afterwards (later tests measure it)."""
    style, palette, font = qapp.styleSheet(), qapp.palette(), qapp.font()
    apply_theme(qapp, Settings(text_size=request.param))
    yield request.param
    qapp.setStyleSheet(style)
    qapp.setPalette(palette)
    qapp.setFont(font)


def open_log(qtbot: QtBot) -> LogPracticeDialog:
    dialog = LogPracticeDialog(date(2026, 12, 7))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.check_in.set_open(True)
    qtbot.waitUntil(lambda: dialog.check_in.valence.height() >= dialog.check_in.valence.minimumHeight() > 0)
    return dialog


def test_every_mood_step_and_feeling_chip_gets_the_height_its_words_need(qtbot: QtBot, text_size: int) -> None:
    dialog = open_log(qtbot)
    after = dialog.check_in
    steps = list(after.valence.buttons.values())
    assert all(step.height() >= step.sizeHint().height() for step in steps)
    assert any("\n" in step.text() for step in steps)  # two-line labels, both lines shown
    chips = list(after.feelings.chips.values())
    area = after.feelings.chip_area
    assert all(area.rect().contains(chip.geometry()) for chip in chips)  # no row of chips cut off below


def test_the_dialog_never_grows_past_the_screen_and_save_stays_in_view(qtbot: QtBot, text_size: int) -> None:
    dialog = open_log(qtbot)
    available = dialog.screen().availableGeometry()
    assert dialog.height() <= available.height()
    assert dialog.rect().contains(dialog.save_button.geometry().translated(dialog.buttons.pos()))
    if text_size == 150:  # the form scrolls above the buttons rather than pushing them off
        assert dialog.form_scroll.verticalScrollBar().maximum() > 0
