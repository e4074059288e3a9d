"""The desktop's message buses (D-Bus), reached with jeepney.

Why jeepney: it speaks the D-Bus wire protocol in pure Python, with no GLib, no
Qt and no compiled part, so the terminal player and the small background part
that waits for a reminder can use it without loading the window's libraries
(it is also packaged by Debian as python3-jeepney). Each caller opens its own
connection and closes it when done: a connection is one socket, cheap to make,
and a service that holds something for us (an inhibition, a notification's
action) sees it end with the connection, so nothing outlives our process.

A desktop without a bus, or without the service asked for, is normal (a
terminal over SSH, a minimal window manager): these functions return None or
raise Unavailable, and callers carry on without that service, logging at debug.
"""

from __future__ import annotations

import logging
from typing import Any

from jeepney import DBusAddress, new_method_call
from jeepney.io.blocking import DBusConnection, open_dbus_connection
from jeepney.wrappers import DBusErrorResponse, unwrap_msg

log = logging.getLogger(__name__)

SESSION = "SESSION"  # the person's desktop session: screensaver, notifications
SYSTEM = "SYSTEM"  # the machine's: login1 (sleep)
CALL_TIMEOUT_SECONDS = 5.0  # a service that has not answered by then is taken to be absent
AUTH_TIMEOUT_SECONDS = 2.0

# Errors that mean "nobody here does that", as opposed to a service refusing.
ABSENT_ERRORS = frozenset({
    "org.freedesktop.DBus.Error.ServiceUnknown",
    "org.freedesktop.DBus.Error.NameHasNoOwner",
    "org.freedesktop.DBus.Error.UnknownMethod",
    "org.freedesktop.DBus.Error.UnknownObject",
    "org.freedesktop.DBus.Error.UnknownInterface",
    "org.freedesktop.DBus.Error.NoReply",
    "org.freedesktop.DBus.Error.TimedOut",
})
# The bus could not start the service on demand (D-Bus activation), e.g. a notification server with no screen.
SPAWN_ERRORS = "org.freedesktop.DBus.Error.Spawn."


class Unavailable(Exception):
    """The bus or the service asked for is not there (or did not answer in time)."""


def connect(bus: str = SESSION, *, fds: bool = False) -> DBusConnection | None:
    """A new connection to `bus` (SESSION or SYSTEM), or None when there is none to reach."""
    try:
        return open_dbus_connection(bus=bus, enable_fds=fds, auth_timeout=AUTH_TIMEOUT_SECONDS)
    except KeyError:  # DBUS_SESSION_BUS_ADDRESS is not set: not in a desktop session
        log.debug("no %s bus: its address is not set", bus.lower())
    except (OSError, RuntimeError, TimeoutError, ValueError) as exc:
        log.debug("no %s bus: %s", bus.lower(), exc)
    return None


def call(connection: DBusConnection, address: DBusAddress, method: str, signature: str | None = None,
         body: tuple[Any, ...] = (), timeout: float = CALL_TIMEOUT_SECONDS) -> tuple[Any, ...]:
    """Call `method` and return the reply's values.

    Raises Unavailable when no service answers to it, and DBusErrorResponse
    when one answers with an error of its own.
    """
    message = new_method_call(address, method, signature, body)
    try:
        reply = connection.send_and_get_reply(message, timeout=timeout)
    except TimeoutError:
        raise Unavailable(f"{address.bus_name} did not answer {method} in {timeout:g} s") from None
    except OSError as exc:
        raise Unavailable(f"the bus went away during {method}: {exc}") from None
    try:
        return tuple(unwrap_msg(reply))
    except DBusErrorResponse as exc:
        if exc.name in ABSENT_ERRORS or str(exc.name).startswith(SPAWN_ERRORS):
            raise Unavailable(f"{address.bus_name} {method}: {exc.name}") from None
        raise


def close_quietly(connection: DBusConnection | None) -> None:
    if connection is None:
        return
    try:
        connection.close()
    except OSError as exc:
        log.debug("closing a bus connection: %s", exc)
