"""The `kindaudio` command.

  kindaudio [window [PRACTICE]]       the window
  kindaudio render PRACTICE [--minutes N] [--voice ID] [--rate WPM] [--format wav|mp3|ogg] [-o PATH]
  kindaudio play PRACTICE [--minutes N] [--voice ID] [--rate WPM] [--device ID] [--ambience]
  kindaudio timer --minutes N [--interval N] [--at MIN,MIN...] [--prepare SECONDS] [--ambience] [--device ID]
  kindaudio list | voices | devices | check [PRACTICE ...]

Exit codes: 0 done, 2 bad input (the message says what and where), 1 anything
else. Errors the person can act on are printed as messages; --debug shows the
traceback of any error.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kindaudio import __version__
from kindaudio.errors import KindAudioError, UserInputError

if TYPE_CHECKING:
    from kindaudio.audio.live import LiveProgramme

log = logging.getLogger("kindaudio")

EXIT_OK, EXIT_FAILURE, EXIT_BAD_INPUT, EXIT_INTERRUPTED = 0, 1, 2, 130


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

    window = commands.add_parser("window", help="open the window (what `kindaudio` alone does)")
    window.add_argument("practice", nargs="?", help="a practice file to open in it")

    render = commands.add_parser("render", help="render a practice to an audio file with captions")
    render.add_argument("practice", help="a practice id (see `kindaudio list`) or a path to a .md file")
    render.add_argument("--minutes", type=float, help="length in minutes (default: the shortest it offers)")
    render.add_argument("--voice", help="voice id (see `kindaudio voices`)")
    render.add_argument("--rate", type=int, help="speaking rate (the engine's words per minute)")
    render.add_argument("--format", choices=["wav", "mp3", "ogg"], default="wav")
    render.add_argument("-o", "--output", type=Path, help="output file or folder (default: your renders folder)")
    render.add_argument("--tts-only", action="store_true", help="ignore recordings; use the synthetic voice only")
    render.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="a value for a template variable (repeatable)")

    play = commands.add_parser("play", help="play a practice, with a live status line and keys")
    play.add_argument("practice", help="a practice id (see `kindaudio list`) or a path to a .md file")
    play.add_argument("--minutes", type=float, help="length in minutes (default: the shortest it offers)")
    play.add_argument("--voice", help="voice id (see `kindaudio voices`)")
    play.add_argument("--rate", type=int, help="speaking rate (the engine's words per minute)")
    play.add_argument("--device", help="output device number or name (see `kindaudio devices`)")
    play.add_argument("--ambience", action="store_true", help="a soft background sound under the voice")
    play.add_argument("--tts-only", action="store_true", help="ignore recordings; use the synthetic voice only")
    play.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                      help="a value for a template variable (repeatable)")
    timer = commands.add_parser("timer", help="a silent timer with bells")
    timer.add_argument("--minutes", type=float, required=True, help="sitting time, from the opening bell (1-180)")
    timer.add_argument("--interval", type=float, help="a bell every N minutes")
    timer.add_argument("--at", default="", metavar="MIN,MIN...", help="bells at these minutes, e.g. 5,12")
    timer.add_argument("--prepare", type=float, default=0.0, metavar="SECONDS",
                       help="a quiet countdown before the opening bell")
    timer.add_argument("--ambience", action="store_true", help="a soft background sound")
    timer.add_argument("--device", help="output device number or name (see `kindaudio devices`)")
    commands.add_parser("devices", help="the sound output devices")
    commands.add_parser("list", help="the practices, their lengths and reachable range")
    voices = commands.add_parser("voices", help="the voices the speech engine offers")
    voices.add_argument("--language", help="only voices for this language, e.g. en")
    check = commands.add_parser("check", help="what works on this machine; or check practice files")
    check.add_argument("files", nargs="*", help="practice files or ids to check instead")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args_list
    logging.basicConfig(level=logging.DEBUG if debug else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        args = build_parser().parse_args(args_list)
        if args.command is None:
            return _window(argparse.Namespace(practice=None))
        handler = {"window": _window, "render": _render, "play": _play, "timer": _timer, "devices": _devices,
                   "list": _list, "voices": _voices, "check": _check}[args.command]
        return handler(args)
    except KindAudioError as exc:
        if debug:
            log.exception("failed")
        print(f"{exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("\nstopped", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:  # noqa: BLE001 - the last line of defence: a clear message, not a traceback
        if debug:
            log.exception("internal error")
        print(f"kindaudio: internal error: {type(exc).__name__}: {exc} (run with --debug for details)",
              file=sys.stderr)
        return EXIT_FAILURE


def _window(args: argparse.Namespace) -> int:
    from kindaudio.display import check_screen
    from kindaudio.paths import app_paths
    from kindaudio.script.library import resolve_practice

    path = resolve_practice(args.practice, app_paths()) if args.practice else None
    check_screen()
    from kindaudio.ui.app import run  # Qt is loaded only now, and only for the window

    return run(path)


def _values(pairs: list[str]) -> dict[str, str]:
    values = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise UserInputError(f"--set takes NAME=VALUE, not {pair!r}")
        values[name.strip()] = value
    return values


def _render(args: argparse.Namespace) -> int:
    from kindaudio.audio.clips import ClipProvider
    from kindaudio.audio.export import AudioFormat
    from kindaudio.audio.render import RenderRequest, render
    from kindaudio.paths import app_paths
    from kindaudio.progress import TerminalProgress
    from kindaudio.script.durations import format_clock
    from kindaudio.script.library import resolve_practice
    from kindaudio.script.parser import load_practice

    paths = app_paths()
    practice = load_practice(resolve_practice(args.practice, paths), _values(args.set))
    request = RenderRequest(practice, minutes=args.minutes, voice=args.voice, rate=args.rate,
                            format=AudioFormat(args.format), output=args.output, use_recordings=not args.tts_only)
    with ClipProvider(paths) as clips:
        result = render(request, clips, TerminalProgress())
    print(f"Rendered {practice.title} ({format_clock(result.seconds)}, {result.seconds:.1f} s) to {result.audio}")
    print(f"Captions: {result.captions}")
    print(f"Loudness {result.levels.output_loudness_lufs:.1f} LUFS, true peak {result.levels.output_true_peak_dbtp:.1f} "
          f"dBTP; {result.synthesized} sentences synthesised, {result.cached} from the cache, "
          f"{result.recorded} recorded")
    return EXIT_OK


def _play(args: argparse.Namespace) -> int:
    from kindaudio.audio.clips import ClipProvider
    from kindaudio.audio.levelling import warm_up
    from kindaudio.audio.output import resolve_device
    from kindaudio.audio.programmes import practice_minutes, practice_programme
    from kindaudio.paths import app_paths
    from kindaudio.script.library import resolve_practice
    from kindaudio.script.parser import load_practice

    paths = app_paths()
    practice = load_practice(resolve_practice(args.practice, paths), _values(args.set))
    minutes = practice_minutes(practice, args.minutes)
    device = resolve_device(args.device)
    warm_up()  # now, rather than as silence before the first words
    with ClipProvider(paths) as clips:
        return _play_programme(device, lambda: practice_programme(
            clips, practice, minutes, args.voice, args.rate, use_recordings=not args.tts_only,
            ambience=args.ambience), practice.title)


def _timer(args: argparse.Namespace) -> int:
    from kindaudio.audio.output import resolve_device
    from kindaudio.audio.programmes import timer_programme
    from kindaudio.audio.timer import TimerSpec, format_minutes

    try:
        times = tuple(float(part) for part in args.at.replace(" ", "").split(",") if part)
    except ValueError:
        raise UserInputError(f"--at takes minutes separated by commas, e.g. 5,12; not {args.at!r}") from None
    spec = TimerSpec(args.minutes, prepare_seconds=args.prepare, interval_minutes=args.interval,
                     bell_times_minutes=times, ambience=args.ambience)
    device = resolve_device(args.device)
    return _play_programme(device, lambda: timer_programme(spec), f"Silent timer, {format_minutes(args.minutes)}")


def _play_programme(device: int | None, build: Callable[[], LiveProgramme], title: str) -> int:
    from kindaudio.audio.player import Player, PlayerState
    from kindaudio.terminal_player import TerminalPlayer

    player = Player(device)
    try:
        status = TerminalPlayer(player).play(build, title)
    finally:
        player.close()
    if status.state is PlayerState.FAILED:
        return EXIT_FAILURE
    return EXIT_OK


def _devices(args: argparse.Namespace) -> int:
    from kindaudio.audio.output import output_devices

    devices = output_devices()
    if not devices:
        print("No sound output device was found.")
        return EXIT_FAILURE
    for device in devices:
        print(device)
    return EXIT_OK


def _list(args: argparse.Namespace) -> int:
    from kindaudio.paths import app_paths
    from kindaudio.script.durations import format_clock
    from kindaudio.script.errors import ScriptError
    from kindaudio.script.library import load_all
    from kindaudio.script.timing import estimated_range

    rows = [("ID", "TITLE", "LENGTHS (MIN)", "REACHABLE (ESTIMATED)", "FROM")]
    problems = []
    for entry, practice in load_all(app_paths()):
        if isinstance(practice, ScriptError):
            problems.append(f"{entry.path}: cannot be read:\n  " + "\n  ".join(map(str, practice.diagnostics)))
            continue
        reach = estimated_range(practice)
        rows.append((entry.id, practice.title, ", ".join(map(str, practice.lengths)),
                     f"{format_clock(reach.shortest)} to {format_clock(reach.longest)}", entry.origin))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    for problem in problems:
        print(problem, file=sys.stderr)
    return EXIT_OK


def _voices(args: argparse.Namespace) -> int:
    from kindaudio.audio.clips import ClipProvider
    from kindaudio.audio.tts.engine import default_voice
    from kindaudio.paths import app_paths

    with ClipProvider(app_paths()) as clips:
        info, voices = clips.engine()
    default = default_voice(list(voices))
    shown = [v for v in voices if not args.language or any(lang.startswith(args.language) for lang in v.languages)]
    if not shown:
        raise UserInputError(f"no voice speaks '{args.language}'; `kindaudio voices` lists them all")
    width = max(len(v.id) for v in shown)
    for voice in sorted(shown, key=lambda v: v.id):
        marker = "*" if voice.id == default.id else " "
        print(f"{marker} {voice.id.ljust(width)}  {voice.name}  ({', '.join(voice.languages)})")
    print(f"\n{len(shown)} voices from {info.name} {info.version}; * is the default")
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    from kindaudio.checkup import run_all
    from kindaudio.paths import app_paths

    paths = app_paths()
    if args.files:
        return _check_files(args.files, paths)
    findings = run_all(paths)
    width = max(len(f.name) for f in findings)
    for finding in findings:
        print(f"{'ok ' if finding.ok else 'NO '} {finding.name.ljust(width)}  {finding.detail}")
        if finding.fix:
            print(f"    {' ' * width}  to fix: {finding.fix}")
    return EXIT_OK if all(f.ok for f in findings) else EXIT_FAILURE


def _check_files(references: list[str], paths: object) -> int:
    from kindaudio.script.durations import format_clock
    from kindaudio.script.errors import ScriptError
    from kindaudio.script.library import resolve_practice
    from kindaudio.script.parser import load_practice
    from kindaudio.script.timing import estimated_range

    worst = EXIT_OK
    for reference in references:
        try:
            practice = load_practice(resolve_practice(reference, paths))  # type: ignore[arg-type]
        except ScriptError as exc:
            print(exc, file=sys.stderr)
            worst = EXIT_BAD_INPUT
            continue
        reach = estimated_range(practice)
        print(f"{practice.source}: ok: {practice.title}, {len(practice.sections)} sections, "
              f"{len(practice.sentences)} sentences, about {format_clock(reach.shortest)} to "
              f"{format_clock(reach.longest)}")
    return worst
