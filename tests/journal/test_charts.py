"""Chart scales shared by the PDF report and the window: round steps that cover the data."""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from kindaudio.journal.charts import Axis, nice_axis, week_label

# Axes show minutes (up to thousands a week) and valence (-3..3). Far beyond that, a float
# cannot hold a step of 0.2 next to a value of 1e9 (its spacing there is about 1e-7).
finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)


def is_round_step(step: float) -> bool:
    """1, 2 or 5 times a power of ten (judged on the decimal the float stands for)."""
    digits = Decimal(f"{step:.12g}").normalize().as_tuple().digits  # float subtraction leaves dust
    return digits in ((1,), (2,), (5,))


@given(high=finite, low=finite, max_ticks=st.integers(min_value=2, max_value=12))
@example(high=0.0, low=2.2250738585e-313, max_ticks=2)  # a subnormal range: found by Hypothesis in CI
def test_ticks_cover_the_range_with_round_evenly_spaced_steps(high: float, low: float, max_ticks: int) -> None:
    axis = nice_axis(high, low=low, max_ticks=max_ticks)
    ticks = axis.ticks
    assert axis.low == ticks[0] <= min(low, high)
    assert axis.high == ticks[-1] >= max(low, high)
    assert 2 <= len(ticks) <= max_ticks + 1
    steps = [b - a for a, b in zip(ticks, ticks[1:])]
    step = steps[0]
    assert step > 0 and is_round_step(step)
    assert all(math.isclose(s, step, rel_tol=1e-9) for s in steps)
    assert all(math.isclose(t / step, round(t / step), abs_tol=1e-6) for t in ticks)  # on multiples of the step


def test_minutes_get_round_numbers() -> None:
    assert nice_axis(47) == Axis(0.0, 50.0, (0.0, 10.0, 20.0, 30.0, 40.0, 50.0))
    assert nice_axis(130) == Axis(0.0, 150.0, (0.0, 50.0, 100.0, 150.0))
    assert nice_axis(0.7).ticks == (0.0, 0.2, 0.4, 0.6, 0.8)  # the decimals look as written, no 0.6000000001


def test_a_week_without_practice_still_gets_a_usable_scale() -> None:
    assert nice_axis(0) == Axis(0.0, 10.0, (0.0, 2.0, 4.0, 6.0, 8.0, 10.0))


def test_the_mood_scale_can_show_every_point() -> None:
    assert nice_axis(3, low=-3, max_ticks=6).ticks == (-3.0, -2.0, -1.0, 0.0, 1.0, 2.0, 3.0)


def test_nonsense_is_refused() -> None:
    with pytest.raises(ValueError):
        nice_axis(math.inf)
    with pytest.raises(ValueError):
        nice_axis(10, max_ticks=1)


def test_weeks_are_named_by_their_monday_in_the_same_words_everywhere() -> None:
    assert week_label(date(2026, 11, 2)) == "2 Nov"
    assert week_label(date(2027, 1, 25)) == "25 Jan"
