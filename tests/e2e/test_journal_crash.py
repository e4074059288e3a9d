"""Nothing written is lost when the app is killed: the real window, typing, SIGKILL, and the text at the next start.

write_journal.py runs as its own process (offscreen Qt, the same composition
root as `kindaudio`): it opens the Journal with Ctrl+J and types into a Free
page with real key events, without a pause, until it is killed. After its
third save (it says so on standard output) the typist is killed with SIGKILL,
mid-typing; the journal file is then read with plain sqlite3, as another
process would. A new process opens the Journal,
opens the newest entry and prints what its page shows: everything the file held
at the kill is there. (What was typed after the last save, at most
AUTOSAVE_AT_MOST_MS while typing runs on, and AUTOSAVE_MS after a pause, is not
in the file yet: that is the autosave's wait.)
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from kindaudio.common.paths import AppPaths

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def saved_text(journal: Path) -> str:
    """The newest entry's text as the file holds it now, read as another process would ("" before any)."""
    if not journal.exists():
        return ""
    with contextlib.closing(sqlite3.connect(f"{journal.resolve().as_uri()}?mode=ro", uri=True, timeout=30)) as raw:
        try:
            row = raw.execute("SELECT body FROM entries ORDER BY id DESC LIMIT 1").fetchone()
        except sqlite3.OperationalError:  # the schema is still being made
            return ""
    return "" if row is None else str(row[0])


def test_killing_the_app_mid_entry_loses_nothing_that_was_saved(home: Path, paths: AppPaths) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KINDAUDIO_HOME": str(home), "PYTHONPATH": str(ROOT)}
    with subprocess.Popen([sys.executable, str(HERE / "write_journal.py"), "type"], env=env, cwd=ROOT,
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True) as typist:
        try:
            saves = 0
            assert typist.stdout is not None
            # Several saves while the words keep coming (they never pause), so the kill comes mid-typing.
            while saves < 3:
                line = typist.stdout.readline()
                assert line, "the typist ended before saving three times"
                saves += line.startswith("saved: entry 1")
            typist.send_signal(signal.SIGKILL)
            typist.wait(60)
        finally:
            if typist.poll() is None:
                typist.kill()
    assert typist.returncode == -signal.SIGKILL
    at_the_kill = saved_text(paths.journal)
    assert at_the_kill.startswith("kindness arrives slowly like morning light")

    reader = subprocess.run([sys.executable, str(HERE / "write_journal.py"), "read"], env=env, cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert reader.returncode == 0, reader.stdout + reader.stderr
    assert "Traceback" not in reader.stderr
    shown = json.loads(reader.stdout.strip().splitlines()[-1])["text"]
    assert shown == at_the_kill
