"""Settings: the default voice and pace, sound output and microphone, look, the view, the journal, reminders,
and where data lives.

One panel per section, each in its own module (voice_panel.py, sound_panel.py,
appearance_panel.py, view_panel.py, journal_panel.py, reminders_panel.py, support_panel.py, data_panel.py); this
page lays them out
in a column, fills the lists when it is first shown, and saves every change
at once through the SettingsStore: there is no Save button to forget.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QMessageBox, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from kindaudio.audio import OutputDevice
from kindaudio.common.settings import Settings
from kindaudio.ui.pages.settings.appearance_panel import AppearancePanel
from kindaudio.ui.pages.settings.data_panel import DataPanel
from kindaudio.ui.pages.settings.journal_panel import JournalPanel
from kindaudio.ui.pages.settings.reminders_panel import RemindersPanel
from kindaudio.ui.pages.settings.sound_panel import SoundPanel
from kindaudio.ui.pages.settings.support_panel import SupportPanel
from kindaudio.ui.pages.settings.view_panel import ViewPanel
from kindaudio.ui.pages.settings.voice_panel import VoicePanel
from kindaudio.ui.services import Services
from kindaudio.ui.widgets.basics import fill_with_scrolling_page, make_label

if TYPE_CHECKING:
    from kindaudio.audio import InputDevice
    from kindaudio.journal.records import Backup

log = logging.getLogger(__name__)


class SettingsPage(QWidget):
    """The person's preferences, saved as they change.

    The voice and device lists are filled the first time the page is shown.

    Signals:
        voices_loaded(): the voice list is filled (or says why it could not be).
        devices_loaded(): the output device list is filled (or says why it could not be).
        microphones_loaded(): the microphone list is filled (or says why it could not be).
        backups_loaded(): the list of journal backups is up to date.
        backup_finished(str): a backup or a restore ended; what the page says about it.
    """

    voices_loaded = Signal()
    devices_loaded = Signal()
    microphones_loaded = Signal()
    backups_loaded = Signal()
    backup_finished = Signal(str)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self._build()
        self._show_settings(services.settings.current)
        services.settings.changed.connect(self._show_settings)
        # Opening the journal takes the day's backup: the list shown may have grown.
        services.journal_events.opened.connect(lambda: self.load_backups() if self.isVisible() else None)
        self._lists_asked = False

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        # Listing voices starts the speech workers and listing devices probes
        # PortAudio: only when Settings is first opened, never at start-up.
        super().showEvent(event)
        if not self._lists_asked:
            self._lists_asked = True
            self.voice_panel.load()
            self.sound_panel.load_devices()
            self.sound_panel.load_microphones()
            self.reminders_panel.load()
        self.load_backups()

    # Building ---------------------------------------------------------------

    def _build(self) -> None:
        _scroll, page = fill_with_scrolling_page(self, top=24, spacing=16)

        # A place of the side bar: no back link (navigation.py).
        page.addWidget(make_label("Settings", "page-title"))
        page.addWidget(make_label("Changes are kept as soon as you make them.", "subtitle"))

        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(16)
        self.reminders_panel = RemindersPanel(self.services, self._update)
        self.support_panel = SupportPanel(self.services.paths)  # health data: its own private file
        for panel in (self._voice_panel(), self._sound_panel(), self._look_panel(), self._view_panel(),
                      self._journal_panel(), self.reminders_panel, self.support_panel, self._data_panel()):
            column.addWidget(panel)
        # A comfortable reading width on wide screens; the full width on narrow ones.
        holder = QWidget()
        holder.setLayout(column)
        holder.setMaximumWidth(900)
        holder.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        # In a row, not straight in the page: the page then measures wrapped notes at the column's own
        # width, not the page's; measured wider, they count fewer lines than they show and squeeze the rows.
        row = QHBoxLayout()
        row.addWidget(holder, 1)
        row.addStretch(0)
        page.addLayout(row)
        page.addStretch(1)
        self.setAccessibleName("Settings")

    def _voice_panel(self) -> QFrame:
        self.voice_panel = panel = VoicePanel(self.services)
        panel.voices_loaded.connect(self.voices_loaded)
        # The panel's controls by the names the rest of the window (and its tests) know them by.
        self.voice_combo, self.rate_spin, self.voice_error = panel.combo, panel.rate_spin, panel.voice_error
        self.sample_button, self.sample_status = panel.sample_button, panel.sample_status
        return panel

    def hear_sample(self) -> None:
        """Speak one sentence with the chosen voice and rate (see VoicePanel.hear_sample)."""
        self.voice_panel.hear_sample()

    def _sound_panel(self) -> QFrame:
        self.sound_panel = panel = SoundPanel(self.services, self._update)
        panel.devices_loaded.connect(self.devices_loaded)
        panel.microphones_loaded.connect(self.microphones_loaded)
        self.device_combo, self.device_note = panel.device_combo, panel.device_note
        self.mic_combo, self.mic_note = panel.mic_combo, panel.mic_note
        return panel

    def _look_panel(self) -> QFrame:
        self.look_panel = panel = AppearancePanel(self._update)
        self.theme_buttons, self.size_combo, self.captions_check = panel.theme_buttons, panel.size_combo, \
            panel.captions_check
        return panel

    def _view_panel(self) -> QFrame:
        self.view_panel = panel = ViewPanel(self._update)
        self.view_buttons = panel.choice.buttons
        return panel

    def _journal_panel(self) -> QFrame:
        self.journal_panel = panel = JournalPanel(self.services, self._update)
        panel.backups_loaded.connect(self.backups_loaded)
        panel.backup_finished.connect(self.backup_finished)
        self.check_in_before_check, self.check_in_after_check = panel.check_in_before_check, \
            panel.check_in_after_check
        self.streak_check, self.streak_note = panel.streak_check, panel.streak_note
        self.backup_button, self.backup_status = panel.backup_button, panel.backup_status
        self.no_backups, self.journal_file = panel.no_backups, panel.journal_file
        return panel

    def _data_panel(self) -> QFrame:
        self.data_panel = panel = DataPanel(self.services.paths)
        self.folder_rows = panel.folder_rows
        return panel

    # The panels' lists and actions, by the names the window (and the tests) know them by -----

    def show_devices(self, devices: list[OutputDevice]) -> None:
        self.sound_panel.show_devices(devices)

    def show_microphones(self, devices: list[InputDevice]) -> None:
        self.sound_panel.show_microphones(devices)

    def load_backups(self) -> None:
        self.journal_panel.load_backups()

    @property
    def backups(self) -> list[Backup]:
        return self.journal_panel.backups

    @property
    def restore_buttons(self) -> list[QPushButton]:
        return self.journal_panel.restore_buttons

    @property
    def confirm_restore(self) -> QMessageBox | None:
        return self.journal_panel.confirm_restore

    @staticmethod
    def copy_path(folder: Path) -> None:
        DataPanel.copy_path(folder)

    # Showing and saving the settings -------------------------------------------

    def _show_settings(self, settings: Settings) -> None:
        """Put the controls in line with the settings, without saving anything back."""
        self.voice_panel.show_settings(settings)
        self.sound_panel.show_settings(settings)
        self.look_panel.show_settings(settings)
        self.view_panel.show_settings(settings)
        self.journal_panel.show_settings(settings)
        self.reminders_panel.show_settings(settings)

    def _update(self, **changes: object) -> None:
        try:
            self.services.settings.update(**changes)
        except (ValueError, OSError) as exc:
            log.warning("settings not saved: %s", exc)
            self.voice_panel.say_problem(f"That change could not be kept: {exc}")
