"""Start a window in this fresh process, print "ready" once it is shown and responsive, and quit.

    python start_window.py app    # KindAudio: ready when the Library has its cards
    python start_window.py bare   # a bare PySide6 window, started the same way

Run by run.py under a virtual screen; the parent times from before it starts
this process to the "ready" line, so interpreter start and imports count.
"""

from __future__ import annotations

import sys


def ready() -> None:
    print("ready", flush=True)


def bare() -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setCentralWidget(QLabel("Hello"))
    window.resize(1280, 720)
    window.show()
    QTimer.singleShot(0, lambda: (ready(), app.quit()))  # runs once the event loop is turning
    return app.exec()


def kindaudio() -> int:
    from PySide6.QtCore import QTimer

    from kindaudio.ui.app import build_app

    running = build_app()
    library = running.window.library
    library.loaded.connect(lambda: QTimer.singleShot(0, lambda: (ready(), running.window.close())))
    try:
        return running.app.exec()
    finally:
        running.services.close()


if __name__ == "__main__":
    sys.exit(kindaudio() if sys.argv[1] == "app" else bare())
