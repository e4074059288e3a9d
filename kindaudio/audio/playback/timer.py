"""The silent timer, laid out as a Timeline.

No voice: an optional quiet countdown, an opening bell, bells along the way if
asked for, and a closing bell of three strikes that is left to ring out. Being
a Timeline, it plays, exports and shows its sections exactly like a guided
practice, with nothing special in the player or the exporter.

The clips follow the pattern `fit_timeline` uses for a practice's bells: each
bell is a BELL clip lasting `bell_seconds(strikes)` from its strike, and a
SILENCE clip fills the time to the next bell (or, after the closing bell,
until it has rung out). A silence that would be empty is left out, so no clip
has zero length.

Bells that would come too close together are merged rather than refused: a
bell within BELL_SECONDS of an earlier one joins it, and one within
BELL_SECONDS before the closing bell joins that. So interval bells and listed
times may overlap freely (an interval of 5 and a bell at 10 ring once at 10),
and two strikes never blur into one another.

Sections start at bells, so skipping to the next section in a player always
lands on a bell: "Preparation" (when there is a countdown), then one sitting
section per stretch between bells, then "Closing bell", which lets someone who
is done skip straight to the end of their sit and still hear it close.

Times are whole samples, each rounded from its exact time from the start, so
a bell three hours in is where it should be to the sample.
"""

from __future__ import annotations

import itertools
import logging
import math
from dataclasses import dataclass

from kindaudio.audio.format import MIX_RATE
from kindaudio.audio.mixing.timeline import Clip, ClipKind, SectionSpan, Timeline
from kindaudio.audio.playback.timer_limits import MAX_MINUTES, MIN_MINUTES, TIMER_PRACTICE_ID, format_minutes
from kindaudio.common.errors import UserInputError
from kindaudio.script.durations import format_clock
from kindaudio.script.timing import BELL_SECONDS, BELL_SOUND_SECONDS, BELL_STRIKE_SPACING, bell_seconds

log = logging.getLogger(__name__)

OPENING_STRIKES = 1
INTERVAL_STRIKES = 1  # one soft strike: a reminder, not an interruption
CLOSING_STRIKES = 3

MAX_PREPARE_SECONDS = 300
# Closer than this, bells would sound like a stumble rather than a reminder.
MIN_INTERVAL_MINUTES = 0.5
# Bells between the opening and the closing one, after merging: one every
# 15 s over the longest sit. The smallest interval makes 359; more than this
# is surely a slip of the keyboard, and would be a sit made only of bells.
MAX_BELLS = 720
# From the closing bell's first strike until its last strike has died away.
CLOSING_RING_SECONDS = (CLOSING_STRIKES - 1) * BELL_STRIKE_SPACING + BELL_SOUND_SECONDS

_SLACK_SECONDS = 1e-6

PREPARATION_TITLE = "Preparation"
SITTING_TITLE = "Sitting"
CLOSING_TITLE = "Closing bell"


def _number(value: float) -> str:
    """A number as a person would write it: 20, 0.5, 20.05."""
    return f"{value:.10g}"


@dataclass(frozen=True)
class TimerSpec:
    """What the person asked for. Checked when made, so a spec is always usable.

    `minutes` is the sitting time, from the opening bell's strike to the
    closing bell's first strike. `prepare_seconds` is a silent countdown
    before the opening bell. Bells along the way come every
    `interval_minutes` and at each of `bell_times_minutes`, both counted from
    the opening bell. `ambience` asks for the soft ambience under it all; the
    timeline only carries the wish, the mixer lays the sound.
    """

    minutes: float
    prepare_seconds: float = 0.0
    interval_minutes: float | None = None
    bell_times_minutes: tuple[float, ...] = ()
    ambience: bool = False

    def __post_init__(self) -> None:
        # A list would make the spec unhashable; accept any sequence.
        object.__setattr__(self, "bell_times_minutes", tuple(self.bell_times_minutes))
        self._check()

    def _check(self) -> None:
        sitting = f"choose {MIN_MINUTES} to {MAX_MINUTES} minutes"
        if not math.isfinite(self.minutes):
            raise UserInputError(f"the sitting time must be a number of minutes; {sitting}")
        if self.minutes < MIN_MINUTES:
            raise UserInputError(f"a sitting time of {_number(self.minutes)} minutes is too short; {sitting}")
        if self.minutes > MAX_MINUTES:
            raise UserInputError(f"a sitting time of {_number(self.minutes)} minutes is too long; {sitting}")

        prepare = f"choose 0 to {MAX_PREPARE_SECONDS} seconds"
        if not math.isfinite(self.prepare_seconds):
            raise UserInputError(f"the preparation must be a number of seconds; {prepare}")
        if self.prepare_seconds < 0:
            raise UserInputError(f"a preparation of {_number(self.prepare_seconds)} seconds is not possible; {prepare}")
        if self.prepare_seconds > MAX_PREPARE_SECONDS:
            raise UserInputError(f"a preparation of {_number(self.prepare_seconds)} seconds is too long; {prepare}")

        sit = f"a {_number(self.minutes)}-minute sit"
        if self.interval_minutes is not None:
            interval = self.interval_minutes
            fits = f"choose at least {_number(MIN_INTERVAL_MINUTES)} and less than {_number(self.minutes)}"
            if not math.isfinite(interval):
                raise UserInputError(f"the interval must be a number of minutes; {fits}")
            if interval <= 0:
                raise UserInputError(f"an interval of {_number(interval)} minutes is not possible; {fits}")
            if interval < MIN_INTERVAL_MINUTES:
                raise UserInputError(f"an interval of {_number(interval)} minutes is too short; {fits}")
            if interval >= self.minutes:
                raise UserInputError(f"an interval of {_number(interval)} minutes does not fit in {sit}; "
                                     f"choose less than {_number(self.minutes)}")

        inside = f"choose times after 0 and before {_number(self.minutes)} minutes"
        for time in self.bell_times_minutes:
            if not math.isfinite(time):
                raise UserInputError(f"a bell time must be a number of minutes; {inside}")
            if time <= 0 or time >= self.minutes:
                raise UserInputError(f"a bell at {_number(time)} minutes is outside {sit}; {inside}")

        count = len(_middle_bell_minutes(self))
        if count > MAX_BELLS:
            raise UserInputError(f"that makes {count} bells between the opening and closing bells, "
                                 f"more than the {MAX_BELLS} possible; choose a longer interval or fewer times")

    @property
    def opening_seconds(self) -> float:
        """When the opening bell strikes, from the start of the programme."""
        return float(self.prepare_seconds)

    @property
    def closing_seconds(self) -> float:
        """When the closing bell's first strike comes."""
        return self.prepare_seconds + self.minutes * 60

    @property
    def total_seconds(self) -> float:
        """The whole programme: countdown, sit, and the closing bell ringing out."""
        return self.closing_seconds + CLOSING_RING_SECONDS


@dataclass(frozen=True, slots=True)
class ScheduledBell:
    """A bell at an exact time; the timeline puts it on the nearest sample."""

    seconds: float  # from the start of the programme
    strikes: int
    minutes_into_sit: float  # from the opening bell


def _middle_bell_minutes(spec: TimerSpec) -> list[float]:
    """Interval and listed bells in order, merged where closer than BELL_SECONDS.

    A bell joins an earlier one (the opening bell included) that it follows
    within BELL_SECONDS, and the closing bell if it comes within BELL_SECONDS
    before it.
    """
    wanted = set(spec.bell_times_minutes)
    if spec.interval_minutes is not None:
        # Multiply, never add up: k * interval stays exact where a running sum drifts.
        wanted.update(k * spec.interval_minutes for k in range(1, math.ceil(spec.minutes / spec.interval_minutes)))
    # Exactly BELL_SECONDS apart is far enough, whatever floating point makes of 10 + 6/60.
    close = (BELL_SECONDS - _SLACK_SECONDS) / 60
    kept: list[float] = []
    previous = 0.0  # the opening bell
    for minute in sorted(wanted):
        if minute - previous < close or spec.minutes - minute < close:
            continue
        kept.append(minute)
        previous = minute
    merged = len(wanted) - len(kept)
    if merged:
        log.debug("%d bells fell within %g s of another and ring with it", merged, BELL_SECONDS)
    return kept


def timer_bells(spec: TimerSpec) -> tuple[ScheduledBell, ...]:
    """Every bell of the timer in order, at its exact time: opening, along the way, closing."""
    start = spec.opening_seconds
    bells = [ScheduledBell(start, OPENING_STRIKES, 0.0)]
    bells += [ScheduledBell(start + minute * 60, INTERVAL_STRIKES, float(minute))
              for minute in _middle_bell_minutes(spec)]
    bells.append(ScheduledBell(spec.closing_seconds, CLOSING_STRIKES, float(spec.minutes)))
    return tuple(bells)


def _sample(seconds: float) -> int:
    return int(round(seconds * MIX_RATE))


def _sitting_titles(bells: tuple[ScheduledBell, ...]) -> list[str]:
    """One title per stretch between bells: by the minute when every bell is on one, else by the clock."""
    if len(bells) == 2:
        return [SITTING_TITLE]
    minutes = [bell.minutes_into_sit for bell in bells]
    if all(minute.is_integer() for minute in minutes):
        return [f"{SITTING_TITLE}, {int(a)}–{int(b)} min" for a, b in itertools.pairwise(minutes)]
    return [f"{SITTING_TITLE}, {format_clock(a * 60)}–{format_clock(b * 60)}" for a, b in itertools.pairwise(minutes)]


def timer_timeline(spec: TimerSpec) -> Timeline:
    """The timer as a Timeline: cheap at any length, since no audio is made here."""
    bells = timer_bells(spec)
    total = _sample(spec.total_seconds)
    starts = [_sample(bell.seconds) for bell in bells]
    preparing = starts[0] > 0  # a countdown shorter than half a sample is none
    first = 1 if preparing else 0  # the section of the opening bell
    titles = [PREPARATION_TITLE][:first] + _sitting_titles(bells) + [CLOSING_TITLE]
    section_starts = [0][:first] + starts
    sections = tuple(SectionSpan(index, title, start, end) for index, (title, start, end)
                     in enumerate(zip(titles, section_starts, [*section_starts[1:], total], strict=True)))

    clips = [Clip(ClipKind.SILENCE, 0, starts[0], 0)] if preparing else []
    for number, bell in enumerate(bells):
        section = first + number
        start = starts[number]
        end = sections[section].end
        bell_end = min(_sample(bell.seconds + bell_seconds(bell.strikes)), end)
        clips.append(Clip(ClipKind.BELL, start, bell_end - start, section, strikes=bell.strikes))
        if end > bell_end:
            clips.append(Clip(ClipKind.SILENCE, bell_end, end - bell_end, section))

    title = f"Silent timer, {format_minutes(spec.minutes)}"
    return Timeline(TIMER_PRACTICE_ID, title, tuple(clips), sections, total, 0.0)


def bell_starts(timeline: Timeline) -> list[tuple[int, int]]:
    """(sample, strikes) of every bell in a timeline, in order."""
    return [(clip.start, clip.strikes) for clip in timeline.clips if clip.kind is ClipKind.BELL]
