"""Taking a pack in: checked completely first, then unpacked beside the data and moved into place.

Nothing is written until every check has passed (validation.py). A pack for
a practice that comes with KindAudio (a therapist's voice for it) brings its
recordings only: the practice's text is the shipped one, checked byte for byte. The files
are then unpacked again, each checked once more against the checksum that was
validated (the pack file could change in between), into a staging folder in
the data folder, so that moving them into place is a rename on one
filesystem. Recordings and rendered audio move first and the practice file
last, so the Library never lists a practice whose recordings are still on
their way. When replacing, the old files are moved aside and deleted only once
the new ones are in place; if anything fails they are put back.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from kindaudio.common.errors import UserInputError
from kindaudio.common.output_target import disk_full_error
from kindaudio.common.paths import AppPaths, ensure_dir
from kindaudio.pack.archive import open_pack
from kindaudio.pack.errors import PackRefused, PracticeAlreadyThere, RecordingsAlreadyThere
from kindaudio.pack.limits import AUDIO_FOLDER, PRACTICE_NAME, RECORDINGS_FOLDER, WRITING_NAME
from kindaudio.pack.validation import CheckedPack, PackSummary, check_pack, verify
from kindaudio.pack.writing_prompt import install_writing
from kindaudio.script.library import practice_files, shipped_practice

log = logging.getLogger(__name__)

FILE_MODE = 0o600
STAGING_PREFIX = ".kindpack-import-"
ABANDONED_AFTER_SECONDS = 24 * 3600


@dataclass(frozen=True)
class ImportedPractice:
    summary: PackSummary
    practice_path: Path
    recordings_dir: Path  # where its recordings are (absent when the pack held none)
    audio_dir: Path | None  # the rendered audio that came with it, if any


def import_pack(pack: Path, paths: AppPaths, *, replace: bool = False) -> ImportedPractice:
    """Check a pack, then add its practice (with recordings and audio) to the person's practices.

    PracticeAlreadyThere when the practice (or recordings for it) is already
    here, unless `replace`; replacing replaces its recordings and audio too
    (what the pack does not hold goes). PackRefused for any pack that fails a check.

    A voice pack (its practice is one that comes with KindAudio, text unchanged)
    brings only recordings (and any audio): RecordingsAlreadyThere when there are
    recordings for that practice already, unless `replace`. Its practice_path is
    the shipped file.
    """
    checked = check_pack(Path(pack))
    practice_id = checked.summary.practice_id
    voice_only = checked.summary.voice_only
    shipped = shipped_practice(practice_id) if voice_only else None
    target = shipped if shipped is not None else paths.practices / f"{practice_id}.md"
    recordings_dir = paths.recordings / practice_id
    audio_dir = paths.renders / practice_id
    same_id = [] if voice_only else _same_id_files(paths, practice_id, target, checked.path)
    present = [*same_id, *(folder for folder in (recordings_dir, audio_dir) if _has_files(folder))]
    if present and not replace:
        if voice_only:
            raise RecordingsAlreadyThere(checked.summary.title, present[0])
        raise PracticeAlreadyThere(practice_id, present[0])

    _remove_abandoned_staging(ensure_dir(paths.data))
    staging = Path(tempfile.mkdtemp(dir=paths.data, prefix=STAGING_PREFIX))
    try:
        try:
            _unpack(checked, staging)
        except OSError as exc:  # writing here failed: this computer's trouble, never the pack's
            raise disk_full_error(exc, paths.data, "the practice from the pack") or UserInputError(
                f"{paths.data}: the practice from the pack could not be written there ({exc.strerror or exc}).",
                hint="Check that the folder can be written to, then import the pack again.") from exc
        moves = _Moves(staging / "old")
        try:
            moves.put(staging / RECORDINGS_FOLDER, recordings_dir)
            moves.put(staging / AUDIO_FOLDER, audio_dir)
            if not voice_only:  # a shipped practice's text is there already, and stays as it is
                moves.put(staging / PRACTICE_NAME, target)
            for other in same_id:  # an older file of this practice under another name
                if other != target:
                    moves.put(None, other)
        except BaseException:
            moves.undo()
            raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    if checked.writing is not None:
        install_writing(checked.writing[1], checked.writing[0], paths)
    log.info("imported %s%s from %s (%d recordings)", "a voice for " if voice_only else "", practice_id, pack,
             checked.summary.recordings)
    return ImportedPractice(checked.summary, target, recordings_dir,
                            audio_dir if checked.summary.audio else None)


def _same_id_files(paths: AppPaths, practice_id: str, target: Path, pack: Path) -> list[Path]:
    """The person's practice files this practice would replace; PackRefused for a shipped practice's id."""
    found = [target] if target.exists() else []
    for entry in practice_files(paths):
        if entry.id != practice_id:
            continue
        if entry.origin == "shipped":
            raise PackRefused(pack, f"its practice '{practice_id}' has the id of a practice that comes with "
                                    "KindAudio, so importing it would hide that one", PRACTICE_NAME,
                              hint="Ask the sender to give their practice its own id (an `id:` line in its "
                                   "front matter, or a different file name) and make the pack again.")
        if entry.path not in found:
            found.append(entry.path)
    return found


def _remove_abandoned_staging(data: Path) -> None:
    """Staging folders left by an import that was killed (a running import's is minutes old at most)."""
    now = time.time()
    for folder in data.glob(f"{STAGING_PREFIX}*"):
        with contextlib.suppress(OSError):
            if folder.is_dir() and now - folder.stat().st_mtime > ABANDONED_AFTER_SECONDS:
                shutil.rmtree(folder)
                log.info("removed %s, left by an import that did not finish", folder)


def _has_files(folder: Path) -> bool:
    return folder.is_dir() and any(folder.iterdir())


def _unpack(checked: CheckedPack, staging: Path) -> None:
    """Every file of the checked pack into `staging` (0600 files, 0700 folders), checked again on the way."""
    _write_new(staging / PRACTICE_NAME, checked.practice_bytes)
    with open_pack(checked.path) as archive:
        for name, record in sorted(checked.manifest.files.items()):
            if name in (PRACTICE_NAME, WRITING_NAME):  # the writing prompt is kept apart (writing_prompt.py)
                continue
            folder, _, file_name = name.partition("/")
            target = ensure_dir(staging / folder) / file_name
            with _new_file(target) as handle:
                digest = archive.copy_to(name, handle, record.size,
                                         "it changed while it was being imported; try again")
            try:
                verify(archive, checked.manifest, name, digest.size, digest.sha256)
            except PackRefused:
                raise PackRefused(checked.path, "it changed while it was being imported; try again", name) from None


@contextlib.contextmanager
def _new_file(path: Path) -> Iterator[BinaryIO]:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    with os.fdopen(fd, "wb") as handle:
        yield handle


def _write_new(path: Path, data: bytes) -> None:
    with _new_file(path) as handle:
        handle.write(data)


class _Moves:
    """Renames into place that can be undone: what was there is kept aside until all are done."""

    def __init__(self, aside: Path) -> None:
        self.aside = aside
        self.done: list[tuple[Path | None, Path, Path | None]] = []  # (new source, target, old kept at)

    def put(self, new: Path | None, target: Path) -> None:
        """Move `new` (if it exists) to `target`; whatever was at `target` goes aside."""
        kept: Path | None = None
        if target.exists():
            kept = ensure_dir(self.aside) / f"{len(self.done)}-{target.name}"
            os.replace(target, kept)
        moved = new if new is not None and new.exists() else None
        self.done.append((moved, target, kept))
        if moved is not None:
            ensure_dir(target.parent)
            os.replace(moved, target)

    def undo(self) -> None:
        for new, target, kept in reversed(self.done):
            with contextlib.suppress(OSError):
                if new is not None and target.exists():
                    os.replace(target, new)
                if kept is not None:
                    os.replace(kept, target)
