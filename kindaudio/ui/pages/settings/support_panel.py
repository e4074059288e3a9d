"""Settings' Support panel: the person's own safety plan and their therapist's contact.

Saved as they change, like every other panel (there is no Save button to
forget): a moment after the typing stops, and at once when a field is left
or the page hidden. Not in settings.json: this is health data, kept in its
own private file beside the journal (kindaudio/journal/support_plan.py), and
shown under Help → "If you need more support".
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QFocusEvent, QHideEvent, QShowEvent
from PySide6.QtWidgets import QFrame, QLineEdit, QPlainTextEdit, QWidget

from kindaudio.common.errors import UserInputError
from kindaudio.common.paths import AppPaths
from kindaudio.journal.support_plan import (
    MAX_CONTACT_CHARS,
    MAX_NAME_CHARS,
    SupportPlan,
    load_plan,
    save_plan,
)
from kindaudio.ui.pages.settings.form import SettingsForm, field_width, named, settings_panel
from kindaudio.ui.widgets.basics import make_buddy_label, make_label, set_role

log = logging.getLogger(__name__)

SAVE_DELAY_MS = 700  # after the last key: a pause in typing, not every letter
ABOUT = ("For harder moments: a plan in your own words, and how to reach your therapist. It stays on this "
         "computer, in a private file beside your journal, and shows under Help → If you need more support, "
         "and from Pause & ground.")
PLAN_HINT = ("For example: what helps me settle; people I can call; places where I feel safe; "
             "what I can say to myself.")


class _LeavingTextEdit(QPlainTextEdit):
    """A multi-line field that says when the focus leaves it (QPlainTextEdit has no editingFinished)."""

    left = Signal()

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt's name
        super().focusOutEvent(event)
        self.left.emit()


class SupportPanel(QFrame):
    """The safety plan and the therapist's name, contact and note, kept in the private support plan.

    Signals:
        saved(): what is in the fields was written (or, when it could not be, the panel says why).
    """

    saved = Signal()

    def __init__(self, paths: AppPaths, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.paths = paths
        self._shown = SupportPlan()
        self._filling = False
        _panel, layout = settings_panel("Support", self)
        layout.addWidget(make_label(ABOUT, "muted"))
        self.problem = make_label("", "note", selectable=True, accessible="About your saved plan")
        self.problem.hide()
        layout.addWidget(self.problem)

        self.plan_edit = _LeavingTextEdit()
        named(self.plan_edit, "Your safety plan", "What helps you in a hard moment, in your own words")
        self.plan_edit.setPlaceholderText(PLAN_HINT)
        self.plan_edit.setTabChangesFocus(True)
        self.plan_edit.setMinimumHeight(self.plan_edit.fontMetrics().lineSpacing() * 6 + 16)
        layout.addWidget(make_buddy_label("Your &safety plan", self.plan_edit))
        layout.addWidget(self.plan_edit)

        form = SettingsForm()
        self.name_edit = QLineEdit()
        named(self.name_edit, "Your therapist's name", "Your therapist's name, as you call them")
        self.name_edit.setMaxLength(MAX_NAME_CHARS)
        self.contact_edit = QLineEdit()
        named(self.contact_edit, "How to reach your therapist", "A phone number, an email, or how you reach them")
        self.contact_edit.setMaxLength(MAX_CONTACT_CHARS)
        self.contact_edit.setPlaceholderText("Phone, email, or how you reach them")
        self.note_edit = _LeavingTextEdit()
        named(self.note_edit, "A note from or about your therapist", "For example, when they can be reached")
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setFixedHeight(self.note_edit.fontMetrics().lineSpacing() * 3 + 16)
        for field in (self.name_edit, self.contact_edit, self.note_edit):
            field_width(field)  # as wide as every other control in Settings
        form.addRow("Therapist's name", self.name_edit)
        form.addRow("How to reach them", self.contact_edit)
        form.addRow("A note", self.note_edit)
        layout.addLayout(form)
        self.status = make_label("", "muted", accessible="Support plan status")
        layout.addWidget(self.status)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self.save)
        for edit in (self.plan_edit, self.note_edit):
            edit.textChanged.connect(self._changed)
            edit.left.connect(self.save_if_changed)
        for line in (self.name_edit, self.contact_edit):
            line.textChanged.connect(self._changed)
            line.editingFinished.connect(self.save_if_changed)
        self.load()

    def load(self) -> None:
        """Fill the fields from the saved plan (saying so when an unreadable one was set aside)."""
        loaded = load_plan(self.paths)
        self.problem.setText(loaded.problem)
        self.problem.setVisible(bool(loaded.problem))
        self._show(loaded.plan)

    def _show(self, plan: SupportPlan) -> None:
        self._filling = True
        self._shown = plan
        self.plan_edit.setPlainText(plan.safety_plan)
        self.name_edit.setText(plan.therapist_name)
        self.contact_edit.setText(plan.therapist_contact)
        self.note_edit.setPlainText(plan.therapist_note)
        self._filling = False

    def plan(self) -> SupportPlan:
        """What the fields hold (UserInputError when it cannot be kept)."""
        return SupportPlan(safety_plan=self.plan_edit.toPlainText(), therapist_name=self.name_edit.text().strip(),
                           therapist_contact=self.contact_edit.text().strip(),
                           therapist_note=self.note_edit.toPlainText().strip())

    def _changed(self) -> None:
        if not self._filling:
            self._timer.start()

    def save_if_changed(self) -> None:
        if self._timer.isActive():
            self.save()

    def save(self) -> None:
        """Write what the fields hold now (never logged); the status says it was kept, or why not."""
        self._timer.stop()
        try:
            plan = self.plan()
            if plan != self._shown:
                save_plan(self.paths, plan)
                self._shown = plan
        except UserInputError as exc:
            set_role(self.status, "error")
            self.status.setText(f"Not saved yet: {exc}")
        except OSError as exc:
            log.warning("the support plan could not be saved: %s", type(exc).__name__)
            set_role(self.status, "error")
            self.status.setText(f"Your plan could not be saved ({exc.strerror or exc}). You might try again.")
        else:
            set_role(self.status, "muted")
            self.status.setText("Kept. Nothing leaves this computer.")
        self.saved.emit()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if not self._timer.isActive():
            self.load()  # a therapist's contact saved from a pack meanwhile shows here

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt's name
        self.save_if_changed()  # leaving Settings mid-sentence keeps what was typed
        super().hideEvent(event)
