"""Text from someone else, made safe to show: in a terminal and in the window.

A pack comes from another person, and what it says about itself (a title, an
author, a note, a therapist's contact) ends up printed in a terminal and set
on labels. Printed raw, an escape sequence (``ESC [2J`` clears the screen,
``ESC ]0;…`` retitles the terminal, ``ESC ]8;;URL`` makes a hidden link), a
C1 control (U+009B is a one-character ``ESC [``), a carriage return (which
lets later words overwrite earlier ones) or a right-to-left override (which
shows the rest of the line backwards) changes what the person sees; a lone
surrogate cannot even be encoded, so printing it fails.

`printable` spells each such character out as Python would write it in a
string: ``\\x1b``, ``\\x9b``, ``\\r``, ``\\u202e``, ``\\ud800``. Spelt out rather than
replaced by U+FFFD, because:

- the person (or the sender they tell) can see exactly which character was
  there, and no two different ones look the same;
- it is plain ASCII, which every terminal, font and screen reader shows, and
  it can never be read again as the control it stands for;
- U+FFFD already means "this could not be decoded", which is another fault.

Everything else is left as it is: letters of every script, emoji, and the
marks right-to-left writing needs (U+200E/U+200F/U+061C, which change no
order by themselves, only the direction of neutral characters beside them).
A backslash in the text itself is left alone too (so ``C:\\Users`` stays as
written); a sender could type ``\\x1b`` as four characters, but that only
shows those four characters.
"""

from __future__ import annotations

import re

# C0 controls but tab and newline (newline is decided per call), DEL, C1 controls;
# U+2028/U+2029 (line and paragraph separators: some terminals and widgets break the line there);
# the bidi embeddings, overrides and isolates (LRE RLE PDF LRO RLO, LRI RLI FSI PDI);
# lone surrogates (no encoding can write them).
_UNSAFE = r"\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_ONE_LINE = re.compile(rf"[\n{_UNSAFE}]")
_LINES = re.compile(f"[{_UNSAFE}]")
_CONTROL = r"\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff"
_CONTROLS = re.compile(f"[{_CONTROL}]")
_CONTROLS_ONE_LINE = re.compile(rf"[\t\n{_CONTROL}]")


def _spelt(found: re.Match[str]) -> str:
    code = ord(found.group())
    if code == 0x0A:
        return "\\n"
    if code == 0x0D:
        return "\\r"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, *, multiline: bool = False) -> str:
    """`text` with every control, bidi override and lone surrogate spelt out (``\\x1b``, ``\\u202e``).

    Tabs stay; line breaks stay only when `multiline` (a note), so a one-line
    field (a title, a name) cannot pretend to be several lines of output.
    Linear in the length of the text; text with nothing to spell out comes
    back as it is.
    """
    return (_LINES if multiline else _ONE_LINE).sub(_spelt, text)


def control_character(text: str, *, newlines: bool = True) -> str | None:
    """The first control character (C0 but tab and newline, or all of C0 unless `newlines`; DEL; C1) or
    lone surrogate in `text`, else None: for refusing such text where it comes in, before it is kept or shown."""
    found = (_CONTROLS if newlines else _CONTROLS_ONE_LINE).search(text)
    return found.group() if found else None


def describe_character(char: str) -> str:
    """A character named for a message: "U+001B", "U+D800 (half of a character, …)"."""
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        return f"U+{code:04X} (half of a character, which no text file can hold)"
    return f"U+{code:04X}"
