"""`kindaudio render -o`, run as a real process, against hostile targets (issue 17, hardening 9, 11 and 14).

The silent timer needs no speech, so each render takes about a second.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from tests.support.command import EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK, assert_clean_failure, kindaudio
from tests.support.disks import small_disk

TIMER = ("render", "silent-timer", "--minutes", "5")


def test_an_existing_file_is_kept_unless_force_is_given(tmp_path: Path) -> None:
    target = tmp_path / "timer.wav"
    target.write_bytes(b"an earlier render")
    refused = kindaudio(*TIMER, "-o", str(target))
    assert_clean_failure(refused, EXIT_BAD_INPUT)
    assert f"{target} is already there. Nothing was changed." in refused.stderr
    assert "--force" in refused.stderr
    assert target.read_bytes() == b"an earlier render"
    assert not target.with_suffix(".vtt").exists()
    replaced = kindaudio(*TIMER, "-o", str(target), "--force")
    assert replaced.returncode == EXIT_OK, replaced.stderr
    assert target.stat().st_size > 300 * 22050


def test_renders_and_their_captions_are_private(tmp_path: Path) -> None:
    result = kindaudio(*TIMER, "-o", str(tmp_path / "timer.wav"))
    assert result.returncode == EXIT_OK, result.stderr
    for name in ("timer.wav", "timer.vtt", "timer.chapters.vtt"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600, name


def test_an_existing_caption_file_counts_as_already_there(tmp_path: Path) -> None:
    (tmp_path / "timer.vtt").write_text("WEBVTT\n\nmine\n", encoding="utf-8")
    result = kindaudio(*TIMER, "-o", str(tmp_path / "timer.wav"))
    assert_clean_failure(result, EXIT_BAD_INPUT)
    assert "timer.vtt is already there" in result.stderr
    assert not (tmp_path / "timer.wav").exists()


def test_a_fifo_is_not_renamed_over_even_with_force(tmp_path: Path) -> None:
    fifo = tmp_path / "timer.wav"
    os.mkfifo(fifo)
    result = kindaudio(*TIMER, "-o", str(fifo), "--force")
    assert_clean_failure(result, EXIT_BAD_INPUT)
    assert "is not a regular file (a device, a pipe or a socket)" in result.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_a_link_to_a_device_is_not_renamed_over(tmp_path: Path) -> None:
    link = tmp_path / "timer.wav"
    link.symlink_to("/dev/full")
    result = kindaudio(*TIMER, "-o", str(link), "--force")
    assert_clean_failure(result, EXIT_BAD_INPUT)
    assert "is not a regular file" in result.stderr
    assert link.is_symlink() and stat.S_ISCHR(Path("/dev/full").stat().st_mode)


def test_an_empty_path_does_not_mean_here(tmp_path: Path) -> None:
    here = tmp_path / "here"
    here.mkdir()
    result = subprocess.run([sys.executable, "-m", "kindaudio", *TIMER, "-o", ""], capture_output=True, text=True,
                            cwd=here, stdin=subprocess.DEVNULL, timeout=300,
                            env={**os.environ, "PYTHONPATH": str(Path.cwd())})
    assert_clean_failure(result, EXIT_BAD_INPUT)
    assert "The output path is empty. Nothing was written." in result.stderr
    assert list(here.iterdir()) == []


def test_proc_is_refused_plainly() -> None:
    result = kindaudio(*TIMER, "-o", "/proc/x.wav")
    assert_clean_failure(result, EXIT_BAD_INPUT)
    assert "/proc: KindAudio cannot write to this folder" in result.stderr


def test_an_unknown_users_home_is_refused_plainly() -> None:
    result = kindaudio(*TIMER, "-o", "~nosuchuser-kindaudio/x.wav")
    assert_clean_failure(result, EXIT_BAD_INPUT)
    assert "there is no such user's home folder" in result.stderr


def test_a_read_only_folder_is_refused_before_any_work(tmp_path: Path) -> None:
    with small_disk(tmp_path / "ro", read_only=True) as folder:
        for output in (folder / "x.wav", folder):
            result = kindaudio(*TIMER, "-o", str(output))
            assert_clean_failure(result, EXIT_BAD_INPUT)
            assert f"{folder}: KindAudio cannot write to this folder (it is read-only)" in result.stderr
            assert "preparing speech" not in result.stderr  # refused before any work


def test_a_full_disk_is_said_with_its_folder_and_leaves_nothing(tmp_path: Path) -> None:
    # A real 64 KB file system: the 13 MB render fills it and the kernel says ENOSPC.
    with small_disk(tmp_path / "small") as folder:
        (folder / "kept.txt").write_text("saved before", encoding="utf-8")
        result = kindaudio(*TIMER, "-o", str(folder / "timer.wav"))
        assert_clean_failure(result, EXIT_FAILURE)
        assert f"The disk is full: the render timer.wav could not be written to {folder}." in result.stderr
        assert "internal error" not in result.stderr
        assert sorted(p.name for p in folder.iterdir()) == ["kept.txt"]  # no half-written file, no temporary
        assert (folder / "kept.txt").read_text(encoding="utf-8") == "saved before"


def test_a_folder_given_with_o_keeps_an_earlier_render_of_the_same_name_unless_forced(tmp_path: Path) -> None:
    first = kindaudio(*TIMER, "-o", str(tmp_path))
    assert first.returncode == EXIT_OK, first.stderr
    made = tmp_path / "silent-timer-5min.wav"
    before = made.read_bytes()
    again = kindaudio(*TIMER, "-o", str(tmp_path))
    assert_clean_failure(again, EXIT_BAD_INPUT)
    assert f"{made} is already there. Nothing was changed." in again.stderr
    assert made.read_bytes() == before
    assert kindaudio(*TIMER, "-o", str(tmp_path), "--force").returncode == EXIT_OK
