"""The builder: choose a template, fill in its form, watch the preview, save a practice, reopen it later.

The shipped templates, the real template filling and parser, real files in the
test's own home, real widgets (offscreen).
"""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot

from kindaudio.common.paths import AppPaths, ensure_dir
from kindaudio.script.builder.templates import list_templates, load_template
from kindaudio.script.durations import format_clock
from kindaudio.script.parser import load_practice, parse_practice
from kindaudio.ui.dialogs.script_editor.dialog import ScriptEditorDialog
from kindaudio.ui.pages.builder.data import problems_by_field
from kindaudio.ui.pages.builder.page import BuilderPage
from kindaudio.ui.services import Services, SettingsStore
from kindaudio.ui.tasks import TaskRunner
from kindaudio.ui.widgets.variable_form import OrderedChoices
from tests.support.ui import save_screenshots

WAIT_MS = 30_000
TEMPLATE_IDS = sorted(template.id for template in list_templates())


@pytest.fixture
def services(paths: AppPaths, qtbot: QtBot) -> Iterator[Services]:
    """Only what the builder uses: the test's home and a thread pool of its own."""
    pool = QThreadPool()
    yield Services(paths=paths, tasks=TaskRunner(pool), settings=SettingsStore(paths))
    pool.waitForDone(WAIT_MS)


@pytest.fixture
def page(services: Services, qtbot: QtBot) -> BuilderPage:
    built = BuilderPage(services)
    qtbot.addWidget(built)
    built.resize(1280, 720)
    built.show()
    return built


def start(page: BuilderPage, qtbot: QtBot, template_id: str) -> None:
    with qtbot.waitSignal(page.preview_updated, timeout=WAIT_MS):
        page.start_new(template_id)
    assert page.preview_is_current


def change(page: BuilderPage, qtbot: QtBot, action: object) -> None:
    """Do something to the form and wait until the preview describes the result."""
    with qtbot.waitSignal(page.preview_updated, timeout=WAIT_MS):
        action()  # type: ignore[operator]
    qtbot.waitUntil(lambda: page.preview_is_current, timeout=WAIT_MS)


def test_there_are_four_shipped_templates() -> None:
    assert TEMPLATE_IDS == ["custom-body-scan", "loving-kindness-phrases", "self-compassion-break",
                            "soles-of-the-feet"]


def test_the_templates_are_offered_as_cards_with_what_each_lets_you_choose(page: BuilderPage, qtbot: QtBot) -> None:
    with qtbot.waitSignal(page.templates_loaded, timeout=WAIT_MS):
        page.start_new(None)
    assert page.stack.currentWidget() is page.chooser
    templates = list_templates()
    assert [card.template.id for card in page.cards] == [t.id for t in templates]
    for card, template in zip(page.cards, templates, strict=True):
        assert card.button.accessibleName() == f"Use the template {template.title}"
        assert template.summary in card.accessibleName()

    with qtbot.waitSignal(page.preview_updated, timeout=WAIT_MS):
        page.cards[0].button.click()
    assert page.stack.currentWidget() is page.editor_view
    assert page.template is not None and page.template.id == templates[0].id


@pytest.mark.parametrize("template_id", TEMPLATE_IDS)
def test_each_template_gets_its_form_and_a_preview_that_parses_with_its_range(page: BuilderPage, qtbot: QtBot,
                                                                              template_id: str) -> None:
    start(page, qtbot, template_id)

    template = load_template(template_id)
    assert page.form is not None
    assert list(page.form.fields) == [variable.name for variable in template.variables]
    assert page.title_edit.text() == template.title
    filled = page.filled
    assert filled is not None
    assert page.preview.toPlainText() == filled.text
    assert "{{" not in filled.text and "{%" not in filled.text
    practice = parse_practice(filled.text, Path("preview.md"))
    assert practice.made_from is not None and practice.made_from.template == template_id
    assert format_clock(filled.reachable.shortest) in page.range_label.text()
    assert format_clock(filled.reachable.longest) in page.range_label.text()
    assert "of it is speech" in page.estimate_label.text()
    assert page.save_button.isEnabled()


def test_changing_a_phrase_updates_the_preview(page: BuilderPage, qtbot: QtBot) -> None:
    start(page, qtbot, "self-compassion-break")
    noticing = page.form.fields["noticing"]
    assert isinstance(noticing, QLineEdit)

    change(page, qtbot, lambda: noticing.setText("This is a tough moment for me."))

    assert "This is a tough moment for me." in page.preview.toPlainText()
    assert page.filled is not None
    assert page.filled.practice.made_from.values["noticing"] == "This is a tough moment for me."


def test_leaving_out_body_areas_shortens_the_practice_and_the_range(page: BuilderPage, qtbot: QtBot) -> None:
    start(page, qtbot, "custom-body-scan")
    before = page.filled
    assert before is not None
    regions = page.form.fields["regions"]
    assert isinstance(regions, OrderedChoices)
    kept = ("hands", "feet")

    def keep_only_hands_then_feet() -> None:
        regions.set_value(kept)
        regions.changed.emit()

    change(page, qtbot, keep_only_hands_then_feet)

    after = page.filled
    assert after is not None and tuple(after.practice.made_from.values["regions"]) == kept
    assert after.reachable.longest < before.reachable.longest
    assert format_clock(after.reachable.longest) in page.range_label.text()
    spoken = " ".join(s.text for s in after.practice.sentences).lower()
    assert spoken.index("hands") < spoken.index("feet")  # spoken in the order chosen


def test_a_bad_value_is_explained_next_to_its_field_and_save_waits(page: BuilderPage, qtbot: QtBot) -> None:
    start(page, qtbot, "self-compassion-break")
    noticing = page.form.fields["noticing"]
    assert isinstance(noticing, QLineEdit)
    shown = page.preview.toPlainText()

    change(page, qtbot, noticing.clear)

    label = page.form.problem_labels["noticing"]
    assert label.isVisible() and "empty" in label.text()
    assert not page.save_button.isEnabled()
    assert page.message.isVisible() and "1 thing to change" in page.message.text()
    assert page.preview.toPlainText() == shown  # the last practice that worked stays in view

    change(page, qtbot, lambda: noticing.setText("This is hard {right now}"))  # braces: the template says no

    assert "Curly braces { } cannot be spoken" in label.text()
    assert not page.save_button.isEnabled()

    change(page, qtbot, lambda: noticing.setText("This is hard right now."))

    assert not label.isVisible() and page.save_button.isEnabled() and not page.message.isVisible()


def test_a_practice_needs_a_title(page: BuilderPage, qtbot: QtBot) -> None:
    start(page, qtbot, "soles-of-the-feet")
    change(page, qtbot, page.title_edit.clear)
    assert page.title_problem.isVisible() and not page.save_button.isEnabled()
    change(page, qtbot, lambda: page.title_edit.setText("Feet on the floor"))
    assert not page.title_problem.isVisible() and page.save_button.isEnabled()


def fill_about(page: BuilderPage, qtbot: QtBot) -> None:
    def about() -> None:
        page.title_edit.setText("Kind words for Sam")
        page.for_whom_edit.setText("Sam")
        page.notes_edit.setPlainText("Short, for evenings.\nSkip the touch if it feels too much.")
        page.author_edit.setText("Dr. Rivera")

    change(page, qtbot, about)


def test_save_makes_a_new_practice_in_your_folder_that_parses(page: BuilderPage, paths: AppPaths,
                                                              qtbot: QtBot) -> None:
    start(page, qtbot, "self-compassion-break")
    change(page, qtbot, lambda: page.form.fields["touch"].setChecked(False))
    fill_about(page, qtbot)

    with qtbot.waitSignal(page.saved, timeout=WAIT_MS) as saved:
        page.save_button.click()

    path = saved.args[0]
    assert path.parent == paths.practices and path.suffix == ".md"
    practice = load_practice(path)
    assert practice.title == "Kind words for Sam"
    assert (practice.for_whom, practice.author) == ("Sam", "Dr. Rivera")
    assert practice.notes == "Short, for evenings.\nSkip the touch if it feels too much."
    assert practice.made_from is not None and practice.made_from.values["touch"] is False
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.name in page.message.text()
    assert not page.has_unsaved_changes


def test_saving_twice_replaces_the_practice_rather_than_making_another(page: BuilderPage, paths: AppPaths,
                                                                       qtbot: QtBot) -> None:
    start(page, qtbot, "soles-of-the-feet")
    with qtbot.waitSignal(page.saved, timeout=WAIT_MS) as first:
        page.save_button.click()
    change(page, qtbot, lambda: page.notes_edit.setPlainText("After hard sessions."))
    with qtbot.waitSignal(page.saved, timeout=WAIT_MS) as second:
        page.save_button.click()
    assert second.args == first.args
    assert list(paths.practices.glob("*.md")) == [first.args[0]]
    assert load_practice(first.args[0]).notes == "After hard sessions."


def test_edit_reopens_a_saved_practice_with_its_values(page: BuilderPage, services: Services,
                                                       qtbot: QtBot) -> None:
    start(page, qtbot, "custom-body-scan")
    regions = page.form.fields["regions"]
    assert isinstance(regions, OrderedChoices)

    def chosen() -> None:
        regions.set_value(("chest", "hands", "feet"))
        regions.changed.emit()
        page.form.fields["anchor"].setCurrentText("the sounds around you")

    change(page, qtbot, chosen)
    fill_about(page, qtbot)
    with qtbot.waitSignal(page.saved, timeout=WAIT_MS) as saved:
        page.save_button.click()
    path = saved.args[0]

    again = BuilderPage(services)
    qtbot.addWidget(again)
    with qtbot.waitSignal(again.preview_updated, timeout=WAIT_MS):
        again.edit(path)

    assert again.editing == path
    assert again.form.values()["regions"] == ("chest", "hands", "feet")
    assert again.form.values()["anchor"] == "the sounds around you"
    assert (again.title_edit.text(), again.for_whom_edit.text(), again.author_edit.text()) == \
        ("Kind words for Sam", "Sam", "Dr. Rivera")
    assert again.notes_edit.toPlainText() == "Short, for evenings.\nSkip the touch if it feels too much."
    assert again.form_title.text() == "Editing: Kind words for Sam"
    assert again.other_template_button.isHidden()
    again.show()
    change(again, qtbot, lambda: again.form.fields["thanks"].setChecked(False))
    with qtbot.waitSignal(again.saved, timeout=WAIT_MS) as resaved:
        again.save_button.click()
    assert resaved.args == [path]
    assert load_practice(path).made_from.values["thanks"] is False


def test_a_practice_not_made_from_a_template_is_offered_to_the_script_editor(page: BuilderPage, paths: AppPaths,
                                                                             qtbot: QtBot) -> None:
    path = ensure_dir(paths.practices) / "by-hand.md"
    path.write_text("---\ntitle: By hand\n---\nYou might rest here for a moment.\n", encoding="utf-8")

    with qtbot.waitSignal(page.cannot_edit, timeout=WAIT_MS) as why:
        page.edit(path)

    assert "not made from a template" in why.args[0]
    assert page.stack.currentWidget() is page.elsewhere
    assert "by-hand.md" in page.elsewhere_reason.text()
    page.open_editor_button.click()
    dialog = page.script_editor
    assert isinstance(dialog, ScriptEditorDialog) and dialog.isVisible()
    assert dialog.path == path and not dialog.read_only
    dialog.close()


def test_leaving_with_unsaved_changes_asks_first(page: BuilderPage, qtbot: QtBot) -> None:
    start(page, qtbot, "soles-of-the-feet")
    closed: list[bool] = []
    page.closed.connect(lambda: closed.append(True))
    change(page, qtbot, lambda: page.for_whom_edit.setText("Alex"))

    page.leave()
    box = page.question
    assert isinstance(box, QMessageBox) and box.isVisible() and "not saved" in box.text()
    (stay,) = [b for b in box.buttons() if b.text() == "Stay"]
    stay.click()
    assert closed == []

    page.leave()
    (leave,) = [b for b in page.question.buttons() if b.text() == "Leave without saving"]
    with qtbot.waitSignal(page.closed, timeout=WAIT_MS):
        leave.click()


def test_leaving_after_saving_asks_nothing(page: BuilderPage, qtbot: QtBot) -> None:
    start(page, qtbot, "soles-of-the-feet")
    with qtbot.waitSignal(page.saved, timeout=WAIT_MS):
        page.save_button.click()
    with qtbot.waitSignal(page.closed, timeout=WAIT_MS):
        page.leave()
    assert page.question is None


def test_template_problems_go_to_the_field_they_name() -> None:
    from kindaudio.script.errors import Diagnostic

    fields, rest = problems_by_field((
        Diagnostic("t.md", 3, 3, "value for 'phrase_1' (First phrase): the text is empty"),
        Diagnostic("t.md", 9, 1, "'rounds' needs more room"),
        Diagnostic("t.md", 1, 1, "something else"),
    ), {"phrase_1", "rounds"})
    assert fields == {"phrase_1": "the text is empty", "rounds": "'rounds' needs more room"}
    assert rest == ["something else"]


def test_every_control_has_a_name_and_a_tooltip(page: BuilderPage, qtbot: QtBot) -> None:
    start(page, qtbot, "loving-kindness-phrases")
    controls = [*page.form.focus_chain(), page.title_edit, page.for_whom_edit, page.notes_edit,
                page.author_edit, page.save_button, page.other_template_button, page.preview]
    for control in controls:
        assert control.accessibleName(), control
        assert control.toolTip(), control.accessibleName()
        assert control.focusPolicy() & Qt.FocusPolicy.TabFocus, control.accessibleName()


def test_the_preview_shows_the_practice_as_heard_with_its_source_behind_a_toggle(page: BuilderPage,
                                                                                 qtbot: QtBot) -> None:
    start(page, qtbot, "self-compassion-break")
    panel = page.editor_view.preview
    assert panel.views.currentWidget() is panel.heard  # as it will be heard, first
    rows = panel.heard.rows()
    assert any(row.split(" ", 1)[1].startswith("# ") for row in rows)  # sections
    assert any("(pause" in row for row in rows)  # pauses, with their lengths
    assert panel.heard.sentence_items()  # lines, each to be heard on its own
    assert not any("---" in row or "{{" in row for row in rows)  # not the file's source
    assert page.range_label.text().startswith("It can last from about")  # the length range
    panel.source_button.click()
    assert panel.views.currentWidget() is panel.preview and "---" in page.preview.toPlainText()
    panel.source_button.click()
    assert panel.views.currentWidget() is panel.heard


def test_the_saved_note_leaves_your_name_in_view(page: BuilderPage, qtbot: QtBot) -> None:
    start(page, qtbot, "self-compassion-break")
    fill_about(page, qtbot)
    page.author_edit.setFocus()
    with qtbot.waitSignal(page.saved, timeout=WAIT_MS):
        page.save_button.click()
    scroll = page.editor_view.form_scroll
    name = page.author_edit

    def name_in_view() -> bool:
        top = name.mapTo(scroll.viewport(), name.rect().topLeft()).y()
        bottom = name.mapTo(scroll.viewport(), name.rect().bottomLeft()).y()
        return page.message.isVisible() and 0 <= top and bottom <= scroll.viewport().height()

    qtbot.waitUntil(name_in_view, timeout=WAIT_MS)  # the field is whole in view, above the note
    message_top = page.message.mapTo(page, page.message.rect().topLeft()).y()
    assert name.mapTo(page, name.rect().bottomLeft()).y() <= message_top  # nothing lies over it
    save_screenshots(page, "builder-saved")
    page.editor_view.preview.source_button.click()
    save_screenshots(page, "builder-source")


