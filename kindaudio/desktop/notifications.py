"""Desktop notifications through org.freedesktop.Notifications on the session bus.

Every Linux desktop runs a server for them (GNOME Shell, Plasma, Xfce's,
dunst, mako, ...). A notification is sent with Notify and gets an id; the
server later says ActionInvoked(id, key) when the person clicks it (the
"default" action: the notification itself) and NotificationClosed(id, reason)
when it goes. Those signals go only to the connection that sent the
notification, so a Notifier keeps its connection open while it waits for them.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from jeepney import DBusAddress, HeaderFields, MatchRule
from jeepney.bus_messages import message_bus

from kindaudio.common.errors import KindAudioError
from kindaudio.common.paths import APP_ID, APP_NAME
from kindaudio.desktop import bus

if TYPE_CHECKING:
    from jeepney.io.blocking import DBusConnection

log = logging.getLogger(__name__)

NOTIFICATIONS = DBusAddress("/org/freedesktop/Notifications", bus_name="org.freedesktop.Notifications",
                            interface="org.freedesktop.Notifications")
DEFAULT_ACTION = "default"  # the key servers give a click on the notification itself
URGENCY_NORMAL = 1
SERVER_DEFAULT_TIMEOUT = -1


class NoNotifications(KindAudioError):
    """There is no notification server to show a reminder."""


@dataclass(frozen=True)
class Notification:
    title: str
    body: str
    actions: tuple[tuple[str, str], ...] = ()  # (key, label): the key comes back in ActionInvoked
    icon: str = APP_ID  # an icon name from the theme: the app's own (installed with its desktop entry)
    hints: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Reply:
    """What the server said about one of our notifications."""

    notification_id: int
    action: str | None = None  # the action's key when one was chosen
    closed: bool = False


class Notifier:
    """One connection to the session bus for sending notifications and hearing back about them."""

    def __init__(self, connection: DBusConnection) -> None:
        self.connection = connection
        self.rule = MatchRule(type="signal", interface=NOTIFICATIONS.interface, path=NOTIFICATIONS.object_path)
        self._filter = connection.filter(self.rule, bufsize=64)  # kept until close()
        connection.send_and_get_reply(message_bus.AddMatch(self.rule), timeout=bus.CALL_TIMEOUT_SECONDS)
        self.shown: set[int] = set()

    @classmethod
    def open(cls) -> Notifier:
        """A Notifier on the session bus; NoNotifications when there is no bus to reach."""
        connection = bus.connect(bus.SESSION)
        if connection is None:
            raise NoNotifications("there is no desktop session bus here, so no notification can be shown",
                                  hint="Reminders need a desktop session (GNOME, Plasma, Xfce, ...).")
        try:
            return cls(connection)
        except Exception:
            bus.close_quietly(connection)
            raise

    def close(self) -> None:
        self._filter.close()
        bus.close_quietly(self.connection)

    def __enter__(self) -> Notifier:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def send(self, notification: Notification) -> int:
        """Show `notification`; its id. NoNotifications when no server answers."""
        actions = [part for action in notification.actions for part in action]
        hints = {"desktop-entry": ("s", APP_ID), "urgency": ("y", URGENCY_NORMAL)}
        hints.update(notification.hints)
        try:
            (notification_id,) = bus.call(
                self.connection, NOTIFICATIONS, "Notify", "susssasa{sv}i",
                (APP_NAME, 0, notification.icon, notification.title, notification.body, actions, hints,
                 SERVER_DEFAULT_TIMEOUT))
        except bus.Unavailable as exc:
            raise NoNotifications(f"no notification server answered on this desktop ({exc})",
                                  hint="Reminders are shown by the desktop's notification service; "
                                       "check that it is running.") from None
        self.shown.add(int(notification_id))
        log.debug("notification %s shown", notification_id)
        return int(notification_id)

    def withdraw(self, notification_id: int) -> None:
        """Take one of ours away (it may already be gone)."""
        try:
            bus.call(self.connection, NOTIFICATIONS, "CloseNotification", "u", (notification_id,))
        except Exception as exc:  # noqa: BLE001 - it may have gone already: nothing to do either way
            log.debug("CloseNotification %s: %s", notification_id, exc)

    def replies(self, timeout: float) -> Iterator[Reply]:
        """What the server says about our notifications within `timeout` seconds (then the iterator ends)."""
        deadline = time.monotonic() + max(timeout, 0.0)
        while True:
            try:
                message = self.connection.recv_until_filtered(self._filter.queue,
                                                              timeout=max(deadline - time.monotonic(), 0.0))
            except TimeoutError:
                return
            member = message.header.fields.get(HeaderFields.member)
            if not message.body or message.body[0] not in self.shown:
                continue
            notification_id = int(message.body[0])
            if member == "ActionInvoked":
                yield Reply(notification_id, action=str(message.body[1]))
            elif member == "NotificationClosed":
                self.shown.discard(notification_id)
                yield Reply(notification_id, closed=True)
