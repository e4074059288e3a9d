"""The Player page's main view: the time left, the progress through the sections, the caption, the controls.

It only shows what it is told; the page listens to the player and decides.
What there is to see scrolls on a small screen, while the controls stay in
view below it.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QScrollArea, QSlider, QVBoxLayout, QWidget

from kindaudio.audio import MIX_RATE
from kindaudio.script.durations import format_clock
from kindaudio.ui.pages.player.icons import refresh_shape, set_shape
from kindaudio.ui.widgets.basics import make_button, make_label
from kindaudio.ui.widgets.section_progress import SectionProgress

if TYPE_CHECKING:
    from kindaudio.audio import Timeline

log = logging.getLogger(__name__)


class PlayerView(QWidget):
    """A failure message with a way back, the clock and the caption, and the transport and sound controls."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._marks_for: tuple[int, ...] | None = None  # (timeline length, section starts) the marks show
        # Failure or a lost device: the message and a way back.
        self.message = make_label("", "error")
        self.message.setAccessibleName("Message")
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message_back = make_button("Back", "Back", "Leave the player and go back")
        self.message_box = QFrame()
        self.message_box.setProperty("role", "card")
        box = QVBoxLayout(self.message_box)
        box.setContentsMargins(20, 16, 20, 16)
        box.setSpacing(12)
        box.addWidget(self.message)
        box.addWidget(self.message_back, 0, Qt.AlignmentFlag.AlignLeft)
        self.message_box.hide()

        self.big_time = make_label("", "big-time", centred=True)
        self.big_time.setWordWrap(False)
        self.big_time.setAccessibleName("Time remaining")
        self.remaining_label = make_label("remaining", "muted", centred=True)
        self.elapsed = make_label("", "muted", centred=True)
        self.elapsed.setAccessibleName("Time elapsed")

        self.progress = SectionProgress()

        self.caption = make_label("", "caption", centred=True)
        self.caption.setAccessibleName("Caption")
        self.caption.setMinimumHeight(self.caption.fontMetrics().lineSpacing() * 3)
        keep_space = self.caption.sizePolicy()
        keep_space.setRetainSizeWhenHidden(True)
        self.caption.setSizePolicy(keep_space)

        self.back_button = make_button("Back 15 s", "Back 15 seconds", "Go back 15 seconds (Left arrow)")
        self.play_button = make_button("Pause", "Pause", "Pause the practice (Space)", "primary")
        self.play_button.setMinimumWidth(120)
        self.forward_button = make_button("Forward 15 s", "Forward 15 seconds", "Go forward 15 seconds (Right arrow)")
        self.next_button = make_button("Next section", "Next section", "Go to the start of the next section")
        for button, shape in ((self.back_button, "back"), (self.play_button, "pause"),
                              (self.forward_button, "forward"), (self.next_button, "next")):
            set_shape(button, shape)
        transport = QHBoxLayout()
        transport.setSpacing(12)
        transport.addStretch(1)
        for button in (self.back_button, self.play_button, self.forward_button, self.next_button):
            transport.addWidget(button)
        transport.addStretch(1)

        self.captions_button = make_button("Captions: on", "Captions", "Show or hide the words as they are spoken")
        self.captions_button.setCheckable(True)
        volume_label = make_label("Volume", "muted")
        volume_label.setWordWrap(False)
        self.volume = QSlider(Qt.Orientation.Horizontal)
        self.volume.setRange(0, 100)
        self.volume.setSingleStep(5)
        self.volume.setPageStep(10)
        self.volume.setMinimumWidth(140)
        self.volume.setMaximumWidth(260)
        self.volume.setAccessibleName("Volume")
        self.volume.setToolTip("How loud the practice plays")
        volume_label.setBuddy(self.volume)
        self.volume_value = make_label("", "muted")
        self.volume_value.setWordWrap(False)
        self.volume_value.setMinimumWidth(self.volume_value.fontMetrics().horizontalAdvance("100 %") + 4)
        self.stop_button = make_button("Stop", "Stop", "Stop the practice (the sound fades out) and go back")
        set_shape(self.stop_button, "stop")
        extras = QHBoxLayout()
        extras.setSpacing(12)
        extras.addWidget(self.captions_button)
        extras.addStretch(1)
        extras.addWidget(volume_label)
        extras.addWidget(self.volume)
        extras.addWidget(self.volume_value)
        extras.addStretch(1)
        extras.addWidget(self.stop_button)

        # What there is to see scrolls on a small screen; the controls stay in view below it.
        self.deck = QWidget()  # needs something playing: hidden when playback failed for good
        layout = QVBoxLayout(self.deck)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addStretch(1)
        layout.addWidget(self.big_time)
        layout.addWidget(self.remaining_label)
        layout.addSpacing(12)
        layout.addWidget(self.progress)
        layout.addWidget(self.elapsed)
        layout.addSpacing(12)
        layout.addWidget(self.caption)
        layout.addStretch(1)

        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(10)
        column.addWidget(self.message_box)
        column.addWidget(self.deck, 100)
        column.addStretch(1)  # with the deck hidden, the message keeps its own height
        scroll = QScrollArea()
        scroll.setWidget(content)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        self.controls = QWidget()
        controls = QVBoxLayout(self.controls)
        controls.setContentsMargins(0, 8, 0, 0)
        controls.setSpacing(14)
        controls.addLayout(transport)
        controls.addLayout(extras)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(scroll, 1)
        outer.addWidget(self.controls)
        for before, after in ((self.play_button, self.back_button), (self.back_button, self.forward_button),
                              (self.forward_button, self.next_button), (self.next_button, self.captions_button),
                              (self.captions_button, self.volume), (self.volume, self.stop_button),
                              (self.stop_button, self.message_back)):
            self.setTabOrder(before, after)

    def reset(self, length: float, description: str) -> None:
        """Ready for a new programme of `length` seconds: the clock at 0, nothing to press until it plays."""
        self.message_box.hide()
        self.deck.show()
        self.controls.show()
        self.caption.clear()
        self.show_clock(0.0, length)
        self.clear_section_marks()
        self.progress.set_description(description)
        self.show_play_button(playing=True)
        self.set_transport_enabled(False)

    def show_clock(self, position: float, length: float) -> None:
        """The time left (big), the time played of the whole, and the progress bar."""
        self.big_time.setText(format_clock(max(length - position, 0.0)))
        self.elapsed.setText(f"{format_clock(position)} of {format_clock(length)}")
        self.progress.set_value(position / length if length > 0 else 0.0)

    def show_section_marks(self, timeline: Timeline | None) -> None:
        """Section starts as ticks; laid out again only when they move.

        The length stays the chosen one while speech arrives, but the sections
        move as the pauses are fitted again around the real speech.
        """
        if timeline is None or timeline.length <= 0:
            return
        key = (timeline.length, *(span.start for span in timeline.sections))
        if key == self._marks_for:
            return
        self._marks_for = key
        self.progress.set_marks([span.start / timeline.length for span in timeline.sections])
        log.debug("section marks at %s s", [round(span.start / MIX_RATE, 1) for span in timeline.sections])

    def clear_section_marks(self) -> None:
        self._marks_for = None
        self.progress.set_marks(())

    def show_message(self, text: str) -> None:
        self.message.setText(text[:1].upper() + text[1:])
        self.message_box.show()

    def show_failure(self, text: str) -> None:
        """Only the message and the way back: nothing is left to play."""
        self.show_message(text)
        self.set_transport_enabled(False)
        for part in (self.deck, self.controls):
            part.hide()
        self.caption.clear()

    def show_play_button(self, playing: bool) -> None:
        if playing:
            self.play_button.setText("Pause")
            set_shape(self.play_button, "pause")
            self.play_button.setAccessibleName("Pause")
            self.play_button.setToolTip("Pause the practice (Space)")
        else:
            self.play_button.setText("Play")
            set_shape(self.play_button, "play")
            self.play_button.setAccessibleName("Play")
            self.play_button.setToolTip("Go on with the practice (Space)")

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        """A theme change: the icons take the buttons' new text colour."""
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange):
            self.refresh_icons()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.refresh_icons()  # the theme may have changed while the player was not shown

    def refresh_icons(self) -> None:
        for button in (self.back_button, self.play_button, self.forward_button, self.next_button, self.stop_button):
            refresh_shape(button)

    def set_transport_enabled(self, enabled: bool) -> None:
        for widget in (self.play_button, self.back_button, self.forward_button, self.next_button):
            widget.setEnabled(enabled)
        self.progress.set_seekable(enabled)

    def show_volume(self, value: int) -> None:
        self.volume_value.setText(f"{value} %")
        self.volume.setAccessibleDescription(f"{value} percent")

    def show_captions(self, shown: bool) -> None:
        """The Captions button as the setting is, and the caption line shown or hidden with it."""
        self.captions_button.blockSignals(True)
        self.captions_button.setChecked(shown)
        self.captions_button.blockSignals(False)
        self.captions_button.setText("Captions: on" if shown else "Captions: off")
        self.captions_button.setAccessibleDescription("shown" if shown else "hidden")
        self.caption.setVisible(shown)
