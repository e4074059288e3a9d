"""The Qt binding itself holds up under the app's load: thousands of signals, from any thread.

PySide6 6.12.0 lost a reference to True on every Signal.emit(); on Python 3.11
the process aborted ("bool_dealloc") after a few hundred signals, i.e. a
minute or two into a practice. pyproject.toml excludes that version; this
test fails if a broken binding comes back.
"""

from __future__ import annotations

import subprocess
import sys

CHECK = """
import sys, threading
from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

class Source(QObject):
    said = Signal(object)

app = QCoreApplication([])
source = Source()
heard = []
source.said.connect(heard.append)
for n in range(5000):
    source.said.emit(n)  # on the GUI thread
worker = threading.Thread(target=lambda: [source.said.emit(n) for n in range(5000)])  # and from another
worker.start()
worker.join()
QTimer.singleShot(0, app.quit)
app.exec()
print(len(heard))
"""


def test_ten_thousand_signals_from_two_threads_arrive_and_nothing_breaks() -> None:
    result = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, timeout=120,
                            env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "10000"
