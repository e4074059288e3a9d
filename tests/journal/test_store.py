"""open_journal: a session a crash left unfinished is marked interrupted when the journal opens again."""

from __future__ import annotations

from kindaudio.common.paths import AppPaths
from kindaudio.journal.records import SessionStatus
from kindaudio.journal.store import open_journal
from tests.journal.conftest import ZONE, Clock, practise, start


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
