"""Export for your therapist: the dialog writes real files from a real journal, private to their owner.

The save dialog of the system is skipped (tests give the path, as `export_to`
does after the person picks one); everything after it is real: the journal
file, the export on a worker thread, the file on disk.
"""

from __future__ import annotations

import csv
import json
import stat
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from fhir.resources.R4B.bundle import Bundle
from PySide6.QtCore import QThreadPool
from pytestqt.qtbot import QtBot

from kindaudio.common.paths import AppPaths
from kindaudio.journal.exports import ExportFormat, NoteChoice, written_files
from kindaudio.ui.dialogs.therapist_export import (
    DEFAULT_DAYS,
    PRIVATE_WORDS,
    TherapistExportDialog,
    default_name,
    with_suffix,
)
from kindaudio.ui.services import Services, SettingsStore
from kindaudio.ui.tasks import TaskRunner
from tests.support.ui import Practised, save_screenshots, write_sessions

WAIT_MS = 60_000

SESSIONS = [Practised(1, before=-1, after=1, note="Shared thought.", share=True),
            Practised(3, before=0, after=2, note="Private thought.", share=False),
            Practised(40, after=0, note="Long ago.", share=True)]


@pytest.fixture
def services(paths: AppPaths, qtbot: QtBot) -> Iterator[Services]:
    built = Services(paths=paths, tasks=TaskRunner(QThreadPool()), settings=SettingsStore(paths))
    yield built
    built.close()


@pytest.fixture
def dialog(paths: AppPaths, services: Services, qtbot: QtBot) -> TherapistExportDialog:
    write_sessions(paths, SESSIONS)
    made = TherapistExportDialog(services)
    qtbot.addWidget(made)
    made.show()
    return made


def export(dialog: TherapistExportDialog, qtbot: QtBot, target: Path) -> Path:
    """Export to `target` and wait until it is done; a failure shows its message here."""
    failures: list[str] = []
    written: list[Path] = []
    dialog.export_failed.connect(failures.append)
    dialog.exported.connect(written.append)
    dialog.export_to(target)
    assert dialog.busy
    qtbot.waitUntil(lambda: not dialog.busy, timeout=WAIT_MS)
    assert failures == []
    assert written == [dialog.saved_to]
    return written[0]


def after_notes(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return [row["after_note"] for row in csv.DictReader(stream)]


def test_the_dialog_starts_with_a_pdf_of_the_last_four_weeks_and_only_the_notes_marked_to_share(
        dialog: TherapistExportDialog) -> None:
    assert dialog.chosen_format() is ExportFormat.PDF
    assert dialog.date_range() == (date.today() - timedelta(days=DEFAULT_DAYS - 1), date.today())
    assert dialog.chosen_notes() is NoteChoice.SHARED
    for button in (*dialog.format_buttons.values(), *dialog.note_buttons.values(), dialog.save_button,
                   dialog.close_button, dialog.since_edit, dialog.until_edit):
        assert button.accessibleName() and button.toolTip()
    assert dialog.name_edit.accessibleName() == "Name on the export" and dialog.name_edit.text() == ""


@pytest.mark.parametrize("fmt", list(ExportFormat))
def test_each_format_writes_a_file_only_its_owner_can_read(dialog: TherapistExportDialog, qtbot: QtBot,
                                                           tmp_path: Path, fmt: ExportFormat) -> None:
    dialog.choose_format(fmt)
    folder = tmp_path / "exports"
    folder.mkdir()
    target = folder / f"for-my-therapist.{fmt.value}"
    written = export(dialog, qtbot, target)
    assert written == target and target.stat().st_size > 0
    files = written_files(fmt, target)
    assert all(stat.S_IMODE(path.stat().st_mode) == 0o600 for path in files)
    assert sorted(folder.iterdir()) == sorted(files)  # no temporary file left beside them
    assert str(target) in dialog.status.text() and PRIVATE_WORDS in dialog.status.text()
    if fmt is ExportFormat.CSV:
        assert "for-my-therapist-check-ins.csv" in dialog.status.text()
    assert dialog.open_button.isVisible() and dialog.save_button.isEnabled()


def test_the_fhir_export_holds_the_sessions_in_the_dates_chosen(dialog: TherapistExportDialog, qtbot: QtBot,
                                                                tmp_path: Path) -> None:
    dialog.choose_format(ExportFormat.FHIR)
    path = export(dialog, qtbot, tmp_path / "fhir.json")
    text = path.read_text(encoding="utf-8")
    Bundle.model_validate_json(text)  # the FHIR R4B models accept it
    bundle = json.loads(text)
    assert bundle["resourceType"] == "Bundle" and bundle["entry"]


@pytest.mark.parametrize(("choice", "expected"), [
    (NoteChoice.SHARED, ["", "Shared thought."]),
    (NoteChoice.ALL, ["Private thought.", "Shared thought."]),
    (NoteChoice.NONE, ["", ""]),
])
def test_the_choice_of_notes_decides_which_notes_go_into_the_csv(dialog: TherapistExportDialog, qtbot: QtBot,
                                                                 tmp_path: Path, choice: NoteChoice,
                                                                 expected: list[str]) -> None:
    dialog.choose_format(ExportFormat.CSV)
    dialog.choose_notes(choice)
    path = export(dialog, qtbot, tmp_path / "sessions.csv")
    assert after_notes(path) == expected  # oldest first; the session 40 days ago is outside the last 4 weeks


def test_wider_dates_take_in_older_sessions(dialog: TherapistExportDialog, qtbot: QtBot, tmp_path: Path) -> None:
    dialog.choose_format(ExportFormat.CSV)
    dialog.set_dates(date.today() - timedelta(days=60), date.today())
    path = export(dialog, qtbot, tmp_path / "sessions.csv")
    assert after_notes(path) == ["Long ago.", "", "Shared thought."]


def test_a_from_date_after_the_to_date_moves_the_other_along(dialog: TherapistExportDialog) -> None:
    dialog.until_edit.setDate(dialog.until_edit.date().addDays(-10))
    dialog.since_edit.setDate(dialog.until_edit.date().addDays(5))
    since, until = dialog.date_range()
    assert since == until


def test_a_folder_that_does_not_exist_is_explained_and_nothing_is_written(dialog: TherapistExportDialog,
                                                                          qtbot: QtBot, tmp_path: Path) -> None:
    target = tmp_path / "missing" / "report.pdf"
    with qtbot.waitSignal(dialog.export_failed, timeout=WAIT_MS) as signal:
        dialog.export_to(target)
    assert "no such folder" in signal.args[0]
    assert dialog.status.property("role") == "error"
    assert "nothing was written" in dialog.status.text() and str(tmp_path / "missing") in dialog.status.text()
    assert not target.parent.exists()
    assert dialog.save_button.isEnabled() and not dialog.open_button.isVisible()


def test_a_name_typed_without_an_ending_gets_the_formats_own() -> None:
    assert with_suffix(Path("/x/report"), ExportFormat.PDF) == Path("/x/report.pdf")
    assert with_suffix(Path("/x/report.pdf"), ExportFormat.PDF) == Path("/x/report.pdf")
    assert with_suffix(Path("/x/notes.2026"), ExportFormat.CSV) == Path("/x/notes.2026.csv")
    assert with_suffix(Path("/x/data"), ExportFormat.FHIR) == Path("/x/data.json")
    assert default_name(ExportFormat.CSV, date(2026, 1, 2), date(2026, 1, 30)) == \
        "kindaudio-journal-2026-01-02-to-2026-01-30.csv"


def test_the_name_typed_goes_on_the_report(dialog: TherapistExportDialog, qtbot: QtBot, tmp_path: Path) -> None:
    from pypdf import PdfReader

    dialog.name_edit.setText("  Zoë   K. ")
    path = export(dialog, qtbot, tmp_path / "report.pdf")
    first_lines = PdfReader(path).pages[0].extract_text().splitlines()[:2]
    assert first_lines == ["Practice journal", "Zoë K."]
    save_screenshots(dialog, "therapist-export")


def test_a_name_with_control_characters_is_refused_before_the_save_dialog(dialog: TherapistExportDialog,
                                                                          qtbot: QtBot, tmp_path: Path) -> None:
    dialog.name_edit.setText("Zoë\x1b[2J")
    with qtbot.waitSignal(dialog.export_failed, timeout=WAIT_MS) as signal:
        dialog.choose_target()  # returns before the system's save dialog would open
    assert "control character (U+001B) at position 4" in signal.args[0]
    assert dialog.status.property("role") == "error" and not dialog.busy
    with qtbot.waitSignal(dialog.export_failed, timeout=WAIT_MS):
        dialog.export_to(tmp_path / "report.pdf")  # and if a path was given anyway, nothing is written
    assert list(tmp_path.glob("*.pdf")) == []
