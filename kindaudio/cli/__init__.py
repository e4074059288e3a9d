"""The `kindaudio` command.

  kindaudio [window [PRACTICE]]       the window
  kindaudio render PRACTICE [--minutes N] [--voice ID] [--rate WPM] [--format wav|mp3|ogg] [-o PATH]
  kindaudio play PRACTICE [--minutes N] [--voice ID] [--rate WPM] [--device ID] [--ambience]
  kindaudio timer --minutes N [--interval N] [--at MIN,MIN...] [--prepare SECONDS] [--ambience] [--device ID]
  kindaudio list | voices | devices | check [PRACTICE ...]
  kindaudio history [--since DATE] [--csv]
  kindaudio export --format csv|fhir|pdf --from DATE [--to DATE] -o PATH [--notes shared|all|none] [--force]
  kindaudio checkin [--valence N [--feeling WORD ...] [--difficult] [--note TEXT [--share-note]]]

`play` keeps its session in the journal and then offers a check-in in the
terminal (--no-checkin, or no terminal, skips it; --checkin-before asks
before too). Dates are YYYY-MM-DD, in your local time.

Exit codes: 0 done, 2 bad input (the message says what and where), 1 anything
else. Errors the person can act on are printed as messages; --debug shows the
traceback of any error.
"""

from __future__ import annotations

import argparse
import io
import logging
import re
import sys
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from kindaudio import __version__
from kindaudio.common.errors import KindAudioError, UserInputError

if TYPE_CHECKING:
    from kindaudio.audio.clips import ClipProvider
    from kindaudio.audio.player import PlayerStats
    from kindaudio.audio.live import LiveProgramme
    from kindaudio.common.paths import AppPaths
    from kindaudio.journal.records import CheckIn, SessionRecord
    from kindaudio.journal.store import Journal
    from kindaudio.cli.terminal_player import SessionRecorder

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
    render.add_argument("--voice", help="voice id (see `kindaudio voices`; default: the one chosen in Settings)")
    render.add_argument("--rate", type=int, help="speaking rate in words a minute, as heard (default: the practice's)")
    render.add_argument("--format", choices=["wav", "mp3", "ogg"], default="wav")
    render.add_argument("-o", "--output", type=Path, help="output file or folder (default: your renders folder)")
    render.add_argument("--tts-only", action="store_true", help="ignore recordings; use the synthetic voice only")
    render.add_argument("--recorded-only", action="store_true",
                        help="your recorded voice alone; refused while any sentence is unrecorded")
    render.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="a value for a template variable (repeatable)")

    play = commands.add_parser("play", help="play a practice, with a live status line and keys")
    play.add_argument("practice", help="a practice id (see `kindaudio list`) or a path to a .md file")
    play.add_argument("--minutes", type=float, help="length in minutes (default: the shortest it offers)")
    play.add_argument("--voice", help="voice id (see `kindaudio voices`; default: the one chosen in Settings)")
    play.add_argument("--rate", type=int, help="speaking rate in words a minute, as heard (default: the practice's)")
    play.add_argument("--device", help="output device number or name (see `kindaudio devices`)")
    play.add_argument("--ambience", action="store_true", help="a soft background sound under the voice")
    play.add_argument("--tts-only", action="store_true", help="ignore recordings; use the synthetic voice only")
    play.add_argument("--recorded-only", action="store_true",
                      help="your recorded voice alone; refused while any sentence is unrecorded")
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
    for logged in (play, timer):  # both go in the journal, with check-ins offered in a terminal
        logged.add_argument("--no-checkin", action="store_true", help="don't offer a check-in afterwards")
        logged.add_argument("--checkin-before", action="store_true", help="offer a check-in before, too")
    commands.add_parser("devices", help="the sound output devices")
    commands.add_parser("list", help="the practices, their lengths and reachable range")
    check = commands.add_parser("check", help="what works on this machine; or check practice files")
    check.add_argument("files", nargs="*", help="practice files or ids to check instead")

    history = commands.add_parser("history", help="your practice sessions and check-ins, oldest first")
    history.add_argument("--since", type=_date_option, metavar="DATE", help="from this day on (YYYY-MM-DD)")
    history.add_argument("--csv", action="store_true", help="as CSV on standard output, notes included")

    export = commands.add_parser("export", help="your journal as a file to share: CSV, FHIR JSON or a PDF report")
    export.add_argument("--format", choices=["csv", "fhir", "pdf"], required=True)
    export.add_argument("--from", dest="since", type=_date_option, required=True, metavar="DATE",
                        help="the first day to include (YYYY-MM-DD)")
    export.add_argument("--to", dest="until", type=_date_option, metavar="DATE",
                        help="the last day to include (default: today)")
    export.add_argument("-o", "--output", type=Path, required=True, help="the file to write, or a folder for it")
    export.add_argument("--notes", choices=["shared", "all", "none"], default="shared",
                        help="which check-in notes to include: those you marked to share (default), all, or none")
    export.add_argument("--force", action="store_true", help="replace the file if it is already there")

    # Making and sharing practices: each command's options and work live in its own module.
    from kindaudio.cli import new, pack, record, voices

    voices.add_parser(commands)
    new.add_parser(commands)
    pack.add_parser(commands)
    record.add_parser(commands)

    checkin = commands.add_parser("checkin", help="a check-in on its own: how you are right now")
    checkin.add_argument("--valence", type=int, metavar="N",
                         help="without questions: your mood from -3 (very unpleasant) to 3 (very pleasant)")
    checkin.add_argument("--feeling", action="append", default=[], metavar="WORD",
                         help="a feeling to name (repeatable)")
    checkin.add_argument("--difficult", action="store_true", help="difficult feelings came up")
    checkin.add_argument("--note", default="", help="a note for yourself")
    checkin.add_argument("--share-note", action="store_true", help="include the note in reports for your therapist")
    return parser


def _date_option(text: str) -> date:
    """A calendar date as YYYY-MM-DD (argparse names the option in its message)."""
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-11-22") from None


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
                   "list": _list, "voices": _voices, "check": _check, "history": _history, "export": _export,
                   "checkin": _checkin, "new": _new, "pack": _pack, "record": _record}[args.command]
        return handler(args)
    except KindAudioError as exc:
        if debug:
            log.exception("failed")
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
    except Exception as exc:  # noqa: BLE001 - the last line of defence: a clear message, not a traceback
        if debug:
            log.exception("internal error")
        print(f"kindaudio: internal error: {type(exc).__name__}: {exc} (run with --debug for details)",
              file=sys.stderr)
        return EXIT_FAILURE


def _new(args: argparse.Namespace) -> int:
    from kindaudio.cli import new

    return new.run(args)


def _pack(args: argparse.Namespace) -> int:
    from kindaudio.cli import pack

    return pack.run(args)


def _record(args: argparse.Namespace) -> int:
    from kindaudio.cli import record

    return record.run(args)


def _window(args: argparse.Namespace) -> int:
    from kindaudio.cli.window import check_screen
    from kindaudio.common.paths import app_paths
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
    from kindaudio.common.paths import app_paths
    from kindaudio.cli.progress_bar import TerminalProgress
    from kindaudio.script.durations import format_clock
    from kindaudio.script.library import resolve_practice
    from kindaudio.script.parser import load_practice

    paths = app_paths()
    practice = load_practice(resolve_practice(args.practice, paths), _values(args.set))
    voice, rate = _voice_and_rate(args, paths)
    request = RenderRequest(practice, minutes=args.minutes, voice=voice, rate=rate,
                            format=AudioFormat(args.format), output=args.output, use_recordings=not args.tts_only,
                            recorded_only=args.recorded_only)
    with ClipProvider(paths) as clips:
        result = render(request, clips, TerminalProgress())
        spoken_by = "your recorded voice" if args.recorded_only else _voice_name(clips, result.voice)
    print(f"Rendered {practice.title} ({format_clock(result.seconds)}, {result.seconds:.1f} s) to {result.audio}")
    print(f"Voice: {spoken_by}")
    print(f"Captions: {result.captions}")
    print(f"Loudness {result.levels.output_loudness_lufs:.1f} LUFS, true peak {result.levels.output_true_peak_dbtp:.1f} "
          f"dBTP; {result.synthesized} sentences synthesised, {result.cached} from the cache, "
          f"{result.recorded} recorded")
    return EXIT_OK


def _play(args: argparse.Namespace) -> int:
    from kindaudio.audio.clips import ClipProvider
    from kindaudio.audio.levelling import warm_up
    from kindaudio.audio.programmes import practice_minutes, practice_programme
    from kindaudio.audio.render import RECORDED_VOICE, check_recorded_only
    from kindaudio.common.paths import app_paths
    from kindaudio.script.library import resolve_practice
    from kindaudio.script.parser import load_practice

    paths = app_paths()
    practice = load_practice(resolve_practice(args.practice, paths), _values(args.set))
    minutes = practice_minutes(practice, args.minutes)
    voice, rate = _voice_and_rate(args, paths)
    with ClipProvider(paths) as clips:
        check_recorded_only(clips, practice, not args.tts_only, args.recorded_only)  # refused before any sound
        if not args.recorded_only:
            settings = clips.settings_for(practice, voice, rate)  # an unknown voice is refused before any sound
            voice = settings.voice
            clips.warm(settings)  # the voice loads in its worker while the journal opens and the bell rings

        def build() -> LiveProgramme:
            return practice_programme(clips, practice, minutes, voice, rate,
                                      use_recordings=not args.tts_only, ambience=args.ambience,
                                      recorded_only=args.recorded_only)

        return _play_logged(args, build, practice_id=practice.id, title=practice.title,
                            content_hash=practice.content_hash, minutes=minutes,
                            voice=RECORDED_VOICE if args.recorded_only else voice,
                            get_ready=warm_up)  # levelling loaded now, not as silence before the first words


def _voice_name(clips: ClipProvider, voice: str) -> str:
    chosen = clips.voice(voice)
    return f"{chosen.name}, {'a natural voice' if chosen.neural else 'a basic voice'} ({chosen.id})"


def _voice_and_rate(args: argparse.Namespace, paths: AppPaths) -> tuple[str | None, int | None]:
    """The voice and rate asked for, else those chosen in Settings (the window's too), else the defaults."""
    from kindaudio.common.settings import load_settings

    settings = load_settings(paths)
    return args.voice or settings.voice, args.rate or settings.rate


def _timer(args: argparse.Namespace) -> int:
    from kindaudio.audio.programmes import timer_programme
    from kindaudio.audio.timer import TimerSpec, format_minutes
    from kindaudio.audio.timer_limits import TIMER_PRACTICE_ID

    try:
        times = tuple(float(part) for part in args.at.replace(" ", "").split(",") if part)
    except ValueError:
        raise UserInputError(f"--at takes minutes separated by commas, e.g. 5,12; not {args.at!r}") from None
    spec = TimerSpec(args.minutes, prepare_seconds=args.prepare, interval_minutes=args.interval,
                     bell_times_minutes=times, ambience=args.ambience)
    # Logged as the window logs it: the silent timer's id, its title with the length.
    return _play_logged(args, lambda: timer_programme(spec), practice_id=TIMER_PRACTICE_ID,
                        title=f"Silent timer, {format_minutes(args.minutes)}", content_hash="",
                        minutes=args.minutes, voice=None)


def _play_logged(args: argparse.Namespace, build: Callable[[], LiveProgramme], *, practice_id: str, title: str,
                 content_hash: str, minutes: float, voice: str | None,
                 get_ready: Callable[[], None] | None = None) -> int:
    """Play in the terminal with the session kept in the journal, and check-ins offered when at a terminal."""
    from kindaudio.audio.output import resolve_device
    from kindaudio.cli.checkin_prompt import ask_check_in
    from kindaudio.journal.listening import SessionLog
    from kindaudio.journal.records import Moment, Mood
    from kindaudio.journal.store import open_journal
    from kindaudio.common.paths import app_paths
    from kindaudio.cli.terminal_player import SessionRecorder

    device = resolve_device(args.device)
    in_terminal = sys.stdin.isatty()
    with open_journal(app_paths()) as journal:  # before any sound: a journal problem is said first
        before: tuple[Mood, datetime] | None = None
        if in_terminal and args.checkin_before:
            mood = ask_check_in(sys.stdin, sys.stdout, Moment.BEFORE)
            before = (mood, journal.now()) if mood is not None else None

        def start_log(save_every: float) -> SessionLog:
            log = SessionLog.start(journal, practice_id=practice_id, title=title, content_hash=content_hash,
                                   chosen_seconds=round(minutes * 60), voice=voice, save_every=save_every)
            if before is not None:
                journal.add_check_in(before[0], moment=Moment.BEFORE, session_id=log.session_id, at=before[1])
            return log

        recorder = SessionRecorder(start_log)
        if get_ready is not None:
            get_ready()
        code = _play_programme(device, build, title, recorder)
        if recorder.log is not None and in_terminal and not args.no_checkin and code == EXIT_OK:
            print()
            mood = ask_check_in(sys.stdin, sys.stdout, Moment.AFTER)
            if mood is not None:
                journal.add_check_in(mood, moment=Moment.AFTER, session_id=recorder.log.session_id)
                print("Saved in your journal. Thank you for checking in.")
    return code


def _play_programme(device: int | None, build: Callable[[], LiveProgramme], title: str,
                    recorder: SessionRecorder | None = None) -> int:
    from kindaudio.audio.player import Player, PlayerState
    from kindaudio.cli.terminal_player import TerminalPlayer

    player = Player(device)
    try:
        status = TerminalPlayer(player).play(build, title, recorder)
    finally:
        player.close()
    _log_timing(player.stats)
    if status.state is PlayerState.FAILED:
        return EXIT_FAILURE
    return EXIT_OK


def _log_timing(stats: PlayerStats) -> None:
    """How soon sound came (--debug): the monotonic clock's readings, so a benchmark can time a whole process."""
    if stats.play_called_at is None:
        return
    began = stats.play_called_at
    log.debug("timing: play() at %.6f; first sound at %s, first words at %s (monotonic clock); %d blocks held",
              began, *(f"{at:.6f} (+{at - began:.3f} s)" if at is not None else "never"
                       for at in (stats.first_sound_at, stats.first_speech_at)), stats.holds)


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
    from kindaudio.common.paths import app_paths
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
    from kindaudio.cli import voices

    return voices.run(args)


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


# The journal ---------------------------------------------------------------------------------------

STATUS_WORDS = {"completed": "completed", "stopped_early": "stopped early", "interrupted": "interrupted",
                "in_progress": "in progress"}
EARLIEST = date(1970, 1, 1)


def _history(args: argparse.Namespace) -> int:
    from kindaudio.journal.export import NoteChoice, gather
    from kindaudio.journal.export_csv import write_csv
    from kindaudio.journal.records import SessionQuery
    from kindaudio.journal.store import open_journal
    from kindaudio.common.paths import app_paths

    with open_journal(app_paths()) as journal:
        today = journal.today()
        if args.since is not None and args.since > today:
            raise UserInputError(f"--since {args.since.isoformat()} is still to come; give a day up to today")
        if args.csv:
            # The person's own view of their own journal, so every note is in it.
            data = gather(journal, since=args.since or EARLIEST, until=today, notes=NoteChoice.ALL)
            if isinstance(sys.stdout, io.TextIOWrapper):
                sys.stdout.reconfigure(newline="")  # the csv module writes its own line ends
            write_csv(data, sys.stdout)
            return EXIT_OK
        sessions = journal.sessions(SessionQuery(since=args.since, newest_first=False))
        standalone = journal.check_ins(since=args.since, standalone_only=True)
        _print_history(journal, sessions, standalone, args.since)
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
    print(f"\n{len(sessions)} sessions, {minutes:.0f} minutes listened. "
          "Mood runs from -3 (very unpleasant) through 0 to +3 (very pleasant).")


def _valence(check_in: CheckIn | None) -> str:
    if check_in is None:
        return "–"
    return "0" if check_in.mood.valence == 0 else f"{check_in.mood.valence:+d}"


def _export(args: argparse.Namespace) -> int:
    from kindaudio.journal.export import ExportFormat, NoteChoice, export_journal
    from kindaudio.journal.store import open_journal
    from kindaudio.common.paths import app_paths

    fmt = ExportFormat(args.format)
    with open_journal(app_paths()) as journal:
        until = args.until or journal.today()
        target = args.output.expanduser()
        if target.is_dir():
            target = target / f"kindaudio-journal-{args.since.isoformat()}-to-{until.isoformat()}{fmt.suffix}"
        if target.exists() and not args.force:
            raise UserInputError(f"{target} is already there; nothing was changed",
                                 hint="Choose another name, or add --force to replace it.")
        path = export_journal(journal, fmt, target, since=args.since, until=until, notes=NoteChoice(args.notes))
    print(f"Exported your journal from {args.since.isoformat()} to {until.isoformat()} to {path}")
    print("It holds private health information: share it only with people you choose.")
    return EXIT_OK


def _checkin(args: argparse.Namespace) -> int:
    from kindaudio.cli.checkin_prompt import ask_check_in
    from kindaudio.journal.records import Moment, Mood
    from kindaudio.journal.store import open_journal
    from kindaudio.common.paths import app_paths

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
        journal.add_check_in(mood, moment=Moment.STANDALONE)
    print("Saved in your journal. Thank you for checking in.")
    return EXIT_OK
