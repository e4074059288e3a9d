"""The builder's form view: the template's form and the fields about the practice beside a live preview.

The page decides what is shown when (and fills in the template off the GUI
thread); these widgets only lay it out and show what they are given.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kindaudio.audio import PlayChoices
from kindaudio.common.errors import KindAudioError
from kindaudio.ui.pages.builder.text import estimate_text, reach_text
from kindaudio.ui.widgets.basics import make_button, make_label
from kindaudio.ui.widgets.script_highlighter import ScriptHighlighter
from kindaudio.ui.widgets.script_view import ScriptView
from kindaudio.ui.widgets.variable_form import VariableForm

if TYPE_CHECKING:
    from kindaudio.script.builder.fill import Draft, FilledPractice
    from kindaudio.script.builder.templates import TemplateInfo
    from kindaudio.ui.services import Services

log = logging.getLogger(__name__)

SHOW_SOURCE = "Show the file's text"
SHOW_HEARD = "Show it as it will be heard"

TITLE_NEEDED = "A practice needs a title; the Library shows it."


class AboutFields(QWidget):
    """The fields under the template's form.

    Signals:
        changed(): any of them was edited.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(14)

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
            line.textChanged.connect(self.changed)
        self.notes_edit.textChanged.connect(self.changed)

    def show_values(self, title: str, for_whom: str, author: str, notes: str) -> None:
        """Fill the fields without it counting as a change."""
        for edit, text in ((self.title_edit, title), (self.for_whom_edit, for_whom), (self.author_edit, author)):
            edit.blockSignals(True)
            edit.setText(text)
            edit.blockSignals(False)
        self.notes_edit.blockSignals(True)
        self.notes_edit.setPlainText(notes)
        self.notes_edit.blockSignals(False)

    def show_title_problem(self) -> str:
        """Say next to the title when there is none; returns what was said ("" when all is well)."""
        problem = "" if self.title_edit.text().strip() else TITLE_NEEDED
        self.title_problem.setText(problem)
        self.title_problem.setVisible(bool(problem))
        return problem


class PreviewPanel(QWidget):
    """The right-hand column of the builder's form view: the practice as it will be heard (Read script's
    view: sections, lines, pauses, start times, any line heard alone), with the file's text behind a toggle."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        right = QVBoxLayout(self)
        right.setContentsMargins(0, 0, 0, 0)
        right.setSpacing(8)
        top = QHBoxLayout()
        top.addWidget(make_label("Preview", "section-title"), 1)
        self.source_button = make_button(SHOW_SOURCE, "Show the file's text",
                                         "Switch between the practice as it will be heard and the text of its file",
                                         "link")
        self.source_button.setCheckable(True)
        self.source_button.toggled.connect(self.show_source)
        top.addWidget(self.source_button, 0, Qt.AlignmentFlag.AlignRight)
        right.addLayout(top)
        self.range_label = make_label("", "subtitle", accessible="How long it can last")
        self.estimate_label = make_label("", "muted", accessible="About the estimate")
        self.heard = ScriptView(services)
        self.heard.lines.setAccessibleName("The practice as it will be heard")
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.preview.setProperty("role", "script")
        self.preview.setAccessibleName("Preview of the practice text")
        self.preview.setToolTip("The practice file as it will be saved; it changes as you fill in the form")
        self.highlighter = ScriptHighlighter(self.preview.document(), self.preview.palette())
        self.views = QStackedWidget()
        self.views.addWidget(self.heard)
        self.views.addWidget(self.preview)
        right.addWidget(self.range_label)
        right.addWidget(self.estimate_label)
        right.addWidget(self.views, 1)

    def show_source(self, source: bool) -> None:
        """The file's text (True) or the practice as it will be heard (False)."""
        self.views.setCurrentWidget(self.preview if source else self.heard)
        self.source_button.setText(SHOW_HEARD if source else SHOW_SOURCE)
        self.source_button.setAccessibleName("Show it as it will be heard" if source else "Show the file's text")
        if self.source_button.isChecked() != source:
            self.source_button.setChecked(source)

    def clear(self, note: str) -> None:
        """Nothing to show yet; `note` says why (in the estimate's place)."""
        self.preview.setPlainText("")
        self.heard.lines.clear()
        self.range_label.setText("")
        self.estimate_label.setText(note)

    def show_filled(self, filled: FilledPractice) -> None:
        self.preview.setPlainText(filled.text)
        self.range_label.setText(reach_text(filled))
        self.estimate_label.setText(estimate_text(filled))
        settings = self.services.settings.current
        choices = PlayChoices(minutes=heard_minutes(filled), voice=settings.voice)
        try:
            self.heard.show_practice(filled.practice, choices)
        except KindAudioError as exc:  # no length it can be laid out at: its text says more
            log.info("builder preview shows the text: %s", exc)
            self.heard.lines.clear()
            self.show_source(True)


def heard_minutes(filled: FilledPractice) -> float:
    """The length the preview lays the practice out at: its first offered length it can reach, else the
    shortest whole minute it can last (else its shortest)."""
    reach = filled.reachable
    offered = [minutes for minutes in filled.practice.lengths if reach.shortest <= minutes * 60 <= reach.longest]
    if offered:
        return float(offered[0])
    whole = reach.whole_minutes()
    return float(whole[0]) if whole else reach.shortest / 60


class FormView(QWidget):
    """The form on the left (scrolling when long) with Save under it, the preview on the right."""

    def __init__(self, back_button: QWidget, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form: VariableForm | None = None
        outer = QVBoxLayout(self)
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
        header.addWidget(back_button, 0, Qt.AlignmentFlag.AlignTop)
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
        self.about = AboutFields()
        self.form_column.addWidget(self.about)
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
        self.save_button = make_button("Save practice", "Save the practice",
                                       "Save it in your practices, where the Library shows it", "primary")
        self.save_button.setEnabled(False)
        buttons.addWidget(self.other_template_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        left.addLayout(buttons)
        columns.addLayout(left, 9)

        # Right: the practice as it will be saved.
        self.preview = PreviewPanel(services)
        columns.addWidget(self.preview, 11)

    def show_form(self, template: TemplateInfo, draft: Draft | None) -> VariableForm:
        """A new form for `template`, filled in from `draft` (None: a new practice); the preview waits for it."""
        if self.form is not None:
            self.form_holder.removeWidget(self.form)
            self.form.deleteLater()
        self.form = VariableForm(template.variables, dict(draft.values) if draft is not None else None)
        self.form_holder.addWidget(self.form)
        if draft is None:
            self.about.show_values(template.title, "", self.about.author_edit.text(), "")
            self.form_title.setText(f"New practice: {template.title}")
        else:
            self.about.show_values(draft.title, draft.for_whom, draft.author, draft.notes)
            self.form_title.setText(f"Editing: {draft.title}")
        self.form_subtitle.setText(template.summary)
        self.other_template_button.setVisible(draft is None)
        self._tab_order()
        self.preview.clear("Filling in the template…")
        self.message.hide()
        return self.form

    def _tab_order(self) -> None:
        about = self.about
        chain: list[QWidget] = self.form.focus_chain() if self.form is not None else []
        chain += [about.title_edit, about.for_whom_edit, about.notes_edit, about.author_edit,
                  self.other_template_button, self.save_button, self.preview.source_button,
                  self.preview.heard.lines, self.preview.preview]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)
