"""A journal to read back: sessions, a practice logged by hand and check-ins, in May 2024 in New York."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from kindaudio.common.paths import AppPaths
from kindaudio.journal.records import Moment, Mood, SessionStatus
from kindaudio.journal.store import open_journal

NEW_YORK = "America/New_York"  # fill()'s days are New York's; commands reading them run in its time (TZ)


def fill(paths: AppPaths) -> None:
    """A session with both check-ins, practice logged by hand and a check-in on its own: May 2024, New York."""
    clock = [datetime(2024, 5, 13, 12, 0, tzinfo=UTC)]
    with open_journal(paths, tz=ZoneInfo(NEW_YORK), now=lambda: clock[0], backup=False) as journal:
        session = journal.start_session(practice_id="affectionate-breathing", title="Affectionate Breathing",
                                        content_hash="h", chosen_seconds=900, voice=None)
        journal.add_check_in(Mood(-1, ("tired",), note="shared note", share_note=True), moment=Moment.BEFORE,
                             session_id=session)
        clock[0] = datetime(2024, 5, 13, 12, 15, tzinfo=UTC)
        journal.end_session(session, 900.0, SessionStatus.COMPLETED)
        journal.add_check_in(Mood(2, ("calm",), note="private note"), moment=Moment.AFTER, session_id=session)
        clock[0] = datetime(2024, 5, 20, 12, 0, tzinfo=UTC)
        journal.log_outside_practice(day=date(2024, 5, 15), minutes=20, what="walking practice")
        journal.add_check_in(Mood(0, note="on its own"), moment=Moment.STANDALONE,
                             at=datetime(2024, 5, 16, 1, 0, tzinfo=UTC))
