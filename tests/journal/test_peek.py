"""The read-only look the reminders take into the journal: agrees with the journal's own count of practice days."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from kindaudio.common.paths import AppPaths
from kindaudio.journal import models
from kindaudio.journal.peek import PRACTISED_QUERY, TIMESTAMP_FORMAT, practised_on
from kindaudio.journal.records import SessionStatus
from kindaudio.journal.store import open_journal

NEW_YORK = ZoneInfo("America/New_York")


def test_it_reads_the_journal_as_the_journal_writes_it() -> None:
    assert TIMESTAMP_FORMAT == models.UTC_TEXT_FORMAT
    assert models.SessionRow.__tablename__ in PRACTISED_QUERY
    for column in ("started_at", "listened_seconds"):
        assert column in models.SessionRow.__table__.c


def test_a_day_counts_when_something_was_heard_that_day(paths: AppPaths) -> None:
    assert practised_on(paths.journal, date(2024, 5, 13), NEW_YORK) is False  # no journal yet: no practice
    clock = [datetime(2024, 5, 14, 3, 30, tzinfo=UTC)]  # 23:30 on 13 May in New York
    with open_journal(paths, tz=NEW_YORK, now=lambda: clock[0], backup=False) as journal:
        late = journal.start_session(practice_id="affectionate-breathing", title="Affectionate Breathing",
                                     content_hash="h", chosen_seconds=600, voice=None)
        # While it plays (the window has the journal open, in WAL mode) the look still works, and
        # a session that has only just started, with nothing heard yet, does not count.
        assert practised_on(paths.journal, date(2024, 5, 13), NEW_YORK) is False
        journal.save_listened(late, 42.0)
        assert practised_on(paths.journal, date(2024, 5, 13), NEW_YORK) is True
        journal.end_session(late, 600.0, SessionStatus.COMPLETED)
        clock[0] = datetime(2024, 5, 20, 12, tzinfo=UTC)
        journal.log_outside_practice(day=date(2024, 5, 16), minutes=10, what="a walk")
        days = set(_practice_days(journal))
    seen = {day for day in (date(2024, 5, 12) + timedelta(days=n) for n in range(7))
            if practised_on(paths.journal, day, NEW_YORK)}
    assert seen == days == {date(2024, 5, 13), date(2024, 5, 16)}
    # The 14th in UTC, the 13th where the person lives: their own day counts.
    assert practised_on(paths.journal, date(2024, 5, 14), NEW_YORK) is False


def test_it_never_changes_the_journal(paths: AppPaths) -> None:
    with open_journal(paths, backup=False):
        pass
    for side in ("-wal", "-shm"):
        path = paths.journal.with_name(paths.journal.name + side)
        if path.exists():
            path.unlink()
    before = paths.journal.stat()
    assert practised_on(paths.journal, date.today(), NEW_YORK) is False
    after = paths.journal.stat()
    assert (after.st_mtime_ns, after.st_size) == (before.st_mtime_ns, before.st_size)


def test_a_journal_it_cannot_read_means_it_cannot_tell(paths: AppPaths) -> None:
    os.makedirs(paths.data, exist_ok=True)
    paths.journal.write_bytes(b"this is not a database at all" * 100)
    assert practised_on(paths.journal, date.today(), NEW_YORK) is None
    paths.journal.unlink()
    paths.journal.mkdir()
    assert practised_on(paths.journal, date.today(), NEW_YORK) is None


def _practice_days(journal: object) -> list[date]:
    """The days the journal's own progress figures count as practised."""
    from sqlalchemy.orm import Session

    engine = journal._engine  # type: ignore[attr-defined]
    with Session(engine) as session:
        return journal._practice_days(session)  # type: ignore[attr-defined]
