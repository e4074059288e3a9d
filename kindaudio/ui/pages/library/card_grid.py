"""The Library's cards in as many equal columns as the width allows."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QWidget

from kindaudio.ui.pages.library.practice_card import PracticeCard

CARD_MIN_WIDTH = 300
CARD_MIN_LINES = 20  # a card is at least this many lines of text wide
MAX_COLUMNS = 4
GRID_SPACING = 16


class CardGrid(QWidget):
    """Cards in as many equal columns as the width allows, wrapping to new rows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(GRID_SPACING)
        self._cards: list[PracticeCard] = []
        self._fillers: list[QWidget] = []
        self._columns = 0

    def set_cards(self, cards: list[PracticeCard]) -> None:
        for card in self._cards:
            self._grid.removeWidget(card)
            card.hide()  # out of sight now, not at the event loop's next turn (a ghost under the new cards)
            card.deleteLater()
        self._cards = list(cards)
        self._columns = 0
        self._place(self._columns_for(self.width()))
        for card in self._cards:
            card.show()  # now, not on the layout's queued show: `loaded` means they are there

    def cards(self) -> list[PracticeCard]:
        return list(self._cards)

    def card_min_width(self) -> int:
        """Wider with larger text, so a card's words never get squeezed into a narrow column."""
        return max(CARD_MIN_WIDTH, CARD_MIN_LINES * self.fontMetrics().height())

    def _columns_for(self, width: int) -> int:
        card = self.card_min_width()
        fits = (max(width, card) + GRID_SPACING) // (card + GRID_SPACING)
        return max(1, min(MAX_COLUMNS, fits))

    def _place(self, columns: int) -> None:
        if columns == self._columns:
            return
        for card in self._cards:
            self._grid.removeWidget(card)
        for filler in self._fillers:
            self._grid.removeWidget(filler)
            filler.hide()
            filler.deleteLater()
        self._fillers = []
        for column in range(MAX_COLUMNS):
            self._grid.setColumnStretch(column, 1 if column < columns else 0)
        for index, card in enumerate(self._cards):
            self._grid.addWidget(card, index // columns, index % columns)
        # Empty cells of a short last row hold a blank widget, so a lone card is
        # exactly as wide as the cards of a full row.
        for index in range(len(self._cards), -(-len(self._cards) // columns) * columns):
            filler = QWidget()
            self._fillers.append(filler)
            self._grid.addWidget(filler, index // columns, index % columns)
        self._columns = columns

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._place(self._columns_for(event.size().width()))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # the text size changed: columns may too
            self._place(self._columns_for(self.width()))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        # One column is always possible: never force the window wider than one card.
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), self.card_min_width()), hint.height())
