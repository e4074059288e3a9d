"""The way through a practice, decided without any page on screen: a stand-in window records what it is told.

The whole window goes the same way in test_main_window.py and test_session_logging.py;
here each turn is seen on its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from kindaudio.journal.records import Moment
from kindaudio.ui.practice_flow import PracticeFlow


@dataclass(frozen=True)
class Request:
    """What the flow reads of a PlayRequest."""

    title: str
    practice_id: str | None = "evening-rest"
    before: object | None = None


@dataclass
class StandIn:
    """The pages the flow turns to, and what it asked of them."""

    check_in_before: bool = False
    check_in_after: bool = False
    page: str = "practice"
    playing: bool = False
    session_id: int | None = None
    offer_support: bool = False  # the check-in saved last calls for the support place
    shown: list[str] = field(default_factory=list)
    supports: list[str] = field(default_factory=list)  # the support place's Continue, as named when shown
    check_ins: list[tuple[Any, ...]] = field(default_factory=list)
    started: list[Request] = field(default_factory=list)

    def window(self) -> Any:
        stand_in = self
        settings = SimpleNamespace(current=SimpleNamespace(check_in_before=self.check_in_before,
                                                           check_in_after=self.check_in_after))

        def show_page(name: str) -> None:
            stand_in.shown.append(name)
            stand_in.page = name

        return SimpleNamespace(
            services=SimpleNamespace(settings=settings, journal_expected=True),
            banner=SimpleNamespace(hide=lambda: None),
            checkin=SimpleNamespace(begin=lambda *args, **kwargs: stand_in.check_ins.append((*args, kwargs)),
                                    offer_support=self.offer_support),
            support=SimpleNamespace(begin=lambda text, _tip: stand_in.supports.append(text)),
            player=SimpleNamespace(start=stand_in.started.append, is_active=lambda: stand_in.playing,
                                   last_session_id=self.session_id,
                                   show_support=lambda: stand_in.supports.append("over the pause")),
            show_page=show_page, current_page=lambda: stand_in.page)


def flow_for(stand_in: StandIn) -> PracticeFlow:
    return PracticeFlow(stand_in.window())


def test_play_goes_straight_to_the_player_and_stop_comes_back_to_where_it_started() -> None:
    stand_in = StandIn()
    flow = flow_for(stand_in)

    flow.play(Request("Evening rest"), back_to="practice")  # type: ignore[arg-type]
    assert stand_in.shown == ["player"] and [r.title for r in stand_in.started] == ["Evening rest"]

    flow.stopped()  # check-ins after are off here: straight back
    assert stand_in.shown[-1] == "practice" and stand_in.check_ins == []


def test_stop_offers_the_after_check_in_for_its_session_and_then_goes_back_to_where_it_started() -> None:
    stand_in = StandIn(check_in_after=True, session_id=12)
    flow = flow_for(stand_in)
    flow.play(Request("Evening rest"), back_to="timer")  # type: ignore[arg-type]

    flow.stopped()
    assert stand_in.shown[-1] == "checkin" and stand_in.check_ins == [(Moment.AFTER, 12, {})]
    flow.check_in_over()  # saved or skipped
    assert stand_in.shown[-1] == "timer"


def test_a_failure_left_goes_back_without_a_check_in() -> None:
    stand_in = StandIn(check_in_after=True, session_id=12)
    flow = flow_for(stand_in)
    flow.play(Request("Evening rest"), back_to="practice")  # type: ignore[arg-type]
    flow.left()
    assert stand_in.shown[-1] == "practice" and stand_in.check_ins == []


def test_a_check_in_that_calls_for_support_shows_the_support_place_and_continue_goes_on() -> None:
    stand_in = StandIn(check_in_after=True, session_id=3, offer_support=True)
    flow = flow_for(stand_in)
    flow.after_practice()
    flow.check_in_over()  # saved, with difficult feelings
    assert stand_in.shown[-1] == "support" and stand_in.supports == ["Continue"]
    flow.support_over()
    assert stand_in.shown[-1] == "library"


def test_a_difficult_check_in_before_practice_shows_support_and_continue_starts_the_practice() -> None:
    stand_in = StandIn(check_in_before=True, offer_support=True)
    flow = flow_for(stand_in)
    flow.play(Request("Evening rest"), back_to="practice")  # type: ignore[arg-type]
    flow.check_in_chosen("hard")  # type: ignore[arg-type]
    assert stand_in.shown[-1] == "support" and stand_in.started == []
    flow.support_over()
    assert stand_in.shown[-1] == "player" and [(r.title, r.before) for r in stand_in.started] == [
        ("Evening rest", "hard")]


def test_help_shows_support_as_a_page_that_goes_back_or_over_the_pause_while_a_practice_plays() -> None:
    stand_in = StandIn(page="progress")
    flow = flow_for(stand_in)
    flow.support_from_menu()
    assert stand_in.shown == ["support"] and stand_in.supports == ["Back"]
    flow.support_over()
    assert stand_in.shown[-1] == "progress"

    playing = StandIn(page="player", playing=True)
    flow_for(playing).support_from_menu()
    assert playing.shown == [] and playing.supports == ["over the pause"]


def test_a_check_in_before_comes_first_and_its_mood_goes_with_the_practice() -> None:
    stand_in = StandIn(check_in_before=True)
    flow = flow_for(stand_in)

    flow.play(Request("Evening rest"), back_to="timer")  # type: ignore[arg-type]
    assert stand_in.shown == ["checkin"] and stand_in.started == []
    assert stand_in.check_ins == [(Moment.BEFORE, {"write": False})]

    flow.check_in_chosen("calm")  # type: ignore[arg-type]
    assert stand_in.shown[-1] == "player"
    assert [(r.title, r.before) for r in stand_in.started] == [("Evening rest", "calm")]
    flow.stopped()
    assert stand_in.shown[-1] == "timer"


def test_a_skipped_check_in_before_still_starts_the_practice() -> None:
    stand_in = StandIn(check_in_before=True)
    flow = flow_for(stand_in)
    flow.play(Request("Evening rest"), back_to="practice")  # type: ignore[arg-type]

    flow.check_in_over()

    assert [(r.title, r.before) for r in stand_in.started] == [("Evening rest", None)]


def test_what_the_journal_cannot_name_asks_nothing_before() -> None:
    stand_in = StandIn(check_in_before=True)
    flow_for(stand_in).play(Request("Something", practice_id=None), back_to="library")  # type: ignore[arg-type]
    assert stand_in.shown == ["player"] and stand_in.check_ins == []


def test_after_practice_the_check_in_after_when_it_is_on_and_the_session_was_logged() -> None:
    asked = StandIn(check_in_after=True, session_id=7)
    flow_for(asked).after_practice()
    assert asked.shown == ["checkin"] and asked.check_ins == [(Moment.AFTER, 7, {})]

    unlogged = StandIn(check_in_after=True, session_id=None)
    flow_for(unlogged).after_practice()
    assert unlogged.shown == ["library"] and unlogged.check_ins == []


def test_a_check_in_on_its_own_comes_back_to_the_page_it_was_asked_from_but_never_interrupts_a_practice() -> None:
    stand_in = StandIn(page="progress")
    flow = flow_for(stand_in)
    flow.check_in()
    assert stand_in.check_ins == [(Moment.STANDALONE, None, {})]
    flow.check_in_over()
    assert stand_in.shown == ["checkin", "progress"]

    playing = StandIn(page="player", playing=True)
    flow_for(playing).check_in()
    assert playing.shown == [] and playing.check_ins == []
