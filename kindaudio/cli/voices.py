"""`kindaudio voices`: the voices that can speak here, and adding or removing a natural voice.

  kindaudio voices [--all] [--language CODE]   natural voices first, then the basic ones
  kindaudio voices add FILE.onnx                a Piper voice you have downloaded (checked, then copied)
  kindaudio voices remove ID                    a voice you added
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kindaudio.cli.exit_codes import EXIT_OK

if TYPE_CHECKING:
    from kindaudio.audio.tts.engine import Voice



def add_parser(commands: Any) -> None:
    voices = commands.add_parser(
        "voices", help="the voices that can speak, natural ones first; add or remove a natural voice",
        description="Lists the voices: natural (neural) voices first, then the basic eSpeak NG voices of English "
                    "and your system's language (--all for every language).")
    voices.add_argument("--all", action="store_true", help="list the basic voices of every language")
    voices.add_argument("--language", help="only voices for this language, e.g. en or de")
    actions = voices.add_subparsers(dest="voices_action", metavar="{add,remove}")
    add = actions.add_parser("add", help="add a Piper voice from its files (NAME.onnx and NAME.onnx.json)")
    add.add_argument("file", type=Path, help="the voice's .onnx file, with its .onnx.json beside it")
    remove = actions.add_parser("remove", help="remove a voice you added")
    remove.add_argument("voice", help="its id, e.g. piper:en_GB-alba-medium")


def run(args: argparse.Namespace) -> int:
    from kindaudio.audio import ClipProvider
    from kindaudio.common.paths import app_paths

    paths = app_paths()
    with ClipProvider(paths) as clips:
        if args.voices_action == "add":
            print(f"Checking {args.file}: loading it and measuring how it speaks…", file=sys.stderr)
            voice = clips.add_voice(args.file)
            print(f"Added {voice.id}: {voice.name}. Use it with --voice {voice.id}, or choose it in Settings.")
            return EXIT_OK
        if args.voices_action == "remove":
            folder = clips.remove_voice(args.voice)
            print(f"Removed {args.voice} ({folder}).")
            return EXIT_OK
        return _list(clips, args.all, args.language)


def _list(clips: Any, all_languages: bool, language: str | None) -> int:
    from kindaudio.audio.tts.voices import shown_basic, speaks
    from kindaudio.common.errors import UserInputError

    listed = clips.voices()
    default = listed.default()
    natural = [v for v in listed.neural if not language or speaks(v, language)]
    basic = [v for v in (listed.basic if language else shown_basic(listed.voices, all_languages))
             if not language or speaks(v, language)]
    if language and not natural and not basic:
        raise UserInputError(f"no voice speaks '{language}'; `kindaudio voices --all` lists them all")
    if natural:
        print("Natural voices (Piper, neural):")
        _print(natural, default)
    elif listed.natural_missing:
        print(f"No natural voice can speak here. {listed.natural_missing}")
    if basic:
        which = "" if language or all_languages else "; English and your system's language, --all for every language"
        print(f"\nBasic voices (eSpeak NG){which}:")
        print(f"  {basic[0].provenance}")  # the same for every one of them
        _print(basic, default, provenance=False)
    for problem in listed.problems:
        print(f"\nRefused: {problem}", file=sys.stderr)
    engines = ", ".join(f"{info.name} {info.version}" for info in listed.engines.values())
    print(f"\n* is the default (change it in Settings, or use --voice ID). Engines: {engines}.")
    print("To add a Piper voice you have downloaded: kindaudio voices add FILE.onnx")
    return EXIT_OK


def _print(voices: list[Voice], default: Voice, provenance: bool = True) -> None:
    from kindaudio.audio.tts.voices import describe_voice

    width = max(len(voice.id) for voice in voices)
    for voice in voices:
        marker = "*" if voice.id == default.id else " "
        print(f"{marker} {voice.id.ljust(width)}  {describe_voice(voice)}")
        if provenance and voice.provenance:
            print(f"  {' ' * width}  {voice.provenance}")
