"""One voice list for every place a voice is chosen: natural voices first, basic ones under their own heading.

Natural voices (Piper) sound like a person, so they come first. eSpeak NG's
131 basic voices would bury the few a person wants, so only those of English
and of the system's own language are listed until the person asks for every
language. A voice already chosen (or saved in the settings) stays listed and
selected whatever its language, and ids saved before voices named their
engine ("gmw/en-us") select their eSpeak voice.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtGui import QPaintEvent, QStandardItemModel
from PySide6.QtWidgets import QCheckBox, QComboBox, QStyle, QStyleOptionComboBox, QStylePainter

from kindaudio.audio.tts.engine import Voice, canonical_voice_id
from kindaudio.audio.tts.voices import VoiceList, describe_voice, shown_basic
from kindaudio.common.errors import KindAudioError

HEADING = ":heading:"  # a heading's data: never a voice id, never chosen
NATURAL_HEADING = "Natural voices"
BASIC_HEADING = "Basic voices (eSpeak NG)"
EVERY_LANGUAGE = "Show basic voices of every language"


class Leading(NamedTuple):
    """An item above the voices ("Recorded voice", "Default: …"): its text, its data and its tooltip."""

    text: str
    data: object
    tip: str = ""


def default_leading(voices: VoiceList) -> Leading:
    """The first item of a list where choosing no voice is allowed: "Default: Joe (natural)"."""
    try:
        default = voices.default()
    except KindAudioError:
        return Leading("Default", None)
    return Leading(f"Default: {short_name(default, voices)}" + (" (natural)" if default.neural else ""), None,
                   f"The voice that speaks when you choose none: {describe_voice(default)}")


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def installed_text(voices: VoiceList) -> str:
    """Counted by kind, the choice a person makes: "1 natural voice and 131 basic voices are installed."

    A single count of 132 would hide that only one of them sounds natural.
    """
    natural, basic = len(voices.neural), len(voices.basic)
    parts = [_plural(natural, "natural voice", "natural voices")] if natural else []
    parts += [_plural(basic, "basic voice", "basic voices")] if basic else []
    if not parts:
        return "No voice is installed."
    verb = "is" if len(parts) == 1 and (natural or basic) == 1 else "are"
    return f"{' and '.join(parts)} {verb} installed."


def voices_note(voices: VoiceList) -> str:
    """A note beside a voice list: what is installed and, briefly, where a natural voice comes from."""
    text = installed_text(voices)
    return text + (" For a more natural voice, Settings says how to add one." if voices.natural_missing else "")


def installed(voices: VoiceList | None, wanted: object) -> Voice | None:
    """The installed voice with this id (with or without its engine named); None for anything else."""
    if voices is None or not isinstance(wanted, str):
        return None
    canonical = canonical_voice_id(wanted)
    return next((voice for voice in voices.voices if voice.id == canonical), None)


def short_name(voice: Voice, voices: VoiceList | None) -> str:
    """The voice's name, with its own name beside it when another voice has the same one."""
    twins = [other for other in (voices.voices if voices is not None else ()) if other.name == voice.name]
    return f"{voice.name} ({voice.native})" if len(twins) > 1 and voice.native else voice.name


def _labels(voices: Sequence[Voice]) -> list[str]:
    """Each voice's line; a line two voices share names each one's file ("Joe (natural) · … · en_US-joe-medium")."""
    lines = [describe_voice(voice) for voice in voices]
    return [f"{line} · {voice.native}" if lines.count(line) > 1 and voice.native else line
            for line, voice in zip(lines, voices, strict=True)]


class ElidingComboBox(QComboBox):
    """A combo box whose chosen line ends in "…" when it is too long, rather than being cut mid-letter.

    A natural voice's line is long, and at the largest text sizes it no longer fits the page's column.
    """

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        field = self.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                            QStyle.SubControl.SC_ComboBoxEditField, self)
        option.currentText = self.fontMetrics().elidedText(option.currentText, Qt.TextElideMode.ElideRight,
                                                           max(field.width() - 12, 0))
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)


class VoiceChooser:
    """A voice box (`combo`, what pages read and connect to) and its every-language check box.

    Not a widget itself: each page lays the two out in its own form. Filling
    never emits the box's signals; only a person's choice does.
    """

    def __init__(self, accessible: str, tip: str) -> None:
        self.voices: VoiceList | None = None
        self._leading: tuple[Leading, ...] = ()
        self._keep_missing = False
        self.combo = ElidingComboBox()
        self.combo.setAccessibleName(accessible)
        self.combo.setToolTip(tip)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(24)
        self.combo.setMaxVisibleItems(16)
        self.every_language = QCheckBox(EVERY_LANGUAGE)
        self.every_language.setAccessibleName(EVERY_LANGUAGE)
        self.every_language.setToolTip("List the basic voices of every language eSpeak NG speaks, "
                                       "not only English and your system's language")
        self.every_language.hide()  # until there are voices in other languages to show
        self.every_language.toggled.connect(lambda _on: self._refill(self.combo.currentData()))

    def fill(self, voices: VoiceList | None, selected: object, leading: Sequence[Leading] = (), *,
             keep_missing: bool = False) -> None:
        """List `leading`, then the voices, and select `selected` (a voice id, or a leading item's data).

        With `keep_missing`, a voice id that is not installed is listed as not
        found rather than dropped: a saved choice is never lost silently.
        """
        self.voices, self._leading, self._keep_missing = voices, tuple(leading), keep_missing
        self._refill(selected)

    def select(self, value: object) -> bool:
        """Select the item holding `value` (a voice id with or without its engine named); False when none does."""
        index = self.combo.findData(value) if value != HEADING else -1
        if index < 0 and isinstance(value, str) and not self._is_leading(value):
            index = self.combo.findData(canonical_voice_id(value))
        if index >= 0:
            self.combo.setCurrentIndex(index)
        return index >= 0

    def voice_at(self, index: int) -> Voice | None:
        """The installed voice an item stands for (None for headings, leading items and voices not found)."""
        data = self.combo.itemData(index)
        return None if data == HEADING or self._is_leading(data) else installed(self.voices, data)

    def current_voice(self) -> Voice | None:
        return self.voice_at(self.combo.currentIndex())

    def _is_leading(self, value: object) -> bool:
        return any(item.data == value for item in self._leading)

    def _refill(self, selected: object) -> None:
        combo = self.combo
        was_blocked = combo.blockSignals(True)
        try:
            combo.clear()
            for item in self._leading:
                self._add(item.text, item.data, item.tip)
            wanted = (canonical_voice_id(selected) if isinstance(selected, str) and not self._is_leading(selected)
                      else None)
            if self.voices is not None:
                self._add_voices(self.voices, wanted)
            if self._keep_missing and isinstance(selected, str) and wanted is not None and not self.select(selected):
                self._add(f"{selected} (not found on this computer)", selected,
                          "This voice was chosen before but is not installed now; the default voice speaks instead")
            if not self.select(selected):
                first = next((i for i in range(combo.count()) if combo.itemData(i) != HEADING), -1)
                combo.setCurrentIndex(first)
        finally:
            combo.blockSignals(was_blocked)

    def _add_voices(self, voices: VoiceList, wanted: str | None) -> None:
        if voices.neural:
            self._add_heading(NATURAL_HEADING)
            for voice, label in zip(voices.neural, _labels(voices.neural), strict=True):
                self._add(label, voice.id, voice.provenance)
        usual = {voice.id for voice in shown_basic(voices.voices)}
        shown = ({voice.id for voice in voices.basic} if self.every_language.isChecked() else usual)
        basic = [voice for voice in voices.basic if voice.id in shown or voice.id == wanted]
        if basic:
            self._add_heading(BASIC_HEADING)
            for voice, label in zip(basic, _labels(basic), strict=True):
                self._add(label, voice.id, voice.provenance)
        self.every_language.setVisible(len(usual) < len(voices.basic))

    def _add(self, text: str, data: object, tip: str = "") -> None:
        self.combo.addItem(text, data)
        if tip:
            self.combo.setItemData(self.combo.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)

    def _add_heading(self, text: str) -> None:
        """A heading in the list: shown, read out, but never selectable by mouse or keyboard."""
        self.combo.addItem(text, HEADING)
        model = self.combo.model()
        assert isinstance(model, QStandardItemModel)
        item = model.item(self.combo.count() - 1)
        item.setFlags(Qt.ItemFlag.NoItemFlags)
        font = item.font()
        font.setBold(True)
        item.setFont(font)
        item.setData(f"{text}:", Qt.ItemDataRole.AccessibleTextRole)
