"""What the Practice and Timer pages hand the Player page: something to play, and what it is."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kindaudio.audio.live import LiveProgramme


@dataclass(frozen=True)
class PlayRequest:
    title: str
    build: Callable[[], LiveProgramme]  # called on the player's thread (it may wait for speech)
    minutes: float
    practice_id: str | None = None  # None for the silent timer
