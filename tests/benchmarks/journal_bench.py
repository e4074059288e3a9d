"""The journal's Progress figures at 1,000 and at 10,000 sessions (issue 5).

Each journal holds sessions spread over about three years up to today and twice
as many check-ins (one before and one after each session). `progress(weeks=12)`
is timed (median of several runs after one warm-up) in both; with indexed range
queries the 10k figure should stay within 3x of the 1k one. The query plans
show each date range answered from an index ("SEARCH ... USING ... INDEX"), not
a scan of the table.
"""

from __future__ import annotations

import contextlib
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from kindaudio.common.paths import AppPaths
from kindaudio.journal.models import utc_text
from kindaudio.journal.store import Journal, open_journal

RUNS = max(int(os.environ.get("KINDAUDIO_BENCH_RUNS", "5")) * 3, 9)
SIZES = (1_000, 10_000)
DAYS = 3 * 365
PRACTICES = [("affectionate-breathing", "Affectionate Breathing"), ("compassionate-body-scan", "Compassionate Body Scan"),
             ("compassionate-breathing", "Compassionate Breathing"), ("silent-timer", "Silent timer")]


def fill(journal: Journal, sessions: int, now: datetime, seed: int = 5) -> None:
    """Write `sessions` sessions and 2x check-ins straight into the file (the API would take minutes)."""
    rng = random.Random(seed)
    session_rows: list[tuple[Any, ...]] = []
    check_in_rows: list[tuple[Any, ...]] = []
    for n in range(1, sessions + 1):
        started = now - timedelta(seconds=rng.uniform(600, DAYS * 86400))
        practice_id, title = rng.choice(PRACTICES)
        chosen = rng.choice((8, 15, 20, 30)) * 60
        listened = chosen * rng.uniform(0.3, 1.0)
        ended = started + timedelta(seconds=listened)
        session_rows.append((n, "app", practice_id, title, "hash", chosen, None, utc_text(started), utc_text(ended),
                             listened, "completed", "", utc_text(ended)))
        before = started - timedelta(minutes=1)
        check_in_rows.append((2 * n - 1, n, "before", utc_text(before), rng.randint(-3, 3), '["tired"]', 0, "", 0,
                              utc_text(before)))
        check_in_rows.append((2 * n, n, "after", utc_text(ended), rng.randint(-3, 3), '["calm"]', 0, "", 0,
                              utc_text(ended)))
    with sqlite3.connect(journal.path) as raw:
        raw.executemany("INSERT INTO sessions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", session_rows)
        raw.executemany("INSERT INTO check_ins VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", check_in_rows)
        raw.execute("ANALYZE")
    raw.close()


def time_progress(journals: dict[int, Journal], *, streak: bool = False) -> dict[int, float]:
    """Median seconds per size; the sizes take turns, so a busy moment on the machine hits both alike."""
    times: dict[int, list[float]] = {size: [] for size in journals}
    for journal in journals.values():
        journal.progress(weeks=12, streak=streak)  # warm-up: statements compiled, pages cached
    for _ in range(RUNS):
        for size, journal in journals.items():
            begin = time.perf_counter()
            journal.progress(weeks=12, streak=streak)
            times[size].append(time.perf_counter() - begin)
    return {size: statistics.median(values) for size, values in times.items()}


def query_plans(journal: Journal, *, streak: bool = False) -> list[tuple[str, list[str]]]:
    """The SQL progress() runs, each with SQLite's EXPLAIN QUERY PLAN."""
    from sqlalchemy import event

    seen: list[tuple[str, Any]] = []

    def record(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, parameters))

    engine = journal._engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        journal.progress(weeks=12, streak=streak)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    plans = []
    with sqlite3.connect(journal.path) as raw:
        for statement, parameters in seen:
            rows = raw.execute(f"EXPLAIN QUERY PLAN {statement}", parameters).fetchall()
            plans.append((" ".join(statement.split()), [str(row[-1]) for row in rows]))
    raw.close()
    return plans


def journal_progress() -> None:
    now = datetime.now(UTC)
    with tempfile.TemporaryDirectory(prefix="kindaudio-bench-journal-") as scratch, contextlib.ExitStack() as stack:
        journals: dict[int, Journal] = {}
        for size in SIZES:
            folder = Path(scratch) / f"journal-{size}"
            paths = AppPaths(folder / "data", folder / "cache", folder / "config")
            with open_journal(paths, backup=False) as journal:
                fill(journal, size, now)
            journals[size] = stack.enter_context(open_journal(paths, backup=False))
        timings = time_progress(journals)
        with_streak = time_progress(journals, streak=True)
        plans = query_plans(journals[SIZES[-1]])
        streak_plans = [plan for plan in query_plans(journals[SIZES[-1]], streak=True) if plan not in plans]
    small, large = (timings[size] for size in SIZES)
    print(f"8. journal: all Progress figures for the last 12 weeks (median of {RUNS} runs)")
    print(f"   {SIZES[0]:,} sessions: {small * 1000:.2f} ms   {SIZES[1]:,} sessions: {large * 1000:.2f} ms   "
          f"ratio: {large / small:.2f}   (target <= 3)")
    print("   query plans (10k journal):")
    for statement, plan in plans:
        print(f"   - {statement}")
        for line in plan:
            print(f"       {line}")
    print(f"   with the streak switched on (off by default; the best run ever reads every day once): "
          f"{with_streak[SIZES[0]] * 1000:.2f} ms and {with_streak[SIZES[1]] * 1000:.2f} ms")
    for statement, plan in streak_plans:
        print(f"   - {statement}")
        for line in plan:
            print(f"       {line}")
    print()


if __name__ == "__main__":
    journal_progress()
