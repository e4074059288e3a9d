"""Gentle reminders from the command line: `kindaudio remind --list | --test | --wait`.

  kindaudio remind --list    whether reminders are on, and when the next ones are
  kindaudio remind --test    show one reminder now, to see how it looks
  kindaudio remind --wait    the background part: wait for each reminder and show it
                             (started at login when reminders are on; see kindaudio.desktop.reminders)

Reminders are turned on, and their days and time chosen, in the window's
Settings; they are off unless the person turns them on.
"""

from __future__ import annotations

import argparse
import logging
from typing import TYPE_CHECKING, Any

from kindaudio.cli.exit_codes import EXIT_OK

if TYPE_CHECKING:
    from kindaudio.common.paths import AppPaths

log = logging.getLogger(__name__)

SHOWN_SLOTS = 5
TEST_WAIT_SECONDS = 120.0  # for a click on the test reminder, which opens the window as a real one would


def add_parser(commands: Any) -> None:
    """Add `remind` and its options to the `kindaudio` command's subparsers."""
    remind = commands.add_parser("remind", help="gentle reminders: the next ones, a test, the background part")
    what = remind.add_mutually_exclusive_group(required=True)
    what.add_argument("--list", action="store_true", help="whether reminders are on, and when the next ones are")
    what.add_argument("--test", action="store_true", help="show one reminder now, to see how it looks")
    what.add_argument("--wait", action="store_true",
                      help="wait for each reminder and show it (what starts at login when reminders are on)")


def run(args: argparse.Namespace) -> int:
    from kindaudio.common.paths import app_paths

    paths = app_paths()
    if args.wait:
        from kindaudio.desktop.reminders import wait_for_reminders

        return wait_for_reminders(paths)
    if args.test:
        return _test(paths)
    return _list(paths)


def _list(paths: AppPaths) -> int:
    from datetime import UTC, datetime

    from kindaudio.common.settings import load_settings
    from kindaudio.desktop.autostart import autostart_path
    from kindaudio.desktop.reminders import practice_title
    from kindaudio.desktop.schedule import ReminderPlan, describe_days, describe_slot, next_slots
    from kindaudio.journal.days import SystemLocalTime

    settings = load_settings(paths)
    tz = SystemLocalTime()
    plan = ReminderPlan.from_settings(settings)
    if not settings.reminders:
        print("Reminders are off. You can turn them on in KindAudio's Settings, under Reminders.")
        return EXIT_OK
    title = practice_title(paths, settings.reminder_practice)
    print(f"Reminders are on: {describe_days(plan.days)} at {settings.reminder_time}"
          + (f", for {title}." if title else "."))
    if settings.reminder_skip_if_practised:
        print("None on a day you have already practised.")
    slots = next_slots(plan, datetime.now(UTC), SHOWN_SLOTS, tz)
    if not slots:
        print("No days are chosen, so there are no reminders to come.")
    else:
        print("The next ones:")
        for slot in slots:
            print(f"  {describe_slot(slot, tz)}")
    started = autostart_path()
    print(f"They start with your session from {started}" if started.exists()
          else "They do not start with your session yet: turn reminders off and on again in Settings to fix that.")
    return EXIT_OK


def _test(paths: AppPaths) -> int:
    from kindaudio.common.settings import load_settings
    from kindaudio.desktop.notifications import Notifier
    from kindaudio.desktop.reminders import Reminders

    with Notifier.open() as notifier:
        reminders = Reminders(paths, notifier)
        reminders.show(load_settings(paths))
        print("A reminder is on your desktop now. Clicking it opens KindAudio (its “Write a few kind words”, where "
              "your desktop shows it, opens your journal); this waits for that until it is closed (or two minutes; "
              "Ctrl-C stops waiting).", flush=True)
        reminders.listen(TEST_WAIT_SECONDS, until_answered=True)
    return EXIT_OK
