"""The reminders' autostart entry: where it goes, what it runs (quoted as the Desktop Entry Specification
says), and that the real validator accepts it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kindaudio.desktop.autostart import (
    AUTOSTART_FILE,
    autostart_entry,
    autostart_folder,
    autostart_path,
    kindaudio_command,
    open_app_command,
    set_autostart,
    waiting_command,
)
from tests.support.desktop import exec_of


def test_the_entry_lives_in_the_sessions_autostart_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "conf"))
    assert autostart_path() == tmp_path / "conf" / "autostart" / "org.kindaudio.KindAudio-reminders.desktop"
    for unset in ("", "relative/path"):  # the specification: ignore these, use ~/.config
        monkeypatch.setenv("XDG_CONFIG_HOME", unset)
        monkeypatch.setenv("HOME", str(tmp_path / "me"))
        assert autostart_folder() == tmp_path / "me" / ".config" / "autostart"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "conf"))
    assert set_autostart(True).name == AUTOSTART_FILE and autostart_path().is_file()
    set_autostart(False)
    set_autostart(False)  # already gone: still fine
    assert not autostart_path().exists()


@pytest.mark.parametrize("odd", ["/opt/Kind Audio/bin/python", "/home/o'neill/py", '/srv/"q"/py', "/x/100%/py",
                                 "/back\\slash/py", "/d$ollar/`tick`/py"])
def test_any_install_path_survives_the_quoting(odd: str, tmp_path: Path) -> None:
    command = [odd, "-m", "kindaudio", "remind", "--wait"]
    entry = tmp_path / "entry.desktop"
    entry.write_text(autostart_entry(command), encoding="utf-8")
    assert exec_of(entry) == command
    validator = shutil.which("desktop-file-validate")
    assert validator, "desktop-file-utils is installed by packaging/system-deps.sh"
    checked = subprocess.run([validator, str(entry)], capture_output=True, text=True, timeout=60)
    assert checked.returncode == 0 and checked.stdout == "", checked.stdout


def test_the_entry_shows_no_window_and_no_menu_item(tmp_path: Path) -> None:
    text = autostart_entry(waiting_command())
    assert "NoDisplay=true" in text.splitlines() and "Terminal=false" in text.splitlines()
    assert "Type=Application" in text and "Icon=org.kindaudio.KindAudio" in text


def test_the_commands_run_this_same_kindaudio() -> None:
    assert kindaudio_command("list") == [sys.executable, "-m", "kindaudio", "list"]
    assert waiting_command()[-2:] == ["remind", "--wait"]
    assert open_app_command() == [sys.executable, "-m", "kindaudio", "window"]
    assert open_app_command("silent-timer")[-2:] == ["window", "silent-timer"]
    result = subprocess.run([*waiting_command()[:3], "remind", "--help"], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0 and "--wait" in result.stdout
