"""The words of the record-your-voice dialog: a sentence's state, the count, what is playing."""

from __future__ import annotations

from kindaudio.script.durations import format_clock

NOT_RECORDED = "Not recorded yet"
RECORDING = "● Recording…"
SAVING = "Keeping the take…"
PLAYBACK_PREFIX = "Your recording: "  # the player's title for one's own recording of a sentence
READ_PREFIX = "Read aloud: "  # ... and for the sentence read by the computer voice
HOW_IT_WORKS = ("Choose a sentence, press Record (or R), read it aloud at your own pace, then press Stop (or R "
                "again): the take is kept. Space plays it back, ↓ goes to the next sentence. Sentences you leave "
                "unrecorded are read by a computer voice.")


def recorded_text(seconds: float) -> str:
    """A recorded sentence's state, in words as well as a mark: "✓ Recorded (0:04)"."""
    return f"✓ Recorded ({format_clock(max(seconds, 1.0))})"


def count_text(recorded: int, total: int) -> str:
    return f"{recorded} of {total} recorded"


def heading_text(title: str) -> str:
    return f"Record your voice: {title}"


def microphone_missing_text(saved: str, chosen: str) -> str:
    """The microphone chosen last time is not connected: which one is used instead."""
    return (f"The microphone you chose before ({saved}) is not connected now, so {chosen} is chosen. You might "
            "connect it, then press Look again.")


def found_text(new: list[str]) -> str:
    return f"Found {' and '.join(new)}: you can choose it under Microphone."


def playback_failed_text(reading: bool, message: str) -> str:
    """Playing back (or reading aloud) went wrong: what, and the player's reason with a capital."""
    what = "The sentence could not be read aloud." if reading else "The recording could not be played."
    return f"{what} {message[:1].upper()}{message[1:]}".strip()
