"""Mood before and after: drawn at any size, said in words, before and after told apart by shape, not only colour.

Real widgets, painted offscreen; pictures are read back pixel by pixel where
it matters.
"""

from __future__ import annotations

import pytest
from PySide6.QtGui import QPalette
from pytestqt.qtbot import QtBot

from kindaudio.ui.widgets.charts.mood import MoodChart
from kindaudio.ui.widgets.charts.text import EMPTY_MOOD_TEXT, session_mood_text
from tests.ui.widgets.charts.support import SIZES, colour_at, mood_points, shown


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
