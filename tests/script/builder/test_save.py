"""Saving a filled practice: private, whole or not at all, never over another file, keeping its id."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from kindaudio.common.errors import UserInputError
from kindaudio.common.paths import AppPaths
from kindaudio.script import load_practice
from kindaudio.script.builder.save import save_practice, write_practice_file
from tests.script.builder.support import fill, items


def test_a_saved_practice_reparses_to_the_same_practice(paths: AppPaths) -> None:
    filled = fill("loving-kindness-phrases", phrase_count=2, phrase_1="May I rest.", rounds=3)
    path = save_practice(filled, paths)
    assert path == paths.practices / "for-hard-days.md"
    assert path.read_text(encoding="utf-8") == filled.text
    again = load_practice(path)
    assert items(again) == items(filled.practice)
    assert (again.id, again.lengths, again.made_from) == ("for-hard-days", filled.practice.lengths,
                                                          filled.practice.made_from)


def test_a_saved_practice_is_private(paths: AppPaths) -> None:
    path = save_practice(fill(), paths)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(paths.practices.stat().st_mode) == 0o700


def test_saving_never_overwrites_a_practice(paths: AppPaths) -> None:
    first = save_practice(fill(title="Evening"), paths)
    second = save_practice(fill(title="Evening", noticing="Different words."), paths)
    third = save_practice(fill(title="evening!"), paths)
    assert [first.name, second.name, third.name] == ["evening.md", "evening-2.md", "evening-3.md"]
    assert "Different words." not in first.read_text(encoding="utf-8")
    assert "Different words." in second.read_text(encoding="utf-8")


def test_a_new_practice_never_takes_the_id_of_a_shipped_one(paths: AppPaths) -> None:
    path = save_practice(fill(title="Affectionate Breathing"), paths)
    assert path.name == "affectionate-breathing-2.md"


def test_a_file_appearing_while_saving_is_not_overwritten(paths: AppPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another save taking the name between the look and the write: the next name is used."""
    real_link = os.link

    def someone_else_first(source: Path, target: Path) -> None:
        if Path(target).name == "evening.md" and not Path(target).exists():
            Path(target).write_text("theirs", encoding="utf-8")
        real_link(source, target)

    paths.practices.mkdir(parents=True)
    monkeypatch.setattr(os, "link", someone_else_first)
    path = save_practice(fill(title="Evening"), paths)
    assert path.name == "evening-2.md"
    assert (paths.practices / "evening.md").read_text(encoding="utf-8") == "theirs"
    assert sorted(p.name for p in paths.practices.iterdir()) == ["evening-2.md", "evening.md"]


def test_a_failed_write_leaves_nothing_behind(paths: AppPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    def disk_full(source: Path, target: Path) -> None:
        raise OSError(28, "No space left on device")

    def no_rename(source: Path, target: Path) -> None:
        raise OSError(28, "No space left on device")

    paths.practices.mkdir(parents=True)
    monkeypatch.setattr(os, "link", disk_full)
    monkeypatch.setattr(os, "replace", no_rename)
    with pytest.raises(Exception, match="could not save the practice .* No space left on device"):
        save_practice(fill(), paths)
    assert list(paths.practices.iterdir()) == []


def test_replacing_rewrites_that_file_and_keeps_its_id(paths: AppPaths) -> None:
    path = save_practice(fill(title="Evening"), paths)
    edited = fill(title="Evening, kinder", noticing="Oh, this is heavy.")
    assert save_practice(edited, paths, replace=path) == path
    again = load_practice(path)
    assert again.id == "evening" and again.title == "Evening, kinder"
    assert "Oh, this is heavy." in [s.text for s in again.sentences]
    assert sorted(p.name for p in paths.practices.iterdir()) == ["evening.md"]


def test_replacing_a_file_with_a_declared_id_keeps_that_id(paths: AppPaths) -> None:
    paths.practices.mkdir(parents=True)
    path = paths.practices / "from-a-pack.md"
    path.write_text("---\ntitle: Old\nid: sams-practice\n---\nHello.\n", encoding="utf-8")
    save_practice(fill(), paths, replace=path)
    assert load_practice(path).id == "sams-practice"


def test_writing_to_a_chosen_file_refuses_an_existing_one(tmp_path: Path) -> None:
    target = tmp_path / "mine.md"
    target.write_text("keep me", encoding="utf-8")
    with pytest.raises(UserInputError, match="already exists"):
        write_practice_file(fill(), target)
    assert target.read_text(encoding="utf-8") == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.md"]
