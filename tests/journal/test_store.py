"""The journal store on real SQLite files: lifecycle, check-ins, queries, progress, privacy, damage."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
import threading
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kindaudio.common.errors import UserInputError
from kindaudio.journal.errors import DatabaseUnreadable, JournalError
from kindaudio.journal.records import (
    Moment,
    Mood,
    SessionKind,
    SessionQuery,
    SessionStatus,
)
from kindaudio.journal.store import Journal, open_journal
from kindaudio.common.paths import AppPaths
from tests.journal.conftest import ZONE, Clock, start

REPO = Path(__file__).resolve().parents[2]


def practise(journal: Journal, clock: Clock, when: tuple[int, ...], listened: float,
             practice_id: str = "affectionate-breathing", title: str = "Affectionate Breathing") -> int:
    """A finished session started at local time `when`; the clock is put back afterwards."""
    now = clock.moment
    clock.set_local(*when)
    session_id = start(journal, practice_id, title)
    journal.end_session(session_id, listened, SessionStatus.COMPLETED)
    clock.moment = now
    return session_id


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# -- the file -------------------------------------------------------------------------------------


def test_a_new_journal_is_private_even_with_a_permissive_umask(paths: AppPaths, clock: Clock) -> None:
    old = os.umask(0)
    try:
        with open_journal(paths, tz=ZONE, now=clock) as journal:
            start(journal)
            wal, shm = Path(f"{journal.path}-wal"), Path(f"{journal.path}-shm")
            assert wal.exists() and shm.exists()
            assert (mode(journal.path), mode(wal), mode(shm)) == (0o600, 0o600, 0o600)
            assert mode(paths.data) == 0o700
            assert journal.path == paths.data / "journal.sqlite3" == paths.journal
    finally:
        os.umask(old)


def test_the_journal_uses_write_ahead_logging_and_enforces_foreign_keys(journal: Journal) -> None:
    with sqlite3.connect(journal.path) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    session_id = start(journal)
    journal.add_check_in(Mood(1), moment=Moment.AFTER, session_id=session_id)
    journal.delete_session(session_id)
    assert journal.check_ins() == []  # ON DELETE CASCADE only works with foreign keys on


def test_random_bytes_are_reported_with_the_path_and_left_as_they_are(paths: AppPaths) -> None:
    paths.data.mkdir(parents=True)
    garbage = os.urandom(8192)
    paths.journal.write_bytes(garbage)
    with pytest.raises(DatabaseUnreadable) as caught:
        open_journal(paths)
    assert caught.value.path == paths.journal
    assert str(paths.journal) in str(caught.value) and "Nothing" in str(caught.value)
    assert caught.value.backups == []
    assert paths.journal.read_bytes() == garbage
    assert not Path(f"{paths.journal}-wal").exists()


def test_a_truncated_journal_is_reported_lists_the_backups_and_is_not_changed(paths: AppPaths, clock: Clock) -> None:
    with open_journal(paths, tz=ZONE, now=clock) as journal:  # takes the day's backup
        for day in range(1, 40):
            practise(journal, clock, (2024, 4, day % 28 + 1, 9), 600, title="A title long enough " * 10)
    whole = paths.journal.read_bytes()
    paths.journal.write_bytes(whole[: len(whole) // 2])
    before = paths.journal.read_bytes()
    with pytest.raises(DatabaseUnreadable) as caught:
        open_journal(paths, tz=ZONE, now=clock)
    assert len(caught.value.backups) == 1
    assert "backup can be restored" in str(caught.value)
    assert paths.journal.read_bytes() == before


def test_a_sqlite_file_that_is_not_a_journal_is_not_taken_over(paths: AppPaths) -> None:
    paths.data.mkdir(parents=True)
    with sqlite3.connect(paths.journal) as other:
        other.execute("CREATE TABLE recipes (name TEXT)")
    other.close()
    before = paths.journal.read_bytes()
    with pytest.raises(DatabaseUnreadable, match="could not be read"):
        open_journal(paths)
    assert paths.journal.read_bytes() == before


# -- sessions -------------------------------------------------------------------------------------


def test_a_session_row_is_written_as_practice_starts(journal: Journal, clock: Clock) -> None:
    session_id = start(journal)
    record = journal.session(session_id)
    assert record.status is SessionStatus.IN_PROGRESS and record.kind is SessionKind.APP
    assert record.started_at == clock.utc and record.started_at.tzinfo == UTC
    assert (record.practice_id, record.title, record.content_hash) == ("affectionate-breathing",
                                                                      "Affectionate Breathing", "hash-1")
    assert (record.chosen_seconds, record.voice, record.listened_seconds, record.ended_at) == (
        900, "gmw/en-gb-x-rp", 0.0, None)


def test_periodic_saves_keep_it_in_progress_and_the_end_records_status_and_time(journal: Journal,
                                                                                 clock: Clock) -> None:
    session_id = start(journal)
    journal.save_listened(session_id, 30.5)
    assert journal.session(session_id).listened_seconds == 30.5
    assert journal.session(session_id).status is SessionStatus.IN_PROGRESS
    ended = clock.advance(minutes=10)
    journal.end_session(session_id, 540.0, SessionStatus.STOPPED_EARLY)
    record = journal.session(session_id)
    assert (record.status, record.listened_seconds, record.ended_at) == (
        SessionStatus.STOPPED_EARLY, 540.0, ended.astimezone(UTC))


def test_a_save_after_the_end_does_not_change_the_finished_session(journal: Journal) -> None:
    session_id = start(journal)
    journal.end_session(session_id, 300, SessionStatus.COMPLETED)
    journal.save_listened(session_id, 12)
    assert journal.session(session_id).listened_seconds == 300


@pytest.mark.parametrize("listened", [-1, float("nan"), float("inf")])
def test_impossible_listened_times_are_refused(journal: Journal, listened: float) -> None:
    session_id = start(journal)
    with pytest.raises(UserInputError):
        journal.save_listened(session_id, listened)


def test_a_session_cannot_end_in_progress(journal: Journal) -> None:
    with pytest.raises(UserInputError, match="final status"):
        journal.end_session(start(journal), 10, SessionStatus.IN_PROGRESS)


def test_unknown_ids_raise_a_journal_error(journal: Journal) -> None:
    for call in (lambda: journal.session(99), lambda: journal.save_listened(99, 1),
                 lambda: journal.delete_session(99), lambda: journal.check_in(99),
                 lambda: journal.delete_check_in(99), lambda: journal.update_check_in(99, Mood(0))):
        with pytest.raises(JournalError, match="99"):
            call()


def test_reopening_marks_unfinished_sessions_interrupted_keeping_what_was_heard(paths: AppPaths,
                                                                                 clock: Clock) -> None:
    with open_journal(paths, tz=ZONE, now=clock, backup=False) as journal:
        finished = practise(journal, clock, (2024, 5, 14, 9), 600)
        unfinished = start(journal)
        journal.save_listened(unfinished, 123.0)
        finished_before = journal.session(finished)
    clock.advance(hours=1)
    with open_journal(paths, tz=ZONE, now=clock, backup=False) as journal:
        interrupted = journal.session(unfinished)
        assert interrupted.status is SessionStatus.INTERRUPTED
        assert interrupted.listened_seconds == 123.0 and interrupted.ended_at is None
        assert journal.session(finished) == finished_before


# -- practice logged by hand ----------------------------------------------------------------------


def test_practice_away_from_the_app_is_logged_at_local_noon_as_completed(journal: Journal) -> None:
    session_id = journal.log_outside_practice(day=date(2024, 5, 12), minutes=20, what="  walking   practice ",
                                              note="by the river")
    record = journal.session(session_id)
    assert record.kind is SessionKind.LOGGED and record.status is SessionStatus.COMPLETED
    assert record.practice_id is None and record.title == "walking practice" and record.note == "by the river"
    assert record.started_at == datetime(2024, 5, 12, 12, tzinfo=ZONE)
    assert (record.chosen_seconds, record.listened_seconds) == (1200, 1200.0)


def test_logged_practice_can_be_corrected(journal: Journal) -> None:
    session_id = journal.log_outside_practice(day=date(2024, 5, 12), minutes=20, what="walking")
    journal.update_outside_practice(session_id, day=date(2024, 5, 13), minutes=5, what="breathing", note="short")
    record = journal.session(session_id)
    assert (record.started_at.astimezone(ZONE).date(), record.listened_seconds, record.title, record.note) == (
        date(2024, 5, 13), 300.0, "breathing", "short")


def test_only_logged_practice_can_be_corrected_by_hand(journal: Journal) -> None:
    with pytest.raises(UserInputError, match="logged by hand"):
        journal.update_outside_practice(start(journal), day=date(2024, 5, 13), minutes=5, what="x")


@pytest.mark.parametrize(("day", "minutes", "what", "message"), [
    (date(2024, 5, 16), 10, "walk", "still to come"),
    (date(2024, 5, 10), 0, "walk", "Minutes"),
    (date(2024, 5, 10), 24 * 60 + 1, "walk", "Minutes"),
    (date(2024, 5, 10), 10, "   ", "what you practised"),
])
def test_logging_refuses_impossible_entries_plainly(journal: Journal, day: date, minutes: int, what: str,
                                                    message: str) -> None:
    with pytest.raises(UserInputError, match=message):
        journal.log_outside_practice(day=day, minutes=minutes, what=what)
    assert journal.sessions() == []


# -- check-ins ------------------------------------------------------------------------------------


def test_before_and_after_check_ins_come_back_with_their_session(journal: Journal, clock: Clock) -> None:
    session_id = start(journal)
    before = journal.add_check_in(Mood(-1, ("anxious",), difficult=True), moment=Moment.BEFORE, session_id=session_id)
    clock.advance(minutes=15)
    after = journal.add_check_in(Mood(2, ("calm", "warm"), note="softer", share_note=True), moment=Moment.AFTER,
                                 session_id=session_id)
    record = journal.session(session_id)
    assert record.before is not None and record.after is not None
    assert (record.before.id, record.before.mood) == (before, Mood(-1, ("anxious",), difficult=True))
    assert (record.after.id, record.after.at) == (after, clock.utc)
    assert record.after.mood == Mood(2, ("calm", "warm"), note="softer", share_note=True)


def test_a_check_in_can_be_edited_and_deleted(journal: Journal) -> None:
    check_in_id = journal.add_check_in(Mood(0), moment=Moment.STANDALONE)
    journal.update_check_in(check_in_id, Mood(3, ("relieved",), note="better"))
    assert journal.check_in(check_in_id).mood == Mood(3, ("relieved",), note="better")
    journal.delete_check_in(check_in_id)
    assert journal.check_ins() == []


def test_a_session_has_at_most_one_check_in_before_and_one_after(journal: Journal) -> None:
    session_id = start(journal)
    journal.add_check_in(Mood(0), moment=Moment.AFTER, session_id=session_id)
    with pytest.raises(UserInputError, match="already has a check-in after"):
        journal.add_check_in(Mood(1), moment=Moment.AFTER, session_id=session_id)
    assert journal.session(session_id).after is not None and journal.session(session_id).after.mood.valence == 0


def test_check_ins_must_match_their_moment(journal: Journal) -> None:
    session_id = start(journal)
    with pytest.raises(UserInputError, match="on its own"):
        journal.add_check_in(Mood(0), moment=Moment.STANDALONE, session_id=session_id)
    with pytest.raises(UserInputError, match="needs the session"):
        journal.add_check_in(Mood(0), moment=Moment.BEFORE)
    with pytest.raises(UserInputError, match="time zone"):
        journal.add_check_in(Mood(0), moment=Moment.STANDALONE, at=datetime(2024, 5, 1, 9))
    with pytest.raises(JournalError, match="no session 404"):
        journal.add_check_in(Mood(0), moment=Moment.AFTER, session_id=404)


def test_check_ins_are_listed_oldest_first_by_local_date(journal: Journal) -> None:
    late_evening = datetime(2024, 5, 10, 23, 30, tzinfo=ZONE)  # already 11 May in UTC
    next_morning = datetime(2024, 5, 11, 8, 0, tzinfo=ZONE)
    second = journal.add_check_in(Mood(1), moment=Moment.STANDALONE, at=next_morning)
    first = journal.add_check_in(Mood(-1), moment=Moment.STANDALONE, at=late_evening)
    session_id = start(journal)
    journal.add_check_in(Mood(0), moment=Moment.AFTER, session_id=session_id)
    assert [c.id for c in journal.check_ins(since=date(2024, 5, 10), until=date(2024, 5, 10))] == [first]
    assert [c.id for c in journal.check_ins(since=date(2024, 5, 11), until=date(2024, 5, 11))] == [second]
    assert [c.id for c in journal.check_ins(standalone_only=True)] == [first, second]
    assert len(journal.check_ins()) == 3


# -- listing sessions -----------------------------------------------------------------------------


def test_sessions_are_filtered_by_practice_and_local_dates_inclusive(journal: Journal, clock: Clock) -> None:
    early = practise(journal, clock, (2024, 5, 1, 0, 10), 300)  # local 1 May, UTC 1 May 04:10
    late = practise(journal, clock, (2024, 5, 3, 23, 50), 300)  # local 3 May, UTC 4 May
    other = practise(journal, clock, (2024, 5, 2, 12), 300, practice_id="body-scan", title="Body Scan")
    after = practise(journal, clock, (2024, 5, 4, 0, 5), 300)
    ids = lambda query: [s.id for s in journal.sessions(query)]
    assert ids(SessionQuery(since=date(2024, 5, 1), until=date(2024, 5, 3))) == [late, other, early]
    assert ids(SessionQuery(since=date(2024, 5, 1), until=date(2024, 5, 3), newest_first=False)) == [early, other, late]
    assert ids(SessionQuery(practice_id="body-scan")) == [other]
    assert ids(SessionQuery(since=date(2024, 5, 4))) == [after]
    assert ids(SessionQuery(limit=2)) == [after, late]


def test_a_date_range_that_ends_before_it_starts_is_refused(journal: Journal) -> None:
    with pytest.raises(UserInputError, match="after the end date"):
        journal.sessions(SessionQuery(since=date(2024, 5, 3), until=date(2024, 5, 1)))


def test_practices_seen_and_last_practised_name_each_practice_once(journal: Journal, clock: Clock) -> None:
    practise(journal, clock, (2024, 5, 1, 9), 300, title="Old title")
    practise(journal, clock, (2024, 5, 3, 9), 300, title="Affectionate Breathing")
    practise(journal, clock, (2024, 5, 2, 9), 300, practice_id="body-scan", title="Body Scan")
    journal.log_outside_practice(day=date(2024, 5, 4), minutes=10, what="walking")
    assert journal.practices_seen() == [("affectionate-breathing", "Affectionate Breathing"),
                                        ("body-scan", "Body Scan")]
    assert journal.last_practised() == {
        "affectionate-breathing": datetime(2024, 5, 3, 9, tzinfo=ZONE),
        "body-scan": datetime(2024, 5, 2, 9, tzinfo=ZONE),
    }


# -- progress -------------------------------------------------------------------------------------


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


# -- concurrency ----------------------------------------------------------------------------------


def test_threads_writing_at_once_lose_nothing(journal: Journal) -> None:
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            for _ in range(20):
                session_id = start(journal, practice_id=f"p{n}")
                journal.save_listened(session_id, 10)
                journal.add_check_in(Mood(n % 7 - 3), moment=Moment.AFTER, session_id=session_id)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(journal.sessions()) == 80 and len(journal.check_ins()) == 80


WRITER = """
import sys
from kindaudio.journal.store import open_journal
from kindaudio.journal.records import Mood, Moment, SessionStatus
from kindaudio.common.paths import AppPaths
name, count = sys.argv[1], int(sys.argv[2])
print("ready", flush=True)
sys.stdin.readline()
with open_journal(AppPaths.from_environment(), backup=False) as journal:
    for n in range(count):
        session_id = journal.start_session(practice_id=name, title=name, content_hash="h", chosen_seconds=60, voice=None)
        journal.add_check_in(Mood(1), moment=Moment.BEFORE, session_id=session_id)
        journal.end_session(session_id, 60, SessionStatus.COMPLETED)
print("done", flush=True)
"""


def test_two_processes_writing_at_once_corrupt_nothing(paths: AppPaths, home: Path) -> None:
    with open_journal(paths, backup=False):
        pass  # created and migrated once, so both writers start from the same file
    env = {**os.environ, "KINDAUDIO_HOME": str(home), "PYTHONPATH": str(REPO)}
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, name, "60"], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, text=True, env=env) for name in ("first", "second")]
    try:
        for writer in writers:
            assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
        for writer in writers:  # released together, so their writes interleave
            assert writer.stdin is not None
            writer.stdin.write("go\n")
            writer.stdin.flush()
        outputs = [writer.communicate(timeout=120)[0] for writer in writers]
    finally:
        for writer in writers:
            if writer.poll() is None:
                writer.kill()
                writer.wait()
    assert [writer.returncode for writer in writers] == [0, 0] and all("done" in out for out in outputs)
    with sqlite3.connect(paths.journal) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        counts = dict(raw.execute("SELECT practice_id, count(*) FROM sessions WHERE status = 'completed' "
                                  "GROUP BY practice_id").fetchall())
        assert raw.execute("SELECT count(*) FROM check_ins").fetchone()[0] == 120
    raw.close()
    assert counts == {"first": 60, "second": 60}
