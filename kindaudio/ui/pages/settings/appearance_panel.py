"""Settings' Appearance panel: light or dark, the size of the text, and captions."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QButtonGroup, QCheckBox, QComboBox, QFrame, QHBoxLayout, QRadioButton, QWidget

from kindaudio.common.settings import TEXT_SIZES, Settings
from kindaudio.ui.pages.settings.form import SettingsForm, field_width, named, select_data, settings_panel

THEME_CHOICES = (("system", "Follow the system"), ("light", "Light"), ("dark", "Dark"))
SIZE_NAMES = {90: "Small", 100: "Standard", 115: "Large", 130: "Larger", 150: "Largest"}


class AppearancePanel(QFrame):
    """The theme, the text size and captions, saved (through `save`) as they are chosen."""

    def __init__(self, save: Callable[..., None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._save = save
        _panel, layout = settings_panel("Appearance", self)
        form = SettingsForm()
        themes = QHBoxLayout()
        self.theme_group = QButtonGroup(self)
        self.theme_buttons: dict[str, QRadioButton] = {}
        for value, text in THEME_CHOICES:
            button = QRadioButton(text)
            named(button, f"Theme: {text}", "Light or dark colours; following the system changes with it")
            self.theme_group.addButton(button)
            self.theme_buttons[value] = button
            themes.addWidget(button)
            button.toggled.connect(lambda on, value=value: self._theme_chosen(value, on))
        themes.addStretch(1)
        form.addRow("Theme", themes)

        self.size_combo = QComboBox()
        field_width(self.size_combo)
        named(self.size_combo, "Text size", "Make all the text in KindAudio smaller or larger")
        for size in TEXT_SIZES:
            self.size_combo.addItem(f"{SIZE_NAMES.get(size, 'Size')} ({size} %)", size)
        self.size_combo.currentIndexChanged.connect(self._size_chosen)
        form.addRow("Text size", self.size_combo)

        self.captions_check = QCheckBox("Show the words as they are spoken")
        named(self.captions_check, "Show captions", "Captions show each sentence as it is spoken")
        self.captions_check.toggled.connect(lambda on: self._save(show_captions=on))
        form.addRow("Captions", self.captions_check)
        layout.addLayout(form)

    def show_settings(self, settings: Settings) -> None:
        """The controls in line with the settings, without saving anything back."""
        widgets = (self.size_combo, self.captions_check, *self.theme_buttons.values())
        blocked = [widget.blockSignals(True) for widget in widgets]
        try:
            if self.size_combo.findData(settings.text_size) < 0:
                self.size_combo.addItem(f"Your own size ({settings.text_size} %)", settings.text_size)
            select_data(self.size_combo, settings.text_size)
            self.captions_check.setChecked(settings.show_captions)
            self.theme_buttons[settings.theme].setChecked(True)
        finally:
            for widget, was in zip(widgets, blocked, strict=True):
                widget.blockSignals(was)

    def _theme_chosen(self, theme: str, on: bool) -> None:
        if on:
            self._save(theme=theme)

    def _size_chosen(self, index: int) -> None:
        self._save(text_size=self.size_combo.itemData(index))
