"""The Player page, driven like a person would, with real speech and real playback into the test sound card.

The practice is 30 seconds long with two sections; the test sound card plays
it at several times real speed. Every wait is on a signal from the player
(through the bridge) or the page, never a sleep.

With KINDAUDIO_SCREENSHOTS set to a folder, the tests also save pictures of
the page at 1280x720 and 1920x1080 there, themed as the app themes itself.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QApplication, QWidget

from kindaudio.audio.choices import PlayChoices
from kindaudio.audio.clips.provider import ClipProvider
from kindaudio.audio.format import MIX_RATE
from kindaudio.audio.playback.player import Player
from kindaudio.audio.playback.programmes import practice_programme
from kindaudio.audio.playback.status import PlayerState, PlayerStatus
from kindaudio.common.paths import AppPaths
from kindaudio.script import load_practice
from kindaudio.script.durations import format_clock
from kindaudio.script.model import Practice
from kindaudio.ui.pages.completion import describe_length
from kindaudio.ui.pages.player.page import PlayerPage
from kindaudio.ui.pages.player.text import PREPARING
from kindaudio.ui.play_request import PlayRequest
from kindaudio.ui.player_bridge import PlayerBridge
from kindaudio.ui.services import Services, SettingsStore
from kindaudio.ui.tasks import TaskRunner
from tests.support.ui import BODY, PACE, SPEED, WAIT_MS, SoundCard

MINUTES = 0.5
TITLE = "Player test"
FRONT = f"title: {TITLE}\npace: {{rate: 160, sentence_gap: 0.5s, paragraph_gap: 1s, section_gap: 1s}}"


@pytest.fixture
def practice(write_practice: Callable[..., Path]) -> Practice:
    return load_practice(write_practice(BODY, front=FRONT))


def request_for(services: Services, practice: Practice) -> PlayRequest:
    clips = services.clips
    return PlayRequest(TITLE, lambda: practice_programme(clips, practice, PlayChoices(minutes=MINUTES)), MINUTES,
                       practice.id)


@pytest.fixture
def page(services: Services, qtbot) -> PlayerPage:
    widget = PlayerPage(services)
    qtbot.addWidget(widget)
    widget.resize(1280, 720)
    widget.show()
    return widget


def in_state(state: PlayerState) -> Callable[[PlayerStatus], bool]:
    return lambda status: status.state is state


def speaking(status: PlayerStatus) -> bool:
    return status.sentence is not None


def screenshot(widget: QWidget, name: str) -> None:
    """Pictures for people to look at (only when KINDAUDIO_SCREENSHOTS names a folder)."""
    folder = os.environ.get("KINDAUDIO_SCREENSHOTS")
    if not folder:
        return
    from kindaudio.common.settings import Settings
    from kindaudio.ui.theme import apply_theme

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_theme(app, Settings())
    Path(folder).mkdir(parents=True, exist_ok=True)
    size = widget.size()
    for width, height in ((1280, 720), (1920, 1080)):
        widget.resize(width, height)
        QApplication.processEvents()
        widget.grab().save(str(Path(folder) / f"player-{name}-{width}x{height}.png"))
    widget.resize(size)


def test_starting_shows_preparing_then_the_remaining_time_counts_down(
        page: PlayerPage, services: Services, practice: Practice, sound_card: SoundCard, qtbot) -> None:
    bridge = services.bridge
    with qtbot.waitSignal(bridge.state_changed, check_params_cb=in_state(PlayerState.PLAYING), timeout=WAIT_MS):
        page.start(request_for(services, practice))
        assert page.state_label.text() == PREPARING
        assert page.is_active()
        assert not page.play_button.isEnabled()  # nothing to pause until it plays
        assert page.title.text() == TITLE
    assert page.play_button.isEnabled() and page.play_button.text() == "Pause"
    assert page.state_label.text() in ("Playing", "Getting the voice ready…")

    with qtbot.waitSignal(bridge.position_changed, check_params_cb=lambda s: s.position >= 1.0,
                          timeout=WAIT_MS) as early:
        pass
    first = early.args[0]
    assert page.big_time.text() == format_clock(first.remaining)
    with qtbot.waitSignal(bridge.position_changed, check_params_cb=lambda s: s.position >= 6.0,
                          timeout=WAIT_MS) as later:
        pass
    second = later.args[0]
    assert page.big_time.text() == format_clock(second.remaining)
    assert second.remaining < first.remaining - 4
    assert page.elapsed.text().startswith(format_clock(second.position))
    assert page.progress.value() == pytest.approx(second.position / second.length)
    # The bar marks where the second section begins (the timeline is fitted again as speech arrives:
    # the marks follow it at the next update).
    def marks_follow_the_timeline() -> None:
        timeline = services.player.timeline
        assert timeline is not None
        assert page.progress.marks() == pytest.approx((timeline.sections[1].start / timeline.length,))

    qtbot.waitUntil(marks_follow_the_timeline, timeout=WAIT_MS)
    assert "remaining" in page.progress.accessibleDescription()
    page.stop()
    assert not page.is_active()


def test_the_caption_shows_the_spoken_sentence_and_hides_when_captions_are_off(
        page: PlayerPage, services: Services, practice: Practice, sound_card: SoundCard, qtbot) -> None:
    with qtbot.waitSignal(services.bridge.sentence_changed, check_params_cb=speaking, timeout=WAIT_MS) as spoken:
        page.start(request_for(services, practice))
    sentence = spoken.args[0].sentence
    assert sentence.text.startswith("Welcome to this short practice")
    assert page.caption.text() == sentence.text
    assert page.caption.isVisible()
    screenshot(page, "playing")

    with qtbot.waitSignal(services.settings.changed, timeout=WAIT_MS):
        page.captions_button.click()
    assert services.settings.current.show_captions is False
    assert not page.caption.isVisible()
    assert page.captions_button.text() == "Captions: off"

    page.captions_button.click()
    assert services.settings.current.show_captions is True
    assert page.caption.isVisible()
    page.stop()


def test_captions_start_hidden_when_the_setting_says_so(services: Services, qtbot) -> None:
    services.settings.update(show_captions=False)
    page = PlayerPage(services)
    qtbot.addWidget(page)
    page.show()
    assert not page.caption.isVisible()
    assert not page.captions_button.isChecked()


def test_pause_and_resume_with_the_play_button(
        page: PlayerPage, services: Services, practice: Practice, sound_card: SoundCard, qtbot) -> None:
    bridge = services.bridge
    with qtbot.waitSignal(bridge.sentence_changed, check_params_cb=speaking, timeout=WAIT_MS):
        page.start(request_for(services, practice))
    with qtbot.waitSignal(bridge.state_changed, check_params_cb=in_state(PlayerState.PAUSED), timeout=WAIT_MS):
        page.play_button.click()
    assert page.play_button.text() == page.play_button.accessibleName() == "Play"
    assert page.play_button.property("shape") == "play" and not page.play_button.icon().isNull()
    assert page.state_label.text() == "Paused"
    with qtbot.waitSignal(bridge.state_changed, check_params_cb=in_state(PlayerState.PLAYING), timeout=WAIT_MS):
        page.play_button.click()
    assert page.play_button.text() == page.play_button.accessibleName() == "Pause"
    # The keyboard's slot does the same.
    with qtbot.waitSignal(bridge.state_changed, check_params_cb=in_state(PlayerState.PAUSED), timeout=WAIT_MS):
        page.toggle_pause()
    page.stop()


def test_forward_15_seconds_moves_the_position_by_15_seconds(
        page: PlayerPage, services: Services, practice: Practice, sound_card: SoundCard, qtbot) -> None:
    bridge = services.bridge
    with qtbot.waitSignal(bridge.sentence_changed, check_params_cb=speaking, timeout=WAIT_MS):
        page.start(request_for(services, practice))
    with qtbot.waitSignal(bridge.state_changed, check_params_cb=in_state(PlayerState.PAUSED),
                          timeout=WAIT_MS) as paused:
        page.toggle_pause()
    here = paused.args[0].position
    with qtbot.waitSignal(bridge.position_changed, timeout=WAIT_MS) as moved:
        page.forward_button.click()
    status = moved.args[0]
    assert status.position == pytest.approx(here + 15, abs=2 * 1024 / MIX_RATE)
    assert page.big_time.text() == format_clock(status.remaining)
    with qtbot.waitSignal(bridge.position_changed, timeout=WAIT_MS) as back:
        page.back_button.click()
    assert back.args[0].position == pytest.approx(here, abs=2 * 1024 / MIX_RATE)
    page.stop()


def test_next_section_shows_the_second_sections_title(
        page: PlayerPage, services: Services, practice: Practice, sound_card: SoundCard, qtbot) -> None:
    bridge = services.bridge
    with qtbot.waitSignal(bridge.sentence_changed, check_params_cb=speaking, timeout=WAIT_MS):
        page.start(request_for(services, practice))
    assert page.section_title.text() == "Arriving"
    with qtbot.waitSignal(bridge.section_changed, check_params_cb=lambda s: s.section.title == "Resting",
                          timeout=WAIT_MS):
        page.next_button.click()
    assert page.section_title.text() == "Resting"
    assert "section 2 of 2: Resting" in page.progress.accessibleDescription()
    page.stop()


def test_pause_and_ground_pauses_offers_resume_and_stop_for_today(
        page: PlayerPage, services: Services, practice: Practice, sound_card: SoundCard, qtbot) -> None:
    bridge = services.bridge
    with qtbot.waitSignal(bridge.sentence_changed, check_params_cb=speaking, timeout=WAIT_MS):
        page.start(request_for(services, practice))
    assert page.ground_button.isVisible() and page.ground_button.property("role") == "ground"
    with qtbot.waitSignal(bridge.state_changed, check_params_cb=in_state(PlayerState.PAUSED), timeout=WAIT_MS):
        page.ground_button.click()
    panel = page.grounding
    assert page.stack.currentWidget() is panel
    assert panel.resume_button.isVisible() and panel.resume_button.text() == "Resume"
    assert panel.stop_button.isVisible() and panel.stop_button.text() == "Stop for today"
    assert "therapist" in panel.note.text() and panel.note.property("role") == "note"
    assert page.ground_button.isVisible()  # still there while paused
    screenshot(page, "grounding")

    with qtbot.waitSignal(bridge.state_changed, check_params_cb=in_state(PlayerState.PLAYING), timeout=WAIT_MS):
        panel.resume_button.click()
    assert page.stack.currentWidget() is page.player_view

    with qtbot.waitSignal(bridge.state_changed, check_params_cb=in_state(PlayerState.PAUSED), timeout=WAIT_MS):
        page.pause_and_ground()  # Esc
    with qtbot.waitSignal(page.stopped_for_today, timeout=WAIT_MS):
        panel.stop_button.click()
    assert services.player.done()
    assert services.player.status().state is PlayerState.IDLE
    assert not page.is_active()


def test_grounding_while_it_is_still_preparing_keeps_it_paused(
        page: PlayerPage, services: Services, practice: Practice, sound_card: SoundCard, qtbot) -> None:
    bridge = services.bridge
    with qtbot.waitSignal(bridge.state_changed, check_params_cb=in_state(PlayerState.PAUSED), timeout=WAIT_MS):
        page.start(request_for(services, practice))
        page.pause_and_ground()
        assert page.stack.currentWidget() is page.grounding
    assert page.stack.currentWidget() is page.grounding
    with qtbot.waitSignal(bridge.state_changed, check_params_cb=in_state(PlayerState.PLAYING), timeout=WAIT_MS):
        page.grounding.resume_button.click()
    page.stop()


def test_playing_to_the_end_shows_the_completion_screen(
        page: PlayerPage, services: Services, practice: Practice, sound_card: SoundCard, qtbot) -> None:
    with qtbot.waitSignal(services.bridge.finished, timeout=WAIT_MS):
        page.start(request_for(services, practice))
    view = page.completion
    assert page.stack.currentWidget() is view
    assert view.heading.text() == f"You've come to the end of {TITLE}."
    assert view.length.text() == "You practised for 30 seconds."
    assert not page.is_active()
    assert page.ground_button.isVisible()
    screenshot(page, "completion")
    with qtbot.waitSignal(page.done, timeout=WAIT_MS):
        view.done_button.click()


@pytest.fixture
def missing_device_services(paths: AppPaths, session_clips: ClipProvider, qtbot) -> Iterator[Services]:
    """Services whose player is set to an output device that does not exist."""
    pool = QThreadPool()
    player = Player(device=999)
    built = Services(paths=paths, clips=session_clips, player=player, bridge=PlayerBridge(player),
                     tasks=TaskRunner(pool), settings=SettingsStore(paths))
    yield built
    player.close()
    built.bridge.detach()
    pool.waitForDone(30_000)


def test_a_missing_sound_device_shows_a_clear_message_and_a_way_back(
        missing_device_services: Services, practice: Practice, qtbot) -> None:
    services = missing_device_services
    page = PlayerPage(services)
    qtbot.addWidget(page)
    page.resize(1280, 720)
    page.show()
    with qtbot.waitSignal(services.bridge.state_changed, check_params_cb=in_state(PlayerState.FAILED),
                          timeout=WAIT_MS) as failed:
        page.start(request_for(services, practice))
    message = failed.args[0].message
    assert "output device 999" in message
    assert page.message.isVisible() and page.message.text() == message[0].upper() + message[1:]
    assert page.message.property("role") == "error"
    assert not page.is_active()
    assert not page.play_button.isVisible()  # nothing to play: only the message and the way back
    screenshot(page, "failed")
    with qtbot.waitSignal(page.left, timeout=WAIT_MS):  # back, asking nothing after a failure
        page.message_back.click()


def test_a_device_that_stops_taking_sound_is_explained_and_play_goes_on(
        page: PlayerPage, services: Services, practice: Practice, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, qtbot) -> None:
    # A card that takes 5 seconds of sound, then stalls (tests/alsa/pace.py).
    rate = MIX_RATE * 2 * SPEED
    monkeypatch.setenv("KINDAUDIO_TEST_AUDIO_OUT", f"|{sys.executable} {PACE} {rate} {tmp_path / 'lost.raw'} "
                       f"{5 * MIX_RATE * 2}")
    bridge = services.bridge
    with qtbot.waitSignal(bridge.state_changed, check_params_cb=lambda s: s.state is PlayerState.PAUSED
                          and s.message is not None, timeout=WAIT_MS) as lost:
        page.start(request_for(services, practice))
    message = lost.args[0].message
    assert page.message.isVisible() and page.message.text() == message[0].upper() + message[1:]
    assert "press play to go on" in page.message.text()
    assert page.is_active() and page.play_button.text() == "Play"

    monkeypatch.setenv("KINDAUDIO_TEST_AUDIO_OUT", f"|{sys.executable} {PACE} {rate} {tmp_path / 'again.raw'}")
    with qtbot.waitSignal(bridge.state_changed, check_params_cb=in_state(PlayerState.PLAYING), timeout=WAIT_MS):
        page.play_button.click()
    assert not page.message.isVisible()
    page.stop()
    # Closing the player waits until the lost card has been let go of (PortAudio's own
    # clean-up at exit would otherwise wait on the half-closed stream).
    services.player.close()
    assert not any(thread.name == "kindaudio-close-lost-device" for thread in threading.enumerate())


def test_volume_slider_sets_the_players_volume(page: PlayerPage, services: Services) -> None:
    page.volume.setValue(40)
    assert services.player.volume == pytest.approx(0.4)
    assert page.volume_value.text() == "40 %"


def test_every_control_has_a_name_and_a_tooltip(page: PlayerPage) -> None:
    controls = [page.ground_button, page.play_button, page.back_button, page.forward_button, page.next_button,
                page.captions_button, page.volume, page.stop_button, page.message_back, page.progress,
                page.grounding.resume_button, page.grounding.stop_button, page.completion.done_button]
    for control in controls:
        assert control.accessibleName(), control
        assert control.toolTip(), control.accessibleName()


def test_the_keyboard_slots_do_nothing_harmful_when_nothing_plays(page: PlayerPage, services: Services) -> None:
    page.toggle_pause()
    page.seek_by(15)
    page.next_section()
    page.stop()
    page.pause_and_ground()
    assert page.stack.currentWidget() is page.grounding
    assert page.grounding.resume_button.text() == "Go back"
    page.grounding.resume_button.click()
    assert page.stack.currentWidget() is page.player_view
    assert services.player.done()


@pytest.mark.parametrize(("seconds", "words"), [(1, "1 second"), (29.6, "30 seconds"), (61, "1 minute"),
                                                (8 * 60 + 10, "8 minutes"), (45 * 60, "45 minutes")])
def test_the_completion_screen_says_the_length_in_plain_words(seconds: float, words: str) -> None:
    assert describe_length(seconds) == words


def test_the_controls_have_icons_beside_their_words_and_keep_their_names(page: PlayerPage) -> None:
    from PySide6.QtGui import QPalette

    from kindaudio.ui.pages.player.icons import SIZE

    named = {page.back_button: ("Back 15 s", "Back 15 seconds"), page.play_button: ("Pause", "Pause"),
             page.forward_button: ("Forward 15 s", "Forward 15 seconds"),
             page.next_button: ("Next section", "Next section"), page.stop_button: ("Stop", "Stop")}
    for button, (text, name) in named.items():
        assert (button.text(), button.accessibleName()) == (text, name)  # the words stay
        assert not button.icon().isNull()
        image = button.icon().pixmap(SIZE, SIZE).toImage()
        colour = button.palette().color(QPalette.ColorRole.ButtonText)
        drawn = [image.pixelColor(x, y) for x in range(image.width()) for y in range(image.height())
                 if image.pixelColor(x, y).alpha() > 200]
        assert drawn and all(abs(pixel.red() - colour.red()) < 8 for pixel in drawn)  # in the text's colour
