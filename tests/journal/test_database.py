"""Writers queue and lose nothing: threads share one write lock, processes take SQLite's write lock up front."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

from kindaudio.common.paths import AppPaths
from kindaudio.journal.records import Moment, Mood
from kindaudio.journal.store import Journal, open_journal
from tests.journal.conftest import start

REPO = Path(__file__).resolve().parents[2]


def test_threads_writing_at_once_lose_nothing(journal: Journal) -> None:
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            for _ in range(20):
                session_id = start(journal, practice_id=f"p{n}")
                journal.save_listened(session_id, 10)
                journal.add_check_in(Mood(n % 7 - 3), moment=Moment.AFTER, session_id=session_id)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(journal.sessions()) == 80 and len(journal.check_ins()) == 80


WRITER = """
import sys
from kindaudio.journal.store import open_journal
from kindaudio.journal.records import Mood, Moment, SessionStatus
from kindaudio.common.paths import AppPaths
name, count = sys.argv[1], int(sys.argv[2])
print("ready", flush=True)
sys.stdin.readline()
with open_journal(AppPaths.from_environment(), backup=False) as journal:
    for n in range(count):
        session_id = journal.start_session(practice_id=name, title=name, content_hash="h", chosen_seconds=60, voice=None)
        journal.add_check_in(Mood(1), moment=Moment.BEFORE, session_id=session_id)
        journal.end_session(session_id, 60, SessionStatus.COMPLETED)
print("done", flush=True)
"""


def test_two_processes_writing_at_once_corrupt_nothing(paths: AppPaths, home: Path) -> None:
    with open_journal(paths, backup=False):
        pass  # created and migrated once, so both writers start from the same file
    env = {**os.environ, "KINDAUDIO_HOME": str(home), "PYTHONPATH": str(REPO)}
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, name, "60"], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, text=True, env=env) for name in ("first", "second")]
    try:
        for writer in writers:
            assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
        for writer in writers:  # released together, so their writes interleave
            assert writer.stdin is not None
            writer.stdin.write("go\n")
            writer.stdin.flush()
        outputs = [writer.communicate(timeout=120)[0] for writer in writers]
    finally:
        for writer in writers:
            if writer.poll() is None:
                writer.kill()
                writer.wait()
    assert [writer.returncode for writer in writers] == [0, 0] and all("done" in out for out in outputs)
    with sqlite3.connect(paths.journal) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        counts = dict(raw.execute("SELECT practice_id, count(*) FROM sessions WHERE status = 'completed' "
                                  "GROUP BY practice_id").fetchall())
        assert raw.execute("SELECT count(*) FROM check_ins").fetchone()[0] == 120
    raw.close()
    assert counts == {"first": 60, "second": 60}
