"""Registering KindAudio with the person's desktop: the menu entry, the icon, the pack file type, the metadata.

`pip install kindaudio` (or pipx) puts a `kindaudio` command on the machine
but tells the desktop nothing, so the app is missing from the menu and a
.kindpack is just a zip to the file manager. `kindaudio install-desktop` copies
the freedesktop files that ship in kindaudio/data/desktop/ into the person's
own data folder ($XDG_DATA_HOME, usually ~/.local/share), where every
freedesktop desktop looks, and needs no administrator:

  applications/org.kindaudio.KindAudio.desktop         the menu entry; Exec is this very kindaudio
  icons/hicolor/<N>x<N>/apps/org.kindaudio.KindAudio.png, icons/hicolor/scalable/apps/….svg
  mime/packages/org.kindaudio.KindAudio.xml            application/x-kindaudio-pack for *.kindpack
  metainfo/org.kindaudio.KindAudio.metainfo.xml        what software centres show

Every file is named after the application id, so `--uninstall` removes
exactly these (and icons of sizes an older version installed) and nothing of
anyone else's. The desktop's caches are brought up to date with its own tools
when they are on the machine; without them the files still work once the
desktop looks again (at the next login at the latest), so their absence is
no error. No Qt here: this runs in a terminal, perhaps with no screen at all.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kindaudio.common.atomicfile import write_bytes_atomic, write_text_atomic
from kindaudio.common.errors import KindAudioError, UserInputError
from kindaudio.common.paths import APP_ID, shipped

log = logging.getLogger(__name__)

DESKTOP_FILE = f"{APP_ID}.desktop"
METAINFO_FILE = f"{APP_ID}.metainfo.xml"
MIME_FILE = f"{APP_ID}.mime.xml"  # as shipped; installed as mime/packages/<APP_ID>.xml
EXEC_FIELD = "%F"  # the files the desktop opens with KindAudio (several at once)
TOOL_SECONDS = 120  # a cache tool that takes longer than this is stuck; the files are in place anyway
# The characters the Desktop Entry spec reserves in Exec arguments (they must be quoted).
_EXEC_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


@dataclass(frozen=True)
class Placed:
    """One file KindAudio puts on the desktop: where it comes from (in the package) and where it goes."""

    source: Path
    target: Path


@dataclass
class Outcome:
    """What install or uninstall did: the files written or removed, the caches updated, what could not be."""

    files: list[Path] = field(default_factory=list)
    refreshed: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def data_home(environ: Mapping[str, str] | None = None) -> Path:
    """$XDG_DATA_HOME, or ~/.local/share when it is unset or not absolute (as the XDG spec says)."""
    value = (os.environ if environ is None else environ).get("XDG_DATA_HOME", "")
    if value and Path(value).is_absolute():
        return Path(value)
    return Path.home() / ".local" / "share"


def check_platform() -> None:
    if sys.platform in ("win32", "darwin"):
        raise UserInputError("install-desktop registers KindAudio with Linux and BSD desktops (the freedesktop "
                             "menu, icons and file types); on Windows and macOS start KindAudio from its bundle")


def launcher_command(argv0: str | None = None, executable: str | None = None,
                     frozen: bool | None = None) -> list[str]:
    """The command that starts the KindAudio now running, for the menu entry's Exec.

    A bundle's own program when frozen (PyInstaller); the console script when
    we were started by it (a pipx symlink resolved to the script in its venv),
    else the console script beside this Python (the same venv, started as
    `python -m kindaudio`), else `python -m kindaudio`. The interpreter itself
    is not resolved: a venv's python is a symlink whose target does not see
    the venv's packages.
    """
    argv0 = sys.argv[0] if argv0 is None else argv0
    executable = sys.executable if executable is None else executable
    if getattr(sys, "frozen", False) if frozen is None else frozen:
        return [str(Path(executable).absolute())]
    script = Path(argv0)
    if script.name in ("kindaudio", "kindaudio.exe") and _is_program(script):
        return [str(script.resolve())]
    beside = Path(executable).parent / "kindaudio"
    if _is_program(beside):
        return [str(beside.absolute())]
    return [str(Path(executable).absolute()), "-m", "kindaudio"]


def _is_program(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)


def exec_value(command: list[str]) -> str:
    """`command` (then %F) as a desktop entry's Exec value.

    The spec's two layers, innermost first: an argument with a reserved
    character is double-quoted, with " ` $ and \\ escaped by a backslash inside;
    a literal % is %%; then the whole value, being a string, has each backslash
    doubled again.
    """
    arguments = []
    for argument in command:
        if any(c in argument for c in "\n\r"):
            raise UserInputError(f"KindAudio's path has a line break in it ({argument!r}), which a desktop "
                                 "entry cannot hold; install it in a folder without one")
        argument = argument.replace("%", "%%")
        if any(c in _EXEC_RESERVED for c in argument):
            escaped = "".join(f"\\{c}" if c in '"`$\\' else c for c in argument)
            argument = f'"{escaped}"'
        arguments.append(argument)
    return " ".join([*arguments, EXEC_FIELD]).replace("\\", "\\\\")


def desktop_entry(command: list[str]) -> str:
    """The shipped desktop entry with Exec starting `command`."""
    text = (shipped("desktop") / DESKTOP_FILE).read_text(encoding="utf-8")
    lines = text.splitlines()
    exec_lines = [i for i, line in enumerate(lines) if line.startswith("Exec=")]
    if len(exec_lines) != 1:
        raise KindAudioError(f"{DESKTOP_FILE} as shipped has {len(exec_lines)} Exec lines, not one",
                             hint="Reinstall KindAudio (pip install --force-reinstall kindaudio).")
    lines[exec_lines[0]] = f"Exec={exec_value(command)}"
    return "\n".join(lines) + "\n"


def placements(home: Path) -> list[Placed]:
    """Every shipped desktop file and where it goes under `home` (the XDG data folder)."""
    source = shipped("desktop")
    icons = home / "icons" / "hicolor"
    placed = [
        Placed(source / DESKTOP_FILE, home / "applications" / DESKTOP_FILE),
        Placed(source / METAINFO_FILE, home / "metainfo" / METAINFO_FILE),
        Placed(source / MIME_FILE, home / "mime" / "packages" / f"{APP_ID}.xml"),
        Placed(shipped("icons") / "kindaudio.svg", icons / "scalable" / "apps" / f"{APP_ID}.svg"),
    ]
    for png in sorted((source / "hicolor").glob(f"*/apps/{APP_ID}.png")):
        placed.append(Placed(png, icons / png.relative_to(source / "hicolor")))
    return placed


def installed_files(home: Path) -> list[Path]:
    """KindAudio's files under `home` now: what --uninstall removes (each is named after the app id)."""
    fixed = [home / "applications" / DESKTOP_FILE, home / "metainfo" / METAINFO_FILE,
             home / "mime" / "packages" / f"{APP_ID}.xml"]
    icons = sorted((home / "icons" / "hicolor").glob(f"*/apps/{APP_ID}.*"))
    return [path for path in (*fixed, *icons) if path.is_file() or path.is_symlink()]


def install(home: Path | None = None, command: list[str] | None = None) -> Outcome:
    """Copy the desktop files into `home` (default: the XDG data folder), Exec starting `command`."""
    check_platform()
    home = data_home() if home is None else home
    command = launcher_command() if command is None else command
    entry = desktop_entry(command)
    outcome = Outcome()
    for placed in placements(home):
        _make_folder(placed.target.parent)
        if placed.target.name == DESKTOP_FILE:
            write_text_atomic(placed.target, entry)
        else:
            write_bytes_atomic(placed.target, placed.source.read_bytes())
        outcome.files.append(placed.target)
    log.info("desktop files written under %s", home)
    _refresh_caches(home, outcome)
    return outcome


def uninstall(home: Path | None = None) -> Outcome:
    """Remove KindAudio's desktop files from `home` (default: the XDG data folder) and update the caches."""
    check_platform()
    home = data_home() if home is None else home
    outcome = Outcome()
    for path in installed_files(home):
        path.unlink()
        outcome.files.append(path)
    if outcome.files:
        _refresh_caches(home, outcome)
    return outcome


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise KindAudioError(f"cannot make the folder {folder}: {exc.strerror}",
                             hint="Check that your data folder is writable (XDG_DATA_HOME).") from exc


def _refresh_caches(home: Path, outcome: Outcome) -> None:
    """Run the desktop's cache tools that are on the machine, so the change shows without logging out.

    The icon cache is only kept current, never created: a user's hicolor
    folder usually has none, GTK then reads the folders directly, and a cache
    that other installers do not update would hide their icons.
    """
    hicolor = home / "icons" / "hicolor"
    jobs = [("update-desktop-database", ["-q", str(home / "applications")], home / "applications"),
            ("update-mime-database", [str(home / "mime")], home / "mime"),
            ("gtk-update-icon-cache", ["--quiet", "--force", "--ignore-theme-index", str(hicolor)],
             hicolor / "icon-theme.cache")]
    for tool, arguments, needed in jobs:
        program = shutil.which(tool)
        if program is None or not needed.exists():
            log.debug("not running %s (%s)", tool, "not installed" if program is None else f"no {needed}")
            continue
        try:
            result = subprocess.run([program, *arguments], capture_output=True, text=True, timeout=TOOL_SECONDS,
                                    stdin=subprocess.DEVNULL)
        except (OSError, subprocess.TimeoutExpired) as exc:
            outcome.problems.append(f"{tool} did not run: {exc}")
            continue
        if result.returncode != 0:
            said = (result.stderr or result.stdout).strip().splitlines()
            outcome.problems.append(f"{tool} failed ({said[-1] if said else f'exit status {result.returncode}'})")
        else:
            outcome.refreshed.append(tool)
