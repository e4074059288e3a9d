"""Settings' Sound panel: where the sound plays and what records one's voice.

Listing the output devices probes PortAudio and listing the microphones its
input side, so both run as Tasks when Settings is first opened; the lists say
what they are waiting for meanwhile, and say plainly when nothing is found.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFrame, QWidget

from kindaudio.audio import OutputDevice, output_devices
from kindaudio.common.settings import Settings
from kindaudio.ui.pages.settings.form import SettingsForm, field_width, named, select_data, settings_panel
from kindaudio.ui.services import Services
from kindaudio.ui.tasks import Task
from kindaudio.ui.widgets.basics import make_label

if TYPE_CHECKING:
    from kindaudio.audio import InputDevice

log = logging.getLogger(__name__)


class SoundPanel(QFrame):
    """The output device and the microphone, saved (through `save`) as they are chosen.

    Signals:
        devices_loaded(): the output device list is filled (or says why it could not be).
        microphones_loaded(): the microphone list is filled (or says why it could not be).
    """

    devices_loaded = Signal()
    microphones_loaded = Signal()

    def __init__(self, services: Services, save: Callable[..., None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self._save = save
        _panel, layout = settings_panel("Sound", self)
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

    def show_settings(self, settings: Settings) -> None:
        """The lists in line with the settings, without saving anything back."""
        widgets = (self.device_combo, self.mic_combo)
        blocked = [widget.blockSignals(True) for widget in widgets]
        try:
            select_data(self.device_combo, settings.device)
            select_data(self.mic_combo, settings.input_device)
        finally:
            for widget, was in zip(widgets, blocked, strict=True):
                widget.blockSignals(was)

    def _device_chosen(self, index: int) -> None:
        if not self.device_combo.isEnabled():
            return
        device = self.device_combo.itemData(index)
        self._save(device=device)
        self.services.player.device = device

    def _microphone_chosen(self, index: int) -> None:
        if self.mic_combo.isEnabled():
            self._save(input_device=self.mic_combo.itemData(index))

    # Output devices ---------------------------------------------------------

    def load_devices(self) -> None:
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
        select_data(combo, saved)
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

    # Microphones ------------------------------------------------------------

    def load_microphones(self) -> None:
        from kindaudio.audio import input_devices  # PortAudio's input side: only when Settings opens

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
        select_data(combo, saved)
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
