"""Recording one's own voice in the window: the sentences, Record / Stop / Play / Delete, the meter.

Real parts: the microphone is ALSA's file plugin fed from a known sound by
tests/alsa/feed.py at a real microphone's pace (tests/alsa/asound.conf reads
KINDAUDIO_TEST_AUDIO_IN); takes are real FLAC files in the test's own data
folder; playing back goes through the real player into the test sound card.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest
import soundfile
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from kindaudio.audio.capture.inputs import InputDevice
from kindaudio.audio.capture.recorder import BLOCK_FRAMES
from kindaudio.audio.clips.takes import recording_path
from kindaudio.audio.format import MIX_RATE
from kindaudio.audio.playback.status import PlayerState, PlayerStatus
from kindaudio.common.paths import AppPaths
from kindaudio.common.settings import load_settings
from kindaudio.ui.dialogs.record_voice.data import preferred_device
from kindaudio.ui.dialogs.record_voice.dialog import RecordVoiceDialog
from kindaudio.ui.dialogs.record_voice.text import NOT_RECORDED, READ_PREFIX, count_text
from kindaudio.ui.services import Services
from tests.alsa.plugged_in import plugged_in
from tests.support.ui import WAIT_MS, SoundCard

FEED = Path(__file__).resolve().parents[3] / "alsa" / "feed.py"
CAPTURE_RATE = 44100  # what ALSA's default device offers, so the recorder takes it (tests/alsa/asound.conf)
TONE_SECONDS = 1.5

BODY = """## Arriving
You might let yourself arrive, just as you are.
Notice where the body meets the chair.

## Resting
You might rest here for a moment.
"""
FRONT = "title: Recording test"


def tone() -> np.ndarray:
    """The known sound the microphone hears: a steady 330 Hz tone, then the feeder's silence."""
    times = np.arange(int(TONE_SECONDS * CAPTURE_RATE)) / CAPTURE_RATE
    return (0.3 * 32767 * np.sin(2 * np.pi * 330 * times)).astype(np.int16)


def fed_microphone(sound: np.ndarray, folder: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[np.ndarray]:
    """The test microphone: a named pipe fed with `sound` (then silence) at a real microphone's pace,
    from the start each time a capture stream opens it."""
    source = folder / "voice.raw"
    source.write_bytes(sound.tobytes())
    fifo = folder / "microphone"
    os.mkfifo(fifo)
    feeder = subprocess.Popen([sys.executable, str(FEED), str(CAPTURE_RATE * 2), str(BLOCK_FRAMES * 2), str(source),
                               str(fifo)])
    monkeypatch.setenv("KINDAUDIO_TEST_AUDIO_IN", str(fifo))
    yield sound
    feeder.terminate()
    feeder.wait(timeout=30)


@pytest.fixture
def microphone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[np.ndarray]:
    """A microphone that hears the tone."""
    yield from fed_microphone(tone(), tmp_path, monkeypatch)


@pytest.fixture
def muted_microphone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[np.ndarray]:
    """A microphone that hears nothing at all (switched off, or muted)."""
    yield from fed_microphone(np.zeros(0, dtype=np.int16), tmp_path, monkeypatch)


@pytest.fixture
def practice_file(write_practice: Callable[..., Path]) -> Path:
    return write_practice(BODY, front=FRONT, name="recording-test.md")


def open_dialog(services: Services, path: Path, qtbot: QtBot) -> RecordVoiceDialog:
    dialog = RecordVoiceDialog(services, path)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=WAIT_MS), qtbot.waitSignal(dialog.devices_listed, timeout=WAIT_MS):
        dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=WAIT_MS)
    return dialog


def record_a_take(dialog: RecordVoiceDialog, qtbot: QtBot, seconds: float = 1.0) -> None:
    """R starts a take; once `seconds` have come in, R again stops and keeps it."""
    with qtbot.waitSignal(dialog.recording_started, timeout=WAIT_MS):
        QTest.keyClick(dialog.lines, Qt.Key.Key_R)
    recorder = dialog.recorder
    assert recorder is not None
    qtbot.waitUntil(lambda: recorder.elapsed() >= seconds, timeout=WAIT_MS)
    with qtbot.waitSignal(dialog.take_kept, timeout=WAIT_MS):
        QTest.keyClick(dialog.lines, Qt.Key.Key_R)


def test_the_sentences_are_listed_by_section_each_saying_in_words_it_is_not_recorded_yet(
        own_services: Services, practice_file: Path, qtbot: QtBot) -> None:
    dialog = open_dialog(own_services, practice_file, qtbot)
    rows = dialog.sentence_items()
    assert [row.text(0) for row in rows] == ["You might let yourself arrive, just as you are.",
                                             "Notice where the body meets the chair.",
                                             "You might rest here for a moment."]
    assert all(dialog.state_text(row) == NOT_RECORDED for row in rows)
    assert dialog.count.text() == count_text(0, 3) == "0 of 3 recorded"
    assert dialog.heading.text() == "Record your voice: Recording test"
    headings = [dialog.lines.topLevelItem(index) for index in range(dialog.lines.topLevelItemCount())]
    sections = [item.data(0, Qt.ItemDataRole.AccessibleTextRole) for item in headings if item not in rows]
    assert sections == ["Section: Arriving", "Section: Resting"]
    assert dialog.selected() is rows[0]
    assert dialog.device.currentText() == "default (the usual one)"
    assert not dialog.play_button.isEnabled() and not dialog.delete_button.isEnabled()
    for control in (dialog.device, dialog.meter, dialog.lines, dialog.record_button, dialog.stop_button,
                    dialog.play_button, dialog.hear_button, dialog.delete_button, dialog.close_button):
        assert control.accessibleName() and control.toolTip()


def test_recordings_already_there_show_as_recorded_with_their_length(
        own_services: Services, practice_file: Path, paths: AppPaths, qtbot: QtBot) -> None:
    from kindaudio.script.parser import load_practice

    second = load_practice(practice_file).sentences[1]
    folder = paths.recordings / "recording-test"
    folder.mkdir(parents=True)
    soundfile.write(folder / f"{second.id}.wav", tone(), CAPTURE_RATE)  # as a pack brings them
    dialog = open_dialog(own_services, practice_file, qtbot)
    rows = dialog.sentence_items()
    assert [dialog.state_text(row) for row in rows] == [NOT_RECORDED, "✓ Recorded (0:02)", NOT_RECORDED]
    assert dialog.count.text() == "1 of 3 recorded"
    dialog.lines.setCurrentItem(rows[1])
    assert dialog.play_button.isEnabled() and dialog.record_button.text() == "Record again"


def test_a_take_from_the_microphone_is_kept_as_the_sentences_recording_and_the_meter_moves(
        own_services: Services, practice_file: Path, microphone: np.ndarray, paths: AppPaths, qtbot: QtBot) -> None:
    dialog = open_dialog(own_services, practice_file, qtbot)
    first = dialog.sentence_items()[0]

    with qtbot.waitSignal(dialog.recording_started, timeout=WAIT_MS):
        QTest.keyClick(dialog.lines, Qt.Key.Key_R)
    assert dialog.state_text(first) == "● Recording…"
    qtbot.waitUntil(lambda: dialog.meter.value() > 20, timeout=WAIT_MS)  # the tone peaks at 30 %
    recorder = dialog.recorder
    assert recorder is not None
    qtbot.waitUntil(lambda: recorder.elapsed() >= TONE_SECONDS + 0.3, timeout=WAIT_MS)
    assert dialog.elapsed.text() in ("0:01", "0:02")
    with qtbot.waitSignal(dialog.take_kept, timeout=WAIT_MS) as kept:
        dialog.stop_button.click()

    sentence = dialog.sentence_items()[0].data(0, Qt.ItemDataRole.UserRole)
    assert kept.args == [sentence.id]
    assert dialog.state_text(first).startswith("✓ Recorded (0:0")
    assert dialog.count.text() == "1 of 3 recorded"
    assert dialog.meter.value() == 0
    assert dialog.changed
    saved = recording_path(paths, "recording-test", sentence.id)
    assert oct(saved.stat().st_mode & 0o777) == "0o600"
    samples, rate = soundfile.read(saved, dtype="int16")
    assert rate == CAPTURE_RATE
    # After any priming silence, the tone as it was fed, sample for sample.
    start = int(np.flatnonzero(samples)[0]) - int(np.flatnonzero(microphone)[0])
    assert np.array_equal(samples[start:start + len(microphone)], microphone)
    assert dialog.record_button.text() == "Record again"
    assert dialog.play_button.isEnabled() and dialog.delete_button.isEnabled()
    assert dialog.lines.hasFocus()

    QTest.keyClick(dialog.lines, Qt.Key.Key_Down)  # on to the next sentence
    assert dialog.selected() is dialog.sentence_items()[1]
    assert dialog.record_button.text() == "Record"


def test_play_sounds_the_recording_through_the_player(own_services: Services, practice_file: Path,
                                                      microphone: np.ndarray, sound_card: SoundCard,
                                                      qtbot: QtBot) -> None:
    dialog = open_dialog(own_services, practice_file, qtbot)
    record_a_take(dialog, qtbot, seconds=TONE_SECONDS + 0.2)

    def finished(status: PlayerStatus) -> bool:
        return status.state is PlayerState.FINISHED

    with qtbot.waitSignal(own_services.bridge.state_changed, check_params_cb=finished, timeout=WAIT_MS):
        QTest.keyClick(dialog.lines, Qt.Key.Key_Space)
        assert dialog.playing
        assert dialog.stop_button.isEnabled() and not dialog.record_button.isEnabled()
    qtbot.waitUntil(lambda: not dialog.playing, timeout=WAIT_MS)
    received = sound_card.received()
    heard = np.flatnonzero(np.abs(received) > 1000)
    assert len(heard) > 0
    # The tone, trimmed and levelled as a practice plays it: about as long as it was spoken.
    assert (heard[-1] - heard[0]) / MIX_RATE == pytest.approx(TONE_SECONDS, abs=0.35)
    assert dialog.record_button.isEnabled()


def test_delete_asks_first_then_the_recording_goes_and_the_row_says_so(
        own_services: Services, practice_file: Path, microphone: np.ndarray, paths: AppPaths, qtbot: QtBot) -> None:
    dialog = open_dialog(own_services, practice_file, qtbot)
    record_a_take(dialog, qtbot)
    row = dialog.sentence_items()[0]
    saved = recording_path(paths, "recording-test", row.data(0, Qt.ItemDataRole.UserRole).id)
    assert saved.exists()

    box = dialog.ask_to_delete()
    assert isinstance(box, QMessageBox)
    keep = next(button for button in box.buttons() if button.text() == "Keep it")
    keep.click()
    assert saved.exists() and dialog.is_recorded(row)

    dialog.delete_button.click()
    box = dialog.confirm_delete
    assert box is not None and box.isVisible()
    delete = next(button for button in box.buttons() if button.text() == "Delete")
    with qtbot.waitSignal(dialog.recording_deleted, timeout=WAIT_MS):
        delete.click()
    assert not saved.exists()
    assert dialog.state_text(row) == NOT_RECORDED
    assert dialog.count.text() == "0 of 3 recorded"
    assert not dialog.play_button.isEnabled()


def test_recording_again_replaces_the_take_and_keeps_one_file(
        own_services: Services, practice_file: Path, microphone: np.ndarray, paths: AppPaths, qtbot: QtBot) -> None:
    dialog = open_dialog(own_services, practice_file, qtbot)
    record_a_take(dialog, qtbot, seconds=0.5)
    row = dialog.sentence_items()[0]
    saved = recording_path(paths, "recording-test", row.data(0, Qt.ItemDataRole.UserRole).id)
    first = soundfile.info(saved).frames
    record_a_take(dialog, qtbot, seconds=TONE_SECONDS + 0.5)
    assert soundfile.info(saved).frames > first
    assert sorted(path.name for path in saved.parent.iterdir()) == [saved.name]  # no take left behind
    assert dialog.count.text() == "1 of 3 recorded"


def test_a_take_that_heard_nothing_is_not_kept_and_says_why(
        own_services: Services, practice_file: Path, muted_microphone: np.ndarray, paths: AppPaths,
        qtbot: QtBot) -> None:
    dialog = open_dialog(own_services, practice_file, qtbot)
    with qtbot.waitSignal(dialog.recording_started, timeout=WAIT_MS):
        dialog.record_button.click()
    recorder = dialog.recorder
    assert recorder is not None
    qtbot.waitUntil(lambda: recorder.elapsed() >= 0.3, timeout=WAIT_MS)
    with qtbot.waitSignal(dialog.take_failed, timeout=WAIT_MS) as failed:
        dialog.stop_button.click()
    assert "nothing was heard" in failed.args[0]
    assert dialog.status.text().startswith("The take was not kept. ")
    row = dialog.sentence_items()[0]
    assert dialog.state_text(row) == NOT_RECORDED
    assert dialog.count.text() == "0 of 3 recorded"
    dialog.serial.wait()
    left = [path for path in paths.recordings.rglob("*") if path.is_file()] if paths.recordings.exists() else []
    assert left == []  # neither a recording nor the refused take's temporary file
    assert dialog.record_button.isEnabled()


def test_closing_mid_take_drops_the_take(own_services: Services, practice_file: Path, microphone: np.ndarray,
                                         paths: AppPaths, qtbot: QtBot) -> None:
    dialog = open_dialog(own_services, practice_file, qtbot)
    with qtbot.waitSignal(dialog.recording_started, timeout=WAIT_MS):
        dialog.record_button.click()
    recorder = dialog.recorder
    assert recorder is not None
    qtbot.waitUntil(lambda: recorder.elapsed() >= 0.3, timeout=WAIT_MS)
    dialog.reject()
    dialog.serial.wait()
    assert not recorder.recording
    folder = paths.recordings / "recording-test"
    assert not folder.exists() or list(folder.iterdir()) == []
    assert not [path for path in paths.recordings.iterdir() if path.is_file()]  # no temporary take left
    assert not dialog.changed


def test_the_microphone_chosen_is_remembered_in_the_settings(own_services: Services, practice_file: Path,
                                                             qtbot: QtBot) -> None:
    assert own_services.settings.current.input_device is None
    dialog = open_dialog(own_services, practice_file, qtbot)
    assert own_services.settings.current.input_device is None  # listing the microphones chooses nothing
    with qtbot.waitSignal(own_services.settings.changed, timeout=WAIT_MS):
        dialog.device.activated.emit(dialog.device.currentIndex())  # the person picks it in the box
    assert own_services.settings.current.input_device == "default"
    assert load_settings(own_services.paths).input_device == "default"


def test_the_microphone_chosen_before_is_chosen_again(own_services: Services, practice_file: Path,
                                                      qtbot: QtBot) -> None:
    own_services.settings.update(input_device="default")
    dialog = open_dialog(own_services, practice_file, qtbot)
    assert dialog.device.currentText() == "default (the usual one)"
    assert dialog.status.text() == ""


def test_a_microphone_chosen_before_that_is_not_connected_now_is_named_and_the_usual_one_used(
        own_services: Services, practice_file: Path, qtbot: QtBot) -> None:
    own_services.settings.update(input_device="USB Microphone")
    dialog = open_dialog(own_services, practice_file, qtbot)
    assert dialog.device.currentText() == "default (the usual one)"
    assert dialog.status.text().startswith("The microphone you chose before (USB Microphone) is not connected now")
    assert dialog.record_button.isEnabled()
    assert own_services.settings.current.input_device == "USB Microphone"  # still wanted when it comes back


def test_the_preferred_microphone_is_the_one_named_before_else_the_usual_one() -> None:
    devices = [InputDevice(0, "Built-in Audio", True), InputDevice(3, "USB Microphone", False),
               InputDevice(5, "Headset", False)]
    assert preferred_device(devices, "USB Microphone") == 1
    assert preferred_device(devices, "Gone Away") == 0
    assert preferred_device(devices, None) == 0
    assert preferred_device([InputDevice(2, "Headset", False), InputDevice(4, "Built-in", True)], None) == 1


def microphones(dialog: RecordVoiceDialog) -> list[str]:
    return [dialog.device.itemText(index) for index in range(dialog.device.count())]


def test_a_microphone_plugged_in_while_the_window_is_open_is_found_by_look_again(
        own_services: Services, practice_file: Path, tmp_path: Path, qtbot: QtBot) -> None:
    own_services.settings.update(input_device="default")
    dialog = open_dialog(own_services, practice_file, qtbot)
    assert microphones(dialog) == ["default (the usual one)"]
    assert dialog.look_again_button.isEnabled()
    assert dialog.look_again_button.accessibleName() and dialog.look_again_button.toolTip()
    with plugged_in(tmp_path) as name:
        with qtbot.waitSignal(dialog.devices_listed, timeout=WAIT_MS):
            qtbot.mouseClick(dialog.look_again_button, Qt.MouseButton.LeftButton)
        assert sorted(microphones(dialog)) == sorted(["default (the usual one)", name])
        assert dialog.device.currentText() == "default (the usual one)"  # the one chosen stays chosen
        assert dialog.status.text() == f"Found {name}: you can choose it under Microphone."
        dialog.close()


def test_looking_again_with_nothing_new_says_so_and_how_to_try_once_more(
        own_services: Services, practice_file: Path, qtbot: QtBot) -> None:
    dialog = open_dialog(own_services, practice_file, qtbot)
    with qtbot.waitSignal(dialog.devices_listed, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.look_again_button, Qt.MouseButton.LeftButton)
    assert microphones(dialog) == ["default (the usual one)"]
    assert dialog.status.text().startswith("No other microphone was found.")


def test_a_microphone_chosen_before_comes_back_when_plugged_in_and_looked_for(
        own_services: Services, practice_file: Path, tmp_path: Path, qtbot: QtBot) -> None:
    with plugged_in(tmp_path) as name:
        own_services.settings.update(input_device=name)
        dialog = open_dialog(own_services, practice_file, qtbot)  # opening looks again too
        assert dialog.device.currentText() == name
        assert dialog.status.text() == ""  # nothing to say: it is there
        dialog.close()


def test_hear_it_read_plays_the_sentence_in_the_settings_voice_and_pace(
        own_services: Services, practice_file: Path, sound_card: SoundCard, qtbot: QtBot) -> None:
    own_services.settings.update(voice="gmw/en-gb-x-rp", rate=150)
    dialog = open_dialog(own_services, practice_file, qtbot)
    first = dialog.sentence_items()[0]
    assert dialog.hear_button.isEnabled() and not dialog.play_button.isEnabled()  # nothing recorded, yet heard
    with qtbot.waitSignal(own_services.bridge.finished, timeout=WAIT_MS) as finished:
        qtbot.mouseClick(dialog.hear_button, Qt.MouseButton.LeftButton)
        assert dialog.playing and dialog.status.text() == f"Reading “{first.text(0)}” aloud"
    assert finished.args[0].title == f"{READ_PREFIX}{first.text(0)}"
    qtbot.waitUntil(lambda: not dialog.playing, timeout=WAIT_MS)
    assert np.count_nonzero(sound_card.received()) > 1000
    clips = own_services.clips
    assert clips.stats.by_engine["espeak"] == 1 and clips.stats.recorded == 0
    assert dialog.status.text() == "" and dialog.hear_button.isEnabled()
    # What was heard is the very clip that voice at that pace makes: asked for again, it comes from the cache.
    assert dialog.practice is not None
    sentence = dialog.practice.sentences[0]
    settings = clips.settings_for(dialog.practice, "espeak:gmw/en-gb-x-rp", 150)
    cached = clips.stats.cached
    clips.prepare_sentence(dialog.practice, sentence, settings, use_recordings=False).result(timeout=60)
    assert (clips.stats.cached, clips.stats.by_engine["espeak"]) == (cached + 1, 1)
