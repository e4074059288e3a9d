"""The window routes between pages, owns the keys, takes dropped files and stops the sound when closed."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from kindaudio.audio.format import MIX_RATE
from kindaudio.audio.player import PlayerState, PlayerStatus
from kindaudio.ui.main_window import MainWindow
from kindaudio.ui.services import Services
from tests.ui.conftest import PACE, WAIT_MS, SoundCard

BODY = """## Arriving
Welcome to this short practice. Let the breath be just as it is.
[pause 2s..2m]
## Resting
[bell]
Notice the feet on the floor. That is all, for now.
"""
FRONT = "title: Window test\npace: {rate: 160, sentence_gap: 0.5s, paragraph_gap: 1s, section_gap: 1s}"


@pytest.fixture
def window(services: Services, qtbot: QtBot) -> Iterator[MainWindow]:
    shown = MainWindow(services)
    qtbot.addWidget(shown)
    shown.show()
    shown.activateWindow()
    qtbot.waitUntil(shown.isActiveWindow, timeout=WAIT_MS)  # keys go to the active window
    qtbot.waitUntil(lambda: bool(shown.library.cards()) and not shown.library.is_loading(), timeout=WAIT_MS)
    yield shown
    shown.close()


@pytest.fixture
def real_time_card(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> SoundCard:
    """The test sound card at real-time pace: a person's keys land mid-practice, not after its end."""
    path = tmp_path / "real-time.raw"
    monkeypatch.setenv("KINDAUDIO_TEST_AUDIO_OUT", f"|{sys.executable} {PACE} {MIX_RATE * 2} {path}")
    return SoundCard(path)


def state_is(state: PlayerState) -> Callable[[PlayerStatus], bool]:
    return lambda status: status.state is state


def drop(window: MainWindow, path: Path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)


def test_a_dropped_practice_file_opens_and_a_broken_one_explains_itself(
        window: MainWindow, write_practice: Callable[..., Path], qtbot: QtBot) -> None:
    broken = write_practice("## One\n[paws 5s]\n", name="broken.md")
    with qtbot.waitSignal(window.practice.load_failed, timeout=WAIT_MS):
        drop(window, broken)
    assert window.banner.isVisible() and "broken.md:5:1" in window.banner.text.text()
    assert "pause" in window.banner.text.text()  # the nearest mark is suggested
    assert window.current_page() == "library"  # and nothing else changed
    with qtbot.waitSignal(window.page_changed, check_params_cb=lambda page: page == "practice", timeout=WAIT_MS):
        drop(window, write_practice(BODY, front=FRONT))
    assert not window.banner.isVisible()
    assert window.practice.practice is not None and window.practice.practice.title == "Window test"


def test_while_playing_the_keys_steer_the_player_and_leaving_is_only_by_stop(
        window: MainWindow, services: Services, real_time_card: SoundCard, write_practice: Callable[..., Path],
        qtbot: QtBot) -> None:
    bridge = services.bridge
    with qtbot.waitSignal(window.page_changed, check_params_cb=lambda page: page == "practice", timeout=WAIT_MS):
        window.open_practice(write_practice(BODY, front=FRONT))
    with qtbot.waitSignal(bridge.sentence_changed, check_params_cb=lambda status: status.sentence is not None,
                          timeout=WAIT_MS):
        window.practice.start()
    assert window.current_page() == "player"
    assert not window.open_action.isEnabled() and not window.settings_action.isEnabled()

    window.player.play_button.setFocus()  # Space must not also press the focused button
    with qtbot.waitSignal(bridge.state_changed, check_params_cb=state_is(PlayerState.PAUSED), timeout=WAIT_MS):
        QTest.keyClick(window.player.play_button, Qt.Key.Key_Space)
    with qtbot.waitSignal(bridge.state_changed, check_params_cb=state_is(PlayerState.PLAYING), timeout=WAIT_MS):
        QTest.keyClick(window.player.play_button, Qt.Key.Key_Space)
    assert window.isActiveWindow()
    with qtbot.waitSignal(bridge.state_changed, check_params_cb=state_is(PlayerState.PAUSED), timeout=WAIT_MS):
        QTest.keyClick(window, Qt.Key.Key_Escape)
    assert window.player.grounding.isVisible()

    window.player.stop()
    assert window.current_page() == "practice"  # Stop goes back to where the practice was chosen
    assert window.open_action.isEnabled()
    assert real_time_card.received().any()


def test_closing_the_window_mid_practice_stops_the_sound(
        window: MainWindow, services: Services, sound_card: SoundCard, write_practice: Callable[..., Path],
        qtbot: QtBot) -> None:
    with qtbot.waitSignal(window.page_changed, check_params_cb=lambda page: page == "practice", timeout=WAIT_MS):
        window.open_practice(write_practice(BODY, front=FRONT))
    with qtbot.waitSignal(services.bridge.state_changed, check_params_cb=state_is(PlayerState.PLAYING),
                          timeout=WAIT_MS):
        window.practice.start()
    window.close()
    assert services.player.status().state is PlayerState.IDLE
    assert services.player.stats.last_fade_out_start >= 0  # it faded out, not cut off
