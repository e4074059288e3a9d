"""Recordings with samples no sound has, and "packs" that are not plain files (issue 17, hardening 6 and 14).

A float WAV can hold NaN and infinity: the pack checks crashed on one with
IndexError. A named pipe given as a pack made `pack show` wait for ever for
a writer; a device is no pack either. Each is refused with a reason, and
nothing is written. The pipe is also run through the real command with a
timeout that turns a hang into a failure (tests/cli/test_pack_hostile_text.py).
"""

from __future__ import annotations

import io
import os
import socket
import stat
from pathlib import Path

import numpy as np
import pytest
import soundfile

from kindaudio.common.errors import UserInputError
from kindaudio.common.paths import AppPaths
from kindaudio.pack import PackRefused, export_pack, inspect_pack
from kindaudio.script.model import Practice
from tests.pack.conftest import record, refused, relist, tone, write_zip


def float_wav(samples: np.ndarray, rate: int = 48_000) -> bytes:
    buffer = io.BytesIO()
    soundfile.write(buffer, samples, rate, format="WAV", subtype="FLOAT")
    return buffer.getvalue()


def spoiled(value: float, at: slice = slice(24_000, 24_100)) -> np.ndarray:
    samples = tone(1.0)
    samples[at] = value
    return samples


@pytest.mark.parametrize(("samples", "reason"), [
    (spoiled(np.nan), "some of its samples are not numbers (NaN or infinity), the first 0.50 seconds in"),
    (spoiled(np.nan, slice(None)), "some of its samples are not numbers (NaN or infinity), the first 0.00 seconds in"),
    (spoiled(np.inf), "some of its samples are not numbers (NaN or infinity)"),
    (spoiled(-np.inf), "some of its samples are not numbers (NaN or infinity)"),
    (spoiled(3e38), "some of its samples are more than 100 times full scale, the first 0.50 seconds in"),
], ids=["nan", "all-nan", "inf", "-inf", "huge"])
def test_a_recording_with_samples_no_sound_has_is_refused(
        samples: np.ndarray, reason: str, good: dict[str, bytes], sentence_ids: list[str], tmp_path: Path,
        paths: AppPaths, home: Path) -> None:
    name = f"recordings/{sentence_ids[0]}.wav"
    entries = {key: data for key, data in good.items() if not key.startswith("recordings/")}
    pack = write_zip(tmp_path / "nan.kindpack", relist({**entries, name: float_wav(samples)}))
    message = refused(pack, paths, home)
    assert f"{name}: {reason}" in message and "it is damaged or was made to mislead" in message


def test_rendered_audio_with_nan_is_refused(good: dict[str, bytes], tmp_path: Path, paths: AppPaths,
                                            home: Path) -> None:
    pack = write_zip(tmp_path / "nan.kindpack", relist({**good, "audio/kind-words-2min.wav": float_wav(spoiled(np.nan))}))
    assert "audio/kind-words-2min.wav: some of its samples are not numbers" in refused(pack, paths, home)


def test_a_little_over_full_scale_still_plays(good: dict[str, bytes], sentence_ids: list[str],
                                              tmp_path: Path) -> None:
    """A float file may peak over 1.0 and still be a recording: only far beyond is refused."""
    name = f"recordings/{sentence_ids[0]}.wav"
    entries = {key: data for key, data in good.items() if not key.startswith("recordings/")}
    pack = write_zip(tmp_path / "loud.kindpack", relist({**entries, name: float_wav(spoiled(2.0))}))
    assert inspect_pack(pack).recordings == 1


def test_ones_own_recording_with_nan_is_named_before_the_pack_is_made(
        recorded_practice: tuple[Path, Practice, list[Path]], paths: AppPaths, tmp_path: Path) -> None:
    practice_path, practice, recordings = recorded_practice
    for path in recordings:
        path.unlink()
    bad = record(paths, practice, 0, extension=".wav")
    bad.write_bytes(float_wav(spoiled(np.nan)))
    with pytest.raises(UserInputError) as caught:
        export_pack(practice_path, tmp_path / "out.kindpack", paths)
    assert f"{bad}: some of its samples are not numbers" in str(caught.value)
    assert "Record that sentence again" in str(caught.value)
    assert not (tmp_path / "out.kindpack").exists()


def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path, paths: AppPaths, home: Path) -> None:
    """Nobody ever writes to this pipe: opening it to read would wait for ever; it is not opened at all."""
    fifo = tmp_path / "from-sam.kindpack"
    os.mkfifo(fifo)
    message = refused(fifo, paths, home)
    assert message.startswith(f"{fifo}: it is a named pipe (FIFO), not a file; a practice pack is a plain file")


def test_a_device_or_a_socket_is_refused(tmp_path: Path, paths: AppPaths, home: Path) -> None:
    assert "it is a device, not a file" in refused(Path("/dev/zero"), paths, home)
    listening = tmp_path / "s.kindpack"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(listening))
        assert "it is a socket, not a file" in refused(listening, paths, home)


def test_a_link_to_a_pack_still_opens(good_pack: Path, tmp_path: Path) -> None:
    link = tmp_path / "link.kindpack"
    link.symlink_to(good_pack)
    assert inspect_pack(link).recordings == 2


def test_a_hostile_file_name_is_shown_spelt_out(tmp_path: Path) -> None:
    """A downloaded file's own name is someone else's text too."""
    name = tmp_path / "\x1b]0;pwned\x07.kindpack"
    with pytest.raises(UserInputError) as caught:
        inspect_pack(name)
    assert str(caught.value) == f"{tmp_path}/\\x1b]0;pwned\\x07.kindpack: no such file"
    name.write_bytes(b"not a zip")
    with pytest.raises(PackRefused) as refusal:
        inspect_pack(name)
    assert str(refusal.value).startswith(f"{tmp_path}/\\x1b]0;pwned\\x07.kindpack: it is not a practice pack")


def test_a_named_pipe_is_not_read_as_a_writing_prompt(
        recorded_practice: tuple[Path, Practice, list[Path]], paths: AppPaths, tmp_path: Path) -> None:
    fifo = tmp_path / "prompt.toml"
    os.mkfifo(fifo)
    with pytest.raises(UserInputError, match="is a named pipe"):
        export_pack(recorded_practice[0], tmp_path / "out.kindpack", paths, writing=fifo)


def test_a_pack_is_never_written_over_a_named_pipe(recorded_practice: tuple[Path, Practice, list[Path]],
                                                   paths: AppPaths, tmp_path: Path) -> None:
    """Written by a rename, the pipe would have become a plain file (a device node did, for `export --force`)."""
    fifo = tmp_path / "kind-words.kindpack"
    os.mkfifo(fifo)
    for out in (fifo, tmp_path):  # named, or found as <id>.kindpack in the folder
        with pytest.raises(UserInputError, match="it is a named pipe \\(FIFO\\), not a file"):
            export_pack(recorded_practice[0], out, paths)
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_full_disk_under_an_import_is_said_as_such_and_the_pack_is_not_blamed(good_pack: Path,
                                                                                 paths: AppPaths) -> None:
    from kindaudio.common.output_target import DiskFull
    from kindaudio.pack import import_pack
    from tests.support.disks import fill, small_disk

    with small_disk(paths.data, size="256k"):
        fill(paths.data)
        with pytest.raises(DiskFull) as full:
            import_pack(good_pack, paths)
        message = str(full.value)
        assert message.startswith("The disk is full") and str(paths.data) in message
        assert "damaged" not in message
        assert sorted(path.name for path in paths.data.iterdir()) == ["filler"]  # nothing half-written is left
