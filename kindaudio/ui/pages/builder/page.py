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
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QDialog, QHBoxLayout, QMessageBox, QStackedWidget, QVBoxLayout, QWidget

from kindaudio.ui.navigation import back_link
from kindaudio.ui.pages.builder.data import (
    Filled,
    Opened,
    fill,
    open_for_editing,
    problems_by_field,
    read_template,
    read_templates,
    save_filled,
)
from kindaudio.ui.pages.builder.form_view import FormView
from kindaudio.ui.pages.builder.template_chooser import TemplateCard, TemplateChooser
from kindaudio.ui.pages.builder.text import changes_needed_text
from kindaudio.ui.services import Services
from kindaudio.ui.tasks import Task
from kindaudio.ui.widgets.basics import make_button, make_label, page_header, set_role
from kindaudio.ui.widgets.question import Answer, ask
from kindaudio.ui.widgets.variable_form import VariableForm

if TYPE_CHECKING:
    from kindaudio.script.builder.fill import Draft, FilledPractice
    from kindaudio.script.builder.templates import TemplateInfo

log = logging.getLogger(__name__)

PREVIEW_DELAY_MS = 250  # after the last change, the template is filled in again


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
        self.editing: Path | None = None  # the file Save replaces (None: a new practice)
        self.filled: FilledPractice | None = None  # the preview's practice, when it matches the form
        self.question: QMessageBox | None = None
        self.script_editor: QDialog | None = None
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
        self.chooser = TemplateChooser(self._back_button())
        self.chooser.chosen.connect(lambda template_id: self.start_new(template_id))
        self.chooser_message = self.chooser.message
        self.editor_view = self._build_form_view()
        self.elsewhere = self._build_elsewhere_view()
        for view in (self.chooser, self.editor_view, self.elsewhere):
            self.stack.addWidget(view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

    @property
    def cards(self) -> list[TemplateCard]:
        """The template cards shown to choose from."""
        return self.chooser.cards

    @property
    def form(self) -> VariableForm | None:
        """The template's form (None before a template is chosen)."""
        return self.editor_view.form

    # -- building ------------------------------------------------------------------------

    def _back_button(self) -> QWidget:
        button = back_link("Leave the builder (you are asked first if something is not saved)")
        button.clicked.connect(self.leave)
        return button

    def _build_form_view(self) -> FormView:
        view = FormView(self._back_button(), self.services)
        view.about.changed.connect(self._changed)
        view.other_template_button.clicked.connect(lambda: self.start_new(None))
        view.save_button.clicked.connect(self.save)
        # Its parts by the names the rest of the builder (and its tests) know them by.
        about, preview = view.about, view.preview
        self.title_edit, self.for_whom_edit, self.notes_edit = about.title_edit, about.for_whom_edit, about.notes_edit
        self.author_edit, self.title_problem = about.author_edit, about.title_problem
        self.form_title, self.message, self.save_button = view.form_title, view.message, view.save_button
        self.other_template_button = view.other_template_button
        self.preview, self.range_label = preview.preview, preview.range_label
        self.estimate_label = preview.estimate_label
        return view

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

        self.services.tasks.run(read_template, template_id, connect=connect)

    def _load_templates(self) -> None:
        self.chooser_message.setText("Reading the templates…")
        self.chooser_message.setProperty("role", "muted")
        self.chooser_message.show()

        def connect(task: Task) -> None:
            task.succeeded.connect(self._show_templates)
            task.failed.connect(self._templates_failed)

        self.services.tasks.run(read_templates, connect=connect)

    def _show_templates(self, templates: list[TemplateInfo]) -> None:
        self.chooser.show_templates(templates)
        self.templates_loaded.emit()

    def _templates_failed(self, message: str) -> None:
        set_role(self.chooser_message, "error")
        self.chooser_message.setText(f"The templates could not be read: {message}")
        self.chooser_message.show()
        self.templates_loaded.emit()

    def _template_loaded(self, template: TemplateInfo) -> None:
        self._show_form(template, None)

    def _template_failed(self, message: str) -> None:
        self.stack.setCurrentWidget(self.chooser)
        self._load_templates()
        set_role(self.chooser_message, "error")
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
        from kindaudio.ui.dialogs.script_editor.dialog import ScriptEditorDialog

        dialog = ScriptEditorDialog(self.services, self.editing, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self.saved)
        self.script_editor = dialog
        dialog.open()
        return dialog

    def _show_form(self, template: TemplateInfo, draft: Draft | None, editing: Path | None = None) -> None:
        self.template = template
        self.editing = editing
        self.editor_view.show_form(template, draft).changed.connect(self._changed)
        self.filled = None
        self._unsaved = False
        self.stack.setCurrentWidget(self.editor_view)
        self.editor_view.form_scroll.verticalScrollBar().setValue(0)
        self.form_ready.emit()
        self.refresh_preview()

    # -- the preview -------------------------------------------------------------------

    def draft(self) -> Draft | None:
        """The form as a Draft (None before a template is chosen)."""
        from kindaudio.script.builder.fill import Draft

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
        return self.editor_view.about.show_title_problem()

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
            self._say(changes_needed_text(count))
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
        self.editor_view.preview.show_filled(result.filled)
        self.message.hide()
        self.save_button.setEnabled(not self._saving)
        self.preview_updated.emit()

    def _say(self, text: str) -> None:
        set_role(self.message, "error")
        self.message.setText(text)
        self._show_message_keeping_the_form_in_view()

    def _show_message_keeping_the_form_in_view(self) -> None:
        """Show the note under the form; the form's scrolling area shrinks for it, so the field being
        filled in (else the last one, "Your name", beside Save) is scrolled back into view, not hidden."""
        self.message.show()
        scroll = self.editor_view.form_scroll
        focused = QApplication.focusWidget()
        content = scroll.widget()
        field = focused if focused is not None and content is not None and content.isAncestorOf(focused) \
            else self.author_edit
        QTimer.singleShot(0, lambda: self._scroll_into_view(field))

    def _scroll_into_view(self, field: QWidget) -> None:
        # The title above may have changed too ("Editing: …"): the page is laid out again first, so the
        # scrolling area has its final height when the field is brought into it.
        layout = self.editor_view.layout()
        if layout is not None:
            layout.activate()
        self.editor_view.form_scroll.ensureWidgetVisible(field, 0, 8)

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
        set_role(self.message, "note")
        self.message.setText(f"Saved as {path.name} in your practices. The Library shows it now.")
        self._show_message_keeping_the_form_in_view()
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

