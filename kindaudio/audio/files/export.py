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

A lossy encoder moves peaks: an Ogg Vorbis file mixed to -1.2 dBTP decoded at
up to -0.75 dBTP. So MP3 and Ogg are mixed a little further under the ceiling
(mix_ceiling_dbtp), and each encoded file is decoded and measured before it
appears (as a player would decode it, with libsndfile); one that still comes
over is mixed again that much softer in its peaks (render.py does this).
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

from kindaudio.audio.clips.finepeaks import refine_near
from kindaudio.audio.clips.loudness import cell_true_peaks, db_to_gain, gain_to_db
from kindaudio.audio.files.tags import Chapter, Tags, riff_chunks, tag_mp3, tag_ogg
from kindaudio.audio.format import CELL, MIX_RATE
from kindaudio.audio.mixing.peaks import MIX_CEILING_DBTP
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
    headroom_db: float  # mixed this far under the mixer's ceiling: what encoding adds to true peaks


# The headroom: across the shipped practices and templates in both voices,
# encoding raised the highest true peak by up to 0.45 dB (Vorbis) and 0.2 dB
# (LAME), each with about 0.2 dB to spare here; a file that still comes over
# is made again (render.py).
_ENCODINGS = {
    AudioFormat.WAV: _Encoding("WAV", "PCM_16", None, None, 1 << 16, 0.0),
    # About 65 kbit/s, plenty for one voice at 22 kHz.
    AudioFormat.MP3: _Encoding("MP3", "MPEG_LAYER_III", 0.4, "VARIABLE", 1 << 16, 0.4),
    # libvorbis overflows its stack on large single writes (libsndfile #1095,
    # python-soundfile #396), so Ogg gets small blocks.
    AudioFormat.OGG: _Encoding("OGG", "VORBIS", 0.4, None, 8192, 0.65),
}


class EncodedTooLoud(Exception):
    """An encoded file's true peak came over what it may reach; the file was not written."""

    def __init__(self, true_peak_dbtp: float, most_dbtp: float) -> None:
        super().__init__(f"encoded true peak {true_peak_dbtp:.2f} dBTP, over {most_dbtp:.2f}")
        self.true_peak_dbtp = true_peak_dbtp
        self.most_dbtp = most_dbtp


def block_size_for(fmt: AudioFormat) -> int:
    return _ENCODINGS[fmt].block_size


def mix_ceiling_dbtp(fmt: AudioFormat) -> float:
    """The true peak a programme is mixed to for this format, before encoding."""
    return MIX_CEILING_DBTP - _ENCODINGS[fmt].headroom_db


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
                on_block: Callable[[int], None] | None = None, *, chapters: Sequence[Chapter] = (),
                most_dbtp: float | None = None, keep_if_over: bool = False) -> float | None:
    """Encode blocks to `target` with its tags and chapters; the file appears only when complete.

    WAV wants int16 blocks (written as they are, runs of silence skipped);
    MP3 and Ogg want float32. With `most_dbtp`, an MP3 or Ogg file is decoded
    and measured before it appears, and unless `keep_if_over`, EncodedTooLoud
    is raised (nothing written) if its true peak is over that. Returns the
    measured true peak (dBTP), or None where nothing was measured.
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
        return None
    measured = None
    with atomic_output(target) as temp:
        with _sound_file_class()(str(temp), "w", MIX_RATE, 1, subtype=encoding.subtype,
                                 format=encoding.container, compression_level=encoding.compression_level,
                                 bitrate_mode=encoding.bitrate_mode) as sink:
            # No tags through libsndfile: tags.py writes them (its MP3 tags would be mislabelled Latin-1).
            for block in blocks:
                sink.write(block)
                if on_block is not None:
                    on_block(len(block))
        if most_dbtp is not None:
            # The encoder's stream alone, before the tags go in: they change no sample.
            measured = decoded_true_peak(temp, most_dbtp)
            if measured > most_dbtp and not keep_if_over:
                raise EncodedTooLoud(measured, most_dbtp)
        (tag_mp3 if fmt is AudioFormat.MP3 else tag_ogg)(temp, tags, chapters)
    return measured


def decoded_true_peak(path: Path, near_dbtp: float) -> float:
    """The true peak (dBTP) of an encoded file as libsndfile decodes it: exact if it
    is within 3 dB of `near_dbtp` or above (at 16x near it: clips/finepeaks.py),
    else an upper bound 3 dB under it.

    Decoded a block at a time (a long practice is never held whole); the blocks
    overlap by two cells, so a peak at a block's edge is also measured with
    the samples on both sides of it.
    """
    near = db_to_gain(near_dbtp - 3.0)
    limit = db_to_gain(near_dbtp)
    peak = 0.0
    for block in decoded_blocks(path, 1 << 16, overlap=2 * CELL):
        peaks = cell_true_peaks(block, near=near)
        peaks = refine_near(block, np.arange(len(peaks)), peaks, limit)
        peak = max(peak, float(peaks.max()))
    return gain_to_db(peak)


def decoded_blocks(path: Path, size: int, overlap: int = 0) -> Iterator[np.ndarray]:
    """An audio file decoded by libsndfile as float32 blocks of at most `size`
    samples, each after the first starting with the last `overlap` of the one
    before; the same samples as decoding it whole.

    Read as a stream, front to back. SoundFile.read() and blocks() seek to where
    they already are after every read, and libsndfile's MP3 decoder (mpg123)
    takes a seek as a fresh start: the frames just after it lost the bits MP3
    frames borrow from the frames before them (the bit reservoir), decoded
    wrong, and mpg123 said so on stderr ("part2_3_length ... too large for
    available bit count"), once or twice every block.
    """
    carried = np.zeros(0, dtype=np.float32)
    with _stream_reader_class()(str(path)) as encoded:
        while True:
            fresh = encoded.read(size - len(carried), dtype="float32")
            if not len(fresh):
                return
            block = np.concatenate([carried, fresh])
            yield block
            carried = block[len(block) - overlap:] if overlap else carried


@functools.cache
def _stream_reader_class() -> Any:
    """soundfile.SoundFile reading front to back only (see decoded_blocks).

    Told that the file cannot seek, SoundFile reads exactly as many frames as
    asked (or fewer at the end) and never seeks between reads.
    """
    import soundfile

    class StreamReader(soundfile.SoundFile):
        def seekable(self) -> bool:
            return False

    return StreamReader


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

