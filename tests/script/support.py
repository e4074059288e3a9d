"""Small helpers shared by the script-language tests.

A body written with the default front matter starts on file line 4:

    1 ---
    2 title: Test practice
    3 ---
    4 <first body line>
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from kindaudio.script import Bell, Pause, Practice, ScriptError, Sentence, parse_practice

FRONT = "title: Test practice"
FIRST_BODY_LINE = 4


def source(body: str, front: str = FRONT) -> str:
    return f"---\n{front}\n---\n{body}"


def parse(body: str, front: str = FRONT, values: Mapping[str, Any] | None = None,
          name: str = "test.md") -> Practice:
    return parse_practice(source(body, front), name, values)


def errors(body: str, front: str = FRONT, values: Mapping[str, Any] | None = None,
           name: str = "test.md") -> list[str]:
    """The diagnostics of a file that must not parse, as 'file:line:col: message' lines."""
    with pytest.raises(ScriptError) as caught:
        parse_practice(source(body, front), name, values)
    return str(caught.value).split("\n")


def error_of(body: str, front: str = FRONT, values: Mapping[str, Any] | None = None,
             name: str = "test.md") -> str:
    """The single diagnostic of a file with exactly one mistake."""
    found = errors(body, front, values, name)
    assert len(found) == 1, found
    return found[0]


def spoken(practice: Practice) -> list[str]:
    return [sentence.text for sentence in practice.sentences]


def summary(practice: Practice, paragraphs: bool = False) -> list[tuple[Any, ...]]:
    """Every item of every section, compactly: ('say', text), ('pause', lo, hi), ('bell', n).

    With paragraphs=True a sentence is ('say', text, paragraph number).
    """
    out: list[tuple[Any, ...]] = []
    for section in practice.sections:
        for item in section.items:
            if isinstance(item, Sentence):
                out.append(("say", item.text, item.paragraph) if paragraphs else ("say", item.text))
            elif isinstance(item, Pause):
                out.append(("pause", item.min_seconds, item.max_seconds))
            else:
                assert isinstance(item, Bell)
                out.append(("bell", item.strikes))
    return out
