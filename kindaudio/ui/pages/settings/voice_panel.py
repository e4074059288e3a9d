"""Settings' voice panel: the default voice and pace, a sample to hear, natural voices added from files.

Listing the voices starts the eSpeak worker and checks the natural voices'
files, and adding a voice loads and measures it in a speech worker (a few
seconds), so each runs as a Task and the panel says what it is waiting for.
Every change is saved at once, like the rest of Settings.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QFileDialog, QFrame, QHBoxLayout, QMessageBox, QSpinBox, QWidget

from kindaudio.audio.tts.engine import PIPER, Voice, canonical_voice_id
from kindaudio.audio.tts.piper_voices import RECORD_FILE
from kindaudio.audio.tts.voices import VoiceList
from kindaudio.common.settings import Settings
from kindaudio.ui.pages.settings.form import SettingsForm, field_width, named, settings_panel
from kindaudio.ui.services import Services
from kindaudio.ui.tasks import Task
from kindaudio.ui.widgets.basics import make_button, make_label
from kindaudio.ui.widgets.question import Answer, ask
from kindaudio.ui.widgets.voice_list import VoiceChooser, default_leading, short_name
from kindaudio.ui.widgets.voice_sample import SAMPLE_TITLE, VoiceSample  # noqa: F401 - SAMPLE_TITLE: as tests know it

log = logging.getLogger(__name__)

MIN_RATE = 80
MAX_RATE = 260
RATE_STEP = 10
OWN_PACE = MIN_RATE - RATE_STEP  # the spin box's special value: each practice's own pace

CHECKING = "Checking the voice… this takes a few seconds"
VOICE_MAX_WIDTH = 680  # the field column of Settings' reading width


def _add_and_list(services: Services, model: Path) -> tuple[Voice, VoiceList]:
    voice = services.clips.add_voice(model)
    return voice, services.clips.voices()


def _remove_and_list(services: Services, voice: str) -> VoiceList:
    services.clips.remove_voice(voice)
    return services.clips.voices()


class VoicePanel(QFrame):
    """The Voice panel of Settings.

    Signals:
        voices_loaded(): the voice list is filled (or says why it could not be).
        voice_added(object): a voice was added from a file (the Voice); the list shows it.
        voice_not_added(str): why the voice chosen could not be added, in words for a person.
        voice_removed(str): the voice with this id was removed; the list no longer shows it.
    """

    voices_loaded = Signal()
    voice_added = Signal(object)
    voice_not_added = Signal(str)
    voice_removed = Signal(str)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.voices: VoiceList | None = None
        self.confirm_remove: QMessageBox | None = None  # the open "Remove this voice?" question
        self._busy = False  # a voice is being added or removed
        # The sentence Hear a sample speaks, and its states, shared with the first run's voice choice.
        self.sample = VoiceSample(services, self)
        self._build()
        self.sample.status.connect(lambda text: self._say("sample", text))
        self.sample.failed.connect(self.say_problem)

    def _build(self) -> None:
        _panel, layout = settings_panel("Voice", self)
        form = SettingsForm()
        self.chooser = VoiceChooser("Default voice", "The voice practices use unless you choose another for one")
        self.combo = self.chooser.combo
        field_width(self.combo)
        # As wide as its longest voice (a natural voice's line is long), as far as the column allows.
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.combo.setMaximumWidth(VOICE_MAX_WIDTH)
        self.combo.addItem("Finding the voices…", None)
        self.combo.setEnabled(False)
        self.combo.currentIndexChanged.connect(self._voice_chosen)
        form.addRow("Default voice", self.combo)
        form.addRow("", self.chooser.every_language)

        self.rate_spin = QSpinBox()
        self.rate_spin.setRange(OWN_PACE, MAX_RATE)
        self.rate_spin.setSingleStep(RATE_STEP)
        self.rate_spin.setSpecialValueText("Each practice's own pace")
        self.rate_spin.setSuffix(" words a minute")
        self.rate_spin.setKeyboardTracking(False)
        self.rate_spin.setAccelerated(True)
        self.rate_spin.lineEdit().setTextMargins(8, 0, 0, 0)  # stylesheet padding misses a spin box's text
        field_width(self.rate_spin)
        named(self.rate_spin, "Speaking rate",
              f"How fast the voice speaks, {MIN_RATE} to {MAX_RATE} words a minute as you hear it; "
              "at the lowest setting each practice keeps its own calm pace")
        self.rate_spin.valueChanged.connect(self._rate_chosen)
        form.addRow("Speaking rate", self.rate_spin)
        layout.addLayout(form)

        row = QHBoxLayout()
        row.setSpacing(12)
        self.sample_button = make_button("Hear a sample", "Hear a sample of the voice",
                                         "Speak one short sentence with this voice and rate")
        self.sample_button.clicked.connect(self.hear_sample)
        row.addWidget(self.sample_button)
        self.sample_status = make_label("", "muted", accessible="Sample status")
        row.addWidget(self.sample_status, 1)
        layout.addLayout(row)

        row = QHBoxLayout()
        row.setSpacing(12)
        self.add_button = make_button("Add a voice from a file…", "Add a voice from a file",
                                      "Add a natural (Piper) voice you have downloaded: a NAME.onnx file with "
                                      "NAME.onnx.json beside it", "link")
        self.add_button.clicked.connect(self.choose_voice_file)
        row.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.remove_button = make_button("Remove this voice…", "Remove the chosen voice",
                                         "Remove a voice you added (the voices that came with KindAudio stay)",
                                         "link")
        self.remove_button.setEnabled(False)
        self.remove_button.clicked.connect(self.ask_to_remove)
        row.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addStretch(1)
        layout.addLayout(row)

        self.voice_status = make_label("", "muted", selectable=True, accessible="Adding or removing a voice")
        self.voice_status.hide()
        layout.addWidget(self.voice_status)
        self.natural_note = make_label("", "muted", selectable=True, accessible="How to get a natural voice")
        self.natural_note.hide()
        layout.addWidget(self.natural_note)
        self.voice_error = make_label("", "error", selectable=True, accessible="Voice problem")
        self.voice_error.hide()
        layout.addWidget(self.voice_error)

    # Showing and saving -----------------------------------------------------

    def show_settings(self, settings: Settings) -> None:
        """Put the voice and rate in line with the settings, without saving anything back."""
        blocked = [widget.blockSignals(True) for widget in (self.combo, self.rate_spin)]
        try:
            if self.combo.isEnabled():
                self.chooser.select(settings.voice)
            self.rate_spin.setValue(OWN_PACE if settings.rate is None else settings.rate)
        finally:
            self.combo.blockSignals(blocked[0])
            self.rate_spin.blockSignals(blocked[1])
        self._update_buttons()

    def say_problem(self, text: str) -> None:
        self.voice_error.setText(text)
        self.voice_error.setVisible(bool(text))

    def _say(self, label: str, text: str) -> None:
        if label == "sample":
            self.sample_status.setText(text)
        else:
            self.voice_status.setText(text)
            self.voice_status.setVisible(bool(text))

    def _update(self, **changes: object) -> None:
        try:
            self.services.settings.update(**changes)
        except (ValueError, OSError) as exc:
            log.warning("settings not saved: %s", exc)
            self.say_problem(f"That change could not be kept: {exc}")

    def _voice_chosen(self, index: int) -> None:
        if self.combo.isEnabled():
            self._update(voice=self.combo.itemData(index))
        self._update_buttons()

    def _rate_chosen(self, value: int) -> None:
        if value < MIN_RATE:
            if value != OWN_PACE:
                self.rate_spin.setValue(OWN_PACE)  # a typed 75: the lowest step means "own pace"
                return
            self._update(rate=None)
        else:
            self._update(rate=value)

    def _update_buttons(self) -> None:
        voice = self.chooser.current_voice()
        self.remove_button.setEnabled(not self._busy and voice is not None and self.added_by_person(voice))
        # Offered once there is something of the person's own to remove.
        own = self.voices is not None and any(self.added_by_person(other) for other in self.voices.neural)
        self.remove_button.setVisible(own)
        self.add_button.setEnabled(not self._busy)

    def added_by_person(self, voice: Voice) -> bool:
        """Added from a file (it can be removed again), not one that came with KindAudio."""
        return voice.engine == PIPER and (self.services.clips.paths.voices / voice.native / RECORD_FILE).is_file()

    # The list ---------------------------------------------------------------

    def load(self) -> None:
        """List the voices (in the background); `voices_loaded` follows."""
        def connect(task: Task) -> None:
            task.succeeded.connect(self.show_voices)
            task.failed.connect(self._voices_failed)

        self.services.tasks.run(self.services.clips.voices, connect=connect)

    def show_voices(self, voices: VoiceList) -> None:
        self.voices = voices
        self.chooser.fill(voices, self.services.settings.current.voice, [default_leading(voices)], keep_missing=True)
        self.combo.setEnabled(bool(voices.voices))
        self.natural_note.setText(voices.natural_missing or "")
        self.natural_note.setVisible(voices.natural_missing is not None)
        self.say_problem("\n".join(problem[:1].upper() + problem[1:] for problem in voices.problems))
        if not voices.voices:
            self.say_problem("No voice is installed; `kindaudio check` says what is missing and how to install it.")
        self._update_buttons()
        self.voices_loaded.emit()

    def _voices_failed(self, message: str) -> None:
        self.combo.clear()
        self.combo.addItem("Default", None)
        self.combo.setEnabled(False)
        self.say_problem(f"The voices could not be listed: {message}")
        self._update_buttons()
        self.voices_loaded.emit()

    # Adding and removing voices ---------------------------------------------

    def choose_voice_file(self) -> None:
        chosen, _kind = QFileDialog.getOpenFileName(self, "Add a natural voice", str(Path.home()),
                                                    "Piper voices (*.onnx)")
        if chosen:
            self.add_voice(Path(chosen))

    def add_voice(self, model: Path) -> None:
        """Check, measure and copy in the voice whose model is `model`; `voice_added` or `voice_not_added` follows."""
        self._busy = True
        self._update_buttons()
        self.say_problem("")
        self._say("voice", CHECKING)

        def connect(task: Task) -> None:
            task.succeeded.connect(self._added)
            task.failed.connect(self._not_added)

        self.services.tasks.run(_add_and_list, self.services, Path(model), connect=connect)

    def _added(self, result: tuple[Voice, VoiceList]) -> None:
        voice, voices = result
        self._busy = False
        self.show_voices(voices)
        self._say("voice", f"Added {short_name(voice, voices)}. Choose it above to use it.")
        self.services.voice_events.changed.emit()
        self.voice_added.emit(voice)

    def _not_added(self, message: str) -> None:
        self._busy = False
        self._update_buttons()
        self._say("voice", "")
        self.say_problem(f"The voice was not added. {message}")
        self.voice_not_added.emit(message)

    def ask_to_remove(self) -> QMessageBox | None:
        """Ask before removing the chosen voice (only one the person added; the window stays usable)."""
        voice = self.chooser.current_voice()
        if voice is None or self._busy or not self.added_by_person(voice):
            return None
        name = short_name(voice, self.voices)
        self.confirm_remove = ask(
            self, "Remove a voice", f"Remove the voice {name}?",
            [Answer("Remove", "Remove the voice", f"Remove {name} from KindAudio", "destructive"),
             Answer("Keep it", "Keep the voice", "Leave the voice as it is")],
            lambda chosen: self.remove_voice(voice.id) if chosen == 0 else None, default=1,
            informative="KindAudio's copy of it is deleted; the file you added it from stays where it is, so you "
                        "can add it again later. Until you choose another, the default voice speaks.")
        return self.confirm_remove

    def remove_voice(self, voice_id: str) -> None:
        """Remove a voice the person added (in the background); `voice_removed` follows."""
        voice = self.voices.find(voice_id) if self.voices is not None else None
        name = short_name(voice, self.voices) if voice is not None else voice_id
        self._busy = True
        self._update_buttons()
        self.say_problem("")

        def connect(task: Task) -> None:
            task.succeeded.connect(lambda voices: self._removed(voice_id, name, voices))
            task.failed.connect(self._not_removed)

        self.services.tasks.run(_remove_and_list, self.services, voice_id, connect=connect)

    def _removed(self, voice_id: str, name: str, voices: VoiceList) -> None:
        self._busy = False
        saved = self.services.settings.current.voice
        if saved is not None and canonical_voice_id(saved) == voice_id:
            self._update(voice=None)
        self.show_voices(voices)
        self._say("voice", f"Removed {name}.")
        self.services.voice_events.changed.emit()
        self.voice_removed.emit(voice_id)

    def _not_removed(self, message: str) -> None:
        self._busy = False
        self._update_buttons()
        self.say_problem(f"The voice was not removed. {message}")

    # Hear a sample ----------------------------------------------------------

    def hear_sample(self) -> None:
        """Speak one sentence with the chosen voice and rate (stopping whatever plays)."""
        self.sample.play()
