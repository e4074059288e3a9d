"""The `kindaudio` command: its parser, the table of its commands, and main().

  kindaudio [window] [FILE ...]       the window, with practice files or .kindpack packs to open
  kindaudio render PRACTICE [--minutes N] [--voice ID] [--rate WPM] [--format wav|mp3|ogg] [-o PATH]
  kindaudio play PRACTICE [--minutes N] [--voice ID] [--rate WPM] [--device ID] [--ambience]
  kindaudio timer --minutes N [--interval N] [--at MIN,MIN...] [--prepare SECONDS] [--ambience] [--device ID]
  kindaudio list | voices | devices | check [PRACTICE ...]
  kindaudio history [--since DATE] [--csv]
  kindaudio export --format csv|fhir|pdf --from DATE [--to DATE] -o PATH [--notes shared|all|none] [--force]
  kindaudio checkin [--valence N [--feeling WORD ...] [--difficult] [--note TEXT [--share-note]]]
  kindaudio write [--kind KIND] [--json] [--share] | entries [--since DATE] [--search WORD ...]
  kindaudio support                   if you need more support: your plan, your therapist, urgent help
  kindaudio new | pack | record ...   making practices, handing them over, recording your voice
  kindaudio install-desktop [--uninstall]   the menu entry, icon and .kindpack file type, for you
  kindaudio remind --list|--test|--wait   gentle reminders (turned on in the window's Settings)

Each group of commands is one module beside this one, with two functions:
`add_parser(commands)` adds its commands and their options to the subparsers,
and `run(args) -> int` does the work and returns the exit code (the command's
name is `args.command`). To add a command, write it into the module of its
group, or a new module of that shape, and name it in COMMANDS below: its place
there is its place in `kindaudio --help`. Options shared by commands live in
kindaudio.cli.options; the terminal's player, recorder, progress bar and
check-in questions are the other modules here.

Command modules import little when loaded (the standard library, their
neighbours here, kindaudio.common.errors) and the rest inside run():
`kindaudio` alone opens the window, and builds this whole parser first.

Exit codes (kindaudio.cli.exit_codes): 0 done, 2 bad input (the message says
what and where), 1 anything else. Errors the person can act on are printed as
messages; an unexpected error is one line, and its traceback goes to the log
file (kindaudio.common.logfile); --debug shows the traceback of any error.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from typing import Any, Protocol

from kindaudio import __version__
from kindaudio.cli import (
    checkin,
    desktop,
    journal,
    library,
    new,
    pack,
    play,
    record,
    remind,
    render,
    support,
    voices,
    window,
    writing,
)
from kindaudio.cli.exit_codes import EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_OK
from kindaudio.common.errors import KindAudioError, UserInputError

log = logging.getLogger(__name__)


class CommandGroup(Protocol):
    """What every command module has (a module is checked against this by mypy)."""

    def add_parser(self, commands: Any) -> None: ...

    def run(self, args: argparse.Namespace) -> int: ...


# Every command, by name, with the module that adds it and runs it; in the order `--help` lists them.
COMMANDS: dict[str, CommandGroup] = {
    "window": window,
    "render": render,
    "play": play, "timer": play, "devices": play,
    "list": library, "check": library,
    "history": journal, "export": journal,
    "voices": voices,
    "new": new,
    "pack": pack,
    "record": record,
    "checkin": checkin,
    "write": writing, "entries": writing,
    "support": support,
    "install-desktop": desktop,
    "remind": remind,
}
DEFAULT_COMMAND = "window"  # what `kindaudio` alone does


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors exit with our bad-input code and a plain message."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        raise UserInputError(f"{self.prog}: {message}")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="kindaudio", description="Guided self-compassion practice: scripts become narrated audio.")
    parser.add_argument("--version", action="version", version=f"kindaudio {__version__}")
    parser.add_argument("--debug", action="store_true", help="show detailed logs and tracebacks")
    commands = parser.add_subparsers(dest="command", parser_class=_Parser)
    for group in dict.fromkeys(COMMANDS.values()):  # each module once, in the table's order
        group.add_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = window.window_arguments(list(sys.argv[1:] if argv is None else argv), COMMANDS)
    debug = "--debug" in args_list
    from kindaudio.common.logfile import FILE_ONLY, SCREEN_ONLY, setup_logging, where_the_details_are

    setup_logging(debug=debug)
    try:
        args = build_parser().parse_args(args_list)
        if args.command is None:
            args = argparse.Namespace(command=DEFAULT_COMMAND, files=[])
        return COMMANDS[args.command].run(args)
    except KindAudioError as exc:
        if debug:
            log.error("failed", exc_info=True, extra=SCREEN_ONLY)
        print(f"{exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("\nstopped", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`kindaudio list | head`): nothing is wrong. Point
        # stdout at nothing so Python's flush at exit doesn't complain either.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:
        log.exception("internal error", extra=FILE_ONLY)
        print(f"kindaudio: internal error: {type(exc).__name__}: {exc}. {where_the_details_are()}",
              file=sys.stderr)
        return EXIT_FAILURE
