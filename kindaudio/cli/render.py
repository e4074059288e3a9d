"""`kindaudio render PRACTICE`: a practice as an audio file, with captions beside it.

  kindaudio render PRACTICE [--minutes N] [--voice ID] [--rate WPM] [--recordings | --tts-only] [--recorded-only]
                   [--ambience] [--no-bells] [--set NAME=VALUE ...] [--format wav|mp3|ogg] [-o PATH]

The options it shares with `play` are kindaudio.cli.options.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kindaudio.cli.exit_codes import EXIT_OK
from kindaudio.cli.options import add_practice_options, practice_choices, recordings_note

if TYPE_CHECKING:
    from kindaudio.audio import ClipProvider


def add_parser(commands: Any) -> None:
    """Add `render` and its options to the `kindaudio` command's subparsers."""
    render = commands.add_parser("render", help="render a practice to an audio file with captions")
    add_practice_options(render)
    render.add_argument("--format", choices=["wav", "mp3", "ogg"], default="wav")
    render.add_argument("-o", "--output", type=Path, help="output file or folder (default: your renders folder)")


def run(args: argparse.Namespace) -> int:
    from kindaudio.audio import AudioFormat, ClipProvider, RenderRequest, recorded_count, recordings_speak, render
    from kindaudio.cli.progress_bar import TerminalProgress
    from kindaudio.common.paths import app_paths
    from kindaudio.script.durations import format_clock

    paths = app_paths()
    practice, chosen = practice_choices(args, paths)
    request = RenderRequest(practice, chosen, format=AudioFormat(args.format), output=args.output)
    with ClipProvider(paths) as clips:
        result = render(request, clips, TerminalProgress())
        recorded, total = recorded_count(clips, practice)
        speak = recordings_speak(chosen, recorded, total)
        note = recordings_note(recorded, total, speak)
        all_recorded = chosen.recorded_only or (speak and recorded == total)
        spoken_by = "your recorded voice" if all_recorded else _voice_name(clips, result.voice)
    print(f"Rendered {practice.title} ({format_clock(result.seconds)}, {result.seconds:.1f} s) to {result.audio}")
    print(f"Voice: {spoken_by}")
    if note:
        print(note)
    print(f"Captions: {result.captions}")
    levels = result.levels
    print(f"Loudness {levels.output_loudness_lufs:.1f} LUFS, true peak {levels.output_true_peak_dbtp:.1f} "
          f"dBTP; {result.synthesized} sentences synthesised, {result.cached} from the cache, "
          f"{result.recorded} recorded")
    return EXIT_OK


def _voice_name(clips: ClipProvider, voice: str) -> str:
    chosen = clips.voice(voice)
    return f"{chosen.name}, {'a natural voice' if chosen.neural else 'a basic voice'} ({chosen.id})"
