"""What the window says when the practice journal cannot be opened, and the one repair it offers.

An unreadable file: its path, that nothing was changed, and (when a backup
exists) "Restore the latest backup" beside "Not now". A file from a newer
KindAudio: a message, nothing altered. Either way the app goes on without a
journal (practices still play; nothing is logged) and a banner says so.
Restoring runs on a worker: it closes, checks, swaps and reopens files.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from kindaudio.journal.errors import DatabaseTooNew, DatabaseUnreadable
from kindaudio.ui.services import Services
from kindaudio.ui.tasks import Task

log = logging.getLogger(__name__)

NO_JOURNAL = ("Your practice journal is not open, so practices are not being recorded for now. "
              "Practices still play as usual. The journal file is at {path}.")
RESTORED = "Your journal was restored from the backup. The file it replaced is kept at {kept}."


class JournalProblem(QObject):
    """Shows why the journal did not open, and restores the latest backup when asked.

    Signals:
        resolved(str): what happened, for the window's banner (a restore, or going on without a journal).
    """

    resolved = Signal(str)

    def __init__(self, window: QWidget, services: Services, error: Exception) -> None:
        super().__init__(window)
        self.window, self.services, self.error = window, services, error
        self.restore_button: QPushButton | None = None
        self.not_now_button: QPushButton | None = None
        path = getattr(error, "path", services.paths.journal)
        self.no_journal_text = NO_JOURNAL.format(path=path)
        self.dialog = QMessageBox(window)
        self.dialog.setWindowTitle("Your practice journal")
        self.dialog.setIcon(QMessageBox.Icon.Warning)
        self.dialog.setText(getattr(error, "message", str(error)))
        hint = getattr(error, "hint", None)
        self.dialog.setInformativeText(f"{hint}\n\nPractices still play either way." if hint
                                       else "Practices still play either way.")
        self.dialog.setAccessibleName("Your practice journal could not be opened")
        if isinstance(error, DatabaseUnreadable) and error.backups:
            self.restore_button = self.dialog.addButton("Restore the latest backup",
                                                        QMessageBox.ButtonRole.AcceptRole)
            self.restore_button.setAccessibleName("Restore the latest backup")
            self.restore_button.setToolTip("Put the newest backup in place; the unreadable file is kept aside")
            self.not_now_button = self.dialog.addButton("Not now", QMessageBox.ButtonRole.RejectRole)
            self.not_now_button.setToolTip("Go on without the journal for now; nothing is changed")
        else:
            self.not_now_button = self.dialog.addButton("OK" if isinstance(error, DatabaseTooNew) else "Not now",
                                                        QMessageBox.ButtonRole.RejectRole)
            self.not_now_button.setToolTip("Go on without the journal; nothing is changed")
        self.not_now_button.setAccessibleName(self.not_now_button.text())
        self.dialog.buttonClicked.connect(self._chosen)

    def show(self) -> None:
        """Open the message without blocking (the window stays responsive behind it)."""
        self.dialog.open()

    def _chosen(self, button: object) -> None:
        if button is self.restore_button and isinstance(self.error, DatabaseUnreadable):
            self.restore(self.error)
        else:
            self.resolved.emit(self.no_journal_text)

    def restore(self, error: DatabaseUnreadable) -> None:
        backup = error.backups[0]
        log.info("restoring the journal from %s", backup.path)

        def connect(task: Task) -> None:
            task.succeeded.connect(self._restored)
            task.failed.connect(lambda message: self.resolved.emit(
                f"The backup could not be restored: {message} {self.no_journal_text}"))

        self.services.tasks.run(self.services.restore_journal, backup, connect=connect)

    def _restored(self, kept: object) -> None:
        if self.services.journal_if_open is None:
            reason = self.services.journal_error
            self.resolved.emit(f"The backup was put in place, but the journal still did not open: {reason} "
                               f"{self.no_journal_text}")
            return
        self.resolved.emit(RESTORED.format(kept=Path(str(kept))))
