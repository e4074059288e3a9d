"""Rows are found by id, or the journal says which id it does not hold."""

from __future__ import annotations

import pytest

from kindaudio.journal.errors import JournalError
from kindaudio.journal.records import Mood
from kindaudio.journal.store import Journal


def test_unknown_ids_raise_a_journal_error(journal: Journal) -> None:
    for call in (lambda: journal.session(99), lambda: journal.save_listened(99, 1),
                 lambda: journal.delete_session(99), lambda: journal.check_in(99),
                 lambda: journal.delete_check_in(99), lambda: journal.update_check_in(99, Mood(0))):
        with pytest.raises(JournalError, match="99"):
            call()


def _damage(journal: Journal, statement: str, *values: object) -> None:
    import contextlib
    import sqlite3

    with contextlib.closing(sqlite3.connect(journal.path)) as raw, raw:
        raw.execute(statement, values)


def _played(journal: Journal) -> tuple[int, int]:
    first = journal.start_session(practice_id="a", title="A", content_hash="h", chosen_seconds=60, voice=None)
    second = journal.start_session(practice_id="b", title="B", content_hash="h", chosen_seconds=60, voice=None)
    return first, second


def test_a_damaged_session_row_is_left_out_and_named_and_the_rest_read(journal: Journal) -> None:
    first, second = _played(journal)
    _damage(journal, "UPDATE sessions SET started_at = 'not a time' WHERE id = ?", first)
    reading = journal.read_sessions()
    assert [s.id for s in reading.records] == [second]
    assert reading.damaged == [f"session {first}: its start time is not a time"]
    assert [s.id for s in journal.sessions()] == [second]
    with pytest.raises(JournalError, match=f"Session {first} in the journal is damaged: its start time is not a time"):
        journal.session(first)
    assert set(journal.last_practised()) == {"b"}  # the Library still opens; "a" shows as not practised


def test_a_damaged_check_in_is_named_and_its_session_shown_without_it(journal: Journal) -> None:
    from kindaudio.journal.records import Moment

    first, _ = _played(journal)
    check_in = journal.add_check_in(Mood(1, ("calm",)), moment=Moment.BEFORE, session_id=first)
    standalone = journal.add_check_in(Mood(0), moment=Moment.STANDALONE)
    _damage(journal, "UPDATE check_ins SET feelings = '{\"not\": \"a list\"}' WHERE id IN (?, ?)",
            check_in, standalone)
    reading = journal.read_sessions()
    assert {s.id for s in reading.records} == {first, first + 1}
    assert journal.session(first).before is None
    assert reading.damaged == [f"check-in {check_in} (of session {first}): its feelings are not a list of words"]
    own = journal.read_check_ins(standalone_only=True)
    assert own.records == [] and own.damaged[0].startswith(f"check-in {standalone} (")
    with pytest.raises(JournalError, match=f"Check-in {standalone} in the journal is damaged"):
        journal.check_in(standalone)


@pytest.mark.parametrize("damage", ["UPDATE sessions SET listened_seconds = 9e999 WHERE id = ?",
                                    "UPDATE sessions SET started_at = 'not a time' WHERE id = ?"])
def test_the_progress_figures_leave_a_damaged_session_out(journal: Journal, damage: str) -> None:
    from kindaudio.journal.records import SessionStatus

    first, second = _played(journal)
    journal.end_session(first, 60, SessionStatus.COMPLETED)
    journal.end_session(second, 120, SessionStatus.COMPLETED)
    _damage(journal, damage, first)
    figures = journal.progress(streak=True)
    assert figures.minutes_last_7 == 2.0  # the sound session only; no "inf" minutes, no crash
    assert figures.streak is not None and figures.streak.current == 1
