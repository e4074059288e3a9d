"""Minutes per week as bars, each with its number, the busiest week setting a round scale."""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QFontMetricsF, QHelpEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from kindaudio.journal.charts import Axis, nice_axis, week_label
from kindaudio.journal.records import WeekMinutes
from kindaudio.ui.widgets.charts.painting import PAD, TICK_GAP, colour_pen, draw_empty, small_font
from kindaudio.ui.widgets.charts.text import EMPTY_WEEKS_TEXT, minutes_text

log = logging.getLogger(__name__)


def whole_minute_axis(high: float) -> Axis:
    """A minutes axis labelled in whole minutes: a week of a few minutes is counted 0, 1, 2…, never 0.5."""
    axis = nice_axis(high)
    if all(float(tick).is_integer() for tick in axis.ticks):
        return axis
    top = max(1, math.ceil(high))
    ticks = tuple(float(minute) for minute in range(top + 1))
    return Axis(0.0, float(top), ticks)


class WeekBarsChart(QWidget):
    """Minutes listened in each week, one bar a week, the number written on each bar that has any.

    Hovering a bar shows its week and minutes as a tooltip; the whole chart
    is summarised in its accessible description.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._weeks: tuple[WeekMinutes, ...] = ()
        self._axis = whole_minute_axis(0.0)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(260, 200)
        self.setAccessibleName("Minutes per week")
        self.setToolTip("Minutes you listened or logged in each week. Point at a bar for its week.")
        self._describe()

    # -- data ------------------------------------------------------------------

    def weeks(self) -> tuple[WeekMinutes, ...]:
        """The weeks drawn, oldest first."""
        return self._weeks

    def axis(self) -> Axis:
        return self._axis

    def is_empty(self) -> bool:
        return not any(week.minutes > 0 for week in self._weeks)

    def set_weeks(self, weeks: Sequence[WeekMinutes]) -> None:
        self._weeks = tuple(weeks)
        self._axis = whole_minute_axis(max((week.minutes for week in self._weeks), default=0.0))
        self._describe()
        self.update()

    def description(self) -> str:
        """The chart in words: how many weeks, the week with most minutes, this week."""
        count = len(self._weeks)
        if self.is_empty():
            span = f"the last {count} weeks" if count else "these weeks"
            return f"Minutes per week, {span}: no practice recorded yet."
        most = max(self._weeks, key=lambda week: week.minutes)
        this_week = self._weeks[-1]
        return (f"Minutes per week, last {count} weeks: most {minutes_text(most.minutes)} "
                f"in the week of {week_label(most.week_start)}; this week {minutes_text(this_week.minutes)}.")

    def _describe(self) -> None:
        self.setAccessibleDescription(self.description())

    # -- geometry (public so tests can check what is where) ----------------------

    def plot_rect(self) -> QRectF:
        metrics = QFontMetricsF(small_font(self))
        label_width = max(metrics.horizontalAdvance(self._tick_text(tick)) for tick in self._axis.ticks)
        left = PAD + label_width + TICK_GAP
        top = PAD + metrics.height() + 4  # room for the number above the tallest bar
        bottom = self.height() - PAD - metrics.height() - TICK_GAP
        return QRectF(left, top, max(self.width() - left - PAD, 1.0), max(bottom - top, 1.0))

    def bar_rects(self) -> list[QRectF]:
        """One rectangle per week (zero height for an empty week)."""
        plot = self.plot_rect()
        count = len(self._weeks)
        if count == 0:
            return []
        slot = plot.width() / count
        width = max(slot * 0.62, 2.0)
        span = self._axis.high - self._axis.low or 1.0
        rects = []
        for index, week in enumerate(self._weeks):
            height = plot.height() * (min(week.minutes, self._axis.high) - self._axis.low) / span
            x = plot.left() + slot * index + (slot - width) / 2
            rects.append(QRectF(x, plot.bottom() - height, width, height))
        return rects

    def week_at(self, x: float) -> WeekMinutes | None:
        plot = self.plot_rect()
        if not self._weeks or not plot.left() <= x < plot.right():
            return None
        index = int((x - plot.left()) / (plot.width() / len(self._weeks)))
        return self._weeks[min(index, len(self._weeks) - 1)]

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(560, 280)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(260, 200)

    @staticmethod
    def _tick_text(tick: float) -> str:
        return f"{tick:g}"

    # -- painting -------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            if self.is_empty():
                draw_empty(painter, self, EMPTY_WEEKS_TEXT)
            else:
                self._paint_chart(painter)
        finally:
            painter.end()

    def _paint_chart(self, painter: QPainter) -> None:
        palette = self.palette()
        small = small_font(self)
        metrics = QFontMetricsF(small)
        plot = self.plot_rect()
        span = self._axis.high - self._axis.low or 1.0
        painter.setFont(small)
        for tick in self._axis.ticks:
            y = plot.bottom() - plot.height() * (tick - self._axis.low) / span
            painter.setPen(colour_pen(palette, QPalette.ColorRole.Mid))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            text_rect = QRectF(PAD, y - metrics.height() / 2, plot.left() - PAD - TICK_GAP, metrics.height())
            painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                             self._tick_text(tick))

        rects = self.bar_rects()
        slot = plot.width() / len(rects)
        label_every = self._label_every(metrics, slot)
        last = len(rects) - 1
        for index, (week, rect) in enumerate(zip(self._weeks, rects, strict=True)):
            if week.minutes > 0:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(palette.color(QPalette.ColorRole.Accent))
                painter.drawRoundedRect(rect, 3, 3)
                painter.setPen(palette.color(QPalette.ColorRole.WindowText))
                value = QRectF(rect.center().x() - slot / 2, rect.top() - metrics.height() - 2, slot, metrics.height())
                painter.drawText(value, int(Qt.AlignmentFlag.AlignCenter), f"{round(week.minutes)}"
                                 if week.minutes >= 0.5 else "<1")
            if (last - index) % label_every == 0:
                label = "This week" if index == last and metrics.horizontalAdvance("This week") < slot * label_every \
                    else week_label(week.week_start)
                painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
                below = QRectF(rect.center().x() - slot * label_every / 2, plot.bottom() + TICK_GAP / 2,
                               slot * label_every, metrics.height())
                painter.drawText(below, int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop), label)
        painter.setPen(colour_pen(palette, QPalette.ColorRole.Dark))
        painter.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.right(), plot.bottom()))

    def _label_every(self, metrics: QFontMetricsF, slot: float) -> int:
        """Label every week when the labels fit, else every second or third: never overlapping."""
        widest = max(metrics.horizontalAdvance(week_label(week.week_start)) for week in self._weeks) + 8
        every = 1
        while widest > slot * every and every < len(self._weeks):
            every += 1
        return every

    # -- tooltips per bar --------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            week = None if self.is_empty() else self.week_at(event.pos().x())
            if week is not None:
                QToolTip.showText(event.globalPos(), f"Week of {week_label(week.week_start)}: "
                                  f"{minutes_text(week.minutes)}", self)
                return True
        return super().event(event)
