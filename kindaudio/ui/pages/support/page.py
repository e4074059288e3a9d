"""The support place: the person's own safety plan, their therapist's contact, and where urgent help is.

Calm on purpose: the person's own words first, in the same panels as the
rest of the app, no red, no alarms, and one clear way on (Continue, or Back)
that is never harder to find than anything else here. What is not filled in
yet says gently where it can be added. The plan is a small private file, read
again each time the place is shown, so a change made in Settings is there at
once.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kindaudio.common.paths import AppPaths
from kindaudio.journal.support_plan import SupportPlan, load_plan
from kindaudio.journal.support_words import (
    CLOSING,
    HEADING,
    INTRO,
    NO_PLAN,
    NO_THERAPIST,
    PLAN_TITLE,
    SETTINGS_BUTTON,
    THERAPIST_TITLE,
    URGENT,
    URGENT_TITLE,
    therapist_lines,
)
from kindaudio.ui.widgets.basics import fill_with_words_and_choices, make_button, make_label, set_role

log = logging.getLogger(__name__)

COLUMN_WIDTH = 820  # pixels: the grounding panel's reading width


def _panel(title: str, name: str) -> tuple[QFrame, QVBoxLayout]:
    panel = QFrame()
    panel.setProperty("role", "panel")
    panel.setAccessibleName(name)
    inside = QVBoxLayout(panel)
    inside.setContentsMargins(24, 18, 24, 18)
    inside.setSpacing(8)
    inside.addWidget(make_label(title, "section-title"))
    return panel, inside


def _words(accessible: str, role: str | None = None) -> QLabel:
    label = make_label("", role, selectable=True, accessible=accessible)
    label.setTextFormat(Qt.TextFormat.PlainText)  # the person's (or a pack's) own words: never markup
    return label


class SupportView(QWidget):
    """The support place, with one way on (its text set by whoever shows it) and, where leaving is fine,
    a way to Settings.

    Signals:
        continue_requested(): the person is ready to go on (Continue, or Back).
        settings_requested(): the person wants to add or change their plan in Settings.
    """

    continue_requested = Signal()
    settings_requested = Signal()

    def __init__(self, paths: AppPaths, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.paths = paths
        self.plan = SupportPlan()
        self.setAccessibleName(HEADING)
        self._build()

    def _build(self) -> None:
        column = QWidget()
        column.setMaximumWidth(COLUMN_WIDTH)
        layout = QVBoxLayout(column)
        layout.setContentsMargins(40, 24, 40, 12)
        layout.setSpacing(14)
        self.heading = make_label(HEADING, "page-title", accessible=HEADING)
        self.intro = make_label(INTRO, "subtitle")
        layout.addWidget(self.heading)
        layout.addWidget(self.intro)
        self.problem = make_label("", "note", selectable=True, accessible="About your saved plan")
        self.problem.hide()
        layout.addWidget(self.problem)

        self.plan_panel, inside = _panel(PLAN_TITLE, PLAN_TITLE)
        self.plan_text = _words("Your plan, in your words")
        inside.addWidget(self.plan_text)
        layout.addWidget(self.plan_panel)

        self.therapist_panel, inside = _panel(THERAPIST_TITLE, THERAPIST_TITLE)
        self.therapist_text = _words("Your therapist's name and contact")
        inside.addWidget(self.therapist_text)
        layout.addWidget(self.therapist_panel)


        # Where urgent help is stays in view with the way on, however small the window or large the
        # text: the person's own words scroll above it, this never does.
        self.urgent_panel, inside = _panel(URGENT_TITLE, URGENT_TITLE)
        inside.setContentsMargins(24, 12, 24, 12)
        inside.setSpacing(4)
        self.urgent_text = make_label(URGENT, selectable=True, accessible=URGENT_TITLE)
        inside.addWidget(self.urgent_text)

        self.continue_button = make_button("Continue", "Continue", "Go on from here when you are ready", "primary")
        self.continue_button.setMinimumWidth(140)
        self.continue_button.clicked.connect(self.continue_requested)
        self.settings_button = make_button(SETTINGS_BUTTON, SETTINGS_BUTTON,
                                           "Write your plan or your therapist's contact in Settings, under Support",
                                           "link")
        self.settings_button.clicked.connect(self.settings_requested)
        bar = QWidget()
        bar.setMaximumWidth(COLUMN_WIDTH)
        below = QVBoxLayout(bar)
        below.setContentsMargins(40, 6, 40, 18)
        below.setSpacing(12)
        below.addWidget(self.urgent_panel)
        self.closing = make_label(CLOSING, "muted")
        below.addWidget(self.closing)
        buttons = QHBoxLayout()
        buttons.setSpacing(12)
        buttons.addWidget(self.continue_button)
        buttons.addWidget(self.settings_button)
        buttons.addStretch(1)
        below.addLayout(buttons)
        scroll = fill_with_words_and_choices(self, column, bar)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setTabOrder(self.continue_button, self.settings_button)

    # -- public ----------------------------------------------------------------

    def begin(self, continue_text: str, continue_tip: str, *, settings_offered: bool = True) -> None:
        """Show the place with its way on named `continue_text`; Settings offered only where leaving is fine."""
        self.continue_button.setText(continue_text)
        self.continue_button.setAccessibleName(continue_text)
        self.continue_button.setToolTip(continue_tip)
        self.settings_button.setVisible(settings_offered)
        # Over a paused practice the room is small, and the way back to the pause is the button itself.
        self.closing.setVisible(settings_offered)
        self.refresh()
        self.continue_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def refresh(self) -> None:
        """Read the plan again and show it (a missing part says gently where it can be added)."""
        loaded = load_plan(self.paths)
        self.plan = plan = loaded.plan
        self.problem.setText(loaded.problem)
        self.problem.setVisible(bool(loaded.problem))
        self.plan_text.setText(plan.safety_plan.strip() if plan.has_plan else NO_PLAN)
        set_role(self.plan_text, "" if plan.has_plan else "muted")
        lines = therapist_lines(plan)
        self.therapist_text.setText("\n".join(lines) if lines else NO_THERAPIST)
        set_role(self.therapist_text, "" if lines else "muted")
        self.setAccessibleDescription(" ".join((INTRO, self.plan_text.text(), self.therapist_text.text(), URGENT)))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.refresh()  # back from Settings: what was just written is here
