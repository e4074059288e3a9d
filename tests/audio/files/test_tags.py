"""Tags and embedded chapters in each format's own convention, read back by ffprobe and exiftool
(readers nobody on the team wrote), and the MP3's ID3 tag checked frame by frame with mutagen."""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np
import pytest
import soundfile

from kindaudio.audio.files.export import AudioFormat, write_audio
from kindaudio.audio.files.tags import Chapter, Tags, riff_chunks
from kindaudio.audio.format import MIX_RATE, to_int16
from tests.audio.files.readers import exiftool_tags, ffprobe_chapters, ffprobe_tags

TITLES = {
    "german": "Für schwere Abende – Übung für Zoë & Jürgen",
    "french": "Méditation du soir : être là, à l’écoute de soi",
    "curly apostrophe": "Kristin’s “kind” break — for when it’s hard",
}
CHAPTERS = (Chapter("Ankommen – für Zoë", 0, 2 * MIX_RATE),
            Chapter("L’écoute & <le repos>", 2 * MIX_RATE, 5 * MIX_RATE + 11025),
            Chapter("Closing", 5 * MIX_RATE + 11025, 7 * MIX_RATE))


def _write(target: Path, fmt: AudioFormat, tags: Tags, chapters: tuple[Chapter, ...] = CHAPTERS) -> None:
    signal = (np.sin(np.arange(7 * MIX_RATE) / 7) * 0.3).astype(np.float32)
    block = to_int16(signal) if fmt is AudioFormat.WAV else signal
    write_audio(iter([block]), target, fmt, tags, chapters=chapters)


@pytest.mark.parametrize("fmt", list(AudioFormat))
@pytest.mark.parametrize("language", list(TITLES))
def test_titles_in_any_language_read_back_as_written(tmp_path: Path, fmt: AudioFormat, language: str) -> None:
    title = TITLES[language]
    tags = Tags(title=title, artist="Zoë Lefèvre", album="Übungen für den Abend", comment="pour l’après-midi")
    target = tmp_path / f"practice{fmt.extension}"
    _write(target, fmt, tags)
    read = ffprobe_tags(target)
    assert (read["title"], read["artist"], read["album"], read["comment"]) == (
        title, "Zoë Lefèvre", "Übungen für den Abend", "pour l’après-midi")
    exif = exiftool_tags(target)
    assert exif["Title"] == title
    assert exif["Artist"] == "Zoë Lefèvre"
    assert exif["Album" if fmt is not AudioFormat.WAV else "Product"] == "Übungen für den Abend"
    with soundfile.SoundFile(str(target)) as written:  # libsndfile, which reads recordings here, agrees
        assert written.title == title


@pytest.mark.parametrize("fmt", list(AudioFormat))
def test_chapters_are_embedded_where_players_find_them(tmp_path: Path, fmt: AudioFormat) -> None:
    target = tmp_path / f"practice{fmt.extension}"
    _write(target, fmt, Tags(title="Chapters"))
    listed = ffprobe_chapters(target)
    assert [title for _, _, title in listed] == [chapter.title for chapter in CHAPTERS]
    for (start, end, _), chapter in zip(listed, CHAPTERS, strict=True):
        assert start == pytest.approx(chapter.start / MIX_RATE, abs=0.001)
        assert end == pytest.approx(chapter.end / MIX_RATE, abs=0.001)


def test_an_mp3_carries_one_id3v24_tag_in_utf8_with_a_table_of_contents(tmp_path: Path) -> None:
    from mutagen.id3 import ID3, CTOCFlags, Encoding

    target = tmp_path / "practice.mp3"
    _write(target, AudioFormat.MP3, Tags(title=TITLES["german"], comment="für Dienstag"))
    id3 = ID3(str(target))
    assert id3.version == (2, 4, 0)
    text_frames = [frame for frame in id3.values() if hasattr(frame, "encoding")]
    assert text_frames and all(frame.encoding == Encoding.UTF8 for frame in text_frames)
    (toc,) = id3.getall("CTOC")
    assert toc.flags & CTOCFlags.TOP_LEVEL and toc.flags & CTOCFlags.ORDERED
    assert [id3[f"CHAP:{child}"].sub_frames["TIT2"].text[0] for child in toc.child_element_ids] == [
        chapter.title for chapter in CHAPTERS]
    # No ID3v1 tag at the end: it holds 30 Latin-1 bytes of a title, which is what garbled "Für" before.
    assert target.read_bytes()[-128:-125] != b"TAG"
    assert soundfile.info(str(target)).frames == pytest.approx(7 * MIX_RATE, abs=0.05 * MIX_RATE)


def test_an_ogg_keeps_its_vorbis_comments_in_the_chapter_extension_form(tmp_path: Path) -> None:
    from mutagen.oggvorbis import OggVorbis

    target = tmp_path / "practice.ogg"
    _write(target, AudioFormat.OGG, Tags(title=TITLES["french"]))
    comments = OggVorbis(str(target)).tags
    assert comments is not None
    assert comments["TITLE"] == [TITLES["french"]]
    assert [comments[f"CHAPTER{n:03d}"][0] for n in (1, 2, 3)] == ["00:00:00.000", "00:00:02.000", "00:00:05.500"]
    assert comments["CHAPTER002NAME"] == ["L’écoute & <le repos>"]


def test_a_practice_without_sections_has_no_chapter_list(tmp_path: Path) -> None:
    for fmt in AudioFormat:
        target = tmp_path / f"plain{fmt.extension}"
        _write(target, fmt, Tags(title="Plain"), chapters=())
        assert ffprobe_chapters(target) == []
        assert ffprobe_tags(target)["title"] == "Plain"


def test_wav_chunks_are_well_formed_riff() -> None:
    """Each chunk's size is right and odd ones are padded, so readers can skip what they do not know."""
    data = riff_chunks(Tags(title="Odd", artist="A", comment="xyz"), CHAPTERS)
    seen = []
    offset = 0
    while offset < len(data):
        key, size = struct.unpack_from("<4sI", data, offset)
        seen.append(key if key != b"LIST" else data[offset + 8: offset + 12])
        offset += 8 + size + size % 2
    assert offset == len(data)
    assert seen == [b"CSET", b"INFO", b"cue ", b"adtl"]
