"""The sample journal the export tests share, and a folder for the files they write.

A week in New York with a session before and after check-ins, one that crosses
midnight UTC, one logged by hand, a check-in on its own, and sessions either
side of the range.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from kindaudio.journal.records import Moment, Mood, SessionStatus
from kindaudio.journal.store import Journal
from tests.journal.conftest import Clock, start

SINCE, UNTIL = date(2024, 5, 10), date(2024, 5, 15)


@dataclass(frozen=True)
class Sample:
    breathing: int  # Mon 13 May 08:00 New York: before (shared note) and after (private note)
    body_scan: int  # Tue 14 May 21:30 New York (01:30 UTC on the 15th): stopped early, a difficult after
    walking: int  # Sun 12 May, logged by hand with a note
    standalone: int  # Tue 14 May 12:00: a check-in on its own, shared note
    outside: tuple[int, int]  # 1 May and 20 May: not in the range


def fill(journal: Journal, clock: Clock) -> Sample:
    clock.set_local(2024, 5, 1, 9, 0)
    early = start(journal)
    journal.end_session(early, 600, SessionStatus.COMPLETED)
    journal.add_check_in(Mood(1, note="too early to export", share_note=True), moment=Moment.AFTER, session_id=early)

    clock.set_local(2024, 5, 13, 8, 0)
    breathing = start(journal)
    journal.add_check_in(Mood(-1, ("anxious", "tired"), note="shared before note", share_note=True),
                         moment=Moment.BEFORE, session_id=breathing)
    clock.set_local(2024, 5, 13, 8, 15)
    journal.end_session(breathing, 899.6, SessionStatus.COMPLETED)
    journal.add_check_in(Mood(2, ("calm", "a bit lighter"), note="private after note"),
                         moment=Moment.AFTER, session_id=breathing)

    clock.set_local(2024, 5, 14, 12, 0)
    standalone = journal.add_check_in(Mood(0, ("restless",), note="standalone note — für dich", share_note=True),
                                      moment=Moment.STANDALONE)

    clock.set_local(2024, 5, 14, 21, 30)
    body_scan = start(journal, "compassionate-body-scan", "=Body scan", chosen_seconds=1200)
    clock.set_local(2024, 5, 14, 21, 35)
    journal.end_session(body_scan, 300.4, SessionStatus.STOPPED_EARLY)
    journal.add_check_in(Mood(-2, difficult=True), moment=Moment.AFTER, session_id=body_scan)

    walking = journal.log_outside_practice(day=date(2024, 5, 12), minutes=20, what="walking practice",
                                           note="logged note")
    clock.set_local(2024, 5, 20, 9, 0)
    late = start(journal)
    journal.end_session(late, 600, SessionStatus.COMPLETED)
    return Sample(breathing, body_scan, walking, standalone, (early, late))


@pytest.fixture
def sample(journal: Journal, clock: Clock) -> Sample:
    return fill(journal, clock)


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """A folder for exports (tmp_path also holds the test's KINDAUDIO_HOME)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder
