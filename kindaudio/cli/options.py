"""The options `render` and `play` share, and the values they come to.

Both commands take a practice and say how it should sound: how long, which
voice, how fast, bells and background, and whether your recorded voice speaks
— the window's choices, as one PlayChoices value. add_practice_options() puts
those options on a command; practice_choices() reads them back, with the voice
and rate chosen in Settings filling in what was not given. One place for both,
so the two commands can never read the same option differently.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from kindaudio.audio import PlayChoices

if TYPE_CHECKING:
    from kindaudio.common.paths import AppPaths
    from kindaudio.script.model import Practice


def add_practice_options(parser: argparse.ArgumentParser) -> None:
    """The practice and the options for how it sounds, as `render` and `play` both take them."""
    parser.add_argument("practice", help="a practice id (see `kindaudio list`) or a path to a .md file")
    parser.add_argument("--minutes", type=float, help="length in minutes (default: the shortest it offers)")
    parser.add_argument("--voice", help="voice id (see `kindaudio voices`; default: the one chosen in Settings)")
    parser.add_argument("--rate", type=int,
                        help="speaking rate in words a minute, as heard (default: the practice's)")
    recordings = parser.add_mutually_exclusive_group()
    recordings.add_argument("--recordings", action="store_true",
                            help="your recordings speak wherever they exist, even while some sentences are not "
                                 "recorded yet (by default they speak only once every sentence is recorded)")
    recordings.add_argument("--tts-only", action="store_true",
                            help="ignore recordings; use the synthetic voice only")
    parser.add_argument("--recorded-only", action="store_true",
                        help="your recorded voice alone; refused while any sentence is unrecorded")
    parser.add_argument("--ambience", action="store_true", help="a soft background sound under the voice")
    parser.add_argument("--no-bells", action="store_true", help="leave the bells out (their places stay quiet)")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="a value for a template variable (repeatable)")


def practice_choices(args: argparse.Namespace, paths: AppPaths) -> tuple[Practice, PlayChoices]:
    """The practice (read and checked first) and how it should sound, from the options
    add_practice_options() added."""
    from kindaudio.common.settings import load_settings
    from kindaudio.script.library import resolve_practice
    from kindaudio.script.parser import load_practice

    practice = load_practice(resolve_practice(args.practice, paths), _template_values(args.set))
    settings = load_settings(paths)  # the voice and rate chosen in Settings (the window's too), else the defaults
    choices = PlayChoices(minutes=args.minutes, voice=args.voice or settings.voice, rate=args.rate or settings.rate,
                          use_recordings=_use_recordings(args), bells=not args.no_bells, ambience=args.ambience,
                          recorded_only=args.recorded_only)
    return practice, choices


def _use_recordings(args: argparse.Namespace) -> bool | None:
    """True or False when asked; None (recordings speak only when every sentence is recorded) otherwise."""
    if args.tts_only:
        return False
    return True if args.recordings else None


def recordings_note(recorded: int, total: int, speak: bool) -> str | None:
    """A line saying how much is recorded when recordings exist, and whether they speak this time."""
    if not recorded:
        return None
    count = f"{recorded} of {total} sentences recorded"
    if recorded == total:
        return f"Recordings: {count}." + ("" if speak else " The computer voice reads it this time.")
    if speak:
        return f"Recordings: {count}; the computer voice reads the others."
    return f"Recordings: {count}; the computer voice reads it all (add --recordings to hear yours where they exist)."


def _template_values(pairs: list[str]) -> dict[str, str]:
    from kindaudio.common.errors import UserInputError

    values = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise UserInputError(f"--set takes NAME=VALUE, not {pair!r}")
        values[name.strip()] = value
    return values
