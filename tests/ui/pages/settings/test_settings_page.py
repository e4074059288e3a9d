"""The Settings page: every change saved at once, voices from the real engine, a sample really heard.

Real parts: the settings file in the test home, the real eSpeak voices, real
playback into the test sound card, the real PortAudio device list.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from kindaudio.audio.playback.status import PlayerState
from kindaudio.common.paths import AppPaths
from kindaudio.common.settings import Settings, load_settings, settings_path
from kindaudio.journal.backup import list_backups
from kindaudio.journal.records import Moment, Mood
from kindaudio.journal.store import Journal
from kindaudio.ui.pages.settings.page import SettingsPage
from kindaudio.ui.pages.settings.voice_panel import OWN_PACE, SAMPLE_TITLE
from kindaudio.ui.services import Services
from tests.support.ui import WAIT_MS, SoundCard, back_links


def make_page(services: Services, qtbot: QtBot) -> SettingsPage:
    page = SettingsPage(services)
    qtbot.addWidget(page)
    page.resize(1280, 720)
    page.show()
    return page


@pytest.fixture
def page(services: Services, qtbot: QtBot) -> SettingsPage:
    built = make_page(services, qtbot)
    qtbot.waitUntil(lambda: built.voice_combo.isEnabled() or built.voice_error.isVisible(), timeout=WAIT_MS)
    return built


def test_the_voice_list_fills_from_the_real_engine_and_saves_nothing(services: Services, paths: AppPaths,
                                                                     qtbot: QtBot) -> None:
    page = make_page(services, qtbot)
    assert not page.voice_combo.isEnabled()
    assert page.voice_combo.currentText() == "Finding the voices…"
    with qtbot.waitSignal(page.voices_loaded, timeout=WAIT_MS):
        pass
    assert page.voice_combo.isEnabled() and page.voice_combo.count() > 10
    assert not settings_path(paths).exists()  # filling the list chose nothing


def test_voices_are_offered_with_the_default_first(page: SettingsPage, services: Services, paths: AppPaths,
                                                   qtbot: QtBot) -> None:
    combo = page.voice_combo
    voices = services.clips.voices()
    ids = {combo.itemData(index) for index in range(combo.count())}
    assert {voice.id for voice in voices.neural} <= ids  # every natural voice, and English basic ones at least
    assert "espeak:gmw/en-us" in ids and "espeak:gmw/de" not in ids
    assert combo.itemData(0) is None and combo.itemText(0).startswith("Default: ")
    assert "English" in combo.itemText(0)  # KINDAUDIO_VOICE (tests/conftest.py) makes eSpeak's the default
    assert combo.isEnabled() and page.voice_error.isHidden()
    british = combo.findData("espeak:gmw/en-gb-x-rp")
    assert british > 0 and "en-gb" in combo.itemText(british)
    combo.setCurrentIndex(british)
    assert load_settings(paths).voice == "espeak:gmw/en-gb-x-rp"
    combo.setCurrentIndex(0)
    assert load_settings(paths).voice is None


def test_changes_are_saved_at_once_and_a_new_page_shows_them(page: SettingsPage, services: Services,
                                                             paths: AppPaths, qtbot: QtBot) -> None:
    page.rate_spin.setValue(150)
    qtbot.mouseClick(page.theme_buttons["dark"], Qt.MouseButton.LeftButton)
    page.size_combo.setCurrentIndex(page.size_combo.findData(130))
    qtbot.mouseClick(page.captions_check, Qt.MouseButton.LeftButton)

    saved = load_settings(paths)
    # With the profile the fixture gives (tests/support/ui.py settled): the welcome seen, the client view.
    assert saved == Settings(rate=150, theme="dark", text_size=130, show_captions=False, first_run_seen=True)
    assert services.settings.current == saved

    again = make_page(services, qtbot)
    assert again.rate_spin.value() == 150
    assert again.theme_buttons["dark"].isChecked()
    assert again.size_combo.currentData() == 130
    assert not again.captions_check.isChecked()


def test_the_lowest_rate_means_each_practices_own_pace(page: SettingsPage, paths: AppPaths) -> None:
    page.rate_spin.setValue(200)
    assert load_settings(paths).rate == 200
    page.rate_spin.setValue(OWN_PACE)
    assert load_settings(paths).rate is None
    assert page.rate_spin.text() == "Each practice's own pace"


def test_hear_a_sample_plays_the_voice_into_the_sound_card(page: SettingsPage, services: Services,
                                                           sound_card: SoundCard, qtbot: QtBot) -> None:
    with qtbot.waitSignal(services.bridge.finished, timeout=WAIT_MS) as finished:
        qtbot.mouseClick(page.sample_button, Qt.MouseButton.LeftButton)
    assert finished.args[0].title == SAMPLE_TITLE
    qtbot.waitUntil(lambda: services.player.status().state is PlayerState.FINISHED, timeout=WAIT_MS)
    played = sound_card.received()
    assert np.count_nonzero(played) > 1000  # about three seconds of speech
    qtbot.waitUntil(lambda: page.sample_status.text() == "", timeout=WAIT_MS)


def test_output_devices_are_offered_after_the_system_default(services: Services, paths: AppPaths,
                                                             qtbot: QtBot) -> None:
    page = make_page(services, qtbot)
    qtbot.waitSignal(page.devices_loaded, timeout=WAIT_MS).wait()
    combo = page.device_combo
    assert combo.itemText(0) == "System default" and combo.itemData(0) is None
    assert combo.count() >= 2  # the test sound card at least
    combo.setCurrentIndex(1)
    device = combo.itemData(1)
    assert isinstance(device, int)
    assert load_settings(paths).device == device
    assert services.player.device == device
    combo.setCurrentIndex(0)
    assert load_settings(paths).device is None and services.player.device is None


def test_microphones_are_offered_by_name_and_the_choice_is_saved(services: Services, paths: AppPaths,
                                                                qtbot: QtBot) -> None:
    page = make_page(services, qtbot)
    qtbot.waitSignal(page.microphones_loaded, timeout=WAIT_MS).wait()
    combo = page.mic_combo
    assert combo.itemText(0) == "System default" and combo.itemData(0) is None
    assert [combo.itemData(i) for i in range(1, combo.count())] == ["default"]  # the test sound card's input
    assert not settings_path(paths).exists()  # filling the list chose nothing
    combo.setCurrentIndex(1)
    assert load_settings(paths).input_device == "default"
    combo.setCurrentIndex(0)
    assert load_settings(paths).input_device is None


def test_the_microphone_chosen_while_recording_shows_here_and_one_not_connected_says_so(
        services: Services, qtbot: QtBot) -> None:
    services.settings.update(input_device="USB Microphone")
    page = make_page(services, qtbot)
    qtbot.waitSignal(page.microphones_loaded, timeout=WAIT_MS).wait()
    assert page.mic_combo.currentText() == "USB Microphone (not connected now)"
    services.settings.update(input_device="default")  # as the recording window does
    assert page.mic_combo.currentData() == "default"


def test_no_microphone_is_said_plainly(page: SettingsPage) -> None:
    page.show_microphones([])
    assert page.mic_note.isVisible() and page.mic_note.text().startswith("No microphone was found.")
    assert page.mic_combo.count() == 1 and page.mic_combo.itemData(0) is None


def test_no_output_device_is_said_plainly(page: SettingsPage) -> None:
    page.show_devices([])
    assert page.device_note.isVisible()
    assert page.device_note.text().startswith("No sound output device was found.")
    assert page.device_combo.count() == 1 and page.device_combo.itemData(0) is None


def test_the_data_folders_are_shown_and_can_be_copied(page: SettingsPage, paths: AppPaths) -> None:
    assert {key: label.text() for key, label in page.folder_rows.items()} == {
        "data": str(paths.data), "config": str(paths.config), "cache": str(paths.cache)}
    page.copy_path(paths.data)
    assert QGuiApplication.clipboard().text() == str(paths.data)


def test_settings_is_a_place_of_the_side_bar_with_no_back_link(page: SettingsPage) -> None:
    assert page.findChildren(QPushButton) and back_links(page) == []


def test_the_view_is_chosen_here_and_saved_at_once(page: SettingsPage, services: Services, paths: AppPaths,
                                                   qtbot: QtBot) -> None:
    assert page.view_buttons["client"].isChecked() and not page.view_buttons["therapist"].isChecked()
    therapist = page.view_buttons["therapist"]
    qtbot.mouseClick(therapist, Qt.MouseButton.LeftButton, pos=QPoint(8, therapist.height() // 2))
    assert services.settings.current.view == "therapist" and load_settings(paths).view == "therapist"
    services.settings.update(view="client")  # changed elsewhere (the first run): the panel follows
    assert page.view_buttons["client"].isChecked()


def test_every_control_has_a_name_and_a_tooltip(page: SettingsPage) -> None:
    panel = page.voice_panel
    controls = [page.voice_combo, panel.chooser.every_language, panel.add_button, panel.remove_button,
                page.rate_spin, page.sample_button, page.device_combo, page.mic_combo,
                page.size_combo, page.captions_check, *page.theme_buttons.values(), *page.view_buttons.values()]
    for control in controls:
        assert control.accessibleName(), control
        assert control.toolTip(), control


# -- the practice journal: check-in and streak switches, backups -------------------------------------


@pytest.fixture
def journal(services: Services) -> Iterator[Journal]:
    opened = services.journal
    yield opened
    services.close_journal()


def test_the_check_in_and_streak_switches_start_gentle_and_are_saved_at_once(page: SettingsPage, paths: AppPaths,
                                                                            qtbot: QtBot) -> None:
    assert not page.check_in_before_check.isChecked()
    assert page.check_in_after_check.isChecked()
    assert not page.streak_check.isChecked()
    assert "off unless you turn them on" in page.streak_note.text() and "never erases" in page.streak_note.text()
    qtbot.mouseClick(page.check_in_before_check, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.check_in_after_check, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.streak_check, Qt.MouseButton.LeftButton)
    saved = load_settings(paths)
    assert (saved.check_in_before, saved.check_in_after, saved.show_streak) == (True, False, True)


def test_back_up_now_adds_a_backup_to_the_list(page: SettingsPage, services: Services, journal: Journal,
                                               paths: AppPaths, qtbot: QtBot) -> None:
    qtbot.waitUntil(lambda: len(page.backups) == 1, timeout=WAIT_MS)  # the one taken when the journal opened
    with qtbot.waitSignal(page.backups_loaded, timeout=WAIT_MS, check_params_cb=lambda: len(page.backups) == 2):
        qtbot.mouseClick(page.backup_button, Qt.MouseButton.LeftButton)
    assert page.backup_status.text().startswith("Backed up:")
    assert [backup.path for backup in page.backups] == [backup.path for backup in list_backups(paths)]
    assert len(page.restore_buttons) == 2 and page.no_backups.isHidden()
    for button in page.restore_buttons:
        assert button.accessibleName().startswith("Restore the backup from ") and button.toolTip()


def test_restoring_a_backup_asks_first_and_keeps_the_current_journal_aside(
        page: SettingsPage, services: Services, journal: Journal, paths: AppPaths, qtbot: QtBot) -> None:
    journal.add_check_in(Mood(valence=1), moment=Moment.STANDALONE)
    page.load_backups()
    qtbot.waitUntil(lambda: len(page.backups) == 1, timeout=WAIT_MS)  # taken before that check-in
    journal.add_check_in(Mood(valence=-1, note="after the backup"), moment=Moment.STANDALONE)

    qtbot.mouseClick(page.restore_buttons[0], Qt.MouseButton.LeftButton)
    question = page.confirm_restore
    assert question is not None and question.isVisible()
    assert "kept aside" in question.informativeText() and "not deleted" in question.informativeText()
    cancel = next(b for b in question.buttons() if b.text() == "Cancel")
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert len(services.journal.check_ins()) == 2  # nothing happened

    qtbot.mouseClick(page.restore_buttons[0], Qt.MouseButton.LeftButton)
    question = page.confirm_restore
    assert question is not None
    restore = next(b for b in question.buttons() if b.text() == "Restore")
    with qtbot.waitSignal(page.backup_finished, timeout=WAIT_MS) as finished:
        qtbot.mouseClick(restore, Qt.MouseButton.LeftButton)
    assert finished.args[0].startswith("Restored the backup of ")
    assert services.journal is not journal  # closed and opened again
    assert services.journal.check_ins() == []  # the backup was taken when the journal was new
    kept = [entry for entry in paths.data.iterdir() if entry.name.startswith("journal.sqlite3.before-restore")]
    assert [entry.name for entry in kept if not entry.name.endswith(("-wal", "-shm"))]
    assert str(kept[0].parent) in finished.args[0]


def test_back_up_now_without_a_journal_says_so_plainly(page: SettingsPage, qtbot: QtBot) -> None:
    with qtbot.waitSignal(page.backup_finished, timeout=WAIT_MS) as finished:
        qtbot.mouseClick(page.backup_button, Qt.MouseButton.LeftButton)
    assert "not open" in finished.args[0]


def test_the_journal_file_and_data_folder_are_shown(page: SettingsPage, paths: AppPaths) -> None:
    assert str(paths.journal) in page.journal_file.text()
    assert page.folder_rows["data"].text() == str(paths.data)


def test_the_journal_controls_have_names_and_tooltips(page: SettingsPage) -> None:
    for control in (page.check_in_before_check, page.check_in_after_check, page.streak_check, page.backup_button):
        assert control.accessibleName(), control
        assert control.toolTip(), control
