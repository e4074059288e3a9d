"""The check-in page: quick to fill, as quick to skip, saved to a real journal file.

Real parts: the journal is a real SQLite file in the test's home, written on
the services' journal thread; the widgets are real and driven with the mouse
and keyboard.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from kindaudio.journal.records import FEELINGS, VALENCE_LABELS, Moment, Mood
from kindaudio.journal.store import Journal
from kindaudio.ui.pages import grounding
from kindaudio.ui.pages.checkin_page import CheckInPage
from kindaudio.ui.services import Services
from kindaudio.ui.widgets.mood_picker import TICK
from tests.support.ui import WAIT_MS


@pytest.fixture
def journal(services: Services) -> Iterator[Journal]:
    opened = services.journal
    yield opened
    services.close_journal()


@pytest.fixture
def page(services: Services, journal: Journal, qtbot: QtBot) -> CheckInPage:
    shown = CheckInPage(services)
    qtbot.addWidget(shown)
    shown.resize(1280, 720)
    shown.show()
    return shown


def click(qtbot: QtBot, button: QAbstractButton) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_save_keeps_every_part_of_the_check_in(page: CheckInPage, journal: Journal, qtbot: QtBot) -> None:
    page.begin(Moment.STANDALONE)
    click(qtbot, page.valence.buttons[2])
    click(qtbot, page.feelings.chips["calm"])
    click(qtbot, page.feelings.chips["tired"])
    qtbot.keyClicks(page.feelings.own, "  at ease ")
    qtbot.keyClick(page.feelings.own, Qt.Key.Key_Return)
    click(qtbot, page.difficult)
    page.note.setPlainText("The rain helped.")
    click(qtbot, page.share)

    with qtbot.waitSignal(page.saved, timeout=WAIT_MS) as saved:
        click(qtbot, page.save_button)

    check_in = journal.check_in(saved.args[0])
    assert check_in.moment is Moment.STANDALONE and check_in.session_id is None
    assert check_in.mood == Mood(valence=2, feelings=("calm", "tired", "at ease"), difficult=True,
                                 note="The rain helped.", share_note=True)


def test_skip_leaves_at_once_and_writes_nothing(page: CheckInPage, journal: Journal, qtbot: QtBot) -> None:
    click(qtbot, page.valence.buttons[-1])
    page.note.setPlainText("not this time")
    assert page.skip_button.isEnabled()
    with qtbot.waitSignal(page.skipped, timeout=WAIT_MS):
        click(qtbot, page.skip_button)
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
    page.services.journal_writes.wait()
    assert journal.check_ins() == []


def test_save_needs_only_how_it_feels_overall_and_says_so(page: CheckInPage, journal: Journal,
                                                          qtbot: QtBot) -> None:
    assert not page.save_button.isEnabled()
    assert page.hint.isVisible() and "Skip" in page.hint.text()
    click(qtbot, page.valence.buttons[0])
    assert page.save_button.isEnabled() and page.hint.isHidden()
    with qtbot.waitSignal(page.saved, timeout=WAIT_MS) as saved:
        click(qtbot, page.save_button)
    assert journal.check_in(saved.args[0]).mood == Mood(valence=0)


def test_a_second_press_clears_the_overall_feeling(page: CheckInPage, qtbot: QtBot) -> None:
    click(qtbot, page.valence.buttons[-2])
    click(qtbot, page.valence.buttons[1])
    assert page.valence.value() == 1 and not page.valence.buttons[-2].isChecked()
    click(qtbot, page.valence.buttons[1])
    assert page.valence.value() is None and not page.save_button.isEnabled()


def test_the_seven_steps_say_their_words_and_show_a_tick_not_only_a_colour(page: CheckInPage,
                                                                           qtbot: QtBot) -> None:
    assert [page.valence.buttons[v].accessibleName() for v in range(-3, 4)] == [VALENCE_LABELS[v]
                                                                                for v in range(-3, 4)]
    step = page.valence.buttons[-1]
    assert not step.text().startswith(TICK)
    click(qtbot, step)
    assert step.text().startswith(TICK) and step.accessibleDescription() == "chosen"
    assert step.text().replace(TICK, "").replace("\n", " ") == "Slightly unpleasant"


def test_the_keyboard_moves_along_the_scale_and_space_chooses(page: CheckInPage, qtbot: QtBot) -> None:
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow, timeout=WAIT_MS)
    page.valence.buttons[0].setFocus()
    qtbot.keyClick(page.valence.buttons[0], Qt.Key.Key_Right)
    qtbot.keyClick(page.valence.buttons[1], Qt.Key.Key_Right)
    assert page.valence.buttons[2].hasFocus()
    qtbot.keyClick(page.valence.buttons[2], Qt.Key.Key_Space)
    assert page.valence.value() == 2
    qtbot.keyClick(page.valence.buttons[2], Qt.Key.Key_Left)
    assert page.valence.buttons[1].hasFocus() and page.valence.value() == 2


def test_every_offered_feeling_is_a_chip_and_your_own_word_joins_them(page: CheckInPage, qtbot: QtBot) -> None:
    assert [chip.plain_text for chip in page.feelings.chips.values()] == list(FEELINGS)
    qtbot.keyClicks(page.feelings.own, "Calm")  # the same word, another spelling: the chip there is chosen
    click(qtbot, page.feelings.add_button)
    assert page.feelings.feelings() == ("calm",)
    qtbot.keyClicks(page.feelings.own, "soft")
    click(qtbot, page.feelings.add_button)
    assert page.feelings.feelings() == ("calm", "soft") and page.feelings.own.text() == ""
    page.begin(Moment.AFTER, 1)
    assert page.feelings.feelings() == () and "soft" not in page.feelings.chips


def test_difficult_feelings_bring_the_players_grounding_words(page: CheckInPage, qtbot: QtBot) -> None:
    assert page.grounding.isHidden()
    click(qtbot, page.difficult)
    assert page.grounding.isVisible()
    shown = [label.text() for label in page.grounding_lines]
    assert shown and all(line in grounding.INVITATIONS for line in shown)
    assert page.grounding_note.text() == grounding.NOTE
    click(qtbot, page.difficult)
    assert page.grounding.isHidden()


def test_a_check_in_before_practice_is_handed_back_for_the_session_to_keep(page: CheckInPage, journal: Journal,
                                                                           qtbot: QtBot) -> None:
    page.begin(Moment.BEFORE, write=False)
    assert page.heading.text() == "Before you begin"
    click(qtbot, page.valence.buttons[-2])
    with qtbot.waitSignal(page.chosen, timeout=WAIT_MS) as chosen:
        click(qtbot, page.save_button)
    assert chosen.args[0] == Mood(valence=-2)
    page.services.journal_writes.wait()
    assert journal.check_ins() == []


def test_a_save_that_fails_says_why_and_keeps_what_was_entered(page: CheckInPage, journal: Journal,
                                                               qtbot: QtBot) -> None:
    page.begin(Moment.AFTER, session_id=404)  # no such session
    click(qtbot, page.valence.buttons[1])
    page.note.setPlainText("keep me")
    click(qtbot, page.save_button)
    qtbot.waitUntil(page.error.isVisible, timeout=WAIT_MS)
    assert page.error.text().startswith("The check-in could not be saved:")
    assert page.note.toPlainText() == "keep me" and page.valence.value() == 1
    assert page.save_button.isEnabled() and page.skip_button.isEnabled()


def test_a_note_too_long_is_refused_with_its_length(page: CheckInPage, qtbot: QtBot) -> None:
    click(qtbot, page.valence.buttons[0])
    page.note.setPlainText("x" * 10_001)
    click(qtbot, page.save_button)
    assert page.error.isVisible() and "10,001" in page.error.text()
    assert page.note.toPlainText() == "x" * 10_001


def test_each_moment_has_its_own_gentle_heading(page: CheckInPage) -> None:
    headings = set()
    for moment in Moment:
        page.begin(moment, 1 if moment is Moment.AFTER else None)
        headings.add(page.heading.text())
        assert "skip" in page.subtitle.text().lower() or "no right answers" in page.subtitle.text()
    assert len(headings) == 3


def test_every_control_has_a_name_and_a_tooltip(page: CheckInPage) -> None:
    controls: list[QWidget] = [*page.findChildren(QAbstractButton), page.note, page.feelings.own]
    assert len(controls) > 25
    for control in controls:
        assert control.accessibleName(), control
        assert control.toolTip(), control
