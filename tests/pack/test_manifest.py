"""manifest.json: written so it reads back the same, and read strictly."""

from __future__ import annotations

import json
from typing import Any

import pytest

from kindaudio.pack.manifest import FileRecord, Manifest, ManifestProblem, NewerFormat, parse_manifest

SHA = "ab" * 32


def manifest(**changes: Any) -> bytes:
    data: dict[str, Any] = {
        "format": "kindpack", "format_version": 1, "app_version": "0.1.0", "created": "2026-11-22T08:00:00Z",
        "practice": {"id": "kind-words", "title": "Kind Words", "author": "Sam"}, "author_note": "",
        "files": {"practice.md": {"sha256": SHA, "size": 10}},
    }
    data.update(changes)
    return json.dumps(data).encode("utf-8")


def test_a_written_manifest_reads_back_the_same() -> None:
    written = Manifest("kind-words", "Kind Words", "Sam", "A note\nover two lines", "2026-11-22T08:00:00Z", "0.1.0",
                       {"practice.md": FileRecord(SHA, 10), "recordings/0123456789ab.flac": FileRecord(SHA, 99)})
    assert parse_manifest(written.to_json()) == written


def test_whose_voice_it_is_reads_back_and_is_left_out_when_nobody_is_named() -> None:
    voiced = Manifest("affectionate-breathing", "Affectionate Breathing", "", "", "2026-11-22T08:00:00Z", "0.1.0",
                      {"practice.md": FileRecord(SHA, 10)}, recorded_by="Sam Rivera")
    assert parse_manifest(voiced.to_json()).recorded_by == "Sam Rivera"
    assert "recorded_by" not in json.loads(Manifest("kind-words", "Kind Words", "Sam", "", "2026-11-22T08:00:00Z",
                                                    "0.1.0").to_json())
    assert parse_manifest(manifest()).recorded_by == ""  # packs made before it existed


def test_keys_a_later_kindaudio_might_add_are_ignored() -> None:
    assert parse_manifest(manifest(cover_colour="green")).practice_id == "kind-words"


def test_a_newer_format_version_asks_for_a_newer_kindaudio() -> None:
    with pytest.raises(NewerFormat, match=r"made by a newer KindAudio \(pack format 3; this KindAudio reads format 1"):
        parse_manifest(manifest(format_version=3, files="a later layout"))


@pytest.mark.parametrize(("data", "reason"), [
    (b"[1, 2]", "not a KindAudio pack manifest"),
    (b"\xff\xfe", "not UTF-8 text"),
    (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    (manifest(format="zip"), "not a KindAudio pack manifest"),
    (manifest(format_version=True), "format_version should be a whole number from 1, not True"),
    (manifest(format_version="1"), "format_version should be a whole number from 1, not '1'"),
    (manifest(format_version=0), "format_version should be a whole number from 1, not 0"),
    (manifest(practice={"id": "../etc", "title": "T", "author": ""}), "practice id '../etc' is not a valid id"),
    (manifest(practice={"id": "x", "author": ""}), "it has no practice title"),
    (manifest(created="last Tuesday"), "creation time 'last Tuesday' is not an ISO 8601 date and time"),
    (manifest(author_note="x" * 5_001), "author note is 5,001 characters long; at most 5,000 are allowed"),
    (manifest(author_note="bell\x07"), "author note holds a control character (U+0007)"),
    (manifest(recorded_by=["Sam"]), "recorded-by name should be text, not list"),
    (manifest(recorded_by="S" * 201), "recorded-by name is 201 characters long; at most 200 are allowed"),
    (manifest(files=[]), "\"files\" should be an object"),
    (manifest(files={"practice.md": {"sha256": "ABC", "size": 1}}), "checksum for 'practice.md' is not a SHA-256"),
    (manifest(files={"practice.md": {"sha256": SHA, "size": -1}}), "size for 'practice.md' is not a whole number"),
])
def test_a_manifest_that_will_not_do_says_why(data: bytes, reason: str) -> None:
    with pytest.raises(ManifestProblem) as caught:
        parse_manifest(data)
    assert reason in str(caught.value)
