"""The progress bar with section marks: where it paints them, what it says, what a click asks for."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage, QPalette

from kindaudio.ui.widgets.section_progress import MARK_HEIGHT, TRACK_HEIGHT, SectionProgress


@pytest.fixture
def bar(qtbot) -> SectionProgress:
    widget = SectionProgress()
    qtbot.addWidget(widget)
    widget.resize(418, 40)  # a track of 400 pixels
    widget.show()
    return widget


def painted(image: QImage, x: float, y: float) -> bool:
    """Something other than the background within a pixel of (x, y) (the ticks are antialiased)."""
    background = image.pixelColor(0, 0)
    return any(image.pixelColor(int(x) + dx, int(y)) != background for dx in (-1, 0, 1))


def test_marks_sit_at_their_fractions_of_the_track(bar: SectionProgress) -> None:
    bar.set_marks([0.0, 0.25, 0.6])  # the first section starts at 0: no mark needed there
    track = bar.track_rect()
    assert track.width() == 400
    assert bar.marks() == (0.25, 0.6)
    assert bar.mark_positions() == pytest.approx([track.left() + 100, track.left() + 240])


def test_the_picture_shows_ticks_at_the_marks_and_the_played_part(bar: SectionProgress) -> None:
    bar.set_marks([0.25, 0.6])
    bar.set_value(0.5)
    image = bar.grab().toImage()
    middle = bar.height() / 2
    above_track = middle - (TRACK_HEIGHT / 2 + MARK_HEIGHT / 2) / 2  # where only a tick paints
    for x in bar.mark_positions():
        assert painted(image, x, above_track)
    between = bar.x_at(0.42)
    assert not painted(image, between, above_track)
    # The played part is in the accent colour; the rest of the track is not.
    accent = bar.palette().color(QPalette.ColorRole.Accent)
    assert image.pixelColor(int(bar.x_at(0.4)), int(middle)) == accent
    assert image.pixelColor(int(bar.x_at(0.8)), int(middle)) != accent


def test_values_and_marks_stay_within_the_bar(bar: SectionProgress) -> None:
    bar.set_value(1.7)
    assert bar.value() == 1.0
    bar.set_value(-1)
    assert bar.value() == 0.0
    bar.set_marks([1.0, 0.5, -0.2])
    assert bar.marks() == (0.5,)


def test_a_click_asks_to_go_to_that_place(bar: SectionProgress, qtbot) -> None:
    x = round(bar.x_at(0.75))
    with qtbot.waitSignal(bar.seek_requested, timeout=1000) as asked:
        qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=QPoint(x, bar.height() // 2))
    assert asked.args[0] == pytest.approx(0.75, abs=1 / 400)


def test_a_click_does_nothing_while_there_is_nothing_to_seek(bar: SectionProgress, qtbot) -> None:
    bar.set_seekable(False)
    with qtbot.assertNotEmitted(bar.seek_requested):
        qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=QPoint(100, bar.height() // 2))


def test_it_says_where_you_are_in_words(bar: SectionProgress) -> None:
    assert bar.accessibleName() and bar.toolTip()
    bar.set_description("3:00 of 8:00; section 2 of 3: Resting")
    assert bar.accessibleDescription() == "3:00 of 8:00; section 2 of 3: Resting"

