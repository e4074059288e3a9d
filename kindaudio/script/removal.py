"""Deleting a practice of the person's own, with its recordings, all or nothing.

The practice file, its recordings folder and any audio a pack brought for it
are first moved aside into one folder inside the data folder (renames on one
filesystem), and only removed once all of them are out of the way: if a move
fails, what was moved goes back and nothing has changed. The journal keeps
the sessions practised with it: they are the person's history.

Practices that come with KindAudio cannot be deleted. Recordings are kept when
another practice still goes by the same id (they are its recordings too).
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from kindaudio.common.errors import UserInputError
from kindaudio.common.paths import AppPaths, ensure_dir
from kindaudio.script.library import practice_files, practice_id_of, shipped_practices_dir

log = logging.getLogger(__name__)

ASIDE_PREFIX = ".kindaudio-deleting-"


@dataclass(frozen=True)
class DeletedPractice:
    practice_id: str
    path: Path  # the practice file that was deleted
    recordings: int  # how many recordings went with it
    audio: bool  # whether audio that came in a pack went with it


@dataclass(frozen=True)
class PracticeBelongings:
    """What deleting a practice would remove, for asking first."""

    practice_id: str
    path: Path
    recordings: int
    audio: bool


def belongings(path: Path, paths: AppPaths) -> PracticeBelongings:
    """What would go with this practice file: PracticeBelongings; UserInputError when it may not be deleted."""
    path = _own_file(Path(path), paths)
    practice_id = practice_id_of(path)
    recordings, audio = _shared_folders(practice_id, path, paths)
    return PracticeBelongings(practice_id, path, _count_files(recordings), _has_files(audio))


def delete_practice(path: Path, paths: AppPaths) -> DeletedPractice:
    """Delete a practice of the person's own with its recordings (and any audio a pack brought).

    UserInputError for a practice that comes with KindAudio, a file outside the
    person's practice folder, or a move that fails (then nothing has changed).
    """
    found = belongings(path, paths)
    recordings, audio = _shared_folders(found.practice_id, found.path, paths)
    aside = Path(tempfile.mkdtemp(dir=ensure_dir(paths.data), prefix=ASIDE_PREFIX))
    moved: list[tuple[Path, Path]] = []  # (where it was, where it is now)
    try:
        for name, place in (("practice.md", found.path), ("recordings", recordings), ("audio", audio)):
            if place is not None and place.exists():
                os.replace(place, aside / name)
                moved.append((place, aside / name))
    except OSError as exc:
        for original, now in reversed(moved):
            with contextlib.suppress(OSError):
                os.replace(now, original)
        shutil.rmtree(aside, ignore_errors=True)
        raise UserInputError(f"{found.path} could not be deleted ({exc.strerror or exc}); nothing was changed",
                             hint="It may be open in another program, or its folder read-only.") from exc
    shutil.rmtree(aside, ignore_errors=True)
    if aside.exists():  # out of the way already: the practice is gone, a hidden leftover is all
        log.warning("could not remove all of %s", aside)
    log.info("deleted %s (%s) with %d recordings%s", found.path, found.practice_id, found.recordings,
             " and its pack's audio" if found.audio else "")
    return DeletedPractice(found.practice_id, found.path, found.recordings, found.audio)


def _own_file(path: Path, paths: AppPaths) -> Path:
    """The path, if it is a practice file in the person's practice folder."""
    resolved = path.resolve()
    shipped = shipped_practices_dir().resolve()
    if resolved.parent == shipped or shipped in resolved.parents:
        raise UserInputError(f"{path.stem} comes with KindAudio, so it cannot be deleted",
                             hint="Practices you make or import can be deleted; this one stays available.")
    if resolved.parent != paths.practices.resolve() or resolved.suffix != ".md":
        raise UserInputError(f"{path} is not in your practice folder ({paths.practices}), so KindAudio does not "
                             "delete it", hint="You can delete it in your file manager if you wish.")
    if not path.is_file():
        raise UserInputError(f"{path}: no such practice file; it may have been deleted already")
    return path


def _shared_folders(practice_id: str, path: Path, paths: AppPaths) -> tuple[Path | None, Path | None]:
    """Its recordings and pack audio folders; None for both when another practice goes by the same id."""
    others = [entry for entry in practice_files(paths)
              if entry.id == practice_id and entry.path.resolve() != path.resolve()]
    if others:
        log.info("%s shares its id with %s: its recordings stay", path, others[0].path)
        return None, None
    return paths.recordings / practice_id, paths.renders / practice_id


def _count_files(folder: Path | None) -> int:
    if folder is None or not folder.is_dir():
        return 0
    return sum(1 for item in folder.iterdir() if item.is_file())


def _has_files(folder: Path | None) -> bool:
    return folder is not None and folder.is_dir() and any(folder.iterdir())
