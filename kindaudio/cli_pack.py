"""`kindaudio pack`: hand a practice over as one .kindpack file, or take one in.

Kept out of cli.py so the command's options and its work sit together; this
module imports only argparse at load (the window's start-up imports it).
"""

from __future__ import annotations

import argparse
from typing import Any


def add_parser(commands: Any) -> None:
    """Add `pack` and its options to the `kindaudio` command's subparsers."""
    commands.add_parser("pack", help="hand a practice over as one .kindpack file, or take one in")


def run(args: argparse.Namespace) -> int:
    raise NotImplementedError("kindaudio pack: not built yet")
