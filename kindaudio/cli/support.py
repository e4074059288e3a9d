"""`kindaudio support`: "If you need more support", in the terminal.

  kindaudio support        your own plan, your therapist's contact, and where urgent help is

The same place and words as the window's (Help → If you need more support):
read from the private support plan (written in the window's Settings, under
Support), never logged, and never a phone number we could get wrong.
"""

from __future__ import annotations

import argparse
from typing import Any

from kindaudio.cli.exit_codes import EXIT_OK


def add_parser(commands: Any) -> None:
    """Add `support` to the `kindaudio` command's subparsers."""
    commands.add_parser("support", help="if you need more support: your plan, your therapist, urgent help")


def run(args: argparse.Namespace) -> int:
    import shutil
    import sys
    import textwrap

    from kindaudio.common.paths import app_paths
    from kindaudio.journal.support_plan import load_plan
    from kindaudio.journal.support_words import as_plain_text

    loaded = load_plan(app_paths())
    if loaded.problem:
        print(loaded.problem, file=sys.stderr)
    width = min(shutil.get_terminal_size((88, 24)).columns, 88)
    for line in as_plain_text(loaded.plan).splitlines():  # the person's own line breaks are kept
        print(textwrap.fill(line, width) if line else "")
    return EXIT_OK
