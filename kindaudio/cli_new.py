"""`kindaudio new`: a new practice from a template.

Kept out of cli.py so the command's options and its work sit together; this
module imports only argparse at load (the window's start-up imports it).
"""

from __future__ import annotations

import argparse
from typing import Any


def add_parser(commands: Any) -> None:
    """Add `new` and its options to the `kindaudio` command's subparsers."""
    commands.add_parser("new", help="a new practice from a template")


def run(args: argparse.Namespace) -> int:
    raise NotImplementedError("kindaudio new: not built yet")
