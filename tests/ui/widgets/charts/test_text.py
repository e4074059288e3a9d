"""The charts' words."""

from __future__ import annotations

from kindaudio.ui.widgets.charts.text import minutes_text


def test_minutes_are_written_as_people_say_them() -> None:
    assert minutes_text(1) == "1 minute"
    assert minutes_text(44.6) == "45 minutes"
    assert minutes_text(0.2) == "less than a minute"
    assert minutes_text(0) == "0 minutes"
