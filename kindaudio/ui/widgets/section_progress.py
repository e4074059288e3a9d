"""A progress bar that also shows where each section of a practice begins.

A plain QProgressBar cannot show the sections, and a person finding their place
in a long practice thinks in sections ("the body scan has begun"), so the bar
paints a tick at each section start. Its colours come from the palette the
theme sets (the accent for the played part); its accessible description says the position in words, so
nothing depends on seeing the bar.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QMouseEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

log = logging.getLogger(__name__)

TRACK_HEIGHT = 8  # pixels
MARK_HEIGHT = 22  # the ticks stand out above and below the track
MARK_WIDTH = 2
HANDLE_RADIUS = 7
MARGIN = HANDLE_RADIUS + 2  # room for the handle at either end


class SectionProgress(QWidget):
    """How far through the practice, with a tick at each section start; a click asks to go there.

    Values and marks are fractions of the whole (0..1), so the widget knows
    nothing of samples or seconds.

    Signals:
        seek_requested(float): the person clicked at this fraction of the whole.
    """

    seek_requested = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._value = 0.0
        self._marks: tuple[float, ...] = ()
        self._seekable = True
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(120)
        # Not a tab stop: the buttons and keys beside it do all it does, and the
        # time labels say the same in words.
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAccessibleName("Progress through the practice")
        self.setToolTip("How far through the practice you are; the small marks show where each section begins. "
                        "Click to go to that place.")

    # -- state -----------------------------------------------------------------

    def value(self) -> float:
        return self._value

    def set_value(self, fraction: float) -> None:
        fraction = min(max(float(fraction), 0.0), 1.0)
        if fraction != self._value:
            self._value = fraction
            self.update()

    def marks(self) -> tuple[float, ...]:
        return self._marks

    def set_marks(self, fractions: Sequence[float]) -> None:
        """Section starts as fractions of the whole; the first section's start (0) is left out."""
        marks = tuple(sorted(f for f in (min(max(float(x), 0.0), 1.0) for x in fractions) if 0.0 < f < 1.0))
        if marks != self._marks:
            self._marks = marks
            self.update()

    def set_seekable(self, seekable: bool) -> None:
        """Clicking only seeks while there is something to seek in."""
        self._seekable = seekable
        self.setCursor(Qt.CursorShape.PointingHandCursor if seekable else Qt.CursorShape.ArrowCursor)

    def set_description(self, words: str) -> None:
        """The position in words, for screen readers (and the tooltip's first line)."""
        self.setAccessibleDescription(words)

    # -- geometry (public so tests can check where things are painted) -----------

    def track_rect(self) -> QRectF:
        middle = self.height() / 2
        return QRectF(MARGIN, middle - TRACK_HEIGHT / 2, max(self.width() - 2 * MARGIN, 1), TRACK_HEIGHT)

    def x_at(self, fraction: float) -> float:
        track = self.track_rect()
        return track.left() + fraction * track.width()

    def mark_positions(self) -> list[float]:
        """The x coordinate of each section mark, in widget pixels."""
        return [self.x_at(mark) for mark in self._marks]

    def fraction_at(self, x: float) -> float:
        track = self.track_rect()
        return min(max((x - track.left()) / track.width(), 0.0), 1.0)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(400, MARK_HEIGHT + 10)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(120, MARK_HEIGHT + 10)

    # -- painting and input ----------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        track = self.track_rect()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(palette.color(QPalette.ColorRole.Mid))
        painter.drawRoundedRect(track, TRACK_HEIGHT / 2, TRACK_HEIGHT / 2)
        if self._value > 0:
            played = QRectF(track.left(), track.top(), track.width() * self._value, track.height())
            painter.setBrush(palette.color(QPalette.ColorRole.Accent))
            painter.drawRoundedRect(played, TRACK_HEIGHT / 2, TRACK_HEIGHT / 2)
        middle = self.height() / 2
        painter.setPen(QPen(palette.color(QPalette.ColorRole.WindowText), MARK_WIDTH))
        for x in self.mark_positions():
            painter.drawLine(QPointF(x, middle - MARK_HEIGHT / 2), QPointF(x, middle + MARK_HEIGHT / 2))
        # The handle: where you are, by shape as well as colour.
        painter.setPen(palette.color(QPalette.ColorRole.Base))
        painter.setBrush(palette.color(QPalette.ColorRole.Accent))
        painter.drawEllipse(QPointF(self.x_at(self._value), middle), HANDLE_RADIUS, HANDLE_RADIUS)
        painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        if self._seekable and event.button() == Qt.MouseButton.LeftButton:
            self.seek_requested.emit(self.fraction_at(event.position().x()))
            event.accept()
            return
        super().mousePressEvent(event)
