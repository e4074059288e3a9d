"""Recording one's voice: the work done off the GUI thread (no Qt).

Reading the practice and the recordings it has, opening the microphone,
keeping a take (FLAC, replacing any earlier one atomically), deleting a
recording, and listing the microphones. The microphone's work runs on one
serial worker, in the order it was asked for.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from kindaudio.audio import (
    EXTENSIONS,
    InputDevice,
    Recorder,
    TakeRefused,
    delete_recording,
    input_device_named,
    input_devices,
    look_again_for_inputs,
    same_output_after,
    save_take,
)
from kindaudio.common.paths import AppPaths, ensure_dir
from kindaudio.script.model import Practice, Sentence
from kindaudio.script.parser import load_practice

log = logging.getLogger(__name__)


def own_recordings(home: AppPaths, practice_id: str) -> dict[str, Path]:
    """sentence id -> the person's own recording of it (FLAC made here, or what a pack brought)."""
    folder = home.recordings / practice_id
    found: dict[str, Path] = {}
    if folder.is_dir():
        for extension in reversed(EXTENSIONS):  # the preferred kind last, so it wins (as the player chooses)
            for path in folder.glob(f"*{extension}"):
                found[path.stem] = path
    return found


@dataclass(frozen=True)
class Line:
    """One distinct sentence as the list shows it: where it first comes, and its recording's length if any."""

    sentence: Sentence
    section: str
    seconds: float | None
    path: Path | None


@dataclass(frozen=True)
class Loaded:
    practice: Practice
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class Kept:
    """A take kept for a sentence."""

    sentence_id: str
    seconds: float
    path: Path


@dataclass(frozen=True)
class Deleted:
    sentence_id: str
    removed: bool


def read_lines(path: Path, home: AppPaths) -> Loaded:
    """The practice and each distinct sentence with its recording's length (a worker's call)."""
    import soundfile

    practice = load_practice(path)
    recordings = own_recordings(home, practice.id)
    lines: list[Line] = []
    seen: set[str] = set()
    for section in practice.sections:
        for sentence in section.sentences:
            if sentence.id in seen:
                continue  # one recording serves every repetition of a line
            seen.add(sentence.id)
            seconds = None
            recording = recordings.get(sentence.id)
            if recording is not None:
                try:
                    seconds = float(soundfile.info(str(recording)).duration)
                except (RuntimeError, soundfile.LibsndfileError) as exc:
                    log.warning("%s: cannot be read (%s); shown as not recorded", recording, exc)
                    recording = None
            lines.append(Line(sentence, section.title, seconds, recording))
    return Loaded(practice, tuple(lines))


def start_take(recorder: Recorder, home: AppPaths) -> Recorder:
    """Open the microphone for a take, into the private recordings folder."""
    ensure_dir(home.data)  # the data folder, then the recordings folder in it: each private
    ensure_dir(home.recordings)
    recorder.start()
    return recorder


def keep_take(recorder: Recorder, home: AppPaths, practice_id: str, sentence_id: str) -> Kept:
    """Stop the take and keep it as the sentence's recording (in place of any earlier one)."""
    take = recorder.stop()
    try:
        path = save_take(take, home, practice_id, sentence_id)
    except TakeRefused:
        take.discard()  # not kept: its temporary file goes now, not a day later
        raise
    return Kept(sentence_id, float(take.seconds), path)


def delete_sentence_recording(home: AppPaths, practice_id: str, sentence_id: str) -> Deleted:
    return Deleted(sentence_id, delete_recording(home, practice_id, sentence_id))


@dataclass(frozen=True)
class Devices:
    """The microphones listed; whether PortAudio looked again for them first, and if it did,
    the number the output device chosen in Settings has now."""

    found: list[InputDevice]
    looked_again: bool
    output: int | None = None


def list_devices(look_again: bool, output: int | None) -> Devices:
    """The microphones there are; with `look_again`, after PortAudio has looked for new ones."""
    if not look_again:
        return Devices(input_devices(), False, output)
    # Looking again restarts PortAudio (refused while a take or a practice has sound open),
    # which can renumber the devices: the output chosen in Settings is found again by name.
    looked, output = same_output_after(look_again_for_inputs, output)
    return Devices(input_devices(), looked, output)


def preferred_device(devices: list[InputDevice], saved: str | None) -> int:
    """Which of `devices` to offer first: the one chosen last time (by name), else the usual one."""
    chosen = input_device_named(devices, saved)
    if chosen is not None:
        return devices.index(chosen)
    return next((position for position, device in enumerate(devices) if device.is_default), 0)


def cancel_take(recorder: Recorder) -> None:
    """Drop the take being made (on the microphone's worker: after its opening, whenever that ends)."""
    recorder.cancel()
