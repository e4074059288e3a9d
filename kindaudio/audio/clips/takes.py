"""Keeping a take: it becomes a sentence's recording in one step, or is refused and nothing changes.

A take arrives as a temporary FLAC file (the recorder writes it as it is
spoken, so a long take never sits in memory). Kept (save_take), it is moved
over the old recording in one step, so re-recording leaves either the old take
or the new one, never a mix, and a take that cannot be kept leaves the old one
as it was. The person's recordings live in <data>/recordings/<practice>/, made
private; deleting one leaves the recordings that ship with the app alone.

This is the recordings store's side: nothing here opens the microphone.
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from kindaudio.audio.clips.recordings import EXTENSIONS
from kindaudio.common.atomicfile import atomic_output
from kindaudio.common.errors import UserInputError
from kindaudio.common.paths import AppPaths, ensure_dir
from kindaudio.script.ids import ID_PATTERN

log = logging.getLogger(__name__)

SILENT_BELOW_DBFS = -50.0  # a take whose loudest moment is quieter than this heard nothing usable
SENTENCE_ID = re.compile(r"[A-Za-z0-9_-]+")


class TakeRefused(UserInputError):
    """A take that cannot become a recording (silent, damaged); the old recording stays."""


@dataclass(frozen=True)
class Take:
    """A finished take, still in its temporary file until it is kept or let go."""

    path: Path
    frames: int
    rate: int
    peak: float  # the loudest sample, 0..1
    lost_frames: int = 0  # sound that never reached the file (the machine fell behind)
    reached_limit: bool = False  # it ran to the longest a take may last and stopped by itself

    @property
    def seconds(self) -> float:
        return self.frames / self.rate

    @property
    def silent(self) -> bool:
        """Nothing usable was heard: no sound, or only the hiss of a muted microphone."""
        return self.frames == 0 or self.peak < 10 ** (SILENT_BELOW_DBFS / 20)

    @property
    def clipped(self) -> bool:
        """It reached the loudest level the input takes: it may sound harsh."""
        return self.peak >= 32767 / 32768

    def discard(self) -> None:
        """Let the take go (nothing happens if it was kept: its file has moved)."""
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()


def recording_path(paths: AppPaths, practice_id: str, sentence_id: str) -> Path:
    """Where the person's own recording of a sentence is kept: recordings/<practice>/<sentence>.flac."""
    if not ID_PATTERN.fullmatch(practice_id):
        raise UserInputError(f"{practice_id!r} is not a practice id (lowercase letters, digits and dashes)")
    if not SENTENCE_ID.fullmatch(sentence_id):
        raise UserInputError(f"{sentence_id!r} is not a sentence id")
    return paths.recordings / practice_id / f"{sentence_id}.flac"


def private_folder(folder: Path) -> Path:
    """The folder and the data folder above it, each created private (ensure_dir gives 0700 to the last only)."""
    ensure_dir(folder.parent)
    return ensure_dir(folder)


def save_take(take: Take, paths: AppPaths, practice_id: str, sentence_id: str) -> Path:
    """Keep a take as the sentence's recording (FLAC, mode 0600), replacing any before it in one step.

    A take that cannot be kept is refused before anything is touched: the
    sentence's old recording stays exactly as it was.
    """
    target = recording_path(paths, practice_id, sentence_id)
    if take.silent:
        loudest = f"{20 * math.log10(take.peak):.0f} dBFS" if take.peak > 0 else "nothing at all"
        raise TakeRefused(f"nothing was heard in this take (its loudest moment: {loudest}); it was not kept",
                          hint="Check that the microphone is connected, not muted, and chosen as the input, "
                               "then record it again.")
    if take.lost_frames:
        raise TakeRefused(f"{take.lost_frames / take.rate:.2f} s of this take was lost while recording (the "
                          "computer fell behind), so it has a gap; it was not kept",
                          hint="Record it again; closing other busy programs may help.")
    try:
        decoded = _decoded_frames(take.path)
        if decoded != take.frames:
            raise ValueError(f"{decoded} of its {take.frames} samples could be read")
    except (RuntimeError, OSError, ValueError) as exc:
        raise TakeRefused(f"the take in {take.path} cannot be read any more ({exc}); it was not kept",
                          hint="Record it again.") from exc
    ensure_dir(private_folder(paths.recordings) / practice_id)
    with open(take.path, "rb") as handle:  # a voice cannot be made again: on disk before it replaces the old
        os.fsync(handle.fileno())
    os.chmod(take.path, 0o600)
    try:
        os.replace(take.path, target)
    except OSError:  # the take was written on another file system: copy it over, just as atomically
        with atomic_output(target, mode=0o600, durable=True) as temp:
            shutil.copyfile(take.path, temp)
        take.discard()
    for extension in EXTENSIONS:  # an older recording of another kind (from a pack) would only confuse
        other = target.with_suffix(extension)
        if other != target:
            other.unlink(missing_ok=True)
    log.info("kept a %.1f s take as %s", take.seconds, target)
    return target


def _decoded_frames(path: Path) -> int:
    """How many samples of the file decode: every one of them is read (a block at a time), since a
    file cut short can keep a header that still promises them all."""
    import soundfile

    with soundfile.SoundFile(str(path)) as sound:
        return sum(len(block) for block in sound.blocks(blocksize=1 << 16, dtype="int16"))


def delete_recording(paths: AppPaths, practice_id: str, sentence_id: str) -> bool:
    """Delete the person's own recording of a sentence (of any kind); True if there was one.

    Recordings that ship with the app are not the person's to delete, and stay.
    """
    target = recording_path(paths, practice_id, sentence_id)
    deleted = False
    for extension in EXTENSIONS:
        with contextlib.suppress(FileNotFoundError):
            target.with_suffix(extension).unlink()
            deleted = True
    if deleted:
        log.info("deleted the recording of sentence %s of %s", sentence_id, practice_id)
    return deleted
