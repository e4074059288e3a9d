"""Minutes per week: drawn at any size with a round scale, said in words, in the theme's colours.

Real widgets, painted offscreen; pictures are read back pixel by pixel where
it matters (a bar really is drawn where the data says).
"""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette
from pytestqt.qtbot import QtBot

from kindaudio.ui.widgets.charts.text import EMPTY_WEEKS_TEXT
from kindaudio.ui.widgets.charts.week_bars import WeekBarsChart
from tests.ui.widgets.charts.support import SIZES, colour_at, shown, weeks


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
