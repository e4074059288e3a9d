"""`kindaudio record`: record your own voice for a practice, sentence by sentence.

The conversation itself is kindaudio.cli.terminal_recorder.
"""

from __future__ import annotations

import argparse
from typing import Any


def add_parser(commands: Any) -> None:
    """Add `record` and its options to the `kindaudio` command's subparsers."""
    record = commands.add_parser(
        "record", help="record your own voice for a practice, sentence by sentence",
        description="Record your own voice for a practice, one sentence at a time. For each sentence press "
                    "Enter to start and Enter again to stop; then keep the take, try again, hear it, skip "
                    "the sentence, delete its recording, or quit. Kept takes are used in place of the "
                    "computer voice.")
    record.add_argument("practice", help="a practice id (see `kindaudio list`) or a path to a .md file")
    record.add_argument("--device", help="input device number or name (default: the system's own)")
    record.add_argument("--missing-only", action="store_true", help="only the sentences not recorded yet")


def run(args: argparse.Namespace) -> int:
    import sys

    from kindaudio.audio import missing_recordings, resolve_input_device
    from kindaudio.cli.terminal_recorder import RecordingSession
    from kindaudio.common.errors import UserInputError
    from kindaudio.common.paths import app_paths
    from kindaudio.script.library import resolve_practice
    from kindaudio.script.parser import load_practice

    paths = app_paths()
    practice = load_practice(resolve_practice(args.practice, paths))
    if practice.is_template:
        raise UserInputError(f"{practice.title} is a template, so its sentences are not settled yet",
                             hint="Make a practice from it first (`kindaudio new --template ...`), then record "
                                  "that practice.")
    device = resolve_input_device(args.device)  # no microphone: said before anything is asked
    if args.device is None:
        device = _saved_microphone(paths, device)
    sentences = list(missing_recordings(practice, paths) if args.missing_only else practice.unique_sentences())
    session = RecordingSession(practice, paths, device, sys.stdin, sys.stdout, sys.stderr)
    return session.run(sentences)


def _saved_microphone(paths: Any, usual: int | None) -> int | None:
    """The microphone chosen last time in the window (kept by name: numbers change as devices come and go)."""
    import sys

    from kindaudio.audio import input_device_named, input_devices
    from kindaudio.common.settings import load_settings

    saved = load_settings(paths).input_device
    if not saved:
        return usual
    found = input_device_named(input_devices(), saved)
    if found is not None:
        return found.index
    print(f"The microphone chosen in the settings, {saved}, is not connected now; using the usual one.",
          file=sys.stderr)
    return usual
