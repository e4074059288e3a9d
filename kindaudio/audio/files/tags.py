"""Tags and embedded chapters, each in its format's own convention.

- MP3: an ID3v2.4 tag, every text frame UTF-8 (TIT2, TPE1, TALB, COMM), and
  the sections as CHAP frames under one ordered top-level CTOC (the ID3
  chapter addendum), written by mutagen after libsndfile has encoded the
  audio. libsndfile hands its tag strings to LAME, which marks them Latin-1
  while they hold UTF-8 ("Für" read back as "FÃ¼r") and adds an ID3v1 tag that
  cannot hold most letters at all; so libsndfile is given no tags, and no
  ID3v1 tag is written.
- Ogg Vorbis: Vorbis comments (always UTF-8) with the sections as
  CHAPTER001=hh:mm:ss.mmm and CHAPTER001NAME=title (the Vorbis chapter
  extension that ffmpeg and most players read), also written by mutagen, since
  libsndfile writes only its fixed set of fields.
- WAV: a LIST/INFO chunk (INAM, IART, IPRD, ICMT) in UTF-8, preceded by a
  `CSET` chunk naming code page 65001 (UTF-8): RIFF text is in the "ANSI" code
  page unless CSET says otherwise; ffmpeg and libsndfile take the bytes as
  UTF-8 anyway, while exiftool read "Für" as "FÃ¼r" until CSET was there. The
  sections go in a `cue ` chunk with a `LIST`/`adtl` of `labl` names: ffmpeg
  (and so ffprobe and the players built on it) lists them as chapters, each
  from its cue point to the next. KindAudio's own WAV writer appends these
  bytes after the audio.

Chapter times are whole samples at the mix rate, converted to each format's
unit (milliseconds for ID3 and Vorbis, sample frames for WAV).
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kindaudio.audio.format import MIX_RATE

if TYPE_CHECKING:
    from kindaudio.audio.mixing.timeline import Timeline


@dataclass(frozen=True)
class Tags:
    title: str
    artist: str = "KindAudio"
    album: str = "KindAudio practices"
    comment: str = ""


@dataclass(frozen=True)
class Chapter:
    """A section of the practice: its title and where it starts and ends, in samples at the mix rate."""

    title: str
    start: int
    end: int

    @property
    def start_ms(self) -> int:
        return int(round(self.start * 1000 / MIX_RATE))

    @property
    def end_ms(self) -> int:
        return int(round(self.end * 1000 / MIX_RATE))


def timeline_chapters(timeline: Timeline) -> tuple[Chapter, ...]:
    """One chapter per section that has anything in it, in order, covering the whole practice."""
    return tuple(Chapter(span.title, span.start, span.end) for span in timeline.sections)


def clock(millis: int) -> str:
    """hh:mm:ss.mmm, as WebVTT and the Vorbis chapter extension write times."""
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


# ---- MP3 -------------------------------------------------------------------------------------------------------

def tag_mp3(path: Path, tags: Tags, chapters: Sequence[Chapter] = ()) -> None:
    """Give the MP3 at `path` an ID3v2.4 tag in UTF-8 with its chapters, and no ID3v1 tag."""
    from mutagen.id3 import CHAP, COMM, CTOC, ID3, TALB, TIT2, TPE1, CTOCFlags, Encoding, ID3NoHeaderError

    try:
        id3 = ID3(str(path))
    except ID3NoHeaderError:
        id3 = ID3()
    id3.clear()
    utf8 = Encoding.UTF8
    id3.add(TIT2(encoding=utf8, text=[tags.title]))
    id3.add(TPE1(encoding=utf8, text=[tags.artist]))
    id3.add(TALB(encoding=utf8, text=[tags.album]))
    if tags.comment:
        # "und": ISO 639-2 for a language not stated; the practice's own language is not known here.
        id3.add(COMM(encoding=utf8, lang="und", desc="", text=[tags.comment]))
    if chapters:
        ids = [f"chp{number}" for number in range(1, len(chapters) + 1)]
        id3.add(CTOC(element_id="toc", flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED, child_element_ids=ids,
                     sub_frames=[TIT2(encoding=utf8, text=[tags.title])]))
        for element_id, chapter in zip(ids, chapters, strict=True):
            id3.add(CHAP(element_id=element_id, start_time=chapter.start_ms, end_time=chapter.end_ms,
                         sub_frames=[TIT2(encoding=utf8, text=[chapter.title])]))
    # v1=0: remove any ID3v1 tag (Latin-1 in 30 bytes: it would garble or cut the title).
    id3.save(str(path), v1=0, v2_version=4)


# ---- Ogg Vorbis ------------------------------------------------------------------------------------------------

def vorbis_comments(tags: Tags, chapters: Sequence[Chapter] = ()) -> list[tuple[str, str]]:
    """The Vorbis comments for these tags and chapters, in order."""
    fields = [("TITLE", tags.title), ("ARTIST", tags.artist), ("ALBUM", tags.album)]
    if tags.comment:
        fields.append(("COMMENT", tags.comment))
    for number, chapter in enumerate(chapters, start=1):
        fields += [(f"CHAPTER{number:03d}", clock(chapter.start_ms)), (f"CHAPTER{number:03d}NAME", chapter.title)]
    return fields


def tag_ogg(path: Path, tags: Tags, chapters: Sequence[Chapter] = ()) -> None:
    """Replace the Vorbis comments of the Ogg Vorbis file at `path` (its encoder's vendor string stays)."""
    from mutagen.oggvorbis import OggVorbis

    ogg = OggVorbis(str(path))
    assert ogg.tags is not None  # a Vorbis stream always has its comment header
    ogg.tags.clear()
    ogg.tags.extend(vorbis_comments(tags, chapters))
    ogg.save()


# ---- WAV -------------------------------------------------------------------------------------------------------

def riff_chunks(tags: Tags, chapters: Sequence[Chapter] = ()) -> bytes:
    """The chunks a WAV carries after its audio: CSET and LIST/INFO, then `cue ` and LIST/adtl for the chapters."""
    # Code page 65001 (UTF-8); country, language and dialect not stated.
    charset = _chunk(b"CSET", struct.pack("<HHHH", 65001, 0, 0, 0))
    info = charset + _list_chunk(b"INFO", [(key, _zstring(text)) for key, text in
                                 ((b"INAM", tags.title), (b"IART", tags.artist), (b"IPRD", tags.album),
                                  (b"ICMT", tags.comment)) if text])
    if not chapters:
        return info
    # One cue point per chapter: id, position, the chunk it points into ('data'), chunk start, block start,
    # and the sample offset in that chunk (16-bit mono PCM: samples are frames).
    points = b"".join(struct.pack("<II4sIII", number, chapter.start, b"data", 0, 0, chapter.start)
                      for number, chapter in enumerate(chapters, start=1))
    cue = _chunk(b"cue ", struct.pack("<I", len(chapters)) + points)
    labels = _list_chunk(b"adtl", [(b"labl", struct.pack("<I", number) + _zstring(chapter.title))
                                   for number, chapter in enumerate(chapters, start=1)])
    return info + cue + labels


def _zstring(text: str) -> bytes:
    return text.encode("utf-8") + b"\0"


def _chunk(key: bytes, body: bytes) -> bytes:
    """A RIFF chunk: id, size, body, and a pad byte when the body is odd."""
    return key + struct.pack("<I", len(body)) + body + (b"\0" if len(body) % 2 else b"")


def _list_chunk(kind: bytes, chunks: list[tuple[bytes, bytes]]) -> bytes:
    return _chunk(b"LIST", kind + b"".join(_chunk(key, body) for key, body in chunks))
