"""When a reminder is due: pure functions of the plan, the clock and what was already handled.

A plan is some days of the week and a time of day, in the person's local time.
Each (day, time) is a *slot*. The background part asks `what_now` whenever it
wakes and gets one of:

- WAIT: nothing due (or the latest slot was handled already).
- SHOW: a slot passed less than MISSED_AFTER ago and was not handled: remind now.
- MISSED: the latest slot passed longer ago than that (the machine was asleep
  or off at the time and woke later): skip it quietly; a reminder hours late
  would only be noise.

Slots are handled at most once: the caller remembers the last one handled,
shown or skipped, and passes it back. Everything takes the clock and the zone
as arguments so the tests can try any moment (and the clock changes of
daylight-saving time) without waiting.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from kindaudio.common.settings import Settings, clock_time

MISSED_AFTER = timedelta(hours=1)
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class Verdict(enum.Enum):
    WAIT = "wait"
    SHOW = "show"
    MISSED = "missed"


@dataclass(frozen=True)
class ReminderPlan:
    """Which weekdays (0 Monday .. 6 Sunday) and at what local time of day."""

    days: frozenset[int]
    at: time

    @classmethod
    def from_settings(cls, settings: Settings) -> ReminderPlan:
        hour, minute = clock_time(settings.reminder_time)
        return cls(frozenset(settings.reminder_days), time(hour, minute))

    def slot_on(self, day: date, tz: tzinfo) -> datetime | None:
        """The slot on `day` (aware, in `tz`), or None when `day` is not one of the plan's days."""
        if day.weekday() not in self.days:
            return None
        return datetime.combine(day, self.at, tzinfo=tz)


def next_slots(plan: ReminderPlan, after: datetime, count: int, tz: tzinfo) -> list[datetime]:
    """The next `count` slots strictly after `after`, soonest first (none when the plan has no days)."""
    found: list[datetime] = []
    day = after.astimezone(tz).date()
    while plan.days and len(found) < count:
        slot = plan.slot_on(day, tz)
        if slot is not None and _utc(slot) > _utc(after):
            found.append(slot)
        day += timedelta(days=1)
    return found


def latest_slot(plan: ReminderPlan, now: datetime, tz: tzinfo) -> datetime | None:
    """The most recent slot at or before `now` (None when the plan has no days)."""
    day = now.astimezone(tz).date()
    for back in range(8):
        slot = plan.slot_on(day - timedelta(days=back), tz)
        if slot is not None and _utc(slot) <= _utc(now):
            return slot
    return None


def what_now(plan: ReminderPlan, now: datetime, handled: datetime | None,
             tz: tzinfo) -> tuple[Verdict, datetime | None]:
    """What to do at `now`, given the last slot `handled`: the verdict and the slot it is about."""
    slot = latest_slot(plan, now, tz)
    if slot is None or (handled is not None and _utc(slot) <= _utc(handled)):
        return Verdict.WAIT, None
    if _utc(now) - _utc(slot) > MISSED_AFTER:
        return Verdict.MISSED, slot
    return Verdict.SHOW, slot


def seconds_until_next(plan: ReminderPlan, now: datetime, tz: tzinfo) -> float | None:
    """How long until the next slot (None without one)."""
    upcoming = next_slots(plan, now, 1, tz)
    return (_utc(upcoming[0]) - _utc(now)).total_seconds() if upcoming else None


def describe_slot(slot: datetime, tz: tzinfo) -> str:
    """A slot as a person reads it: "Monday 2 March, 19:00"."""
    local = slot.astimezone(tz)
    return f"{DAY_NAMES[local.weekday()]} {local.day} {local:%B}, {local:%H:%M}"


def describe_days(days: Iterable[int]) -> str:
    """The plan's days in words: "every day", "weekdays", "Monday, Wednesday and Friday"."""
    chosen = sorted(set(days))
    if chosen == list(range(7)):
        return "every day"
    if chosen == list(range(5)):
        return "weekdays"
    if chosen == [5, 6]:
        return "weekends"
    if not chosen:
        return "no days"
    names = [DAY_NAMES[day] for day in chosen]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _utc(moment: datetime) -> datetime:
    """In UTC, so that differences and comparisons hold across a change of the clocks."""
    return moment.astimezone(UTC)
