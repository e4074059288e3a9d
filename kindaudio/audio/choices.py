"""How a practice is to be played: the one value every way of hearing a practice passes along.

The window's practice page, `kindaudio play` and `render`, the export dialog
and practice packs all describe a practice's sound with this value, and the
programme and render code read it; a new choice is added here once and reaches
every path.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from kindaudio.audio.tts.engine import SpeechSettings
from kindaudio.common.errors import UserInputError
from kindaudio.script.model import Practice

if TYPE_CHECKING:
    from kindaudio.audio.clips.provider import ClipProvider

RECORDED_VOICE = "recorded"  # the voice's name when only recordings speak (the journal's name for it too)


@dataclass(frozen=True)
class PlayChoices:
    """Everything a person can choose about how a practice sounds; the defaults are the practice as written."""

    minutes: float | None = None  # None: the practice's first offered length (or the shortest it can be)
    voice: str | None = None  # a voice id; None: the default voice
    rate: int | None = None  # words a minute as heard; None: the practice's own pace
    # Whether recordings speak where they exist. None: only when every sentence is recorded, so one test
    # take does not make a practice half a person and half a computer; True: the person asked for them.
    use_recordings: bool | None = None
    bells: bool = True  # False: the bells' places stay quiet
    ambience: bool = False  # the soft background under it all
    recorded_only: bool = False  # every sentence in the recorded voice, or refused (no synthesis at all)

    def check(self) -> None:
        """Refuse choices that contradict each other, before anything is prepared."""
        if self.recorded_only and self.use_recordings is False:
            raise UserInputError("the recorded voice alone and the computer voice alone cannot both be asked for; "
                                 "choose one")


def chosen_minutes(practice: Practice, minutes: float | None) -> float | None:
    """The length asked for (checked), or else the practice's first offered one; None if it offers none."""
    if minutes is None:
        return practice.lengths[0] if practice.lengths else None
    if not math.isfinite(minutes) or minutes <= 0:
        raise UserInputError(f"a practice lasts a positive number of minutes, not {minutes:g}")
    return minutes


def check_recorded_only(clips: ClipProvider, practice: Practice, choices: PlayChoices) -> None:
    """Refuse choices that cannot be met: contradictory ones, or the recorded voice alone while sentences
    are not recorded yet (naming them)."""
    choices.check()
    if choices.recorded_only:
        from kindaudio.audio.clips.recordings import (
            require_recorded,  # numpy: only when asked
        )

        require_recorded(practice, clips.paths, clips.bundled_recordings)


def recordings_speak(choices: PlayChoices, recorded: int, total: int) -> bool:
    """Whether recordings speak, given how many of the practice's `total` distinct sentences are `recorded`:
    when asked for, or (by default) only when every one of them is."""
    if choices.recorded_only:
        return True
    if choices.use_recordings is None:
        return total > 0 and recorded == total
    return choices.use_recordings


def recorded_count(clips: ClipProvider, practice: Practice) -> tuple[int, int]:
    """How many of the practice's distinct sentences have a recording (the person's or bundled), and of how many."""
    from kindaudio.audio.clips.recordings import find_recordings

    recordings = find_recordings(clips.paths, practice.id, clips.bundled_recordings)
    sentences = practice.unique_sentences()
    return sum(1 for sentence in sentences if sentence.id in recordings), len(sentences)


def settle_recordings(clips: ClipProvider, practice: Practice, choices: PlayChoices) -> PlayChoices:
    """The choices checked (see check_recorded_only), with use_recordings decided as True or False
    from what is recorded now: what the programme, the render and the journal go by."""
    check_recorded_only(clips, practice, choices)
    if choices.use_recordings is not None and not choices.recorded_only:
        return choices
    return replace(choices, use_recordings=recordings_speak(choices, *recorded_count(clips, practice)))


def journal_voice(choices: PlayChoices) -> str | None:
    """The voice's name in the journal: RECORDED_VOICE when the recorded voice speaks (settled choices),
    else the computer voice's id."""
    return RECORDED_VOICE if choices.recorded_only or choices.use_recordings else choices.voice


def speech_settings(clips: ClipProvider, practice: Practice, choices: PlayChoices) -> SpeechSettings:
    """The speech settings; with the recorded voice alone, the speech engine is not even started,
    so a fully recorded practice plays where synthesis does not work."""
    if choices.recorded_only:
        return SpeechSettings(RECORDED_VOICE, practice.pace.rate if choices.rate is None else choices.rate)
    return clips.settings_for(practice, choices.voice, choices.rate)
