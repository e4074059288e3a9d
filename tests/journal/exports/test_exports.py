"""Exports leave the machine only as asked: a whole file or none, private, checked before anything is read."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from kindaudio.common.errors import UserInputError
from kindaudio.journal.exports import ExportFormat, export_journal
from kindaudio.journal.exports import csv as export_csv
from kindaudio.journal.store import Journal
from tests.journal.exports.conftest import SINCE, UNTIL, Sample


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("fmt", list(ExportFormat))
def test_every_format_writes_a_file_only_its_owner_can_read(journal: Journal, sample: Sample, out: Path,
                                                            fmt: ExportFormat) -> None:
    old = os.umask(0)
    try:
        target = export_journal(journal, fmt, out / f"journal{fmt.suffix}", since=SINCE, until=UNTIL)
    finally:
        os.umask(old)
    assert target == out / f"journal{fmt.suffix}"
    assert target.stat().st_size > 0
    assert mode(target) == 0o600
    assert [p.name for p in out.iterdir()] == [target.name]  # no temporary left behind


def test_a_failed_export_leaves_the_earlier_file_as_it_was(journal: Journal, sample: Sample, out: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    target = out / "journal.csv"
    target.write_text("last month's export", encoding="utf-8")

    def half_then_fail(data: object, stream: object) -> None:
        stream.write("row,session_id\nsession,")  # type: ignore[attr-defined]
        raise RuntimeError("the disk went away")

    monkeypatch.setattr(export_csv, "write_csv", half_then_fail)
    with pytest.raises(RuntimeError):
        export_journal(journal, ExportFormat.CSV, target, since=SINCE, until=UNTIL)
    assert target.read_text(encoding="utf-8") == "last month's export"
    assert [p.name for p in out.iterdir()] == ["journal.csv"]


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
