"""Journals on real SQLite files, with a clock and a time zone the test controls."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from kindaudio.common.paths import AppPaths
from kindaudio.journal.records import SessionStatus
from kindaudio.journal.store import Journal, open_journal

# Away from UTC, so a test that confuses local days with UTC days fails.
ZONE = ZoneInfo("America/New_York")


class Clock:
    """A settable now(); starts at a Wednesday mid-morning in New York."""

    def __init__(self, start: datetime = datetime(2024, 5, 15, 10, 0, tzinfo=ZONE)) -> None:
        self.moment = start

    def __call__(self) -> datetime:
        return self.moment

    def advance(self, **delta: float) -> datetime:
        self.moment = self.moment + timedelta(**delta)
        return self.moment

    def set_local(self, *args: int) -> datetime:
        self.moment = datetime(*args, tzinfo=ZONE)  # type: ignore[misc]
        return self.moment

    @property
    def utc(self) -> datetime:
        return self.moment.astimezone(UTC)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def journal(paths: AppPaths, clock: Clock) -> Iterator[Journal]:
    with open_journal(paths, tz=ZONE, now=clock, backup=False) as opened:
        yield opened


def start(journal: Journal, practice_id: str = "affectionate-breathing", title: str = "Affectionate Breathing",
          chosen_seconds: int = 900) -> int:
    return journal.start_session(practice_id=practice_id, title=title, content_hash="hash-1",
                                 chosen_seconds=chosen_seconds, voice="gmw/en-gb-x-rp")


def practise(journal: Journal, clock: Clock, when: tuple[int, ...], listened: float,
             practice_id: str = "affectionate-breathing", title: str = "Affectionate Breathing") -> int:
    """A finished session started at local time `when`; the clock is put back afterwards."""
    now = clock.moment
    clock.set_local(*when)
    session_id = start(journal, practice_id, title)
    journal.end_session(session_id, listened, SessionStatus.COMPLETED)
    clock.moment = now
    return session_id
