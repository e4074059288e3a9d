"""The Practice page's form of choices: length, voice, speaking rate, background and bells.

Only the widgets and their layout live here; the page fills them in, keeps
them consistent and reads them (PracticePage.choices).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QFrame, QLabel, QSpinBox, QVBoxLayout, QWidget

from kindaudio.ui.length_choice import LengthChooser
from kindaudio.ui.widgets.basics import make_button, make_label
from kindaudio.ui.widgets.voice_list import VoiceChooser

MIN_RATE, MAX_RATE = 80, 260  # words a minute, as the settings allow


class ChoicesCard(QFrame):
    """A card with one row per choice; the voice row also says what voices there are.

    Under the voice box: a note about the voices, the every-language check box,
    "Only my recorded voice" (shown when the practice has recordings), and a
    line saying what is not recorded yet with a way to record it (shown when
    the recorded voice alone cannot play).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "card")
        self.length = LengthChooser()
        self.voice_chooser = VoiceChooser("Voice", "Who reads the practice: a recorded voice where there is one, "
                                                   "a natural computer voice, or a basic one")
        self.voice = self.voice_chooser.combo
        self.voice_note = make_label("Looking for voices…", "muted", accessible="About the voices")
        self.recorded_only = QCheckBox("Only my recorded voice")
        self.recorded_only.setAccessibleName("Only my recorded voice")
        self.recorded_only.setToolTip("Play the practice only when every sentence has a recording, "
                                      "with no computer voice at all")
        self.recorded_only.hide()  # until a practice with recordings is shown
        self.unrecorded_label = make_label("", "error", accessible="Why your recorded voice alone cannot play yet")
        self.record_them_button = make_button("Record them…", "Record the sentences not recorded yet",
                                              "Open the recording window for this practice", "link")
        self.unrecorded_box = QWidget()
        unrecorded_row = QVBoxLayout(self.unrecorded_box)
        unrecorded_row.setContentsMargins(0, 0, 0, 0)
        unrecorded_row.addWidget(self.unrecorded_label)
        unrecorded_row.addWidget(self.record_them_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.unrecorded_box.hide()
        self.rate = QSpinBox()
        self.rate.setRange(MIN_RATE, MAX_RATE)
        self.rate.setSingleStep(5)
        self.rate.setSuffix(" words a minute")
        self.rate.setAccessibleName("Speaking rate")
        self.rate.setToolTip("How quickly the voice speaks, in words a minute as you hear it. "
                             "Slower speech leaves less room for quiet pauses.")
        self.background = QComboBox()
        self.background.addItem("None", False)
        self.background.addItem("Soft ambience", True)
        self.background.setAccessibleName("Background sound")
        self.background.setToolTip("A soft, steady sound under the voice, or quiet")
        self.bells = QCheckBox("Ring the bells")
        self.bells.setAccessibleName("Bells")
        self.bells.setToolTip("Bells mark the start, the end and some changes; without them those moments stay quiet")

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(_buddy("&Length", self.length.combo), self.length)
        voice_box = QVBoxLayout()
        voice_box.setContentsMargins(0, 0, 0, 0)
        voice_box.addWidget(self.voice)
        voice_box.addWidget(self.voice_note)
        voice_box.addWidget(self.voice_chooser.every_language, 0, Qt.AlignmentFlag.AlignLeft)
        voice_box.addWidget(self.recorded_only)
        voice_box.addWidget(self.unrecorded_box)
        form.addRow(_buddy("&Voice", self.voice), voice_box)
        form.addRow(_buddy("Speaking &rate", self.rate), self.rate)
        form.addRow(_buddy("&Background", self.background), self.background)
        form.addRow(_buddy("Be&lls", self.bells), self.bells)
        self.setLayout(form)

    def show_voice_note(self, text: str, role: str) -> None:
        """Say something about the voices, styled by `role` ("muted", or "error" when none could be found)."""
        self.voice_note.setText(text)
        self.voice_note.setProperty("role", role)
        self.voice_note.style().unpolish(self.voice_note)
        self.voice_note.style().polish(self.voice_note)


def _buddy(text: str, field: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(field)
    return label
