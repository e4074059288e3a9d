"""Writing the mixed programme to an audio file, block by block.

libsndfile (bundled with the soundfile wheels) encodes MP3 and Ogg Vorbis in a
stream, so no ffmpeg is needed and the whole practice is never held in memory;
their tags and chapters are written afterwards by tags.py (mutagen), in each
format's own convention, before the file appears. WAV is written here instead:
libsndfile copies 16-bit PCM through a small buffer in thousands of writes,
which made writing a 20-minute WAV (53 MB) most of a warm render; here each
block goes to the file as it is (about three times faster), and silence is
skipped over. Its tags and chapters go in RIFF chunks after the audio
(tags.riff_chunks). Files appear under their name only when complete.
"""

from __future__ import annotations

import enum
import functools
import struct
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np

from kindaudio.audio.files.tags import Chapter, Tags, riff_chunks, tag_mp3, tag_ogg
from kindaudio.audio.format import MIX_RATE
from kindaudio.common.atomicfile import atomic_file, atomic_output
from kindaudio.common.errors import KindAudioError


class AudioFormat(enum.Enum):
    WAV = "wav"
    MP3 = "mp3"
    OGG = "ogg"

    @property
    def extension(self) -> str:
        return f".{self.value}"


@dataclass(frozen=True)
class _Encoding:
    container: str
    subtype: str
    compression_level: float | None
    bitrate_mode: str | None
    block_size: int


_ENCODINGS = {
    AudioFormat.WAV: _Encoding("WAV", "PCM_16", None, None, 1 << 16),
    # About 65 kbit/s, plenty for one voice at 22 kHz.
    AudioFormat.MP3: _Encoding("MP3", "MPEG_LAYER_III", 0.4, "VARIABLE", 1 << 16),
    # libvorbis overflows its stack on large single writes (libsndfile #1095,
    # python-soundfile #396), so Ogg gets small blocks.
    AudioFormat.OGG: _Encoding("OGG", "VORBIS", 0.4, None, 8192),
}


def block_size_for(fmt: AudioFormat) -> int:
    return _ENCODINGS[fmt].block_size


def wants_pcm16(fmt: AudioFormat) -> bool:
    """WAV is 16-bit PCM: the mixer's rounded int16 blocks go in unchanged."""
    return _ENCODINGS[fmt].subtype == "PCM_16"


def check_format(fmt: AudioFormat) -> None:
    """Raise a clear error when this libsndfile cannot write the format.

    WAV is written here, not by libsndfile: it is always possible, and a WAV
    render never loads libsndfile (importing it is 10-20 ms of a cold render).
    """
    if fmt is AudioFormat.WAV:
        return
    import soundfile

    encoding = _ENCODINGS[fmt]
    if encoding.container not in soundfile.available_formats() or \
            encoding.subtype not in soundfile.available_subtypes(encoding.container):
        raise KindAudioError(
            f"{fmt.value.upper()} export needs libsndfile 1.1 or newer with {encoding.container} support "
            f"(this one is {soundfile.__libsndfile_version__})",
            hint="Update the soundfile package (pip install -U soundfile) or export as WAV.")


@functools.cache
def _sound_file_class() -> Any:
    """soundfile.SoundFile without the fsync it does on close.

    SoundFile.close() calls flush(), which is libsndfile's sf_write_sync: an
    fsync, measured at a quarter of a warm render's time for a 20-minute WAV.
    A rendered file can always be made again, and the rename in atomic_output
    already means a crash leaves the old file or the new one; so, like every
    other non-durable write here, it is left to the operating system to flush.
    """
    import soundfile

    class UnsyncedSoundFile(soundfile.SoundFile):
        def flush(self) -> None:
            pass

    return UnsyncedSoundFile


def write_audio(blocks: Iterator[np.ndarray], target: Path, fmt: AudioFormat, tags: Tags,
                on_block: Callable[[int], None] | None = None, *, chapters: Sequence[Chapter] = ()) -> None:
    """Encode blocks to `target` with its tags and chapters; the file appears only when complete.

    WAV wants int16 blocks (written as they are, runs of silence skipped);
    MP3 and Ogg want float32.
    """
    check_format(fmt)
    encoding = _ENCODINGS[fmt]
    if fmt is AudioFormat.WAV:
        with atomic_file(target) as file:
            wav = _WavWriter(file)
            position = 0
            for block in blocks:
                samples = np.ascontiguousarray(block, dtype="<i2")
                for offset, run in _sounding_runs(samples):
                    wav.put(position + offset, run)
                position += len(samples)
                if on_block is not None:
                    on_block(len(samples))
            wav.finish(position, tags, chapters)
        return
    with atomic_output(target) as temp:
        with _sound_file_class()(str(temp), "w", MIX_RATE, 1, subtype=encoding.subtype,
                                 format=encoding.container, compression_level=encoding.compression_level,
                                 bitrate_mode=encoding.bitrate_mode) as sink:
            # No tags through libsndfile: tags.py writes them (its MP3 tags would be mislabelled Latin-1).
            for block in blocks:
                sink.write(block)
                if on_block is not None:
                    on_block(len(block))
        (tag_mp3 if fmt is AudioFormat.MP3 else tag_ogg)(temp, tags, chapters)


def write_wav(pieces: Iterable[tuple[int, np.ndarray]], length: int, target: Path, tags: Tags,
              on_progress: Callable[[int], None] | None = None, *, chapters: Sequence[Chapter] = ()) -> None:
    """A WAV of `length` samples holding int16 `pieces` (start, samples), in order
    and apart, and silence everywhere else; the file appears only when complete.

    The silence is never made or written: a practice's pauses are most of it.
    `on_progress` is told how many more samples are done as each piece is.
    """
    done = 0
    with atomic_file(target) as file:
        wav = _WavWriter(file)
        for start, samples in pieces:
            wav.put(start, np.ascontiguousarray(samples, dtype="<i2"))
            if on_progress is not None:
                on_progress(start + len(samples) - done)
            done = start + len(samples)
        wav.finish(length, tags, chapters)
    if on_progress is not None and length > done:
        on_progress(length - done)


class _WavWriter:
    """16-bit mono PCM at the mix rate, written where each piece of sound belongs,
    then the tags and chapters as RIFF chunks (tags.riff_chunks).

    What is not written is a hole that reads back as zeros (the file is sparse
    where the file system allows, and simply zero-filled where it does not):
    the kernel's cost of writing is finding a page for every 4 KB, so the
    pauses of a practice cost nothing. The sizes in the header are filled in
    at the end.
    """

    _HEADER = struct.Struct("<4sI4s4sIHHIIHH4sI")

    def __init__(self, file: BinaryIO) -> None:
        self._file = file
        file.write(self._HEADER.pack(b"RIFF", 0, b"WAVE", b"fmt ", 16, 1, 1, MIX_RATE, MIX_RATE * 2, 2, 16,
                                     b"data", 0))

    def put(self, start: int, samples: np.ndarray) -> None:
        self._file.seek(self._HEADER.size + 2 * start)
        self._file.write(samples.data)

    def finish(self, length: int, tags: Tags, chapters: Sequence[Chapter] = ()) -> None:
        # 16-bit mono data is always an even number of bytes: no pad byte before the chunks.
        self._file.seek(self._HEADER.size + 2 * length)
        self._file.write(riff_chunks(tags, chapters))
        end = self._file.tell()
        self._file.seek(4)
        self._file.write(struct.pack("<I", end - 8))
        self._file.seek(self._HEADER.size - 4)
        self._file.write(struct.pack("<I", 2 * length))


SILENT_RUN = 2048  # samples: 4 KB, a page of the file


def _sounding_runs(block: np.ndarray) -> Iterator[tuple[int, np.ndarray]]:
    """The parts of `block` that are not runs of SILENT_RUN zeros: (offset, samples)."""
    whole = len(block) // SILENT_RUN * SILENT_RUN
    sounding = np.append(block[:whole].reshape(-1, SILENT_RUN).any(axis=1), block[whole:].any())
    if not sounding.any():
        return
    # Where a run of sound or silence ends and the next begins, in samples.
    changes = (np.flatnonzero(sounding[1:] != sounding[:-1]) + 1) * SILENT_RUN
    start = 0
    for end in [*changes.tolist(), len(block)]:
        end = min(end, len(block))
        if end > start and sounding[start // SILENT_RUN]:
            yield start, block[start:end]
        start = max(start, end)

