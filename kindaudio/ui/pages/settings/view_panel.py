"""Settings' View panel: the client view or the therapist view, switched at once (no restart).

The same two choices, in the same words, as the first run (widgets/view_choice.py).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QFrame, QWidget

from kindaudio.common.settings import Settings
from kindaudio.ui.pages.settings.form import settings_panel
from kindaudio.ui.widgets.basics import make_label
from kindaudio.ui.widgets.view_choice import ViewChoice


class ViewPanel(QFrame):
    """Which tools the window shows, saved (through `save`) as it is chosen."""

    def __init__(self, save: Callable[..., None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        _panel, layout = settings_panel("View", self)
        layout.addWidget(make_label("What the window shows. Switching keeps everything you have made.", "muted"))
        self.choice = ViewChoice()
        self.choice.chosen.connect(lambda view: save(view=view))
        layout.addWidget(self.choice)

    def show_settings(self, settings: Settings) -> None:
        """The choice in line with the settings, without saving anything back."""
        self.choice.show_view(settings.view)
