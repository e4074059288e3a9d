"""Hostile practice files (issue 17) in the window: each card says what is wrong, nothing "went wrong".

The same files `kindaudio check` refuses (tests/script/test_hostile_files.py)
put in the person's practice folder: the Library lists each with its problem
at file:line:col, and opening one on the practice page gives that message.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication, QScrollArea
from pytestqt.qtbot import QtBot

from kindaudio.common.paths import AppPaths
from kindaudio.ui.pages.library.page import LibraryPage
from kindaudio.ui.pages.practice.page import PracticePage
from kindaudio.ui.services import Services
from tests.support.ui import WAIT_MS, load, own_file, save_screenshots, shown_library

HOSTILE = {  # file name: (text, the card's problem)
    "bomb.md": ("---\ntitle: Bomb\n---\n{{ [dict(a='x' * 999999)] * 999999 }}\n",
                "bomb.md:4:1: template error: dict() would make about 1,000,006 characters of text; "
                "a practice may hold at most 1,000,000"),
    "laughs.md": ("---\ntitle: Laughs\na: &a [lol, lol]\nb: &b [*a, *a]\n---\nHello.\n",
                  "laughs.md:4:8: aliases (*name) are not used in practice files; write the value out where it "
                  "is needed"),
    "nul.md": ("---\ntitle: \"a\x00b\"\n---\nHello.\n",
               "nul.md:2:10: the front matter holds the control character U+0000, which YAML does not allow; "
               "remove it"),
    "surrogate.md": ("---\ntitle: \"\\ud800\"\n---\nHello.\n",
                     "surrogate.md:2:8: this text holds half of a character pair (an escape such as \\ud800), "
                     "which cannot be saved as UTF-8; remove that escape"),
    "numbers.md": ("---\ntitle: V\nvariables: {1: {label: x}}\n---\nHello {{ x }}.\n",
                   "numbers.md:3:13: '1' cannot be a variable name; use lowercase letters, digits and _, starting "
                   "with a letter"),
    "deep.md": ("---\ntitle: Deep\n---\n{{ " + "(" * 5000 + "1" + ")" * 5000 + " }}\n",
                "deep.md:4:1: this template tag nests more than 20 brackets deep"),
    "bell.md": ("---\ntitle: Bell\n---\nHello. [bell ²] [pause " + "9" * 5000 + "h]\n",
                "bell.md:4:8: a bell is written [bell], or [bell 3] for 1 to 9 strikes"),
    "tags.md": ("---\ntitle: Tags\n---\n" + "{{ 1 }}\n" * 100_000,
                "tags.md:5004:1: the practice holds more than 5,000 template tags; a practice needs far fewer"),
}


@pytest.fixture
def page(services: Services, qtbot: QtBot) -> LibraryPage:
    return shown_library(services, qtbot)


def test_hostile_files_are_listed_each_with_its_problem(page: LibraryPage, paths: AppPaths, qtbot: QtBot) -> None:
    for name, (text, _problem) in HOSTILE.items():
        own_file(paths, name, text)
    load(page, qtbot)
    for name, (_text, problem) in HOSTILE.items():
        card = page.card(name)
        assert not card.usable
        assert card.problem_label.text() == problem
    assert len([card for card in page.cards() if card.usable]) >= 4  # the shipped practices still show
    scroll = page.findChild(QScrollArea)
    assert scroll is not None
    QApplication.processEvents()
    scroll.verticalScrollBar().setValue(page.card("bell.md").mapTo(scroll.widget(), QPoint(0, 0)).y() - 60)
    save_screenshots(page, "library-hostile-files")  # the person's own cards, with their problems


@pytest.mark.parametrize("name", ["bomb.md", "nul.md", "deep.md"])
def test_opening_a_hostile_file_says_what_is_wrong(services: Services, paths: AppPaths, qtbot: QtBot,
                                                    name: str) -> None:
    text, problem = HOSTILE[name]
    path = own_file(paths, name, text)
    practice_page = PracticePage(services)
    qtbot.addWidget(practice_page)
    with qtbot.waitSignal(practice_page.load_failed, timeout=WAIT_MS) as failed:
        practice_page.show_practice(Path(path))
    assert failed.args == [f"{path.parent}/{problem}"]


def test_a_right_to_left_override_in_a_title_is_spelt_out_not_obeyed(page: LibraryPage, paths: AppPaths,
                                                                      qtbot: QtBot) -> None:
    own_file(paths, "turned.md", "---\ntitle: \"Calm \\u202eevening\"\nauthor: \"Sam\\u2066 Rivera\"\n---\nHello.\n")
    load(page, qtbot)
    card = page.card("Calm \\u202eevening")
    assert card.usable and card.title_label.text() == "Calm \\u202eevening"
    assert card.author_label is not None and "Sam\\u2066 Rivera" in card.author_label.text()
    shown = [label.text() for label in (card.title_label, card.author_label)]
    assert not any(char in text for text in shown for char in "\u202e\u2066")


def test_the_script_of_a_practice_with_an_override_shows_it_spelt_out(services: Services, paths: AppPaths,
                                                                      qtbot: QtBot) -> None:
    from kindaudio.audio.choices import PlayChoices
    from kindaudio.script import load_practice
    from kindaudio.ui.dialogs.read_script import ReadScriptDialog

    path = own_file(paths, "turned-words.md", "---\ntitle: Turned\nlengths: [1]\n---\n## Arriving \u202esoftly\n"
                    "You might rest \u202ehere a while. [pause 30s..70s]\n")
    dialog = ReadScriptDialog(services, load_practice(path), PlayChoices(minutes=1))
    qtbot.addWidget(dialog)
    rows = dialog.rows()
    assert any("You might rest \\u202ehere a while." in row for row in rows)
    assert any("Arriving \\u202esoftly" in row for row in rows)
    assert not any("\u202e" in row for row in rows)
