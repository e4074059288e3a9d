"""The Journal page's reading at 1,000 sessions / 500 entries and at 10,000 / 5,000 (issue 16).

What the page does when it opens and when a word is searched for, through
the same function it runs on its worker (ui/pages/journal/data.py
`load_journal`): the writing kinds, the newest PAGE_SIZE entries, and the
newest PAGE_SIZE entries holding a word. Entries are about four answers of
60-180 words each, over three years; a common word is in about 70 % of them,
a rare one in about 1 %. Each figure is the median of several runs after a
warm-up, the sizes taking turns; the target is 10k/5k within 3x of 1k/500.

    python tests/benchmarks/writing_bench.py     (or `make bench` / run.py writing)
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from journal_bench import fill as fill_sessions

from kindaudio.common.paths import AppPaths
from kindaudio.journal.entry_records import Answer, EntryDraft
from kindaudio.journal.models import utc_text
from kindaudio.journal.store import Journal, open_journal
from kindaudio.journal.writing import shipped_kinds
from kindaudio.ui.pages.journal.data import PAGE_SIZE, load_journal

RUNS = max(int(os.environ.get("KINDAUDIO_BENCH_RUNS", "5")) * 3, 9)
SIZES = ((1_000, 500), (10_000, 5_000))
DAYS = 3 * 365
COMMON, RARE = "tired", "heron"
VOCABULARY = ("the a and of to in I my was felt it that with for on at as but so today work friend body breath "
              "kind gentle hard moment chest shoulders slow warm cold quiet noisy morning evening sister mother "
              "call meeting walk tea window rain light heavy soft tight tears laugh worry hope enough again").split()


def fill_entries(journal: Journal, entries: int, sessions: int, now: datetime, seed: int = 11) -> None:
    """`entries` entries straight into the file (the full-text index follows by trigger, as in the app)."""
    rng = random.Random(seed)
    rows: list[tuple[Any, ...]] = []
    for n in range(1, entries + 1):
        written = now - timedelta(seconds=rng.uniform(600, DAYS * 86400))
        answers = []
        for key in ("moment", "felt", "human", "friend"):
            words = [rng.choice(VOCABULARY) for _ in range(rng.randint(15, 45))]
            answers.append({"key": key, "label": key.title(), "text": " ".join(words)})
        if rng.random() < 0.7:
            answers[1]["text"] += f" {COMMON}"
        if rng.random() < 0.01:
            answers[0]["text"] += f" a {RARE} by the water"
        body = "\n\n".join(a["text"] for a in answers)
        session = rng.randint(1, sessions) if rng.random() < 0.4 else None
        rows.append((n, "three-parts", "Three parts", json.dumps(answers), body, written.date().isoformat(), session,
                     None, None, None, int(rng.random() < 0.3), utc_text(written), utc_text(written)))
    with sqlite3.connect(journal.path) as raw:
        raw.executemany("INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        raw.execute("ANALYZE")
    raw.close()


def timed(journals: dict[int, Journal], work: Callable[[Journal], object]) -> dict[int, float]:
    """Median seconds per size; the sizes take turns, so a busy moment hits both alike."""
    times: dict[int, list[float]] = {size: [] for size in journals}
    for journal in journals.values():
        work(journal)  # warm-up: statements compiled, pages cached
    for _ in range(RUNS):
        for size, journal in journals.items():
            begin = time.perf_counter()
            work(journal)
            times[size].append(time.perf_counter() - begin)
    return {size: statistics.median(values) for size, values in times.items()}


def plans(journal: Journal, search: str) -> list[str]:
    from sqlalchemy import event

    seen: list[tuple[str, Any]] = []

    def record(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, parameters))

    engine = journal._engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        journal.entries(search=search, limit=PAGE_SIZE + 1)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    lines = []
    with sqlite3.connect(journal.path) as raw:
        for statement, parameters in seen:
            lines += [str(row[-1]) for row in raw.execute(f"EXPLAIN QUERY PLAN {statement}", parameters)]
    raw.close()
    return lines


def writing() -> None:
    now = datetime.now(UTC)
    kinds = tuple(shipped_kinds())
    with tempfile.TemporaryDirectory(prefix="kindaudio-bench-writing-") as scratch, contextlib.ExitStack() as stack:
        journals: dict[int, Journal] = {}
        for sessions, entries in SIZES:
            folder = Path(scratch) / f"journal-{sessions}"
            paths = AppPaths(folder / "data", folder / "cache", folder / "config")
            with open_journal(paths, backup=False) as journal:
                fill_sessions(journal, sessions, now)
                fill_entries(journal, entries, sessions, now)
            journals[sessions] = stack.enter_context(open_journal(paths, backup=False))
        opening = timed(journals, lambda j: load_journal(j, kinds, "", PAGE_SIZE))
        common = timed(journals, lambda j: load_journal(j, kinds, COMMON, PAGE_SIZE))
        rare = timed(journals, lambda j: load_journal(j, kinds, RARE, PAGE_SIZE))
        both = timed(journals, lambda j: (load_journal(j, kinds, "", PAGE_SIZE),
                                          load_journal(j, kinds, COMMON, PAGE_SIZE)))
        draft = EntryDraft("three-parts", "Three parts", tuple(
            Answer(key, key.title(), " ".join(VOCABULARY[:60])) for key in ("moment", "felt", "human", "friend")))
        saving = timed(journals, lambda j: j.update_entry(1, draft))  # one autosave: a row and its index entries
        found = {size: len(load_journal(j, kinds, RARE, PAGE_SIZE).entries) for size, j in journals.items()}
        plan = plans(journals[SIZES[-1][0]], COMMON)
        # What FTS5 saves: the rare search's ids found by the index, and by a LIKE scan of every body.
        by_index = timed(journals, lambda j: _ids(j, "SELECT rowid FROM entries_fts WHERE entries_fts MATCH ?",
                                                  f'"{RARE}"*'))
        by_scan = timed(journals, lambda j: _ids(j, "SELECT id FROM entries WHERE body LIKE ?", f"%{RARE}%"))
        sizes = {size: (folder_size(j.path)) for size, j in journals.items()}
    small, large = SIZES[0][0], SIZES[-1][0]
    print(f"9. Journal page: its data on opening and with a search (newest {PAGE_SIZE}; median of {RUNS} runs)")
    for name, figures in (("opening (kinds + newest entries)", opening), (f"search, common word ({COMMON!r})", common),
                          (f"search, rare word ({RARE!r})", rare), ("opening + common search", both)):
        print(f"   {name}: {figures[small] * 1000:.2f} ms at 1k/500, {figures[large] * 1000:.2f} ms at 10k/5k; "
              f"ratio {figures[large] / figures[small]:.2f}   (target <= 3)")
    print(f"   one autosave of a 4-answer entry (about 1,600 characters): {saving[small] * 1000:.2f} ms and "
          f"{saving[large] * 1000:.2f} ms")
    print(f"   rare word found in {found[small]} and {found[large]} entries; files "
          f"{sizes[small] / 1e6:.1f} MB and {sizes[large] / 1e6:.1f} MB")
    print(f"   finding the rare word's entries alone: full-text index {by_index[small] * 1000:.2f} / "
          f"{by_index[large] * 1000:.2f} ms, LIKE scan {by_scan[small] * 1000:.2f} / {by_scan[large] * 1000:.2f} ms")
    print("   query plan of the common search (10k/5k):")
    for line in plan:
        print(f"       {line}")
    print()


def _ids(journal: Journal, statement: str, value: str) -> list[int]:
    from sqlalchemy import text

    with journal.reading() as session:
        return [int(row[0]) for row in session.execute(text(statement.replace("?", ":value")), {"value": value})]


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


if __name__ == "__main__":
    writing()
