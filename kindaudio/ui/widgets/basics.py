"""The small widgets every page makes the same way: labels and buttons marked with a stylesheet role,
and a centred column that scrolls when the window is small."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget


def make_label(text: str = "", role: str | None = None, *, wrap: bool = True, selectable: bool = False,
          centred: bool = False) -> QLabel:
    made = QLabel(text)
    if role:
        made.setProperty("role", role)
    made.setWordWrap(wrap)
    if selectable:
        made.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
    if centred:
        made.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return made


def make_button(text: str, accessible: str, tip: str, role: str = "secondary") -> QPushButton:
    """A push button with its accessible name and tooltip (every control has both)."""
    made = QPushButton(text)
    made.setProperty("role", role)
    made.setAccessibleName(accessible)
    made.setToolTip(tip)
    return made


def fill_with_centred_column(page: QWidget, column: QWidget) -> None:
    """Lay `page` out as `column`, centred, scrolling when the window is smaller than it."""
    holder = QWidget()
    centred = QHBoxLayout(holder)
    centred.addStretch(1)
    centred.addWidget(column, 100)
    centred.addStretch(1)
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidget(holder)
    outer = QVBoxLayout(page)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(scroll)
