"""One practice before it plays: its length, voice, pace, background and bells; Start, Read script, Export.

Reading the file, looking for recordings (data.py) and asking the speech
engine for its voices are all slow enough to happen off the GUI thread; a
file that cannot be read leaves the page as it was and says why (file:line:col).

When some of a practice has been recorded, the recorded voice is offered
with how much of it is recorded ("1 of 56 recorded"); it is chosen by itself
only when every sentence is recorded, so one test take does not take over.
The person may ask for their recorded voice alone ("Only my recorded voice"); while sentences are still
unrecorded the page says how many, offers to record them, and does not start.
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kindaudio.audio import PlayChoices, journal_voice, practice_programme
from kindaudio.audio.tts.engine import Voice
from kindaudio.audio.tts.voices import VoiceList
from kindaudio.common.text import printable
from kindaudio.script.model import Practice, Sentence
from kindaudio.ui.dialogs.export_dialog import ExportDialog
from kindaudio.ui.dialogs.read_script import ReadScriptDialog
from kindaudio.ui.navigation import back_link
from kindaudio.ui.pages.practice.choices_card import MAX_RATE, MIN_RATE, ChoicesCard
from kindaudio.ui.pages.practice.data import LoadedPractice, read_practice
from kindaudio.ui.pages.practice.text import (
    record_them_text,
    recorded_voice_text,
    recordings_note_text,
    unrecorded_text,
)
from kindaudio.ui.play_request import PlayRequest
from kindaudio.ui.services import Services
from kindaudio.ui.tasks import Task
from kindaudio.ui.widgets.basics import (
    fill_with_centred_column,
    make_button,
    make_label,
)
from kindaudio.ui.widgets.voice_list import Leading, installed, voices_note

log = logging.getLogger(__name__)

CONTENT_WIDTH = 760  # a readable column on wide screens
RECORDED = ":recorded:"  # the voice box's data for "Recorded voice"; other items hold a voice id


class PracticePage(QWidget):
    """The chosen practice and how it will sound.

    Signals:
        practice_loaded(object): a practice file was read and is now shown (the Practice).
        load_failed(str): a practice file could not be used; the message names file:line:col
            and what to fix. The page keeps showing what it showed before.
        start_requested(object): a PlayRequest for the practice as chosen.
        back_requested(): back to the library.
        record_requested(object): the practice file's Path, to record the sentences still missing.
    """

    practice_loaded = Signal(object)
    load_failed = Signal(str)
    start_requested = Signal(object)
    back_requested = Signal()
    record_requested = Signal(object)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.practice: Practice | None = None
        self.has_recordings = False
        self.unrecorded: tuple[Sentence, ...] = ()
        self.recorded, self.total = 0, 0  # distinct sentences recorded, of how many
        self._recorded_picked = False  # the person chose the recorded voice for this practice themselves
        self.voices: VoiceList | None = None
        self._voices_asked = False
        self._serial = 0  # the latest show_practice; older loads are ignored
        self.read_dialog: ReadScriptDialog | None = None
        self.export_dialog: ExportDialog | None = None
        self._build()
        self._update_actions()
        services.voice_events.changed.connect(self._voices_changed)
        services.settings.changed.connect(lambda _settings: self._update_actions())  # the view may have changed

    # -- building ----------------------------------------------------------------

    def _build(self) -> None:
        self.back_button = back_link()
        self.back_button.clicked.connect(self.back_requested)

        self.title = make_label("", "page-title", accessible="Practice title")
        self.summary = make_label("", "subtitle", accessible="About this practice")

        self.choices_card = card = ChoicesCard()
        # The card only lays its controls out; the page reads, fills and connects them by these names.
        self.length, self.voice_chooser, self.voice, self.voice_note = (card.length, card.voice_chooser, card.voice,
                                                                       card.voice_note)
        self.recorded_only, self.unrecorded_box = card.recorded_only, card.unrecorded_box
        self.unrecorded_label, self.record_them_button = card.unrecorded_label, card.record_them_button
        self.rate, self.background, self.bells = card.rate, card.background, card.bells
        self.record_them_button.clicked.connect(self._ask_to_record)

        self.start_button = make_button("Start", "Start the practice", "Begin the practice with these choices",
                                        "primary")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start)
        self.read_button = make_button("Read script", "Read the script",
                                       "See the whole text with start times at this length, and hear any line")
        self.read_button.clicked.connect(self.open_read_script)
        self.export_button = make_button("Export audio…", "Export audio",
                                         "Save the practice as an audio file to play anywhere")
        self.export_button.clicked.connect(self.open_export)
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.read_button)
        buttons.addWidget(self.export_button)
        buttons.addStretch(1)

        self.note = make_label("You can pause or stop at any moment. Pause & ground is always there while you "
                               "practise.", "note", accessible="A note before you begin")

        column = QWidget()
        column.setMaximumWidth(CONTENT_WIDTH)
        inner = QVBoxLayout(column)
        inner.setSpacing(16)
        inner.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignLeft)
        inner.addWidget(self.title)
        inner.addWidget(self.summary)
        inner.addWidget(card)
        inner.addLayout(buttons)
        inner.addWidget(self.note)
        inner.addStretch(1)

        fill_with_centred_column(self, column)

        self.rate.valueChanged.connect(self._on_rate)
        self.length.changed.connect(lambda _minutes: self._update_actions())
        self.voice.currentIndexChanged.connect(lambda _index: self._update_actions())
        self.voice.activated.connect(self._on_voice_picked)
        self.recorded_only.toggled.connect(lambda _checked: self._update_actions())
        for first, second in ((self.back_button, self.length.combo), (self.length.combo, self.length.custom),
                              (self.length.custom, self.voice), (self.voice, self.voice_chooser.every_language),
                              (self.voice_chooser.every_language, self.recorded_only),
                              (self.recorded_only, self.record_them_button), (self.record_them_button, self.rate),
                              (self.rate, self.background), (self.background, self.bells),
                              (self.bells, self.start_button), (self.start_button, self.read_button),
                              (self.read_button, self.export_button)):
            QWidget.setTabOrder(first, second)

    # -- loading -----------------------------------------------------------------

    def show_practice(self, path: Path) -> None:
        """Read a practice file in the background and show it; see practice_loaded and load_failed."""
        self._serial += 1
        serial = self._serial

        def connect(task: Task) -> None:
            task.succeeded.connect(lambda loaded: self._on_loaded(serial, loaded))
            task.failed.connect(lambda message: self._on_load_failed(serial, message))

        self.services.tasks.run(read_practice, Path(path), self.services.clips, connect=connect)
        self._ask_for_voices()

    def _on_loaded(self, serial: int, loaded: LoadedPractice) -> None:
        if serial != self._serial:
            return
        practice = loaded.practice
        settings = self.services.settings.current
        self.practice = practice
        self.has_recordings = loaded.has_recordings
        self.unrecorded = loaded.unrecorded
        self.recorded, self.total = loaded.recorded, loaded.total
        self._recorded_picked = False
        self.recorded_only.setChecked(False)
        self.title.setText(printable(practice.title))
        self.summary.setText(practice.summary)
        self.summary.setVisible(bool(practice.summary))
        self.rate.blockSignals(True)
        self.rate.setValue(min(max(settings.rate or practice.pace.rate, MIN_RATE), MAX_RATE))
        self.rate.blockSignals(False)
        self.length.set_practice(practice, self.rate.value())
        self.background.setCurrentIndex(1 if settings.ambience else 0)
        self.bells.setChecked(settings.bells)
        self._fill_voices(new_practice=True)
        self._update_actions()
        log.info("showing %s (%s)", practice.id, practice.source)
        self.practice_loaded.emit(practice)

    def _on_load_failed(self, serial: int, message: str) -> None:
        if serial == self._serial:
            log.info("practice file not shown: %s", message)
            self.load_failed.emit(message)

    def _ask_for_voices(self) -> None:
        if self._voices_asked:
            return
        self._voices_asked = True

        def connect(task: Task) -> None:
            task.succeeded.connect(self._on_voices)
            task.failed.connect(self._on_voices_failed)

        self.services.tasks.run(self.services.clips.voices, connect=connect)

    def _on_voices(self, voices: VoiceList) -> None:
        self.voices = voices
        for problem in voices.problems:
            log.warning("voice problem: %s", problem)
        self._fill_voices()

    def _voices_changed(self) -> None:
        """A voice was added or removed in Settings: list them afresh when a practice is shown next."""
        self._voices_asked = False
        if self.practice is not None:
            self._ask_for_voices()

    def _on_voices_failed(self, message: str) -> None:
        self._voices_asked = False  # try again with the next practice (the engine may be installed by then)
        self.choices_card.show_voice_note(f"No computer voice could be found. {message}", "error")
        self._fill_voices()

    def _fill_voices(self, new_practice: bool = False) -> None:
        """The recorded voice (when there is one), then the natural voices, then the basic ones.

        A fully recorded practice starts on its recorded voice; otherwise the
        person's own earlier pick stays, else the settings' voice, else the
        default voice (a natural one when installed). A partly recorded one
        offers the recorded voice with how much is recorded, but does not pick it.
        """
        fully_recorded = self.has_recordings and not self.unrecorded
        previous = None if new_practice and self.has_recordings else self.voice.currentData()
        leading: list[Leading] = []
        if self.has_recordings:
            leading.append(Leading(recorded_voice_text(self.recorded, self.total), RECORDED,
                                   "Recorded lines play as recorded; a computer voice reads any others"))
        usual_only = self.voices is None or not self.voices.voices
        if usual_only and not fully_recorded:  # until the voices are known (and a partial recording is not picked)
            leading.insert(0, Leading("The usual voice", self.services.settings.current.voice))
        keep_recorded = self.has_recordings and (fully_recorded or self._recorded_picked)
        if (previous == RECORDED and keep_recorded) or installed(self.voices, previous):
            wanted: object = previous
        elif fully_recorded:
            wanted = RECORDED
        elif usual_only:
            wanted = self.services.settings.current.voice
        else:
            fallback = self._fallback_voice()
            wanted = fallback.id if fallback is not None else None
        self.voice_chooser.fill(self.voices, wanted, leading)
        if self.voices is not None:
            self.voice_note.setToolTip(self.voices.natural_missing or "")
            self.choices_card.show_voice_note((recordings_note_text(self.recorded, self.total)
                                               if self.has_recordings else "")
                                              + voices_note(self.voices), "muted")
        self._update_actions()  # the recorded voice may have come or gone

    def _fallback_voice(self) -> Voice | None:
        """The settings' voice when it is installed, else the default voice; None before the voices are known."""
        if self.voices is None or not self.voices.voices:
            return None
        return installed(self.voices, self.services.settings.current.voice) or self.voices.default()

    # -- choosing ----------------------------------------------------------------

    def _on_rate(self, rate: int) -> None:
        if self.practice is not None:
            self.length.set_practice(self.practice, rate, keep_choice=True)
        self._update_actions()

    def _on_voice_picked(self, _index: int) -> None:
        """The person chose a voice in the box: a partly recorded practice keeps the recorded voice if so."""
        self._recorded_picked = self.voice.currentData() == RECORDED

    def _update_actions(self) -> None:
        ready = self.practice is not None and self.length.minutes() is not None
        recorded_voice = self.has_recordings and self.voice.currentData() == RECORDED
        self.recorded_only.setVisible(self.has_recordings)
        self.recorded_only.setEnabled(recorded_voice)
        refused = recorded_voice and self.recorded_only.isChecked() and bool(self.unrecorded)
        self.unrecorded_label.setText(unrecorded_text(len(self.unrecorded)) if refused else "")
        self.record_them_button.setText(record_them_text(len(self.unrecorded)))
        self.unrecorded_box.setVisible(refused)
        self.record_them_button.setEnabled(refused and self.practice is not None and self.practice.source is not None)
        self.record_them_button.setVisible(self.services.settings.current.therapist_view)  # recording: a therapist's
        self.start_button.setEnabled(ready and not refused)
        therapist = self.services.settings.current.therapist_view
        self.start_button.setToolTip(("Record the missing sentences first, or let a computer voice read them"
                                      if therapist else "A computer voice can read the sentences not recorded: "
                                      "untick Only my recorded voice") if refused
                                     else "Begin the practice with these choices")
        for widget in (self.read_button, self.export_button):
            widget.setEnabled(ready)
        for control in (self.length, self.voice, self.rate, self.background, self.bells):
            control.setEnabled(self.practice is not None)

    def _ask_to_record(self) -> None:
        if self.practice is not None and self.practice.source is not None:
            self.record_requested.emit(Path(self.practice.source))

    def choices(self) -> PlayChoices:
        """What is chosen now (raises RuntimeError before a practice is shown)."""
        minutes = self.length.minutes()
        if self.practice is None or minutes is None:
            raise RuntimeError("no practice with a length is shown")
        data = self.voice.currentData()
        recorded = data == RECORDED
        if recorded or not isinstance(data, str):  # the rest in the settings' voice (or the engine's default)
            fallback = self._fallback_voice()
            voice = fallback.id if fallback is not None else self.services.settings.current.voice
        else:
            voice = data
        return PlayChoices(minutes=minutes, voice=voice, rate=self.rate.value(), use_recordings=recorded,
                           ambience=bool(self.background.currentData()), bells=self.bells.isChecked(),
                           recorded_only=recorded and self.recorded_only.isChecked())

    # -- acting --------------------------------------------------------------------

    def start(self) -> None:
        """Ask for the practice to play as chosen (the build runs later, on the player's thread)."""
        if self.practice is None:
            return
        chosen = self.choices()
        if chosen.recorded_only and self.unrecorded:
            return  # said on the page, with a way to record them
        build = functools.partial(practice_programme, self.services.clips, self.practice, chosen)
        minutes = chosen.minutes or 0.0  # a shown practice always has its length chosen (see choices())
        request = PlayRequest(title=self.practice.title, build=build, minutes=minutes,
                              practice_id=self.practice.id, content_hash=self.practice.content_hash,
                              voice=journal_voice(chosen))
        log.info("start %s at %g min", self.practice.id, minutes)
        self.start_requested.emit(request)

    def open_read_script(self) -> ReadScriptDialog | None:
        if self.practice is None:
            return None
        chosen = self.choices()
        if self.read_dialog is not None:
            self.read_dialog.close()
            self.read_dialog.deleteLater()
        self.read_dialog = ReadScriptDialog(self.services, self.practice, chosen, self)
        self.read_dialog.open()
        return self.read_dialog

    def open_export(self) -> ExportDialog | None:
        if self.practice is None:
            return None
        previous = self.export_dialog
        if previous is not None and previous.busy and previous.practice is self.practice:
            previous.open()  # its export is still running: show how far it has got
            return previous
        chosen = self.choices()
        if previous is not None and not previous.busy:  # a busy one goes on, unseen, until its file is written
            previous.deleteLater()
        self.export_dialog = ExportDialog(self.services, self.practice, chosen, self)
        self.export_dialog.open()
        return self.export_dialog
