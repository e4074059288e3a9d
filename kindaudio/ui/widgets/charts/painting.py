"""What both charts draw with: the margins, the smaller font of their labels, pens, and the empty chart."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFont, QPainter, QPalette, QPen
from PySide6.QtWidgets import QWidget

PAD = 10.0  # pixels around the plot
TICK_GAP = 8.0  # between an axis label and the plot
SMALL_TEXT = 0.9  # axis labels, relative to the widget's font


def small_font(widget: QWidget) -> QFont:
    """The widget's font a little smaller, for axis labels and numbers."""
    font = QFont(widget.font())
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * SMALL_TEXT)
    return font


def colour_pen(palette: QPalette, role: QPalette.ColorRole, width: float = 1.0,
               style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> QPen:
    """A pen in one of the palette's colours, with round ends."""
    pen = QPen(palette.color(role), width, style)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    return pen


def draw_empty(painter: QPainter, widget: QWidget, text: str) -> None:
    """In place of an empty chart, a friendly line in the middle."""
    painter.setPen(widget.palette().color(QPalette.ColorRole.PlaceholderText))
    painter.setFont(widget.font())
    area = QRectF(widget.rect()).adjusted(PAD * 2, PAD, -PAD * 2, -PAD)
    painter.drawText(area, int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap), text)
