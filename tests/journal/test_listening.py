"""Counting what was heard, and keeping the session's row current so a crash loses little."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from kindaudio.common.paths import AppPaths
from kindaudio.journal.listening import ListeningClock, SessionDetails, SessionListener
from kindaudio.journal.records import Moment, Mood, SessionStatus
from kindaudio.journal.store import Journal, open_journal
from tests.journal.conftest import ZONE, Clock

REPO = Path(__file__).resolve().parents[2]


class Ticker:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_the_clock_counts_time_played() -> None:
    clock = ListeningClock()
    for position in (0.0, 0.5, 1.0, 1.5, 2.0):
        clock.update(position, True)
    assert clock.listened == pytest.approx(2.0)


def test_pauses_do_not_count() -> None:
    clock = ListeningClock()
    clock.update(0.0, True)
    clock.update(1.0, False)  # paused at 1 s: the second before the pause was heard
    clock.update(1.0, False)
    clock.update(1.0, True)  # resumed
    clock.update(2.0, True)
    assert clock.listened == pytest.approx(2.0)


def test_seeks_forward_and_back_do_not_count() -> None:
    clock = ListeningClock()
    clock.update(0.0, True)
    clock.update(1.0, True)
    clock.update(16.0, True)  # skipped 15 s ahead
    clock.update(17.0, True)
    clock.update(2.0, True)  # back 15 s
    clock.update(3.0, True)
    assert clock.listened == pytest.approx(3.0)


DETAILS = SessionDetails(practice_id="body-scan", title="Body Scan", content_hash="h", chosen_seconds=600, voice=None)


def test_the_listener_saves_once_save_every_seconds_have_passed(journal: Journal) -> None:
    ticker = Ticker()
    listener = SessionListener(lambda: journal, DETAILS, save_every=15.0, clock=ticker, from_start=True)
    listener.write()
    assert listener.session_id is not None
    for second in range(14):  # 14 s of wall clock
        ticker.now += 1
        listener.heard(float(second), True)
        listener.write()
    assert journal.session(listener.session_id).listened_seconds == 0.0 and listener.saved is None
    ticker.now += 1  # 15 s since the start
    listener.heard(14.0, True)
    listener.write()
    assert journal.session(listener.session_id).listened_seconds == pytest.approx(14.0) == listener.saved
    assert journal.session(listener.session_id).status is SessionStatus.IN_PROGRESS


def test_a_device_faster_than_the_clock_is_saved_by_what_was_heard(journal: Journal) -> None:
    ticker = Ticker()
    listener = SessionListener(lambda: journal, DETAILS, save_every=15.0, clock=ticker, from_start=True)
    for position in range(17):  # 16 s heard while the clock stands still
        listener.heard(float(position), True)
        listener.write()
    assert listener.session_id is not None
    assert journal.session(listener.session_id).listened_seconds == pytest.approx(15.0) == listener.saved


def test_pausing_saves_at_once_and_finishing_ends_the_session_once(journal: Journal) -> None:
    ticker = Ticker()
    listener = SessionListener(lambda: journal, DETAILS, clock=ticker, from_start=True)
    listener.write()
    assert listener.session_id is not None
    listener.heard(0.0, True)
    listener.heard(3.0, True)
    listener.paused()
    listener.write()
    assert journal.session(listener.session_id).listened_seconds == pytest.approx(3.0)
    listener.heard(3.0, True)
    listener.heard(4.0, True)
    listener.finish(SessionStatus.STOPPED_EARLY)
    listener.finish(SessionStatus.COMPLETED)
    listener.heard(5.0, True)
    listener.write()
    record = journal.session(listener.session_id)
    assert (record.status, record.listened_seconds) == (SessionStatus.STOPPED_EARLY, pytest.approx(4.0))
    assert listener.finished and listener.listened == pytest.approx(4.0)


def test_without_from_start_the_row_waits_for_sound_and_takes_the_check_in_made_before(journal: Journal) -> None:
    asked_at = journal.now()
    listener = SessionListener(lambda: journal, DETAILS, before=(Mood(-1, ("anxious",)), asked_at))
    listener.heard(0.0, False)  # loading: no sound yet
    listener.write()
    assert listener.session_id is None and journal.sessions() == []
    listener.heard(0.5, True)
    listener.write()
    assert listener.session_id is not None
    before = [c for c in journal.check_ins() if c.session_id == listener.session_id]
    assert [(c.moment, c.mood, c.at) for c in before] == [(Moment.BEFORE, Mood(-1, ("anxious",)), asked_at)]
    listener.finish(SessionStatus.COMPLETED)
    assert journal.session(listener.session_id).status is SessionStatus.COMPLETED


def test_a_listener_that_never_heard_sound_writes_nothing(journal: Journal) -> None:
    listener = SessionListener(lambda: journal, DETAILS)
    listener.write()
    listener.finish(SessionStatus.STOPPED_EARLY)
    assert listener.session_id is None and journal.sessions() == []


PLAYER = """
import time
from kindaudio.journal.listening import SessionDetails, SessionListener
from kindaudio.journal.store import open_journal
from kindaudio.common.paths import AppPaths
journal = open_journal(AppPaths.from_environment(), backup=False)
details = SessionDetails(practice_id="body-scan", title="Body Scan", content_hash="h", chosen_seconds=1200,
                         voice=None)
log = SessionListener(lambda: journal, details, save_every=0.05, from_start=True)
log.write()
print("session", log.session_id, flush=True)
position, saved = 0.0, None
while True:  # plays until killed
    position += 0.25
    log.heard(position, True)
    log.write()
    if log.saved != saved:
        saved = log.saved
        print("saved", saved, flush=True)
    time.sleep(0.01)  # the player's polling interval
"""


def test_a_practice_killed_mid_way_is_interrupted_with_what_was_saved_and_nothing_else_changes(
        paths: AppPaths, home: Path, clock: Clock) -> None:
    with open_journal(paths, tz=ZONE, now=clock, backup=False) as journal:
        earlier = journal.start_session(practice_id="breathing", title="Breathing", content_hash="x",
                                        chosen_seconds=600, voice=None)
        journal.end_session(earlier, 590, SessionStatus.COMPLETED)
        journal.add_check_in(Mood(1, ("calm",)), moment=Moment.AFTER, session_id=earlier)
        standalone = journal.add_check_in(Mood(-1), moment=Moment.STANDALONE)
        earlier_record, standalone_record = journal.session(earlier), journal.check_in(standalone)
    env = {**os.environ, "KINDAUDIO_HOME": str(home), "PYTHONPATH": str(REPO)}
    with subprocess.Popen([sys.executable, "-c", PLAYER], stdout=subprocess.PIPE, text=True, env=env) as player:
        assert player.stdout is not None
        kind, session_id = player.stdout.readline().split()
        assert kind == "session"
        saves = []
        while len(saves) < 3:  # each line arrives after a save is committed
            line = player.stdout.readline()
            assert line, "the player stopped before saving"
            saves.append(float(line.split()[1]))
        os.kill(player.pid, signal.SIGKILL)
        player.wait()
    assert player.returncode == -signal.SIGKILL
    with open_journal(paths, tz=ZONE, now=clock, backup=False) as journal:
        killed = journal.session(int(session_id))
        assert killed.status is SessionStatus.INTERRUPTED
        assert killed.listened_seconds >= saves[-1] > 0
        assert journal.session(earlier) == earlier_record
        assert journal.check_in(standalone) == standalone_record
        assert len(journal.sessions()) == 2
