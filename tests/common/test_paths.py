"""Where KindAudio keeps things: platform folders, or all under KINDAUDIO_HOME."""

from __future__ import annotations

import os
import stat
import zipfile
from importlib import resources
from pathlib import Path

import pytest

from kindaudio.common import paths as paths_module
from kindaudio.common.errors import KindAudioError
from kindaudio.common.paths import HOME_ENV, AppPaths, ensure_dir, shipped


def test_kindaudio_home_puts_everything_under_one_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(HOME_ENV, str(tmp_path / "portable"))
    paths = AppPaths.from_environment()
    assert paths.data == tmp_path / "portable" / "data"
    assert paths.cache == tmp_path / "portable" / "cache"
    assert paths.config == tmp_path / "portable" / "config"
    assert paths.state == tmp_path / "portable" / "state"
    assert paths.log_file == paths.state / "kindaudio.log"
    assert paths.practices == paths.data / "practices"
    assert paths.recordings == paths.data / "recordings"
    assert paths.clip_cache == paths.cache / "clips"


def test_without_it_the_platform_folders_are_used(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(HOME_ENV)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))
    paths = AppPaths.from_environment()
    assert paths.data == tmp_path / "xdg-data" / "KindAudio"
    assert paths.cache == tmp_path / "xdg-cache" / "KindAudio"
    assert paths.config == tmp_path / "xdg-config" / "KindAudio"
    assert paths.state == tmp_path / "xdg-state" / "KindAudio"


def test_paths_made_by_hand_keep_their_state_beside_the_data(tmp_path: Path) -> None:
    paths = AppPaths(tmp_path / "a" / "data", tmp_path / "cache", tmp_path / "config")
    assert paths.state == tmp_path / "a" / "state"
    assert AppPaths(tmp_path / "data", tmp_path / "c", tmp_path / "g", tmp_path / "s").state == tmp_path / "s"


def test_folders_the_app_makes_are_private(tmp_path: Path) -> None:
    made = ensure_dir(tmp_path / "a" / "b")
    assert made.is_dir()
    assert stat.S_IMODE(os.stat(made).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(tmp_path / "a").st_mode) == 0o700  # the parents it had to make, too
    assert ensure_dir(made) == made  # and there already: fine


def test_the_shipped_folders_are_found() -> None:
    assert (shipped("practices") / "affectionate-breathing.md").is_file()
    assert shipped("recordings").is_dir()


def test_the_shipped_files_are_found_inside_the_package() -> None:
    import kindaudio

    assert shipped("palettes.json") == Path(kindaudio.__file__).parent / "data" / "palettes.json"


def test_a_missing_shipped_file_says_the_install_is_incomplete() -> None:
    with pytest.raises(KindAudioError, match="not installed completely: .*no-such-file.* is missing") as caught:
        shipped("no-such-file")
    assert caught.value.hint is not None and "Reinstall KindAudio" in caught.value.hint


def test_a_missing_data_package_says_the_install_is_incomplete(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paths_module, "SHIPPED_PACKAGE", "kindaudio.no_such_data")
    with pytest.raises(KindAudioError, match="not installed completely: kindaudio.no_such_data is missing"):
        shipped("practices")


def test_files_inside_a_zip_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    archive = tmp_path / "kindaudio.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("kindaudio/data/palettes.json", "{}")
    monkeypatch.setattr(resources, "files", lambda package: zipfile.Path(archive, "kindaudio/data/"))
    with pytest.raises(KindAudioError, match="not in a folder on disk"):
        shipped("palettes.json")
