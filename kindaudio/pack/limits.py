"""What a .kindpack may hold: its layout, entry names and size limits.

A pack is untrusted input. Its entries must be named exactly as KindAudio
writes them (so no name can reach outside the folder it is unpacked into), and
its sizes are bounded so that opening one can never fill the disk or memory.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from kindaudio.audio import EXTENSIONS as RECORDING_EXTENSIONS
from kindaudio.audio import MAX_RECORDING_SECONDS

PACK_SUFFIX = ".kindpack"

MAX_TOTAL_BYTES = 200_000_000  # everything in a pack, uncompressed
MAX_ENTRIES = 2_000
MAX_RATIO = 100  # uncompressed : compressed, per entry and for the whole pack
# Below this, an entry is too small for its ratio to matter (a few kilobytes of
# JSON can shrink 30:1); the total limit still bounds what small entries can add up to.
RATIO_FLOOR_BYTES = 1_000_000
MAX_PACK_FILE_BYTES = MAX_TOTAL_BYTES + 16_000_000  # the file itself: contents plus zip overhead
MAX_CENTRAL_DIRECTORY_BYTES = 4_000_000  # the zip's list of entries, read before anything else
MAX_MANIFEST_BYTES = 1_000_000
MAX_CAPTIONS_BYTES = 2_000_000
MAX_AUTHOR_NOTE_CHARS = 5_000
MAX_RENDERED_SECONDS = 3 * 3600.0  # the longest shipped practice is 45 minutes
RECORDING_SECONDS = MAX_RECORDING_SECONDS
SAMPLE_RATES = (8_000, 192_000)
MAX_CHANNELS = 2

MANIFEST_NAME = "manifest.json"
PRACTICE_NAME = "practice.md"
WRITING_NAME = "writing.toml"  # optional: a writing prompt of the sender's own (writing_prompt.py)
RECORDINGS_FOLDER = "recordings"
AUDIO_FOLDER = "audio"
FOLDER_ENTRIES = frozenset({f"{RECORDINGS_FOLDER}/", f"{AUDIO_FOLDER}/"})
AUDIO_EXTENSIONS = (".wav", ".mp3")
CAPTIONS_EXTENSION = ".vtt"

_SENTENCE_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_AUDIO_NAME = re.compile(r"[a-z0-9]+(?:[.-][a-z0-9]+)*")
_MAX_AUDIO_NAME_CHARS = 100
_DRIVE = re.compile(r"[A-Za-z]:")


class EntryKind(enum.Enum):
    MANIFEST = "manifest"
    PRACTICE = "practice"
    RECORDING = "recording"
    AUDIO = "audio"
    CAPTIONS = "captions"
    WRITING = "writing"


@dataclass(frozen=True)
class EntryName:
    """A known entry: what it is, and the name inside its folder (sentence id or audio name)."""

    name: str
    kind: EntryKind
    stem: str
    extension: str


def unsafe_name_reason(name: str) -> str | None:
    """Why an entry name could reach outside the folder it is unpacked into; None when it cannot."""
    if not name:
        return "an entry has no name"
    if any(ord(c) < 32 or c == "\x7f" for c in name):
        return "its name holds control characters"
    if "\\" in name:
        return "its name holds a backslash (a Windows path), which could reach outside the pack"
    if name.startswith("/"):
        return "its name is an absolute path, which would reach outside the pack"
    if _DRIVE.match(name):
        return "its name starts with a drive letter, which would reach outside the pack"
    parts = name.rstrip("/").split("/")
    if ".." in parts:
        return "its name climbs out of the pack with '..'"
    if any(part in ("", ".") for part in parts):
        return "its name has an empty or '.' part"
    return None


def classify(name: str) -> EntryName | None:
    """What a (safe) entry name is in the pack's layout; None for anything a pack does not hold."""
    if name == MANIFEST_NAME:
        return EntryName(name, EntryKind.MANIFEST, "manifest", ".json")
    if name == PRACTICE_NAME:
        return EntryName(name, EntryKind.PRACTICE, "practice", ".md")
    if name == WRITING_NAME:
        return EntryName(name, EntryKind.WRITING, "writing", ".toml")
    folder, slash, rest = name.partition("/")
    stem, dot, extension = rest.rpartition(".")
    if not slash or not dot or "/" in rest:
        return None
    extension = f".{extension}"
    if folder == RECORDINGS_FOLDER and extension in RECORDING_EXTENSIONS and _SENTENCE_ID.fullmatch(stem):
        return EntryName(name, EntryKind.RECORDING, stem, extension)
    if folder == AUDIO_FOLDER and len(stem) <= _MAX_AUDIO_NAME_CHARS and _AUDIO_NAME.fullmatch(stem):
        if extension in AUDIO_EXTENSIONS:
            return EntryName(name, EntryKind.AUDIO, stem, extension)
        if extension == CAPTIONS_EXTENSION:
            return EntryName(name, EntryKind.CAPTIONS, stem, extension)
    return None


def is_audio_name(stem: str) -> bool:
    """Whether a rendered file's name (without extension) may go in a pack's audio folder."""
    return len(stem) <= _MAX_AUDIO_NAME_CHARS and _AUDIO_NAME.fullmatch(stem) is not None


LAYOUT_HELP = ("a pack holds only manifest.json, practice.md, recordings/<sentence id>.(flac|wav|ogg), "
               "audio/<name>.(wav|mp3|vtt) and writing.toml")
