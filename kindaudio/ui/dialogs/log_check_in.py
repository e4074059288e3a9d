"""The optional check-in of the away-from-app log: how that practice felt, with the check-in page's own pickers.

Folded away behind one button so the log stays short; once opened it is the
after-practice check-in in small (how it felt, feeling words, whether
difficult feelings came up), and it can be folded away again, which means no
check-in. Nothing here is logged: moods and feelings are health data.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QVBoxLayout, QWidget

from kindaudio.common.errors import UserInputError
from kindaudio.journal.records import Mood
from kindaudio.ui.widgets.basics import make_button, make_label
from kindaudio.ui.widgets.mood_picker import FeelingPicker, ValencePicker

OPEN_TEXT = "Add how it felt (optional)…"
CLOSE_TEXT = "No check-in this time"
OPEN_WIDTH = 760  # pixels: the seven steps fit side by side


class AfterCheckIn(QWidget):
    """How the practice felt afterwards, or nothing: mood() is None while folded away."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.toggle_button = make_button(OPEN_TEXT, "Add how it felt",
                                         "A check-in for this practice, like the one after a practice in the app; "
                                         "you can leave it out", "link")
        self.body = QWidget()
        self.toggle_button.clicked.connect(lambda: self.set_open(self.body.isHidden()))
        inner = QVBoxLayout(self.body)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(make_label("How did it feel afterwards?", "section-title"))
        self.valence = ValencePicker()
        inner.addWidget(self.valence)
        inner.addWidget(make_label("Any words for it? (optional)", "muted"))
        self.feelings = FeelingPicker()
        inner.addWidget(self.feelings)
        self.difficult = QCheckBox("Difficult feelings came up")
        self.difficult.setAccessibleName("Difficult feelings came up")
        self.difficult.setToolTip("Mark this if something hard came up; that is allowed too")
        inner.addWidget(self.difficult, 0, Qt.AlignmentFlag.AlignLeft)
        self.body.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.toggle_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.body)

    def is_open(self) -> bool:
        return not self.body.isHidden()

    def set_open(self, wanted: bool) -> None:
        """Show the check-in, or fold it away (which means none)."""
        self.body.setVisible(wanted)
        self.toggle_button.setText(CLOSE_TEXT if wanted else OPEN_TEXT)
        self.toggle_button.setAccessibleName("No check-in this time" if wanted else "Add how it felt")
        if wanted:
            self.valence.setFocus()
        window = self.window()
        fit = getattr(window, "fit_to_screen", None)
        if window is not self and fit is not None:  # room for the seven steps side by side, as on the check-in page
            fit(max(window.width(), OPEN_WIDTH))

    def mood(self) -> Mood | None:
        """The check-in, None when there is none; UserInputError when begun without saying how it felt."""
        if not self.is_open():
            return None
        valence = self.valence.value()
        if valence is None:
            if self.feelings.feelings() or self.difficult.isChecked():
                raise UserInputError("Please choose how it felt, or press “No check-in this time”.")
            return None
        return Mood(valence=valence, feelings=self.feelings.feelings(), difficult=self.difficult.isChecked())
