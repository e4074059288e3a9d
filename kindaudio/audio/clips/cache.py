"""The clip cache: prepared sentences on disk, keyed by everything that shapes them.

A key covers the text, the voice, rate and volume, the engine's name and
version and the preparation pipeline's version, so a second render of the same
practice synthesises nothing and editing one sentence re-synthesises only that
one. An entry is one small file: a fixed header (magic, lengths, CRC32) and the
three arrays as they lie in memory, so a lookup is one read. Entries are
written to a temporary file and renamed into place, so concurrent writers and
killed processes never leave a half-written entry; the CRC reveals one
corrupted later, which is then deleted and made again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import struct
import threading
import zlib
from collections.abc import Mapping
from pathlib import Path

import numpy as np

from kindaudio.audio.clips.clip import ClipAudio, ClipInfo, ClipOrigin
from kindaudio.audio.clips.levelling import PIPELINE_VERSION
from kindaudio.audio.format import CELL, MIX_RATE
from kindaudio.common.atomicfile import atomic_file, remove_stale_temporaries
from kindaudio.common.paths import ensure_dir

log = logging.getLogger(__name__)

ENTRY_SUFFIX = ".clip"
STALE_TEMPORARY_SECONDS = 3600
_MAGIC = b"KACLIP1\0"
_HEADER = struct.Struct("<8sIII")  # magic, samples, cells, CRC32 of everything after the header


def cache_key(fields: Mapping[str, object]) -> str:
    """A key from the fields that decide what a clip sounds like."""
    payload = json.dumps({**fields, "pipeline": PIPELINE_VERSION, "mix_rate": MIX_RATE}, sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:40]


class ClipCache:
    """Prepared clips under one folder, sharded by the first two key characters."""

    def __init__(self, folder: Path) -> None:
        self.folder = ensure_dir(folder)
        self._cleaned = False
        self._lock = threading.Lock()
        self.corrupt_entries = 0

    def path_for(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}{ENTRY_SUFFIX}"

    def lookup(self, key: str, origin: ClipOrigin) -> ClipInfo | None:
        """The entry, or None when absent or corrupt (a corrupt one is removed).

        The samples stay in memory: a practice's speech is a few megabytes,
        whatever length it is rendered at.
        """
        path = self.path_for(key)
        try:
            audio = _decode(path.read_bytes())
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            log.warning("cache entry %s is corrupt (%s); it will be made again", path, exc)
            with self._lock:
                self.corrupt_entries += 1
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
            return None
        return ClipInfo(audio, origin)

    def store(self, key: str, audio: ClipAudio, origin: ClipOrigin) -> ClipInfo:
        """Write an entry atomically; the last of two concurrent writers wins, both whole."""
        path = self.path_for(key)
        self._clean_once()
        parts = _encode(audio)
        try:
            _write_entry(path, parts)
        except FileNotFoundError:  # the shard's folder, made only when first needed
            ensure_dir(path.parent)
            _write_entry(path, parts)
        return ClipInfo(audio, origin)

    def _clean_once(self) -> None:
        """Remove temporaries that killed writers left behind (once per run)."""
        with self._lock:
            if self._cleaned:
                return
            self._cleaned = True
        remove_stale_temporaries(self.folder, STALE_TEMPORARY_SECONDS)



def _encode(audio: ClipAudio) -> list[memoryview]:
    """The entry as the buffers it is written from: the header, then the arrays
    as they lie in memory (no joined copy: fresh pages are what a cold render's
    levelling thread pays most for after the arithmetic)."""
    arrays = [np.ascontiguousarray(audio.samples, dtype="<i2"), np.ascontiguousarray(audio.cell_energy, dtype="<f8"),
              np.ascontiguousarray(audio.cell_peak, dtype="<f8")]
    payload = [memoryview(array.data).cast("B") for array in arrays]
    crc = 0
    for part in payload:
        crc = zlib.crc32(part, crc)
    header = _HEADER.pack(_MAGIC, len(audio.samples), len(audio.cell_energy), crc)
    return [memoryview(header), *payload]


def _write_entry(path: Path, parts: list[memoryview]) -> None:
    with atomic_file(path, mode=0o600) as handle:
        for part in parts:
            handle.write(part)


def _decode(data: bytes) -> ClipAudio:
    if len(data) < _HEADER.size:
        raise ValueError(f"{len(data)} bytes is too short for an entry")
    magic, samples, cells, crc = _HEADER.unpack_from(data)
    if magic != _MAGIC:
        raise ValueError("not a clip entry")
    if samples == 0 or cells != -(-samples // CELL):
        raise ValueError(f"{samples} samples do not make {cells} cells")
    if len(data) != _HEADER.size + samples * 2 + cells * 16:
        raise ValueError(f"{len(data)} bytes where {_HEADER.size + samples * 2 + cells * 16} belong")
    payload = memoryview(data)[_HEADER.size:]
    if zlib.crc32(payload) != crc:
        raise ValueError("checksum mismatch")
    energy_at = samples * 2
    return ClipAudio(np.frombuffer(payload, "<i2", samples),
                     np.frombuffer(payload, "<f8", cells, energy_at),
                     np.frombuffer(payload, "<f8", cells, energy_at + cells * 8))
