"""A form made from a template's variables: one field per variable, in the order the template declares them.

Each variable type gets the control that fits it: text a line edit, a choice a
drop-down, a yes/no a check box, a number a spin box held to the template's
range, and a multi-choice a list of tick boxes whose order can be changed (for
Custom Body Scan the order is the order the regions are spoken in). Every field
says what it is for (its label, its help as a line below and as a tooltip) and,
when its value cannot be used, why, right under it, in words.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kindaudio.script.model import Variable, VariableType
from kindaudio.script.values import ValueProblem, coerce_value
from kindaudio.ui.widgets.basics import make_button, make_label

log = logging.getLogger(__name__)

CHOICE_ROLE = Qt.ItemDataRole.UserRole
NUMBER_LIMIT = 1_000_000  # a number variable without a min or max still has a range a spin box can hold
MIN_LIST_ROWS = 3
MAX_LIST_ROWS = 12  # every body area of Custom Body Scan in view at once


def _sentence(message: str) -> str:
    return message[:1].upper() + message[1:] if message else message


def _is_whole(variable: Variable) -> bool:
    """Whole numbers unless the template's default or range says otherwise."""
    values = [variable.default, variable.minimum, variable.maximum]
    return all(value is None or (isinstance(value, int | float) and float(value).is_integer()) for value in values)


class OrderedChoices(QWidget):
    """Tick the choices to include; their order, top to bottom, is the order they are used in.

    Move the chosen row with the Up and Down buttons (or Ctrl+Up / Ctrl+Down in
    the list), or drag it.

    Signals:
        changed(): what is ticked, or the order, changed.
    """

    changed = Signal()

    def __init__(self, variable: Variable, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.variable = variable
        self._filling = False
        self.list = QListWidget()
        self.list.setAccessibleName(variable.label)
        self.list.setToolTip(variable.help or variable.label)
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.list.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.list.setSpacing(2)  # rows that are easy to aim at and to read
        self.list.itemChanged.connect(self._item_changed)
        self.list.model().rowsMoved.connect(lambda *_: self._moved())
        self.list.currentRowChanged.connect(lambda _row: self._enable_moves())
        self.up_button = make_button("Move up", f"Move up: {variable.label}",
                                     "Move the chosen item earlier (Ctrl+Up)")
        self.down_button = make_button("Move down", f"Move down: {variable.label}",
                                       "Move the chosen item later (Ctrl+Down)")
        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button.clicked.connect(lambda: self.move_current(1))
        self.list.installEventFilter(self)
        buttons = QVBoxLayout()
        buttons.addWidget(self.up_button)
        buttons.addWidget(self.down_button)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        QWidget.setTabOrder(self.list, self.up_button)
        QWidget.setTabOrder(self.up_button, self.down_button)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Ctrl+Up and Ctrl+Down in the list move the chosen row, as the buttons do."""
        if watched is self.list and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                and event.modifiers() == Qt.KeyboardModifier.ControlModifier \
                and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.move_current(-1 if event.key() == Qt.Key.Key_Up else 1)
            return True
        return super().eventFilter(watched, event)

    def items(self) -> list[QListWidgetItem]:
        return [item for row in range(self.list.count()) if (item := self.list.item(row)) is not None]

    def order(self) -> tuple[str, ...]:
        """Every choice as listed now, ticked or not."""
        return tuple(str(item.data(CHOICE_ROLE)) for item in self.items())

    def value(self) -> tuple[str, ...]:
        """The ticked choices, in the order listed."""
        return tuple(str(item.data(CHOICE_ROLE)) for item in self.items()
                     if item.checkState() == Qt.CheckState.Checked)

    def set_value(self, chosen: Sequence[str]) -> None:
        """Tick `chosen` and list them first, in their order; the rest follow in the template's order."""
        self._filling = True
        try:
            self.list.clear()
            known = [c for c in chosen if c in self.variable.choices]
            for choice in [*known, *(c for c in self.variable.choices if c not in known)]:
                item = QListWidgetItem(choice)
                item.setData(CHOICE_ROLE, choice)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                              | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsDragEnabled)
                item.setCheckState(Qt.CheckState.Checked if choice in known else Qt.CheckState.Unchecked)
                self._describe(item)
                self.list.addItem(item)
        finally:
            self._filling = False
        self._fit()
        self.list.setCurrentRow(0)
        self._enable_moves()

    def move_current(self, step: int) -> None:
        """Move the chosen row one place earlier (-1) or later (1)."""
        row = self.list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.list.count():
            return
        self._filling = True
        try:
            item = self.list.takeItem(row)
            self.list.insertItem(target, item)
        finally:
            self._filling = False
        self.list.setCurrentRow(target)
        self._moved()

    def _describe(self, item: QListWidgetItem) -> None:
        included = item.checkState() == Qt.CheckState.Checked
        item.setToolTip("Included: untick to leave it out" if included else "Left out: tick to include it")
        item.setData(Qt.ItemDataRole.AccessibleTextRole,
                     f"{item.data(CHOICE_ROLE)}, {'included' if included else 'left out'}")

    def _item_changed(self, item: QListWidgetItem) -> None:
        if self._filling:
            return
        self._filling = True
        try:
            self._describe(item)
        finally:
            self._filling = False
        self.changed.emit()

    def _moved(self) -> None:
        self._enable_moves()
        if not self._filling:
            self.changed.emit()

    def _enable_moves(self) -> None:
        row = self.list.currentRow()
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < self.list.count() - 1)

    def _fit(self) -> None:
        """Every choice in view without scrolling, up to MAX_LIST_ROWS."""
        rows = min(max(self.list.count(), MIN_LIST_ROWS), MAX_LIST_ROWS)
        row_height = self.list.sizeHintForRow(0) if self.list.count() else self.list.fontMetrics().height() + 8
        step = row_height + 2 * self.list.spacing()
        self.list.setFixedHeight(rows * step + 2 * self.list.frameWidth() + 4)


Field = QLineEdit | QComboBox | QCheckBox | QSpinBox | QDoubleSpinBox | OrderedChoices


class VariableForm(QWidget):
    """One field per template variable, each with its label, help and problem.

    Signals:
        changed(dict): the current values, by variable name, whenever one changes.
    """

    changed = Signal(dict)

    def __init__(self, variables: Sequence[Variable], values: Mapping[str, Any] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.variables = tuple(variables)
        self.fields: dict[str, Field] = {}
        self.problem_labels: dict[str, QLabel] = {}
        self.help_labels: dict[str, QLabel] = {}
        self._outside_problems: dict[str, str] = {}
        self._filling = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(18)
        for variable in self.variables:
            block, _field = self._build_field(variable)
            layout.addWidget(block)
        chain = self.focus_chain()
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)
        if not self.variables:
            layout.addWidget(make_label("This template has nothing to fill in.", "muted"))
        self.set_values(values or {})

    # -- building ----------------------------------------------------------------

    def _build_field(self, variable: Variable) -> tuple[QWidget, Field]:
        block = QWidget()
        column = QVBoxLayout(block)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        field = self._make_input(variable)
        tip = variable.help or variable.label
        if isinstance(field, QCheckBox):
            field.setText(variable.label)
            column.addWidget(field)
        else:
            label = make_label(variable.label)
            label.setBuddy(field.list if isinstance(field, OrderedChoices) else field)
            column.addWidget(label)
            column.addWidget(field)
        if not isinstance(field, OrderedChoices):
            field.setAccessibleName(variable.label)
            field.setToolTip(tip)
            field.setAccessibleDescription(variable.help)
        else:
            field.list.setAccessibleDescription(variable.help)
        help_text = variable.help
        if isinstance(field, OrderedChoices) and "order" not in help_text.lower():
            help_text = (f"{help_text} " if help_text else "") + \
                "Tick what to include; they are used in the order listed, top to bottom."
        help_label = make_label(help_text, "muted", accessible=f"About {variable.label}")
        help_label.setVisible(bool(help_text))
        column.addWidget(help_label)
        problem = make_label("", "error", accessible=f"Problem with {variable.label}")
        problem.hide()
        column.addWidget(problem)
        self.fields[variable.name] = field
        self.problem_labels[variable.name] = problem
        self.help_labels[variable.name] = help_label
        return block, field

    def _make_input(self, variable: Variable) -> Field:
        kind = variable.type
        if kind is VariableType.TEXT:
            line = QLineEdit()
            line.textChanged.connect(lambda _text, name=variable.name: self._field_changed(name))
            return line
        if kind is VariableType.CHOICE:
            combo = QComboBox()
            combo.addItems(list(variable.choices))
            combo.currentIndexChanged.connect(lambda _index, name=variable.name: self._field_changed(name))
            return combo
        if kind is VariableType.BOOLEAN:
            box = QCheckBox()
            box.toggled.connect(lambda _on, name=variable.name: self._field_changed(name))
            return box
        if kind is VariableType.NUMBER:
            spin: QSpinBox | QDoubleSpinBox
            low = variable.minimum if variable.minimum is not None else -NUMBER_LIMIT
            high = variable.maximum if variable.maximum is not None else NUMBER_LIMIT
            if _is_whole(variable):
                spin = QSpinBox()
                spin.setRange(int(low), int(high))
            else:
                spin = QDoubleSpinBox()
                spin.setDecimals(1)
                spin.setSingleStep(0.5)
                spin.setRange(float(low), float(high))
            spin.valueChanged.connect(lambda _value, name=variable.name: self._field_changed(name))
            return spin
        choices = OrderedChoices(variable)
        choices.changed.connect(lambda name=variable.name: self._field_changed(name))
        return choices

    def focus_chain(self) -> list[QWidget]:
        """The form's controls in the order Tab visits them: the template's order, top to bottom."""
        chain: list[QWidget] = []
        for field in self.fields.values():
            if isinstance(field, OrderedChoices):
                chain += [field.list, field.up_button, field.down_button]
            else:
                chain.append(field)
        return chain

    # -- values ------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        """Each variable's value as its field holds it now (text as typed; a multi-choice as a tuple)."""
        out: dict[str, Any] = {}
        for variable in self.variables:
            field = self.fields[variable.name]
            if isinstance(field, QLineEdit):
                out[variable.name] = field.text()
            elif isinstance(field, QComboBox):
                out[variable.name] = field.currentText() if field.currentIndex() >= 0 else None
            elif isinstance(field, QCheckBox):
                out[variable.name] = field.isChecked()
            elif isinstance(field, QSpinBox | QDoubleSpinBox):
                out[variable.name] = field.value()
            else:
                out[variable.name] = field.value()
        return out

    def set_values(self, values: Mapping[str, Any]) -> None:
        """Fill the fields: from `values`, else each variable's default (nothing emitted)."""
        self._filling = True
        try:
            for variable in self.variables:
                value = values.get(variable.name, variable.default)
                self._set_field(variable, self.fields[variable.name], value)
        finally:
            self._filling = False
        self._outside_problems.clear()
        self._show_problems()

    @staticmethod
    def _set_field(variable: Variable, field: Field, value: Any) -> None:
        if isinstance(field, QLineEdit):
            field.setText(value if isinstance(value, str) else "")
        elif isinstance(field, QComboBox):
            field.setCurrentIndex(field.findText(value) if isinstance(value, str) else -1)
        elif isinstance(field, QCheckBox):
            field.setChecked(value is True)
        elif isinstance(field, QSpinBox):
            field.setValue(int(value) if isinstance(value, int | float) and not isinstance(value, bool)
                           else field.minimum() if field.minimum() > 0 else 0)
        elif isinstance(field, QDoubleSpinBox):
            field.setValue(float(value) if isinstance(value, int | float) and not isinstance(value, bool)
                           else max(field.minimum(), 0.0))
        else:
            field.set_value(tuple(value) if isinstance(value, list | tuple) else ())

    # -- problems ----------------------------------------------------------------

    def problems(self) -> dict[str, str]:
        """Why a field's value cannot be used, by variable name (only fields with a problem)."""
        found: dict[str, str] = {}
        values = self.values()
        for variable in self.variables:
            value = values[variable.name]
            try:
                if value is None:
                    raise ValueProblem("choose one")
                if variable.type is VariableType.TEXT and not value.strip():
                    raise ValueProblem("this needs a few words; it is empty")
                coerce_value(variable, value)
            except ValueProblem as exc:
                found[variable.name] = _sentence(str(exc))
                continue
            if variable.name in self._outside_problems:
                found[variable.name] = self._outside_problems[variable.name]
        return found

    def set_outside_problems(self, problems: Mapping[str, str]) -> None:
        """Problems found by filling in the template (a value the template itself cannot use)."""
        self._outside_problems = {name: _sentence(message) for name, message in problems.items()
                                  if name in self.fields}
        self._show_problems()

    def _show_problems(self) -> None:
        problems = self.problems()
        for name, label in self.problem_labels.items():
            message = problems.get(name, "")
            label.setText(message)
            label.setVisible(bool(message))
            label.setAccessibleDescription(message)

    def _field_changed(self, name: str) -> None:
        if self._filling:
            return
        self._outside_problems.pop(name, None)  # the template says again when it is filled in next
        self._show_problems()
        self.changed.emit(self.values())
