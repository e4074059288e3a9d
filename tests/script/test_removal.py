"""Deleting a practice of one's own: the file, its recordings and pack audio go together, or nothing goes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kindaudio.common.errors import UserInputError
from kindaudio.common.paths import AppPaths, ensure_dir
from kindaudio.script.library import practice_files, shipped_practices_dir
from kindaudio.script.removal import ASIDE_PREFIX, belongings, delete_practice

PRACTICE = "---\ntitle: Kind Words\n---\nYou might rest here for a little while.\n"


def own(paths: AppPaths, name: str = "kind-words.md", text: str = PRACTICE) -> Path:
    path = ensure_dir(paths.practices) / name
    path.write_text(text, encoding="utf-8")
    return path


def recordings(paths: AppPaths, practice_id: str, count: int) -> Path:
    folder = ensure_dir(paths.recordings / practice_id)
    for index in range(count):
        (folder / f"s{index}.flac").write_bytes(b"not really audio, but a file")
    return folder


def everything(root: Path) -> set[str]:
    return {str(path.relative_to(root)) for path in root.rglob("*")}


def test_deleting_removes_the_file_its_recordings_and_its_pack_audio(paths: AppPaths) -> None:
    path = own(paths)
    folder = recordings(paths, "kind-words", 2)
    audio = ensure_dir(paths.renders / "kind-words")
    (audio / "kind-words-5min.wav").write_bytes(b"audio")
    other = recordings(paths, "affectionate-breathing", 1)

    assert belongings(path, paths).recordings == 2
    deleted = delete_practice(path, paths)

    assert (deleted.practice_id, deleted.recordings, deleted.audio) == ("kind-words", 2, True)
    assert not path.exists() and not folder.exists() and not audio.exists()
    assert other.exists()  # another practice's recordings are untouched
    assert "kind-words" not in [entry.id for entry in practice_files(paths)]
    assert not list(paths.data.glob(f"{ASIDE_PREFIX}*"))  # nothing left aside


def test_a_practice_without_recordings_is_deleted_too(paths: AppPaths) -> None:
    path = own(paths)
    deleted = delete_practice(path, paths)
    assert (deleted.recordings, deleted.audio) == (0, False)
    assert not path.exists()


def test_the_journal_is_not_touched_by_deleting_a_practice(paths: AppPaths) -> None:
    path = own(paths)
    ensure_dir(paths.data)
    paths.journal.write_bytes(b"the person's history")
    delete_practice(path, paths)
    assert paths.journal.read_bytes() == b"the person's history"


def test_a_practice_that_comes_with_kindaudio_cannot_be_deleted(paths: AppPaths) -> None:
    shipped = shipped_practices_dir() / "affectionate-breathing.md"
    before = shipped.read_bytes()
    with pytest.raises(UserInputError, match="comes with KindAudio, so it cannot be deleted"):
        delete_practice(shipped, paths)
    assert shipped.read_bytes() == before


def test_a_file_outside_the_practice_folder_is_not_deleted(paths: AppPaths, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.md"
    elsewhere.write_text(PRACTICE, encoding="utf-8")
    with pytest.raises(UserInputError, match="is not in your practice folder"):
        delete_practice(elsewhere, paths)
    assert elsewhere.exists()


def test_recordings_stay_when_another_practice_goes_by_the_same_id(paths: AppPaths) -> None:
    copy = own(paths, "my-breathing.md", "---\ntitle: My Breathing\nid: affectionate-breathing\n---\nYou might.\n")
    folder = recordings(paths, "affectionate-breathing", 3)
    assert belongings(copy, paths).recordings == 0
    delete_practice(copy, paths)
    assert not copy.exists()
    assert len(list(folder.iterdir())) == 3  # the shipped practice's recordings (a voice for it) stay


def test_when_a_move_fails_everything_is_as_it_was(paths: AppPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    path = own(paths)
    recordings(paths, "kind-words", 2)
    before = everything(paths.data)
    real_replace = os.replace

    def failing(source: os.PathLike[str] | str, target: os.PathLike[str] | str) -> None:
        if Path(target).name == "recordings":  # the practice file has moved aside already
            raise PermissionError(13, "Permission denied")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(UserInputError, match="could not be deleted .*nothing was changed"):
        delete_practice(path, paths)
    assert everything(paths.data) == before
    assert path.read_text(encoding="utf-8") == PRACTICE
