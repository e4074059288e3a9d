"""The microphone box and its Look again button: the microphones listed, the one chosen remembered."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QComboBox

from kindaudio.ui.dialogs.record_voice.data import Devices, list_devices, preferred_device
from kindaudio.ui.dialogs.record_voice.text import microphone_missing_text
from kindaudio.ui.services import Services
from kindaudio.ui.tasks import Task, TaskRunner
from kindaudio.ui.widgets.basics import make_buddy_label, make_button
from kindaudio.ui.widgets.roomy import name_in_full

log = logging.getLogger(__name__)

MICROPHONE_TIP = "Which microphone to record from"

DEVICE_NAME_ROLE = Qt.ItemDataRole.UserRole + 1  # a microphone's name (device box), as the settings keep it


@dataclass(frozen=True)
class Listing:
    """What one listing of the microphones found, for the dialog to say."""

    found: bool  # any microphone at all
    asked: bool  # the person pressed Look again
    looked_again: bool  # PortAudio looked for new ones first (it cannot while sound is open)
    new: list[str]  # names that were not in the box before


class Microphones(QObject):
    """The microphones in a box to choose from, listed on the microphone's own worker.

    Attributes:
        listing: the microphones are being listed.
        note: about the microphone chosen before, when it is not there now ("" when it is).

    Signals:
        listed(object): a Listing: the box is filled.
        listing_failed(str): the microphones could not be listed, in words for a person.
    """

    listed = Signal(object)
    listing_failed = Signal(str)

    def __init__(self, services: Services, serial: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services, self.serial = services, serial
        self.listing = False
        self.note = ""
        self._asked = False  # the listing under way is because the person pressed Look again
        self.box = QComboBox()
        self.box.setAccessibleName("Microphone")
        self.box.setToolTip(MICROPHONE_TIP)
        self.box.currentIndexChanged.connect(lambda _index: name_in_full(self.box, MICROPHONE_TIP))
        self.box.addItem("Looking for microphones…", None)
        self.box.setEnabled(False)
        self.box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.box.setMinimumContentsLength(22)
        self.box.activated.connect(self._chosen)  # the person choosing, never the box being filled
        self.label = make_buddy_label("&Microphone", self.box)
        self.look_again_button = make_button("Look again", "Look again for microphones",
                                             "Find a microphone connected since this window opened")
        self.look_again_button.setAutoDefault(False)

    def list(self, look_again: bool, asked: bool) -> None:
        """List the microphones (on the microphone's own thread: never while a take is opened or kept)."""
        self.listing = True
        self._asked = asked  # one listing at a time: Look again waits for the one under way

        def connect(task: Task) -> None:
            # Bound methods, not a lambda: Qt drops them with the dialog if it closes first.
            task.succeeded.connect(self._on_devices)
            task.failed.connect(self._on_failed)

        self.serial.run(list_devices, look_again, self.services.settings.current.device, connect=connect)

    def _on_devices(self, listed: Devices) -> None:
        self.listing = False
        if listed.looked_again and listed.output != self.services.settings.current.device:
            log.info("the output device is number %s after looking again", listed.output)
            try:
                self.services.settings.update(device=listed.output)
            except (ValueError, OSError) as exc:
                log.warning("the output device's new number was not remembered: %s", exc)
            self.services.player.device = listed.output
        devices = listed.found
        saved = self.services.settings.current.input_device
        before = {str(self.box.itemData(i, DEVICE_NAME_ROLE)) for i in range(self.box.count())}
        chosen = self.box.itemData(self.box.currentIndex(), DEVICE_NAME_ROLE) if self._asked else None
        self.box.blockSignals(True)  # filling the box is not the person choosing
        try:
            self.box.clear()
            for device in devices:
                self.box.addItem(f"{device.name} (the usual one)" if device.is_default else device.name,
                                 device.index)
                self.box.setItemData(self.box.count() - 1, device.name, DEVICE_NAME_ROLE)
            # Looking again keeps the one in the box, else the one chosen last time.
            self.box.setCurrentIndex(preferred_device(devices, chosen if isinstance(chosen, str) else saved))
        finally:
            self.box.blockSignals(False)
        name_in_full(self.box, MICROPHONE_TIP)  # a device's name can be long: whole in the tooltip
        self.box.setEnabled(bool(devices))
        self.note = ""
        if devices and saved is not None and all(device.name != saved for device in devices):
            self.note = microphone_missing_text(saved, self.box.currentText())
        if not devices:
            self.box.addItem("No microphone found", None)
        self.listed.emit(Listing(bool(devices), self._asked, listed.looked_again,
                                 [d.name for d in devices if d.name not in before]))

    def _on_failed(self, message: str) -> None:
        self.listing = False
        self.box.clear()
        self.box.addItem("No microphone found", None)
        self.listing_failed.emit(message)

    def _chosen(self, index: int) -> None:
        """The person chose a microphone: it is remembered for next time (and shown in Settings)."""
        name = self.box.itemData(index, DEVICE_NAME_ROLE)
        if isinstance(name, str):
            try:
                self.services.settings.update(input_device=name)
            except (ValueError, OSError) as exc:
                log.warning("the microphone was not remembered: %s", exc)
