"""A voice for a practice that comes with KindAudio: a therapist records Affectionate Breathing and hands it over.

The pack carries the shipped text byte for byte and the recordings; importing
it brings only the recordings. A pack whose text under a shipped id differs
is refused, saying what the sender can do instead.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kindaudio.common.errors import UserInputError
from kindaudio.common.paths import HOME_ENV, AppPaths, ensure_dir
from kindaudio.pack import (
    PackRefused,
    PracticeAlreadyThere,
    RecordingsAlreadyThere,
    export_pack,
    import_pack,
    inspect_pack,
)
from kindaudio.pack.importer import STAGING_PREFIX
from kindaudio.script.library import practice_files, shipped_practices_dir
from kindaudio.script.model import Practice
from kindaudio.script.parser import load_practice
from tests.pack.conftest import entries_of, manifest_of, record, relist, tree, write_zip

SHIPPED_ID = "affectionate-breathing"
SHIPPED = shipped_practices_dir() / f"{SHIPPED_ID}.md"
THERAPIST = "Sam Rivera"


@pytest.fixture
def shipped() -> Practice:
    return load_practice(SHIPPED)


@pytest.fixture
def voice(shipped: Practice, paths: AppPaths) -> list[Path]:
    """The therapist's own recordings of the first three sentences of the shipped practice."""
    return [record(paths, shipped, index) for index in range(3)]


@pytest.fixture
def voice_pack(voice: list[Path], paths: AppPaths, tmp_path: Path) -> Path:
    return export_pack(SHIPPED, tmp_path / "ab.kindpack", paths, recorded_by=THERAPIST,
                       author_note="For the evenings, if you like.")


@pytest.fixture
def recipient(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppPaths:
    monkeypatch.setenv(HOME_ENV, str(tmp_path / "recipient"))
    return AppPaths.from_environment()


def distinct_sentences(practice: Practice) -> int:
    return len({sentence.id for sentence in practice.sentences})


def test_a_voice_pack_holds_the_shipped_text_unchanged_and_says_whose_voice_it_is(
        voice_pack: Path, shipped: Practice) -> None:
    entries = entries_of(voice_pack)
    assert entries["practice.md"] == SHIPPED.read_bytes()
    assert manifest_of(entries)["recorded_by"] == THERAPIST
    summary = inspect_pack(voice_pack)
    assert (summary.practice_id, summary.voice_only, summary.recordings, summary.recorded_by) == \
        (SHIPPED_ID, True, 3, THERAPIST)
    assert summary.sentences == distinct_sentences(shipped)
    assert summary.voice_text() == (f"Sam Rivera's voice for Affectionate Breathing: 3 of {summary.sentences} "
                                    "sentences recorded")


def test_importing_a_voice_pack_brings_only_its_recordings(
        voice_pack: Path, voice: list[Path], recipient: AppPaths) -> None:
    imported = import_pack(voice_pack, recipient)
    assert imported.summary.voice_only
    assert imported.practice_path == SHIPPED
    assert imported.recordings_dir == recipient.recordings / SHIPPED_ID
    assert {p.name: p.read_bytes() for p in imported.recordings_dir.iterdir()} == \
        {p.name: p.read_bytes() for p in voice}
    assert not recipient.practices.exists()  # no practice file of the recipient's own
    assert [(e.id, e.origin) for e in practice_files(recipient) if e.id == SHIPPED_ID] == [(SHIPPED_ID, "shipped")]
    assert not [p for p in recipient.data.iterdir() if p.name.startswith(STAGING_PREFIX)]


def test_recordings_already_there_are_kept_unless_replacing_is_asked(
        voice_pack: Path, recipient: AppPaths) -> None:
    earlier = ensure_dir(recipient.recordings / SHIPPED_ID) / "0123456789ab.flac"
    earlier.write_bytes(b"a take kept from before")
    before = tree(recipient.data)
    with pytest.raises(RecordingsAlreadyThere) as caught:
        import_pack(voice_pack, recipient)
    assert isinstance(caught.value, PracticeAlreadyThere)  # callers that ask before replacing ask here too
    assert caught.value.existing == recipient.recordings / SHIPPED_ID
    assert "there are recordings for Affectionate Breathing already" in str(caught.value)
    assert "--replace" in str(caught.value)
    assert tree(recipient.data) == before

    imported = import_pack(voice_pack, recipient, replace=True)
    assert not earlier.exists()
    assert len(list(imported.recordings_dir.iterdir())) == 3


def test_a_pack_with_a_shipped_id_and_changed_text_is_refused_saying_what_to_do(
        voice_pack: Path, recipient: AppPaths, tmp_path: Path) -> None:
    entries = entries_of(voice_pack)
    changed = SHIPPED.read_bytes().replace(b"Affectionate Breathing", b"Breathing, my way", 1)
    hostile = write_zip(tmp_path / "changed.kindpack", relist({**entries, "practice.md": changed}))
    for attempt in (inspect_pack, lambda pack: import_pack(pack, recipient)):
        with pytest.raises(PackRefused) as caught:
            attempt(hostile)
        message = str(caught.value)
        assert "practice.md: its practice has the id 'affectionate-breathing' of a practice that comes with " \
               "KindAudio, but its text is not that practice's text" in message
        assert "Save a copy…" in message and "Nothing was imported" in message
    assert not recipient.data.exists()


def test_a_voice_pack_without_any_recording_is_refused(voice_pack: Path, recipient: AppPaths,
                                                       tmp_path: Path) -> None:
    entries = {name: data for name, data in entries_of(voice_pack).items() if not name.startswith("recordings/")}
    empty = write_zip(tmp_path / "empty.kindpack", relist(entries))
    with pytest.raises(PackRefused, match="it holds no recordings, and its practice \\(Affectionate Breathing\\) "
                                          "comes with KindAudio already"):
        import_pack(empty, recipient)
    assert not recipient.data.exists()


def test_a_voice_pack_recording_for_a_sentence_the_practice_lacks_is_still_refused(
        voice_pack: Path, recipient: AppPaths, tmp_path: Path) -> None:
    entries = entries_of(voice_pack)
    name = next(n for n in entries if n.startswith("recordings/"))
    stray = {**entries, "recordings/notasentence.flac": entries[name]}
    hostile = write_zip(tmp_path / "stray.kindpack", relist(stray))
    with pytest.raises(PackRefused, match="recordings/notasentence.flac: it is a recording for a sentence"):
        import_pack(hostile, recipient)
    assert not recipient.data.exists()


def test_a_shipped_practice_with_nothing_recorded_cannot_be_shared(paths: AppPaths, tmp_path: Path) -> None:
    with pytest.raises(UserInputError, match="you have not recorded any of it yet") as caught:
        export_pack(SHIPPED, tmp_path / "ab.kindpack", paths)
    assert "Record my voice" in str(caught.value)
    assert not (tmp_path / "ab.kindpack").exists()


def test_a_changed_copy_under_a_shipped_id_cannot_be_shared_and_the_hint_says_save_a_copy(
        voice: list[Path], paths: AppPaths, tmp_path: Path) -> None:
    copy = ensure_dir(paths.practices) / "my-breathing.md"
    text = SHIPPED.read_text(encoding="utf-8").replace("title:", f"id: {SHIPPED_ID}\ntitle:", 1)
    copy.write_text(text, encoding="utf-8")
    with pytest.raises(UserInputError, match="its text is not that practice's text") as caught:
        export_pack(copy, tmp_path / "mine.kindpack", paths)
    assert "Save a copy…" in str(caught.value)
    assert not (tmp_path / "mine.kindpack").exists()
