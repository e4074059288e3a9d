"""A quick, read-only look into the journal from outside the app: was there practice on a day?

For the background part that waits for a reminder ("not on a day I already
practised"). Opening the journal properly (store.open_journal) runs migrations,
marks sessions in progress as interrupted and takes the day's backup: right for
the app, wrong for a small process that only wants one answer while the window
may be in the middle of a practice. So this opens the file read-only with the
standard library's sqlite3 (no SQLAlchemy: the waiting process stays small),
asks one question, and answers None when the file is missing or cannot be read,
so the caller can decide what an unknown means. A day counts as practised when
a session started on it had some listening, as the progress figures count it.
"""

from __future__ import annotations

import logging
import sqlite3
from datetime import date, timedelta, tzinfo
from pathlib import Path

from kindaudio.journal.days import local_midnight

log = logging.getLogger(__name__)

TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"  # as models.UTC_TEXT_FORMAT stores them (a test checks)
PRACTISED_QUERY = "SELECT 1 FROM sessions WHERE started_at >= ? AND started_at < ? AND listened_seconds > 0 LIMIT 1"


def practised_on(journal: Path, day: date, tz: tzinfo) -> bool | None:
    """Whether the journal at `journal` has practice on the local `day`; None when it cannot tell."""
    if not journal.is_file():
        return False if not journal.exists() else None
    low = local_midnight(day, tz).strftime(TIMESTAMP_FORMAT)
    high = local_midnight(day + timedelta(days=1), tz).strftime(TIMESTAMP_FORMAT)
    try:
        connection = sqlite3.connect(f"{journal.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
    except sqlite3.Error as exc:
        log.debug("the journal could not be opened to look: %s", exc)
        return None
    try:
        return connection.execute(PRACTISED_QUERY, (low, high)).fetchone() is not None
    except sqlite3.Error as exc:
        log.debug("the journal could not be read: %s", exc)
        return None
    finally:
        connection.close()
