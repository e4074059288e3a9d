"""Small icons beside the player's words (play, pause, back, forward, next section, stop), drawn here.

Each is a 16×16 SVG path of our own, filled with the button's own text colour
when it is drawn, so it follows the light and dark themes and a primary
button's light-on-accent text. The words stay: an icon only helps the eye.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QAbstractButton

SHAPES = {
    "play": "M4.5 2.8 L13 8 L4.5 13.2 Z",
    "pause": "M3.8 2.8 H6.6 V13.2 H3.8 Z M9.4 2.8 H12.2 V13.2 H9.4 Z",
    "back": "M7.6 3.2 L1.6 8 L7.6 12.8 Z M14.4 3.2 L8.4 8 L14.4 12.8 Z",
    "forward": "M1.6 3.2 L7.6 8 L1.6 12.8 Z M8.4 3.2 L14.4 8 L8.4 12.8 Z",
    "next": "M2.5 3 L9.5 8 L2.5 13 Z M10.8 3 H13.3 V13 H10.8 Z",
    "stop": "M3.5 3.5 H12.5 V12.5 H3.5 Z",
}
SIZE = 16
SCALE = 3  # drawn sharp on high-density screens too


def shape_icon(name: str, colour: QColor) -> QIcon:
    """The named shape filled with `colour`, as an icon."""
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{SIZE}" height="{SIZE}" viewBox="0 0 16 16">'
           f'<path d="{SHAPES[name]}" fill="{colour.name()}" stroke="{colour.name()}" stroke-width="0.6" '
           'stroke-linejoin="round"/></svg>')
    renderer = QSvgRenderer(QByteArray(svg.encode()))
    pixmap = QPixmap(SIZE * SCALE, SIZE * SCALE)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    renderer.render(painter, QRectF(0, 0, SIZE * SCALE, SIZE * SCALE))
    painter.end()
    pixmap.setDevicePixelRatio(SCALE)
    return QIcon(pixmap)


def set_shape(button: QAbstractButton, name: str) -> None:
    """Put the named shape beside the button's text, in the colour of that text."""
    button.setIcon(shape_icon(name, button.palette().color(QPalette.ColorRole.ButtonText)))
    button.setProperty("shape", name)


def refresh_shape(button: QAbstractButton) -> None:
    """Draw the button's shape again (after a theme change), if it has one."""
    name = button.property("shape")
    if isinstance(name, str) and name in SHAPES:
        set_shape(button, name)
