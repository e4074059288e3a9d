"""A practice file as an editor handles it: opened, checked while it changes, saved, copied.

The window's script editor calls these on its workers; nothing here knows about
a window. Saving replaces the file in one step (never half-written). A
practice that ships with KindAudio is not changed in place (an update would
undo the change): it is copied into the person's own folder, with an id and a
title of its own.
"""

from __future__ import annotations

import json
import logging
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from kindaudio.common.atomicfile import write_text_atomic
from kindaudio.common.errors import KindAudioError
from kindaudio.common.paths import AppPaths, ensure_dir
from kindaudio.script.errors import Diagnostic, ScriptError
from kindaudio.script.ids import ID_PATTERN
from kindaudio.script.library import practice_files, shipped_practices_dir
from kindaudio.script.source import decode_source, read_source

log = logging.getLogger(__name__)

PRIVATE_FILE_MODE = 0o600
_BOUNDARY = re.compile(r"-{3,}\s*")


# -- opening ------------------------------------------------------------------------


@dataclass(frozen=True)
class OpenedText:
    """A practice file's text as an editor shows it."""

    text: str
    problem: str | None = None  # why it cannot be edited (then it is shown read-only, as far as it reads)


def read_for_editing(path: Path) -> OpenedText:
    """The file's text as the parser sees it (BOM gone, line endings made \\n).

    A file that cannot be read as a practice's text (too large, not UTF-8) is
    still shown, as far as it decodes, with the reason it cannot be edited.
    """
    try:
        return OpenedText(decode_source(read_source(path), path.name))
    except KindAudioError as exc:
        log.warning("cannot open %s in the editor: %s", path, exc)
        try:
            text = path.read_bytes()[:1_000_000].decode("utf-8", errors="replace")
        except OSError:
            text = ""
        return OpenedText(text, str(exc))


def is_shipped(path: Path) -> bool:
    """A practice that comes with KindAudio (changing it would be lost on the next update)."""
    try:
        return path.resolve().is_relative_to(shipped_practices_dir().resolve())
    except OSError:
        return False


def title_in(text: str) -> str:
    """The title the front matter gives, as written ("" when it gives none): for headings while typing."""
    match = re.search(r"^title:\s*(.+)$", text, re.MULTILINE)
    return match.group(1).strip().strip("'\"") if match else ""


# -- checking -----------------------------------------------------------------------


@dataclass(frozen=True)
class PracticeShape:
    """What a text that parses holds: enough to say how it reads."""

    sentences: int
    sections: int
    shortest: float  # seconds, estimated
    longest: float
    lengths: tuple[int, ...]  # minutes it offers
    is_template: bool


@dataclass(frozen=True)
class ScriptCheck:
    """What the parser made of one version of the text."""

    version: int
    diagnostics: tuple[Diagnostic, ...]
    shape: PracticeShape | None  # for a text that parses

    @property
    def ok(self) -> bool:
        return not self.diagnostics


def check_script(text: str, path: Path, version: int) -> ScriptCheck:
    """Parse `text` as the file at `path` would be parsed; every problem, or what the practice holds."""
    from kindaudio.script.parser import parse_practice  # YAML and Jinja2: loaded on first check
    from kindaudio.script.timing import estimated_range

    try:
        practice = parse_practice(text, path)
    except ScriptError as exc:
        return ScriptCheck(version, exc.diagnostics, None)
    except KindAudioError as exc:
        return ScriptCheck(version, (Diagnostic(path.name, 1, 1, exc.message),), None)
    reach = estimated_range(practice)
    return ScriptCheck(version, (), PracticeShape(len(practice.sentences), len(practice.sections), reach.shortest,
                                                  reach.longest, tuple(practice.lengths), practice.is_template))


# -- saving -------------------------------------------------------------------------


def file_mode(path: Path, paths: AppPaths) -> int:
    """0600 in the data folder (health data); elsewhere the file keeps the mode it has."""
    try:
        if path.resolve().is_relative_to(paths.data.resolve()) or not path.exists():
            return PRIVATE_FILE_MODE
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return PRIVATE_FILE_MODE


def save_script(path: Path, text: str, mode: int) -> tuple[Path, str]:
    """Replace the file with `text` in one step (never half-written); what was written, where."""
    write_text_atomic(path, text, mode=mode, durable=True)
    log.info("saved the practice text %s", path)
    return path, text


# -- copying a shipped practice -------------------------------------------------------


def fresh_practice_id(title: str, paths: AppPaths) -> str:
    """An id made from `title` that no practice (shipped or the person's) uses, nor any file name."""
    base = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60].strip("-")
    if not ID_PATTERN.fullmatch(base):
        base = "my-practice"
    taken = {entry.id for entry in practice_files(paths)}
    candidate, number = base, 2
    while candidate in taken or (paths.practices / f"{candidate}.md").exists():
        candidate = f"{base}-{number}"
        number += 1
    return candidate


def with_identity(text: str, practice_id: str, title: str) -> str:
    """The practice text with its front matter's `id` and `title` replaced (added when missing)."""
    lines = text.split("\n")
    if not lines or not _BOUNDARY.fullmatch(lines[0]):
        return f"---\nid: {practice_id}\ntitle: {json.dumps(title)}\n---\n{text}"
    closing = next((i for i in range(1, len(lines)) if _BOUNDARY.fullmatch(lines[i])), None)
    if closing is None:
        return text
    header = lines[1:closing]
    wanted = {"id": practice_id, "title": json.dumps(title)}
    kept: list[str] = []
    skipping = False
    for line in header:
        if skipping and line[:1] in (" ", "\t"):
            continue  # the rest of a replaced value written over several lines
        skipping = False
        key = line.split(":", 1)[0].strip() if ":" in line and line[:1] not in (" ", "\t", "#") else ""
        if key in wanted:
            kept.append(f"{key}: {wanted.pop(key)}")
            skipping = True
        else:
            kept.append(line)
    added = [f"{key}: {value}" for key, value in wanted.items()]
    return "\n".join([lines[0], *added, *kept, *lines[closing:]])


def copy_into_practices(text: str, title: str, paths: AppPaths) -> tuple[Path, str]:
    """Write a copy of a practice into the person's folder, with an id of its own; never overwrites.

    Returns the copy's path and text.
    """
    practice_id = fresh_practice_id(title, paths)
    target = ensure_dir(paths.practices) / f"{practice_id}.md"
    if target.exists():  # fresh_practice_id checked; someone was quicker
        raise KindAudioError(f"{target} appeared while the copy was being made; try again")
    copied = with_identity(text, practice_id, title)
    write_text_atomic(target, copied, mode=PRIVATE_FILE_MODE, durable=True)
    log.info("copied a practice to %s", target)
    return target, copied
