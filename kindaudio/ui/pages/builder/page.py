"""The builder: a practice made from a template, for one person, with a live preview.

A therapist chooses a template, fills in its form (the client's own phrases,
which body regions, soothing touch or not), names the practice and says who it
is for; the preview shows the practice as it will be saved, how long it can
last and how much of it is speech. Filling in the template runs off the GUI
thread a moment after typing stops, and a value the template cannot use is
explained next to its field and keeps Save disabled; nothing half-made is
saved. A practice made here remembers its template and values, so `edit`
reopens it with the form filled in; a practice written by hand is offered to
the script editor instead.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (QDialog, QFrame, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QMessageBox,
                               QPlainTextEdit, QScrollArea, QStackedWidget, QVBoxLayout, QWidget)

from kindaudio.common.errors import KindAudioError
from kindaudio.script.durations import format_clock
from kindaudio.script.errors import Diagnostic, ScriptError
from kindaudio.ui.services import Services
from kindaudio.ui.tasks import Task
from kindaudio.ui.widgets.basics import make_button, make_label, page_header
from kindaudio.ui.widgets.question import Answer, ask
from kindaudio.ui.widgets.script_highlighter import ScriptHighlighter
from kindaudio.ui.widgets.variable_form import VariableForm

if TYPE_CHECKING:
    from kindaudio.common.paths import AppPaths
    from kindaudio.script.model import Practice
    from kindaudio.script.templates import Draft, FilledPractice, TemplateInfo

log = logging.getLogger(__name__)

PREVIEW_DELAY_MS = 250  # after the last change, the template is filled in again
TEMPLATE_COLUMNS = 2
TITLE_FIELD = "title"
_VALUE_MESSAGE = re.compile(r"value for '(?P<name>\w+)'(?: \([^)]*\))?: (?P<message>.+)", re.DOTALL)
_QUOTED_NAME = re.compile(r"'(\w+)'")


# -- work done off the GUI thread (no Qt) ------------------------------------------------

@dataclass(frozen=True)
class Filled:
    """What filling in the template gave for one version of the form: a practice, or why not."""

    generation: int
    filled: FilledPractice | None
    diagnostics: tuple[Diagnostic, ...] = ()
    message: str = ""  # a problem that is not the template's (shown as it is)


def fill(draft: Draft, generation: int) -> Filled:
    """The template filled in with the draft's values; a bad value is a result, not an exception."""
    from kindaudio.script.templates import fill_template

    try:
        return Filled(generation, fill_template(draft))
    except ScriptError as exc:
        return Filled(generation, None, exc.diagnostics)
    except KindAudioError as exc:
        return Filled(generation, None, message=str(exc))


@dataclass(frozen=True)
class Opened:
    """A practice file read for editing: its draft and template, or why the builder cannot reopen it."""

    path: Path
    draft: Draft | None
    template: TemplateInfo | None
    reason: str = ""  # when there is no draft: why, for the person


def open_for_editing(path: Path) -> Opened:
    """Read a practice and find the template and values it was made from."""
    from kindaudio.script.parser import load_practice
    from kindaudio.script.templates import draft_of, load_template

    try:
        practice: Practice = load_practice(path)
    except KindAudioError as exc:
        return Opened(path, None, None, f"It cannot be read as it is:\n{exc}")
    draft = draft_of(practice)
    if draft is None:
        return Opened(path, None, None, "It was not made from a template, so there is no form to fill in.")
    try:
        template = load_template(draft.template_id)
    except KindAudioError as exc:
        return Opened(path, None, None, f"It was made from a template KindAudio does not have: {exc}")
    return Opened(path, draft, template)


def save_filled(filled: FilledPractice, paths: AppPaths, replace: Path | None) -> Path:
    from kindaudio.script.templates import save_practice

    return save_practice(filled, paths, replace=replace)


def speech_seconds(practice: Practice) -> float:
    """About how long the voice speaks, from the words and the practice's pace."""
    from kindaudio.script.timing import estimate_speech_seconds

    return sum(estimate_speech_seconds(s.text, practice.pace.rate) for s in practice.sentences)


def problems_by_field(diagnostics: tuple[Diagnostic, ...], names: set[str]) -> tuple[dict[str, str], list[str]]:
    """Which template problems belong to which field (by the variable they name), and the rest."""
    fields: dict[str, str] = {}
    rest: list[str] = []
    for diagnostic in diagnostics:
        match = _VALUE_MESSAGE.match(diagnostic.message)
        if match and match.group("name") in names:
            fields.setdefault(match.group("name"), match.group("message"))
            continue
        named = [name for name in _QUOTED_NAME.findall(diagnostic.message) if name in names]
        if named:
            fields.setdefault(named[0], diagnostic.message)
        else:
            rest.append(diagnostic.message)
    return fields, rest


# -- the page ----------------------------------------------------------------------------

class TemplateCard(QFrame):
    """One template to start from: its title, what it offers, what you can choose, and a button.

    Signals:
        chosen(str): the template's id.
    """

    chosen = Signal(str)

    def __init__(self, template: TemplateInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.template = template
        self.setProperty("role", "card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 18)
        layout.setSpacing(8)
        layout.addWidget(make_label(template.title, "card-title"))
        if template.summary:
            layout.addWidget(make_label(template.summary))
        labels = ", ".join(variable.label for variable in template.variables)
        if labels:
            choices = make_label(f"You can choose: {labels}.", "muted")
            choices.setAccessibleName(f"What you can choose in {template.title}")
            layout.addWidget(choices)
        layout.addStretch(1)
        self.button = make_button("Use this template", f"Use the template {template.title}",
                                  f"Start a practice from {template.title}", "primary")
        self.button.clicked.connect(lambda: self.chosen.emit(template.id))
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.button)
        layout.addLayout(row)
        self.setAccessibleName(f"{template.title}. {template.summary}")


class BuilderPage(QWidget):
    """Choose a template, fill in its form, see the practice, save it.

    Signals:
        saved(Path): a practice file was written (new, or the one being edited).
        closed(): the person is done with the builder.
        templates_loaded(): the template cards are shown.
        form_ready(): a template's form is shown (new, or filled in from a practice being edited).
        preview_updated(): the preview, range and Save button describe the form as it is now.
        cannot_edit(str): `edit` found no form to reopen (the reason); the script editor is offered.
    """

    saved = Signal(Path)
    closed = Signal()
    templates_loaded = Signal()
    form_ready = Signal()
    preview_updated = Signal()
    cannot_edit = Signal(str)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.template: TemplateInfo | None = None
        self.form: VariableForm | None = None
        self.editing: Path | None = None  # the file Save replaces (None: a new practice)
        self.filled: FilledPractice | None = None  # the preview's practice, when it matches the form
        self.question: QMessageBox | None = None
        self.script_editor: QDialog | None = None
        self.cards: list[TemplateCard] = []
        self._generation = 0
        self._current = False  # the preview describes the form as it is now
        self._unsaved = False
        self._saving = False
        self._loading_path: Path | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.refresh_preview)
        self.setAccessibleName("Make a practice")
        self.stack = QStackedWidget()
        self.chooser = self._build_chooser()
        self.editor_view = self._build_editor_view()
        self.elsewhere = self._build_elsewhere_view()
        for view in (self.chooser, self.editor_view, self.elsewhere):
            self.stack.addWidget(view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

    # -- building: choosing a template ----------------------------------------------

    def _back_button(self) -> QWidget:
        button = make_button("Back to the library", "Back to the library",
                             "Leave the builder (you are asked first if something is not saved)", "link")
        button.clicked.connect(self.leave)
        return button

    def _build_chooser(self) -> QWidget:
        view = QWidget()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        content = QWidget()
        scroll.setWidget(content)
        column = QVBoxLayout(content)
        column.setContentsMargins(40, 32, 40, 40)
        column.setSpacing(16)
        column.addLayout(page_header("Make a practice from a template",
                                     "Choose where to start. Every choice can be changed before you save, and "
                                     "the practice is saved as a new one in your practices.",
                                     self._back_button()))
        self.chooser_message = make_label("Reading the templates…", "muted", accessible="Templates")
        column.addWidget(self.chooser_message)
        self.card_grid = QGridLayout()
        self.card_grid.setSpacing(16)
        for index in range(TEMPLATE_COLUMNS):
            self.card_grid.setColumnStretch(index, 1)
        column.addLayout(self.card_grid)
        column.addStretch(1)
        outer = QVBoxLayout(view)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        return view

    # -- building: the form and the preview -------------------------------------------

    def _build_editor_view(self) -> QWidget:
        view = QWidget()
        outer = QVBoxLayout(view)
        outer.setContentsMargins(40, 24, 40, 20)
        outer.setSpacing(12)
        self.form_title = make_label("", "page-title")
        self.form_subtitle = make_label("", "subtitle")
        titles = QVBoxLayout()
        titles.setSpacing(4)
        titles.addWidget(self.form_title)
        titles.addWidget(self.form_subtitle)
        header = QHBoxLayout()
        header.addLayout(titles, 1)
        header.addWidget(self._back_button(), 0, Qt.AlignmentFlag.AlignTop)
        outer.addLayout(header)

        columns = QHBoxLayout()
        columns.setSpacing(24)
        outer.addLayout(columns, 1)

        # Left: what the person chooses, scrolling when it is long.
        left = QVBoxLayout()
        left.setSpacing(10)
        self.form_scroll = QScrollArea()
        self.form_scroll.setWidgetResizable(True)
        self.form_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.form_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        form_content = QWidget()
        self.form_column = QVBoxLayout(form_content)
        self.form_column.setContentsMargins(0, 0, 16, 8)
        self.form_column.setSpacing(14)
        self.form_column.addWidget(make_label("Your choices", "section-title"))
        self.form_holder = QVBoxLayout()
        self.form_column.addLayout(self.form_holder)
        self.form_column.addWidget(make_label("About this practice", "section-title"))
        self._build_about(self.form_column)
        self.form_column.addStretch(1)
        self.form_scroll.setWidget(form_content)
        left.addWidget(self.form_scroll, 1)
        self.message = make_label("", "error", selectable=True, accessible="What needs a look before saving")
        self.message.hide()
        left.addWidget(self.message)
        buttons = QHBoxLayout()
        self.other_template_button = make_button("Choose another template", "Choose another template",
                                                 "Go back to the templates (what you filled in here is not kept)",
                                                 "link")
        self.other_template_button.clicked.connect(lambda: self.start_new(None))
        self.save_button = make_button("Save practice", "Save the practice",
                                       "Save it in your practices, where the Library shows it", "primary")
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(self.other_template_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        left.addLayout(buttons)
        columns.addLayout(left, 9)

        # Right: the practice as it will be saved.
        right = QVBoxLayout()
        right.setSpacing(8)
        right.addWidget(make_label("Preview", "section-title"))
        self.range_label = make_label("", "subtitle", accessible="How long it can last")
        self.estimate_label = make_label("", "muted", accessible="About the estimate")
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.preview.setProperty("role", "script")
        self.preview.setAccessibleName("Preview of the practice text")
        self.preview.setToolTip("The practice file as it will be saved; it changes as you fill in the form")
        self.preview_highlighter = ScriptHighlighter(self.preview.document(), self.preview.palette())
        right.addWidget(self.range_label)
        right.addWidget(self.estimate_label)
        right.addWidget(self.preview, 1)
        columns.addLayout(right, 11)
        return view

    def _build_about(self, column: QVBoxLayout) -> None:
        def field(label: str, widget: QWidget, tip: str, help_text: str = "") -> None:
            widget.setAccessibleName(label)
            widget.setToolTip(tip)
            caption = make_label(label)
            caption.setBuddy(widget)
            column.addWidget(caption)
            column.addWidget(widget)
            if help_text:
                column.addWidget(make_label(help_text, "muted", accessible=f"About {label}"))

        self.title_edit = QLineEdit()
        field("Title", self.title_edit, "The name the Library shows for this practice")
        self.title_problem = make_label("", "error", accessible="Problem with the title")
        self.title_problem.hide()
        column.addWidget(self.title_problem)
        self.for_whom_edit = QLineEdit()
        field("For whom", self.for_whom_edit, "Who this practice is made for (optional)",
              "Shown in the Library's tooltip; never spoken.")
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setFixedHeight(self.notes_edit.fontMetrics().lineSpacing() * 4 + 24)
        field("Notes", self.notes_edit, "Your notes about this practice (optional; never spoken)")
        self.author_edit = QLineEdit()
        field("Your name", self.author_edit, "Who made it (optional); the Library shows \"By\" this name")
        for line in (self.title_edit, self.for_whom_edit, self.author_edit):
            line.textChanged.connect(self._changed)
        self.notes_edit.textChanged.connect(self._changed)

    def _build_elsewhere_view(self) -> QWidget:
        view = QWidget()
        column = QVBoxLayout(view)
        column.setContentsMargins(40, 32, 40, 40)
        column.setSpacing(16)
        column.addLayout(page_header("This practice has no form", "The builder reopens practices made from a "
                                     "template.", self._back_button()))
        self.elsewhere_reason = make_label("", "note", selectable=True, accessible="Why there is no form")
        column.addWidget(self.elsewhere_reason)
        column.addWidget(make_label("You can change its text in the script editor instead.", "muted"))
        self.open_editor_button = make_button("Open in the script editor", "Open in the script editor",
                                              "Edit the practice's text, with problems shown as you type", "primary")
        self.open_editor_button.clicked.connect(self.open_script_editor)
        row = QHBoxLayout()
        row.addWidget(self.open_editor_button)
        row.addStretch(1)
        column.addLayout(row)
        column.addStretch(1)
        return view

    # -- starting ----------------------------------------------------------------------

    def start_new(self, template_id: str | None = None) -> None:
        """A new practice: from `template_id`, or with the templates to choose from first."""
        self._timer.stop()
        self.editing = None
        self._loading_path = None
        if template_id is None:
            self.stack.setCurrentWidget(self.chooser)
            self._load_templates()
            return

        def connect(task: Task) -> None:
            task.succeeded.connect(self._template_loaded)
            task.failed.connect(self._template_failed)

        self.services.tasks.run(_load_template, template_id, connect=connect)

    def _load_templates(self) -> None:
        self.chooser_message.setText("Reading the templates…")
        self.chooser_message.setProperty("role", "muted")
        self.chooser_message.show()

        def connect(task: Task) -> None:
            task.succeeded.connect(self._show_templates)
            task.failed.connect(self._templates_failed)

        self.services.tasks.run(_list_templates, connect=connect)

    def _show_templates(self, templates: list[TemplateInfo]) -> None:
        for card in self.cards:
            self.card_grid.removeWidget(card)
            card.deleteLater()
        self.cards = []
        for index, template in enumerate(templates):
            card = TemplateCard(template)
            card.chosen.connect(lambda template_id: self.start_new(template_id))
            self.card_grid.addWidget(card, index // TEMPLATE_COLUMNS, index % TEMPLATE_COLUMNS)
            self.cards.append(card)
        self.chooser_message.setVisible(not templates)
        self.chooser_message.setText("No templates were found." if not templates else "")
        self.templates_loaded.emit()

    def _templates_failed(self, message: str) -> None:
        self._restyle(self.chooser_message, "error")
        self.chooser_message.setText(f"The templates could not be read: {message}")
        self.chooser_message.show()
        self.templates_loaded.emit()

    def _template_loaded(self, template: TemplateInfo) -> None:
        self._show_form(template, None)

    def _template_failed(self, message: str) -> None:
        self.stack.setCurrentWidget(self.chooser)
        self._load_templates()
        self._restyle(self.chooser_message, "error")
        self.chooser_message.setText(message)

    def edit(self, path: Path) -> None:
        """Reopen a practice made from a template with its form filled in; any other is offered to the editor."""
        self._timer.stop()
        self._loading_path = Path(path)

        def connect(task: Task) -> None:
            task.succeeded.connect(self._opened)
            task.failed.connect(lambda message: self._offer_editor(Path(path), message))

        self.services.tasks.run(open_for_editing, Path(path), connect=connect)

    def _opened(self, opened: Opened) -> None:
        if opened.path != self._loading_path:
            return  # another practice was asked for meanwhile
        self._loading_path = None
        if opened.draft is None or opened.template is None:
            self._offer_editor(opened.path, opened.reason)
            return
        self._show_form(opened.template, opened.draft, editing=opened.path)

    def _offer_editor(self, path: Path, reason: str) -> None:
        self._loading_path = None
        self.editing = path
        self.elsewhere_reason.setText(f"{path.name}: {reason}")
        self.stack.setCurrentWidget(self.elsewhere)
        self.cannot_edit.emit(reason)

    def open_script_editor(self) -> QDialog | None:
        """The practice the builder could not reopen, in the script editor."""
        if self.editing is None:
            return None
        from kindaudio.ui.dialogs.script_editor import ScriptEditorDialog

        dialog = ScriptEditorDialog(self.services, self.editing, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self.saved)
        self.script_editor = dialog
        dialog.open()
        return dialog

    def _show_form(self, template: TemplateInfo, draft: Draft | None, editing: Path | None = None) -> None:
        self.template = template
        self.editing = editing
        if self.form is not None:
            self.form_holder.removeWidget(self.form)
            self.form.deleteLater()
        self.form = VariableForm(template.variables, dict(draft.values) if draft is not None else None)
        self.form.changed.connect(self._changed)
        self.form_holder.addWidget(self.form)
        for edit, text in ((self.title_edit, draft.title if draft else template.title),
                           (self.for_whom_edit, draft.for_whom if draft else ""),
                           (self.author_edit, draft.author if draft else self.author_edit.text())):
            edit.blockSignals(True)
            edit.setText(text)
            edit.blockSignals(False)
        self.notes_edit.blockSignals(True)
        self.notes_edit.setPlainText(draft.notes if draft else "")
        self.notes_edit.blockSignals(False)
        if draft is None:
            self.form_title.setText(f"New practice: {template.title}")
        else:
            self.form_title.setText(f"Editing: {draft.title}")
        self.form_subtitle.setText(template.summary)
        self.other_template_button.setVisible(draft is None)
        self._tab_order()
        self.preview.setPlainText("")
        self.range_label.setText("")
        self.estimate_label.setText("Filling in the template…")
        self.message.hide()
        self.filled = None
        self._unsaved = False
        self.stack.setCurrentWidget(self.editor_view)
        self.form_scroll.verticalScrollBar().setValue(0)
        self.form_ready.emit()
        self.refresh_preview()

    def _tab_order(self) -> None:
        chain: list[QWidget] = self.form.focus_chain() if self.form is not None else []
        chain += [self.title_edit, self.for_whom_edit, self.notes_edit, self.author_edit,
                  self.other_template_button, self.save_button, self.preview]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    # -- the preview -------------------------------------------------------------------

    def draft(self) -> Draft | None:
        """The form as a Draft (None before a template is chosen)."""
        from kindaudio.script.templates import Draft

        if self.template is None or self.form is None:
            return None
        return Draft(template_id=self.template.id, values=self.form.values(),
                     title=" ".join(self.title_edit.text().split()), for_whom=self.for_whom_edit.text().strip(),
                     notes=self.notes_edit.toPlainText().strip(), author=self.author_edit.text().strip())

    def _changed(self, *_: Any) -> None:
        self._unsaved = True
        self._current = False
        self.save_button.setEnabled(False)
        self._show_title_problem()
        self._timer.start()

    def _show_title_problem(self) -> str:
        problem = "" if self.title_edit.text().strip() else "A practice needs a title; the Library shows it."
        self.title_problem.setText(problem)
        self.title_problem.setVisible(bool(problem))
        return problem

    def refresh_preview(self) -> None:
        """Fill in the template with the form as it is now, off the GUI thread; `preview_updated` follows."""
        self._timer.stop()
        draft = self.draft()
        if draft is None or self.form is None:
            return
        self._generation += 1
        generation = self._generation
        self._current = False
        local = self.form.problems()
        title_problem = self._show_title_problem()
        if local or title_problem:
            # The template would refuse these values; say what to change without asking it.
            self.filled = None
            self.save_button.setEnabled(False)
            count = len(local) + (1 if title_problem else 0)
            self._say(f"{count} thing{'s' if count != 1 else ''} to change before saving (said next to "
                      f"{'it' if count == 1 else 'each'}). The preview shows the last choices that worked.")
            self._current = True
            self.preview_updated.emit()
            return

        def connect(task: Task) -> None:
            task.succeeded.connect(self._filled)
            task.failed.connect(lambda message: self._filled(Filled(generation, None, message=message)))

        self.services.tasks.run(fill, draft, generation, connect=connect)

    def _filled(self, result: Filled) -> None:
        if result.generation != self._generation or self.form is None:
            return  # the form changed meanwhile; a newer result is on its way
        self._current = True
        if result.filled is None:
            names = {variable.name for variable in self.form.variables}
            fields, rest = problems_by_field(result.diagnostics, names)
            self.form.set_outside_problems(fields)
            if result.message:
                rest.append(result.message)
            self.filled = None
            self.save_button.setEnabled(False)
            lines = [*rest] or ["A choice above cannot be used as it is; it says why next to it."]
            self._say("Before saving: " + " ".join(lines))
            self.preview_updated.emit()
            return
        self.form.set_outside_problems({})
        self.filled = result.filled
        practice = result.filled.practice
        reach = result.filled.reachable
        self.preview.setPlainText(result.filled.text)
        offered = " · ".join(str(minutes) for minutes in practice.lengths)
        self.range_label.setText(f"It can last from about {format_clock(reach.shortest)} to "
                                 f"{format_clock(reach.longest)}" + (f"; offered: {offered} min." if offered else "."))
        sentences = len(practice.sentences)
        self.estimate_label.setText(
            f"About {format_clock(speech_seconds(practice))} of it is speech ({sentences} sentence"
            f"{'s' if sentences != 1 else ''}); the rest is quiet. Estimated from the words at the practice's "
            "pace: the voice may take a little more or less.")
        self.message.hide()
        self.save_button.setEnabled(not self._saving)
        self.preview_updated.emit()

    def _say(self, text: str) -> None:
        self._restyle(self.message, "error")
        self.message.setText(text)
        self.message.show()

    @staticmethod
    def _restyle(label: QLabel, role: str) -> None:
        if label.property("role") != role:
            label.setProperty("role", role)
            label.style().unpolish(label)
            label.style().polish(label)

    @property
    def preview_is_current(self) -> bool:
        return self._current and not self._timer.isActive()

    # -- saving ------------------------------------------------------------------------

    def save(self) -> None:
        """Save the practice the preview shows (new, or over the one being edited)."""
        if self.filled is None or not self.preview_is_current or self._saving:
            return
        self._saving = True
        self.save_button.setEnabled(False)

        def connect(task: Task) -> None:
            task.succeeded.connect(self._saved)
            task.failed.connect(self._save_failed)

        self.services.tasks.run(save_filled, self.filled, self.services.paths, self.editing, connect=connect)

    def _saved(self, path: Path) -> None:
        self._saving = False
        self.editing = path  # saving again replaces this file rather than making another
        self._unsaved = False
        self.save_button.setEnabled(self.filled is not None and self._current)
        self.other_template_button.hide()
        self.form_title.setText(f"Editing: {self.title_edit.text().strip()}")
        self._restyle(self.message, "note")
        self.message.setText(f"Saved as {path.name} in your practices. The Library shows it now.")
        self.message.show()
        log.info("saved a practice from the template %s: %s", self.template.id if self.template else "?", path)
        self.saved.emit(path)

    def _save_failed(self, message: str) -> None:
        self._saving = False
        self.save_button.setEnabled(self.filled is not None and self._current)
        self._say(f"The practice was not saved: {message}")

    # -- leaving -----------------------------------------------------------------------

    @property
    def has_unsaved_changes(self) -> bool:
        return self._unsaved and self.stack.currentWidget() is self.editor_view

    def leave(self) -> None:
        """Back to the library; asks first when the form has changes that are not saved."""
        if not self.has_unsaved_changes:
            self._timer.stop()
            self.closed.emit()
            return

        def answered(chosen: int) -> None:
            self.question = None
            if chosen == 0:
                self._unsaved = False
                self._timer.stop()
                self.closed.emit()

        self.question = ask(
            self, "Leave the builder?", "This practice has changes that are not saved. Leave without saving?",
            [Answer("Leave without saving", "Leave without saving",
                    "Go back to the library; what you filled in here is not kept", "destructive"),
             Answer("Stay", "Stay in the builder", "Go back to the form")],
            answered, default=1)


def _list_templates() -> list[TemplateInfo]:
    from kindaudio.script.templates import list_templates

    return list_templates()


def _load_template(template_id: str) -> TemplateInfo:
    from kindaudio.script.templates import load_template

    return load_template(template_id)

