"""The Silent Timer page: a form the timer itself checks, a live summary, and Start."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from kindaudio.audio.format import MIX_RATE
from kindaudio.audio.playback.live import LiveProgramme
from kindaudio.audio.playback.timer import CLOSING_RING_SECONDS, bell_starts
from kindaudio.audio.playback.timer_limits import TIMER_PRACTICE_ID
from kindaudio.common.errors import UserInputError
from kindaudio.ui.pages.timer_page import TimerPage, parse_bell_times
from kindaudio.ui.play_request import PlayRequest
from kindaudio.ui.services import Services
from tests.support.ui import WAIT_MS


@pytest.fixture
def page(services: Services, qtbot: QtBot) -> TimerPage:
    widget = TimerPage(services)
    qtbot.addWidget(widget)
    widget.resize(1280, 720)
    return widget


def test_it_starts_as_twenty_quiet_minutes_ready_to_go(page: TimerPage) -> None:
    assert page.minutes.value() == 20
    assert page.summary.text() == "20 minutes · closing bell: three strikes"
    assert page.start_button.isEnabled()
    assert page.error.isHidden()


def test_the_summary_follows_the_form(page: TimerPage) -> None:
    page.use_interval.setChecked(True)
    page.interval.setValue(5)
    page.prepare.setCurrentIndex(page.prepare.findData(30))
    page.bell_times.setText("12, 17")
    page.ambience.setChecked(True)

    assert page.summary.text() == ("20 minutes · 30 seconds to settle first · bells every 5 minutes · "
                                   "also bells at 12 and 17 min · soft ambience · closing bell: three strikes")


def test_an_interval_longer_than_the_sit_is_explained_and_start_waits(page: TimerPage) -> None:
    page.minutes.setValue(10)
    page.use_interval.setChecked(True)
    page.interval.setValue(15)

    assert not page.start_button.isEnabled()
    assert not page.error.isHidden()
    assert "an interval of 15 minutes does not fit in a 10-minute sit; choose less than 10" in page.error.text()
    assert page.summary.isHidden()

    page.interval.setValue(5)
    assert page.start_button.isEnabled()
    assert page.error.isHidden()


def test_a_listed_time_that_is_not_a_number_is_explained(page: TimerPage) -> None:
    page.bell_times.setText("5, soon")

    assert not page.start_button.isEnabled()
    assert "“soon” is not a number of minutes" in page.error.text()


def test_a_listed_time_outside_the_sit_is_explained(page: TimerPage) -> None:
    page.bell_times.setText("5, 25")

    assert not page.start_button.isEnabled()
    assert "a bell at 25 minutes is outside a 20-minute sit" in page.error.text()


def test_bell_times_read_like_a_person_writes_them() -> None:
    assert parse_bell_times(" 12, 5;7.5  3 ") == (3.0, 5.0, 7.5, 12.0)
    assert parse_bell_times("") == ()
    with pytest.raises(UserInputError, match="“x” is not a number"):
        parse_bell_times("5, x")


def test_start_asks_for_the_timer_as_set(page: TimerPage, qtbot: QtBot) -> None:
    page.minutes.setValue(3)
    page.prepare.setCurrentIndex(page.prepare.findData(10))
    page.use_interval.setChecked(True)
    page.interval.setValue(1)

    with qtbot.waitSignal(page.start_requested, timeout=WAIT_MS) as started:
        page.start_button.click()

    request = started.args[0]
    assert isinstance(request, PlayRequest)
    assert (request.title, request.minutes, request.practice_id) == ("Silent timer, 3 min", 3.0, TIMER_PRACTICE_ID)
    programme = request.build()
    assert isinstance(programme, LiveProgramme)
    assert programme.timeline.seconds == pytest.approx(3 * 60 + 10 + CLOSING_RING_SECONDS, abs=1 / MIX_RATE)
    strikes_at = [round(start / MIX_RATE) for start, _ in bell_starts(programme.timeline)]
    assert strikes_at == [10, 70, 130, 190]


def test_every_control_has_an_accessible_name_and_a_tooltip(page: TimerPage) -> None:
    controls = [page.back_button, page.minutes, page.prepare, page.use_interval, page.interval, page.bell_times,
                page.ambience, page.start_button]
    assert all(control.accessibleName() and control.toolTip() for control in controls)


def test_back_asks_to_go_back(page: TimerPage, qtbot: QtBot) -> None:
    with qtbot.waitSignal(page.back_requested, timeout=WAIT_MS):
        page.back_button.click()
