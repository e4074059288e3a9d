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
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QMessageBox, QVBoxLayout, QWidget

from kindaudio.common.settings import Settings
from kindaudio.journal.records import CheckIn, Moment, ProgressFigures
from kindaudio.ui.dialogs.journal_entry import CheckInChange, CheckInsDialog, LoggedPractice, LogPracticeDialog
from kindaudio.ui.pages.progress.data import (
    WEEKS_SHOWN,
    JournalEntry,
    JournalUnavailable,
    ListFilter,
    ProgressData,
    load_or_explain,
    save_check_in_changes,
    save_logged_practice,
)
from kindaudio.ui.pages.progress.entries_table import EntriesModel, EntriesTable
from kindaudio.ui.pages.progress.filters import SessionFilters
from kindaudio.ui.pages.progress.panels import ChartPanel, GlanceCard, UnavailablePanel
from kindaudio.ui.pages.progress.text import (
    day_text,
    days_figure,
    list_note,
    month_sentence,
    streak_words,
    week_sentence,
)
from kindaudio.ui.services import Services
from kindaudio.ui.tasks import Task
from kindaudio.ui.widgets.basics import fill_with_scrolling_page, make_button, make_label
from kindaudio.ui.widgets.charts.mood import MoodChart
from kindaudio.ui.widgets.charts.week_bars import WeekBarsChart
from kindaudio.ui.widgets.flow_layout import FlowLayout
from kindaudio.ui.widgets.question import Answer, ask

if TYPE_CHECKING:
    from kindaudio.journal.store import Journal

log = logging.getLogger(__name__)


class ProgressPage(QWidget):
    """What you have practised and how it felt.

    Signals:
        loaded(): the journal was read and is shown (or why it cannot be is shown).
        changed(): a change made here was saved in the journal.
        check_in_requested(): "Check in now" was pressed (the window shows the check-in).
        export_requested(): "Export for your therapist…" was pressed.
    """

    loaded = Signal()
    changed = Signal()
    check_in_requested = Signal()
    export_requested = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self._generation = 0
        self._loading = False
        self._data: ProgressData | None = None
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
        # A place of the side bar: no back link (kindaudio/ui/navigation.py).
        titles = QVBoxLayout()
        titles.setSpacing(4)  # as page_header spaces them
        titles.addWidget(make_label("Your progress", "page-title"))
        titles.addWidget(make_label("What you have practised and how it felt. It stays on this computer unless you "
                                    "choose to share it.", "subtitle"))
        layout.addLayout(titles)

        # Wrapping, so that beside the side bar, at 150 % text, the three still fit 1280 pixels.
        actions_row = QWidget()
        actions = FlowLayout(actions_row, spacing=12)
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
        layout.addWidget(actions_row)

        self.message = make_label("", "error", selectable=True)
        self.message.setAccessibleName("What went wrong")
        self.message.hide()
        layout.addWidget(self.message)
        self.loading_label = make_label("Reading your journal…", "muted")
        self.loading_label.hide()
        layout.addWidget(self.loading_label)

        self.unavailable_panel = UnavailablePanel()
        self.unavailable_panel.retry_button.clicked.connect(self.retry)
        self.unavailable_reason, self.retry_button = self.unavailable_panel.reason, self.unavailable_panel.retry_button
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
        charts.addWidget(ChartPanel("Minutes per week", f"The last {WEEKS_SHOWN} weeks, in the app and away from it",
                                    self.week_chart), 1)
        charts.addWidget(ChartPanel("How it felt, before and after", "Each session with a check-in, oldest on the left",
                                    self.mood_chart), 1)
        body.addLayout(charts)

        body.addWidget(make_label("Your sessions", "section-title"))
        self.filters = SessionFilters()
        self.filters.changed.connect(self.refresh)
        # The filters' controls by the names the rest of the window (and its tests) know them by.
        self.practice_filter, self.since_edit = self.filters.practice_filter, self.filters.since_edit
        self.until_edit, self.all_dates_button = self.filters.until_edit, self.filters.all_dates_button
        body.addWidget(self.filters)
        self.table = EntriesTable()
        self.model = EntriesModel()
        self.table.setModel(self.model)
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

    # -- reading -------------------------------------------------------------------

    def list_filter(self) -> ListFilter:
        return self.filters.list_filter()

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
                                    week_sentence(figures.days_last_7, result.first_day, figures.today))
        self.month_card.show_figures(days_figure(figures.days_this_month, figures.minutes_this_month),
                                     month_sentence(figures.days_this_month, figures.today))
        self._show_streak(figures)
        self.week_chart.set_weeks(figures.minutes_per_week)
        self.mood_chart.set_points(figures.mood)
        self.filters.set_practices(result.practices)
        self.model.set_entries(result.entries)
        self.table.resizeRowsToContents()
        self.list_note.setText(list_note(result))
        self.list_note.show()
        self._selection_changed()
        self._finish()

    def _show_streak(self, figures: ProgressFigures) -> None:
        streak = figures.streak
        if streak is None or not self.streak_shown():
            self.streak_card.hide()
            return
        self.streak_card.show_figures(*streak_words(streak))
        self.streak_card.show()

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

    def show_all_dates(self) -> None:
        self.filters.show_all_dates()

    def set_practice_filter(self, practice_id: str | None) -> None:
        self.filters.set_practice(practice_id)

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
        self._write(lambda journal: save_logged_practice(journal, practice, session_id))

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
        self._write(lambda journal: save_check_in_changes(journal, changes, session_id, entry))

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
        """Shown (again): read afresh, so practice from the terminal or another run is there too."""
        super().showEvent(event)
        self.filters.follow_today()
        self.refresh()

    def event(self, event: QEvent) -> bool:
        """The window came back to the front (from a terminal, say; Qt passes that on to every widget shown
        in it): what was practised meanwhile is shown."""
        if event.type() == QEvent.Type.WindowActivate and self.isVisible() and not self._loading:
            self.filters.follow_today()
            self.refresh()
        return super().event(event)

