"""One KindAudio at a time: a second start brings the open window to the front and exits.

Real parts: the first instance is the app's own composition root in this
process (its window offscreen); the second is a real `python -m kindaudio`
process on the same home, exactly as a person would start it again.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kindaudio.common.paths import AppPaths
from kindaudio.journal.store import open_journal
from kindaudio.ui.app import BROUGHT_TO_FRONT, RunningApp, build_app
from kindaudio.ui.instance_channel import channel_name
from kindaudio.ui.single_instance import AlreadyRunning, acquire_instance_lock
from tests.support.ui import WAIT_MS

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def first(paths: AppPaths, qtbot: QtBot) -> Iterator[RunningApp]:
    """The first KindAudio, built as `kindaudio` builds it; the app's look is put back afterwards."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    style, palette, font = app.styleSheet(), app.palette(), app.font()
    running = build_app()
    qtbot.addWidget(running.window)
    qtbot.waitUntil(lambda: running.services.journal_if_open is not None and running.instance_server is not None,
                    timeout=WAIT_MS)
    yield running
    running.window.close()
    running.close()
    app.setStyleSheet(style)
    app.setPalette(palette)
    app.setFont(font)


def start_again(*files: str) -> subprocess.Popen[str]:
    """`kindaudio` started a second time, on the same home (the environment carries KINDAUDIO_HOME)."""
    return subprocess.Popen([sys.executable, "-m", "kindaudio", *files], cwd=REPO, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def test_a_second_start_brings_the_open_window_to_the_front_and_exits(first: RunningApp, qtbot: QtBot) -> None:
    first.window.showMinimized()
    with qtbot.waitSignal(first.instance_server.show_requested, timeout=WAIT_MS):
        second = start_again()
    qtbot.waitUntil(lambda: second.poll() is not None, timeout=WAIT_MS)
    out, err = second.communicate()
    assert second.returncode == 0, err
    assert out.strip() == BROUGHT_TO_FRONT
    assert not first.window.isMinimized() and first.window.isVisible()
    assert first.window.windowState() & Qt.WindowState.WindowMinimized == Qt.WindowState.WindowNoState


def test_a_second_start_with_a_practice_opens_it_in_the_open_window(
        first: RunningApp, qtbot: QtBot, tmp_path: Path) -> None:
    """As a reminder's Open does (`kindaudio window PRACTICE`) while KindAudio is already open."""
    practice = tmp_path / "evening.md"
    practice.write_text("---\ntitle: Evening Rest\nlengths: [1]\n---\n## Resting\nYou might rest here.\n"
                        "[pause 20s..1m]\n", encoding="utf-8")
    with qtbot.waitSignal(first.instance_server.open_requested, timeout=WAIT_MS) as asked:
        second = start_again(str(practice))
    assert asked.args == [[str(practice.resolve())]]
    qtbot.waitUntil(lambda: second.poll() is not None, timeout=WAIT_MS)
    out, err = second.communicate()
    assert second.returncode == 0, err
    assert out.strip() == BROUGHT_TO_FRONT
    qtbot.waitUntil(lambda: first.window.current_page() == "practice", timeout=WAIT_MS)
    shown = first.window.practice.practice
    assert shown is not None and shown.title == "Evening Rest"


def test_a_request_that_is_not_ours_is_ignored_and_names_no_files() -> None:
    from kindaudio.ui.instance_channel import _files_asked_for

    assert _files_asked_for(b"show\n") is None
    assert _files_asked_for(b'show ["/a/b.md"]\n') == ["/a/b.md"]
    assert _files_asked_for(b"show {not json}\n") is None
    assert _files_asked_for(b'show [1, ""]\n') is None
    assert _files_asked_for(b'open ["/a/b.md"]\n') is None
    assert _files_asked_for(b"journal\n") is None  # its own request, naming no files


def test_the_first_keeps_its_lock_and_a_second_window_is_never_built(first: RunningApp, paths: AppPaths) -> None:
    with pytest.raises(AlreadyRunning, match="already open"):
        acquire_instance_lock(paths)
    with pytest.raises(AlreadyRunning):
        build_app()
    assert [w for w in QApplication.topLevelWidgets() if w.windowTitle() == "KindAudio" and w.isVisible()] == [
        first.window]


def test_with_the_lock_held_and_no_window_answering_the_second_start_says_so_and_fails(
        paths: AppPaths, qtbot: QtBot) -> None:
    with acquire_instance_lock(paths):  # held, as by a KindAudio that is still starting up
        second = start_again()
        qtbot.waitUntil(lambda: second.poll() is not None, timeout=WAIT_MS)
        out, err = second.communicate()
    assert second.returncode == 1
    assert out == ""
    assert "KindAudio is already open in another window." in err
    assert "Traceback" not in err


def test_closing_the_first_lets_the_next_one_start(paths: AppPaths, qtbot: QtBot) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    style, palette, font = app.styleSheet(), app.palette(), app.font()
    running = build_app()
    qtbot.addWidget(running.window)
    qtbot.waitUntil(lambda: running.services.journal_if_open is not None, timeout=WAIT_MS)
    running.window.close()
    running.close()
    app.setStyleSheet(style)
    app.setPalette(palette)
    app.setFont(font)
    with acquire_instance_lock(paths) as lock:
        assert lock.held


def test_each_data_folder_has_its_own_channel(tmp_path: Path) -> None:
    one = AppPaths(tmp_path / "one" / "data", tmp_path / "one" / "cache", tmp_path / "one" / "config")
    two = AppPaths(tmp_path / "two" / "data", tmp_path / "two" / "cache", tmp_path / "two" / "config")
    assert channel_name(one) != channel_name(two)
    assert channel_name(one) == channel_name(AppPaths(one.data, tmp_path / "x", tmp_path / "y"))


ASK = """
import logging, sys
from PySide6.QtCore import QCoreApplication
from kindaudio.common.paths import app_paths
from kindaudio.ui.instance_channel import ask_running_instance_to_show
logging.basicConfig(stream=sys.stdout, level=logging.DEBUG, format="%(message)s")
app = QCoreApplication([])
print("answered:", ask_running_instance_to_show(app_paths()), flush=True)
"""


def test_a_second_start_before_the_window_listens_waits_for_it(paths: AppPaths, qtbot: QtBot) -> None:
    """The window listens only once its Library is shown; a second start in that moment keeps asking."""
    from kindaudio.ui.instance_channel import InstanceServer

    asker = subprocess.Popen([sys.executable, "-c", ASK], cwd=REPO, stdout=subprocess.PIPE, text=True)
    assert asker.stdout is not None
    assert "trying again" in asker.stdout.readline()  # it has found nobody listening, at least once
    server = InstanceServer(paths)
    try:
        with qtbot.waitSignal(server.show_requested, timeout=WAIT_MS):
            pass
        qtbot.waitUntil(lambda: asker.poll() is not None, timeout=WAIT_MS)
        assert asker.stdout.read().splitlines()[-1] == "answered: True"
    finally:
        server.close()
        asker.stdout.close()


def test_a_second_start_to_write_shows_a_new_journal_entry_in_the_open_window_keeping_the_one_being_written(
        paths: AppPaths, qtbot: QtBot, first: RunningApp) -> None:
    """As a reminder's "Write a few kind words" does (`kindaudio window --journal`) while KindAudio is open:
    the open window comes to the front on a new entry; words typed a moment ago in another are kept."""
    window = first.window
    window.welcome.skip_button.click()  # a person who has been here before
    window.write_kind_words()
    with qtbot.waitSignal(window.journal.entry_saved, timeout=WAIT_MS):
        qtbot.keyClicks(window.journal.writing.editor("moment"), "a hard meeting")
    earlier = window.journal.current_entry_id
    window.go_to("library")
    window.showMinimized()
    with qtbot.waitSignal(first.instance_server.journal_requested, timeout=WAIT_MS):
        second = start_again("window", "--journal")
    qtbot.waitUntil(lambda: second.poll() is not None, timeout=WAIT_MS)
    out, err = second.communicate()
    assert second.returncode == 0, err
    assert out.strip() == BROUGHT_TO_FRONT
    assert window.current_page() == "journal" and window.journal.is_writing()
    assert window.journal.current_entry_id is None  # a new entry: nothing is kept until something is written
    assert all(not answer.text for answer in window.journal.writing.answers())
    assert not window.isMinimized()
    with open_journal(paths, backup=False) as journal:
        assert [(entry.id, entry.body) for entry in journal.entries()] == [(earlier, "a hard meeting")]


def test_a_request_to_write_that_comes_during_the_welcome_waits_for_it(first: RunningApp, qtbot: QtBot) -> None:
    """A new profile: the welcome first (once), then the new entry asked for; asked twice, one entry."""
    window = first.window
    assert window.current_page() == "welcome"
    for _ in range(2):
        with qtbot.waitSignal(first.instance_server.journal_requested, timeout=WAIT_MS):
            second = start_again("window", "--journal")
        qtbot.waitUntil(lambda second=second: second.poll() is not None, timeout=WAIT_MS)
        assert second.communicate()[0].strip() == BROUGHT_TO_FRONT
    assert window.current_page() == "welcome"
    shown: list[str] = []
    window.page_changed.connect(shown.append)
    window.welcome.skip_button.click()
    qtbot.waitUntil(lambda: window.current_page() == "journal", timeout=WAIT_MS)
    assert shown == ["library", "journal"] and window.journal.is_writing()
    window.go_to("library")  # nothing waits any more: the next page change stays where it is
    assert window.current_page() == "library"
