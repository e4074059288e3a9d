"""The practice listing the Library shows: what parsing finds, remembered until a file changes."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

import kindaudio.script.parser as parser
from kindaudio.common.paths import AppPaths
from kindaudio.script import catalogue, load_practice
from kindaudio.script.catalogue import CATALOGUE_FILE, list_practices
from kindaudio.script.timing import estimated_range

GOOD = "---\ntitle: Evening kindness\nsummary: A short rest.\nlengths: [1]\n---\nYou might rest here.\n[pause 40s..2m]\n"
BROKEN = "---\ntitle: Not yet\n---\nYou might rest.\n[paws 5s]\n"


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Path]]:
    """The files the parser was asked to read, in order."""
    seen: list[Path] = []
    real = parser.load_practice

    def counting(path: Path, *args: object, **kwargs: object) -> object:
        seen.append(Path(path))
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(parser, "load_practice", counting)
    yield seen


def own(paths: AppPaths, name: str, text: str) -> Path:
    paths.practices.mkdir(parents=True, exist_ok=True)
    path = paths.practices / name
    path.write_text(text, encoding="utf-8")
    return path


def test_each_listing_says_what_parsing_the_file_says(paths: AppPaths) -> None:
    listings = list_practices(paths)
    assert [listing.file.id for listing in listings] == ["affectionate-breathing", "compassionate-body-scan",
                                                         "compassionate-breathing", "silent-timer"]
    for listing in listings:
        practice = load_practice(listing.file.path)
        assert (listing.title, listing.summary, listing.lengths) == (practice.title, practice.summary,
                                                                      practice.lengths)
        reach = estimated_range(practice)
        assert listing.reach == (reach.shortest, reach.longest)  # what `kindaudio list` shows
        assert listing.usable


def test_a_second_listing_parses_nothing(paths: AppPaths, parsed: list[Path]) -> None:
    first = list_practices(paths)
    assert len(parsed) == 4
    assert list_practices(paths) == first
    assert len(parsed) == 4


def test_a_changed_file_and_only_it_is_read_again(paths: AppPaths, parsed: list[Path]) -> None:
    path = own(paths, "evening.md", GOOD)
    list_practices(paths)
    parsed.clear()
    path.write_text(GOOD.replace("Evening kindness", "Evening warmth"), encoding="utf-8")
    listings = list_practices(paths)
    assert parsed == [path]
    assert listings[-1].title == "Evening warmth"


def test_a_file_with_problems_is_remembered_with_them_until_it_is_fixed(paths: AppPaths, parsed: list[Path]) -> None:
    path = own(paths, "later.md", BROKEN)
    first = list_practices(paths)[-1]
    assert not first.usable and "[pause" in first.problems[0].message
    again = list_practices(paths)[-1]
    assert again.problems == first.problems and parsed.count(path) == 1
    path.write_text(GOOD, encoding="utf-8")
    assert list_practices(paths)[-1].usable


def test_a_removed_file_leaves_the_listing(paths: AppPaths) -> None:
    path = own(paths, "evening.md", GOOD)
    assert len(list_practices(paths)) == 5
    path.unlink()
    assert [listing.file.id for listing in list_practices(paths)][-1] == "silent-timer"


def test_a_damaged_remembered_list_is_made_again(paths: AppPaths, parsed: list[Path]) -> None:
    first = list_practices(paths)
    (paths.cache / CATALOGUE_FILE).write_text("{ not json", encoding="utf-8")
    parsed.clear()
    assert list_practices(paths) == first
    assert len(parsed) == 4
    assert list_practices(paths) == first and len(parsed) == 4  # and remembered again


def test_a_new_parser_reads_every_file_again(paths: AppPaths, parsed: list[Path],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    list_practices(paths)
    parsed.clear()
    monkeypatch.setattr(catalogue, "_parser_fingerprint", lambda: "a newer parser")
    list_practices(paths)
    assert len(parsed) == 4


def test_a_change_to_the_front_matter_or_template_reader_is_a_new_parser() -> None:
    before = catalogue._parser_fingerprint()
    loader = Path(catalogue.__file__).parent / "frontmatter" / "loader.py"
    status = loader.stat()
    try:
        os.utime(loader, ns=(status.st_atime_ns, status.st_mtime_ns + 1_000_000_000))
        assert catalogue._parser_fingerprint() != before
    finally:
        os.utime(loader, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert catalogue._parser_fingerprint() == before


def test_a_file_the_parser_fails_on_unexpectedly_is_listed_with_a_plain_problem(
        paths: AppPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    own(paths, "odd.md", GOOD)

    def failing(path: Path, *args: object, **kwargs: object) -> object:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(parser, "load_practice", failing)
    (odd,) = [listing for listing in list_practices(paths) if listing.file.path.name == "odd.md"]
    assert [str(problem) for problem in odd.problems] == [
        f"{paths.practices / 'odd.md'}:1:1: this file could not be read (RecursionError); the details are in the log"]


def test_the_remembered_list_is_private(paths: AppPaths) -> None:
    own(paths, "evening.md", GOOD)
    list_practices(paths)
    assert stat.S_IMODE(os.stat(paths.cache / CATALOGUE_FILE).st_mode) == 0o600


def test_the_package_names_load_on_first_use_and_listing_needs_no_parser() -> None:
    """Listing practices (the window's start) must not load YAML and Jinja2."""
    import subprocess
    import sys

    import kindaudio.script as script

    assert sorted(script.__all__) == sorted(name for name in script.__all__ if getattr(script, name) is not None)
    code = ("import sys, kindaudio.script.catalogue; "
            "print(sorted(m for m in ('yaml', 'jinja2', 'frontmatter', 'kindaudio.script.parser') if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"
