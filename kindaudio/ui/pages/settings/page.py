"""Settings: the default voice and pace (voice_panel.py), sound output and microphone, look, and data.

Every change is saved at once through the SettingsStore: there is no Save
button to forget. Listing the voices starts the speech engine and listing the
sound devices probes PortAudio, so both run as Tasks; the controls say what
they are waiting for meanwhile.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication, QShowEvent
from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QComboBox, QFrame, QHBoxLayout, QLabel, QMessageBox,
                               QPushButton, QRadioButton, QSizePolicy, QVBoxLayout, QWidget)

from kindaudio.audio.output import OutputDevice, output_devices
from kindaudio.common.paths import ensure_dir
from kindaudio.common.settings import TEXT_SIZES, Settings
from kindaudio.ui.pages.settings.form import SettingsForm, field_width, named, settings_panel
from kindaudio.ui.pages.settings.voice_panel import VoicePanel
from kindaudio.ui.services import Services
from kindaudio.ui.widgets.basics import fill_with_scrolling_page, make_button, make_label
from kindaudio.ui.widgets.question import Answer, ask
from kindaudio.ui.tasks import Task

if TYPE_CHECKING:
    from kindaudio.audio.recorder import InputDevice
    from kindaudio.journal.backup import Backup

log = logging.getLogger(__name__)

THEME_CHOICES = (("system", "Follow the system"), ("light", "Light"), ("dark", "Dark"))
SIZE_NAMES = {90: "Small", 100: "Standard", 115: "Large", 130: "Larger", 150: "Largest"}
STREAK_NOTE = ("Streaks are off unless you turn them on. A missed day never erases anything: "
               "every day you practised stays in your journal.")
BACKUPS_NOTE = ("A copy of your journal is made once a day when KindAudio starts; the last seven are kept, "
                "in the data folder below.")
NO_JOURNAL = "Your journal is not open, so nothing can be backed up right now."


def backup_when(backup: Backup) -> str:
    """A backup's time in local time, as a person reads it: "3 May 2025, 07:30"."""
    local = backup.taken_at.astimezone()
    return f"{local.day} {local:%B %Y, %H:%M}"


def file_size_text(size: int) -> str:
    """A file size in plain units: "812 bytes", "24 KB", "1.3 MB"."""
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{round(size / 1024)} KB"
    return f"{size / (1024 * 1024):.1f} MB"


class SettingsPage(QWidget):
    """The person's preferences, saved as they change.

    The voice and device lists are filled the first time the page is shown.

    Signals:
        back_requested(): the person wants to leave Settings.
        voices_loaded(): the voice list is filled (or says why it could not be).
        devices_loaded(): the output device list is filled (or says why it could not be).
        microphones_loaded(): the microphone list is filled (or says why it could not be).
        backups_loaded(): the list of journal backups is up to date.
        backup_finished(str): a backup or a restore ended; what the page says about it.
    """

    back_requested = Signal()
    voices_loaded = Signal()
    devices_loaded = Signal()
    microphones_loaded = Signal()
    backups_loaded = Signal()
    backup_finished = Signal(str)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.backups: list[Backup] = []
        self.confirm_restore: QMessageBox | None = None  # the open "Restore this backup?" question
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
            self._load_devices()
            self._load_microphones()
        self.load_backups()

    # Building ---------------------------------------------------------------

    def _build(self) -> None:
        _scroll, page = fill_with_scrolling_page(self, top=24, spacing=16)

        self.back_button = make_button("← Back", "Back", "Leave Settings (everything is already saved)", "link")
        self.back_button.clicked.connect(self.back_requested)
        page.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignLeft)
        page.addWidget(make_label("Settings", "page-title"))
        page.addWidget(make_label("Changes are kept as soon as you make them.", "subtitle"))

        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(16)
        column.addWidget(self._voice_panel())
        column.addWidget(self._sound_panel())
        column.addWidget(self._look_panel())
        column.addWidget(self._journal_panel())
        column.addWidget(self._data_panel())
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
        panel, layout = settings_panel("Sound")
        form = SettingsForm()
        self.device_combo = QComboBox()
        named(self.device_combo, "Output device", "Where the sound plays: speakers or headphones")
        self.device_combo.addItem("Looking for sound devices…", None)
        self.device_combo.setEnabled(False)
        field_width(self.device_combo)
        self.device_combo.currentIndexChanged.connect(self._device_chosen)
        form.addRow("Output device", self.device_combo)

        self.mic_combo = QComboBox()
        named(self.mic_combo, "Microphone", "What you record your voice with, for practices of your own; "
                                             "choosing one in the recording window changes it too")
        self.mic_combo.addItem("Looking for microphones…", None)
        self.mic_combo.setEnabled(False)
        field_width(self.mic_combo)
        self.mic_combo.currentIndexChanged.connect(self._microphone_chosen)
        form.addRow("Microphone", self.mic_combo)
        layout.addLayout(form)
        self.device_note = make_label("", "note", selectable=True)
        self.device_note.setAccessibleName("About the sound devices")
        self.device_note.hide()
        layout.addWidget(self.device_note)
        self.mic_note = make_label("", "muted", selectable=True)
        self.mic_note.setAccessibleName("About the microphones")
        self.mic_note.hide()
        layout.addWidget(self.mic_note)
        return panel

    def _look_panel(self) -> QFrame:
        panel, layout = settings_panel("Appearance")
        form = SettingsForm()
        themes = QHBoxLayout()
        self.theme_group = QButtonGroup(self)
        self.theme_buttons: dict[str, QRadioButton] = {}
        for value, text in THEME_CHOICES:
            button = QRadioButton(text)
            named(button, f"Theme: {text}", "Light or dark colours; following the system changes with it")
            self.theme_group.addButton(button)
            self.theme_buttons[value] = button
            themes.addWidget(button)
            button.toggled.connect(lambda on, value=value: self._theme_chosen(value, on))
        themes.addStretch(1)
        form.addRow("Theme", themes)

        self.size_combo = QComboBox()
        field_width(self.size_combo)
        named(self.size_combo, "Text size", "Make all the text in KindAudio smaller or larger")
        for size in TEXT_SIZES:
            self.size_combo.addItem(f"{SIZE_NAMES.get(size, 'Size')} ({size} %)", size)
        self.size_combo.currentIndexChanged.connect(self._size_chosen)
        form.addRow("Text size", self.size_combo)

        self.captions_check = QCheckBox("Show the words as they are spoken")
        named(self.captions_check, "Show captions", "Captions show each sentence as it is spoken")
        self.captions_check.toggled.connect(lambda on: self._update(show_captions=on))
        form.addRow("Captions", self.captions_check)
        layout.addLayout(form)
        return panel

    def _journal_panel(self) -> QFrame:
        panel, layout = settings_panel("Practice journal")
        self.check_in_before_check = QCheckBox("Offer a check-in before practice")
        named(self.check_in_before_check, "Offer a check-in before practice",
               "Between Start and the practice, a short optional check-in (Skip is always there)")
        self.check_in_before_check.toggled.connect(lambda on: self._update(check_in_before=on))
        self.check_in_after_check = QCheckBox("Offer a check-in after practice")
        named(self.check_in_after_check, "Offer a check-in after practice",
               "When a practice has ended, a short optional check-in (Skip is always there)")
        self.check_in_after_check.toggled.connect(lambda on: self._update(check_in_after=on))
        self.streak_check = QCheckBox("Show a practice streak")
        named(self.streak_check, "Show a practice streak",
               "Show how many days in a row you have practised, on the Progress page")
        self.streak_check.toggled.connect(lambda on: self._update(show_streak=on))
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
        return panel

    def _data_panel(self) -> QFrame:
        panel, layout = settings_panel("Where your data lives")
        layout.addWidget(make_label("Everything stays on this computer. These folders are yours to back up or "
                                "look inside.", "muted"))
        paths = self.services.paths
        self.folder_rows: dict[str, QLabel] = {}
        layout.setSpacing(14)
        for key, name, about, folder in (
                ("data", "Your practices, recordings and journal", "Worth backing up", paths.data),
                ("config", "Settings", "Small; remade with the standard settings if deleted", paths.config),
                ("cache", "Prepared speech", "Safe to delete: it is made again when needed", paths.cache)):
            layout.addLayout(self._folder_row(key, name, about, folder))
        return panel

    def _folder_row(self, key: str, name: str, about: str, folder: Path) -> QVBoxLayout:
        block = QVBoxLayout()
        block.setSpacing(2)
        block.addWidget(make_label(f"{name} — {about.lower()}"))
        row = QHBoxLayout()
        row.setSpacing(12)
        where = make_label(str(folder), "muted", selectable=True)
        where.setAccessibleName(f"Folder for {name.lower()}")
        self.folder_rows[key] = where
        row.addWidget(where, 1)
        copy = make_button("Copy path", f"Copy the path of the folder for {name.lower()}",
                           "Copy this folder's path, to paste it elsewhere", "link")
        copy.clicked.connect(lambda: self.copy_path(folder))
        show = make_button("Open folder", f"Open the folder for {name.lower()}", "Show this folder in the file manager",
                           "link")
        show.clicked.connect(lambda: self.open_folder(folder))
        row.addWidget(copy, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(show, 0, Qt.AlignmentFlag.AlignVCenter)
        block.addLayout(row)
        return block

    # Showing the settings ---------------------------------------------------

    def _show_settings(self, settings: Settings) -> None:
        """Put the controls in line with the settings, without saving anything back."""
        self.voice_panel.show_settings(settings)
        widgets = (self.device_combo, self.mic_combo, self.size_combo,
                   self.captions_check, self.check_in_before_check, self.check_in_after_check, self.streak_check,
                   *self.theme_buttons.values())
        blocked = [widget.blockSignals(True) for widget in widgets]
        try:
            self._select_data(self.device_combo, settings.device)
            self._select_data(self.mic_combo, settings.input_device)
            if self.size_combo.findData(settings.text_size) < 0:
                self.size_combo.addItem(f"Your own size ({settings.text_size} %)", settings.text_size)
            self._select_data(self.size_combo, settings.text_size)
            self.captions_check.setChecked(settings.show_captions)
            self.check_in_before_check.setChecked(settings.check_in_before)
            self.check_in_after_check.setChecked(settings.check_in_after)
            self.streak_check.setChecked(settings.show_streak)
            self.theme_buttons[settings.theme].setChecked(True)
        finally:
            for widget, was in zip(widgets, blocked, strict=True):
                widget.blockSignals(was)

    @staticmethod
    def _select_data(combo: QComboBox, value: object) -> None:
        index = combo.findData(value)
        if index >= 0:
            combo.setCurrentIndex(index)

    # Saving changes ---------------------------------------------------------

    def _update(self, **changes: object) -> None:
        try:
            self.services.settings.update(**changes)
        except (ValueError, OSError) as exc:
            log.warning("settings not saved: %s", exc)
            self.voice_panel.say_problem(f"That change could not be kept: {exc}")

    def _device_chosen(self, index: int) -> None:
        if not self.device_combo.isEnabled():
            return
        device = self.device_combo.itemData(index)
        self._update(device=device)
        self.services.player.device = device

    def _microphone_chosen(self, index: int) -> None:
        if self.mic_combo.isEnabled():
            self._update(input_device=self.mic_combo.itemData(index))

    def _theme_chosen(self, theme: str, on: bool) -> None:
        if on:
            self._update(theme=theme)

    def _size_chosen(self, index: int) -> None:
        self._update(text_size=self.size_combo.itemData(index))

    # Voices and devices -----------------------------------------------------

    def _load_devices(self) -> None:
        def connect(task: Task) -> None:
            task.succeeded.connect(self.show_devices)
            task.failed.connect(self._devices_failed)

        self.services.tasks.run(output_devices, connect=connect)

    def show_devices(self, devices: list[OutputDevice]) -> None:
        """Offer these devices (and the system default); say so plainly when there are none."""
        combo = self.device_combo
        combo.blockSignals(True)
        combo.clear()
        combo.addItem("System default", None)
        for device in devices:
            combo.addItem(f"{device.name} ({device.host_api}){' · the system default' if device.is_default else ''}",
                          device.index)
        saved = self.services.settings.current.device
        if saved is not None and combo.findData(saved) < 0:
            combo.addItem(f"Device {saved} (not connected now)", saved)
        self._select_data(combo, saved)
        combo.setEnabled(True)
        combo.blockSignals(False)
        if not devices:
            self._no_devices("No sound output device was found.")
        else:
            self.device_note.hide()
        self.devices_loaded.emit()

    def _devices_failed(self, message: str) -> None:
        self.device_combo.clear()
        self.device_combo.addItem("System default", None)
        self.device_combo.setEnabled(False)
        self._no_devices(f"No sound output device was found: {message}")
        self.devices_loaded.emit()

    def _no_devices(self, why: str) -> None:
        self.device_note.setText(f"{why} You might connect speakers or headphones and open Settings again. "
                                 "Practices can still be saved as audio files.")
        self.device_note.show()

    def _load_microphones(self) -> None:
        from kindaudio.audio.recorder import input_devices  # PortAudio's input side: only when Settings opens

        def connect(task: Task) -> None:
            task.succeeded.connect(self.show_microphones)
            task.failed.connect(self._microphones_failed)

        self.services.tasks.run(input_devices, connect=connect)

    def show_microphones(self, devices: list[InputDevice]) -> None:
        """Offer these microphones (and the system's usual one), by name: the setting keeps the name."""
        combo = self.mic_combo
        combo.blockSignals(True)
        combo.clear()
        combo.addItem("System default", None)
        for device in devices:
            combo.addItem(f"{device.name}{' · the system default' if device.is_default else ''}", device.name)
        saved = self.services.settings.current.input_device
        if saved is not None and combo.findData(saved) < 0:
            combo.addItem(f"{saved} (not connected now)", saved)
        self._select_data(combo, saved)
        combo.setEnabled(True)
        combo.blockSignals(False)
        self.mic_note.setText("No microphone was found. You can still play every practice; recording your "
                              "own voice needs one.")
        self.mic_note.setVisible(not devices)
        self.microphones_loaded.emit()

    def _microphones_failed(self, message: str) -> None:
        self.mic_combo.clear()
        self.mic_combo.addItem("System default", None)
        self.mic_combo.setEnabled(False)
        self.mic_note.setText(f"The microphones could not be listed: {message}")
        self.mic_note.show()
        self.microphones_loaded.emit()

    # Journal backups --------------------------------------------------------

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

    # Folders ----------------------------------------------------------------

    @staticmethod
    def copy_path(folder: Path) -> None:
        QGuiApplication.clipboard().setText(str(folder))

    @staticmethod
    def open_folder(folder: Path) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(ensure_dir(folder))))
