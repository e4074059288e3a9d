"""What is in the practice library and whether it works here: `kindaudio list`, `kindaudio check`.

  kindaudio list                  the practices, their lengths and the range each can reach
  kindaudio check                 what works on this machine (kindaudio.cli.checkup), with fixes
  kindaudio check PRACTICE ...    practice files or ids read and checked, every mistake named
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from kindaudio.cli.exit_codes import EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK

if TYPE_CHECKING:
    from kindaudio.common.paths import AppPaths


def add_parser(commands: Any) -> None:
    """Add `list` and `check` to the `kindaudio` command's subparsers."""
    commands.add_parser("list", help="the practices, their lengths and reachable range")
    check = commands.add_parser("check", help="what works on this machine; or check practice files")
    check.add_argument("files", nargs="*", help="practice files or ids to check instead")


def run(args: argparse.Namespace) -> int:
    handler = {"list": _list, "check": _check}[args.command]
    return handler(args)


def _list(args: argparse.Namespace) -> int:
    """The practices as the Library lists them: from the remembered listing, so only changed files are read."""
    from kindaudio.common.paths import app_paths
    from kindaudio.common.text import printable
    from kindaudio.script.catalogue import list_practices
    from kindaudio.script.durations import format_clock

    rows = [("ID", "TITLE", "LENGTHS (MIN)", "REACHABLE (ESTIMATED)", "FROM")]
    problems = []
    for listing in list_practices(app_paths()):
        entry = listing.file
        if not listing.usable:
            found = "\n  ".join(map(str, listing.problems))
            problems.append(printable(f"{entry.path}: cannot be read:\n  {found}", multiline=True))
            continue
        shortest, longest = listing.reach
        # A practice may have come from someone else (a pack, a file): its title is shown, never acted on.
        rows.append((entry.id, printable(listing.title), ", ".join(map(str, listing.lengths)),
                     f"{format_clock(shortest)} to {format_clock(longest)}", entry.origin))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    for problem in problems:
        print(problem, file=sys.stderr)
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    from kindaudio.cli.checkup import run_all
    from kindaudio.common.paths import app_paths

    paths = app_paths()
    if args.files:
        return _check_files(args.files, paths)
    findings = run_all(paths)
    width = max(len(f.name) for f in findings)
    for finding in findings:
        print(f"{'ok ' if finding.ok else 'NO '} {finding.name.ljust(width)}  {finding.detail}")
        if finding.fix:
            print(f"    {' ' * width}  {'tip' if finding.ok else 'to fix'}: {finding.fix}")
    return EXIT_OK if all(f.ok for f in findings) else EXIT_FAILURE


def _check_files(references: list[str], paths: AppPaths) -> int:
    from kindaudio.script.durations import format_clock
    from kindaudio.script.errors import ScriptError
    from kindaudio.script.library import resolve_practice
    from kindaudio.script.parser import load_practice
    from kindaudio.script.timing import estimated_range

    worst = EXIT_OK
    for reference in references:
        try:
            practice = load_practice(resolve_practice(reference, paths))
        except ScriptError as exc:
            print(exc, file=sys.stderr)
            worst = EXIT_BAD_INPUT
            continue
        reach = estimated_range(practice)
        print(f"{practice.source}: ok: {practice.title}, {len(practice.sections)} sections, "
              f"{len(practice.sentences)} sentences, about {format_clock(reach.shortest)} to "
              f"{format_clock(reach.longest)}")
    return worst
