"""The Player page: what is playing, how long is left, and a way to pause and ground at any moment.

The page never polls the player: everything it shows arrives through the
PlayerBridge's signals (a few times a second while playing), and every button
just queues a command with the player, which returns at once. Stop is the
exception: it waits briefly for the fade, once.

The bridge is shared with the rest of the window, so the page listens only to
its own session: from the LOADING that follows its `start()` until the session
ends (stopped, finished or failed). Stop is gentle: the player's own fade, the
session logged as stopped early, then (through `stopped`) the same after-screen
as a finished practice. The support place shows inside the page, over the pause.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QStackedWidget, QVBoxLayout, QWidget

from kindaudio.audio import PlayerState, PlayerStatus
from kindaudio.common.settings import Settings
from kindaudio.common.text import printable
from kindaudio.desktop.inhibit import KeepAwake
from kindaudio.journal.records import SessionStatus
from kindaudio.ui.pages.completion import CompletionView
from kindaudio.ui.pages.grounding import GroundingPanel
from kindaudio.ui.pages.player.player_view import PlayerView
from kindaudio.ui.pages.player.text import PREPARING, position_text, state_text
from kindaudio.ui.pages.support.page import SupportView
from kindaudio.ui.play_request import PlayRequest
from kindaudio.ui.services import Services
from kindaudio.ui.session_recording import SessionRecorder
from kindaudio.ui.widgets.basics import make_button, make_label

log = logging.getLogger(__name__)

SKIP_SECONDS = 15.0
LISTENING_STEP_SECONDS = 2.0  # position steps longer than this are jumps, not listening


class PlayerPage(QWidget):
    """Plays a PlayRequest and shows its progress, captions and controls.

    Signals:
        stopped(): the person pressed Stop (faded out, logged as stopped early): the after-screen, then back.
        left(): it ended without the person stopping it (a failure, or from elsewhere): back, asking nothing.
        stopped_for_today(): the person chose Stop for today in the grounding panel.
        done(): the person pressed Done on the completion screen.
    """

    stopped = Signal()
    left = Signal()
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
        self.recorder = SessionRecorder(services, self)  # the journal's row for what plays here
        self.keep_awake = KeepAwake()  # no screen blanking or idle sleep while our practice plays

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
        self.player_view = view = PlayerView()
        # Its parts by the names the rest of the page (and its tests) know them by.
        self.message, self.message_back, self.message_box = view.message, view.message_back, view.message_box
        self.big_time, self.elapsed, self.progress, self.caption = view.big_time, view.elapsed, view.progress, \
            view.caption
        self.play_button, self.back_button, self.forward_button, self.next_button = \
            view.play_button, view.back_button, view.forward_button, view.next_button
        self.captions_button, self.volume, self.volume_value = view.captions_button, view.volume, view.volume_value
        self.stop_button, self.deck, self.controls = view.stop_button, view.deck, view.controls
        self.grounding = GroundingPanel()
        self.completion = CompletionView()
        self.support = SupportView(self.services.paths)
        for page in (self.player_view, self.grounding, self.completion, self.support):
            self.stack.addWidget(page)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(6)
        layout.addLayout(header)
        layout.addWidget(self.section_title)
        layout.addWidget(self.state_label)
        layout.addSpacing(8)
        layout.addWidget(self.stack, 1)

        self.setTabOrder(self.ground_button, self.play_button)  # then the player view's own order

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
        self.message_back.clicked.connect(self._leave)
        self.captions_button.toggled.connect(self._captions_toggled)
        self.volume.valueChanged.connect(self._volume_moved)
        self.progress.seek_requested.connect(self._seek_to_fraction)
        self.grounding.resume_requested.connect(self._resume_from_ground)
        self.grounding.stop_requested.connect(self._stop_for_today)
        self.grounding.support_requested.connect(self.show_support)
        self.support.continue_requested.connect(self.pause_and_ground)  # back to the pause
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
        self._reset_display()
        self.title.setText(printable(request.title))
        self.recorder.begin(request)  # ends any session still open, as stopped early
        self.keep_awake.follow(self.services.player)
        self.services.player.play(request.build, request.title)

    def is_active(self) -> bool:
        """Something of ours is loading, playing or paused."""
        return self._active

    @property
    def last_session_id(self) -> int | None:
        """The journal row of the practice played last (None when it was not logged)."""
        return self.recorder.session_id

    def toggle_pause(self) -> None:
        if self.stack.currentWidget() is self.support:
            return  # reading the support place: nothing starts playing behind it
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

    def show_support(self) -> None:
        """Pause (as Pause & ground does) and show the support place; Back returns to the grounding panel."""
        self.pause_and_ground()
        self.stack.setCurrentWidget(self.support)
        self.support.begin("Back", "Back to the pause, where you can resume or stop for today",
                           settings_offered=False)  # Settings waits until the practice is over

    def stop(self) -> None:
        """Stop: the sound fades out (waiting for the fade, once), the session ends as stopped early."""
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

    def _leave(self) -> None:
        """Back after a failure the person has read: nothing plays, nothing to ask."""
        self._halt()
        self.left.emit()

    def _stop_for_today(self) -> None:
        self._halt()
        self.stopped_for_today.emit()

    def _halt(self) -> None:
        self._grounding = False
        if self._active:
            self._active = False  # the IDLE that follows is our own doing
            self.services.player.stop()
        self.recorder.finish(SessionStatus.STOPPED_EARLY)
        self.player_view.set_transport_enabled(False)

    def _can_move(self) -> bool:
        return self._active and self._state in (PlayerState.PLAYING, PlayerState.PAUSED)

    def _seek_to_fraction(self, fraction: float) -> None:
        if self._can_move() and self._length > 0:
            self.services.player.seek(fraction * self._length)

    def _volume_moved(self, value: int) -> None:
        self.player_view.show_volume(value)
        if value != round(self.services.player.volume * 100):
            self.services.player.set_volume(value / 100)

    def _captions_toggled(self, shown: bool) -> None:
        if shown != self.services.settings.current.show_captions:
            self.services.settings.update(show_captions=shown)
        self._apply_captions(self.services.settings.current)

    def _apply_captions(self, settings: Settings) -> None:
        self.player_view.show_captions(settings.show_captions)

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
            self.player_view.set_transport_enabled(False)
            self.left.emit()
            return
        if state is PlayerState.FAILED:
            self._active = False
            self._grounding = False
            self.recorder.finish(SessionStatus.STOPPED_EARLY)
            self.player_view.show_failure(status.message or "Playback stopped.")
            self._show_message(status.message or "Playback stopped.")  # the way back takes the keyboard
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
        self.caption.setText(printable(status.sentence.text) if status.sentence is not None else "")

    def _on_finished(self, status: PlayerStatus) -> None:
        if not self._ours(status):
            return
        self._count_listening(status.position)
        self.recorder.update(status.position, True)
        self.recorder.finish(SessionStatus.COMPLETED)
        self._active = False
        self._state = PlayerState.FINISHED
        self._show_time(status)
        self.player_view.set_transport_enabled(False)
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
        self.section_title.clear()
        self.state_label.setText(PREPARING if self._active else "")
        self.player_view.reset(self._length, PREPARING if self._active else "Nothing is playing")
        self.volume.setValue(round(self.services.player.volume * 100))
        self._volume_moved(self.volume.value())
        self.grounding.set_can_resume(True)

    def _show_base_view(self) -> None:
        finished = self._state is PlayerState.FINISHED and not self._active
        self.stack.setCurrentWidget(self.completion if finished else self.player_view)

    def _show_message(self, text: str) -> None:
        self.player_view.show_message(text)
        if self.stack.currentWidget() is self.player_view:
            self.message_back.setFocus()

    def _show_playing_state(self, status: PlayerStatus) -> None:
        state = status.state
        self.player_view.set_transport_enabled(state in (PlayerState.PLAYING, PlayerState.PAUSED))
        self.player_view.show_play_button(playing=state is not PlayerState.PAUSED)
        self.state_label.setText(state_text(status))

    def _show_time(self, status: PlayerStatus) -> None:
        if status.length > 0:
            self._length = status.length
        length = self._length
        position = min(status.position, length)
        self.player_view.show_clock(position, length)
        self.player_view.show_section_marks(self.services.player.timeline)
        section = status.section
        if section is not None:
            self.section_title.setText(printable(section.title))
        self.progress.set_description(position_text(position, length, section,
                                                    self._section_count() if section is not None else 0))
        if status.state is PlayerState.PLAYING:
            self.state_label.setText(state_text(status))

    def _section_count(self) -> int:
        timeline = self.services.player.timeline
        return len(timeline.sections) if timeline is not None else 0

    def _count_listening(self, position: float) -> None:
        last, self._last_position = self._last_position, position
        if last is not None and 0 < position - last <= LISTENING_STEP_SECONDS:
            self._listened += position - last
