"""The Progress page's two small charts, painted with QPainter: minutes per week, and mood before and after.

Two plain pictures do not need a chart library (QtCharts would pull in
PySide6-Addons). The axis steps and week labels come from
kindaudio.journal.charts, so the window and the PDF report agree. Colours
come from the palette the theme sets, so light and dark both work, and
nothing depends on colour alone: before and after differ in shape, each bar
carries its number, and each chart says what it shows in words (its
accessible description), for screen readers and for anyone who prefers words.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QHelpEvent, QPainter, QPainterPath, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from kindaudio.journal.charts import Axis, nice_axis, week_label
from kindaudio.journal.records import VALENCE_LABELS, MoodPoint, WeekMinutes

log = logging.getLogger(__name__)

PAD = 10.0  # pixels around the plot
TICK_GAP = 8.0  # between an axis label and the plot
SMALL_TEXT = 0.9  # axis labels, relative to the widget's font
MARKER = 6.0  # half the size of a mood marker
VALENCE_LOW, VALENCE_HIGH = -3, 3
EMPTY_WEEKS_TEXT = ("Nothing to show here yet. When you practise, with the app or away from it, "
                    "your minutes for each week will appear here.")
EMPTY_MOOD_TEXT = ("No check-ins in these weeks yet. If you check in before or after a practice, "
                   "how you felt will appear here.")
BEFORE_WORD, AFTER_WORD = "Before", "After"


def minutes_text(minutes: float) -> str:
    """Whole minutes as people say them ("1 minute", "45 minutes"); a little practice is never rounded to 0."""
    whole = round(minutes)
    if 0 < minutes and whole == 0:
        return "less than a minute"
    return f"{whole} minute" if whole == 1 else f"{whole} minutes"


def _small_font(widget: QWidget) -> QFont:
    font = QFont(widget.font())
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * SMALL_TEXT)
    return font


def _colour_pen(palette: QPalette, role: QPalette.ColorRole, width: float = 1.0,
                style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> QPen:
    pen = QPen(palette.color(role), width, style)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    return pen


def _draw_empty(painter: QPainter, widget: QWidget, text: str) -> None:
    painter.setPen(widget.palette().color(QPalette.ColorRole.PlaceholderText))
    painter.setFont(widget.font())
    area = QRectF(widget.rect()).adjusted(PAD * 2, PAD, -PAD * 2, -PAD)
    painter.drawText(area, int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap), text)


# ---------------------------------------------------------------- minutes per week


class WeekBarsChart(QWidget):
    """Minutes listened in each week, one bar a week, the number written on each bar that has any.

    Hovering a bar shows its week and minutes as a tooltip; the whole chart
    is summarised in its accessible description.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._weeks: tuple[WeekMinutes, ...] = ()
        self._axis = nice_axis(0.0)
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
        self._axis = nice_axis(max((week.minutes for week in self._weeks), default=0.0))
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
        metrics = QFontMetricsF(_small_font(self))
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
                _draw_empty(painter, self, EMPTY_WEEKS_TEXT)
            else:
                self._paint_chart(painter)
        finally:
            painter.end()

    def _paint_chart(self, painter: QPainter) -> None:
        palette = self.palette()
        small = _small_font(self)
        metrics = QFontMetricsF(small)
        plot = self.plot_rect()
        span = self._axis.high - self._axis.low or 1.0
        painter.setFont(small)
        for tick in self._axis.ticks:
            y = plot.bottom() - plot.height() * (tick - self._axis.low) / span
            painter.setPen(_colour_pen(palette, QPalette.ColorRole.Mid))
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
        painter.setPen(_colour_pen(palette, QPalette.ColorRole.Dark))
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


# ---------------------------------------------------------------- mood before and after


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
        return QFontMetricsF(_small_font(self)).height() + 10

    def plot_rect(self) -> QRectF:
        metrics = QFontMetricsF(_small_font(self))
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
                _draw_empty(painter, self, EMPTY_MOOD_TEXT)
            else:
                self._paint_chart(painter)
        finally:
            painter.end()

    def _marker_size(self) -> float:
        slot = self.plot_rect().width() / max(len(self._points), 1)
        return max(3.0, min(MARKER, slot * 0.2))

    def _paint_chart(self, painter: QPainter) -> None:
        palette = self.palette()
        small = _small_font(self)
        metrics = QFontMetricsF(small)
        plot = self.plot_rect()
        painter.setFont(small)
        top_word, middle_word, bottom_word = self._end_labels()
        for valence in range(VALENCE_LOW, VALENCE_HIGH + 1):
            y = self.y_at(valence)
            style = Qt.PenStyle.SolidLine if valence == 0 else Qt.PenStyle.DotLine
            painter.setPen(_colour_pen(palette, QPalette.ColorRole.Mid, 1.0, style))
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
                painter.setPen(_colour_pen(palette, QPalette.ColorRole.Dark, 1.5))
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
        painter.setPen(_colour_pen(palette, QPalette.ColorRole.WindowText, 2.0))
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
        painter.setPen(_colour_pen(palette, QPalette.ColorRole.Accent, 1.0))
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


def session_mood_text(point: MoodPoint) -> str:
    """One session's check-ins in words, e.g. "3 Nov, Body Scan: before unpleasant, after pleasant"."""
    parts = []
    if point.before is not None:
        parts.append(f"before {VALENCE_LABELS[point.before].lower()}")
    if point.after is not None:
        parts.append(f"after {VALENCE_LABELS[point.after].lower()}")
    return f"{week_label(point.day)}, {point.title}: {', '.join(parts)}"
