"""Reading and sharing the journal: `kindaudio history`, `kindaudio export`.

  kindaudio history [--since DATE] [--csv [sessions|check-ins|entries]]
  kindaudio export --format csv|fhir|pdf --from DATE [--to DATE] -o PATH [--notes shared|all|none]
                   [--entries shared|all|none] [--name TEXT] [--force]

A CSV export is two or three files: PATH (sessions), PATH-check-ins.csv
(check-ins on their own) and PATH-entries.csv (written entries, unless none
were chosen); see kindaudio.journal.exports.csv for why.

Dates are YYYY-MM-DD, in your local time. What goes into the journal comes
from `play`, `timer` (kindaudio.cli.play) and `checkin` (kindaudio.cli.checkin).
"""

from __future__ import annotations

import argparse
import io
import re
import sys
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from kindaudio.cli.exit_codes import EXIT_OK

if TYPE_CHECKING:
    from kindaudio.journal.records import CheckIn, SessionRecord
    from kindaudio.journal.store import Journal

STATUS_WORDS = {"completed": "completed", "stopped_early": "stopped early", "interrupted": "interrupted",
                "in_progress": "playing now"}
EARLIEST = date(1970, 1, 1)


def add_parser(commands: Any) -> None:
    """Add `history` and `export` and their options to the `kindaudio` command's subparsers."""
    history = commands.add_parser("history", help="your practice sessions and check-ins, oldest first")
    history.add_argument("--since", type=_date_option, metavar="DATE", help="from this day on (YYYY-MM-DD)")
    history.add_argument("--csv", nargs="?", const="sessions", choices=["sessions", "check-ins", "entries"],
                         help="as CSV on standard output, notes included: the sessions table (the default), "
                              "the check-ins taken on their own, or your written entries")

    export = commands.add_parser("export", help="your journal as a file to share: CSV, FHIR JSON or a PDF report")
    export.add_argument("--format", choices=["csv", "fhir", "pdf"], required=True)
    export.add_argument("--from", dest="since", type=_date_option, required=True, metavar="DATE",
                        help="the first day to include (YYYY-MM-DD)")
    export.add_argument("--to", dest="until", type=_date_option, metavar="DATE",
                        help="the last day to include (default: today)")
    export.add_argument("-o", "--output", required=True, help="the file to write, or a folder for it")
    export.add_argument("--notes", choices=["shared", "all", "none"], default="shared",
                        help="which check-in notes to include: those you marked to share (default), all, or none")
    export.add_argument("--name", default="", metavar="TEXT",
                        help="a name or identifier to put on the report (pdf) or the record (fhir), such as your "
                             "first name or a number your therapist knows you by (default: none)")
    export.add_argument("--entries", choices=["shared", "all", "none"], default=None,
                        help="which written entries to include: those you marked to share (the default for csv "
                        "and pdf; a PDF never shows others), all, or none (the default for fhir)")
    export.add_argument("--force", action="store_true", help="replace the file if it is already there")


def run(args: argparse.Namespace) -> int:
    handler = {"history": _history, "export": _export}[args.command]
    return handler(args)


def _date_option(text: str) -> date:
    """A calendar date as YYYY-MM-DD (argparse names the option in its message)."""
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-11-22") from None


def _history(args: argparse.Namespace) -> int:
    from kindaudio.common.errors import UserInputError
    from kindaudio.common.paths import app_paths
    from kindaudio.journal.exports import EntryChoice, NoteChoice, gather
    from kindaudio.journal.exports.csv import write_check_ins, write_entries, write_sessions
    from kindaudio.journal.records import SessionQuery
    from kindaudio.journal.store import open_journal

    # Only looking, read-only: a practice playing in the window or another terminal stays in progress
    # (opening the journal to play is what marks one left behind by a crash as interrupted), and a
    # read-only journal file or folder still shows its history.
    with open_journal(app_paths(), read_only=True) as journal:
        today = journal.today()
        if args.since is not None and args.since > today:
            raise UserInputError(f"--since {args.since.isoformat()} is still to come; give a day up to today")
        if args.csv:
            # The person's own view of their own journal, so every note and written entry is in it.
            data = gather(journal, since=args.since or EARLIEST, until=today, notes=NoteChoice.ALL,
                          entries=EntryChoice.ALL)
            if isinstance(sys.stdout, io.TextIOWrapper):
                sys.stdout.reconfigure(newline="")  # the csv module writes its own line ends
            tables = {"check-ins": write_check_ins, "entries": write_entries}
            tables.get(args.csv, write_sessions)(data, sys.stdout)
            _say_left_out(data.left_out)
            return EXIT_OK
        sessions = journal.read_sessions(SessionQuery(since=args.since, newest_first=False))
        standalone = journal.read_check_ins(since=args.since, standalone_only=True)
        _print_history(journal, sessions.records, standalone.records, args.since)
        _say_left_out((*sessions.damaged, *standalone.damaged))
    return EXIT_OK


def _print_history(journal: Journal, sessions: list[SessionRecord], standalone: list[CheckIn],
                   since: date | None) -> None:
    if not sessions and not standalone:
        print(f"Nothing in your journal since {since.isoformat()}." if since else
              "Your journal is empty so far. Sessions you play are kept here.")
        return
    events: list[tuple[datetime, tuple[str, ...]]] = []
    for session in sessions:
        practice = session.title if session.practice_id is not None else f"{session.title} (logged)"
        events.append((session.started_at, (
            f"{session.started_at.astimezone(journal.tz):%Y-%m-%d %H:%M}", practice,
            f"{session.listened_seconds / 60:.0f}", STATUS_WORDS[session.status.value],
            f"{_valence(session.before)} → {_valence(session.after)}")))
    for check_in in standalone:
        events.append((check_in.at, (f"{check_in.at.astimezone(journal.tz):%Y-%m-%d %H:%M}",
                                     "(a check-in on its own)", "", "", _valence(check_in))))
    rows: list[tuple[str, ...]] = [("WHEN", "PRACTICE", "MINUTES", "STATUS", "MOOD BEFORE → AFTER")]
    rows += [cells for _, cells in sorted(events, key=lambda event: event[0])]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        cells = [cell.rjust(width) if i == 2 else cell.ljust(width)
                 for i, (cell, width) in enumerate(zip(row, widths, strict=True))]
        print("  ".join(cells).rstrip())
    minutes = sum(s.listened_seconds for s in sessions) / 60
    count = len(sessions)
    print(f"\n{count} session{'' if count == 1 else 's'}, {minutes:.0f} minute{'' if round(minutes) == 1 else 's'} "
          "listened. "
          "Mood runs from -3 (very unpleasant) through 0 to +3 (very pleasant).")


def _valence(check_in: CheckIn | None) -> str:
    if check_in is None:
        return "–"
    return "0" if check_in.mood.valence == 0 else f"{check_in.mood.valence:+d}"


def _export(args: argparse.Namespace) -> int:
    from kindaudio.common.errors import UserInputError
    from kindaudio.common.output_target import expand_output
    from kindaudio.common.paths import app_paths
    from kindaudio.journal.exports import (
        ExportFormat,
        NoteChoice,
        check_person,
        entry_choice,
        export_files,
        written_files,
    )
    from kindaudio.journal.store import open_journal

    fmt = ExportFormat(args.format)
    output = expand_output(args.output)  # "" and ~nosuchuser are refused before anything is read
    person = check_person(args.name)  # before the journal is opened: a mistake here costs nothing
    entries = entry_choice(fmt, args.entries)
    with open_journal(app_paths(), read_only=True) as journal:  # only reading, as for history
        until = args.until or journal.today()
        target = output
        if target.is_dir():
            target = target / f"kindaudio-journal-{args.since.isoformat()}-to-{until.isoformat()}{fmt.suffix}"
        there = [path for path in written_files(fmt, target, entries) if path.exists() or path.is_symlink()]
        if there and not args.force:
            names = " and ".join(filter(None, [", ".join(str(path) for path in there[:-1]), str(there[-1])]))
            raise UserInputError(f"{names} {'is' if len(there) == 1 else 'are'} already there; nothing was changed",
                                 hint="Choose another name, or add --force to replace it.")
        exported = export_files(journal, fmt, target, since=args.since, until=until, notes=NoteChoice(args.notes),
                                person=person, entries=entries)
    files = exported.files
    print(f"Exported your journal from {args.since.isoformat()} to {until.isoformat()} to {files[0]}")
    if len(files) > 1:
        print(f"Check-ins taken on their own are in {files[1]}")
    if len(files) > 2:
        print(f"Your written entries are in {files[2]}")
    _say_left_out(exported.left_out)
    print("It holds private health information: share it only with people you choose.")
    return EXIT_OK


def _say_left_out(left_out: tuple[str, ...]) -> None:
    """Damaged rows that could not be read, named on standard error (never their contents)."""
    if left_out:
        print(f"{len(left_out)} damaged {'entry was' if len(left_out) == 1 else 'entries were'} left out: "
              + "; ".join(left_out), file=sys.stderr)
        print("The rest of your journal is as it was. Restoring a backup (in the window: Settings, Practice "
              "journal) may bring the damaged entries back.", file=sys.stderr)
