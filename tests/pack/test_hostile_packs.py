"""Hostile and broken packs: each refused with a reason naming the pack and the entry, and nothing written.

Every pack here is a real zip archive, most of them a real exported pack with
one thing changed. "Nothing written" is checked on the whole KINDAUDIO_HOME
tree, folder modification times included: a staging folder made and removed
again would show.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import stat
import struct
import zipfile
from pathlib import Path

import numpy as np
import pytest
import soundfile

from kindaudio.common.paths import AppPaths
from kindaudio.pack import inspect_pack
from kindaudio.pack.archive import LimitExceeded, copy_bounded
from kindaudio.pack.limits import MAX_ENTRIES
from tests.pack.conftest import PRACTICE_TEXT, entries_of, manifest_of, refused, relist, tone, write_zip


def flac(samples: np.ndarray, rate: int) -> bytes:
    buffer = io.BytesIO()
    soundfile.write(buffer, samples, rate, format="FLAC")
    return buffer.getvalue()


def test_the_untouched_pack_is_accepted(good_pack: Path) -> None:
    """The baseline every hostile pack below changes one thing of."""
    assert inspect_pack(good_pack).recordings == 2


# Names and entry types -----------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "reason"), [
    ("../x", "climbs out of the pack with '..'"),
    ("/etc/x", "absolute path, which would reach outside the pack"),
    ("C:\\x", "backslash (a Windows path), which could reach outside the pack"),
    ("C:/x", "drive letter, which would reach outside the pack"),
    ("recordings/../../x", "climbs out of the pack with '..'"),
    ("recordings//x.flac", "empty or '.' part"),
])
def test_a_name_reaching_outside_the_pack_is_refused(good: dict[str, bytes], tmp_path: Path, paths: AppPaths,
                                                     home: Path, name: str, reason: str) -> None:
    pack = write_zip(tmp_path / "slip.kindpack", relist({**good, name: b"hello"}))
    message = refused(pack, paths, home)
    assert f"{name!r}: its name" in message and reason in message
    assert not (tmp_path / "x").exists() and not Path("/etc/x").exists()


def test_a_symbolic_link_is_refused(good: dict[str, bytes], sentence_ids: list[str], tmp_path: Path,
                                    paths: AppPaths, home: Path) -> None:
    link = f"recordings/{sentence_ids[1]}.flac"
    pack = write_zip(tmp_path / "link.kindpack", relist({**good, link: b"/etc/passwd"}),
                     modes={link: stat.S_IFLNK | 0o777})
    assert f"{link}: it is a link; a pack holds only plain files" in refused(pack, paths, home)


def test_an_entry_that_appears_twice_is_refused(good: dict[str, bytes], tmp_path: Path, paths: AppPaths,
                                                home: Path) -> None:
    pack = write_zip(tmp_path / "twice.kindpack", [*good.items(), ("practice.md", b"---\ntitle: Other\n---\nHi.\n")])
    assert "practice.md: it appears twice in the pack" in refused(pack, paths, home)


def test_a_folder_a_pack_does_not_have_is_refused(good: dict[str, bytes], tmp_path: Path, paths: AppPaths,
                                                  home: Path) -> None:
    pack = write_zip(tmp_path / "folder.kindpack", {**good, "scripts/": b""})
    assert "scripts/: a pack has no such folder" in refused(pack, paths, home)


# Sizes: bombs, too many entries, too much -------------------------------------------------------------

def test_an_entry_that_unpacks_to_over_a_hundred_times_its_size_is_refused(
        good: dict[str, bytes], tmp_path: Path, paths: AppPaths, home: Path) -> None:
    pack = write_zip(tmp_path / "bomb.kindpack", relist({**good, "audio/quiet.wav": bytes(20_000_000)}))
    message = refused(pack, paths, home)
    assert "audio/quiet.wav: it unpacks to more than 100 times its packed size" in message
    assert "zip bomb" in message


def test_many_small_entries_that_together_unpack_to_over_a_hundred_times_are_refused(
        good: dict[str, bytes], tmp_path: Path, paths: AppPaths, home: Path) -> None:
    """Each entry is too small to be judged alone (under 1 MB); the whole is judged too."""
    filler = {f"recordings/filler{i}.flac": bytes(999_000) for i in range(60)}
    pack = write_zip(tmp_path / "many-bombs.kindpack", {**good, **filler})
    assert "as a whole it unpacks to more than 100 times its packed size" in refused(pack, paths, home)


def test_a_bomb_whose_header_lies_about_its_size_is_stopped_at_the_size_it_claims(
        good: dict[str, bytes], tmp_path: Path, paths: AppPaths, home: Path) -> None:
    """The zip says 50 kB (a harmless ratio); the data inflates to 10 MB. Reading stops at 50 kB and fails."""
    claimed = 50_000
    listed = relist({**good, "audio/quiet.wav": bytes(claimed)})  # the manifest agrees with the lie
    pack = write_zip(tmp_path / "liar.kindpack", {**listed, "audio/quiet.wav": bytes(10_000_000)})
    data = bytearray(pack.read_bytes())
    for signature, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):  # local header, central directory
        at = -1
        while (at := data.find(signature, at + 1)) >= 0:
            name_at = at + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at:name_at + 15] == b"audio/quiet.wav":
                struct.pack_into("<L", data, at + size_at, claimed)
    pack.write_bytes(bytes(data))
    with zipfile.ZipFile(pack) as archive:
        assert archive.getinfo("audio/quiet.wav").file_size == claimed
    message = refused(pack, paths, home)
    assert "audio/quiet.wav: it is damaged and cannot be unpacked" in message


def test_counting_stops_at_the_first_byte_over_the_limit_whatever_the_stream_holds() -> None:
    class Endless(io.RawIOBase):
        """A stream that never ends: what a decompressor fed a bomb looks like."""

        given = 0

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
            buffer[:] = bytes(len(buffer))
            self.given += len(buffer)
            return len(buffer)

    stream = Endless()
    kept: list[bytes] = []
    with pytest.raises(LimitExceeded):
        copy_bounded(io.BufferedReader(stream, buffer_size=1024), kept.append, 5_000_000)
    assert sum(map(len, kept)) <= 5_000_000
    assert stream.given < 5_000_000 + 2 * 65_536 + 1024
    assert copy_bounded(io.BytesIO(b"x" * 10), kept.append, 10).size == 10


def test_more_than_two_thousand_entries_are_refused(good: dict[str, bytes], tmp_path: Path, paths: AppPaths,
                                                    home: Path) -> None:
    extra = {f"recordings/extra{i}.flac": b"" for i in range(MAX_ENTRIES)}
    pack = write_zip(tmp_path / "crowd.kindpack", {**good, **extra})
    assert f"it holds {len(good) + MAX_ENTRIES:,} entries; a pack may hold at most 2,000" in \
        refused(pack, paths, home)


def test_a_pack_that_unpacks_to_over_200_mb_is_refused(good: dict[str, bytes], tmp_path: Path, paths: AppPaths,
                                                       home: Path) -> None:
    """Real sizes: four 51 MB entries, each packing about 47:1 (a little noise, much silence)."""
    chunk = np.random.default_rng(7).integers(0, 256, 1_400, dtype=np.uint8).tobytes() + bytes(65_536 - 1_400)
    big = chunk * 780
    pack = write_zip(tmp_path / "huge.kindpack", {**good, **{f"audio/part{i}.wav": big for i in range(4)}})
    assert pack.stat().st_size < 6_000_000
    total = sum(len(data) for data in good.values()) + 4 * len(big)
    message = refused(pack, paths, home)
    assert f"it unpacks to {total / 1e6:.1f} MB; a pack may hold at most 200.0 MB" in message


# The manifest and the layout ----------------------------------------------------------------------

def test_a_file_a_pack_does_not_hold_is_refused(good: dict[str, bytes], tmp_path: Path, paths: AppPaths,
                                                home: Path) -> None:
    pack = write_zip(tmp_path / "unknown.kindpack", relist({**good, "run-me.sh": b"#!/bin/sh\n"}))
    message = refused(pack, paths, home)
    assert "run-me.sh: a pack does not hold such a file (a pack holds only manifest.json, practice.md" in message


def test_a_pack_without_a_manifest_is_refused(good: dict[str, bytes], tmp_path: Path, paths: AppPaths,
                                              home: Path) -> None:
    pack = write_zip(tmp_path / "bare.kindpack", {k: v for k, v in good.items() if k != "manifest.json"})
    assert "it has no manifest.json, so it is not a practice pack" in refused(pack, paths, home)


def test_a_file_whose_checksum_does_not_match_is_refused(good: dict[str, bytes], tmp_path: Path, paths: AppPaths,
                                                         home: Path) -> None:
    changed = good["practice.md"].replace(b"Kind Words", b"Kine Words")  # same size, other bytes
    pack = write_zip(tmp_path / "changed.kindpack", {**good, "practice.md": changed})
    message = refused(pack, paths, home)
    assert "practice.md: its checksum does not match the one in the manifest: it is damaged or was changed" \
        in message


def test_a_file_the_manifest_lists_but_the_pack_lacks_is_refused(
        good: dict[str, bytes], sentence_ids: list[str], tmp_path: Path, paths: AppPaths, home: Path) -> None:
    missing = f"recordings/{sentence_ids[0]}.flac"
    pack = write_zip(tmp_path / "lacking.kindpack", {k: v for k, v in good.items() if k != missing})
    assert f"{missing}: the manifest lists it, but it is not in the pack" in refused(pack, paths, home)


def test_a_file_the_manifest_does_not_list_is_refused(
        good: dict[str, bytes], sentence_ids: list[str], tmp_path: Path, paths: AppPaths, home: Path) -> None:
    extra = f"recordings/{sentence_ids[1]}.flac"
    pack = write_zip(tmp_path / "unlisted.kindpack", {**good, extra: flac(tone(1.0), 48_000)})
    assert f"{extra}: it is not listed in the pack's manifest" in refused(pack, paths, home)


def test_a_pack_from_a_newer_kindaudio_is_refused_before_its_layout_is_judged(
        good: dict[str, bytes], tmp_path: Path, paths: AppPaths, home: Path) -> None:
    def newer(manifest: dict) -> None:
        manifest["format_version"] = 2

    pack = write_zip(tmp_path / "newer.kindpack", relist({**good, "pictures/cover.png": b"png"}, newer))
    message = refused(pack, paths, home)
    assert "manifest.json: it was made by a newer KindAudio (pack format 2; this KindAudio reads format 1); " \
           "update KindAudio to open it" in message


def test_a_manifest_that_is_not_json_is_refused(good: dict[str, bytes], tmp_path: Path, paths: AppPaths,
                                                home: Path) -> None:
    pack = write_zip(tmp_path / "garbled.kindpack", {**good, "manifest.json": b'{"format": "kindpack",'})
    assert "manifest.json: it is not valid JSON (line 1, column 23" in refused(pack, paths, home)


def test_a_practice_calling_itself_by_another_id_than_the_manifest_is_refused(
        good: dict[str, bytes], tmp_path: Path, paths: AppPaths, home: Path) -> None:
    text = good["practice.md"].replace(b"title:", b"id: something-else\ntitle:", 1)
    pack = write_zip(tmp_path / "other-id.kindpack", relist({**good, "practice.md": text}))
    assert "practice.md: the practice calls itself 'something-else' but the manifest says 'kind-words'" in \
        refused(pack, paths, home)


def test_a_pack_that_is_not_a_zip_is_refused(tmp_path: Path, paths: AppPaths, home: Path) -> None:
    pack = tmp_path / "letter.kindpack"
    pack.write_text("Dear friend, here is the practice.", encoding="utf-8")
    assert "it is not a practice pack: not a zip archive, or cut short" in refused(pack, paths, home)


# Sound ------------------------------------------------------------------------------------------

def test_a_recording_that_does_not_decode_is_refused(good: dict[str, bytes], sentence_ids: list[str],
                                                     tmp_path: Path, paths: AppPaths, home: Path) -> None:
    name = f"recordings/{sentence_ids[0]}.flac"
    noise = np.random.default_rng(3).integers(0, 256, 20_000, dtype=np.uint8).tobytes()
    pack = write_zip(tmp_path / "corrupt.kindpack", relist({**good, name: noise}))
    assert f"{name}: it does not decode as audio" in refused(pack, paths, home)


def test_a_recording_cut_short_is_refused(good: dict[str, bytes], sentence_ids: list[str], tmp_path: Path,
                                          paths: AppPaths, home: Path) -> None:
    name = f"recordings/{sentence_ids[0]}.flac"
    pack = write_zip(tmp_path / "cut.kindpack", relist({**good, name: good[name][:60]}))
    assert f"{name}: it " in refused(pack, paths, home)


def test_a_recording_over_ten_minutes_is_refused(good: dict[str, bytes], sentence_ids: list[str], tmp_path: Path,
                                                 paths: AppPaths, home: Path) -> None:
    name = f"recordings/{sentence_ids[1]}.flac"
    long_take = flac(tone(601.0, rate=8_000), 8_000)
    pack = write_zip(tmp_path / "long.kindpack", relist({**good, name: long_take}))
    assert f"{name}: it lasts 10:01; at most 10:00 is allowed" in refused(pack, paths, home)


def test_a_silent_recording_is_refused(good: dict[str, bytes], sentence_ids: list[str], tmp_path: Path,
                                       paths: AppPaths, home: Path) -> None:
    name = f"recordings/{sentence_ids[1]}.flac"
    pack = write_zip(tmp_path / "silent.kindpack", relist({**good, name: flac(np.zeros(48_000), 48_000)}))
    assert f"{name}: it holds no sound to speak of" in refused(pack, paths, home)


def test_a_recording_named_as_another_format_is_refused(good: dict[str, bytes], sentence_ids: list[str],
                                                        tmp_path: Path, paths: AppPaths, home: Path) -> None:
    name = f"recordings/{sentence_ids[1]}.wav"
    pack = write_zip(tmp_path / "misnamed.kindpack", relist({**good, name: flac(tone(1.0), 48_000)}))
    assert f"{name}: it is named .wav but holds FLAC audio" in refused(pack, paths, home)


def test_a_recording_for_a_sentence_the_practice_lacks_is_refused(good: dict[str, bytes], tmp_path: Path,
                                                                  paths: AppPaths, home: Path) -> None:
    name = "recordings/aaaaaaaaaaaa.flac"
    pack = write_zip(tmp_path / "stranger.kindpack", relist({**good, name: flac(tone(1.0), 48_000)}))
    assert f"{name}: it is a recording for a sentence this practice does not have" in refused(pack, paths, home)


def test_captions_without_their_audio_are_refused(good: dict[str, bytes], tmp_path: Path, paths: AppPaths,
                                                  home: Path) -> None:
    pack = write_zip(tmp_path / "captions.kindpack", relist({**good, "audio/kind-words-2min.vtt": b"WEBVTT\n\n"}))
    assert "audio/kind-words-2min.vtt: these captions belong to no audio file in the pack" in \
        refused(pack, paths, home)


# The practice text ------------------------------------------------------------------------------

@pytest.mark.parametrize(("template", "reason"), [
    ("{{ ''.__class__.__mro__ }}", "access to attribute '__class__' of 'str' object is unsafe"),
    ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "access to attribute '__class__' of 'str' object is unsafe"),
    ("{{ lipsum.__globals__['os'].popen('id').read() }}", "access to attribute '__globals__'"),
    ("{{ 'Be kind. ' * 10**8 }}", "a repetition would make about 900,000,000 characters of text"),
])
def test_a_template_that_tries_to_escape_its_sandbox_is_refused(
        good: dict[str, bytes], tmp_path: Path, paths: AppPaths, home: Path, template: str, reason: str) -> None:
    text = PRACTICE_TEXT.replace("## Closing\n", f"## Closing\n{template}\n").encode("utf-8")
    line = PRACTICE_TEXT.split("\n").index("## Closing") + 2
    pack = write_zip(tmp_path / "escape.kindpack", relist({**good, "practice.md": text}))
    message = refused(pack, paths, home)
    assert f"practice.md: the practice in it cannot be read:\n{pack}:practice.md:{line}:1: template error: " \
        in message
    assert reason in message


def test_a_practice_that_does_not_parse_is_refused_with_its_line_and_column(
        good: dict[str, bytes], tmp_path: Path, paths: AppPaths, home: Path) -> None:
    text = PRACTICE_TEXT.replace("[pause 5s..2m]", "[paws 5s]").encode("utf-8")
    line = PRACTICE_TEXT.split("\n").index(next(ln for ln in PRACTICE_TEXT.split("\n") if "[pause" in ln)) + 1
    column = next(ln for ln in PRACTICE_TEXT.split("\n") if "[pause" in ln).index("[pause") + 1
    pack = write_zip(tmp_path / "typo.kindpack", relist({**good, "practice.md": text}))
    message = refused(pack, paths, home)
    assert f"{pack}:practice.md:{line}:{column}: unknown mark [paws 5s]; did you mean [pause 5s]?" in message


def test_a_practice_over_the_size_limit_is_refused(good: dict[str, bytes], tmp_path: Path, paths: AppPaths,
                                                   home: Path) -> None:
    words = np.random.default_rng(5).integers(0, 26, 1_100_000, dtype=np.uint8) + ord("a")
    text = PRACTICE_TEXT.encode("utf-8") + b"<!-- " + words.tobytes() + b" -->\n"  # packs only about 2:1
    pack = write_zip(tmp_path / "long-text.kindpack", relist({**good, "practice.md": text}))
    assert "practice.md: it is larger than 1,000,000 bytes, the most a practice may be" in \
        refused(pack, paths, home)


def test_the_hostile_packs_left_no_file_anywhere_near_the_pack(good_pack: Path, tmp_path: Path) -> None:
    """Importing reads packs in place: no folder appears beside them either."""
    before = sorted(os.listdir(tmp_path))
    inspect_pack(good_pack)
    assert sorted(os.listdir(tmp_path)) == before
    assert hashlib.sha256(good_pack.read_bytes()).hexdigest()
    assert json.loads(entries_of(good_pack)["manifest.json"])["format"] == "kindpack"
    assert manifest_of(entries_of(good_pack))["practice"]["id"] == "kind-words"
