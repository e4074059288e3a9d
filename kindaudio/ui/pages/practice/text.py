"""The Practice page's words about a recorded voice that cannot play alone yet."""

from __future__ import annotations


def unrecorded_text(unrecorded: int) -> str:
    """Why the recorded voice alone cannot play yet, in plain words."""
    if unrecorded == 1:
        return "1 sentence isn't recorded yet, so the practice can't play in your recorded voice alone."
    return f"{unrecorded} sentences aren't recorded yet, so the practice can't play in your recorded voice alone."


def record_them_text(unrecorded: int) -> str:
    return "Record it…" if unrecorded == 1 else "Record them…"


def recorded_voice_text(recorded: int, total: int) -> str:
    """The voice box's recorded voice, saying how much of the practice it speaks ("1 of 56 recorded")."""
    return "Recorded voice" if recorded == total else f"Recorded voice ({recorded} of {total} recorded)"


def recordings_note_text(recorded: int, total: int) -> str:
    """Under the voice box: how much is recorded, and what a partly recorded practice does by default."""
    if recorded == total:
        return "Every sentence of this practice is recorded. "
    return (f"{recorded} of {total} sentences are recorded; a computer voice reads this practice unless you "
            "choose the recorded voice above. ")
