"""The Library page: every practice as a card, the Silent Timer, and the person's own files.

Real files throughout: the shipped practices in kindaudio/data/practices/, and
practice files written into the test home's practice folder.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from kindaudio.common.paths import AppPaths
from kindaudio.script.library import shipped_practices_dir
from kindaudio.script.parser import load_practice
from kindaudio.ui.pages.library.data import TIMER_TITLE
from kindaudio.ui.pages.library.page import LibraryPage
from kindaudio.ui.pages.library.text import lengths_text
from kindaudio.ui.services import Services
from tests.support.ui import WAIT_MS, load, own_file, shown_library

GUIDED = ("affectionate-breathing", "compassionate-body-scan", "compassionate-breathing")

OWN_PRACTICE = """---
title: Evening Kindness
summary: A short kind pause at the end of the day.
lengths: [3]
---
You might let the day settle, just as it is. [pause 30s..3m]
"""

BROKEN_PRACTICE = """---
title: Not quite right
---
You might rest here for a moment.
[paws 5s]
[pause 2x]
"""


@pytest.fixture
def page(services: Services, qtbot: QtBot) -> LibraryPage:
    return shown_library(services, qtbot)


def test_the_library_lists_the_shipped_practices_and_the_timer_with_their_offered_lengths(
        page: LibraryPage, qtbot: QtBot) -> None:
    load(page, qtbot)
    shipped = [load_practice(shipped_practices_dir() / f"{name}.md") for name in GUIDED]
    titles = [card.title for card in page.cards()]
    assert titles == [practice.title for practice in shipped] + [TIMER_TITLE]
    for practice in shipped:
        card = page.card(practice.title)
        assert card.lengths_label.text() == lengths_text(practice.lengths)
        assert card.origin_label.text() == "Comes with KindAudio"
        assert practice.summary in card.summary_label.text()
    assert lengths_text((10, 20, 45)) == "10 · 20 · 45 min"
    timer = page.card(TIMER_TITLE)
    assert timer.lengths_label.text() == "Any length from 1 min to 3 h"


def test_every_card_can_be_chosen_from_the_keyboard_by_a_named_button(page: LibraryPage, qtbot: QtBot) -> None:
    load(page, qtbot)
    for card in page.cards():
        button = card.choose_button
        assert button is not None
        assert button.focusPolicy() & Qt.FocusPolicy.TabFocus
        assert card.title in button.accessibleName()
        assert button.toolTip()
        assert card.title in card.accessibleName()
    assert page.open_button.accessibleName() and page.open_button.toolTip()


def test_loading_is_shown_quietly_until_the_files_are_read(page: LibraryPage, qtbot: QtBot) -> None:
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        page.refresh()
        assert page.is_loading()
        assert page.loading_label.text() == "Loading…"
    assert not page.is_loading()


def test_a_practice_in_the_persons_folder_appears_marked_as_their_own(
        page: LibraryPage, paths: AppPaths, qtbot: QtBot) -> None:
    own_file(paths, "evening.md", OWN_PRACTICE)
    load(page, qtbot)
    card = page.card("Evening Kindness")
    assert card.origin_label.text() == "Your practice"
    assert card.lengths_label.text() == "3 min"
    assert page.cards()[-1] is card  # after the shipped ones and the timer
    assert page.empty_panel.isHidden()


def test_an_empty_folder_of_ones_own_says_where_practices_can_be_put(
        page: LibraryPage, paths: AppPaths, qtbot: QtBot) -> None:
    load(page, qtbot)
    assert page.empty_panel.isVisible()
    assert page.folder_label.text() == str(paths.practices)


def test_a_broken_file_shows_where_it_is_wrong_and_the_others_still_show(
        page: LibraryPage, paths: AppPaths, qtbot: QtBot) -> None:
    own_file(paths, "evening.md", OWN_PRACTICE)
    own_file(paths, "broken.md", BROKEN_PRACTICE)
    load(page, qtbot)
    broken = page.card("broken.md")
    assert not broken.usable and broken.choose_button is None
    assert broken.problem_label.text() == "broken.md:5:1: unknown mark [paws 5s]; did you mean [pause 5s]?"
    assert broken.more_label is not None and broken.more_button is not None
    assert broken.more_label.isHidden()
    qtbot.mouseClick(broken.more_button, Qt.MouseButton.LeftButton)
    assert broken.more_label.isVisible()
    assert broken.more_label.text().startswith("broken.md:6:")
    assert "Evening Kindness" in [card.title for card in page.cards()]
    assert len([card for card in page.cards() if card.usable]) == len(GUIDED) + 2


def test_choosing_a_card_emits_its_practice_file(page: LibraryPage, paths: AppPaths, qtbot: QtBot) -> None:
    own = own_file(paths, "evening.md", OWN_PRACTICE)
    load(page, qtbot)
    button = page.card("Affectionate Breathing").choose_button
    assert button is not None
    with qtbot.waitSignal(page.practice_chosen, timeout=WAIT_MS) as chosen:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert chosen.args == [shipped_practices_dir() / "affectionate-breathing.md"]

    card = page.card("Evening Kindness")
    with qtbot.waitSignal(page.practice_chosen, timeout=WAIT_MS) as chosen:
        qtbot.mouseClick(card, Qt.MouseButton.LeftButton, pos=QPoint(20, 20))  # anywhere on the card
    assert chosen.args == [own]


def test_choosing_the_timer_asks_for_the_timer(page: LibraryPage, qtbot: QtBot) -> None:
    load(page, qtbot)
    button = page.card(TIMER_TITLE).choose_button
    assert button is not None
    with qtbot.waitSignal(page.timer_chosen, timeout=WAIT_MS):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_open_a_practice_file_asks_the_window(page: LibraryPage, qtbot: QtBot) -> None:
    with qtbot.waitSignal(page.open_file_requested, timeout=WAIT_MS):
        qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)


def test_look_again_finds_a_file_added_since(page: LibraryPage, paths: AppPaths, qtbot: QtBot) -> None:
    load(page, qtbot)
    assert "Evening Kindness" not in [card.title for card in page.cards()]
    own_file(paths, "evening.md", OWN_PRACTICE)
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        qtbot.mouseClick(page.look_again_button, Qt.MouseButton.LeftButton)
    assert page.card("Evening Kindness").usable


def test_cards_wrap_to_the_width(page: LibraryPage, qtbot: QtBot) -> None:
    load(page, qtbot)
    first, second = page.cards()[:2]
    qtbot.waitUntil(lambda: first.y() == second.y() and first.x() < second.x(), timeout=WAIT_MS)
    page.resize(640, 720)
    qtbot.waitUntil(lambda: second.y() > first.y() and second.x() == first.x(), timeout=WAIT_MS)
