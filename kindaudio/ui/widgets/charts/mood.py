"""Mood before and after each session: a hollow circle before, a filled diamond after, a line between."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QFontMetricsF, QHelpEvent, QPainter, QPainterPath, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from kindaudio.journal.charts import week_label
from kindaudio.journal.records import VALENCE_LABELS, MoodPoint
from kindaudio.ui.widgets.charts.painting import PAD, TICK_GAP, colour_pen, draw_empty, small_font
from kindaudio.ui.widgets.charts.text import AFTER_WORD, BEFORE_WORD, EMPTY_MOOD_TEXT, session_mood_text

log = logging.getLogger(__name__)

MARKER = 6.0  # half the size of a mood marker
VALENCE_LOW, VALENCE_HIGH = -3, 3


@dataclass(frozen=True)
class MoodMarks:
    """Where one session's markers are drawn (None where there was no check-in)."""

    point: MoodPoint
    before: QPointF | None
    after: QPointF | None


class MoodChart(QWidget):
    """How pleasant or unpleasant things felt before and after each session, oldest on the left.

    Each session has a slot: its before check-in is a hollow circle on the
    left of the slot, its after check-in a filled diamond on the right, with a
    line between them, so a change reads as a slope and shape tells the two
    apart without colour.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._points: tuple[MoodPoint, ...] = ()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(300, 220)
        self.setAccessibleName("Mood before and after each session")
        self.setToolTip("How you felt before (hollow circle) and after (filled diamond) each session, "
                        "from very unpleasant at the bottom to very pleasant at the top.")
        self._describe()

    # -- data ------------------------------------------------------------------

    def points(self) -> tuple[MoodPoint, ...]:
        """The sessions drawn, oldest first."""
        return self._points

    def set_points(self, points: Sequence[MoodPoint]) -> None:
        self._points = tuple(p for p in points if p.before is not None or p.after is not None)
        self._describe()
        self.update()

    def is_empty(self) -> bool:
        return not self._points

    def description(self) -> str:
        """The chart in words: how many sessions, usual before and after, how often after differed."""
        if self.is_empty():
            return "Mood before and after sessions: no check-ins in these weeks yet."
        first, last = self._points[0].day, self._points[-1].day
        count = len(self._points)
        words = [f"Mood before and after {count} session{'s' if count != 1 else ''}, "
                 f"{week_label(first)} to {week_label(last)}."]
        befores = [p.before for p in self._points if p.before is not None]
        afters = [p.after for p in self._points if p.after is not None]
        if befores:
            words.append(f"Before, most often: {self._usual(befores)}.")
        if afters:
            words.append(f"After, most often: {self._usual(afters)}.")
        pairs = [(p.before, p.after) for p in self._points if p.before is not None and p.after is not None]
        if pairs:
            higher = sum(1 for b, a in pairs if a > b)
            same = sum(1 for b, a in pairs if a == b)
            lower = len(pairs) - higher - same
            words.append(f"Of the {len(pairs)} with both, after felt more pleasant in {higher}, "
                         f"the same in {same} and less pleasant in {lower}.")
        return " ".join(words)

    @staticmethod
    def _usual(values: list[int]) -> str:
        """The most frequent valence, in words (ties go to the most recent)."""
        counts: dict[int, int] = {}
        for value in values:
            counts[value] = counts.get(value, 0) + 1
        best = max(reversed(values), key=lambda value: counts[value])
        return VALENCE_LABELS[best].lower()

    def _describe(self) -> None:
        self.setAccessibleDescription(self.description())

    # -- geometry ------------------------------------------------------------------

    def _end_labels(self) -> tuple[str, str, str]:
        return (VALENCE_LABELS[VALENCE_HIGH].lower(), "neither", VALENCE_LABELS[VALENCE_LOW].lower())

    def legend_height(self) -> float:
        return QFontMetricsF(small_font(self)).height() + 10

    def plot_rect(self) -> QRectF:
        metrics = QFontMetricsF(small_font(self))
        label_width = max(metrics.horizontalAdvance(text) for text in self._end_labels())
        left = PAD + label_width + TICK_GAP
        top = PAD + self.legend_height() + MARKER
        # The dates sit clear of the lowest end label, which is centred on the bottom line.
        bottom = self.height() - PAD - metrics.height() * 1.5 - TICK_GAP
        return QRectF(left, top, max(self.width() - left - PAD - MARKER, 1.0), max(bottom - top, 1.0))

    def y_at(self, valence: float) -> float:
        plot = self.plot_rect()
        return plot.bottom() - plot.height() * (valence - VALENCE_LOW) / (VALENCE_HIGH - VALENCE_LOW)

    def marks(self) -> list[MoodMarks]:
        """Each session's before and after positions, in widget pixels."""
        plot = self.plot_rect()
        count = len(self._points)
        if count == 0:
            return []
        slot = plot.width() / count
        offset = min(slot * 0.22, 14.0)
        result = []
        for index, point in enumerate(self._points):
            middle = plot.left() + slot * (index + 0.5)
            before = None if point.before is None else QPointF(middle - offset, self.y_at(point.before))
            after = None if point.after is None else QPointF(middle + offset, self.y_at(point.after))
            result.append(MoodMarks(point, before, after))
        return result

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(560, 280)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(300, 220)

    # -- painting -------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            if self.is_empty():
                draw_empty(painter, self, EMPTY_MOOD_TEXT)
            else:
                self._paint_chart(painter)
        finally:
            painter.end()

    def _marker_size(self) -> float:
        slot = self.plot_rect().width() / max(len(self._points), 1)
        return max(3.0, min(MARKER, slot * 0.2))

    def _paint_chart(self, painter: QPainter) -> None:
        palette = self.palette()
        small = small_font(self)
        metrics = QFontMetricsF(small)
        plot = self.plot_rect()
        painter.setFont(small)
        top_word, middle_word, bottom_word = self._end_labels()
        for valence in range(VALENCE_LOW, VALENCE_HIGH + 1):
            y = self.y_at(valence)
            style = Qt.PenStyle.SolidLine if valence == 0 else Qt.PenStyle.DotLine
            painter.setPen(colour_pen(palette, QPalette.ColorRole.Mid, 1.0, style))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            word = {VALENCE_HIGH: top_word, 0: middle_word, VALENCE_LOW: bottom_word}.get(valence)
            if word:
                painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
                painter.drawText(QRectF(PAD, y - metrics.height() / 2, plot.left() - PAD - TICK_GAP, metrics.height()),
                                 int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), word)
        self._paint_dates(painter, metrics, plot)
        size = self._marker_size()
        for marks in self.marks():
            if marks.before is not None and marks.after is not None:
                painter.setPen(colour_pen(palette, QPalette.ColorRole.Dark, 1.5))
                painter.drawLine(marks.before, marks.after)
            if marks.before is not None:
                self._before_marker(painter, marks.before, size)
            if marks.after is not None:
                self._after_marker(painter, marks.after, size)
        self._paint_legend(painter, metrics)

    def _paint_dates(self, painter: QPainter, metrics: QFontMetricsF, plot: QRectF) -> None:
        """A date under the first session of a day, where there is room; never overlapping."""
        painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
        slot = plot.width() / len(self._points)
        free_from = plot.left() - 1e9
        shown_day = None
        for index, point in enumerate(self._points):
            if point.day == shown_day:
                continue
            text = week_label(point.day)
            width = metrics.horizontalAdvance(text) + 12
            middle = plot.left() + slot * (index + 0.5)
            left = max(middle - width / 2, PAD)
            if left < free_from or left + width > self.width():
                continue
            painter.drawText(QRectF(left, plot.bottom() + metrics.height() / 2 + TICK_GAP / 2, width,
                                    metrics.height()),
                             int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop), text)
            free_from = left + width
            shown_day = point.day

    def _before_marker(self, painter: QPainter, centre: QPointF, size: float) -> None:
        palette = self.palette()
        painter.setPen(colour_pen(palette, QPalette.ColorRole.WindowText, 2.0))
        painter.setBrush(palette.color(QPalette.ColorRole.Base))
        painter.drawEllipse(centre, size, size)

    def _after_marker(self, painter: QPainter, centre: QPointF, size: float) -> None:
        palette = self.palette()
        reach = size * 1.3
        diamond = QPainterPath()
        diamond.moveTo(centre.x(), centre.y() - reach)
        diamond.lineTo(centre.x() + reach, centre.y())
        diamond.lineTo(centre.x(), centre.y() + reach)
        diamond.lineTo(centre.x() - reach, centre.y())
        diamond.closeSubpath()
        painter.setPen(colour_pen(palette, QPalette.ColorRole.Accent, 1.0))
        painter.setBrush(palette.color(QPalette.ColorRole.Accent))
        painter.drawPath(diamond)

    def _paint_legend(self, painter: QPainter, metrics: QFontMetricsF) -> None:
        y = PAD + metrics.height() / 2
        x = self.plot_rect().left()
        for word, draw in ((BEFORE_WORD, self._before_marker), (AFTER_WORD, self._after_marker)):
            draw(painter, QPointF(x + MARKER, y), MARKER)
            painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
            text_left = x + MARKER * 2 + 6
            painter.drawText(QRectF(text_left, y - metrics.height() / 2, metrics.horizontalAdvance(word) + 4,
                                    metrics.height()), int(Qt.AlignmentFlag.AlignVCenter), word)
            x = text_left + metrics.horizontalAdvance(word) + 24

    # -- tooltips per session --------------------------------------------------------

    def session_at(self, x: float) -> MoodPoint | None:
        plot = self.plot_rect()
        if self.is_empty() or not plot.left() <= x < plot.right():
            return None
        index = int((x - plot.left()) / (plot.width() / len(self._points)))
        return self._points[min(index, len(self._points) - 1)]

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            point = self.session_at(event.pos().x())
            if point is not None:
                QToolTip.showText(event.globalPos(), session_mood_text(point), self)
                return True
        return super().event(event)
