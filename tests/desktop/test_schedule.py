"""When a reminder is due, with given clocks: pure functions, no waiting."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kindaudio.common.settings import Settings
from kindaudio.desktop.schedule import (
    MISSED_AFTER,
    ReminderPlan,
    Verdict,
    describe_days,
    describe_slot,
    latest_slot,
    next_slots,
    seconds_until_next,
    what_now,
)

LONDON = ZoneInfo("Europe/London")
WEEKDAYS = frozenset(range(5))
EVENING = ReminderPlan(WEEKDAYS, time(19, 0))


def at(year: int, month: int, day: int, hour: int, minute: int = 0, tz=LONDON) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=tz)


def test_the_plan_comes_from_the_settings() -> None:
    plan = ReminderPlan.from_settings(Settings(reminder_days=(4, 0, 2), reminder_time="07:05"))
    assert plan == ReminderPlan(frozenset({0, 2, 4}), time(7, 5))


def test_the_next_slots_skip_the_days_not_chosen() -> None:
    friday_noon = at(2026, 3, 6, 12)  # a Friday
    slots = next_slots(EVENING, friday_noon, 3, LONDON)
    assert slots == [at(2026, 3, 6, 19), at(2026, 3, 9, 19), at(2026, 3, 10, 19)]
    assert next_slots(EVENING, at(2026, 3, 6, 19), 1, LONDON) == [at(2026, 3, 9, 19)]  # strictly after
    assert next_slots(ReminderPlan(frozenset(), time(19)), friday_noon, 3, LONDON) == []
    assert seconds_until_next(EVENING, friday_noon, LONDON) == 7 * 3600


def test_before_the_slot_it_waits_at_the_slot_it_shows_and_only_once() -> None:
    monday = at(2026, 3, 2, 18, 59)
    friday = at(2026, 2, 27, 19)
    assert what_now(EVENING, monday, None, LONDON) == (Verdict.MISSED, friday)  # the first look: Friday's, long past
    assert what_now(EVENING, monday, friday, LONDON) == (Verdict.WAIT, None)  # once handled, nothing until 19:00
    slot = at(2026, 3, 2, 19)
    assert what_now(EVENING, slot, friday, LONDON) == (Verdict.SHOW, slot)
    assert what_now(EVENING, slot + timedelta(minutes=30), friday, LONDON) == (Verdict.SHOW, slot)
    assert what_now(EVENING, slot + timedelta(minutes=30), slot, LONDON) == (Verdict.WAIT, None)  # never twice


def test_a_slot_slept_through_for_more_than_an_hour_is_skipped_quietly() -> None:
    slot = at(2026, 3, 2, 19)
    woke = slot + MISSED_AFTER + timedelta(seconds=1)
    assert what_now(EVENING, woke, at(2026, 2, 27, 19), LONDON) == (Verdict.MISSED, slot)
    assert what_now(EVENING, slot + MISSED_AFTER, at(2026, 2, 27, 19), LONDON) == (Verdict.SHOW, slot)
    # Asleep over the weekend and more: only the latest slot counts, and it is missed too.
    assert what_now(EVENING, at(2026, 3, 10, 8), None, LONDON) == (Verdict.MISSED, at(2026, 3, 9, 19))


def test_the_clock_given_in_another_zone_means_the_same_moment() -> None:
    slot = at(2026, 7, 1, 19)  # summer time in London: 18:00 UTC
    assert what_now(EVENING, datetime(2026, 7, 1, 18, 10, tzinfo=UTC), None, LONDON) == (Verdict.SHOW, slot)
    assert what_now(EVENING, datetime(2026, 7, 1, 17, 59, tzinfo=UTC), None, LONDON)[0] is Verdict.MISSED  # Tuesday's


def test_slots_keep_the_local_time_across_a_change_of_the_clocks() -> None:
    plan = ReminderPlan(frozenset(range(7)), time(19))
    before, after = next_slots(plan, at(2026, 3, 28, 12), 2, LONDON)  # the clocks go forward in the night
    assert (before.hour, after.hour) == (19, 19)
    assert after.astimezone(UTC) - before.astimezone(UTC) == timedelta(hours=23)
    # An hour after the slot is an hour of real time, not of the clock's face: 00:30 GMT to 02:20 BST is 50 minutes.
    night = ReminderPlan(frozenset(range(7)), time(0, 30))
    assert what_now(night, at(2026, 3, 29, 2, 20), None, LONDON) == (Verdict.SHOW, at(2026, 3, 29, 0, 30))


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)),
       st.frozensets(st.integers(0, 6), min_size=1), st.times())
def test_every_slot_is_on_a_chosen_day_and_each_is_shown_once(now: datetime, days: frozenset[int],
                                                              moment: time) -> None:
    plan = ReminderPlan(days, moment.replace(microsecond=0, tzinfo=None))
    now = now.replace(tzinfo=UTC)
    slots = next_slots(plan, now, 4, UTC)
    assert len(slots) == 4 and all(slot.weekday() in days and slot > now for slot in slots)
    assert slots == sorted(slots) and len(set(slots)) == 4
    latest = latest_slot(plan, now, UTC)
    assert latest is not None and latest <= now and latest.weekday() in days
    # Walking through time, handling as told, shows each slot at most once.
    handled = None
    shown = []
    for step in (now, slots[0], slots[0] + timedelta(minutes=1), slots[1] + timedelta(hours=2), slots[2]):
        verdict, slot = what_now(plan, step, handled, UTC)
        if verdict is not Verdict.WAIT:
            assert slot is not None and (handled is None or slot > handled)
            handled = slot
            if verdict is Verdict.SHOW:
                shown.append(slot)
    assert len(shown) == len(set(shown))
    assert slots[0] in shown and slots[2] in shown and slots[1] not in shown  # slots[1] was slept through


def test_slots_and_days_in_words() -> None:
    assert describe_slot(at(2026, 3, 2, 19), LONDON) == "Monday 2 March, 19:00"
    assert describe_days(range(7)) == "every day"
    assert describe_days(WEEKDAYS) == "weekdays"
    assert describe_days({5, 6}) == "weekends"
    assert describe_days({0, 2, 4}) == "Monday, Wednesday and Friday"
    assert describe_days({3}) == "Thursday"


@pytest.mark.parametrize("bad", ["7pm", "25:00", "19:60", "19", "", "19:5", None, 1900])
def test_a_reminder_time_must_be_hours_and_minutes(bad: object) -> None:
    with pytest.raises(ValueError, match="hours and minutes like 19:00"):
        Settings(reminder_time=bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [(7,), (-1,), ("monday",), (True,), "0123"])
def test_reminder_days_are_numbers_of_weekdays(bad: object) -> None:
    with pytest.raises(ValueError, match="0 \\(Monday\\) to 6 \\(Sunday\\)"):
        Settings(reminder_days=bad)  # type: ignore[arg-type]
