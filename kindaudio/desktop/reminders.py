"""Gentle reminders: the small background part that waits for the chosen time and shows a notification.

Started by the session at login (autostart.py) as `kindaudio remind --wait`,
or `python -m kindaudio.desktop.reminders`: no window, no Qt, no taskbar entry.
It wakes at each slot and at least every TICK_SECONDS (the clock can jump:
a machine that slept does not count the time it slept, and the person may
change the plan in the window) and asks schedule.what_now what to do:

- a slot due: unless the person chose "not on a day I already practised" and
  the journal has practice today, it shows a notification inviting them,
  naming the practice they chose. Clicking it opens KindAudio on that practice;
  where the notification server shows actions (buttons), a second one, "Write a
  few kind words", opens KindAudio on a new journal entry instead (`kindaudio
  window --journal`): the evening journal of issue 16, offered beside the practice.
- a slot missed by more than an hour (asleep, switched off): skipped quietly.

The last slot handled, shown or skipped, is kept in a small state file,
written atomically before anything is shown, so no slot is ever shown twice,
across restarts too. Reminders turned off: the process ends. One per session:
it owns the bus name org.kindaudio.KindAudio.Reminders, and a second one stands
down. What it logs names no practice and no mood: only slots, and whether each was shown.
"""

from __future__ import annotations

import enum
import json
import logging
from collections.abc import Callable
from datetime import UTC, datetime, tzinfo
from pathlib import Path

from jeepney.bus_messages import message_bus

from kindaudio.common.atomicfile import write_text_atomic
from kindaudio.common.paths import AppPaths, app_paths, ensure_dir
from kindaudio.common.settings import Settings, load_settings
from kindaudio.desktop import bus
from kindaudio.desktop.autostart import WAITING_BUS_NAME, kindaudio_command, launch, open_app_command
from kindaudio.desktop.notifications import DEFAULT_ACTION, NOTIFICATIONS, NoNotifications, Notification, Notifier
from kindaudio.desktop.schedule import ReminderPlan, Verdict, describe_slot, seconds_until_next, what_now
from kindaudio.journal.days import SystemLocalTime
from kindaudio.journal.peek import practised_on

log = logging.getLogger(__name__)

STATE_FILE = "reminders-state.json"  # in the state folder: {"last_slot": "<ISO time, UTC>"}
TICK_SECONDS = 60.0
SLOT_MARGIN_SECONDS = 0.5  # wake this much after a slot, so the clock has surely reached it

# The words. Invitations, never a duty: no counting, no "don't forget", no "you haven't".
TITLE = "A moment for yourself"
BODY_FOR_PRACTICE = "If now suits you, {title} is here for you. If not, that is fine too."
BODY = "If now suits you, a few quiet minutes of practice are here for you. If not, that is fine too."
OPEN = "Open"
WRITE_ACTION = "write"  # the key of the second action: it comes back in ActionInvoked
WRITE = "Write a few kind words"  # as on the completion screen after a practice
ACTIONS_CAPABILITY = "actions"  # what a server that shows actions says in GetCapabilities


class Outcome(enum.Enum):
    """What one look at the clock came to."""

    OFF = "off"  # reminders are turned off: time to stop
    WAITING = "waiting"
    SHOWN = "shown"
    PRACTISED = "practised"  # skipped: there was practice today, and the person chose so
    MISSED = "missed"  # skipped: the slot is more than an hour past
    UNSHOWN = "unshown"  # due, but no notification server answered


def state_path(paths: AppPaths) -> Path:
    return paths.state / STATE_FILE


def last_handled(paths: AppPaths) -> datetime | None:
    """The last slot shown or skipped (aware UTC); None when none was, or the file is unreadable."""
    try:
        raw = json.loads(state_path(paths).read_text(encoding="utf-8"))
        moment = datetime.fromisoformat(raw["last_slot"])
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.warning("the reminders' note of the last reminder could not be read (%s); starting afresh", exc)
        return None
    return moment if moment.tzinfo is not None else None


def remember_handled(paths: AppPaths, slot: datetime) -> None:
    ensure_dir(paths.state)
    text = json.dumps({"last_slot": slot.astimezone(UTC).isoformat()}) + "\n"
    write_text_atomic(state_path(paths), text, mode=0o600)


def practice_title(paths: AppPaths, practice_id: str | None) -> str | None:
    """The title of the practice a reminder names, or None when there is none (or it is gone)."""
    if not practice_id:
        return None
    from kindaudio.common.errors import KindAudioError
    from kindaudio.script.errors import ScriptError
    from kindaudio.script.library import resolve_practice
    from kindaudio.script.parser import load_practice

    try:
        return load_practice(resolve_practice(practice_id, paths)).title
    except (KindAudioError, ScriptError, OSError) as exc:
        log.info("the practice chosen for reminders cannot be read (%s); reminding without it", exc)
        return None


def reminder_notification(title: str | None, *, with_writing: bool = False) -> Notification:
    """The reminder; `with_writing`: with the button that opens a new journal entry as well."""
    body = BODY_FOR_PRACTICE.format(title=title) if title else BODY
    actions = ((DEFAULT_ACTION, OPEN), (WRITE_ACTION, WRITE)) if with_writing else ((DEFAULT_ACTION, OPEN),)
    return Notification(TITLE, body, actions=actions)


def write_command() -> list[str]:
    """Open the window on a new journal entry (or, when it is open already, bring it there)."""
    return kindaudio_command("window", "--journal")


def shows_actions(notifier: Notifier) -> bool:
    """Whether the notification server shows actions as buttons (its GetCapabilities says "actions").

    Asked at each reminder, as the server may have been replaced since. A
    server without them shows only the text, and some turn a notification that
    carries actions into a dialog that waits to be dismissed: nothing to offer there.
    """
    try:
        (capabilities,) = bus.call(notifier.connection, NOTIFICATIONS, "GetCapabilities")
    except Exception as exc:  # noqa: BLE001 - no answer, or an error of its own: show the plain reminder
        log.debug("the notification server did not say what it shows (%s)", exc)
        return False
    return ACTIONS_CAPABILITY in capabilities


class Reminders:
    """Shows the reminders of the plan in the settings, once each; `check()` is one look, `run()` the loop.

    The clock, the time zone, the journal check and the way the app is opened
    are parameters, so tests can set any moment and see what would be started.
    """

    def __init__(self, paths: AppPaths, notifier: Notifier, *,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC), tz: tzinfo | None = None,
                 open_app: Callable[[list[str]], None] = launch) -> None:
        self.paths, self.notifier, self.clock = paths, notifier, clock
        self.tz: tzinfo = tz if tz is not None else SystemLocalTime()
        self.open_app = open_app
        self.practice_of: dict[int, str | None] = {}  # notification id -> the practice it opens

    def check(self) -> Outcome:
        settings = load_settings(self.paths)
        if not settings.reminders:
            return Outcome.OFF
        now = self.clock()
        verdict, slot = what_now(ReminderPlan.from_settings(settings), now, last_handled(self.paths), self.tz)
        if verdict is Verdict.WAIT or slot is None:
            return Outcome.WAITING
        remember_handled(self.paths, slot)  # first: whatever happens next, this slot is done
        when = describe_slot(slot, self.tz)
        if verdict is Verdict.MISSED:
            log.info("the reminder for %s was skipped: the computer was asleep or off then", when)
            return Outcome.MISSED
        if settings.reminder_skip_if_practised and practised_on(
                self.paths.journal, slot.astimezone(self.tz).date(), self.tz):
            log.debug("the reminder for %s was not shown, as chosen in the settings", when)
            return Outcome.PRACTISED
        try:
            self.show(settings)
        except NoNotifications as exc:
            log.warning("the reminder for %s could not be shown: %s", when, exc)
            return Outcome.UNSHOWN
        log.info("reminder shown for %s", when)
        return Outcome.SHOWN

    def show(self, settings: Settings) -> int:
        """Show the reminder now (its id); `kindaudio remind --test` comes here directly."""
        title = practice_title(self.paths, settings.reminder_practice)
        notification_id = self.notifier.send(reminder_notification(title, with_writing=shows_actions(self.notifier)))
        self.practice_of[notification_id] = settings.reminder_practice if title else None
        return notification_id

    def listen(self, seconds: float, *, until_answered: bool = False) -> None:
        """Wait `seconds`, opening the app when the person clicks one of our reminders (on its practice) or
        its "Write a few kind words" (on a new journal entry); `until_answered`: only until every reminder
        shown was clicked or closed."""
        for reply in self.notifier.replies(seconds):
            if reply.action is not None and reply.notification_id in self.practice_of:
                practice = self.practice_of[reply.notification_id]
                if reply.action == WRITE_ACTION:
                    log.info("opening KindAudio on a new journal entry from a reminder")
                    self.open_app(write_command())
                else:
                    log.info("opening KindAudio from a reminder")
                    self.open_app(open_app_command(practice))
                self.notifier.withdraw(reply.notification_id)
            elif reply.closed:
                self.practice_of.pop(reply.notification_id, None)
            if until_answered and not self.practice_of:
                return

    def run(self, tick: float = TICK_SECONDS) -> None:
        """Look, wait, look again, until reminders are turned off."""
        while (outcome := self.check()) is not Outcome.OFF:
            plan = ReminderPlan.from_settings(load_settings(self.paths))
            until = seconds_until_next(plan, self.clock(), self.tz)
            if outcome is Outcome.WAITING:
                log.debug("nothing due; %s", "no days are chosen" if until is None
                          else f"the next reminder is in {round(until)} s")
            self.listen(tick if until is None else min(tick, until + SLOT_MARGIN_SECONDS))
        log.info("reminders are off; the waiting part stops")


def claim_session(notifier: Notifier) -> bool:
    """Own WAITING_BUS_NAME on the session bus: False when another waiting part already does."""
    do_not_queue = 4
    reply = notifier.connection.send_and_get_reply(message_bus.RequestName(WAITING_BUS_NAME, do_not_queue),
                                                   timeout=bus.CALL_TIMEOUT_SECONDS)
    primary_owner = 1
    return reply.body == (primary_owner,)


def wait_for_reminders(paths: AppPaths | None = None, tick: float = TICK_SECONDS) -> int:
    """The background part: 0 when reminders are off or another waits already; NoNotifications without a bus."""
    paths = paths or app_paths()
    if not load_settings(paths).reminders:
        log.info("reminders are off; nothing to wait for")
        return 0
    with Notifier.open() as notifier:
        if not claim_session(notifier):
            log.info("reminders are already being waited for in this session")
            return 0
        Reminders(paths, notifier).run(tick)
    return 0


if __name__ == "__main__":
    import sys

    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    try:
        sys.exit(wait_for_reminders())
    except NoNotifications as error:
        print(error, file=sys.stderr)
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
