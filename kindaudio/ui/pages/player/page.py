"""The Player page: what is playing, how long is left, and a way to pause and ground at any moment.

The page never polls the player: everything it shows arrives through the
PlayerBridge's signals (a few times a second while playing), and every button
just queues a command with the player, which returns at once. Stop is the
exception: it waits briefly for the fade, once.

The bridge is shared with the rest of the window, so the page listens only to
its own session: from the LOADING that follows its `start()` until the session
ends (stopped, finished or failed).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QScrollArea,
    QSizePolicy,
    QSlider,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kindaudio.audio.format import MIX_RATE
from kindaudio.audio.player import PlayerState, PlayerStatus
from kindaudio.journal.records import SessionStatus
from kindaudio.script.durations import format_clock
from kindaudio.common.settings import Settings
from kindaudio.ui.pages.completion import CompletionView
from kindaudio.ui.pages.grounding import GroundingPanel
from kindaudio.ui.play_request import PlayRequest
from kindaudio.ui.services import Services
from kindaudio.ui.session_recording import SessionRecorder
from kindaudio.ui.widgets.basics import make_button, make_label
from kindaudio.ui.widgets.section_progress import SectionProgress

log = logging.getLogger(__name__)

SKIP_SECONDS = 15.0
LISTENING_STEP_SECONDS = 2.0  # position steps longer than this are jumps, not listening
PREPARING = "Preparing…"






class PlayerPage(QWidget):
    """Plays a PlayRequest and shows its progress, captions and controls.

    Signals:
        stopped(): the person stopped (or left after a failure); the window goes back.
        stopped_for_today(): the person chose Stop for today in the grounding panel.
        done(): the person pressed Done on the completion screen.
    """

    stopped = Signal()
    stopped_for_today = Signal()
    done = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setAccessibleName("Player")
        self._request: PlayRequest | None = None
        self._active = False  # our session is loading, playing or paused
        self._awaiting_start = False  # events from before our session's LOADING are someone else's
        self._state = PlayerState.IDLE
        self._grounding = False  # the person asked to pause and ground: keep playback paused
        self._length = 0.0
        self._last_position: float | None = None
        self._listened = 0.0
        self._marks_for: tuple[int, int] | None = None  # (timeline length, sections) the marks show
        self.recorder = SessionRecorder(services, self)  # the journal's row for what plays here

        self._build()
        self._connect()
        self._apply_captions(services.settings.current)
        self._reset_display()

    # -- building --------------------------------------------------------------

    def _build(self) -> None:
        self.title = make_label("", "page-title")
        self.title.setAccessibleName("Practice")
        self.ground_button = make_button("Pause && ground", "Pause and ground",
                                         "Pause and take a moment to ground yourself (Esc)", "ground")
        self.ground_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        header = QHBoxLayout()
        header.setSpacing(16)
        header.addWidget(self.title, 1, Qt.AlignmentFlag.AlignVCenter)
        header.addWidget(self.ground_button, 0, Qt.AlignmentFlag.AlignTop)

        self.section_title = make_label("", "section-title")
        self.section_title.setAccessibleName("Section")
        self.state_label = make_label("", "muted")
        self.state_label.setAccessibleName("Player state")

        self.stack = QStackedWidget()
        self.player_view = self._build_player_view()
        self.grounding = GroundingPanel()
        self.completion = CompletionView()
        for view in (self.player_view, self.grounding, self.completion):
            self.stack.addWidget(view)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(6)
        layout.addLayout(header)
        layout.addWidget(self.section_title)
        layout.addWidget(self.state_label)
        layout.addSpacing(8)
        layout.addWidget(self.stack, 1)

        self.setTabOrder(self.ground_button, self.play_button)
        for before, after in ((self.play_button, self.back_button), (self.back_button, self.forward_button),
                              (self.forward_button, self.next_button), (self.next_button, self.captions_button),
                              (self.captions_button, self.volume), (self.volume, self.stop_button),
                              (self.stop_button, self.message_back)):
            self.setTabOrder(before, after)

    def _build_player_view(self) -> QWidget:
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

        view = QWidget()
        outer = QVBoxLayout(view)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(scroll, 1)
        outer.addWidget(self.controls)
        return view

    def _connect(self) -> None:
        bridge = self.services.bridge
        bridge.state_changed.connect(self._on_state)
        bridge.position_changed.connect(self._on_position)
        bridge.section_changed.connect(self._on_section)
        bridge.sentence_changed.connect(self._on_sentence)
        bridge.finished.connect(self._on_finished)
        self.services.settings.changed.connect(self._apply_captions)

        self.ground_button.clicked.connect(self.pause_and_ground)
        self.play_button.clicked.connect(self.toggle_pause)
        self.back_button.clicked.connect(lambda: self.seek_by(-SKIP_SECONDS))
        self.forward_button.clicked.connect(lambda: self.seek_by(SKIP_SECONDS))
        self.next_button.clicked.connect(self.next_section)
        self.stop_button.clicked.connect(self.stop)
        self.message_back.clicked.connect(self.stop)
        self.captions_button.toggled.connect(self._captions_toggled)
        self.volume.valueChanged.connect(self._volume_moved)
        self.progress.seek_requested.connect(self._seek_to_fraction)
        self.grounding.resume_requested.connect(self._resume_from_ground)
        self.grounding.stop_requested.connect(self._stop_for_today)
        self.completion.done.connect(self.done)

    # -- public ----------------------------------------------------------------

    def start(self, request: PlayRequest) -> None:
        """Begin playing `request` (stopping anything else that plays)."""
        log.info("playing %s", request.title)
        self._request = request
        self._active = True
        self._awaiting_start = True
        self._state = PlayerState.LOADING
        self._grounding = False
        self._length = request.minutes * 60
        self._last_position = 0.0  # every programme starts at its beginning
        self._listened = 0.0
        self._marks_for = None
        self._reset_display()
        self.title.setText(request.title)
        self.recorder.begin(request)  # ends any session still open, as stopped early
        self.services.player.play(request.build, request.title)

    def is_active(self) -> bool:
        """Something of ours is loading, playing or paused."""
        return self._active

    @property
    def last_session_id(self) -> int | None:
        """The journal row of the practice played last (None when it was not logged)."""
        return self.recorder.session_id

    def toggle_pause(self) -> None:
        if self.stack.currentWidget() is self.grounding:
            if self._active:
                self._resume_from_ground()
            return
        if not self._active:
            return
        if self._state is PlayerState.PLAYING:
            self.services.player.pause()
        elif self._state is PlayerState.PAUSED:
            self.services.player.resume()

    def seek_by(self, seconds: float) -> None:
        if self._can_move():
            self.services.player.skip(seconds)

    def next_section(self) -> None:
        if self._can_move():
            self.services.player.next_section()

    def pause_and_ground(self) -> None:
        """Pause (or keep from starting) and show the grounding panel; safe to call at any moment."""
        if self._active:
            self._grounding = True
            if self._state is PlayerState.PLAYING:
                self.services.player.pause()
        self.grounding.set_can_resume(self._active)
        self.stack.setCurrentWidget(self.grounding)
        self.grounding.resume_button.setFocus()

    def stop(self) -> None:
        """Stop (the sound fades out) and go back."""
        self._halt()
        self.stopped.emit()

    # -- the person's choices --------------------------------------------------

    def _resume_from_ground(self) -> None:
        self._grounding = False
        self._show_base_view()
        # PLAYING too: the pause asked for may not have been confirmed yet; the
        # player carries out pause then resume in order (resume while playing is a no-op).
        if self._active and self._state in (PlayerState.PAUSED, PlayerState.PLAYING):
            self.services.player.resume()
        # Still loading: it starts by itself, now that nothing holds it paused.

    def _stop_for_today(self) -> None:
        self._halt()
        self.stopped_for_today.emit()

    def _halt(self) -> None:
        self._grounding = False
        if self._active:
            self._active = False  # the IDLE that follows is our own doing
            self.services.player.stop()
        self.recorder.finish(SessionStatus.STOPPED_EARLY)
        self._set_transport_enabled(False)

    def _can_move(self) -> bool:
        return self._active and self._state in (PlayerState.PLAYING, PlayerState.PAUSED)

    def _seek_to_fraction(self, fraction: float) -> None:
        if self._can_move() and self._length > 0:
            self.services.player.seek(fraction * self._length)

    def _volume_moved(self, value: int) -> None:
        self.volume_value.setText(f"{value} %")
        self.volume.setAccessibleDescription(f"{value} percent")
        if value != round(self.services.player.volume * 100):
            self.services.player.set_volume(value / 100)

    def _captions_toggled(self, shown: bool) -> None:
        if shown != self.services.settings.current.show_captions:
            self.services.settings.update(show_captions=shown)
        self._apply_captions(self.services.settings.current)

    def _apply_captions(self, settings: Settings) -> None:
        shown = settings.show_captions
        self.captions_button.blockSignals(True)
        self.captions_button.setChecked(shown)
        self.captions_button.blockSignals(False)
        self.captions_button.setText("Captions: on" if shown else "Captions: off")
        self.captions_button.setAccessibleDescription("shown" if shown else "hidden")
        self.caption.setVisible(shown)

    # -- the player's news -----------------------------------------------------

    def _ours(self, status: PlayerStatus, is_state: bool = False) -> bool:
        """Only our own session's events count (the bridge is shared)."""
        if not self._active:
            return False
        if self._awaiting_start:
            if not (is_state and status.state is PlayerState.LOADING):
                return False
            self._awaiting_start = False
        return True

    def _on_state(self, status: PlayerStatus) -> None:
        if not self._ours(status, is_state=True):
            return
        self._state = state = status.state
        log.debug("player state %s", state.value)
        if state is PlayerState.IDLE:  # stopped from elsewhere (the window closing)
            self._active = False
            self.recorder.finish(SessionStatus.STOPPED_EARLY)
            self._set_transport_enabled(False)
            self.stopped.emit()
            return
        if state is PlayerState.FAILED:
            self._active = False
            self._grounding = False
            self.recorder.finish(SessionStatus.STOPPED_EARLY)
            self._show_message(status.message or "Playback stopped.")
            self._set_transport_enabled(False)
            self.deck.hide()
            self.controls.hide()
            self.caption.clear()
            self.section_title.clear()
            self.state_label.setText("Playback stopped")
            self.grounding.set_can_resume(False)
            return
        if state in (PlayerState.PLAYING, PlayerState.PAUSED):
            self.recorder.update(status.position, state is PlayerState.PLAYING)
            if state is PlayerState.PAUSED:
                self.recorder.paused()
        if state is PlayerState.PLAYING and self._grounding:
            self.services.player.pause()  # it finished loading while the person was grounding
        focus_play = state is PlayerState.PLAYING and not self.play_button.isEnabled()
        if status.message and state is PlayerState.PAUSED:
            self._show_message(status.message)
        else:
            self.message_box.hide()
        self._show_playing_state(status)
        self._show_time(status)
        if focus_play and self.stack.currentWidget() is self.player_view:
            self.play_button.setFocus()  # it could not take focus while it was preparing

    def _on_position(self, status: PlayerStatus) -> None:
        if not self._ours(status):
            return
        self._count_listening(status.position)
        self.recorder.update(status.position, status.state is PlayerState.PLAYING)
        self._show_time(status)

    def _on_section(self, status: PlayerStatus) -> None:
        if not self._ours(status):
            return
        self._show_time(status)

    def _on_sentence(self, status: PlayerStatus) -> None:
        if not self._ours(status):
            return
        self.caption.setText(status.sentence.text if status.sentence is not None else "")

    def _on_finished(self, status: PlayerStatus) -> None:
        if not self._ours(status):
            return
        self._count_listening(status.position)
        self.recorder.update(status.position, True)
        self.recorder.finish(SessionStatus.COMPLETED)
        self._active = False
        self._state = PlayerState.FINISHED
        self._show_time(status)
        self._set_transport_enabled(False)
        self.caption.clear()
        self.section_title.clear()
        self.state_label.clear()
        title = self._request.title if self._request else status.title
        self.completion.show_for(title, self._listened or status.length)
        self.grounding.set_can_resume(False)
        if self.stack.currentWidget() is not self.grounding:
            self.stack.setCurrentWidget(self.completion)
            self.completion.done_button.setFocus()

    # -- showing ---------------------------------------------------------------

    def _reset_display(self) -> None:
        self.stack.setCurrentWidget(self.player_view)
        self.message_box.hide()
        self.deck.show()
        self.controls.show()
        self.section_title.clear()
        self.state_label.setText(PREPARING if self._active else "")
        self.caption.clear()
        self.big_time.setText(format_clock(self._length))
        self.elapsed.setText(f"{format_clock(0)} of {format_clock(self._length)}")
        self.progress.set_value(0.0)
        self.progress.set_marks(())
        self.progress.set_description(PREPARING if self._active else "Nothing is playing")
        self.volume.setValue(round(self.services.player.volume * 100))
        self._volume_moved(self.volume.value())
        self._show_play_button(playing=True)
        self._set_transport_enabled(False)
        self.grounding.set_can_resume(True)

    def _show_base_view(self) -> None:
        finished = self._state is PlayerState.FINISHED and not self._active
        self.stack.setCurrentWidget(self.completion if finished else self.player_view)

    def _show_message(self, text: str) -> None:
        self.message.setText(text[:1].upper() + text[1:])
        self.message_box.show()
        if self.stack.currentWidget() is self.player_view:
            self.message_back.setFocus()

    def _show_playing_state(self, status: PlayerStatus) -> None:
        state = status.state
        self._set_transport_enabled(state in (PlayerState.PLAYING, PlayerState.PAUSED))
        self._show_play_button(playing=state is not PlayerState.PAUSED)
        if state is PlayerState.LOADING:
            self.state_label.setText(PREPARING)
        elif state is PlayerState.PAUSED:
            self.state_label.setText("Paused")
        elif state is PlayerState.PLAYING and status.waiting_for_speech:
            self.state_label.setText("Getting the voice ready…")
        elif state is PlayerState.FINISHED:
            self.state_label.setText("Finished")
        else:
            self.state_label.setText("Playing")

    def _show_play_button(self, playing: bool) -> None:
        if playing:
            self.play_button.setText("Pause")
            self.play_button.setAccessibleName("Pause")
            self.play_button.setToolTip("Pause the practice (Space)")
        else:
            self.play_button.setText("Play")
            self.play_button.setAccessibleName("Play")
            self.play_button.setToolTip("Go on with the practice (Space)")

    def _set_transport_enabled(self, enabled: bool) -> None:
        for widget in (self.play_button, self.back_button, self.forward_button, self.next_button):
            widget.setEnabled(enabled)
        self.progress.set_seekable(enabled)

    def _show_time(self, status: PlayerStatus) -> None:
        if status.length > 0:
            self._length = status.length
        length = self._length
        position = min(status.position, length)
        self.big_time.setText(format_clock(max(length - position, 0.0)))
        self.elapsed.setText(f"{format_clock(position)} of {format_clock(length)}")
        self.progress.set_value(position / length if length > 0 else 0.0)
        self._update_marks()
        words = f"{format_clock(position)} of {format_clock(length)}, {format_clock(length - position)} remaining"
        section = status.section
        if section is not None:
            self.section_title.setText(section.title)
            count = self._section_count()
            where = f"section {section.index + 1} of {count}" if count else "section"
            words += f"; {where}: {section.title}" if section.title else f"; {where}"
        self.progress.set_description(words)
        if status.state is PlayerState.PLAYING:
            self.state_label.setText("Getting the voice ready…" if status.waiting_for_speech else "Playing")

    def _section_count(self) -> int:
        timeline = self.services.player.timeline
        return len(timeline.sections) if timeline is not None else 0

    def _update_marks(self) -> None:
        """Section starts as ticks; laid out again only when the timeline changes."""
        timeline = self.services.player.timeline
        if timeline is None or timeline.length <= 0:
            return
        key = (timeline.length, len(timeline.sections))
        if key == self._marks_for:
            return
        self._marks_for = key
        self.progress.set_marks([span.start / timeline.length for span in timeline.sections])
        log.debug("section marks at %s s", [round(span.start / MIX_RATE, 1) for span in timeline.sections])

    def _count_listening(self, position: float) -> None:
        last, self._last_position = self._last_position, position
        if last is not None and 0 < position - last <= LISTENING_STEP_SECONDS:
            self._listened += position - last
