"""No sleep or screen blanking mid-practice, seen from the desktop's side of the bus.

The screensaver is Debian's xssproxy, a real org.freedesktop.ScreenSaver
service that suspends the X screensaver of a virtual screen while anyone
inhibits it, and says so on its output. login1 runs on a second bus in the
system bus's place (tests/support/login1.py: logind itself cannot run here).
Sound goes to ALSA's file device, paced like a real card.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kindaudio.audio.playback.player import Player
from kindaudio.audio.playback.programmes import timer_programme
from kindaudio.audio.playback.status import PlayerEvent, PlayerState
from kindaudio.audio.playback.timer import TimerSpec
from kindaudio.desktop.inhibit import LOGIN1_WHAT, KeepAwake
from tests.support.desktop_fixtures import Desktop
from tests.support.terminal import paced, two_section_practice

WAIT = 60.0
INHIBITED = "Disabling screensaver"
RELEASED = "Enabling screensaver"

PRACTICE = two_section_practice("Awake test")


@pytest.fixture
def player(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Player]:
    """A real player on the test sound card, paced at real time."""
    monkeypatch.setenv("KINDAUDIO_TEST_AUDIO_OUT", paced(tmp_path / "played.raw", speed=1))
    player = Player()
    yield player
    player.close()


class States:
    """The player's states as they come, for waiting on one."""

    def __init__(self, player: Player) -> None:
        import threading

        self.seen: list[PlayerState] = []
        self._cond = threading.Condition()
        player.add_listener(self._on_event)

    def _on_event(self, event: PlayerEvent) -> None:
        with self._cond:
            self.seen.append(event.status.state)
            self._cond.notify_all()

    def wait_for(self, state: PlayerState, count: int = 1) -> None:
        with self._cond:
            if not self._cond.wait_for(lambda: self.seen.count(state) >= count, WAIT):
                raise AssertionError(f"the player never reached {state} (saw {self.seen})")


def kindaudio_process(args: list[str], env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "kindaudio", *args], stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, **env})


def test_kindaudio_play_holds_the_screen_and_sleep_while_it_plays_and_lets_go_when_it_ends(
        desktop: Desktop, tmp_path: Path) -> None:
    practice = tmp_path / "awake-test.md"
    practice.write_text(PRACTICE, encoding="utf-8")
    saver = desktop.screensaver
    process = kindaudio_process(["play", str(practice), "--minutes", "0.5", "--no-checkin"],
                                {"KINDAUDIO_TEST_AUDIO_OUT": paced(tmp_path / "played.raw", speed=3)})
    try:
        asked = saver.wait_for("Inhibit request")
        assert "name='KindAudio'" in saver.lines[asked] and "reason='A practice is playing'" in saver.lines[asked]
        saver.wait_for(INHIBITED, after=asked)
        lock = desktop.sleep_locks.wait_for_lock()
        assert (lock.what, lock.who, lock.mode) == (LOGIN1_WHAT, "KindAudio", "block")
        assert process.poll() is None, "the practice was still playing while both were held"
        assert not lock.released()
        assert (tmp_path / "played.raw").exists()
        stdout, stderr = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, stderr
    assert "Finished: Awake test" in stdout
    # Released by the player itself (UnInhibit, the lock closed), not only by its exit.
    saver.wait_for("Uninhibit request", after=asked)
    saver.wait_for(RELEASED, after=asked)
    assert lock.released(timeout=WAIT)
    assert stderr == ""  # absent or present, the desktop's services never make noise


def test_a_killed_player_leaves_nothing_held(desktop: Desktop, tmp_path: Path) -> None:
    saver = desktop.screensaver
    process = kindaudio_process(["timer", "--minutes", "5", "--no-checkin"],
                                {"KINDAUDIO_TEST_AUDIO_OUT": paced(tmp_path / "played.raw", speed=1)})
    try:
        held = saver.wait_for(INHIBITED)
        lock = desktop.sleep_locks.wait_for_lock()
        assert not lock.released()
    finally:
        process.send_signal(signal.SIGKILL)
        process.communicate()
    # The bus saw the connection go: xssproxy drops what that client held; login1's pipe hangs up.
    gone = saver.wait_for("App disconnect", after=held)
    saver.wait_for(RELEASED, after=gone)
    assert lock.released(timeout=WAIT)
    assert not any("Uninhibit request" in line for line in saver.since(held)), "nothing had a chance to release"


def test_a_short_pause_keeps_holding(desktop: Desktop, player: Player) -> None:
    saver = desktop.screensaver
    states = States(player)
    keep_awake = KeepAwake(pause_grace=3600)
    keep_awake.follow(player)
    player.play(lambda: timer_programme(TimerSpec(5)), "Silent timer")
    saver.wait_for(INHIBITED)
    player.pause()
    states.wait_for(PlayerState.PAUSED)
    assert keep_awake.wait_settled(WAIT)  # the pause has been taken in ...
    assert keep_awake.holding and not desktop.sleep_locks.wait_for_lock().released()  # ... and changes nothing
    player.resume()
    states.wait_for(PlayerState.PLAYING, count=2)
    player.stop()
    saver.wait_for(RELEASED)
    keep_awake.close()
    said = saver.since(0)
    assert sum(INHIBITED in line for line in said) == 1 and sum(RELEASED in line for line in said) == 1, said
    assert len(desktop.sleep_locks.locks) == 1 and desktop.sleep_locks.locks[0].released(timeout=WAIT)


def test_a_long_pause_lets_the_screen_rest_and_resuming_holds_again(desktop: Desktop, player: Player) -> None:
    saver, locks = desktop.screensaver, desktop.sleep_locks
    states = States(player)
    keep_awake = KeepAwake(pause_grace=0.5)
    keep_awake.follow(player)
    player.play(lambda: timer_programme(TimerSpec(5)), "Silent timer")
    first = saver.wait_for(INHIBITED)
    player.pause()
    states.wait_for(PlayerState.PAUSED)
    rested = saver.wait_for(RELEASED, after=first)  # once the pause outlasted the grace
    assert locks.wait_for_lock(1).released(timeout=WAIT)
    assert player.status().state is PlayerState.PAUSED

    player.resume()
    again = saver.wait_for(INHIBITED, after=rested)
    assert not locks.wait_for_lock(2).released()
    player.stop()
    saver.wait_for(RELEASED, after=again)
    assert locks.locks[1].released(timeout=WAIT)
    keep_awake.close()


def test_playing_later_on_the_same_player_is_not_held_unless_followed(desktop: Desktop, player: Player) -> None:
    """The window's player also plays previews (a sample of a voice): only the practice it was asked to follow holds."""
    saver = desktop.screensaver
    states = States(player)
    keep_awake = KeepAwake()
    keep_awake.follow(player)
    player.play(lambda: timer_programme(TimerSpec(5)), "Silent timer")
    saver.wait_for(INHIBITED)
    player.stop()
    released = saver.wait_for(RELEASED)
    states.wait_for(PlayerState.IDLE)

    player.play(lambda: timer_programme(TimerSpec(5)), "A preview")
    states.wait_for(PlayerState.PLAYING, count=2)
    player.stop()
    states.wait_for(PlayerState.IDLE, count=2)
    keep_awake.close()
    assert len(desktop.sleep_locks.locks) == 1
    assert not any("Inhibit request" in line for line in saver.since(released))


def test_without_the_services_or_a_bus_the_practice_plays_on(
        player: Player, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    from tests.support.desktop import message_bus

    caplog.set_level(logging.DEBUG, logger="kindaudio.desktop")
    for session in (True, False):
        with message_bus() as empty:  # a bus on which nobody offers either service
            if session:
                monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", empty)
                monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", empty)
            else:
                monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
                monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", "unix:path=/nonexistent/kindaudio-test-bus")
            states = States(player)
            keep_awake = KeepAwake()
            keep_awake.follow(player)
            player.play(lambda: timer_programme(TimerSpec(1)), "Silent timer")
            states.wait_for(PlayerState.PLAYING)
            player.stop()
            keep_awake.close()
            assert not keep_awake.holding
    assert "nothing on this desktop to keep the screen and the machine awake" in caplog.text
    assert not [record for record in caplog.records if record.levelno >= logging.WARNING]
