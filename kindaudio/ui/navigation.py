"""The side bar: the window's places, always in sight, the current one marked, reachable by Tab and Ctrl+number.

Before it, Progress and Settings hid in a "Go" menu and each page had its own
way back. The places are data (PLACES): a new place is one entry here and its
page in the window; the bar, its shortcuts and the view filtering follow.
The therapist's tools are places too, shown only in the therapist view.

Going back: pages under a place (a practice, the timer, the builder under
Practices) have one back link, BACK_TEXT; the places themselves need none,
since the bar is always there.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from kindaudio.ui.widgets.basics import make_button

log = logging.getLogger(__name__)

BACK_TEXT = "← Practices"  # the one wording for going back, on every page under Practices
BACK_NAME = "Back to Practices"
CURRENT = "current place"  # added to the accessible name of the place shown, so a screen reader says where one is


@dataclass(frozen=True)
class Place:
    """One entry of the bar.

    page: the window's name for the page it opens; within: other pages that
    belong to it (marked as it while they show); shortcut: its key (Ctrl+1…).
    """

    page: str
    label: str
    shortcut: str
    tip: str
    therapist_only: bool = False
    within: tuple[str, ...] = ()


PLACES: tuple[Place, ...] = (
    Place("library", "Practices", "Ctrl+1", "Choose a practice to do now", within=("practice", "timer")),
    Place("progress", "Progress", "Ctrl+2", "What you have practised and how it felt"),
    Place("journal", "Journal", "Ctrl+3", "Guided self-compassion writing, private to you"),
    Place("settings", "Settings", "Ctrl+4", "Voice, sound, look, journal, reminders and view"),
    Place("builder", "Make a practice", "Ctrl+5", "Build a practice from a template, for yourself or a client",
          therapist_only=True),
)


def back_link(tip: str = "Go back to the list of practices") -> QPushButton:
    """The back link of a page under Practices, worded as every other one."""
    return make_button(BACK_TEXT, BACK_NAME, tip, "link")


def place_of(page: str, places: tuple[Place, ...] = PLACES) -> Place | None:
    """The place a page belongs to (None for pages of their own: the player, a check-in, the welcome)."""
    return next((place for place in places if page == place.page or page in place.within), None)


class NavigationBar(QFrame):
    """The places as a column of buttons, the current one checked and named so.

    Its shortcuts live on the window (`shortcut_parent`), so they work from
    any page; they are on and off with the bar (`set_available`), as the
    player keeps the window to itself while a practice plays.

    Signals:
        chosen(str): the page of the place the person chose (by click, key or shortcut).
    """

    chosen = Signal(str)

    def __init__(self, shortcut_parent: QWidget, places: tuple[Place, ...] = PLACES,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.places = places
        self.setProperty("role", "nav")
        self.setAccessibleName("Places")
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 24, 12, 24)
        layout.setSpacing(6)
        self.buttons: dict[str, QPushButton] = {}
        self.shortcuts: dict[str, QShortcut] = {}
        for place in places:
            key = QKeySequence(place.shortcut).toString(QKeySequence.SequenceFormat.NativeText)
            button = make_button(place.label, place.label, f"{place.tip} ({key})", "nav")
            button.setCheckable(True)
            button.setAutoExclusive(False)  # no place is marked on pages of their own
            button.clicked.connect(lambda _checked=False, page=place.page: self._choose(page))
            layout.addWidget(button)
            self.buttons[place.page] = button
            shortcut = QShortcut(QKeySequence(place.shortcut), shortcut_parent)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(lambda page=place.page: self._choose(page))
            self.shortcuts[place.page] = shortcut
        layout.addStretch(1)
        self._therapist = True
        self._available = True
        self._current: str | None = None
        self.set_view(therapist=False)

    def _choose(self, page: str) -> None:
        if self._available and not self.buttons[page].isHidden():
            self.chosen.emit(page)  # the window moves (and marks the bar), or asks first and stays
        self.mark(self._current)  # a click checks its button: put the marks back as the window has them

    def set_view(self, therapist: bool) -> None:
        """Show the therapist's places or not; takes effect at once."""
        self._therapist = therapist
        for place in self.places:
            self.buttons[place.page].setVisible(therapist or not place.therapist_only)
        self._update_shortcuts()

    def set_available(self, available: bool) -> None:
        """Whether the places can be reached now (not while a practice plays or the welcome shows)."""
        self._available = available
        self.setVisible(available)
        self._update_shortcuts()

    def _update_shortcuts(self) -> None:
        for place in self.places:
            self.shortcuts[place.page].setEnabled(self._available and (self._therapist or not place.therapist_only))

    def mark(self, page: str | None) -> None:
        """Mark the place `page` belongs to as the current one (none for a page of its own)."""
        self._current = page
        here = place_of(page, self.places) if page is not None else None
        for place in self.places:
            button = self.buttons[place.page]
            current = place is here
            button.setChecked(current)
            button.setAccessibleName(f"{place.label}, {CURRENT}" if current else place.label)

    def current_place(self) -> str | None:
        """The page of the place marked now (None when none is)."""
        return next((page for page, button in self.buttons.items() if button.isChecked()), None)
