"""What the Library's tests share: the page on screen, a practice file of one's own, and reading them."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from kindaudio.common.paths import AppPaths
from kindaudio.ui.pages.library.page import LibraryPage
from kindaudio.ui.services import Services
from tests.ui.conftest import WAIT_MS


def shown_library(services: Services, qtbot: QtBot) -> LibraryPage:
    widget = LibraryPage(services)
    qtbot.addWidget(widget)
    widget.resize(1280, 720)
    widget.show()
    return widget


def own_file(paths: AppPaths, name: str, text: str) -> Path:
    paths.practices.mkdir(parents=True, exist_ok=True)
    path = paths.practices / name
    path.write_text(text, encoding="utf-8")
    return path


def load(page: LibraryPage, qtbot: QtBot) -> None:
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        page.refresh()
