"""The first run: what the practices are for, that stopping is always fine, where the journal lives,
a voice with a sample, and the view (client or therapist).

Shown once, on a profile whose settings say it has not been seen
(Settings.first_run_seen); the window records it when the person begins or
skips. The voice and the view are saved the moment they are chosen, as in
Settings, so Skip loses nothing already chosen. Begin has the focus when the
page shows, so Enter alone is enough; Enter on any other control that does
not use it (the voice box) begins too.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from kindaudio.ui.pages.welcome import text
from kindaudio.ui.pages.welcome.voice_choice import VoiceChoice
from kindaudio.ui.services import Services
from kindaudio.ui.widgets.basics import make_button, make_label
from kindaudio.ui.widgets.view_choice import ViewChoice

log = logging.getLogger(__name__)

COLUMN_MAX_WIDTH = 1200  # two comfortable reading columns on a wide screen
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def _panel(title: str) -> tuple[QFrame, QVBoxLayout]:
    panel = QFrame()
    panel.setProperty("role", "panel")
    layout = QVBoxLayout(panel)
    layout.setContentsMargins(22, 16, 22, 18)
    layout.setSpacing(8)
    layout.addWidget(make_label(title, "section-title"))
    return panel, layout


class WelcomePage(QWidget):
    """The welcome of a first run.

    Signals:
        finished(): Begin: the person is ready for the practices.
        skipped(): Skip: straight to the practices.
        voices_loaded(): the voice list is filled (or says why it could not be).
    """

    finished = Signal()
    skipped = Signal()
    voices_loaded = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self._voices_asked = False
        self._build()
        self.view_choice.show_view(services.settings.current.view)
        self.view_choice.chosen.connect(self._view_chosen)
        services.settings.changed.connect(lambda settings: self.view_choice.show_view(settings.view))

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(self.scroll_area, 1)
        content = QWidget()
        self.scroll_area.setWidget(content)
        centred = QHBoxLayout(content)
        centred.setContentsMargins(40, 28, 40, 24)
        column_holder = QWidget()
        column_holder.setMaximumWidth(COLUMN_MAX_WIDTH)
        column_holder.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        centred.addStretch(0)
        centred.addWidget(column_holder, 1)
        centred.addStretch(0)
        column = QVBoxLayout(column_holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(14)
        column.addWidget(make_label(text.TITLE, "page-title"))
        column.addWidget(make_label(text.SUBTITLE, "subtitle"))

        sides = QHBoxLayout()
        sides.setSpacing(16)
        left, right = QVBoxLayout(), QVBoxLayout()
        for side in (left, right):
            side.setSpacing(14)
            sides.addLayout(side, 1)
        column.addLayout(sides)

        panel, layout = _panel(text.PURPOSE_TITLE)
        self.purpose_labels = [make_label(line) for line in text.PURPOSE]
        for label in self.purpose_labels:
            layout.addWidget(label)
        left.addWidget(panel)
        panel, layout = _panel(text.EASE_TITLE)
        self.ease_label = make_label(text.EASE)
        layout.addWidget(self.ease_label)
        left.addWidget(panel)
        panel, layout = _panel(text.PRIVACY_TITLE)
        layout.addWidget(make_label(text.privacy_text()))
        self.journal_label: QLabel = make_label(text.journal_text(self.services.paths.journal), "muted",
                                                selectable=True, accessible="Where your journal is kept")
        layout.addWidget(self.journal_label)
        left.addWidget(panel)
        left.addStretch(1)

        panel, layout = _panel(text.VOICE_TITLE)
        layout.addWidget(make_label(text.VOICE_NOTE, "muted"))
        self.voice_choice = VoiceChoice(self.services)
        self.voice_choice.voices_loaded.connect(self.voices_loaded)
        layout.addWidget(self.voice_choice)
        right.addWidget(panel)
        panel, layout = _panel(text.VIEW_TITLE)
        self.view_choice = ViewChoice()
        layout.addWidget(self.view_choice)
        right.addWidget(panel)
        right.addStretch(1)
        column.addStretch(1)

        # Always in sight, outside the scrolling part: at 150 % text the page scrolls, the way on does not.
        bar = QFrame()
        bar.setProperty("role", "action-bar")
        outer_row = QHBoxLayout(bar)
        outer_row.setContentsMargins(40, 12, 40, 16)
        buttons = QWidget()  # under the column's right edge, on a wide screen as on a narrow one
        buttons.setMaximumWidth(COLUMN_MAX_WIDTH)
        outer_row.addWidget(buttons)
        row = QHBoxLayout(buttons)
        row.setContentsMargins(0, 0, 0, 0)
        row.addStretch(1)
        self.skip_button = make_button(text.SKIP, text.SKIP_NAME, text.SKIP_TIP, "secondary")
        self.skip_button.clicked.connect(self.skipped)
        self.begin_button = make_button(text.BEGIN, text.BEGIN_NAME, text.BEGIN_TIP, "primary")
        self.begin_button.clicked.connect(self.finished)
        row.addWidget(self.skip_button)
        row.addWidget(self.begin_button)
        outer.addWidget(bar)

        chooser = self.voice_choice.chooser
        order = [chooser.combo, self.voice_choice.sample_button, chooser.every_language,
                 *self.view_choice.buttons.values(), self.skip_button, self.begin_button]
        for first, second in zip(order, order[1:], strict=False):
            self.setTabOrder(first, second)
        self.setAccessibleName("Welcome")

    # Showing ------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if not self._voices_asked:
            self._voices_asked = True
            self.voice_choice.load()
        self.begin_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        """Enter that no control used (the voice box, a label) begins, as Begin would."""
        if event.key() in ENTER_KEYS and event.modifiers() in (Qt.KeyboardModifier.NoModifier,
                                                               Qt.KeyboardModifier.KeypadModifier):
            event.accept()
            self.finished.emit()
            return
        super().keyPressEvent(event)

    def _view_chosen(self, view: str) -> None:
        try:
            self.services.settings.update(view=view)
        except (ValueError, OSError) as exc:
            log.warning("settings not saved: %s", exc)
