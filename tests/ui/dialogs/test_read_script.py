"""Read script: the whole text with sections and approximate start times; any line heard on its own.

The lines are spoken by the real engine and played through the real player
into the test sound card.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kindaudio.audio.choices import PlayChoices
from kindaudio.audio.format import MIX_RATE
from kindaudio.audio.playback.programmes import estimated_timeline
from kindaudio.audio.playback.status import PlayerState
from kindaudio.script.durations import format_clock
from kindaudio.script.model import Practice
from kindaudio.script.parser import load_practice
from kindaudio.ui.dialogs.read_script import ReadScriptDialog
from kindaudio.ui.services import Services
from kindaudio.ui.widgets.script_view import SPEAKING_MARK
from tests.support.ui import SHORT_BODY, SHORT_FRONT, WAIT_MS, SoundCard, shown_practice_page


@pytest.fixture
def practice(write_practice: Callable[..., Path]) -> Practice:
    return load_practice(write_practice(SHORT_BODY, front=SHORT_FRONT, name="short-test.md"))


@pytest.fixture
def dialog(services: Services, practice: Practice, qtbot: QtBot) -> ReadScriptDialog:
    window = ReadScriptDialog(services, practice, PlayChoices(minutes=2))
    qtbot.addWidget(window)
    return window


def test_it_lists_every_line_in_order_under_its_section_with_start_times(dialog: ReadScriptDialog,
                                                                         practice: Practice) -> None:
    rows = dialog.rows()
    timeline = estimated_timeline(practice, 2)

    texts = [row.split(" ", 1)[1] for row in rows]
    assert [text for text in texts if text.startswith("# ")] == ["# Arriving", "# Resting"]
    assert [text for text in texts if not text.startswith(("# ", "("))] == [s.text for s in practice.sentences]
    assert texts.index("# Resting") == texts.index(practice.sentences[2].text) - 1
    assert texts[1] == "(bell)" and texts[-1] == "(bell, 2 strikes)"
    pauses = [text for text in texts if text.startswith("(pause ")]
    assert len(pauses) == 1
    starts = [f"{format_clock(clip.start_seconds)} {clip.sentence.text}" for clip in timeline.speech
              if clip.sentence is not None]
    assert [row for row in rows if row.split(" ", 1)[1] in {s.text for s in practice.sentences}] == starts
    assert dialog.lines.headerItem().text(0) == "Starts about"
    assert "(2 minutes)" in dialog.about.text() and "approximate" in dialog.about.text()


def test_clicking_a_line_speaks_it_alone_and_marks_it(dialog: ReadScriptDialog, services: Services,
                                                      practice: Practice, qtbot: QtBot,
                                                      sound_card: SoundCard) -> None:
    dialog.show()
    qtbot.waitExposed(dialog)
    item = dialog.sentence_items()[0]
    sentence = practice.sentences[0]
    seen: list[str] = []
    services.bridge.state_changed.connect(lambda _status: seen.append(item.text(1)))

    with qtbot.waitSignal(services.bridge.finished, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.lines.viewport(), Qt.MouseButton.LeftButton,
                         pos=dialog.lines.visualItemRect(item).center())

    assert SPEAKING_MARK + sentence.text in seen  # marked while it was spoken
    qtbot.waitUntil(lambda: dialog.speaking is None, timeout=WAIT_MS)
    assert item.text(1) == sentence.text
    assert services.player.status().state is PlayerState.FINISHED
    settings = services.clips.settings_for(practice)
    expected = services.clips.prepare_sentence(practice, sentence, settings).result().n_samples
    qtbot.waitUntil(lambda: len(sound_card.received()) >= expected, timeout=WAIT_MS)
    received = sound_card.received()
    assert np.abs(received).max() > 1000  # speech, not silence
    assert expected <= len(received) < expected + MIX_RATE // 2


def test_enter_on_a_line_speaks_it(dialog: ReadScriptDialog, services: Services, practice: Practice,
                                   qtbot: QtBot, sound_card: SoundCard) -> None:
    dialog.show()
    qtbot.waitExposed(dialog)
    item = dialog.sentence_items()[1]
    dialog.lines.setCurrentItem(item)
    dialog.lines.setFocus()

    with qtbot.waitSignal(services.bridge.finished, timeout=WAIT_MS) as finished:
        qtbot.keyClick(dialog.lines, Qt.Key.Key_Return)

    assert finished.args[0].title.endswith(practice.sentences[1].text)
    assert np.abs(sound_card.received()).max() > 1000


def test_pauses_and_bells_are_shown_but_never_played(dialog: ReadScriptDialog, services: Services) -> None:
    quiet = [dialog.lines.topLevelItem(index) for index in range(dialog.lines.topLevelItemCount())]
    marks = [item for item in quiet if item is not None and item.text(1).startswith("(")]
    assert len(marks) == 3
    line = dialog.sentence_items()[0]
    for item in marks:
        assert not item.flags() & Qt.ItemFlag.ItemIsSelectable
        # Set apart from the lines by slant and a quieter colour, not colour alone.
        assert item.font(1).italic() and not line.font(1).italic()
        assert item.foreground(1).color() != line.foreground(1).color()
        dialog.speak(item)
    assert services.player.status().state is PlayerState.IDLE
    assert dialog.speaking is None


def test_closing_stops_a_line_being_spoken(dialog: ReadScriptDialog, services: Services, qtbot: QtBot,
                                           sound_card: SoundCard) -> None:
    dialog.show()
    qtbot.waitExposed(dialog)
    with qtbot.waitSignal(services.bridge.state_changed, timeout=WAIT_MS,
                          check_params_cb=lambda status: status.state is PlayerState.PLAYING):
        dialog.speak(dialog.sentence_items()[3])
    services.player.pause()  # held mid-line, so closing finds it still going
    qtbot.waitUntil(lambda: services.player.status().state is PlayerState.PAUSED, timeout=WAIT_MS)

    with qtbot.waitSignal(services.bridge.state_changed, timeout=WAIT_MS,
                          check_params_cb=lambda status: status.state is PlayerState.IDLE):
        dialog.close()  # returns at once; the fade and the device's release follow on the player's thread

    assert services.player.done()


def test_the_practice_page_opens_the_script_at_its_chosen_length(services: Services, qtbot: QtBot,
                                                                 write_practice: Callable[..., Path]) -> None:
    page = shown_practice_page(services, qtbot, write_practice(SHORT_BODY, front=SHORT_FRONT, name="short-test.md"))
    page.length.combo.setCurrentIndex(1)

    dialog = page.open_read_script()

    assert dialog is not None and dialog.isVisible()
    assert dialog.timeline.seconds == pytest.approx(120, abs=0.5)
    assert "(2 minutes)" in dialog.about.text()
    dialog.close()


@pytest.mark.parametrize("name", ["compassionate-body-scan", "compassionate-breathing", "affectionate-breathing"])
def test_a_shipped_practice_says_where_it_comes_from_and_that_its_words_are_ours(
        services: Services, qtbot: QtBot, name: str) -> None:
    from kindaudio.script.library import shipped_practices_dir

    practice = load_practice(shipped_practices_dir() / f"{name}.md")
    window = ReadScriptDialog(services, practice, PlayChoices())
    qtbot.addWidget(window)
    window.show()
    assert window.notes.isVisible()
    text = window.notes.text()
    assert "Mindful Self-Compassion" in text and "Neff" in text and "Germer" in text
    assert "KindAudio's own" in text


def test_a_practice_without_notes_shows_no_empty_notes(dialog: ReadScriptDialog) -> None:
    dialog.show()
    assert dialog.practice.notes == "" and not dialog.notes.isVisible()
