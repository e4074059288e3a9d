"""Choosing how long a practice lasts: only lengths it can reach, or a custom minute value.

The reach depends on the speaking rate (slower speech leaves less room for
pauses), so it is worked out again whenever the rate changes; a length that
cannot be reached is never offered, since the player could not lay it out.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from kindaudio.script.durations import format_clock
from kindaudio.script.model import Practice
from kindaudio.script.timing import (
    LengthRange,
    estimate_speech_seconds,
    estimated_range,
    practice_slots,
    reachable_range,
)

log = logging.getLogger(__name__)

CUSTOM = -1  # the combo box's data for "Custom…"


def reach_at(practice: Practice, rate: int | None = None) -> LengthRange:
    """The lengths the practice reaches with speech at `rate` (its own pace when None), from estimates."""
    if rate is None or rate == practice.pace.rate:
        return estimated_range(practice)
    return reachable_range(practice_slots(practice), lambda sentence: estimate_speech_seconds(sentence.text, rate))


def reachable_lengths(practice: Practice, reach: LengthRange) -> list[int]:
    """The practice's offered lengths (minutes) that this reach allows, in its own order."""
    return [minutes for minutes in practice.lengths if reach.reaches(minutes * 60)]


def reach_in_words(reach: LengthRange) -> str:
    """"This practice can last from 8 to 26 minutes", or the clock times for one shorter than a minute."""
    whole = reach.whole_minutes()
    if not whole:
        return (f"This practice lasts about {format_clock(reach.shortest)} to {format_clock(reach.longest)}, "
                "so there is no custom length to choose.")
    if len(whole) == 1:
        return f"This practice can last about {whole[0]} {_minutes_word(whole[0])}."
    return f"This practice can last from {whole[0]} to {whole[-1]} minutes."


def _minutes_word(count: int) -> str:
    return "minute" if count == 1 else "minutes"


class LengthChooser(QWidget):
    """The offered lengths that fit, "Custom…" with a minute box limited to the reach, and the reach in words.

    Signals:
        changed(float): the chosen length in minutes (None is never sent; see `minutes`).
    """

    changed = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._reach: LengthRange | None = None
        self.combo = QComboBox(self)
        self.combo.setAccessibleName("Length")
        self.combo.setToolTip("How long the practice lasts. Only lengths this practice can fill are offered.")
        self.custom = QSpinBox(self)
        self.custom.setSuffix(" min")
        self.custom.setAccessibleName("Custom length in minutes")
        self.custom.setToolTip("Any whole number of minutes this practice can fill")
        self.custom.setVisible(False)
        self.reach_label = QLabel(self)
        self.reach_label.setWordWrap(True)
        self.reach_label.setProperty("role", "muted")
        self.reach_label.setAccessibleName("Possible lengths")

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.combo, 1)
        row.addWidget(self.custom)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.reach_label)
        self.setFocusProxy(self.combo)

        self.combo.currentIndexChanged.connect(self._on_choice)
        self.custom.valueChanged.connect(self._on_custom)

    def set_practice(self, practice: Practice, rate: int | None = None, keep_choice: bool = False) -> None:
        """Offer what this practice reaches at this rate: the first offered length, or with
        `keep_choice` (the rate changed) the current choice if it still fits."""
        previous, was_custom = (self.minutes(), self.is_custom()) if keep_choice else (None, False)
        reach = reach_at(practice, rate)
        self._reach = reach
        offered = reachable_lengths(practice, reach)
        whole = reach.whole_minutes()
        self.combo.blockSignals(True)
        self.custom.blockSignals(True)
        try:
            self.combo.clear()
            for minutes in offered:
                self.combo.addItem(f"{minutes} {_minutes_word(minutes)}", minutes)
            if whole:
                self.combo.addItem("Custom…", CUSTOM)
                self.custom.setRange(whole[0], whole[-1])
            self.reach_label.setText(reach_in_words(reach))
            self._restore(previous, was_custom, offered, whole)
        finally:
            self.combo.blockSignals(False)
            self.custom.blockSignals(False)
        self._on_choice()

    def _restore(self, previous: float | None, was_custom: bool, offered: list[int], whole: range) -> None:
        if previous is not None and not was_custom and previous in offered:
            self.combo.setCurrentIndex(offered.index(int(previous)))
        elif previous is not None and was_custom and whole and whole[0] <= previous <= whole[-1]:
            self.combo.setCurrentIndex(self.combo.count() - 1)
            self.custom.setValue(int(previous))
        elif offered:
            self.combo.setCurrentIndex(0)
        elif whole:
            self.combo.setCurrentIndex(self.combo.count() - 1)
            self.custom.setValue(whole[0])

    def is_custom(self) -> bool:
        return self.combo.currentData() == CUSTOM

    def minutes(self) -> float | None:
        """The chosen length; None before a practice is set or when it offers nothing."""
        data = self.combo.currentData()
        if data is None:
            return None
        if data == CUSTOM:
            return float(self.custom.value())
        return float(data)

    def choose_custom(self, minutes: int) -> None:
        """Pick "Custom…" with this many minutes (clamped to the reach)."""
        index = self.combo.findData(CUSTOM)
        if index < 0:
            raise ValueError("this practice has no custom lengths")
        self.combo.setCurrentIndex(index)
        self.custom.setValue(minutes)

    @property
    def reach(self) -> LengthRange | None:
        return self._reach

    def _on_choice(self) -> None:
        self.custom.setVisible(self.is_custom())
        minutes = self.minutes()
        if minutes is not None:
            self.changed.emit(minutes)

    def _on_custom(self) -> None:
        if self.is_custom():
            self.changed.emit(float(self.custom.value()))
