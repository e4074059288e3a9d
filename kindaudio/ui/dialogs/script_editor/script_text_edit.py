"""The text box of the script editor: the script language highlighted, its problems underlined and
explained in a tooltip over the underline."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QHelpEvent, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QToolTip, QWidget

from kindaudio.script.errors import Diagnostic
from kindaudio.ui.widgets.script_highlighter import ScriptHighlighter, python_index, utf16_offset


class ScriptTextEdit(QPlainTextEdit):
    """A practice's text, highlighted, with problems underlined where they stand.

    Signals:
        edited(): the text changed (redrawing underlines or colours is not a change).
    """

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "script")
        self.setAccessibleName("Practice text")
        self.setToolTip("")  # tooltips here explain the underlined problems
        self.setAccessibleDescription("The practice file. Problems are underlined and listed below.")
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setTabChangesFocus(True)
        self.highlighter = ScriptHighlighter(self.document(), self.palette())
        self.viewport().installEventFilter(self)
        self._restyling = False

    def start_telling_edits(self) -> None:
        """From now on, each change to the text is `edited` (the text first put in is not an edit)."""
        self.document().contentsChanged.connect(self._contents_changed)

    def _contents_changed(self) -> None:
        if not self._restyling:  # underlines or colours redrawn: the document says "changed", the text is not
            self.edited.emit()

    def set_diagnostics(self, diagnostics: tuple[Diagnostic, ...]) -> None:
        """Underline these problems (and only these)."""
        self._restyling = True
        try:
            self.highlighter.set_diagnostics(diagnostics)
        finally:
            self._restyling = False

    def follow_palette(self) -> None:
        """Colours for the palette the text box has now (light or dark)."""
        self._restyling = True
        try:
            self.highlighter.use_palette(self.palette())
        finally:
            self._restyling = False

    def go_to(self, line: int, column: int) -> None:
        """Put the cursor at 1-based line:column and the keyboard focus here."""
        block = self.document().findBlockByNumber(max(line - 1, 0))
        if not block.isValid():
            block = self.document().lastBlock()
        text = block.text()
        index = min(max(column - 1, 0), len(text))
        cursor = QTextCursor(block)
        cursor.setPosition(block.position() + utf16_offset(text, index))
        self.setTextCursor(cursor)
        self.ensureCursorVisible()
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def cursor_line_and_column(self) -> tuple[int, int]:
        """Where the cursor is, 1-based, counting characters as a person does (an emoji is one)."""
        cursor = self.textCursor()
        block = cursor.block()
        return block.blockNumber() + 1, python_index(block.text(), cursor.positionInBlock()) + 1

    def problems_at(self, position: int) -> list[str]:
        """The messages of problems underlined at a document position."""
        block = self.document().findBlock(position)
        if not block.isValid():
            return []
        text = block.text()
        index = python_index(text, position - block.position())
        return self.highlighter.messages_at(block.blockNumber(), text, index)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.viewport() and event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            cursor = self.cursorForPosition(event.pos())
            # The cursor lands between two characters: the one under the pointer is on its side.
            position = cursor.position()
            if self.cursorRect(cursor).center().x() > event.pos().x():
                position -= 1
            messages = self.problems_at(max(position, 0))
            if messages:
                QToolTip.showText(event.globalPos(), "\n".join(messages), self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().eventFilter(watched, event)
