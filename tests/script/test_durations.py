"""Durations as written in scripts: h, m and s, largest first."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kindaudio.script.durations import DurationError, format_clock, format_duration, parse_duration


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("5s", 5.0),
        ("45s", 45.0),
        ("2.5s", 2.5),
        ("2m", 120.0),
        ("1m30s", 90.0),
        ("1h", 3600.0),
        ("1h2m3s", 3723.0),
        ("1h30s", 3630.0),
        ("0s", 0.0),
        (" 5s ", 5.0),
        ("5S", 5.0),
    ],
)
def test_durations_are_hours_minutes_and_seconds_largest_first(text: str, seconds: float) -> None:
    assert parse_duration(text) == seconds


def test_a_bare_number_is_refused_with_the_unit_suggested() -> None:
    with pytest.raises(DurationError) as caught:
        parse_duration("5")
    assert str(caught.value) == "malformed duration '5': missing unit; did you mean 5s?"


@pytest.mark.parametrize("text", ["", "s", "5x", "30s1m", "1.5m", "1m30", "five seconds", "-5s", "5s5s"])
def test_malformed_durations_are_refused_with_examples(text: str) -> None:
    with pytest.raises(DurationError) as caught:
        parse_duration(text)
    assert str(caught.value) == f"malformed duration '{text}'; write it like e.g. 5s, 2.5s, 1m30s or 2m"


def test_a_duration_error_is_a_value_error() -> None:
    assert issubclass(DurationError, ValueError)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0s"), (5, "5s"), (2.5, "2.5s"), (60, "1m"), (90, "1m30s"), (3600, "1h"), (3661, "1h1m1s"),
     (7200.25, "2h0.25s"), (59.9996, "1m")],
)
def test_durations_are_written_the_shortest_way(seconds: float, text: str) -> None:
    assert format_duration(seconds) == text


def test_negative_durations_cannot_be_written() -> None:
    with pytest.raises(ValueError, match="never negative"):
        format_duration(-1)


@settings(max_examples=200, deadline=None, database=None)
@given(st.integers(min_value=0, max_value=5 * 3600), st.sampled_from([0, 0.25, 0.5, 0.125]))
def test_writing_then_reading_a_duration_gives_it_back(whole: int, fraction: float) -> None:
    seconds = whole + fraction
    assert parse_duration(format_duration(seconds)) == seconds


@pytest.mark.parametrize(
    ("seconds", "clock"),
    [(0, "0:00"), (5, "0:05"), (65, "1:05"), (600, "10:00"), (3599.6, "1:00:00"), (3725, "1:02:05")],
)
def test_clock_time_is_minutes_and_seconds_or_hours_minutes_seconds(seconds: float, clock: str) -> None:
    assert format_clock(seconds) == clock
