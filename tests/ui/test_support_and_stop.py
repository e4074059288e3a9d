"""Help when it is hard, and a gentle Stop, through the whole window with real parts.

The support place is one step from each of its three entrances (Pause & ground,
a saved check-in that says difficult feelings came up, the Help menu), and its
Continue or Back goes on to where the person was going. Stop fades the sound
out, logs the session as stopped early and offers the after check-in, linked to
that session; Skip goes back to where the practice was started. Real speech,
real playback into the test sound card, a real journal file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kindaudio.audio.playback.status import PlayerState, PlayerStatus
from kindaudio.journal.records import VALENCE_MIN, Moment, SessionStatus
from kindaudio.journal.store import Journal
from kindaudio.journal.support_plan import SupportPlan, save_plan
from kindaudio.ui.main_window import MainWindow
from kindaudio.ui.services import Services
from kindaudio.ui.widgets.input_events import install_input_events
from tests.support.ui import BODY, WAIT_MS, SoundCard, save_screenshots

FRONT = ("title: Gentle stop test\nlengths: [1]\n"
         "pace: {rate: 160, sentence_gap: 0.5s, paragraph_gap: 1s, section_gap: 1s}")
WINDOW_BODY = BODY.replace("[pause 2s..40s]", "[pause 2s..2m]")
PLAN = SupportPlan(safety_plan="Feet on the floor. Call Alex.", therapist_name="Dr Sam Rivera",
                   therapist_contact="sam@example.org")


@pytest.fixture
def journal(services: Services) -> Iterator[Journal]:
    opened = services.journal
    yield opened
    services.close_journal()


@pytest.fixture
def window(services: Services, journal: Journal, qtbot: QtBot) -> Iterator[MainWindow]:
    install_input_events(QApplication.instance())  # type: ignore[arg-type]  # as app.py does
    shown = MainWindow(services)
    qtbot.addWidget(shown)
    shown.resize(1280, 720)
    shown.show()
    shown.activateWindow()
    qtbot.waitUntil(shown.isActiveWindow, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: bool(shown.library.cards()) and not shown.library.is_loading(), timeout=WAIT_MS)
    yield shown
    shown.close()


def page_is(name: str) -> Callable[[str], bool]:
    return lambda page: page == name


def speaking(status: PlayerStatus) -> bool:
    return status.sentence is not None


def start_playing(window: MainWindow, services: Services, write_practice: Callable[..., Path],
                  qtbot: QtBot) -> None:
    with qtbot.waitSignal(window.page_changed, check_params_cb=page_is("practice"), timeout=WAIT_MS):
        window.open_practice(write_practice(WINDOW_BODY, front=FRONT))
    with qtbot.waitSignal(services.bridge.sentence_changed, check_params_cb=speaking, timeout=WAIT_MS):
        window.practice.start()
    assert window.current_page() == "player"


def test_stop_fades_then_offers_the_after_check_in_linked_to_the_stopped_session_and_skip_goes_back(
        window: MainWindow, services: Services, journal: Journal, sound_card: SoundCard,
        write_practice: Callable[..., Path], qtbot: QtBot) -> None:
    start_playing(window, services, write_practice, qtbot)

    with qtbot.waitSignal(window.page_changed, check_params_cb=page_is("checkin"), timeout=WAIT_MS):
        qtbot.mouseClick(window.player.stop_button, Qt.MouseButton.LeftButton)
    assert services.player.status().state is PlayerState.IDLE
    assert services.player.stats.last_fade_out_start >= 0  # it faded out, not cut off
    checkin = window.checkin
    assert checkin.moment is Moment.AFTER and checkin.heading.text() == "How are you now?"
    session = journal.session(checkin.session_id)  # type: ignore[arg-type]
    assert session.status is SessionStatus.STOPPED_EARLY
    assert checkin.skip_button.isEnabled() and checkin.difficult.isVisible()  # skippable, with its toggle

    with qtbot.waitSignal(window.page_changed, check_params_cb=page_is("practice"), timeout=WAIT_MS):
        qtbot.mouseClick(checkin.skip_button, Qt.MouseButton.LeftButton)
    services.journal_writes.wait()
    assert journal.check_ins() == []


def test_a_difficult_check_in_after_stop_is_linked_to_the_session_then_support_then_continue_goes_back(
        window: MainWindow, services: Services, journal: Journal, sound_card: SoundCard,
        write_practice: Callable[..., Path], qtbot: QtBot) -> None:
    save_plan(services.paths, PLAN)
    start_playing(window, services, write_practice, qtbot)
    with qtbot.waitSignal(window.page_changed, check_params_cb=page_is("checkin"), timeout=WAIT_MS):
        window.player.stop()
    checkin = window.checkin
    qtbot.mouseClick(checkin.valence.buttons[VALENCE_MIN], Qt.MouseButton.LeftButton)  # very unpleasant
    qtbot.mouseClick(checkin.difficult, Qt.MouseButton.LeftButton)

    with qtbot.waitSignal(window.page_changed, check_params_cb=page_is("support"), timeout=WAIT_MS):
        qtbot.mouseClick(checkin.save_button, Qt.MouseButton.LeftButton)
    [saved] = journal.check_ins()
    assert saved.moment is Moment.AFTER and saved.session_id == window.player.last_session_id
    assert saved.mood.difficult
    support = window.support
    assert support.plan_text.text() == PLAN.safety_plan and "Rivera" in support.therapist_text.text()
    assert support.continue_button.text() == "Continue" and support.settings_button.isVisible()
    save_screenshots(window, "window-support-after-check-in")

    with qtbot.waitSignal(window.page_changed, check_params_cb=page_is("practice"), timeout=WAIT_MS):
        qtbot.keyClick(support.continue_button, Qt.Key.Key_Return)  # Enter goes on, as a click does


def test_a_check_in_at_the_lowest_feeling_on_its_own_shows_support_and_continue_returns(
        window: MainWindow, services: Services, journal: Journal, qtbot: QtBot) -> None:
    window.go_to("progress")
    window.check_in()
    checkin = window.checkin
    qtbot.mouseClick(checkin.valence.buttons[VALENCE_MIN], Qt.MouseButton.LeftButton)  # only the lowest
    with qtbot.waitSignal(window.page_changed, check_params_cb=page_is("support"), timeout=WAIT_MS):
        qtbot.mouseClick(checkin.save_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(window.page_changed, check_params_cb=page_is("progress"), timeout=WAIT_MS):
        qtbot.mouseClick(window.support.continue_button, Qt.MouseButton.LeftButton)


def test_a_check_in_that_is_not_hard_goes_straight_back(window: MainWindow, journal: Journal, qtbot: QtBot) -> None:
    window.check_in()
    checkin = window.checkin
    qtbot.mouseClick(checkin.valence.buttons[3], Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(window.page_changed, check_params_cb=page_is("library"), timeout=WAIT_MS):
        qtbot.mouseClick(checkin.save_button, Qt.MouseButton.LeftButton)


def test_the_help_menu_shows_support_in_one_step_and_back_returns_and_settings_is_one_step_on(
        window: MainWindow, services: Services, qtbot: QtBot) -> None:
    window.go_to("progress")
    assert window.support_action.isEnabled() and "support" in window.support_action.text()
    with qtbot.waitSignal(window.page_changed, check_params_cb=page_is("support"), timeout=WAIT_MS):
        window.support_action.trigger()
    support = window.support
    assert support.continue_button.text() == "Back"

    with qtbot.waitSignal(window.page_changed, check_params_cb=page_is("settings"), timeout=WAIT_MS):
        qtbot.mouseClick(support.settings_button, Qt.MouseButton.LeftButton)
    panel = window.settings.support_panel
    panel.name_edit.setFocus()
    qtbot.keyClicks(panel.name_edit, "Dr Sam Rivera")
    with qtbot.waitSignal(window.page_changed, check_params_cb=page_is("support"), timeout=WAIT_MS):
        window.support_action.trigger()  # Settings is a place of the side bar: Help leads back in one step
    assert support.therapist_text.text() == "Dr Sam Rivera"  # written in Settings, shown at once
    with qtbot.waitSignal(window.page_changed, check_params_cb=page_is("settings"), timeout=WAIT_MS):
        qtbot.mouseClick(support.continue_button, Qt.MouseButton.LeftButton)


def test_pause_and_ground_shows_support_in_one_step_while_the_practice_stays_paused(
        window: MainWindow, services: Services, sound_card: SoundCard, write_practice: Callable[..., Path],
        qtbot: QtBot) -> None:
    start_playing(window, services, write_practice, qtbot)
    player = window.player
    with qtbot.waitSignal(services.bridge.state_changed, check_params_cb=lambda s: s.state is PlayerState.PAUSED,
                          timeout=WAIT_MS):
        qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert player.grounding.support_button.isVisible()

    qtbot.mouseClick(player.grounding.support_button, Qt.MouseButton.LeftButton)
    assert window.current_page() == "player" and player.stack.currentWidget() is player.support
    assert not player.support.settings_button.isVisible()  # the practice is only paused: no wandering off
    assert player.support.continue_button.hasFocus() and player.support.continue_button.text() == "Back"
    qtbot.keyClick(window, Qt.Key.Key_Space)  # Space does not start the sound behind the support place
    assert services.player.status().state is PlayerState.PAUSED
    save_screenshots(window, "player-support")

    with qtbot.waitSignal(player.support.continue_requested, timeout=WAIT_MS):
        qtbot.keyClick(player.support.continue_button, Qt.Key.Key_Return)
    assert player.stack.currentWidget() is player.grounding
    # Help's entry while playing shows the same place over the pause, in one step too.
    window.support_action.trigger()
    assert player.stack.currentWidget() is player.support and window.current_page() == "player"
    player.stop()


def test_the_timers_stop_is_gentle_too_and_skip_goes_back_to_the_timer(
        window: MainWindow, services: Services, journal: Journal, sound_card: SoundCard, qtbot: QtBot) -> None:
    window.go_to("timer")
    window.timer.minutes.setValue(1)
    with qtbot.waitSignal(services.bridge.state_changed, check_params_cb=lambda s: s.state is PlayerState.PLAYING,
                          timeout=WAIT_MS):
        window.timer.start_button.click()
    qtbot.waitUntil(lambda: window.player.last_session_id is not None, timeout=WAIT_MS)
    with qtbot.waitSignal(window.page_changed, check_params_cb=page_is("checkin"), timeout=WAIT_MS):
        qtbot.mouseClick(window.player.stop_button, Qt.MouseButton.LeftButton)
    assert services.player.stats.last_fade_out_start >= 0
    assert window.checkin.moment is Moment.AFTER
    assert journal.session(window.checkin.session_id).status is SessionStatus.STOPPED_EARLY  # type: ignore[arg-type]
    with qtbot.waitSignal(window.page_changed, check_params_cb=page_is("timer"), timeout=WAIT_MS):
        qtbot.mouseClick(window.checkin.skip_button, Qt.MouseButton.LeftButton)
