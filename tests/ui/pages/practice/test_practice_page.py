"""The Practice page: a practice's lengths, voice, pace, background and bells, and Start.

Real parts throughout: practice files on disk, the real speech engine's voices,
and programmes built as the player would build them.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest
import soundfile
from pytestqt.qtbot import QtBot

from kindaudio.audio import RECORDED_VOICE
from kindaudio.audio.format import MIX_RATE
from kindaudio.audio.playback.live import LiveProgramme
from kindaudio.audio.tts.voices import shown_basic
from kindaudio.script.model import Practice
from kindaudio.ui.pages.practice.page import RECORDED, PracticePage
from kindaudio.ui.play_request import PlayRequest
from kindaudio.ui.services import Services
from kindaudio.ui.widgets.voice_list import HEADING
from tests.support.ui import SHORT_BODY, SHORT_FRONT, WAIT_MS


@pytest.fixture
def short_practice(write_practice: Callable[..., Path]) -> Path:
    return write_practice(SHORT_BODY, front=SHORT_FRONT, name="short-test.md")


@pytest.fixture
def page(services: Services, qtbot: QtBot) -> PracticePage:
    widget = PracticePage(services)
    qtbot.addWidget(widget)
    widget.resize(1280, 720)
    return widget


def show(page: PracticePage, qtbot: QtBot, path: Path) -> Practice:
    with qtbot.waitSignal(page.practice_loaded, timeout=WAIT_MS) as loaded:
        page.show_practice(path)
    practice = loaded.args[0]
    assert isinstance(practice, Practice)
    return practice


def offered(page: PracticePage) -> list[str]:
    return [page.length.combo.itemText(index) for index in range(page.length.combo.count())]


def test_a_practice_offers_its_lengths_custom_and_its_range_in_words(page: PracticePage, qtbot: QtBot,
                                                                      short_practice: Path) -> None:
    practice = show(page, qtbot, short_practice)

    assert page.title.text() == "Short test"
    assert page.summary.text() == "A small practice for the window's tests."
    assert offered(page) == ["1 minute", "2 minutes", "Custom…"]
    assert page.length.minutes() == 1.0  # the first offered length
    assert page.length.reach_label.text() == "This practice can last from 1 to 2 minutes."
    assert page.rate.value() == practice.pace.rate == 160
    assert page.start_button.isEnabled()


def test_lengths_it_cannot_reach_at_a_slower_rate_are_not_offered(page: PracticePage, qtbot: QtBot,
                                                                   short_practice: Path) -> None:
    show(page, qtbot, short_practice)

    page.rate.setValue(80)

    assert offered(page) == ["2 minutes", "Custom…"]
    assert page.length.minutes() == 2.0
    assert page.length.reach_label.text() == "This practice can last about 2 minutes."


def test_a_custom_length_is_held_to_the_reachable_range(page: PracticePage, qtbot: QtBot) -> None:
    shipped = Path(__file__).resolve().parents[4] / "kindaudio" / "data" / "practices" / "compassionate-breathing.md"
    show(page, qtbot, shipped)

    assert offered(page) == ["8 minutes", "15 minutes", "20 minutes", "30 minutes", "Custom…"]
    text = page.length.reach_label.text()
    low, high = (int(n) for n in re.fullmatch(r"This practice can last from (\d+) to (\d+) minutes\.", text).groups())
    page.length.choose_custom(12)
    assert page.length.custom.isVisible() or not page.isVisible()
    assert page.length.minutes() == 12.0
    assert (page.length.custom.minimum(), page.length.custom.maximum()) == (low, high)
    page.length.custom.setValue(high + 50)
    assert page.length.minutes() == float(high)


def test_a_broken_file_says_where_and_the_page_goes_on_working(page: PracticePage, qtbot: QtBot,
                                                               short_practice: Path,
                                                               write_practice: Callable[..., Path]) -> None:
    show(page, qtbot, short_practice)
    broken = write_practice("## Arriving\nHello there.\n[pause soon]\n", name="broken.md")

    with qtbot.waitSignal(page.load_failed, timeout=WAIT_MS) as failed:
        page.show_practice(broken)

    message = failed.args[0]
    assert re.search(rf"{re.escape(str(broken))}:6:8: malformed duration", message), message
    assert page.title.text() == "Short test"  # still the last good practice
    assert page.practice is not None and page.practice.title == "Short test"

    other = write_practice(SHORT_BODY, front=SHORT_FRONT.replace("Short test", "Second test"), name="second.md")
    show(page, qtbot, other)
    assert page.title.text() == "Second test"


def test_start_asks_to_play_the_practice_at_the_chosen_length(page: PracticePage, qtbot: QtBot,
                                                              short_practice: Path) -> None:
    practice = show(page, qtbot, short_practice)
    page.length.combo.setCurrentIndex(1)  # 2 minutes
    page.bells.setChecked(False)

    with qtbot.waitSignal(page.start_requested, timeout=WAIT_MS) as started:
        page.start_button.click()

    request = started.args[0]
    assert isinstance(request, PlayRequest)
    assert (request.title, request.minutes, request.practice_id) == ("Short test", 2.0, practice.id)
    programme = request.build()
    assert isinstance(programme, LiveProgramme)
    assert programme.timeline.seconds == pytest.approx(120, abs=0.5)


def test_voices_come_from_the_installed_engine(page: PracticePage, qtbot: QtBot, services: Services,
                                               short_practice: Path) -> None:
    show(page, qtbot, short_practice)
    qtbot.waitUntil(lambda: page.voices is not None, timeout=WAIT_MS)

    voices = services.clips.voices()
    offered_ids = {page.voice.itemData(index) for index in range(page.voice.count())} - {HEADING}
    assert offered_ids == {v.id for v in voices.neural} | {v.id for v in shown_basic(voices.voices)}
    assert page.voice.currentData() == "espeak:gmw/en-us"  # KINDAUDIO_VOICE, as tests/conftest.py sets it
    assert page.choices().use_recordings is False


def test_the_settings_voice_is_chosen_first(page: PracticePage, qtbot: QtBot, services: Services,
                                            short_practice: Path) -> None:
    services.settings.update(voice="gmw/en-gb-x-rp", rate=120, ambience=True, bells=False)
    show(page, qtbot, short_practice)
    qtbot.waitUntil(lambda: page.voices is not None, timeout=WAIT_MS)

    chosen = page.choices()
    assert (chosen.voice, chosen.rate, chosen.ambience, chosen.bells) == ("espeak:gmw/en-gb-x-rp", 120, True, False)


def test_one_test_take_offers_the_recorded_voice_with_its_count_but_does_not_take_over(
        page: PracticePage, qtbot: QtBot, services: Services, write_practice: Callable[..., Path]) -> None:
    path = write_practice(SHORT_BODY, front=SHORT_FRONT + "\nid: recorded-page-test", name="recorded.md")
    folder = record_sentences(services, path, "recorded-page-test", 1)  # one test take
    try:
        practice = show(page, qtbot, path)
        qtbot.waitUntil(lambda: page.voices is not None, timeout=WAIT_MS)
    finally:
        shutil.rmtree(folder)

    total = len(practice.unique_sentences())
    assert total > 1
    assert page.voice.itemText(0) == f"Recorded voice (1 of {total} recorded)"
    assert page.voice.currentData() == "espeak:gmw/en-us"  # the usual voice, not the recorded one
    assert page.choices().use_recordings is False
    assert f"1 of {total} sentences are recorded" in page.voice_note.text()
    page.voice.setCurrentIndex(page.voice.findData(RECORDED))  # the person chooses it: it is theirs
    assert page.choices().use_recordings is True
    with qtbot.waitSignal(page.start_requested, timeout=WAIT_MS) as started:
        page.start_button.click()
    assert started.args[0].voice == RECORDED_VOICE  # the journal names the recorded voice


def test_a_fully_recorded_practice_starts_on_the_recorded_voice(page: PracticePage, qtbot: QtBot,
                                                                all_recorded: Path) -> None:
    show(page, qtbot, all_recorded)
    qtbot.waitUntil(lambda: page.voices is not None, timeout=WAIT_MS)

    assert page.voice.itemText(0) == "Recorded voice"
    assert page.voice.currentData() == RECORDED
    assert page.choices().use_recordings is True
    with qtbot.waitSignal(page.start_requested, timeout=WAIT_MS) as started:
        page.start_button.click()
    assert started.args[0].voice == RECORDED_VOICE
    page.voice.setCurrentIndex(page.voice.findData("espeak:gmw/en-us"))
    assert page.choices().use_recordings is False
    with qtbot.waitSignal(page.start_requested, timeout=WAIT_MS) as started:
        page.start_button.click()
    assert started.args[0].voice == "espeak:gmw/en-us"


def test_every_control_has_an_accessible_name_and_a_tooltip(page: PracticePage, qtbot: QtBot,
                                                            short_practice: Path) -> None:
    show(page, qtbot, short_practice)
    controls = [page.back_button, page.length.combo, page.length.custom, page.voice, page.rate, page.background,
                page.bells, page.start_button, page.read_button, page.export_button]
    assert all(control.accessibleName() and control.toolTip() for control in controls)


def test_back_asks_to_go_back(page: PracticePage, qtbot: QtBot) -> None:
    with qtbot.waitSignal(page.back_requested, timeout=WAIT_MS):
        page.back_button.click()


# -- the recorded voice alone ------------------------------------------------------------------------

def record_sentences(services: Services, path: Path, practice_id: str, count: int | None = None) -> Path:
    """Recordings (a steady tone) of the first `count` distinct sentences, where the player looks for them."""
    from kindaudio.script.parser import load_practice

    folder = services.clips.paths.recordings / practice_id
    folder.mkdir(parents=True)
    tone = 0.2 * np.sin(np.linspace(0, 2 * np.pi * 220, MIX_RATE)).astype(np.float32)
    for sentence in load_practice(path).unique_sentences()[:count]:
        soundfile.write(folder / f"{sentence.id}.wav", tone, MIX_RATE)
    return folder


@pytest.fixture
def partly_recorded(services: Services, write_practice: Callable[..., Path]) -> Iterator[Path]:
    path = write_practice(SHORT_BODY, front=SHORT_FRONT + "\nid: partly-recorded-test", name="partly.md")
    folder = record_sentences(services, path, "partly-recorded-test", 2)
    yield path
    shutil.rmtree(folder)


@pytest.fixture
def all_recorded(services: Services, write_practice: Callable[..., Path]) -> Iterator[Path]:
    path = write_practice(SHORT_BODY, front=SHORT_FRONT + "\nid: all-recorded-test", name="all.md")
    folder = record_sentences(services, path, "all-recorded-test")
    yield path
    shutil.rmtree(folder)


def test_only_my_recorded_voice_is_offered_only_when_recordings_exist(page: PracticePage, qtbot: QtBot,
                                                                      short_practice: Path,
                                                                      partly_recorded: Path) -> None:
    show(page, qtbot, short_practice)
    assert page.recorded_only.isHidden()
    show(page, qtbot, partly_recorded)
    qtbot.waitUntil(lambda: page.voices is not None, timeout=WAIT_MS)
    assert not page.recorded_only.isHidden() and not page.recorded_only.isEnabled()  # a partial one is not chosen
    page.voice.setCurrentIndex(page.voice.findData(RECORDED))
    assert page.recorded_only.isEnabled()
    assert page.recorded_only.accessibleName() and page.recorded_only.toolTip()
    page.voice.setCurrentIndex(page.voice.findData("espeak:gmw/en-us"))  # a computer voice: nothing to do
    assert not page.recorded_only.isEnabled()
    assert page.choices().recorded_only is False


def test_after_a_recorded_practice_the_next_one_speaks_in_the_usual_voice(page: PracticePage, qtbot: QtBot,
                                                                        short_practice: Path,
                                                                        all_recorded: Path) -> None:
    show(page, qtbot, all_recorded)
    qtbot.waitUntil(lambda: page.voices is not None, timeout=WAIT_MS)
    assert page.voice.currentData() == RECORDED
    show(page, qtbot, short_practice)
    assert page.voice.currentData() == "espeak:gmw/en-us"  # the default (KINDAUDIO_VOICE in tests)
    assert page.voice.findData(RECORDED) < 0


@pytest.mark.therapist_view  # recording is the therapist view's
def test_with_sentences_unrecorded_the_recorded_voice_alone_is_refused_in_words_with_a_way_to_record_them(
        page: PracticePage, qtbot: QtBot, partly_recorded: Path) -> None:
    practice = show(page, qtbot, partly_recorded)
    unrecorded = len(practice.unique_sentences()) - 2
    assert unrecorded > 1
    page.voice.setCurrentIndex(page.voice.findData(RECORDED))
    page.recorded_only.setChecked(True)
    assert page.unrecorded_label.text() == (f"{unrecorded} sentences aren't recorded yet, so the practice can't "
                                            "play in your recorded voice alone.")
    assert not page.unrecorded_box.isHidden()
    assert not page.start_button.isEnabled()
    with qtbot.assertNotEmitted(page.start_requested):
        page.start()
    with qtbot.waitSignal(page.record_requested, timeout=WAIT_MS) as asked:
        page.record_them_button.click()
    assert asked.args == [partly_recorded]

    page.recorded_only.setChecked(False)
    assert page.unrecorded_box.isHidden() and page.start_button.isEnabled()


def test_in_the_client_view_the_refusal_is_said_but_recording_is_not_offered_until_the_therapist_view(
        page: PracticePage, services: Services, qtbot: QtBot, partly_recorded: Path) -> None:
    show(page, qtbot, partly_recorded)
    page.voice.setCurrentIndex(page.voice.findData(RECORDED))
    page.recorded_only.setChecked(True)
    assert not page.unrecorded_box.isHidden() and page.unrecorded_label.text()
    assert page.record_them_button.isHidden() and not page.start_button.isEnabled()
    services.settings.update(view="therapist")
    assert not page.record_them_button.isHidden() and page.record_them_button.isEnabled()


def test_a_fully_recorded_practice_plays_in_the_recorded_voice_alone(page: PracticePage, qtbot: QtBot,
                                                                     all_recorded: Path) -> None:
    show(page, qtbot, all_recorded)
    page.recorded_only.setChecked(True)
    assert page.unrecorded_box.isHidden() and page.start_button.isEnabled()
    assert page.choices().recorded_only is True
    with qtbot.waitSignal(page.start_requested, timeout=WAIT_MS) as started:
        page.start_button.click()
    request = started.args[0]
    assert request.build.args[-1].recorded_only is True  # the choices the programme is built with
    programme = request.build()
    assert isinstance(programme, LiveProgramme)
    assert programme.timeline.seconds == pytest.approx(60, abs=0.5)
