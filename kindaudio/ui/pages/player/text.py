"""The Player page's words: what the player is doing, and where in the practice it is."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kindaudio.audio import PlayerState, PlayerStatus
from kindaudio.script.durations import format_clock

if TYPE_CHECKING:
    from kindaudio.audio import SectionSpan

PREPARING = "Preparing…"
GETTING_READY = "Getting the voice ready…"


def state_text(status: PlayerStatus) -> str:
    """The line under the section's title: preparing, paused, playing (or waiting for the voice), finished."""
    state = status.state
    if state is PlayerState.LOADING:
        return PREPARING
    if state is PlayerState.PAUSED:
        return "Paused"
    if state is PlayerState.PLAYING and status.waiting_for_speech:
        return GETTING_READY
    if state is PlayerState.FINISHED:
        return "Finished"
    return "Playing"


def position_text(position: float, length: float, section: SectionSpan | None, sections: int) -> str:
    """What the progress bar says to a screen reader: "1:10 of 5:00, 3:50 remaining; section 2 of 3: Resting"."""
    words = f"{format_clock(position)} of {format_clock(length)}, {format_clock(length - position)} remaining"
    if section is None:
        return words
    where = f"section {section.index + 1} of {sections}" if sections else "section"
    return words + (f"; {where}: {section.title}" if section.title else f"; {where}")
