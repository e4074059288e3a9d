"""The side bar and the two views: the places always in sight and marked, reached by Tab and Ctrl+number,
held while a practice plays; the therapist's tools shown only in the therapist view, switched at once;
one wording for going back."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kindaudio.ui.main_window import MainWindow
from kindaudio.ui.navigation import BACK_TEXT, CURRENT
from kindaudio.ui.services import Services
from kindaudio.ui.widgets.input_events import install_input_events
from tests.support.ui import BODY, WAIT_MS, back_links, own_file, save_screenshots

FRONT = "title: Nav test\npace: {rate: 160, sentence_gap: 0.5s, paragraph_gap: 1s, section_gap: 1s}"


@pytest.fixture
def window(services: Services, qtbot: QtBot) -> Iterator[MainWindow]:
    shown = MainWindow(services)
    qtbot.addWidget(shown)
    shown.resize(1280, 720)
    shown.show()
    shown.activateWindow()
    qtbot.waitUntil(shown.isActiveWindow, timeout=WAIT_MS)  # keys go to the active window
    qtbot.waitUntil(lambda: bool(shown.library.cards()) and not shown.library.is_loading(), timeout=WAIT_MS)
    yield shown
    shown.close()


def shown_places(window: MainWindow) -> list[str]:
    return [button.text() for button in window.nav.buttons.values() if not button.isHidden()]


def test_the_places_are_shown_with_the_current_one_marked_and_named_so(window: MainWindow) -> None:
    assert shown_places(window) == ["Practices", "Progress", "Journal", "Settings"]
    assert window.nav.isVisible() and window.nav.current_place() == "library"
    assert window.nav.buttons["library"].accessibleName() == f"Practices, {CURRENT}"
    window.nav.buttons["progress"].click()
    assert window.current_page() == "progress" and window.nav.current_place() == "progress"
    assert window.nav.buttons["progress"].accessibleName() == f"Progress, {CURRENT}"
    assert window.nav.buttons["library"].accessibleName() == "Practices"
    window.nav.buttons["progress"].click()  # the place already shown: it stays, still marked
    assert window.current_page() == "progress" and window.nav.buttons["progress"].isChecked()


def test_ctrl_and_a_number_reach_each_place(window: MainWindow) -> None:
    for key, page in ((Qt.Key.Key_2, "progress"), (Qt.Key.Key_4, "settings"), (Qt.Key.Key_1, "library")):
        QTest.keyClick(window, key, Qt.KeyboardModifier.ControlModifier)
        assert window.current_page() == page
    QTest.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)  # the builder: therapists only
    assert window.current_page() == "library"


def test_a_practice_is_marked_as_under_practices(window: MainWindow, write_practice: Callable[..., Path],
                                                 qtbot: QtBot) -> None:
    with qtbot.waitSignal(window.page_changed, check_params_cb=lambda page: page == "practice", timeout=WAIT_MS):
        window.open_practice(write_practice(BODY, front=FRONT))
    assert window.nav.current_place() == "library"


def test_tab_reaches_the_side_bar_from_the_page_and_enter_goes_there(window: MainWindow, qtbot: QtBot) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    install_input_events(app)  # as app.py does: Enter presses the focused button
    window.library.open_button.setFocus()
    progress = window.nav.buttons["progress"]
    for _ in range(400):
        focused = QApplication.focusWidget()
        if focused is progress:
            break
        QTest.keyClick(focused or window, Qt.Key.Key_Tab)
    else:
        pytest.fail("Tab never reached Progress in the side bar")
    with qtbot.waitSignal(window.page_changed, timeout=WAIT_MS):
        QTest.keyClick(progress, Qt.Key.Key_Return)
    assert window.current_page() == "progress"


def test_the_client_view_keeps_the_therapists_tools_out_of_the_library_and_the_menus(window: MainWindow) -> None:
    library = window.library
    card = library.card("Affectionate Breathing")
    assert card.read_button is not None and card.read_button.isVisible()
    assert (card.edit_button, card.record_button, card.share_button) == (None, None, None)
    assert not library.new_button.isVisible() and not library.look_again_button.isVisible()
    assert library.import_button.isVisible() and library.open_button.isVisible()
    assert not library.folder_label.isVisible() and not library.empty_panel.guide_button.isVisible()
    assert library.empty_panel.client_label.isVisible()
    assert not window.new_action.isVisible() and not window.new_action.isEnabled()
    assert window.import_pack_action.isEnabled() and window.therapist_export_action.isEnabled()
    assert "builder" not in [page for page, button in window.nav.buttons.items() if not button.isHidden()]


def test_switching_the_view_shows_and_hides_the_tools_at_once(window: MainWindow, services: Services,
                                                             qtbot: QtBot) -> None:
    services.settings.update(view="therapist")
    library = window.library
    card = library.card("Affectionate Breathing")
    assert card.edit_button is not None and card.record_button is not None and card.share_button is not None
    assert card.record_button.isVisible()
    assert library.new_button.isVisible() and library.look_again_button.isVisible() and library.folder_label.isVisible()
    assert window.new_action.isVisible() and window.new_action.isEnabled()
    assert shown_places(window) == ["Practices", "Progress", "Journal", "Settings", "Make a practice"]
    save_screenshots(window, "library-therapist-view")
    QTest.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() == "builder" and window.nav.current_place() == "builder"
    window.go_to("library")

    services.settings.update(view="client")
    card = library.card("Affectionate Breathing")
    assert card.record_button is None and not library.new_button.isVisible()
    assert (shown_places(window) == ["Practices", "Progress", "Journal", "Settings"]
            and not window.new_action.isVisible())
    # The cards of the view before are gone from sight at once, not left under the new ones.
    shown = [c for c in library.findChildren(type(card)) if c.isVisible()]
    assert sorted(map(id, shown)) == sorted(map(id, library.cards()))
    save_screenshots(window, "library-client-view")


def test_ones_own_practice_in_the_client_view_can_be_read_and_deleted_but_shows_no_path(
        window: MainWindow, services: Services, qtbot: QtBot) -> None:
    own_file(services.paths, "mine.md", f"---\ntitle: Mine\n---\n{BODY}")
    with qtbot.waitSignal(window.library.loaded, timeout=WAIT_MS):
        window.library.refresh()
    card = window.library.card("Mine")
    assert card.read_button is not None and card.delete_button is not None
    assert (card.edit_button, card.record_button, card.share_button) == (None, None, None)
    assert "mine.md" not in card.toolTip()


@pytest.mark.therapist_view
def test_going_back_has_one_wording_on_every_page_and_the_places_have_none(window: MainWindow,
                                                                             qtbot: QtBot) -> None:
    under_practices = {"practice": window.practice, "timer": window.timer, "builder": window.builder}
    window.builder.start_new(None)
    for name, page in under_practices.items():
        links = back_links(page)
        assert links, name
        assert {link.text() for link in links} == {BACK_TEXT}, name
        assert {link.accessibleName() for link in links} == {"Back to Practices"}, name
    for name in ("library", "progress", "settings", "checkin"):
        window.go_to(name) if name != "checkin" else None
        assert back_links(window._page(name)) == [], name


@pytest.mark.therapist_view
def test_beside_the_side_bar_every_place_fits_1280_by_720_at_150_percent_text(
        window: MainWindow, write_practice: Callable[..., Path], qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QScrollArea

    from kindaudio.common.settings import Settings
    from kindaudio.ui.theme import apply_theme

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_theme(app, Settings(text_size=150))
    try:
        with qtbot.waitSignal(window.page_changed, check_params_cb=lambda page: page == "practice",
                              timeout=WAIT_MS):
            window.open_practice(write_practice(BODY, front=FRONT))
        for name in ("practice", "library", "timer", "progress", "settings", "builder"):
            window.places.go_to_place(name) if name != "timer" else window.go_to("timer")
            window.resize(1280, 720)
            assert window.current_page() == name and window.nav.isVisible()
            page = window._page(name)

            def fits(page: object = page) -> bool:
                areas = [area for area in page.findChildren(QScrollArea) if area.isVisible()]  # type: ignore[attr-defined]
                return all(area.horizontalScrollBar().maximum() == 0 for area in areas)

            qtbot.waitUntil(fits, timeout=WAIT_MS)  # nothing wider than the window: no sideways scrolling
    finally:
        apply_theme(app, Settings())
