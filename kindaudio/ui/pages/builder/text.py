"""The builder's words about a practice being made: how long it can last, how much is speech, what to change."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kindaudio.script.durations import format_clock
from kindaudio.ui.pages.builder.data import speech_seconds

if TYPE_CHECKING:
    from kindaudio.script.builder.fill import FilledPractice


def reach_text(filled: FilledPractice) -> str:
    """ "It can last from about 6:10 to 21:30; offered: 10 · 20 min." """
    practice, reach = filled.practice, filled.reachable
    offered = " · ".join(str(minutes) for minutes in practice.lengths)
    return (f"It can last from about {format_clock(reach.shortest)} to "
            f"{format_clock(reach.longest)}" + (f"; offered: {offered} min." if offered else "."))


def estimate_text(filled: FilledPractice) -> str:
    """How much of it is speech, and that this is an estimate from the words."""
    practice = filled.practice
    sentences = len(practice.sentences)
    return (f"About {format_clock(speech_seconds(practice))} of it is speech ({sentences} sentence"
            f"{'s' if sentences != 1 else ''}); the rest is quiet. Estimated from the words at the practice's "
            "pace: the voice may take a little more or less.")


def changes_needed_text(count: int) -> str:
    """Said while the form has problems the template is not even asked about."""
    return (f"{count} thing{'s' if count != 1 else ''} to change before saving (said next to "
            f"{'it' if count == 1 else 'each'}). The preview shows the last choices that worked.")
