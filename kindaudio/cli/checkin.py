"""`kindaudio checkin`: a check-in on its own, kept in the journal.

  kindaudio checkin                    asked question by question (kindaudio.cli.checkin_prompt)
  kindaudio checkin --valence N [--feeling WORD ...] [--difficult] [--note TEXT [--share-note]]

The same questions are offered after (or before) `kindaudio play`.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from kindaudio.cli.exit_codes import EXIT_OK


def add_parser(commands: Any) -> None:
    """Add `checkin` and its options to the `kindaudio` command's subparsers."""
    checkin = commands.add_parser("checkin", help="a check-in on its own: how you are right now")
    checkin.add_argument("--valence", type=int, metavar="N",
                         help="without questions: your mood from -3 (very unpleasant) to 3 (very pleasant)")
    checkin.add_argument("--feeling", action="append", default=[], metavar="WORD",
                         help="a feeling to name (repeatable)")
    checkin.add_argument("--difficult", action="store_true", help="difficult feelings came up")
    checkin.add_argument("--note", default="", help="a note for yourself")
    checkin.add_argument("--share-note", action="store_true", help="include the note in reports for your therapist")


def run(args: argparse.Namespace) -> int:
    from kindaudio.cli.checkin_prompt import ask_check_in, save_check_in
    from kindaudio.common.errors import UserInputError
    from kindaudio.common.paths import app_paths
    from kindaudio.journal.records import Moment, Mood
    from kindaudio.journal.store import open_journal

    if args.valence is None and (args.feeling or args.difficult or args.note or args.share_note):
        raise UserInputError("--feeling, --difficult, --note and --share-note go with --valence; "
                             "or run `kindaudio checkin` alone to be asked")
    if args.share_note and not args.note:
        raise UserInputError("--share-note shares a note; give the note with --note")
    with open_journal(app_paths()) as journal:  # a journal problem is said before any question
        if args.valence is not None:
            mood: Mood | None = Mood(args.valence, tuple(args.feeling), difficult=args.difficult, note=args.note,
                                     share_note=args.share_note)
        else:
            mood = ask_check_in(sys.stdin, sys.stdout, Moment.STANDALONE)
        if mood is None:
            return EXIT_OK
        save_check_in(journal, mood, Moment.STANDALONE, sys.stdout)  # on a full disk, what was typed is printed back
    return EXIT_OK
