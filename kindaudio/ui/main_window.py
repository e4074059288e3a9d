"""The main window: one stack of pages, the menus, the keyboard, and dropping practice files and packs.

It only routes: each page does its own work through the services, and says
what it wants next with a signal; the window turns that into a page change
or opens a dialog (the script editor, recording one's voice, a pack to
import or share), and reads the Library again when one of them changed a
practice. While a practice plays the player page has the window to itself
(no way to wander off and leave sound running unseen); its Stop brings the
person back.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QHBoxLayout, QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from kindaudio import __version__
from kindaudio.ui.pages.library.page import LibraryPage
from kindaudio.ui.play_request import PlayRequest
from kindaudio.ui.services import Services
from kindaudio.ui.widgets.basics import make_button, make_label

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog

    from kindaudio.journal.records import Mood, Moment
    from kindaudio.ui.pages.builder.page import BuilderPage
    from kindaudio.ui.pages.checkin_page import CheckInPage
    from kindaudio.ui.pages.player.page import PlayerPage
    from kindaudio.ui.pages.practice_page import PracticePage
    from kindaudio.ui.pages.progress.page import ProgressPage
    from kindaudio.ui.pages.settings.page import SettingsPage
    from kindaudio.ui.pages.timer_page import TimerPage

log = logging.getLogger(__name__)

SEEK_SECONDS = 15.0
PRACTICE_FILE_FILTER = "Practice files (*.md);;All files (*)"
PRACTICE_SUFFIX = ".md"
PACK_FILE_SUFFIX = ".kindpack"  # kindaudio.pack.PACK_SUFFIX, spelt out so the window starts without that package
PACK_FILE_FILTER = "Practice packs (*.kindpack);;All files (*)"


class MessageBanner(QFrame):
    """A dismissible message across the top of the window: readable, never modal, never lost."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "panel")
        self.setObjectName("message-banner")
        layout = QHBoxLayout(self)
        self.text = make_label("", "error")
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                          | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.text.setAccessibleName("Message")
        close = make_button("Dismiss", "Dismiss the message", "Hide this message")
        close.clicked.connect(self.hide)
        layout.addWidget(self.text, 1)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def show_message(self, message: str) -> None:
        self.text.setText(message)
        self.show()


class MainWindow(QMainWindow):
    """KindAudio's window.

    Signals:
        page_changed(str): the name of the page now shown ("library", "practice",
            "timer", "player", "settings", "checkin", "progress", "builder").
    """

    page_changed = Signal(str)

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.setWindowTitle("KindAudio")
        self.setAcceptDrops(True)
        self.setMinimumSize(900, 600)
        self.resize(1280, 800)

        self.library = LibraryPage(services)
        self.stack = QStackedWidget()
        # The other pages are built the first time they are needed: the
        # Library comes up sooner, and their imports wait too.
        self._pages: dict[str, QWidget] = {"library": self.library}
        self.stack.addWidget(self.library)
        self.library.practice_chosen.connect(self.open_practice)
        self.library.timer_chosen.connect(lambda: self._go_to("timer"))
        self.library.open_file_requested.connect(self.choose_practice_file)
        self.library.new_from_template_requested.connect(lambda: self.new_from_template())
        self.library.import_requested.connect(self.choose_pack_file)
        self.library.edit_requested.connect(self.edit_practice)
        self.library.record_requested.connect(self.open_record_voice)
        self.library.share_requested.connect(self.share_practice)
        # The dialogs open now (None until first used); tests and the routing below look at them.
        self.script_editor: QDialog | None = None
        self.record_dialog: QDialog | None = None
        self.import_dialog: QDialog | None = None
        self.share_dialog: QDialog | None = None
        self.banner = MessageBanner()
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self._back_to = "library"  # where the player's Stop returns to
        self._back_to_from_settings = "library"
        self._back_to_from_checkin = "library"  # where a check-in's Save or Skip returns to
        self._pending_play: tuple[PlayRequest, str] | None = None  # waiting for its before check-in
        self._after_builder: Callable[[], None] | None = None  # what waits for the builder to let go

        self._build_menus()
        self._build_shortcuts()
        self.show_page("library")
        self.library.refresh()

    # -- pages -------------------------------------------------------------------

    def current_page(self) -> str:
        current = self.stack.currentWidget()
        return next(name for name, page in self._pages.items() if page is current)

    def show_page(self, name: str) -> None:
        page = self._page(name)
        if self.stack.currentWidget() is not page:
            self.stack.setCurrentWidget(page)
        playing = name == "player"
        for action in self._leave_actions:
            action.setEnabled(not playing)
        for shortcut in self._player_shortcuts:
            shortcut.setEnabled(playing)
        self.page_changed.emit(name)

    def _page(self, name: str) -> QWidget:
        if name not in self._pages:
            page = self._build_page(name)
            self._pages[name] = page
            self.stack.addWidget(page)
        return self._pages[name]

    def _build_page(self, name: str) -> QWidget:
        services = self.services
        if name == "practice":
            from kindaudio.ui.pages.practice_page import PracticePage

            practice = PracticePage(services)
            practice.practice_loaded.connect(lambda _practice: self.show_page("practice"))
            practice.load_failed.connect(self.show_error)
            practice.start_requested.connect(lambda request: self.play(request, back_to="practice"))
            practice.back_requested.connect(lambda: self.show_page("library"))
            practice.record_requested.connect(self.open_record_voice)
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
            player.stopped.connect(lambda: self.show_page(self._back_to))
            # Stopping for today (from the grounding panel) ends the session as Done does:
            # the after check-in, when it is on, with its difficult-feelings toggle at hand.
            player.stopped_for_today.connect(self._after_practice)
            player.done.connect(self._after_practice)
            return player
        if name == "checkin":
            from kindaudio.ui.pages.checkin_page import CheckInPage

            checkin = CheckInPage(services)
            checkin.saved.connect(lambda _check_in_id: self._check_in_over())
            checkin.skipped.connect(self._check_in_over)
            checkin.chosen.connect(self._check_in_chosen)
            return checkin
        if name == "settings":
            from kindaudio.ui.pages.settings.page import SettingsPage

            settings = SettingsPage(services)
            settings.back_requested.connect(lambda: self.show_page(self._back_to_from_settings))
            return settings
        if name == "progress":
            from kindaudio.ui.pages.progress.page import ProgressPage

            progress = ProgressPage(services)
            progress.back_requested.connect(lambda: self._go_to("library"))
            progress.check_in_requested.connect(lambda: self.check_in())
            progress.export_requested.connect(self.open_therapist_export)
            return progress
        if name == "builder":
            from kindaudio.ui.pages.builder.page import BuilderPage

            builder = BuilderPage(services)
            builder.saved.connect(self._practice_changed)
            builder.closed.connect(self._builder_closed)
            return builder
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
    def progress(self) -> ProgressPage:
        return self._page("progress")  # type: ignore[return-value]

    @property
    def builder(self) -> BuilderPage:
        return self._page("builder")  # type: ignore[return-value]

    def open_therapist_export(self) -> None:
        """The export for a therapist, as a window over the current page (not while a practice plays)."""
        if self.current_page() == "player":
            return
        from kindaudio.ui.dialogs.therapist_export import TherapistExportDialog

        dialog = TherapistExportDialog(self.services, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.therapist_export = dialog
        dialog.open()

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
            self._go_to("library")

    def _go_to(self, there: str) -> None:
        if there != "builder" and self._leave_builder_first(lambda: self._go_to(there)):
            return
        self.banner.hide()
        self._pending_play = None  # leaving a before check-in by the menu: the practice does not start
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
            self.open_script_editor(Path(path))

    def open_script_editor(self, path: Path) -> QDialog | None:
        if self.current_page() == "player":
            return None
        from kindaudio.ui.dialogs.script_editor.dialog import ScriptEditorDialog

        dialog = ScriptEditorDialog(self.services, Path(path), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._practice_changed)
        self.script_editor = dialog
        dialog.open()
        return dialog

    def open_record_voice(self, path: Path) -> QDialog | None:
        """Recording one's own voice for a practice, sentence by sentence."""
        if self.current_page() == "player":
            return None
        from kindaudio.ui.dialogs.record_voice.dialog import RecordVoiceDialog

        dialog = RecordVoiceDialog(self.services, Path(path), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: self._recordings_changed(dialog.changed, dialog.practice_path))
        self.record_dialog = dialog
        dialog.open()
        return dialog

    def _recordings_changed(self, changed: bool, path: Path) -> None:
        if changed:
            self._practice_changed(path)

    def _practice_changed(self, path: Path) -> None:
        """A practice (or its recordings) changed: the Library reads again, and the practice page,
        when it shows that practice, reads it again too (its voices and lengths may differ now)."""
        self.library.refresh()
        if self.current_page() == "practice":
            shown = self.practice.practice
            if shown is not None and shown.source is not None and Path(shown.source) == Path(path):
                self.practice.show_practice(Path(path))

    def choose_pack_file(self) -> None:
        if self.current_page() == "player":
            return
        from PySide6.QtWidgets import QFileDialog

        name, _ = QFileDialog.getOpenFileName(self, "Import a practice pack", str(Path.home()), PACK_FILE_FILTER)
        if name:
            self.open_pack(Path(name))

    def open_pack(self, pack: Path) -> QDialog | None:
        """Show what a pack holds (it is checked first), and import it when the person says so."""
        if self.current_page() == "player":
            return None
        from kindaudio.ui.dialogs.packs.import_dialog import ImportPackDialog

        self.banner.hide()
        dialog = ImportPackDialog(self.services, Path(pack), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.imported.connect(self._pack_imported)
        self.import_dialog = dialog
        dialog.open()
        return dialog

    def _pack_imported(self, practice_path: Path) -> None:
        self._practice_changed(practice_path)
        if self.current_page() not in ("library", "player"):
            self._go_to("library")  # where the new practice shows (the builder asks first if it must)

    def share_practice(self, path: Path) -> QDialog | None:
        """Save a practice, with its recordings, as one pack file to give to someone."""
        if self.current_page() == "player":
            return None
        from kindaudio.ui.dialogs.packs.share_dialog import SharePackDialog

        dialog = SharePackDialog(self.services, Path(path), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.share_dialog = dialog
        dialog.open()
        return dialog

    def open_practice(self, path: Path) -> None:
        """Show a practice file (chosen, opened or dropped); its errors appear in the banner."""
        if self._leave_builder_first(lambda: self.open_practice(path)):
            return
        self.banner.hide()
        log.info("opening %s", path)
        self.practice.show_practice(Path(path))

    def play(self, request: PlayRequest, back_to: str) -> None:
        """Play `request`, after a check-in when the person asked for one before practice."""
        settings = self.services.settings.current
        if (settings.check_in_before and request.before is None and request.practice_id is not None
                and self.services.journal_expected):
            from kindaudio.journal.records import Moment

            self.banner.hide()
            self._pending_play = (request, back_to)
            self.checkin.begin(Moment.BEFORE, write=False)
            self.show_page("checkin")
            return
        self._play_now(request, back_to)

    def _play_now(self, request: PlayRequest, back_to: str) -> None:
        self.banner.hide()
        self._pending_play = None
        self._back_to = back_to
        self.show_page("player")
        self.player.start(request)

    def check_in(self, moment: Moment | None = None, session_id: int | None = None) -> None:
        """Show a check-in (on its own unless `moment` says otherwise); Save or Skip comes back here."""
        from kindaudio.journal.records import Moment

        if self.current_page() == "player" and self.player.is_active():
            return  # the player keeps the window while a practice plays
        self._pending_play = None
        current = self.current_page()
        self._back_to_from_checkin = "library" if current in ("checkin", "player") else current
        self.checkin.begin(moment or Moment.STANDALONE, session_id)
        self.show_page("checkin")

    def _after_practice(self) -> None:
        """Done on the completion screen, or Stop for today: the after check-in when it is on
        (and the session was logged), else the Library. A plain Stop goes back to the practice
        to be chosen again, and asks nothing."""
        from kindaudio.journal.records import Moment

        session_id = self.player.last_session_id
        if self.services.settings.current.check_in_after and session_id is not None:
            self._back_to_from_checkin = "library"
            self.checkin.begin(Moment.AFTER, session_id)
            self.show_page("checkin")
        else:
            self.show_page("library")

    def _check_in_over(self) -> None:
        pending, self._pending_play = self._pending_play, None
        if pending is not None:  # a skipped check-in before practice: the practice starts
            self._play_now(*pending)
        else:
            self.show_page(self._back_to_from_checkin)

    def _check_in_chosen(self, mood: Mood) -> None:
        pending, self._pending_play = self._pending_play, None
        if pending is not None:  # saved with the session, once its row exists
            request, back_to = pending
            self._play_now(dataclasses.replace(request, before=mood), back_to)
        else:
            self.show_page(self._back_to_from_checkin)

    def show_error(self, message: str) -> None:
        self.banner.show_message(message)

    def open_settings(self) -> None:
        if self.current_page() != "player" and not self._leave_builder_first(self.open_settings):
            self._back_to_from_settings = self.current_page()
            self.show_page("settings")

    # -- menus and keys ----------------------------------------------------------

    def _build_menus(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu("&File")
        self.open_action = QAction("&Open practice file…", self)
        self.open_action.setShortcut(QKeySequence.StandardKey.Open)
        self.open_action.setToolTip("Open a practice file (.md) from your computer")
        self.open_action.triggered.connect(self.choose_practice_file)
        file_menu.addAction(self.open_action)
        self.new_action = QAction("&New practice from a template…", self)
        self.new_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_action.setToolTip("Build a practice of your own from a template")
        self.new_action.triggered.connect(lambda: self.new_from_template())
        file_menu.addAction(self.new_action)
        self.import_pack_action = QAction("&Import practice pack…", self)
        self.import_pack_action.setShortcut(QKeySequence("Ctrl+I"))
        self.import_pack_action.setToolTip("Add a practice someone shared with you as a .kindpack file")
        self.import_pack_action.triggered.connect(self.choose_pack_file)
        file_menu.addAction(self.import_pack_action)
        file_menu.addSeparator()
        self.therapist_export_action = QAction("&Export for your therapist…", self)
        self.therapist_export_action.setShortcut(QKeySequence("Ctrl+E"))
        self.therapist_export_action.setToolTip("Save a report, spreadsheet or FHIR file of your journal to share")
        self.therapist_export_action.triggered.connect(self.open_therapist_export)
        file_menu.addAction(self.therapist_export_action)
        file_menu.addSeparator()
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        go_menu = menu.addMenu("&Go")
        self.library_action = QAction("&Library", self)
        self.library_action.setShortcut(QKeySequence("Ctrl+L"))
        self.library_action.triggered.connect(lambda: self._go_to("library"))
        self.settings_action = QAction("&Settings", self)
        self.settings_action.setShortcut(QKeySequence("Ctrl+,"))
        self.settings_action.triggered.connect(self.open_settings)
        go_menu.addAction(self.library_action)
        self.progress_action = QAction("&Progress", self)
        self.progress_action.setShortcut(QKeySequence("Ctrl+P"))
        self.progress_action.setToolTip("What you have practised and how it felt")
        self.progress_action.triggered.connect(lambda: self._go_to("progress"))
        go_menu.addAction(self.progress_action)
        go_menu.addAction(self.settings_action)
        # Leaving the player is done with its own Stop, so sound never runs on unseen.
        self._leave_actions = [self.open_action, self.library_action, self.settings_action,
                               self.progress_action, self.therapist_export_action, self.new_action,
                               self.import_pack_action]

        help_menu = menu.addMenu("&Help")
        about = QAction("&About KindAudio", self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def _build_shortcuts(self) -> None:
        """The player's keys, live only while the player page shows (elsewhere Space presses buttons)."""
        keys = [(Qt.Key.Key_Space, lambda: self.player.toggle_pause()),
                (Qt.Key.Key_Left, lambda: self.player.seek_by(-SEEK_SECONDS)),
                (Qt.Key.Key_Right, lambda: self.player.seek_by(SEEK_SECONDS)),
                (Qt.Key.Key_Escape, lambda: self.player.pause_and_ground())]
        self._player_shortcuts = []
        for key, slot in keys:
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)
            shortcut.setEnabled(False)
            self._player_shortcuts.append(shortcut)

    def choose_practice_file(self) -> None:
        if self.current_page() == "player":
            return
        from PySide6.QtWidgets import QFileDialog  # its enums cost start-up time; dialogs load when used

        start = str(self.services.paths.practices) if self.services.paths.practices.is_dir() else str(Path.home())
        name, _ = QFileDialog.getOpenFileName(self, "Open a practice file", start, PRACTICE_FILE_FILTER)
        if name:
            self.open_practice(Path(name))

    def _about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(self, "About KindAudio",
                          f"<p><b>KindAudio {__version__}</b></p>"
                          "<p>Guided self-compassion practice at home, between therapy sessions.</p>"
                          f"<p>Everything stays on this computer, in {self.services.paths.data}.</p>")

    # -- dropping files ------------------------------------------------------------

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

    # -- closing ---------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        """Closing mid-practice stops the sound with its fade first."""
        if "player" in self._pages and self.player.is_active():
            self.player.stop()
        event.accept()
