"""Where the window opens: inside the screen it is on, at the size and place it was last closed.

The window used to open at 1280×800 whatever the screen, so on a 1280×720
laptop its bottom (the check-in's Save and Skip) sat below the screen's edge.
Now a first start takes 1280×800 or the screen's free area, whichever is
smaller, centred; closing remembers the size and place (and whether it was
maximised) in the state folder, and the next start uses them only when they
still lie wholly on a screen that exists (a second monitor unplugged since,
or a smaller resolution, gives the first-start placing again).

The choice is a pure function of rectangles (`choose_geometry`), so it is
tested with any screens; `restore` and `remember` are the window's two hooks.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from kindaudio.common.atomicfile import write_text_atomic
from kindaudio.common.paths import AppPaths, ensure_dir

log = logging.getLogger(__name__)

GEOMETRY_FILE = "window.json"
DEFAULT_SIZE = QSize(1280, 800)
MINIMUM_SIZE = QSize(900, 600)  # smaller than this only when the screen itself is smaller


@dataclass(frozen=True)
class Placing:
    """The window's rectangle (without the desktop's frame) and whether it is maximised."""

    rect: QRect
    maximized: bool = False


def geometry_path(paths: AppPaths) -> Path:
    return paths.state / GEOMETRY_FILE


def first_placing(available: QRect, size: QSize = DEFAULT_SIZE) -> QRect:
    """`size`, or less to fit inside `available`, centred in it."""
    fitted = size.boundedTo(available.size())
    rect = QRect(0, 0, fitted.width(), fitted.height())
    rect.moveCenter(available.center())
    return rect


def choose_geometry(saved: Placing | None, screens: Sequence[QRect], home: QRect) -> Placing:
    """The saved placing when it lies wholly inside one of the screens' free areas; else the first
    placing on `home` (the free area of the screen the window starts on)."""
    if saved is not None and saved.rect.isValid():
        if any(area.contains(saved.rect) for area in screens):
            return saved
        log.debug("the remembered window place no longer fits a screen; placing it afresh")
    return Placing(first_placing(home), saved.maximized if saved is not None else False)


def minimum_size(available: QRect) -> QSize:
    return MINIMUM_SIZE.boundedTo(available.size())


def load(paths: AppPaths) -> Placing | None:
    """The remembered placing, or None (none kept, or unreadable: then the window is placed afresh)."""
    try:
        raw = json.loads(geometry_path(paths).read_text(encoding="utf-8"))
        rect = QRect(int(raw["x"]), int(raw["y"]), int(raw["width"]), int(raw["height"]))
        return Placing(rect, bool(raw.get("maximized", False)))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, TypeError, KeyError, UnicodeDecodeError) as exc:
        log.info("the remembered window place cannot be read (%s); placing it afresh", exc)
        return None


def save(paths: AppPaths, placing: Placing) -> None:
    rect = placing.rect
    text = json.dumps({"x": rect.x(), "y": rect.y(), "width": rect.width(), "height": rect.height(),
                       "maximized": placing.maximized}, sort_keys=True) + "\n"
    ensure_dir(paths.state)
    write_text_atomic(geometry_path(paths), text, mode=0o600)


def restore(window: QWidget, paths: AppPaths) -> Placing:
    """Size and place `window` (before it is shown) within the screens there are now."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    home = screen.availableGeometry()
    screens = [each.availableGeometry() for each in QGuiApplication.screens()]
    placing = choose_geometry(load(paths), screens, home)
    window.setMinimumSize(minimum_size(home).boundedTo(placing.rect.size()))  # never larger than it was left
    window.setGeometry(placing.rect)
    if placing.maximized:
        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)
    _FrameFitter(window)
    return placing


def fit_to_screen(window: QWidget) -> None:
    """Make the window's frame (title bar and borders, known only once shown) lie inside its screen's
    free area: smaller if need be, then moved in."""
    if window.isMaximized() or window.isFullScreen():
        return
    available = (window.screen() or QGuiApplication.primaryScreen()).availableGeometry()
    frame, inner = window.frameGeometry(), window.geometry()
    extra = QSize(frame.width() - inner.width(), frame.height() - inner.height())
    room = QSize(available.width() - extra.width(), available.height() - extra.height())
    window.setMinimumSize(MINIMUM_SIZE.boundedTo(room).boundedTo(inner.size()))
    if available.contains(frame):
        return
    size = inner.size().boundedTo(room)
    window.resize(size)
    width, height = size.width() + extra.width(), size.height() + extra.height()
    x = min(max(frame.x(), available.left()), available.left() + available.width() - width)
    y = min(max(frame.y(), available.top()), available.top() + available.height() - height)
    window.move(x, y)  # a window's move places its frame
    log.debug("window fitted into its screen at %d,%d", x, y)


class _FrameFitter(QObject):
    """Fits the window into its screen once, just after it is first shown and its frame is known."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.window and event.type() == QEvent.Type.Show:
            self.window.removeEventFilter(self)
            QTimer.singleShot(0, self, lambda: fit_to_screen(self.window))
        return False


def remember(window: QWidget, paths: AppPaths) -> None:
    """Keep the window's size and place for the next start (its unmaximised ones, when maximised)."""
    maximized = window.isMaximized()
    rect = window.normalGeometry() if maximized else window.geometry()
    if not rect.isValid():
        rect = window.geometry()
    try:
        save(paths, Placing(QRect(rect), maximized))
    except OSError as exc:  # a full disk or a read-only folder: the next start just places it afresh
        log.warning("could not remember the window's place: %s", exc)
