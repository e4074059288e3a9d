"""The window and the log file: an error in a Qt slot reaches it; a check-in's words never do.

Real parts: the check-in page driven with the mouse and keyboard, the journal
a real SQLite file, and the real log file handler at the level --debug gives
(every line KindAudio writes), on the root logger as `kindaudio` installs it;
a real Qt event loop in a process of its own for the uncaught error.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import textwrap
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



def test_an_error_nobody_caught_in_a_qt_slot_reaches_the_log(paths: AppPaths) -> None:
    script = textwrap.dedent("""
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication
        from kindaudio.common.logfile import setup_logging

        setup_logging()
        app = QApplication([])

        def clicked():
            raise ValueError("a slot that went wrong")

        QTimer.singleShot(0, clicked)
        QTimer.singleShot(0, app.quit)
        app.exec()
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    text = paths.log_file.read_text(encoding="utf-8")
    assert "ERROR kindaudio.common.logfile: uncaught error\nTraceback (most recent call last)" in text
    assert "in clicked\nValueError: a slot that went wrong" in text
    assert result.stderr.count("ValueError: a slot that went wrong") == 1  # on screen once, as before
