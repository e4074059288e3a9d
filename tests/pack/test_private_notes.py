"""Leaving a practice's `notes:` and `for_whom:` out of its pack (issue 17, hardening 14).

The pack's copy of the practice must be the same practice but for those two
fields: every other line kept byte for byte where the lines can be taken out
alone, the same sentences (so the recordings still match) either way.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kindaudio.common.paths import AppPaths
from kindaudio.pack import export_pack, inspect_pack
from kindaudio.pack.private_notes import without_private_notes
from kindaudio.script.library import shipped_practices_dir
from tests.pack.conftest import PRACTICE_ID, PRACTICE_TEXT, entries_of

NOTES = ("for_whom: Alex   # the client\n"
         "notes: |\n"
         "  Alex finds the chest area hard.\n"
         "\n"
         "  Offer the hands instead.\n")


def with_notes(where: str = "lengths: [2]") -> str:
    return PRACTICE_TEXT.replace(where, NOTES + where)


def test_exactly_the_lines_of_the_two_keys_are_taken_out() -> None:
    assert without_private_notes(with_notes().encode("utf-8"), "kind-words.md") == PRACTICE_TEXT.encode("utf-8")
    last = PRACTICE_TEXT.replace("lengths: [2]\n", "lengths: [2]\n" + NOTES.rstrip("\n") + "\n")
    assert without_private_notes(last.encode("utf-8"), "kind-words.md") == PRACTICE_TEXT.encode("utf-8")


def test_a_practice_without_them_is_left_as_it_is() -> None:
    data = PRACTICE_TEXT.encode("utf-8")
    assert without_private_notes(data, "kind-words.md") is data


def test_a_one_line_front_matter_is_written_again_without_them() -> None:
    text = ("---\n{title: Kind Words, notes: Alex finds the chest hard, for_whom: Alex, lengths: [1]}\n---\n"
            "## Arriving\nYou might let yourself arrive here. [pause 10s..2m]\n")
    out = without_private_notes(text.encode("utf-8"), "kind-words.md").decode("utf-8")
    assert "Alex" not in out and "title: Kind Words" in out
    assert out.endswith("---\n## Arriving\nYou might let yourself arrive here. [pause 10s..2m]\n")


def test_the_pack_carries_them_unless_asked_and_says_so(own_practice: Path, paths: AppPaths,
                                                        tmp_path: Path) -> None:
    own_practice.write_text(with_notes(), encoding="utf-8")
    carried = inspect_pack(export_pack(own_practice, tmp_path / "a.kindpack", paths))
    assert carried.for_whom == "Alex"
    assert carried.notes == "Alex finds the chest area hard.\n\nOffer the hands instead."
    left = export_pack(own_practice, tmp_path / "b.kindpack", paths, without_notes=True)
    summary = inspect_pack(left)
    assert (summary.for_whom, summary.notes, summary.practice_id) == ("", "", PRACTICE_ID)
    assert entries_of(left)["practice.md"] == PRACTICE_TEXT.encode("utf-8")
    assert own_practice.read_text(encoding="utf-8") == with_notes()  # the sender's own file is untouched


def test_a_practice_that_comes_with_kindaudio_keeps_its_own_notes(paths: AppPaths, tmp_path: Path) -> None:
    """Its notes are its credits, not the sender's; a voice pack carries its text unchanged or not at all."""
    from kindaudio.script.parser import load_practice
    from tests.pack.conftest import record

    shipped = shipped_practices_dir() / "affectionate-breathing.md"
    record(paths, load_practice(shipped), 0)
    pack = export_pack(shipped, tmp_path / "voice.kindpack", paths, without_notes=True)
    assert entries_of(pack)["practice.md"] == shipped.read_bytes()
    assert inspect_pack(pack).voice_only


@pytest.mark.parametrize("extra", ["", "# a comment the therapist keeps\n"])
def test_comments_and_other_keys_stay(extra: str) -> None:
    text = with_notes().replace("author: Sam Rivera\n", f"author: Sam Rivera\n{extra}")
    out = without_private_notes(text.encode("utf-8"), "kind-words.md").decode("utf-8")
    assert out == PRACTICE_TEXT.replace("author: Sam Rivera\n", f"author: Sam Rivera\n{extra}")
