"""How a second KindAudio asks the one already open to come to the front.

The single-instance lock (kindaudio.ui.single_instance) decides who runs; this is
only the courtesy after it: the running window listens on a local socket
(a named pipe on Windows) named after its data folder, so separate homes
(portable installs, tests) never answer each other. Only this user can connect.

A request is one line: "show" (come to the front), "show [files as JSON]"
(... and open them), or "journal" (... on a new journal entry, as a
reminder's "Write a few kind words" asks); the answer is "shown".
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from kindaudio.common.paths import AppPaths

log = logging.getLogger(__name__)

SHOW_REQUEST = b"show\n"
OPEN_PREFIX = b"show "  # then a JSON list of the files to open, and a newline
JOURNAL_REQUEST = b"journal\n"
SHOWN_REPLY = b"shown\n"
WAIT_MS = 3000  # for the running window to answer; it answers at once unless it is stuck
RETRY_SECONDS = 0.05  # between tries while the running window is not listening yet


def channel_name(paths: AppPaths) -> str:
    """The socket's name: the same for one data folder, different for another."""
    digest = hashlib.sha256(str(paths.data.expanduser().resolve()).encode("utf-8")).hexdigest()[:16]
    return f"kindaudio-{digest}"


class InstanceServer(QObject):
    """Listens for a second instance's request (in the instance holding the lock).

    Signals:
        show_requested(): another KindAudio asked this window to come to the front.
        open_requested(list[str]): ... and to open these files (practices, packs), absolute paths.
        journal_requested(): ... and to show a new journal entry.
    """

    show_requested = Signal()
    open_requested = Signal(list)
    journal_requested = Signal()

    def __init__(self, paths: AppPaths, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = channel_name(paths)
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        # We hold the instance lock, so a socket left by a crashed instance is stale.
        QLocalServer.removeServer(self.name)
        if not self.server.listen(self.name):
            log.warning("cannot listen for other instances on %s: %s", self.name, self.server.errorString())
        self.server.newConnection.connect(self._accept)

    @property
    def listening(self) -> bool:
        return self.server.isListening()

    def _accept(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            socket.readyRead.connect(lambda socket=socket: self._read(socket))
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        if not socket.canReadLine():
            return
        request = bytes(socket.readLine().data())
        files = _files_asked_for(request)
        journal = request == JOURNAL_REQUEST
        if request == SHOW_REQUEST or files is not None or journal:
            log.info("another KindAudio asked this window to come to the front (with %d files%s)",
                     len(files or ()), ", on a new journal entry" if journal else "")
            self.show_requested.emit()
            if files:
                self.open_requested.emit(files)
            if journal:
                self.journal_requested.emit()
            socket.write(SHOWN_REPLY)
            socket.flush()
        socket.disconnectFromServer()

    def close(self) -> None:
        self.server.close()


def _files_asked_for(request: bytes) -> list[str] | None:
    """The files a "show [...]" request names; None for any other request."""
    if not (request.startswith(OPEN_PREFIX) and request.endswith(b"\n")):
        return None
    try:
        files = json.loads(request[len(OPEN_PREFIX):])
    except ValueError:
        return None
    if not isinstance(files, list) or not all(isinstance(name, str) and name for name in files):
        return None
    return files


def ask_running_instance_to_show(paths: AppPaths, wait_ms: int = WAIT_MS, open_files: Sequence[Path] = (),
                                 journal: bool = False) -> bool:
    """Ask the KindAudio open on this data folder to come to the front (and open these files there, or,
    with `journal`, show a new journal entry); True when it said it did.

    The open window starts listening only once its Library is shown, so a
    second start in that first moment keeps trying for a while.
    """
    socket = QLocalSocket()
    deadline = time.monotonic() + wait_ms / 1000
    try:
        while True:
            socket.connectToServer(channel_name(paths))
            if socket.waitForConnected(wait_ms):
                break
            if time.monotonic() >= deadline:
                log.info("no KindAudio answered on %s: %s", channel_name(paths), socket.errorString())
                return False
            log.debug("no KindAudio listening on %s yet; trying again", channel_name(paths))
            socket.abort()
            time.sleep(RETRY_SECONDS)  # another process: nothing to wait on but time
        request = JOURNAL_REQUEST if journal else SHOW_REQUEST
        if open_files:
            names = [str(Path(name).expanduser().resolve()) for name in open_files]
            request = OPEN_PREFIX + json.dumps(names).encode("utf-8") + b"\n"
        socket.write(request)
        if not socket.waitForBytesWritten(wait_ms):
            return False
        while not socket.canReadLine():
            if not socket.waitForReadyRead(wait_ms):
                return False
        return bytes(socket.readLine().data()) == SHOWN_REPLY
    finally:
        socket.abort()


def bring_to_front(window: QObject) -> None:
    """Show, un-minimise, raise and activate a window (as far as the platform lets an app do so)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QWidget

    if not isinstance(window, QWidget):
        return
    if window.isMinimized():
        window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
    window.show()
    window.raise_()
    window.activateWindow()
