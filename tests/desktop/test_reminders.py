"""Gentle reminders against a real notification server (dunst) on a real session bus, on a virtual screen.

What arrived is read twice: from the bus (every Notify call, as the bus routed
it) and from dunst itself (`dunstctl`: what it shows and keeps in its history).
The clock is given, so a slot is "now" without waiting for one; the one test
that runs the background part as a process uses the current minute.

With KINDAUDIO_SCREENSHOTS set to a folder, a picture of the notification on
the virtual screen is saved there.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kindaudio.common.paths import APP_ID, AppPaths
from kindaudio.common.settings import Settings, save_settings
from kindaudio.desktop.autostart import autostart_path, open_app_command, set_autostart
from kindaudio.desktop.notifications import Notifier
from kindaudio.desktop.reminders import (
    BODY,
    OPEN,
    TITLE,
    WRITE,
    WRITE_ACTION,
    Outcome,
    Reminders,
    last_handled,
    reminder_notification,
    shows_actions,
    write_command,
)
from kindaudio.journal.records import SessionStatus
from kindaudio.journal.store import open_journal
from tests.support.command import EXIT_FAILURE, assert_clean_failure, kindaudio
from tests.support.desktop import BusMonitor, Output, dunstctl, exec_of, message_bus, notification_server

LONDON = ZoneInfo("Europe/London")
SLOT = datetime(2026, 3, 2, 19, 0, tzinfo=LONDON)  # a Monday
DUNSTRC = """[global]
    font = DejaVu Sans 12
    width = 460
    origin = top-right
    offset = 24x24
    padding = 14
    horizontal_padding = 16
    frame_width = 1
    frame_color = "#7a8f86"
    format = "<b>%s</b>\\n%b"
[urgency_normal]
    background = "#f4f1ea"
    foreground = "#2f3a36"
    timeout = 0
"""


@dataclass
class Session:
    env: dict[str, str]
    server: Output
    monitor: BusMonitor

    def shown(self) -> int:
        return int(dunstctl("count", "displayed", env=self.env))

    def history(self) -> list[dict[str, str]]:
        """What dunst kept of the notifications it closed, newest first."""
        dunstctl("close-all", env=self.env)
        raw = json.loads(dunstctl("history", env=self.env))
        return [{key: value["data"] for key, value in item.items()} for item in raw["data"][0]]


@contextmanager
def dunst_session(screen: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extra: str = "") -> Iterator[Session]:
    """A bus of its own with dunst on it; `extra`: more lines for dunst's [global] section."""
    config = tmp_path / "dunstrc"
    config.write_text(DUNSTRC.replace("[urgency_normal]", extra + "[urgency_normal]"), encoding="utf-8")
    with message_bus() as address:
        env = {"DISPLAY": screen, "DBUS_SESSION_BUS_ADDRESS": address}
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        with notification_server(env, config) as server:
            monitor = BusMonitor(address, "org.freedesktop.Notifications")
            try:
                yield Session(env, server, monitor)
            finally:
                monitor.close()


@pytest.fixture
def session(screen: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Session]:
    with dunst_session(screen, tmp_path, monkeypatch) as session:
        yield session


def plan(paths: AppPaths, **changes: object) -> Settings:
    settings = Settings(reminders=True, reminder_days=(0, 2, 4), reminder_time="19:00",
                        reminder_practice="affectionate-breathing").replace(**changes)
    save_settings(paths, settings)
    return settings


def notify_args(message: object) -> tuple:
    return tuple(message.body)  # type: ignore[attr-defined]


def test_a_due_reminder_is_shown_once_inviting_to_the_chosen_practice(session: Session, paths: AppPaths) -> None:
    plan(paths)
    opened: list[list[str]] = []
    with Notifier.open() as notifier:
        reminders = Reminders(paths, notifier, clock=lambda: SLOT + timedelta(minutes=1), tz=LONDON,
                              open_app=opened.append)
        assert reminders.check() is Outcome.SHOWN
        assert reminders.check() is Outcome.WAITING  # the same slot, looked at again
        (call,) = session.monitor.wait_for("Notify")
        app, _replaces, icon, title, body, actions, hints, _timeout = notify_args(call)
        assert (app, icon, title) == ("KindAudio", APP_ID, TITLE)
        assert body == "If now suits you, Affectionate Breathing is here for you. If not, that is fine too."
        assert actions == ["default", OPEN, WRITE_ACTION, WRITE]  # dunst shows actions: both are offered
        assert session.monitor.named("GetCapabilities")  # asked first, not assumed
        assert hints["desktop-entry"] == ("s", APP_ID)
        assert session.shown() == 1
        _screenshot(session)
        # A restart does not show it again either: the slot is remembered on disk.
        again = Reminders(paths, notifier, clock=lambda: SLOT + timedelta(minutes=2), tz=LONDON)
        assert again.check() is Outcome.WAITING
    assert last_handled(paths) == SLOT
    (kept,) = session.history()
    assert (kept["summary"], kept["body"], kept["appname"], kept["default_action_name"]) == (
        TITLE, body, "KindAudio", "default")
    assert len(session.monitor.named("Notify")) == 1


def test_clicking_the_reminder_opens_kindaudio_on_that_practice(session: Session, paths: AppPaths) -> None:
    plan(paths)
    opened: list[list[str]] = []
    with Notifier.open() as notifier:
        reminders = Reminders(paths, notifier, clock=lambda: SLOT, tz=LONDON, open_app=opened.append)
        assert reminders.check() is Outcome.SHOWN
        session.monitor.wait_for("Notify")
        dunstctl("action", "0", env=session.env)  # as a click on it does
        reminders.listen(60, until_answered=True)
    assert opened == [open_app_command("affectionate-breathing")]
    assert opened[0] == [sys.executable, "-m", "kindaudio", "window", "affectionate-breathing"]
    session.monitor.wait_for("CloseNotification")  # taken away once it did its work
    # The command is one that runs here: the same KindAudio, and a practice it knows.
    version = subprocess.run([*opened[0][:3], "--version"], capture_output=True, text=True, timeout=120)
    assert version.returncode == 0 and version.stdout.startswith("kindaudio ")
    assert kindaudio("list").stdout.count("affectionate-breathing") == 1


def test_write_a_few_kind_words_on_the_reminder_opens_kindaudio_on_a_new_journal_entry(
        screen: str, tmp_path: Path, paths: AppPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    """The second action, chosen as a person chooses it in dunst: from its menu of the notification's actions
    (dunst hands the menu's lines to a `dmenu` program and invokes the line it answers with)."""
    chooser, offered = tmp_path / "choose.sh", tmp_path / "offered.txt"
    chooser.write_text(f"#!/bin/sh\ncat > '{offered}'\ngrep -m1 -F '{WRITE}' '{offered}'\n", encoding="utf-8")
    chooser.chmod(0o700)
    plan(paths)
    opened: list[list[str]] = []
    with dunst_session(screen, tmp_path, monkeypatch, extra=f'    dmenu = "{chooser}"\n') as session, \
            Notifier.open() as notifier:
        reminders = Reminders(paths, notifier, clock=lambda: SLOT, tz=LONDON, open_app=opened.append)
        assert reminders.check() is Outcome.SHOWN
        session.monitor.wait_for("Notify")
        dunstctl("context", env=session.env)  # the menu of actions: the chooser picks "Write a few kind words"
        reminders.listen(60, until_answered=True)
        session.monitor.wait_for("CloseNotification")  # taken away once it did its work
    assert OPEN in offered.read_text(encoding="utf-8")  # both were on the menu
    assert opened == [write_command()]
    assert opened[0] == [sys.executable, "-m", "kindaudio", "window", "--journal"]
    # The command is one this KindAudio understands: without a screen it says so, not that --journal is unknown.
    no_screen = {key: value for key, value in os.environ.items()
                 if key not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    result = subprocess.run(opened[0], capture_output=True, text=True, timeout=120, env=no_screen)
    assert result.returncode == EXIT_FAILURE and "no screen was found" in result.stderr, result.stderr


def test_where_the_server_does_not_say_it_shows_actions_the_reminder_offers_only_itself(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """GetCapabilities decides: a bus on which nothing answers it (as a server without "actions" would not
    list them) gets the reminder as it was before, a click on it opening the practice; dunst says "actions"
    (the tests above), and gets both."""
    with message_bus() as empty:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", empty)
        with Notifier.open() as notifier:
            assert shows_actions(notifier) is False
    plain, both = reminder_notification("Affectionate Breathing"), reminder_notification(None, with_writing=True)
    assert plain.actions == (("default", OPEN),)
    assert both.actions == (("default", OPEN), (WRITE_ACTION, WRITE))
    assert both.body == BODY and plain.title == both.title == TITLE


def test_not_on_a_day_already_practised_when_so_chosen(session: Session, paths: AppPaths) -> None:
    plan(paths, reminder_skip_if_practised=True, reminder_time="20:00")
    slot = SLOT.replace(hour=20)
    clock = [slot - timedelta(hours=2)]
    with open_journal(paths, tz=LONDON, now=lambda: clock[0].astimezone(UTC), backup=False) as journal:
        session_id = journal.start_session(practice_id="silent-timer", title="Silent timer, 10 min",
                                           content_hash="", chosen_seconds=600, voice=None)
        journal.end_session(session_id, 600.0, SessionStatus.COMPLETED)
    with Notifier.open() as notifier:
        assert Reminders(paths, notifier, clock=lambda: slot, tz=LONDON).check() is Outcome.PRACTISED
        # Wednesday, no practice that day: shown.
        wednesday = slot + timedelta(days=2)
        assert Reminders(paths, notifier, clock=lambda: wednesday, tz=LONDON).check() is Outcome.SHOWN
        # Friday, practised, but the person asked to be reminded anyway.
        plan(paths, reminder_skip_if_practised=False, reminder_time="20:00")
        friday = slot + timedelta(days=4)
        clock[0] = friday - timedelta(hours=3)
        with open_journal(paths, tz=LONDON, now=lambda: clock[0].astimezone(UTC), backup=False) as journal:
            journal.end_session(journal.start_session(practice_id="silent-timer", title="Silent timer, 10 min",
                                                      content_hash="", chosen_seconds=600, voice=None),
                                600.0, SessionStatus.COMPLETED)
        assert Reminders(paths, notifier, clock=lambda: friday, tz=LONDON).check() is Outcome.SHOWN
    assert len(session.monitor.wait_for("Notify", count=2)) == 2


def test_a_slot_slept_through_is_skipped_quietly_and_the_next_one_still_comes(session: Session,
                                                                              paths: AppPaths) -> None:
    plan(paths, reminder_practice=None)
    with Notifier.open() as notifier:
        woke = SLOT + timedelta(hours=1, minutes=5)
        assert Reminders(paths, notifier, clock=lambda: woke, tz=LONDON).check() is Outcome.MISSED
        assert last_handled(paths) == SLOT
        wednesday = SLOT + timedelta(days=2, seconds=30)
        assert Reminders(paths, notifier, clock=lambda: wednesday, tz=LONDON).check() is Outcome.SHOWN
    (call,) = session.monitor.wait_for("Notify")
    assert notify_args(call)[4] == BODY  # no practice chosen: the invitation names none


def test_reminders_turned_off_show_nothing_and_the_waiting_part_stops(session: Session, paths: AppPaths) -> None:
    plan(paths, reminders=False)
    with Notifier.open() as notifier:
        reminders = Reminders(paths, notifier, clock=lambda: SLOT, tz=LONDON)
        assert reminders.check() is Outcome.OFF
        reminders.run(tick=0.1)  # returns at once: nothing to wait for
    assert session.monitor.named("Notify") == []


def test_the_background_part_started_from_its_autostart_entry_reminds_once_per_slot(
        session: Session, paths: AppPaths, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    now = datetime.now().astimezone()
    plan(paths, reminder_days=tuple(range(7)), reminder_time=f"{now:%H:%M}")  # due this very minute
    set_autostart(True)
    command = exec_of(autostart_path())
    assert command[:2] == ["env", f"KINDAUDIO_HOME={home}"]
    assert command[2:] == [sys.executable, "-m", "kindaudio", "remind", "--wait"]

    debugging = [*command[:5], "--debug", *command[5:]]  # kindaudio --debug remind --wait
    first = start(command, session.env)
    try:
        session.monitor.wait_for("Notify")
        second = start(debugging, session.env)  # the session's second one stands down
        assert second.wait(120) == 0
        assert "already being waited for" in second.stderr.read()  # type: ignore[union-attr]
        second.stderr.close()  # type: ignore[union-attr]
    finally:
        first.terminate()
        first.wait(60)
        first.stderr.close()  # type: ignore[union-attr]
    assert session.shown() == 1
    # Started again in the same minute (a new login): the slot was remembered, nothing more is shown.
    again = start(debugging, session.env, merged=True)
    try:
        Output(again).wait_for("nothing due")
    finally:
        again.terminate()
        again.wait(60)
        again.stdout.close()  # type: ignore[union-attr]
    assert session.shown() == 1 and len(session.monitor.named("Notify")) == 1
    set_autostart(False)
    assert not autostart_path().exists()


def test_remind_test_shows_one_now_and_waits_for_it(session: Session, paths: AppPaths) -> None:
    plan(paths, reminders=False)  # a test works whether reminders are on or not
    process = start([sys.executable, "-m", "kindaudio", "remind", "--test"], session.env, stdout=True)
    try:
        session.monitor.wait_for("Notify")
        assert session.shown() == 1
        dunstctl("close-all", env=session.env)  # the person closes it: the command is done
        assert process.wait(120) == 0
        assert "A reminder is on your desktop now" in process.stdout.read()  # type: ignore[union-attr]
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()


def test_remind_test_without_a_desktop_says_so_plainly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    result = kindaudio("remind", "--test")
    assert_clean_failure(result, EXIT_FAILURE)
    assert "there is no desktop session bus here" in result.stderr


def test_remind_test_with_no_notification_server_says_so_plainly(monkeypatch: pytest.MonkeyPatch) -> None:
    with message_bus() as empty:
        result = kindaudio("remind", "--test", env={"DBUS_SESSION_BUS_ADDRESS": empty})
    assert_clean_failure(result, EXIT_FAILURE)
    assert "no notification server answered" in result.stderr


def test_remind_list_says_when_the_next_ones_are(paths: AppPaths) -> None:
    result = kindaudio("remind", "--list")
    assert result.returncode == 0 and "Reminders are off" in result.stdout
    plan(paths, reminder_days=(0, 1, 2, 3, 4), reminder_time="07:30")
    result = kindaudio("remind", "--list", env={"TZ": "Europe/London"})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Reminders are on: weekdays at 07:30, for Affectionate Breathing."
    assert "None on a day you have already practised." in lines
    upcoming = [line.strip() for line in lines if line.startswith("  ")]
    assert len(upcoming) == 5 and all(line.endswith(", 07:30") for line in upcoming)
    assert not any(line.startswith(("Saturday", "Sunday")) for line in upcoming)
    assert "They do not start with your session yet" in result.stdout


def start(command: list[str], env: dict[str, str], stdout: bool = False,
          merged: bool = False) -> subprocess.Popen[str]:
    """A process with its stderr piped (merged: into its stdout, piped too)."""
    return subprocess.Popen(command, stdin=subprocess.DEVNULL, stderr=subprocess.STDOUT if merged else subprocess.PIPE,
                            stdout=subprocess.PIPE if stdout or merged else subprocess.DEVNULL, text=True,
                            env={**os.environ, **env})


def _screenshot(session: Session) -> None:
    folder = os.environ.get("KINDAUDIO_SCREENSHOTS")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    target = Path(folder) / "reminder-notification.png"
    grab = ("import sys; from PySide6.QtGui import QGuiApplication; app = QGuiApplication([]); "
            "shot = app.primaryScreen().grabWindow(0); shot.copy(shot.width() - 560, 0, 560, 200).save(sys.argv[1])")
    subprocess.run([sys.executable, "-c", grab, str(target)], check=True, timeout=120,
                   env={**os.environ, **session.env, "QT_QPA_PLATFORM": "xcb"})



def test_the_waiting_part_stays_small_no_qt_no_numpy_no_database_engine() -> None:
    """Measured: about 19 MB resident while waiting (a bare Python: 11 MB), 28 MB once it has read a practice."""
    code = ("import sys, kindaudio.cli, kindaudio.cli.remind, kindaudio.desktop.reminders; "
            "print(sorted(name for name in ('PySide6', 'numpy', 'scipy', 'sqlalchemy', 'alembic') "
            "if name in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_the_waiting_part_also_runs_as_a_module_and_with_reminders_off_simply_ends(paths: AppPaths) -> None:
    result = subprocess.run([sys.executable, "-m", "kindaudio.desktop.reminders"], capture_output=True, text=True,
                            timeout=120, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stderr
    assert "reminders are off; nothing to wait for" in result.stderr
    result = kindaudio("remind", "--wait")
    assert result.returncode == 0 and result.stderr == "" and result.stdout == ""
