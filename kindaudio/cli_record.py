"""`kindaudio record`: record your own voice for a practice, sentence by sentence.

Kept out of cli.py so the command's options and its work sit together; this
module imports only argparse at load (the window's start-up imports it).
"""

from __future__ import annotations

import argparse
from typing import Any


def add_parser(commands: Any) -> None:
    """Add `record` and its options to the `kindaudio` command's subparsers."""
    commands.add_parser("record", help="record your own voice for a practice, sentence by sentence")


def run(args: argparse.Namespace) -> int:
    raise NotImplementedError("kindaudio record: not built yet")
