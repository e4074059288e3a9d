"""Settings' voice panel with the natural voice: adding and removing voices from files, hearing it, warming it.

Real parts: copies of the installed natural voice's real files (loaded and
measured by a real Piper worker when added), the test's own data folder,
playback into the test sound card, and the app's own composition root.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from kindaudio.audio.playback.status import PlayerState
from kindaudio.audio.tts.piper_voices import JOE, _pinned_files
from kindaudio.common.paths import AppPaths
from kindaudio.common.settings import load_settings
from kindaudio.ui.app import RunningApp, build_app
from kindaudio.ui.pages.settings.voice_panel import CHECKING, SAMPLE_TITLE
from kindaudio.ui.services import Services
from tests.support.ui import WAIT_MS, SoundCard, settings_page

COPY = "en_US-testcopy-medium"


def answer(box: QMessageBox, text: str) -> None:
    next(button for button in box.buttons() if button.text() == text).click()


@pytest.fixture
def voice_copy(tmp_path: Path) -> Path:
    """The natural voice's two files under another name, as a person's download would be."""
    files = _pinned_files(JOE)
    assert files is not None, "the natural voice is installed in the test environment"
    folder = tmp_path / "downloads"
    folder.mkdir()
    shutil.copyfile(files[0], folder / f"{COPY}.onnx")
    shutil.copyfile(files[1], folder / f"{COPY}.onnx.json")
    return folder / f"{COPY}.onnx"


def test_a_voice_added_from_its_files_is_listed_and_removing_it_asks_first(
        own_services: Services, paths: AppPaths, voice_copy: Path, qtbot: QtBot) -> None:
    page = settings_page(own_services, qtbot)
    panel = page.voice_panel
    assert panel.remove_button.isHidden()  # nothing the person added to remove
    with qtbot.waitSignal(panel.voice_added, timeout=WAIT_MS) as added:
        panel.add_voice(voice_copy)
        assert panel.voice_status.text() == CHECKING and not panel.add_button.isEnabled()
    voice = added.args[0]
    assert voice.id == f"piper:{COPY}"
    index = page.voice_combo.findData(voice.id)
    assert index > 0 and "(natural)" in page.voice_combo.itemText(index) and COPY in page.voice_combo.itemText(index)
    assert panel.voice_status.text() == f"Added Joe ({COPY}). Choose it above to use it."
    assert panel.add_button.isEnabled() and panel.voice_error.isHidden()
    assert page.voice_combo.currentData() is None and load_settings(paths).voice is None  # listed, not chosen
    assert voice_copy.is_file() and (paths.voices / COPY).is_dir()

    page.voice_combo.setCurrentIndex(index)
    assert load_settings(paths).voice == voice.id
    assert panel.remove_button.isEnabled() and not panel.remove_button.isHidden()
    page.voice_combo.setCurrentIndex(page.voice_combo.findData("piper:en_US-joe-medium"))
    assert not panel.remove_button.isEnabled()  # the voice that came with KindAudio stays
    page.voice_combo.setCurrentIndex(index)

    box = panel.ask_to_remove()
    assert box is not None and box.isVisible() and "Remove the voice" in box.text()
    answer(box, "Keep it")
    assert (paths.voices / COPY).is_dir() and page.voice_combo.findData(voice.id) > 0

    box = panel.ask_to_remove()
    assert box is not None
    with qtbot.waitSignal(panel.voice_removed, timeout=WAIT_MS) as removed:
        answer(box, "Remove")
    assert removed.args == [voice.id]
    assert not (paths.voices / COPY).exists() and voice_copy.is_file()  # the download itself stays
    assert page.voice_combo.findData(voice.id) < 0
    assert page.voice_combo.currentData() is None and load_settings(paths).voice is None  # the default speaks
    assert panel.voice_status.text().startswith("Removed Joe") and panel.remove_button.isHidden()


def test_a_voice_without_its_config_is_refused_with_a_clear_error(own_services: Services, paths: AppPaths,
                                                                   voice_copy: Path, qtbot: QtBot) -> None:
    lonely = voice_copy.with_name("en_US-lonely-medium.onnx")
    voice_copy.rename(lonely)  # its .onnx.json keeps the other name
    page = settings_page(own_services, qtbot)
    panel = page.voice_panel
    with qtbot.waitSignal(panel.voice_not_added, timeout=WAIT_MS):
        panel.add_voice(lonely)
    assert not panel.voice_error.isHidden()
    text = panel.voice_error.text()
    assert text.startswith("The voice was not added.") and "en_US-lonely-medium.onnx.json: not found" in text
    assert panel.voice_status.isHidden() and panel.add_button.isEnabled()
    assert not (paths.voices / "en_US-lonely-medium").exists()


def test_hear_a_sample_with_the_natural_voice_plays_into_the_sound_card(services: Services, sound_card: SoundCard,
                                                                        qtbot: QtBot) -> None:
    page = settings_page(services, qtbot)
    page.voice_combo.setCurrentIndex(page.voice_combo.findData("piper:en_US-joe-medium"))
    page.rate_spin.setValue(170)  # a pace no other test hears this sentence at: spoken now, not from the cache
    assert (services.settings.current.voice, services.settings.current.rate) == ("piper:en_US-joe-medium", 170)
    spoken_before = services.clips.stats.by_engine["piper"]
    with qtbot.waitSignal(services.bridge.finished, timeout=WAIT_MS) as finished:
        page.sample_button.click()
    assert finished.args[0].title == SAMPLE_TITLE
    qtbot.waitUntil(lambda: services.player.status().state is PlayerState.FINISHED, timeout=WAIT_MS)
    assert services.clips.stats.by_engine["piper"] == spoken_before + 1  # by the natural voice
    played = sound_card.received()
    assert np.count_nonzero(played) > 1000
    assert page.voice_error.isHidden()


def test_warm_speech_starts_the_natural_voice_worker(own_services: Services, monkeypatch: pytest.MonkeyPatch,
                                                     qtbot: QtBot) -> None:
    monkeypatch.delenv("KINDAUDIO_VOICE")
    assert "piper" not in own_services.clips.started_pools()
    done: list[bool] = []
    own_services.tasks.run(own_services.warm_speech, connect=lambda task: task.done.connect(lambda: done.append(True)))
    qtbot.waitUntil(lambda: bool(done), timeout=WAIT_MS)
    pools = own_services.clips.started_pools()
    assert "piper" in pools and pools["piper"].stats.workers_started >= 1


@pytest.fixture
def running(paths: AppPaths, qtbot: QtBot) -> Iterator[RunningApp]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    style, palette, font = app.styleSheet(), app.palette(), app.font()
    built = build_app()
    qtbot.addWidget(built.window)
    yield built
    built.window.close()
    built.close()
    app.setStyleSheet(style)
    app.setPalette(palette)
    app.setFont(font)


def test_the_window_warms_the_voice_after_the_library_and_again_when_the_voice_changes(
        running: RunningApp, qtbot: QtBot) -> None:
    services = running.services
    at_library: list[set[str]] = []
    running.window.library.loaded.connect(lambda: at_library.append(set(services.clips.started_pools())))
    qtbot.waitUntil(lambda: bool(at_library), timeout=WAIT_MS)
    assert at_library[0] == set()  # nothing of speech started before the Library had its cards

    def started(engine: str) -> bool:
        pool = services.clips.started_pools().get(engine)
        return pool is not None and pool.stats.workers_started >= 1

    qtbot.waitUntil(lambda: started("espeak"), timeout=WAIT_MS)  # KINDAUDIO_VOICE, the default in tests
    assert "piper" not in services.clips.started_pools()
    # The warmer comes a moment after the Library (the welcome's voice list may start eSpeak before it).
    qtbot.waitUntil(lambda: running.speech_warmer is not None, timeout=WAIT_MS)
    assert running.speech_warmer is not None
    qtbot.waitUntil(lambda: not running.speech_warmer.running, timeout=WAIT_MS)
    # As Settings does when the person arrows through the list: only the last voice chosen needs warming.
    services.settings.update(voice="espeak:gmw/en-gb-x-rp")
    services.settings.update(voice="piper:en_US-joe-medium")
    assert running.speech_warmer.running and running.speech_warmer.again
    qtbot.waitUntil(lambda: started("piper"), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not running.speech_warmer.running, timeout=WAIT_MS)
