"""The CSV export: one row per session with its check-ins, UTC times, seconds, a header, safe in a spreadsheet."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest

from kindaudio.journal.exports import ExportFormat, NoteChoice, export_journal, gather
from kindaudio.journal.exports.csv import COLUMNS, write_csv
from kindaudio.journal.store import Journal
from tests.journal.exports.conftest import SINCE, UNTIL, Sample

CheckInColumns = ("at", "valence", "mood", "feelings", "difficult", "note")


def read(journal: Journal, out: Path, notes: NoteChoice = NoteChoice.SHARED,
         since: date = SINCE, until: date = UNTIL) -> list[dict[str, str]]:
    target = export_journal(journal, ExportFormat.CSV, out / "journal.csv", since=since, until=until, notes=notes)
    with open(target, encoding="utf-8", newline="") as stream:
        reader = csv.DictReader(stream)
        assert tuple(reader.fieldnames or ()) == COLUMNS
        return list(reader)


def test_one_row_per_session_and_per_check_in_on_its_own_in_time_order(journal: Journal, sample: Sample,
                                                                       out: Path) -> None:
    rows = read(journal, out)
    assert [(r["row"], r["session_id"]) for r in rows] == [
        ("session", str(sample.walking)), ("session", str(sample.breathing)), ("check-in", ""),
        ("session", str(sample.body_scan)),
    ]


def test_a_session_row_carries_utc_times_whole_seconds_and_both_check_ins(journal: Journal, sample: Sample,
                                                                          out: Path) -> None:
    row = next(r for r in read(journal, out) if r["session_id"] == str(sample.breathing))
    assert row["kind"] == "app" and row["practice_id"] == "affectionate-breathing"
    assert row["title"] == "Affectionate Breathing" and row["status"] == "completed"
    assert row["started_at"] == "2024-05-13T12:00:00Z"  # 08:00 in New York
    assert row["ended_at"] == "2024-05-13T12:15:00Z"
    assert (row["chosen_seconds"], row["listened_seconds"]) == ("900", "900")
    before = {name: row[f"before_{name}"] for name in CheckInColumns}
    assert before == {"at": "2024-05-13T12:00:00Z", "valence": "-1", "mood": "Slightly unpleasant",
                      "feelings": "anxious; tired", "difficult": "no", "note": "shared before note"}
    after = {name: row[f"after_{name}"] for name in CheckInColumns}
    assert after == {"at": "2024-05-13T12:15:00Z", "valence": "2", "mood": "Pleasant",
                     "feelings": "calm; a bit lighter", "difficult": "no", "note": ""}  # not shared
    assert all(row[f"checkin_{name}"] == "" for name in CheckInColumns)


def test_a_check_in_on_its_own_fills_the_checkin_columns_only(journal: Journal, sample: Sample, out: Path) -> None:
    row = next(r for r in read(journal, out) if r["row"] == "check-in")
    assert row["checkin_at"] == "2024-05-14T16:00:00Z"
    assert row["checkin_valence"] == "0" and row["checkin_feelings"] == "restless"
    assert row["checkin_note"] == "standalone note — für dich"  # UTF-8 all the way
    assert all(row[column] == "" for column in COLUMNS if column not in ("row",) and not column.startswith("checkin_"))


def test_logged_practice_and_a_difficult_check_in(journal: Journal, sample: Sample, out: Path) -> None:
    rows = {r["session_id"]: r for r in read(journal, out, notes=NoteChoice.ALL)}
    walking = rows[str(sample.walking)]
    assert walking["kind"] == "logged" and walking["practice_id"] == "" and walking["title"] == "walking practice"
    assert walking["listened_seconds"] == "1200" and walking["session_note"] == "logged note"
    body_scan = rows[str(sample.body_scan)]
    assert body_scan["status"] == "stopped_early" and body_scan["listened_seconds"] == "300"
    assert body_scan["after_difficult"] == "yes" and body_scan["before_valence"] == ""


def test_notes_follow_the_choice(journal: Journal, sample: Sample, out: Path) -> None:
    def notes(choice: NoteChoice) -> set[str]:
        return {value for row in read(journal, out, notes=choice) for column, value in row.items()
                if column.endswith("note") and value}

    assert notes(NoteChoice.SHARED) == {"shared before note", "standalone note — für dich"}
    assert notes(NoteChoice.ALL) == {"shared before note", "private after note", "standalone note — für dich",
                                     "logged note"}
    assert notes(NoteChoice.NONE) == set()


def test_text_that_a_spreadsheet_would_run_as_a_formula_is_kept_as_text(journal: Journal, sample: Sample,
                                                                        out: Path) -> None:
    row = next(r for r in read(journal, out) if r["session_id"] == str(sample.body_scan))
    assert row["title"] == "'=Body scan"
    assert row["after_valence"] == "-2"  # numbers stay numbers


def test_an_empty_range_still_has_its_header(journal: Journal, out: Path) -> None:
    assert read(journal, out) == []
    assert (out / "journal.csv").read_text(encoding="utf-8").startswith("row,session_id,kind,")


def test_the_same_rows_can_go_to_any_stream(journal: Journal, sample: Sample, out: Path) -> None:
    """`kindaudio history --csv` writes to stdout what the export writes to a file."""
    stream = io.StringIO(newline="")
    write_csv(gather(journal, since=SINCE, until=UNTIL), stream)
    read(journal, out)
    assert stream.getvalue().encode("utf-8") == (out / "journal.csv").read_bytes()
    assert stream.getvalue().count("\r\n") == 5  # a header and four rows, RFC 4180 line ends


@pytest.mark.parametrize("notes", list(NoteChoice))
def test_every_row_has_every_column(journal: Journal, sample: Sample, out: Path, notes: NoteChoice) -> None:
    assert all(set(row) == set(COLUMNS) and None not in row.values() for row in read(journal, out, notes))
