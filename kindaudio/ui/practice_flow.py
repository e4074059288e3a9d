"""The way through one practice, across the window's pages: a check-in before (when the person asked for
one), the player, a check-in after (when it is on), and back to where the person came from.

The window shows the pages; this decides which comes next and remembers what
is waiting meanwhile (the practice to start once the check-in before it is
saved or skipped, and where Stop and a check-in's Save or Skip lead back to).

Ending is gentle whichever way it comes: played to the end, Stop for today,
or Stop: the after check-in (when it is on), then back. A check-in that says
difficult feelings came up (or the lowest feeling) is followed by the support
place, and its Continue goes on to wherever the check-in was leading.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
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
        self.after_support: Callable[[], None] | None = None  # what the support place's Continue goes on to

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
        """The player's Stop (the sound has faded): the after check-in when it is on, then back to the page
        the practice was started from, to be chosen again."""
        self._after_check_in(self.back_to)

    def left(self) -> None:
        """The practice ended without the person stopping it (a failure read and left): back, asking nothing."""
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
        (and the session was logged), then the Library."""
        self._after_check_in("library")

    def _after_check_in(self, then: str) -> None:
        """The after check-in, linked to the session just ended, when it is on and the session was logged;
        its Save or Skip (or, without one, the end itself) leads to `then`."""
        from kindaudio.journal.records import Moment

        window = self.window
        session_id = window.player.last_session_id
        if window.services.settings.current.check_in_after and session_id is not None:
            self.back_to_from_checkin = then
            window.checkin.begin(Moment.AFTER, session_id)
            window.show_page("checkin")
        else:
            window.show_page(then)

    def check_in_over(self) -> None:
        """Saved or skipped: a practice waiting for its before check-in starts, else back where it came from
        (by way of the support place, after a saved check-in that calls for it)."""
        pending, self.pending_play = self.pending_play, None
        if pending is not None:  # a skipped check-in before practice: the practice starts
            self._support_first(lambda: self._play_now(*pending))
        else:
            back_to = self.back_to_from_checkin
            self._support_first(lambda: self.window.show_page(back_to))

    def check_in_chosen(self, mood: Mood) -> None:
        """A check-in before practice, filled in: it is saved with the session, once the session's row exists."""
        pending, self.pending_play = self.pending_play, None
        if pending is not None:
            request, back_to = pending
            self._support_first(lambda: self._play_now(dataclasses.replace(request, before=mood), back_to))
        else:
            back_to_from_checkin = self.back_to_from_checkin
            self._support_first(lambda: self.window.show_page(back_to_from_checkin))

    def _support_first(self, then: Callable[[], None]) -> None:
        """`then` now, or after the support place when the check-in just saved calls for it."""
        if self.window.checkin.offer_support:
            self.show_support(then, "Continue", "Go on to where you were going, when you are ready")
        else:
            then()

    # -- the support place ---------------------------------------------------------

    def show_support(self, then: Callable[[], None], continue_text: str, continue_tip: str) -> None:
        """The support place as a page, its Continue (named `continue_text`) going on to `then`."""
        window = self.window
        window.banner.hide()
        self.after_support = then
        window.support.begin(continue_text, continue_tip)
        window.show_page("support")

    def support_from_menu(self) -> None:
        """Help's "If you need more support", one step from anywhere: while a practice plays, over its
        pause (sound never runs on unseen); elsewhere as a page whose Back returns to where the person was."""
        window = self.window
        here = window.current_page()
        if here == "player":
            window.player.show_support()
        elif here != "support":
            self.show_support(lambda: window.show_page(here), "Back", "Back to where you were")

    def support_over(self) -> None:
        """The support place's Continue: on to what waited for it (the Library when nothing did)."""
        then, self.after_support = self.after_support, None
        if then is not None:
            then()
        else:
            self.window.show_page("library")
