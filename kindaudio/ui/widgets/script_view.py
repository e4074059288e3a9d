"""A practice as it will be heard: sections, lines, pauses and bells with their start times; any line heard alone.

Shared by Read script (kindaudio/ui/dialogs/read_script.py) and the builder's
preview, so the two show a practice the same way. The times come from the
same layout playback starts from, with estimated speech, so they are "about".
Hearing a line is a preview: it goes to the player but is never logged.
"""

from __future__ import annotations

import dataclasses
import functools
import logging

from PySide6.QtCore import QElapsedTimer, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kindaudio.audio import (
    Clip,
    ClipKind,
    PlayChoices,
    PlayerState,
    PlayerStatus,
    Timeline,
    estimated_timeline,
    recorded_count,
    recordings_speak,
    sentence_programme,
)
from kindaudio.common.text import printable
from kindaudio.script.durations import format_clock
from kindaudio.script.model import Practice, Sentence
from kindaudio.script.timing import SlotKind, practice_slots
from kindaudio.ui.services import Services
from kindaudio.ui.widgets.basics import make_button, make_label

log = logging.getLogger(__name__)

SENTENCE_ROLE = Qt.ItemDataRole.UserRole
SPEAKING_MARK = "▶ "
PREVIEW_PREFIX = "Preview: "
TIME_COLUMN, TEXT_COLUMN = 0, 1
ROW_PADDING = 8  # pixels between lines, so a long script is easy on the eye
_ACTIVE = (PlayerState.LOADING, PlayerState.PLAYING, PlayerState.PAUSED)


def _marks(practice: Practice, timeline: Timeline) -> list[SlotKind | None]:
    """What each clip stands for. Clips follow the practice's slots one for one; should that
    ever not hold, an elastic silence is taken for a pause and any other silence for a gap."""
    slots = practice_slots(practice)
    if len(slots) == len(timeline.clips):
        return [slot.kind for slot in slots]
    log.warning("%s: %d slots but %d clips; pauses shown from elastic silences", practice.id, len(slots),
                len(timeline.clips))
    return [SlotKind.PAUSE if clip.kind is ClipKind.SILENCE and clip.elastic else None for clip in timeline.clips]


def _bell_words(strikes: int) -> str:
    return "(bell)" if strikes <= 1 else f"(bell, {strikes} strikes)"


class WrappingDelegate(QStyledItemDelegate):
    """Rows as tall as their wrapped text at the column's current width.

    A tree view asks its delegate for a size without saying how wide the
    column is, so long lines would be cut off with "…"; this one measures
    them at the column's width instead.
    """

    def __init__(self, view: QTreeWidget) -> None:
        super().__init__(view)
        self.view = view

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:  # noqa: N802 - Qt's name
        width = self.view.header().sectionSize(index.column())
        if index.column() == 0:
            width -= self.view.indentation() if self.view.rootIsDecorated() else 0
        sized = QStyleOptionViewItem(option)
        self.initStyleOption(sized, index)
        sized.rect = QRect(0, 0, max(width, 40), 100_000)
        sized.features |= QStyleOptionViewItem.ViewItemFeature.WrapText
        style = self.view.style()
        text_rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, sized, self.view)
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, sized, self.view) + 1
        flags = int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignLeft)
        bounds = sized.fontMetrics.boundingRect(QRect(0, 0, max(text_rect.width() - 2 * margin, 20), 100_000),
                                                flags, sized.text)
        base = super().sizeHint(option, index)
        height = max(base.height(), bounds.height() + base.height() - sized.fontMetrics.height())
        return QSize(base.width(), height + ROW_PADDING)



class ScriptView(QWidget):
    """The practice as a list of sections, lines, pauses and bells with their start times, and what is
    being spoken under it.

    Clicking a line (or pressing Enter on it) speaks that line alone through
    the shared player; the line being spoken is marked with ▶ and named below
    the list. show_practice() lays out a practice (again) at the chosen length.
    """

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.practice: Practice | None = None
        self.choices = PlayChoices()
        self.timeline: Timeline | None = None
        self._speaking: QTreeWidgetItem | None = None
        self._speaking_title = ""
        self._last_start = QElapsedTimer()
        self._build()
        self.services.bridge.state_changed.connect(self._on_player_state)

    def _build(self) -> None:
        self.lines = QTreeWidget()
        self.lines.setColumnCount(2)
        self.lines.setHeaderLabels(["Starts about", "Text"])
        self.lines.setAccessibleName("The script")
        self.lines.setToolTip("Click a line, or press Enter on it, to hear it on its own")
        self.lines.setWordWrap(True)
        self.lines.setUniformRowHeights(False)
        self.lines.setRootIsDecorated(False)
        self.lines.setItemsExpandable(False)
        self.lines.setAlternatingRowColors(False)
        self.lines.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.lines.setVerticalScrollMode(QTreeWidget.ScrollMode.ScrollPerPixel)
        self.lines.setItemDelegate(WrappingDelegate(self.lines))
        header = self.lines.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(TIME_COLUMN, QHeaderView.ResizeMode.ResizeToContents)
        header.sectionResized.connect(lambda *_: self.lines.scheduleDelayedItemsLayout())
        self.lines.itemClicked.connect(self._on_clicked)
        self.lines.itemActivated.connect(self._on_activated)

        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Now speaking")
        self.stop_button = make_button("Stop speaking", "Stop speaking", "Stop the line being spoken")
        self.stop_button.setEnabled(False)
        # Enter on a line reaches the dialog too (item views pass it on): it must not press a button.
        self.stop_button.setAutoDefault(False)
        self.stop_button.clicked.connect(self.stop_speaking)

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.status, 1)
        row.addWidget(self.stop_button)
        self.controls = row
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.lines, 1)
        layout.addLayout(row)
        QWidget.setTabOrder(self.lines, self.stop_button)

    def show_practice(self, practice: Practice, choices: PlayChoices) -> Timeline:
        """Lay `practice` out at the chosen length and rate and list it; returns the layout shown.
        Recordings speak in a heard line as they would in the practice (by default only when all are)."""
        self.stop_speaking()
        self.practice = practice
        speak = recordings_speak(choices, *recorded_count(self.services.clips, practice))
        self.choices = dataclasses.replace(choices, use_recordings=speak)
        self.timeline = estimated_timeline(practice, choices.minutes, choices.rate)
        self.lines.clear()
        self._fill()
        return self.timeline

    def _fill(self) -> None:
        assert self.practice is not None and self.timeline is not None
        marks = _marks(self.practice, self.timeline)
        titles = {span.index: span for span in self.timeline.sections}
        section: int | None = None
        for clip, mark in zip(self.timeline.clips, marks, strict=True):
            if clip.section != section and clip.section in titles:
                section = clip.section
                self._add_heading(titles[section].title or "Untitled part", titles[section].start_seconds)
            if clip.kind is ClipKind.SPEECH and clip.sentence is not None:
                self._add_sentence(clip, clip.sentence)
            elif clip.kind is ClipKind.BELL:
                self._add_mark(clip, _bell_words(clip.strikes))
            elif clip.kind is ClipKind.SILENCE and mark is SlotKind.PAUSE:
                self._add_mark(clip, f"(pause {format_clock(clip.end_seconds - clip.start_seconds)})")
        first = self.sentence_items()
        if first:
            self.lines.setCurrentItem(first[0])

    def _add_heading(self, title: str, start: float) -> None:
        title = printable(title)
        item = QTreeWidgetItem(self.lines, [format_clock(start), ""])
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        item.setData(TEXT_COLUMN, Qt.ItemDataRole.AccessibleTextRole, f"Section: {title}")
        item.setData(TIME_COLUMN, Qt.ItemDataRole.AccessibleTextRole, f"starts about {format_clock(start)}")
        label = make_label(title, "section-title", accessible=f"Section: {title}")
        self.lines.setItemWidget(item, TEXT_COLUMN, label)

    def _add_sentence(self, clip: Clip, sentence: Sentence) -> None:
        item = QTreeWidgetItem(self.lines, [format_clock(clip.start_seconds), printable(sentence.text)])
        item.setData(TEXT_COLUMN, SENTENCE_ROLE, sentence)
        item.setToolTip(TEXT_COLUMN, "Click or press Enter to hear this line")
        item.setData(TIME_COLUMN, Qt.ItemDataRole.AccessibleTextRole,
                     f"starts about {format_clock(clip.start_seconds)}")

    def _add_mark(self, clip: Clip, words: str) -> None:
        item = QTreeWidgetItem(self.lines, [format_clock(clip.start_seconds), words])
        item.setFlags(Qt.ItemFlag.NoItemFlags)  # quiet marks: shown, never chosen
        # Set apart from the spoken lines by slant as well as by the theme's quieter text colour.
        font = QFont(self.lines.font())
        font.setItalic(True)
        quiet = self.lines.palette().brush(QPalette.ColorRole.PlaceholderText)
        for column in (TIME_COLUMN, TEXT_COLUMN):
            item.setFont(column, font)
            item.setForeground(column, quiet)

    # -- reading -------------------------------------------------------------------

    def _items(self) -> list[QTreeWidgetItem]:
        items = (self.lines.topLevelItem(index) for index in range(self.lines.topLevelItemCount()))
        return [item for item in items if item is not None]

    def sentence_items(self) -> list[QTreeWidgetItem]:
        """The rows that are lines of speech, in order."""
        return [item for item in self._items() if isinstance(item.data(TEXT_COLUMN, SENTENCE_ROLE), Sentence)]

    def rows(self) -> list[str]:
        """Every row as text ("0:12 Welcome…", "0:00 # Arriving"), for reading back."""
        out = []
        for item in self._items():
            label = self.lines.itemWidget(item, TEXT_COLUMN)
            text = f"# {label.text()}" if isinstance(label, QLabel) else item.text(TEXT_COLUMN)
            out.append(f"{item.text(TIME_COLUMN)} {text}")
        return out

    # -- speaking ------------------------------------------------------------------

    def _on_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        self.speak(item)

    def _on_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        # A double click also clicks, and some styles activate on a single click: one line, spoken once.
        if item is self._speaking and self._last_start.isValid() and \
                self._last_start.elapsed() < QApplication.doubleClickInterval():
            return
        self.speak(item)

    def speak(self, item: QTreeWidgetItem) -> None:
        """Speak this row's line alone (rows that are not lines are ignored)."""
        sentence = item.data(TEXT_COLUMN, SENTENCE_ROLE)
        if not isinstance(sentence, Sentence):
            return
        self._unmark()
        self._speaking = item
        self._speaking_title = f"{PREVIEW_PREFIX}{sentence.text}"
        self._last_start.start()
        item.setText(TEXT_COLUMN, SPEAKING_MARK + printable(sentence.text))
        self.lines.setCurrentItem(item)
        self.lines.scrollToItem(item)
        self.status.setText(f"Getting ready to say: “{sentence.text}”")
        self.stop_button.setEnabled(True)
        choices = self.choices
        assert self.practice is not None
        build = functools.partial(sentence_programme, self.services.clips, self.practice, sentence, choices.voice,
                                  choices.rate, bool(choices.use_recordings))
        log.info("previewing a line of %s", self.practice.id)
        self.services.player.play(build, self._speaking_title)

    @property
    def speaking(self) -> Sentence | None:
        """The line being spoken (or getting ready), if any."""
        if self._speaking is None:
            return None
        sentence = self._speaking.data(TEXT_COLUMN, SENTENCE_ROLE)
        return sentence if isinstance(sentence, Sentence) else None

    def stop_speaking(self) -> None:
        if self._speaking is not None and self.services.player.status().title == self._speaking_title:
            self.services.player.stop(wait=False)
        self._unmark()
        self.status.setText("")

    def _unmark(self) -> None:
        item, self._speaking = self._speaking, None
        if item is not None:
            sentence = item.data(TEXT_COLUMN, SENTENCE_ROLE)
            if isinstance(sentence, Sentence):
                item.setText(TEXT_COLUMN, printable(sentence.text))
        self.stop_button.setEnabled(False)

    def _on_player_state(self, status: PlayerStatus) -> None:
        if self._speaking is None:
            return
        if status.title != self._speaking_title:
            if status.state in _ACTIVE:  # something else is playing now
                self._unmark()
                self.status.setText("")
            return
        text = self._speaking.data(TEXT_COLUMN, SENTENCE_ROLE).text
        if status.state is PlayerState.PLAYING:
            self.status.setText(f"Speaking: “{text}”")
        elif status.state is PlayerState.FAILED:
            self._unmark()
            self.status.setText(f"That line could not be played. {status.message or ''}".strip())
        elif status.state in (PlayerState.FINISHED, PlayerState.IDLE):
            self._unmark()
            self.status.setText("")

