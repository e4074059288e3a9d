"""The Pause & ground panel: a few quiet lines to come back to the room, and a choice.

Compassion practice can stir up strong feelings. The panel is one press away at
any moment (the Player page's Pause & ground button, or Esc); it asks for
nothing, offers a simple way to feel supported by the floor and the room, and
makes stopping as easy and as blameless as going on.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

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


class _FittingScrollArea(QScrollArea):
    """As tall as its content when there is room, and scrolling when there is not."""

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        content = self.widget()
        if content is not None:
            width = self.viewport().width() if self.viewport().width() > 0 else hint.width()
            height = content.heightForWidth(width) if content.hasHeightForWidth() else -1
            hint.setHeight((height if height > 0 else content.sizeHint().height()) + 2 * self.frameWidth())
        return hint

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()  # narrower text is taller


class GroundingPanel(QWidget):
    """The grounding invitation with Resume and Stop for today, on a calm panel of readable width.

    Signals:
        resume_requested(): the person chose to go on.
        stop_requested(): the person chose to stop for today.
    """

    resume_requested = Signal()
    stop_requested = Signal()

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
        self.stop_button = QPushButton("Stop for today")
        self.stop_button.setProperty("role", "secondary")
        self.stop_button.setAccessibleName("Stop for today")
        self.stop_button.setToolTip("End the practice here; that is always fine")
        self.stop_button.clicked.connect(self.stop_requested)
        self.set_can_resume(True)

        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.setSpacing(12)
        buttons.addWidget(self.resume_button)
        buttons.addWidget(self.stop_button)
        buttons.addStretch(1)

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

        content = QWidget()
        centred = QHBoxLayout(content)
        centred.setContentsMargins(0, 0, 0, 0)
        centred.addStretch(1)
        centred.addWidget(self.panel, 100, Qt.AlignmentFlag.AlignTop)
        centred.addStretch(1)
        scroll = _FittingScrollArea()
        scroll.setWidget(content)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # The choices sit just below the words, and stay in view however small the
        # window or large the text: the words scroll, not the buttons.
        choices = QWidget()
        choices.setMaximumWidth(PANEL_WIDTH)
        choices.setLayout(buttons)
        below = QHBoxLayout()
        below.addStretch(1)
        below.addWidget(choices, 100)
        below.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(16)
        layout.addWidget(scroll)
        layout.addLayout(below)
        layout.addStretch(1)
        self.setTabOrder(self.resume_button, self.stop_button)

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
