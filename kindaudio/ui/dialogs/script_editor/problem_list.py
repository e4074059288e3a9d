"""The list of a practice text's problems under the script editor's text: a click goes to one."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QSizePolicy, QWidget

from kindaudio.script.errors import Diagnostic
from kindaudio.ui.dialogs.script_editor.text import problem_line

DIAGNOSTIC_ROLE = Qt.ItemDataRole.UserRole
PROBLEM_ROWS = 4  # problems listed before the list scrolls


class ProblemList(QListWidget):
    """One row per problem, as tall as its rows up to PROBLEM_ROWS (then it scrolls): the text keeps the room.

    Signals:
        chosen(object): the Diagnostic of the problem clicked (or Enter pressed on).
    """

    chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Problems in the practice")
        self.setToolTip("Click a problem, or press Enter on it, to go to where it is")
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.itemClicked.connect(self.choose)
        self.itemActivated.connect(self.choose)

    def show_problems(self, diagnostics: tuple[Diagnostic, ...]) -> None:
        """List these problems (the list shows only when there are some)."""
        self.clear()
        for diagnostic in diagnostics:
            item = QListWidgetItem(problem_line(diagnostic))
            item.setData(DIAGNOSTIC_ROLE, diagnostic)
            item.setToolTip("Go to this problem")
            self.addItem(item)
        self.setVisible(bool(diagnostics))
        self._fit()

    def choose(self, item: QListWidgetItem) -> None:
        diagnostic = item.data(DIAGNOSTIC_ROLE)
        if isinstance(diagnostic, Diagnostic):
            self.chosen.emit(diagnostic)

    def _fit(self) -> None:
        rows = min(self.count(), PROBLEM_ROWS)
        height = sum(self.sizeHintForRow(row) for row in range(rows))
        self.setFixedHeight(max(height, self.fontMetrics().lineSpacing()) + 2 * self.frameWidth() + 12)
