"""The real KindAudio window, writing in the Journal, for the crash test (test_journal_crash.py).

    python write_journal.py type     opens the Journal with Ctrl+J, begins a Free page and types into it
                                     with real key events, a word at a time, until it is killed;
                                     prints "saved: entry N" each time the page has saved
    python write_journal.py read     opens the Journal, opens the newest entry, prints its text as JSON, quits

Built by the same composition root `kindaudio` uses (kindaudio.ui.app.build_app),
on whatever Qt platform the environment names. Prints "ok: STEP" as each step
happens; exits 1 naming a step that did not happen within STEP_SECONDS.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from kindaudio.ui.app import build_app

STEP_SECONDS = 60.0
WORDS = "kindness arrives slowly like morning light on a quiet kitchen table and stays a while".split()
KEY_MS = 40  # between words typed


def click(widget: QWidget) -> None:
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     QPoint(widget.width() // 2, widget.height() // 2))


def main() -> int:
    mode = sys.argv[1]
    running = build_app()
    app, window = running.app, running.window
    window.resize(1280, 720)
    window.activateWindow()
    typed = {"count": 0}

    def page_ready() -> bool:
        page = window.journal if window.current_page() == "journal" else None
        return page is not None and page.data() is not None and not page.is_loading()

    def type_a_word() -> None:
        editor = window.journal.writing.editor("page")
        word = WORDS[typed["count"] % len(WORDS)]
        QTest.keyClicks(editor, word + " ")
        typed["count"] += 1
        if typed["count"] == 1:
            print("ok: typing", flush=True)

    def begin_typing() -> None:
        window.journal.entry_saved.connect(lambda entry_id: print(f"saved: entry {entry_id}", flush=True))
        timer = QTimer(app)
        timer.timeout.connect(type_a_word)
        timer.start(KEY_MS)

    def show_text() -> None:
        text = window.journal.writing.editor("page").toPlainText()
        print(json.dumps({"text": text}), flush=True)
        window.close()

    steps: list[tuple[str, Callable[[], bool], Callable[[], None]]] = [
        ("the library shows its cards", lambda: bool(window.library.cards()) and not window.library.is_loading(),
         lambda: QTest.keyClick(window, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)),
    ]
    if mode == "type":
        steps += [
            ("Ctrl+J shows the Journal", page_ready, lambda: click(window.journal.list.kind_buttons["free"])),
            ("a Free page is open", lambda: window.journal.is_writing(), begin_typing),
        ]
    else:
        steps += [
            ("Ctrl+J shows the Journal with an entry", lambda: page_ready() and window.journal.list.list.count() > 0,
             lambda: (window.journal.list.list.setCurrentRow(0), click(window.journal.list.open_button))),
            ("the newest entry is open", lambda: window.journal.is_writing(), show_text),
        ]
    progress = {"index": 0, "since": time.monotonic()}
    failed: list[str] = []

    def tick() -> None:
        if progress["index"] >= len(steps):
            return
        name, ready, act = steps[progress["index"]]
        if ready():
            print(f"ok: {name}", flush=True)
            progress["index"] += 1
            progress["since"] = time.monotonic()
            act()
        elif time.monotonic() - progress["since"] > STEP_SECONDS:
            failed.append(name)
            print(f"never happened: {name}", flush=True)
            window.close()

    poll = QTimer(app)
    poll.timeout.connect(tick)
    poll.start(50)
    app.exec()
    running.close()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
