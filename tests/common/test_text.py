"""printable(): someone else's text shown in a terminal or a window can carry no control sequence.

The inputs are the ones the attack on packs used (issue 17, hardening 4 and 5):
an erase-screen sequence, a terminal retitle, an OSC 8 hyperlink, the C1
control U+009B (a one-character CSI), right-to-left overrides and a lone
surrogate. The CLI and the window's tests (tests/cli/test_pack_hostile_text.py,
tests/ui/dialogs/packs/test_hostile_text.py) show the same inputs arriving
through real packs.
"""

from __future__ import annotations

import pytest

from kindaudio.common.text import control_character, describe_character, printable

ERASE = "Kind Words\x1b[2J\x1b[H"
RETITLE = "\x1b]0;you have been pwned\x07Kind Words"
HYPERLINK = "\x1b]8;;https://example.invalid/\x1b\\Click for help\x1b]8;;\x1b\\"
C1_CSI = "Sam \x9b31mRivera"
RLO = "Dr Sam \u202e0102 555 020\u202c"
ISOLATES = "\u2066a\u2067b\u2068c\u2069"
SURROGATE = "a note \ud800 with half a character"


@pytest.mark.parametrize(("text", "shown"), [
    (ERASE, "Kind Words\\x1b[2J\\x1b[H"),
    (RETITLE, "\\x1b]0;you have been pwned\\x07Kind Words"),
    (HYPERLINK, "\\x1b]8;;https://example.invalid/\\x1b\\Click for help\\x1b]8;;\\x1b\\"),
    (C1_CSI, "Sam \\x9b31mRivera"),
    (RLO, "Dr Sam \\u202e0102 555 020\\u202c"),
    (ISOLATES, "\\u2066a\\u2067b\\u2068c\\u2069"),
    (SURROGATE, "a note \\ud800 with half a character"),
    ("over\rwritten", "over\\rwritten"),
    ("line\u2028break", "line\\u2028break"),
    ("bell\x07 del\x7f nel\x85", "bell\\x07 del\\x7f nel\\x85"),
])
def test_each_hostile_character_is_spelt_out(text: str, shown: str) -> None:
    assert printable(text) == shown
    assert shown.isascii() and shown.isprintable()  # what a terminal shows as it is; it encodes, too


def test_ordinary_text_of_every_script_is_left_as_it_is() -> None:
    for text in ("Für schwere Abende – Übung für Zoë & Jürgen", "Sam’s “kind” words", "مريم", "שָׁלוֹם",
                 "学习慈悲", "🙂 a smile", "C:\\Users\\sam", "tab\tstays", "عربي\u200fو", "x\u200dy"):
        assert printable(text) == text


def test_line_breaks_stay_only_in_text_of_several_lines() -> None:
    note = "First line\nsecond \x1b[31mline"
    assert printable(note) == "First line\\nsecond \\x1b[31mline"
    assert printable(note, multiline=True) == "First line\nsecond \\x1b[31mline"


def test_control_characters_are_found_for_refusing() -> None:
    assert control_character("Kind Words") is None
    assert control_character("two\nlines\tand a tab") is None
    assert control_character("two\nlines", newlines=False) == "\n"
    assert control_character("a\tb", newlines=False) == "\t"
    assert control_character(ERASE) == "\x1b"
    assert control_character(C1_CSI) == "\x9b"
    assert control_character(SURROGATE) == "\ud800"
    assert control_character(RLO) is None  # bidi overrides are shown spelt out, not refused everywhere
    assert describe_character("\x1b") == "U+001B"
    assert describe_character("\ud800").startswith("U+D800 (half of a character")


def test_a_long_text_is_made_printable_in_one_pass() -> None:
    """Linear: a megabyte of controls takes one regular-expression pass (nothing quadratic to time)."""
    text = "\x1b" * 1_000_000
    assert printable(text) == "\\x1b" * 1_000_000
