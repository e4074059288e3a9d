"""The Library: every practice as a card, the Silent Timer, and the person's own files.

A card says who made a practice when it says so itself ("By Sam"), and
carries what can be done with it: one's own can be edited, recorded, shared
and deleted; one that comes with KindAudio can be read, and recorded in one's
own voice and shared as a voice pack (a therapist's voice for it). The page
only asks for these with signals; the window opens the builder and the
dialogs. Deleting is the page's own work: it asks first, then moves the file
and its recordings away off the GUI thread (kindaudio.script.removal).

Reading the practice files is file I/O and parsing, so it runs as a Task; the
page says "Loading…" meanwhile and keeps what it showed before. A file of the
person's own that cannot be parsed still gets a card, saying why it cannot be
used (file:line:col), so a typo never makes a practice silently vanish.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QEnterEvent, QMouseEvent, QResizeEvent
from PySide6.QtWidgets import (QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QSizePolicy,
                               QVBoxLayout, QWidget)

from kindaudio.audio.timer_limits import TIMER_PRACTICE_ID
from kindaudio.common.paths import AppPaths, ensure_dir, shipped_dir
from kindaudio.ui.services import Services
from kindaudio.ui.tasks import Task
from kindaudio.ui.widgets.basics import fill_with_scrolling_page, make_button, make_label, page_header

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

    from kindaudio.script.removal import PracticeBelongings

log = logging.getLogger(__name__)

CARD_MIN_WIDTH = 300
CARD_MIN_LINES = 20  # a card is at least this many lines of text wide
MAX_COLUMNS = 4
GRID_SPACING = 16
GUIDE_FILE = "README.md"  # the practice-writing guide beside the shipped practices

TIMER_TITLE = "Silent Timer"
TIMER_SUMMARY = ("No voice: an opening bell, quiet time that is yours, and bells to close. "
                 "Bells along the way if you like.")


def lengths_text(lengths: tuple[int, ...]) -> str:
    """Offered lengths as a person reads them: "10 · 20 · 45 min"."""
    return f"{' · '.join(str(minutes) for minutes in lengths)} min" if lengths else ""


@dataclass(frozen=True)
class CardInfo:
    """What one card shows; made on the worker thread from a parsed (or refused) file."""

    kind: str  # "practice", "timer" or "broken"
    title: str
    summary: str
    lengths: str
    own: bool  # the person's own file rather than one that ships
    path: Path | None = None
    problems: tuple[str, ...] = ()  # for a broken file: "file:line:col: message", in order
    practice_id: str | None = None  # what the journal knows it by (None for a broken file)
    author: str = ""  # who made it, when the file says
    for_whom: str = ""  # whom it was made for, when the file says
    from_template: bool = False  # built from a template: the builder can reopen it


def read_library(paths: AppPaths) -> list[CardInfo]:
    """Every card, in order: shipped guided practices, the timer, then the person's own.

    Runs on a worker thread. The practice listing remembers what it found in
    files that have not changed, so a usual start parses nothing.
    """
    from kindaudio.audio.timer_limits import MAX_MINUTES, MIN_MINUTES, format_minutes
    from kindaudio.script.catalogue import list_practices

    shipped: list[CardInfo] = []
    own: list[CardInfo] = []
    for listing in list_practices(paths):
        entry = listing.file
        mine = entry.origin == "yours"
        if not mine and entry.id == TIMER_PRACTICE_ID:
            continue  # the timer has a card of its own, with any length
        if listing.problems:
            problems = tuple(f"{Path(d.path).name}:{d.line}:{d.column}: {d.message}" for d in listing.problems)
            card = CardInfo("broken", entry.path.name, "", "", mine, entry.path, problems)
        else:
            card = CardInfo("practice", listing.title, listing.summary, lengths_text(listing.lengths), mine,
                            entry.path, practice_id=entry.id, author=listing.author, for_whom=listing.for_whom,
                            from_template=listing.from_template)
        (own if mine else shipped).append(card)
    timer = CardInfo("timer", TIMER_TITLE, TIMER_SUMMARY,
                     f"Any length from {format_minutes(MIN_MINUTES)} to {format_minutes(MAX_MINUTES)}", False,
                     practice_id=TIMER_PRACTICE_ID)
    return [*shipped, timer, *own]


def author_text(author: str) -> str:
    """Who made a practice, as its card says it."""
    return f"By {author}"


def card_tooltip(info: CardInfo) -> str:
    """Whom a practice was made for, and where one's own file lives: for the curious, on hover."""
    lines = []
    if info.for_whom:
        lines.append(f"Made for {info.for_whom}")
    if info.own and info.path is not None:
        lines.append(str(info.path))
    return "\n".join(lines)


def delete_question(found: PracticeBelongings) -> str:
    """What deleting takes with it, said before it is done."""
    recordings = found.recordings
    took = (f"Its file and your {recordings} recordings of it are deleted for good" if recordings > 1
            else "Its file and your recording of it are deleted for good" if recordings == 1
            else "Its file is deleted for good")
    audio = ", with the audio that came in its pack" if found.audio else ""
    return f"{took}{audio}. The sessions you practised with it stay in your journal."


def last_practised_text(started: datetime | None, today: date) -> str:
    """When a practice was last done, in plain words and local days: "Last practised: 3 days ago"."""
    if started is None:
        return "Not practised yet"
    day = started.astimezone().date()
    days = (today - day).days
    if days <= 0:
        when = "today"
    elif days == 1:
        when = "yesterday"
    elif days < 14:
        when = f"{days} days ago"
    else:
        when = f"on {day.day} {day:%B %Y}"
    return f"Last practised: {when}"


class PracticeCard(QFrame):
    """One card: a practice, the timer, or a file that cannot be used yet (with why).

    Clicking anywhere on a usable card chooses it, as does its button (the
    keyboard's way in). A practice card also has its actions: one's own can be
    edited, recorded and shared; a shipped one can be read (and copied) in the
    script editor; a broken file of one's own can be opened to be fixed.

    Signals:
        chosen(): the person chose this card.
        edit_requested(): Edit (one's own) or Read the script (shipped).
        record_requested(): Record my voice.
        share_requested(): Share as a pack.
        delete_requested(): Delete (one's own, asked about first by the page).
    """

    chosen = Signal()
    edit_requested = Signal()
    record_requested = Signal()
    share_requested = Signal()
    delete_requested = Signal()

    def __init__(self, info: CardInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.info = info
        self.setProperty("role", "card")
        self.setAttribute(Qt.WidgetAttribute.WA_Hover)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.choose_button: QPushButton | None = None
        self.more_button: QPushButton | None = None
        self.more_label: QLabel | None = None
        self.author_label: QLabel | None = None
        self.edit_button: QPushButton | None = None
        self.record_button: QPushButton | None = None
        self.share_button: QPushButton | None = None
        self.delete_button: QPushButton | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 18)
        layout.setSpacing(8)
        self.title_label = make_label(info.title, "card-title")
        layout.addWidget(self.title_label)
        self.origin_label = make_label(self._origin_text(), "tag", wrap=False)
        self.origin_label.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        layout.addWidget(self.origin_label)
        if info.author:
            self.author_label = make_label(author_text(info.author), "muted",
                                           accessible=f"Made by {info.author}")
            layout.addWidget(self.author_label)

        if info.kind == "broken":
            self._add_problems(layout)
            self._add_actions(layout)
        else:
            if info.summary:
                self.summary_label = make_label(info.summary)
                layout.addWidget(self.summary_label)
            self.lengths_label = make_label(info.lengths, "muted")
            self.lengths_label.setAccessibleName(f"Lengths: {info.lengths}")
            layout.addWidget(self.lengths_label)
            self.last_label = make_label("", "muted")
            self.last_label.setAccessibleName("When you last practised this")
            self.last_label.hide()  # until the journal has said
            layout.addWidget(self.last_label)
            layout.addStretch(1)
            self._add_actions(layout)
            self._add_choose_button(layout)
        self.setAccessibleName(self._accessible_text())
        self.setToolTip(card_tooltip(info))

    @property
    def title(self) -> str:
        return self.info.title

    def show_last_practised(self, started: datetime | None, today: date) -> None:
        """Say when this practice was last done (a broken file's card has nothing to say)."""
        if self.info.kind == "broken":
            return
        self.last_label.setText(last_practised_text(started, today))
        self.last_label.show()
        self.setAccessibleName(f"{self._accessible_text()} {self.last_label.text()}.")

    @property
    def usable(self) -> bool:
        return self.info.kind != "broken"

    def _origin_text(self) -> str:
        if self.info.kind == "broken":
            return "Your practice · cannot be used yet"
        if self.info.kind == "timer":
            return "Silent, with bells"
        return "Your practice" if self.info.own else "Comes with KindAudio"

    def _accessible_text(self) -> str:
        if self.info.kind == "broken":
            return f"{self.info.title}: cannot be used yet. {self.info.problems[0] if self.info.problems else ''}"
        made_by = f" {author_text(self.info.author)}." if self.info.author else ""
        return f"{self.info.title}. {self._origin_text()}.{made_by} {self.info.summary} {self.info.lengths}".strip()

    def _add_actions(self, layout: QVBoxLayout) -> None:
        """What else can be done with this practice, as quiet links, two to a line.

        A grid rather than a flowing layout: a Python layout would be asked for
        its geometry over and over while the Library first shows, on every card.
        """
        info, title = self.info, self.info.title
        if info.kind == "timer" or info.path is None:
            return
        holder = QWidget()
        row = QGridLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.setHorizontalSpacing(4)
        row.setColumnStretch(2, 1)
        if not info.own:
            self.edit_button = make_button("Read the script", f"Read the script of {title}",
                                           "See the whole text of this practice; you can save a copy of it to change",
                                           "link")
            if info.practice_id != TIMER_PRACTICE_ID:  # a practice with sentences to say
                self.record_button = make_button("Record my voice", f"Record your voice for {title}",
                                                 "Record its sentences in your own voice, one at a time; they play "
                                                 "in place of the computer voice", "link")
                self.share_button = make_button("Share as a pack…", f"Share your voice for {title} as a pack",
                                                "Save your recordings of it as one .kindpack file, so someone else "
                                                "can hear it in your voice", "link")
        elif info.kind == "broken":
            self.edit_button = make_button("Edit", f"Edit {title}",
                                           "Open the file in the script editor, with its mistakes marked, to fix them",
                                           "link")
            self.delete_button = self._make_delete_button()
        else:
            tip = ("Change the choices it was built from" if info.from_template
                   else "Change its text in the script editor")
            self.edit_button = make_button("Edit", f"Edit {title}", tip, "link")
            self.record_button = make_button("Record my voice", f"Record your voice for {title}",
                                             "Record its sentences in your own voice, one at a time", "link")
            self.share_button = make_button("Share as a pack…", f"Share {title} as a pack",
                                            "Save it as one .kindpack file, with your recordings, to give to someone",
                                            "link")
            self.delete_button = self._make_delete_button()
        placed = 0
        for button, signal in ((self.edit_button, self.edit_requested), (self.record_button, self.record_requested),
                               (self.share_button, self.share_requested), (self.delete_button, self.delete_requested)):
            if button is not None:
                button.clicked.connect(signal)
                row.addWidget(button, placed // 2, placed % 2, Qt.AlignmentFlag.AlignLeft)
                placed += 1
        layout.addWidget(holder)

    def _make_delete_button(self) -> QPushButton:
        return make_button("Delete…", f"Delete {self.info.title}",
                           "Delete this practice and your recordings of it (you are asked first); "
                           "your journal keeps the sessions you practised with it", "link")

    def _add_choose_button(self, layout: QVBoxLayout) -> None:
        timer = self.info.kind == "timer"
        text = "Set the timer" if timer else "Choose"
        tip = "Choose a sitting time and bells" if timer else f"Choose a length and voice for {self.info.title}"
        button = make_button(text, f"{text}: {self.info.title}", tip, "primary")
        button.clicked.connect(self.chosen)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(button)
        layout.addLayout(row)
        self.choose_button = button

    def _add_problems(self, layout: QVBoxLayout) -> None:
        problems = self.info.problems or ("the file could not be read",)
        layout.addWidget(make_label("This file has a mistake, so it cannot be played yet:", "error"))
        first = make_label(problems[0], selectable=True)
        first.setAccessibleName("The first problem")
        layout.addWidget(first)
        self.problem_label = first
        rest = problems[1:]
        if rest:
            self.more_label = make_label("\n".join(rest), selectable=True)
            self.more_label.setAccessibleName("The other problems")
            self.more_label.hide()
            count = len(rest)
            self.more_button = make_button(self._more_text(False),
                                           f"Show the other {count} problem{'s' if count > 1 else ''}",
                                           "Show or hide every problem found in this file", "link")
            self.more_button.clicked.connect(self._toggle_more)
            layout.addWidget(self.more_button, 0, Qt.AlignmentFlag.AlignLeft)
            layout.addWidget(self.more_label)
        layout.addWidget(make_label("You might open it in a text editor, fix the line named, then press "
                                "Look again.", "muted"))
        layout.addStretch(1)

    def _more_text(self, shown: bool) -> str:
        count = len(self.info.problems) - 1
        noun = "problem" if count == 1 else "problems"
        return f"Hide the other {noun}" if shown else f"Show {count} more {noun}"

    def _toggle_more(self) -> None:
        if self.more_label is None or self.more_button is None:
            return
        shown = self.more_label.isHidden()
        self.more_label.setVisible(shown)
        self.more_button.setText(self._more_text(shown))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        if (self.usable and event.button() == Qt.MouseButton.LeftButton
                and self.rect().contains(event.position().toPoint())):
            self.chosen.emit()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def enterEvent(self, event: QEnterEvent) -> None:  # noqa: N802 - Qt's name
        if self.usable:
            self.setCursor(Qt.CursorShape.PointingHandCursor)
        super().enterEvent(event)


class CardGrid(QWidget):
    """Cards in as many equal columns as the width allows, wrapping to new rows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(GRID_SPACING)
        self._cards: list[PracticeCard] = []
        self._fillers: list[QWidget] = []
        self._columns = 0

    def set_cards(self, cards: list[PracticeCard]) -> None:
        for card in self._cards:
            self._grid.removeWidget(card)
            card.deleteLater()
        self._cards = list(cards)
        self._columns = 0
        self._place(self._columns_for(self.width()))
        for card in self._cards:
            card.show()  # now, not on the layout's queued show: `loaded` means they are there

    def cards(self) -> list[PracticeCard]:
        return list(self._cards)

    def card_min_width(self) -> int:
        """Wider with larger text, so a card's words never get squeezed into a narrow column."""
        return max(CARD_MIN_WIDTH, CARD_MIN_LINES * self.fontMetrics().height())

    def _columns_for(self, width: int) -> int:
        card = self.card_min_width()
        fits = (max(width, card) + GRID_SPACING) // (card + GRID_SPACING)
        return max(1, min(MAX_COLUMNS, fits))

    def _place(self, columns: int) -> None:
        if columns == self._columns:
            return
        for card in self._cards:
            self._grid.removeWidget(card)
        for filler in self._fillers:
            self._grid.removeWidget(filler)
            filler.deleteLater()
        self._fillers = []
        for column in range(MAX_COLUMNS):
            self._grid.setColumnStretch(column, 1 if column < columns else 0)
        for index, card in enumerate(self._cards):
            self._grid.addWidget(card, index // columns, index % columns)
        # Empty cells of a short last row hold a blank widget, so a lone card is
        # exactly as wide as the cards of a full row.
        for index in range(len(self._cards), -(-len(self._cards) // columns) * columns):
            filler = QWidget()
            self._fillers.append(filler)
            self._grid.addWidget(filler, index // columns, index % columns)
        self._columns = columns

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._place(self._columns_for(event.size().width()))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # the text size changed: columns may too
            self._place(self._columns_for(self.width()))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        # One column is always possible: never force the window wider than one card.
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), self.card_min_width()), hint.height())


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
        self._last_practised: dict[str, datetime] | None = None  # None: the journal has not said (or is not open)
        self.confirm_delete: QMessageBox | None = None  # the open "Delete this practice?" question
        self._build()
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
        self.empty_panel = self._build_empty_panel()
        self.empty_panel.hide()
        layout.addWidget(self.empty_panel)
        layout.addStretch(1)

        self.setAccessibleName("Library")
        self.setTabOrder(self.open_button, self.new_button)
        self.setTabOrder(self.new_button, self.import_button)
        self.setTabOrder(self.import_button, self.look_again_button)

    def _build_empty_panel(self) -> QFrame:
        panel = QFrame()
        panel.setProperty("role", "panel")
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(8)
        folder = self.services.paths.practices
        layout.addWidget(make_label("Practices you make from a template, import from a pack or write yourself "
                                    "live here. A practice file (ending in .md) put in this folder appears too:"))
        self.folder_label = make_label(str(folder), "muted", selectable=True)
        self.folder_label.setAccessibleName("Your practice folder")
        layout.addWidget(self.folder_label)
        row = QHBoxLayout()
        open_folder = make_button("Open this folder", "Open your practice folder",
                                  "Show your practice folder in the file manager (it is made if missing)", "link")
        open_folder.clicked.connect(self._open_folder)
        guide = make_button("How a practice file is written", "How a practice file is written",
                            "Open the short guide to writing a practice file", "link")
        guide.clicked.connect(self._open_guide)
        row.addWidget(open_folder)
        row.addWidget(guide)
        row.addStretch(1)
        layout.addLayout(row)
        return panel

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
        guided: list[PracticeCard] = []
        timer: list[PracticeCard] = []
        own: list[PracticeCard] = []
        for info in infos:
            card = PracticeCard(info)
            card.chosen.connect(lambda info=info: self._choose(info))
            if info.path is not None:
                path, from_template = info.path, info.from_template
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
        self.error_label.hide()
        self._show_last_practised()
        self._finish()
        log.info("library: %d cards (%d of your own)", len(infos), len(own))

    def _show_failure(self, generation: int, message: str) -> None:
        if not self._current(generation):
            return
        self.error_label.setText(f"The practices could not be read: {message}\nYou might press Look again.")
        self.error_label.show()
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

    # Folders ------------------------------------------------------------------

    def _open_folder(self) -> None:
        folder = ensure_dir(self.services.paths.practices)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def _open_guide(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(shipped_dir("scripts") / GUIDE_FILE)))
