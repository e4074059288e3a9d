"""The builder's first view: the templates to start from, as cards."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QScrollArea, QVBoxLayout, QWidget

from kindaudio.ui.widgets.basics import make_button, make_label, page_header

if TYPE_CHECKING:
    from kindaudio.script.builder.templates import TemplateInfo

TEMPLATE_COLUMNS = 2


class TemplateCard(QFrame):
    """One template to start from: its title, what it offers, what you can choose, and a button.

    Signals:
        chosen(str): the template's id.
    """

    chosen = Signal(str)

    def __init__(self, template: TemplateInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.template = template
        self.setProperty("role", "card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 18)
        layout.setSpacing(8)
        layout.addWidget(make_label(template.title, "card-title"))
        if template.summary:
            layout.addWidget(make_label(template.summary))
        labels = ", ".join(variable.label for variable in template.variables)
        if labels:
            choices = make_label(f"You can choose: {labels}.", "muted")
            choices.setAccessibleName(f"What you can choose in {template.title}")
            layout.addWidget(choices)
        layout.addStretch(1)
        self.button = make_button("Use this template", f"Use the template {template.title}",
                                  f"Start a practice from {template.title}", "primary")
        self.button.clicked.connect(lambda: self.chosen.emit(template.id))
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.button)
        layout.addLayout(row)
        self.setAccessibleName(f"{template.title}. {template.summary}")


class TemplateChooser(QWidget):
    """The templates in two columns under the page's header, with a line for what is going on.

    Signals:
        chosen(str): the id of the template chosen.
    """

    chosen = Signal(str)

    def __init__(self, back_button: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cards: list[TemplateCard] = []
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        content = QWidget()
        scroll.setWidget(content)
        column = QVBoxLayout(content)
        column.setContentsMargins(40, 32, 40, 40)
        column.setSpacing(16)
        column.addLayout(page_header("Make a practice from a template",
                                     "Choose where to start. Every choice can be changed before you save, and "
                                     "the practice is saved as a new one in your practices.", back_button))
        self.message = make_label("Reading the templates…", "muted", accessible="Templates")
        column.addWidget(self.message)
        self.card_grid = QGridLayout()
        self.card_grid.setSpacing(16)
        for index in range(TEMPLATE_COLUMNS):
            self.card_grid.setColumnStretch(index, 1)
        column.addLayout(self.card_grid)
        column.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    def show_templates(self, templates: list[TemplateInfo]) -> None:
        """A card for each template, in place of any shown before."""
        for card in self.cards:
            self.card_grid.removeWidget(card)
            card.deleteLater()
        self.cards = []
        for index, template in enumerate(templates):
            card = TemplateCard(template)
            card.chosen.connect(self.chosen)
            self.card_grid.addWidget(card, index // TEMPLATE_COLUMNS, index % TEMPLATE_COLUMNS)
            self.cards.append(card)
        self.message.setVisible(not templates)
        self.message.setText("No templates were found." if not templates else "")
