"""manifest.json: what a pack says about itself, written and read strictly.

The manifest lists every other entry with its size and SHA-256, so a damaged or
altered pack is noticed before anything in it is used; its format_version lets
a later KindAudio change the layout while an older one says plainly that it
cannot read it, instead of guessing.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from kindaudio.pack.limits import MAX_AUTHOR_NOTE_CHARS
from kindaudio.pack.therapist import TherapistContact, therapist_from_manifest
from kindaudio.pack.untrusted_text import text_problem
from kindaudio.script.ids import ID_PATTERN

log = logging.getLogger(__name__)

FORMAT = "kindpack"
FORMAT_VERSION = 1
_SHA256 = re.compile(r"[0-9a-f]{64}")
_MAX_TEXT_CHARS = 1_000
MAX_NAME_CHARS = 200


class ManifestProblem(ValueError):
    """The manifest cannot be used; the message says why, in words for people."""


class NewerFormat(ManifestProblem):
    """The pack was made by a newer KindAudio, in a format this one does not know."""


@dataclass(frozen=True)
class FileRecord:
    sha256: str
    size: int


@dataclass(frozen=True)
class Manifest:
    practice_id: str
    title: str
    author: str
    author_note: str
    created: str  # UTC, ISO 8601
    app_version: str
    files: Mapping[str, FileRecord] = field(default_factory=dict)
    format_version: int = FORMAT_VERSION
    # Whose voice the recordings are: for a practice that comes with KindAudio the
    # practice's own author is not the sender. Optional, so format 1 stays readable both ways.
    recorded_by: str = ""
    therapist: TherapistContact | None = None  # the sender's contact as a therapist (therapist.py); optional

    def to_json(self) -> bytes:
        data = {
            "format": FORMAT,
            "format_version": self.format_version,
            "app_version": self.app_version,
            "created": self.created,
            "practice": {"id": self.practice_id, "title": self.title, "author": self.author},
            "author_note": self.author_note,
            **({"recorded_by": self.recorded_by} if self.recorded_by else {}),
            **({"therapist": self.therapist.to_json()} if self.therapist is not None else {}),
            "files": {name: {"sha256": record.sha256, "size": record.size}
                      for name, record in sorted(self.files.items())},
        }
        return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def parse_manifest(data: bytes) -> Manifest:
    """A manifest read from untrusted bytes; ManifestProblem (or NewerFormat) when it will not do."""
    try:
        raw = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise ManifestProblem("it is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise ManifestProblem(f"it is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    except RecursionError:
        raise ManifestProblem("it is nested too deeply to be a manifest") from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise ManifestProblem(f"it is not a KindAudio pack manifest (it should say \"format\": \"{FORMAT}\")")
    version = raw.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ManifestProblem(f"its format_version should be a whole number from 1, not {version!r}")
    if version > FORMAT_VERSION:
        raise NewerFormat(f"it was made by a newer KindAudio (pack format {version}; this KindAudio reads "
                          f"format {FORMAT_VERSION}); update KindAudio to open it")
    unknown = sorted(set(raw) - {"format", "format_version", "app_version", "created", "practice",
                                 "author_note", "recorded_by", "therapist", "files"})
    if unknown:
        log.info("manifest keys ignored: %s", ", ".join(unknown))

    practice = raw.get("practice")
    if not isinstance(practice, dict):
        raise ManifestProblem("its \"practice\" should be an object with id, title and author")
    practice_id = _text(practice, "id", "practice id")
    if not ID_PATTERN.fullmatch(practice_id) or len(practice_id) > 100:
        raise ManifestProblem(f"its practice id {practice_id!r} is not a valid id (lower-case letters, digits "
                              "and single hyphens, at most 100 characters)")
    created = _text(raw, "created", "creation time")
    try:
        datetime.fromisoformat(created.replace("Z", "+00:00"))
    except ValueError:
        raise ManifestProblem(f"its creation time {created!r} is not an ISO 8601 date and time") from None
    return Manifest(
        practice_id=practice_id,
        title=_text(practice, "title", "practice title"),
        author=_text(practice, "author", "author", required=False),
        author_note=_text(raw, "author_note", "author note", required=False, limit=MAX_AUTHOR_NOTE_CHARS),
        created=created,
        app_version=_text(raw, "app_version", "app version", required=False),
        files=_files(raw.get("files")),
        format_version=version,
        recorded_by=_text(raw, "recorded_by", "recorded-by name", required=False, limit=MAX_NAME_CHARS),
        therapist=therapist_from_manifest(raw.get("therapist"), ManifestProblem),
    )


def _text(data: dict[str, Any], key: str, what: str, *, required: bool = True, limit: int = _MAX_TEXT_CHARS) -> str:
    value = data.get(key, None if required else "")
    if not isinstance(value, str):
        raise ManifestProblem(f"its {what} should be text, not {type(value).__name__}"
                              if value is not None else f"it has no {what} (\"{key}\")")
    if len(value) > limit:
        raise ManifestProblem(f"its {what} is {len(value):,} characters long; at most {limit:,} are allowed")
    problem = text_problem(value, what)  # a control character, or half of one (e.g. "\ud800")
    if problem is not None:
        raise ManifestProblem(problem)
    return value


def _files(raw: Any) -> dict[str, FileRecord]:
    if not isinstance(raw, dict):
        raise ManifestProblem("its \"files\" should be an object naming every other entry of the pack")
    files: dict[str, FileRecord] = {}
    for name, record in raw.items():
        if not isinstance(record, dict):
            raise ManifestProblem(f"its record for {name!r} should be an object with sha256 and size")
        digest, size = record.get("sha256"), record.get("size")
        if not isinstance(digest, str) or not _SHA256.fullmatch(digest):
            raise ManifestProblem(f"its checksum for {name!r} is not a SHA-256 in lower-case hexadecimal")
        if not isinstance(size, int) or isinstance(size, bool) or size < 0:
            raise ManifestProblem(f"its size for {name!r} is not a whole number of bytes")
        files[name] = FileRecord(digest, size)
    return files
