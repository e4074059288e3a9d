"""One card of the Library: a practice, the timer, or a file that cannot be used yet (with why)."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QEnterEvent, QMouseEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from kindaudio.audio import TIMER_PRACTICE_ID
from kindaudio.ui.pages.library.data import CardInfo
from kindaudio.ui.pages.library.text import author_text, card_tooltip, last_practised_text
from kindaudio.ui.widgets.basics import make_button, make_label


class PracticeCard(QFrame):
    """One card: a practice, the timer, or a file that cannot be used yet (with why).

    Clicking anywhere on a usable card chooses it, as does its button (the
    keyboard's way in). A practice card also has its actions: one's own can be
    edited, recorded and shared; a shipped one can be read as it will be heard
    (Read the script: sections, lines, pauses, start times, as the practice
    page's Read script shows it) and opened in the script editor to save a copy
    (Edit a copy); a broken file of one's own can be opened to be fixed.
    Editing, recording and sharing are the therapist's tools: in the client
    view (`therapist=False`) a card offers Read the script, and Delete on
    one's own, and never shows a file's path.

    Signals:
        chosen(): the person chose this card.
        read_requested(): Read the script, the timed view of the practice as it will be heard.
        edit_requested(): Edit (one's own) or Edit a copy (shipped: the file, read-only, saved as a copy).
        record_requested(): Record my voice.
        share_requested(): Share as a pack.
        delete_requested(): Delete (one's own, asked about first by the page).
    """

    chosen = Signal()
    read_requested = Signal()
    edit_requested = Signal()
    record_requested = Signal()
    share_requested = Signal()
    delete_requested = Signal()

    def __init__(self, info: CardInfo, therapist: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.info = info
        self.therapist = therapist
        self.setProperty("role", "card")
        self.setAttribute(Qt.WidgetAttribute.WA_Hover)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.choose_button: QPushButton | None = None
        self.more_button: QPushButton | None = None
        self.more_label: QLabel | None = None
        self.author_label: QLabel | None = None
        self.read_button: QPushButton | None = None
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
        self.setToolTip(card_tooltip(info.for_whom, info.path if info.own and therapist else None))

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
        if not self.therapist:
            self._add_client_actions()
        elif not info.own:
            self.read_button = self._make_read_button()
            self.edit_button = make_button("Edit a copy", f"Edit a copy of {title}",
                                           "Open its file in the script editor and save a copy of it to change",
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
        for button, signal in ((self.read_button, self.read_requested), (self.edit_button, self.edit_requested),
                               (self.record_button, self.record_requested),
                               (self.share_button, self.share_requested), (self.delete_button, self.delete_requested)):
            if button is not None:
                button.clicked.connect(signal)
                row.addWidget(button, placed // 2, placed % 2, Qt.AlignmentFlag.AlignLeft)
                placed += 1
        layout.addWidget(holder)

    def _add_client_actions(self) -> None:
        """The client view's: reading a practice as it will be heard, and deleting one's own."""
        if self.info.kind != "broken":
            self.read_button = self._make_read_button()
        if self.info.own:
            self.delete_button = self._make_delete_button()

    def _make_read_button(self) -> QPushButton:
        return make_button("Read the script", f"Read the script of {self.info.title}",
                           "See the practice as it will be heard: its sections, lines and pauses with their times; "
                           "hear any line", "link")

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
        layout.addWidget(make_label("You might open it in a text editor, fix the line named, then press Look again."
                                    if self.therapist else "Whoever gave it to you may be able to send a copy "
                                    "that works; you can also delete it.", "muted"))
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
