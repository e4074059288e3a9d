"""Exporting a practice as a pack: what goes in, what stays out, and how the file is written."""

from __future__ import annotations

import hashlib
import json
import stat
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
import soundfile

from kindaudio import __version__
from kindaudio.common.errors import UserInputError
from kindaudio.common.paths import AppPaths, ensure_dir
from kindaudio.pack import export_pack, inspect_pack, recordings_to_share
from kindaudio.script.model import Practice
from tests.pack.conftest import AUTHOR, PRACTICE_ID, entries_of, manifest_of, tone


@pytest.fixture
def exported(recorded_practice: tuple[Path, Practice, list[Path]], paths: AppPaths, tmp_path: Path) -> Path:
    return export_pack(recorded_practice[0], tmp_path / "out.kindpack", paths, author_note="Morning is good.")


def test_the_practice_file_goes_in_byte_for_byte(exported: Path, own_practice: Path) -> None:
    assert entries_of(exported)["practice.md"] == own_practice.read_bytes()


def test_every_recording_goes_in_under_its_sentence_id(exported: Path,
                                                      recorded_practice: tuple[Path, Practice, list[Path]]) -> None:
    _, practice, recordings = recorded_practice
    entries = entries_of(exported)
    for recording in recordings:
        assert entries[f"recordings/{recording.name}"] == recording.read_bytes()
    assert sorted(n for n in entries if n.startswith("recordings/")) == \
        sorted(f"recordings/{practice.sentences[i].id}.flac" for i in (0, 2))


def test_the_manifest_lists_every_other_entry_with_its_size_and_checksum(exported: Path) -> None:
    entries = entries_of(exported)
    manifest = manifest_of(entries)
    assert manifest["files"] == {name: {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
                                 for name, data in entries.items() if name != "manifest.json"}


def test_the_manifest_says_who_made_it_and_when(exported: Path) -> None:
    manifest = manifest_of(entries_of(exported))
    assert manifest["format"] == "kindpack" and manifest["format_version"] == 1
    assert manifest["app_version"] == __version__
    assert manifest["practice"] == {"id": PRACTICE_ID, "title": "Kind Words for Today", "author": AUTHOR}
    assert manifest["author_note"] == "Morning is good."
    created = datetime.fromisoformat(manifest["created"].replace("Z", "+00:00"))
    assert created.utcoffset() == UTC.utcoffset(None)
    assert abs((datetime.now(UTC) - created).total_seconds()) < 3600


def test_the_pack_is_readable_by_its_owner_only(exported: Path) -> None:
    assert stat.S_IMODE(exported.stat().st_mode) == 0o600
    with zipfile.ZipFile(exported) as archive:
        assert {info.external_attr >> 16 for info in archive.infolist()} == {0o100600}


def test_recordings_of_sentences_the_practice_no_longer_has_are_left_out(
        recorded_practice: tuple[Path, Practice, list[Path]], paths: AppPaths, tmp_path: Path) -> None:
    practice_path, practice, recordings = recorded_practice
    stale = recordings[0].with_name("0123456789ab.flac")
    stale.write_bytes(recordings[0].read_bytes())
    shared = recordings_to_share(practice, paths)
    assert shared.stale == (stale,)
    assert sorted(shared.files.values()) == sorted(recordings)
    pack = export_pack(practice_path, tmp_path / "out.kindpack", paths)
    assert "recordings/0123456789ab.flac" not in entries_of(pack)
    assert inspect_pack(pack).recordings == 2


def test_a_bundled_recording_goes_in_when_the_person_has_none_of_their_own(
        own_practice: Path, paths: AppPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import kindaudio.audio.clips.recordings as recordings_module
    from kindaudio.script.parser import load_practice

    practice = load_practice(own_practice)
    bundled_root = tmp_path / "bundled"  # stands in for kindaudio/data/recordings
    monkeypatch.setattr(recordings_module, "bundled_recordings_dir", lambda: bundled_root)
    shipped = ensure_dir(bundled_root / practice.id) / f"{practice.sentences[1].id}.wav"
    soundfile.write(shipped, tone(1.5), 48_000)
    pack = export_pack(own_practice, tmp_path / "out.kindpack", paths)
    assert entries_of(pack)[f"recordings/{shipped.name}"] == shipped.read_bytes()


def test_a_folder_as_the_output_gets_a_pack_named_by_the_practice_id(own_practice: Path, paths: AppPaths,
                                                                    tmp_path: Path) -> None:
    assert export_pack(own_practice, tmp_path, paths) == tmp_path / f"{PRACTICE_ID}.kindpack"


def test_an_output_name_not_ending_in_kindpack_is_refused(own_practice: Path, paths: AppPaths,
                                                         tmp_path: Path) -> None:
    with pytest.raises(UserInputError, match=r"out\.zip: a practice pack's file name should end in \.kindpack"):
        export_pack(own_practice, tmp_path / "out.zip", paths)


def test_an_unknown_audio_format_is_refused(own_practice: Path, paths: AppPaths, tmp_path: Path) -> None:
    with pytest.raises(UserInputError, match="a pack's audio is WAV or MP3, not 'ogg'"):
        export_pack(own_practice, tmp_path / "out.kindpack", paths, with_audio=True, audio_format="ogg")


def test_a_recording_the_recipient_would_refuse_stops_the_export_and_leaves_the_old_pack(
        recorded_practice: tuple[Path, Practice, list[Path]], paths: AppPaths, tmp_path: Path) -> None:
    practice_path, _, recordings = recorded_practice
    target = tmp_path / "out.kindpack"
    target.write_bytes(b"the pack from last week")
    soundfile.write(recordings[1], np.zeros(48_000, dtype=np.float32), 48_000)  # a silent take
    with pytest.raises(UserInputError) as caught:
        export_pack(practice_path, target, paths)
    assert str(caught.value).startswith(f"{recordings[1]}: it holds no sound to speak of")
    assert "Record that sentence again, or delete its recording" in str(caught.value)
    assert target.read_bytes() == b"the pack from last week"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "out.kindpack"]


def test_progress_rises_to_the_end(recorded_practice: tuple[Path, Practice, list[Path]], paths: AppPaths,
                                   tmp_path: Path) -> None:
    seen: list[float] = []
    export_pack(recorded_practice[0], tmp_path / "out.kindpack", paths, progress=seen.append)
    assert seen == sorted(seen) and seen[-1] == 1.0 and all(0.0 <= f <= 1.0 for f in seen)


def test_the_manifest_is_json_a_person_can_read(exported: Path) -> None:
    text = entries_of(exported)["manifest.json"].decode("utf-8")
    assert text.startswith("{\n  \"format\": \"kindpack\"")
    assert json.loads(text)["files"]


@pytest.mark.slow
def test_with_audio_the_practice_goes_in_rendered_as_mp3_with_captions(
        own_practice: Path, paths: AppPaths, tmp_path: Path, session_clips: object) -> None:
    seen: list[float] = []
    pack = export_pack(own_practice, tmp_path / "out.kindpack", paths, with_audio=True, audio_format="mp3",
                       minutes=2, progress=seen.append, clips=session_clips)  # type: ignore[arg-type]
    entries = entries_of(pack)
    assert sorted(n for n in entries if n.startswith("audio/")) == ["audio/kind-words-2min.mp3",
                                                                    "audio/kind-words-2min.vtt"]
    assert entries["audio/kind-words-2min.vtt"].startswith(b"WEBVTT")
    assert b"You might let yourself arrive here" in entries["audio/kind-words-2min.vtt"]
    assert inspect_pack(pack).audio == ("kind-words-2min.mp3",)
    assert seen == sorted(seen) and seen[-1] == 1.0 and any(0.1 < f < 0.8 for f in seen)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
