"""The Timeline: a practice laid out in time at one chosen length.

The one structure the player, the exporter, the captions and the preview all
read. Clips (speech, silence, bell) start where the previous one ends; times
are whole samples at MIX_RATE, so everything that reads a Timeline agrees to
the sample. Fitting (docs/ARCHITECTURE.md, "Fitting a length"): every elastic pause i gets
min_i + t * (max_i - min_i) with one shared t in [0, 1] chosen so the total
equals the chosen length; lengths outside the reachable range are refused.
"""

from __future__ import annotations

import dataclasses
import enum
import logging
from collections.abc import Mapping
from dataclasses import dataclass

from kindaudio.audio.format import MIX_RATE
from kindaudio.common.errors import UserInputError
from kindaudio.script.durations import format_clock
from kindaudio.script.model import Practice, Sentence
from kindaudio.script.timing import LengthRange, Slot, SlotKind, practice_slots, reachable_range

log = logging.getLogger(__name__)

TOLERANCE_SECONDS = 0.5


class ClipKind(enum.Enum):
    SPEECH = "speech"
    SILENCE = "silence"
    BELL = "bell"


class _SampleSpan:
    """Seconds for anything with `start` and `end` in samples."""

    __slots__ = ()
    start: int
    end: int

    @property
    def start_seconds(self) -> float:
        return self.start / MIX_RATE

    @property
    def end_seconds(self) -> float:
        return self.end / MIX_RATE


@dataclass(frozen=True, slots=True)
class Clip(_SampleSpan):
    """One thing in time. A bell's sound rings on past its clip, under what follows."""

    kind: ClipKind
    start: int  # samples from the beginning
    length: int  # samples
    section: int
    sentence: Sentence | None = None
    strikes: int = 0
    elastic: bool = False

    @property
    def end(self) -> int:  # type: ignore[override]
        return self.start + self.length


@dataclass(frozen=True, slots=True)
class SectionSpan(_SampleSpan):
    index: int
    title: str
    start: int
    end: int


@dataclass(frozen=True)
class Timeline:
    practice_id: str
    title: str
    clips: tuple[Clip, ...]
    sections: tuple[SectionSpan, ...]
    length: int  # samples
    stretch: float  # the shared t of the elastic pauses

    @property
    def seconds(self) -> float:
        return self.length / MIX_RATE

    @property
    def speech(self) -> tuple[Clip, ...]:
        return tuple(clip for clip in self.clips if clip.kind is ClipKind.SPEECH)


class LengthError(UserInputError):
    """A length the practice cannot reach."""


def length_range(practice: Practice, speech_samples: Mapping[str, int]) -> LengthRange:
    """Shortest and longest the practice can be with these speech lengths (seconds)."""
    return reachable_range(practice_slots(practice), lambda s: speech_samples[s.id] / MIX_RATE)


def fit_timeline(practice: Practice, speech_samples: Mapping[str, int], seconds: float, *,
                 nearest_within: float = 0.0) -> Timeline:
    """Lay the practice out to last `seconds`; speech lengths are in samples per sentence id.

    A length the speech cannot reach is refused (LengthError), unless it is
    within `nearest_within` seconds of what it can reach: then it is met as
    nearly as it can be. That is the player's way, where the length was offered
    from estimated speech and the voice turned out a little quicker or slower
    (refit_timeline does the same as it plays).
    """
    slots = practice_slots(practice)
    reach = reachable_range(slots, lambda s: speech_samples[s.id] / MIX_RATE)
    nearest = min(max(seconds, reach.shortest), reach.longest)
    if not reach.reaches(seconds, TOLERANCE_SECONDS) and abs(nearest - seconds) <= nearest_within:
        log.info("%s is laid out at %.1f s, the nearest its speech reaches to the %.1f s asked", practice.id,
                 nearest, seconds)
        seconds = nearest
    if not reach.reaches(seconds, TOLERANCE_SECONDS):
        raise LengthError(
            f"{practice.title} can last from {format_clock(reach.shortest)} to {format_clock(reach.longest)} "
            f"with this voice and rate; {format_clock(seconds)} is outside that range"
        )
    return _lay_out(practice, slots, speech_samples, seconds, ())


def refit_timeline(timeline: Timeline, practice: Practice, speech_samples: Mapping[str, int], seconds: float,
                   keep_before: int, hold: int = 0, queued_until: int | None = None) -> Timeline:
    """The timeline again, with what starts before sample `keep_before` kept as it is.

    The player calls this while it plays: clips that have begun cannot change,
    and the elastic pauses still ahead are fitted again so the whole lasts
    `seconds` (as nearly as they can stretch or shrink), now that more speech
    lengths are known. `hold` lengthens the last kept clip by that many samples:
    silence held before a sentence whose speech is not ready yet. The player
    may learn of that silence only after it has mixed more from the sentence
    on: clips starting before `queued_until` are then kept too, moved later by
    the silence but otherwise as they were mixed.
    """
    kept = [clip for clip in timeline.clips if clip.start < keep_before]
    if hold:
        if not kept:
            raise ValueError("nothing to hold before the first clip")
        last = kept[-1]
        kept[-1] = Clip(last.kind, last.start, last.length + hold, last.section, last.sentence,
                        last.strikes, last.elastic)
        if queued_until is not None:
            kept += [dataclasses.replace(clip, start=clip.start + hold) for clip in timeline.clips
                     if keep_before <= clip.start < queued_until]
        return _lay_out(practice, practice_slots(practice), speech_samples, seconds, tuple(kept))
    # An elastic pause already begun can still change how long it goes on.
    begun = 0
    if kept and kept[-1].elastic:
        begun = keep_before - kept[-1].start
        kept.pop()
    return _lay_out(practice, practice_slots(practice), speech_samples, seconds, tuple(kept), begun)


def _lay_out(practice: Practice, slots: tuple[Slot, ...], speech_samples: Mapping[str, int], seconds: float,
             kept: tuple[Clip, ...], begun: int = 0) -> Timeline:
    """Clips for the slots after `kept`, with one shared stretch t for their elastic pauses.

    `begun` samples of the first of them (an elastic pause) have already been
    played, so it lasts at least that long.
    """
    rest = list(slots[len(kept):])
    if begun and rest:
        # What has been played cannot be taken back, even past the pause's longest:
        # silence held while speech was late may already have stretched it that far.
        first = rest[0]
        played = begun / MIX_RATE
        rest[0] = dataclasses.replace(first, min_seconds=max(first.min_seconds, played),
                                      max_seconds=max(first.max_seconds, played))
    begin = kept[-1].end if kept else 0
    fixed = sum(speech_samples[s.sentence.id] / MIX_RATE if s.sentence is not None else s.min_seconds for s in rest)
    stretchable = sum(s.max_seconds - s.min_seconds for s in rest)
    wanted = seconds - begin / MIX_RATE - fixed
    t = 0.0 if stretchable <= 0 else min(max(wanted / stretchable, 0.0), 1.0)

    clips = list(kept)
    position = begin  # samples, exact
    ideal = begin / MIX_RATE  # seconds; positions round this so rounding never accumulates
    for slot in rest:
        if slot.kind is SlotKind.SPEECH:
            assert slot.sentence is not None
            length = speech_samples[slot.sentence.id]
            ideal += length / MIX_RATE
        else:
            ideal += slot.min_seconds + t * (slot.max_seconds - slot.min_seconds)
            length = max(int(round(ideal * MIX_RATE)) - position, 0)
        clips.append(_clip(slot, position, length))
        position += length
    return Timeline(practice.id, practice.title, tuple(clips), _sections(practice, clips, position), position, t)


def _clip(slot: Slot, start: int, length: int) -> Clip:
    if slot.kind is SlotKind.SPEECH:
        return Clip(ClipKind.SPEECH, start, length, slot.section, sentence=slot.sentence)
    if slot.kind is SlotKind.BELL:
        assert slot.bell is not None
        return Clip(ClipKind.BELL, start, length, slot.section, strikes=slot.bell.strikes)
    return Clip(ClipKind.SILENCE, start, length, slot.section, elastic=slot.elastic)


def _sections(practice: Practice, clips: list[Clip], total: int) -> tuple[SectionSpan, ...]:
    starts: dict[int, int] = {}
    for clip in clips:
        starts.setdefault(clip.section, clip.start)
    starts[0] = 0
    spans = []
    indices = sorted(starts)
    for number, index in enumerate(indices):
        end = starts[indices[number + 1]] if number + 1 < len(indices) else total
        spans.append(SectionSpan(index, practice.sections[index].title, starts[index], end))
    return tuple(spans)
