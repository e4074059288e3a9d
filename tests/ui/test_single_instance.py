"""One KindAudio at a time: an operating-system lock that a second process cannot take."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from kindaudio.common.paths import AppPaths
from kindaudio.ui.single_instance import AlreadyRunning, acquire_instance_lock

REPO = Path(__file__).resolve().parents[2]

TRY_LOCK = """
from kindaudio.ui.single_instance import AlreadyRunning
from kindaudio.common.paths import AppPaths
from kindaudio.ui.single_instance import acquire_instance_lock
try:
    lock = acquire_instance_lock(AppPaths.from_environment())
except AlreadyRunning as exc:
    print("refused:", exc.message)
else:
    print("acquired")
    lock.release()
"""

HOLD_LOCK = """
import sys
from kindaudio.common.paths import AppPaths
from kindaudio.ui.single_instance import acquire_instance_lock
lock = acquire_instance_lock(AppPaths.from_environment())
print("holding", flush=True)
sys.stdin.readline()
"""


def other_process(home: Path, code: str, **kwargs: object) -> subprocess.Popen[str]:
    env = {**os.environ, "KINDAUDIO_HOME": str(home), "PYTHONPATH": str(REPO)}
    return subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stdin=subprocess.PIPE,
                            text=True, env=env, **kwargs)  # type: ignore[call-overload]


def try_in_other_process(home: Path) -> str:
    with other_process(home, TRY_LOCK) as process:
        out, _ = process.communicate(timeout=60)
    return out.strip()


def test_a_second_process_is_told_kindaudio_is_already_open(paths: AppPaths, home: Path) -> None:
    lock = acquire_instance_lock(paths)
    try:
        assert try_in_other_process(home) == "refused: KindAudio is already open in another window."
    finally:
        lock.release()
    assert try_in_other_process(home) == "acquired"


def test_the_lock_file_is_private_and_a_second_lock_in_one_process_is_refused_too(paths: AppPaths) -> None:
    with acquire_instance_lock(paths) as lock:
        assert lock.held
        assert stat.S_IMODE(paths.instance_lock.stat().st_mode) == 0o600
        with pytest.raises(AlreadyRunning, match="already open"):
            acquire_instance_lock(paths)
    assert not lock.held
    acquire_instance_lock(paths).release()


def test_a_killed_holder_leaves_no_lock_behind(paths: AppPaths, home: Path) -> None:
    with other_process(home, HOLD_LOCK) as holder:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        with pytest.raises(AlreadyRunning):
            acquire_instance_lock(paths)
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait()
    assert paths.instance_lock.exists()  # the stale file is still there, but not locked
    acquire_instance_lock(paths).release()
