"""The calm screen after a practice has played to its end (the closing bell is in the programme).

No score, no streak, no hurry: it says the practice is over, invites a moment
before moving on, and says how long the person practised.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

log = logging.getLogger(__name__)

INVITATION = "You might stay here for a moment before moving on. There is no hurry."


def describe_length(seconds: float) -> str:
    """A length in plain words: '45 seconds', '1 minute', '8 minutes'."""
    whole = round(seconds)
    if whole < 60:
        return "1 second" if whole == 1 else f"{whole} seconds"
    minutes = round(whole / 60)
    return "1 minute" if minutes == 1 else f"{minutes} minutes"


class CompletionView(QWidget):
    """What the Player page shows when the practice has ended.

    Signals:
        done(): the person pressed Done.
    """

    done = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("The practice has ended")
        self.heading = QLabel()
        self.heading.setProperty("role", "page-title")
        self.heading.setWordWrap(True)
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.invitation = QLabel(INVITATION)
        self.invitation.setProperty("role", "subtitle")
        self.invitation.setWordWrap(True)
        self.invitation.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.length = QLabel()
        self.length.setProperty("role", "muted")
        self.length.setWordWrap(True)
        self.length.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.done_button = QPushButton("Done")
        self.done_button.setProperty("role", "primary")
        self.done_button.setAccessibleName("Done")
        self.done_button.setToolTip("Leave the player when you are ready")
        self.done_button.setMinimumWidth(160)
        self.done_button.clicked.connect(self.done)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 32, 32, 32)
        layout.setSpacing(18)
        layout.addStretch(2)
        layout.addWidget(self.heading)
        layout.addWidget(self.invitation)
        layout.addWidget(self.length)
        layout.addSpacing(16)
        layout.addWidget(self.done_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)

    def show_for(self, title: str, practised_seconds: float) -> None:
        name = title.strip() or "this practice"
        self.heading.setText(f"You've come to the end of {name}.")
        self.length.setText(f"You practised for {describe_length(practised_seconds)}.")
        self.setAccessibleDescription(f"{self.heading.text()} {INVITATION} {self.length.text()}")
