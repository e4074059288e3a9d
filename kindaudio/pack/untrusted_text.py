"""Text in a pack that no person writes: control characters and broken characters, refused with a reason.

A pack's words (its practice, the manifest's note and names, a therapist's
contact) are shown in terminals and windows and kept in the person's files.
A control character (an escape sequence, a C1 control, a carriage return)
has no place in any of them and could change what a terminal shows; a lone
surrogate (half of a character, e.g. JSON's "\\ud800") cannot even be
written out, so it would fail later, after the import. Both refuse the pack
here, before anything is written. Right-to-left overrides are refused only
where a reordered text could mislead about where to turn (a therapist's name
and contact); elsewhere they are shown spelt out (kindaudio.common.text).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Mapping
from typing import Any

from kindaudio.common.text import control_character, describe_character

_BIDI_CONTROLS = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
_MAX_DEPTH = 20  # a Practice is a few levels deep; nothing legitimate comes near this


def text_problem(value: str, what: str, *, newlines: bool = True, bidi: bool = True) -> str | None:
    """Why `value` cannot be a pack's `what` ("its author note holds …"), or None when it can.

    `newlines`: line breaks and tabs are allowed (a note); `bidi`: right-to-left
    embeddings, overrides and isolates are allowed (they are shown spelt out).
    """
    found = control_character(value, newlines=newlines)
    if found is not None:
        if 0xD800 <= ord(found) <= 0xDFFF:
            return (f"its {what} holds {describe_character(found)}: it is damaged or was made to mislead")
        kind = {"\n": "a line break", "\t": "a tab"}.get(found, "a control character")
        return f"its {what} holds {kind} ({describe_character(found)}), which has no place there"
    if not bidi:
        override = _BIDI_CONTROLS.search(value)
        if override is not None:
            return (f"its {what} holds a right-to-left control ({describe_character(override.group())}), which "
                    "could show it in another order than it is written")
    return None


_PRACTICE_FIELDS = {"title": "title", "summary": "summary", "author": "author", "for_whom": "“for whom”",
                    "notes": "notes", "sections": "text", "variables": "template questions",
                    "made_from": "template answers"}


def practice_text_problem(practice: object) -> str | None:
    """Why a parsed practice's words will not do ("its title holds …": the first field at fault), or None.

    Every text the practice holds is looked at, whatever field it is in: the
    front matter may spell a control character with a YAML escape ("\\e",
    "\\x9b", "\\ud800") that the file's own bytes do not show.
    """
    for name, value in _fields(practice):
        if name not in _PRACTICE_FIELDS:
            continue
        for text in _strings(value, 0):
            problem = text_problem(text, _PRACTICE_FIELDS[name])
            if problem is not None:
                return problem
    return None


def _fields(item: object) -> Iterator[tuple[str, Any]]:
    if dataclasses.is_dataclass(item) and not isinstance(item, type):
        for field in dataclasses.fields(item):
            yield field.name, getattr(item, field.name)


def _strings(value: Any, depth: int) -> Iterator[str]:
    """Every str inside `value` (dataclasses, tuples, lists, mappings' keys and values)."""
    if depth > _MAX_DEPTH:
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _strings(key, depth + 1)
            yield from _strings(item, depth + 1)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            yield from _strings(item, depth + 1)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for _name, item in _fields(value):
            yield from _strings(item, depth + 1)
