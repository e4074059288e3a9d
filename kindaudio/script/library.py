"""Finding practices: the shipped ones and the person's own.

A practice is named on the command line by its id ("affectionate-breathing") or
by a path to its file. Shipped practices live in kindaudio/data/practices/; the
person's own in the practices folder of their data folder.
"""

from __future__ import annotations

import difflib
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kindaudio.common.errors import UserInputError
from kindaudio.common.paths import AppPaths, shipped
from kindaudio.script.errors import Diagnostic, ScriptError
from kindaudio.script.ids import ID_PATTERN, MAX_ID_CHARS, default_id

if TYPE_CHECKING:
    from kindaudio.script.model import Practice

log = logging.getLogger(__name__)

DEFAULT_PRACTICE_ID = "affectionate-breathing"
MAX_NAME_BYTES = 255  # of one file or folder name, on every file system we run on


@dataclass(frozen=True)
class PracticeFile:
    id: str
    path: Path
    origin: str  # "shipped" or "yours"


def shipped_practices_dir() -> Path:
    return shipped("practices")


def shipped_practice(practice_id: str) -> Path | None:
    """The file of the practice with this id that comes with KindAudio, if one does.

    A shipped practice's text is fixed: a pack may bring recordings for it (a
    therapist's voice), never a different text under its id.
    """
    folder = shipped_practices_dir()
    if not folder.is_dir():
        return None
    for path in sorted(folder.glob("*.md")):
        if path.name.lower() != "readme.md" and practice_id_of(path) == practice_id:
            return path
    return None


def practice_files(paths: AppPaths) -> list[PracticeFile]:
    """Every practice file, shipped first, each with the id it is called by.

    Ids come from the file's `id:` key when it has one, else from the file name.
    A file that cannot be read is still listed (by file name) so the person sees
    it and its error, rather than having it vanish.
    """
    found: list[PracticeFile] = []
    for origin, folder in (("shipped", shipped_practices_dir()), ("yours", paths.practices)):
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.md")):
            if path.name.lower() == "readme.md":
                continue
            found.append(PracticeFile(practice_id_of(path), path, origin))
    return found


def practice_id_of(path: Path) -> str:
    """The id in the front matter, read cheaply; the file name's otherwise."""
    try:
        with path.open(encoding="utf-8") as handle:
            head = handle.read(4096)
    except (OSError, UnicodeDecodeError):
        return default_id(path)
    if head.startswith("---"):
        for line in head.split("\n")[1:]:
            if line.strip() == "---":
                break
            key, _, value = line.partition(":")
            if key.strip() == "id" and ID_PATTERN.fullmatch(value.strip().strip("'\"")):
                return value.strip().strip("'\"")
    return default_id(path)


def resolve_practice(reference: str, paths: AppPaths) -> Path:
    """The file a practice reference means: an existing path, or an id."""
    if len(reference) > MAX_ID_CHARS and "/" not in reference and not reference.endswith(".md"):
        raise UserInputError(f"there is no practice called '{_shortened(reference)}' (an id has at most "
                             f"{MAX_ID_CHARS} characters); `kindaudio list` shows them all")
    candidate = given_path(reference)
    if candidate.suffix == ".md" or "/" in reference or _is_file(candidate):
        if not _is_file(candidate):
            raise UserInputError(f"{reference}: no such file")
        return candidate
    files = practice_files(paths)
    for entry in files:
        if entry.id == reference:
            return entry.path
    ids = [entry.id for entry in files]
    close = difflib.get_close_matches(reference, ids, n=1, cutoff=0.5)
    hint = f"did you mean '{close[0]}'? " if close else ""
    raise UserInputError(f"there is no practice called '{_shortened(reference)}'; {hint}"
                         "`kindaudio list` shows them all")


def given_path(text: str) -> Path:
    """A path as a person typed it, `~` and `~name` expanded; a clear refusal where it cannot mean a file."""
    try:
        path = Path(text).expanduser()
    except RuntimeError:  # ~name for a user this computer does not know
        user = text[1:].split("/", 1)[0]
        raise UserInputError(f"{text}: there is no user called '{user}' here, so '~{user}' names no folder; "
                             "give the path in full") from None
    too_long = next((part for part in path.parts if len(os.fsencode(part)) > MAX_NAME_BYTES), None)
    if too_long is not None:
        raise UserInputError(f"{_shortened(text)}: a name of {len(too_long):,} characters is longer than a file "
                             f"name can be ({MAX_NAME_BYTES} bytes)")
    return path


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError as exc:  # e.g. a path longer than the system allows
        raise UserInputError(f"{_shortened(str(path))}: {exc.strerror or exc}") from None


def _shortened(text: str) -> str:
    return text if len(text) <= 60 else f"{text[:40]}…{text[-12:]}"


def load_all(paths: AppPaths) -> list[tuple[PracticeFile, Practice | ScriptError]]:
    """Every practice parsed, or the error that stops it being parsed."""
    from kindaudio.script.parser import load_practice  # YAML and Jinja2: only when parsing

    results: list[tuple[PracticeFile, Practice | ScriptError]] = []
    for entry in practice_files(paths):
        try:
            results.append((entry, load_practice(entry.path)))
        except ScriptError as exc:
            log.warning("cannot read %s: %s", entry.path, exc)
            results.append((entry, exc))
        except Exception as exc:  # noqa: BLE001 - one file, whatever is wrong with it, must not hide the rest
            results.append((entry, unreadable(entry.path, exc)))
    return results


def unreadable(path: Path, exc: BaseException) -> ScriptError:
    """A file the parser failed on in a way it should have named: said plainly, the details logged.

    The parser turns every mistake it knows into a diagnostic; this is the net
    for one it does not, so a single file cannot break a whole listing.
    """
    log.error("could not read %s", path, exc_info=exc)
    return ScriptError([Diagnostic(str(path), 1, 1, f"this file could not be read ({type(exc).__name__}); "
                                                    "the details are in the log")])
