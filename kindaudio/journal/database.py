"""The open journal file as every part of the Journal uses it: short sessions, one write lock, a clock, a zone.

Each read or write opens its own short SQLAlchemy session, so a Journal can be
used from any thread; writes are serialised in-process by a lock and between
processes by SQLite (`BEGIN IMMEDIATE` with a busy timeout, see
`kindaudio.journal.opening`). The clock and the time zone are given when the
journal is opened, so tests control what "now" and "a day" mean.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from types import TracebackType
from typing import Self

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from kindaudio.common.errors import UserInputError
from kindaudio.common.paths import AppPaths
from kindaudio.journal.days import SystemLocalTime, local_day, local_midnight
from kindaudio.journal.errors import JournalError
from kindaudio.journal.live import LiveSessions
from kindaudio.journal.opening import WRITE_OPTION, write_failure

log = logging.getLogger(__name__)


class Database:
    """An open journal file. Close it (or use `with`) when done."""

    def __init__(
        self,
        path: Path,
        engine: Engine,
        *,
        paths: AppPaths,
        tz: tzinfo | None = None,
        now: Callable[[], datetime] | None = None,
        read_only: bool = False,
    ) -> None:
        self.path = path
        self.read_only = read_only  # opened only to look (kindaudio.journal.store.open_journal says when)
        self.tz: tzinfo = tz if tz is not None else SystemLocalTime()
        self._paths = paths
        self._engine = engine
        self._writer = engine.execution_options(**{WRITE_OPTION: True})
        self._now_source = now or (lambda: datetime.now(UTC))
        self._write_lock = threading.RLock()
        self._closed = False
        self._live = LiveSessions(paths.data)  # the sessions this process is playing (live.py says why)

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._live.release_all()
            self._engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def now(self) -> datetime:
        """The current time, aware UTC (from the clock given to open_journal)."""
        moment = self._now_source()
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise ValueError("the journal's clock must give timezone-aware datetimes")
        return moment.astimezone(UTC)

    def today(self) -> date:
        return local_day(self.now(), self.tz)

    @contextlib.contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reads; nothing it does is committed."""
        if self._closed:
            raise JournalError("The journal is closed.")
        with Session(self._engine) as session:
            yield session

    @contextlib.contextmanager
    def writing(self) -> Iterator[Session]:
        """A session in one transaction, committed on leaving, holding the write lock throughout.

        A full disk or a read-only file is raised as a plain error (DiskFull, JournalReadOnly); the
        transaction is rolled back, so what was saved before stays as it was.
        """
        if self._closed:
            raise JournalError("The journal is closed.")
        if self.read_only:
            raise JournalError("The journal was opened only for reading.")
        try:
            with self._write_lock, Session(self._writer) as session, session.begin():
                yield session
        except DBAPIError as exc:
            said = write_failure(exc, self.path)
            if said is None:
                raise
            log.warning("the journal could not be written: %s", type(said).__name__)
            raise said from exc

    def utc_range(self, since: date | None, until: date | None) -> tuple[datetime | None, datetime | None]:
        """Local dates [since, until] (inclusive) as the UTC moments [low, high) the rows are stored in."""
        if since is not None and until is not None and since > until:
            raise UserInputError(f"The start date ({since}) is after the end date ({until}).")
        low = None if since is None else local_midnight(since, self.tz)
        high = None if until is None else local_midnight(until + timedelta(days=1), self.tz)
        return low, high
