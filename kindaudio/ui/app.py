"""The composition root: the one place that builds the core services, the theme and the window.

Everything else in kindaudio.ui receives what it needs; nothing else reaches
for a global. The window is shown before anything slow happens (the speech
workers start on first use, the library loads on a worker thread), so the
app is responsive at once.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QApplication

from kindaudio import __version__
from kindaudio.paths import app_paths
from kindaudio.ui.main_window import MainWindow
from kindaudio.ui.services import Services
from kindaudio.ui.theme import app_icon, apply_theme

log = logging.getLogger(__name__)

APP_NAME = "KindAudio"


@dataclass
class RunningApp:
    app: QApplication
    services: Services
    window: MainWindow


def build_app(argv: Sequence[str] = ()) -> RunningApp:
    """Everything the window needs, wired together, with the window shown."""
    app = QApplication.instance() or QApplication([sys.argv[0], *argv])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    app.setDesktopFileName("kindaudio")
    services = Services.create(app_paths())
    apply_theme(app, services.settings.current)
    services.settings.changed.connect(lambda settings: apply_theme(app, settings))
    app.setWindowIcon(app_icon())
    window = MainWindow(services)
    window.show()
    return RunningApp(app, services, window)


def run(open_path: Path | None = None, argv: Sequence[str] = ()) -> int:
    """Open the window (optionally with a practice file), run until it closes; the exit status."""
    running = build_app(argv)
    if open_path is not None:
        running.window.open_practice(open_path)
    try:
        return running.app.exec()
    finally:
        running.services.close()
