"""Importing a pack: the round trip into a fresh home, replacing, and refusing to clobber."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
import soundfile

from kindaudio.common.paths import HOME_ENV, AppPaths, ensure_dir
from kindaudio.pack import PracticeAlreadyThere, export_pack, import_pack, inspect_pack
from kindaudio.pack.importer import STAGING_PREFIX
from kindaudio.script.library import practice_files
from kindaudio.script.model import Practice
from kindaudio.script.parser import load_practice
from tests.pack.conftest import AUTHOR, PRACTICE_ID, PRACTICE_TEXT, record, tree


@pytest.fixture
def pack(recorded_practice: tuple[Path, Practice, list[Path]], paths: AppPaths, tmp_path: Path) -> Path:
    return export_pack(recorded_practice[0], tmp_path / "kind-words.kindpack", paths,
                       author_note="Try it after lunch, if you like.")


@pytest.fixture
def fresh_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppPaths:
    """The recipient's computer: another KINDAUDIO_HOME."""
    monkeypatch.setenv(HOME_ENV, str(tmp_path / "recipient"))
    return AppPaths.from_environment()


def modes(root: Path) -> set[tuple[str, int]]:
    return {("folder" if p.is_dir() else "file", stat.S_IMODE(p.stat().st_mode)) for p in root.rglob("*")}


def test_an_imported_practice_parses_as_it_did_and_keeps_its_recordings_byte_for_byte(
        pack: Path, recorded_practice: tuple[Path, Practice, list[Path]], fresh_home: AppPaths) -> None:
    _, original, recordings = recorded_practice
    imported = import_pack(pack, fresh_home)
    assert imported.practice_path == fresh_home.practices / f"{PRACTICE_ID}.md"
    practice = load_practice(imported.practice_path)
    assert (practice.id, practice.title, practice.lengths, practice.sections) == \
        (original.id, original.title, original.lengths, original.sections)
    assert practice.content_hash == original.content_hash
    assert imported.recordings_dir == fresh_home.recordings / PRACTICE_ID
    assert {p.name: p.read_bytes() for p in imported.recordings_dir.iterdir()} == \
        {p.name: p.read_bytes() for p in recordings}
    assert imported.audio_dir is None


def test_the_library_lists_an_imported_practice_with_who_made_it(pack: Path, fresh_home: AppPaths) -> None:
    import_pack(pack, fresh_home)
    entries = [entry for entry in practice_files(fresh_home) if entry.id == PRACTICE_ID]
    assert [entry.origin for entry in entries] == ["yours"]
    assert load_practice(entries[0].path).author == AUTHOR  # type: ignore[attr-defined]


def test_the_summary_says_what_came_in_and_from_whom(pack: Path, fresh_home: AppPaths) -> None:
    summary = import_pack(pack, fresh_home).summary
    assert summary == inspect_pack(pack)
    assert (summary.practice_id, summary.title, summary.author, summary.author_note, summary.recordings,
            summary.audio) == (PRACTICE_ID, "Kind Words for Today", AUTHOR, "Try it after lunch, if you like.", 2, ())


def test_imported_files_are_private_and_no_staging_is_left(pack: Path, fresh_home: AppPaths) -> None:
    import_pack(pack, fresh_home)
    assert modes(fresh_home.data) == {("folder", 0o700), ("file", 0o600)}
    assert not [p for p in fresh_home.data.iterdir() if p.name.startswith(STAGING_PREFIX)]


def test_a_staging_folder_left_by_a_killed_import_is_cleared_away(pack: Path, fresh_home: AppPaths) -> None:
    abandoned = ensure_dir(fresh_home.data / f"{STAGING_PREFIX}old")
    (abandoned / "practice.md").write_text("half", encoding="utf-8")
    os.utime(abandoned, (0, 0))
    import_pack(pack, fresh_home)
    assert not abandoned.exists()


def test_a_practice_already_there_is_left_alone_unless_replacing_is_asked(
        pack: Path, paths: AppPaths, home: Path) -> None:
    before = tree(home)
    with pytest.raises(PracticeAlreadyThere) as caught:
        import_pack(pack, paths)
    assert caught.value.existing == paths.practices / f"{PRACTICE_ID}.md"
    assert "a practice called 'kind-words' is already among your practices" in str(caught.value)
    assert "--replace" in str(caught.value) and caught.value.exit_code == 2
    assert tree(home) == before


def test_recordings_already_there_count_as_the_practice_being_there(pack: Path, fresh_home: AppPaths) -> None:
    leftover = ensure_dir(fresh_home.recordings / PRACTICE_ID) / "0123456789ab.flac"
    leftover.write_bytes(b"a take kept from before")
    with pytest.raises(PracticeAlreadyThere) as caught:
        import_pack(pack, fresh_home)
    assert caught.value.existing == fresh_home.recordings / PRACTICE_ID
    assert leftover.read_bytes() == b"a take kept from before"


def test_replacing_puts_the_new_practice_and_recordings_in_place_of_the_old(
        recorded_practice: tuple[Path, Practice, list[Path]], pack: Path, paths: AppPaths) -> None:
    practice_path, practice, recordings = recorded_practice
    practice_path.write_text(PRACTICE_TEXT.replace("Kind Words for Today", "An older title"), encoding="utf-8")
    extra = record(paths, practice, 1)
    imported = import_pack(pack, paths, replace=True)
    assert load_practice(imported.practice_path).title == "Kind Words for Today"
    assert sorted(p.name for p in imported.recordings_dir.iterdir()) == sorted(p.name for p in recordings)
    assert not extra.exists()
    assert not [p for p in paths.data.iterdir() if p.name.startswith(STAGING_PREFIX)]


def test_replacing_removes_an_older_file_of_the_same_practice_under_another_name(
        pack: Path, paths: AppPaths, own_practice: Path) -> None:
    renamed = own_practice.with_name("my-kind-words.md")
    renamed.write_text(PRACTICE_TEXT.replace("title:", f"id: {PRACTICE_ID}\ntitle:"), encoding="utf-8")
    own_practice.unlink()
    imported = import_pack(pack, paths, replace=True)
    assert [entry.path for entry in practice_files(paths) if entry.id == PRACTICE_ID] == [imported.practice_path]


def test_when_replacing_fails_midway_the_old_files_are_put_back(
        recorded_practice: tuple[Path, Practice, list[Path]], pack: Path, paths: AppPaths,
        monkeypatch: pytest.MonkeyPatch) -> None:
    practice_path, _, recordings = recorded_practice
    old_text = PRACTICE_TEXT.replace("Kind Words for Today", "An older title")
    practice_path.write_text(old_text, encoding="utf-8")
    recordings[0].write_bytes(b"an older take")
    real_replace = os.replace

    def disk_full_at_the_practice(source: object, target: object) -> None:
        if Path(str(target)) == practice_path and Path(str(source)).name == "practice.md":  # the new one
            raise OSError(28, "No space left on device")
        real_replace(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", disk_full_at_the_practice)
    with pytest.raises(OSError, match="No space left"):
        import_pack(pack, paths, replace=True)
    monkeypatch.setattr(os, "replace", real_replace)
    assert practice_path.read_text(encoding="utf-8") == old_text
    assert recordings[0].read_bytes() == b"an older take"
    assert recordings[1].exists()
    assert not [p for p in paths.data.iterdir() if p.name.startswith(STAGING_PREFIX)]


@pytest.mark.slow
def test_the_round_trip_with_rendered_audio_brings_the_audio_and_captions(
        recorded_practice: tuple[Path, Practice, list[Path]], paths: AppPaths, tmp_path: Path,
        session_clips: object, monkeypatch: pytest.MonkeyPatch) -> None:
    """Real eSpeak NG speech rendered into the pack, imported on another 'computer'."""
    practice_path, original, recordings = recorded_practice
    pack = export_pack(practice_path, tmp_path / "with-audio.kindpack", paths, with_audio=True,
                       clips=session_clips)  # type: ignore[arg-type]
    monkeypatch.setenv(HOME_ENV, str(tmp_path / "recipient"))
    recipient = AppPaths.from_environment()
    imported = import_pack(pack, recipient)
    assert imported.audio_dir == recipient.renders / PRACTICE_ID
    assert sorted(p.name for p in imported.audio_dir.iterdir()) == ["kind-words-2min.vtt", "kind-words-2min.wav"]
    audio = soundfile.info(str(imported.audio_dir / "kind-words-2min.wav"))
    assert audio.duration == pytest.approx(120, abs=0.5)
    captions = (imported.audio_dir / "kind-words-2min.vtt").read_text(encoding="utf-8")
    assert captions.startswith("WEBVTT") and "Whenever you are ready" in captions
    assert load_practice(imported.practice_path).sections == original.sections
    assert {p.name: p.read_bytes() for p in imported.recordings_dir.iterdir()} == \
        {p.name: p.read_bytes() for p in recordings}
    assert imported.summary.audio == ("kind-words-2min.wav",)
    assert modes(recipient.data) == {("folder", 0o700), ("file", 0o600)}
