"""Speech workers start from an install (python -m) and from the bundle (the bundled program itself, with a flag).

The bundle itself is built and run in tests/test_bundle.py (slow). Here the
frozen case runs without PyInstaller: `sys.frozen` is set as PyInstaller sets
it, and `sys.executable` is a program that runs the bundle's real entry point
(packaging/kindaudio_entry.py) with this Python, as the bundled executable
runs it with its own. The workers then speak for real.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kindaudio import __version__
from kindaudio.audio.tts.engine import SpeechSettings
from kindaudio.audio.tts.launch import PREPARE_FLAG, WORKER_FLAG, WORKER_MODULE, prepare_command, worker_command
from kindaudio.audio.tts.pool import ESPEAK_FACTORY, SynthesisPool

ROOT = Path(__file__).resolve().parents[2]
ENTRY = ROOT / "packaging" / "kindaudio_entry.py"
SETTINGS = SpeechSettings("gmw/en-us", 120)
WAIT = 60  # seconds a result may take at most; never reached when things work


@pytest.fixture
def bundled_program(tmp_path: Path) -> Path:
    """A stand-in for dist/kindaudio/kindaudio: runs the bundle's entry point with its arguments."""
    program = tmp_path / "bundle" / "kindaudio"
    program.parent.mkdir()
    program.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{ENTRY}" "$@"\n')
    program.chmod(0o755)
    return program


def test_from_an_install_a_worker_is_python_running_the_worker_module() -> None:
    assert worker_command(ESPEAK_FACTORY, 2) == [sys.executable, "-m", WORKER_MODULE, ESPEAK_FACTORY, "2"]


def test_in_a_bundle_the_program_itself_is_started_as_a_worker_and_speaks(bundled_program: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(bundled_program))
    assert worker_command(ESPEAK_FACTORY, 1) == [str(bundled_program), WORKER_FLAG, ESPEAK_FACTORY, "1"]
    with SynthesisPool(ESPEAK_FACTORY, workers=1) as pool:
        speech = pool.submit("Spoken by a worker the bundle started.", SETTINGS).result(timeout=WAIT)
        (pid,) = pool.stats.pids
        command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    assert len(speech.pcm) > 22050  # more than half a second of 16-bit sound at 22 kHz
    assert command[1:5] == [str(ENTRY).encode(), WORKER_FLAG.encode(), ESPEAK_FACTORY.encode(), b"1"]


def test_without_the_flag_the_bundles_program_is_the_kindaudio_command(bundled_program: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # this tree's kindaudio, as the pool gives its workers
    result = subprocess.run([str(bundled_program), "--version"], capture_output=True, text=True, timeout=300,
                            env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"kindaudio {__version__}\n"


def test_in_a_bundle_the_program_itself_prepares_a_voice(bundled_program: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from kindaudio.audio.tts.piper_prepare import find_prepared
    from kindaudio.audio.tts.piper_voices import JOE, _pinned_files

    files = _pinned_files(JOE)
    assert files is not None, "the voice extra is installed by make test"
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(bundled_program))
    command = prepare_command([str(files[0]), JOE.model_sha256, str(tmp_path / "cache")])
    assert command[:2] == [str(bundled_program), PREPARE_FLAG]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, env=env)
    assert result.returncode == 0, result.stderr
    assert find_prepared(tmp_path / "cache", JOE.model_sha256) is not None
