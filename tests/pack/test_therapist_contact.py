"""A therapist's contact in a pack: written when given, read back, and a bad one refuses the whole pack.

Real packs made by export_pack, then (for the hostile ones) the same entries
with the manifest's "therapist" changed in one way and listed truly.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kindaudio.common.errors import UserInputError
from kindaudio.common.paths import AppPaths
from kindaudio.pack import export_pack, inspect_pack
from kindaudio.pack.therapist import MAX_CONTACT_CHARS, MAX_NOTE_CHARS, TherapistContact, therapist_to_share
from kindaudio.script.model import Practice
from tests.pack.conftest import entries_of, manifest_of, relist, write_zip
from tests.pack.test_hostile_packs import refused

CONTACT = TherapistContact("Dr Sam Rivera", "sam@example.org, or the clinic's front desk",
                           "I read messages on weekdays.\nIn an emergency, call your local emergency number.")


@pytest.fixture
def with_contact(recorded_practice: tuple[Path, Practice, list[Path]], paths: AppPaths, tmp_path: Path) -> Path:
    practice_path, _, _ = recorded_practice
    return export_pack(practice_path, tmp_path / "with.kindpack", paths, therapist=CONTACT)


def test_a_pack_carries_the_therapists_contact_and_shows_it_before_import(with_contact: Path) -> None:
    assert manifest_of(entries_of(with_contact))["therapist"] == {"name": CONTACT.name, "contact": CONTACT.contact,
                                                                  "note": CONTACT.note}
    assert inspect_pack(with_contact).therapist == CONTACT


def test_a_pack_without_one_says_nothing_of_it(recorded_practice: tuple[Path, Practice, list[Path]],
                                               paths: AppPaths, tmp_path: Path) -> None:
    pack = export_pack(recorded_practice[0], tmp_path / "without.kindpack", paths)
    assert "therapist" not in manifest_of(entries_of(pack))
    assert inspect_pack(pack).therapist is None


@pytest.mark.parametrize(("therapist", "reason"), [
    ("Dr Sam", "\"therapist\" should be an object"),
    ({"contact": "sam@example.org"}, "\"therapist\" has no name"),
    ({"name": "   "}, "\"therapist\" has no name"),
    ({"name": 7}, "therapist's name should be text, not int"),
    ({"name": "Dr Sam\nRivera"}, "therapist's name holds a line break (U+000A)"),
    ({"name": "Dr Sam", "contact": "call \x1b[31m now"}, "therapist's contact holds a control character (U+001B)"),
    ({"name": "Dr Sam", "contact": "x" * (MAX_CONTACT_CHARS + 1)}, f"at most {MAX_CONTACT_CHARS:,} fit"),
    ({"name": "Dr Sam", "note": "x" * (MAX_NOTE_CHARS + 1)}, "therapist's note is 1,001 characters long"),
])
def test_a_bad_therapist_contact_refuses_the_pack_with_its_reason(
        with_contact: Path, tmp_path: Path, paths: AppPaths, home: Path, therapist: object, reason: str) -> None:
    entries = relist(entries_of(with_contact), lambda manifest: manifest.update(therapist=therapist))
    message = refused(write_zip(tmp_path / "bad.kindpack", entries), paths, home)
    assert reason in message and "manifest.json" in message


def test_what_a_sharer_types_is_checked_before_the_pack_is_written() -> None:
    assert therapist_to_share("  ", "", " ") is None
    assert therapist_to_share(" Dr Sam ", " sam@example.org ", "") == TherapistContact("Dr Sam", "sam@example.org")
    with pytest.raises(UserInputError, match="needs a name"):
        therapist_to_share("", "sam@example.org", "")
    with pytest.raises(UserInputError, match="at most 1,000"):
        therapist_to_share("Dr Sam", "", "x" * (MAX_NOTE_CHARS + 1))
    with pytest.raises(UserInputError, match=r"contact holds a tab \(U\+0009\)"):
        therapist_to_share("Dr Sam", "tab\there", "")
