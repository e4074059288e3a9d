"""The Library's marks and actions: who made a practice, and what can be done with one's own.

Real practice files in the test home's practice folder; the page only asks
for the builder and the dialogs by signal, so these tests read the signals.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from kindaudio.common.paths import AppPaths
from kindaudio.script.library import shipped_practices_dir
from kindaudio.ui.pages.library.data import TIMER_TITLE
from kindaudio.ui.pages.library.page import LibraryPage
from kindaudio.ui.services import Services
from tests.support.ui import WAIT_MS, load, own_file, shown_library

# The cards' tools (edit, record, share, the folder and its guide) are the therapist view's;
# tests/ui/pages/library/test_views.py has what the client view shows.
pytestmark = pytest.mark.therapist_view

FROM_SAM = """---
title: Kind Words for Evenings
summary: A short rest with your own kind phrase.
author: Sam Rivera
for_whom: Alex
made_from: {template: loving-kindness-phrases, values: {phrase: May I be gentle with myself}}
lengths: [3]
---
You might let the day settle, just as it is. [pause 30s..3m]
"""

WRITTEN_BY_HAND = """---
title: Plain Evening
lengths: [3]
---
You might rest here for a little while. [pause 30s..3m]
"""


@pytest.fixture
def page(services: Services, qtbot: QtBot) -> LibraryPage:
    return shown_library(services, qtbot)


def test_a_practice_that_names_its_author_is_marked_by_them_and_says_for_whom_on_hover(
        page: LibraryPage, paths: AppPaths, qtbot: QtBot) -> None:
    path = own_file(paths, "kind-words.md", FROM_SAM)
    own_file(paths, "plain.md", WRITTEN_BY_HAND)
    load(page, qtbot)

    card = page.card("Kind Words for Evenings")
    assert card.author_label is not None and card.author_label.text() == "By Sam Rivera"
    assert card.author_label.isVisible()
    assert "By Sam Rivera" in card.accessibleName()
    assert card.toolTip().splitlines() == ["Made for Alex", str(path)]

    plain = page.card("Plain Evening")
    assert plain.author_label is None
    assert "Made for" not in plain.toolTip()


def test_the_mark_comes_back_from_the_remembered_listing_too(page: LibraryPage, paths: AppPaths,
                                                              qtbot: QtBot) -> None:
    own_file(paths, "kind-words.md", FROM_SAM)
    load(page, qtbot)
    load(page, qtbot)  # the second read comes from the listing kept in the cache folder
    card = page.card("Kind Words for Evenings")
    assert card.author_label is not None and card.author_label.text() == "By Sam Rivera"
    assert card.toolTip().startswith("Made for Alex")


def test_ones_own_practice_can_be_edited_recorded_and_shared(page: LibraryPage, paths: AppPaths,
                                                             qtbot: QtBot) -> None:
    built = own_file(paths, "kind-words.md", FROM_SAM)
    plain = own_file(paths, "plain.md", WRITTEN_BY_HAND)
    load(page, qtbot)

    card = page.card("Kind Words for Evenings")
    buttons = [card.edit_button, card.record_button, card.share_button]
    assert [button.text() for button in buttons if button is not None] == ["Edit", "Record my voice",
                                                                          "Share as a pack…"]
    for button in buttons:
        assert button is not None and button.accessibleName() and button.toolTip()
        assert button.focusPolicy() & Qt.FocusPolicy.TabFocus
    assert card.edit_button is not None and card.record_button is not None and card.share_button is not None
    with qtbot.waitSignal(page.edit_requested, timeout=WAIT_MS) as edit:
        qtbot.mouseClick(card.edit_button, Qt.MouseButton.LeftButton)
    assert edit.args == [built, True]  # built from a template: the builder reopens it
    with qtbot.waitSignal(page.record_requested, timeout=WAIT_MS) as record:
        qtbot.mouseClick(card.record_button, Qt.MouseButton.LeftButton)
    assert record.args == [built]
    with qtbot.waitSignal(page.share_requested, timeout=WAIT_MS) as share:
        qtbot.mouseClick(card.share_button, Qt.MouseButton.LeftButton)
    assert share.args == [built]

    plain_card = page.card("Plain Evening")
    assert plain_card.edit_button is not None
    with qtbot.waitSignal(page.edit_requested, timeout=WAIT_MS) as edit:
        qtbot.mouseClick(plain_card.edit_button, Qt.MouseButton.LeftButton)
    assert edit.args == [plain, False]  # written by hand: the script editor


def test_clicking_an_action_does_not_also_choose_the_practice(page: LibraryPage, paths: AppPaths,
                                                              qtbot: QtBot) -> None:
    own_file(paths, "kind-words.md", FROM_SAM)
    load(page, qtbot)
    card = page.card("Kind Words for Evenings")
    chosen: list[object] = []
    page.practice_chosen.connect(chosen.append)
    assert card.share_button is not None
    with qtbot.waitSignal(page.share_requested, timeout=WAIT_MS):
        qtbot.mouseClick(card.share_button, Qt.MouseButton.LeftButton)
    assert chosen == []


def test_a_shipped_practice_can_be_read_recorded_in_ones_voice_and_shared_but_not_deleted(
        page: LibraryPage, qtbot: QtBot) -> None:
    load(page, qtbot)
    shipped = shipped_practices_dir() / "affectionate-breathing.md"
    card = page.card("Affectionate Breathing")
    assert card.author_label is None
    assert card.read_button is not None and card.read_button.text() == "Read the script"
    assert card.edit_button is not None and card.edit_button.text() == "Edit a copy"
    assert card.record_button is not None and card.record_button.text() == "Record my voice"
    assert card.share_button is not None and card.share_button.text() == "Share as a pack…"
    assert card.share_button.accessibleName() == "Share your voice for Affectionate Breathing as a pack"
    assert card.delete_button is None
    for button in (card.read_button, card.edit_button, card.record_button, card.share_button):
        assert button.toolTip() and button.focusPolicy() & Qt.FocusPolicy.TabFocus
    with qtbot.waitSignal(page.edit_requested, timeout=WAIT_MS) as edit:
        qtbot.mouseClick(card.edit_button, Qt.MouseButton.LeftButton)
    assert edit.args == [shipped, False]  # the script editor, read-only, to save a copy
    with qtbot.waitSignal(page.record_requested, timeout=WAIT_MS) as record:
        qtbot.mouseClick(card.record_button, Qt.MouseButton.LeftButton)
    assert record.args == [shipped]
    with qtbot.waitSignal(page.share_requested, timeout=WAIT_MS) as share:
        qtbot.mouseClick(card.share_button, Qt.MouseButton.LeftButton)
    assert share.args == [shipped]


def test_the_silent_timer_has_no_sentences_so_no_actions(page: LibraryPage, qtbot: QtBot) -> None:
    load(page, qtbot)
    timer = page.card(TIMER_TITLE)
    assert (timer.read_button, timer.edit_button, timer.record_button, timer.share_button, timer.delete_button) == \
        (None, None, None, None, None)
    assert "Silent Timer" not in [card.title for card in page.guided_grid.cards()]


def test_a_broken_file_of_ones_own_can_be_opened_to_be_fixed(page: LibraryPage, paths: AppPaths,
                                                            qtbot: QtBot) -> None:
    broken = own_file(paths, "broken.md", "---\ntitle: Not yet\n---\nYou might rest.\n[paws 5s]\n")
    load(page, qtbot)
    card = page.card("broken.md")
    assert card.edit_button is not None and card.record_button is None and card.share_button is None
    assert card.read_button is None  # nothing to read as heard until it is fixed
    with qtbot.waitSignal(page.edit_requested, timeout=WAIT_MS) as edit:
        qtbot.mouseClick(card.edit_button, Qt.MouseButton.LeftButton)
    assert edit.args == [broken, False]


def test_a_new_practice_and_a_pack_can_be_asked_for_from_the_library(page: LibraryPage, qtbot: QtBot) -> None:
    load(page, qtbot)
    for button in (page.new_button, page.import_button):
        assert button.isVisible() and button.accessibleName() and button.toolTip()
    assert page.new_button.text() == "New practice from a template…"
    with qtbot.waitSignal(page.new_from_template_requested, timeout=WAIT_MS):
        qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(page.import_requested, timeout=WAIT_MS):
        qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)


def test_ones_own_cards_with_their_actions_are_not_cut_off_at_1280_by_720(page: LibraryPage, paths: AppPaths,
                                                                          qtbot: QtBot) -> None:
    own_file(paths, "kind-words.md", FROM_SAM)
    load(page, qtbot)
    card = page.card("Kind Words for Evenings")
    assert card.share_button is not None and card.choose_button is not None
    qtbot.waitUntil(lambda: card.share_button is not None and card.share_button.width() > 0, timeout=WAIT_MS)
    for button in (card.edit_button, card.record_button, card.share_button, card.choose_button):
        assert button is not None
        assert button.width() >= button.sizeHint().width()
        inside = button.mapTo(card, button.rect().bottomRight())
        assert card.rect().contains(inside)


# -- deleting one's own practice -------------------------------------------------------------------


def ask_to_delete(page: LibraryPage, title: str, qtbot: QtBot) -> QMessageBox:
    card = page.card(title)
    assert card.delete_button is not None
    qtbot.mouseClick(card.delete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.confirm_delete is not None and page.confirm_delete.isVisible(), timeout=WAIT_MS)
    assert page.confirm_delete is not None
    return page.confirm_delete


def answer(box: QMessageBox, text: str) -> None:
    button = next(b for b in box.buttons() if b.text() == text)
    button.click()


def test_deleting_asks_first_naming_the_practice_and_its_recordings(page: LibraryPage, paths: AppPaths,
                                                                   qtbot: QtBot) -> None:
    path = own_file(paths, "plain.md", WRITTEN_BY_HAND)
    folder = paths.recordings / "plain"
    folder.mkdir(parents=True)
    for name in ("a.flac", "b.flac"):
        (folder / name).write_bytes(b"a take")
    load(page, qtbot)
    card = page.card("Plain Evening")
    assert card.delete_button is not None and card.delete_button.text() == "Delete…"
    assert card.delete_button.accessibleName() == "Delete Plain Evening" and card.delete_button.toolTip()

    box = ask_to_delete(page, "Plain Evening", qtbot)
    assert box.text() == "Delete “Plain Evening”?"
    assert box.informativeText() == ("Its file and your 2 recordings of it are deleted for good. The sessions you "
                                     "practised with it stay in your journal.")
    assert box.defaultButton().text() == "Keep it"
    answer(box, "Keep it")
    assert path.exists() and len(list(folder.iterdir())) == 2


def test_deleting_removes_the_practice_and_its_recordings_and_the_library_reads_again(
        page: LibraryPage, paths: AppPaths, qtbot: QtBot) -> None:
    path = own_file(paths, "plain.md", WRITTEN_BY_HAND)
    kept = own_file(paths, "kind-words.md", FROM_SAM)
    folder = paths.recordings / "plain"
    folder.mkdir(parents=True)
    (folder / "a.flac").write_bytes(b"a take")
    load(page, qtbot)

    box = ask_to_delete(page, "Plain Evening", qtbot)
    with qtbot.waitSignal(page.practice_deleted, timeout=WAIT_MS) as deleted, \
            qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        answer(box, "Delete")
    assert deleted.args == [path]
    assert not path.exists() and not folder.exists() and kept.exists()
    assert [card.title for card in page.own_grid.cards()] == ["Kind Words for Evenings"]
    assert page.notice_label.isVisible()
    assert page.notice_label.text() == ("“Plain Evening” was deleted. Your journal keeps the sessions you "
                                        "practised with it.")


def test_a_broken_file_of_ones_own_can_be_deleted_too(page: LibraryPage, paths: AppPaths, qtbot: QtBot) -> None:
    broken = own_file(paths, "broken.md", "---\ntitle: Not yet\n---\nYou might rest.\n[paws 5s]\n")
    load(page, qtbot)
    box = ask_to_delete(page, "broken.md", qtbot)
    assert box.informativeText().startswith("Its file is deleted for good.")
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        answer(box, "Delete")
    assert not broken.exists()
    assert page.empty_panel.isVisible()


def test_a_practice_that_cannot_be_deleted_says_why(page: LibraryPage, paths: AppPaths, qtbot: QtBot) -> None:
    path = own_file(paths, "plain.md", WRITTEN_BY_HAND)
    load(page, qtbot)
    box = ask_to_delete(page, "Plain Evening", qtbot)
    path.unlink()  # another program took it away while the question was open
    with qtbot.waitSignal(page.delete_failed, timeout=WAIT_MS):
        answer(box, "Delete")
    assert page.error_label.isVisible()
    assert page.error_label.text().startswith("The practice was not deleted.")
    assert "no such practice file; it may have been deleted already" in page.error_label.text()
    assert not page.notice_label.isVisible()


def test_read_the_script_on_a_card_opens_the_timed_view_not_the_file(page: LibraryPage, qtbot: QtBot) -> None:
    from kindaudio.ui.dialogs.read_script import ReadScriptDialog

    load(page, qtbot)
    card = page.card("Affectionate Breathing")
    assert card.read_button is not None
    qtbot.mouseClick(card.read_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.read_dialog is not None and page.read_dialog.isVisible(), timeout=WAIT_MS)
    dialog = page.read_dialog
    assert isinstance(dialog, ReadScriptDialog)
    rows = dialog.rows()
    assert any(row.split(" ", 1)[1].startswith("# ") for row in rows)  # its sections
    assert any("(pause" in row for row in rows)  # its pauses, timed
    assert len(dialog.sentence_items()) > 10  # its lines, each to be heard
    assert not any("---" in row or "title:" in row or "[pause" in row for row in rows)  # not the file's source
    dialog.reject()
