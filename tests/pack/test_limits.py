"""Entry names: which a pack may hold, and which could reach outside the folder it is unpacked into."""

from __future__ import annotations

import pytest

from kindaudio.pack.limits import EntryKind, classify, unsafe_name_reason


@pytest.mark.parametrize(("name", "kind", "stem"), [
    ("manifest.json", EntryKind.MANIFEST, "manifest"),
    ("practice.md", EntryKind.PRACTICE, "practice"),
    ("recordings/0123456789ab.flac", EntryKind.RECORDING, "0123456789ab"),
    ("recordings/0123456789ab.ogg", EntryKind.RECORDING, "0123456789ab"),
    ("audio/kind-words-7.5min.mp3", EntryKind.AUDIO, "kind-words-7.5min"),
    ("audio/kind-words-8min.vtt", EntryKind.CAPTIONS, "kind-words-8min"),
])
def test_the_names_kindaudio_writes_are_known(name: str, kind: EntryKind, stem: str) -> None:
    known = classify(name)
    assert known is not None and (known.kind, known.stem) == (kind, stem)


@pytest.mark.parametrize("name", ["readme.txt", "practice.MD", "recordings/x.mp3", "recordings/sub/x.flac",
                                  "audio/Big Name.wav", "audio/x.flac", "audio/.wav", "recordings/.flac",
                                  "other/practice.md"])
def test_anything_else_is_unknown(name: str) -> None:
    assert classify(name) is None


@pytest.mark.parametrize("name", ["practice.md", "recordings/0123456789ab.flac", "audio/", "recordings/"])
def test_plain_names_are_safe(name: str) -> None:
    assert unsafe_name_reason(name) is None


@pytest.mark.parametrize("name", ["", "../x", "a/../../x", "/x", "\\\\server\\x", "D:x", "a\x00b", "./x", "a//b"])
def test_names_that_could_escape_are_unsafe(name: str) -> None:
    assert unsafe_name_reason(name)
