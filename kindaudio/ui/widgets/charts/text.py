"""The charts' words: what an empty chart says, minutes as people say them, one session's check-ins."""

from __future__ import annotations

from kindaudio.journal.charts import week_label
from kindaudio.journal.records import VALENCE_LABELS, MoodPoint

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


def session_mood_text(point: MoodPoint) -> str:
    """One session's check-ins in words, e.g. "3 Nov, Body Scan: before unpleasant, after pleasant"."""
    parts = []
    if point.before is not None:
        parts.append(f"before {VALENCE_LABELS[point.before].lower()}")
    if point.after is not None:
        parts.append(f"after {VALENCE_LABELS[point.after].lower()}")
    return f"{week_label(point.day)}, {point.title}: {', '.join(parts)}"
