"""The window's Player page keeps the screen awake while its practice plays (tests/desktop/test_inhibit.py
shows the rules; this shows the page follows them), with a real screensaver service on a real session bus."""

from __future__ import annotations

from collections.abc import Callable

from kindaudio.audio.playback.programmes import timer_programme
from kindaudio.audio.playback.status import PlayerState, PlayerStatus
from kindaudio.audio.playback.timer import TimerSpec
from kindaudio.ui.pages.player.page import PlayerPage
from kindaudio.ui.play_request import PlayRequest
from kindaudio.ui.services import Services
from tests.support.desktop_fixtures import Desktop
from tests.support.ui import WAIT_MS, SoundCard


def in_state(state: PlayerState) -> Callable[[PlayerStatus], bool]:
    return lambda status: status.state is state


def test_the_player_page_holds_the_screen_while_its_practice_plays_and_lets_go_on_stop(
        desktop: Desktop, services: Services, sound_card: SoundCard, qtbot) -> None:
    page = PlayerPage(services)
    qtbot.addWidget(page)
    page.show()
    saver = desktop.screensaver
    request = PlayRequest("Silent timer, 2 min", lambda: timer_programme(TimerSpec(2)), 2, "silent-timer")
    with qtbot.waitSignal(services.bridge.state_changed, check_params_cb=in_state(PlayerState.PLAYING),
                          timeout=WAIT_MS):
        page.start(request)
    held = saver.wait_for("Disabling screensaver")
    lock = desktop.sleep_locks.wait_for_lock()
    assert not lock.released() and page.is_active()

    with qtbot.waitSignal(services.bridge.state_changed, check_params_cb=in_state(PlayerState.IDLE),
                          timeout=WAIT_MS):
        page.stop()
    saver.wait_for("Uninhibit request", after=held)
    saver.wait_for("Enabling screensaver", after=held)
    assert lock.released(timeout=60)
