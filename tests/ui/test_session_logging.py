"""Every practice played in the window leaves its row in the journal; previews never do.

Real parts: a short practice written to a file, real speech, real playback into
the test sound card (several times real speed), and a real journal file in the
test's home, read back with the journal's own API.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kindaudio.audio.choices import PlayChoices
from kindaudio.audio.playback.programmes import practice_programme
from kindaudio.audio.playback.status import PlayerState, PlayerStatus
from kindaudio.audio.playback.timer_limits import TIMER_PRACTICE_ID
from kindaudio.journal.records import Moment, Mood, SessionKind, SessionStatus
from kindaudio.journal.store import Journal
from kindaudio.script import load_practice
from kindaudio.script.model import Practice
from kindaudio.ui.main_window import MainWindow
from kindaudio.ui.pages.player.page import PlayerPage
from kindaudio.ui.pages.settings.page import SettingsPage
from kindaudio.ui.pages.timer_page import TimerPage
from kindaudio.ui.play_request import PlayRequest
from kindaudio.ui.services import Services
from tests.support.ui import BODY, WAIT_MS, SoundCard

MINUTES = 0.5
TITLE = "Logging test"
FRONT = f"title: {TITLE}\npace: {{rate: 160, sentence_gap: 0.5s, paragraph_gap: 1s, section_gap: 1s}}"
VOICE = "gmw/en-us"
# The window offers whole minutes: the same practice, with room to be one minute long.
WINDOW_BODY = BODY.replace("[pause 2s..40s]", "[pause 2s..2m]")
WINDOW_FRONT = f"{FRONT}\nlengths: [1]"


@pytest.fixture
def journal(services: Services) -> Iterator[Journal]:
    opened = services.journal
    yield opened
    services.close_journal()


@pytest.fixture
def practice(write_practice: Callable[..., Path]) -> Practice:
    return load_practice(write_practice(WINDOW_BODY, front=WINDOW_FRONT))


@pytest.fixture
def page(services: Services, qtbot: QtBot) -> PlayerPage:
    widget = PlayerPage(services)
    qtbot.addWidget(widget)
    widget.resize(1280, 720)
    widget.show()
    return widget


def request_for(services: Services, practice: Practice, title: str = TITLE) -> PlayRequest:
    clips = services.clips
    choices = PlayChoices(minutes=MINUTES, voice=VOICE)
    return PlayRequest(title, lambda: practice_programme(clips, practice, choices), MINUTES, practice.id,
                       content_hash=practice.content_hash, voice=VOICE)


def in_state(state: PlayerState) -> Callable[[PlayerStatus], bool]:
    return lambda status: status.state is state


def past(seconds: float) -> Callable[[PlayerStatus], bool]:
    return lambda status: status.state is PlayerState.PLAYING and status.position > seconds


def test_a_practice_played_to_its_end_is_logged_as_completed_with_what_was_heard(
        page: PlayerPage, services: Services, journal: Journal, practice: Practice, sound_card: SoundCard,
        qtbot: QtBot) -> None:
    with qtbot.waitSignal(page.recorder.ended, timeout=WAIT_MS) as ended:
        page.start(request_for(services, practice))
    session = journal.session(ended.args[0])
    assert (session.kind, session.practice_id, session.title) == (SessionKind.APP, practice.id, TITLE)
    assert (session.content_hash, session.chosen_seconds, session.voice) == (practice.content_hash, 30, VOICE)
    assert session.status is SessionStatus.COMPLETED and session.ended_at is not None
    assert session.listened_seconds == pytest.approx(30, abs=2)
    assert page.last_session_id == session.id
    assert len(journal.sessions()) == 1


def test_stop_logs_the_session_as_stopped_early_with_the_seconds_heard(
        page: PlayerPage, services: Services, journal: Journal, practice: Practice, sound_card: SoundCard,
        qtbot: QtBot) -> None:
    with qtbot.waitSignal(services.bridge.position_changed, check_params_cb=past(6), timeout=WAIT_MS):
        page.start(request_for(services, practice))
    with qtbot.waitSignal(page.recorder.ended, timeout=WAIT_MS) as ended:
        qtbot.mouseClick(page.stop_button, Qt.MouseButton.LeftButton)
    session = journal.session(ended.args[0])
    assert session.status is SessionStatus.STOPPED_EARLY and session.ended_at is not None
    assert 6 <= session.listened_seconds < 29


def test_a_pause_saves_what_was_heard_so_far_and_the_session_stays_open(
        page: PlayerPage, services: Services, journal: Journal, practice: Practice, sound_card: SoundCard,
        qtbot: QtBot) -> None:
    with qtbot.waitSignal(page.recorder.started, timeout=WAIT_MS) as started:
        with qtbot.waitSignal(services.bridge.position_changed, check_params_cb=past(4), timeout=WAIT_MS):
            page.start(request_for(services, practice))
    with qtbot.waitSignal(services.bridge.state_changed, check_params_cb=in_state(PlayerState.PAUSED),
                          timeout=WAIT_MS):
        qtbot.mouseClick(page.play_button, Qt.MouseButton.LeftButton)
    services.journal_writes.wait()
    session = journal.session(started.args[0])
    assert session.status is SessionStatus.IN_PROGRESS
    assert session.listened_seconds >= 4
    page.stop()


def test_starting_another_practice_ends_the_first_as_stopped_early(
        page: PlayerPage, services: Services, journal: Journal, practice: Practice, sound_card: SoundCard,
        qtbot: QtBot) -> None:
    with qtbot.waitSignal(services.bridge.position_changed, check_params_cb=past(2), timeout=WAIT_MS):
        page.start(request_for(services, practice, "First"))
    with qtbot.waitSignal(page.recorder.ended, timeout=WAIT_MS, check_params_cb=lambda _id: True) as first_end:
        page.start(request_for(services, practice, "Second"))
    first = journal.session(first_end.args[0])
    assert first.title == "First" and first.status is SessionStatus.STOPPED_EARLY
    with qtbot.waitSignal(page.recorder.ended, timeout=WAIT_MS) as second_end:
        pass
    second = journal.session(second_end.args[0])
    assert second.title == "Second" and second.status is SessionStatus.COMPLETED


def test_the_silent_timer_is_logged_as_a_practice(page: PlayerPage, services: Services, journal: Journal,
                                                 sound_card: SoundCard, qtbot: QtBot) -> None:
    timer = TimerPage(services)
    qtbot.addWidget(timer)
    timer.minutes.setValue(1)
    with qtbot.waitSignal(timer.start_requested, timeout=WAIT_MS) as asked:
        timer.start_button.click()
    with qtbot.waitSignal(page.recorder.ended, timeout=WAIT_MS) as ended:
        page.start(asked.args[0])
    session = journal.session(ended.args[0])
    assert session.practice_id == TIMER_PRACTICE_ID and session.status is SessionStatus.COMPLETED
    assert session.chosen_seconds == 60 and session.listened_seconds >= 59


def test_hear_a_sample_is_a_preview_and_is_never_logged(services: Services, journal: Journal,
                                                        sound_card: SoundCard, qtbot: QtBot) -> None:
    player_page = PlayerPage(services)  # listening to the same bridge, as in the window
    settings = SettingsPage(services)
    for widget in (player_page, settings):
        qtbot.addWidget(widget)
    with qtbot.waitSignal(services.bridge.finished, timeout=WAIT_MS):
        settings.hear_sample()
    services.journal_writes.wait()
    assert journal.sessions() == []
    assert player_page.last_session_id is None


def test_without_a_journal_the_practice_still_plays_and_nothing_is_logged(
        page: PlayerPage, services: Services, paths, practice: Practice, sound_card: SoundCard,
        qtbot: QtBot) -> None:
    paths.data.mkdir(parents=True, exist_ok=True)
    paths.journal.write_bytes(b"this is not a database, it is a note" * 100)
    assert services.open_journal_now() is None and not services.journal_expected
    with qtbot.waitSignal(services.bridge.finished, timeout=WAIT_MS):
        page.start(request_for(services, practice))
    assert page.stack.currentWidget() is page.completion
    services.journal_writes.wait()
    assert page.last_session_id is None and not page.recorder.recording
    assert paths.journal.read_bytes() == b"this is not a database, it is a note" * 100  # not touched


# -- in the window: the check-ins around a practice ---------------------------------------------------


@pytest.fixture
def window(services: Services, journal: Journal, qtbot: QtBot) -> Iterator[MainWindow]:
    shown = MainWindow(services)
    qtbot.addWidget(shown)
    shown.resize(1280, 720)
    shown.show()
    qtbot.waitUntil(lambda: bool(shown.library.cards()) and not shown.library.is_loading(), timeout=WAIT_MS)
    yield shown
    shown.close()


def open_and_start(window: MainWindow, path: Path, qtbot: QtBot) -> None:
    with qtbot.waitSignal(window.page_changed, check_params_cb=lambda name: name == "practice", timeout=WAIT_MS):
        window.open_practice(path)
    window.practice.start()


def test_after_a_practice_done_offers_the_check_in_and_save_keeps_it_with_the_session(
        window: MainWindow, services: Services, journal: Journal, write_practice: Callable[..., Path],
        sound_card: SoundCard, qtbot: QtBot) -> None:
    with qtbot.waitSignal(services.journal_events.changed, timeout=WAIT_MS):
        with qtbot.waitSignal(services.bridge.finished, timeout=WAIT_MS):
            open_and_start(window, write_practice(WINDOW_BODY, front=WINDOW_FRONT), qtbot)
    qtbot.waitUntil(lambda: window.player.recorder.session_id is not None, timeout=WAIT_MS)
    qtbot.mouseClick(window.player.completion.done_button, Qt.MouseButton.LeftButton)
    assert window.current_page() == "checkin" and window.checkin.moment is Moment.AFTER
    qtbot.mouseClick(window.checkin.valence.buttons[2], Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(window.page_changed, check_params_cb=lambda name: name == "library", timeout=WAIT_MS):
        qtbot.mouseClick(window.checkin.save_button, Qt.MouseButton.LeftButton)
    session = journal.session(window.player.last_session_id or -1)
    assert session.status is SessionStatus.COMPLETED
    assert session.after is not None and session.after.mood == Mood(valence=2) and session.before is None


def test_skip_after_a_practice_returns_to_the_library_and_saves_nothing(
        window: MainWindow, services: Services, journal: Journal, write_practice: Callable[..., Path],
        sound_card: SoundCard, qtbot: QtBot) -> None:
    with qtbot.waitSignal(services.bridge.finished, timeout=WAIT_MS):
        open_and_start(window, write_practice(WINDOW_BODY, front=WINDOW_FRONT), qtbot)
    qtbot.waitUntil(lambda: window.player.recorder.session_id is not None, timeout=WAIT_MS)
    qtbot.mouseClick(window.player.completion.done_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.checkin.skip_button, Qt.MouseButton.LeftButton)
    assert window.current_page() == "library"
    services.journal_writes.wait()
    assert journal.check_ins() == []


def test_stopping_for_today_from_the_grounding_panel_offers_the_check_in_for_that_session(
        window: MainWindow, services: Services, journal: Journal, write_practice: Callable[..., Path],
        sound_card: SoundCard, qtbot: QtBot) -> None:
    with qtbot.waitSignal(services.bridge.sentence_changed, timeout=WAIT_MS,
                          check_params_cb=lambda status: status.sentence is not None):
        open_and_start(window, write_practice(WINDOW_BODY, front=WINDOW_FRONT), qtbot)
    qtbot.waitUntil(lambda: window.player.recorder.session_id is not None, timeout=WAIT_MS)
    window.player.pause_and_ground()
    qtbot.mouseClick(window.player.grounding.stop_button, Qt.MouseButton.LeftButton)
    assert window.current_page() == "checkin" and window.checkin.moment is Moment.AFTER
    window.checkin.difficult.click()
    qtbot.mouseClick(window.checkin.valence.buttons[-2], Qt.MouseButton.LeftButton)
    # Difficult feelings: the support place first (test_support_and_stop.py), then on to the Library.
    with qtbot.waitSignal(window.page_changed, check_params_cb=lambda name: name == "support", timeout=WAIT_MS):
        qtbot.mouseClick(window.checkin.save_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(window.page_changed, check_params_cb=lambda name: name == "library", timeout=WAIT_MS):
        window.support.continue_button.click()
    services.journal_writes.wait()
    session = journal.session(window.player.last_session_id or -1)
    assert session.status is SessionStatus.STOPPED_EARLY
    assert session.after is not None and session.after.mood.difficult and session.after.mood.valence == -2


def test_with_the_after_check_in_switched_off_done_goes_straight_to_the_library(
        window: MainWindow, services: Services, journal: Journal, write_practice: Callable[..., Path],
        sound_card: SoundCard, qtbot: QtBot) -> None:
    services.settings.update(check_in_after=False)
    with qtbot.waitSignal(services.bridge.finished, timeout=WAIT_MS):
        open_and_start(window, write_practice(WINDOW_BODY, front=WINDOW_FRONT), qtbot)
    qtbot.waitUntil(lambda: window.player.recorder.session_id is not None, timeout=WAIT_MS)
    qtbot.mouseClick(window.player.completion.done_button, Qt.MouseButton.LeftButton)
    assert window.current_page() == "library"


def test_a_check_in_before_practice_comes_between_start_and_playing_and_is_kept_with_the_session(
        window: MainWindow, services: Services, journal: Journal, write_practice: Callable[..., Path],
        sound_card: SoundCard, qtbot: QtBot) -> None:
    services.settings.update(check_in_before=True, check_in_after=False)
    open_and_start(window, write_practice(WINDOW_BODY, front=WINDOW_FRONT), qtbot)
    assert window.current_page() == "checkin" and window.checkin.moment is Moment.BEFORE
    assert services.player.status().state is PlayerState.IDLE  # nothing plays yet
    qtbot.mouseClick(window.checkin.valence.buttons[-1], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.checkin.feelings.chips["restless"], Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(window.player.recorder.ended, timeout=WAIT_MS) as ended:
        qtbot.mouseClick(window.checkin.save_button, Qt.MouseButton.LeftButton)
        assert window.current_page() == "player"
    session = journal.session(ended.args[0])
    assert session.before is not None and session.before.moment is Moment.BEFORE
    assert session.before.mood == Mood(valence=-1, feelings=("restless",))


def test_skipping_the_check_in_before_practice_starts_the_practice(
        window: MainWindow, services: Services, journal: Journal, write_practice: Callable[..., Path],
        sound_card: SoundCard, qtbot: QtBot) -> None:
    services.settings.update(check_in_before=True)
    open_and_start(window, write_practice(WINDOW_BODY, front=WINDOW_FRONT), qtbot)
    with qtbot.waitSignal(window.player.recorder.ended, timeout=WAIT_MS) as ended:
        qtbot.mouseClick(window.checkin.skip_button, Qt.MouseButton.LeftButton)
    session = journal.session(ended.args[0])
    assert session.status is SessionStatus.COMPLETED and session.before is None


def test_closing_the_window_mid_practice_logs_the_session_as_stopped_early(
        window: MainWindow, services: Services, journal: Journal, write_practice: Callable[..., Path],
        sound_card: SoundCard, qtbot: QtBot) -> None:
    with qtbot.waitSignal(services.bridge.position_changed, check_params_cb=past(3), timeout=WAIT_MS):
        open_and_start(window, write_practice(WINDOW_BODY, front=WINDOW_FRONT), qtbot)
    window.close()
    services.journal_writes.wait()
    (session,) = journal.sessions()
    assert session.status is SessionStatus.STOPPED_EARLY and session.listened_seconds >= 3


def test_a_standalone_check_in_from_the_window_returns_where_it_began(
        window: MainWindow, journal: Journal, qtbot: QtBot) -> None:
    window.open_settings()
    window.check_in()
    assert window.current_page() == "checkin" and window.checkin.moment is Moment.STANDALONE
    qtbot.mouseClick(window.checkin.valence.buttons[0], Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(window.page_changed, check_params_cb=lambda name: name == "settings", timeout=WAIT_MS):
        qtbot.mouseClick(window.checkin.save_button, Qt.MouseButton.LeftButton)
    (check_in,) = journal.check_ins(standalone_only=True)
    assert check_in.mood == Mood(valence=0) and check_in.session_id is None
