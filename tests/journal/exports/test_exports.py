"""Exports leave the machine only as asked: a whole file or none, private, checked before anything is read."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest
from pypdf import PdfReader

from kindaudio.common.errors import UserInputError
from kindaudio.common.paths import AppPaths
from kindaudio.journal.exports import ExportFormat, NoteChoice, export_files, export_journal, written_files
from kindaudio.journal.exports import csv as export_csv
from kindaudio.journal.store import Journal
from tests.journal.exports.conftest import SINCE, UNTIL, Sample


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("fmt", list(ExportFormat))
def test_every_format_writes_files_only_their_owner_can_read(journal: Journal, sample: Sample, out: Path,
                                                             fmt: ExportFormat) -> None:
    old = os.umask(0)
    try:
        exported = export_files(journal, fmt, out / f"journal{fmt.suffix}", since=SINCE, until=UNTIL)
    finally:
        os.umask(old)
    assert exported.path == out / f"journal{fmt.suffix}"
    assert list(exported.files) == written_files(fmt, exported.path)
    assert all(path.stat().st_size > 0 and mode(path) == 0o600 for path in exported.files)
    assert sorted(out.iterdir()) == sorted(exported.files)  # no temporary left behind


@pytest.mark.parametrize("failing", ["write_sessions", "write_check_ins"])
def test_a_failed_export_leaves_the_earlier_files_as_they_were(journal: Journal, sample: Sample, out: Path,
                                                               monkeypatch: pytest.MonkeyPatch, failing: str) -> None:
    target, beside = out / "journal.csv", out / "journal-check-ins.csv"
    target.write_text("last month's sessions", encoding="utf-8")
    beside.write_text("last month's check-ins", encoding="utf-8")

    def half_then_fail(data: object, stream: object) -> None:
        stream.write("session_id,kind\n1,")  # type: ignore[attr-defined]
        raise RuntimeError("the disk went away")

    monkeypatch.setattr(export_csv, failing, half_then_fail)
    with pytest.raises(RuntimeError):
        export_journal(journal, ExportFormat.CSV, target, since=SINCE, until=UNTIL)
    assert target.read_text(encoding="utf-8") == "last month's sessions"
    assert beside.read_text(encoding="utf-8") == "last month's check-ins"
    assert sorted(p.name for p in out.iterdir()) == ["journal-check-ins.csv", "journal.csv"]


def test_a_target_that_is_not_a_regular_file_is_refused(journal: Journal, sample: Sample, out: Path) -> None:
    fifo = out / "journal.json"
    os.mkfifo(fifo)
    with pytest.raises(UserInputError, match="is not a regular file"):
        export_journal(journal, ExportFormat.FHIR, fifo, since=SINCE, until=UNTIL)
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    os.mkfifo(out / "journal-check-ins.csv")  # the CSV's second file is checked as well
    with pytest.raises(UserInputError, match="journal-check-ins.csv is not a regular file"):
        export_journal(journal, ExportFormat.CSV, out / "journal.csv", since=SINCE, until=UNTIL)
    assert not (out / "journal.csv").exists()


def test_damaged_sessions_are_left_out_and_named(journal: Journal, sample: Sample, out: Path,
                                                 paths: AppPaths) -> None:
    raw = sqlite3.connect(paths.journal)
    with raw:
        raw.execute("UPDATE sessions SET listened_seconds = 9e999 WHERE id = ?", (sample.body_scan,))
    raw.close()
    for fmt in ExportFormat:
        exported = export_files(journal, fmt, out / f"journal{fmt.suffix}", since=SINCE, until=UNTIL)
        assert exported.left_out == (f"session {sample.body_scan} (2024-05-15): the time listened is not a "
                                     "possible length",)
    text = " ".join(page.extract_text() for page in PdfReader(out / "journal.pdf").pages)
    assert "Left out: 1 damaged entry in the journal, which could not be read." in " ".join(text.split())
    assert "=Body scan" not in text


def test_a_range_that_ends_before_it_starts_is_refused(journal: Journal, out: Path) -> None:
    with pytest.raises(UserInputError, match="from 2024-05-15 back to 2024-05-10"):
        export_journal(journal, ExportFormat.CSV, out / "x.csv", since=UNTIL, until=SINCE)
    assert list(out.iterdir()) == []


def test_a_folder_that_is_not_there_is_named(journal: Journal, out: Path) -> None:
    with pytest.raises(UserInputError, match="no such folder"):
        export_journal(journal, ExportFormat.PDF, out / "missing" / "x.pdf", since=SINCE, until=UNTIL)
    with pytest.raises(UserInputError, match="is a folder"):
        export_journal(journal, ExportFormat.PDF, out, since=SINCE, until=UNTIL)


def test_a_folder_that_takes_no_files_is_refused_plainly(journal: Journal, out: Path) -> None:
    if os.geteuid() == 0:
        folder = Path("/sys")  # root may write anywhere, but not to the kernel's read-only view
    else:
        folder = out / "locked"
        folder.mkdir(mode=0o500)
    with pytest.raises(UserInputError) as caught:
        export_journal(journal, ExportFormat.CSV, folder / "x.csv", since=SINCE, until=UNTIL)
    assert str(folder) in str(caught.value)
    assert not (folder / "x.csv").exists()


def test_an_unknown_format_is_refused_with_the_choices(journal: Journal, out: Path) -> None:
    with pytest.raises(UserInputError, match="csv, fhir, pdf"):
        export_journal(journal, "xml", out / "x.xml", since=SINCE, until=UNTIL)  # type: ignore[arg-type]


@pytest.mark.parametrize("damage, named", [
    ("UPDATE sessions SET status = 'sideways' WHERE id = {session}",
     ["session {session} (2024-05-13): its status is unknown"]),
    ("UPDATE sessions SET started_at = '2024-05-13T99:99:99' WHERE id = {session}",
     ["session {session}: its start time is not a time"]),
    ("UPDATE check_ins SET moment = 'sideways' WHERE session_id = {session} AND moment = 'after'",
     ["check-in {after} (of session {session}): its moment (before, after or on its own) is unknown"]),
    ("UPDATE check_ins SET feelings = '[not json' WHERE session_id = {session}",
     ["check-in {before} (of session {session}): its feelings are not readable",
      "check-in {after} (of session {session}): its feelings are not readable"]),
    ("UPDATE check_ins SET note = '{long_note}' WHERE session_id = {session}",
     ["check-in {before} (of session {session}): its note is 5,000,000 characters long, more than any note "
      "KindAudio saves",
      "check-in {after} (of session {session}): its note is 5,000,000 characters long, more than any note "
      "KindAudio saves"]),
])
@pytest.mark.parametrize("fmt", list(ExportFormat))
def test_a_row_the_journal_cannot_read_is_left_out_and_named(journal: Journal, sample: Sample, out: Path,
                                                             paths: AppPaths, damage: str, named: list[str],
                                                             fmt: ExportFormat) -> None:
    """The attack's rows: an unknown status or moment, a bad timestamp, bad feelings JSON, a 5-million-character
    note. Each is left out and named as damage (not as if the person had typed it now); the rest is exported."""
    before = journal.session(sample.breathing).before
    after = journal.session(sample.breathing).after
    assert before is not None and after is not None
    raw = sqlite3.connect(paths.journal)
    with raw:
        raw.execute(damage.format(session=sample.breathing, long_note="x" * 5_000_000))
    raw.close()
    exported = export_files(journal, fmt, out / f"journal{fmt.suffix}", since=SINCE, until=UNTIL,
                            notes=NoteChoice.ALL)
    assert sorted(exported.left_out) == sorted(n.format(session=sample.breathing, before=before.id, after=after.id)
                                               for n in named)
    written = exported.path.read_bytes()
    assert b"xxxxxxxxxx" not in written
    if fmt is not ExportFormat.PDF:
        assert "Body scan" in written.decode("utf-8-sig")  # the other sessions are all there
