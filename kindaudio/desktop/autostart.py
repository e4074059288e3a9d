"""Starting KindAudio's parts from outside: the window (from a reminder), and the reminders' waiting part.

When reminders are on, a desktop entry in the XDG autostart folder
($XDG_CONFIG_HOME/autostart, ~/.config/autostart by default) starts
`kindaudio remind --wait` at each login: no window, no taskbar entry
(NoDisplay), just a small process that waits for the next reminder. Turning
reminders off removes the entry and stops the waiting process (it would also
stop by itself at its next look at the settings). Every command here runs the same KindAudio that wrote
it: the same Python interpreter (or the same bundle), with KINDAUDIO_HOME
carried along when it is set, so a portable install reminds from its own folder.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

from jeepney import DBusAddress

from kindaudio.common.atomicfile import write_text_atomic
from kindaudio.common.paths import APP_ID, HOME_ENV, ensure_dir

log = logging.getLogger(__name__)

AUTOSTART_FILE = f"{APP_ID}-reminders.desktop"
WAITING_BUS_NAME = f"{APP_ID}.Reminders"  # owned on the session bus by the waiting part: one per session
# Characters the Desktop Entry Specification reserves in Exec: an argument holding one is quoted.
_RESERVED = set(" \t\"'\\><~|&;$*?#()`")
_ESCAPED_IN_QUOTES = set('"`$\\')
_started: list[subprocess.Popen[bytes]] = []  # kept so they are not reported as abandoned
DBUS = DBusAddress("/org/freedesktop/DBus", bus_name="org.freedesktop.DBus", interface="org.freedesktop.DBus")


def kindaudio_command(*args: str) -> list[str]:
    """The command line that runs `kindaudio ARGS` with this very installation."""
    if getattr(sys, "frozen", False):  # a bundle (PyInstaller): its executable is kindaudio itself
        return [sys.executable, *args]
    return [sys.executable, "-m", "kindaudio", *args]


def open_app_command(practice_id: str | None = None) -> list[str]:
    """Open the window, on `practice_id` when given."""
    return kindaudio_command("window", *([practice_id] if practice_id else []))


def waiting_command() -> list[str]:
    return kindaudio_command("remind", "--wait")


def with_home(command: list[str]) -> list[str]:
    """`command` with KINDAUDIO_HOME set as it is here, when it is (a portable install, a test)."""
    home = os.environ.get(HOME_ENV)
    return ["env", f"{HOME_ENV}={home}", *command] if home else command


def autostart_folder() -> Path:
    config = os.environ.get("XDG_CONFIG_HOME", "")
    base = Path(config) if config and Path(config).is_absolute() else Path.home() / ".config"
    return base / "autostart"


def autostart_path() -> Path:
    return autostart_folder() / AUTOSTART_FILE


def exec_line(command: list[str]) -> str:
    """`command` as the value of a desktop entry's Exec key (quoted and escaped as the specification says)."""
    parts = []
    for arg in command:
        if "\n" in arg or "\r" in arg:
            raise ValueError(f"a command for a desktop entry cannot hold a line break: {arg!r}")
        if not arg or any(char in _RESERVED for char in arg):
            arg = '"' + "".join("\\" + char if char in _ESCAPED_IN_QUOTES else char for char in arg) + '"'
        parts.append(arg.replace("%", "%%"))
    # The value is a string too, in which a backslash is itself written as two.
    return " ".join(parts).replace("\\", "\\\\")


def autostart_entry(command: list[str]) -> str:
    return "\n".join([
        "[Desktop Entry]",
        "Type=Application",
        "Name=KindAudio reminders",
        "Comment=Gentle reminders to practise, at the times you chose in KindAudio",
        f"Exec={exec_line(command)}",
        f"Icon={APP_ID}",
        "Terminal=false",
        "NoDisplay=true",
        "X-GNOME-Autostart-enabled=true",
        "",
    ])


def set_autostart(on: bool) -> Path:
    """Write (on) or remove (off) the autostart entry; its path."""
    path = autostart_path()
    if on:
        ensure_dir(path.parent)
        write_text_atomic(path, autostart_entry(with_home(waiting_command())))
        log.info("reminders start with the session: %s", path)
    else:
        try:
            path.unlink()
            log.info("reminders no longer start with the session (%s removed)", path)
        except FileNotFoundError:
            pass
    return path


def launch(command: list[str]) -> None:
    """Start `command` on its own (its own session, no terminal), not waiting for it."""
    for process in list(_started):
        if process.poll() is not None:
            _started.remove(process)
    log.debug("starting %s", command[:4])
    _started.append(subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, start_new_session=True, close_fds=True))


def stop_waiting() -> bool:
    """End this session's waiting part, if one runs (found by its bus name); whether one was told to stop."""
    import signal

    from kindaudio.desktop import bus

    connection = bus.connect(bus.SESSION)
    if connection is None:
        return False
    try:
        (pid,) = bus.call(connection, DBUS, "GetConnectionUnixProcessID", "s", (WAITING_BUS_NAME,))
    except Exception as exc:  # noqa: BLE001 - none running (NameHasNoOwner): nothing to stop
        log.debug("no waiting part to stop: %s", exc)
        return False
    finally:
        bus.close_quietly(connection)
    try:
        os.kill(int(pid), signal.SIGTERM)
    except OSError as exc:
        log.debug("could not stop the waiting part (%s): %s", pid, exc)
        return False
    log.info("the reminders' waiting part was asked to stop")
    return True


def apply_reminders(on: bool) -> None:
    """Reminders turned on or off: the autostart entry written or removed, and the waiting part started
    now (so they begin today rather than at the next login; a second one stands down) or stopped."""
    set_autostart(on)
    if on:
        launch(waiting_command())
    else:
        stop_waiting()
