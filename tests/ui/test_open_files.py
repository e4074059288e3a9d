"""Files the window starts with, as the desktop hands them over (`kindaudio FILE ...`, Exec … %F).

A pack goes to the import dialog (several: one after another), a practice
file to the practice page. Real packs made by kindaudio.pack in another
person's home; the real window, offscreen. The dialog is reached only through
the window (MainWindow.open_pack and its import_dialog), not by its class.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from kindaudio.cli import main
from kindaudio.common.paths import AppPaths, ensure_dir
from kindaudio.pack import export_pack
from kindaudio.ui.app import QUIT_WHEN_READY_ENV
from kindaudio.ui.main_window import MainWindow
from kindaudio.ui.open_files import open_files
from tests.support.ui import WAIT_MS

PRACTICE = """---
title: {title}
summary: A few kind words, with room to rest between them.
lengths: [1]
---
## Arriving
You might let yourself arrive here, just as you are. [pause 5s..1m]
"""


@pytest.fixture
def packs(tmp_path: Path) -> list[Path]:
    """Two real packs from a therapist's computer (another home), as the client downloaded them."""
    root = tmp_path / "sender"
    sender = AppPaths(root / "data", root / "cache", root / "config")
    made = []
    for name, title in (("evening-rest", "Evening Rest"), ("morning-kindness", "Morning Kindness")):
        practice = ensure_dir(sender.practices) / f"{name}.md"
        practice.write_text(PRACTICE.format(title=title), encoding="utf-8")
        made.append(export_pack(practice, ensure_dir(tmp_path / "Downloads") / f"{name}.kindpack", sender))
    return made


def _import_dialog(window: MainWindow, qtbot: QtBot, pack: Path) -> QDialog:
    qtbot.waitUntil(lambda: window.import_dialog is not None and window.import_dialog.pack == pack
                    and window.import_dialog.isVisible(), timeout=WAIT_MS)
    dialog = window.import_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.summary is not None, timeout=WAIT_MS)  # checked, importable
    return dialog


def test_several_packs_are_offered_for_import_one_after_another(
        window: MainWindow, packs: list[Path], qtbot: QtBot) -> None:
    open_files(window, packs)
    first = _import_dialog(window, qtbot, packs[0])
    assert first.summary.title == "Evening Rest"
    first.reject()  # "Cancel": the next pack is offered
    second = _import_dialog(window, qtbot, packs[1])
    assert second is not first and second.summary.title == "Morning Kindness"
    second.reject()
    assert window.current_page() == "library"


def test_a_practice_file_opens_on_the_practice_page_and_a_pack_beside_it_is_offered(
        window: MainWindow, packs: list[Path], tmp_path: Path, qtbot: QtBot) -> None:
    practice = tmp_path / "Documents" / "for-today.md"
    practice.parent.mkdir()
    practice.write_text(PRACTICE.format(title="For Today"), encoding="utf-8")
    with qtbot.waitSignal(window.practice.practice_loaded, timeout=WAIT_MS) as loaded:
        open_files(window, [packs[0], practice])
    assert loaded.args[0].title == "For Today"
    assert window.current_page() == "practice"
    _import_dialog(window, qtbot, packs[0]).reject()


def test_kindaudio_with_pack_files_opens_the_window_on_the_import_dialog(
        packs: list[Path], monkeypatch: pytest.MonkeyPatch, qtbot: QtBot) -> None:
    """The whole way, as the desktop runs it: `kindaudio A.kindpack B.kindpack` (the window quits once ready)."""
    monkeypatch.setenv(QUIT_WHEN_READY_ENV, "1")
    assert main([str(pack) for pack in packs]) == 0
    [window] = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
    try:
        dialog = window.import_dialog
        assert dialog is not None and dialog.pack == packs[0] and dialog.isVisible()
    finally:
        window.close()
        window.deleteLater()


def test_once_the_window_closes_no_further_pack_is_offered(
        window: MainWindow, packs: list[Path], qtbot: QtBot) -> None:
    open_files(window, packs)
    first = _import_dialog(window, qtbot, packs[0])
    window.close()
    with qtbot.waitSignal(first.finished, timeout=WAIT_MS):
        first.close()  # as quitting the app closes every window
    assert window.import_dialog is first
