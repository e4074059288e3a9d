"""How a practice is to be played: the one value every way of hearing a practice passes along.

The window's practice page, `kindaudio play` and `render`, the export dialog
and practice packs all describe a practice's sound with this value, and the
programme and render code read it; a new choice is added here once and reaches
every path.
"""

from __future__ import annotations

from dataclasses import dataclass

from kindaudio.common.errors import UserInputError


@dataclass(frozen=True)
class PlayChoices:
    """Everything a person can choose about how a practice sounds; the defaults are the practice as written."""

    minutes: float | None = None  # None: the practice's first offered length (or the shortest it can be)
    voice: str | None = None  # a voice id; None: the default voice
    rate: int | None = None  # words a minute as heard; None: the practice's own pace
    use_recordings: bool = True  # recordings speak where they exist
    bells: bool = True  # False: the bells' places stay quiet
    ambience: bool = False  # the soft background under it all
    recorded_only: bool = False  # every sentence in the recorded voice, or refused (no synthesis at all)

    def check(self) -> None:
        """Refuse choices that contradict each other, before anything is prepared."""
        if self.recorded_only and not self.use_recordings:
            raise UserInputError("the recorded voice alone and the computer voice alone cannot both be asked for; "
                                 "choose one")
