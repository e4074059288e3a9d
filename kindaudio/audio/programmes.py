"""What the player plays: a practice (its speech made as it plays) or the silent timer."""

from __future__ import annotations

import logging
import math

from kindaudio.audio.ambience import ambience_clip
from kindaudio.audio.bell import bell_clip
from kindaudio.audio.clips import ClipProvider
from kindaudio.audio.live import LiveProgramme
from kindaudio.audio.render import chosen_minutes
from kindaudio.audio.timer import TimerSpec, timer_timeline
from kindaudio.script.model import Practice
from kindaudio.script.timing import estimated_range

log = logging.getLogger(__name__)


def practice_minutes(practice: Practice, minutes: float | None) -> float:
    """The chosen length, or the practice's first offered one, or the shortest it can be
    (from estimated speech: playing cannot wait for synthesis to know)."""
    chosen = chosen_minutes(practice, minutes)
    if chosen is not None:
        return chosen
    reach = estimated_range(practice)
    whole = reach.whole_minutes()
    return whole[0] if whole else math.ceil(reach.shortest / 60)


def practice_programme(clips: ClipProvider, practice: Practice, minutes: float | None = None,
                       voice: str | None = None, rate: int | None = None,
                       use_recordings: bool = True, ambience: bool = False) -> LiveProgramme:
    """A practice ready to play at once: sentences not yet made are made as it plays.

    Synthesis is queued in timeline order, so the first sentence is ready
    first; whatever is in the clip cache is there at once.
    """
    seconds = practice_minutes(practice, minutes) * 60
    clips.prepare_bells(practice)
    settings = clips.settings_for(practice, voice, rate)
    speech = clips.prepare(practice, settings, use_recordings=use_recordings)
    programme = LiveProgramme.for_practice(practice, seconds, speech, settings.rate, clips.bell,
                                           bed=ambience_clip() if ambience else None)
    log.info("playing %s at %.0f s: %d of %d sentences ready", practice.id, seconds, len(programme.ready),
             len(speech))
    return programme


def timer_programme(spec: TimerSpec) -> LiveProgramme:
    """The silent timer: bells (and the ambience, if asked for), all known at once.

    Its bells keep the level they have in the guided practices (gain 1), a
    little under where a voice would be.
    """
    return LiveProgramme.fixed(timer_timeline(spec), bell_clip, bed=ambience_clip() if spec.ambience else None)
