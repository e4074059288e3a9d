"""Reading practice files: size limit, UTF-8, byte order marks, line endings."""

from __future__ import annotations

from pathlib import Path

import pytest

from kindaudio.common.errors import UserInputError
from kindaudio.script import ScriptError, load_practice, parse_practice
from kindaudio.script.errors import Diagnostic
from kindaudio.script.source import MAX_SOURCE_BYTES, decode_source, read_source
from tests.script.support import spoken


def test_a_script_error_is_a_user_input_error_with_exit_code_2() -> None:
    error = ScriptError([Diagnostic("a.md", 3, 7, "something is wrong")])
    assert isinstance(error, UserInputError)
    assert error.exit_code == 2
    assert str(error) == "a.md:3:7: something is wrong"


def test_a_script_error_lists_its_diagnostics_in_file_order() -> None:
    error = ScriptError([Diagnostic("a.md", 9, 1, "late"), Diagnostic("a.md", 2, 5, "early"),
                         Diagnostic("a.md", 2, 1, "first")])
    assert str(error) == "a.md:2:1: first\na.md:2:5: early\na.md:9:1: late"
    assert [d.message for d in error.diagnostics] == ["first", "early", "late"]


def test_a_script_error_needs_at_least_one_diagnostic() -> None:
    with pytest.raises(ValueError):
        ScriptError([])


def test_invalid_utf8_is_reported_at_the_bad_byte() -> None:
    data = b"---\ntitle: T\n---\nH\xc3\xa9llo w\xffrld.\n"
    with pytest.raises(ScriptError) as caught:
        parse_practice(data, "broken.md")
    # Columns count characters, so the two-byte "é" is one column: "Héllo w" is 7.
    assert str(caught.value) == (
        "broken.md:4:8: this is not UTF-8 text (byte 0xff); save the file as UTF-8 in your editor"
    )


def test_invalid_utf8_in_the_front_matter_is_reported_where_it_stands() -> None:
    data = b"---\ntitle: Caf\xe9\n---\nHello.\n"
    with pytest.raises(ScriptError) as caught:
        parse_practice(data, "latin1.md")
    assert str(caught.value).startswith("latin1.md:2:11: this is not UTF-8 text (byte 0xe9)")


def test_a_truncated_multibyte_character_at_the_end_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "cut.md"
    path.write_bytes(b"---\ntitle: T\n---\nabc\xe2\x82")
    with pytest.raises(ScriptError) as caught:
        load_practice(path)
    assert str(caught.value) == f"{path}:4:4: this is not UTF-8 text (byte 0xe2); save the file as UTF-8 in your editor"


def test_a_file_over_one_megabyte_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.md"
    path.write_bytes(b"---\ntitle: T\n---\n" + b"Breathe. " * 120_000)
    with pytest.raises(ScriptError) as caught:
        load_practice(path)
    (diagnostic,) = caught.value.diagnostics
    assert (diagnostic.path, diagnostic.line, diagnostic.column) == (str(path), 1, 1)
    assert diagnostic.message == "the file is 1,080,017 bytes; practice files are limited to 1,000,000 bytes (1 MB)"


def test_text_over_one_megabyte_is_refused_too() -> None:
    with pytest.raises(ScriptError) as caught:
        parse_practice("---\ntitle: T\n---\n" + "Breathe. " * 120_000, "huge.md")
    assert str(caught.value) == "huge.md:1:1: the text is 1,080,017 bytes; practice files are limited to 1,000,000 bytes (1 MB)"


def test_a_file_of_exactly_one_megabyte_is_read(tmp_path: Path) -> None:
    head = b"---\ntitle: T\n---\nHello.\n<!--"
    tail = b"-->\n"
    path = tmp_path / "full.md"
    path.write_bytes(head + b"x" * (MAX_SOURCE_BYTES - len(head) - len(tail)) + tail)
    assert path.stat().st_size == MAX_SOURCE_BYTES
    assert spoken(load_practice(path)) == ["Hello."]


def test_one_byte_over_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "over.md"
    path.write_bytes(b"x" * (MAX_SOURCE_BYTES + 1))
    with pytest.raises(ScriptError, match=r"the file is 1,000,001 bytes; practice files are limited to 1,000,000 bytes \(1 MB\)"):
        read_source(path)


def test_a_missing_file_is_a_user_input_error_not_a_crash(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.md"
    with pytest.raises(UserInputError) as caught:
        load_practice(missing)
    assert not isinstance(caught.value, ScriptError)
    assert str(caught.value) == f"{missing}: no such file"


def test_a_folder_is_not_a_practice_file(tmp_path: Path) -> None:
    with pytest.raises(UserInputError) as caught:
        load_practice(tmp_path)
    assert str(caught.value) == f"{tmp_path}: is a folder, not a practice file"


def test_a_byte_order_mark_is_ignored() -> None:
    assert decode_source(b"\xef\xbb\xbf---\ntitle: T\n---\n", "a.md") == "---\ntitle: T\n---\n"
    practice = parse_practice(b"\xef\xbb\xbf---\ntitle: With BOM\n---\nHello.\n", "bom.md")
    assert practice.title == "With BOM"


def test_windows_and_old_mac_line_endings_become_newlines() -> None:
    assert decode_source(b"a\r\nb\rc\n", "a.md") == "a\nb\nc\n"


def test_positions_in_a_windows_file_count_lines_as_an_editor_does() -> None:
    data = b"---\r\ntitle: T\r\n---\r\nOne.\r\n\r\nTwo. [paws 5s]\r\n"
    with pytest.raises(ScriptError) as caught:
        parse_practice(data, "crlf.md")
    assert str(caught.value) == "crlf.md:6:6: unknown mark [paws 5s]; did you mean [pause 5s]?"


@pytest.mark.parametrize("reserved", ["\ue000", "\ue001"])
def test_the_characters_reserved_for_line_tracking_are_refused_where_they_stand(reserved: str) -> None:
    with pytest.raises(ScriptError) as caught:
        parse_practice(f"---\ntitle: T\n---\nA {reserved} b.\n", "odd.md")
    assert str(caught.value) == (
        f"odd.md:4:3: the character U+{ord(reserved):04X} is not allowed in practice files"
    )


def test_text_and_bytes_parse_the_same() -> None:
    text = "---\ntitle: Same\n---\nBreathe in. Breathe out. Café.\n"
    assert parse_practice(text, "a.md") == parse_practice(text.encode("utf-8"), "a.md")
