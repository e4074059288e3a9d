"""The calm writing form: a kind's prompts, each with a roomy text box in large type, and the "share" mark.

It only shows and collects; the page saves what it collects (as it is typed)
and says how saving went through `set_status`.

Signals:
    edited(): a word was typed or the share mark changed (the page saves after a short pause).
    back_requested(): back to the list of entries.
    delete_requested(): the person asked to delete this entry (the page asks first).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QFrame, QHBoxLayout, QPlainTextEdit, QScrollArea, QVBoxLayout, QWidget

from kindaudio.journal.entry_records import Answer
from kindaudio.journal.writing import Prompt, WritingKind
from kindaudio.ui.pages.journal import text
from kindaudio.ui.widgets.basics import make_button, make_label
from kindaudio.ui.widgets.mood_picker import ValencePicker

log = logging.getLogger(__name__)

COLUMN_WIDTH = 860  # px: a comfortable line length for reading back what was written
SHORT_LINES = 4  # a prompt's box, in lines, when a kind has several prompts
LONG_LINES = 14  # the one box of a letter or a free page


class WritingView(QWidget):
    """One entry being written (see the module's docstring for the signals)."""

    edited = Signal()
    back_requested = Signal()
    delete_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind: WritingKind | None = None
        self.editors: dict[str, QPlainTextEdit] = {}
        self._labels: dict[str, str] = {}
        self._filling = False

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        # The back link and whether it is saved, above the column and as wide as it.
        top = QHBoxLayout()
        top.setContentsMargins(40, 16, 40 + 12, 8)  # 12: about the scroll bar's width, so the edges line up
        bar_widget = QWidget()
        bar_widget.setMaximumWidth(COLUMN_WIDTH)
        bar = QHBoxLayout(bar_widget)
        bar.setContentsMargins(0, 0, 0, 0)
        self.back_button = make_button(text.BACK_TO_LIST, text.BACK_TO_LIST_NAME, text.BACK_TO_LIST_TIP, "link")
        self.back_button.clicked.connect(self.back_requested)
        self.status = make_label("", "muted", wrap=False, accessible="Whether your words are saved")
        bar.addWidget(self.back_button)
        bar.addStretch(1)
        bar.addWidget(self.status)
        top.addStretch(1)
        top.addWidget(bar_widget, 100)
        top.addStretch(1)
        outer.addLayout(top)

        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        holder = QWidget()
        centred = QHBoxLayout(holder)
        centred.setContentsMargins(40, 8, 40, 32)
        self.column = QWidget()
        self.column.setMaximumWidth(COLUMN_WIDTH)
        centred.addStretch(1)
        centred.addWidget(self.column, 100)
        centred.addStretch(1)
        self.scroll_area.setWidget(holder)
        outer.addWidget(self.scroll_area, 1)

        column = QVBoxLayout(self.column)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(10)
        self.title = make_label("", "page-title")
        self.day = make_label("", "muted")
        self.intro = make_label("", "subtitle")
        column.addWidget(self.title)
        column.addWidget(self.day)
        column.addWidget(self.intro)
        self.before_label = make_label(text.MOOD_BEFORE, "muted")
        self.valence_before = ValencePicker()
        self.valence_before.setAccessibleName(text.MOOD_BEFORE)
        self.valence_before.changed.connect(lambda _value: self._edited())
        column.addWidget(self.before_label)
        column.addWidget(self.valence_before)
        self.prompts_holder = QWidget()
        self.prompts_layout = QVBoxLayout(self.prompts_holder)
        self.prompts_layout.setContentsMargins(0, 0, 0, 0)
        self.prompts_layout.setSpacing(8)
        column.addWidget(self.prompts_holder)
        self.after_label = make_label(text.MOOD_AFTER, "muted")
        self.valence_after = ValencePicker()
        self.valence_after.setAccessibleName(text.MOOD_AFTER)
        self.valence_after.changed.connect(lambda _value: self._edited())
        column.addSpacing(6)
        column.addWidget(self.after_label)
        column.addWidget(self.valence_after)

        self.share = QCheckBox(text.SHARE)
        self.share.setAccessibleName(text.SHARE)
        self.share.setToolTip(text.SHARE_TIP)
        self.share.toggled.connect(lambda _on: self._edited())
        column.addSpacing(6)
        column.addWidget(self.share)
        self.notes = make_label("", "muted")
        column.addWidget(self.notes)
        row = QHBoxLayout()
        self.delete_button = make_button(text.DELETE_ENTRY, "Delete this entry",
                                         "Remove this entry from your journal (you will be asked)")
        self.delete_button.clicked.connect(self.delete_requested)
        row.addWidget(self.delete_button)
        row.addStretch(1)
        column.addLayout(row)
        column.addStretch(1)

    def show_entry(self, kind: WritingKind, answers: tuple[Answer, ...], *, shared: bool, day: str,
                   linked: str = "", valence_before: int | None = None, valence_after: int | None = None) -> None:
        """Fill the form with `answers` under `kind`'s prompts (answers to prompts the kind no longer has
        are shown too, under the labels they were written with, so nothing is hidden)."""
        self._filling = True
        try:
            self.kind = kind
            self.title.setText(kind.title)
            self.day.setText(" ".join(part for part in (day, linked) if part))
            self.intro.setText(kind.intro)
            self.intro.setVisible(bool(kind.intro))
            self.notes.setText(kind.notes)
            self.notes.setVisible(bool(kind.notes))
            while self.prompts_layout.count():
                item = self.prompts_layout.takeAt(0)
                gone = item.widget() if item is not None else None
                if gone is not None:
                    gone.deleteLater()
            self.editors, self._labels = {}, {}
            written = {answer.key: answer for answer in answers}
            prompts = list(kind.prompts) + [Prompt(a.key, a.label) for a in answers
                                            if a.key not in {p.key for p in kind.prompts}]
            long = len(prompts) == 1
            for prompt in prompts:
                label = written[prompt.key].label if prompt.key in written else prompt.label
                self._add_prompt(prompt, label, written[prompt.key].text if prompt.key in written else "", long)
            self.share.setChecked(shared)
            self.valence_before.set_value(valence_before)
            self.valence_after.set_value(valence_after)
            self.delete_button.setEnabled(True)
        finally:
            self._filling = False
        self.scroll_area.verticalScrollBar().setValue(0)
        first = next(iter(self.editors.values()), None)
        if first is not None:
            first.setFocus()

    def _add_prompt(self, prompt: Prompt, label: str, written: str, long: bool) -> None:
        heading = make_label(label, "section-title")
        self.prompts_layout.addWidget(heading)
        if prompt.prompt:
            self.prompts_layout.addWidget(make_label(prompt.prompt, "muted"))
        editor = QPlainTextEdit()
        editor.setProperty("role", "writing")
        editor.setAccessibleName(label)
        editor.setAccessibleDescription(prompt.prompt)
        editor.setTabChangesFocus(True)
        editor.setPlainText(written)
        lines = LONG_LINES if long else SHORT_LINES
        editor.setMinimumHeight(int(editor.fontMetrics().lineSpacing() * 1.25 * lines) + 16)
        editor.textChanged.connect(self._edited)
        heading.setBuddy(editor)
        self.prompts_layout.addWidget(editor)
        self.editors[prompt.key] = editor
        self._labels[prompt.key] = label

    def answers(self) -> tuple[Answer, ...]:
        """What is written now, one answer per box (Answer checks the text; it may raise UserInputError)."""
        return tuple(Answer(key, self._labels[key], editor.toPlainText()) for key, editor in self.editors.items())

    def shared(self) -> bool:
        return self.share.isChecked()

    def set_status(self, words: str, *, problem: bool = False) -> None:
        self.status.setText(words)
        self.status.setProperty("role", "error" if problem else "muted")
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)

    def _edited(self) -> None:
        if not self._filling:
            self.edited.emit()

    def editor(self, key: str) -> QPlainTextEdit:
        return self.editors[key]

    def focus_first(self) -> None:
        first = next(iter(self.editors.values()), None)
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)
