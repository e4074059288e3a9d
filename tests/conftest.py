"""Shared fixtures: hermetic homes, practice files, real speech.

Every test runs with KINDAUDIO_HOME pointing at a fresh temporary folder, so
nothing touches the real data, cache or config folders. Tests that render the
shipped practices many times share one session cache (`shared_home`) so each
sentence is synthesised once per run; tests that count synthesis use their own.
"""

from __future__ import annotations

import os

# Before anything imports Qt (later issues): widgets without a screen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Before anything imports sounddevice (PortAudio reads it once): the sound card
# is ALSA's file plugin, so every test can read back what was played
# (tests/alsa/asound.conf; each test names its file in KINDAUDIO_TEST_AUDIO_OUT).
ALSA_TEST_CONFIG = os.path.join(os.path.dirname(__file__), "alsa", "asound.conf")
os.environ["ALSA_CONFIG_PATH"] = f"/usr/share/alsa/alsa.conf:{ALSA_TEST_CONFIG}"

# The basic voice speaks unless a test asks for another: eSpeak NG makes a
# whole practice in a second, the natural voice (Piper) in half a minute. The
# tests of the natural voice ask for it by name, or remove this
# (tests/audio/tts/test_piper.py, tests/audio/tts/test_voices.py).
os.environ["KINDAUDIO_VOICE"] = "espeak:gmw/en-us"
# A natural voice used for the first time in a home is prepared for quicker speech by a
# background process (kindaudio/audio/tts/piper_prepare.py); every test has a fresh home, so
# none starts one unless it asks (tests/audio/tts/test_piper_prepare.py).
os.environ["KINDAUDIO_PREPARE_VOICES"] = "0"

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from kindaudio.common.paths import HOME_ENV, AppPaths  # noqa: E402

# Fixtures shared by folders that are not each other's parents (tests/desktop, tests/ui/pages/player).
pytest_plugins = ("tests.support.desktop_fixtures",)

@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh KINDAUDIO_HOME for every test."""
    folder = tmp_path / "home"
    monkeypatch.setenv(HOME_ENV, str(folder))
    return folder


@pytest.fixture(autouse=True)
def no_process_left_behind() -> Iterator[None]:
    """What a test started on its own and let go (the reminders' waiting part, turned on in Settings) ends with it.

    Such a process outlives the window by design; one still running after its
    test (and its session bus) would only be reported, unreaped, when the run ends.
    """
    yield
    from kindaudio.desktop import autostart

    for process in autostart._started:
        if process.poll() is None:
            process.terminate()
        process.wait(timeout=30)
    autostart._started.clear()


@pytest.fixture
def paths(home: Path) -> AppPaths:
    return AppPaths.from_environment()


@pytest.fixture(scope="session")
def shared_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One home for the whole session, so its clip cache fills once."""
    return tmp_path_factory.mktemp("shared-home")


@pytest.fixture
def shared_paths(shared_home: Path, monkeypatch: pytest.MonkeyPatch) -> AppPaths:
    monkeypatch.setenv(HOME_ENV, str(shared_home))
    return AppPaths.from_environment()


@pytest.fixture
def write_practice(tmp_path: Path):
    """Write a practice file and return its path: write_practice(body, front=..., name=...)."""

    def write(body: str, front: str = "title: Test practice", name: str = "test-practice.md") -> Path:
        path = tmp_path / name
        path.write_text(f"---\n{front}\n---\n{body}", encoding="utf-8")
        return path

    return write


@pytest.fixture(scope="session")
def session_clips(shared_home: Path) -> Iterator[object]:
    """A ClipProvider on the shared home, with its worker pool, for the whole session."""
    from kindaudio.audio.clips.provider import ClipProvider

    with ClipProvider(AppPaths(shared_home / "data", shared_home / "cache", shared_home / "config")) as clips:
        yield clips


NATURAL_VOICE = "piper:en_US-joe-medium"


@pytest.fixture(scope="session")
def piper_clips(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """A ClipProvider with a warm natural-voice worker for the whole session (its model loads once).

    Tests ask for NATURAL_VOICE by name; it has a home of its own, so its clip cache fills once.
    """
    from kindaudio.audio.clips.provider import ClipProvider
    from kindaudio.audio.tts.engine import SpeechSettings

    home = tmp_path_factory.mktemp("piper-home")
    with ClipProvider(AppPaths(home / "data", home / "cache", home / "config")) as clips:
        clips.warm(SpeechSettings(NATURAL_VOICE, 140)).result(timeout=120)
        yield clips
