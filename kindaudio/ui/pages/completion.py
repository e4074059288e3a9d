"""The calm screen after a practice has played to its end (the closing bell is in the programme).

No score, no streak, no hurry: it says the practice is over, invites a moment
before moving on, and says how long the person practised.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kindaudio.ui.widgets.basics import make_button, make_label

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
        write_requested(): the person chose to write a few kind words (the Journal, linked to this session).
    """

    done = Signal()
    write_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("The practice has ended")
        self.heading = make_label("", "page-title", centred=True)
        self.invitation = make_label(INVITATION, "subtitle", centred=True)
        self.length = make_label("", "muted", centred=True)
        self.done_button = make_button("Done", "Done", "Leave the player when you are ready", "primary")
        self.done_button.setMinimumWidth(160)
        self.done_button.clicked.connect(self.done)
        self.write_button = make_button("Write a few kind words", "Write a few kind words",
                                        "If you like, write in your journal about this practice", "link")
        self.write_button.clicked.connect(self.write_requested)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 32, 32, 32)
        layout.setSpacing(18)
        layout.addStretch(2)
        layout.addWidget(self.heading)
        layout.addWidget(self.invitation)
        layout.addWidget(self.length)
        layout.addSpacing(16)
        layout.addWidget(self.done_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.write_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)

    def show_for(self, title: str, practised_seconds: float) -> None:
        name = title.strip() or "this practice"
        self.heading.setText(f"You've come to the end of {name}.")
        self.length.setText(f"You practised for {describe_length(practised_seconds)}.")
        self.setAccessibleDescription(f"{self.heading.text()} {INVITATION} {self.length.text()}")
