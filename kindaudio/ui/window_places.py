"""Where the person can go from here: the side bar, the menu entries that leave a page, the view, the first run.

The main window owns one WindowPlaces and tells it each page it shows; this
decides what can be reached then. While a practice plays nothing leaves the
player (the bar hides, the leaving menu entries and the bar's shortcuts are
off); the welcome has its own way on. The view in the settings (client or
therapist) decides whether the therapist's places and menu entries show, at
once when it changes. Leaving the welcome, by any way, records the first run
as seen.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Protocol

from kindaudio.common.settings import Settings
from kindaudio.ui.navigation import NavigationBar

if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QWidget

    from kindaudio.ui.services import Services

log = logging.getLogger(__name__)

HELD_PAGES = ("player", "welcome")  # pages the bar is not offered on


class PlacesWindow(Protocol):
    """What WindowPlaces uses of the main window."""

    services: Services

    def current_page(self) -> str: ...

    def go_to(self, there: str) -> None: ...

    def open_settings(self) -> None: ...

    def new_from_template(self, template_id: str | None = None) -> None: ...


class WindowPlaces:
    """The side bar (`nav`) and the menu entries that leave the page shown (`leaving`, some of them `therapist`)."""

    def __init__(self, window: PlacesWindow, shortcut_parent: QWidget) -> None:
        self.window = window
        self.services = window.services
        self.nav = NavigationBar(shortcut_parent)
        self.nav.chosen.connect(self.go_to_place)
        self.leaving: list[QAction] = []
        self.therapist: list[QAction] = []
        self._playing = False
        self.services.settings.changed.connect(self.apply_view)

    def set_actions(self, leaving: list[QAction], therapist: list[QAction]) -> None:
        """The menu entries that leave the page shown, and those of them for the therapist view only."""
        self.leaving, self.therapist = leaving, therapist
        self.apply_view(self.services.settings.current)

    def shown(self, name: str) -> None:
        """The window now shows the page `name`."""
        if name != "welcome" and not self.services.settings.current.first_run_seen:
            self._first_run_seen()  # left the welcome, however: it is not shown again
        self._playing = name == "player"
        self._update_actions()
        self.nav.set_available(name not in HELD_PAGES)
        self.nav.mark(name)

    def go_to_place(self, page: str) -> None:
        """A place chosen in the side bar (or by its shortcut)."""
        window = self.window
        if window.current_page() in HELD_PAGES:
            return  # the bar is hidden then, and its shortcuts off
        if page == "settings":
            window.open_settings()
        elif page == "builder":
            if window.current_page() != "builder":
                window.new_from_template()
        else:
            window.go_to(page)

    def apply_view(self, settings: Settings) -> None:
        """Show the therapist's places and menu entries, or not: at once, no restart."""
        self.nav.set_view(settings.therapist_view)
        for action in self.therapist:
            action.setVisible(settings.therapist_view)
        self._update_actions()

    def _update_actions(self) -> None:
        therapist = self.services.settings.current.therapist_view
        for action in self.leaving:
            action.setEnabled(not self._playing and (therapist or action not in self.therapist))

    def _first_run_seen(self) -> None:
        try:
            self.services.settings.update(first_run_seen=True)
        except (ValueError, OSError) as exc:  # it shows again next time: better than stopping here
            log.warning("the first run could not be recorded as seen: %s", exc)
