"""The small widgets every page makes the same way: labels and buttons marked with a stylesheet role,
a centred column that scrolls when the window is small, a full-width scrolling page with its header,
and words that scroll above choices that stay in view; and the few steps every page and dialog takes
alike (a new role shown at once, a label for a field, a dialog sized to its screen)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget


def make_label(text: str = "", role: str | None = None, *, wrap: bool = True, selectable: bool = False,
               centred: bool = False, accessible: str | None = None) -> QLabel:
    made = QLabel(text)
    if role:
        made.setProperty("role", role)
    if accessible is not None:
        made.setAccessibleName(accessible)
    made.setWordWrap(wrap)
    if selectable:
        made.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
    if centred:
        made.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return made


def make_buddy_label(text: str, field: QWidget) -> QLabel:
    """A label for `field`: its mnemonic ("&Length") and a click on it move the keyboard focus there."""
    made = QLabel(text)
    made.setBuddy(field)
    return made


def set_role(widget: QWidget, role: str) -> None:
    """Give `widget` another stylesheet role and show it now.

    The stylesheet selects on the "role" property, and Qt reads a dynamic
    property only when a widget is polished: a widget already shown keeps its
    old look until it is polished again.
    """
    widget.setProperty("role", role)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def size_to_screen(window: QWidget, width: int, height: int, *, minimum: tuple[int, int]) -> None:
    """Open `window` roomy (`width` x `height`), but never larger than the screen it opens on."""
    screen = window.screen().availableGeometry() if window.screen() is not None else None
    if screen is not None:
        width, height = min(width, screen.width() - 40), min(height, screen.height() - 60)
    window.resize(width, height)
    window.setMinimumSize(*minimum)


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


def fill_with_scrolling_page(page: QWidget, *, top: int = 32, spacing: int = 14) -> tuple[QScrollArea, QVBoxLayout]:
    """Lay `page` out as one full-width column that scrolls; returns the scroll area and the column's layout."""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    outer = QVBoxLayout(page)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(scroll)
    content = QWidget()
    scroll.setWidget(content)
    column = QVBoxLayout(content)
    column.setContentsMargins(40, top, 40, 40)
    column.setSpacing(spacing)
    return scroll, column


def page_header(title: str, subtitle: str, action: QWidget) -> QHBoxLayout:
    """A page's title and subtitle on the left, one action at the top right."""
    header = QHBoxLayout()
    titles = QVBoxLayout()
    titles.setSpacing(4)
    titles.addWidget(make_label(title, "page-title"))
    titles.addWidget(make_label(subtitle, "subtitle"))
    header.addLayout(titles, 1)
    header.addWidget(action, 0, Qt.AlignmentFlag.AlignTop)
    return header


class FittingScrollArea(QScrollArea):
    """As tall as its content when there is room, and scrolling when there is not."""

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        hint = super().sizeHint()
        content = self.widget()
        if content is not None:
            width = self.viewport().width() if self.viewport().width() > 0 else hint.width()
            height = content.heightForWidth(width) if content.hasHeightForWidth() else -1
            hint.setHeight((height if height > 0 else content.sizeHint().height()) + 2 * self.frameWidth())
        return hint

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()  # narrower text is taller


def fill_with_words_and_choices(page: QWidget, words: QWidget, choices: QWidget, *,
                                spacing: int = 0) -> FittingScrollArea:
    """Lay `page` out as `words`, centred, with `choices` just below them.

    However small the window or large the text, the choices stay in view: the
    words scroll, not the buttons. Both keep the width their maximumWidth gives.
    """
    holder = QWidget()
    centred = QHBoxLayout(holder)
    centred.setContentsMargins(0, 0, 0, 0)
    centred.addStretch(1)
    centred.addWidget(words, 100, Qt.AlignmentFlag.AlignTop)
    centred.addStretch(1)
    scroll = FittingScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setWidget(holder)
    below = QHBoxLayout()
    below.setContentsMargins(0, 0, 0, 0)
    below.addStretch(1)
    below.addWidget(choices, 100)
    below.addStretch(1)
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(spacing)
    layout.addWidget(scroll)
    layout.addLayout(below)
    layout.addStretch(1)
    return scroll
