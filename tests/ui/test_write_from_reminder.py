"""`kindaudio window --journal`: what a reminder's "Write a few kind words" starts, with no KindAudio open yet.

The whole way, as the reminder runs it: the command line's own `main` (the
window quits by itself once the Library has its cards: KINDAUDIO_TEST_QUIT_WHEN_READY),
then the window it built is looked at. A new profile sees the welcome first.
Asked while KindAudio is open, the request goes to the open window:
tests/ui/test_instance_channel.py.

With KINDAUDIO_SCREENSHOTS naming a folder, the window on its new entry is
saved there, light and dark, at 1280×720 and 1920×1080.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kindaudio.cli import main
from kindaudio.common.paths import AppPaths
from kindaudio.common.settings import Settings, load_settings, save_settings
from kindaudio.journal.writing import DEFAULT_KIND
from kindaudio.ui.app import QUIT_WHEN_READY_ENV, write_new_entry
from kindaudio.ui.main_window import MainWindow
from kindaudio.ui.single_instance import acquire_instance_lock
from tests.support.command import EXIT_BAD_INPUT, assert_clean_failure, kindaudio
from tests.support.ui import WAIT_MS, save_screenshots


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch, paths: AppPaths) -> Iterator[list[MainWindow]]:
    """Run `kindaudio ARGS` through `main` (call `started` with the arguments); the windows it left, closed after."""
    monkeypatch.setenv(QUIT_WHEN_READY_ENV, "1")
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    style, palette, font = app.styleSheet(), app.palette(), app.font()
    windows: list[MainWindow] = []
    yield windows
    for window in windows:
        window.close()
        window.deleteLater()
    app.setStyleSheet(style)
    app.setPalette(palette)
    app.setFont(font)


def run_window(windows: list[MainWindow], *args: str) -> MainWindow:
    assert main(["window", *args]) == 0
    [window] = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
    windows.append(window)
    return window


def test_window_journal_opens_on_a_new_entry_of_the_first_kind(
        started: list[MainWindow], paths: AppPaths, qtbot: QtBot) -> None:
    save_settings(paths, Settings(first_run_seen=True))
    window = run_window(started, "--journal")
    assert window.current_page() == "journal"
    page = window.journal
    assert page.is_writing() and page.current_entry_id is None  # nothing kept until something is written
    assert page.draft().kind == DEFAULT_KIND and all(not answer.text for answer in page.draft().answers)
    assert window.nav.isVisible()  # a place of the side bar, as when chosen there: the person can go anywhere
    with acquire_instance_lock(paths):  # the window's run is over and let go of the lock
        pass
    save_screenshots(window, "write-from-reminder")


def test_a_new_profile_sees_the_welcome_first_then_the_new_entry(
        started: list[MainWindow], paths: AppPaths, qtbot: QtBot) -> None:
    window = run_window(started, "--journal")
    assert window.current_page() == "welcome"
    window.welcome.skip_button.click()
    qtbot.waitUntil(lambda: window.current_page() == "journal", timeout=WAIT_MS)
    assert window.journal.is_writing()
    assert load_settings(paths).first_run_seen  # the welcome is done with, as by any way out of it


def test_window_without_journal_still_opens_on_the_library(started: list[MainWindow], paths: AppPaths) -> None:
    save_settings(paths, Settings(first_run_seen=True))
    assert run_window(started).current_page() == "library"


def test_journal_with_files_is_a_clear_error_before_any_window_opens() -> None:
    result = kindaudio("window", "--journal", "affectionate-breathing")
    assert_clean_failure(result, EXIT_BAD_INPUT)
    assert "--journal opens the window on a new journal entry, so it takes no files (1 given)" in result.stderr


@pytest.mark.therapist_view  # the therapist's tools
def test_a_practice_being_built_and_not_saved_is_asked_about_first(window: MainWindow, qtbot: QtBot) -> None:
    """A reminder's "Write a few kind words" while the builder holds unsaved changes: nothing is dropped
    without asking; once the person lets the builder go, the new entry shows."""
    with qtbot.waitSignal(window.builder.form_ready, timeout=WAIT_MS):
        window.new_from_template("soles-of-the-feet")
    builder = window.builder
    qtbot.waitUntil(lambda: builder.preview_is_current, timeout=WAIT_MS)
    builder.title_edit.setText("Not saved yet")
    write_new_entry(window)
    assert window.current_page() == "builder"
    box = builder.question
    assert box is not None and box.isVisible()
    with qtbot.waitSignal(window.page_changed, check_params_cb=lambda page: page == "journal", timeout=WAIT_MS):
        next(button for button in box.buttons() if button.text() == "Leave without saving").click()
    assert window.journal.is_writing()
