"""The front matter read as YAML and checked into a Header, every mistake at its file position.

PyYAML's node tree gives the line and column of every key and value; the
checks of each key are in fields.py (and variables.py for `variables:`), and
a practice's whole reading pipeline is in kindaudio.script.parser.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from kindaudio.script.errors import DiagnosticSink
from kindaudio.script.frontmatter.fields import (
    MAX_NAME_CHARS,
    id_field,
    lengths_field,
    made_from_field,
    notes_field,
    pace_field,
    text_field,
)
from kindaudio.script.frontmatter.loader import RefusedYAML, load, unprintable
from kindaudio.script.frontmatter.nodes import NodePositions, mapping_items, report_duplicate_keys, suggestion
from kindaudio.script.frontmatter.split import SplitSource
from kindaudio.script.frontmatter.variables import variables_field
from kindaudio.script.model import MadeFrom, Pace, SourcePos, Variable

KNOWN_KEYS = ("id", "title", "summary", "author", "lengths", "pace", "variables", "made_from", "for_whom", "notes")

_UNCLOSED = {"quoted scalar": "the quote", "flow sequence": "the [ list", "flow mapping": "the { mapping"}


@dataclass(frozen=True)
class Header:
    """What the front matter says, checked."""

    id: str | None
    title: str
    summary: str
    author: str
    lengths: tuple[int, ...]
    length_positions: tuple[SourcePos, ...]
    lengths_pos: SourcePos
    pace: Pace
    variables: tuple[Variable, ...]
    for_whom: str = ""
    notes: str = ""
    made_from: MadeFrom | None = None


def parse_header(split: SplitSource, sink: DiagnosticSink) -> Header | None:
    """Check the front matter. Problems go to `sink`; None when unusable."""
    where = NodePositions(split)
    control = unprintable(split.front_matter)
    if control is not None:
        index, char = control
        text = split.front_matter
        line = text.count("\n", 0, index)
        column = index - (text.rfind("\n", 0, index) + 1) + 1 + (split.fm_column - 1 if line == 0 else 0)
        sink.error(split.fm_line + line, column, f"the front matter holds the control character U+{ord(char):04X}, "
                                                 "which YAML does not allow; remove it")
        return None
    try:
        root, data = load(split.front_matter)
    except RefusedYAML as exc:
        mark = exc.problem_mark
        pos = where.of(None) if mark is None else SourcePos(
            split.fm_line + mark.line, mark.column + 1 + (split.fm_column - 1 if mark.line == 0 else 0))
        sink.error(pos.line, pos.column, str(exc.problem))
        return None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        context = str(getattr(exc, "context", "") or "")
        if ("end of stream" in problem or "stream end" in problem) and getattr(exc, "context_mark", None):
            # Something unclosed: where it opened says more than where the text ends.
            mark = exc.context_mark  # type: ignore[attr-defined]
            opened = next((name for key, name in _UNCLOSED.items() if key in context), "something")
            problem = f"{opened} opened here is never closed"
        pos = where.of(None) if mark is None else SourcePos(split.fm_line + mark.line, mark.column + 1)
        sink.error(pos.line, pos.column, f"the front matter is not valid YAML: {problem}")
        return None

    if not isinstance(data, dict) or root is None:
        pos = where.of(root)
        sink.error(pos.line, pos.column, "the front matter must be a mapping of keys to values, "
                                         "starting with e.g. 'title: My practice'")
        return None

    report_duplicate_keys(root, where, sink)
    items = mapping_items(root)
    for key, (key_node, _value) in items.items():
        if key not in KNOWN_KEYS:
            pos = where.of(key_node)
            sink.error(pos.line, pos.column, f"unknown key '{key}'{suggestion(key, KNOWN_KEYS, sink)}")

    title = text_field(data, items, "title", where, sink, required=True)
    summary = text_field(data, items, "summary", where, sink)
    author = text_field(data, items, "author", where, sink, limit=MAX_NAME_CHARS)
    for_whom = text_field(data, items, "for_whom", where, sink, limit=MAX_NAME_CHARS)
    notes = notes_field(data, items, where, sink)
    made_from = made_from_field(data, items, where, sink)
    practice_id = id_field(data, items, where, sink)
    lengths, length_positions, lengths_pos = lengths_field(data, items, where, sink)
    pace = pace_field(data, items, where, sink)
    variables = variables_field(data, items, where, sink)
    return Header(practice_id, title, summary, author, lengths, length_positions, lengths_pos, pace, variables,
                  for_whom, notes, made_from)
