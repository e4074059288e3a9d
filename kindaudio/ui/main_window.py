"""The main window: one stack of pages, the menus, the keyboard, and dropping practice files and packs.

It only routes: each page does its own work through the services, and says
what it wants next with a signal; the window turns that into a page change.
The way through one practice (a check-in before, the player, a check-in
after, back) is practice_flow.py's; the dialogs opened over the pages (the
script editor, recording one's voice, a pack to import or share), and reading
the Library again when one of them changed a practice, are window_dialogs.py's.
While a practice plays the player page has the window to itself (no way to
wander off and leave sound running unseen); its Stop brings the person back.

The side bar (navigation.py) shows the places and marks the current one; the
view in the settings (client or therapist) decides which places and menu
entries show, at once when it changes. A new profile opens on the welcome
(pages/welcome/), once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from kindaudio.ui import window_geometry
from kindaudio.ui.pages.library.page import LibraryPage
from kindaudio.ui.practice_flow import PracticeFlow
from kindaudio.ui.services import Services
from kindaudio.ui.widgets.message_banner import MessageBanner
from kindaudio.ui.window_dialogs import WindowDialogs
from kindaudio.ui.window_menus import build_menus, build_player_keys
from kindaudio.ui.window_places import WindowPlaces

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog

    from kindaudio.journal.records import Moment
    from kindaudio.ui.pages.builder.page import BuilderPage
    from kindaudio.ui.pages.checkin_page import CheckInPage
    from kindaudio.ui.pages.journal.page import JournalPage
    from kindaudio.ui.pages.player.page import PlayerPage
    from kindaudio.ui.pages.practice.page import PracticePage
    from kindaudio.ui.pages.progress.page import ProgressPage
    from kindaudio.ui.pages.settings.page import SettingsPage
    from kindaudio.ui.pages.support.page import SupportView
    from kindaudio.ui.pages.timer_page import TimerPage
    from kindaudio.ui.pages.welcome.page import WelcomePage
    from kindaudio.ui.play_request import PlayRequest

log = logging.getLogger(__name__)

PRACTICE_SUFFIX = ".md"
PACK_FILE_SUFFIX = ".kindpack"  # kindaudio.pack.PACK_SUFFIX, spelt out so the window starts without that package


class MainWindow(QMainWindow):
    """KindAudio's window.

    Signals:
        page_changed(str): the name of the page now shown ("library", "practice",
            "timer", "player", "settings", "checkin", "progress", "builder", "journal",
            "support", "welcome").
    """

    page_changed = Signal(str)
    # The menus' actions and the player's keys (window_menus.py).
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

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.setWindowTitle("KindAudio")
        self.setAcceptDrops(True)
        window_geometry.restore(self, services.paths)  # within the screen; where it was last closed
        self.dialogs = WindowDialogs(self, self)  # the windows opened over the pages
        self.flow = PracticeFlow(self)  # play, check in before and after, come back
        self.places = WindowPlaces(self, self)  # the side bar, what can be left, the view, the first run
        self.nav = self.places.nav  # made first: first in the Tab order, reached from any page
        self.library = LibraryPage(services)
        self.stack = QStackedWidget()
        # The other pages are built the first time they are needed: the
        # Library comes up sooner, and their imports wait too.
        self._pages: dict[str, QWidget] = {"library": self.library}
        self.stack.addWidget(self.library)
        self.library.practice_chosen.connect(self.open_practice)
        self.library.timer_chosen.connect(lambda: self.go_to("timer"))
        self.library.open_file_requested.connect(self.dialogs.choose_practice_file)
        self.library.new_from_template_requested.connect(lambda: self.new_from_template())
        self.library.import_requested.connect(self.dialogs.choose_pack_file)
        self.library.edit_requested.connect(self.edit_practice)
        self.library.record_requested.connect(self.dialogs.open_record_voice)
        self.library.share_requested.connect(self.dialogs.share_practice)
        self.banner = MessageBanner()
        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.nav)
        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.banner)
        column.addWidget(self.stack, 1)
        row.addLayout(column, 1)
        self.setCentralWidget(central)
        self._after_builder: Callable[[], None] | None = None  # what waits for the builder to let go

        build_menus(self)
        build_player_keys(self)
        self.show_page("library" if services.settings.current.first_run_seen else "welcome")
        self.library.refresh()

    # -- pages -------------------------------------------------------------------

    def current_page(self) -> str:
        current = self.stack.currentWidget()
        return next(name for name, page in self._pages.items() if page is current)

    def show_page(self, name: str) -> None:
        page = self._page(name)
        if self.stack.currentWidget() is not page:
            self.stack.setCurrentWidget(page)
        self.places.shown(name)  # nothing leaves the player; the bar marks where this is
        for shortcut in self._player_shortcuts:
            shortcut.setEnabled(name == "player")
        self.page_changed.emit(name)

    def _page(self, name: str) -> QWidget:
        if name not in self._pages:
            page = self._build_page(name)
            self._pages[name] = page
            self.stack.addWidget(page)
        return self._pages[name]

    def _build_page(self, name: str) -> QWidget:
        services = self.services
        if name == "welcome":
            from kindaudio.ui.pages.welcome.page import WelcomePage

            welcome = WelcomePage(services)
            welcome.finished.connect(lambda: self.go_to("library"))
            welcome.skipped.connect(lambda: self.go_to("library"))
            return welcome
        if name == "practice":
            from kindaudio.ui.pages.practice.page import PracticePage

            practice = PracticePage(services)
            practice.practice_loaded.connect(lambda _practice: self.show_page("practice"))
            practice.load_failed.connect(self.show_error)
            practice.start_requested.connect(lambda request: self.play(request, back_to="practice"))
            practice.back_requested.connect(lambda: self.show_page("library"))
            practice.record_requested.connect(self.dialogs.open_record_voice)
            return practice
        if name == "timer":
            from kindaudio.ui.pages.timer_page import TimerPage

            timer = TimerPage(services)
            timer.start_requested.connect(lambda request: self.play(request, back_to="timer"))
            timer.back_requested.connect(lambda: self.show_page("library"))
            return timer
        if name == "player":
            from kindaudio.ui.pages.player.page import PlayerPage

            player = PlayerPage(services)
            player.stopped.connect(self.flow.stopped)  # faded out: the after check-in, then back
            player.left.connect(self.flow.left)
            # Stopping for today (from the grounding panel) ends the session as Done does:
            # the after check-in, when it is on, with its difficult-feelings toggle at hand.
            player.stopped_for_today.connect(self.flow.after_practice)
            player.done.connect(self.flow.after_practice)
            player.completion.write_requested.connect(lambda: self.write_kind_words(player.last_session_id))
            return player
        if name == "checkin":
            from kindaudio.ui.pages.checkin_page import CheckInPage

            checkin = CheckInPage(services)
            checkin.saved.connect(lambda _check_in_id: self.flow.check_in_over())
            checkin.skipped.connect(self.flow.check_in_over)
            checkin.chosen.connect(self.flow.check_in_chosen)
            return checkin
        if name == "support":
            from kindaudio.ui.pages.support.page import SupportView

            support = SupportView(services.paths)
            support.continue_requested.connect(self.flow.support_over)
            support.settings_requested.connect(self.open_settings)
            return support
        if name == "settings":
            from kindaudio.ui.pages.settings.page import SettingsPage

            return SettingsPage(services)
        if name == "progress":
            from kindaudio.ui.pages.progress.page import ProgressPage

            progress = ProgressPage(services)
            progress.check_in_requested.connect(lambda: self.check_in())
            progress.export_requested.connect(self.dialogs.open_therapist_export)
            return progress
        if name == "builder":
            from kindaudio.ui.pages.builder.page import BuilderPage

            builder = BuilderPage(services)
            builder.saved.connect(self.dialogs.practice_changed)
            builder.closed.connect(self._builder_closed)
            return builder
        if name == "journal":
            from kindaudio.ui.pages.journal.page import JournalPage

            return JournalPage(services)
        raise KeyError(name)

    @property
    def practice(self) -> PracticePage:
        return self._page("practice")  # type: ignore[return-value]

    @property
    def timer(self) -> TimerPage:
        return self._page("timer")  # type: ignore[return-value]

    @property
    def player(self) -> PlayerPage:
        return self._page("player")  # type: ignore[return-value]

    @property
    def settings(self) -> SettingsPage:
        return self._page("settings")  # type: ignore[return-value]

    @property
    def checkin(self) -> CheckInPage:
        return self._page("checkin")  # type: ignore[return-value]

    @property
    def support(self) -> SupportView:
        return self._page("support")  # type: ignore[return-value]

    @property
    def progress(self) -> ProgressPage:
        return self._page("progress")  # type: ignore[return-value]

    @property
    def journal(self) -> JournalPage:
        return self._page("journal")  # type: ignore[return-value]

    def write_kind_words(self, session_id: int | None = None) -> None:
        """The Journal page with a new entry (linked to `session_id`, the practice just finished, when given)."""
        if (self.current_page() == "player" and self.player.is_active()) or self._leave_builder_first(
                lambda: self.write_kind_words(session_id)):
            return
        self.banner.hide()
        self.journal.new_entry(session_id=session_id)
        self.show_page("journal")

    @property
    def builder(self) -> BuilderPage:
        return self._page("builder")  # type: ignore[return-value]

    @property
    def welcome(self) -> WelcomePage:
        return self._page("welcome")  # type: ignore[return-value]

    @property
    def script_editor(self) -> QDialog | None:
        """The script editor opened last (None until one is); the same for the dialogs below."""
        return self.dialogs.script_editor

    @property
    def record_dialog(self) -> QDialog | None:
        return self.dialogs.record_dialog

    @property
    def import_dialog(self) -> QDialog | None:
        return self.dialogs.import_dialog

    @property
    def share_dialog(self) -> QDialog | None:
        return self.dialogs.share_dialog

    @property
    def therapist_export(self) -> QDialog | None:
        return self.dialogs.therapist_export

    def _leave_builder_first(self, then: Callable[[], None]) -> bool:
        """True when the builder holds unsaved changes: it asks first, and `then` runs once it lets go."""
        if self.current_page() != "builder" or not self.builder.has_unsaved_changes:
            return False
        self._after_builder = then
        self.builder.leave()
        return True

    def _builder_closed(self) -> None:
        then, self._after_builder = self._after_builder, None
        if then is not None:
            then()
        elif self.current_page() == "builder":
            self.go_to("library")

    def go_to(self, there: str) -> None:
        if there != "builder" and self._leave_builder_first(lambda: self.go_to(there)):
            return
        self.banner.hide()
        self.flow.pending_play = None  # leaving a before check-in by the menu: the practice does not start
        self.show_page(there)

    # -- making, editing, recording and sharing practices ----------------------------

    def new_from_template(self, template_id: str | None = None) -> None:
        """The builder, starting a new practice (from `template_id`, or choosing one first)."""
        if self.current_page() == "player" or self._leave_builder_first(lambda: self.new_from_template(template_id)):
            return
        self.banner.hide()
        self.builder.start_new(template_id)
        self.show_page("builder")

    def edit_practice(self, path: Path, from_template: bool = False) -> None:
        """A practice built from a template opens in the builder, with its form filled; any other
        in the script editor (read-only, with Save a copy, when it ships with KindAudio)."""
        if self.current_page() == "player":
            return
        if from_template and self._leave_builder_first(lambda: self.edit_practice(path, from_template)):
            return
        self.banner.hide()
        if from_template:
            self.builder.edit(Path(path))
            self.show_page("builder")
        else:
            self.dialogs.open_script_editor(Path(path))

    def open_pack(self, pack: Path) -> QDialog | None:
        """Show what a pack holds (it is checked first), and import it when the person says so."""
        return self.dialogs.open_pack(pack)

    def open_practice(self, path: Path) -> None:
        """Show a practice file (chosen, opened or dropped); its errors appear in the banner."""
        if self._leave_builder_first(lambda: self.open_practice(path)):
            return
        self.banner.hide()
        log.info("opening %s", path)
        self.practice.show_practice(Path(path))

    def play(self, request: PlayRequest, back_to: str) -> None:
        """Play `request`, after a check-in when the person asked for one before practice."""
        self.flow.play(request, back_to)

    def check_in(self, moment: Moment | None = None, session_id: int | None = None) -> None:
        """Show a check-in (on its own unless `moment` says otherwise); Save or Skip comes back here."""
        self.flow.check_in(moment, session_id)

    def show_error(self, message: str) -> None:
        self.banner.show_message(message)

    def open_settings(self) -> None:
        if self.current_page() != "player" and not self._leave_builder_first(self.open_settings):
            self.banner.hide()
            self.show_page("settings")

    # -- dropping files, closing ---------------------------------------------------

    @staticmethod
    def _dropped_file(mime: QMimeData) -> Path | None:
        """The one practice file (.md) or pack (.kindpack) dropped; None for anything else."""
        files = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
        if len(files) == 1 and files[0].suffix.lower() in (PRACTICE_SUFFIX, PACK_FILE_SUFFIX):
            return files[0]
        return None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt's name
        if self.current_page() != "player" and self._dropped_file(event.mimeData()) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt's name
        path = self._dropped_file(event.mimeData())
        if path is None or self.current_page() == "player":
            event.ignore()
            return
        event.acceptProposedAction()
        if path.suffix.lower() == PACK_FILE_SUFFIX:
            self.open_pack(path)
        else:
            self.open_practice(path)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        """Closing mid-practice stops the sound with its fade first; the size and place are kept."""
        window_geometry.remember(self, self.services.paths)
        if "journal" in self._pages:
            self.journal.flush()  # words typed a moment ago are saved before the journal closes
        if "player" in self._pages and self.player.is_active():
            self.player.stop()
        event.accept()
