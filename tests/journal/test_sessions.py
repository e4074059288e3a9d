"""Sessions: written as practice starts and ends, logged by hand, listed by practice and local date."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from kindaudio.common.errors import UserInputError
from kindaudio.journal.records import SessionKind, SessionQuery, SessionStatus
from kindaudio.journal.store import Journal
from tests.journal.conftest import ZONE, Clock, practise, start


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


def test_sessions_are_filtered_by_practice_and_local_dates_inclusive(journal: Journal, clock: Clock) -> None:
    early = practise(journal, clock, (2024, 5, 1, 0, 10), 300)  # local 1 May, UTC 1 May 04:10
    late = practise(journal, clock, (2024, 5, 3, 23, 50), 300)  # local 3 May, UTC 4 May
    other = practise(journal, clock, (2024, 5, 2, 12), 300, practice_id="body-scan", title="Body Scan")
    after = practise(journal, clock, (2024, 5, 4, 0, 5), 300)

    def ids(query: SessionQuery) -> list[int]:
        return [s.id for s in journal.sessions(query)]

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
