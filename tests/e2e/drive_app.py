"""Drive the real KindAudio window like a person would, saving a screenshot at each screen.

    python drive_app.py SCREENSHOT_FOLDER

Run by test_whole_app.py as its own process on a virtual screen (Xvfb, the
xcb platform), with the test sound card. The app is built by the same
composition root `kindaudio` uses; the steps click its buttons and press its
keys with real input events, and each screenshot is the X screen itself.
Exits 0 when every step happened, else 1 naming the step that did not.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from kindaudio.audio.playback.status import PlayerState, PlayerStatus
from kindaudio.ui.app import RunningApp, build_app
from kindaudio.ui.dialogs.read_script import ReadScriptDialog

STEP_SECONDS = 60.0


@dataclass
class Step:
    name: str
    ready: Callable[[], bool]  # the screen shows what this step needs
    act: Callable[[], None]  # then do this


def button(parent: QWidget, name: str) -> QAbstractButton:
    """The visible button a person would find by this name (its accessible name)."""
    found = [b for b in parent.findChildren(QAbstractButton) if b.isVisible() and b.accessibleName() == name]
    if len(found) != 1:
        raise LookupError(f"{len(found)} visible buttons are called {name!r}")
    return found[0]


def click(widget: QWidget) -> None:
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     QPoint(widget.width() // 2, widget.height() // 2))


def start_app(shots: Path) -> tuple[RunningApp, Callable[[str], None]]:
    """The app as `kindaudio` builds it, filling the screen, and `shot(name)` saving the screen as NAME.png."""
    shots.mkdir(parents=True, exist_ok=True)
    running = build_app()
    screen = QGuiApplication.primaryScreen()
    running.window.setGeometry(screen.availableGeometry())  # no window manager: fill the screen ourselves
    running.window.activateWindow()

    def shot(name: str) -> None:
        QApplication.processEvents()
        screen.grabWindow(0).save(str(shots / f"{name}.png"))

    return running, shot


def main() -> int:
    running, shot = start_app(Path(sys.argv[1]))
    app, window, services = running.app, running.window, running.services

    def dialog() -> QWidget | None:
        return next((w for w in app.topLevelWidgets() if w.isVisible() and isinstance(w, ReadScriptDialog)), None)

    heard_words: list[object] = []
    finished: list[object] = []

    def on_sentence(status: PlayerStatus) -> None:
        if status.sentence is not None:
            heard_words.append(status.sentence)

    services.bridge.sentence_changed.connect(on_sentence)
    services.bridge.finished.connect(finished.append)
    state = services.player.status

    def choose_view() -> None:
        shot("0-welcome")
        # The view by keyboard, as a person without a mouse would: the radio button, then Space.
        client = window.welcome.view_choice.buttons["client"]
        client.setFocus()
        QTest.keyClick(client, Qt.Key.Key_Space)
        if not client.isChecked():
            raise LookupError("Space did not choose the client view")

    def begin() -> None:
        shot("0-welcome-view-chosen")
        QTest.keyClick(window.welcome.begin_button, Qt.Key.Key_Return)  # Enter goes on

    def choose_practice() -> None:
        shot("1-library")
        if [b for b in window.library.findChildren(QAbstractButton) if b.text() == "Record my voice"]:
            raise LookupError("the client view shows the therapist's Record my voice")
        click(button(window.library.card("Affectionate Breathing"), "Choose: Affectionate Breathing"))

    def read_script() -> None:
        shot("2-practice")
        click(button(window.practice, "Read the script"))

    def close_script() -> None:
        shot("3-read-script")
        script = dialog()
        assert script is not None
        script.close()
        window.activateWindow()  # a window manager would do this; Xvfb has none

    def start() -> None:
        click(button(window.practice, "Start the practice"))

    def press_escape() -> None:
        shot("4-player")
        QTest.keyClick(window, Qt.Key.Key_Escape)

    def resume() -> None:
        shot("5-grounding")
        click(button(window.player, "Resume the practice"))

    def done() -> None:
        shot("6-completion")
        click(button(window.player, "Done"))

    def check_in() -> None:
        shot("7-checkin")
        click(button(window.checkin, "Skip the check-in"))

    def script_shows() -> bool:
        script = dialog()
        return script is not None and script.isActiveWindow()

    steps = [
        Step("a new profile opens on the welcome", lambda: window.current_page() == "welcome"
             and window.welcome.voice_choice.combo.isEnabled(), choose_view),
        Step("the client view is chosen", lambda: services.settings.current.view == "client", begin),
        Step("the library shows its cards, in the client view",
             lambda: window.current_page() == "library" and bool(window.library.cards())
             and not window.library.is_loading() and services.settings.current.first_run_seen, choose_practice),
        Step("the practice page shows", lambda: window.current_page() == "practice", read_script),
        Step("the script shows", script_shows, close_script),
        # Keys go to the active window, as they would for a person.
        Step("the window is active again", lambda: dialog() is None and window.isActiveWindow(), start),
        Step("the player speaks a caption", lambda: window.current_page() == "player" and bool(heard_words),
             press_escape),
        Step("Esc paused and shows the grounding panel",
             lambda: state().state is PlayerState.PAUSED and window.player.grounding.isVisible(), resume),
        Step("the practice plays to its end", lambda: bool(finished) and window.player.completion.isVisible(), done),
        Step("the check-in is offered after the practice", lambda: window.current_page() == "checkin", check_in),
        Step("back at the library", lambda: window.current_page() == "library", window.close),
    ]
    failed = run_steps(app, window, steps, shot)
    services.close()
    if failed:
        print(f"FAILED: {failed}", file=sys.stderr)
        return 1
    return 0


def run_steps(app: QApplication, window: QWidget, steps: list[Step], shot: Callable[[str], None]) -> str:
    """Take the steps in turn as each becomes ready, until the window closes; what failed, or ""."""
    progress: dict[str, Any] = {"index": 0, "since": time.monotonic(), "failed": ""}

    def tick() -> None:
        step = steps[progress["index"]]
        try:
            if step.ready():
                print(f"ok: {step.name}", flush=True)
                step.act()
                progress["index"] += 1
                progress["since"] = time.monotonic()
                if progress["index"] == len(steps):
                    ticker.stop()
                return
        except LookupError as exc:
            progress["failed"] = f"{step.name}: {exc}"
        if progress["failed"] or time.monotonic() - progress["since"] > STEP_SECONDS:
            progress["failed"] = progress["failed"] or f"timed out waiting until {step.name}"
            shot("failed")
            ticker.stop()
            window.close()

    ticker = QTimer()
    ticker.timeout.connect(tick)
    ticker.start(50)
    app.exec()
    return str(progress["failed"])

if __name__ == "__main__":
    sys.exit(main())
