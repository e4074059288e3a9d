"""The silent timer is a Timeline: bells exactly when asked for, and nothing else."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kindaudio.audio.format import MIX_RATE
from kindaudio.audio.mixing.timeline import ClipKind, Timeline
from kindaudio.audio.playback.timer import (
    CLOSING_RING_SECONDS,
    CLOSING_STRIKES,
    INTERVAL_STRIKES,
    MAX_BELLS,
    MAX_MINUTES,
    MIN_INTERVAL_MINUTES,
    OPENING_STRIKES,
    TimerSpec,
    bell_starts,
    format_minutes,
    timer_bells,
    timer_timeline,
)
from kindaudio.common.errors import UserInputError
from kindaudio.script.timing import BELL_SECONDS, BELL_SOUND_SECONDS, BELL_STRIKE_SPACING, bell_seconds


def _at(seconds: float) -> int:
    return round(seconds * MIX_RATE)


def _check_layout(timeline: Timeline) -> None:
    """Clips and sections follow one another with no gap or overlap and cover it all."""
    assert timeline.clips[0].start == 0
    for before, after in itertools.pairwise(timeline.clips):
        assert after.start == before.end
    assert timeline.clips[-1].end == timeline.length
    assert all(clip.length > 0 for clip in timeline.clips)

    assert timeline.sections[0].start == 0
    for earlier, later in itertools.pairwise(timeline.sections):
        assert later.start == earlier.end
    assert timeline.sections[-1].end == timeline.length
    assert [span.index for span in timeline.sections] == list(range(len(timeline.sections)))
    assert all(span.end > span.start for span in timeline.sections)
    # Every clip lies inside the section it names.
    for clip in timeline.clips:
        span = timeline.sections[clip.section]
        assert span.start <= clip.start and clip.end <= span.end


# The schedule


def test_a_plain_sit_is_an_opening_bell_quiet_and_a_closing_bell_that_rings_out() -> None:
    timeline = timer_timeline(TimerSpec(minutes=20))

    assert bell_starts(timeline) == [(0, OPENING_STRIKES), (_at(20 * 60), CLOSING_STRIKES)]
    assert timeline.length == _at(20 * 60 + CLOSING_RING_SECONDS)
    assert [clip.kind for clip in timeline.clips] == [ClipKind.BELL, ClipKind.SILENCE, ClipKind.BELL, ClipKind.SILENCE]
    _check_layout(timeline)


def test_the_closing_bell_is_three_strikes_left_to_ring_out_fully() -> None:
    assert CLOSING_STRIKES == 3
    assert OPENING_STRIKES == INTERVAL_STRIKES == 1
    assert CLOSING_RING_SECONDS == 2 * BELL_STRIKE_SPACING + BELL_SOUND_SECONDS
    timeline = timer_timeline(TimerSpec(minutes=5))
    closing = [clip for clip in timeline.clips if clip.kind is ClipKind.BELL][-1]
    assert closing.strikes == 3
    # The last strike's sound ends exactly where the programme does.
    last_strike = closing.start + _at(2 * BELL_STRIKE_SPACING)
    assert timeline.length == last_strike + _at(BELL_SOUND_SECONDS)


def test_a_countdown_comes_first_in_silence_and_moves_everything_later() -> None:
    timeline = timer_timeline(TimerSpec(minutes=10, prepare_seconds=10))

    first = timeline.clips[0]
    assert first.kind is ClipKind.SILENCE and first.start == 0 and first.length == _at(10)
    assert bell_starts(timeline) == [(_at(10), 1), (_at(10 + 600), 3)]
    assert timeline.length == _at(10 + 600 + CLOSING_RING_SECONDS)
    _check_layout(timeline)


def test_interval_bells_come_every_n_minutes_and_stop_before_the_closing_bell() -> None:
    timeline = timer_timeline(TimerSpec(minutes=20, prepare_seconds=5, interval_minutes=5))

    assert bell_starts(timeline) == [
        (_at(5), 1), (_at(5 + 300), 1), (_at(5 + 600), 1), (_at(5 + 900), 1), (_at(5 + 1200), 3),
    ]
    _check_layout(timeline)


def test_an_interval_that_does_not_divide_the_sit_still_ends_with_the_closing_bell() -> None:
    timeline = timer_timeline(TimerSpec(minutes=20, interval_minutes=6))
    assert bell_starts(timeline) == [(0, 1), (_at(360), 1), (_at(720), 1), (_at(1080), 1), (_at(1200), 3)]


def test_bells_at_listed_times() -> None:
    timeline = timer_timeline(TimerSpec(minutes=30, bell_times_minutes=(25, 2.5, 10)))
    assert bell_starts(timeline) == [(0, 1), (_at(150), 1), (_at(600), 1), (_at(1500), 1), (_at(1800), 3)]


def test_listed_times_and_an_interval_ring_together_and_a_shared_time_rings_once() -> None:
    timeline = timer_timeline(TimerSpec(minutes=20, interval_minutes=5, bell_times_minutes=(7.5, 10)))
    assert bell_starts(timeline) == [
        (0, 1), (_at(300), 1), (_at(450), 1), (_at(600), 1), (_at(900), 1), (_at(1200), 3),
    ]


def test_bells_closer_than_a_bell_s_length_merge_into_the_earlier_one() -> None:
    # 10:00 and 10:04 would blur into one stumbling sound: only 10:00 rings.
    # A bell 3 s into the sit joins the opening bell, one 3 s before the end the closing one.
    spec = TimerSpec(minutes=20, bell_times_minutes=(10, 10 + 4 / 60, 3 / 60, 20 - 3 / 60))
    assert bell_starts(timer_timeline(spec)) == [(0, 1), (_at(600), 1), (_at(1200), 3)]
    # Exactly a bell's length apart is far enough.
    spec = TimerSpec(minutes=20, bell_times_minutes=(10, 10 + BELL_SECONDS / 60))
    assert bell_starts(timer_timeline(spec)) == [(0, 1), (_at(600), 1), (_at(600 + BELL_SECONDS), 1), (_at(1200), 3)]


def test_a_bell_clip_lasts_as_long_as_it_does_in_a_guided_practice() -> None:
    timeline = timer_timeline(TimerSpec(minutes=10, prepare_seconds=3, interval_minutes=2))
    for clip in timeline.clips:
        if clip.kind is ClipKind.BELL:
            assert clip.length == _at(clip.start / MIX_RATE + bell_seconds(clip.strikes)) - clip.start
    _check_layout(timeline)


def test_bells_land_on_their_exact_sample_however_long_the_sit() -> None:
    # Each time is rounded from the start, never summed from rounded pieces.
    spec = TimerSpec(minutes=MAX_MINUTES, prepare_seconds=7.3, interval_minutes=0.7)
    bells = timer_bells(spec)
    starts = bell_starts(timer_timeline(spec))
    assert len(starts) == len(bells) == math.ceil(MAX_MINUTES / 0.7) + 1
    for (sample, strikes), bell in zip(starts, bells, strict=True):
        assert abs(sample - bell.seconds * MIX_RATE) <= 0.5
        assert strikes == bell.strikes
    assert bells[-1].seconds == pytest.approx(7.3 + MAX_MINUTES * 60)


# Length


@pytest.mark.parametrize("minutes", [1, 180])
def test_the_shortest_and_the_longest_sit_both_work(minutes: int) -> None:
    timeline = timer_timeline(TimerSpec(minutes=minutes, prepare_seconds=300, interval_minutes=0.5))
    assert timeline.length == _at(300 + minutes * 60 + CLOSING_RING_SECONDS)
    assert bell_starts(timeline)[-1] == (_at(300 + minutes * 60), 3)
    _check_layout(timeline)


def test_three_hours_cost_nothing_to_lay_out() -> None:
    """No audio is made: the timeline is a handful of small records."""
    timeline = timer_timeline(TimerSpec(minutes=180, interval_minutes=10))
    assert len(timeline.clips) == 2 * 19
    assert timeline.seconds == pytest.approx(180 * 60 + CLOSING_RING_SECONDS)


# Titles and sections


@pytest.mark.parametrize(("minutes", "text"), [
    (1, "1 min"), (20, "20 min"), (60, "1 h"), (90, "1 h 30 min"), (180, "3 h"), (20.5, "20 min 30 s"),
    (61.25, "1 h 1 min 15 s"),
])
def test_the_title_says_how_long_the_sit_is(minutes: float, text: str) -> None:
    assert format_minutes(minutes) == text
    timeline = timer_timeline(TimerSpec(minutes=minutes))
    assert timeline.title == f"Silent timer, {text}"
    assert timeline.practice_id == "silent-timer"


def test_a_plain_sit_has_one_sitting_section_then_the_closing_bell() -> None:
    timeline = timer_timeline(TimerSpec(minutes=20))
    assert [span.title for span in timeline.sections] == ["Sitting", "Closing bell"]
    assert timeline.sections[1].start == _at(1200)


def test_every_section_starts_on_a_bell_so_skipping_ahead_lands_on_one() -> None:
    timeline = timer_timeline(TimerSpec(minutes=15, prepare_seconds=10, interval_minutes=5))
    assert [span.title for span in timeline.sections] == [
        "Preparation", "Sitting, 0–5 min", "Sitting, 5–10 min", "Sitting, 10–15 min", "Closing bell",
    ]
    bell_samples = [sample for sample, _ in bell_starts(timeline)]
    assert [span.start for span in timeline.sections[1:]] == bell_samples
    _check_layout(timeline)


def test_sections_between_bells_off_the_minute_are_titled_by_the_clock() -> None:
    timeline = timer_timeline(TimerSpec(minutes=10, bell_times_minutes=(2.5, 5)))
    assert [span.title for span in timeline.sections] == [
        "Sitting, 0:00–2:30", "Sitting, 2:30–5:00", "Sitting, 5:00–10:00", "Closing bell",
    ]


def test_the_wish_for_ambience_is_carried_on_the_spec() -> None:
    assert TimerSpec(minutes=10, ambience=True).ambience
    assert not TimerSpec(minutes=10).ambience


def test_listed_times_may_come_as_any_sequence() -> None:
    spec = TimerSpec(minutes=10, bell_times_minutes=[2, 4])  # type: ignore[arg-type]
    assert spec.bell_times_minutes == (2, 4)
    assert hash(spec) == hash(TimerSpec(minutes=10, bell_times_minutes=(2, 4)))


# What is refused, and what the message says


@pytest.mark.parametrize(("kwargs", "words"), [
    ({"minutes": 0}, ["0 minutes", "too short", "1 to 180 minutes"]),
    ({"minutes": 0.5}, ["0.5 minutes", "too short", "1 to 180 minutes"]),
    ({"minutes": -5}, ["-5 minutes", "1 to 180 minutes"]),
    ({"minutes": 181}, ["181 minutes", "too long", "1 to 180 minutes"]),
    ({"minutes": 180.5}, ["180.5 minutes", "too long", "1 to 180 minutes"]),
    ({"minutes": math.nan}, ["sitting time", "1 to 180 minutes"]),
    ({"minutes": math.inf}, ["sitting time", "1 to 180 minutes"]),
    ({"minutes": 10, "prepare_seconds": -1}, ["-1 seconds", "0 to 300 seconds"]),
    ({"minutes": 10, "prepare_seconds": 301}, ["301 seconds", "too long", "0 to 300 seconds"]),
    ({"minutes": 10, "prepare_seconds": math.nan}, ["preparation", "0 to 300 seconds"]),
    ({"minutes": 20, "interval_minutes": 0}, ["interval of 0 minutes", "at least 0.5 and less than 20"]),
    ({"minutes": 20, "interval_minutes": -5}, ["interval of -5 minutes", "at least 0.5 and less than 20"]),
    ({"minutes": 20, "interval_minutes": 0.25}, ["0.25 minutes is too short", "at least 0.5 and less than 20"]),
    ({"minutes": 20, "interval_minutes": 25}, ["interval of 25 minutes does not fit in a 20-minute sit",
                                              "less than 20"]),
    ({"minutes": 20, "interval_minutes": 20}, ["interval of 20 minutes does not fit", "less than 20"]),
    ({"minutes": 20, "interval_minutes": math.inf}, ["interval", "less than 20"]),
    ({"minutes": 20, "bell_times_minutes": (5, 20)}, ["bell at 20 minutes is outside a 20-minute sit",
                                                     "after 0 and before 20 minutes"]),
    ({"minutes": 20, "bell_times_minutes": (0,)}, ["bell at 0 minutes", "after 0 and before 20 minutes"]),
    ({"minutes": 20, "bell_times_minutes": (-1,)}, ["bell at -1 minutes", "after 0 and before 20 minutes"]),
    ({"minutes": 20, "bell_times_minutes": (math.nan,)}, ["bell time", "after 0 and before 20 minutes"]),
])
def test_impossible_settings_are_refused_with_what_was_wrong_and_what_would_do(
        kwargs: dict[str, object], words: list[str]) -> None:
    with pytest.raises(UserInputError) as refused:
        TimerSpec(**kwargs)  # type: ignore[arg-type]
    for word in words:
        assert word in str(refused.value)
    assert "\n" not in str(refused.value)


def test_more_bells_than_anyone_could_want_are_refused() -> None:
    times = tuple(0.5 + index * 0.2 for index in range(MAX_BELLS + 1))  # 12 s apart: none merge
    with pytest.raises(UserInputError) as refused:
        TimerSpec(minutes=180, bell_times_minutes=times)
    assert f"{MAX_BELLS + 1} bells" in str(refused.value)
    assert f"more than the {MAX_BELLS} possible" in str(refused.value)
    TimerSpec(minutes=180, bell_times_minutes=times[:-1])  # one fewer is fine


def test_the_smallest_interval_over_the_longest_sit_is_within_bounds() -> None:
    spec = TimerSpec(minutes=MAX_MINUTES, interval_minutes=MIN_INTERVAL_MINUTES)
    assert len(timer_bells(spec)) - 2 <= MAX_BELLS


# Any valid setting


@st.composite
def specs(draw: st.DrawFn) -> TimerSpec:
    minutes = draw(st.floats(1, 180))
    prepare = draw(st.one_of(st.just(0.0), st.floats(0, 300)))
    interval = draw(st.one_of(st.none(), st.floats(MIN_INTERVAL_MINUTES, minutes, exclude_max=True)))
    times = draw(st.lists(st.floats(0, minutes, exclude_min=True, exclude_max=True), max_size=8))
    return TimerSpec(minutes, prepare, interval, tuple(times))


@settings(max_examples=300, deadline=None)
@given(specs())
def test_any_valid_timer_is_laid_out_without_gaps_overlaps_or_drift(spec: TimerSpec) -> None:
    timeline = timer_timeline(spec)
    _check_layout(timeline)
    assert timeline.length == _at(spec.prepare_seconds + spec.minutes * 60 + CLOSING_RING_SECONDS)

    bells = timer_bells(spec)
    starts = bell_starts(timeline)
    assert len(starts) == len(bells)
    for (sample, strikes), bell in zip(starts, bells, strict=True):
        assert abs(sample - bell.seconds * MIX_RATE) <= 1
        assert strikes == bell.strikes
    assert starts[0] == (_at(spec.prepare_seconds), OPENING_STRIKES)
    assert starts[-1] == (_at(spec.prepare_seconds + spec.minutes * 60), CLOSING_STRIKES)
    # Nothing after the closing bell but its ringing out, and no two bells blur together.
    assert all(strikes == INTERVAL_STRIKES for _, strikes in starts[1:-1])
    assert all(b - a >= _at(BELL_SECONDS) - 1 for (a, _), (b, _) in itertools.pairwise(starts))
    # Every asked-for time rings, or rings with a bell less than a bell's length away.
    asked = list(spec.bell_times_minutes)
    if spec.interval_minutes is not None:
        asked += [k * spec.interval_minutes for k in range(1, math.ceil(spec.minutes / spec.interval_minutes))]
    for minute in asked:
        exact = (spec.prepare_seconds + minute * 60) * MIX_RATE
        assert min(abs(sample - exact) for sample, _ in starts) < BELL_SECONDS * MIX_RATE + 1


# Mixed, the bells sound where the timeline puts them


def test_mixed_with_the_streaming_mixer_each_bell_sounds_at_its_sample() -> None:
    from kindaudio.audio.mixing.mixer import Mixer, place_sounds
    from kindaudio.audio.sounds.bell import bell_clip

    timeline = timer_timeline(TimerSpec(minutes=1, prepare_seconds=2, interval_minutes=0.5))
    sounds = place_sounds(timeline, {}, bell_clip)
    audio = np.concatenate(list(Mixer(timeline, sounds).blocks(65536)))
    assert len(audio) == timeline.length

    starts = bell_starts(timeline)
    assert [sample for sample, _ in starts] == [_at(2), _at(32), _at(62)]
    for sample, _ in starts:
        # Silence until the bell (the one before has died away), then its strike.
        assert np.abs(audio[sample - _at(1): sample]).max() < 1e-4
        assert np.abs(audio[sample: sample + _at(0.02)]).max() > 0.01
    # The closing bell's later strikes follow at their spacing.
    closing = starts[-1][0]

    def level(at: int) -> float:
        return float(np.sqrt(np.mean(audio[at: at + _at(0.05)].astype(np.float64) ** 2)))

    for strike in (1, 2):
        onset = closing + _at(strike * BELL_STRIKE_SPACING)
        assert level(onset) > 1.5 * level(onset - _at(0.1))
    # It has rung out by the end.
    assert np.abs(audio[-_at(0.1):]).max() < 1e-3
