"""The window when the journal is under stress (issue 17, hardening 7 and 9).

Real parts: the app's services and check-in page on a real 1 MB tmpfs that fills up (tests/support/disks.py),
and the app's own start-up on a journal file emptied to 0 bytes. Screenshots go to $KINDAUDIO_SHOTS when set.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kindaudio.audio.clips.provider import ClipProvider
from kindaudio.common.paths import AppPaths
from kindaudio.journal.errors import JournalEmpty
from kindaudio.journal.records import Moment, Mood
from kindaudio.ui.app import RunningApp
from kindaudio.ui.pages.checkin_page import CheckInPage
from tests.support.disks import fill, small_disk
from tests.support.ui import WAIT_MS
from tests.ui.conftest import _services
from tests.ui.test_journal_startup import journal_with_a_backup, problem_dialog, start_app  # noqa: F401


def shoot(widget: QWidget, name: str) -> None:
    folder = os.environ.get("KINDAUDIO_SHOTS")
    if folder:
        widget.grab().save(str(Path(folder) / name))


def test_a_full_disk_keeps_the_check_in_filled_and_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           session_clips: ClipProvider, qtbot: QtBot,
                                                           request: pytest.FixtureRequest) -> None:
    with small_disk(tmp_path / "disk", size="1m") as disk:
        monkeypatch.setenv("KINDAUDIO_HOME", str(disk / "home"))
        paths = AppPaths.from_environment()
        with contextlib.closing(_services(paths, session_clips, request)) as made:  # type: ignore[type-var]
            services = next(made)
            journal = services.journal
            journal.add_check_in(Mood(1, note="saved before"), moment=Moment.STANDALONE)
            page = CheckInPage(services)
            qtbot.addWidget(page)
            page.resize(1280, 720)
            page.show()
            page.begin(Moment.STANDALONE)
            qtbot.mouseClick(page.valence.buttons[1], Qt.MouseButton.LeftButton)
            qtbot.mouseClick(page.feelings.chips["tender"], Qt.MouseButton.LeftButton)
            page.note.setPlainText("Words I wrote while the disk was full. " * 40)
            chosen = page.valence.value()
            assert chosen is not None
            fill(disk)
            qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(page.error.isVisible, timeout=WAIT_MS)
            assert page.error.text().startswith("The check-in could not be saved: The disk is full: your journal "
                                                f"could not be written to {paths.data}.")
            assert "Something went wrong" not in page.error.text()
            assert page.note.toPlainText().startswith("Words I wrote while the disk was full.")  # kept in the form
            assert page.valence.value() == chosen and page.feelings.feelings() == ("tender",)
            assert page.save_button.isEnabled()
            shoot(page, "checkin-disk-full-1280x720.png")
            (disk / "filler").unlink()
            with qtbot.waitSignal(page.saved, timeout=WAIT_MS) as saved:
                qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
            kept = journal.check_in(saved.args[0])
            assert kept.mood.note.startswith("Words I wrote") and kept.mood.feelings == ("tender",)
            assert [c.mood.note for c in journal.check_ins()][0] == "saved before"
            page.close()
            services.close_journal()


def test_an_emptied_journal_offers_the_latest_backup(paths: AppPaths, start_app: Callable[[], RunningApp],  # noqa: F811
                                                      qtbot: QtBot) -> None:
    journal_with_a_backup(paths)
    paths.journal.write_bytes(b"")
    running = start_app()
    dialog = problem_dialog(running, qtbot)
    assert isinstance(running.services.journal_error, JournalEmpty)
    assert f"Your practice journal at {paths.journal} is empty" in dialog.text()
    assert [button.text() for button in dialog.buttons()] == ["Restore the latest backup", "Not now"]
    shoot(dialog, "journal-empty-dialog.png")
    assert running.journal_problem is not None and running.journal_problem.restore_button is not None
    with qtbot.waitSignal(running.journal_problem.resolved, timeout=WAIT_MS):
        running.journal_problem.restore_button.click()
    assert running.services.journal.check_ins() == []  # the backup, taken as the journal first opened
    kept = [entry for entry in paths.data.iterdir() if entry.name.startswith("journal.sqlite3.before-restore")]
    assert len(kept) == 1 and kept[0].stat().st_size == 0  # the emptied file, kept aside
