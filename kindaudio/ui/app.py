"""The composition root: the one place that builds the core services, the theme and the window.

Everything else in kindaudio.ui receives what it needs; nothing else reaches
for a global. The window is shown before anything slow happens (the library
loads on a worker thread; once it has its cards, the journal opens and the
speech worker for the chosen voice warms up, both on worker threads), so the
app is responsive at once and Play speaks at once.

One KindAudio at a time: the instance lock is taken before the window is
built; a second start asks the open window to come to the front and exits
(handing over its files, or its wish to write: `kindaudio window --journal`).
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication

from kindaudio import __version__
from kindaudio.common.paths import APP_ID, AppPaths, app_paths
from kindaudio.common.settings import Settings
from kindaudio.ui.main_window import MainWindow
from kindaudio.ui.services import Services
from kindaudio.ui.single_instance import AlreadyRunning, InstanceLock, acquire_instance_lock
from kindaudio.ui.tasks import Task
from kindaudio.ui.theme import app_icon, apply_theme
from kindaudio.ui.widgets.input_events import install_input_events

if TYPE_CHECKING:
    from kindaudio.ui.dialogs.journal_problem import JournalProblem
    from kindaudio.ui.instance_channel import InstanceServer

log = logging.getLogger(__name__)

APP_NAME = "KindAudio"
BROUGHT_TO_FRONT = "KindAudio is already open; brought it to the front."
# For tests of an installed copy: set, the window quits by itself once the Library has its cards.
QUIT_WHEN_READY_ENV = "KINDAUDIO_TEST_QUIT_WHEN_READY"
SETTLE_MS = 250  # from the Library having its cards to starting background work: see build_app


@dataclass
class RunningApp:
    app: QApplication
    services: Services
    window: MainWindow
    lock: InstanceLock
    instance_server: InstanceServer | None = None  # listening once the Library has its cards
    journal_problem: JournalProblem | None = None  # the message shown when the journal did not open
    speech_warmer: SpeechWarmer | None = None  # from a moment after the Library has its cards

    def close(self) -> None:
        """Close the window's services (journal included), stop listening, let another instance start."""
        self.services.close()
        if self.instance_server is not None:
            self.instance_server.close()
        self.lock.release()


def build_app(argv: Sequence[str] = (), *, paths: AppPaths | None = None,
              lock: InstanceLock | None = None) -> RunningApp:
    """Everything the window needs, wired together, with the window shown.

    Raises AlreadyRunning when another KindAudio holds the instance lock for
    this data folder (unless the caller already took the lock and passes it).
    """
    paths = paths or app_paths()
    lock = lock or acquire_instance_lock(paths)
    app = QApplication.instance() or QApplication([sys.argv[0], *argv])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    app.setDesktopFileName(APP_ID)  # so the desktop matches the window to its entry (Wayland's app id)
    services = Services.create(paths)
    apply_theme(app, services.settings.current)
    install_input_events(app)  # the wheel scrolls pages, not the fields in them; Enter presses buttons
    services.settings.changed.connect(lambda settings: apply_theme(app, settings))
    app.setWindowIcon(app_icon())
    window = MainWindow(services)
    window.show()
    running = RunningApp(app, services, window, lock)
    services.journal_events.unavailable.connect(lambda error: _journal_unavailable(running, error))
    # Neither holds up the first thing a person sees, so both start a moment after the Library
    # has its cards: opening the journal, which runs migrations and may take a backup (on a
    # worker, but importing SQLAlchemy holds the interpreter's lock for tens of milliseconds),
    # and listening for a second start (loading QtNetwork takes the GUI thread about 15 ms;
    # a second start keeps asking for a few seconds).
    window.library.loaded.connect(lambda: QTimer.singleShot(SETTLE_MS, window, lambda: _start_background(
        running, paths)), Qt.ConnectionType.SingleShotConnection)
    return running


class SpeechWarmer(QObject):
    """Keeps the voice Play will use warm, so Play speaks at once: now, and again whenever it changes.

    One warm-up at a time: arrowing through the voice list changes the voice
    at every step, and only the last one chosen matters.
    """

    def __init__(self, services: Services, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.voice = services.settings.current.voice
        self.running = self.again = False
        services.settings.changed.connect(self._settings_changed)
        self._start()

    def _settings_changed(self, settings: Settings) -> None:
        if settings.voice != self.voice:
            self.voice = settings.voice
            if self.running:
                self.again = True
            else:
                self._start()

    def _start(self) -> None:
        if self.services.closed:
            return
        self.running, self.again = True, False

        def connect(task: Task) -> None:
            task.done.connect(self._done)

        self.services.tasks.run(self.services.warm_speech, connect=connect)

    def _done(self) -> None:
        self.running = False
        if self.again:
            self._start()


def _start_background(running: RunningApp, paths: AppPaths) -> None:
    services = running.services
    if services.closed:  # closed in the moment before (tests close at once)
        return
    services.tasks.run(services.open_journal_now)
    running.speech_warmer = SpeechWarmer(services, running.window)
    from kindaudio.ui.instance_channel import InstanceServer, bring_to_front

    window = running.window
    server = InstanceServer(paths, window)
    server.show_requested.connect(lambda: bring_to_front(window))
    server.open_requested.connect(lambda names: _open_files_later(window, names))
    server.journal_requested.connect(lambda: write_new_entry(window))
    running.instance_server = server


def _journal_unavailable(running: RunningApp, error: object) -> None:
    """Say why the journal did not open (once), and offer the latest backup when the file is unreadable."""
    if running.journal_problem is not None or running.services.closed or not isinstance(error, Exception):
        return
    from kindaudio.ui.dialogs.journal_problem import JournalProblem

    problem = JournalProblem(running.window, running.services, error)
    problem.resolved.connect(running.window.show_error)
    running.journal_problem = problem
    problem.show()


def hand_over_to_running_instance(paths: AppPaths, error: AlreadyRunning, open_paths: Sequence[Path] = (),
                                  journal: bool = False) -> int:
    """Ask the open KindAudio to come to the front (opening the files given there, or a new journal entry):
    0 when it did, 1 (with the lock's message) when none answered."""
    from kindaudio.ui.instance_channel import ask_running_instance_to_show

    core = QCoreApplication.instance() or QCoreApplication([sys.argv[0]])  # the socket needs one
    answered = ask_running_instance_to_show(paths, open_files=open_paths, journal=journal)
    log.debug("asked the running instance through %s: %s", core.applicationName(), answered)
    if answered:
        print(BROUGHT_TO_FRONT)
        return 0
    print(str(error), file=sys.stderr)
    return AlreadyRunning.exit_code


def run(open_paths: Sequence[Path] = (), argv: Sequence[str] = (), *, journal: bool = False) -> int:
    """Open the window (with any practice files and packs given, or on a new journal entry with `journal`),
    run until it closes; the exit status."""
    paths = app_paths()
    try:
        lock = acquire_instance_lock(paths)
    except AlreadyRunning as exc:
        return hand_over_to_running_instance(paths, exc, open_paths, journal)
    running = build_app(argv, paths=paths, lock=lock)
    if open_paths:
        from kindaudio.ui.open_files import open_files

        open_files(running.window, open_paths)
    if journal:
        write_new_entry(running.window)
    if os.environ.get(QUIT_WHEN_READY_ENV):  # leave the event loop as it is: windows and dialogs stay open
        running.window.library.loaded.connect(lambda: QTimer.singleShot(0, lambda: running.app.exit(0)),
                                              Qt.ConnectionType.SingleShotConnection)
    try:
        return running.app.exec()
    finally:
        running.close()


def _open_files_later(window: MainWindow, names: list[str]) -> None:
    """Files a second start handed over (a practice from a reminder, packs from the file manager)."""
    from kindaudio.ui.open_files import open_files

    open_files(window, [Path(name) for name in names])


def write_new_entry(window: MainWindow) -> None:
    """The Journal page on a new entry, as a reminder's "Write a few kind words" asks (at start, or handed
    over by a second start): at once, or, while the welcome shows, once the person has left it.

    Nothing is taken from the person: while a practice plays the player keeps
    the window (its completion screen offers the same writing), and a builder
    with unsaved changes asks first (MainWindow.write_kind_words).
    """
    if window.current_page() != "welcome":
        window.write_kind_words()
    elif window.findChild(_EntryAfterWelcome) is None:  # asked twice during the welcome: one entry is enough
        _EntryAfterWelcome(window)


class _EntryAfterWelcome(QObject):
    """A new journal entry waiting for the welcome to be left (a child of the window while it waits)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        window.page_changed.connect(self._page_changed)

    def _page_changed(self, name: str) -> None:
        if name == "welcome":
            return
        self.window.page_changed.disconnect(self._page_changed)
        self.setParent(None)
        self.deleteLater()
        log.info("the welcome is done: showing the new journal entry asked for")
        # After this page change has reached everyone listening, not in the middle of it.
        QTimer.singleShot(0, self.window, self.window.write_kind_words)
