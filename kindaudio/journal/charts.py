"""Chart arithmetic shared by the PDF report and the window's charts.

Both draw the same pictures (minutes per week, mood before and after), so they
share how an axis is scaled and how a week is named; each draws with its own
tools (fpdf2 primitives, Qt painting). Nothing here draws.
"""

from __future__ import annotations

import itertools
import logging
import math
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

log = logging.getLogger(__name__)

# Month names are ours, not the locale's: a report reads the same on every machine.
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MANTISSAS = (1, 2, 5)
_NARROWEST_SPAN = 1e-9  # journal figures (minutes, moods) never differ by less
_EMPTY_SPAN = 10.0  # an axis for nothing at all still needs a scale people can read


@dataclass(frozen=True)
class Axis:
    """A value axis: from `low` to `high`, labelled at `ticks` (both ends included)."""

    low: float
    high: float
    ticks: tuple[float, ...]


def nice_axis(high: float, *, low: float = 0.0, max_ticks: int = 5) -> Axis:
    """An axis covering [low, high] with round steps (1, 2 or 5 × 10^n).

    Round steps make the gridlines readable at a glance; the axis never has
    more than `max_ticks` intervals (so at most max_ticks + 1 labels); zero is
    always a tick when the range reaches it. An
    empty range (high equal to low, e.g. a week with no practice) gets a span
    of 10 so the chart still has a scale.
    """
    if not (math.isfinite(high) and math.isfinite(low)):
        raise ValueError(f"an axis needs finite ends, not {low!r}..{high!r}")
    if max_ticks < 2:
        # A range around zero needs two intervals whatever the step (-s, 0, s).
        raise ValueError(f"an axis needs room for at least two intervals, not max_ticks={max_ticks}")
    if high < low:
        low, high = high, low
    if high - low < _NARROWEST_SPAN:  # nothing to tell apart (and steps below ~1e-300 lose their roundness)
        high = low + _EMPTY_SPAN
    span = high - low
    # Ends: once the step reaches the span, at most two intervals are needed (-s, 0, s).
    for exponent in itertools.count(math.floor(math.log10(span / max_ticks)) - 1):
        for mantissa in _MANTISSAS:
            step = Decimal(mantissa).scaleb(exponent)
            ticks = _ticks(low, high, step)
            if len(ticks) - 1 <= max_ticks:
                return Axis(ticks[0], ticks[-1], ticks)
    raise AssertionError("unreachable")


def _ticks(low: float, high: float, step: Decimal) -> tuple[float, ...]:
    """Multiples of `step` from the last one at or below `low` to the first at or above `high`.

    Computed in Decimal so ticks are the round numbers they look like (0.3, not
    0.30000000000000004), then checked in float so they really cover the range.
    """
    first = math.floor(Decimal(low) / step)
    while float(first * step) > low:
        first -= 1
    last = math.ceil(Decimal(high) / step)
    while float(last * step) < high:
        last += 1
    return tuple(float(k * step) for k in range(first, last + 1))


def week_label(week_start: date) -> str:
    """A short name for a week, from its Monday: "3 Nov"."""
    return f"{week_start.day} {_MONTHS[week_start.month - 1]}"
