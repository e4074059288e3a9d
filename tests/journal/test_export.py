"""Exports leave the machine only as asked: a whole file or none, private, checked before anything is read.

Also the sample journal the format tests share (`sample`): a week in New York
with a session before and after check-ins, one that crosses midnight UTC, one
logged by hand, a check-in on its own, and sessions either side of the range.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from kindaudio.common.errors import UserInputError
from kindaudio.journal import export_csv
from kindaudio.journal.export import ExportFormat, NoteChoice, export_journal, gather
from kindaudio.journal.records import Mood, Moment, SessionStatus
from kindaudio.journal.store import Journal
from tests.journal.conftest import Clock, start

SINCE, UNTIL = date(2024, 5, 10), date(2024, 5, 15)


@dataclass(frozen=True)
class Sample:
    breathing: int  # Mon 13 May 08:00 New York: before (shared note) and after (private note)
    body_scan: int  # Tue 14 May 21:30 New York (01:30 UTC on the 15th): stopped early, a difficult after
    walking: int  # Sun 12 May, logged by hand with a note
    standalone: int  # Tue 14 May 12:00: a check-in on its own, shared note
    outside: tuple[int, int]  # 1 May and 20 May: not in the range


def fill(journal: Journal, clock: Clock) -> Sample:
    clock.set_local(2024, 5, 1, 9, 0)
    early = start(journal)
    journal.end_session(early, 600, SessionStatus.COMPLETED)
    journal.add_check_in(Mood(1, note="too early to export", share_note=True), moment=Moment.AFTER, session_id=early)

    clock.set_local(2024, 5, 13, 8, 0)
    breathing = start(journal)
    journal.add_check_in(Mood(-1, ("anxious", "tired"), note="shared before note", share_note=True),
                         moment=Moment.BEFORE, session_id=breathing)
    clock.set_local(2024, 5, 13, 8, 15)
    journal.end_session(breathing, 899.6, SessionStatus.COMPLETED)
    journal.add_check_in(Mood(2, ("calm", "a bit lighter"), note="private after note"),
                         moment=Moment.AFTER, session_id=breathing)

    clock.set_local(2024, 5, 14, 12, 0)
    standalone = journal.add_check_in(Mood(0, ("restless",), note="standalone note — für dich", share_note=True),
                                      moment=Moment.STANDALONE)

    clock.set_local(2024, 5, 14, 21, 30)
    body_scan = start(journal, "compassionate-body-scan", "=Body scan", chosen_seconds=1200)
    clock.set_local(2024, 5, 14, 21, 35)
    journal.end_session(body_scan, 300.4, SessionStatus.STOPPED_EARLY)
    journal.add_check_in(Mood(-2, difficult=True), moment=Moment.AFTER, session_id=body_scan)

    walking = journal.log_outside_practice(day=date(2024, 5, 12), minutes=20, what="walking practice",
                                           note="logged note")
    clock.set_local(2024, 5, 20, 9, 0)
    late = start(journal)
    journal.end_session(late, 600, SessionStatus.COMPLETED)
    return Sample(breathing, body_scan, walking, standalone, (early, late))


@pytest.fixture
def sample(journal: Journal, clock: Clock) -> Sample:
    return fill(journal, clock)


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """A folder for exports (tmp_path also holds the test's KINDAUDIO_HOME)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


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


def test_the_range_holds_sessions_by_their_local_day_and_check_ins_on_their_own(journal: Journal,
                                                                               sample: Sample) -> None:
    data = gather(journal, since=SINCE, until=UNTIL)
    assert [s.id for s in data.sessions] == [sample.walking, sample.breathing, sample.body_scan]
    assert [c.id for c in data.standalone] == [sample.standalone]


def test_notes_go_out_only_as_the_person_chose(journal: Journal, sample: Sample) -> None:
    def notes(choice: NoteChoice) -> set[str]:
        data = gather(journal, since=SINCE, until=UNTIL, notes=choice)
        found = {data.check_in_note(c) for c in data.check_ins()} | {data.session_note(s) for s in data.sessions}
        return found - {""}

    assert notes(NoteChoice.SHARED) == {"shared before note", "standalone note — für dich"}
    assert notes(NoteChoice.ALL) == {"shared before note", "standalone note — für dich", "private after note",
                                     "logged note"}
    assert notes(NoteChoice.NONE) == set()


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
