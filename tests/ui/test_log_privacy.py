"""A check-in made in the window leaves no trace of its feelings or note in the log file.

Real parts: the check-in page driven with the mouse and keyboard, the journal
a real SQLite file, and the real log file handler at the level --debug gives
(every line KindAudio writes), on the root logger as `kindaudio` installs it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kindaudio.common.logfile import OWN_LOGGER, open_log_file
from kindaudio.common.paths import AppPaths
from kindaudio.journal.records import Moment
from kindaudio.ui.pages.checkin_page import CheckInPage
from kindaudio.ui.services import Services
from tests.support.ui import WAIT_MS


@pytest.fixture
def debug_log(paths: AppPaths) -> Iterator[Path]:
    """The log file, written at debug level for as long as the test runs."""
    handler = open_log_file(paths.log_file, level=logging.DEBUG)
    root, own = logging.getLogger(), logging.getLogger(OWN_LOGGER)
    level = own.level
    root.addHandler(handler)
    own.setLevel(logging.DEBUG)
    yield paths.log_file
    own.setLevel(level)
    root.removeHandler(handler)
    handler.close()


def test_a_check_in_in_the_window_leaves_its_words_out_of_the_log(services: Services, debug_log: Path,
                                                                   qtbot: QtBot) -> None:
    journal = services.journal
    page = CheckInPage(services)
    qtbot.addWidget(page)
    page.resize(1280, 720)
    page.show()
    page.begin(Moment.STANDALONE)
    qtbot.mouseClick(page.valence.buttons[-1], Qt.MouseButton.LeftButton)
    qtbot.keyClicks(page.feelings.own, "Sedgewren4")
    qtbot.keyClick(page.feelings.own, Qt.Key.Key_Return)
    page.note.setPlainText("Bracken9 and an old ache")
    with qtbot.waitSignal(page.saved, timeout=WAIT_MS) as saved:
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    mood = journal.check_in(saved.args[0]).mood
    assert "Sedgewren4" in mood.feelings and mood.note == "Bracken9 and an old ache"  # really saved
    services.close_journal()

    text = debug_log.read_text(encoding="utf-8")
    assert f"check-in {saved.args[0]} saved" in text  # the page's own line is there: the log was listening
    for private in ("Sedgewren4", "Bracken9", "old ache"):
        assert private not in text

