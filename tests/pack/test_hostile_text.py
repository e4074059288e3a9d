"""Packs whose words would drive a terminal, or cannot be written out at all (issue 17, hardening 4 and 5).

Each pack is a real exported pack with one text changed to the exact input the
attack used: an erase-screen sequence, a terminal retitle, an OSC 8 hyperlink,
the C1 control U+009B, a lone surrogate ("\\ud800"). Control characters and
lone surrogates are refused at validation, before anything is written,
wherever the pack carries text (the manifest, the practice's front matter and
body, the therapist's contact, the writing prompt); right-to-left overrides
are let through where they could be real writing, and shown spelt out
(tests/cli/test_pack_hostile_text.py, tests/ui/dialogs/packs/test_hostile_text.py).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from kindaudio.common.paths import AppPaths
from kindaudio.common.text import control_character
from kindaudio.pack import inspect_pack
from tests.pack.conftest import PRACTICE_TEXT, refused, relist, write_zip

ERASE = "\x1b[2J\x1b[H"
RETITLE = "\x1b]0;you have been pwned\x07"
HYPERLINK = "\x1b]8;;https://example.invalid/\x1b\\help\x1b]8;;\x1b\\"
C1_CSI = "\x9b31m"
RLO = "\u202e"
SURROGATE = "\ud800"
# The same, as YAML spells them in a double-quoted front-matter value.
YAML_SPELLINGS = {ERASE: "\\e[2J\\e[H", RETITLE: "\\e]0;you have been pwned\\a",
                  HYPERLINK: "\\e]8;;https://example.invalid/\\e\\\\help\\e]8;;\\e\\\\", C1_CSI: "\\x9b31m",
                  SURROGATE: "\\ud800"}


def with_manifest(good: dict[str, bytes], tmp_path: Path, change: Callable[[dict], None]) -> Path:
    return write_zip(tmp_path / "hostile.kindpack", relist(good, change))


def with_practice(good: dict[str, bytes], tmp_path: Path, text: str) -> Path:
    return write_zip(tmp_path / "hostile.kindpack", relist({**good, "practice.md": text.encode("utf-8")}))


@pytest.mark.parametrize("hostile", [ERASE, RETITLE, HYPERLINK, C1_CSI, SURROGATE],
                         ids=["erase", "retitle", "osc8", "c1", "surrogate"])
def test_an_author_note_with_a_control_or_half_a_character_is_refused(
        hostile: str, good: dict[str, bytes], tmp_path: Path, paths: AppPaths, home: Path) -> None:
    """The note "\\ud800" used to import, then fail to print: the import said it failed after succeeding."""
    def change(manifest: dict) -> None:
        manifest["author_note"] = f"For you {hostile} with care."

    message = refused(with_manifest(good, tmp_path, change), paths, home)
    assert "manifest.json: its author note holds " in message
    assert f"U+{ord(hostile[0]):04X}" in message
    assert control_character(message) is None  # the refusal itself prints safely (it quotes nothing raw)
    message.encode("utf-8")


@pytest.mark.parametrize(("field", "what"), [("name", "therapist's name"), ("contact", "therapist's contact"),
                                             ("note", "therapist's note")])
@pytest.mark.parametrize("hostile", [C1_CSI, SURROGATE, RLO, HYPERLINK], ids=["c1", "surrogate", "rlo", "osc8"])
def test_a_therapists_contact_with_a_control_half_a_character_or_an_override_is_refused(
        field: str, what: str, hostile: str, good: dict[str, bytes], tmp_path: Path, paths: AppPaths,
        home: Path) -> None:
    """A crisis contact read in another order than it is written would mislead: overrides are refused here too."""
    def change(manifest: dict) -> None:
        manifest["therapist"] = {"name": "Dr Sam Rivera", "contact": "0102 555 020", field: f"Sam {hostile}0102"}

    message = refused(with_manifest(good, tmp_path, change), paths, home)
    assert f"manifest.json: its {what} holds" in message and f"U+{ord(hostile[0]):04X}" in message


def test_a_recorded_by_name_with_half_a_character_is_refused(good: dict[str, bytes], tmp_path: Path,
                                                             paths: AppPaths, home: Path) -> None:
    def change(manifest: dict) -> None:
        manifest["recorded_by"] = f"Sam {SURROGATE}"

    assert "its recorded-by name holds U+D800" in refused(with_manifest(good, tmp_path, change), paths, home)


@pytest.mark.parametrize("field", ["title", "author", "summary", "for_whom", "notes"])
@pytest.mark.parametrize("hostile", [ERASE, RETITLE, HYPERLINK, C1_CSI, SURROGATE],
                         ids=["erase", "retitle", "osc8", "c1", "surrogate"])
def test_front_matter_that_spells_a_control_as_a_yaml_escape_is_refused(
        field: str, hostile: str, good: dict[str, bytes], tmp_path: Path, paths: AppPaths, home: Path) -> None:
    """The file's bytes hold only ASCII; the title it is read into holds ESC: the words are what is checked."""
    line = f'{field}: "Kind {YAML_SPELLINGS[hostile]} Words"'
    front = PRACTICE_TEXT.replace("lengths: [2]", "lengths: [2]\n" + line) if field in ("for_whom", "notes") \
        else "\n".join(line if row.startswith(f"{field}:") else row for row in PRACTICE_TEXT.split("\n"))
    assert line in front
    message = refused(with_practice(good, tmp_path, front), paths, home)
    if hostile == SURROGATE:  # the front-matter reader refuses it first, at its line and column
        assert "practice.md:" in message and "half of a character pair" in message
    else:
        assert "practice.md: its " in message and f"U+{ord(hostile[0]):04X}" in message


@pytest.mark.parametrize("hostile", [C1_CSI, "\x1b[2J", "\x07", "\x7f"], ids=["c1", "erase", "bell", "del"])
def test_a_control_written_into_the_practice_itself_is_refused_at_its_line(
        hostile: str, good: dict[str, bytes], tmp_path: Path, paths: AppPaths, home: Path) -> None:
    text = PRACTICE_TEXT.replace("If it feels right", f"If it {hostile}feels right")
    message = refused(with_practice(good, tmp_path, text), paths, home)
    assert (f"practice.md: line 9, column 7: it holds a control character (U+{ord(hostile[0]):04X}), which has "
            "no place in a practice") in message
    assert "\x1b" not in message and "\x9b" not in message


@pytest.mark.parametrize("field", ["title", "author"])
def test_a_right_to_left_override_in_a_title_or_author_is_let_through(field: str, good: dict[str, bytes],
                                                                        tmp_path: Path) -> None:
    """It may be real right-to-left writing: the pack is accepted, and what shows it spells it out."""
    text = "\n".join(f'{field}: "Kind \\u202eWords\\u202c"' if row.startswith(f"{field}:") else row
                     for row in PRACTICE_TEXT.split("\n"))
    summary = inspect_pack(with_practice(good, tmp_path, text))
    assert getattr(summary, field) == f"Kind {RLO}Words\u202c"


def test_a_writing_prompt_with_a_control_or_half_a_character_is_refused(
        good: dict[str, bytes], tmp_path: Path, paths: AppPaths, home: Path) -> None:
    prompt = ('id = "evening-words"\ntitle = "Evening \\u009b31m words"\n'
              '[[prompts]]\nkey = "one"\nlabel = "What was kind today?"\n')
    pack = write_zip(tmp_path / "hostile.kindpack", relist({**good, "writing.toml": prompt.encode("utf-8")}))
    assert "writing.toml: its writing prompt cannot be used: its title holds a control character (U+009B)" \
        in refused(pack, paths, home)
    surrogate = prompt.replace("\\u009b31m", "\\ud800")
    pack = write_zip(tmp_path / "hostile.kindpack", relist({**good, "writing.toml": surrogate.encode("utf-8")}))
    assert "writing.toml: its writing prompt cannot be used" in refused(pack, paths, home)
