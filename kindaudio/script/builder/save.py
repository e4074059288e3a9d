"""A filled practice written to a file: whole or not at all, and never over another.

A new practice gets a free name among the person's own and the shipped ones;
rewriting a practice made earlier keeps its id, which recordings and the
journal know it by. A made practice names its client and carries the
therapist's notes, so its file is private to the person.
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
from pathlib import Path

from kindaudio.common.atomicfile import TEMP_SUFFIX, write_text_atomic
from kindaudio.common.errors import KindAudioError, UserInputError
from kindaudio.common.paths import AppPaths, ensure_dir
from kindaudio.script.builder.fill import MAX_ID_LENGTH, FilledPractice, slug
from kindaudio.script.errors import ScriptError
from kindaudio.script.library import practice_files
from kindaudio.script.parser import parse_practice
from kindaudio.script.source import read_source

log = logging.getLogger(__name__)

FILE_MODE = 0o600  # a made practice names its client and carries the therapist's notes


def save_practice(filled: FilledPractice, paths: AppPaths, replace: Path | None = None) -> Path:
    """Write a filled practice; returns where it went.

    A new practice gets a file name (and so an id) made from its title that no
    practice has yet, shipped or the person's own; an existing file is never
    overwritten, even by another save at the same moment. With `replace`, that
    file is rewritten in place (editing a practice later), keeping its id.
    Either way the file appears whole or not at all.
    """
    try:
        if replace is not None:
            text = _keeping_id(filled.text, replace)
            write_text_atomic(replace, text, mode=FILE_MODE)
            log.info("practice %s rewritten from template %s", replace, _template_of(filled))
            return replace
        folder = ensure_dir(paths.practices)
        taken = {entry.id for entry in practice_files(paths)}
        taken |= {path.stem.lower() for path in folder.glob("*.md")}
        base = slug(filled.practice.title)
        for number in range(1, 10_000):
            candidate = base if number == 1 else f"{base[:MAX_ID_LENGTH - 5]}-{number}"
            if candidate in taken:
                continue
            target = folder / f"{candidate}.md"
            try:
                _write_new_file(target, filled.text.encode("utf-8"))
            except FileExistsError:  # made by someone else since we looked
                taken.add(candidate)
                continue
            log.info("practice %s made from template %s", target, _template_of(filled))
            return target
    except OSError as exc:
        where = replace if replace is not None else paths.practices
        raise KindAudioError(f"could not save the practice in {where}: {exc.strerror or exc}",
                             hint="check that the folder exists and there is space on the disk") from exc
    raise KindAudioError(f"could not find a free file name for '{filled.practice.title}' in {paths.practices}")


def write_practice_file(filled: FilledPractice, target: Path) -> Path:
    """Write a filled practice to a file of the person's choosing, never over an existing one."""
    try:
        _write_new_file(target, filled.text.encode("utf-8"))
    except FileExistsError:
        raise UserInputError(f"{target} already exists; choose another name, or move that file away first "
                             "(nothing was written)") from None
    except OSError as exc:
        raise KindAudioError(f"could not write {target}: {exc.strerror or exc}") from exc
    return target


def _write_new_file(target: Path, data: bytes) -> None:
    """Write `target` whole, only if it does not exist yet (FileExistsError otherwise).

    Written to a temporary file beside it, then hard-linked into place, which
    fails rather than replaces when the name is taken. Where the file system
    has no hard links, the name is checked just before an ordinary rename.
    """
    fd, temp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=TEMP_SUFFIX)
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(temp, FILE_MODE)
        try:
            os.link(temp, target)
        except FileExistsError:
            raise
        except OSError:
            if target.exists():
                raise FileExistsError(str(target)) from None
            os.replace(temp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()


def _keeping_id(text: str, replace: Path) -> str:
    """The text, with `id:` added when the file being replaced declared an id of its own.

    Recordings and the journal know a practice by its id, so editing must not change it.
    """
    if not replace.is_file():
        return text
    try:
        old = parse_practice(read_source(replace), replace)
    except (ScriptError, UserInputError):
        return text
    new_id = parse_practice(text, replace).id
    if old.id == new_id:
        return text
    return text.replace("---\n", f"---\nid: {old.id}\n", 1)


def _template_of(filled: FilledPractice) -> str:
    made = filled.practice.made_from
    return made.template if made is not None else "?"
