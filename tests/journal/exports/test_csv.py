"""The CSV export: two clean tables (sessions; check-ins on their own), read back with pandas and the csv module.

pandas reads the files as a spreadsheet user's tools would: the test holds the
id and seconds columns to whole numbers (int64), not the "12.0" one mixed
table gave, and the byte order mark to what Excel needs.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from kindaudio.journal.exports import ExportFormat, NoteChoice, export_files, gather
from kindaudio.journal.exports.csv import CHECK_IN_COLUMNS, SESSION_COLUMNS, write_check_ins, write_sessions
from kindaudio.journal.store import Journal
from tests.journal.exports.conftest import SINCE, UNTIL, Sample

MOOD_FIELDS = ("at", "at_local", "valence", "mood", "feelings", "difficult", "note")


def export(journal: Journal, out: Path, notes: NoteChoice = NoteChoice.SHARED, since: date = SINCE,
           until: date = UNTIL) -> tuple[Path, Path]:
    exported = export_files(journal, ExportFormat.CSV, out / "journal.csv", since=since, until=until, notes=notes)
    sessions, check_ins, entries = exported.files  # the third: written entries (test_entries_exports.py)
    assert entries == out / "journal-entries.csv"
    return sessions, check_ins


def read(journal: Journal, out: Path, notes: NoteChoice = NoteChoice.SHARED) -> tuple[list[dict[str, str]],
                                                                                     list[dict[str, str]]]:
    """Both tables with the csv module ("utf-8-sig" takes the byte order mark off)."""
    tables = []
    for path, columns in zip(export(journal, out, notes), (SESSION_COLUMNS, CHECK_IN_COLUMNS), strict=True):
        with open(path, encoding="utf-8-sig", newline="") as stream:
            reader = csv.DictReader(stream)
            assert tuple(reader.fieldnames or ()) == columns
            tables.append(list(reader))
    return tables[0], tables[1]


def test_sessions_and_check_ins_on_their_own_go_to_two_files_in_time_order(journal: Journal, sample: Sample,
                                                                           out: Path) -> None:
    sessions, check_ins = read(journal, out)
    assert [r["session_id"] for r in sessions] == [str(sample.walking), str(sample.breathing), str(sample.body_scan)]
    assert [r["check_in_id"] for r in check_ins] == [str(sample.standalone)]
    assert sorted(p.name for p in out.iterdir()) == ["journal-check-ins.csv", "journal-entries.csv", "journal.csv"]


def test_pandas_reads_ids_and_seconds_as_whole_numbers(journal: Journal, sample: Sample, out: Path) -> None:
    sessions_path, check_ins_path = export(journal, out)
    sessions = pd.read_csv(sessions_path)
    assert list(sessions.columns) == list(SESSION_COLUMNS)  # pandas takes the byte order mark off too
    for column in ("session_id", "chosen_seconds", "listened_seconds"):
        assert sessions[column].dtype == "int64", column
    assert sessions["listened_seconds"].tolist() == [1200, 900, 300]
    check_ins = pd.read_csv(check_ins_path)
    assert check_ins["check_in_id"].dtype == "int64" and check_ins["valence"].dtype == "int64"
    # A check-in not taken leaves its cells empty; with nullable types the valence stays whole, blanks and all.
    nullable = pd.read_csv(sessions_path, dtype_backend="numpy_nullable")
    assert str(nullable["before_valence"].dtype) == "Int64" and str(nullable["after_valence"].dtype) == "Int64"
    assert nullable["after_valence"].tolist()[1:] == [2, -2]


def test_the_files_start_with_a_byte_order_mark_for_excel(journal: Journal, sample: Sample, out: Path) -> None:
    for path in export(journal, out):
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf") and raw.count(b"\xef\xbb\xbf") == 1
    assert "für dich".encode() in (out / "journal-check-ins.csv").read_bytes()


def test_a_session_row_carries_utc_and_local_times_whole_seconds_and_both_check_ins(journal: Journal,
                                                                                    sample: Sample,
                                                                                    out: Path) -> None:
    sessions, _ = read(journal, out)
    row = next(r for r in sessions if r["session_id"] == str(sample.breathing))
    assert (row["started_at"], row["started_at_local"]) == ("2024-05-13T12:00:00Z", "2024-05-13 08:00:00")
    assert (row["ended_at"], row["ended_at_local"]) == ("2024-05-13T12:15:00Z", "2024-05-13 08:15:00")
    assert row["chosen_seconds"] == "900" and row["listened_seconds"] == "900"
    before = {name: row[f"before_{name}"] for name in MOOD_FIELDS}
    assert before == {"at": "2024-05-13T12:00:00Z", "at_local": "2024-05-13 08:00:00", "valence": "-1",
                      "mood": "Slightly unpleasant", "feelings": "anxious; tired", "difficult": "no",
                      "note": "shared before note"}
    after = {name: row[f"after_{name}"] for name in MOOD_FIELDS}
    assert after == {"at": "2024-05-13T12:15:00Z", "at_local": "2024-05-13 08:15:00", "valence": "2",
                     "mood": "Pleasant", "feelings": "calm; a bit lighter", "difficult": "no", "note": ""}


def test_local_times_are_the_days_from_and_to_count(journal: Journal, sample: Sample, out: Path) -> None:
    """The body scan started at 21:30 on the 14th in New York: 01:30 on the 15th in UTC."""
    sessions, _ = read(journal, out)
    row = next(r for r in sessions if r["session_id"] == str(sample.body_scan))
    assert (row["started_at"], row["started_at_local"]) == ("2024-05-15T01:30:00Z", "2024-05-14 21:30:00")
    assert all(SINCE.isoformat() <= r["started_at_local"][:10] <= UNTIL.isoformat() for r in sessions)


def test_a_check_in_on_its_own_has_its_own_clean_row(journal: Journal, sample: Sample, out: Path) -> None:
    _, (row,) = read(journal, out)
    assert row == {"check_in_id": str(sample.standalone), "at": "2024-05-14T16:00:00Z",
                   "at_local": "2024-05-14 12:00:00", "valence": "0", "mood": "Neither pleasant nor unpleasant",
                   "feelings": "restless", "difficult": "no", "note": "standalone note — für dich"}


def test_logged_practice_and_a_difficult_check_in(journal: Journal, sample: Sample, out: Path) -> None:
    sessions, _ = read(journal, out, notes=NoteChoice.ALL)
    rows = {r["session_id"]: r for r in sessions}
    walking = rows[str(sample.walking)]
    assert walking["kind"] == "logged" and walking["practice_id"] == "" and walking["title"] == "walking practice"
    assert walking["listened_seconds"] == "1200" and walking["session_note"] == "logged note"
    body_scan = rows[str(sample.body_scan)]
    assert body_scan["status"] == "stopped_early" and body_scan["listened_seconds"] == "300"
    assert body_scan["after_difficult"] == "yes" and body_scan["before_valence"] == ""


def test_notes_follow_the_choice(journal: Journal, sample: Sample, out: Path) -> None:
    def notes(choice: NoteChoice) -> set[str]:
        sessions, check_ins = read(journal, out, notes=choice)
        return {value for row in sessions + check_ins for column, value in row.items()
                if column.endswith("note") and value}

    assert notes(NoteChoice.SHARED) == {"shared before note", "standalone note — für dich"}
    assert notes(NoteChoice.ALL) == {"shared before note", "private after note", "standalone note — für dich",
                                     "logged note"}
    assert notes(NoteChoice.NONE) == set()


def test_text_that_a_spreadsheet_would_run_as_a_formula_is_kept_as_text(journal: Journal, sample: Sample,
                                                                        out: Path) -> None:
    sessions, _ = read(journal, out)
    row = next(r for r in sessions if r["session_id"] == str(sample.body_scan))
    assert row["title"] == "'=Body scan"
    assert row["after_valence"] == "-2"  # numbers stay numbers


def test_an_empty_range_still_has_both_headers(journal: Journal, out: Path) -> None:
    assert read(journal, out) == ([], [])
    assert (out / "journal.csv").read_text(encoding="utf-8-sig").startswith("session_id,kind,")
    assert (out / "journal-check-ins.csv").read_text(encoding="utf-8-sig").startswith("check_in_id,at,")


def test_the_same_rows_can_go_to_any_stream(journal: Journal, sample: Sample, out: Path) -> None:
    """`kindaudio history --csv` writes to stdout what the export writes to a file, less the byte order mark."""
    data = gather(journal, since=SINCE, until=UNTIL)
    sessions, check_ins = io.StringIO(newline=""), io.StringIO(newline="")
    write_sessions(data, sessions)
    write_check_ins(data, check_ins)
    sessions_path, check_ins_path = export(journal, out)
    assert sessions.getvalue().encode("utf-8-sig") == sessions_path.read_bytes()
    assert check_ins.getvalue().encode("utf-8-sig") == check_ins_path.read_bytes()
    assert sessions.getvalue().count("\r\n") == 4  # a header and three rows, RFC 4180 line ends


@pytest.mark.parametrize("notes", list(NoteChoice))
def test_every_row_has_every_column(journal: Journal, sample: Sample, out: Path, notes: NoteChoice) -> None:
    sessions, check_ins = read(journal, out, notes)
    assert all(set(row) == set(SESSION_COLUMNS) and None not in row.values() for row in sessions)
    assert all(set(row) == set(CHECK_IN_COLUMNS) and None not in row.values() for row in check_ins)
