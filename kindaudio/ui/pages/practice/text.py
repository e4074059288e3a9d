"""The Practice page's words about a recorded voice that cannot play alone yet."""

from __future__ import annotations


def unrecorded_text(unrecorded: int) -> str:
    """Why the recorded voice alone cannot play yet, in plain words."""
    if unrecorded == 1:
        return "1 sentence isn't recorded yet, so the practice can't play in your recorded voice alone."
    return f"{unrecorded} sentences aren't recorded yet, so the practice can't play in your recorded voice alone."


def record_them_text(unrecorded: int) -> str:
    return "Record it…" if unrecorded == 1 else "Record them…"
