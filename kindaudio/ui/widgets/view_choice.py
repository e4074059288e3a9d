"""Client view or therapist view: the one choice, in the same words, at the first run and in Settings.

A client's window holds practices, progress, the journal and settings; a
therapist's adds the tools for preparing practices for someone else. Both are
offered as two radio buttons with a line each saying what comes with them,
so nobody has to guess what "therapist view" adds.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QRadioButton, QVBoxLayout, QWidget

from kindaudio.common.settings import VIEWS
from kindaudio.ui.widgets.basics import make_label

VIEW_TEXT = {
    "client": ("For my own practice",
               "Practices, your progress, your journal and settings, with nothing else in the way."),
    "therapist": ("I also prepare practices for others",
                  "Adds the tools for therapists: making a practice from a template, the script editor, "
                  "recording your own voice and sharing practices as packs."),
}
assert tuple(VIEW_TEXT) == VIEWS


class ViewChoice(QWidget):
    """Two radio buttons, client and therapist, each with what it shows.

    Signals:
        chosen(str): the person chose this view ("client" or "therapist"); not emitted by `show_view`.
    """

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        for view, (text, detail) in VIEW_TEXT.items():
            button = QRadioButton(text)
            button.setAccessibleName(f"{text} ({view} view)")
            button.setAccessibleDescription(detail)
            button.setToolTip(detail)
            self.group.addButton(button)
            self.buttons[view] = button
            button.toggled.connect(lambda on, view=view: self.chosen.emit(view) if on else None)
            layout.addWidget(button)
            note = make_label(detail, "muted")
            note.setContentsMargins(28, 0, 0, 6)  # under the button's text, past its circle
            layout.addWidget(note)

    def show_view(self, view: str) -> None:
        """Check `view`'s button without saying so (the settings already hold it)."""
        button = self.buttons.get(view, self.buttons["client"])
        was = [other.blockSignals(True) for other in self.buttons.values()]
        try:
            button.setChecked(True)
        finally:
            for other, blocked in zip(self.buttons.values(), was, strict=True):
                other.blockSignals(blocked)

    def current(self) -> str:
        return next((view for view, button in self.buttons.items() if button.isChecked()), "client")
