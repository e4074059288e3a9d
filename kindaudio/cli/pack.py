"""`kindaudio pack`: hand a practice over as one .kindpack file, or take one in.

  kindaudio pack export PRACTICE -o FILE.kindpack [--with-audio [--format wav|mp3] [--minutes N]]
                                 [--note TEXT] [--recorded-by NAME] [--without-notes] [--force]
  kindaudio pack import FILE [--replace]
  kindaudio pack show FILE

A pack comes from someone else: every word printed from it (its title, author,
note, contact, the pack's own file name) goes through _shown() (kindaudio.common.text.printable), so a control
sequence in it is shown spelt out (\x1b) and never reaches the terminal.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kindaudio.cli.exit_codes import EXIT_OK

if TYPE_CHECKING:
    from kindaudio.pack import PackSummary



def add_parser(commands: Any) -> None:
    """Add `pack` and its options to the `kindaudio` command's subparsers."""
    pack = commands.add_parser("pack", help="hand a practice over as one .kindpack file, or take one in")
    actions = pack.add_subparsers(dest="pack_command", metavar="{export,import,show}", required=True)

    export = actions.add_parser("export", help="put a practice, its recordings and (if you like) its audio "
                                               "into one .kindpack file")
    export.add_argument("practice", help="a practice id (see `kindaudio list`) or a path to a .md file")
    export.add_argument("-o", "--output", type=Path, required=True,
                        help="the pack to write (FILE.kindpack), or a folder for it")
    export.add_argument("--with-audio", action="store_true",
                        help="also put the practice in rendered as audio, with captions")
    export.add_argument("--format", choices=["wav", "mp3"], help="the rendered audio's format (default: wav)")
    export.add_argument("--minutes", type=float, help="the rendered audio's length (default: the first it offers)")
    export.add_argument("--voice", help="the rendered audio's voice (default: the one chosen in Settings)")
    export.add_argument("--rate", type=int, help="its speaking rate in words a minute, as heard (default: the "
                                                 "practice's)")
    export.add_argument("--note", default="", help="a note for the person you give it to")
    export.add_argument("--recorded-by", default="", metavar="NAME",
                        help="whose voice the recordings are, as the person you give it to will see it (for a "
                             "practice that comes with KindAudio, the pack carries your voice for it)")
    export.add_argument("--writing", type=Path, metavar="FILE",
                        help="a writing prompt of your own for the recipient's journal (a .toml writing kind)")
    export.add_argument("--without-notes", action="store_true",
                        help="leave the practice's notes and whom it is for (its notes: and for_whom: lines) out of "
                             "the pack; without it they go along, and the command says so")
    export.add_argument("--force", action="store_true", help="replace the pack file if it is already there")

    take = actions.add_parser("import", help="add the practice in a .kindpack file to your practices")
    take.add_argument("file", type=Path, help="the .kindpack file")
    take.add_argument("--replace", action="store_true",
                      help="replace a practice of yours with the same id (and its recordings)")

    show = actions.add_parser("show", help="check a .kindpack file and say what is in it, without importing")
    show.add_argument("file", type=Path, help="the .kindpack file")


def run(args: argparse.Namespace) -> int:
    handler = {"export": _export, "import": _import, "show": _show}[args.pack_command]
    return handler(args)


def _export(args: argparse.Namespace) -> int:
    from kindaudio.cli.progress_bar import TerminalProgress
    from kindaudio.common.errors import UserInputError
    from kindaudio.common.paths import app_paths
    from kindaudio.common.settings import load_settings
    from kindaudio.pack import export_pack, inspect_pack, recordings_to_share
    from kindaudio.pack.export import pack_path
    from kindaudio.script.library import resolve_practice
    from kindaudio.script.parser import load_practice

    if not args.with_audio and (args.format is not None or args.minutes is not None or args.voice or args.rate):
        raise UserInputError("--format, --minutes, --voice and --rate are for the rendered audio; "
                             "add --with-audio to include it")
    paths = app_paths()
    practice_path = resolve_practice(args.practice, paths)
    practice = load_practice(practice_path)
    target = pack_path(args.output, practice.id)
    if target.exists() and not args.force:
        raise UserInputError(f"{target} is already there; nothing was changed",
                             hint="Choose another name, or add --force to replace it.")
    shared = recordings_to_share(practice, paths)
    bar = TerminalProgress()
    bar.phase("packing", 1.0)
    reached = [0.0]

    def progress(fraction: float) -> None:
        bar.advance(max(fraction - reached[0], 0.0))
        reached[0] = max(reached[0], fraction)

    settings = load_settings(paths)
    written = export_pack(practice_path, target, paths, author_note=args.note, with_audio=args.with_audio,
                          audio_format=args.format or "wav", minutes=args.minutes, progress=progress,
                          recorded_by=args.recorded_by, voice=args.voice or settings.voice,
                          rate=args.rate or settings.rate, writing=args.writing, without_notes=args.without_notes)
    bar.done()
    summary = inspect_pack(written)  # the pack is opened as its recipient will open it
    if summary.voice_only:
        print(f"Packed your voice for {_shown(summary.title)} into {_shown(written)}")
        print(f"  {_shown(summary.voice_text())}")
        print("  the practice comes with KindAudio: whoever imports it hears it in this voice")
    else:
        print(f"Packed {_shown(summary.title)} into {_shown(written)}")
    _print_contents(summary)
    if not summary.voice_only:
        _print_private_notes(summary, left_out=bool(practice.for_whom or practice.notes) and args.without_notes)
    if shared.stale:
        print(f"  {_count(len(shared.stale), 'recording')} left out: recorded for sentences the practice "
              "no longer has")
    print("It may hold a recorded voice: share it only with the person it is meant for.")
    return EXIT_OK


def _import(args: argparse.Namespace) -> int:
    from kindaudio.common.paths import app_paths
    from kindaudio.pack import import_pack

    imported = import_pack(args.file, app_paths(), replace=args.replace)
    summary = imported.summary
    if summary.voice_only:
        print(f"Imported {_shown(summary.voice_text())}.")
        print(f"{_shown(summary.title)} comes with KindAudio; it now plays in this voice wherever a sentence is "
              "recorded.")
        _print_contents(summary, with_author=False, with_recordings=False)
        print(f"The recordings are in {imported.recordings_dir}")
        if imported.audio_dir is not None:
            print(f"Its audio is in {imported.audio_dir}")
        return EXIT_OK
    made_by = f" from {_shown(summary.author)}" if summary.author else " (the pack does not say who made it)"
    print(f"Imported {_shown(summary.title)}{made_by}.")
    _print_contents(summary, with_author=False)
    print(f"It is among your practices now: {imported.practice_path}")
    if imported.audio_dir is not None:
        print(f"Its audio is in {imported.audio_dir}")
    return EXIT_OK


def _show(args: argparse.Namespace) -> int:
    from kindaudio.pack import inspect_pack

    summary = inspect_pack(args.file)
    print(f"{_shown(args.file)}: a practice pack that passed every check")
    if summary.voice_only:
        print(f"  {_shown(summary.voice_text())}")
        print(f"  {_shown(summary.title)} comes with KindAudio: importing adds only the recordings")
        _print_contents(summary, with_author=False, with_recordings=False)
    else:
        print(f"  {_shown(summary.title)} (id {summary.practice_id})")
        _print_contents(summary)
    if summary.therapist is not None:
        contact = summary.therapist
        print(f"  their contact, as your therapist: {_shown(contact.name)}"
              + (f", {_shown(contact.contact)}" if contact.contact else ""))
        for line in contact.note.split("\n") if contact.note else ():
            print(f"    {_shown(line)}")
    print(f"  packed {_shown(summary.created)}")
    print("Nothing was imported; `kindaudio pack import` adds it to your practices."
          if not summary.voice_only else "Nothing was imported; `kindaudio pack import` adds the recordings.")
    return EXIT_OK


def _print_contents(summary: PackSummary, *, with_author: bool = True, with_recordings: bool = True) -> None:
    if with_author:
        print(f"  made by {_shown(summary.author)}" if summary.author else "  it does not say who made it")
    if summary.author_note:
        print("  their note:")
        for line in summary.author_note.split("\n"):
            print(f"    {_shown(line)}")
    if with_recordings:
        print(f"  {_count(summary.recordings, 'recorded sentence')}" if summary.recordings
              else "  no recordings: the synthetic voice reads it")
    for name in summary.audio:
        print(f"  audio: {_shown(name)}")
    if summary.writing:
        print(f"  a writing prompt for the journal: {_shown(summary.writing)}")


def _print_private_notes(summary: PackSummary, *, left_out: bool) -> None:
    """Say that the practice's notes and whom it is for go along (they are in its file), or that they were
    left out: the sender may not think of them as part of what they give."""
    if left_out:
        print("  left out: the practice's notes and whom it is for (its notes: and for_whom: lines)")
        return
    if not (summary.for_whom or summary.notes):
        return
    print("  the practice's file goes along as it is, with what it says about")
    if summary.for_whom:
        print(f"    whom it is for: {_shown(summary.for_whom)}")
    if summary.notes:
        print("    your notes:")
        for line in summary.notes.split("\n"):
            print(f"      {_shown(line)}")
    print("  to leave these out, make the pack again with --without-notes")


def _shown(text: object) -> str:
    """Pack-supplied text as it may be printed: controls, bidi overrides and broken characters spelt out."""
    from kindaudio.common.text import printable

    return printable(str(text))


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"
