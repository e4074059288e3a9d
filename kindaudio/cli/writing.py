"""Guided writing at a terminal: `kindaudio write`, `kindaudio entries`.

  kindaudio write [--kind three-parts|critic-friend|letter|free] [--json] [--share] [--day DATE]
                  [--mood-before N] [--mood-after N]
  kindaudio entries [--since DATE] [--search WORD ...] [--full]

At a terminal `write` asks each prompt of the kind in turn; from a pipe or a
file it reads the answers from standard input (kindaudio.cli.writing_input
says how). Every entry is private unless marked to share (--share, or yes to
the question at the end); exports leave the others out.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from typing import TYPE_CHECKING, Any

from kindaudio.cli.exit_codes import EXIT_OK
from kindaudio.cli.journal import _date_option

if TYPE_CHECKING:
    from kindaudio.journal.entry_records import Entry

FIRST_LINE_WIDTH = 60


def add_parser(commands: Any) -> None:
    """Add `write` and `entries` and their options to the `kindaudio` command's subparsers."""
    write = commands.add_parser("write", help="write a journal entry: a few kind words, guided or free")
    write.add_argument("--kind", default="three-parts", metavar="KIND",
                       help="three-parts (default), critic-friend, letter, free, or a kind a pack added")
    write.add_argument("--json", action="store_true",
                       help="read the answers as JSON from standard input ({\"key\": \"text\"} or a list of texts)")
    write.add_argument("--share", action="store_true", help="include this entry when you share with your therapist")
    write.add_argument("--day", type=_date_option, metavar="DATE", help="the day it is about (default: today)")
    write.add_argument("--mood-before", type=int, metavar="N",
                       help="if you like: how you were before writing, from -3 (very unpleasant) to 3 (very pleasant)")
    write.add_argument("--mood-after", type=int, metavar="N", help="if you like: how you are after writing (-3 to 3)")

    entries = commands.add_parser("entries", help="your written entries, newest first")
    entries.add_argument("--since", type=_date_option, metavar="DATE", help="from this day on (YYYY-MM-DD)")
    entries.add_argument("--search", nargs="+", metavar="WORD", help="only entries holding every word")
    entries.add_argument("--full", action="store_true", help="show every answer in full")


def run(args: argparse.Namespace) -> int:
    handler = {"write": _write, "entries": _entries}[args.command]
    return handler(args)


def _write(args: argparse.Namespace) -> int:
    from kindaudio.cli.writing_input import WritingPrompt, answers_from_blocks, answers_from_json, read_standard_input
    from kindaudio.common.errors import UserInputError
    from kindaudio.common.paths import app_paths
    from kindaudio.journal.entry_records import EntryDraft
    from kindaudio.journal.store import open_journal
    from kindaudio.journal.writing import added_folder, find_kind

    paths = app_paths()
    kind = find_kind(args.kind, added_folder(paths.data))
    moods = {"valence_before": args.mood_before, "valence_after": args.mood_after}
    EntryDraft(kind.id, kind.title, **moods)  # a mood out of range is said before any question
    interactive = sys.stdin.isatty() and not args.json
    # The whole input is read and checked before the journal is opened: bad input costs nothing.
    prompt: WritingPrompt | None = None
    if interactive:
        prompt = WritingPrompt(sys.stdin, sys.stdout)
        try:
            texts = prompt.ask(kind)
        except UnicodeDecodeError:
            raise UserInputError("What was typed is not UTF-8 text; nothing was saved.") from None
    else:
        text = read_standard_input(sys.stdin.buffer)
        texts = answers_from_json(text, kind) if args.json else answers_from_blocks(text, kind)
    draft = EntryDraft(kind.id, kind.title, kind.answers(texts), day=args.day, shared=args.share, **moods)
    if draft.is_empty:
        print("Nothing was written, so nothing was saved. You are welcome to come back any time.")
        return EXIT_OK
    if prompt is not None and not args.share:
        draft = EntryDraft(kind.id, kind.title, draft.answers, day=args.day, **moods,
                           shared=prompt.yes("\nInclude this entry when you share with your therapist? [y/N] "))
    # Only writing an entry: a practice playing elsewhere stays in progress.
    with open_journal(paths, settle_unfinished=False) as journal:
        entry_id = journal.add_entry(draft)
    shared = "It will be included when you share with your therapist." if draft.shared else \
        "It stays private unless you mark it to share."
    print(f"Saved in your journal as entry {entry_id}. {shared}")
    return EXIT_OK


def _entries(args: argparse.Namespace) -> int:
    from kindaudio.common.paths import app_paths
    from kindaudio.journal.store import open_journal

    search = " ".join(args.search) if args.search else None
    with open_journal(app_paths(), read_only=True) as journal:  # only reading: works on a read-only journal
        found = journal.entries(since=args.since, search=search)
    if not found:
        if search:
            print(f"No entry holds “{search}”.")
        elif args.since:
            print(f"No entries since {args.since.isoformat()}.")
        else:
            print("No entries yet. `kindaudio write` begins one, whenever you like.")
        return EXIT_OK
    if args.full:
        for entry in found:
            _print_full(entry)
    else:
        _print_table(found)
    count = len(found)
    shared = sum(1 for entry in found if entry.shared)
    print(f"\n{count} entr{'y' if count == 1 else 'ies'}, {shared} marked to share with your therapist.")
    return EXIT_OK


def _print_table(found: list[Entry]) -> None:
    rows = [("DAY", "KIND", "SHARED", "FIRST WORDS")]
    for entry in found:
        first = entry.first_line or "(nothing written yet)"
        if len(first) > FIRST_LINE_WIDTH:
            first = first[:FIRST_LINE_WIDTH - 1].rstrip() + "…"
        rows.append((entry.day.isoformat(), entry.kind_title, "yes" if entry.shared else "", first))
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    for row in rows:
        print("  ".join([*(cell.ljust(width) for cell, width in zip(row[:3], widths, strict=True)), row[3]]).rstrip())


def _print_full(entry: Entry) -> None:
    shared = " · shared with your therapist" if entry.shared else ""
    linked = f" · after {entry.session_title}" if entry.session_title else ""
    print(f"── {entry.day.isoformat()} · {entry.kind_title}{linked}{shared} (entry {entry.id})")
    for answer in entry.answers:
        if answer.text.strip():
            print(f"{answer.label}:")
            print(textwrap.indent(answer.text, "  "))
    print()
