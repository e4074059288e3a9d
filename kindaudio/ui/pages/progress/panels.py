"""The Progress page's framed parts: a period at a glance, a chart with its title, and why there is nothing to show."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from kindaudio.ui.widgets.basics import make_button, make_label


class GlanceCard(QFrame):
    """A period at a glance: its name, a figure, and a sentence about it."""

    def __init__(self, title: str, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(4)
        heading = QHBoxLayout()
        heading.addWidget(make_label(title, "section-title", wrap=False))
        heading.addWidget(make_label(caption, "muted", wrap=False), 0, Qt.AlignmentFlag.AlignBottom)
        heading.addStretch(1)
        layout.addLayout(heading)
        self.figure = make_label("", "page-title")
        self.sentence = make_label("")
        layout.addWidget(self.figure)
        layout.addWidget(self.sentence)
        layout.addStretch(1)
        self.setAccessibleName(title)

    def show_figures(self, figure: str, sentence: str) -> None:
        self.figure.setText(figure)
        self.sentence.setText(sentence)
        self.setAccessibleDescription(f"{figure}. {sentence}")


class ChartPanel(QFrame):
    """A chart under its title and a line about what it shows."""

    def __init__(self, title: str, caption: str, chart: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "panel")
        inner = QVBoxLayout(self)
        inner.setContentsMargins(16, 12, 16, 12)
        inner.addWidget(make_label(title, "section-title"))
        inner.addWidget(make_label(caption, "muted"))
        chart.setMinimumHeight(240)
        inner.addWidget(chart, 1)


class UnavailablePanel(QFrame):
    """Shown in place of everything else while the journal cannot be opened: why, and a way to try again."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "panel")
        inner = QVBoxLayout(self)
        inner.setContentsMargins(20, 16, 20, 16)
        inner.addWidget(make_label("Your journal cannot be opened just now", "section-title"))
        inner.addWidget(make_label("So there is nothing to show here for the moment. Your practices still play as "
                                   "usual; they are just not written down until the journal opens again."))
        self.reason = make_label("", "muted", selectable=True)
        self.reason.setAccessibleName("Why the journal cannot be opened")
        inner.addWidget(self.reason)
        row = QHBoxLayout()
        self.retry_button = make_button("Try again", "Try opening the journal again",
                                        "Try to open your practice journal again", "secondary")
        row.addWidget(self.retry_button)
        row.addStretch(1)
        inner.addLayout(row)
