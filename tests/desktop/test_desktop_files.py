"""The freedesktop files that ship in kindaudio/data/desktop/, checked by the real tools desktops use.

desktop-file-validate (desktop-file-utils) and appstreamcli (appstream) are
the validators distributions and Flathub run; update-mime-database
(shared-mime-info) builds the MIME database from our type, and Qt's own MIME
database (what file dialogs ask) then recognises a real pack by it. The
window's X11 class is read off a real window on Xvfb, to see that the desktop
entry's StartupWMClass matches it. packaging/system-deps.sh installs the tools.
"""

from __future__ import annotations

import configparser
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

import kindaudio
from kindaudio.common.paths import APP_ID
from tests.xserver import virtual_screen

ROOT = Path(__file__).resolve().parents[2]
DESKTOP = ROOT / "kindaudio" / "data" / "desktop"
ENTRY = DESKTOP / f"{APP_ID}.desktop"
METAINFO = DESKTOP / f"{APP_ID}.metainfo.xml"
MIME = DESKTOP / f"{APP_ID}.mime.xml"
SCREENSHOTS = ROOT / "packaging" / "screenshots"
PACK_TYPE = "application/x-kindaudio-pack"
SETUP = "packaging/system-deps.sh installs it (make test runs it)"


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed; {SETUP}")
    return found


def desktop_entry(path: Path = ENTRY) -> configparser.SectionProxy:
    parser = configparser.RawConfigParser(delimiters=("=",), comment_prefixes=("#",), strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def run(*command: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, timeout=300, env=env, stdin=subprocess.DEVNULL)


# -- the desktop entry --------------------------------------------------------------


def test_the_desktop_entry_passes_desktop_file_validate_without_a_hint() -> None:
    result = run(tool("desktop-file-validate"), str(ENTRY))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout + result.stderr == ""  # not even a hint


def test_the_desktop_entry_opens_packs_and_practice_files_with_this_app() -> None:
    entry = desktop_entry()
    assert entry["Exec"] == "kindaudio %F"  # several files at once; install-desktop writes the full path
    assert entry["Icon"] == APP_ID
    assert entry["MimeType"].split(";") == [PACK_TYPE, "text/markdown", ""]
    assert "AudioVideo" in entry["Categories"].split(";")
    keywords = entry["Keywords"].split(";")
    assert {"meditation", "self-compassion", "mindfulness"} <= set(keywords)
    assert ENTRY.name == f"{APP_ID}.desktop"  # the desktop file id is the application id


# Run on the virtual screen: the app as `kindaudio` builds it; once its window is on the screen, the
# window's own X properties as the window manager reads them.
READ_WINDOW_PROPERTIES = """
import subprocess, sys
from PySide6.QtTest import QTest
from kindaudio.ui.app import build_app
running = build_app()
if not QTest.qWaitForWindowExposed(running.window, 120_000):
    sys.exit("the window never showed")
print(subprocess.run([sys.argv[1], "-id", str(int(running.window.winId())), "WM_CLASS", "_GTK_APPLICATION_ID"],
                     capture_output=True, text=True, check=True).stdout)
running.close()
"""


@pytest.mark.slow
def test_the_entrys_startup_wm_class_is_the_real_windows_x11_class(tmp_path: Path) -> None:
    """The desktop groups the running window with its entry by this (else a second, nameless icon shows)."""
    with virtual_screen() as display:
        env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "KINDAUDIO_HOME": str(tmp_path / "home")}
        result = run(sys.executable, "-c", READ_WINDOW_PROPERTIES, tool("xprop"), env=env)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    [window_class] = re.findall(r'^WM_CLASS\(STRING\) = "[^"]*", "([^"]*)"$', result.stdout, re.MULTILINE)
    assert desktop_entry()["StartupWMClass"] == window_class == "KindAudio"
    # Qt names the desktop file from app.setDesktopFileName (also Wayland's app id).
    assert f'_GTK_APPLICATION_ID(UTF8_STRING) = "{APP_ID}"' in result.stdout


# -- AppStream ---------------------------------------------------------------------


def test_the_metainfo_passes_appstreamcli_validate_pedantic() -> None:
    result = run(tool("appstreamcli"), "validate", "--no-net", "--pedantic", str(METAINFO))
    assert result.returncode == 0, result.stdout + result.stderr
    # No error or warning at all; two notes stay: the id's capitals (our reverse-DNS id) and <developer>,
    # which AppStream 1.0 introduced and older validators do not know yet (<developer_name> says it for them).
    issues = [line for line in result.stdout.splitlines() if re.match(r"^[EWIP]: ", line)]
    assert all(line.startswith(("I: ", "P: ")) for line in issues), result.stdout
    assert {line.split()[2] for line in issues} <= {"cid-contains-uppercase-letter", "unknown-tag"}, result.stdout


def test_the_metainfo_says_who_what_and_under_which_licence() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("project_license") == "GPL-3.0-or-later"
    assert root.findtext("launchable") == ENTRY.name
    assert root.find("content_rating").get("type") == "oars-1.1"  # type: ignore[union-attr]
    assert root.findtext("developer/name") == root.findtext("developer_name") == "The KindAudio authors"
    [release] = root.findall("releases/release")
    assert (release.get("version"), release.get("date")) == (kindaudio.__version__, "2026-12-07")
    assert root.findtext("provides/mediatype") == PACK_TYPE
    paragraphs = " ".join(p.text or "" for p in root.iter("p"))
    assert "self-compassion" in paragraphs and "therapist" in paragraphs


def test_every_screenshot_the_metainfo_names_is_in_the_repository_at_its_size() -> None:
    images = ET.parse(METAINFO).getroot().findall("screenshots/screenshot/image")
    assert len(images) >= 3
    for image in images:
        name = (image.text or "").rsplit("/", 1)[-1]
        picture = QImage(str(SCREENSHOTS / name))
        assert not picture.isNull(), name
        assert (picture.width(), picture.height()) == (int(image.get("width", 0)), int(image.get("height", 0)))
        assert (picture.width(), picture.height()) == (1280, 720), name
        assert (SCREENSHOTS / name).stat().st_size < 100_000, f"{name}: run packaging/screenshots/shrink.py"


# -- the MIME type -------------------------------------------------------------------


def test_the_pack_type_builds_into_a_mime_database_that_knows_kindpack_files(tmp_path: Path) -> None:
    mime = tmp_path / "share" / "mime"
    (mime / "packages").mkdir(parents=True)
    shutil.copy(MIME, mime / "packages" / f"{APP_ID}.xml")
    # A malformed file is reported on stderr (the exit status stays 0), so nothing may be said there.
    result = run(tool("update-mime-database"), str(mime), env={**os.environ, "XDG_DATA_HOME": str(mime.parent)})
    assert result.returncode == 0 and result.stdout + result.stderr == "", result.stdout + result.stderr
    assert f"{PACK_TYPE}:*.kindpack" in (mime / "globs2").read_text(encoding="utf-8")
    assert f"{PACK_TYPE} application/zip" in (mime / "subclasses").read_text(encoding="utf-8")


def test_qt_recognises_a_real_pack_by_the_installed_type(tmp_path: Path) -> None:
    """What the window's file dialogs and a Qt desktop see; a fresh process, so Qt reads the new database."""
    share = tmp_path / "share"
    (share / "mime" / "packages").mkdir(parents=True)
    shutil.copy(MIME, share / "mime" / "packages" / f"{APP_ID}.xml")
    assert run(tool("update-mime-database"), str(share / "mime")).returncode == 0
    pack = tmp_path / "from-sam.kindpack"
    with zipfile.ZipFile(pack, "w") as archive:
        archive.writestr("manifest.json", "{}")
    code = ("import sys; from PySide6.QtCore import QMimeDatabase; t = QMimeDatabase().mimeTypeForFile(sys.argv[1]);"
            "print(t.name(), t.comment(), t.inherits('application/zip'), sep='|')")
    result = run(sys.executable, "-c", code, str(pack), env={**os.environ, "XDG_DATA_HOME": str(share)})
    assert result.stdout.strip() == f"{PACK_TYPE}|KindAudio practice pack|True", result.stderr


# -- the icons ---------------------------------------------------------------------


def test_the_committed_icons_are_a_fresh_render_of_the_svg() -> None:
    result = run(sys.executable, str(ROOT / "packaging" / "render_icons.py"), "--check")
    assert result.returncode == 0, result.stderr


def test_the_icon_is_there_at_every_hicolor_size_with_a_transparent_corner() -> None:
    sizes = sorted(int(folder.name.split("x")[0]) for folder in (DESKTOP / "hicolor").iterdir())
    assert sizes == [16, 22, 24, 32, 48, 64, 128, 256, 512]
    for size in sizes:
        image = QImage(str(DESKTOP / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"))
        assert (image.width(), image.height()) == (size, size)
        assert image.hasAlphaChannel() and image.pixelColor(0, 0).alpha() == 0  # a round icon, not a square
        assert image.pixelColor(size // 2, size // 2).alpha() == 255
