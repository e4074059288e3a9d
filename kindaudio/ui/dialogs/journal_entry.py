"""Small forms for changing the journal by hand: logging practice done away from the app, editing check-ins.

The dialogs only gather and check what was typed; the Progress page writes it
to the journal off the GUI thread. Each is opened with `open()` (window-modal,
not a nested event loop), so tests drive them like a person would.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate, QSize, Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QLayout,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kindaudio.common.errors import UserInputError
from kindaudio.journal.records import FEELINGS, VALENCE_LABELS, CheckIn, Moment, Mood
from kindaudio.ui.dialogs.log_check_in import AfterCheckIn
from kindaudio.ui.widgets.basics import make_button, make_label
from kindaudio.ui.widgets.roomy import RoomyDateEdit, RoomyLineEdit

log = logging.getLogger(__name__)

MAX_LOGGED_MINUTES = 600
DATE_FORMAT = "d MMM yyyy"
EARLIEST_DAY = QDate(2000, 1, 1)
MOMENT_WORDS = {Moment.BEFORE: "Before the practice", Moment.AFTER: "After the practice",
                Moment.STANDALONE: "A check-in on its own"}


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def make_date_edit(name: str, tip: str, today: date) -> QDateEdit:
    """A date field with a calendar popup, from 2000 to today (nothing is practised in the future)."""
    edit = RoomyDateEdit()  # wide enough for "10 Nov 2025" at any text size
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(DATE_FORMAT)
    edit.setDateRange(EARLIEST_DAY, qdate(today))
    edit.setDate(qdate(today))
    edit.setAccessibleName(name)
    edit.setToolTip(tip)
    return edit


def _named(widget: QWidget, name: str, tip: str) -> None:
    widget.setAccessibleName(name)
    widget.setToolTip(tip)


class MoodForm(QWidget):
    """One check-in's fields: how pleasant it felt, feelings, difficult feelings, a note and whether to share it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.valence = QComboBox()
        for value in sorted(VALENCE_LABELS, reverse=True):
            self.valence.addItem(VALENCE_LABELS[value], value)
        self.valence.setCurrentIndex(self.valence.findData(0))
        _named(self.valence, "How it felt", "From very pleasant to very unpleasant; there is no right answer")
        form.addRow("How it felt", self.valence)
        self.feelings = RoomyLineEdit()
        self.feelings.setPlaceholderText("e.g. calm, tired, tender")
        completer = QCompleter(list(FEELINGS), self.feelings)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.feelings.setCompleter(completer)
        _named(self.feelings, "Feelings", "Any words for what was there, separated by commas")
        form.addRow("Feelings", self.feelings)
        self.difficult = QCheckBox("Difficult feelings came up")
        _named(self.difficult, "Difficult feelings came up", "Tick if something hard came up; that is allowed too")
        form.addRow("", self.difficult)
        self.note = QPlainTextEdit()
        self.note.setTabChangesFocus(True)
        self.note.setMinimumHeight(80)
        _named(self.note, "Note", "Anything you would like to remember about this time")
        form.addRow("Note", self.note)
        self.share = QCheckBox("Include this note in reports for my therapist")
        _named(self.share, "Include this note in reports for my therapist",
               "Only notes marked like this go into an export, unless you choose otherwise when exporting")
        form.addRow("", self.share)

    def set_mood(self, mood: Mood) -> None:
        self.valence.setCurrentIndex(self.valence.findData(mood.valence))
        self.feelings.setText(", ".join(mood.feelings))
        self.difficult.setChecked(mood.difficult)
        self.note.setPlainText(mood.note)
        self.share.setChecked(mood.share_note)

    def mood(self) -> Mood:
        """What the form says; raises UserInputError (with a plain message) for something out of bounds."""
        feelings = tuple(word for word in self.feelings.text().split(","))
        return Mood(valence=int(self.valence.currentData()), feelings=feelings, difficult=self.difficult.isChecked(),
                    note=self.note.toPlainText().strip(), share_note=self.share.isChecked())


@dataclass(frozen=True)
class LoggedPractice:
    """Practice done away from the app, as typed."""

    day: date
    minutes: int
    what: str
    note: str = ""
    mood: Mood | None = None  # how it felt afterwards, when the person checked in (optional)


class _CheckedDialog(QDialog):
    """A dialog whose OK first checks the form; a problem is said inside the dialog and nothing closes."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        # The form scrolls above a fixed Save/Cancel when it is taller than the screen (large text on a
        # 1280x720 laptop); inside, nothing is squeezed or cut.
        self.content = QWidget()
        self.layout_ = QVBoxLayout(self.content)
        self.layout_.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        self.form_scroll = QScrollArea()
        self.form_scroll.setWidgetResizable(True)
        self.form_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.form_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.form_scroll.setWidget(self.content)
        self.outer = QVBoxLayout(self)
        self.outer.addWidget(self.form_scroll, 1)
        self.problem = make_label("", "error", selectable=True)
        self.problem.setAccessibleName("What needs changing")
        self.problem.hide()
        # Plain text buttons as elsewhere in the window: no stock floppy-disk or red-cross icons.
        self.buttons = QDialogButtonBox()
        self.save_button = make_button("Save", "Save", "Save this in your journal", "primary")
        self.cancel_button = make_button("Cancel", "Cancel", "Close without changing anything")
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def finish_layout(self) -> None:
        self.outer.addWidget(self.problem)
        self.outer.addWidget(self.buttons)
        self.fit_to_screen()

    def fit_to_screen(self, width: int | None = None) -> None:
        """As large as the form asks for (at `width`, or the present one), but never past the screen."""
        width = max(width or self.width(), self.minimumWidth())
        self.content.adjustSize()
        chrome = self.sizeHint().height() - self.form_scroll.sizeHint().height()
        wanted = QSize(width, self.content.sizeHint().height() + chrome + 2)
        screen = self.screen() or QApplication.primaryScreen()
        if screen is not None:
            wanted = wanted.boundedTo(screen.availableGeometry().size())
        self.resize(wanted)

    def check(self) -> None:
        """Raise UserInputError when something typed cannot be saved."""

    def accept(self) -> None:
        try:
            self.check()
        except UserInputError as exc:
            self.problem.setText(str(exc))
            self.problem.show()
            return
        self.problem.hide()
        super().accept()


class LogPracticeDialog(_CheckedDialog):
    """Practice done away from the app (a walk, a practice from a class): the day, minutes, what, a note."""

    def __init__(self, today: date, existing: LoggedPractice | None = None, parent: QWidget | None = None) -> None:
        super().__init__("Change practice you logged" if existing else "Log practice done away from the app", parent)
        self.layout_.addWidget(make_label("Practice counts wherever it happens. Add it here so your journal "
                                          "shows all of it.", "muted"))
        form = QFormLayout()
        self.day = make_date_edit("Day", "The day you practised", today)
        form.addRow("Day", self.day)
        self.minutes = QSpinBox()
        self.minutes.setRange(1, MAX_LOGGED_MINUTES)
        self.minutes.setValue(10)
        self.minutes.setSuffix(" min")
        _named(self.minutes, "Minutes", "About how many minutes you practised")
        form.addRow("Minutes", self.minutes)
        self.what = RoomyLineEdit()  # the example in it is read whole
        self.what.setPlaceholderText("e.g. a walking practice, a kind moment for myself")
        self.what.setMaxLength(200)
        _named(self.what, "What you practised", "A few words about what you did")
        form.addRow("What", self.what)
        self.note = QPlainTextEdit()
        self.note.setTabChangesFocus(True)
        # Four lines, at any text size: a taller box would push the check-in below the fold.
        self.note.setFixedHeight(max(80, 4 * self.note.fontMetrics().lineSpacing() + 16))
        _named(self.note, "Note", "Anything you would like to remember (optional)")
        form.addRow("Note", self.note)
        self.layout_.addLayout(form)
        self.check_in = AfterCheckIn()  # optional, folded away until asked for, as after a practice in the app
        self.layout_.addWidget(self.check_in)
        self.finish_layout()
        if existing is not None:
            self.day.setDate(qdate(existing.day))
            self.minutes.setValue(existing.minutes)
            self.what.setText(existing.what)
            self.note.setPlainText(existing.note)

    def check(self) -> None:
        if not self.what.text().strip():
            raise UserInputError("Please say in a few words what you practised, for example “walking practice”.")
        self.check_in.mood()  # a check-in begun but without how it felt is said here

    def practice(self) -> LoggedPractice:
        return LoggedPractice(pydate(self.day.date()), self.minutes.value(), self.what.text().strip(),
                              self.note.toPlainText().strip(), self.check_in.mood())


@dataclass(frozen=True)
class CheckInChange:
    """What to do with one moment's check-in: keep as is, write this mood, or remove it."""

    moment: Moment
    existing: CheckIn | None
    mood: Mood | None  # None: there is to be no check-in at this moment

    @property
    def removes(self) -> bool:
        return self.existing is not None and self.mood is None

    @property
    def changes(self) -> bool:
        return (self.existing.mood if self.existing else None) != self.mood


class CheckInsDialog(_CheckedDialog):
    """A session's check-ins before and after (each can be added, changed or taken away), or one on its own."""

    def __init__(self, title: str, check_ins: dict[Moment, CheckIn | None], parent: QWidget | None = None) -> None:
        super().__init__("Change check-ins", parent)
        self.layout_.addWidget(make_label(title, "section-title"))
        self.forms: dict[Moment, MoodForm] = {}
        self.groups: dict[Moment, QGroupBox] = {}
        self.existing = dict(check_ins)
        for moment, check_in in check_ins.items():
            form = MoodForm()
            if check_in is not None:
                form.set_mood(check_in.mood)
            group = QGroupBox(MOMENT_WORDS[moment])
            if moment is not Moment.STANDALONE:
                group.setCheckable(True)
                group.setChecked(check_in is not None)
                _named(group, f"A check-in {moment.value} the practice",
                       f"Untick to have no check-in {moment.value} this practice")
            else:
                _named(group, "The check-in", "How you felt at this check-in")
            inner = QVBoxLayout(group)
            inner.addWidget(form)
            self.layout_.addWidget(group)
            self.forms[moment] = form
            self.groups[moment] = group
        self.finish_layout()

    def check(self) -> None:
        self.changes()

    def changes(self) -> list[CheckInChange]:
        """One entry per moment shown; raises UserInputError for a form that cannot be saved."""
        result = []
        for moment, form in self.forms.items():
            group = self.groups[moment]
            wanted = not group.isCheckable() or group.isChecked()
            result.append(CheckInChange(moment, self.existing[moment], form.mood() if wanted else None))
        return result

