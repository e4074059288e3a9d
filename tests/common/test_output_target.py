"""One rule before writing a file the person named: real files, a FIFO, a device, /proc, a read-only mount."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from kindaudio.common.errors import UserInputError
from kindaudio.common.output_target import (
    DiskFull,
    check_folder_takes_files,
    check_output_target,
    disk_full_error,
    expand_output,
)
from tests.support.disks import small_disk


def test_a_new_file_in_a_writable_folder_passes_and_leaves_nothing(tmp_path: Path) -> None:
    check_output_target(tmp_path / "out.wav", replace=False)
    assert list(tmp_path.iterdir()) == []  # the trial file is gone


def test_an_existing_file_needs_leave_to_be_replaced(tmp_path: Path) -> None:
    (tmp_path / "out.wav").write_bytes(b"mine")
    with pytest.raises(UserInputError, match="out.wav is already there. Nothing was changed") as caught:
        check_output_target(tmp_path / "out.wav", replace=False)
    assert caught.value.hint is not None and "--force" in caught.value.hint
    check_output_target(tmp_path / "out.wav", replace=True)
    assert (tmp_path / "out.wav").read_bytes() == b"mine"


def test_a_fifo_is_never_a_target_even_with_leave(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.wav"
    os.mkfifo(fifo)
    with pytest.raises(UserInputError, match="is not a regular file"):
        check_output_target(fifo, replace=True)


def test_a_device_is_never_a_target_even_with_leave() -> None:
    with pytest.raises(UserInputError, match="/dev/full is not a regular file"):
        check_output_target(Path("/dev/full"), replace=True)


def test_a_link_to_a_device_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "out.wav"
    link.symlink_to("/dev/null")
    with pytest.raises(UserInputError, match="is not a regular file"):
        check_output_target(link, replace=True)


def test_a_folder_is_not_a_file_name(tmp_path: Path) -> None:
    with pytest.raises(UserInputError, match="is a folder"):
        check_output_target(tmp_path, replace=True)


def test_proc_takes_no_new_files() -> None:
    with pytest.raises(UserInputError, match="/proc: KindAudio cannot write to this folder"):
        check_output_target(Path("/proc/x.wav"), replace=False)


def test_a_read_only_folder_is_said_to_be_read_only(tmp_path: Path) -> None:
    with small_disk(tmp_path / "ro", read_only=True) as folder:
        with pytest.raises(UserInputError, match=r"cannot write to this folder \(it is read-only\)"):
            check_output_target(folder / "x.wav", replace=False)
        with pytest.raises(UserInputError, match="it is read-only"):
            check_folder_takes_files(folder)


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(UserInputError, match="no/such: no such folder"):
        check_output_target(tmp_path / "no" / "such" / "x.wav", replace=False)


def test_a_name_longer_than_any_file_system_takes_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UserInputError, match="longer than a file name can be"):
        check_output_target(tmp_path / ("a" * 300 + ".wav"), replace=False)


@pytest.mark.parametrize("text", ["", "   "])
def test_an_empty_path_is_refused(text: str) -> None:
    with pytest.raises(UserInputError, match="The output path is empty"):
        expand_output(text)


def test_an_unknown_users_home_is_refused() -> None:
    with pytest.raises(UserInputError, match="~nosuchuser-kindaudio/x.wav: there is no such user's home folder"):
        expand_output("~nosuchuser-kindaudio/x.wav")


def test_a_full_disk_is_recognised_by_its_error_number(tmp_path: Path) -> None:
    full = disk_full_error(OSError(errno.ENOSPC, "No space left on device"), tmp_path, "the render x.wav")
    assert isinstance(full, DiskFull)
    assert str(tmp_path) in full.message and full.message.startswith("The disk is full")
    assert disk_full_error(OSError(errno.EACCES, "Permission denied"), tmp_path, "x") is None
    assert disk_full_error(RuntimeError("some encoder failure"), tmp_path, "x") is None  # plenty of room here
