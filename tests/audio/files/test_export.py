"""Export: WAV always, MP3 and Ogg Vorbis through libsndfile, tagged, written atomically."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import soundfile

from kindaudio.audio.clips.levelling import to_mix_format
from kindaudio.audio.files.export import AudioFormat, Tags, block_size_for, check_format, wants_pcm16, write_audio
from kindaudio.audio.format import MIX_RATE, to_int16


def _blocks(signal: np.ndarray, fmt: AudioFormat) -> Iterator[np.ndarray]:
    size = block_size_for(fmt)
    for start in range(0, len(signal), size):
        block = signal[start: start + size].astype(np.float32)
        yield to_int16(block) if wants_pcm16(fmt) else block


@pytest.mark.parametrize("fmt", list(AudioFormat))
def test_each_format_round_trips_with_its_tags(tmp_path: Path, fmt: AudioFormat,
                                               speech: tuple[np.ndarray, int]) -> None:
    check_format(fmt)
    signal = np.tile(to_mix_format(*speech) * 0.5, 3)
    target = tmp_path / f"out{fmt.extension}"
    write_audio(_blocks(signal, fmt), target, fmt, Tags(title="Affectionate Breathing", artist="KindAudio"))
    with soundfile.SoundFile(str(target)) as written:
        assert written.samplerate == MIX_RATE and written.channels == 1
        assert written.title == "Affectionate Breathing"
        assert written.artist == "KindAudio"
        back = written.read(dtype="float32")
    assert len(back) == len(signal)
    if fmt is AudioFormat.WAV:
        assert np.array_equal(to_int16(back), to_int16(signal.astype(np.float32)))
    else:  # lossy, but the same sound in the same place
        correlation = np.corrcoef(back, signal)[0, 1]
        assert correlation > 0.95


def test_a_long_ogg_is_written_without_crashing(tmp_path: Path) -> None:
    # libvorbis overflows its stack on big single writes; exports write small blocks.
    signal = np.sin(np.arange(MIX_RATE * 120) / 9) * 0.3
    target = tmp_path / "long.ogg"
    write_audio(_blocks(signal, AudioFormat.OGG), target, AudioFormat.OGG, Tags(title="Long"))
    assert soundfile.info(str(target)).frames == len(signal)


def test_a_failed_export_leaves_neither_the_file_nor_a_temporary(tmp_path: Path) -> None:
    def failing() -> Iterator[np.ndarray]:
        yield np.zeros(1000, dtype=np.int16)
        raise RuntimeError("the mixer broke")

    target = tmp_path / "broken.wav"
    with pytest.raises(RuntimeError, match="the mixer broke"):
        write_audio(failing(), target, AudioFormat.WAV, Tags(title="Broken"))
    assert list(tmp_path.iterdir()) == []


def test_an_export_replaces_an_older_file_only_when_complete(tmp_path: Path) -> None:
    target = tmp_path / "practice.wav"
    target.write_bytes(b"the older render")

    def failing() -> Iterator[np.ndarray]:
        yield np.zeros(1000, dtype=np.int16)
        raise RuntimeError("stopped")

    with pytest.raises(RuntimeError):
        write_audio(failing(), target, AudioFormat.WAV, Tags(title="New"))
    assert target.read_bytes() == b"the older render"


@pytest.mark.parametrize("title", ["Body scan", "Körper – Atem", "Odd"])
def test_a_wav_keeps_every_tag_in_any_language_and_its_exact_samples(tmp_path: Path, title: str) -> None:
    signal = (np.sin(np.arange(MIX_RATE // 2 + 1) / 7) * 12000).astype(np.int16)  # an odd number of samples
    target = tmp_path / "tagged.wav"
    seen: list[int] = []
    write_audio(iter([signal[:1000], signal[1000:]]), target, AudioFormat.WAV,
                Tags(title=title, artist="Sam", album="Evening practices", comment="for Tuesday"), seen.append)
    assert seen == [1000, len(signal) - 1000]
    with soundfile.SoundFile(str(target)) as written:
        assert (written.title, written.artist, written.album, written.comment) == (
            title, "Sam", "Evening practices", "for Tuesday")
        assert np.array_equal(written.read(dtype="int16"), signal)
    # The RIFF size covers the audio and the tags exactly.
    data = target.read_bytes()
    assert int.from_bytes(data[4:8], "little") == len(data) - 8


def test_a_wav_with_silence_between_and_after_the_sound_reads_back_exactly(tmp_path: Path) -> None:
    """Silent blocks are skipped over, not written: they must still read back as zeros,
    the last one too, and the header must hold for a reader other than libsndfile."""
    import wave

    tone = (np.sin(np.arange(3000) / 5) * 9000).astype(np.int16)
    quiet = np.zeros(4000, dtype=np.int16)
    blocks = [quiet, tone, quiet, quiet, tone[:999], quiet]
    target = tmp_path / "gaps.wav"
    write_audio(iter(blocks), target, AudioFormat.WAV, Tags(title="Gaps"))
    expected = np.concatenate(blocks)
    with soundfile.SoundFile(str(target)) as written:
        assert written.title == "Gaps"
        assert np.array_equal(written.read(dtype="int16"), expected)
    with wave.open(str(target), "rb") as reader:
        assert (reader.getnchannels(), reader.getsampwidth(), reader.getframerate()) == (1, 2, MIX_RATE)
        assert np.array_equal(np.frombuffer(reader.readframes(reader.getnframes()), "<i2"), expected)


def test_the_pauses_inside_a_block_are_left_as_holes_and_read_back_as_zeros(tmp_path: Path) -> None:
    """Runs of silence are skipped within a block too (the pauses between sentences are
    most of a practice): the file reads back exactly, and the pauses take no space on disk."""
    rng = np.random.default_rng(7)

    def sound(n: int) -> np.ndarray:
        return rng.integers(-9000, 9000, n, dtype=np.int16) | 1  # never zero

    block = np.concatenate([sound(5000), np.zeros(40 * 2048, dtype=np.int16), sound(3), np.zeros(2047, np.int16),
                            sound(2048 * 3), np.zeros(2048 * 50 + 11, dtype=np.int16)])
    tail = np.concatenate([np.zeros(4096, dtype=np.int16), sound(100)])  # a short last block
    target = tmp_path / "pauses.wav"
    write_audio(iter([block, tail]), target, AudioFormat.WAV, Tags(title="Pauses"))
    with soundfile.SoundFile(str(target)) as written:
        assert np.array_equal(written.read(dtype="int16"), np.concatenate([block, tail]))
    silent_bytes = 2 * (40 * 2048 + 50 * 2048)
    assert target.stat().st_blocks * 512 <= target.stat().st_size - silent_bytes + 4 * 4096


def test_a_wav_from_pieces_holds_them_where_they_belong_and_silence_elsewhere(tmp_path: Path) -> None:
    """Renders write only where the practice sounds; the rest, the end included, reads back as zeros."""
    from kindaudio.audio.files.export import write_wav

    rng = np.random.default_rng(3)
    pieces = [(0, rng.integers(-9000, 9000, 300, dtype=np.int16)),
              (5000, rng.integers(-9000, 9000, 70000, dtype=np.int16)),
              (90000, rng.integers(-9000, 9000, 10, dtype=np.int16))]
    length = 120000
    told: list[int] = []
    target = tmp_path / "pieces.wav"
    write_wav(iter(pieces), length, target, Tags(title="Pieces"), on_progress=told.append)
    expected = np.zeros(length, dtype=np.int16)
    for start, samples in pieces:
        expected[start: start + len(samples)] = samples
    with soundfile.SoundFile(str(target)) as written:
        assert written.title == "Pieces"
        assert np.array_equal(written.read(dtype="int16"), expected)
    assert sum(told) == length and all(step > 0 for step in told)


def test_a_wav_is_written_without_loading_libsndfile(tmp_path: Path) -> None:
    """WAV is KindAudio's own writer: checking for it and writing it never load libsndfile,
    whose import is a noticeable part of a first render."""
    import subprocess
    import sys

    program = (
        "import sys, numpy as np\n"
        "from pathlib import Path\n"
        "from kindaudio.audio.files.export import AudioFormat, Tags, check_format, write_wav\n"
        "check_format(AudioFormat.WAV)\n"
        "write_wav(iter([(10, np.ones(100, dtype=np.int16))]), 1000, Path(sys.argv[1]), Tags(title='T'))\n"
        "print('soundfile' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", program, str(tmp_path / "t.wav")], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"
    with soundfile.SoundFile(str(tmp_path / "t.wav")) as written:
        assert written.frames == 1000


@pytest.mark.parametrize("fmt", [AudioFormat.MP3, AudioFormat.OGG])
def test_an_encoded_file_is_measured_as_any_decoder_reads_it(tmp_path: Path, fmt: AudioFormat,
                                                            speech: tuple[np.ndarray, int],
                                                            capfd: pytest.CaptureFixture[str]) -> None:
    """Decoded block by block to measure its true peak, the file gives the samples ffmpeg decodes from it
    whole. Read with SoundFile.read() in blocks, each read seeked to where it already was, and libsndfile's
    MP3 decoder lost its bit reservoir there: wrong samples after every block, and mpg123 errors on stderr."""
    from kindaudio.audio.clips.finepeaks import fine_cell_peaks
    from kindaudio.audio.clips.loudness import cell_true_peaks, gain_to_db
    from kindaudio.audio.files.export import decoded_blocks, decoded_true_peak
    from tests.audio.files.readers import ffmpeg_decoded

    signal = np.tile(to_mix_format(*speech) * 0.8, 12)  # half a minute or so: a dozen blocks
    target = tmp_path / f"speech{fmt.extension}"
    write_audio(_blocks(signal, fmt), target, fmt, Tags(title="Speech"))
    reference = ffmpeg_decoded(target)
    assert len(reference) == len(signal)
    small = np.concatenate(list(decoded_blocks(target, 4096)))
    overlapping = list(decoded_blocks(target, 1 << 16, overlap=1000))
    assert len(overlapping) > 8
    assert all(np.array_equal(block[:1000], before[-1000:]) for before, block in zip(overlapping, overlapping[1:]))
    assert np.array_equal(np.concatenate([overlapping[0], *[block[1000:] for block in overlapping[1:]]]), small)
    assert np.abs(small - reference).max() < 1e-5  # the decoders' float rounding, nothing more
    # Measured near its own peak, finely there (clips/finepeaks.py), as ffmpeg's samples measure.
    quick = cell_true_peaks(reference, 0.0)
    peak_4x = gain_to_db(float(quick.max()))
    near = np.flatnonzero(quick > quick.max() / 2)
    fine = gain_to_db(float(fine_cell_peaks(reference, near).max()))
    assert decoded_true_peak(target, peak_4x) == pytest.approx(max(fine, peak_4x), abs=1e-3)
    assert "mpg123" not in capfd.readouterr().err
