"""Files are written whole or not at all."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import pytest

from kindaudio.common.atomicfile import (
    TEMP_SUFFIX,
    atomic_file,
    atomic_output,
    remove_stale_temporaries,
    write_bytes_atomic,
)


def test_the_target_appears_only_when_complete(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    with atomic_output(target) as temp:
        temp.write_text("half")
        assert not target.exists()
    assert target.read_text() == "half"


def test_a_failure_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")
    with pytest.raises(RuntimeError), atomic_output(target) as temp:
        temp.write_text("new, but broken")
        raise RuntimeError("stop")
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


@pytest.mark.parametrize("durable", [False, True])
def test_an_open_temporary_file_becomes_the_target_only_when_complete(tmp_path: Path, durable: bool) -> None:
    target = tmp_path / "out.bin"
    target.write_bytes(b"old")
    with atomic_file(target, mode=0o600, durable=durable) as handle:
        handle.write(b"new ")
        handle.write(b"content")
        assert target.read_bytes() == b"old"
    assert target.read_bytes() == b"new content"
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.bin"]


def test_an_open_temporary_file_that_fails_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.bin"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_file(target) as handle:
        handle.write(b"new, but broken")
        raise RuntimeError("stop")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.bin"]


def test_the_mode_is_set(tmp_path: Path) -> None:
    write_bytes_atomic(tmp_path / "private", b"x", mode=0o600, durable=True)
    assert stat.S_IMODE(os.stat(tmp_path / "private").st_mode) == 0o600


def test_only_old_temporaries_are_removed(tmp_path: Path) -> None:
    old, fresh = tmp_path / f".a.bin{TEMP_SUFFIX}", tmp_path / f".b.bin{TEMP_SUFFIX}"
    old.write_bytes(b"left by a killed writer")
    fresh.write_bytes(b"being written right now")
    an_hour_ago = time.time() - 3700
    os.utime(old, (an_hour_ago, an_hour_ago))
    assert remove_stale_temporaries(tmp_path, older_than_seconds=3600) == 1
    assert not old.exists() and fresh.exists()
