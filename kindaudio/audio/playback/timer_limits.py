"""The silent timer's bounds and how its lengths are written: what a page needs without the audio machinery."""

from __future__ import annotations

__all__ = ["MAX_MINUTES", "MIN_MINUTES", "TIMER_PRACTICE_ID", "format_minutes"]

TIMER_PRACTICE_ID = "silent-timer"
MIN_MINUTES = 1
MAX_MINUTES = 180


def format_minutes(minutes: float) -> str:
    """A sitting time for a title: "20 min", "1 h 30 min", "2 min 30 s"."""
    hours, rest = divmod(int(round(minutes * 60)), 3600)
    whole_minutes, seconds = divmod(rest, 60)
    parts = [f"{hours} h"] if hours else []
    if whole_minutes or (not hours and not seconds):
        parts.append(f"{whole_minutes} min")
    if seconds:
        parts.append(f"{seconds} s")
    return " ".join(parts)
