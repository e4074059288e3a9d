"""The check-in: how it feels, a few feeling words, whether difficult feelings came up, and a note.

Offered before a practice (when switched on), after one, or on its own at any
time. It never nags: Skip is as easy as Save, asks nothing back, and every
part is optional except the overall feeling that a saved check-in is about.
When difficult feelings are marked, the same grounding words as the player's
Pause & ground panel appear, with its gentle note; and once such a check-in
(or one at the lowest feeling) is saved, the window shows "If you need more
support" before going on (`offer_support` says so; practice_flow.py decides).

Saving runs on the journal's writing thread, after any writes for the session
it belongs to.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QFrame, QHBoxLayout, QPlainTextEdit, QSizePolicy, QVBoxLayout, QWidget

from kindaudio.common.errors import UserInputError
from kindaudio.journal.records import MAX_NOTE_LENGTH, Moment, Mood
from kindaudio.journal.support_words import calls_for_support
from kindaudio.ui.pages.grounding import INVITATIONS, NOTE
from kindaudio.ui.services import Services
from kindaudio.ui.tasks import Task
from kindaudio.ui.widgets.basics import fill_with_words_and_choices, make_button, make_label
from kindaudio.ui.widgets.mood_picker import FeelingPicker, ValencePicker

log = logging.getLogger(__name__)

COLUMN_WIDTH = 980  # pixels: seven valence steps side by side, and a comfortable reading width

# The grounding panel's own words, without its first and last lines (those speak of a paused practice).
GROUNDING_LINES = INVITATIONS[1:-1]

HEADINGS = {
    Moment.BEFORE: ("Before you begin",
                    "If you like, notice how you are arriving. Any answer is fine, and you can skip this."),
    Moment.AFTER: ("How are you now?",
                   "If you like, notice how you feel after practising. There are no right answers."),
    Moment.STANDALONE: ("Check in",
                        "How are you right now? Whatever is here is welcome, and you can skip this."),
}
VALENCE_QUESTION = "Overall, how does it feel right now?"
NO_VALENCE = "Choose how it feels overall to save, or Skip. Both are fine."
SHARE_TEXT = "Include this note when I share a report with my therapist"


class CheckInPage(QWidget):
    """One check-in, begun with `begin()`; Save writes it to the journal, Skip leaves without a word.

    Signals:
        saved(int): the check-in was written (its id).
        chosen(object): Save was pressed on a check-in begun with `write=False`: the Mood,
            for the caller to write (a check-in before a session is written with the session).
        skipped(): the person chose Skip.
    """

    saved = Signal(int)
    chosen = Signal(object)
    skipped = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.moment = Moment.STANDALONE
        self.session_id: int | None = None
        self._write = True
        self._saving = False
        self.offer_support = False  # the check-in saved (or chosen) last calls for the support place
        self.setAccessibleName("Check-in")
        self._build()
        self.begin(Moment.STANDALONE)

    # -- building --------------------------------------------------------------

    def _build(self) -> None:
        column = QWidget()
        column.setMaximumWidth(COLUMN_WIDTH)
        layout = QVBoxLayout(column)
        layout.setContentsMargins(40, 24, 40, 12)
        layout.setSpacing(10)

        self.heading = make_label("", "page-title")
        self.subtitle = make_label("", "subtitle")
        layout.addWidget(self.heading)
        layout.addWidget(self.subtitle)
        layout.addSpacing(6)

        self.valence_label = make_label(VALENCE_QUESTION, "section-title")
        self.valence = ValencePicker()
        self.valence.changed.connect(lambda _value: self._update_save())
        layout.addWidget(self.valence_label)
        layout.addWidget(self.valence)

        layout.addSpacing(6)
        layout.addWidget(make_label("Any feelings you notice? Choose as many as fit, or none.", "section-title"))
        self.feelings = FeelingPicker()
        layout.addWidget(self.feelings)

        layout.addSpacing(6)
        self.difficult = QCheckBox("Difficult feelings came up")
        self.difficult.setAccessibleName("Difficult feelings came up")
        self.difficult.setToolTip("Mark this if something hard came up; a few grounding words appear below")
        self.difficult.toggled.connect(self._show_grounding)
        layout.addWidget(self.difficult, 0, Qt.AlignmentFlag.AlignLeft)
        self.grounding = self._build_grounding()
        layout.addWidget(self.grounding)

        layout.addSpacing(6)
        note_title = make_label("A note, if you like", "section-title")
        layout.addWidget(note_title)
        self.note = QPlainTextEdit()
        self.note.setAccessibleName("Note")
        self.note.setToolTip("Anything you want to remember about this moment; it stays on this computer")
        self.note.setPlaceholderText("A few words for yourself…")
        self.note.setTabChangesFocus(True)
        self.note.setMinimumHeight(self.note.fontMetrics().lineSpacing() * 3 + 16)
        self.note.setMaximumHeight(self.note.fontMetrics().lineSpacing() * 4 + 16)
        self.note.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        note_title.setBuddy(self.note)
        layout.addWidget(self.note)
        self.share = QCheckBox(SHARE_TEXT)
        self.share.setAccessibleName(SHARE_TEXT)
        self.share.setToolTip("Notes are private unless you tick this; only ticked notes go into a report "
                              "you choose to share")
        layout.addWidget(self.share, 0, Qt.AlignmentFlag.AlignLeft)

        self.error = make_label("", "error", selectable=True)
        self.error.setAccessibleName("Why the check-in was not saved")
        self.error.hide()
        layout.addWidget(self.error)
        self.hint = make_label(NO_VALENCE, "muted")
        self.hint.setAccessibleName("About saving")
        layout.addWidget(self.hint)

        # Save and Skip stay in view below the form, side by side and the same size:
        # leaving is never harder to find than saving.
        self.save_button = make_button("Save", "Save the check-in", "Keep this check-in in your journal", "primary")
        self.skip_button = make_button("Skip", "Skip the check-in", "Leave without saving; that is always fine",
                                       "secondary")
        for button in (self.save_button, self.skip_button):
            button.setMinimumWidth(140)
        self.save_button.clicked.connect(self.save)
        self.skip_button.clicked.connect(self.skip)
        bar = QWidget()
        bar.setMaximumWidth(COLUMN_WIDTH)
        buttons = QHBoxLayout(bar)
        buttons.setContentsMargins(40, 10, 40, 18)
        buttons.setSpacing(12)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.skip_button)
        buttons.addStretch(1)

        fill_with_words_and_choices(self, column, bar)
        self.setTabOrder(self.note, self.share)
        self.setTabOrder(self.share, self.save_button)
        self.setTabOrder(self.save_button, self.skip_button)

    def _build_grounding(self) -> QFrame:
        panel = QFrame()
        panel.setProperty("role", "panel")
        panel.setAccessibleName("Grounding")
        inside = QVBoxLayout(panel)
        inside.setContentsMargins(24, 18, 24, 18)
        inside.setSpacing(10)
        inside.addWidget(make_label("A moment to ground yourself, if it helps", "section-title"))
        self.grounding_lines = [make_label(text, selectable=True) for text in GROUNDING_LINES]
        for line in self.grounding_lines:
            inside.addWidget(line)
        self.grounding_note = make_label(NOTE, "note", selectable=True)
        self.grounding_note.setAccessibleName("A note about strong feelings")
        inside.addWidget(self.grounding_note)
        panel.setAccessibleDescription(" ".join((*GROUNDING_LINES, NOTE)))
        panel.hide()
        return panel

    # -- public ----------------------------------------------------------------

    def begin(self, moment: Moment, session_id: int | None = None, *, write: bool = True) -> None:
        """Show an empty check-in for `moment` (and the session it belongs to, if any).

        With `write=False`, Save emits `chosen(Mood)` and writes nothing: the
        caller writes it (a check-in before a practice, once its session exists).
        """
        self.moment = Moment(moment)
        self.session_id = session_id
        self._write = write
        self._saving = False
        self.offer_support = False
        heading, subtitle = HEADINGS[self.moment]
        self.heading.setText(heading)
        self.subtitle.setText(subtitle)
        self.valence.set_value(None)
        self.feelings.clear()
        self.difficult.setChecked(False)
        self.note.clear()
        self.share.setChecked(False)
        self.error.hide()
        self.skip_button.setEnabled(True)
        self._update_save()
        self.valence.buttons[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def mood(self) -> Mood:
        """What is entered now (raises UserInputError with a plain message when it cannot be kept)."""
        valence = self.valence.value()
        if valence is None:
            raise UserInputError(NO_VALENCE)
        note = self.note.toPlainText()
        if len(note) > MAX_NOTE_LENGTH:
            raise UserInputError(f"The note is {len(note):,} characters long; a note keeps at most "
                                 f"{MAX_NOTE_LENGTH:,}. You might shorten it.")
        return Mood(valence=valence, feelings=self.feelings.feelings(), difficult=self.difficult.isChecked(),
                    note=note.strip(), share_note=self.share.isChecked())

    def save(self) -> None:
        """Keep the check-in (in the journal, or handed to the caller when begun with write=False)."""
        if self._saving:
            return
        try:
            mood = self.mood()
        except UserInputError as exc:
            self._show_error(str(exc))
            return
        self.error.hide()
        self.offer_support = calls_for_support(mood)
        if not self._write:
            self.chosen.emit(mood)
            return
        self._saving = True
        self._update_save()
        self.skip_button.setEnabled(False)
        services, moment, session_id = self.services, self.moment, self.session_id

        def write() -> int:
            check_in_id = services.journal.add_check_in(mood, moment=moment, session_id=session_id)
            services.journal_events.changed.emit()
            return check_in_id

        def connect(task: Task) -> None:
            task.succeeded.connect(self._saved)
            task.failed.connect(self._save_failed)

        services.journal_writes.run(write, connect=connect)

    def skip(self) -> None:
        """Leave without saving anything, and without asking."""
        if not self._saving:
            self.offer_support = False
            self.skipped.emit()

    # -- results ---------------------------------------------------------------

    def _saved(self, check_in_id: object) -> None:
        self._saving = False
        self.skip_button.setEnabled(True)
        self._update_save()
        log.info("check-in %s saved (%s)", check_in_id, self.moment.value)
        if isinstance(check_in_id, int):
            self.saved.emit(check_in_id)

    def _save_failed(self, message: str) -> None:
        self._saving = False
        self.skip_button.setEnabled(True)
        self._update_save()
        self._show_error(f"The check-in could not be saved: {message}")

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def _update_save(self) -> None:
        chosen = self.valence.value() is not None
        self.save_button.setEnabled(chosen and not self._saving)
        self.hint.setVisible(not chosen)

    def _show_grounding(self, shown: bool) -> None:
        self.grounding.setVisible(shown)
