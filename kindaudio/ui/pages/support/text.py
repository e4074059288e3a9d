"""The support page's words: the same as `kindaudio support` prints, kept without Qt in the journal package."""

from __future__ import annotations

from kindaudio.journal.support_words import (
    CLOSING,
    HEADING,
    INTRO,
    NO_PLAN,
    NO_THERAPIST,
    PLAN_TITLE,
    SETTINGS_BUTTON,
    THERAPIST_TITLE,
    URGENT,
    URGENT_TITLE,
    therapist_lines,
)

__all__ = ["CLOSING", "HEADING", "INTRO", "NO_PLAN", "NO_THERAPIST", "PLAN_TITLE", "SETTINGS_BUTTON",
           "THERAPIST_TITLE", "URGENT", "URGENT_TITLE", "therapist_lines"]
