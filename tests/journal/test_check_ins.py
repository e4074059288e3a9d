"""Check-ins before, after and on their own: one of each moment per session, edited, deleted, listed by local date."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from kindaudio.common.errors import UserInputError
from kindaudio.journal.errors import JournalError
from kindaudio.journal.records import Moment, Mood
from kindaudio.journal.store import Journal
from tests.journal.conftest import ZONE, Clock, start


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
