"""The Progress page's charts: they draw what they are given at any size, say it in words, and never rely on colour.

Real widgets, painted offscreen; pictures are read back pixel by pixel where
it matters (a bar really is drawn where the data says).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kindaudio.journal.records import MoodPoint, WeekMinutes
from kindaudio.ui.widgets.charts import (EMPTY_MOOD_TEXT, EMPTY_WEEKS_TEXT, MoodChart, WeekBarsChart, minutes_text,
                                         session_mood_text)

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


# ---------------------------------------------------------------- minutes per week


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_the_week_chart_paints_at_every_size_with_a_bar_for_each_week(qtbot: QtBot, width: int, height: int) -> None:
    chart = WeekBarsChart()
    chart.set_weeks(weeks(0, 12, 45, 80, 30, 0, 0, 20, 61, 5, 90, 20))
    shown(qtbot, chart, width, height)
    image = chart.grab().toImage()
    assert image.width() == width and image.height() == height
    rects = chart.bar_rects()
    assert len(rects) == 12
    plot = chart.plot_rect()
    for rect in rects:
        assert plot.left() <= rect.left() and rect.right() <= plot.right() + 0.5
    tallest = rects[10]
    accent = chart.palette().color(QPalette.ColorRole.Accent)
    assert colour_at(chart, tallest.center().x(), tallest.center().y()) == accent
    assert rects[0].height() == 0  # an empty week has no bar


def test_the_week_chart_scales_its_axis_to_the_busiest_week_with_round_steps(qtbot: QtBot) -> None:
    chart = WeekBarsChart()
    chart.set_weeks(weeks(10, 130.4, 45))
    assert chart.axis().high == 150 and chart.axis().ticks == (0, 50, 100, 150)
    shown(qtbot, chart, 600, 300)
    rects = chart.bar_rects()
    plot = chart.plot_rect()
    assert rects[1].height() == pytest.approx(plot.height() * 130.4 / 150, abs=0.5)


def test_the_week_chart_keeps_what_it_was_given(qtbot: QtBot) -> None:
    chart = WeekBarsChart()
    qtbot.addWidget(chart)
    data = weeks(5, 0, 25)
    chart.set_weeks(data)
    assert chart.weeks() == tuple(data)


def test_the_week_chart_describes_the_busiest_week_and_this_week_in_words(qtbot: QtBot) -> None:
    chart = WeekBarsChart()
    qtbot.addWidget(chart)
    chart.set_weeks(weeks(0, 12, 45, 30, 20))
    assert chart.accessibleDescription() == ("Minutes per week, last 5 weeks: most 45 minutes in the week of 15 Sep; "
                                             "this week 20 minutes.")
    assert chart.accessibleName() == "Minutes per week"
    assert chart.toolTip()


def test_a_week_chart_with_nothing_in_it_shows_a_friendly_line_instead_of_empty_axes(qtbot: QtBot) -> None:
    chart = WeekBarsChart()
    chart.set_weeks(weeks(0, 0, 0, 0))
    shown(qtbot, chart, 500, 260)
    assert chart.is_empty()
    assert "no practice recorded yet" in chart.accessibleDescription()
    # No axis line across the bottom of the plot: only the words are painted.
    plot = chart.plot_rect()
    axis_colour = chart.palette().color(QPalette.ColorRole.Dark)
    assert colour_at(chart, plot.center().x(), plot.bottom()) != axis_colour
    assert EMPTY_WEEKS_TEXT.startswith("Nothing to show here yet")


def test_the_week_chart_paints_with_no_weeks_at_all(qtbot: QtBot) -> None:
    chart = WeekBarsChart()
    chart.set_weeks([])
    shown(qtbot, chart, 300, 200)
    assert chart.bar_rects() == [] and chart.is_empty()
    assert chart.week_at(150) is None


def test_pointing_at_a_bar_finds_its_week(qtbot: QtBot) -> None:
    chart = WeekBarsChart()
    data = weeks(5, 15, 25)
    chart.set_weeks(data)
    shown(qtbot, chart, 600, 300)
    for week, rect in zip(data, chart.bar_rects(), strict=True):
        assert chart.week_at(rect.center().x()) == week
    assert chart.week_at(1) is None


def test_minutes_are_written_as_people_say_them() -> None:
    assert minutes_text(1) == "1 minute"
    assert minutes_text(44.6) == "45 minutes"
    assert minutes_text(0.2) == "less than a minute"
    assert minutes_text(0) == "0 minutes"


# ---------------------------------------------------------------- mood before and after


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_the_mood_chart_paints_at_every_size_with_marks_inside_the_plot(qtbot: QtBot, width: int,
                                                                        height: int) -> None:
    chart = MoodChart()
    chart.set_points(mood_points((-2, 1), (0, None), (None, 3), (-3, -3), (1, 2)) * 8)
    shown(qtbot, chart, width, height)
    plot = chart.plot_rect()
    marks = chart.marks()
    assert len(marks) == 40
    for mark in marks:
        for place in (mark.before, mark.after):
            if place is not None:
                assert plot.left() <= place.x() <= plot.right()
                assert plot.top() - 0.5 <= place.y() <= plot.bottom() + 0.5


def test_before_is_left_of_after_and_each_sits_at_its_valence(qtbot: QtBot) -> None:
    chart = MoodChart()
    chart.set_points(mood_points((-3, 3), (0, 0)))
    shown(qtbot, chart, 600, 300)
    first, second = chart.marks()
    assert first.before is not None and first.after is not None
    assert first.before.x() < first.after.x()
    assert first.before.y() == pytest.approx(chart.plot_rect().bottom())  # very unpleasant: the bottom line
    assert first.after.y() == pytest.approx(chart.plot_rect().top())  # very pleasant: the top line
    assert second.before is not None and second.after is not None
    assert second.before.y() == second.after.y() == pytest.approx(chart.y_at(0))
    assert first.after.x() < second.before.x()  # oldest on the left


def test_before_and_after_differ_in_shape_not_only_colour(qtbot: QtBot) -> None:
    """A hollow circle before (the middle shows the background), a filled diamond after (the middle is filled)."""
    chart = MoodChart()
    chart.set_points(mood_points((-1, 2)))
    shown(qtbot, chart, 600, 300)
    (mark,) = chart.marks()
    assert mark.before is not None and mark.after is not None
    palette = chart.palette()
    assert colour_at(chart, mark.before.x(), mark.before.y()) == palette.color(QPalette.ColorRole.Base)
    assert colour_at(chart, mark.after.x(), mark.after.y()) == palette.color(QPalette.ColorRole.Accent)


def test_the_mood_chart_says_in_words_what_it_shows(qtbot: QtBot) -> None:
    chart = MoodChart()
    qtbot.addWidget(chart)
    chart.set_points(mood_points((-1, 1), (-1, 2), (0, 0), (1, 0), (None, 2)))
    words = chart.accessibleDescription()
    assert words.startswith("Mood before and after 5 sessions, 1 Sep to 9 Sep.")
    assert "Before, most often: slightly unpleasant." in words
    assert "After, most often: pleasant." in words
    assert "Of the 4 with both, after felt more pleasant in 2, the same in 1 and less pleasant in 1." in words


def test_sessions_without_any_check_in_are_left_out_and_an_empty_chart_says_so(qtbot: QtBot) -> None:
    chart = MoodChart()
    chart.set_points(mood_points((None, None)))
    shown(qtbot, chart, 500, 260)
    assert chart.is_empty() and chart.points() == ()
    assert chart.accessibleDescription() == "Mood before and after sessions: no check-ins in these weeks yet."
    assert EMPTY_MOOD_TEXT.startswith("No check-ins")


def test_pointing_at_a_session_names_it_and_its_check_ins(qtbot: QtBot) -> None:
    chart = MoodChart()
    points = mood_points((-2, 1), (0, None))
    chart.set_points(points)
    shown(qtbot, chart, 600, 300)
    first, second = chart.marks()
    assert first.after is not None and second.before is not None
    assert chart.session_at(first.after.x()) == points[0]
    assert chart.session_at(second.before.x()) == points[1]
    assert session_mood_text(points[0]) == "1 Sep, Affectionate Breathing: before unpleasant, after slightly pleasant"
    assert session_mood_text(points[1]) == "3 Sep, Affectionate Breathing: before neither pleasant nor unpleasant"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_charts_take_their_colours_from_the_theme(qtbot: QtBot, qapp, scheme: str) -> None:
    from kindaudio.common.settings import Settings
    from kindaudio.ui.theme import apply_theme, palettes

    sheet, palette, font, style = qapp.styleSheet(), qapp.palette(), qapp.font(), qapp.style().name()
    try:
        apply_theme(qapp, Settings(theme=scheme))
        chart = WeekBarsChart()
        chart.set_weeks(weeks(10, 40))
        shown(qtbot, chart, 500, 260)
        rect = chart.bar_rects()[1]
        assert colour_at(chart, rect.center().x(), rect.center().y()) == QColor(palettes()[scheme]["accent"])
    finally:
        qapp.setStyleSheet(sheet)
        qapp.setPalette(palette)
        qapp.setFont(font)
        qapp.setStyle(style)
