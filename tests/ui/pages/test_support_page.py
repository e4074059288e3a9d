"""The support place and its Settings panel, on real widgets and the real private file.

With KINDAUDIO_SCREENSHOTS set to a folder, pictures of the support page and
the Settings panel are saved there: light and dark, 1280x720 and 1920x1080,
and at 150 % text size.
"""

from __future__ import annotations

import os
import re
import stat

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from kindaudio.common.paths import AppPaths
from kindaudio.journal.support_plan import SupportPlan, load_plan, plan_path, save_plan
from kindaudio.journal.support_words import NO_PLAN, NO_THERAPIST, URGENT
from kindaudio.ui.pages.settings.support_panel import SupportPanel
from kindaudio.ui.pages.support.page import SupportView
from kindaudio.ui.widgets.input_events import install_input_events
from tests.support.ui import WAIT_MS, save_screenshots

PLAN = SupportPlan(safety_plan="Put my feet on the floor.\nCall Alex.\n<b>Not bold</b>",
                   therapist_name="Dr Sam Rivera", therapist_contact="sam@example.org",
                   therapist_note="Message me any time before 6 pm.")


def shown(widget: QWidget, qtbot: QtBot) -> None:
    qtbot.addWidget(widget)
    widget.resize(1280, 720)
    widget.show()


def texts(view: SupportView) -> str:
    return " ".join((view.plan_text.text(), view.therapist_text.text(), view.urgent_text.text()))



def test_with_nothing_written_it_says_gently_where_to_add_it_and_names_no_number(
        paths: AppPaths, qtbot: QtBot) -> None:
    view = SupportView(paths)
    shown(view, qtbot)
    view.begin("Continue", "Go on")

    assert view.plan_text.text() == NO_PLAN and view.therapist_text.text() == NO_THERAPIST
    assert "Settings" in NO_PLAN and "Settings" in NO_THERAPIST
    assert view.urgent_text.text() == URGENT and "local emergency number" in URGENT
    assert "emergency department" in URGENT
    assert not re.search(r"\d", texts(view))  # no invented phone numbers
    assert view.continue_button.isVisible() and view.settings_button.isVisible()
    assert view.focusWidget() is view.continue_button  # the way on has the keyboard
    save_screenshots(view, "support-empty")


def test_it_shows_the_persons_own_plan_and_therapist_as_plain_text(paths: AppPaths, qtbot: QtBot) -> None:
    save_plan(paths, PLAN)
    view = SupportView(paths)
    shown(view, qtbot)
    view.begin("Back", "Back to where you were", settings_offered=False)

    assert view.plan_text.text() == PLAN.safety_plan
    assert view.plan_text.textFormat() == Qt.TextFormat.PlainText  # "<b>" stays as typed
    assert view.therapist_text.text().splitlines() == ["Dr Sam Rivera", "sam@example.org",
                                                       "Message me any time before 6 pm."]
    assert view.continue_button.text() == "Back" and not view.settings_button.isVisible()
    save_screenshots(view, "support-filled")
    save_screenshots(view, "support-filled", text_size=150)


def test_enter_on_the_focused_way_on_goes_on(paths: AppPaths, qtbot: QtBot) -> None:
    install_input_events(QApplication.instance())  # type: ignore[arg-type]
    view = SupportView(paths)
    shown(view, qtbot)
    view.activateWindow()
    view.begin("Continue", "Go on")
    qtbot.waitUntil(view.continue_button.hasFocus, timeout=WAIT_MS)
    with qtbot.waitSignal(view.continue_requested, timeout=WAIT_MS):
        qtbot.keyClick(view.continue_button, Qt.Key.Key_Return)
    view.settings_button.setFocus()
    with qtbot.waitSignal(view.settings_requested, timeout=WAIT_MS):
        qtbot.keyClick(view.settings_button, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)


def test_an_unreadable_plan_is_set_aside_and_the_page_says_where(paths: AppPaths, qtbot: QtBot) -> None:
    paths.data.mkdir(parents=True, exist_ok=True)
    plan_path(paths).write_text("{broken", encoding="utf-8")
    view = SupportView(paths)
    shown(view, qtbot)
    view.begin("Continue", "Go on")
    assert view.problem.isVisible() and ".unreadable" in view.problem.text()
    assert view.plan_text.text() == NO_PLAN


def test_the_settings_panel_keeps_what_is_typed_in_the_private_file(paths: AppPaths, qtbot: QtBot) -> None:
    panel = SupportPanel(paths)
    shown(panel, qtbot)
    assert panel.plan_edit.toPlainText() == ""

    panel.plan_edit.setFocus()
    qtbot.keyClicks(panel.plan_edit, "Breathe out slowly")
    with qtbot.waitSignal(panel.saved, timeout=WAIT_MS):  # a moment after the typing stops
        pass
    assert load_plan(paths).plan.safety_plan == "Breathe out slowly"
    assert stat.S_IMODE(os.stat(plan_path(paths)).st_mode) == 0o600

    qtbot.keyClicks(panel.name_edit, "Dr Sam Rivera")
    qtbot.keyClicks(panel.contact_edit, "sam@example.org")
    with qtbot.waitSignal(panel.saved, timeout=WAIT_MS):
        panel.hide()  # leaving Settings keeps what was typed at once
    assert load_plan(paths).plan == SupportPlan(safety_plan="Breathe out slowly", therapist_name="Dr Sam Rivera",
                                                therapist_contact="sam@example.org")
    settings = paths.config / "settings.json"
    assert not settings.exists() or "Rivera" not in settings.read_text(encoding="utf-8")

    again = SupportPanel(paths)
    shown(again, qtbot)
    assert again.name_edit.text() == "Dr Sam Rivera" and "Kept" not in again.status.text()


def test_the_settings_panel_refuses_what_cannot_be_kept_and_says_why(paths: AppPaths, qtbot: QtBot) -> None:
    panel = SupportPanel(paths)
    shown(panel, qtbot)
    panel.note_edit.setPlainText("x" * 3000)
    with qtbot.waitSignal(panel.saved, timeout=WAIT_MS):
        panel.save()
    assert panel.status.property("role") == "error" and "at most" in panel.status.text()
    assert not plan_path(paths).exists()


def test_the_settings_panel_looks_calm(paths: AppPaths, qtbot: QtBot) -> None:
    save_plan(paths, PLAN)
    panel = SupportPanel(paths)
    shown(panel, qtbot)
    assert panel.plan_edit.toPlainText() == PLAN.safety_plan
    for widget in (panel.plan_edit, panel.name_edit, panel.contact_edit, panel.note_edit):
        assert widget.accessibleName() and widget.toolTip()
    save_screenshots(panel, "settings-support-panel")
    save_screenshots(panel, "settings-support-panel", text_size=150)


@pytest.mark.parametrize("leave", ["hide"])
def test_nothing_is_written_when_nothing_changed(paths: AppPaths, qtbot: QtBot, leave: str) -> None:
    panel = SupportPanel(paths)
    shown(panel, qtbot)
    getattr(panel, leave)()
    assert not plan_path(paths).exists()
