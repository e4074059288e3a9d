"""The two quick parts of a check-in: how it feels overall (seven steps), and feeling words as chips.

Every choice is a button that says what it is in words, and a chosen button
also shows a tick, so nothing depends on colour. The keyboard reaches all of
it: Tab moves between the parts, the arrow keys along the seven steps, Space
chooses.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kindaudio.journal.records import FEELINGS, MAX_FEELING_LENGTH, VALENCE_LABELS
from kindaudio.ui.widgets.basics import make_button
from kindaudio.ui.widgets.flow_layout import FlowLayout

log = logging.getLogger(__name__)

TICK = "✓ "
STEP_SPACING = 8
CHIP_ROLE = "chip"


def two_lines(label: str) -> str:
    """A valence label broken after its first half, so seven of them fit side by side."""
    words = label.split()
    if len(words) < 2:
        return label
    half = (len(words) + 1) // 2
    return f"{' '.join(words[:half])}\n{' '.join(words[half:])}"


class ChoiceButton(QPushButton):
    """A checkable button whose text gains a tick when chosen (the tick, not colour, says so)."""

    def __init__(self, text: str, accessible: str, tip: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.plain_text = text
        self.setCheckable(True)
        self.setProperty("role", CHIP_ROLE)
        self.setAccessibleName(accessible)
        self.setToolTip(tip)
        self.toggled.connect(self._show_choice)

    def _show_choice(self, checked: bool) -> None:
        lines = self.plain_text.split("\n")
        lines[0] = f"{TICK}{lines[0]}" if checked else lines[0]
        self.setText("\n".join(lines))
        self.setAccessibleDescription("chosen" if checked else "not chosen")


class ValencePicker(QWidget):
    """Seven steps from very unpleasant to very pleasant; at most one chosen, none at first.

    Signals:
        changed(object): the chosen value (-3..3), or None when cleared.
    """

    changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("How it feels overall")
        self.group = QButtonGroup(self)
        self.group.setExclusive(False)  # exclusive by hand, so a second press can clear the choice
        self.buttons: dict[int, ChoiceButton] = {}
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(STEP_SPACING)
        self._columns = 0
        for value, label in sorted(VALENCE_LABELS.items()):
            button = ChoiceButton(two_lines(label), label,
                                  f"{label}. Press again to clear. The arrow keys move along the scale.")
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            button.toggled.connect(lambda checked, value=value: self._toggled(value, checked))
            button.installEventFilter(self)
            self.group.addButton(button, value)
            self.buttons[value] = button
        self._place(len(self.buttons))

    def columns_for(self, width: int) -> int:
        """All seven in a row when they fit at their natural width, else fewer per row (in order)."""
        hints = [button.sizeHint().width() for button in self.buttons.values()]
        if sum(hints) + (len(hints) - 1) * STEP_SPACING <= width:
            return len(hints)
        widest = max(hints)  # on several rows the columns are equal, so the widest sets them
        for columns in (4, 3, 2):
            if columns * widest + (columns - 1) * STEP_SPACING <= width:
                return columns
        return 1

    def _place(self, columns: int) -> None:
        if columns == self._columns:
            return
        for button in self.buttons.values():
            self.grid.removeWidget(button)
        for column in range(len(self.buttons)):
            self.grid.setColumnStretch(column, 1 if column < columns else 0)
            self.grid.setColumnMinimumWidth(column, 0)
        for index, button in enumerate(self.buttons.values()):
            self.grid.addWidget(button, index // columns, index % columns)
        self._columns = columns
        self._hold_height()

    def _hold_height(self) -> None:
        """Ask for the height the rows need. A layout sized to its minimum (a dialog) does not ask the rows
        again once they wrap, and would squeeze two-line steps into one line's height."""
        tallest = max(button.sizeHint().height() for button in self.buttons.values())
        for button in self.buttons.values():
            button.setMinimumHeight(tallest)
        rows = -(-len(self.buttons) // max(self._columns, 1))
        self.setMinimumHeight(rows * tallest + (rows - 1) * STEP_SPACING)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._place(self.columns_for(event.size().width()))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):  # larger text: fewer per row
            self._place(self.columns_for(self.width()))
            self._hold_height()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        # One step per row is always possible: never force the page wider than one button.
        hint = super().minimumSizeHint()
        return QSize(max(button.sizeHint().width() for button in self.buttons.values()), hint.height())

    def value(self) -> int | None:
        return next((value for value, button in self.buttons.items() if button.isChecked()), None)

    def set_value(self, value: int | None) -> None:
        for key, button in self.buttons.items():
            button.setChecked(key == value)

    def _toggled(self, value: int, checked: bool) -> None:
        if checked:
            for other, button in self.buttons.items():
                if other != value and button.isChecked():
                    button.blockSignals(True)
                    button.setChecked(False)
                    button._show_choice(False)
                    button.blockSignals(False)
            self.changed.emit(value)
        elif self.value() is None:
            self.changed.emit(None)

    def eventFilter(self, watched: object, event: object) -> bool:  # noqa: N802 - Qt's name
        """Left and Right move along the scale (focus only; Space chooses)."""
        if (isinstance(event, QKeyEvent) and event.type() == QKeyEvent.Type.KeyPress
                and watched in self.buttons.values()):
            step = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1}.get(Qt.Key(event.key()))
            if step is not None:
                current = next(value for value, button in self.buttons.items() if button is watched)
                target = self.buttons.get(current + step)
                if target is not None:
                    target.setFocus(Qt.FocusReason.TabFocusReason)
                return True
        return super().eventFilter(watched, event)  # type: ignore[arg-type]


class FeelingPicker(QWidget):
    """The offered feeling words as chips, and a line to add one's own (which becomes a chosen chip).

    Signals:
        changed(): the chosen feelings changed.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Feelings")
        self.chips: dict[str, ChoiceButton] = {}
        self.chip_area = QWidget()
        self.chip_area.setAccessibleName("Feeling words")
        self.flow = FlowLayout(self.chip_area, spacing=8)
        for word in FEELINGS:
            self._add_chip(word)

        self.own = QLineEdit()
        self.own.setMaxLength(MAX_FEELING_LENGTH)
        self.own.setPlaceholderText("Add your own word…")
        self.own.setAccessibleName("Add a feeling of your own")
        self.own.setToolTip("Type a word of your own and press Enter or Add; it is added as a chosen chip")
        self.own.setMaximumWidth(360)
        self.add_button = make_button("Add", "Add this feeling", "Add the word you typed as a chosen chip")
        self.add_button.setEnabled(False)
        self.own.textChanged.connect(lambda text: self.add_button.setEnabled(bool(text.strip())))
        self.own.returnPressed.connect(self.add_own)
        self.add_button.clicked.connect(self.add_own)
        own_row = QHBoxLayout()
        own_row.setContentsMargins(0, 0, 0, 0)
        own_row.setSpacing(8)
        own_row.addWidget(self.own, 1)
        own_row.addWidget(self.add_button)
        own_row.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(self.chip_area)
        layout.addLayout(own_row)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        """The chips' rows at this width, asked for as a minimum (see ValencePicker._hold_height)."""
        super().resizeEvent(event)
        self.chip_area.setMinimumHeight(self.flow.heightForWidth(event.size().width()))

    def _add_chip(self, word: str) -> ChoiceButton:
        chip = ChoiceButton(word, word, f"Choose “{word}” if it fits; press again to leave it out")
        chip.toggled.connect(lambda _checked: self.changed.emit())
        self.flow.addWidget(chip)
        self.chips[word.casefold()] = chip
        return chip

    def add_own(self) -> None:
        """Add the typed word as a chosen chip (choosing the chip already there for the same word)."""
        word = " ".join(self.own.text().split())
        if not word:
            return
        chip = self.chips.get(word.casefold()) or self._add_chip(word)
        chip.setChecked(True)
        self.own.clear()
        self.chip_area.setMinimumHeight(self.flow.heightForWidth(self.width()))

    def feelings(self) -> tuple[str, ...]:
        """The chosen words, in the order shown."""
        return tuple(chip.plain_text for chip in self.chips.values() if chip.isChecked())

    def clear(self) -> None:
        """Nothing chosen, and only the offered words shown."""
        offered = {word.casefold() for word in FEELINGS}
        for key in list(self.chips):
            chip = self.chips[key]
            if key in offered:
                chip.setChecked(False)
            else:
                self.flow.removeWidget(chip)
                chip.deleteLater()
                del self.chips[key]
        self.own.clear()
