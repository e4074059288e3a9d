"""The Library: every practice as a card, the Silent Timer, and the person's own files.

A card says who made a practice when it says so itself ("By Sam"), and
carries what can be done with it: one's own can be edited, recorded, shared
and deleted; one that comes with KindAudio can be read, and recorded in one's
own voice and shared as a voice pack (a therapist's voice for it). The page
only asks for these with signals; the window opens the builder and the
dialogs. Deleting is the page's own work: it asks first, then moves the file
and its recordings away off the GUI thread (kindaudio.script.removal).

The therapist's tools (recording, sharing, editing, the builder, folder paths,
the practice-writing guide, Look again) show only in the therapist view; the
page follows the view as soon as it changes, from the cards it already has.

Reading the practice files is file I/O and parsing, so it runs as a Task; the
page says "Loading…" meanwhile and keeps what it showed before. A file of the
person's own that cannot be parsed still gets a card, saying why it cannot be
used (file:line:col), so a typo never makes a practice silently vanish.
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QWidget

from kindaudio.audio import PlayChoices
from kindaudio.common.settings import Settings
from kindaudio.script.model import Practice
from kindaudio.script.parser import load_practice
from kindaudio.ui.dialogs.read_script import ReadScriptDialog
from kindaudio.ui.pages.library.card_grid import CardGrid
from kindaudio.ui.pages.library.data import CardInfo, read_library
from kindaudio.ui.pages.library.empty_panel import EmptyOwnPanel
from kindaudio.ui.pages.library.practice_card import PracticeCard
from kindaudio.ui.pages.library.text import delete_question
from kindaudio.ui.services import Services
from kindaudio.ui.tasks import Task
from kindaudio.ui.widgets.basics import fill_with_scrolling_page, make_button, make_label, page_header

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

    from kindaudio.script.removal import PracticeBelongings

log = logging.getLogger(__name__)


class LibraryPage(QWidget):
    """Choose what to practise.

    Call `refresh()` to (re)read the practice files; the page does not read
    them on its own when built, so the window decides when the disk is touched.

    Signals:
        practice_chosen(object): the chosen practice file's Path.
        timer_chosen(): the Silent Timer was chosen.
        open_file_requested(): the person wants to open a practice file from disk.
        new_from_template_requested(): the person wants to build a practice from a template.
        import_requested(): the person wants to import a practice pack.
        edit_requested(object, bool): a practice file's Path to edit (or read, when it ships), and
            whether it was built from a template (then the builder reopens it).
        record_requested(object): a practice file's Path to record one's own voice for.
        share_requested(object): a practice file's Path to share as a pack.
        practice_deleted(object): a practice file of one's own (Path) was deleted, with its recordings.
        delete_failed(str): a practice could not be deleted (nothing changed), in words for a person.
        loaded(): a refresh finished (the cards are up to date, or an error is shown).
        last_practised_shown(): the cards say when each practice was last done (from the journal).
    """

    practice_chosen = Signal(object)
    timer_chosen = Signal()
    open_file_requested = Signal()
    new_from_template_requested = Signal()
    import_requested = Signal()
    edit_requested = Signal(object, bool)
    record_requested = Signal(object)
    share_requested = Signal(object)
    practice_deleted = Signal(object)
    delete_failed = Signal(str)
    loaded = Signal()
    last_practised_shown = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self._generation = 0
        self._task: Task | None = None
        self.read_dialog: ReadScriptDialog | None = None
        self._last_practised: dict[str, datetime] | None = None  # None: the journal has not said (or is not open)
        self.confirm_delete: QMessageBox | None = None  # the open "Delete this practice?" question
        self._infos: list[CardInfo] = []
        self._therapist = services.settings.current.therapist_view
        self._failed = False  # the last reading failed: Look again is the way on, in either view
        self._build()
        self._apply_view()
        services.settings.changed.connect(self._settings_changed)
        services.journal_events.opened.connect(self.refresh_last_practised)
        services.journal_events.changed.connect(self.refresh_last_practised)

    # Building ---------------------------------------------------------------

    def _build(self) -> None:
        self.scroll_area, layout = fill_with_scrolling_page(self)
        self.open_button = make_button("Open a practice file…", "Open a practice file",
                                       "Open a practice file (.md) from anywhere on this computer (Ctrl+O)")
        self.open_button.clicked.connect(self.open_file_requested)
        layout.addLayout(page_header("Choose a practice", "Whatever feels right today. You can pause, ground "
                                     "yourself or stop at any moment.", self.open_button))

        self.loading_label = make_label("Loading…", "muted")
        self.loading_label.setAccessibleName("Loading the practices")
        self.loading_label.hide()
        layout.addWidget(self.loading_label)
        self.error_label = make_label("", "error", selectable=True)
        self.error_label.setAccessibleName("Why the practices could not be read")
        self.error_label.hide()
        layout.addWidget(self.error_label)
        self.notice_label = make_label("", "muted", selectable=True)
        self.notice_label.setAccessibleName("What just happened")
        self.notice_label.hide()
        layout.addWidget(self.notice_label)

        layout.addWidget(make_label("Guided practices", "section-title"))
        self.guided_grid = CardGrid()
        layout.addWidget(self.guided_grid)

        layout.addSpacing(8)
        layout.addWidget(make_label("Sitting in silence", "section-title"))
        self.timer_grid = CardGrid()
        layout.addWidget(self.timer_grid)

        layout.addSpacing(8)
        own_header = QHBoxLayout()
        own_header.addWidget(make_label("Your practices", "section-title"), 1)
        self.new_button = make_button("New practice from a template…", "New practice from a template",
                                      "Build a practice of your own from a template: your phrases, your choices, "
                                      "your length (Ctrl+N)", "link")
        self.new_button.clicked.connect(self.new_from_template_requested)
        self.import_button = make_button("Import a pack…", "Import a practice pack",
                                         "Add a practice someone shared with you as a .kindpack file (Ctrl+I)", "link")
        self.import_button.clicked.connect(self.import_requested)
        self.look_again_button = make_button("Look again", "Look again for your practice files",
                                             "Read your practice folder again, after adding or fixing a file", "link")
        self.look_again_button.clicked.connect(self.refresh)
        for button in (self.new_button, self.import_button, self.look_again_button):
            own_header.addWidget(button, 0, Qt.AlignmentFlag.AlignBottom)
        layout.addLayout(own_header)
        self.own_grid = CardGrid()
        layout.addWidget(self.own_grid)
        self.empty_panel = EmptyOwnPanel(self.services.paths)
        self.folder_label = self.empty_panel.folder_label
        self.empty_panel.hide()
        layout.addWidget(self.empty_panel)
        layout.addStretch(1)

        self.setAccessibleName("Library")
        self.setTabOrder(self.open_button, self.new_button)
        self.setTabOrder(self.new_button, self.import_button)
        self.setTabOrder(self.import_button, self.look_again_button)

    # The view -----------------------------------------------------------------

    def _settings_changed(self, settings: Settings) -> None:
        if settings.therapist_view != self._therapist:
            self._therapist = settings.therapist_view
            self._apply_view()
            if self._infos:
                self._show_cards(self._infos)  # the same practices, with this view's actions

    def _apply_view(self) -> None:
        """Show the therapist's tools or not (the cards follow in _show_cards)."""
        therapist = self._therapist
        self.new_button.setVisible(therapist)
        self.look_again_button.setVisible(therapist or self._failed)
        self.empty_panel.set_view(therapist)

    # Loading ----------------------------------------------------------------

    def refresh(self) -> None:
        """Read every practice file again (off the GUI thread); `loaded` follows."""
        self._generation += 1
        generation = self._generation
        self.loading_label.show()
        self.look_again_button.setEnabled(False)
        def connect(task: Task) -> None:
            task.succeeded.connect(lambda cards: self._show(generation, cards))
            task.failed.connect(lambda message: self._show_failure(generation, message))

        self._task = self.services.tasks.run(read_library, self.services.paths, connect=connect)

    def is_loading(self) -> bool:
        return not self.loading_label.isHidden()

    def _current(self, generation: int) -> bool:
        return generation == self._generation

    def _show(self, generation: int, infos: list[CardInfo]) -> None:
        if not self._current(generation):
            return
        self._infos = list(infos)
        self._failed = False
        self._show_cards(infos)
        self.error_label.hide()
        self._apply_view()
        self._finish()
        log.info("library: %d cards", len(infos))

    def _show_cards(self, infos: list[CardInfo]) -> None:
        guided: list[PracticeCard] = []
        timer: list[PracticeCard] = []
        own: list[PracticeCard] = []
        for info in infos:
            card = PracticeCard(info, self._therapist)
            card.chosen.connect(lambda info=info: self._choose(info))
            if info.path is not None:
                path, from_template = info.path, info.from_template
                card.read_requested.connect(lambda path=path: self.read_script(path))
                card.edit_requested.connect(lambda path=path, made=from_template: self.edit_requested.emit(path, made))
                card.record_requested.connect(lambda path=path: self.record_requested.emit(path))
                card.share_requested.connect(lambda path=path: self.share_requested.emit(path))
                if info.own:
                    card.delete_requested.connect(lambda info=info: self.ask_to_delete(info))
            (own if info.own else timer if info.kind == "timer" else guided).append(card)
        self.guided_grid.set_cards(guided)
        self.timer_grid.set_cards(timer)
        self.own_grid.set_cards(own)
        self.own_grid.setVisible(bool(own))
        self.empty_panel.setVisible(not own)
        self._show_last_practised()

    def _show_failure(self, generation: int, message: str) -> None:
        if not self._current(generation):
            return
        self.error_label.setText(f"The practices could not be read: {message}\nYou might press Look again.")
        self.error_label.show()
        self._failed = True
        self._apply_view()
        self._finish()

    def _finish(self) -> None:
        self.loading_label.hide()
        self.look_again_button.setEnabled(True)
        self._task = None
        self.loaded.emit()

    def refresh_last_practised(self) -> None:
        """Ask the journal (off the GUI thread) when each practice was last done; the cards follow."""
        journal = self.services.journal_if_open
        if journal is None:
            return

        def connect(task: Task) -> None:
            task.succeeded.connect(self._got_last_practised)
            task.failed.connect(lambda message: log.warning("last practised not read: %s", message))

        self.services.tasks.run(journal.last_practised, connect=connect)

    def _got_last_practised(self, latest: object) -> None:
        if isinstance(latest, dict):
            self._last_practised = latest
            self._show_last_practised()
            self.last_practised_shown.emit()

    def _show_last_practised(self) -> None:
        if self._last_practised is None:
            return
        today = date.today()
        for card in self.cards():
            practice_id = card.info.practice_id
            card.show_last_practised(self._last_practised.get(practice_id) if practice_id else None, today)

    def _choose(self, info: CardInfo) -> None:
        if info.kind == "timer":
            self.timer_chosen.emit()
        elif info.kind == "practice" and info.path is not None:
            self.practice_chosen.emit(info.path)

    # Deleting one's own practice -------------------------------------------------

    def read_script(self, path: Path) -> None:
        """Read the script as the practice page's Read script shows it: sections, lines, pauses and their
        times at its first length, in the voice and pace chosen in Settings, any line heard on its own."""
        def connect(task: Task) -> None:
            task.succeeded.connect(self._show_script)
            task.failed.connect(lambda message: self._say(f"That script could not be read. {message}"))

        self.services.tasks.run(load_practice, Path(path), connect=connect)

    def _show_script(self, practice: Practice) -> None:
        settings = self.services.settings.current
        if self.read_dialog is not None:
            self.read_dialog.close()
            self.read_dialog.deleteLater()
        self.read_dialog = ReadScriptDialog(self.services, practice,
                                            PlayChoices(voice=settings.voice, rate=settings.rate), self)
        self.read_dialog.open()

    def _say(self, text: str) -> None:
        self.notice_label.setText(text)
        self.notice_label.show()

    def ask_to_delete(self, info: CardInfo) -> None:
        """Find out what would go with it (off the GUI thread), then ask; `confirm_delete` is the question."""
        if info.path is None or not info.own:
            return
        from kindaudio.script.removal import belongings

        def connect(task: Task) -> None:
            task.succeeded.connect(lambda found: self._ask(info, found))
            task.failed.connect(self._delete_failed)

        self.services.tasks.run(belongings, info.path, self.services.paths, connect=connect)

    def _ask(self, info: CardInfo, found: PracticeBelongings) -> None:
        from kindaudio.ui.widgets.question import Answer, ask

        self.confirm_delete = ask(
            self, "Delete a practice", f"Delete “{info.title}”?",
            [Answer("Delete", f"Delete {info.title}", "Delete this practice and its recordings for good",
                    "destructive"),
             Answer("Keep it", f"Keep {info.title}", "Leave the practice as it is")],
            lambda chosen: self._answered(info, chosen == 0), default=1, informative=delete_question(found))

    def _answered(self, info: CardInfo, delete: bool) -> None:
        self.confirm_delete = None
        if not delete or info.path is None:
            return
        from kindaudio.script.removal import delete_practice

        def connect(task: Task) -> None:
            task.succeeded.connect(lambda _deleted: self._deleted(info))
            task.failed.connect(self._delete_failed)

        self.services.tasks.run(delete_practice, info.path, self.services.paths, connect=connect)

    def _deleted(self, info: CardInfo) -> None:
        self.error_label.hide()
        self.notice_label.setText(f"“{info.title}” was deleted. Your journal keeps the sessions you practised "
                                  "with it.")
        self.notice_label.show()
        log.info("deleted %s", info.path)
        self.practice_deleted.emit(info.path)
        self.refresh()

    def _delete_failed(self, message: str) -> None:
        self.notice_label.hide()
        self.error_label.setText(f"The practice was not deleted. {message}")
        self.error_label.show()
        self.delete_failed.emit(message)

    # For the window and tests -------------------------------------------------

    def cards(self) -> list[PracticeCard]:
        """Every card shown, in order: guided, the timer, then your own."""
        return self.guided_grid.cards() + self.timer_grid.cards() + self.own_grid.cards()

    def card(self, title: str) -> PracticeCard:
        """The card with this title (its file name for a file that cannot be used)."""
        for card in self.cards():
            if card.title == title:
                return card
        raise KeyError(title)
