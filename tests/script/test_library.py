"""Finding practices: shipped ones and the person's own, by id or by path."""

from __future__ import annotations

from pathlib import Path

import pytest

from kindaudio.common.errors import UserInputError
from kindaudio.common.paths import AppPaths
from kindaudio.script import ScriptError
from kindaudio.script.library import (
    DEFAULT_PRACTICE_ID,
    PracticeFile,
    load_all,
    practice_files,
    practice_id_of,
    resolve_practice,
    shipped_practice,
    shipped_practices_dir,
)

PRACTICES = Path(__file__).resolve().parents[2] / "kindaudio" / "data" / "practices"
SHIPPED_IDS = ["affectionate-breathing", "compassionate-body-scan", "compassionate-breathing", "silent-timer"]


def own_practice(paths: AppPaths, name: str, text: str) -> Path:
    paths.practices.mkdir(parents=True, exist_ok=True)
    path = paths.practices / name
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_practices_come_from_the_package_data_folder() -> None:
    assert shipped_practices_dir().resolve() == PRACTICES


def test_the_shipped_practices_are_listed_by_id_and_the_readme_is_not_a_practice(paths: AppPaths) -> None:
    files = practice_files(paths)
    assert [(f.id, f.origin) for f in files] == [(i, "shipped") for i in SHIPPED_IDS]
    assert all(f.path.name != "README.md" for f in files)


def test_the_default_practice_is_shipped(paths: AppPaths) -> None:
    assert resolve_practice(DEFAULT_PRACTICE_ID, paths) == PRACTICES / "affectionate-breathing.md"


def test_a_practice_is_found_by_its_id(paths: AppPaths) -> None:
    assert resolve_practice("silent-timer", paths) == PRACTICES / "silent-timer.md"


def test_practices_in_the_practices_folder_are_listed_as_yours(paths: AppPaths) -> None:
    mine = own_practice(paths, "evening.md", "---\ntitle: Evening\n---\nRest.\n")
    own_practice(paths, "README.md", "# Notes\n")
    own_practice(paths, "notes.txt", "not a practice")
    yours = [f for f in practice_files(paths) if f.origin == "yours"]
    assert yours == [PracticeFile("evening", mine, "yours")]
    assert resolve_practice("evening", paths) == mine


def test_shipped_practices_are_listed_before_yours(paths: AppPaths) -> None:
    own_practice(paths, "aaa.md", "---\ntitle: A\n---\nRest.\n")
    assert [f.origin for f in practice_files(paths)] == ["shipped"] * 4 + ["yours"]


def test_an_id_in_the_front_matter_names_the_practice(paths: AppPaths) -> None:
    path = own_practice(paths, "Evening Wind Down.md", "---\ntitle: E\nid: 'wind-down'\n---\nRest.\n")
    assert resolve_practice("wind-down", paths) == path


def test_without_an_id_the_file_name_names_the_practice(paths: AppPaths) -> None:
    path = own_practice(paths, "Evening Wind Down.md", "---\ntitle: E\n---\nRest.\n")
    assert resolve_practice("evening-wind-down", paths) == path


def test_a_file_that_cannot_be_read_is_still_listed_by_its_file_name(paths: AppPaths) -> None:
    path = own_practice(paths, "broken.md", "")
    path.write_bytes(b"---\ntitle: \xff\n---\n")
    assert PracticeFile("broken", path, "yours") in practice_files(paths)


def test_an_unknown_id_suggests_the_closest_id(paths: AppPaths) -> None:
    with pytest.raises(UserInputError) as caught:
        resolve_practice("affectionate-breath", paths)
    assert str(caught.value) == (
        "there is no practice called 'affectionate-breath'; did you mean 'affectionate-breathing'? "
        "`kindaudio list` shows them all"
    )
    assert caught.value.exit_code == 2


def test_an_unknown_id_suggests_the_closest_of_your_own_ids(paths: AppPaths) -> None:
    own_practice(paths, "morning-kindness.md", "---\ntitle: M\n---\nRest.\n")
    with pytest.raises(UserInputError, match="did you mean 'morning-kindness'"):
        resolve_practice("morning-kindnes", paths)


def test_an_id_far_from_every_practice_gets_no_suggestion(paths: AppPaths) -> None:
    with pytest.raises(UserInputError) as caught:
        resolve_practice("zzz", paths)
    assert str(caught.value) == "there is no practice called 'zzz'; `kindaudio list` shows them all"


def test_a_practice_is_found_by_its_path(paths: AppPaths, write_practice) -> None:
    path = write_practice("Rest.", name="anywhere.md")
    assert resolve_practice(str(path), paths) == path


def test_a_relative_path_is_a_path_too(paths: AppPaths, write_practice, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    write_practice("Rest.", name="here.md")
    monkeypatch.chdir(tmp_path)
    assert resolve_practice("here.md", paths) == Path("here.md")


def test_a_missing_path_is_reported_as_such(paths: AppPaths, tmp_path: Path) -> None:
    with pytest.raises(UserInputError) as caught:
        resolve_practice(str(tmp_path / "gone.md"), paths)
    assert str(caught.value) == f"{tmp_path / 'gone.md'}: no such file"


def test_load_all_parses_every_practice_and_keeps_errors_beside_their_file(paths: AppPaths) -> None:
    good = own_practice(paths, "good.md", "---\ntitle: Good\n---\nRest.\n")
    bad = own_practice(paths, "bad.md", "---\ntitle: Bad\n---\n[paws 5s]\n")
    results = {entry.path: outcome for entry, outcome in load_all(paths)}
    assert results[good].title == "Good"  # type: ignore[union-attr]
    assert isinstance(results[bad], ScriptError)
    assert str(results[bad]) == f"{bad}:4:1: unknown mark [paws 5s]; did you mean [pause 5s]?"
    assert {results[PRACTICES / f"{i}.md"].id for i in SHIPPED_IDS} == set(SHIPPED_IDS)  # type: ignore[union-attr]


def test_a_shipped_practice_is_found_by_its_id_and_nothing_else_is() -> None:
    assert shipped_practice("affectionate-breathing") == shipped_practices_dir() / "affectionate-breathing.md"
    assert shipped_practice("silent-timer") == shipped_practices_dir() / "silent-timer.md"
    assert shipped_practice("kind-words") is None


def test_a_practice_file_is_known_by_its_declared_id_or_else_its_file_name(paths: AppPaths) -> None:
    declared = own_practice(paths, "evening.md", "---\ntitle: Evening\nid: quiet-evening\n---\nYou might rest.\n")
    plain = own_practice(paths, "morning.md", "---\ntitle: Morning\n---\nYou might rest.\n")
    assert (practice_id_of(declared), practice_id_of(plain)) == ("quiet-evening", "morning")
