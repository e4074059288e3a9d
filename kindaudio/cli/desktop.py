"""`kindaudio install-desktop [--uninstall]`: KindAudio in the desktop's menu, and .kindpack files it opens.

  kindaudio install-desktop              for you only, under $XDG_DATA_HOME (~/.local/share)
  kindaudio install-desktop --uninstall  take exactly those files away again

For an install with pip or pipx, which tells the desktop nothing; the work is
in kindaudio.desktop.install.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from kindaudio.cli.exit_codes import EXIT_OK


def add_parser(commands: Any) -> None:
    """Add `install-desktop` to the `kindaudio` command's subparsers."""
    desktop = commands.add_parser(
        "install-desktop", help="add KindAudio to your desktop's menu, and let it open .kindpack files",
        description="Adds KindAudio's menu entry, icon, file type for practice packs and its description for "
                    "software centres to your own data folder ($XDG_DATA_HOME, usually ~/.local/share). "
                    "Nothing outside it changes, and no administrator is needed.")
    desktop.add_argument("--uninstall", action="store_true", help="remove what install-desktop added")


def run(args: argparse.Namespace) -> int:
    from kindaudio.desktop.install import data_home, install, launcher_command, uninstall

    home = data_home()
    if args.uninstall:
        outcome = uninstall(home)
        if not outcome.files:
            print(f"KindAudio's desktop files are not in {home}; there is nothing to remove.")
            return EXIT_OK
        print(f"Removed KindAudio from your desktop ({len(outcome.files)} files in {home}):")
    else:
        command = launcher_command()
        outcome = install(home, command)
        print(f"KindAudio is in your desktop's menu now, and opens .kindpack files "
              f"({len(outcome.files)} files in {home}; it starts {' '.join(command)}):")
    for path in outcome.files:
        print(f"  {_shown(path, home)}")
    if outcome.refreshed:
        print(f"Updated with {', '.join(outcome.refreshed)}.")
    for problem in outcome.problems:
        print(f"Note: {problem}. The files are in place; your desktop notices them when you next log in.")
    return EXIT_OK


def _shown(path: Path, home: Path) -> str:
    try:
        return str(path.relative_to(home))
    except ValueError:
        return str(path)
