"""`kindaudio install-desktop [--uninstall]`: the files land under XDG_DATA_HOME, validate, and leave again.

Run as the real command in its own process, against a temporary data folder
that already holds another application's files (which must not change), with
the real desktop tools updating the caches. The installed tree is then
checked the way a software centre would: `appstreamcli validate-tree` finds
the metainfo, its launchable desktop entry and the icon.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from kindaudio.common.paths import APP_ID
from kindaudio.desktop.install import data_home, exec_value, install, launcher_command
from tests.desktop.test_desktop_files import desktop_entry, tool
from tests.support.command import EXIT_FAILURE, EXIT_OK, assert_clean_failure, kindaudio

OTHER_APP = """[Desktop Entry]
Type=Application
Name=Another App
Exec=another-app %U
MimeType=text/plain;
"""


def files_under(root: Path) -> dict[str, bytes]:
    return {str(path.relative_to(root)): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


@pytest.fixture
def share(tmp_path: Path) -> Path:
    """A data folder laid out as /usr/share is (so validate-tree reads it), with another app already in it."""
    folder = tmp_path / "root" / "usr" / "share"
    (folder / "applications").mkdir(parents=True)
    (folder / "applications" / "another-app.desktop").write_text(OTHER_APP, encoding="utf-8")
    (folder / "icons" / "hicolor" / "48x48" / "apps").mkdir(parents=True)
    (folder / "icons" / "hicolor" / "48x48" / "apps" / "another-app.png").write_bytes(b"not ours")
    return folder


def test_install_desktop_puts_every_file_in_place_and_they_validate(share: Path) -> None:
    before = files_under(share)
    result = kindaudio("install-desktop", env={"XDG_DATA_HOME": str(share)})
    assert result.returncode == EXIT_OK, result.stderr
    assert "Traceback" not in result.stderr
    assert str(share) in result.stdout and "update-desktop-database" in result.stdout

    entry_path = share / "applications" / f"{APP_ID}.desktop"
    expected = [entry_path, share / "metainfo" / f"{APP_ID}.metainfo.xml",
                share / "mime" / "packages" / f"{APP_ID}.xml",
                share / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg",
                *(share / "icons" / "hicolor" / f"{n}x{n}" / "apps" / f"{APP_ID}.png"
                  for n in (16, 22, 24, 32, 48, 64, 128, 256, 512))]
    assert all(path.is_file() for path in expected), [str(p) for p in expected if not p.is_file()]
    assert {name: data for name, data in files_under(share).items() if name in before} == before

    # Exec starts this very kindaudio (the console script of the venv running the tests), with the files.
    program, field = desktop_entry(entry_path)["Exec"].split(" ")
    assert field == "%F" and Path(program).is_absolute() and os.access(program, os.X_OK)
    assert Path(program).name == "kindaudio"
    validated = subprocess.run([tool("desktop-file-validate"), str(entry_path)], capture_output=True, text=True)
    assert validated.returncode == 0 and validated.stdout == "", validated.stdout
    tree = subprocess.run([tool("appstreamcli"), "validate-tree", "--no-net", str(share.parents[1])],
                          capture_output=True, text=True)
    assert tree.returncode == 0, tree.stdout + tree.stderr
    assert "W:" not in tree.stdout and "E:" not in tree.stdout, tree.stdout

    # The desktop's caches now know the entry and the pack type.
    assert f"application/x-kindaudio-pack={APP_ID}.desktop;" in (
        share / "applications" / "mimeinfo.cache").read_text(encoding="utf-8")
    assert "application/x-kindaudio-pack:*.kindpack" in (share / "mime" / "globs2").read_text(encoding="utf-8")


def test_uninstall_removes_exactly_what_install_added(share: Path) -> None:
    before = files_under(share)
    assert kindaudio("install-desktop", env={"XDG_DATA_HOME": str(share)}).returncode == EXIT_OK
    result = kindaudio("install-desktop", "--uninstall", env={"XDG_DATA_HOME": str(share)})
    assert result.returncode == EXIT_OK, result.stderr
    assert "Removed KindAudio" in result.stdout and "13 files" in result.stdout

    after = files_under(share)
    assert not [name for name in after if APP_ID in name], after.keys()
    assert {name: data for name, data in after.items() if name in before} == before  # the other app's, untouched
    # What is left besides is the caches the desktop's tools keep, rebuilt without KindAudio.
    assert set(after) - set(before) <= {"applications/mimeinfo.cache"} | {
        name for name in after if name.startswith("mime/") and "/packages/" not in name}
    assert "kindaudio" not in (share / "applications" / "mimeinfo.cache").read_text(encoding="utf-8")
    assert "kindpack" not in (share / "mime" / "globs2").read_text(encoding="utf-8")

    again = kindaudio("install-desktop", "--uninstall", env={"XDG_DATA_HOME": str(share)})
    assert again.returncode == EXIT_OK and "nothing to remove" in again.stdout


def test_an_existing_icon_cache_is_kept_current_and_none_is_made(share: Path) -> None:
    """gtk-update-icon-cache runs only where a cache already is (a stale one would hide others' icons)."""
    if shutil.which("gtk-update-icon-cache") is None:
        pytest.skip("gtk-update-icon-cache is not installed here (it is optional for install-desktop)")
    install(share, ["/opt/kindaudio/bin/kindaudio"])
    assert not (share / "icons" / "hicolor" / "icon-theme.cache").exists()
    subprocess.run(["gtk-update-icon-cache", "--quiet", "--ignore-theme-index", str(share / "icons" / "hicolor")],
                   check=True)
    outcome = install(share, ["/opt/kindaudio/bin/kindaudio"])
    assert "gtk-update-icon-cache" in outcome.refreshed and outcome.problems == []


def test_a_path_with_spaces_and_shell_characters_is_quoted_so_the_entry_still_validates(share: Path) -> None:
    odd = share.parent / "My Apps $HOME 100%" / "bin" / "kindaudio"
    install(share, [str(odd)])
    entry = share / "applications" / f"{APP_ID}.desktop"
    assert desktop_entry(entry)["Exec"] == f'"{share.parent}/My Apps \\\\$HOME 100%%/bin/kindaudio" %F'
    validated = subprocess.run([tool("desktop-file-validate"), str(entry)], capture_output=True, text=True)
    assert validated.returncode == 0 and validated.stdout == "", validated.stdout


def test_exec_values_follow_the_desktop_entry_quoting_rules() -> None:
    assert exec_value(["/usr/bin/kindaudio"]) == "/usr/bin/kindaudio %F"
    assert exec_value(["/usr/bin/python3", "-m", "kindaudio"]) == "/usr/bin/python3 -m kindaudio %F"
    # Quoted, with " ` $ \ escaped inside the quotes, then every backslash doubled (the string rule).
    assert exec_value(['/a b/"q"']) == '"/a b/\\\\"q\\\\"" %F'
    assert exec_value(["/a\\b"]) == '"/a\\\\\\\\b" %F'


def test_exec_is_the_bundle_or_the_console_script_that_runs_or_the_one_beside_python_or_python(tmp_path: Path) -> None:
    venv_bin = tmp_path / "venv" / "bin"
    venv_bin.mkdir(parents=True)
    python = venv_bin / "python"
    python.write_text("")
    script = venv_bin / "kindaudio"
    script.write_text("#!/bin/sh\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    link = tmp_path / "local-bin" / "kindaudio"  # as pipx links it into ~/.local/bin
    link.parent.mkdir()
    link.symlink_to(script)
    assert launcher_command(str(link), str(python)) == [str(script)]
    assert launcher_command("/src/kindaudio/__main__.py", str(python)) == [str(script)]
    script.unlink()
    assert launcher_command("/src/kindaudio/__main__.py", str(python)) == [str(python), "-m", "kindaudio"]
    # A PyInstaller bundle: its own program, whatever it is called.
    assert launcher_command("KindAudio", "/opt/KindAudio/KindAudio", frozen=True) == ["/opt/KindAudio/KindAudio"]


def test_the_data_folder_is_xdg_data_home_when_absolute_else_local_share() -> None:
    assert data_home({"XDG_DATA_HOME": "/srv/share"}) == Path("/srv/share")
    assert data_home({"XDG_DATA_HOME": "relative/share"}) == Path.home() / ".local" / "share"
    assert data_home({}) == Path.home() / ".local" / "share"


def test_a_data_folder_that_cannot_be_written_is_a_clear_error_and_nothing_is_left(tmp_path: Path) -> None:
    blocker = tmp_path / "share"
    blocker.write_text("a file where the folder should be")
    result = kindaudio("install-desktop", env={"XDG_DATA_HOME": str(blocker)})
    assert_clean_failure(result, EXIT_FAILURE)
    assert f"cannot make the folder {blocker}/applications" in result.stderr
    assert "XDG_DATA_HOME" in result.stderr
    # Nothing was installed anywhere: beside the blocker there is only KindAudio's own home (its log).
    assert blocker.read_text() == "a file where the folder should be"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "home") == ["share"]
