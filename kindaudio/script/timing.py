"""The timing rules of the language: what occupies time, and for how long.

A practice becomes a sequence of slots: speech, gaps between sentences, pauses
(fixed or elastic), bells, and the silence at the start and end. Everything but
speech and elastic pauses has a fixed length set here; speech lengths come from
synthesis (or an estimate before that). `audio.timeline` fits the elastic slots
to a chosen length; this module only says what the slots are, so the parser can
check offered lengths with the same rules the renderer uses.
"""

from __future__ import annotations

import enum
import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from kindaudio.script.model import Bell, Pause, Practice, Sentence

LEAD_IN_SECONDS = 1.0
TAIL_SECONDS = 3.0
BELL_SECONDS = 6.0  # after a strike, what follows starts this much later
BELL_STRIKE_SPACING = 3.0  # between strikes of [bell N]
BELL_SOUND_SECONDS = 12.0  # how long one strike rings, under whatever follows


class SlotKind(enum.Enum):
    LEAD_IN = "lead-in"
    SPEECH = "speech"
    GAP = "gap"
    PAUSE = "pause"
    BELL = "bell"
    TAIL = "tail"


@dataclass(frozen=True, slots=True)
class Slot:
    """One thing in time. Speech slots get their length from audio."""

    kind: SlotKind
    section: int
    min_seconds: float = 0.0
    max_seconds: float = 0.0
    sentence: Sentence | None = None
    pause: Pause | None = None
    bell: Bell | None = None

    @property
    def elastic(self) -> bool:
        return self.max_seconds > self.min_seconds


@dataclass(frozen=True, slots=True)
class LengthRange:
    """The shortest and longest a practice can be, in seconds."""

    shortest: float
    longest: float

    def reaches(self, seconds: float, tolerance: float = 0.5) -> bool:
        return self.shortest - tolerance <= seconds <= self.longest + tolerance

    def whole_minutes(self) -> range:
        """The whole-minute lengths inside the range."""
        return range(max(1, math.ceil((self.shortest - 0.5) / 60)), math.floor((self.longest + 0.5) / 60) + 1)


def bell_seconds(strikes: int) -> float:
    return (strikes - 1) * BELL_STRIKE_SPACING + BELL_SECONDS


def practice_slots(practice: Practice) -> tuple[Slot, ...]:
    """The practice as slots in order; gaps follow the rules in kindaudio/data/practices/README.md."""
    pace = practice.pace
    slots = [Slot(SlotKind.LEAD_IN, 0, LEAD_IN_SECONDS, LEAD_IN_SECONDS)]
    previous: tuple[Sentence, int] | None = None
    marks_since_speech = False
    for section_index, section in enumerate(practice.sections):
        for item in section.items:
            if isinstance(item, Sentence):
                if previous is not None and not marks_since_speech:
                    last, last_section = previous
                    gap = (pace.sentence_gap if last.paragraph == item.paragraph
                           else pace.paragraph_gap if last_section == section_index
                           else pace.section_gap)
                    # A gap closes what came before, so a section starts with its first words.
                    slots.append(Slot(SlotKind.GAP, last_section, gap, gap))
                slots.append(Slot(SlotKind.SPEECH, section_index, sentence=item))
                previous = (item, section_index)
                marks_since_speech = False
            elif isinstance(item, Pause):
                slots.append(Slot(SlotKind.PAUSE, section_index, item.min_seconds, item.max_seconds, pause=item))
                marks_since_speech = True
            else:
                length = bell_seconds(item.strikes)
                slots.append(Slot(SlotKind.BELL, section_index, length, length, bell=item))
                marks_since_speech = True
    tail = TAIL_SECONDS
    if slots[-1].kind is SlotKind.BELL:
        tail = max(TAIL_SECONDS, BELL_SOUND_SECONDS - BELL_SECONDS)  # let the last bell ring out
    slots.append(Slot(SlotKind.TAIL, max(len(practice.sections) - 1, 0), tail, tail))
    return tuple(slots)


def reachable_range(slots: tuple[Slot, ...], speech_seconds: Callable[[Sentence], float]) -> LengthRange:
    fixed = sum(speech_seconds(s.sentence) if s.sentence is not None else s.min_seconds for s in slots)
    stretch = sum(s.max_seconds - s.min_seconds for s in slots)
    return LengthRange(fixed, fixed + stretch)


# Speech in "word units": a sentence of w words and c commas (or ; or :) takes
# (BASE + WORD * w + COMMA * c) of the time a word takes at the rate. Fitted
# to both engines (Piper's en_US-joe-medium, eSpeak NG's gmw/en-us) speaking
# the shipped practices at 140 and 180 words a minute as heard (rate.py): the
# totals come within 2.5 % (eSpeak, which speaks no slower than about 103,
# within 5 % at 100). tests/audio/test_estimate.py holds it to real speech.
_ESTIMATE_BASE = 1.296
_ESTIMATE_WORD = 0.761
_ESTIMATE_COMMA = 1.477
_WORD = re.compile(r"[\w’']+")


def estimate_speech_seconds(text: str, rate: int) -> float:
    """Roughly how long a voice speaking `rate` words a minute (as heard) takes to say `text`, before synthesis.

    Used to check offered lengths when a practice is read and to lay out a
    timeline before any audio exists; real lengths replace it once synthesised.
    """
    words = len(_WORD.findall(text))
    commas = text.count(",") + text.count(";") + text.count(":")
    return (_ESTIMATE_BASE + _ESTIMATE_WORD * words + _ESTIMATE_COMMA * commas) * 60.0 / rate



def estimated_range(practice: Practice) -> LengthRange:
    """The lengths a practice reaches at its own rate, from estimated speech."""
    return reachable_range(practice_slots(practice), lambda s: estimate_speech_seconds(s.text, practice.pace.rate))
