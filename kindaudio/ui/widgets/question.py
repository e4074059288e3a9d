"""A question that leaves the window usable while it is open: every "Delete…?",
"Replace…?" and "Leave without saving?" is asked the same way.

QMessageBox is made ready only when a first question is asked, not at start.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox, QWidget


@dataclass(frozen=True)
class Answer:
    """One button of a question, with its accessible name and tooltip (every control has both)."""

    text: str
    accessible: str
    tip: str
    role: Literal["accept", "destructive", "reject"] = "reject"


def ask(parent: QWidget, title: str, text: str, answers: Sequence[Answer], then: Callable[[int], None], *,
        default: int, informative: str = "", escape: int | None = None) -> QMessageBox:
    """Open the question (not modal to the application) and return it; `then` gets the index of the answer."""
    from PySide6.QtWidgets import QMessageBox

    roles = {"accept": QMessageBox.ButtonRole.AcceptRole, "destructive": QMessageBox.ButtonRole.DestructiveRole,
             "reject": QMessageBox.ButtonRole.RejectRole}
    box = QMessageBox(parent)
    box.setWindowTitle(title)
    box.setIcon(QMessageBox.Icon.Question)
    box.setText(text)
    if informative:
        box.setInformativeText(informative)
    buttons = []
    for answer in answers:
        button = box.addButton(answer.text, roles[answer.role])
        button.setAccessibleName(answer.accessible)
        button.setToolTip(answer.tip)
        buttons.append(button)
    box.setDefaultButton(buttons[default])
    if escape is not None:
        box.setEscapeButton(buttons[escape])
    box.buttonClicked.connect(lambda clicked: then(next((i for i, b in enumerate(buttons) if b is clicked), -1)))
    box.open()
    return box
