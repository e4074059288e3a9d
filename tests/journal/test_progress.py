"""The Progress page's figures: local days and minutes heard, weeks, mood before and after, the streak."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kindaudio.common.errors import UserInputError
from kindaudio.common.paths import AppPaths
from kindaudio.journal.records import Moment, Mood, SessionQuery, SessionStatus
from kindaudio.journal.store import Journal, open_journal
from tests.journal.conftest import ZONE, Clock, practise, start


def test_progress_counts_local_days_and_minutes_heard(journal: Journal, clock: Clock) -> None:
    practise(journal, clock, (2024, 5, 15, 7), 600)  # today (Wednesday)
    practise(journal, clock, (2024, 5, 15, 20), 300)  # today again: one day
    practise(journal, clock, (2024, 5, 9, 23, 30), 120)  # 6 days ago, late evening (UTC: next day)
    practise(journal, clock, (2024, 5, 8, 9), 900)  # 7 days ago: outside the last 7
    practise(journal, clock, (2024, 4, 20, 9), 60)  # last month, within 30 days
    practise(journal, clock, (2024, 5, 2, 9), 0)  # started, nothing heard: not a day of practice
    journal.log_outside_practice(day=date(2024, 5, 1), minutes=10, what="walking")
    figures = journal.progress(weeks=4)
    assert figures.today == date(2024, 5, 15)
    assert figures.days_last_7 == 2 and figures.minutes_last_7 == pytest.approx(17.0)
    assert figures.days_last_30 == 5
    assert figures.days_this_month == 4 and figures.minutes_this_month == pytest.approx(42.0)
    weeks = [(w.week_start, round(w.minutes, 6)) for w in figures.minutes_per_week]
    assert weeks == [(date(2024, 4, 22), 0.0), (date(2024, 4, 29), 10.0), (date(2024, 5, 6), 17.0),
                     (date(2024, 5, 13), 15.0)]
    assert figures.streak is None


def test_minutes_per_week_has_exactly_the_weeks_asked_for_ending_this_week(journal: Journal) -> None:
    figures = journal.progress(weeks=12, today=date(2024, 5, 19))  # a Sunday
    starts = [w.week_start for w in figures.minutes_per_week]
    assert len(starts) == 12 and starts[-1] == date(2024, 5, 13)
    assert all(day.weekday() == 0 for day in starts) and all(w.minutes == 0.0 for w in figures.minutes_per_week)
    with pytest.raises(UserInputError, match="Weeks"):
        journal.progress(weeks=0)


def test_days_are_counted_in_local_time_across_a_clock_change(paths: AppPaths) -> None:
    london = ZoneInfo("Europe/London")
    now = datetime(2024, 4, 3, 12, tzinfo=london)
    with open_journal(paths, tz=london, now=lambda: now, backup=False) as journal:
        # The clocks went forward on 31 March: 00:30 on 1 April is 23:30 UTC on 31 March.
        journal.end_session(_started_at(journal, datetime(2024, 4, 1, 0, 30, tzinfo=london)), 60,
                            SessionStatus.COMPLETED)
        figures = journal.progress(weeks=1)
        assert figures.minutes_per_week[0].week_start == date(2024, 4, 1)
        assert figures.minutes_per_week[0].minutes == pytest.approx(1.0)
        assert journal.sessions(SessionQuery(since=date(2024, 4, 1), until=date(2024, 4, 1)))


def _started_at(journal: Journal, when: datetime) -> int:
    original = journal._now_source
    journal._now_source = lambda: when
    try:
        return start(journal)
    finally:
        journal._now_source = original


def test_mood_points_and_mood_change_per_practice(journal: Journal, clock: Clock) -> None:
    a1 = practise(journal, clock, (2024, 5, 13, 9), 600)
    journal.add_check_in(Mood(-2), moment=Moment.BEFORE, session_id=a1)
    journal.add_check_in(Mood(1), moment=Moment.AFTER, session_id=a1)
    a2 = practise(journal, clock, (2024, 5, 14, 9), 600)
    journal.add_check_in(Mood(0), moment=Moment.BEFORE, session_id=a2)
    journal.add_check_in(Mood(1), moment=Moment.AFTER, session_id=a2)
    b = practise(journal, clock, (2024, 5, 14, 18), 600, practice_id="body-scan", title="Body Scan")
    journal.add_check_in(Mood(2), moment=Moment.AFTER, session_id=b)
    practise(journal, clock, (2024, 5, 15, 9), 600)  # no check-in: no mood point
    journal.add_check_in(Mood(-3), moment=Moment.STANDALONE)  # not a session's
    figures = journal.progress(weeks=2)
    assert [(p.session_id, p.day, p.before, p.after) for p in figures.mood] == [
        (a1, date(2024, 5, 13), -2, 1), (a2, date(2024, 5, 14), 0, 1), (b, date(2024, 5, 14), None, 2)]
    assert [(c.practice_id, c.title, c.sessions, c.mean_change) for c in figures.mood_change] == [
        ("affectionate-breathing", "Affectionate Breathing", 2, 2.0)]


def test_streak_only_when_asked_keeps_the_best_run_after_a_missed_day(journal: Journal, clock: Clock) -> None:
    for day in (1, 2, 3, 4, 9, 10, 11, 12, 13, 14):  # a run of 4, a gap, then a run ending yesterday
        practise(journal, clock, (2024, 5, day, 8), 300)
    for day in range(1, 6):
        practise(journal, clock, (2024, 3, day, 8), 300)  # the best run, earlier in the year
    streak = journal.progress(streak=True).streak
    assert streak is not None
    assert (streak.current, streak.best, streak.days_this_month) == (6, 6, 10)
    assert journal.progress(streak=True, today=date(2024, 5, 17)).streak.current == 0  # type: ignore[union-attr]
    assert journal.progress(streak=True, today=date(2024, 5, 7)).streak.current == 0  # type: ignore[union-attr]
    assert journal.progress(streak=True, today=date(2024, 5, 5)).streak.current == 4  # type: ignore[union-attr]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, 120 * 24 * 60 - 1), st.integers(0, 3600)), max_size=30),
       st.integers(1, 16))
def test_minutes_per_week_add_up_to_the_minutes_heard_in_the_window(tmp_path_factory: pytest.TempPathFactory,
                                                                     starts: list[tuple[int, int]],
                                                                     weeks: int) -> None:
    folder = tmp_path_factory.mktemp("prop")
    paths = AppPaths(folder / "data", folder / "cache", folder / "config")
    clock = Clock(datetime(2024, 6, 30, 22, 0, tzinfo=ZONE))
    origin = datetime(2024, 3, 2, 0, 0, tzinfo=ZONE)
    with open_journal(paths, tz=ZONE, now=clock, backup=False) as journal:
        for minute, listened in starts:
            clock.moment = origin + timedelta(minutes=minute)
            journal.end_session(start(journal), listened, SessionStatus.COMPLETED)
        today = date(2024, 6, 30)
        figures = journal.progress(weeks=weeks, today=today)
        first = figures.minutes_per_week[0].week_start
        expected = sum(listened for minute, listened in starts
                       if first <= (origin + timedelta(minutes=minute)).date() <= today) / 60
        assert sum(w.minutes for w in figures.minutes_per_week) == pytest.approx(expected)
        in_last_7 = {(origin + timedelta(minutes=m)).date() for m, listened in starts
                     if listened > 0 and today - timedelta(days=6) <= (origin + timedelta(minutes=m)).date() <= today}
        assert figures.days_last_7 == len(in_last_7)
