"""Progress: this week and this month at a glance, minutes per week, mood before and after, and every session.

Everything shown comes from the journal, read off the GUI thread in one task
(figures, the filtered list, the practices for the filter) and shown when it
arrives; an answer overtaken by a newer request is dropped. Changes (logging
practice done elsewhere, editing or deleting) go through the services' one
ordered journal writer, then the page reads again.

The words count what was done and never what was not: days practised, never
days missed. A streak shows only when the person switched it on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QFrame, QHBoxLayout, QHeaderView, QLabel, QMessageBox,
                               QSizePolicy, QTableView, QVBoxLayout, QWidget)

from kindaudio.journal.charts import week_label
from kindaudio.journal.records import (VALENCE_LABELS, CheckIn, Moment, ProgressFigures, SessionKind, SessionQuery,
                                       SessionRecord, SessionStatus, Streak)
from kindaudio.common.settings import Settings
from kindaudio.ui.dialogs.journal_entry import (EARLIEST_DAY, CheckInChange, CheckInsDialog, LoggedPractice,
                                                LogPracticeDialog, make_date_edit, pydate, qdate)
from kindaudio.ui.services import Services
from kindaudio.ui.tasks import Task
from kindaudio.ui.widgets.basics import fill_with_scrolling_page, make_button, make_label, page_header
from kindaudio.ui.widgets.charts import MoodChart, WeekBarsChart
from kindaudio.ui.widgets.question import Answer, ask

if TYPE_CHECKING:
    from kindaudio.journal.store import Journal

log = logging.getLogger(__name__)

WEEKS_SHOWN = 12
MAX_ROWS = 500  # the newest this many in the chosen dates; narrowing the dates shows older ones
NOTE_CELL_CHARS = 240
TABLE_MIN_HEIGHT = 420
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
ALL_PRACTICES = "All practices"
ANY_DATE = "Any date"

STATUS_WORDS = {
    SessionStatus.COMPLETED: "to the end",
    SessionStatus.STOPPED_EARLY: "stopped early",
    SessionStatus.INTERRUPTED: "interrupted",
    SessionStatus.IN_PROGRESS: "playing now",
}


# ---------------------------------------------------------------- what the page shows, read on a worker


@dataclass(frozen=True)
class ListFilter:
    """Which sessions the list shows: one practice or all, between two local dates (inclusive)."""

    practice_id: str | None = None
    since: date | None = None
    until: date | None = None


@dataclass(frozen=True)
class JournalEntry:
    """One row of the list: a session (from the app or logged by hand), or a check-in on its own."""

    when: datetime  # local time
    session: SessionRecord | None = None
    check_in: CheckIn | None = None  # only for a check-in on its own

    @property
    def logged(self) -> bool:
        return self.session is not None and self.session.kind is SessionKind.LOGGED


@dataclass(frozen=True)
class ProgressData:
    figures: ProgressFigures
    entries: tuple[JournalEntry, ...]  # newest first
    practices: tuple[tuple[str, str], ...]  # (practice id, title) for the filter
    more: bool  # there were more entries in the dates than are listed
    tz: tzinfo


@dataclass(frozen=True)
class JournalUnavailable:
    """The journal could not be opened; `message` says why and what can be done."""

    message: str


def load_progress(journal: Journal, wanted: ListFilter, *, streak: bool, weeks: int = WEEKS_SHOWN,
                  limit: int = MAX_ROWS) -> ProgressData:
    """Everything the page shows, in one go (a worker's call)."""
    figures = journal.progress(weeks=weeks, streak=streak)
    sessions = journal.sessions(SessionQuery(practice_id=wanted.practice_id, since=wanted.since, until=wanted.until,
                                             limit=limit + 1))
    tz = journal.tz
    entries = [JournalEntry(s.started_at.astimezone(tz), session=s) for s in sessions]
    if wanted.practice_id is None:
        alone = journal.check_ins(since=wanted.since, until=wanted.until, standalone_only=True)
        entries += [JournalEntry(c.at.astimezone(tz), check_in=c) for c in alone[-(limit + 1):]]
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return ProgressData(figures, tuple(entries[:limit]), tuple(journal.practices_seen()), len(entries) > limit, tz)


def load_or_explain(services: Services, wanted: ListFilter, streak: bool) -> ProgressData | JournalUnavailable:
    """The page's data, or why there is none: a journal that cannot be opened is a state, not a failure."""
    from kindaudio.journal.errors import JournalError

    try:
        journal = services.journal
    except JournalError as exc:
        return JournalUnavailable(str(exc))
    return load_progress(journal, wanted, streak=streak)


# ---------------------------------------------------------------- words


def day_text(when: datetime, this_year: int | None = None) -> str:
    """ "Mon 3 Nov, 18:05" ("Mon 3 Nov 2025, 18:05" in another year): our own names, the same on every machine."""
    year = "" if when.year == (this_year or date.today().year) else f" {when.year}"
    return f"{WEEKDAYS[when.weekday()]} {week_label(when.date())}{year}, {when:%H:%M}"


def short_minutes(seconds: float) -> str:
    minutes = seconds / 60
    if 0 < minutes < 1:
        return "<1 min"
    return f"{round(minutes)} min"


def listened_text(session: SessionRecord) -> str:
    if session.kind is SessionKind.LOGGED:
        return f"{short_minutes(session.listened_seconds)}, away from the app"
    heard = round(session.listened_seconds / 60)
    chosen = round(session.chosen_seconds / 60)
    amount = f"{heard} of {chosen} min" if chosen else short_minutes(session.listened_seconds)
    if 0 < session.listened_seconds < 60:
        amount = f"<1 of {chosen} min" if chosen else "<1 min"
    return f"{amount}, {STATUS_WORDS.get(session.status, session.status.value)}"


def mood_change_text(before: CheckIn | None, after: CheckIn | None) -> str:
    if before is None and after is None:
        return "No check-in"
    first = VALENCE_LABELS[before.mood.valence] if before else "(no check-in)"
    second = VALENCE_LABELS[after.mood.valence] if after else "(no check-in)"
    return f"{first} → {second}"


def feelings_text(check_ins: list[tuple[str, CheckIn]]) -> str:
    parts = []
    for moment, check_in in check_ins:
        words = ", ".join(check_in.mood.feelings)
        if check_in.mood.difficult:
            words = f"{words}; difficult feelings came up" if words else "difficult feelings came up"
        if words:
            parts.append(f"{moment}: {words}" if len(check_ins) > 1 else words)
    return "\n".join(parts)


def notes_text(entry: JournalEntry) -> str:
    parts = []
    if entry.session is not None and entry.session.note:
        parts.append(entry.session.note)
    for moment, check_in in entry_check_ins(entry):
        if check_in.mood.note:
            shared = " (marked to share)" if check_in.mood.share_note else ""
            parts.append(f"{moment}{shared}: {check_in.mood.note}")
    return "\n".join(parts)


def entry_check_ins(entry: JournalEntry) -> list[tuple[str, CheckIn]]:
    if entry.check_in is not None:
        return [("On its own", entry.check_in)]
    session = entry.session
    assert session is not None
    return [(word, c) for word, c in (("Before", session.before), ("After", session.after)) if c is not None]


def entry_title(entry: JournalEntry) -> str:
    if entry.check_in is not None:
        return "Check-in on its own"
    assert entry.session is not None
    return entry.session.title


def week_sentence(days: int) -> str:
    if days == 0:
        return "Nothing logged in the last 7 days. Your practice is here whenever you would like it."
    return f"You came back to practice on {days} day{'s' if days != 1 else ''} this week."


def month_sentence(days: int, today: date) -> str:
    if days == 0:
        return ("The month has only just begun." if today.day <= 3
                else "Nothing logged yet this month. A few minutes, whenever it suits you, is plenty.")
    return f"You practised on {days} day{'s' if days != 1 else ''} this month."


def streak_words(streak: Streak) -> tuple[str, str]:
    """The figure and sentence for the streak card: what was done, and that a day off undoes none of it."""
    best = f"{streak.best} day{'s' if streak.best != 1 else ''}"
    month = f"Days practised this month: {streak.days_this_month}."
    if streak.current == 0:
        return (f"Longest run: {best}", f"{month} A new run begins whenever you next practise.")
    return (f"{streak.current} day{'s' if streak.current != 1 else ''}",
            f"Your longest run: {best}. {month} A day off takes nothing away from what you have done.")


def days_figure(days: int, minutes: float) -> str:
    return f"{days} day{'s' if days != 1 else ''} · {round(minutes)} min"


# ---------------------------------------------------------------- the list's model


NO_PARENT = QModelIndex()  # a table's rows have no parent


class EntriesModel(QAbstractTableModel):
    """The sessions and check-ins listed, newest first, one per row."""

    COLUMNS = ("When", "Practice", "Listened", "Before → after", "Feelings", "Notes")

    def __init__(self) -> None:
        super().__init__()
        self._entries: tuple[JournalEntry, ...] = ()

    def set_entries(self, entries: tuple[JournalEntry, ...]) -> None:
        self.beginResetModel()
        self._entries = entries
        self.endResetModel()

    def entries(self) -> tuple[JournalEntry, ...]:
        return self._entries

    def entry(self, row: int) -> JournalEntry:
        return self._entries[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = NO_PARENT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = NO_PARENT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = self.cell_text(index.row(), index.column())
            if role == Qt.ItemDataRole.DisplayRole and len(text) > NOTE_CELL_CHARS:
                return text[:NOTE_CELL_CHARS - 1] + "…"
            return text or None
        return None

    def cell_text(self, row: int, column: int) -> str:
        entry = self._entries[row]
        check_ins = entry_check_ins(entry)
        if column == 0:
            return day_text(entry.when)
        if column == 1:
            return entry_title(entry)
        if column == 2:
            return "" if entry.session is None else listened_text(entry.session)
        if column == 3:
            if entry.check_in is not None:
                return VALENCE_LABELS[entry.check_in.mood.valence]
            assert entry.session is not None
            return mood_change_text(entry.session.before, entry.session.after)
        if column == 4:
            return feelings_text(check_ins)
        return notes_text(entry)


# ---------------------------------------------------------------- the page


class EntriesTable(QTableView):
    """The list's table: its columns share the width it has, so nothing needs sideways scrolling.

    Long cells wrap onto more lines (rows grow to fit) rather than running off
    the right edge, where notes would otherwise go unseen.
    """

    SHARES = (0.15, 0.16, 0.15, 0.19, 0.14)  # of the width; the notes take the rest

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.horizontalHeader().setStretchLastSection(True)
        self.horizontalHeader().setMinimumSectionSize(60)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        width = self.viewport().width()
        for column, share in enumerate(self.SHARES):
            self.setColumnWidth(column, int(width * share))
        self.resizeRowsToContents()  # wrapped cells need their rows' heights measured at the new widths


class GlanceCard(QFrame):
    """A period at a glance: its name, a figure, and a sentence about it."""

    def __init__(self, title: str, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(4)
        heading = QHBoxLayout()
        heading.addWidget(make_label(title, "section-title", wrap=False))
        heading.addWidget(make_label(caption, "muted", wrap=False), 0, Qt.AlignmentFlag.AlignBottom)
        heading.addStretch(1)
        layout.addLayout(heading)
        self.figure = make_label("", "page-title")
        self.sentence = make_label("")
        layout.addWidget(self.figure)
        layout.addWidget(self.sentence)
        layout.addStretch(1)
        self.setAccessibleName(title)

    def show_figures(self, figure: str, sentence: str) -> None:
        self.figure.setText(figure)
        self.sentence.setText(sentence)
        self.setAccessibleDescription(f"{figure}. {sentence}")


class ProgressPage(QWidget):
    """What you have practised and how it felt.

    Signals:
        loaded(): the journal was read and is shown (or why it cannot be is shown).
        changed(): a change made here was saved in the journal.
        check_in_requested(): "Check in now" was pressed (the window shows the check-in).
        export_requested(): "Export for your therapist…" was pressed.
        back_requested(): the person asked to go back to the Library.
    """

    loaded = Signal()
    changed = Signal()
    check_in_requested = Signal()
    export_requested = Signal()
    back_requested = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self._generation = 0
        self._loading = False
        self._data: ProgressData | None = None
        self._practices: tuple[tuple[str, str], ...] = ()
        self.dialog: LogPracticeDialog | CheckInsDialog | None = None
        self.question: QMessageBox | None = None
        self._build()
        self.setAccessibleName("Progress")
        services.settings.changed.connect(self._settings_changed)
        events = getattr(services, "journal_events", None)
        if events is not None:
            events.changed.connect(self._journal_changed)

    # -- building ---------------------------------------------------------------

    def _build(self) -> None:
        self.scroll_area, layout = fill_with_scrolling_page(self)
        self.back_button = make_button("Back to the library", "Back to the library",
                                       "Return to the practices (Ctrl+L)", "link")
        self.back_button.clicked.connect(self.back_requested)
        layout.addLayout(page_header("Your progress", "What you have practised and how it felt. It stays on this "
                                     "computer unless you choose to share it.", self.back_button))

        actions = QHBoxLayout()
        self.check_in_button = make_button("Check in now", "Check in now",
                                           "Note how you are right now, without a practice", "primary")
        self.check_in_button.clicked.connect(self.check_in_requested)
        self.log_button = make_button("Log practice done away from the app…", "Log practice done away from the app",
                                      "Add practice you did without KindAudio: a day, minutes and what it was")
        self.log_button.clicked.connect(lambda: self.open_log_dialog())
        self.export_button = make_button("Export for your therapist…", "Export for your therapist",
                                         "Save a report, spreadsheet or FHIR file of a date range to share "
                                         "with someone you trust")
        self.export_button.clicked.connect(self.export_requested)
        for button in (self.check_in_button, self.log_button, self.export_button):
            actions.addWidget(button)
        actions.addStretch(1)
        layout.addLayout(actions)

        self.message = make_label("", "error", selectable=True)
        self.message.setAccessibleName("What went wrong")
        self.message.hide()
        layout.addWidget(self.message)
        self.loading_label = make_label("Reading your journal…", "muted")
        self.loading_label.hide()
        layout.addWidget(self.loading_label)

        self.unavailable_panel = self._build_unavailable_panel()
        self.unavailable_panel.hide()
        layout.addWidget(self.unavailable_panel)

        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(14)
        glance = QHBoxLayout()
        glance.setSpacing(16)
        self.week_card = GlanceCard("This week", "the last 7 days")
        self.month_card = GlanceCard("This month", "")
        self.streak_card = GlanceCard("Days in a row", "")
        for card in (self.week_card, self.month_card, self.streak_card):
            glance.addWidget(card, 1)
        self.streak_card.hide()
        body.addLayout(glance)

        charts = QHBoxLayout()
        charts.setSpacing(16)
        self.week_chart = WeekBarsChart()
        self.mood_chart = MoodChart()
        charts.addWidget(self._chart_panel("Minutes per week", f"The last {WEEKS_SHOWN} weeks, in the app and away "
                                           "from it", self.week_chart), 1)
        charts.addWidget(self._chart_panel("How it felt, before and after",
                                           "Each session with a check-in, oldest on the left", self.mood_chart), 1)
        body.addLayout(charts)

        body.addWidget(make_label("Your sessions", "section-title"))
        body.addLayout(self._build_filters())
        self.table = EntriesTable()
        self.model = EntriesModel()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Your sessions")
        self.table.setToolTip("Your sessions and check-ins, newest first. Double-click one to change it.")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setMinimumHeight(TABLE_MIN_HEIGHT)
        self.table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        body.addWidget(self.table, 1)
        self.list_note = make_label("", "muted")
        self.list_note.hide()
        body.addWidget(self.list_note)

        row = QHBoxLayout()
        self.edit_button = make_button("Change…", "Change the chosen entry",
                                       "Change the check-ins of the chosen session, or practice you logged")
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button = make_button("Delete…", "Delete the chosen entry",
                                         "Remove the chosen session or check-in from your journal (you will be asked)")
        self.delete_button.clicked.connect(self.delete_selected)
        row.addWidget(self.edit_button)
        row.addWidget(self.delete_button)
        row.addStretch(1)
        body.addLayout(row)
        self._selection_changed()
        layout.addWidget(self.body, 1)

    def _chart_panel(self, title: str, caption: str, chart: QWidget) -> QFrame:
        panel = QFrame()
        panel.setProperty("role", "panel")
        inner = QVBoxLayout(panel)
        inner.setContentsMargins(16, 12, 16, 12)
        inner.addWidget(make_label(title, "section-title"))
        inner.addWidget(make_label(caption, "muted"))
        chart.setMinimumHeight(240)
        inner.addWidget(chart, 1)
        return panel

    def _build_filters(self) -> QHBoxLayout:
        today = date.today()
        row = QHBoxLayout()
        row.setSpacing(10)
        self.practice_filter = QComboBox()
        self.practice_filter.addItem(ALL_PRACTICES, None)
        self.practice_filter.setAccessibleName("Show sessions of")
        self.practice_filter.setToolTip("Show every practice, or only one")
        self.practice_filter.setMinimumContentsLength(18)
        self.practice_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.practice_filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.since_edit = make_date_edit("From", "The first day to list (pick the earliest for any date)", today)
        self.since_edit.setSpecialValueText(ANY_DATE)
        self.since_edit.setDate(qdate(today - timedelta(weeks=WEEKS_SHOWN)))
        self.until_edit = make_date_edit("To", "The last day to list", today)
        self.since_edit.dateChanged.connect(self._since_changed)
        self.until_edit.dateChanged.connect(self._until_changed)
        self.all_dates_button = make_button("Any date", "List every date",
                                            "List sessions from any date up to today", "link")
        self.all_dates_button.clicked.connect(self.show_all_dates)
        for text, widget in (("Practice", self.practice_filter), ("From", self.since_edit), ("to", self.until_edit)):
            label = QLabel(text)
            label.setBuddy(widget)
            row.addWidget(label)
            row.addWidget(widget)
        row.addWidget(self.all_dates_button)
        row.addStretch(1)
        return row

    def _build_unavailable_panel(self) -> QFrame:
        panel = QFrame()
        panel.setProperty("role", "panel")
        inner = QVBoxLayout(panel)
        inner.setContentsMargins(20, 16, 20, 16)
        inner.addWidget(make_label("Your journal cannot be opened just now", "section-title"))
        inner.addWidget(make_label("So there is nothing to show here for the moment. Your practices still play as "
                                   "usual; they are just not written down until the journal opens again."))
        self.unavailable_reason = make_label("", "muted", selectable=True)
        self.unavailable_reason.setAccessibleName("Why the journal cannot be opened")
        inner.addWidget(self.unavailable_reason)
        row = QHBoxLayout()
        self.retry_button = make_button("Try again", "Try opening the journal again",
                                        "Try to open your practice journal again", "secondary")
        self.retry_button.clicked.connect(self.retry)
        row.addWidget(self.retry_button)
        row.addStretch(1)
        inner.addLayout(row)
        return panel

    # -- reading -------------------------------------------------------------------

    def list_filter(self) -> ListFilter:
        since = self.since_edit.date()
        return ListFilter(practice_id=self.practice_filter.currentData(),
                          since=None if since == EARLIEST_DAY else pydate(since),
                          until=pydate(self.until_edit.date()))

    def streak_shown(self) -> bool:
        return bool(getattr(self.services.settings.current, "show_streak", False))

    def refresh(self) -> None:
        """Read the journal again (off the GUI thread); `loaded` follows."""
        self._generation += 1
        generation = self._generation
        self._loading = True
        self.loading_label.show()

        def connect(task: Task) -> None:
            task.succeeded.connect(lambda result: self._show(generation, result))
            task.failed.connect(lambda message: self._show_failure(generation, message))

        self.services.tasks.run(load_or_explain, self.services, self.list_filter(), self.streak_shown(),
                                connect=connect)

    def is_loading(self) -> bool:
        return self._loading

    def data(self) -> ProgressData | None:
        """What is shown now (None before the first reading, or when the journal cannot be opened)."""
        return self._data

    def _show(self, generation: int, result: ProgressData | JournalUnavailable) -> None:
        if generation != self._generation:
            return
        if isinstance(result, JournalUnavailable):
            self._data = None
            self.unavailable_reason.setText(result.message)
            self.unavailable_panel.show()
            self.body.hide()
            for button in (self.check_in_button, self.log_button, self.export_button):
                button.setEnabled(False)
            self._finish()
            return
        self._data = result
        self.unavailable_panel.hide()
        self.body.show()
        for button in (self.check_in_button, self.log_button, self.export_button):
            button.setEnabled(True)
        figures = result.figures
        self.week_card.show_figures(days_figure(figures.days_last_7, figures.minutes_last_7),
                                    week_sentence(figures.days_last_7))
        self.month_card.show_figures(days_figure(figures.days_this_month, figures.minutes_this_month),
                                     month_sentence(figures.days_this_month, figures.today))
        self._show_streak(figures)
        self.week_chart.set_weeks(figures.minutes_per_week)
        self.mood_chart.set_points(figures.mood)
        self._fill_practices(result.practices)
        self.model.set_entries(result.entries)
        self.table.resizeRowsToContents()
        self._show_list_note(result)
        self._selection_changed()
        self._finish()

    def _show_streak(self, figures: ProgressFigures) -> None:
        streak = figures.streak
        if streak is None or not self.streak_shown():
            self.streak_card.hide()
            return
        self.streak_card.show_figures(*streak_words(streak))
        self.streak_card.show()

    def _show_list_note(self, data: ProgressData) -> None:
        if data.more:
            self.list_note.setText(f"Showing the newest {MAX_ROWS}. Choose a later “From” date to see older ones.")
        elif not data.entries:
            self.list_note.setText("Nothing in these dates. You might choose other dates, or “Any date”.")
        else:
            count = len(data.entries)
            self.list_note.setText(f"{count} entr{'ies' if count != 1 else 'y'}.")
        self.list_note.show()

    def _fill_practices(self, practices: tuple[tuple[str, str], ...]) -> None:
        if practices == self._practices:
            return
        self._practices = practices
        chosen = self.practice_filter.currentData()
        self.practice_filter.blockSignals(True)
        self.practice_filter.clear()
        self.practice_filter.addItem(ALL_PRACTICES, None)
        for practice_id, title in practices:
            self.practice_filter.addItem(title, practice_id)
        index = self.practice_filter.findData(chosen)
        self.practice_filter.setCurrentIndex(max(index, 0))
        self.practice_filter.blockSignals(False)
        if index < 0 and chosen is not None:
            self.refresh()  # the practice chosen is no longer in the journal

    def _show_failure(self, generation: int, message: str) -> None:
        if generation != self._generation:
            return
        self.message.setText(f"Your journal could not be read just now: {message}")
        self.message.show()
        self._finish()

    def _finish(self) -> None:
        self._loading = False
        self.loading_label.hide()
        self.loaded.emit()

    def retry(self) -> None:
        def reopen() -> None:
            retry = getattr(self.services, "retry_journal", None)
            if retry is not None:
                retry()

        def connect(task: Task) -> None:
            task.done.connect(self.refresh)

        self.services.tasks.run(reopen, connect=connect)

    # -- filters -------------------------------------------------------------------

    def _since_changed(self) -> None:
        if self.since_edit.date() > self.until_edit.date():
            self.until_edit.setDate(self.since_edit.date())  # refreshes through its own signal
            return
        self.refresh()

    def _until_changed(self) -> None:
        if self.until_edit.date() < self.since_edit.date():
            self.since_edit.setDate(self.until_edit.date())
            return
        self.refresh()

    def show_all_dates(self) -> None:
        self.until_edit.blockSignals(True)
        self.until_edit.setMaximumDate(qdate(date.today()))
        self.until_edit.setDate(qdate(date.today()))
        self.until_edit.blockSignals(False)
        self.since_edit.setDate(EARLIEST_DAY)
        self.refresh()

    def set_practice_filter(self, practice_id: str | None) -> None:
        index = self.practice_filter.findData(practice_id)
        if index < 0:
            raise KeyError(practice_id)
        self.practice_filter.setCurrentIndex(index)

    # -- choosing, changing, deleting -------------------------------------------------

    def selected_entry(self) -> JournalEntry | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.entry(rows[0].row()) if rows else None

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)

    def _selection_changed(self) -> None:
        entry = self.selected_entry()
        self.edit_button.setEnabled(entry is not None)
        self.delete_button.setEnabled(entry is not None)

    def open_log_dialog(self, existing: JournalEntry | None = None) -> LogPracticeDialog:
        """The small form for practice done away from the app; saving writes it to the journal."""
        initial = None
        if existing is not None and existing.session is not None:
            session = existing.session
            initial = LoggedPractice(existing.when.date(), max(1, round(session.listened_seconds / 60)),
                                     session.title, session.note)
        dialog = LogPracticeDialog(date.today(), initial, self)
        session_id = existing.session.id if existing is not None and existing.session is not None else None
        dialog.accepted.connect(lambda: self._save_logged(dialog.practice(), session_id))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _save_logged(self, practice: LoggedPractice, session_id: int | None) -> None:
        def save(journal: Journal) -> None:
            if session_id is None:
                journal.log_outside_practice(day=practice.day, minutes=practice.minutes, what=practice.what,
                                             note=practice.note)
            else:
                journal.update_outside_practice(session_id, day=practice.day, minutes=practice.minutes,
                                                what=practice.what, note=practice.note)

        self._write(save)

    def edit_selected(self) -> QWidget | None:
        """Change the chosen entry: the practice logged by hand, or the check-ins."""
        entry = self.selected_entry()
        if entry is None:
            return None
        if entry.logged and entry.session is not None and entry.session.before is None \
                and entry.session.after is None:
            return self.open_log_dialog(entry)
        if entry.check_in is not None:
            check_ins: dict[Moment, CheckIn | None] = {Moment.STANDALONE: entry.check_in}
            title = f"Check-in on {day_text(entry.when)}"
        else:
            assert entry.session is not None
            check_ins = {Moment.BEFORE: entry.session.before, Moment.AFTER: entry.session.after}
            title = f"{entry.session.title}, {day_text(entry.when)}"
        dialog = CheckInsDialog(title, check_ins, self)
        session_id = entry.session.id if entry.session is not None else None
        dialog.accepted.connect(lambda: self._confirm_check_in_changes(dialog.changes(), session_id, entry))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _confirm_check_in_changes(self, changes: list[CheckInChange], session_id: int | None,
                                  entry: JournalEntry) -> None:
        removed = [change for change in changes if change.removes]
        if removed:
            which = " and ".join(f"the check-in {change.moment.value}" for change in removed)
            self.ask(f"Remove {which} this practice? Its feelings and note go too, and this cannot be undone.",
                     "Remove", lambda: self._save_check_ins(changes, session_id, entry))
        else:
            self._save_check_ins(changes, session_id, entry)

    def _save_check_ins(self, changes: list[CheckInChange], session_id: int | None, entry: JournalEntry) -> None:
        def save(journal: Journal) -> None:
            for change in changes:
                if not change.changes:
                    continue
                if change.existing is not None and change.mood is None:
                    journal.delete_check_in(change.existing.id)
                elif change.existing is not None and change.mood is not None:
                    journal.update_check_in(change.existing.id, change.mood)
                elif change.mood is not None:
                    journal.add_check_in(change.mood, moment=change.moment, session_id=session_id,
                                         at=_moment_time(entry, change.moment))

        self._write(save)

    def delete_selected(self) -> QMessageBox | None:
        """Ask, then remove the chosen session (with its check-ins) or check-in."""
        entry = self.selected_entry()
        if entry is None:
            return None
        if entry.check_in is not None:
            check_in_id = entry.check_in.id
            return self.ask(f"Delete your check-in of {day_text(entry.when)}? Its note goes too, and this cannot be "
                            "undone.", "Delete", lambda: self._write(lambda j: j.delete_check_in(check_in_id)))
        assert entry.session is not None
        session_id = entry.session.id
        return self.ask(f"Delete “{entry.session.title}” of {day_text(entry.when)} from your journal? Its check-ins "
                        "and notes go too, and this cannot be undone.", "Delete",
                        lambda: self._write(lambda j: j.delete_session(session_id)))

    def ask(self, question: str, yes: str, then: Callable[[], None]) -> QMessageBox:
        """A plain question with a clear yes and "Keep it" (the default); `then` runs only on yes."""
        answers = [Answer(yes, yes, "Yes, remove it", "destructive"), Answer("Keep it", "Keep it", "Change nothing")]
        self.question = ask(self, "Are you sure?", question, answers, lambda chosen: then() if chosen == 0 else None,
                            default=1, escape=1)
        return self.question

    def _write(self, work: Callable[[Journal], object]) -> None:
        """Run a change on the journal's ordered writer; the page reads again once it is saved."""
        self.message.hide()
        runner = getattr(self.services, "journal_writes", self.services.tasks)

        def connect(task: Task) -> None:
            task.succeeded.connect(lambda _result: self._written())
            task.failed.connect(self._write_failed)

        runner.run(lambda: work(self.services.journal), connect=connect)

    def _written(self) -> None:
        self.changed.emit()
        events = getattr(self.services, "journal_events", None)
        if events is not None:
            events.changed.emit()  # the Library's "last practised" and this page read again
        else:
            self.refresh()

    def _write_failed(self, message: str) -> None:
        self.message.setText(f"That could not be saved: {message}")
        self.message.show()

    # -- reacting ----------------------------------------------------------------------

    def _journal_changed(self) -> None:
        if self.isVisible():
            self.refresh()

    def _settings_changed(self, settings: Settings) -> None:
        shown = bool(getattr(settings, "show_streak", False))
        if shown != (not self.streak_card.isHidden()) and self.isVisible():
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.refresh()


def _moment_time(entry: JournalEntry, moment: Moment) -> datetime | None:
    """When a check-in added afterwards is filed: at the session's start (before) or end (after)."""
    session = entry.session
    if session is None:
        return None
    if moment is Moment.BEFORE:
        return session.started_at
    return session.ended_at or session.started_at
