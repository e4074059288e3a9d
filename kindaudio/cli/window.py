"""`kindaudio window [PRACTICE]` (and `kindaudio` alone): the window, once we know it can open here.

The screen is looked for before Qt is loaded: without one, Qt itself aborts
with a long message that does not say what to do instead. This is the one
module outside kindaudio/ui that reaches the window (tests/test_layers.py).
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from kindaudio.common.errors import KindAudioError


class NoScreenError(KindAudioError):
    """The window cannot open: there is no screen to open it on."""


def add_parser(commands: Any) -> None:
    """Add `window` to the `kindaudio` command's subparsers."""
    window = commands.add_parser("window", help="open the window (what `kindaudio` alone does)")
    window.add_argument("practice", nargs="?", help="a practice file to open in it")


def run(args: argparse.Namespace) -> int:
    from kindaudio.common.paths import app_paths
    from kindaudio.script.library import resolve_practice

    path = resolve_practice(args.practice, app_paths()) if args.practice else None
    check_screen()
    from kindaudio.ui.app import run as run_window  # Qt is loaded only now, and only for the window

    return run_window(path)


def check_screen() -> None:
    if sys.platform != "linux" or os.environ.get("QT_QPA_PLATFORM"):
        return
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        raise NoScreenError("no screen was found (neither DISPLAY nor WAYLAND_DISPLAY is set), so the window "
                            "cannot open. On a desktop, run kindaudio there; without one, play in the terminal: "
                            "kindaudio play affectionate-breathing")
