"""`kindaudio window [FILE ...]` (and `kindaudio` alone): the window, once we know it can open here.

FILE is a practice (a file or an id), shown on the practice page, or a practice
pack (.kindpack), offered in the import dialog; the desktop opens files with
KindAudio as `kindaudio FILE ...` (kindaudio.cli routes that here). With
--journal the window opens on a new journal entry instead (after the welcome,
the first time): what an evening reminder's "Write a few kind words" starts.
When KindAudio is open already, either request goes to the open window.

The screen is looked for before Qt is loaded: without one, Qt itself aborts
with a long message that does not say what to do instead. This is the one
module outside kindaudio/ui that reaches the window (tests/test_layers.py).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Collection
from pathlib import Path
from typing import Any

from kindaudio.common.errors import KindAudioError, UserInputError

PACK_SUFFIX = ".kindpack"  # kindaudio.pack.PACK_SUFFIX, spelt out so the window starts without that package
FILE_SUFFIXES = (".md", PACK_SUFFIX)


class NoScreenError(KindAudioError):
    """The window cannot open: there is no screen to open it on."""


def add_parser(commands: Any) -> None:
    """Add `window` to the `kindaudio` command's subparsers."""
    window = commands.add_parser("window", help="open the window (what `kindaudio` alone does)")
    window.add_argument("files", nargs="*", metavar="FILE",
                        help="practice files (or ids) to open, or .kindpack practice packs to import")
    window.add_argument("--journal", action="store_true",
                        help="open on a new journal entry, to write a few kind words")


def run(args: argparse.Namespace) -> int:
    journal = getattr(args, "journal", False)  # `kindaudio` alone comes here with files only
    if journal and args.files:
        raise UserInputError(f"--journal opens the window on a new journal entry, so it takes no files "
                             f"({len(args.files)} given)",
                             hint="Open the files with `kindaudio window FILE ...`, or write with "
                                  "`kindaudio window --journal`.")
    files = [_resolve(reference) for reference in args.files]
    check_screen()
    from kindaudio.ui.app import run as run_window  # Qt is loaded only now, and only for the window

    return run_window(files, journal=journal)


def _resolve(reference: str) -> Path:
    """A pack as the path it is (it must exist), anything else as a practice (a file or an id)."""
    if Path(reference).suffix.lower() == PACK_SUFFIX:
        pack = Path(reference).expanduser()
        if not pack.is_file():
            raise UserInputError(f"{reference}: no such practice pack")
        return pack
    from kindaudio.common.paths import app_paths
    from kindaudio.script.library import resolve_practice

    return resolve_practice(reference, app_paths())


def window_arguments(argv: list[str], commands: Collection[str]) -> list[str]:
    """`kindaudio FILE ...` as `kindaudio window FILE ...`: how the desktop hands files to KindAudio.

    Only when the first word that is not an option names no command and is a
    file (or names a practice or pack file by its suffix); anything else is
    left for the parser, which says what is wrong with it.
    """
    for index, word in enumerate(argv):
        if word.startswith("-"):
            continue
        if word in commands or not (Path(word).suffix.lower() in FILE_SUFFIXES or Path(word).is_file()):
            return argv
        return [*argv[:index], "window", *argv[index:]]
    return argv


def check_screen() -> None:
    if sys.platform != "linux" or os.environ.get("QT_QPA_PLATFORM"):
        return
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        raise NoScreenError("no screen was found (neither DISPLAY nor WAYLAND_DISPLAY is set), so the window "
                            "cannot open. On a desktop, run kindaudio there; without one, play in the terminal: "
                            "kindaudio play affectionate-breathing")
