"""The clip cache: keyed by everything that shapes a clip, safe against
concurrent writers and killed processes, and it notices corruption."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from kindaudio.audio.clips.cache import ENTRY_SUFFIX, ClipCache, cache_key
from kindaudio.audio.clips.clip import ClipAudio, ClipOrigin
from kindaudio.audio.clips.levelling import prepare_speech
from kindaudio.common.atomicfile import TEMP_SUFFIX, remove_stale_temporaries

KEY_FIELDS = {"kind": "tts", "text": "Breathe.", "voice": "gmw/en-us", "rate": 120, "volume": 1.0,
              "engine": "pyttsx3", "engine_version": "2.99/espeak-ng-1.51"}


def _clip(seed: int, seconds: float = 1.0) -> ClipAudio:
    rng = np.random.default_rng(seed)
    t = np.arange(int(22050 * seconds)) / 22050
    tone = np.sin(2 * np.pi * (200 + 50 * seed) * t) * (0.3 + 0.1 * rng.random())
    return prepare_speech(tone, 22050)


@pytest.mark.parametrize("field", sorted(KEY_FIELDS))
def test_every_field_that_shapes_a_clip_changes_its_key(field: str) -> None:
    changed = dict(KEY_FIELDS)
    value = changed[field]
    changed[field] = value + 1 if isinstance(value, int | float) else f"{value}x"
    assert cache_key(changed) != cache_key(KEY_FIELDS)


def test_the_same_fields_give_the_same_key() -> None:
    assert cache_key(dict(reversed(KEY_FIELDS.items()))) == cache_key(KEY_FIELDS)


def test_a_stored_clip_comes_back_whole(tmp_path: Path) -> None:
    cache = ClipCache(tmp_path / "clips")
    clip = _clip(1)
    stored = cache.store("ab" * 20, clip, ClipOrigin.TTS)
    found = cache.lookup("ab" * 20, ClipOrigin.TTS)
    assert found is not None
    assert found.n_samples == stored.n_samples == len(clip.samples)
    assert np.array_equal(found.samples, clip.samples)
    assert np.array_equal(found.cell_energy, clip.cell_energy)
    assert np.array_equal(found.cell_peak, clip.cell_peak)
    assert oct(cache.path_for("ab" * 20).stat().st_mode & 0o777) == "0o600"


def test_a_missing_clip_is_a_miss(tmp_path: Path) -> None:
    assert ClipCache(tmp_path / "clips").lookup("cd" * 20, ClipOrigin.TTS) is None


@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage", "empty"])
def test_a_corrupt_entry_is_noticed_removed_and_counted(tmp_path: Path, damage: str) -> None:
    cache = ClipCache(tmp_path / "clips")
    key = "ef" * 20
    cache.store(key, _clip(2), ClipOrigin.TTS)
    path = cache.path_for(key)
    data = bytearray(path.read_bytes())
    if damage == "truncate":
        data = data[: len(data) // 2]
    elif damage == "flip":
        middle = len(data) // 2  # inside the samples
        data[middle] ^= 0xFF
    elif damage == "garbage":
        data = bytearray(os.urandom(len(data)))
    else:
        data = bytearray()
    path.write_bytes(bytes(data))
    assert cache.lookup(key, ClipOrigin.TTS) is None
    assert not path.exists()
    assert cache.corrupt_entries == 1


def _hammer(folder: str, key: str, seed: int, rounds: int) -> None:
    cache = ClipCache(Path(folder))
    clip = _clip(seed)
    for _ in range(rounds):
        cache.store(key, clip, ClipOrigin.TTS)


def test_concurrent_writers_of_one_entry_leave_one_whole_entry(tmp_path: Path) -> None:
    folder, key = tmp_path / "clips", "12" * 20
    context = multiprocessing.get_context("spawn")
    writers = [context.Process(target=_hammer, args=(str(folder), key, seed, 15)) for seed in range(4)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(timeout=120)
        assert writer.exitcode == 0
    found = ClipCache(folder).lookup(key, ClipOrigin.TTS)
    assert found is not None
    candidates = [_clip(seed).samples for seed in range(4)]
    assert any(np.array_equal(found.samples, samples) for samples in candidates)
    assert list(folder.rglob(f"*{TEMP_SUFFIX}")) == []


WRITER = """
import sys
from pathlib import Path
import numpy as np
from kindaudio.audio.clips.cache import ClipCache
from kindaudio.audio.clips.clip import ClipOrigin
from kindaudio.audio.clips.levelling import prepare_speech
cache = ClipCache(Path(sys.argv[1]))
clip = prepare_speech(np.sin(np.arange(22050 * 30) / 7) * 0.3, 22050)  # a long clip: slow to write
for n in range(10_000):
    cache.store(f"{n:040x}", clip, ClipOrigin.TTS)
    print(n, flush=True)
"""


def test_a_writer_killed_mid_write_leaves_no_broken_entry(tmp_path: Path) -> None:
    folder = tmp_path / "clips"
    with subprocess.Popen([sys.executable, "-c", WRITER, str(folder)], stdout=subprocess.PIPE, text=True) as writer:
        assert writer.stdout is not None
        for _ in range(3):
            writer.stdout.readline()  # three entries are written; the next is under way
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=30)
    cache = ClipCache(folder)
    entries = list(folder.rglob(f"*{ENTRY_SUFFIX}"))
    assert len(entries) >= 3
    for entry in entries:
        assert cache.lookup(entry.stem, ClipOrigin.TTS) is not None
    assert cache.corrupt_entries == 0
    # A half-written temporary the kill left behind is cleaned up later.
    leftovers = len(list(folder.rglob(f"*{TEMP_SUFFIX}")))
    assert leftovers <= 1
    assert remove_stale_temporaries(folder, older_than_seconds=0) == leftovers
    assert list(folder.rglob(f"*{TEMP_SUFFIX}")) == []
