"""The journal opens after the window, off the GUI thread; when it cannot, the app says why and goes on.

Real parts: the app's own composition root, real journal files (made with the
journal's own API, then damaged or stamped by a newer version with plain
sqlite3), and a real separate process for the start-up import check.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from kindaudio.common.paths import AppPaths
from kindaudio.common.settings import Settings, save_settings
from kindaudio.journal.errors import DatabaseTooNew, DatabaseUnreadable
from kindaudio.journal.records import Moment, Mood
from kindaudio.journal.store import open_journal
from kindaudio.ui.app import RunningApp, build_app
from tests.support.ui import WAIT_MS

REPO = Path(__file__).resolve().parents[2]
GARBAGE = b"SQLite format 3\x00" + b"\xff" * 4000


@pytest.fixture
def start_app(paths: AppPaths, qtbot: QtBot) -> Iterator[Callable[[], RunningApp]]:
    """Build the app as `kindaudio` does, on a profile that has seen the welcome (so it opens on the
    Library); everything is closed and the app's look put back afterwards."""
    save_settings(paths, Settings(first_run_seen=True))
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    style, palette, font = app.styleSheet(), app.palette(), app.font()
    started: list[RunningApp] = []

    def start() -> RunningApp:
        running = build_app()
        qtbot.addWidget(running.window)
        started.append(running)
        return running

    yield start
    for running in started:
        if running.journal_problem is not None:
            running.journal_problem.dialog.done(0)
        running.window.close()
        running.close()
    app.setStyleSheet(style)
    app.setPalette(palette)
    app.setFont(font)


def journal_with_a_backup(paths: AppPaths) -> None:
    """A journal with one check-in, and the backup taken when it was opened (before the check-in)."""
    with open_journal(paths) as journal:
        journal.add_check_in(Mood(valence=2), moment=Moment.STANDALONE)


def problem_dialog(running: RunningApp, qtbot: QtBot) -> QMessageBox:
    qtbot.waitUntil(lambda: running.journal_problem is not None, timeout=WAIT_MS)
    assert running.journal_problem is not None
    dialog = running.journal_problem.dialog
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT_MS)
    return dialog


def test_an_unreadable_journal_is_named_and_the_latest_backup_can_be_restored(
        paths: AppPaths, start_app: Callable[[], RunningApp], qtbot: QtBot) -> None:
    journal_with_a_backup(paths)
    paths.journal.write_bytes(GARBAGE)
    for side in ("-wal", "-shm"):
        paths.journal.with_name(paths.journal.name + side).unlink(missing_ok=True)

    running = start_app()
    dialog = problem_dialog(running, qtbot)
    assert isinstance(running.services.journal_error, DatabaseUnreadable)
    assert str(paths.journal) in dialog.text() and "Nothing in it was changed" in dialog.text()
    assert [button.text() for button in dialog.buttons()] == ["Restore the latest backup", "Not now"]
    assert paths.journal.read_bytes() == GARBAGE  # nothing touched yet

    restore = running.journal_problem.restore_button if running.journal_problem else None
    assert restore is not None
    with qtbot.waitSignal(running.journal_problem.resolved, timeout=WAIT_MS) as resolved:
        restore.click()
    assert resolved.args[0].startswith("Your journal was restored from the backup.")
    assert running.window.banner.isVisible() and "kept at" in running.window.banner.text.text()
    assert running.services.journal_if_open is not None
    assert running.services.journal.check_ins() == []  # as it was when the backup was taken
    kept = [entry for entry in paths.data.iterdir() if entry.name.startswith("journal.sqlite3.before-restore")]
    assert len(kept) == 1 and kept[0].read_bytes() == GARBAGE  # set aside, never deleted


def test_not_now_goes_on_without_a_journal_and_the_banner_says_so(
        paths: AppPaths, start_app: Callable[[], RunningApp], qtbot: QtBot) -> None:
    journal_with_a_backup(paths)
    paths.journal.write_bytes(GARBAGE)
    running = start_app()
    dialog = problem_dialog(running, qtbot)
    assert running.journal_problem is not None and running.journal_problem.not_now_button is not None
    running.journal_problem.not_now_button.click()
    assert not dialog.isVisible()
    banner = running.window.banner
    assert banner.isVisible() and "not being recorded" in banner.text.text()
    assert "Practices still play" in banner.text.text() and str(paths.journal) in banner.text.text()
    assert not running.services.journal_expected
    assert paths.journal.read_bytes() == GARBAGE


def test_without_any_backup_only_not_now_is_offered(paths: AppPaths, start_app: Callable[[], RunningApp],
                                                    qtbot: QtBot) -> None:
    paths.data.mkdir(parents=True)
    paths.journal.write_bytes(GARBAGE)
    dialog = problem_dialog(start_app(), qtbot)
    assert [button.text() for button in dialog.buttons()] == ["Not now"]
    assert "no backup" in dialog.informativeText()


def test_a_journal_from_a_newer_version_is_refused_and_left_alone(
        paths: AppPaths, start_app: Callable[[], RunningApp], qtbot: QtBot) -> None:
    journal_with_a_backup(paths)
    with closing(sqlite3.connect(paths.journal)) as connection, connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999-from-the-future'")
    before = paths.journal.read_bytes()
    running = start_app()
    dialog = problem_dialog(running, qtbot)
    assert isinstance(running.services.journal_error, DatabaseTooNew)
    assert "newer version of KindAudio" in dialog.text() and "update KindAudio" in dialog.informativeText()
    assert [button.text() for button in dialog.buttons()] == ["OK"]
    assert running.services.journal_if_open is None
    assert paths.journal.read_bytes() == before


def test_the_journal_opens_by_itself_after_the_window_and_the_library_says_what_was_practised(
        paths: AppPaths, start_app: Callable[[], RunningApp], qtbot: QtBot) -> None:
    with open_journal(paths) as journal:
        journal.start_session(practice_id="affectionate-breathing", title="Affectionate Breathing",
                              content_hash="x", chosen_seconds=480, voice=None)
    running = start_app()
    library = running.window.library
    qtbot.waitUntil(lambda: bool(library.cards()) and not library.is_loading(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: library.card("Affectionate Breathing").last_label.isVisible(), timeout=WAIT_MS)
    assert library.card("Affectionate Breathing").last_label.text() == "Last practised: today"
    assert library.card("Silent Timer").last_label.text() == "Not practised yet"
    assert running.journal_problem is None


def test_nothing_of_the_journal_is_imported_on_the_gui_thread(paths: AppPaths) -> None:
    """SQLAlchemy and Alembic load on the worker that opens the journal, never on the GUI thread."""
    script = textwrap.dedent("""
        import sys, threading
        seen = []

        class Watch:
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in ("sqlalchemy", "alembic"):
                    seen.append(threading.current_thread() is threading.main_thread())
                return None

        sys.meta_path.insert(0, Watch())
        from PySide6.QtCore import QEventLoop
        from kindaudio.ui.app import build_app
        running = build_app()
        opened = QEventLoop()
        running.services.journal_events.opened.connect(opened.quit)
        running.services.journal_events.unavailable.connect(opened.quit)
        opened.exec()  # the journal opens once the Library has its cards
        assert running.services.journal_if_open is not None, running.services.journal_error
        print("imports seen:", len(seen), "on the GUI thread:", sum(seen))
        running.window.close()
        running.close()
    """)
    done = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    counts = done.stdout.split()
    assert counts[2] != "0" and counts[-1] == "0", done.stdout
