"""A desktop's services for tests, all real: a D-Bus bus, Debian's xssproxy (the screensaver's
org.freedesktop.ScreenSaver) and dunst (org.freedesktop.Notifications), on a virtual screen.

Each service is a real process; what it prints is read by a thread and tests
wait for a line with a deadline (`Output.wait_for`), never a sleep.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

WAIT_SECONDS = 60.0  # a generous deadline for a service to answer on a loaded machine

NEEDED = {"dbus-daemon": "dbus-daemon", "xssproxy": "xssproxy", "dunst": "dunst", "dunstctl": "dunst",
          "stdbuf": "coreutils"}


def check_tools() -> None:
    missing = sorted({package for tool, package in NEEDED.items() if shutil.which(tool) is None})
    if missing:
        raise RuntimeError(f"the desktop tests need {' '.join(missing)}: packaging/system-deps.sh test installs them")


class Output:
    """Lines a process prints, collected as they come; `wait_for` blocks until one matches."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process
        self.lines: list[str] = []
        self._cond = threading.Condition()
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            with self._cond:
                self.lines.append(line.rstrip("\n"))
                self._cond.notify_all()
        with self._cond:
            self._cond.notify_all()

    def mark(self) -> int:
        """Where the output is now: wait_for(..., after=mark) looks only at what comes later."""
        with self._cond:
            return len(self.lines)

    def wait_for(self, text: str, after: int = 0, timeout: float = WAIT_SECONDS) -> int:
        """The index of the first line from `after` on that contains `text`."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for index in range(after, len(self.lines)):
                    if text in self.lines[index]:
                        return index
                left = deadline - time.monotonic()
                if left <= 0 or (self.process.poll() is not None and not self._thread.is_alive()):
                    raise AssertionError(f"{text!r} never came; the output was:\n" + "\n".join(self.lines))
                self._cond.wait(left)

    def since(self, after: int) -> list[str]:
        with self._cond:
            return self.lines[after:]


def _stop(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(30)
    if process.stdout is not None:
        process.stdout.close()


@contextmanager
def message_bus() -> Iterator[str]:
    """A bus of its own (dbus-daemon with the session configuration); yields its address."""
    read, write = os.pipe()
    daemon = subprocess.Popen(["dbus-daemon", "--session", "--nofork", "--nopidfile", f"--print-address={write}"],
                              pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    try:
        with os.fdopen(read) as printed:
            address = printed.readline().strip()
        if not address:
            raise RuntimeError(f"dbus-daemon did not start (exit status {daemon.poll()})")
        yield address
    finally:
        daemon.terminate()
        daemon.wait(30)


@contextmanager
def service(command: list[str], env: dict[str, str]) -> Iterator[Output]:
    """A desktop service started with `env` added; its output (line-buffered) collected."""
    process = subprocess.Popen(["stdbuf", "-oL", "-eL", *command], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, text=True,
                               env={**os.environ, **env})
    try:
        yield Output(process)
    finally:
        _stop(process)


@contextmanager
def screensaver(env: dict[str, str]) -> Iterator[Output]:
    """xssproxy: org.freedesktop.ScreenSaver on the session bus, suspending the X screensaver while inhibited.

    It prints "Inhibit request app=... name=...", "Disabling screensaver",
    "Uninhibit request ...", "App disconnect app=..." and "Enabling screensaver".
    """
    with service(["xssproxy", "--verbose"], env) as output:
        wait_for_name("org.freedesktop.ScreenSaver", env["DBUS_SESSION_BUS_ADDRESS"])
        yield output


@contextmanager
def notification_server(env: dict[str, str], config: Path) -> Iterator[Output]:
    """dunst, showing notifications on the virtual screen."""
    with service(["dunst", "-config", str(config), "-verbosity", "info"], env) as output:
        wait_for_name("org.freedesktop.Notifications", env["DBUS_SESSION_BUS_ADDRESS"])
        yield output


def wait_for_name(name: str, address: str, timeout: float = WAIT_SECONDS, owned: bool = True) -> None:
    """Until `name` has an owner on the bus at `address` (or, with owned=False, has none):
    asked once, then told by NameOwnerChanged."""
    from jeepney import MatchRule
    from jeepney.bus_messages import message_bus as bus_object
    from jeepney.io.blocking import open_dbus_connection

    rule = MatchRule(type="signal", sender="org.freedesktop.DBus", interface="org.freedesktop.DBus",
                     member="NameOwnerChanged")
    rule.add_arg_condition(0, name)
    deadline = time.monotonic() + timeout
    with open_dbus_connection(address) as connection, connection.filter(rule, bufsize=16) as changes:
        connection.send_and_get_reply(bus_object.AddMatch(rule), timeout=timeout)
        (has_owner,) = connection.send_and_get_reply(bus_object.NameHasOwner(name), timeout=timeout).body
        while bool(has_owner) != owned:
            try:
                message = connection.recv_until_filtered(changes, timeout=max(deadline - time.monotonic(), 0))
            except TimeoutError:
                raise AssertionError(f"{name} {'never got' if owned else 'still has'} an owner on the bus") from None
            has_owner = bool(message.body[2])


class BusMonitor:
    """Every method call to `destination` on the bus at `address`, as the bus routes it (BecomeMonitor)."""

    def __init__(self, address: str, destination: str) -> None:
        from jeepney import MatchRule
        from jeepney.bus_messages import Monitoring
        from jeepney.io.blocking import open_dbus_connection

        self.destination = destination
        self.calls: list[object] = []  # jeepney Messages
        self._cond = threading.Condition()
        self.connection = open_dbus_connection(address)
        rule = MatchRule(type="method_call", destination=destination)
        self.connection.send_and_get_reply(Monitoring().BecomeMonitor([rule.serialise()]), timeout=WAIT_SECONDS)
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        while True:
            try:
                message = self.connection.receive()
            except (OSError, ValueError):
                return
            with self._cond:
                self.calls.append(message)
                self._cond.notify_all()

    def named(self, member: str) -> list[object]:
        from jeepney import HeaderFields

        with self._cond:
            return [message for message in self.calls
                    if message.header.fields.get(HeaderFields.member) == member]  # type: ignore[attr-defined]

    def wait_for(self, member: str, count: int = 1, timeout: float = WAIT_SECONDS) -> list[object]:
        deadline = time.monotonic() + timeout
        with self._cond:
            while len(self.named(member)) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"{member} was called {len(self.named(member))} times, not {count}")
                self._cond.wait(left)
            return self.named(member)

    def close(self) -> None:
        import socket

        try:
            self.connection.sock.shutdown(socket.SHUT_RDWR)  # wakes the reading thread
        except OSError:
            pass
        self._thread.join(10)
        self.connection.close()


def dunstctl(*args: str, env: dict[str, str]) -> str:
    """Ask dunst (the notification server) about what it shows."""
    result = subprocess.run(["dunstctl", *args], capture_output=True, text=True, timeout=WAIT_SECONDS,
                            env={**os.environ, **env}, check=True)
    return result.stdout


def exec_of(entry: Path) -> list[str]:
    """The command a desktop session runs for an entry: its Exec, unescaped and unquoted as the specification says."""
    lines = entry.read_text(encoding="utf-8").splitlines()
    (value,) = [line.split("=", 1)[1] for line in lines if line.startswith("Exec=")]
    value = value.replace("\\\\", "\\")  # the string's own escaping first ...
    args: list[str] = []  # ... then the quoting: "..." with \", \`, \$ and \\ inside
    current: list[str] | None = None
    quoted, index = False, 0
    while index < len(value):
        char = value[index]
        if quoted and char == "\\" and value[index + 1] in '"`$\\':
            current = (current or []) + [value[index + 1]]
            index += 2
            continue
        if char == '"':
            quoted = not quoted
            current = current or []
        elif char == " " and not quoted:
            if current is not None:
                args.append("".join(current))
            current = None
        else:
            current = (current or []) + [char]
        index += 1
    assert not quoted, f"an unclosed quote in {value!r}"
    if current is not None:
        args.append("".join(current))
    return [arg.replace("%%", "%") for arg in args]
