"""The schema's history: every earlier revision upgrades to head with its data, a newer file is left alone."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from kindaudio.common.paths import AppPaths, ensure_dir
from kindaudio.journal.entry_records import Answer, EntryDraft
from kindaudio.journal.errors import DatabaseTooNew
from kindaudio.journal.models import SEARCH_TABLE_PREFIX, Base
from kindaudio.journal.opening import create_private_file, make_engine
from kindaudio.journal.records import Moment, Mood, SessionKind, SessionStatus
from kindaudio.journal.schema import HEAD_REVISION, script_directory, upgrade
from kindaudio.journal.store import open_journal
from tests.journal.conftest import ZONE

REVISIONS = [script.revision for script in script_directory().walk_revisions()]


def insert_at_0001(raw: sqlite3.Connection) -> None:
    """Rows as revision 0001 stores them: an app session with both check-ins, a logged one, one on its own."""
    raw.execute(
        "INSERT INTO sessions (id, kind, practice_id, title, content_hash, chosen_seconds, voice, started_at, ended_at,"
        " listened_seconds, status, note, updated_at) VALUES"
        " (1, 'app', 'body-scan', 'Body Scan', 'abc', 1200, 'gmw/en-us', '2024-05-01T13:00:00.000000Z',"
        "  '2024-05-01T13:20:00.000000Z', 1187.5, 'completed', '', '2024-05-01T13:20:00.000000Z'),"
        " (2, 'logged', NULL, 'walking practice', NULL, 900, NULL, '2024-05-02T16:00:00.000000Z',"
        "  '2024-05-02T16:15:00.000000Z', 900.0, 'completed', 'by the sea', '2024-05-02T18:00:00.000000Z'),"
        " (3, 'app', 'body-scan', 'Body Scan', 'abc', 1200, NULL, '2024-05-03T13:00:00.000000Z', NULL,"
        "  45.0, 'in_progress', '', '2024-05-03T13:01:00.000000Z')"
    )
    raw.execute(
        "INSERT INTO check_ins (id, session_id, moment, at, valence, feelings, difficult, note, share_note, updated_at)"
        " VALUES (1, 1, 'before', '2024-05-01T12:59:00.000000Z', -2, '[\"anxious\", \"tired\"]', 1, 'rough day', 0,"
        "  '2024-05-01T12:59:00.000000Z'),"
        " (2, 1, 'after', '2024-05-01T13:21:00.000000Z', 1, '[\"calm\"]', 0, 'a little lighter', 1,"
        "  '2024-05-01T13:21:00.000000Z'),"
        " (3, NULL, 'standalone', '2024-05-04T02:00:00.000000Z', 0, '[]', 0, '', 0, '2024-05-04T02:00:00.000000Z')"
    )


def insert_at_0002(raw: sqlite3.Connection) -> None:
    """0001's rows, and a written entry linked to the first session (the search index follows by trigger)."""
    insert_at_0001(raw)
    raw.execute(
        "INSERT INTO entries (id, kind, kind_title, answers, body, day, session_id, check_in_id, valence_before,"
        " valence_after, shared, created_at, updated_at) VALUES (1, 'three-parts', 'Three parts',"
        " '[{\"key\": \"moment\", \"label\": \"The moment\", \"text\": \"a heron by the canal\"}]',"
        " 'a heron by the canal', '2024-05-01', 1, NULL, -1, 1, 1, '2024-05-01T14:00:00.000000Z',"
        " '2024-05-01T14:05:00.000000Z')"
    )


# Every revision needs rows in the shape it stores, so the test below covers it (a new revision adds one here).
REPRESENTATIVE_ROWS: dict[str, Callable[[sqlite3.Connection], None]] = {
    "0001": insert_at_0001,
    "0002": insert_at_0002,
}


def journal_at(paths: AppPaths, revision: str) -> Path:
    ensure_dir(paths.data)
    create_private_file(paths.journal)
    engine = make_engine(paths.journal)
    try:
        with engine.connect() as connection:
            upgrade(connection, revision)
            connection.commit()
    finally:
        engine.dispose()
    return paths.journal


def test_the_head_in_code_is_the_newest_migration_and_history_is_one_line() -> None:
    directory = script_directory()
    assert directory.get_heads() == [HEAD_REVISION]
    assert REVISIONS[-1] == "0001" and REVISIONS[0] == HEAD_REVISION
    assert REVISIONS == ["0002", "0001"]


def test_every_revision_has_representative_rows_for_the_upgrade_test() -> None:
    assert set(REPRESENTATIVE_ROWS) == set(REVISIONS)


def test_the_models_describe_exactly_the_migrated_schema(paths: AppPaths) -> None:
    journal_at(paths, "head")
    engine = make_engine(paths.journal)
    try:
        with engine.connect() as connection:
            # The full-text index is a virtual table with shadow tables: made by DDL, not described by a class.
            context = MigrationContext.configure(connection, opts={"include_name": lambda name, kind, _parent: not (
                kind == "table" and str(name).startswith(SEARCH_TABLE_PREFIX))})
            differences = compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()
    assert differences == []


@pytest.mark.parametrize("revision", REVISIONS)
def test_a_journal_at_every_revision_upgrades_to_head_keeping_its_data(paths: AppPaths, revision: str) -> None:
    journal_at(paths, revision)
    with sqlite3.connect(paths.journal) as raw:
        REPRESENTATIVE_ROWS[revision](raw)
    raw.close()
    with open_journal(paths, tz=ZONE, now=lambda: datetime(2024, 5, 5, 12, tzinfo=UTC),
                      backup=False) as journal:
        played, logged, unfinished = (journal.session(n) for n in (1, 2, 3))
        assert (played.kind, played.practice_id, played.listened_seconds, played.status) == (
            SessionKind.APP, "body-scan", 1187.5, SessionStatus.COMPLETED)
        assert played.started_at == datetime(2024, 5, 1, 13, tzinfo=UTC)
        assert played.before is not None and played.before.mood == Mood(-2, ("anxious", "tired"), difficult=True,
                                                                         note="rough day")
        assert played.after is not None and played.after.mood == Mood(1, ("calm",), note="a little lighter",
                                                                      share_note=True)
        assert (logged.kind, logged.note, logged.listened_seconds) == (SessionKind.LOGGED, "by the sea", 900.0)
        assert (unfinished.status, unfinished.listened_seconds) == (SessionStatus.INTERRUPTED, 45.0)
        [alone] = journal.check_ins(standalone_only=True)
        assert (alone.moment, alone.at.astimezone(ZONE).date()) == (Moment.STANDALONE, date(2024, 5, 3))
        assert journal.progress(today=date(2024, 5, 5), weeks=1).minutes_per_week[0].minutes == pytest.approx(
            (1187.5 + 900 + 45) / 60)
        if revision >= "0002":
            [kept] = journal.entries(search="heron")
            assert (kept.session_id, kept.session_title, kept.shared, kept.body) == (
                1, "Body Scan", True, "a heron by the canal")
        # Whatever the revision it came from, the upgraded file takes new entries, linked and searchable.
        new = journal.add_entry(EntryDraft("free", "Free page", (Answer("page", "Your page", "a quiet kingfisher"),),
                                           session_id=1))
        assert [entry.id for entry in journal.entries(search="kingfisher")] == [new]
    with sqlite3.connect(paths.journal) as raw:
        assert raw.execute("SELECT version_num FROM alembic_version").fetchall() == [(HEAD_REVISION,)]
    raw.close()


def test_a_journal_from_a_newer_version_is_refused_and_not_touched(paths: AppPaths) -> None:
    with open_journal(paths, backup=False):
        pass
    with sqlite3.connect(paths.journal) as raw:
        raw.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    raw.close()
    before_bytes, before_mtime = paths.journal.read_bytes(), paths.journal.stat().st_mtime_ns
    with pytest.raises(DatabaseTooNew) as caught:
        open_journal(paths)
    assert str(paths.journal) in str(caught.value) and "update KindAudio" in str(caught.value)
    assert caught.value.path == paths.journal
    assert paths.journal.read_bytes() == before_bytes
    assert paths.journal.stat().st_mtime_ns == before_mtime
    assert not paths.backups.exists()


def _schema(path: Path) -> list[tuple[str, str, str]]:
    with sqlite3.connect(path) as raw:
        rows = raw.execute("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' "
                           "ORDER BY type, name").fetchall()
        stamped = raw.execute("SELECT version_num FROM alembic_version").fetchall()
    raw.close()
    return [*rows, ("stamp", "alembic_version", str(stamped))]


def test_a_new_journal_made_from_the_models_is_the_schema_the_migrations_make(paths: AppPaths,
                                                                               tmp_path: Path) -> None:
    with open_journal(paths, backup=False):
        pass
    migrated = AppPaths(data=tmp_path / "migrated", cache=tmp_path / "cache", config=tmp_path / "config")
    journal_at(migrated, "head")
    def tidy(rows: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:  # layout of the DDL aside
        return [(kind, name, re.sub(r"\s*([(),])\s*", r"\1", " ".join((sql or "").split()))) for kind, name, sql in rows]

    assert tidy(_schema(paths.journal)) == tidy(_schema(migrated.journal))


@pytest.mark.parametrize("first_start", [True, False], ids=["a new journal", "a journal at head"])
def test_an_ordinary_start_does_not_load_alembic(paths: AppPaths, home: Path, first_start: bool) -> None:
    import subprocess
    import sys

    if not first_start:
        with open_journal(paths, backup=False):
            pass
    code = ("import sys\nfrom kindaudio.journal.store import open_journal\nfrom kindaudio.common.paths import AppPaths\n"
            "open_journal(AppPaths.from_environment(), backup=False).close()\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            cwd=Path(__file__).resolve().parents[2])
    assert result.stdout.strip() == "[]"
