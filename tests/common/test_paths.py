"""Where KindAudio keeps things: platform folders, or all under KINDAUDIO_HOME."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from kindaudio.common.paths import HOME_ENV, AppPaths, ensure_dir, shipped


def test_kindaudio_home_puts_everything_under_one_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(HOME_ENV, str(tmp_path / "portable"))
    paths = AppPaths.from_environment()
    assert paths.data == tmp_path / "portable" / "data"
    assert paths.cache == tmp_path / "portable" / "cache"
    assert paths.config == tmp_path / "portable" / "config"
    assert paths.practices == paths.data / "practices"
    assert paths.recordings == paths.data / "recordings"
    assert paths.clip_cache == paths.cache / "clips"


def test_without_it_the_platform_folders_are_used(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(HOME_ENV)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    paths = AppPaths.from_environment()
    assert paths.data == tmp_path / "xdg-data" / "KindAudio"
    assert paths.cache == tmp_path / "xdg-cache" / "KindAudio"
    assert paths.config == tmp_path / "xdg-config" / "KindAudio"


def test_folders_the_app_makes_are_private(tmp_path: Path) -> None:
    made = ensure_dir(tmp_path / "a" / "b")
    assert made.is_dir()
    assert stat.S_IMODE(os.stat(made).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(tmp_path / "a").st_mode) == 0o700  # the parents it had to make, too
    assert ensure_dir(made) == made  # and there already: fine


def test_the_shipped_folders_are_found() -> None:
    assert (shipped("practices") / "affectionate-breathing.md").is_file()
    assert shipped("recordings").is_dir()
