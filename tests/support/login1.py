"""A stand-in for systemd-logind's Inhibit, on a bus of its own that plays the system bus.

The one fake among the desktop tests: logind cannot run here (no systemd), so
this answers org.freedesktop.login1.Manager.Inhibit the way logind does, with
the write end of a pipe as the lock, and keeps the read end. The lock holds
while the client keeps its end open; when the client closes it, or dies, the
read end reports a hang-up, which is exactly how logind notices a released
lock. The protocol on the wire (names, signature, a real file descriptor
passed over a real dbus-daemon) is the real one.
"""

from __future__ import annotations

import os
import select
import threading
from dataclasses import dataclass

from jeepney import HeaderFields, MessageType, new_error, new_method_return
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import open_dbus_connection

NAME = "org.freedesktop.login1"
INTERFACE = "org.freedesktop.login1.Manager"
PATH = "/org/freedesktop/login1"


@dataclass
class Lock:
    what: str
    who: str
    why: str
    mode: str
    read_end: int

    def released(self, timeout: float = 0.0) -> bool:
        """Whether the client let go (its end of the pipe closed), waiting up to `timeout` to see it."""
        poller = select.poll()
        poller.register(self.read_end, select.POLLIN | select.POLLHUP)
        return bool(poller.poll(timeout * 1000))


class SleepLocks:
    """Serves Inhibit on the bus at `address` until closed; `locks` are the ones handed out."""

    def __init__(self, address: str) -> None:
        self.connection = open_dbus_connection(address, enable_fds=True)
        reply = self.connection.send_and_get_reply(message_bus.RequestName(NAME, 4), timeout=10)  # 4: do not queue
        if reply.body != (1,):
            raise RuntimeError(f"could not take {NAME}: {reply.body}")
        self.locks: list[Lock] = []
        self.handed_out = threading.Condition()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                message = self.connection.receive(timeout=0.1)  # short, so close() is heard
            except TimeoutError:
                continue
            except OSError:
                return
            fields = message.header.fields
            if message.header.message_type is not MessageType.method_call:
                continue
            if (fields.get(HeaderFields.interface), fields.get(HeaderFields.member)) != (INTERFACE, "Inhibit"):
                self.connection.send(new_error(message, "org.freedesktop.DBus.Error.UnknownMethod"))
                continue
            read_end, write_end = os.pipe()
            self.connection.send(new_method_return(message, "h", (write_end,)))
            os.close(write_end)  # the client's copy is the only one now
            with self.handed_out:
                self.locks.append(Lock(*message.body, read_end=read_end))
                self.handed_out.notify_all()

    def wait_for_lock(self, count: int = 1, timeout: float = 60.0) -> Lock:
        with self.handed_out:
            if not self.handed_out.wait_for(lambda: len(self.locks) >= count, timeout):
                raise AssertionError(f"no sleep lock was taken (wanted {count}, have {len(self.locks)})")
            return self.locks[count - 1]

    def close(self) -> None:
        self._stop.set()
        self._thread.join(10)
        self.connection.close()
        for lock in self.locks:
            os.close(lock.read_end)
