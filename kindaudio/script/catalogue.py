"""The list of practices as the Library shows it, remembered between starts.

Showing a card needs only a practice's title, summary and offered lengths, or
the problems that stop it being used. Parsing every file for that at each start
costs more than the rest of the window's start-up together (YAML, Jinja2, the
checks), so what parsing found is kept in the cache folder beside each file's
size, modification time and inode, and a file is read again only when one of
those changes or when the parser itself has changed.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kindaudio import __version__
from kindaudio.common.atomicfile import write_text_atomic
from kindaudio.common.paths import AppPaths, ensure_dir
from kindaudio.script.errors import Diagnostic
from kindaudio.script.library import PracticeFile, practice_files

log = logging.getLogger(__name__)

CATALOGUE_FILE = "practices.json"
_FORMAT = 3  # 2: who made a practice, whom it was made for, whether it came from a template; 3: its reach


@dataclass(frozen=True)
class Listing:
    """One practice file as a card shows it: usable (title, summary, lengths, who made it) or with its problems."""

    file: PracticeFile
    title: str
    summary: str
    lengths: tuple[int, ...]
    problems: tuple[Diagnostic, ...] = ()
    author: str = ""
    for_whom: str = ""
    from_template: bool = False  # built from a template: the builder reopens it with its form filled
    reach: tuple[float, float] = (0.0, 0.0)  # the estimated shortest and longest, in seconds (`kindaudio list`)

    @property
    def usable(self) -> bool:
        return not self.problems


def list_practices(paths: AppPaths) -> list[Listing]:
    """Every practice file, shipped first, as practice_files orders them."""
    files = practice_files(paths)
    remembered = _read(paths)
    listings, fresh, changed = [], {}, False
    for entry in files:
        stamp = _stamp(entry.path)
        record = remembered.get(str(entry.path))
        listing = _from_record(entry, record) if record is not None and record.get("stamp") == stamp else None
        if listing is None:
            listing = _read_file(entry)
            changed = True
        listings.append(listing)
        if stamp is not None:
            fresh[str(entry.path)] = _to_record(listing, stamp)
    if changed or fresh.keys() != remembered.keys():
        _write(paths, fresh)
    return listings


def _read_file(entry: PracticeFile) -> Listing:
    from kindaudio.script.errors import ScriptError
    from kindaudio.script.library import unreadable
    from kindaudio.script.parser import load_practice  # YAML and Jinja2: only for files that changed
    from kindaudio.script.timing import estimated_range

    try:
        practice = load_practice(entry.path)
    except ScriptError as exc:
        log.warning("cannot read %s: %s", entry.path, exc)
        return Listing(entry, entry.path.name, "", (), exc.diagnostics)
    except Exception as exc:  # noqa: BLE001 - one file, whatever is wrong with it, must not break the Library
        return Listing(entry, entry.path.name, "", (), unreadable(entry.path, exc).diagnostics)
    reach = estimated_range(practice)
    return Listing(entry, practice.title, practice.summary, practice.lengths, author=practice.author,
                   for_whom=practice.for_whom, from_template=practice.made_from is not None,
                   reach=(reach.shortest, reach.longest))


def _stamp(path: Path) -> list[int] | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return [status.st_size, status.st_mtime_ns, status.st_ino]


def _parser_fingerprint() -> str:
    """Changes whenever the practice language's code does, so old findings are not trusted."""
    here = Path(__file__).parent
    stamps = sorted((str(p.relative_to(here)), p.stat().st_mtime_ns, p.stat().st_size)
                    for p in here.rglob("*.py"))  # the front matter and template readers too
    return f"{__version__}:{hashlib.blake2b(repr(stamps).encode(), digest_size=8).hexdigest()}"


def _catalogue_path(paths: AppPaths) -> Path:
    return paths.cache / CATALOGUE_FILE


def _read(paths: AppPaths) -> dict[str, dict[str, Any]]:
    try:
        data = json.loads(_catalogue_path(paths).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        log.info("reading every practice again: the remembered list could not be read (%s)", exc)
        return {}
    if not isinstance(data, dict) or data.get("format") != _FORMAT or data.get("parser") != _parser_fingerprint():
        return {}
    files = data.get("files")
    return files if isinstance(files, dict) else {}


def _write(paths: AppPaths, files: dict[str, dict[str, Any]]) -> None:
    data = {"format": _FORMAT, "parser": _parser_fingerprint(), "files": files}
    try:
        ensure_dir(paths.cache)
        write_text_atomic(_catalogue_path(paths), json.dumps(data, ensure_ascii=False), mode=0o600)
    except OSError as exc:  # a cache: the listing is right without it, only slower next time
        log.warning("could not remember the list of practices: %s", exc)


def _to_record(listing: Listing, stamp: list[int]) -> dict[str, Any]:
    return {"stamp": stamp, "title": listing.title, "summary": listing.summary, "lengths": list(listing.lengths),
            "problems": [[d.path, d.line, d.column, d.message] for d in listing.problems],
            "author": listing.author, "for_whom": listing.for_whom, "from_template": listing.from_template,
            "reach": list(listing.reach)}


def _from_record(entry: PracticeFile, record: dict[str, Any]) -> Listing | None:
    """The remembered listing, or None when the record is not in the shape this version writes."""
    try:
        problems = tuple(Diagnostic(str(p), int(line), int(column), str(message))
                         for p, line, column, message in record["problems"])
        return Listing(entry, str(record["title"]), str(record["summary"]),
                       tuple(int(n) for n in record["lengths"]), problems, author=str(record["author"]),
                       for_whom=str(record["for_whom"]), from_template=bool(record["from_template"]),
                       reach=(float(record["reach"][0]), float(record["reach"][1])))
    except (KeyError, TypeError, ValueError, IndexError):
        return None
