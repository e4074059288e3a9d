"""The practice journal: one SQLite file, opened, migrated, written and queried.

`open_journal` does everything a start needs in order: a private folder and
file, a read-only look at the file first (a damaged file or one from a newer
version is reported and left exactly as it is), the migrations, sessions left
"in progress" by a crash marked interrupted, and the daily backup.

Every method opens a short SQLAlchemy session, so a Journal can be used from any
thread; writes are serialised in-process by a lock and between processes by
SQLite (`BEGIN IMMEDIATE` with a busy timeout).
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from sqlalchemy import (
    URL,
    Connection,
    Engine,
    Select,
    String,
    and_,
    bindparam,
    create_engine,
    delete,
    event,
    func,
    select,
    type_coerce,
    update,
)
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from kindaudio.common.errors import UserInputError
from kindaudio.journal import backup as backups
from kindaudio.journal.days import (
    SystemLocalTime,
    local_day,
    local_midnight,
    local_noon,
    week_start,
)
from kindaudio.journal.errors import DatabaseTooNew, DatabaseUnreadable, JournalError
from kindaudio.journal.models import (
    CheckInRow,
    SessionRow,
    UtcTimestamp,
    from_utc_text,
    utc_text,
)
from kindaudio.journal.records import (
    MAX_NOTE_LENGTH,
    CheckIn,
    Moment,
    Mood,
    MoodPoint,
    PracticeMoodChange,
    ProgressFigures,
    SessionKind,
    SessionQuery,
    SessionRecord,
    SessionStatus,
    Streak,
    WeekMinutes,
)
from kindaudio.journal.schema import (
    HEAD_REVISION,
    create_at_head,
    known_revisions,
    stamped_revisions,
    upgrade,
)
from kindaudio.common.paths import AppPaths, ensure_dir

log = logging.getLogger(__name__)

PRIVATE = 0o600
BUSY_TIMEOUT_SECONDS = 30.0
MAX_LOGGED_MINUTES = 24 * 60
MAX_TITLE_LENGTH = 500
MAX_WEEKS = 520
_CHUNK = 500  # ids per IN (...) list


def open_journal(
    paths: AppPaths,
    *,
    tz: tzinfo | None = None,
    now: Callable[[], datetime] | None = None,
    backup: bool = True,
) -> Journal:
    """Open (creating or migrating as needed) the journal in `paths.data`.

    Raises DatabaseUnreadable for a file SQLite cannot read as a journal and
    DatabaseTooNew for one written by a newer KindAudio; neither is changed.
    """
    path = paths.journal
    ensure_dir(paths.data)
    _create_private_file(path)
    revisions = _look_before_touching(path, paths)
    engine = _make_engine(path)
    try:
        if revisions != {HEAD_REVISION}:
            try:
                with engine.connect() as connection:
                    if revisions:
                        upgrade(connection)
                    else:
                        create_at_head(connection)
                    connection.commit()
            except DBAPIError as exc:
                raise DatabaseUnreadable(path, backups.list_backups(paths), str(exc.orig)) from exc
        journal = Journal(path, engine, paths=paths, tz=tz, now=now)
        journal.mark_unfinished_interrupted()
        _make_side_files_private(path)
    except BaseException:
        engine.dispose()
        raise
    if backup:
        try:
            journal.backup_if_due()
        except (OSError, sqlite3.Error, JournalError) as exc:
            # A missed backup must not keep anyone from their practice; tomorrow tries again.
            log.warning("could not back up the journal: %s", exc)
    return journal


class Journal:
    """An open journal file. Close it (or use `with`) when done."""

    def __init__(
        self,
        path: Path,
        engine: Engine,
        *,
        paths: AppPaths,
        tz: tzinfo | None = None,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        self.path = path
        self.tz: tzinfo = tz if tz is not None else SystemLocalTime()
        self._paths = paths
        self._engine = engine
        self._writer = engine.execution_options(kindaudio_write=True)
        self._now_source = now or (lambda: datetime.now(UTC))
        self._write_lock = threading.RLock()
        self._closed = False

    # -- life ------------------------------------------------------------------------------------

    def close(self) -> None:
        if not self._closed:
            self._closed = True
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
    def _reading(self) -> Iterator[Session]:
        if self._closed:
            raise JournalError("The journal is closed.")
        with Session(self._engine) as session:
            yield session

    @contextlib.contextmanager
    def _writing(self) -> Iterator[Session]:
        if self._closed:
            raise JournalError("The journal is closed.")
        with self._write_lock, Session(self._writer) as session, session.begin():
            yield session

    # -- sessions played in the app --------------------------------------------------------------

    def start_session(
        self, *, practice_id: str, title: str, content_hash: str, chosen_seconds: int, voice: str | None
    ) -> int:
        """Write the session's row as practice begins, so a crash leaves an interrupted session, not nothing."""
        if not practice_id or not practice_id.strip():
            raise UserInputError("A session needs the id of the practice that is playing.")
        _check_whole_seconds(chosen_seconds, "The chosen length")
        moment = self.now()
        row = SessionRow(
            kind=SessionKind.APP.value,
            practice_id=practice_id,
            title=_checked_title(title),
            content_hash=content_hash,
            chosen_seconds=chosen_seconds,
            voice=voice,
            started_at=moment,
            ended_at=None,
            listened_seconds=0.0,
            status=SessionStatus.IN_PROGRESS.value,
            note="",
            updated_at=moment,
        )
        with self._writing() as session:
            session.add(row)
            session.flush()
            session_id = row.id
        log.info("session %d started", session_id)  # by number only: what was practised is journal data
        return session_id

    def save_listened(self, session_id: int, listened_seconds: float) -> None:
        """Save what has been heard so far; the session stays in progress."""
        listened = _checked_seconds(listened_seconds)
        with self._writing() as session:
            row = self._session_row(session, session_id)
            if row.status not in (SessionStatus.IN_PROGRESS, SessionStatus.INTERRUPTED):
                log.debug("session %d already ended; not saving listened time", session_id)
                return
            row.listened_seconds = listened
            row.updated_at = self.now()

    def end_session(self, session_id: int, listened_seconds: float, status: SessionStatus) -> None:
        status = SessionStatus(status)
        if status is SessionStatus.IN_PROGRESS:
            raise UserInputError("A session that ends needs a final status (completed, stopped early or interrupted).")
        listened = _checked_seconds(listened_seconds)
        with self._writing() as session:
            row = self._session_row(session, session_id)
            moment = self.now()
            row.listened_seconds = listened
            row.status = status.value
            row.ended_at = moment
            row.updated_at = moment
        log.info("session %d ended", session_id)

    def mark_unfinished_interrupted(self) -> int:
        """Sessions still "in progress" (from a crash or kill) become interrupted, keeping what was heard."""
        with self._writing() as session:
            result = session.execute(
                update(SessionRow)
                .where(SessionRow.status == SessionStatus.IN_PROGRESS.value)
                .values(status=SessionStatus.INTERRUPTED.value, updated_at=self.now())
            )
            count = int(getattr(result, "rowcount", 0) or 0)
        if count:
            log.info("%d unfinished sessions marked interrupted", count)
        return count

    # -- practice done away from the app ---------------------------------------------------------

    def log_outside_practice(self, *, day: date, minutes: int, what: str, note: str = "") -> int:
        values = self._outside_values(day=day, minutes=minutes, what=what, note=note)
        with self._writing() as session:
            row = SessionRow(
                kind=SessionKind.LOGGED.value,
                practice_id=None,
                content_hash=None,
                voice=None,
                status=SessionStatus.COMPLETED.value,
                updated_at=self.now(),
                **values,
            )
            session.add(row)
            session.flush()
            return row.id

    def update_outside_practice(self, session_id: int, *, day: date, minutes: int, what: str, note: str = "") -> None:
        values = self._outside_values(day=day, minutes=minutes, what=what, note=note)
        with self._writing() as session:
            row = self._session_row(session, session_id)
            if row.kind != SessionKind.LOGGED:
                raise UserInputError("Only practice you logged by hand can be changed this way.")
            for name, value in values.items():
                setattr(row, name, value)
            row.updated_at = self.now()

    def _outside_values(self, *, day: date, minutes: int, what: str, note: str) -> dict[str, Any]:
        if not isinstance(day, date) or isinstance(day, datetime):
            raise UserInputError("The day of the practice must be a calendar date.")
        if day > self.today():
            raise UserInputError(f"{day.day} {day:%B %Y} is still to come; practice can be logged once it has happened.")
        if day.year < 1970:
            raise UserInputError(f"{day.year} is too long ago for the journal; please check the date.")
        if isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= MAX_LOGGED_MINUTES:
            raise UserInputError(f"Minutes must be a whole number from 1 to {MAX_LOGGED_MINUTES}, not {minutes!r}.")
        title = " ".join(str(what).split())
        if not title:
            raise UserInputError("Please say in a few words what you practised (for example, “walking practice”).")
        note = _checked_note(note)
        started = local_noon(day, self.tz)
        return {
            "title": _checked_title(title),
            "note": note,
            "started_at": started,
            "ended_at": started + timedelta(minutes=minutes),
            "chosen_seconds": minutes * 60,
            "listened_seconds": float(minutes * 60),
        }

    # -- reading and removing sessions -----------------------------------------------------------

    def delete_session(self, session_id: int) -> None:
        """Delete a session; its check-ins go with it (ON DELETE CASCADE)."""
        self._delete(SessionRow, session_id, "session")

    def session(self, session_id: int) -> SessionRecord:
        with self._reading() as session:
            row = self._session_row(session, session_id)
            check_ins = self._check_ins_of(session, [row.id])
            return _session_record(row, check_ins)

    def sessions(self, query: SessionQuery = SessionQuery()) -> list[SessionRecord]:
        """Sessions matching `query` (local dates, inclusive), with their before/after check-ins."""
        statement = select(SessionRow)
        if query.practice_id is not None:
            statement = statement.where(SessionRow.practice_id == query.practice_id)
        low, high = self._utc_range(query.since, query.until)
        if low is not None:
            statement = statement.where(SessionRow.started_at >= low)
        if high is not None:
            statement = statement.where(SessionRow.started_at < high)
        if query.newest_first:
            statement = statement.order_by(SessionRow.started_at.desc(), SessionRow.id.desc())
        else:
            statement = statement.order_by(SessionRow.started_at, SessionRow.id)
        if query.limit is not None:
            if isinstance(query.limit, bool) or not isinstance(query.limit, int) or query.limit < 0:
                raise UserInputError(f"The number of sessions to show must be 0 or more, not {query.limit!r}.")
            statement = statement.limit(query.limit)
        with self._reading() as session:
            rows = list(session.scalars(statement))
            check_ins = self._check_ins_of(session, [row.id for row in rows])
            return [_session_record(row, check_ins) for row in rows]

    def practices_seen(self) -> list[tuple[str, str]]:
        """(practice id, its latest title) for every practice in the journal, by title."""
        statement = (
            select(SessionRow.practice_id, SessionRow.title, func.max(SessionRow.started_at))
            .where(SessionRow.practice_id.is_not(None))
            .group_by(SessionRow.practice_id)
        )
        with self._reading() as session:
            # SQLite takes the bare `title` from the row holding the max(started_at).
            seen = [(str(practice), str(title)) for practice, title, _ in session.execute(statement)]
        return sorted(seen, key=lambda item: (item[1].casefold(), item[0]))

    def last_practised(self) -> dict[str, datetime]:
        """practice id -> when it was last started (aware UTC)."""
        latest = func.max(type_coerce(SessionRow.started_at, String()))
        statement = (
            select(SessionRow.practice_id, latest)
            .where(SessionRow.practice_id.is_not(None))
            .group_by(SessionRow.practice_id)
        )
        with self._reading() as session:
            return {str(practice): from_utc_text(str(at)) for practice, at in session.execute(statement)}

    # -- check-ins -------------------------------------------------------------------------------

    def add_check_in(
        self, mood: Mood, *, moment: Moment, session_id: int | None = None, at: datetime | None = None
    ) -> int:
        moment = Moment(moment)
        if not isinstance(mood, Mood):
            raise UserInputError("A check-in needs a mood.")
        if moment is Moment.STANDALONE and session_id is not None:
            raise UserInputError("A check-in on its own does not belong to a session.")
        if moment is not Moment.STANDALONE and session_id is None:
            raise UserInputError(f"A check-in {moment.value} practice needs the session it belongs to.")
        if at is not None and (at.tzinfo is None or at.utcoffset() is None):
            raise UserInputError("The time of a check-in must include its time zone.")
        with self._writing() as session:
            if session_id is not None:
                self._session_row(session, session_id)
                taken = session.scalar(
                    select(CheckInRow.id).where(CheckInRow.session_id == session_id, CheckInRow.moment == moment.value)
                )
                if taken is not None:
                    raise UserInputError(
                        f"This session already has a check-in {moment.value} practice; change that one instead."
                    )
            row = CheckInRow(
                session_id=session_id,
                moment=moment.value,
                at=at or self.now(),
                updated_at=self.now(),
                **_mood_values(mood),
            )
            session.add(row)
            session.flush()
            return row.id

    def update_check_in(self, check_in_id: int, mood: Mood) -> None:
        if not isinstance(mood, Mood):
            raise UserInputError("A check-in needs a mood.")
        with self._writing() as session:
            row = self._check_in_row(session, check_in_id)
            for name, value in _mood_values(mood).items():
                setattr(row, name, value)
            row.updated_at = self.now()

    def delete_check_in(self, check_in_id: int) -> None:
        self._delete(CheckInRow, check_in_id, "check-in")

    def _delete(self, table: type[SessionRow] | type[CheckInRow], row_id: int, what: str) -> None:
        with self._writing() as session:
            result = session.execute(delete(table).where(table.id == row_id))
            if not getattr(result, "rowcount", 0):
                raise JournalError(f"There is no {what} {row_id} in the journal.")

    def check_in(self, check_in_id: int) -> CheckIn:
        with self._reading() as session:
            return _check_in_record(self._check_in_row(session, check_in_id))

    def check_ins(
        self, *, since: date | None = None, until: date | None = None, standalone_only: bool = False
    ) -> list[CheckIn]:
        """Check-ins taken between two local dates (inclusive), oldest first."""
        statement = select(CheckInRow)
        low, high = self._utc_range(since, until)
        if low is not None:
            statement = statement.where(CheckInRow.at >= low)
        if high is not None:
            statement = statement.where(CheckInRow.at < high)
        if standalone_only:
            statement = statement.where(CheckInRow.session_id.is_(None))
        statement = statement.order_by(CheckInRow.at, CheckInRow.id)
        with self._reading() as session:
            return [_check_in_record(row) for row in session.scalars(statement)]

    # -- progress --------------------------------------------------------------------------------

    def progress(self, *, weeks: int = 12, today: date | None = None, streak: bool = False) -> ProgressFigures:
        """The Progress page's figures: a few range queries on indexes, bucketed into local days here."""
        if isinstance(weeks, bool) or not isinstance(weeks, int) or not 1 <= weeks <= MAX_WEEKS:
            raise UserInputError(f"Weeks must be a whole number from 1 to {MAX_WEEKS}, not {weeks!r}.")
        today = today or self.today()
        this_week = week_start(today)
        first_week = this_week - timedelta(weeks=weeks - 1)
        month_start = today.replace(day=1)
        first_day = min(first_week, month_start, today - timedelta(days=29))
        day_count = (today - first_day).days + 1
        # UTC text of every local midnight from first_day to the day after today: the edges of the local days.
        bounds_at = [local_midnight(first_day + timedelta(days=n), self.tz) for n in range(day_count + 1)]
        bounds = [utc_text(moment) for moment in bounds_at]
        days = [first_day + timedelta(days=n) for n in range(day_count)]
        week_index = (first_week - first_day).days
        seconds = [0.0] * day_count
        mood: list[MoodPoint] = []
        changes: dict[str | None, list[Any]] = {}
        with self._reading() as session:
            rows = session.connection().execute(_PROGRESS_ROWS, {"low": bounds_at[0], "high": bounds_at[-1]}).all()
            streak_days = self._practice_days(session) if streak else None
        index, next_day = 0, bounds[1]
        for at, listened, session_id, title, practice_id, before, after in rows:
            while at >= next_day:  # rows come in time order: walk the days along with them
                index += 1
                next_day = bounds[index + 1]
            if listened > 0:
                seconds[index] += listened
            if index >= week_index and (before is not None or after is not None):
                mood.append(MoodPoint(session_id, days[index], title, before, after))
                if before is not None and after is not None:
                    change = changes.setdefault(practice_id, [title, 0, 0])
                    change[0] = title  # rows come oldest first: the latest title wins
                    change[1] += 1
                    change[2] += after - before
        minutes = [value / 60.0 for value in seconds]

        def from_day(start: date) -> list[float]:
            return minutes[(start - first_day).days:]

        per_week = tuple(
            WeekMinutes(first_week + timedelta(weeks=n), sum(minutes[week_index + 7 * n: week_index + 7 * n + 7]))
            for n in range(weeks)
        )
        last_7, last_30, month = from_day(today - timedelta(days=6)), from_day(today - timedelta(days=29)), from_day(
            month_start)
        mood_change = tuple(sorted(
            (PracticeMoodChange(practice_id, title, count, total / count)
             for practice_id, (title, count, total) in changes.items()),
            key=lambda change: (change.title.casefold(), change.practice_id or ""),
        ))
        days_this_month = sum(1 for value in month if value > 0)
        return ProgressFigures(
            today=today,
            days_last_7=sum(1 for value in last_7 if value > 0),
            days_last_30=sum(1 for value in last_30 if value > 0),
            minutes_last_7=sum(last_7),
            days_this_month=days_this_month,
            minutes_this_month=sum(month),
            minutes_per_week=per_week,
            mood=tuple(mood),
            mood_change=mood_change,
            streak=None if streak_days is None else _streak(streak_days, today, days_this_month),
        )

    def _practice_days(self, session: Session) -> list[date]:
        """Every local day with practice, in order (one pass over the index; streaks are off by default).

        Rows come in time order, so a start before the current day's end is the same day:
        a string comparison per session, a time-zone conversion only per new day.
        """
        days: list[date] = []
        day_end = ""
        for at in session.connection().execute(_PRACTICE_STARTS).scalars().all():
            if at < day_end:
                continue
            day = local_day(from_utc_text(at), self.tz)
            days.append(day)
            day_end = utc_text(local_midnight(day + timedelta(days=1), self.tz))
        return days

    # -- backups ---------------------------------------------------------------------------------

    def backup_now(self) -> backups.Backup:
        with self._write_lock:
            return backups.take_backup(self._paths, self.now())

    def backup_if_due(self) -> backups.Backup | None:
        """Take today's backup unless there is one already (at most one a local day; the newest 7 kept)."""
        with self._write_lock:
            if not backups.backup_is_due(self._paths, self.now(), self.tz):
                return None
            return backups.take_backup(self._paths, self.now())

    # -- helpers ---------------------------------------------------------------------------------

    def _utc_range(self, since: date | None, until: date | None) -> tuple[datetime | None, datetime | None]:
        if since is not None and until is not None and since > until:
            raise UserInputError(f"The start date ({since}) is after the end date ({until}).")
        low = None if since is None else local_midnight(since, self.tz)
        high = None if until is None else local_midnight(until + timedelta(days=1), self.tz)
        return low, high

    @staticmethod
    def _session_row(session: Session, session_id: int) -> SessionRow:
        row = session.get(SessionRow, session_id)
        if row is None:
            raise JournalError(f"There is no session {session_id} in the journal.")
        return row

    @staticmethod
    def _check_in_row(session: Session, check_in_id: int) -> CheckInRow:
        row = session.get(CheckInRow, check_in_id)
        if row is None:
            raise JournalError(f"There is no check-in {check_in_id} in the journal.")
        return row

    @staticmethod
    def _check_ins_of(session: Session, session_ids: Sequence[int]) -> dict[tuple[int, str], CheckIn]:
        found: dict[tuple[int, str], CheckIn] = {}
        for start in range(0, len(session_ids), _CHUNK):
            chunk = session_ids[start:start + _CHUNK]
            for row in session.scalars(select(CheckInRow).where(CheckInRow.session_id.in_(chunk))):
                assert row.session_id is not None
                found[(row.session_id, row.moment)] = _check_in_record(row)
        return found


def _progress_rows() -> Select[Any]:
    """Every session started in [low, high) with its before and after valence, oldest first.

    One pass over the started_at index; the check-ins come from their (session_id, moment)
    index. Built once: SQLAlchemy then reuses the compiled SQL on every call.
    """
    sessions, check_ins = SessionRow.__table__, CheckInRow.__table__
    before, after = check_ins.alias("before"), check_ins.alias("after")
    started = sessions.c.started_at
    return (
        select(type_coerce(started, String()), sessions.c.listened_seconds, sessions.c.id, sessions.c.title,
               sessions.c.practice_id, before.c.valence, after.c.valence)
        .select_from(
            sessions.outerjoin(before, and_(before.c.session_id == sessions.c.id,
                                            before.c.moment == Moment.BEFORE.value))
            .outerjoin(after, and_(after.c.session_id == sessions.c.id, after.c.moment == Moment.AFTER.value))
        )
        .where(started >= bindparam("low", type_=UtcTimestamp()), started < bindparam("high", type_=UtcTimestamp()))
        .order_by(started)
    )


_PROGRESS_ROWS = _progress_rows()
_PRACTICE_STARTS = (
    select(type_coerce(SessionRow.__table__.c.started_at, String()))
    .where(SessionRow.__table__.c.listened_seconds > 0)
    .order_by(SessionRow.__table__.c.started_at)
)


# -- opening -------------------------------------------------------------------------------------


def _create_private_file(path: Path) -> None:
    """Create the file 0600 ourselves, whatever the umask, before SQLite or SQLAlchemy touch it."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE)
    except FileExistsError:
        return
    os.close(descriptor)
    os.chmod(path, PRIVATE)


def _look_before_touching(path: Path, paths: AppPaths) -> set[str]:
    """Check the file with plain sqlite3 and reads only: no pragma that writes, no migration yet."""
    try:
        with contextlib.closing(sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS)) as connection:
            verdict = [row[0] for row in connection.execute("PRAGMA quick_check")]
            tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            revisions = stamped_revisions(connection)
    except sqlite3.DatabaseError as exc:
        raise DatabaseUnreadable(path, backups.list_backups(paths), str(exc)) from exc
    if verdict != ["ok"]:
        raise DatabaseUnreadable(path, backups.list_backups(paths), "; ".join(map(str, verdict[:5])))
    if tables and not revisions:
        raise DatabaseUnreadable(path, backups.list_backups(paths), "not a KindAudio journal")
    if revisions and revisions != {HEAD_REVISION} and not revisions <= known_revisions():
        raise DatabaseTooNew(path, ", ".join(sorted(revisions)))
    return revisions


def _make_engine(path: Path) -> Engine:
    # hide_parameters: an error's message (and so a logged traceback) shows the SQL, never the values in it.
    engine = create_engine(URL.create("sqlite", database=str(path)), connect_args={"timeout": BUSY_TIMEOUT_SECONDS},
                           hide_parameters=True)
    event.listen(engine, "connect", _configure_connection)
    event.listen(engine, "begin", _begin)
    return engine


def _configure_connection(dbapi_connection: Any, connection_record: Any) -> None:
    # SQLAlchemy opens transactions itself (see _begin), so the driver must not.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_SECONDS * 1000)}")
        # Up to 16 MB of pages in memory (taken only as needed): a large journal's
        # indexes stay cached between queries instead of being read again.
        cursor.execute("PRAGMA cache_size=-16384")
    finally:
        cursor.close()


def _begin(connection: Connection) -> None:
    # A writer takes the write lock up front, so two processes queue instead of failing half-way.
    immediate = connection.get_execution_options().get("kindaudio_write", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _make_side_files_private(path: Path) -> None:
    for suffix in ("-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            os.chmod(path.with_name(path.name + suffix), PRIVATE)


# -- checking arguments --------------------------------------------------------------------------


def _check_whole_seconds(value: object, what: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise UserInputError(f"{what} must be a whole number of seconds, 0 or more, not {value!r}.")


def _checked_seconds(value: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
        raise UserInputError(f"The time listened must be a number of seconds, 0 or more, not {value!r}.")
    return float(value)


def _checked_title(title: str) -> str:
    title = " ".join(str(title).split())
    if not title:
        raise UserInputError("A session needs a title.")
    if len(title) > MAX_TITLE_LENGTH:
        raise UserInputError(f"The title is longer than {MAX_TITLE_LENGTH} characters; please shorten it.")
    return title


def _checked_note(note: str) -> str:
    if not isinstance(note, str):
        raise UserInputError("The note must be text.")
    if len(note) > MAX_NOTE_LENGTH:
        raise UserInputError(f"The note is longer than {MAX_NOTE_LENGTH:,} characters; please shorten it.")
    return note


# -- rows to records -----------------------------------------------------------------------------


def _mood_values(mood: Mood) -> dict[str, Any]:
    return {
        "valence": mood.valence,
        "feelings": list(mood.feelings),
        "difficult": mood.difficult,
        "note": mood.note,
        "share_note": mood.share_note,
    }


def _check_in_record(row: CheckInRow) -> CheckIn:
    return CheckIn(
        id=row.id,
        session_id=row.session_id,
        moment=Moment(row.moment),
        at=row.at,
        mood=Mood(
            valence=row.valence,
            feelings=tuple(row.feelings or ()),
            difficult=bool(row.difficult),
            note=row.note or "",
            share_note=bool(row.share_note),
        ),
    )


def _session_record(row: SessionRow, check_ins: dict[tuple[int, str], CheckIn]) -> SessionRecord:
    return SessionRecord(
        id=row.id,
        kind=SessionKind(row.kind),
        practice_id=row.practice_id,
        title=row.title,
        content_hash=row.content_hash,
        chosen_seconds=row.chosen_seconds,
        voice=row.voice,
        started_at=row.started_at,
        ended_at=row.ended_at,
        listened_seconds=row.listened_seconds,
        status=SessionStatus(row.status),
        before=check_ins.get((row.id, Moment.BEFORE.value)),
        after=check_ins.get((row.id, Moment.AFTER.value)),
        note=row.note or "",
    )


def _streak(days: list[date], today: date, days_this_month: int) -> Streak:
    best = run = 0
    previous: date | None = None
    for day in days:
        run = run + 1 if previous is not None and day - previous == timedelta(days=1) else 1
        best = max(best, run)
        previous = day
    current = 0
    if days and days[-1] >= today - timedelta(days=1):
        # Count back from the newest day on or before today.
        usable = [day for day in days if day <= today]
        if usable and usable[-1] >= today - timedelta(days=1):
            current = 1
            for earlier, later in zip(reversed(usable[:-1]), reversed(usable)):
                if later - earlier != timedelta(days=1):
                    break
                current += 1
    return Streak(current=current, best=best, days_this_month=days_this_month)
