"""Real parts for the window's tests: core services on the test's own home, the test sound card.

Widgets run offscreen (tests/conftest.py). The speech workers are real; the
clip cache is the session's shared one unless a test asks for its own home,
so each shipped sentence is synthesised once per run.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kindaudio.audio.clips.provider import ClipProvider
from kindaudio.audio.format import MIX_RATE
from kindaudio.audio.playback.player import Player
from kindaudio.common.paths import AppPaths
from kindaudio.ui.main_window import MainWindow
from kindaudio.ui.player_bridge import PlayerBridge
from kindaudio.ui.services import Services, SettingsStore
from kindaudio.ui.tasks import TaskRunner
from tests.support.ui import PACE, SPEED, WAIT_MS, SoundCard, settled


@pytest.fixture(autouse=True)
def kept_look(qapp: QApplication) -> Iterator[None]:
    """Every test leaves the application's look as it found it: later ones measure widgets at its font.

    Tests that try a text size or a theme put back Settings()' look, which is
    not always the one they found (a Library card then measured too wide at 1280 x 720).
    """
    style, palette, font = qapp.styleSheet(), qapp.palette(), qapp.font()
    yield
    if qapp.styleSheet() != style:
        qapp.setStyleSheet(style)
    if qapp.palette() != palette:
        qapp.setPalette(palette)
    if qapp.font() != font:
        qapp.setFont(font)


@pytest.fixture
def sound_card(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> SoundCard:
    path = tmp_path / "received.raw"
    monkeypatch.setenv("KINDAUDIO_TEST_AUDIO_OUT", f"|{sys.executable} {PACE} {MIX_RATE * 2 * SPEED} {path}")
    return SoundCard(path)


def _services(paths: AppPaths, clips: ClipProvider, request: pytest.FixtureRequest) -> Iterator[Services]:
    pool = QThreadPool()
    player = Player()
    settings = SettingsStore(paths)
    if not request.node.get_closest_marker("first_run"):
        settled(settings, therapist=request.node.get_closest_marker("therapist_view") is not None)
    built = Services(paths=paths, clips=clips, player=player, bridge=PlayerBridge(player),
                     tasks=TaskRunner(pool), settings=settings)
    yield built
    player.close()
    built.bridge.detach()
    pool.waitForDone(30_000)


@pytest.fixture
def services(paths: AppPaths, session_clips: ClipProvider, qtbot: object,
             request: pytest.FixtureRequest) -> Iterator[Services]:
    """The app's services on this test's home (settings, practices), sharing the session's speech.

    The profile has seen the welcome (the window opens on the Library) and is in the client view, the
    app's own default: a test marked `therapist_view` gets the therapist's tools, one marked `first_run`
    a new profile (tests/support/ui.py settled).
    """
    yield from _services(paths, session_clips, request)


@pytest.fixture
def own_services(paths: AppPaths, qtbot: object, request: pytest.FixtureRequest) -> Iterator[Services]:
    """Services whose clips look in this test's own data folder too (recordings made or shared there)."""
    clips = ClipProvider(paths)
    yield from _services(paths, clips, request)
    clips.close()


@pytest.fixture
def window(services: Services, qtbot: QtBot) -> Iterator[MainWindow]:
    """The whole window on the shared services, shown with the Library's cards in place."""
    shown = MainWindow(services)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitUntil(lambda: bool(shown.library.cards()) and not shown.library.is_loading(), timeout=WAIT_MS)
    yield shown
    shown.close()
