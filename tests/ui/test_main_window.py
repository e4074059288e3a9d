"""The window routes between pages, owns the keys, takes dropped files and stops the sound when closed."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, Qt, QUrl
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from kindaudio.audio.format import MIX_RATE
from kindaudio.audio.playback.status import PlayerState, PlayerStatus
from kindaudio.ui.main_window import MainWindow
from kindaudio.ui.services import Services
from tests.support.ui import PACE, WAIT_MS, SoundCard, drop

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
    # The side bar and its keys are held too: the player keeps the window while it plays.
    assert not window.nav.isVisible() and window.nav.current_place() is None
    assert not any(shortcut.isEnabled() for shortcut in window.nav.shortcuts.values())
    QTest.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    window.places.go_to_place("settings")
    assert window.current_page() == "player"

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
    assert window.open_action.isEnabled() and window.nav.isVisible()
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


# -- making, editing, recording, sharing and importing practices ---------------------------------

BUILT = """---
title: Kind Words for Evenings
author: Sam Rivera
made_from: {template: soles-of-the-feet, values: {}}
lengths: [3]
---
You might let the day settle, just as it is. [pause 30s..3m]
"""
BY_HAND = """---
title: Plain Evening
lengths: [3]
---
You might rest here for a little while. [pause 30s..3m]
"""


def own_practice(services: Services, name: str, text: str) -> Path:
    services.paths.practices.mkdir(parents=True, exist_ok=True)
    path = services.paths.practices / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.therapist_view  # the therapist's tools
def test_the_file_menu_offers_a_new_practice_and_importing_a_pack_but_not_while_playing(
        window: MainWindow) -> None:
    file_menu = window.menuBar().actions()[0].menu()
    texts = [action.text() for action in file_menu.actions() if not action.isSeparator()]
    assert "&New practice from a template…" in texts and "&Import practice pack…" in texts
    assert window.new_action.shortcut().toString() == "Ctrl+N"
    assert window.import_pack_action.shortcut().toString() == "Ctrl+I"
    assert window.new_action.toolTip() and window.import_pack_action.toolTip()
    window.show_page("player")
    assert not window.new_action.isEnabled() and not window.import_pack_action.isEnabled()
    window.show_page("library")
    assert window.new_action.isEnabled() and window.import_pack_action.isEnabled()


@pytest.mark.therapist_view  # the therapist's tools
def test_a_new_practice_from_the_library_opens_the_builder_and_saving_puts_it_in_the_library(
        window: MainWindow, services: Services, qtbot: QtBot) -> None:
    with qtbot.waitSignal(window.page_changed, check_params_cb=lambda page: page == "builder", timeout=WAIT_MS):
        window.library.new_button.click()
    builder = window.builder
    qtbot.waitUntil(lambda: len(builder.cards) == 4, timeout=WAIT_MS)  # the templates to choose from

    with qtbot.waitSignal(builder.form_ready, timeout=WAIT_MS):
        builder.start_new("soles-of-the-feet")
    qtbot.waitUntil(lambda: builder.preview_is_current and builder.filled is not None, timeout=WAIT_MS)
    builder.title_edit.setText("Feet on the ground")
    qtbot.waitUntil(lambda: builder.preview_is_current and builder.filled is not None, timeout=WAIT_MS)
    with qtbot.waitSignal(window.library.loaded, timeout=WAIT_MS):
        builder.save()
    card = window.library.card("Feet on the ground")
    assert card.info.own and card.info.from_template


@pytest.mark.therapist_view  # the therapist's tools
def test_leaving_the_builder_with_unsaved_changes_by_the_menu_asks_first(
        window: MainWindow, qtbot: QtBot) -> None:
    with qtbot.waitSignal(window.builder.form_ready, timeout=WAIT_MS):
        window.new_from_template("soles-of-the-feet")
    builder = window.builder
    qtbot.waitUntil(lambda: builder.preview_is_current, timeout=WAIT_MS)
    builder.title_edit.setText("Not saved yet")
    assert builder.has_unsaved_changes
    window.library_action.trigger()
    assert window.current_page() == "builder"
    box = builder.question
    assert box is not None and box.isVisible()
    with qtbot.waitSignal(window.page_changed, check_params_cb=lambda page: page == "library", timeout=WAIT_MS):
        next(button for button in box.buttons() if button.text() == "Leave without saving").click()


@pytest.mark.therapist_view  # the therapist's tools
def test_edit_reopens_a_built_practice_in_the_builder_and_any_other_in_the_script_editor(
        window: MainWindow, services: Services, qtbot: QtBot) -> None:
    from kindaudio.ui.dialogs.script_editor.dialog import ScriptEditorDialog

    built = own_practice(services, "kind-words.md", BUILT)
    plain = own_practice(services, "plain.md", BY_HAND)
    with qtbot.waitSignal(window.library.loaded, timeout=WAIT_MS):
        window.library.refresh()

    edit = window.library.card("Kind Words for Evenings").edit_button
    assert edit is not None
    with qtbot.waitSignal(window.builder.form_ready, timeout=WAIT_MS):
        edit.click()
    assert window.current_page() == "builder"
    qtbot.waitUntil(lambda: window.builder.editing == built, timeout=WAIT_MS)

    window.library_action.trigger()
    assert window.current_page() == "library"
    edit = window.library.card("Plain Evening").edit_button
    assert edit is not None
    edit.click()
    editor = window.script_editor
    assert isinstance(editor, ScriptEditorDialog) and editor.path == plain and editor.isVisible()
    editor.editor.setPlainText(BY_HAND.replace("Plain Evening", "Plain Evening, renamed"))
    with qtbot.waitSignal(window.library.loaded, timeout=WAIT_MS):
        editor.save()
    assert window.library.card("Plain Evening, renamed").info.path == plain


@pytest.mark.therapist_view  # the therapist's tools
def test_a_shipped_practice_opens_read_only_in_the_script_editor(window: MainWindow) -> None:
    from kindaudio.ui.dialogs.script_editor.dialog import ScriptEditorDialog

    read = window.library.card("Affectionate Breathing").edit_button  # "Edit a copy"
    assert read is not None and read.text() == "Edit a copy"
    read.click()
    editor = window.script_editor
    assert isinstance(editor, ScriptEditorDialog) and editor.read_only and editor.editor.isReadOnly()
    editor.reject()


@pytest.mark.therapist_view  # the therapist's tools
def test_record_my_voice_and_share_as_a_pack_open_their_windows_for_that_practice(
        window: MainWindow, services: Services, qtbot: QtBot) -> None:
    from kindaudio.ui.dialogs.packs.share_dialog import SharePackDialog
    from kindaudio.ui.dialogs.record_voice.dialog import RecordVoiceDialog

    plain = own_practice(services, "plain.md", BY_HAND)
    with qtbot.waitSignal(window.library.loaded, timeout=WAIT_MS):
        window.library.refresh()
    card = window.library.card("Plain Evening")
    assert card.record_button is not None and card.share_button is not None

    card.record_button.click()
    recorder = window.record_dialog
    assert isinstance(recorder, RecordVoiceDialog) and recorder.practice_path == plain
    qtbot.waitUntil(lambda: recorder.practice is not None, timeout=WAIT_MS)
    assert recorder.count.text() == "0 of 1 recorded"
    recorder.reject()

    card.share_button.click()
    share = window.share_dialog
    assert isinstance(share, SharePackDialog) and share.practice_path == plain
    qtbot.waitUntil(share.save_button.isEnabled, timeout=WAIT_MS)
    assert share.heading.text() == "Share “Plain Evening” as a pack"
    share.reject()


def test_a_dropped_pack_opens_the_import_window_and_other_files_are_not_taken(
        window: MainWindow, tmp_path: Path, qtbot: QtBot) -> None:
    from kindaudio.ui.dialogs.packs.import_dialog import ImportPackDialog

    pack = tmp_path / "from-sam.kindpack"
    pack.write_bytes(b"not a zip at all")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(pack))])
    assert window._dropped_file(mime) == pack
    other = QMimeData()
    other.setUrls([QUrl.fromLocalFile(str(tmp_path / "song.mp3"))])
    assert window._dropped_file(other) is None

    drop(window, pack)
    dialog = window.import_dialog
    assert isinstance(dialog, ImportPackDialog) and dialog.pack == pack
    qtbot.waitUntil(lambda: dialog.refusal is not None, timeout=WAIT_MS)
    assert str(pack) in dialog.refusal_label.text()
    assert window.current_page() == "library"
