"""Playing in the terminal, kept in the journal: `kindaudio play`, `kindaudio timer`, `kindaudio devices`.

  kindaudio play PRACTICE [--minutes N] [--voice ID] [--rate WPM] [--recordings | --tts-only] [--recorded-only]
                 [--ambience] [--no-bells] [--set NAME=VALUE ...] [--device ID] [--no-checkin] [--checkin-before]
  kindaudio timer --minutes N [--interval N] [--at MIN,MIN...] [--prepare SECONDS] [--ambience]
                  [--device ID] [--no-checkin] [--checkin-before]
  kindaudio devices

`play` and `timer` keep their session in the journal as the window does, and
then offer a check-in at a terminal (--no-checkin, or no terminal, skips it;
--checkin-before asks before too). The status line and keys are
kindaudio.cli.terminal_player; the options `play` shares with `render` are
kindaudio.cli.options.
"""

from __future__ import annotations

import argparse
import dataclasses
import logging
import sys
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from kindaudio.cli.exit_codes import EXIT_FAILURE, EXIT_OK
from kindaudio.cli.options import add_practice_options, practice_choices, recordings_note

if TYPE_CHECKING:
    from kindaudio.audio import LiveProgramme, PlayerStats
    from kindaudio.cli.terminal_player import SessionRecorder

log = logging.getLogger(__name__)


def add_parser(commands: Any) -> None:
    """Add `play`, `timer` and `devices` and their options to the `kindaudio` command's subparsers."""
    play = commands.add_parser("play", help="play a practice, with a live status line and keys")
    add_practice_options(play)
    play.add_argument("--device", help="output device number or name (see `kindaudio devices`)")

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


def run(args: argparse.Namespace) -> int:
    handler = {"play": _play, "timer": _timer, "devices": _devices}[args.command]
    return handler(args)


def _play(args: argparse.Namespace) -> int:
    from kindaudio.audio import (
        ClipProvider,
        journal_voice,
        practice_minutes,
        practice_programme,
        recorded_count,
        settle_recordings,
        warm_up,
    )
    from kindaudio.common.paths import app_paths

    paths = app_paths()
    practice, chosen = practice_choices(args, paths)
    minutes = practice_minutes(practice, chosen.minutes)
    chosen = dataclasses.replace(chosen, minutes=minutes)
    with ClipProvider(paths) as clips:
        # Refused before any sound: a recorded-only practice with sentences unrecorded, an unknown voice.
        chosen = settle_recordings(clips, practice, chosen)
        note = recordings_note(*recorded_count(clips, practice), bool(chosen.use_recordings))
        if note:
            print(note)
        if not chosen.recorded_only:
            settings = clips.settings_for(practice, chosen.voice, chosen.rate)
            chosen = dataclasses.replace(chosen, voice=settings.voice)
            clips.warm(settings)  # the voice loads in its worker while the journal opens and the bell rings

        def build() -> LiveProgramme:
            return practice_programme(clips, practice, chosen)

        return _play_logged(args, build, practice_id=practice.id, title=practice.title,
                            content_hash=practice.content_hash, minutes=minutes,
                            voice=journal_voice(chosen),
                            get_ready=warm_up)  # levelling loaded now, not as silence before the first words


def _timer(args: argparse.Namespace) -> int:
    from kindaudio.audio import TIMER_PRACTICE_ID, TimerSpec, format_minutes, timer_programme
    from kindaudio.common.errors import UserInputError

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


def _devices(args: argparse.Namespace) -> int:
    from kindaudio.audio import output_devices

    devices = output_devices()
    if not devices:
        print("No sound output device was found.")
        return EXIT_FAILURE
    for device in devices:
        print(device)
    return EXIT_OK


def _play_logged(args: argparse.Namespace, build: Callable[[], LiveProgramme], *, practice_id: str, title: str,
                 content_hash: str, minutes: float, voice: str | None,
                 get_ready: Callable[[], None] | None = None) -> int:
    """Play in the terminal with the session kept in the journal, and check-ins offered when at a terminal."""
    from kindaudio.audio import resolve_device
    from kindaudio.cli.checkin_prompt import ask_check_in, save_check_in
    from kindaudio.cli.terminal_player import SessionRecorder
    from kindaudio.common.paths import app_paths
    from kindaudio.journal.listening import SessionDetails, SessionListener
    from kindaudio.journal.records import Moment, Mood
    from kindaudio.journal.store import open_journal

    device = resolve_device(args.device)
    in_terminal = sys.stdin.isatty()
    with open_journal(app_paths()) as journal:  # before any sound: a journal problem is said first
        before: tuple[Mood, datetime] | None = None
        if in_terminal and args.checkin_before:
            mood = ask_check_in(sys.stdin, sys.stdout, Moment.BEFORE)
            before = (mood, journal.now()) if mood is not None else None

        details = SessionDetails(practice_id=practice_id, title=title, content_hash=content_hash,
                                 chosen_seconds=round(minutes * 60), voice=voice)
        recorder = SessionRecorder(SessionListener(lambda: journal, details, before=before))
        if get_ready is not None:
            get_ready()
        code = _play_programme(device, build, title, recorder)
        session_id = recorder.listener.session_id
        if session_id is not None and in_terminal and not args.no_checkin and code == EXIT_OK:
            print()
            mood = ask_check_in(sys.stdin, sys.stdout, Moment.AFTER)
            if mood is not None:  # on a full disk, what was typed is printed back
                save_check_in(journal, mood, Moment.AFTER, sys.stdout, session_id)
    return code


def _play_programme(device: int | None, build: Callable[[], LiveProgramme], title: str,
                    recorder: SessionRecorder | None = None) -> int:
    from kindaudio.audio import Player, PlayerState
    from kindaudio.cli.terminal_player import TerminalPlayer
    from kindaudio.desktop.inhibit import KeepAwake

    player = Player(device)
    keep_awake = KeepAwake()  # no screen blanking or idle sleep while it plays
    keep_awake.follow(player)
    try:
        status = TerminalPlayer(player).play(build, title, recorder)
    finally:
        player.close()
        keep_awake.close()
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
