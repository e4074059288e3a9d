"""The clip cache: prepared sentences on disk, keyed by everything that shapes them.

A key covers the text, the voice, rate and volume, the engine's name and
version and the preparation pipeline's version, so a second render of the same
practice synthesises nothing and editing one sentence re-synthesises only that
one. Entries are .npz files (a zip of numpy arrays): written to a temporary file
and renamed into place, so concurrent writers and killed processes never leave
a half-written entry; zip CRCs reveal one corrupted later, which is then
deleted and made again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import threading
import zipfile
from collections.abc import Mapping
from pathlib import Path

import numpy as np

from kindaudio.atomicfile import atomic_output, remove_stale_temporaries
from kindaudio.audio.clip import ClipAudio, ClipInfo, ClipOrigin
from kindaudio.audio.format import CELL, MIX_RATE
from kindaudio.audio.levelling import PIPELINE_VERSION
from kindaudio.paths import ensure_dir

log = logging.getLogger(__name__)

ENTRY_SUFFIX = ".npz"
STALE_TEMPORARY_SECONDS = 3600
_MEMBERS = ("samples", "cell_energy", "cell_peak")


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
        """The entry's summary, or None when absent or corrupt (a corrupt one is removed)."""
        path = self.path_for(key)
        try:
            with zipfile.ZipFile(path) as archive:
                if archive.testzip() is not None:
                    raise zipfile.BadZipFile("CRC mismatch")
                if sorted(archive.namelist()) != sorted(f"{m}.npy" for m in _MEMBERS):
                    raise ValueError(f"members {archive.namelist()}")
                with archive.open("cell_energy.npy") as handle:
                    energy = np.lib.format.read_array(handle, allow_pickle=False)
                with archive.open("cell_peak.npy") as handle:
                    peak = np.lib.format.read_array(handle, allow_pickle=False)
                n_samples = _array_length(archive, "samples.npy")
            if len(energy) != len(peak) or len(energy) != -(-n_samples // CELL) or n_samples == 0:
                raise ValueError("inconsistent lengths")
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as exc:
            log.warning("cache entry %s is corrupt (%s); it will be made again", path, exc)
            with self._lock:
                self.corrupt_entries += 1
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
            return None
        return ClipInfo(n_samples, energy, peak, origin, lambda: self.load_samples(key))

    def load_samples(self, key: str) -> np.ndarray:
        with np.load(self.path_for(key), allow_pickle=False) as entry:
            return entry["samples"]

    def store(self, key: str, audio: ClipAudio, origin: ClipOrigin) -> ClipInfo:
        """Write an entry atomically; the last of two concurrent writers wins, both whole."""
        path = self.path_for(key)
        ensure_dir(path.parent)
        self._clean_once()
        with atomic_output(path, mode=0o600) as temp, temp.open("wb") as handle:
            np.savez(handle, samples=audio.samples, cell_energy=audio.cell_energy, cell_peak=audio.cell_peak)
        return ClipInfo(len(audio.samples), audio.cell_energy, audio.cell_peak, origin,
                        lambda: self.load_samples(key))

    def _clean_once(self) -> None:
        """Remove temporaries that killed writers left behind (once per run)."""
        with self._lock:
            if self._cleaned:
                return
            self._cleaned = True
        remove_stale_temporaries(self.folder, STALE_TEMPORARY_SECONDS)


def _array_length(archive: zipfile.ZipFile, member: str) -> int:
    """The length of a stored 1-D array, read from its header alone."""
    with archive.open(member) as handle:
        version = np.lib.format.read_magic(handle)
        reader = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
        shape, _fortran, dtype = reader(handle)
    if len(shape) != 1 or dtype != np.dtype(np.int16):
        raise ValueError(f"samples of shape {shape} and type {dtype}")
    return int(shape[0])
