"""The frame both pack dialogs share: their words in a column that scrolls, their buttons always in view,
and labels that show someone else's words as plain text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFrame, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from kindaudio.ui.widgets.basics import size_to_screen

DIALOG_WIDTH, DIALOG_HEIGHT = 680, 560


def scrolling_column(dialog: QDialog, buttons: QHBoxLayout) -> QVBoxLayout:
    """The dialog's words in a column that scrolls when they outgrow it, its buttons always in view below."""
    content = QWidget()
    column = QVBoxLayout(content)
    column.setContentsMargins(24, 20, 24, 8)
    column.setSpacing(12)
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setWidget(content)
    outer = QVBoxLayout(dialog)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.setSpacing(0)
    outer.addWidget(scroll, 1)
    buttons.setContentsMargins(24, 8, 24, 20)
    buttons.setSpacing(12)
    outer.addLayout(buttons)
    return column


def size_pack_dialog(dialog: QDialog) -> None:
    """Roomy, but never larger than the screen it opens on."""
    size_to_screen(dialog, DIALOG_WIDTH, DIALOG_HEIGHT, minimum=(420, 320))


def plain_text(label: QLabel) -> QLabel:
    """`label` showing its text as it is, never as rich text: for any label that may hold a pack's words
    (a title "<a href=…>" would otherwise be a link, and AutoText guesses from the text itself)."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label
