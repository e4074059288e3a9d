"""Packs for the tests: a practice of the person's own with real recordings, and tools to take packs apart.

Hostile packs are made from a real exported pack by changing one thing, so
each test shows that exactly that one thing is refused.
"""

from __future__ import annotations

import hashlib
import json
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
import soundfile

from kindaudio.common.errors import UserInputError
from kindaudio.common.paths import AppPaths, ensure_dir
from kindaudio.pack import PackRefused, export_pack, import_pack, inspect_pack
from kindaudio.script.model import Practice
from kindaudio.script.parser import load_practice

PRACTICE_ID = "kind-words"
AUTHOR = "Sam Rivera"
PRACTICE_TEXT = """---
title: Kind Words for Today
summary: A few kind words, with room to rest between them.
author: Sam Rivera
lengths: [2]
---
## Arriving
You might let yourself arrive here, just as you are. [pause 5s..2m]
If it feels right, you could rest a hand somewhere that feels comforting.

## Closing
Whenever you are ready, you can let this practice come to an end.
"""


@pytest.fixture
def own_practice(paths: AppPaths) -> Path:
    """The person's own practice file, in their practice folder."""
    path = ensure_dir(paths.practices) / f"{PRACTICE_ID}.md"
    path.write_text(PRACTICE_TEXT, encoding="utf-8")
    return path


def tone(seconds: float, rate: int = 48_000, frequency: float = 220.0) -> np.ndarray:
    """A voice-like sound: a tone that swells and fades, as a spoken phrase does."""
    t = np.arange(int(seconds * rate)) / rate
    envelope = np.sin(np.pi * t / seconds) ** 2
    return (0.3 * envelope * np.sin(2 * np.pi * frequency * t)).astype(np.float32)


def record(paths: AppPaths, practice: Practice, index: int, seconds: float = 1.0, extension: str = ".flac") -> Path:
    """A real recording of sentence `index`, where the app keeps the person's recordings."""
    sentence = practice.sentences[index]
    path = ensure_dir(paths.recordings / practice.id) / f"{sentence.id}{extension}"
    soundfile.write(path, tone(seconds, frequency=180.0 + 40 * index), 48_000)
    return path


@pytest.fixture
def recorded_practice(own_practice: Path, paths: AppPaths) -> tuple[Path, Practice, list[Path]]:
    """The practice with its first and last sentences recorded."""
    practice = load_practice(own_practice)
    return own_practice, practice, [record(paths, practice, 0), record(paths, practice, 2)]


def tree(root: Path) -> dict[str, tuple[int, int, str]]:
    """Everything under a folder (itself included): mode, modification time and, for files, a hash.

    A folder's modification time changes when anything is created in it, even
    if it is deleted again, so equal trees mean nothing was written at all.
    """
    if not root.exists():
        return {}
    found = {}
    for path in [root, *sorted(root.rglob("*"))]:
        status = path.stat()
        content = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "folder"
        found[str(path.relative_to(root))] = (status.st_mode, status.st_mtime_ns, content)
    return found


def entries_of(pack: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(pack) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def manifest_of(entries: dict[str, bytes]) -> dict:
    return json.loads(entries["manifest.json"])


def relist(entries: dict[str, bytes], change: Callable[[dict], None] | None = None) -> dict[str, bytes]:
    """The entries with a manifest that lists them truly (then `change`d)."""
    manifest = manifest_of(entries)
    manifest["files"] = {name: {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
                         for name, data in entries.items() if name != "manifest.json"}
    if change is not None:
        change(manifest)
    return {**entries, "manifest.json": json.dumps(manifest).encode("utf-8")}


def write_zip(path: Path, entries: dict[str, bytes] | list[tuple[str, bytes]], *,
              compression: int = zipfile.ZIP_DEFLATED, modes: dict[str, int] | None = None) -> Path:
    """A zip of exactly these entries (a list may repeat a name), each a plain 0600 file unless `modes` says."""
    items = list(entries.items()) if isinstance(entries, dict) else entries
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # zipfile warns of a repeated name; some tests want one
        with zipfile.ZipFile(path, "w", compression, compresslevel=1) as archive:
            for name, data in items:
                info = zipfile.ZipInfo(name)
                info.external_attr = (modes or {}).get(name, 0o100600) << 16
                info.compress_type = compression
                archive.writestr(info, data)
    return path


@pytest.fixture
def good_pack(recorded_practice: tuple[Path, Practice, list[Path]], paths: AppPaths, tmp_path: Path) -> Path:
    practice_path, _, _ = recorded_practice
    return export_pack(practice_path, tmp_path / "good.kindpack", paths, author_note="For you, with care.")


@pytest.fixture
def good(good_pack: Path) -> dict[str, bytes]:
    """The entries of a real, valid pack."""
    return entries_of(good_pack)


@pytest.fixture
def sentence_ids(recorded_practice: tuple[Path, Practice, list[Path]]) -> list[str]:
    return [sentence.id for sentence in recorded_practice[1].sentences]


def refused(pack: Path, paths: AppPaths, home: Path) -> str:
    """The reason both inspecting and importing give; and the whole home unchanged by either."""
    before = tree(home)
    with pytest.raises(PackRefused) as inspected:
        inspect_pack(pack)
    with pytest.raises(PackRefused) as imported:
        import_pack(pack, paths)
    assert tree(home) == before
    message = str(imported.value)
    assert message == str(inspected.value)
    assert message.startswith(f"{pack}: ")
    assert "Nothing was imported" in message
    assert imported.value.exit_code == 2 and isinstance(imported.value, UserInputError)
    return message
