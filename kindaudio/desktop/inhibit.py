"""No sleep or screen blanking in the middle of a practice.

A practice is listened to with eyes closed and hands still, so to the desktop
the person looks away: the screen would blank or lock, the machine could go to
sleep and take the sound with it. While a practice plays, KeepAwake asks the
desktop's services to hold off:

- org.freedesktop.ScreenSaver on the session bus (Inhibit/UnInhibit, with a
  cookie): the screensaver and screen blanking. GNOME, KDE, Xfce, Cinnamon and
  xssproxy provide it; some only at the old object path /ScreenSaver, so that is
  tried second.
- org.freedesktop.login1 on the system bus (Inhibit "idle:sleep", mode
  "block"): idle sleep. The lock is a file descriptor; it holds while the
  descriptor is open.

Released when the practice stops, finishes or fails, and after a pause longer
than PAUSE_GRACE_SECONDS (someone grounding for a minute should come back to a
lit screen; someone who walked away should not keep the machine awake). If the
process crashes or is killed, nothing is left behind: the login1 descriptor
closes with the process, and the ScreenSaver service drops the cookies of a
client whose connection (its unique bus name) vanishes, as the specification
asks; each hold has its own connection for that reason. A desktop without these
services is not an error: KindAudio plays on, and the debug log says so.

The player calls listeners on its own thread, which prepares the sound, so the
listener here only notes the state; a thread of KeepAwake's own talks to the
buses, and a slow or stuck service can never hold up the sound.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from jeepney import DBusAddress

from kindaudio.common.paths import APP_NAME
from kindaudio.desktop import bus

if TYPE_CHECKING:
    from jeepney.io.blocking import DBusConnection

    from kindaudio.audio import Player, PlayerEvent

log = logging.getLogger(__name__)

PAUSE_GRACE_SECONDS = 180.0  # a pause longer than this lets the screen blank and the machine sleep again
REASON = "A practice is playing"
SCREENSAVER_NAME = "org.freedesktop.ScreenSaver"
SCREENSAVER_PATHS = ("/org/freedesktop/ScreenSaver", "/ScreenSaver")
LOGIN1 = DBusAddress("/org/freedesktop/login1", bus_name="org.freedesktop.login1",
                     interface="org.freedesktop.login1.Manager")
LOGIN1_WHAT = "idle:sleep"

# The player's states by value (kindaudio.audio.playback.status.PlayerState), read without importing the player.
_STARTING = "loading"
_PLAYING = "playing"
_PAUSED = "paused"
_ENDED = frozenset({"idle", "finished", "failed"})


class Hold(Protocol):
    """Something a desktop service keeps for us until released."""

    what: str

    def release(self) -> None: ...


class ScreenSaverHold:
    """A cookie from org.freedesktop.ScreenSaver, on a connection of its own."""

    what = "the screensaver"

    def __init__(self, connection: DBusConnection, address: DBusAddress, cookie: int) -> None:
        self.connection, self.address, self.cookie = connection, address, cookie

    def release(self) -> None:
        try:
            bus.call(self.connection, self.address, "UnInhibit", "u", (self.cookie,))
        except Exception as exc:  # noqa: BLE001 - closing the connection below releases it anyway
            log.debug("UnInhibit: %s", exc)
        finally:
            bus.close_quietly(self.connection)


class SleepHold:
    """login1's inhibitor lock: a file descriptor that holds while it is open."""

    what = "idle sleep"

    def __init__(self, connection: DBusConnection, lock: Any) -> None:
        self.connection, self.lock = connection, lock

    def release(self) -> None:
        try:
            self.lock.close()
        finally:
            bus.close_quietly(self.connection)


def hold_screensaver(reason: str = REASON) -> ScreenSaverHold | None:
    """Ask the session's screensaver to hold off; None where there is none."""
    connection = bus.connect(bus.SESSION)
    if connection is None:
        return None
    for path in SCREENSAVER_PATHS:
        address = DBusAddress(path, bus_name=SCREENSAVER_NAME, interface=SCREENSAVER_NAME)
        try:
            (cookie,) = bus.call(connection, address, "Inhibit", "ss", (APP_NAME, reason))
        except bus.Unavailable as exc:
            log.debug("no screensaver to inhibit at %s: %s", path, exc)
            continue
        except Exception as exc:  # noqa: BLE001 - a refusal is not our problem to raise
            log.debug("the screensaver refused to be inhibited: %s", exc)
            break
        log.debug("screensaver inhibited (cookie %s at %s)", cookie, path)
        return ScreenSaverHold(connection, address, int(cookie))
    bus.close_quietly(connection)
    return None


def hold_sleep(reason: str = REASON) -> SleepHold | None:
    """Take login1's idle and sleep lock; None where there is no login1 (or it says no)."""
    connection = bus.connect(bus.SYSTEM, fds=True)
    if connection is None:
        return None
    try:
        (lock,) = bus.call(connection, LOGIN1, "Inhibit", "ssss", (LOGIN1_WHAT, APP_NAME, reason, "block"))
    except Exception as exc:  # noqa: BLE001 - absent, or refused (a policy): both mean "do without"
        log.debug("no sleep inhibition from login1: %s", exc)
        bus.close_quietly(connection)
        return None
    log.debug("login1 inhibited %s", LOGIN1_WHAT)
    return SleepHold(connection, lock)


def hold_everything(reason: str = REASON) -> list[Hold]:
    """Every hold this desktop offers (possibly none)."""
    holds: list[Hold] = []
    for take in (hold_screensaver, hold_sleep):
        held = take(reason)
        if held is not None:
            holds.append(held)
    return holds


class KeepAwake:
    """A player listener that keeps the screen on and the machine awake while a practice plays.

    `follow(player)` before each `player.play(...)`: from that session's
    LOADING on, playing holds, a pause holds for `pause_grace` seconds more,
    and the session's end releases and stops listening (so a short preview
    played later on the same player does not hold anything). `close()`
    releases at once and ends the thread; it is also safe to leave the
    process without it (see the module's docstring).
    """

    def __init__(self, *, pause_grace: float = PAUSE_GRACE_SECONDS,
                 acquire: Callable[[], Sequence[Hold]] = hold_everything) -> None:
        self.pause_grace = pause_grace
        self._acquire = acquire
        self._cond = threading.Condition()
        self._want = False  # playing, or paused and still within the grace
        self._paused_at: float | None = None  # time.monotonic() when a pause began
        self._holds: list[Hold] = []
        self._holding = False
        self._closed = False
        self._thread: threading.Thread | None = None
        self._player: Player | None = None
        self._awaiting_start = False
        self._wishes = 0  # how many times the wish changed ...
        self._settled = 0  # ... and up to which of them our thread has acted

    @property
    def holding(self) -> bool:
        """Whether the holds are taken (by the thread, a moment after the state changed)."""
        return self._holding

    def follow(self, player: Player) -> None:
        """Listen to `player` from its next session's start until that session ends."""
        with self._cond:
            self._awaiting_start = True
            if self._player is not player:
                self._detach()
                self._player = player
                player.add_listener(self.on_event)

    def on_event(self, event: PlayerEvent) -> None:
        """The player's news (on the player's thread): note the state, wake our thread, return."""
        state = event.status.state.value
        with self._cond:
            if self._awaiting_start:
                if state != _STARTING:
                    return  # the end of whatever played before
                self._awaiting_start = False
            if state == _PLAYING:
                self._set(want=True, paused_at=None)
            elif state == _PAUSED:
                if self._paused_at is None:
                    self._set(want=True, paused_at=time.monotonic())
            elif state in _ENDED:
                self._set(want=False, paused_at=None)
                self._detach()

    def wait_settled(self, timeout: float) -> bool:
        """Wait until the holds match the latest state heard (False if they did not in `timeout` s)."""
        with self._cond:
            return self._cond.wait_for(lambda: self._settled >= self._wishes, timeout)

    def close(self) -> None:
        """Release now, stop listening and end the thread."""
        with self._cond:
            self._detach()
            self._closed = True
            self._want = False
            self._cond.notify_all()
            thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(bus.CALL_TIMEOUT_SECONDS * 3)

    # -- on our own thread ---------------------------------------------------------------------

    def _set(self, *, want: bool, paused_at: float | None) -> None:
        """(Holding the condition.) The new wish; our thread carries it out."""
        if want == self._want and paused_at == self._paused_at:
            return
        self._want, self._paused_at = want, paused_at
        self._wishes += 1
        if self._thread is None and not self._closed:
            self._thread = threading.Thread(target=self._run, name="kindaudio-keep-awake", daemon=True)
            self._thread.start()
        self._cond.notify_all()

    def _detach(self) -> None:
        """(Holding the condition.) Stop listening to the player."""
        player, self._player = self._player, None
        if player is not None:
            player.remove_listener(self.on_event)

    def _wanted_now(self) -> tuple[bool, float | None]:
        """(Holding the condition.) Whether to hold, and how long to wait before looking again."""
        if not self._want:
            return False, None
        if self._paused_at is None:
            return True, None
        left = self._paused_at + self.pause_grace - time.monotonic()
        if left <= 0:
            return False, None
        return True, left

    def _run(self) -> None:
        while True:
            with self._cond:
                want, wait = self._wanted_now()
                while want == self._holding and not (self._closed and not self._holding):
                    self._settled = self._wishes
                    self._cond.notify_all()
                    self._cond.wait(wait)
                    want, wait = self._wanted_now()
                if self._closed and not self._holding:
                    self._settled = self._wishes
                    self._cond.notify_all()
                    return
            if want:
                self._take()
            else:
                self._let_go()

    def _take(self) -> None:
        try:
            holds = list(self._acquire())
        except Exception:
            log.exception("could not keep the screen awake")
            holds = []
        if not holds:
            log.debug("nothing on this desktop to keep the screen and the machine awake")
        else:
            log.debug("keeping awake: %s", ", ".join(hold.what for hold in holds))
        self._holds = holds
        self._holding = True

    def _let_go(self) -> None:
        holds, self._holds = self._holds, []
        for hold in holds:
            try:
                hold.release()
            except Exception as exc:  # noqa: BLE001 - the process ending releases it anyway
                log.debug("releasing %s: %s", hold.what, exc)
        if holds:
            log.debug("let the screen and the machine rest again")
        self._holding = False
