"""A session playing in one process is not marked interrupted by another that opens the journal (issue 17, 14).

Real processes: one starts a session through the journal's API (as the window's or the terminal's session
listener does) and keeps playing; others open the journal meanwhile. Killed with SIGKILL, it leaves the
session to be marked interrupted by the next opener.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from kindaudio.common.paths import AppPaths
from kindaudio.journal.records import SessionStatus
from kindaudio.journal.store import open_journal
from tests.support.command import EXIT_OK, kindaudio

ROOT = Path(__file__).resolve().parents[2]
PLAYER = textwrap.dedent("""
    import sys
    from kindaudio.common.paths import AppPaths
    from kindaudio.journal.records import SessionStatus
    from kindaudio.journal.store import open_journal

    with open_journal(AppPaths.from_environment(), backup=False) as journal:
        session = journal.start_session(practice_id="p", title="Playing", content_hash="h", chosen_seconds=600,
                                        voice=None)
        print(session, flush=True)
        if sys.stdin.readline().strip() == "end":
            journal.end_session(session, 600.0, SessionStatus.COMPLETED)
            print("ended", flush=True)
""")


def start_player() -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", PLAYER], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})


def started(player: subprocess.Popen[str]) -> int:
    assert player.stdout is not None
    return int(player.stdout.readline())


def status(paths: AppPaths, session_id: int) -> SessionStatus:
    with open_journal(paths, backup=False, settle_unfinished=False) as journal:
        return journal.session(session_id).status


def test_a_session_playing_elsewhere_stays_in_progress_until_it_ends(paths: AppPaths) -> None:
    with start_player() as player:
        session_id = started(player)
        checked = kindaudio("checkin", "--valence", "1")  # opens the journal and settles what was left behind
        assert checked.returncode == EXIT_OK, checked.stderr
        with open_journal(paths, backup=False) as journal:  # as the window does when it starts
            assert journal.session(session_id).status is SessionStatus.IN_PROGRESS
        assert status(paths, session_id) is SessionStatus.IN_PROGRESS
        assert player.stdin is not None and player.stdout is not None
        player.stdin.write("end\n")
        player.stdin.flush()
        assert player.stdout.readline().strip() == "ended"
    assert status(paths, session_id) is SessionStatus.COMPLETED
    assert not list(paths.data.glob(".playing-*"))  # the lock file went with the session


def test_a_killed_player_leaves_its_session_to_be_marked_interrupted(paths: AppPaths) -> None:
    with start_player() as player:
        session_id = started(player)
        player.send_signal(signal.SIGKILL)
    assert status(paths, session_id) is SessionStatus.IN_PROGRESS
    with open_journal(paths, backup=False) as journal:
        assert journal.session(session_id).status is SessionStatus.INTERRUPTED
    assert not list(paths.data.glob(".playing-*"))  # the dead process's lock file is tidied away
