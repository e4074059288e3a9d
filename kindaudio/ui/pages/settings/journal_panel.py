"""Settings' Practice journal panel: the check-ins offered, the streak, and the journal's backups.

Listing the backups, backing up and restoring touch files (and restoring closes
and reopens the journal), so each runs as a Task; the panel says what it is
doing and what came of it. Restoring asks first, and keeps the journal it
replaces aside rather than deleting it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QFrame, QHBoxLayout, QMessageBox, QPushButton, QVBoxLayout, QWidget

from kindaudio.common.settings import Settings
from kindaudio.ui.pages.settings.form import named, settings_panel
from kindaudio.ui.pages.settings.text import backup_when, file_size_text
from kindaudio.ui.services import Services
from kindaudio.ui.tasks import Task
from kindaudio.ui.widgets.basics import make_button, make_label
from kindaudio.ui.widgets.question import Answer, ask

if TYPE_CHECKING:
    from kindaudio.journal.records import Backup

log = logging.getLogger(__name__)

STREAK_NOTE = ("Streaks are off unless you turn them on. A missed day never erases anything: "
               "every day you practised stays in your journal.")
BACKUPS_NOTE = ("A copy of your journal is made once a day when KindAudio starts; the last seven are kept, "
                "in the data folder below.")
NO_JOURNAL = "Your journal is not open, so nothing can be backed up right now."


class JournalPanel(QFrame):
    """The journal's choices, saved (through `save`) as they change, and its backups.

    Signals:
        backups_loaded(): the list of journal backups is up to date.
        backup_finished(str): a backup or a restore ended; what the panel says about it.
    """

    backups_loaded = Signal()
    backup_finished = Signal(str)

    def __init__(self, services: Services, save: Callable[..., None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.backups: list[Backup] = []
        self.confirm_restore: QMessageBox | None = None  # the open "Restore this backup?" question
        _panel, layout = settings_panel("Practice journal", self)
        self.check_in_before_check = QCheckBox("Offer a check-in before practice")
        named(self.check_in_before_check, "Offer a check-in before practice",
              "Between Start and the practice, a short optional check-in (Skip is always there)")
        self.check_in_before_check.toggled.connect(lambda on: save(check_in_before=on))
        self.check_in_after_check = QCheckBox("Offer a check-in after practice")
        named(self.check_in_after_check, "Offer a check-in after practice",
              "When a practice has ended, a short optional check-in (Skip is always there)")
        self.check_in_after_check.toggled.connect(lambda on: save(check_in_after=on))
        self.streak_check = QCheckBox("Show a practice streak")
        named(self.streak_check, "Show a practice streak",
              "Show how many days in a row you have practised, on the Progress page")
        self.streak_check.toggled.connect(lambda on: save(show_streak=on))
        for check in (self.check_in_before_check, self.check_in_after_check, self.streak_check):
            layout.addWidget(check, 0, Qt.AlignmentFlag.AlignLeft)
        self.streak_note = make_label(STREAK_NOTE, "muted")
        self.streak_note.setAccessibleName("About streaks")
        layout.addWidget(self.streak_note)

        layout.addSpacing(6)
        layout.addWidget(make_label("Backups", "section-title"))
        layout.addWidget(make_label(BACKUPS_NOTE, "muted"))
        self.backup_list = QWidget()
        self.backup_list.setAccessibleName("Backups")
        self.backup_rows = QVBoxLayout(self.backup_list)
        self.backup_rows.setContentsMargins(0, 0, 0, 0)
        self.backup_rows.setSpacing(6)
        self._backup_row_widgets: list[QWidget] = []
        layout.addWidget(self.backup_list)
        self.no_backups = make_label("There are no backups yet.", "muted")
        self.no_backups.setAccessibleName("No backups yet")
        layout.addWidget(self.no_backups)
        self.restore_buttons: list[QPushButton] = []
        row = QHBoxLayout()
        row.setSpacing(12)
        self.backup_button = make_button("Back up now", "Back up the journal now",
                                         "Make a copy of your journal now, beside the daily copies")
        self.backup_button.clicked.connect(self.back_up_now)
        row.addWidget(self.backup_button)
        self.backup_status = make_label("", "muted", selectable=True)
        self.backup_status.setAccessibleName("Backup status")
        row.addWidget(self.backup_status, 1)
        layout.addLayout(row)
        self.journal_file = make_label(f"The journal file: {self.services.paths.journal}", "muted", selectable=True)
        self.journal_file.setAccessibleName("The journal file")
        layout.addWidget(self.journal_file)

    def show_settings(self, settings: Settings) -> None:
        """The check boxes in line with the settings, without saving anything back."""
        widgets = (self.check_in_before_check, self.check_in_after_check, self.streak_check)
        blocked = [widget.blockSignals(True) for widget in widgets]
        try:
            self.check_in_before_check.setChecked(settings.check_in_before)
            self.check_in_after_check.setChecked(settings.check_in_after)
            self.streak_check.setChecked(settings.show_streak)
        finally:
            for widget, was in zip(widgets, blocked, strict=True):
                widget.blockSignals(was)

    # Backups ----------------------------------------------------------------

    def load_backups(self) -> None:
        """List the journal's backups (off the GUI thread); `backups_loaded` follows."""
        from kindaudio.journal.backup import list_backups

        def connect(task: Task) -> None:
            task.succeeded.connect(self._show_backups)
            task.failed.connect(lambda message: self._show_backups([]))

        self.services.tasks.run(list_backups, self.services.paths, connect=connect)

    def _show_backups(self, backups: list[Backup]) -> None:
        self.backups = list(backups)
        for old in self._backup_row_widgets:
            self.backup_rows.removeWidget(old)
            old.deleteLater()
        self._backup_row_widgets = []
        self.restore_buttons = []
        for backup in self.backups:
            when = backup_when(backup)
            holder = QWidget()
            row = QHBoxLayout(holder)
            row.setContentsMargins(0, 0, 0, 0)
            row.setSpacing(12)
            text = make_label(f"{when} · {file_size_text(backup.size)}")
            text.setAccessibleName(f"Backup from {when}")
            row.addWidget(text, 1)
            restore = make_button("Restore this backup…", f"Restore the backup from {when}",
                                  "Put this copy in place of your journal; the journal now in use is kept aside",
                                  "link")
            restore.clicked.connect(lambda _checked=False, backup=backup: self.ask_to_restore(backup))
            row.addWidget(restore, 0, Qt.AlignmentFlag.AlignVCenter)
            self.backup_rows.addWidget(holder)
            self._backup_row_widgets.append(holder)
            self.restore_buttons.append(restore)
        self.no_backups.setVisible(not self.backups)
        self.backups_loaded.emit()

    def back_up_now(self) -> None:
        journal = self.services.journal_if_open
        if journal is None:
            self._backup_done(NO_JOURNAL)
            return
        self.backup_button.setEnabled(False)
        self.backup_status.setText("Backing up…")

        def connect(task: Task) -> None:
            task.succeeded.connect(lambda backup: self._backup_done(f"Backed up: {backup_when(backup)}."))
            task.failed.connect(lambda message: self._backup_done(f"The backup was not made: {message}"))

        self.services.tasks.run(journal.backup_now, connect=connect)

    def ask_to_restore(self, backup: Backup) -> QMessageBox:
        """Ask before restoring (the window stays usable while the question is open)."""
        when = backup_when(backup)
        self.confirm_restore = ask(
            self, "Restore a backup", f"Restore your journal from the backup of {when}?",
            [Answer("Restore", "Restore the backup", f"Put the backup of {when} in place of your journal", "accept"),
             Answer("Cancel", "Cancel", "Keep your journal as it is")],
            lambda chosen: self.restore(backup) if chosen == 0 else None, default=1,
            informative="Your current journal is kept aside in the data folder, not deleted, and the backup takes "
                        "its place. Anything written since the backup is in the file kept aside.")
        return self.confirm_restore

    def restore(self, backup: Backup) -> None:
        """Close the journal, put `backup` in its place (the current file kept aside), and open it again."""
        self.backup_button.setEnabled(False)
        for button in self.restore_buttons:
            button.setEnabled(False)
        self.backup_status.setText("Restoring…")

        def connect(task: Task) -> None:
            task.succeeded.connect(lambda kept: self._backup_done(
                f"Restored the backup of {backup_when(backup)}. Your previous journal is kept at {kept}."))
            task.failed.connect(lambda message: self._backup_done(f"Nothing was restored: {message}"))

        self.services.tasks.run(self.services.restore_journal, backup, connect=connect)

    def _backup_done(self, message: str) -> None:
        self.backup_button.setEnabled(True)
        self.backup_status.setText(message)
        self.backup_finished.emit(message)
        self.load_backups()
