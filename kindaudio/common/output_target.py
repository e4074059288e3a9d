"""Checking a file the person asked us to write, before anything is made: one rule for renders and exports.

Every command that writes a file the person named (`render -o`, `export -o`)
asks the same questions up front, so a long render never fails at its last
step and nothing is replaced by surprise:

- an empty name is refused (it would mean "here", which nobody types on purpose);
- a folder, a device, a pipe or a socket is never replaced: writing goes through
  a temporary file renamed over the target, and a rename over `/dev/full` turns
  a device node into a plain file;
- a file already there is replaced only when the person said so (`--force`);
- the folder must exist and really take a new file: permissions alone do not
  say that (root passes every permission check, `/proc` and read-only mounts
  refuse anyway), so a nameless temporary file is created there and dropped.
"""

from __future__ import annotations

import errno
import logging
import os
import shutil
import stat
import tempfile
from pathlib import Path

from kindaudio.common.errors import KindAudioError, UserInputError

log = logging.getLogger(__name__)

MAX_NAME_BYTES = 255  # the longest file name Linux, macOS and Windows file systems take


def expand_output(text: str | Path) -> Path:
    """A path as typed (with `~` expanded); an empty one, or an unknown `~user`, is refused."""
    if str(text).strip() == "":
        raise UserInputError("The output path is empty. Nothing was written.",
                             hint="Give a file name, or a folder to write into.")
    try:
        return Path(text).expanduser()
    except RuntimeError:  # "~nosuchuser/…": Python cannot find that home folder
        raise UserInputError(f"{text}: there is no such user's home folder. Nothing was written.",
                             hint="Write the folder out in full.") from None


def check_output_target(target: Path, *, replace: bool, what: str = "file") -> None:
    """Raise UserInputError unless `target` can be written as a new regular file (or replace one, if allowed).

    `what` names the thing for the messages ("audio file", "export").
    """
    name = target.name
    if not name or name in (".", ".."):
        raise UserInputError(f"{target}: that is not a file name. Nothing was written.",
                             hint=f"Give a name for the {what}.")
    if len(os.fsencode(name)) > MAX_NAME_BYTES:
        raise UserInputError(f"The file name {name[:40]}… is longer than a file name can be. Nothing was written.",
                             hint="Choose a shorter name.")
    try:
        found = os.stat(target)  # follows a link: what a link points at matters
    except FileNotFoundError:
        found = None
    except OSError as exc:
        raise UserInputError(f"{target}: cannot be looked at ({exc.strerror}). Nothing was written.",
                             hint="Choose another place.") from None
    if found is not None:
        if stat.S_ISDIR(found.st_mode):
            raise UserInputError(f"{target} is a folder. Nothing was written.",
                                 hint=f"Give a file name for the {what}, inside that folder.")
        if not stat.S_ISREG(found.st_mode):
            raise UserInputError(f"{target} is not a regular file (a device, a pipe or a socket). "
                                 "Nothing was written.", hint=f"Give the name of a new file for the {what}.")
        if not replace:
            raise UserInputError(f"{target} is already there. Nothing was changed.",
                                 hint="Choose another name, or add --force to replace it.")
    elif target.is_symlink() and not replace:  # a link to nothing: renaming over it replaces only the link
        raise UserInputError(f"{target} is already there (a link to nothing). Nothing was changed.",
                             hint="Choose another name, or add --force to replace it.")
    check_folder_takes_files(target.parent)


def check_folder_takes_files(folder: Path) -> None:
    """Raise UserInputError unless a file can really be created in `folder` (tried, and nothing left behind)."""
    if not folder.is_dir():
        raise UserInputError(f"{folder}: no such folder. Nothing was written.",
                             hint="Choose a folder that exists, or create it first.")
    try:
        with tempfile.TemporaryFile(dir=folder, prefix=".kindaudio-check-"):
            pass
    except OSError as exc:
        log.debug("folder %s refused a file: %s", folder, exc.strerror)
        raise UserInputError(f"{folder}: KindAudio cannot write to this folder ({_reason(exc)}). "
                             "Nothing was written.",
                             hint="Choose another folder, such as your Documents folder.") from None


def _reason(exc: OSError) -> str:
    return {errno.EROFS: "it is read-only", errno.EACCES: "you may not write there",
            errno.EPERM: "you may not write there", errno.ENOSPC: "the disk is full",
            errno.ENOENT: "it does not take new files", errno.EOPNOTSUPP: "it does not take new files"}.get(
        exc.errno or 0, (exc.strerror or str(exc)).lower())


class DiskFull(KindAudioError):
    """The disk (or the person's quota) filled while writing; what was already saved is unchanged."""

    def __init__(self, folder: Path, what: str, hint: str | None = None) -> None:
        self.folder = folder
        super().__init__(
            f"The disk is full: {what} could not be written to {folder}. Nothing was left half-written, "
            "and nothing saved before was changed.",
            hint=hint or "Make some room on that disk (or choose a folder on another one), then try again.")


FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})
NEARLY_FULL_BYTES = 1 << 20  # less than this left: an encoder's vague error was the disk filling


def disk_full_error(exc: BaseException, folder: Path, what: str) -> DiskFull | None:
    """A DiskFull for `exc` when the disk (or quota, or file size limit) ran out under it, else None.

    An OSError says so by its number. Libraries with errors of their own (an
    encoder, SQLite) do not, so for those the folder's free space decides.
    """
    if isinstance(exc, OSError) and exc.errno is not None:
        return DiskFull(folder, what) if exc.errno in FULL_ERRNOS else None
    if "disk is full" in str(exc).lower() or "no space" in str(exc).lower():
        return DiskFull(folder, what)
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return None
    return DiskFull(folder, what) if free < NEARLY_FULL_BYTES else None
