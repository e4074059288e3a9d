"""The first run: shown on a new profile and never again, skippable, the voice heard and kept, the view chosen,
Enter enough to go on, and all of it usable at 1280x720 with 150 % text."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kindaudio.common.paths import AppPaths
from kindaudio.common.settings import Settings, load_settings
from kindaudio.ui.main_window import MainWindow
from kindaudio.ui.pages.welcome import text
from kindaudio.ui.services import Services, SettingsStore
from kindaudio.ui.theme import apply_theme
from kindaudio.ui.widgets.voice_sample import SAMPLE_TITLE
from tests.support.ui import WAIT_MS, SoundCard, save_screenshots

pytestmark = pytest.mark.first_run  # a new profile: no settings file at all


@pytest.fixture
def window(services: Services, qtbot: QtBot) -> Iterator[MainWindow]:
    shown = MainWindow(services)
    qtbot.addWidget(shown)
    shown.resize(1280, 720)
    shown.show()
    shown.activateWindow()
    qtbot.waitUntil(shown.isActiveWindow, timeout=WAIT_MS)
    yield shown
    shown.close()


def test_a_new_profile_opens_on_the_welcome_and_enter_goes_on_to_the_practices_once_and_for_all(
        window: MainWindow, services: Services, paths: AppPaths, qtbot: QtBot) -> None:
    assert window.current_page() == "welcome"
    assert not window.nav.isVisible()  # the welcome has its own way on
    welcome = window.welcome
    qtbot.waitUntil(lambda: QApplication.focusWidget() is welcome.begin_button, timeout=WAIT_MS)
    with qtbot.waitSignal(window.page_changed, timeout=WAIT_MS):  # pressed as a click is (animated)
        QTest.keyClick(welcome.begin_button, Qt.Key.Key_Return)
    assert window.current_page() == "library" and window.nav.isVisible()
    assert load_settings(paths).first_run_seen  # kept in the settings file

    again = MainWindow(type(services)(paths=paths, tasks=services.tasks, settings=SettingsStore(paths)))
    qtbot.addWidget(again)
    assert again.current_page() == "library"  # not shown again
    again.close()


def test_enter_on_the_voice_box_begins_too(window: MainWindow, qtbot: QtBot) -> None:
    welcome = window.welcome
    qtbot.waitUntil(lambda: welcome.voice_choice.combo.isEnabled(), timeout=WAIT_MS)
    welcome.voice_choice.combo.setFocus()
    with qtbot.waitSignal(welcome.finished, timeout=WAIT_MS):
        QTest.keyClick(welcome.voice_choice.combo, Qt.Key.Key_Enter)
    assert window.current_page() == "library"


def test_skip_goes_to_the_practices_and_the_welcome_is_not_shown_again(
        window: MainWindow, paths: AppPaths, qtbot: QtBot) -> None:
    assert window.welcome.skip_button.accessibleName() == text.SKIP_NAME
    qtbot.mouseClick(window.welcome.skip_button, Qt.MouseButton.LeftButton)
    assert window.current_page() == "library"
    assert load_settings(paths) == Settings(first_run_seen=True)  # and nothing else was chosen


def test_leaving_by_the_menu_counts_as_seen(window: MainWindow, paths: AppPaths) -> None:
    window.progress_action.trigger()
    assert window.current_page() == "progress"
    assert load_settings(paths).first_run_seen


def test_the_welcome_says_what_the_practices_are_for_that_stopping_is_fine_and_where_the_journal_lives(
        window: MainWindow, paths: AppPaths) -> None:
    welcome = window.welcome
    assert [label.text() for label in welcome.purpose_labels] == list(text.PURPOSE) and len(text.PURPOSE) == 3
    assert str(paths.journal) in welcome.journal_label.text()
    words = " ".join(label.text() for label in welcome.findChildren(type(welcome.journal_label)))
    for needed in ("Pausing, grounding and stopping are always fine", "private", "Pause & ground"):
        assert needed in words
    for control in (welcome.begin_button, welcome.skip_button, welcome.voice_choice.combo,
                    welcome.voice_choice.sample_button, *welcome.view_choice.buttons.values()):
        assert control.accessibleName() and control.toolTip(), control


def test_a_voice_is_chosen_heard_and_kept_and_the_client_view_is_the_default(
        window: MainWindow, services: Services, paths: AppPaths, sound_card: SoundCard, qtbot: QtBot) -> None:
    welcome = window.welcome
    qtbot.waitUntil(lambda: welcome.voice_choice.combo.isEnabled(), timeout=WAIT_MS)
    assert welcome.view_choice.buttons["client"].isChecked()
    combo = welcome.voice_choice.combo
    british = combo.findData("espeak:gmw/en-gb-x-rp")
    assert british > 0
    combo.setCurrentIndex(british)
    assert load_settings(paths).voice == "espeak:gmw/en-gb-x-rp"
    with qtbot.waitSignal(services.bridge.finished, timeout=WAIT_MS) as finished:
        qtbot.mouseClick(welcome.voice_choice.sample_button, Qt.MouseButton.LeftButton)
    assert finished.args[0].title == SAMPLE_TITLE
    qtbot.waitUntil(lambda: welcome.voice_choice.sample_status.text() == "", timeout=WAIT_MS)
    assert sound_card.received().any()  # heard, on the (test) sound card


def test_choosing_the_therapist_view_shows_its_tools_at_once(window: MainWindow, paths: AppPaths,
                                                             qtbot: QtBot) -> None:
    therapist = window.welcome.view_choice.buttons["therapist"]
    qtbot.mouseClick(therapist, Qt.MouseButton.LeftButton, pos=QPoint(8, therapist.height() // 2))
    assert load_settings(paths).view == "therapist"
    qtbot.mouseClick(window.welcome.begin_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(window.library.cards()) and not window.library.is_loading(), timeout=WAIT_MS)
    assert window.library.new_button.isVisible()
    assert window.library.card("Affectionate Breathing").record_button is not None
    assert window.nav.buttons["builder"].isVisible()


@pytest.mark.parametrize("size", [100, 150])
def test_the_welcome_fits_1280_by_720_with_its_way_on_always_in_view(
        window: MainWindow, size: int, qtbot: QtBot) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_theme(app, Settings(text_size=size))
    try:
        window.resize(1280, 720)
        QApplication.processEvents()
        welcome = window.welcome
        qtbot.waitUntil(lambda: welcome.width() >= 1200, timeout=WAIT_MS)
        assert welcome.scroll_area.horizontalScrollBar().maximum() == 0  # nothing wider than the window
        for button in (welcome.begin_button, welcome.skip_button):
            corner = button.mapTo(welcome, button.rect().bottomRight())
            assert button.isVisible() and welcome.rect().contains(corner)  # never scrolled away
            assert button.width() >= button.sizeHint().width()  # not squeezed
        for label in welcome.purpose_labels:
            assert label.height() >= label.heightForWidth(label.width()) - 1  # every line shows
        if size == 100:  # save_screenshots sets the standard text size for its pictures
            save_screenshots(welcome, "welcome")
    finally:
        apply_theme(app, Settings())
