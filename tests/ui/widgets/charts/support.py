"""Helpers the chart tests share: sample weeks and sessions, a chart shown at a size, a pixel's colour."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kindaudio.journal.records import MoodPoint, WeekMinutes

MONDAY = date(2025, 9, 1)
SIZES = [(260, 200), (420, 240), (700, 320), (1400, 500)]


def weeks(*minutes: float) -> list[WeekMinutes]:
    return [WeekMinutes(MONDAY + timedelta(weeks=i), float(m)) for i, m in enumerate(minutes)]


def mood_points(*pairs: tuple[int | None, int | None]) -> list[MoodPoint]:
    return [MoodPoint(i + 1, MONDAY + timedelta(days=2 * i), "Affectionate Breathing", before, after)
            for i, (before, after) in enumerate(pairs)]


def shown(qtbot: QtBot, widget: QWidget, width: int, height: int) -> QWidget:
    qtbot.addWidget(widget)
    widget.resize(width, height)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def colour_at(widget: QWidget, x: float, y: float) -> QColor:
    return widget.grab().toImage().pixelColor(QPoint(int(x), int(y)))
