"""The Pause & ground panel: a few quiet lines to come back to the room, and a choice.

Compassion practice can stir up strong feelings. The panel is one press away at
any moment (the Player page's Pause & ground button, or Esc); it asks for
nothing, offers a simple way to feel supported by the floor and the room, and
makes stopping as easy and as blameless as going on. When it is more than a
pause can hold, "If you need more support" is one press away here too: the
person's own plan, their therapist's contact, and where urgent help is.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kindaudio.ui.widgets.basics import fill_with_words_and_choices, make_button

log = logging.getLogger(__name__)

PANEL_WIDTH = 820  # pixels: a comfortable reading width
HEADING = "Taking a pause"
INVITATIONS = (
    "The practice is paused. Nothing needs to happen next.",
    ("If you like, notice what is holding you up right now: your feet on the floor, "
     "or the seat underneath you."),
    ("You might let your eyes rest on a few things you can see around you, "
     "and notice a few sounds, near or far away."),
    "Your breath can be just as it is. There is nothing to fix.",
    "When you feel ready, you can go on with the practice, or stop here for today.",
)
NOTE = ("Strong feelings sometimes come up in compassion practice. That is common, and it does not mean "
        "you are doing anything wrong. Stopping is always fine. If something stays with you, it can help "
        "to talk it over with your therapist.")


def _label(text: str, role: str | None = None) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if role:
        label.setProperty("role", role)
    return label


class GroundingPanel(QWidget):
    """The grounding invitation with Resume and Stop for today, on a calm panel of readable width.

    Signals:
        resume_requested(): the person chose to go on.
        stop_requested(): the person chose to stop for today.
        support_requested(): the person asked for "If you need more support".
    """

    resume_requested = Signal()
    stop_requested = Signal()
    support_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Pause and ground")
        self.setAccessibleDescription(" ".join((HEADING, *INVITATIONS)))

        self.heading = _label(HEADING, "section-title")
        self.heading.setAccessibleName(HEADING)
        self.lines = [_label(text) for text in INVITATIONS]
        self.note = _label(NOTE, "note")
        self.note.setAccessibleName("A note about strong feelings")

        self.resume_button = QPushButton("Resume")
        self.resume_button.setProperty("role", "primary")
        self.resume_button.clicked.connect(self.resume_requested)
        self.stop_button = make_button("Stop for today", "Stop for today", "End the practice here; that is always fine")
        self.stop_button.clicked.connect(self.stop_requested)
        self.support_button = make_button("If you need more support", "If you need more support",
                                          "Your own plan, your therapist's contact, and where to find urgent help",
                                          "link")
        self.support_button.clicked.connect(self.support_requested)
        self.set_can_resume(True)

        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.setSpacing(12)
        buttons.addWidget(self.resume_button)
        buttons.addWidget(self.stop_button)
        buttons.addStretch(1)
        buttons.addWidget(self.support_button)

        # Long lines are hard to follow when upset: the panel keeps a reading width.
        self.panel = QFrame()
        self.panel.setProperty("role", "panel")
        self.panel.setMaximumWidth(PANEL_WIDTH)
        inside = QVBoxLayout(self.panel)
        inside.setContentsMargins(32, 28, 32, 28)
        inside.setSpacing(14)
        inside.addWidget(self.heading)
        for line in self.lines:
            inside.addWidget(line)
        inside.addSpacing(6)
        inside.addWidget(self.note)

        choices = QWidget()
        choices.setMaximumWidth(PANEL_WIDTH)
        choices.setLayout(buttons)
        scroll = fill_with_words_and_choices(self, self.panel, choices, spacing=16)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setTabOrder(self.resume_button, self.stop_button)
        self.setTabOrder(self.stop_button, self.support_button)

    def set_can_resume(self, can_resume: bool) -> None:
        """After the end (or a failure) there is nothing to resume: the button just goes back."""
        if can_resume:
            self.resume_button.setText("Resume")
            self.resume_button.setAccessibleName("Resume the practice")
            self.resume_button.setToolTip("Go on with the practice from where it paused (Space)")
        else:
            self.resume_button.setText("Go back")
            self.resume_button.setAccessibleName("Go back")
            self.resume_button.setToolTip("Close this panel")
