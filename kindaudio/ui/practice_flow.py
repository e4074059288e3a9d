"""The way through one practice, across the window's pages: a check-in before (when the person asked for
one), the player, a check-in after (when it is on), and back to where the person came from.

The window shows the pages; this decides which comes next and remembers what
is waiting meanwhile (the practice to start once the check-in before it is
saved or skipped, and where Stop and a check-in's Save or Skip lead back to).
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kindaudio.journal.records import Moment, Mood
    from kindaudio.ui.play_request import PlayRequest
    from kindaudio.ui.window_parts import Window


class PracticeFlow:
    """Play, check in before and after, come back: what the player's and the check-in's signals lead to."""

    def __init__(self, window: Window) -> None:
        self.window = window
        self.back_to = "library"  # where the player's Stop returns to
        self.back_to_from_checkin = "library"  # where a check-in's Save or Skip returns to
        self.pending_play: tuple[PlayRequest, str] | None = None  # waiting for its before check-in

    def play(self, request: PlayRequest, back_to: str) -> None:
        """Play `request`, after a check-in when the person asked for one before practice."""
        window, services = self.window, self.window.services
        settings = services.settings.current
        if (settings.check_in_before and request.before is None and request.practice_id is not None
                and services.journal_expected):
            from kindaudio.journal.records import Moment

            window.banner.hide()
            self.pending_play = (request, back_to)
            window.checkin.begin(Moment.BEFORE, write=False)
            window.show_page("checkin")
            return
        self._play_now(request, back_to)

    def _play_now(self, request: PlayRequest, back_to: str) -> None:
        self.window.banner.hide()
        self.pending_play = None
        self.back_to = back_to
        self.window.show_page("player")
        self.window.player.start(request)

    def stopped(self) -> None:
        """The player's Stop: back to the page the practice was started from."""
        self.window.show_page(self.back_to)

    def check_in(self, moment: Moment | None = None, session_id: int | None = None) -> None:
        """Show a check-in (on its own unless `moment` says otherwise); Save or Skip comes back here."""
        from kindaudio.journal.records import Moment

        window = self.window
        if window.current_page() == "player" and window.player.is_active():
            return  # the player keeps the window while a practice plays
        self.pending_play = None
        current = window.current_page()
        self.back_to_from_checkin = "library" if current in ("checkin", "player") else current
        window.checkin.begin(moment or Moment.STANDALONE, session_id)
        window.show_page("checkin")

    def after_practice(self) -> None:
        """Done on the completion screen, or Stop for today: the after check-in when it is on
        (and the session was logged), else the Library. A plain Stop goes back to the practice
        to be chosen again, and asks nothing."""
        from kindaudio.journal.records import Moment

        window = self.window
        session_id = window.player.last_session_id
        if window.services.settings.current.check_in_after and session_id is not None:
            self.back_to_from_checkin = "library"
            window.checkin.begin(Moment.AFTER, session_id)
            window.show_page("checkin")
        else:
            window.show_page("library")

    def check_in_over(self) -> None:
        """Saved or skipped: a practice waiting for its before check-in starts, else back where it came from."""
        pending, self.pending_play = self.pending_play, None
        if pending is not None:  # a skipped check-in before practice: the practice starts
            self._play_now(*pending)
        else:
            self.window.show_page(self.back_to_from_checkin)

    def check_in_chosen(self, mood: Mood) -> None:
        """A check-in before practice, filled in: it is saved with the session, once the session's row exists."""
        pending, self.pending_play = self.pending_play, None
        if pending is not None:
            request, back_to = pending
            self._play_now(dataclasses.replace(request, before=mood), back_to)
        else:
            self.window.show_page(self.back_to_from_checkin)
