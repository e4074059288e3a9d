"""The shape every Settings panel shares: a titled panel, labels and controls in two aligned columns.

In a module of its own so that panels built in their own modules (the voice
panel) line up with the rest of the page.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFrame, QGridLayout, QLabel, QLayout, QVBoxLayout, QWidget

from kindaudio.ui.widgets.basics import make_label

FIELD_MIN_WIDTH = 380
FIELD_MAX_WIDTH = 560
LABEL_MIN_WIDTH = 150


def named(widget: QWidget, name: str, tip: str) -> QWidget:
    widget.setAccessibleName(name)
    widget.setToolTip(tip)
    return widget


def field_width(widget: QWidget) -> None:
    """The same width for every control in the form, whatever its contents."""
    if isinstance(widget, QComboBox):
        widget.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        widget.setMinimumContentsLength(24)
    widget.setMaximumWidth(FIELD_MAX_WIDTH)
    widget.setMinimumWidth(FIELD_MIN_WIDTH)


def select_data(combo: QComboBox, value: object) -> None:
    """Choose the item holding `value`, when there is one."""
    index = combo.findData(value)
    if index >= 0:
        combo.setCurrentIndex(index)


def settings_panel(title: str, panel: QFrame | None = None) -> tuple[QFrame, QVBoxLayout]:
    """A panel with its title: `panel` itself when given, else a new QFrame."""
    panel = panel or QFrame()
    panel.setProperty("role", "panel")
    layout = QVBoxLayout(panel)
    layout.setContentsMargins(24, 18, 24, 20)
    layout.setSpacing(12)
    layout.addWidget(make_label(title, "section-title"))
    return panel, layout


class SettingsForm(QGridLayout):
    """Labels and their controls in two aligned columns, each label centred on its control."""

    def __init__(self) -> None:
        super().__init__()
        self.setHorizontalSpacing(20)
        self.setVerticalSpacing(12)
        self.setColumnStretch(1, 1)
        self.setColumnMinimumWidth(0, LABEL_MIN_WIDTH)  # the same label column in every panel

    def addRow(self, text: str, field: QWidget | QLayout) -> None:  # noqa: N802 - QFormLayout's name
        """A labelled row; an empty `text` continues the row above (a check box under its control)."""
        row = self.rowCount()
        label = QLabel(text)
        self.addWidget(label, row, 0, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if isinstance(field, QWidget):
            if text:
                label.setBuddy(field)
            self.addWidget(field, row, 1, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        else:
            self.addLayout(field, row, 1)
