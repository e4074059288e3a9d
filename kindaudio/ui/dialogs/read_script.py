"""The whole script at the chosen length, each line with its approximate start; any line can be heard alone.

For therapists (and anyone curious) to read a practice before using it and
to hear how a single line sounds. The times come from the same layout
playback starts from, with estimated speech, so they are shown as "about".
Hearing a line is a preview: it goes to the player but is never logged.
"""


from __future__ import annotations

import logging

from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog, QLabel, QTreeWidgetItem, QVBoxLayout, QWidget

from kindaudio.audio import PlayChoices
from kindaudio.common.text import printable
from kindaudio.script.durations import format_clock
from kindaudio.script.model import Practice, Sentence
from kindaudio.ui.services import Services
from kindaudio.ui.widgets.basics import make_button, make_label, size_to_screen
from kindaudio.ui.widgets.script_view import ScriptView

log = logging.getLogger(__name__)


class ReadScriptDialog(QDialog):
    """The script as a list of sections, lines, pauses and bells with their start times (a ScriptView).

    Clicking a line (or pressing Enter on it) speaks that line alone through
    the shared player; the line being spoken is marked with ▶ and named below
    the list.
    """

    def __init__(self, services: Services, practice: Practice, choices: PlayChoices,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.practice = practice
        self.view = ScriptView(services)
        self.timeline = self.view.show_practice(practice, choices)
        self.choices = self.view.choices
        self.minutes = self.timeline.seconds / 60
        # The view's parts by the names the rest of the window (and its tests) know them by.
        self.lines, self.status, self.stop_button = self.view.lines, self.view.status, self.view.stop_button
        self.setWindowTitle(f"{printable(practice.title)}: the script")
        self._build()

    def _build(self) -> None:
        heading = make_label(printable(self.practice.title), "page-title", accessible="Practice title")
        rate = self.choices.rate or self.practice.pace.rate
        self.about = about = QLabel(f"At {format_clock(self.timeline.seconds)} ({self.minutes:g} minutes), "
                       f"spoken at {rate} words a minute. Start times are approximate: they come from "
                       "estimated speech, and shift by a few seconds once the voice is ready.")
        about.setProperty("role", "muted")
        about.setWordWrap(True)
        about.setAccessibleName("About these times")
        how = QLabel("To hear a line on its own, click it, or move to it and press Enter. "
                     "A preview is not kept in your practice history.")
        how.setProperty("role", "note")
        how.setWordWrap(True)
        how.setAccessibleName("How to hear a line")
        self.close_button = make_button("Close", "Close the script", "Close the script and go back to the practice")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        self.view.controls.addWidget(self.close_button)

        # The practice's notes: for the shipped ones, where the practice comes from (its credit).
        self.notes = notes = QLabel(" ".join(self.practice.notes.split()))
        notes.setProperty("role", "muted")
        notes.setWordWrap(True)
        notes.setAccessibleName("About this practice")
        notes.setVisible(bool(self.practice.notes.strip()))

        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(heading)
        layout.addWidget(notes)
        layout.addWidget(about)
        layout.addWidget(how)
        layout.addWidget(self.view, 1)
        QWidget.setTabOrder(self.stop_button, self.close_button)
        size_to_screen(self, 900, 680, minimum=(420, 360))

    # -- what the view shows and does, by the dialog's names ------------------------------

    def sentence_items(self) -> list[QTreeWidgetItem]:
        return self.view.sentence_items()

    def rows(self) -> list[str]:
        return self.view.rows()

    def speak(self, item: QTreeWidgetItem) -> None:
        self.view.speak(item)

    @property
    def speaking(self) -> Sentence | None:
        return self.view.speaking

    def stop_speaking(self) -> None:
        self.view.stop_speaking()

    # -- closing -------------------------------------------------------------------

    def done(self, result: int) -> None:
        self.stop_speaking()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        self.stop_speaking()
        super().closeEvent(event)
