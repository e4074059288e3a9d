"""The window's menus and the player's keys, built once for MainWindow.

Apart from main_window.py so that the window reads as routing; the actions
stay the window's attributes (`window.new_action`, `window.support_action`, …)
because pages, the side bar and tests reach them there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMenu, QMenuBar

    from kindaudio.ui.pages.player.page import PlayerPage
    from kindaudio.ui.practice_flow import PracticeFlow
    from kindaudio.ui.window_dialogs import WindowDialogs
    from kindaudio.ui.window_places import WindowPlaces

SEEK_SECONDS = 15.0


class MainWindow(Protocol):
    """What the menus reach of the window (main_window.py imports this module, not the other way round)."""

    dialogs: WindowDialogs
    flow: PracticeFlow
    places: WindowPlaces
    open_action: QAction
    new_action: QAction
    import_pack_action: QAction
    therapist_export_action: QAction
    library_action: QAction
    progress_action: QAction
    journal_action: QAction
    settings_action: QAction
    support_action: QAction
    _player_shortcuts: list[QShortcut]

    @property
    def player(self) -> PlayerPage: ...

    def menuBar(self) -> QMenuBar: ...  # noqa: N802 - Qt's name

    def close(self) -> bool: ...

    def go_to(self, there: str) -> None: ...

    def open_settings(self) -> None: ...

    def new_from_template(self, template_id: str | None = None) -> None: ...


def build_menus(self: MainWindow) -> None:
    """The File, Go and Help menus; their actions become the window's attributes (tests and pages use them)."""
    menu = self.menuBar()
    file_menu = menu.addMenu("&File")
    self.open_action = _add_action(self, file_menu, "&Open practice file…", self.dialogs.choose_practice_file,
                                        QKeySequence.StandardKey.Open,
                                        "Open a practice file (.md) from your computer")
    self.new_action = _add_action(self, file_menu, "&New practice from a template…",
                                       lambda: self.new_from_template(), QKeySequence.StandardKey.New,
                                       "Build a practice of your own from a template")
    self.import_pack_action = _add_action(self, file_menu, "&Import practice pack…",
                                               self.dialogs.choose_pack_file, QKeySequence("Ctrl+I"),
                                               "Add a practice someone shared with you as a .kindpack file")
    file_menu.addSeparator()
    self.therapist_export_action = _add_action(self,
        file_menu, "&Export for your therapist…", self.dialogs.open_therapist_export, QKeySequence("Ctrl+E"),
        "Save a report, spreadsheet or FHIR file of your journal to share")
    file_menu.addSeparator()
    _add_action(self, file_menu, "&Quit", self.close, QKeySequence.StandardKey.Quit)

    go_menu = menu.addMenu("&Go")
    self.library_action = _add_action(self, go_menu, "P&ractices", lambda: self.go_to("library"),
                                           QKeySequence("Ctrl+L"), "Choose a practice")
    self.progress_action = _add_action(self, go_menu, "&Progress", lambda: self.go_to("progress"),
                                            QKeySequence("Ctrl+P"), "What you have practised and how it felt")
    self.journal_action = _add_action(self, go_menu, "&Journal", lambda: self.go_to("journal"),
                                           QKeySequence("Ctrl+J"), "Write a few kind words to yourself")
    self.settings_action = _add_action(self, go_menu, "&Settings", self.open_settings, QKeySequence("Ctrl+,"))
    # Leaving the player is done with its own Stop, so sound never runs on unseen.
    self.places.set_actions([self.open_action, self.library_action, self.settings_action, self.progress_action,
                             self.therapist_export_action, self.new_action, self.import_pack_action,
                             self.journal_action],
                            therapist=[self.new_action])  # the builder: in the therapist view only

    help_menu = menu.addMenu("&Help")
    self.support_action = _add_action(self, help_menu, "If you need more &support", self.flow.support_from_menu,
                                           tip="Your own plan, your therapist's contact, and where to find "
                                               "urgent help")
    _add_action(self, help_menu, "&About KindAudio", self.dialogs.about)

def _add_action(self: MainWindow, menu: QMenu, text: str, slot: Callable[[], object],
                shortcut: QKeySequence | QKeySequence.StandardKey | None = None, tip: str | None = None) -> QAction:
    """An entry in `menu`, with its shortcut and tooltip (when it has them)."""
    action = QAction(text, self.menuBar().window())  # the window owns its actions
    if shortcut is not None:
        action.setShortcut(shortcut)
    if tip is not None:
        action.setToolTip(tip)
    action.triggered.connect(slot)
    menu.addAction(action)
    return action

def build_player_keys(self: MainWindow) -> None:
    """The player's keys, live only while the player page shows (elsewhere Space presses buttons)."""
    keys = [(Qt.Key.Key_Space, lambda: self.player.toggle_pause()),
            (Qt.Key.Key_Left, lambda: self.player.seek_by(-SEEK_SECONDS)),
            (Qt.Key.Key_Right, lambda: self.player.seek_by(SEEK_SECONDS)),
            (Qt.Key.Key_Escape, lambda: self.player.pause_and_ground())]
    self._player_shortcuts = []
    for key, slot in keys:
        shortcut = QShortcut(QKeySequence(key), self.menuBar().window())
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(slot)
        shortcut.setEnabled(False)
        self._player_shortcuts.append(shortcut)

