"""`kindaudio render PRACTICE`: a practice as an audio file, with captions beside it.

  kindaudio render PRACTICE [--minutes N] [--voice ID] [--rate WPM] [--recordings | --tts-only] [--recorded-only]
                   [--ambience] [--no-bells] [--set NAME=VALUE ...] [--format wav|mp3|ogg] [-o PATH] [--force]
                   [--no-quiet-cues]

The options it shares with `play` are kindaudio.cli.options. A file named with
-o is written only if it can be (kindaudio.common.output_target): never over a
folder, a device or a pipe, and over an earlier file only with --force, as
`export` does; the renders folder of your own (no -o) takes each new render.
"""

from __future__ import annotations

import argparse
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
    render.add_argument("-o", "--output", help="output file or folder (default: your renders folder)")
    render.add_argument("--force", action="store_true", help="replace the file (and its captions) if already there")
    render.add_argument("--no-quiet-cues", dest="quiet_cues", action="store_false",
                        help="captions without [quiet] where the voice leaves a long silence")


def run(args: argparse.Namespace) -> int:
    from kindaudio.audio import AudioFormat, ClipProvider, RenderRequest, recorded_count, recordings_speak, render
    from kindaudio.cli.progress_bar import TerminalProgress
    from kindaudio.common.output_target import expand_output
    from kindaudio.common.paths import app_paths
    from kindaudio.script.durations import format_clock

    output = None if args.output is None else expand_output(args.output)  # before any work: "" is refused
    paths = app_paths()
    practice, chosen = practice_choices(args, paths)
    request = RenderRequest(practice, chosen, format=AudioFormat(args.format), output=output,
                            replace=output is None or args.force, quiet_cues=args.quiet_cues)
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
