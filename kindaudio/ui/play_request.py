"""What the Practice and Timer pages hand the Player page: something to play, and what it is."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kindaudio.audio import LiveProgramme
    from kindaudio.journal.records import Mood


@dataclass(frozen=True)
class PlayRequest:
    """One practice to play, with what the journal records about it.

    The journal fields have defaults so a request can be made without them;
    a request whose `practice_id` is None is never logged (nothing to name it by).
    """

    title: str
    build: Callable[[], LiveProgramme]  # called on the player's thread (it may wait for speech)
    minutes: float
    practice_id: str | None = None  # None: not a practice the journal can name
    content_hash: str = ""  # which version of the practice's text played
    voice: str | None = None  # the voice chosen (None: the engine's default)
    before: Mood | None = None  # a check-in made between Start and playing, saved with the session

    @property
    def chosen_seconds(self) -> int:
        return round(self.minutes * 60)
